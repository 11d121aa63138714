"""The dashboard's suppression (monitoring/suppression.py): small counts never shown, and in a table with totals
no hidden figure derivable from the shown ones, for every table hypothesis can think of."""

from fractions import Fraction

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring.suppression import (
    COMPLEMENT,
    SMALL,
    Figure,
    count,
    share,
    statistic,
    suppress_list,
    suppress_table,
)

MIN_CELL = 10


def test_a_small_count_shows_as_less_than_ten_and_zero_shows():
    assert count(3).text == "<10"
    assert count(3).value is None
    assert count(0).text == "0"
    assert count(10).text == "10"
    assert count(12345).text == "12.345"
    assert count(None).hidden == SMALL  # already suppressed by the app it came from


def test_a_percentage_needs_a_base_of_ten_and_a_part_that_is_not_small():
    assert share(5, 20).text == "<10"  # 25% of 20 would give the 5 away
    assert share(12, 9).hidden == SMALL  # base too small
    assert share(0, 40).text == "0%"
    assert share(10, 40).text == "25%"
    assert share(0, 0).text == "–"  # no base: no figure, and nobody to protect


def test_a_median_needs_ten_values():
    assert statistic(4.5, 9, "days").hidden == SMALL
    assert statistic(4.5, 10, "days").text == "4,5"


def test_one_small_cell_in_a_list_with_a_total_hides_the_smallest_other():
    figures, total = suppress_list([40, 3, 25, 12])
    assert [f.text for f in figures] == ["40", "<10", "25", "x"]
    assert total.text == "80"


def test_a_list_without_total_needs_no_complement():
    figures, total = suppress_list([40, 3, 25], with_total=False)
    assert [f.text for f in figures] == ["40", "<10", "25"]
    assert total.value is None


def test_a_table_hides_a_rectangle_around_one_small_cell():
    table = suppress_table([[20, 30, 40], [25, 4, 50], [60, 70, 80]])
    hidden = {(i, j) for i, row in enumerate(table.cells) for j, f in enumerate(row) if f.hidden}
    assert (1, 1) in hidden
    assert table.cells[1][1].hidden == SMALL
    # at least one more in its row and one more in its column, and a fourth corner to close the rectangle
    assert len(hidden) >= 4
    assert all(table.cells[i][j].hidden == COMPLEMENT for i, j in hidden - {(1, 1)})
    assert table.total.text == "379"


# ---------------------------------------------------------------------------------------------------------------
# The property: nothing hidden can be recovered
# ---------------------------------------------------------------------------------------------------------------
def _grid_of(counts, row_totals, column_totals):
    """The full table as the reader sees its structure: cells, then row totals, column totals and the total."""
    rows, columns = len(counts), len(counts[0])
    grid = {(i, j): Fraction(counts[i][j]) for i in range(rows) for j in range(columns)}
    if row_totals:
        grid |= {(i, columns): Fraction(sum(counts[i])) for i in range(rows)}
    if column_totals:
        grid |= {(rows, j): Fraction(sum(r[j] for r in counts)) for j in range(columns)}
    if row_totals and column_totals:
        grid[(rows, columns)] = Fraction(sum(map(sum, counts)))
    return grid


def _shown_and_hidden(table, rows, columns):
    figures = {(i, j): f for i, row in enumerate(table.cells) for j, f in enumerate(row)}
    if table.row_totals:
        figures |= {(i, columns): f for i, f in enumerate(table.row_totals)}
    if table.column_totals:
        figures |= {(rows, j): f for j, f in enumerate(table.column_totals)}
    if table.total:
        figures[(rows, columns)] = table.total
    return figures


def _consistent(alternative, rows, columns, row_totals, column_totals):
    """Does the alternative table add up the way a table with these totals must?"""
    ok = True
    if row_totals:
        ok &= all(sum(alternative[(i, j)] for j in range(columns)) == alternative[(i, columns)] for i in range(rows))
    if column_totals:
        ok &= all(sum(alternative[(i, j)] for i in range(rows)) == alternative[(rows, j)] for j in range(columns))
    if row_totals and column_totals:
        ok &= sum(alternative[(i, columns)] for i in range(rows)) == alternative[(rows, columns)]
    return ok


