"""The track record ("wat werkt") in words and figures, the same on the page and in the CSV: a figure that may not
be shown (None in queries.trackrecord.TrackRecordRow) is "<10", "–" or "te weinig metingen" everywhere."""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from socialekaart.models import Evidence, TargetGroup

from ..queries.trackrecord import TrackRecordRow
from .text import NOT_SHOWN, spreadsheet_cell


def percentage(rate: float | None) -> str:
    return NOT_SHOWN if rate is None else f"{floatformat(rate * 100, 0)}%"


def days(value: float | None) -> str:
    return NOT_SHOWN if value is None else floatformat(value, 1)


def change(value: float | None) -> str:
    """A change in De Jong Gierveld score with its sign (negative: less lonely)."""
    if value is None:
        return _("te weinig metingen")
    text = floatformat(value, 1)
    return f"+{text}" if value > 0 and text.strip("0,.") else text


def count(value: int | None, min_cell: int) -> str:
    """A count, or "<10" (MIN_CELL) when it may not be shown."""
    return f"<{min_cell}" if value is None else str(value)


def evidence_label(value: str) -> str:
    return str(Evidence(value).label) if value in Evidence.values else ""


@dataclass(frozen=True)
class TrackRecordText:
    """What pages and exports show of one row: never more than its figures."""

    referrals_text: str
    acceptance_text: str
    start_text: str
    first_contact_text: str
    start_days_text: str
    djg11_text: str
    djg11_measured_text: str
    djg6_text: str
    djg6_measured_text: str
    evidence_label: str


def text(row: TrackRecordRow) -> TrackRecordText:
    return TrackRecordText(
        referrals_text=count(row.referrals, row.min_cell),
        acceptance_text=percentage(row.acceptance_rate),
        start_text=percentage(row.start_rate),
        first_contact_text=days(row.median_days_to_first_contact),
        start_days_text=days(row.median_days_to_start),
        djg11_text=change(row.djg11_change),
        djg11_measured_text=count(row.djg11_measured, row.min_cell),
        djg6_text=change(row.djg6_change),
        djg6_measured_text=count(row.djg6_measured, row.min_cell),
        evidence_label=evidence_label(row.evidence),
    )


def csv_table(rows: list[TrackRecordRow], by: str, group_header: str | Promise) -> list[list[str]]:
    """The table as the CSV download has it: a header row, then one row per group, with the page's texts."""
    headers = [str(group_header)]
    if by == "activiteit":
        headers += [_("Organisatie"), _("Onderbouwing (onderzoek)")]
    headers += [
        _("Verwijzingen"),
        _("Geaccepteerd (%)"),
        _("Gestart (%)"),
        _("Dagen tot eerste contact (mediaan)"),
        _("Dagen tot start (mediaan)"),
        _("Verandering eenzaamheid, 11 vragen (gemiddeld)"),
        _("Gemeten, 11 vragen"),
        _("Verandering eenzaamheid, 6 vragen (gemiddeld)"),
        _("Gemeten, 6 vragen"),
    ]
    table = [headers]
    for row in rows:
        shown = text(row)
        cells = [spreadsheet_cell(row.label)]
        if by == "activiteit":
            cells += [spreadsheet_cell(row.organisatie), shown.evidence_label]
        cells += [
            shown.referrals_text,
            shown.acceptance_text,
            shown.start_text,
            shown.first_contact_text,
            shown.start_days_text,
            # A change starts with + or -: kept as text with a quote would spoil the number; it is never a formula.
            shown.djg11_text,
            shown.djg11_measured_text,
            shown.djg6_text,
            shown.djg6_measured_text,
        ]
        table.append(cells)
    return table


def target_group_labels(values: list[str]) -> list[str]:
    labels = dict(TargetGroup.choices)
    return [str(labels[value]) for value in values if value in labels]
