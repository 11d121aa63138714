"""Charts for the dashboard (issue 12): the geometry in Python, the drawing in templates/monitoring/charts/.

Each function takes figures as the suppression module made them (`monitoring.suppression.Figure`) and returns a
frozen dataclass with every coordinate already computed, in the units of the SVG's viewBox (WIDTH wide, as high as
the chart needs), so the templates only place what is here and a test can check the geometry without a browser.
The same dataclasses can feed another renderer (a PDF) later.

Rules every chart keeps:
- a hidden figure ("<10", "x") or a missing one ("–") draws nothing of any size: only its marker text;
- every figure is also in the chart's data table (the templates), so colour and shape never carry meaning alone;
- text is FONT_SIZE units high in a WIDTH-wide viewBox: on a phone (MIN_RENDER_WIDTH px) still 12 px or more;
- no input is an empty chart (`empty` is true, the template says "Nog geen gegevens"), never an error.

The colours are CSS classes (`chart-series-1` … `chart-series-6`, `heat-0` … `heat-4`, `heat-hidden`), defined in
static/css/omzien.css; tests/test_monitoring_charts.py checks their contrast there.
"""

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from .suppression import Figure

WIDTH = 440
# 15 units in a 440-unit viewBox: 12.3 px when the chart is 360 px wide (a 390 px phone minus the page margins).
FONT_SIZE = 15
MIN_RENDER_WIDTH = 360
LINE_HEIGHT = 19
GAP = 6
# A generous average width of a character in the system sans-serif, in em: labels are laid out with it.
CHAR_WIDTH = 0.6
# Colour classes for series, in order; more series than this repeat the colours (the legend and table still tell).
PALETTE_SIZE = 6
HEAT_LEVELS = 4
EPSILON = 1e-9  # below this a value is 0; a ratio this close to a whole number is that number

Anchor = Literal["start", "middle", "end"]
SwatchKind = Literal["box", "line", "dashed", "target"]


@dataclass(frozen=True)
class Text:
    """A text in the SVG; `y` is its baseline."""

    x: float
    y: float
    text: str
    anchor: Anchor = "start"


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return _round(self.y + self.height)


@dataclass(frozen=True)
class Tick:
    """A value on an axis: its position (y for a value axis, x for a time axis) and its label."""

    position: float
    label: Text


@dataclass(frozen=True)
class Note:
    """What a marker in the chart means, printed under its table: "<10" and why it is not shown."""

    marker: str
    explanation: str


@dataclass(frozen=True)
class LegendItem:
    text: str
    css_class: str
    swatch: SwatchKind = "box"


def series_class(index: int) -> str:
    """The colour class of the `index`-th series (0-based)."""
    return f"chart-series-{index % PALETTE_SIZE + 1}"


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return len(text) * size * CHAR_WIDTH


def _round(value: float) -> float:
    return round(value, 2)


def _middle(top: float, height: float) -> float:
    """The baseline that centres a line of text vertically on a band."""
    return _round(top + height / 2 + FONT_SIZE * 0.35)


def _notes(figures: Iterable[Figure]) -> tuple[Note, ...]:
    seen: dict[str, Note] = {}
    for figure in figures:
        if figure.hidden and figure.text not in seen:
            seen[figure.text] = Note(figure.text, figure.explanation)
    return tuple(seen.values())


def _nice_top(high: float, *, integer: bool, max_ticks: int = 5) -> tuple[float, float]:
    """A round top at or above `high` and the step between ticks from 0 to it (at most `max_ticks` steps)."""
    if high <= EPSILON:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(high / max_ticks))
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = factor * magnitude
        if integer and (step < 1 or step != int(step)):
            continue
        steps = math.ceil(high / step - EPSILON)
        if steps <= max_ticks:
            return steps * step, step
    raise AssertionError("unreachable: a step of 50 × magnitude always fits")  # pragma: no cover


