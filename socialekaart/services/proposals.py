"""Change proposals (Wijzigingsvoorstel): an edit of a published listing by a partner the coördinator does not
trust to publish directly waits as a proposal (listings.activiteit_update makes it); the coördinator approves it
(applied now) or returns it with a comment. The public listing stays as it was until then."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User

from ..models import Activiteit, Historie, Wijzigingsvoorstel
from .listing_data import apply
from .listings import ListingError, lock_activity, notify_organisation, record_history, refuse_archived, require_comment

Action = Historie.Action


def _lock_open_proposal(proposal: Wijzigingsvoorstel) -> tuple[Activiteit, Wijzigingsvoorstel]:
    # Always the activity first, then the proposal: the same order as activiteit_update, so no deadlock.
    activiteit = lock_activity(proposal.activiteit)
    proposal = Wijzigingsvoorstel.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Wijzigingsvoorstel.Status.OPEN:
        raise ListingError(
            _("Dit wijzigingsvoorstel is al beoordeeld (%(status)s). Er is niets veranderd.")
            % {"status": proposal.get_status_display()}
        )
    return activiteit, proposal


@transaction.atomic
def proposal_approve(*, proposal: Wijzigingsvoorstel, by: User) -> Activiteit:
    """The coördinator approves a change to a published listing: it is applied now."""
    activiteit, proposal = _lock_open_proposal(proposal)
    refuse_archived(activiteit)
    changes = apply(activiteit, proposal.data)
    proposal.status = Wijzigingsvoorstel.Status.GOEDGEKEURD
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    record_history(activiteit, Action.GEWIJZIGD, by, comment=_("Wijzigingsvoorstel goedgekeurd."), changes=changes)
    notify_organisation(activiteit, approved=True)
    return activiteit


@transaction.atomic
def proposal_return(*, proposal: Wijzigingsvoorstel, by: User, comment: str) -> Wijzigingsvoorstel:
    """The coördinator does not apply a change; the listing stays as it is and the partner sees why."""
    comment = require_comment(comment)
    activiteit, proposal = _lock_open_proposal(proposal)
    proposal.status = Wijzigingsvoorstel.Status.TERUGGESTUURD
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.comment = comment
    proposal.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    record_history(activiteit, Action.TERUGGESTUURD, by, comment=comment)
    notify_organisation(activiteit, approved=False)
    return proposal