def _other_table(grid, hidden, target, rows, columns, row_totals, column_totals):
    """A table that agrees with every shown figure but differs in `target`: move `target` by one and solve the
    other hidden cells (Gauss–Jordan here, independent of the module's own elimination). None if impossible."""
    unknowns = sorted(hidden - {target})
    equations = []
    for line in _equations(rows, columns, row_totals, column_totals):
        coefficients = [Fraction(sum(c for cell, c in line if cell == u)) for u in unknowns]
        constant = -sum(c for cell, c in line if cell == target)  # the effect of moving target by +1
        equations.append([*coefficients, Fraction(constant)])
    solution = _solve(equations, len(unknowns))
    if solution is None:
        return None
    alternative = dict(grid)
    alternative[target] += 1
    for unknown, delta in zip(unknowns, solution, strict=True):
        alternative[unknown] += delta
    return alternative


def _equations(rows, columns, row_totals, column_totals):
    eqs = []
    if row_totals:
        eqs += [[*(((i, j), 1) for j in range(columns)), ((i, columns), -1)] for i in range(rows)]
    if column_totals:
        eqs += [[*(((i, j), 1) for i in range(rows)), ((rows, j), -1)] for j in range(columns)]
    if row_totals and column_totals:
        eqs.append([*(((i, columns), 1) for i in range(rows)), ((rows, columns), -1)])
    return eqs


def _solve(equations, n):
    """One solution of A x = b (augmented rows), free variables zero; None when inconsistent."""
    rows = [list(r) for r in equations]
    pivots = []
    r = 0
    for c in range(n):
        pivot = next((k for k in range(r, len(rows)) if rows[k][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [v / rows[r][c] for v in rows[r]]
        for k in range(len(rows)):
            if k != r and rows[k][c] != 0:
                rows[k] = [a - rows[k][c] * b for a, b in zip(rows[k], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    if any(all(v == 0 for v in row[:n]) and row[n] != 0 for row in rows):
        return None
    x = [Fraction(0)] * n
    for k, c in enumerate(pivots):
        x[c] = rows[k][n]
    return x


small_heavy = st.one_of(st.integers(0, 12), st.integers(0, 400))


@settings(max_examples=400, deadline=None)
@given(
    counts=st.integers(1, 5).flatmap(
        lambda columns: st.lists(st.lists(small_heavy, min_size=columns, max_size=columns), min_size=1, max_size=6)
    ),
    row_totals=st.booleans(),
    column_totals=st.booleans(),
)
@override_settings(MIN_CELL=MIN_CELL)
def test_no_hidden_figure_can_be_recovered_from_what_is_shown(counts, row_totals, column_totals):
    rows, columns = len(counts), len(counts[0])
    table = suppress_table(counts, row_totals=row_totals, column_totals=column_totals)
    grid = _grid_of(counts, row_totals, column_totals)
    figures = _shown_and_hidden(table, rows, columns)
    assert set(figures) == set(grid)

    for cell, figure in figures.items():
        true_value = grid[cell]
        if 0 < true_value < MIN_CELL:
            assert figure.hidden == SMALL, f"small value {true_value} at {cell} shown"
        if figure.shown:
            assert figure.value == true_value
        else:
            assert figure.value is None
            assert figure.hidden in (SMALL, COMPLEMENT)

    hidden = {cell for cell, figure in figures.items() if not figure.shown}
    for target in hidden:
        other = _other_table(grid, hidden, target, rows, columns, row_totals, column_totals)
        assert other is not None, f"{target} follows from the shown figures of {counts}"
        assert _consistent(other, rows, columns, row_totals, column_totals)
        assert all(other[c] == grid[c] for c in set(grid) - hidden)  # every shown figure the same
        assert other[target] != grid[target]


def test_figure_texts_are_plain():
    assert Figure(None, COMPLEMENT).text == "x"
    assert Figure(None).text == "–"
    assert Figure(45.4, kind="percent").text == "45%"


@pytest.mark.parametrize("counts", [[[0, 0], [0, 0]], [[1]], [[5, 5], [5, 5]]])
def test_degenerate_tables_do_not_loop(counts):
    table = suppress_table(counts)
    assert table.total is not None


def test_figures_are_rounded_not_cut_off():
    assert share(11, 14).text == "79%"
    assert statistic(4.46, 10).text == "4,5"
    assert Figure(1234.6, kind="euro").text == "€\xa01.235"