@dataclass(frozen=True)
class Scale:
    """A linear map from values in [low, high] to coordinates in [start, end]."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        return _round(self.start + (value - self.low) / span * (self.end - self.start))


def _value_ticks(top: float, step: float, to_y: Scale, left: float, suffix: str = "") -> tuple[Tick, ...]:
    decimals = 0 if step == int(step) else 1
    ticks = []
    for k in range(round(top / step) + 1):
        value = k * step
        label = number_format(value, decimals, force_grouping=True) + suffix
        y = to_y(value)
        ticks.append(Tick(y, Text(_round(left - GAP), _round(y + FONT_SIZE * 0.35), label, "end")))
    return tuple(ticks)


# ---------------------------------------------------------------------------------------------------------------
# Bar chart: horizontal bars, one per row, the label above its bar and the figure after it.
# ---------------------------------------------------------------------------------------------------------------
BAR_HEIGHT = 20
BAR_CLASS = series_class(0)
ROW_GAP = 12


@dataclass(frozen=True)
class BarRow:
    label: str
    figure: Figure
    label_lines: tuple[Text, ...]
    band: Rect  # the strip the bar lies in: the plot's width, the bar's height (the zero line is drawn on it)
    bar: Rect | None  # None: the figure is hidden or missing, only `value` (its marker) is drawn
    value: Text  # the figure's text after the bar's end, or its marker where the bar would start


@dataclass(frozen=True)
class BarChart:
    title: str
    rows: tuple[BarRow, ...]
    category: str  # header of the table's first column
    unit: str  # header of the table's figure column
    width: float
    height: float
    plot_left: float
    plot_width: float
    zero_x: float
    notes: tuple[Note, ...]
    font_size: int = FONT_SIZE
    bar_class: str = BAR_CLASS

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def description(self) -> str:
        return gettext("Staafdiagram; de cijfers staan in de tabel hieronder.")


def _wrap(label: str, width: float) -> list[str]:
    return textwrap.wrap(label, width=max(8, int(width / (FONT_SIZE * CHAR_WIDTH))), max_lines=2, placeholder=" …")


def bar_chart(title: str, rows: Sequence[tuple[str, Figure]], *, unit: str = "", category: str = "") -> BarChart:
    """Horizontal bars for a list (signals per channel, referrals per organisation), in the order given.

    The longest bar spans the plot's full width and every bar's length is proportional to its value; negative
    values grow to the left of a zero line. `unit` heads the figures' column in the table (default "Aantal"),
    `category` the labels' column (default "Onderdeel").
    """
    shown = [float(figure.value) for _, figure in rows if figure.shown and figure.value is not None]
    low, high = min([0.0, *shown]), max([0.0, *shown])
    # Room for the texts beside the bars: after a positive bar (and for markers), before a negative one.
    right = [text_width(f.text) for _, f in rows if not f.shown or (f.value is not None and f.value >= 0)]
    left = [text_width(f.text) for _, f in rows if f.shown and f.value is not None and f.value < 0]
    plot_left = max(left) + GAP if left else 0.0
    plot_right = WIDTH - (max(right) + GAP if right else 0.0)
    scale = Scale(low, high, plot_left, plot_right)
    zero_x = scale(0)

    built = []
    y = 0.0
    for label, figure in rows:
        lines = _wrap(label, WIDTH) or [""]
        texts = tuple(Text(0, _round(y + FONT_SIZE + i * LINE_HEIGHT), line) for i, line in enumerate(lines))
        bar_y = y + len(lines) * LINE_HEIGHT + 4
        middle = _middle(bar_y, BAR_HEIGHT)
        if figure.shown and figure.value is not None:
            end = scale(float(figure.value))
            bar: Rect | None = Rect(min(zero_x, end), _round(bar_y), _round(abs(end - zero_x)), BAR_HEIGHT)
            if figure.value >= 0:
                value = Text(_round(end + GAP), middle, figure.text)
            else:
                value = Text(_round(end - GAP), middle, figure.text, "end")
        else:
            bar = None
            value = Text(_round(zero_x + GAP), middle, figure.text)
        band = Rect(_round(plot_left), _round(bar_y), _round(plot_right - plot_left), BAR_HEIGHT)
        built.append(BarRow(label, figure, texts, band, bar, value))
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return BarChart(
        title=title,
        rows=tuple(built),
        category=category or gettext("Onderdeel"),
        unit=unit or gettext("Aantal"),
        width=WIDTH,
        height=_round(max(y - ROW_GAP + 2, 0)),
        plot_left=_round(plot_left),
        plot_width=_round(plot_right - plot_left),
        zero_x=zero_x,
        notes=_notes(f for _, f in rows),
    )


# ---------------------------------------------------------------------------------------------------------------
# Column chart over time: a column per month, per series side by side (grouped) or on top of each other (stacked).
# ---------------------------------------------------------------------------------------------------------------
PLOT_HEIGHT = 200
PLOT_TOP = FONT_SIZE + 10  # room for a marker above the highest column


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str


@dataclass(frozen=True)
class Column:
    series: int  # index into TimeChart.series
    css_class: str
    rect: Rect
    figure: Figure


@dataclass(frozen=True)
class Month:
    month: date
    label: str  # "jan 2026", for the table
    figures: tuple[Figure, ...]  # one per series, for the table
    columns: tuple[Column, ...]  # the shown figures only
    marker: Text | None  # above the month's columns when a figure is hidden: its marker(s), "<10", "x"


@dataclass(frozen=True)
class TimeChart:
    title: str
    months: tuple[Month, ...]
    series: tuple[Series, ...]
    stacked: bool
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_width: float
    plot_height: float
    y_ticks: tuple[Tick, ...]
    x_labels: tuple[Text, ...]
    notes: tuple[Note, ...]
    font_size: int = FONT_SIZE

    @property
    def empty(self) -> bool:
        return not self.months or not self.series

    @property
    def plot_right(self) -> float:
        return _round(self.plot_left + self.plot_width)

    @property
    def baseline(self) -> float:
        return _round(self.plot_top + self.plot_height)

    @property
    def legend(self) -> tuple[LegendItem, ...]:
        """A legend in text, when there is more than one series to tell apart."""
        if len(self.series) < 2:  # noqa: PLR2004
            return ()
        return tuple(LegendItem(s.name, s.css_class) for s in self.series)

    @property
    def description(self) -> str:
        if self.stacked:
            return gettext("Gestapeld kolomdiagram per maand; de cijfers staan in de tabel hieronder.")
        return gettext("Kolomdiagram per maand; de cijfers staan in de tabel hieronder.")


def _month_labels(months: Sequence[date], slot: float, left: float) -> tuple[Text, ...]:
    """Month names under the columns ("jan", "feb"), thinned out so they do not overlap, with the year under the
    first one shown and under each January."""
    names = [date_format(month, "b") for month in months]
    need = max(text_width(name) for name in names) + GAP
    step = max(1, math.ceil(need / slot))
    shown = list(range(0, len(months), step))
    with_year = [i for i in shown if i == shown[0] or months[i].month == 1]
    # A first month just before a January: its year would run into January's; January's says enough.
    year_width = text_width("0000") + GAP
    if len(with_year) > 1 and with_year[1] == shown[1] and step * slot < year_width:
        with_year = with_year[1:]
    top = PLOT_TOP + PLOT_HEIGHT + GAP + FONT_SIZE
    texts = []
    for i in shown:
        x = _round(left + (i + 0.5) * slot)
        texts.append(Text(x, _round(top), names[i], "middle"))
        if i in with_year:
            texts.append(Text(x, _round(top + LINE_HEIGHT), date_format(months[i], "Y"), "middle"))
    return tuple(texts)


def time_chart(
    title: str,
    months: Sequence[date],
    series: Sequence[tuple[str, Sequence[Figure]]],
    *,
    stacked: bool = False,
) -> TimeChart:
    """Columns per month (the first day of each month, in order), one series or several by a category (signals per
    month per channel): side by side, or `stacked`. Every series has one figure per month. A hidden figure draws
    no column; the month gets its marker above its columns. Figures are counts: never negative."""
    if any(len(figures) != len(months) for _, figures in series):
        raise ValueError("every series needs one figure per month")
    values = [[float(f.value) if f.shown and f.value is not None else None for f in figs] for _, figs in series]
    if any(v is not None and v < 0 for row in values for v in row):
        raise ValueError("a column chart over time shows counts, which are never negative")
    heights = [
        sum(row[i] or 0.0 for row in values) if stacked else max((row[i] or 0.0 for row in values), default=0.0)
        for i in range(len(months))
    ]
    kinds = {f.kind for _, figs in series for f in figs if f.shown}
    integer, suffix = kinds <= {"count", "number"}, "%" if kinds == {"percent"} else ""
    top, step = _nice_top(max(heights, default=0.0), integer=integer)
    tick_width = max(
        text_width(number_format(k * step, 0 if step == int(step) else 1, force_grouping=True) + suffix)
        for k in range(round(top / step) + 1)
    )
    plot_left = tick_width + 2 * GAP
    plot_width = WIDTH - plot_left - 2
    baseline = PLOT_TOP + PLOT_HEIGHT
    to_y = Scale(0, top, baseline, PLOT_TOP)
    slot = plot_width / len(months) if months else plot_width

    built = []
    for i, month in enumerate(months):
        figures = tuple(figs[i] for _, figs in series)
        columns = []
        slot_left = plot_left + i * slot
        if stacked:
            width = slot * 0.6
            x = slot_left + slot * 0.2
            floor = 0.0
            for k, figure in enumerate(figures):
                value = values[k][i]
                if value is None:
                    continue
                rect = Rect(_round(x), to_y(floor + value), _round(width), _round(to_y(floor) - to_y(floor + value)))
                columns.append(Column(k, series_class(k), rect, figure))
                floor += value
        else:
            width = slot * 0.8 / max(len(figures), 1)
            for k, figure in enumerate(figures):
                value = values[k][i]
                if value is None:
                    continue
                x = slot_left + slot * 0.1 + k * width
                rect = Rect(_round(x), to_y(value), _round(width), _round(baseline - to_y(value)))
                columns.append(Column(k, series_class(k), rect, figure))
        markers = list(dict.fromkeys(f.text for f in figures if not f.shown))
        marker = (
            Text(_round(slot_left + slot / 2), _round(to_y(heights[i]) - GAP), " ".join(markers), "middle")
            if markers
            else None
        )
        built.append(Month(month, date_format(month, "b Y"), figures, tuple(columns), marker))
    return TimeChart(
        title=title,
        months=tuple(built),
        series=tuple(Series(name, series_class(k)) for k, (name, _) in enumerate(series)),
        stacked=stacked,
        width=WIDTH,
        height=_round(baseline + GAP + FONT_SIZE + LINE_HEIGHT + 6),
        plot_left=_round(plot_left),
        plot_top=PLOT_TOP,
        plot_width=_round(plot_width),
        plot_height=PLOT_HEIGHT,
        y_ticks=_value_ticks(top, step, to_y, plot_left, suffix),
        x_labels=_month_labels(months, slot, plot_left) if months else (),
        notes=_notes(f for _, figs in series for f in figs),
    )


# ---------------------------------------------------------------------------------------------------------------
# The ambition: the GGD's measured percentages as connected dots, the ambition as a dashed line to the target.
# ---------------------------------------------------------------------------------------------------------------
AMBITION_PLOT_HEIGHT = 220
MIN_TOP = 10.0  # the value axis goes up to 10% at least, so small percentages are not blown up
INSET = 16  # room inside the plot so a dot on the first or last year is not cut off
DOT_RADIUS = 5
TARGET_RADIUS = 7
MEASURED_CLASS = series_class(0)
AMBITION_CLASS = series_class(1)


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class AmbitionRow:
    """A row of the table: a year with what was measured and what the ambition is ("–": nothing that year)."""

    year: int
    measured: str
    ambition: str
    target: bool


@dataclass(frozen=True)
class AmbitionChart:
    title: str
    measured: tuple[Point, ...]  # the dots
    measured_lines: tuple[str, ...]  # polyline points, one per run of years without a gap
    line: tuple[Point, ...]
    line_points: str  # the dashed ambition line's polyline points
    target: Point | None
    target_label: Text | None  # "doel 2026: 25%"
    rows: tuple[AmbitionRow, ...]
    width: float
    height: float
    plot_left: float
    plot_top: float
    plot_width: float
    plot_height: float
    y_ticks: tuple[Tick, ...]
    x_labels: tuple[Text, ...]
    font_size: int = FONT_SIZE
    dot_radius: int = DOT_RADIUS
    target_radius: int = TARGET_RADIUS
    measured_class: str = MEASURED_CLASS
    ambition_class: str = AMBITION_CLASS

    @property
    def empty(self) -> bool:
        return not self.measured and not self.line and self.target is None

    @property
    def plot_right(self) -> float:
        return _round(self.plot_left + self.plot_width)

    @property
    def baseline(self) -> float:
        return _round(self.plot_top + self.plot_height)

    @property
    def legend(self) -> tuple[LegendItem, ...]:
        items = []
        if self.measured:
            items.append(LegendItem(gettext("Gemeten"), MEASURED_CLASS, "line"))
        if self.line:
            items.append(LegendItem(gettext("Ambitie"), AMBITION_CLASS, "dashed"))
        if self.target:
            items.append(LegendItem(gettext("Doel"), AMBITION_CLASS, "target"))
        return tuple(items)

    @property
    def description(self) -> str:
        return gettext("Lijndiagram van de gemeten cijfers en de ambitie; de cijfers staan in de tabel hieronder.")


def percent_text(value: float) -> str:
    """A published percentage as it is written: "25%", or "25,5%" when it has a decimal."""
    if value == int(value):
        return f"{number_format(value, 0)}%"
    return f"{number_format(value, 1)}%"


def _optional_percent(value: float | None) -> str:
    return "–" if value is None else percent_text(value)


def _points_attribute(points: Sequence[Point]) -> str:
    return " ".join(f"{p.x},{p.y}" for p in points)


def ambition_chart(
    title: str,
    measured: Sequence[tuple[int, float | None]],
    line: Sequence[tuple[int, float]],
    *,
    target: tuple[int, float] | None,
) -> AmbitionChart:
    """Years across, the percentage lonely up: the measured years as connected dots (None: not measured that year,
    a gap in the line), the ambition `line` (from the baseline to the target) dashed, and the target labelled.

    The value axis runs from 0 to a round number at or above the highest percentage (100 at most when every value
    is at most 100), so every point is inside it.
    """
    values = [v for _, v in measured if v is not None] + [v for _, v in line] + ([target[1]] if target else [])
    years = [y for y, _ in measured] + [y for y, _ in line] + ([target[0]] if target else [])
    top, step = _nice_top(max([MIN_TOP, *values]), integer=True)  # whole percentages on the axis
    tick_width = text_width(percent_text(top))
    plot_left = tick_width + 2 * GAP
    plot_width = WIDTH - plot_left - 2
    plot_top = float(PLOT_TOP)
    baseline = plot_top + AMBITION_PLOT_HEIGHT
    to_y = Scale(0, top, baseline, plot_top)
    first, last = (min(years), max(years)) if years else (0, 0)
    if first == last:  # one year: in the middle
        to_x = Scale(first - 1, last + 1, plot_left + INSET, plot_left + plot_width - INSET)
    else:
        to_x = Scale(first, last, plot_left + INSET, plot_left + plot_width - INSET)

    def point(year: int, value: float) -> Point:
        return Point(year, value, to_x(year), to_y(value))

    by_year = sorted(measured, key=lambda pair: pair[0])
    dots = [point(y, v) for y, v in by_year if v is not None]
    runs: list[list[Point]] = [[]]
    for year, value in by_year:
        if value is None:
            runs.append([])  # not measured that year: the line breaks
        else:
            runs[-1].append(point(year, value))
    ambition = [point(y, v) for y, v in sorted(line, key=lambda pair: pair[0])]
    goal = point(*target) if target else None

    label = None
    if goal is not None:
        text = gettext("doel %(year)s: %(value)s") % {"year": goal.year, "value": percent_text(goal.value)}
        anchor: Anchor = "end" if goal.x > plot_left + plot_width / 2 else "start"
        dx = -(TARGET_RADIUS + 3) if anchor == "end" else TARGET_RADIUS + 3
        # Beside the target, on the side the ambition line does not come from: below it when the line comes down
        # to the target (less loneliness, as usual), above it otherwise; where there is room.
        before = [p for p in ambition if p.year < goal.year]
        comes_down = bool(before) and before[-1].value > goal.value
        above = goal.y - TARGET_RADIUS - GAP
        below = goal.y + TARGET_RADIUS + GAP + FONT_SIZE * 0.7
        room_above, room_below = above - FONT_SIZE >= 0, below <= baseline - GAP
        y = below if (comes_down and room_below) or not room_above else above
        label = Text(_round(goal.x + dx), _round(y), text, anchor)

    measured_by_year = dict(measured)
    line_by_year = dict(line)
    if target:
        line_by_year.setdefault(*target)
    rows = tuple(
        AmbitionRow(
            year=year,
            measured=_optional_percent(measured_by_year.get(year)),
            ambition=_optional_percent(line_by_year.get(year)),
            target=bool(target and target[0] == year),
        )
        for year in sorted(set(years))
    )

    spacing = (to_x(first + 1) - to_x(first)) if first != last else WIDTH
    step_years = max(1, math.ceil((text_width("0000") + GAP) / spacing)) if spacing > 0 else 1
    x_labels = (
        tuple(
            Text(to_x(year), _round(baseline + GAP + FONT_SIZE), str(year), "middle")
            for year in range(first, last + 1, step_years)
        )
        if years
        else ()
    )
    return AmbitionChart(
        title=title,
        measured=tuple(dots),
        measured_lines=tuple(_points_attribute(run) for run in runs if len(run) > 1),
        line=tuple(ambition),
        line_points=_points_attribute(ambition),
        target=goal,
        target_label=label,
        rows=rows,
        width=WIDTH,
        height=_round(baseline + GAP + FONT_SIZE + 6),
        plot_left=_round(plot_left),
        plot_top=plot_top,
        plot_width=_round(plot_width),
        plot_height=AMBITION_PLOT_HEIGHT,
        y_ticks=_value_ticks(top, step, to_y, plot_left, "%"),
        x_labels=x_labels,
    )


# ---------------------------------------------------------------------------------------------------------------
# Heat table: an HTML table whose cells are shaded by their value, the number always printed in the cell.
# ---------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HeatCell:
    figure: Figure
    css_class: str  # heat-0 (nothing: a gap), heat-1 (few) … heat-4 (many), heat-hidden


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatTable:
    title: str
    corner: str  # the header above the row labels ("Wijk"); empty: none
    column_labels: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    legend: tuple[LegendItem, ...]
    notes: tuple[Note, ...]

    @property
    def empty(self) -> bool:
        return not self.rows or not self.column_labels


def heat_level(value: float, high: float) -> int:
    """0 for nothing, else 1 (few) to HEAT_LEVELS (the most), by the value's share of the highest."""
    if value <= 0 or high <= 0:
        return 0
    return min(HEAT_LEVELS, max(1, math.ceil(HEAT_LEVELS * value / high - EPSILON)))


