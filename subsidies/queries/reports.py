"""Reads after the grant: a report with everything its page shows, the reports a reader has to look at, what the
platform already knows of a project that is on the sociale kaart, and the listing proposed for the sociale kaart.

What the platform knows comes from the meldpunt, read only through `meldpunt.queries` and suppressed there under
MIN_CELL: referrals to the project's activity, starts, and the before/after De Jong Gierveld scores of the people
referred, as totals.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet

from coalition.models import Role, User
from meldpunt.queries import BeforeAfterRow, TrackRecordRow, activity_before_after, activity_track_record
from socialekaart.services.listing_data import CHOICES as LISTING_CHOICES

from ..choices import Doelgroep, RapportStatus
from ..models import Aanvraag, Begrotingsregel, Doel, Historie, Rapportage
from ..workflows import REPORT

# The overview of reports, in the tabs of the report's workflow (workflows.REPORT: open, ingediend, klaar).
REPORT_TABS = REPORT.tabs()
# The applicant's and the coördinator's first tab: what waits for them.
FIRST_TAB = {Role.COORDINATOR: "ingediend"}
DEFAULT_TAB = "open"
HISTORY_LINES = 50

# Subsidies' target groups as the sociale kaart's (socialekaart.models.TargetGroup). Newcomers have no group of
# their own there ("migranten" is not the same people), so they are left out.
TARGET_GROUPS: dict[str, tuple[str, ...]] = {
    Doelgroep.OUDEREN: ("ouderen",),
    Doelgroep.MIGRANTENOUDEREN: ("ouderen", "migranten"),
    Doelgroep.JONGEREN: ("jongeren",),
    Doelgroep.MANTELZORGERS: ("mantelzorgers",),
    Doelgroep.BEPERKING: ("beperking",),
    Doelgroep.IEDEREEN: ("iedereen",),
}
SUMMARY_LENGTH = 300
TWO_PLACES = Decimal("0.01")
TITLE_LENGTH = 120


# ---------------------------------------------------------------------------
# One report
# ---------------------------------------------------------------------------
def report_of(aanvraag: Aanvraag, pk: int) -> Rapportage | None:
    """The application's report `pk` with its rows (reach, spending, measurements), or None."""
    return (
        Rapportage.objects.prefetch_related("bereik", "uitgaven", "metingen").filter(aanvraag=aanvraag, pk=pk).first()
    )


def targets(aanvraag: Aanvraag) -> list[Doel]:
    return list(aanvraag.doelen.order_by("pk"))


def budget_lines(aanvraag: Aanvraag) -> list[Begrotingsregel]:
    return list(aanvraag.begroting.order_by("pk"))


def report_history(rapportage: Rapportage) -> QuerySet[Historie]:
    """The application's history lines about this report, newest first (the latest HISTORY_LINES)."""
    return (
        Historie.objects.filter(aanvraag_id=rapportage.aanvraag_id, step="rapportage", data__rapportage=rapportage.pk)
        .select_related("by")
        .order_by("-at", "-pk")[:HISTORY_LINES]
    )


@dataclass(frozen=True)
class PlatformFigures:
    """What the platform knows of the project's activity on the sociale kaart (suppressed by the meldpunt)."""

    title: str
    status: str
    record: TrackRecordRow | None  # None: nobody was referred to it
    before_after: list[BeforeAfterRow] = field(default_factory=list)
    min_cell: int = 0


def platform_figures(aanvraag: Aanvraag) -> PlatformFigures | None:
    """Referrals, starts and before/after measurements of the people referred to the application's activity; None
    when the project is not on the sociale kaart. Three queries (one for the activity, two for the figures; the
    before/after only when someone was referred)."""
    activiteit = aanvraag.activiteit
    if activiteit is None:
        return None
    record = activity_track_record(activiteit)
    return PlatformFigures(
        title=activiteit.title,
        status=activiteit.get_status_display(),
        record=record,
        before_after=activity_before_after(activiteit) if record is not None else [],
        min_cell=settings.MIN_CELL,
    )


def measurement_prefill(platform: PlatformFigures | None) -> dict[str, Any]:
    """The report form's initial before/after figures from what the meldpunt measured among the people referred to
    the project's activity (only the forms it may show: suppressed ones stay empty). No query."""
    if platform is None:
        return {}
    initial: dict[str, Any] = {}
    for row in platform.before_after:
        if row.suppressed or row.mean_before is None or row.mean_after is None:
            continue
        initial |= {
            f"{row.form}_measured": row.measured,
            f"{row.form}_mean_before": Decimal(str(row.mean_before)).quantize(TWO_PLACES),
            f"{row.form}_mean_after": Decimal(str(row.mean_after)).quantize(TWO_PLACES),
            f"{row.form}_lonely_before": row.lonely_before,
            f"{row.form}_lonely_after": row.lonely_after,
        }
    return initial


# ---------------------------------------------------------------------------
# The reports a reader looks at
# ---------------------------------------------------------------------------
def reports_for(user: User) -> QuerySet[Rapportage]:
    """Every report for a coördinator; the reports of the organisations an applicant acts for otherwise."""
    reports = Rapportage.objects.select_related("aanvraag__regeling", "aanvraag__organisatie")
    if not user.has_role(Role.COORDINATOR):
        reports = reports.filter(aanvraag__organisatie__in=user.organisaties.all())
    return reports


def report_list(user: User, tab: str) -> QuerySet[Rapportage]:
    """One tab of the overview: the earliest deadline first (the accepted ones: the latest first)."""
    reports = reports_for(user).filter(status__in=REPORT_TABS[tab])
    if tab == "klaar":
        return reports.order_by("-accepted_at", "-pk")
    return reports.order_by("due_date", "pk")


def report_counts(user: User) -> dict[str, int]:
    """{tab: how many reports}, in one query."""
    counts = dict.fromkeys(REPORT_TABS, 0)
    tab_of = {status: tab for tab, statuses in REPORT_TABS.items() for status in statuses}
    for row in reports_for(user).order_by().values("status").annotate(n=Count("pk")):
        counts[tab_of[row["status"]]] += row["n"]
    return counts


def is_overdue(rapportage: Rapportage, today: date) -> bool:
    return rapportage.status == RapportStatus.OPEN and rapportage.due_date < today


# ---------------------------------------------------------------------------
# The listing proposed for the sociale kaart
# ---------------------------------------------------------------------------
def target_groups_for_listing(doelgroepen: list[str]) -> list[str]:
    """The sociale kaart's target groups for subsidies' ones, in its order; groups it does not have are left out."""
    wanted = {group for doelgroep in doelgroepen for group in TARGET_GROUPS.get(doelgroep, ())}
    return [value for value in LISTING_CHOICES["target_groups"].values if value in wanted]


def _shortened(text: str, length: int) -> str:
    """The text, or as many whole sentences (else words) of it as fit in `length` characters."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[:length]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end > 0:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…" if " " in cut else cut[: length - 1] + "…"


def listing_proposal(aanvraag: Aanvraag) -> dict[str, Any]:
    """The activity proposed for the sociale kaart, filled in from the application (the form's initial values)."""
    return {
        "title": _shortened(aanvraag.title, TITLE_LENGTH),
        "summary": _shortened(aanvraag.summary, SUMMARY_LENGTH),
        "description": aanvraag.summary,
        "target_groups": target_groups_for_listing(aanvraag.target_groups),
        "wijken": list(aanvraag.wijken.values_list("pk", flat=True)),
        "join_method": "aanmelden",
        "contact_name": aanvraag.contact_name,
        "contact_phone": aanvraag.contact_phone,
        "contact_email": aanvraag.organisatie.email,
    }
