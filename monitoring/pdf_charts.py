"""The dashboard's charts drawn in the PDF with reportlab's graphics, from the same geometry the SVG uses
(monitoring/charts.py: SVG coordinates, y downwards; reportlab's y runs upwards, so every y is flipped). The table
beside each chart carries the figures; the drawing is the picture of them."""

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from .charts import AmbitionChart, BarChart, Text, TimeChart

# The colours of static/css/omzien.css (.chart-series-1 … 6), for the PDF.
SERIES = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#332288", "#8a6d00"]
INK = colors.HexColor("#1b1b1b")
GRID = colors.HexColor("#cccccc")
WIDTH = 150 * mm


def _series_colour(css_class: str) -> colors.Color:
    number = int(css_class.rsplit("-", 1)[-1]) if css_class[-1:].isdigit() else 1
    return colors.HexColor(SERIES[(number - 1) % len(SERIES)])


def _text(text: Text, height: float, size: float) -> String:
    anchor = {"start": "start", "middle": "middle", "end": "end"}.get(text.anchor, "start")
    return String(text.x, height - text.y, text.text, fontName="Helvetica", fontSize=size, fillColor=INK,
                  textAnchor=anchor)  # fmt: skip


def _scaled(group: Group, width: float, height: float) -> Drawing:
    scale = min(1.0, WIDTH / width)
    group.scale(scale, scale)
    drawing = Drawing(width * scale, height * scale)
    drawing.add(group)
    return drawing


def _points(svg_points: str, height: float) -> list[float]:
    """ "x,y x,y …" of an SVG polyline, flipped."""
    flat: list[float] = []
    for pair in svg_points.split():
        x, y = pair.split(",")
        flat += [float(x), height - float(y)]
    return flat


def ambition_drawing(chart: AmbitionChart) -> Drawing:
    h, size = chart.height, chart.font_size
    group = Group()
    for tick in chart.y_ticks:
        group.add(Line(chart.plot_left, h - tick.position, chart.plot_left + chart.plot_width, h - tick.position,
                       strokeColor=GRID, strokeWidth=0.5))  # fmt: skip
        group.add(_text(tick.label, h, size))
    for label in chart.x_labels:
        group.add(_text(label, h, size))
    if chart.line_points:
        group.add(PolyLine(_points(chart.line_points, h), strokeColor=INK, strokeWidth=1.5, strokeDashArray=[5, 4]))
    for run in chart.measured_lines:
        group.add(PolyLine(_points(run, h), strokeColor=colors.HexColor(SERIES[0]), strokeWidth=2))
    for point in chart.measured:
        group.add(
            Circle(point.x, h - point.y, chart.dot_radius, fillColor=colors.HexColor(SERIES[0]), strokeColor=None)
        )
    if chart.target is not None:
        group.add(Circle(chart.target.x, h - chart.target.y, chart.target_radius, fillColor=colors.white,
                         strokeColor=INK, strokeWidth=2))  # fmt: skip
    if chart.target_label is not None:
        group.add(_text(chart.target_label, h, size))
    return _scaled(group, chart.width, chart.height)


def bar_drawing(chart: BarChart) -> Drawing:
    h, size = chart.height, chart.font_size
    group = Group()
    for row in chart.rows:
        for line in row.label_lines:
            group.add(_text(line, h, size))
        if row.bar is not None:
            bar = row.bar
            group.add(Rect(bar.x, h - bar.y - bar.height, bar.width, bar.height,
                           fillColor=colors.HexColor(SERIES[0]), strokeColor=None))  # fmt: skip
        group.add(_text(row.value, h, size))
    return _scaled(group, chart.width, chart.height)


def time_drawing(chart: TimeChart) -> Drawing:
    h, size = chart.height, chart.font_size
    group = Group()
    for tick in chart.y_ticks:
        group.add(Line(chart.plot_left, h - tick.position, chart.plot_left + chart.plot_width, h - tick.position,
                       strokeColor=GRID, strokeWidth=0.5))  # fmt: skip
        group.add(_text(tick.label, h, size))
    for label in chart.x_labels:
        group.add(_text(label, h, size))
    for month in chart.months:
        for column in month.columns:
            r = column.rect
            group.add(Rect(r.x, h - r.y - r.height, r.width, r.height, fillColor=_series_colour(column.css_class),
                           strokeColor=None))  # fmt: skip
        if month.marker is not None:
            group.add(_text(month.marker, h, size))
    return _scaled(group, chart.width, chart.height)


def drawing_for(chart: object) -> Drawing | None:
    """The chart as a reportlab drawing; None for a heat table (the table itself is the picture)."""
    if isinstance(chart, AmbitionChart):
        return ambition_drawing(chart)
    if isinstance(chart, BarChart):
        return bar_drawing(chart)
    if isinstance(chart, TimeChart):
        return time_drawing(chart)
    return None