def _heat_legend(high: float, integer: bool) -> tuple[LegendItem, ...]:
    items = [LegendItem(gettext("0: niets (witte vlek)"), "heat-0")]
    if high <= 0:
        return tuple(items)
    for level in range(1, HEAT_LEVELS + 1):
        lower, upper = high * (level - 1) / HEAT_LEVELS, high * level / HEAT_LEVELS
        if integer:
            # The whole numbers n with lower < n <= upper.
            first, last = math.floor(lower + EPSILON) + 1, math.floor(upper + EPSILON)
            if first > last:
                continue
            text = str(first) if first == last else f"{first}–{last}"
        else:
            text = f"{number_format(lower, 1)}–{number_format(upper, 1)}"
        items.append(LegendItem(text, f"heat-{level}"))
    return tuple(items)


def heat_table(
    title: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Sequence[Sequence[Figure]],
    *,
    corner: str = "",
) -> HeatTable:
    """The witte vlekken: `cells[i][j]` for row i (a wijk) and column j (a target group), shaded by value: 0 is a
    gap (light red), few light, many dark. A hidden figure is not shaded by its value (class heat-hidden)."""
    if len(cells) != len(row_labels) or any(len(row) != len(column_labels) for row in cells):
        raise ValueError("one row of cells per row label and one cell per column label")
    shown = [float(f.value) for row in cells for f in row if f.shown and f.value is not None]
    high = max([0.0, *shown])

    def cell(figure: Figure) -> HeatCell:
        if not figure.shown or figure.value is None:
            return HeatCell(figure, "heat-hidden")
        return HeatCell(figure, f"heat-{heat_level(float(figure.value), high)}")

    integer = all(f.kind in ("count", "number") for row in cells for f in row)
    return HeatTable(
        title=title,
        corner=corner,
        column_labels=tuple(column_labels),
        rows=tuple(HeatRow(label, tuple(cell(f) for f in row)) for label, row in zip(row_labels, cells, strict=True)),
        legend=_heat_legend(high, integer),
        notes=_notes(f for row in cells for f in row),
    )
