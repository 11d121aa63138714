"""Safe aggregates: the one place where the dashboard decides which figures may be shown (issue 12).

Every panel, export, printed report and the public progress page show figures only through this module:

- **Primary suppression.** A count of 1 to MIN_CELL - 1 people or cases is shown as "<10"; a percentage, mean
  or median is shown only when it is based on at least MIN_CELL. A zero is shown: it points at nobody.
- **Secondary suppression.** In a table with totals, a hidden cell must not be derivable from what is shown (by
  adding and subtracting rows, columns and totals). `suppress_table` hides complementary cells, the smallest
  first, until no hidden cell is a linear function of the shown ones. Such a cell shows "x".

The test (tests/test_monitoring_suppression.py, hypothesis) proves the second rule for generated tables by
constructing, for every hidden cell, another table with the same shown figures and a different value there.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from coalition.formatting import euro

Hidden = Literal["", "klein", "aanvullend"]
# "count": people or cases (suppressed); "number": things, such as activities or page views (never suppressed).
Kind = Literal["count", "number", "percent", "decimal", "days", "euro"]
SMALL: Hidden = "klein"
COMPLEMENT: Hidden = "aanvullend"


def min_cell() -> int:
    return int(settings.MIN_CELL)


@dataclass(frozen=True)
class Figure:
    """One figure as it may leave the building: its value, or None with the reason it is hidden."""

    value: int | float | None
    hidden: Hidden = ""
    kind: Kind = "count"

    @property
    def shown(self) -> bool:
        return not self.hidden and self.value is not None

    @property
    def text(self) -> str:  # noqa: PLR0911 -- one plain answer per kind
        """What a page, an export or the PDF prints: the number in Dutch notation, "<10", "x" or "–"."""
        if self.hidden == SMALL:
            return f"<{min_cell()}"
        if self.hidden == COMPLEMENT:
            return "x"
        if self.value is None:
            return "–"
        # number_format cuts decimals off; round first so 78.6% reads 79%.
        if self.kind in ("count", "number"):
            return number_format(round(self.value), 0, force_grouping=True)
        if self.kind == "percent":
            return f"{number_format(round(self.value), 0)}%"
        if self.kind == "euro":
            return euro(self.value, places=0)  # Dutch notation in every language, as all money on the site
        return number_format(round(self.value, 1), 1, force_grouping=True)

    @property
    def explanation(self) -> str:
        """For a title attribute or a footnote: why a figure is not shown."""
        if self.hidden == SMALL:
            return gettext("Minder dan %(n)s: niet getoond, zodat niemand te herkennen is.") % {"n": min_cell()}
        if self.hidden == COMPLEMENT:
            return gettext("Niet getoond, zodat een klein aantal elders in de tabel niet terug te rekenen is.")
        return ""

    def __str__(self) -> str:
        return self.text


NOT_AVAILABLE = Figure(None)


def is_small(n: int) -> bool:
    return 0 < n < min_cell()


def count(n: int | None) -> Figure:
    """A number of people or cases; None is a count its own app already suppressed."""
    if n is None or is_small(n):
        return Figure(None, SMALL)
    return Figure(n)


def share(part: int | None, whole: int | None) -> Figure:
    """`part` of `whole` as a percentage: only when `whole` is at least MIN_CELL and `part` is not itself small
    (a percentage of a known total gives the part away)."""
    if whole == 0:  # a share of nothing: there is no figure, and nobody to protect
        return Figure(None, kind="percent")
    if whole is None or part is None or whole < min_cell() or is_small(part):
        return Figure(None, SMALL, "percent")
    return Figure(100 * part / whole, kind="percent")


def ratio(part: int, whole: int) -> Figure:
    """`part` of `whole` as a percentage, for things that are not people (searches, listings): never hidden."""
    return Figure(100 * part / whole if whole else None, kind="percent")


def statistic(value: float | Decimal | None, n: int | None, kind: Kind = "decimal") -> Figure:
    """A mean or median over `n` people or cases: only from MIN_CELL up."""
    if n is None or n < min_cell():
        return Figure(None, SMALL, kind)
    if value is None:
        return Figure(None, kind=kind)
    return Figure(float(value), kind=kind)


def quantity(n: int | None) -> Figure:
    """A number of things, not people (activities, searches, page views, projects): shown whatever its size."""
    return Figure(n, kind="number")


def money(value: Decimal | int | None) -> Figure:
    """An amount of euros (budgets, grants): money, not people, so never suppressed."""
    return Figure(None if value is None else float(value), kind="euro")


def percentage(value: float | Decimal | None) -> Figure:
    """A published percentage (the GGD's): not a count of our people, shown as it is."""
    return Figure(None if value is None else float(value), kind="percent")


# ---------------------------------------------------------------------------------------------------------------
# Tables with totals
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SafeTable:
    """A table of counts with its totals, suppressed. `row_totals[i]` is the total of row i, `column_totals[j]`
    of column j, `total` of everything; each is None when the table has no such totals."""

    cells: list[list[Figure]]
    row_totals: list[Figure] | None
    column_totals: list[Figure] | None
    total: Figure | None


Position = tuple[int, int]


def _lines(rows: int, columns: int, *, row_totals: bool, column_totals: bool) -> list[list[tuple[Position, int]]]:
    """The equations a reader can write down: each as [(cell, coefficient)], summing to zero.

    The grid is (rows + 1) × (columns + 1): the last column holds the row totals, the last row the column totals,
    the corner the total. A row with its total: cells - total = 0, and so on.
    """
    lines: list[list[tuple[Position, int]]] = []
    if row_totals:
        lines += [[*(((i, j), 1) for j in range(columns)), ((i, columns), -1)] for i in range(rows)]
    if column_totals:
        lines += [[*(((i, j), 1) for i in range(rows)), ((rows, j), -1)] for j in range(columns)]
    if row_totals and column_totals:
        lines.append([*(((i, columns), 1) for i in range(rows)), ((rows, columns), -1)])
        lines.append([*(((rows, j), 1) for j in range(columns)), ((rows, columns), -1)])
    return lines


def derivable(hidden: set[Position], lines: list[list[tuple[Position, int]]]) -> list[Position]:
    """The hidden cells whose value follows from the shown ones: those whose unit vector lies in the row space
    of the equations restricted to the hidden cells (reduced row echelon form, exact fractions)."""
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    matrix = []
    for line in lines:
        row = [Fraction(0)] * len(unknowns)
        for cell, coefficient in line:
            if cell in index:
                row[index[cell]] += coefficient
        if any(row):
            matrix.append(row)
    pivot_rows: list[list[Fraction]] = []
    pivot_columns: list[int] = []
    for column in range(len(unknowns)):
        found = next((r for r in matrix if r[column] != 0), None)
        if found is None:
            continue
        matrix.remove(found)
        found = [value / found[column] for value in found]
        for other in (*matrix, *pivot_rows):
            if other[column] != 0:
                factor = other[column]
                for k in range(len(unknowns)):
                    other[k] -= factor * found[k]
        pivot_rows.append(found)
        pivot_columns.append(column)
    return [unknowns[c] for c, row in zip(pivot_columns, pivot_rows, strict=True) if sum(1 for v in row if v) == 1]


def _complement(grid: list[list[int]], hidden: set[Position], cell: Position, shape: Position) -> Position | None:
    """The cell to hide next so that `cell` is no longer derivable: the smallest shown cell in its row or column
    (the inner cells before the totals, a non-zero before a zero); failing that, the smallest shown cell anywhere."""
    rows, columns = shape

    def cost(position: Position) -> tuple[bool, bool, int]:
        i, j = position
        return (grid[i][j] == 0, i == rows or j == columns, grid[i][j])

    everywhere = [(i, j) for i in range(rows + 1) for j in range(columns + 1) if (i, j) not in hidden]
    everywhere = [p for p in everywhere if grid[p[0]][p[1]] >= 0]  # a missing total (-1) is no candidate
    near = [p for p in everywhere if p[0] == cell[0] or p[1] == cell[1]]
    candidates = near or everywhere
    return min(candidates, key=cost) if candidates else None


def suppress_table(
    counts: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True
) -> SafeTable:
    """`counts[i][j]`, a rectangle of non-negative counts, with the totals asked for, safe to show."""
    rows = len(counts)
    columns = len(counts[0]) if rows else 0
    if any(len(row) != columns for row in counts):
        raise ValueError("every row needs the same number of columns")
    # The full grid; a total the table does not have is -1 and never shown.
    grid = [[*row, sum(row) if row_totals else -1] for row in counts]
    column_sums = [sum(counts[i][j] for i in range(rows)) for j in range(columns)]
    grand = sum(column_sums)
    grid.append([*(column_sums if column_totals else [-1] * columns), grand if row_totals and column_totals else -1])
    if row_totals and not column_totals:
        grid[rows][columns] = -1
    present = {(i, j) for i in range(rows + 1) for j in range(columns + 1) if grid[i][j] >= 0}
    hidden = {p for p in present if is_small(grid[p[0]][p[1]])}
    primary = set(hidden)
    lines = _lines(rows, columns, row_totals=row_totals, column_totals=column_totals)
    # Stop as soon as nothing is derivable; each round hides one more cell, so this ends.
    while determined := derivable(hidden, lines):
        extra = _complement(grid, hidden | (set(_all(rows, columns)) - present), determined[0], (rows, columns))
        if extra is None:  # everything is hidden already
            break
        hidden.add(extra)

    def figure(i: int, j: int) -> Figure:
        if (i, j) in primary:
            return Figure(None, SMALL)
        if (i, j) in hidden:
            return Figure(None, COMPLEMENT)
        return Figure(grid[i][j])

    return SafeTable(
        cells=[[figure(i, j) for j in range(columns)] for i in range(rows)],
        row_totals=[figure(i, columns) for i in range(rows)] if row_totals else None,
        column_totals=[figure(rows, j) for j in range(columns)] if column_totals else None,
        total=figure(rows, columns) if (row_totals and column_totals) else None,
    )


def _all(rows: int, columns: int) -> list[Position]:
    return [(i, j) for i in range(rows + 1) for j in range(columns + 1)]


def suppress_list(counts: Sequence[int], *, with_total: bool = True) -> tuple[list[Figure], Figure]:
    """A single column of counts (per channel, per reason …) and its total: the one-column case of suppress_table.
    Without a total (`with_total=False`) the second figure is NOT_AVAILABLE and nothing needs hiding for it."""
    if not counts:
        return [], (Figure(0) if with_total else NOT_AVAILABLE)
    table = suppress_table([[n] for n in counts], row_totals=False, column_totals=with_total)
    total = table.column_totals[0] if table.column_totals else NOT_AVAILABLE
    return [row[0] for row in table.cells], total
