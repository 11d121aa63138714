"""Who may read an application (its pages, its attachments): one rule, for the download view and the committee's
pages alike.

- a coördinator: always;
- the applicant: a partner or aanvrager acting for the application's organisation (`User.organisaties`);
- a committee member: only once the application reached the committee (in_beoordeling, or decided after it), and
  only after declaring, for this application, that they have no conflict of interest.
Nobody else: not the other roles, and not a member who declared a conflict or declared nothing yet.
"""

from django.contrib.auth.models import AnonymousUser

from coalition.models import Role, User

from ..choices import AanvraagStatus as S
from ..models import Aanvraag, Belangenverklaring

APPLICANT_ROLES = frozenset({Role.PARTNER, Role.AANVRAGER})

# The states of an application that reached the committee. Not concept, ingediend, aanvullen or
# niet_ontvankelijk (never at the committee), nor ingetrokken (it may have been withdrawn before).
AT_OR_PAST_COMMITTEE = frozenset({S.IN_BEOORDELING, S.TOEGEKEND, S.DEELS_TOEGEKEND, S.AFGEWEZEN, S.VASTGESTELD})


def may_read_application(user: User | AnonymousUser, aanvraag: Aanvraag) -> bool:
    """True if `user` may read `aanvraag` and its attachments (at most one query)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role in APPLICANT_ROLES:
        return user.organisaties.filter(pk=aanvraag.organisatie_id).exists()
    if user.role == Role.COMMISSIELID:
        return (
            aanvraag.status in AT_OR_PAST_COMMITTEE
            and Belangenverklaring.objects.filter(aanvraag=aanvraag, member=user, has_conflict=False).exists()
        )
    return False
