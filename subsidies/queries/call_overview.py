"""The coördinator's reads of a call: the calls with their applications counted per tab, one call's applications
in a tab, and one application with everything its page shows (the eligibility check included)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce

from ..models import Aanvraag, Belangenverklaring, Beoordeling, Criterium, Historie, Regeling, Toetsvraag
from ..workflows import APPLICATION, APPLICATION_TABS

# The tabs of a call's page ({key: (name, statuses)}), from the application's workflow table. Drafts are the
# applicant's own business: no tab shows them.
TABS: dict[str, tuple[Any, list[str]]] = {
    key: (APPLICATION_TABS[key], statuses) for key, statuses in APPLICATION.tabs().items() if key in APPLICATION_TABS
}
DEFAULT_TAB = "nieuw"


def _tab_counts(prefix: str = "") -> dict[str, Count]:
    return {
        f"tab_{key}": Count(f"{prefix}pk", filter=Q(**{f"{prefix}status__in": statuses}))
        for key, (_label, statuses) in TABS.items()
    }


def calls_with_counts() -> "QuerySet[Regeling]":
    """Every call, newest first, with its applications counted per tab (`tab_nieuw`, `tab_commissie`, …)."""
    return Regeling.objects.annotate(**_tab_counts("aanvragen__")).order_by("-closes_at", "title")


def call_counts(regeling: Regeling) -> dict[str, int]:
    """{tab: number of applications}, in one query."""
    counts = Aanvraag.objects.filter(regeling=regeling).aggregate(**_tab_counts())
    return {key: counts[f"tab_{key}"] for key in TABS}


def _count_of(rows: "QuerySet[Any]") -> Coalesce:
    """The number of `rows` per application, as a subquery (no join that multiplies the list's rows)."""
    per_application = rows.filter(aanvraag_id=OuterRef("pk")).order_by().values("aanvraag_id")
    return Coalesce(
        Subquery(per_application.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        0,
    )


def call_applications(regeling: Regeling, tab: str) -> "QuerySet[Aanvraag, Any]":
    """One tab of the call's applications, oldest submission first, as plain values: status, organisation, amount
    requested, and how many members declared and how many submitted their review."""
    return (
        Aanvraag.objects.filter(regeling=regeling, status__in=TABS[tab][1])
        .order_by("submitted_at", "pk")
        .values(
            "pk",
            "title",
            "status",
            "created_at",
            "submitted_at",
            "amount_requested",
            "info_deadline",
            organisatie_name=F("organisatie__name"),
            declarations=_count_of(Belangenverklaring.objects.all()),
            reviews=_count_of(Beoordeling.objects.filter(submitted_at__isnull=False)),
        )
    )


# ---------------------------------------------------------------------------
# One application
# ---------------------------------------------------------------------------
def _details() -> list[Any]:
    return [
        "partners",
        "wijken",
        "doelen",
        "begroting",
        "bijlagen",
        Prefetch("regeling__toetsvragen", Toetsvraag.objects.order_by("position", "pk")),
        Prefetch("regeling__criteria", Criterium.objects.order_by("position", "pk")),
    ]


def application_detail(pk: int) -> Aanvraag | None:
    """The application with everything its read-only page shows: the call (its knock-out questions and criteria),
    the organisation, partners, wijken, targets, budget lines and attachments. A fixed number of queries."""
    return (
        Aanvraag.objects.select_related("regeling", "organisatie", "created_by")
        .prefetch_related(*_details())
        .filter(pk=pk)
        .first()
    )


def with_details(aanvraag: Aanvraag) -> Aanvraag:
    """An application read already (with its call and organisation), with what application_detail() adds."""
    prefetch_related_objects([aanvraag], *_details())
    return aanvraag


@dataclass(frozen=True)
class KnockoutAnswer:
    question: str
    required: bool
    answer: bool | None  # None: not answered

    @property
    def ok(self) -> bool:
        return self.answer is self.required


def _yes_no(value: object) -> bool | None:
    """An answer as stored: true/false, or the words "ja"/"nee" (the field's help text)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("ja", "nee"):
        return value.strip().lower() == "ja"
    return None


def knockout_answers(aanvraag: Aanvraag) -> list[KnockoutAnswer]:
    """The call's knock-out questions with the application's answers (read through the prefetched questions of
    application_detail(), or one query)."""
    answers = aanvraag.eligibility_answers or {}
    result = []
    for question in aanvraag.regeling.toetsvragen.all():
        result.append(
            KnockoutAnswer(
                question=question.question,
                required=question.required_answer,
                answer=_yes_no(answers.get(str(question.pk))),
            )
        )
    return result


def history(aanvraag: Aanvraag, limit: int = 50) -> list[Historie]:
    """The application's history, newest first (at most `limit` lines)."""
    return list(Historie.objects.filter(aanvraag=aanvraag).select_related("by").order_by("-at", "-pk")[:limit])


def number_of(pk: int, created_at: datetime) -> str:
    """An application's number (Aanvraag.number) from a row of plain values."""
    return f"S-{created_at:%Y}-{pk:04d}"


def declarations_of(aanvraag: Aanvraag) -> list[Belangenverklaring]:
    """Who declared what for the application (for the coördinator, the committee's secretary)."""
    return list(
        Belangenverklaring.objects.filter(aanvraag=aanvraag).select_related("member").order_by("member__full_name")
    )
