"""The committee's reads: which applications a member may open, their declarations, and which reviews anyone may
see (blind scoring).

Two rules live here and nowhere else:

- **Conflicts of interest.** A member linked to the applicant organisation or to one of its network partners
  (one of their `User.organisaties` is aanvraag.organisatie or in aanvraag.partners) is excluded. It is computed in the
  query (`linked`), so it holds from the first moment, also for a member who never opened the list, and a GET never
  writes. It is stored (Belangenverklaring automatic=True, has_conflict=True) only when such a member declares
  (services.committee.declare), whatever they declare. A member with a conflict, stored or computed, never gets the
  application's content, reviews or ranking row.
- **Blindness.** Until a member has submitted their own review of an application, they see nobody else's review
  of it. `applications_with_visible_reviews` says for which applications a user may see the reviews of others;
  `reviews_visible_to` (the pages) and the ranking (queries/ranking.py, its page and its export) are both built on
  it, so the rule is written once.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet, Value

from coalition.models import Role, User

from ..choices import AanvraagStatus as S
from ..models import Aanvraag, Belangenverklaring, Beoordeling, Regeling, Score

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# Applications that reached the committee: scored while in_beoordeling, still readable after the decision.
# Never niet_ontvankelijk (an ineligible application never reaches the committee), never a draft.
COMMITTEE_STATUSES = (S.IN_BEOORDELING, S.TOEGEKEND, S.DEELS_TOEGEKEND, S.AFGEWEZEN, S.VASTGESTELD)

# What a member still has to do for an application, and what it means for them (the member's list).
TO_DECLARE = "verklaren"
EXCLUDED = "uitgesloten"  # linked to the applicant or a partner: computed, whatever was declared
CONFLICT = "belang"  # declared a conflict
TO_SCORE = "beoordelen"  # declared no conflict, no review yet
DRAFT = "concept"
SUBMITTED = "ingediend"


def organisation_ids(user: User) -> list[int]:
    """The organisations the user works for (a member from a partner organisation). Read once per user object
    (a request's user): every rule below asks for them."""
    ids: list[int] | None = getattr(user, "_subsidies_organisation_ids", None)
    if ids is None:
        ids = list(user.organisaties.values_list("pk", flat=True))
        user._subsidies_organisation_ids = ids  # type: ignore[attr-defined]
    return ids


def linked(ids: list[int], prefix: str = "") -> Q:
    """On Aanvraag (or, with `prefix` "aanvraag__", on a model pointing to one): the applicant or one of its network
    partners is one of the organisations `ids`."""
    if not ids:
        return Q(pk__in=[])  # nothing: a member of no organisation is linked to no application
    partners = Aanvraag.partners.through.objects.filter(aanvraag_id=OuterRef(f"{prefix}pk"), organisatie_id__in=ids)
    return Q(**{f"{prefix}organisatie_id__in": ids}) | Q(Exists(partners))


def _is_linked(ids: list[int]) -> "ExpressionWrapper[Q] | Value":
    """linked() as a true/false column."""
    return ExpressionWrapper(linked(ids), output_field=BooleanField()) if ids else Value(False)


def linked_members(aanvraag: Aanvraag) -> list[User]:
    """The committee members who work for the applicant or one of its network partners: excluded."""
    partners = Aanvraag.partners.through.objects.filter(aanvraag_id=aanvraag.pk).values("organisatie_id")
    return list(
        User.objects.filter(role=Role.COMMISSIELID, is_active=True)
        .filter(Q(organisaties=aanvraag.organisatie_id) | Q(organisaties__in=partners))
        .distinct()
        .order_by("full_name", "pk")
    )


def is_linked(user: User, aanvraag: Aanvraag) -> bool:
    ids = organisation_ids(user)
    if not ids:  # an independent member works for no organisation: nothing to ask the database
        return False
    return Aanvraag.objects.filter(linked(ids), pk=aanvraag.pk).exists()


def _declared(member: User, *, conflict: bool | None = None) -> Exists:
    declarations = Belangenverklaring.objects.filter(aanvraag_id=OuterRef("pk"), member=member)
    if conflict is not None:
        declarations = declarations.filter(has_conflict=conflict)
    return Exists(declarations)


def _own_review(member: User, *, submitted: bool | None = None) -> Exists:
    reviews = Beoordeling.objects.filter(aanvraag_id=OuterRef("pk"), member=member)
    if submitted is not None:
        reviews = reviews.filter(submitted_at__isnull=not submitted)
    return Exists(reviews)


# ---------------------------------------------------------------------------
# Blindness
# ---------------------------------------------------------------------------
def applications_with_visible_reviews(user: User) -> "QuerySet[Aanvraag]":
    """The applications of which `user` may see everyone's (submitted) reviews and the scores made of them.

    A coördinator: every application that reached the committee. A member: those they submitted their own review
    of, without a conflict of interest (declared or computed). Anyone else: none."""
    at_committee = Aanvraag.objects.filter(status__in=COMMITTEE_STATUSES)
    if user.role == Role.COORDINATOR:
        return at_committee
    if user.role != Role.COMMISSIELID:
        return at_committee.none()
    return (
        at_committee.filter(_own_review(user, submitted=True))
        .exclude(_declared(user, conflict=True))
        .exclude(linked(organisation_ids(user)))
    )


def reviews_visible_to(user: User, aanvraag: Aanvraag) -> "QuerySet[Beoordeling]":
    """The reviews of `aanvraag` that `user` may see, with their member and scores.

    A coördinator (the committee's secretary) sees every review, drafts included. A member sees their own review,
    and the submitted reviews of the others only once their own is submitted (and never with a conflict). Everyone
    else sees none. The rule is in the query, so no page or export can show more by mistake."""
    reviews = (
        Beoordeling.objects.filter(aanvraag=aanvraag)
        .select_related("member")
        .prefetch_related(Prefetch("scores", Score.objects.select_related("criterium").order_by("criterium")))
        .order_by("member__full_name", "pk")
    )
    if user.role == Role.COORDINATOR:
        return reviews
    if user.role != Role.COMMISSIELID:
        return reviews.none()
    visible = applications_with_visible_reviews(user).filter(pk=aanvraag.pk)
    others = Q(submitted_at__isnull=False, aanvraag__in=visible)
    return reviews.filter(Q(member=user) | others)


# ---------------------------------------------------------------------------
# One application, as a member
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Standing:
    """Where a member stands with one application."""

    declaration: Belangenverklaring | None
    linked: bool
    review: Beoordeling | None

    @property
    def excluded(self) -> bool:
        """Never sees the application's content, reviews or ranking row."""
        return self.linked or (self.declaration is not None and self.declaration.has_conflict)

    @property
    def may_read(self) -> bool:
        """Declared no conflict (and not linked): may read the application and score it."""
        return self.declaration is not None and not self.excluded

    @property
    def submitted(self) -> bool:
        return self.review is not None and self.review.submitted_at is not None


def standing(member: User, aanvraag: Aanvraag) -> Standing:
    """The member's declaration and review of the application, and whether they are linked to it."""
    declaration = Belangenverklaring.objects.filter(aanvraag=aanvraag, member=member).first()
    review = (
        Beoordeling.objects.filter(aanvraag=aanvraag, member=member).first()
        if declaration is not None and not declaration.has_conflict
        else None
    )
    return Standing(declaration=declaration, linked=is_linked(member, aanvraag), review=review)


# ---------------------------------------------------------------------------
# The member's lists
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberCall:
    regeling: Regeling
    total: int  # applications at the committee now
    to_declare: int
    to_score: int  # declared no conflict, review not submitted yet
    submitted: int
    excluded: int  # a conflict, declared or computed


# The columns _with_member_state() adds, true or false.
MEMBER_STATE = ("is_linked", "has_declared", "has_conflict", "has_review", "has_submitted")


def _with_member_state(applications: "QuerySet[Aanvraag]", member: User) -> "QuerySet[WithAnnotations[Aanvraag]]":
    return applications.annotate(
        is_linked=_is_linked(organisation_ids(member)),
        has_declared=_declared(member),
        has_conflict=_declared(member, conflict=True),
        has_review=_own_review(member),
        has_submitted=_own_review(member, submitted=True),
    )


def committee_calls(member: User) -> list[MemberCall]:
    """The calls with applications at the committee (in_beoordeling), with what the member still has to do in
    each. Two queries, whatever the number of applications."""
    applications = _with_member_state(Aanvraag.objects.filter(status=S.IN_BEOORDELING), member)
    excluded = Q(is_linked=True) | Q(has_conflict=True)
    counts = {
        row["regeling_id"]: row
        for row in applications.order_by()
        .values("regeling_id")
        .annotate(
            total=Count("pk"),
            excluded=Count("pk", filter=excluded),
            to_declare=Count("pk", filter=Q(has_declared=False) & Q(is_linked=False)),
            submitted=Count("pk", filter=Q(has_submitted=True) & ~excluded),
        )
    }
    calls = Regeling.objects.filter(pk__in=counts).order_by("review_deadline", "title")
    result = []
    for regeling in calls:
        row = counts[regeling.pk]
        to_score = row["total"] - row["excluded"] - row["to_declare"] - row["submitted"]
        result.append(
            MemberCall(
                regeling=regeling,
                total=row["total"],
                to_declare=row["to_declare"],
                to_score=to_score,
                submitted=row["submitted"],
                excluded=row["excluded"],
            )
        )
    return result


def member_applications(member: User, regeling: Regeling) -> "QuerySet[Aanvraag, dict[str, Any]]":
    """The call's applications at the committee, as plain values with the member's `state` (TO_DECLARE, EXCLUDED,
    CONFLICT, TO_SCORE, DRAFT or SUBMITTED). Only title and organisation: nothing of the content before declaring."""
    applications = _with_member_state(Aanvraag.objects.filter(regeling=regeling, status=S.IN_BEOORDELING), member)
    rows = applications.order_by("submitted_at", "pk").values(
        "pk", "title", "created_at", *MEMBER_STATE, organisatie_name=F("organisatie__name")
    )
    return cast("QuerySet[Aanvraag, dict[str, Any]]", rows)


def member_state(row: dict[str, Any]) -> str:
    """The member's state for a row of member_applications()."""
    if row["is_linked"]:
        return EXCLUDED
    if not row["has_declared"]:
        return TO_DECLARE
    if row["has_conflict"]:
        return CONFLICT
    if row["has_submitted"]:
        return SUBMITTED
    return DRAFT if row["has_review"] else TO_SCORE


def ranking_open_to(member: User, regeling: Regeling) -> bool:
    """A member sees the ranking of a call once no application of it at the committee awaits their declaration or
    their submitted review (a conflicted application awaits nothing). Even then, the ranking shows them only the
    applications of which they may see the reviews (applications_with_visible_reviews)."""
    waiting = (
        Aanvraag.objects.filter(regeling=regeling, status=S.IN_BEOORDELING)
        .exclude(linked(organisation_ids(member)))
        .exclude(_declared(member, conflict=True))
        .exclude(_own_review(member, submitted=True))
    )
    return not waiting.exists()
