"""Who may open which application: one helper per kind of reader, the first line of each view.

- the applicant: a partner or aanvrager acting for the application's organisation (`User.organisaties`);
- the coördinator: every application;
- a committee member: applications that reached the committee, and only after declaring no conflict of
  interest (`queries.committee`, which also keeps reviews blind).
An application the reader may not see is a 404, so its existence is not given away.
"""

from django.http import Http404

from coalition.models import Role, User

from .models import Aanvraag
from .queries.committee import COMMITTEE_STATUSES, Standing, standing

APPLICANT_ROLES = (Role.PARTNER, Role.AANVRAGER)


def own_application(user: User, pk: int) -> Aanvraag:
    """An application of one of the user's organisations, or 404."""
    try:
        return Aanvraag.objects.select_related("regeling", "organisatie").get(
            pk=pk, organisatie__in=user.organisaties.all()
        )
    except Aanvraag.DoesNotExist:
        raise Http404 from None


def application_for_coordinator(pk: int) -> Aanvraag:
    try:
        return Aanvraag.objects.select_related("regeling", "organisatie").get(pk=pk)
    except Aanvraag.DoesNotExist:
        raise Http404 from None


# The committee (a member): see queries.committee for the rules on conflicts of interest and blind scoring.
def application_for_member(user: User, pk: int) -> tuple[Aanvraag, Standing]:
    """An application that reached the committee, with where the member stands with it; 404 when the member has a
    conflict of interest (declared, or linked to the applicant or a partner). The caller shows no more than the
    title and organisation until the member has declared (`standing.may_read`)."""
    aanvraag = (
        Aanvraag.objects.select_related("regeling", "organisatie").filter(pk=pk, status__in=COMMITTEE_STATUSES).first()
    )
    if aanvraag is None:
        raise Http404
    where = standing(user, aanvraag)
    if where.excluded:
        raise Http404
    return aanvraag, where
