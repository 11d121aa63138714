"""What a panel is made of: headline figures compared with earlier periods, and tables (each optionally drawn as a
chart). A table is also what an export writes and what the PDF prints."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext

from coalition.spreadsheets import formula_safe

from ..periods import Period
from ..suppression import Figure


@dataclass(frozen=True)
class Selection:
    """What the dashboard shows: a period (with its two comparisons) and a scope. `gemeente_ids` None is every
    gemeente; `meldpunt_ids` limits the meldpunt's figures for its own staff."""

    period: Period
    gemeente_ids: tuple[int, ...] | None = None
    wijk_id: int | None = None
    meldpunt_ids: tuple[int, ...] | None = None
    today: date | None = None
    # Every wijk the user may see, by gemeente and name: pk -> ("Name (gemeente)", gemeente pk). The filter form
    # read them already; the panels name wijken with them instead of asking again.
    wijken: dict[int, tuple[str, int]] = field(default_factory=dict, compare=False, hash=False, repr=False)
    # Reads that several panels share (the headline figures), once per page: see `once`.
    _memo: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def once(self, name: str, read: Callable[[], Any]) -> Any:
        """`read()` the first time a panel asks for `name` on this page, the same result after that."""
        if name not in self._memo:
            self._memo[name] = read()
        return self._memo[name]

    @property
    def compared(self) -> list[Period]:
        return [self.period, self.period.previous(), self.period.year_before()]

    @property
    def one_gemeente(self) -> bool:
        """Figures per wijk are shown for one gemeente (or one wijk) at a time: a region has hundreds of wijken."""
        return self.wijk_id is not None or (self.gemeente_ids is not None and len(self.gemeente_ids) == 1)

    def wijken_in_scope(self) -> dict[int, str]:
        """pk -> "Name (gemeente)" of the wijken the figures are about, in the order of the filter."""
        return {
            pk: label
            for pk, (label, gemeente) in self.wijken.items()
            if (self.wijk_id is None or pk == self.wijk_id)
            and (self.gemeente_ids is None or gemeente in self.gemeente_ids)
        }

    def scope(self) -> dict[str, Any]:
        """The keyword arguments the meldpunt's reads take."""
        return {"gemeente_ids": self.gemeente_ids, "wijk_id": self.wijk_id, "meldpunt_ids": self.meldpunt_ids}

    def place(self) -> dict[str, Any]:
        """The keyword arguments the sociale kaart's reads take."""
        return {"gemeente_ids": self.gemeente_ids, "wijk_id": self.wijk_id}


Cell = Figure | str


@dataclass
class DataTable:
    """A table as exported and printed: headers, rows of figures (or labels), and a note under it."""

    title: str
    headers: list[str]
    rows: list[list[Cell]]
    note: str = ""
    chart: Any = None  # a monitoring.charts chart drawn from the same figures, or None

    def text_rows(self) -> list[list[str]]:
        """For a CSV: every cell as text, a partner's "=…" title never a formula (coalition.spreadsheets)."""
        return [
            [cell.text if isinstance(cell, Figure) else formula_safe(str(cell)) for cell in row] for row in self.rows
        ]

    def sheet_rows(self) -> list[list[str | int | float]]:
        """For a spreadsheet: shown figures as numbers (so they can be summed), hidden ones as their text."""
        return [[_sheet_value(cell) for cell in row] for row in self.rows]


def label_rows(pairs: Sequence[tuple[str, Figure]]) -> list[list[Cell]]:
    """Table rows from (label, figure) pairs: what a bar chart draws, as its table writes it."""
    return [[label, figure] for label, figure in pairs]


def _sheet_value(cell: Cell) -> str | int | float:
    if not isinstance(cell, Figure):
        return formula_safe(str(cell))
    if not cell.shown or cell.value is None:
        return cell.text
    if cell.kind in ("count", "number"):
        return int(cell.value)
    return round(float(cell.value), 1)


@dataclass(frozen=True)
class Headline:
    """One figure of the period, next to the same figure in the period before and a year earlier."""

    label: str
    now: Figure
    before: Figure
    year_before: Figure


@dataclass
class Panel:
    key: str  # its anchor and the name of its export: /monitoring/export/<key>.csv
    title: str
    intro: str = ""
    headlines: list[Headline] = field(default_factory=list)
    tables: list[DataTable] = field(default_factory=list)
    empty: str = ""  # shown instead of the figures when there are none yet
    notes: list[str] = field(default_factory=list)  # what the panel leaves out and how to see it

    def as_tables(self, selection: Selection) -> list[DataTable]:
        """Everything the panel shows, as tables: the headlines first (with the periods as columns)."""
        tables = list(self.tables)
        if self.empty and not tables:
            tables = [DataTable(title=self.title, headers=[self.title], rows=[[self.empty]])]
        if self.headlines:
            now, before, year_before = selection.compared
            tables.insert(
                0,
                DataTable(
                    title=gettext("Kerncijfers"),
                    headers=[gettext("Cijfer"), now.label, before.label, year_before.label],
                    rows=[[h.label, h.now, h.before, h.year_before] for h in self.headlines],
                ),
            )
        return tables


def headlines_over(labels: Sequence[tuple[str, Sequence[Figure]]]) -> list[Headline]:
    """Headlines from (label, [figure now, the period before, a year before])."""
    return [Headline(label, *figures) for label, figures in labels]
