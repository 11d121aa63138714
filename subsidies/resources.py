"""The committee's ranking as a spreadsheet (django-import-export 4), for the meeting.

Formula-safe: a cell whose text begins with =, +, -, @ (or a tab or carriage return) gets a leading apostrophe,
so a spreadsheet program shows the text instead of running it (an application titled "=HYPERLINK(…)" stays
text). django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not used: in version 4 it only strips
a leading "=" (not +, - or @), turns every cell (numbers too) into text, and would change every export of the
project at once.
"""

from typing import Any

from django.utils.translation import gettext as _
from import_export import fields
from import_export.formats.base_formats import XLSX

from coalition.resources import FormulaSafeResource

from .choices import AanvraagStatus, Advies
from .models import Criterium
from .queries.ranking import RankingRow


def _yes(value: bool) -> str:
    return _("ja") if value else _("nee")


class RankingResource(FormulaSafeResource):
    """One row per application of call_ranking(), in its order: the place, the application, the weighted score, how
    many members scored, per criterion the mean and the spread, the advice counts and the flags. The rows are
    whatever call_ranking() returned for the viewer: the export shows no more than the page."""

    def __init__(self, *, criteria: list[Criterium], **kwargs):
        super().__init__(**kwargs)
        self._places: dict[int, int] = {}
        columns: list[tuple[str, Any]] = [
            (_("Plaats"), lambda row: self._places.get(row.pk)),
            (_("Nummer"), lambda row: row.number),
            (_("Aanvraag"), lambda row: row.title),
            (_("Organisatie"), lambda row: row.organisatie),
            (_("Status"), lambda row: str(AanvraagStatus(row.status).label)),
            (_("Gevraagd (€)"), lambda row: row.amount_requested),
            (_("Gewogen score (0–100)"), lambda row: row.score),
            (_("Leden die scoorden"), lambda row: row.members),
            (_("Leden met een belang"), lambda row: row.conflicts),
        ]
        for index, criterium in enumerate(criteria):
            columns.append((f"{criterium.title}: {_('gemiddeld')}", lambda row, i=index: row.criteria[i].mean))
            columns.append((f"{criterium.title}: {_('spreiding')}", lambda row, i=index: row.criteria[i].spread))
        for advice in Advies:
            columns.append((f"{_('Advies')}: {advice.label}", lambda row, value=advice.value: row.advice[value]))
        columns += [
            (_("Bespreken"), lambda row: _yes(row.discuss)),
            (_("Onder de minimale score"), lambda row: _yes(row.below_minimum)),
        ]
        for position, (column_name, value) in enumerate(columns):
            self.fields[f"column_{position}"] = fields.Field(column_name=column_name, dehydrate_method=value)

    def get_export_order(self):
        return tuple(self.fields)

    def before_export(self, queryset, **kwargs):
        place = 0
        for row in queryset:
            if row.score is not None:
                place += 1
                self._places[row.pk] = place


def ranking_xlsx(rows: list[RankingRow], criteria: list[Criterium]) -> bytes:
    """The ranking as an .xlsx file."""
    dataset = RankingResource(criteria=criteria).export(rows, force_native_type=True)
    return XLSX().export_data(dataset)
