"""`{% load monitoring_charts %}`: the dashboard's charts (monitoring/charts.py) as accessible HTML.

- `{% bar_chart chart %}`, `{% time_chart chart %}`, `{% ambition_chart chart %}`: a `<figure>` with its title, the
  inline SVG (role="img", with a `<title>` and a `<desc>`) and, next to it, the table with every figure.
- `{% heat_table chart %}`: the shaded HTML table (there is no SVG: the table is the chart).

Each takes `id="..."` for the figure's id (its SVG and table ids derive from it); without it, the id is "grafiek-"
and the slugified title, with "-2", "-3" … when a page holds more charts of that title.
"""

from typing import cast

from django import template
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.text import slugify

from ..charts import AmbitionChart, BarChart, HeatTable, TimeChart

register = template.Library()

_IDS_TAKEN = "monitoring_charts.ids"


def chart_id(context: Context, title: str, given: str = "") -> str:
    """A unique id on this page. The ids taken live in the render context's outermost layer, which every template
    of one page shares (the included ones too), so two charts with the same title get different ids."""
    outermost = cast("dict[str, set[str]]", context.render_context.dicts[0])
    taken = outermost.setdefault(_IDS_TAKEN, set())
    base = given or f"grafiek-{slugify(title)}".rstrip("-")
    unique, n = base, 1
    while unique in taken:
        n += 1
        unique = f"{base}-{n}"
    taken.add(unique)
    return unique


def _check(chart: object, expected: type) -> None:
    if not isinstance(chart, expected):
        raise TypeError(f"this tag draws a {expected.__name__}, not {type(chart).__name__}")


@register.inclusion_tag("monitoring/charts/bar_chart.html", takes_context=True)
def bar_chart(context: Context, chart: BarChart, id: str = "") -> dict[str, object]:
    _check(chart, BarChart)
    return {"chart": chart, "id": chart_id(context, chart.title, id)}


@register.inclusion_tag("monitoring/charts/time_chart.html", takes_context=True)
def time_chart(context: Context, chart: TimeChart, id: str = "") -> dict[str, object]:
    _check(chart, TimeChart)
    return {"chart": chart, "id": chart_id(context, chart.title, id)}


@register.inclusion_tag("monitoring/charts/ambition_chart.html", takes_context=True)
def ambition_chart(context: Context, chart: AmbitionChart, id: str = "") -> dict[str, object]:
    _check(chart, AmbitionChart)
    return {"chart": chart, "id": chart_id(context, chart.title, id)}


@register.inclusion_tag("monitoring/charts/heat_table.html", takes_context=True)
def heat_table(context: Context, chart: HeatTable, id: str = "") -> dict[str, object]:
    _check(chart, HeatTable)
    return {"chart": chart, "id": chart_id(context, chart.title, id)}


_TEMPLATES: dict[type, str] = {
    BarChart: "monitoring/charts/bar_chart.html",
    TimeChart: "monitoring/charts/time_chart.html",
    AmbitionChart: "monitoring/charts/ambition_chart.html",
    HeatTable: "monitoring/charts/heat_table.html",
}


@register.simple_tag(takes_context=True)
def render_chart(context: Context, chart: BarChart | TimeChart | AmbitionChart | HeatTable, id: str = "") -> str:
    """Any of the four charts, by its kind: what a panel's table carries (`{% render_chart table.chart %}`)."""
    name = _TEMPLATES.get(type(chart))
    if name is None:
        raise TypeError(f"no chart template for {type(chart).__name__}")
    chart_context = {"chart": chart, "id": chart_id(context, chart.title, id)}
    return render_to_string(name, chart_context, request=context.get("request"))
