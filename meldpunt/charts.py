"""Geometry for the meldpunt's two inline SVG charts: no JavaScript, no chart library, no database.

The functions return plain dicts for a template. Every coordinate is a pre-formatted string with a dot as the
decimal separator, because Django localises floats in templates ("12,5" in Dutch), which would break the SVG.
The charts are decorative: the template shows the same numbers in a table and marks the SVG aria-hidden="true".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date

from django.utils.formats import date_format

from meldpunt.scales import PG_DIMENSIONS, PG_MAX, PG_MIN

SPIDER_RINGS = (2, 4, 6, 8, 10)
# Fewer axes make no polygon.
SPIDER_MIN_AXES = 3
# An axis that ends further left or right of the centre than this (a share of the radius) has its label beside
# it; a near-vertical one has it centred.
SIDE_LABEL_FROM = 0.1
# Up to this value the trend chart's axis has a tick at every whole number, above it about ten ticks.
TICK_EVERY_NUMBER_UP_TO = 12


def _num(value: float) -> str:
    """12.5 -> "12.5", 150.0 -> "150", -0.001 -> "0"."""
    text = f"{round(value, 2) + 0.0:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _points(coords: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)


def _split_label(label: str, max_chars: int = 12) -> list[str]:
    """Split a long label over two lines at the space that gives the shortest longest line."""
    words = label.split()
    if len(label) <= max_chars or len(words) <= 1:  # one word stays whole
        return [label]
    candidates: list[tuple[str, str]] = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(candidates, key=lambda pair: max(len(pair[0]), len(pair[1])))
    return [first, second]


def spider_chart(
    scores: Mapping[str, int],
    size: int = 300,
    axes: Sequence[tuple[str, str]] | None = None,
) -> dict:
    """A spider chart ("spinnenweb") of scores 0-10, one axis per dimension, the first axis pointing up.

    `axes` is a list of (key, label), by default the six Positieve Gezondheid dimensions in spinnenweb order.
    Every axis needs a whole-number score 0-10 in `scores`; anything else raises ValueError.

    The drawing lives in a size x size square; `view_box` adds room left and right for the labels.
    Returns: view_box, width, height, centre (cx, cy), radius, font_size, polygon (points string of the scores),
    rings (value, points string, label x/y for the ring's number), axes (key, label, value, x1/y1 = centre,
    x2/y2 = the axis end at 10, point_x/point_y = the score, label_x/label_y, anchor = SVG text-anchor,
    lines = label lines with their own x/y for <tspan>).
    """
    if axes is None:
        axes = [(dimension.key, str(dimension.name)) for dimension in PG_DIMENSIONS]
    if len(axes) < SPIDER_MIN_AXES:
        raise ValueError("A spider chart needs at least three axes.")
    values = []
    for key, _label in axes:
        value = scores.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not PG_MIN <= value <= PG_MAX:
            raise ValueError(f"Score for {key!r} must be a whole number from {PG_MIN} to {PG_MAX}, not {value!r}.")
        values.append(value)

    centre = size / 2
    radius = size * 0.36
    font_size = size / 25
    line_height = font_size * 1.2
    label_gap = font_size * 0.6
    pad = round(size * 0.35)

    def unit(index: int) -> tuple[float, float]:
        angle = 2 * math.pi * index / len(axes)  # clockwise from the top
        return math.sin(angle), -math.cos(angle)

    def at(index: int, value: float) -> tuple[float, float]:
        ux, uy = unit(index)
        r = radius * value / PG_MAX
        return centre + ux * r, centre + uy * r

    axis_rows = []
    for index, ((key, label), value) in enumerate(zip(axes, values, strict=True)):
        ux, uy = unit(index)
        x2, y2 = at(index, PG_MAX)
        px, py = at(index, value)
        lx, ly = centre + ux * (radius + label_gap), centre + uy * (radius + label_gap)
        anchor = "start" if ux > SIDE_LABEL_FROM else "end" if ux < -SIDE_LABEL_FROM else "middle"
        lines = _split_label(str(label))
        block = len(lines) * line_height
        # Above the top axis, below the bottom one, centred beside the side axes.
        top = ly - block / 2 + uy * block / 2
        axis_rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "x1": _num(centre),
                "y1": _num(centre),
                "x2": _num(x2),
                "y2": _num(y2),
                "point_x": _num(px),
                "point_y": _num(py),
                "label_x": _num(lx),
                "label_y": _num(ly),
                "anchor": anchor,
                "lines": [
                    {"text": text, "x": _num(lx), "y": _num(top + i * line_height + font_size * 0.85)}
                    for i, text in enumerate(lines)
                ],
            }
        )

    rings = []
    for ring in SPIDER_RINGS:
        rx, ry = at(0, ring)
        rings.append(
            {
                "value": ring,
                "points": _points([at(i, ring) for i in range(len(axes))]),
                "label_x": _num(rx + font_size * 0.3),
                "label_y": _num(ry - font_size * 0.2),
            }
        )

    return {
        "view_box": f"{-pad} 0 {size + 2 * pad} {size}",
        "width": str(size + 2 * pad),
        "height": str(size),
        "cx": _num(centre),
        "cy": _num(centre),
        "radius": _num(radius),
        "font_size": _num(font_size),
        "polygon": _points([at(i, value) for i, value in enumerate(values)]),
        "rings": rings,
        "axes": axis_rows,
    }


def trend_chart(
    points: Sequence[tuple[date, int]],
    max_value: int,
    width: int = 600,
    height: int = 240,
    reference_lines: Sequence[tuple[int, str]] = (),
) -> dict:
    """A line chart of repeated measurements (e.g. De Jong Gierveld totals) over time.

    x is proportional to time. Measurements on the same day are spread a little around that day so none hides
    another; a single day (one or more measurements) sits in the middle. Points are sorted by date (stable).
    `reference_lines` are (value, label) pairs drawn as horizontal lines, e.g. [(3, "eenzaam")].
    Values must be whole numbers from 0 to `max_value`; an empty list gives an empty chart.

    Returns: view_box, width, height, plot (left, right, top, bottom), polyline (points string, "" for fewer than
    two points), points (x, y, value, date, label = localised short date, show_label = False where the date label
    would overlap the previous one), y_ticks (value, y), reference_lines (value, label, y), empty.
    """
    if isinstance(max_value, bool) or not isinstance(max_value, int) or max_value < 1:
        raise ValueError(f"max_value must be a whole number of at least 1, not {max_value!r}.")
    for _day, value in points:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= max_value:
            raise ValueError(f"Value {value!r} is not a whole number from 0 to {max_value}.")
    for value, _label in reference_lines:
        if not 0 <= value <= max_value:
            raise ValueError(f"Reference line {value!r} is outside 0 to {max_value}.")

    font_size = 12
    left, right = 48.0, width - 40.0  # room for the y labels and for half a date label at either end
    top, bottom = 16.0, height - 36.0
    plot_width, plot_height = right - left, bottom - top

    def y_of(value: float) -> float:
        return bottom - plot_height * value / max_value

    ordered = sorted(points, key=lambda point: point[0])
    days = sorted({day for day, _value in ordered})
    span = (days[-1] - days[0]).days if days else 0

    def day_x(day: date) -> float:
        if span == 0:
            return left + plot_width / 2
        return left + plot_width * (day - days[0]).days / span

    spread = 14.0
    xs: list[float] = []
    for day in days:
        group = [point for point in ordered if point[0] == day]
        centre = day_x(day)
        half = spread * (len(group) - 1) / 2
        centre = min(max(centre, left + half), right - half)  # keep the whole group inside the plot
        xs.extend(centre - half + spread * i for i in range(len(group)))

    min_label_gap = font_size * 6
    last_label_x = -math.inf
    point_rows = []
    for (day, value), x in zip(ordered, xs, strict=True):
        show = x - last_label_x >= min_label_gap
        if show:
            last_label_x = x
        point_rows.append(
            {
                "x": _num(x),
                "y": _num(y_of(value)),
                "value": value,
                "date": day,
                "label": date_format(day, "SHORT_DATE_FORMAT"),
                "show_label": show,
            }
        )

    step = 1 if max_value <= TICK_EVERY_NUMBER_UP_TO else math.ceil(max_value / 10)
    ticks = list(range(0, max_value + 1, step))
    if ticks[-1] != max_value:
        ticks.append(max_value)

    return {
        "view_box": f"0 0 {width} {height}",
        "width": str(width),
        "height": str(height),
        "font_size": str(font_size),
        "plot": {"left": _num(left), "right": _num(right), "top": _num(top), "bottom": _num(bottom)},
        "label_y": _num(bottom + font_size * 1.6),
        "polyline": _points([(x, y_of(value)) for (_day, value), x in zip(ordered, xs, strict=True)])
        if len(ordered) > 1
        else "",
        "points": point_rows,
        "y_ticks": [{"value": tick, "y": _num(y_of(tick))} for tick in ticks],
        "reference_lines": [
            {"value": value, "label": label, "y": _num(y_of(value))} for value, label in reference_lines
        ],
        "empty": not ordered,
    }
