"""The dashboard's charts (monitoring/charts.py, templates/monitoring/charts/, {% load monitoring_charts %}): their
geometry, the HTML they render (a figure, an SVG with a name, the table with every figure), their colours, and the
page of all charts in headless Chromium with axe-core."""

import itertools
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from monitoring import charts
from monitoring.charts import (
    CHAR_WIDTH,
    FONT_SIZE,
    MIN_RENDER_WIDTH,
    PALETTE_SIZE,
    WIDTH,
    ambition_chart,
    bar_chart,
    heat_table,
    time_chart,
)
from monitoring.suppression import COMPLEMENT, NOT_AVAILABLE, SMALL, Figure, count
from tests.browser import browser_page, serious_axe_violations

CSS = Path(settings.BASE_DIR) / "static" / "css" / "omzien.css"
HIDDEN = Figure(None, SMALL)
COMPLEMENTED = Figure(None, COMPLEMENT)


def months_from(year: int, month: int, n: int) -> list[date]:
    return [date(year + (month - 1 + k) // 12, (month - 1 + k) % 12 + 1, 1) for k in range(n)]


def extent(text: charts.Text) -> tuple[float, float]:
    """Where a text starts and ends across, by the charts' own estimate of its width."""
    width = len(text.text) * FONT_SIZE * CHAR_WIDTH
    start = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}[text.anchor]
    return start, start + width


def assert_inside(chart_width: float, chart_height: float, texts) -> None:
    for text in texts:
        start, end = extent(text)
        assert start >= 0 and end <= chart_width + 0.01, text
        assert FONT_SIZE * 0.7 <= text.y <= chart_height + 0.01, text


def all_texts(chart) -> list[charts.Text]:
    if isinstance(chart, charts.BarChart):
        return [t for row in chart.rows for t in (*row.label_lines, row.value)]
    texts = [tick.label for tick in chart.y_ticks] + list(chart.x_labels)
    if isinstance(chart, charts.TimeChart):
        return texts + [m.marker for m in chart.months if m.marker]
    return texts + ([chart.target_label] if chart.target_label else [])


# ---------------------------------------------------------------------------------------------------------------
# Bar chart
# ---------------------------------------------------------------------------------------------------------------
def test_the_longest_bar_spans_the_full_width_and_each_bar_is_proportional_to_its_value():
    chart = bar_chart("Signalen per kanaal", [("Telefoon", count(400)), ("Huisarts", count(100)), ("Mail", count(0))])

    telefoon, huisarts, mail = chart.rows
    assert telefoon.bar.x == chart.plot_left == 0
    assert telefoon.bar.width == chart.plot_width
    assert huisarts.bar.width == pytest.approx(chart.plot_width / 4, abs=0.01)
    assert mail.bar.width == 0
    # The figure right after its bar, and the whole chart inside its viewBox.
    assert telefoon.value.text == "400"
    assert telefoon.value.x == pytest.approx(telefoon.bar.width + charts.GAP)
    assert [row.label_lines[0].text for row in chart.rows] == ["Telefoon", "Huisarts", "Mail"]
    assert_inside(chart.width, chart.height, all_texts(chart))
    assert chart.unit == "Aantal"


def test_a_hidden_figure_draws_no_bar_but_its_marker_where_the_bar_would_start():
    chart = bar_chart("Verwijzingen", [("Groot", count(250)), ("Klein", HIDDEN), ("Aanvullend", COMPLEMENTED)])

    groot, klein, aanvullend = chart.rows
    assert groot.bar is not None
    assert klein.bar is None
    assert aanvullend.bar is None
    assert (klein.value.text, aanvullend.value.text) == ("<10", "x")
    assert klein.value.x == chart.zero_x + charts.GAP
    # The hidden figures do not stretch the scale: the one shown is the longest.
    assert groot.bar.width == chart.plot_width
    assert [note.marker for note in chart.notes] == ["<10", "x"]
    assert chart.notes[0].explanation == HIDDEN.explanation


def test_a_missing_figure_shows_a_dash_and_no_bar():
    chart = bar_chart("Mediaan dagen", [("Meldpunt A", Figure(4.5, kind="days")), ("Meldpunt B", NOT_AVAILABLE)])

    assert chart.rows[0].value.text == "4,5"
    assert chart.rows[1].bar is None
    assert chart.rows[1].value.text == "–"
    assert chart.notes == ()  # a dash needs no explanation


def test_a_negative_figure_grows_left_of_the_zero_line():
    chart = bar_chart("Verandering", [("Groep", Figure(-2.0, kind="decimal")), ("Maatje", Figure(6.0, kind="decimal"))])

    down, up = chart.rows
    assert down.bar.x + down.bar.width == pytest.approx(chart.zero_x)
    assert up.bar.x == chart.zero_x
    assert up.bar.width == pytest.approx(3 * down.bar.width, abs=0.02)
    assert down.bar.width + up.bar.width == pytest.approx(chart.plot_width, abs=0.02)
    assert down.value.anchor == "end"
    assert_inside(chart.width, chart.height, all_texts(chart))


def test_a_long_label_wraps_onto_two_lines_inside_the_chart():
    long = "Stichting Welzijn en Zorg voor Ouderen in Twenterand, afdeling Vriezenveen en Westerhaar"
    chart = bar_chart("Verwijzingen per organisatie", [(long, count(30)), ("Kort", count(12))])

    assert len(chart.rows[0].label_lines) == 2
    assert chart.rows[1].label_lines[0].y > chart.rows[0].bar.bottom
    assert_inside(chart.width, chart.height, all_texts(chart))


@given(
    st.lists(
        st.one_of(st.integers(min_value=0, max_value=10**7).map(count), st.just(HIDDEN), st.just(COMPLEMENTED)),
        min_size=1,
        max_size=20,
    )
)
def test_every_bar_is_proportional_for_any_list_of_figures(figures):
    chart = bar_chart("Lijst", [(f"Rij {i}", figure) for i, figure in enumerate(figures)])

    shown = [row for row in chart.rows if row.figure.shown]
    high = max((row.figure.value for row in shown), default=0)
    for row in chart.rows:
        if not row.figure.shown:
            assert row.bar is None
            assert row.value.text in ("<10", "x")
        elif high:
            assert row.bar.width == pytest.approx(row.figure.value / high * chart.plot_width, abs=0.02)
    if high:
        assert max(row.bar.width for row in shown) == chart.plot_width
    assert_inside(chart.width, chart.height, all_texts(chart))


# ---------------------------------------------------------------------------------------------------------------
# Column chart over time
# ---------------------------------------------------------------------------------------------------------------
def test_stacked_columns_add_up_to_the_months_total():
    months = months_from(2026, 1, 3)
    chart = time_chart(
        "Signalen per maand",
        months,
        [("Telefoon", [count(40), count(20), count(0)]), ("Web", [count(20), count(20), count(0)])],
        stacked=True,
    )

    scale = charts.Scale(0, 60, chart.baseline, chart.plot_top)
    assert [tick.label.text for tick in chart.y_ticks] == ["0", "20", "40", "60"]
    january = chart.months[0]
    telefoon, web = january.columns
    assert telefoon.rect.y + telefoon.rect.height == pytest.approx(chart.baseline)
    assert web.rect.y + web.rect.height == pytest.approx(telefoon.rect.y)  # on top of the first
    assert web.rect.y == pytest.approx(scale(60))  # 40 + 20
    assert telefoon.rect.height + web.rect.height == pytest.approx(chart.baseline - scale(60))
    assert (telefoon.css_class, web.css_class) == ("chart-series-1", "chart-series-2")
    assert telefoon.rect.x == web.rect.x
    assert chart.months[1].columns[1].rect.y == pytest.approx(scale(40))
    assert chart.description.startswith("Gestapeld kolomdiagram")


def test_a_hidden_part_of_a_stack_draws_nothing_and_the_month_gets_its_marker():
    chart = time_chart(
        "Signalen per maand",
        months_from(2026, 1, 2),
        [("Telefoon", [count(40), count(30)]), ("Web", [HIDDEN, count(12)]), ("Partner", [COMPLEMENTED, count(10)])],
        stacked=True,
    )

    january = chart.months[0]
    assert [column.series for column in january.columns] == [0]  # only the shown figure
    assert january.marker.text == "<10 x"
    assert january.marker.y < january.columns[0].rect.y  # above the column
    assert chart.months[1].marker is None
    assert january.figures == (count(40), HIDDEN, COMPLEMENTED)  # every figure for the table


def test_grouped_columns_stand_side_by_side_on_the_baseline():
    chart = time_chart(
        "Signalen per maand",
        months_from(2026, 1, 2),
        [("Telefoon", [count(50), count(25)]), ("Web", [count(100), count(0)])],
    )

    telefoon, web = chart.months[0].columns
    assert telefoon.rect.x + telefoon.rect.width == pytest.approx(web.rect.x)
    for column in (telefoon, web):
        assert column.rect.y + column.rect.height == pytest.approx(chart.baseline)
    assert web.rect.height == pytest.approx(2 * telefoon.rect.height)
    assert web.rect.y == pytest.approx(chart.plot_top)  # 100 is the top of the scale
    assert chart.months[1].columns[0].rect.x > web.rect.x + web.rect.width
    assert [item.text for item in chart.legend] == ["Telefoon", "Web"]
    assert chart.description.startswith("Kolomdiagram per maand")


def test_the_months_are_labelled_in_dutch_with_the_year_under_the_first_and_january():
    with translation.override("nl"):
        chart = time_chart("Per maand", months_from(2025, 11, 4), [("Alle", [count(10)] * 4)])

    assert [m.label for m in chart.months] == ["nov 2025", "dec 2025", "jan 2026", "feb 2026"]
    assert [t.text for t in chart.x_labels] == ["nov", "2025", "dec", "jan", "2026", "feb"]
    assert chart.legend == ()  # one series: nothing to tell apart
    with translation.override("nl"):
        assert time_chart("Per maand", [date(2026, 3, 1)], [("Alle", [count(10)])]).months[0].label == "mrt 2026"


def test_three_years_of_months_get_labels_that_do_not_overlap():
    with translation.override("nl"):
        chart = time_chart("Per maand", months_from(2023, 7, 36), [("Alle", [count(n) for n in range(36)])])

    names = [t for t in chart.x_labels if not t.text.isdigit()]
    assert 6 <= len(names) < 36
    for left, right in itertools.pairwise(names):
        assert extent(left)[1] + charts.GAP <= extent(right)[0] + 0.01
    years = [t for t in chart.x_labels if t.text.isdigit()]
    for left, right in itertools.pairwise(years):
        assert extent(left)[1] < extent(right)[0]
    assert_inside(chart.width, chart.height, all_texts(chart))


@given(
    st.lists(
        st.lists(st.one_of(st.integers(0, 5000).map(count), st.just(HIDDEN)), min_size=6, max_size=6),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_the_scale_holds_every_column_and_stacks_add_up_for_any_figures(rows, stacked):
    chart = time_chart(
        "Per maand", months_from(2025, 1, 6), [(f"S{i}", row) for i, row in enumerate(rows)], stacked=stacked
    )

    top_value = float(chart.y_ticks[-1].label.text.replace(".", ""))
    scale = charts.Scale(0, top_value, chart.baseline, chart.plot_top)
    for i, month in enumerate(chart.months):
        for column in month.columns:
            assert chart.plot_top - 0.01 <= column.rect.y <= chart.baseline
            assert column.rect.height >= 0
        if stacked and month.columns:
            total = sum(row[i].value for row in rows if row[i].shown)
            assert min(c.rect.y for c in month.columns) == pytest.approx(scale(total), abs=0.05)
            assert sum(c.rect.height for c in month.columns) == pytest.approx(chart.baseline - scale(total), abs=0.05)
    assert_inside(chart.width, chart.height, all_texts(chart))


def test_percentages_over_time_get_a_percent_sign_on_their_axis():
    chart = time_chart("Zelfmeldingen", months_from(2026, 1, 2), [("Aandeel", [Figure(35.0, kind="percent"), HIDDEN])])

    assert [tick.label.text for tick in chart.y_ticks] == ["0%", "10%", "20%", "30%", "40%"]
    assert chart.months[1].marker.text == "<10"


def test_a_series_needs_a_figure_for_every_month_and_counts_are_never_negative():
    with pytest.raises(ValueError, match="one figure per month"):
        time_chart("Per maand", months_from(2026, 1, 2), [("Alle", [count(10)])])
    with pytest.raises(ValueError, match="never negative"):
        time_chart("Per maand", months_from(2026, 1, 1), [("Alle", [Figure(-1)])])


# ---------------------------------------------------------------------------------------------------------------
# The ambition
# ---------------------------------------------------------------------------------------------------------------
def test_the_ambition_line_runs_from_baseline_to_target_and_the_target_is_labelled():
    with translation.override("nl"):
        chart = ambition_chart(
            "Enschede: eenzaam", [(2021, 51.0), (2022, 49.0)], [(2021, 51.0), (2026, 25.0)], target=(2026, 25.0)
        )

    baseline, target = chart.line
    assert chart.line_points == f"{baseline.x},{baseline.y} {target.x},{target.y}"
    assert (chart.target.x, chart.target.y) == (target.x, target.y)
    assert chart.measured[0].x == baseline.x
    assert chart.measured[0].y == baseline.y  # the measured 2021 is the baseline
    # The value axis: 0% to a round 60%, so 51% is inside it.
    assert [t.label.text for t in chart.y_ticks] == ["0%", "20%", "40%", "60%"]
    scale = charts.Scale(0, 60, chart.baseline, chart.plot_top)
    assert (baseline.y, target.y) == (scale(51), scale(25))
    assert chart.target_label.text == "doel 2026: 25%"
    assert chart.target_label.y > chart.target.y  # below: the line comes down to it from above
    assert [t.text for t in chart.x_labels] == [str(year) for year in range(2021, 2027)]
    assert [(r.year, r.measured, r.ambition, r.target) for r in chart.rows] == [
        (2021, "51%", "51%", False),
        (2022, "49%", "–", False),
        (2026, "–", "25%", True),
    ]
    assert_inside(chart.width, chart.height, all_texts(chart))


def test_a_year_without_a_measurement_breaks_the_measured_line():
    chart = ambition_chart("Twenterand", [(2016, 36.0), (2020, None), (2022, 33.5), (2024, 31.0)], [], target=None)

    assert [p.year for p in chart.measured] == [2016, 2022, 2024]
    assert len(chart.measured_lines) == 1  # 2016 stands alone; 2022–2024 is one line
    assert chart.measured_lines[0].count(",") == 2
    assert chart.rows[1].measured == "–"
    assert chart.rows[2].measured == "33,5%"
    assert chart.target_label is None
    assert chart.line_points == ""


@given(
    st.lists(st.tuples(st.integers(2010, 2035), st.one_of(st.none(), st.floats(0, 100))), max_size=8),
    st.lists(st.tuples(st.integers(2010, 2035), st.floats(0, 100)), max_size=3),
    st.one_of(st.none(), st.tuples(st.integers(2010, 2035), st.floats(0, 100))),
)
def test_the_scale_of_the_ambition_chart_includes_every_point(measured, line, target):
    chart = ambition_chart("Eenzaamheid", measured, line, target=target)

    top = float(chart.y_ticks[-1].label.text.rstrip("%").replace(",", "."))
    assert chart.y_ticks[0].label.text == "0%"
    assert top <= 100
    points = [*chart.measured, *chart.line, *([chart.target] if chart.target else [])]
    assert len(chart.measured) == sum(1 for _, v in measured if v is not None)
    for point in points:
        assert point.value <= top
        assert chart.plot_top <= point.y <= chart.baseline
        assert chart.plot_left <= point.x <= chart.plot_right
    assert_inside(chart.width, chart.height, all_texts(chart))


# ---------------------------------------------------------------------------------------------------------------
# Heat table
# ---------------------------------------------------------------------------------------------------------------
def test_the_heat_table_marks_a_gap_and_shades_by_value_but_not_a_hidden_figure():
    chart = heat_table(
        "Witte vlekken",
        ["Centrum", "Noord"],
        ["Ouderen", "Jongeren", "Mantelzorgers"],
        [[count(0), count(10), count(20)], [count(40), HIDDEN, NOT_AVAILABLE]],
        corner="Wijk",
    )

    assert [[c.css_class for c in row.cells] for row in chart.rows] == [
        ["heat-0", "heat-1", "heat-2"],
        ["heat-4", "heat-hidden", "heat-hidden"],
    ]
    assert [[c.figure.text for c in row.cells] for row in chart.rows] == [["0", "10", "20"], ["40", "<10", "–"]]
    assert [(item.text, item.css_class) for item in chart.legend] == [
        ("0: niets (witte vlek)", "heat-0"),
        ("1–10", "heat-1"),
        ("11–20", "heat-2"),
        ("21–30", "heat-3"),
        ("31–40", "heat-4"),
    ]
    assert [note.marker for note in chart.notes] == ["<10"]


def test_the_heat_levels_leave_out_ranges_without_a_whole_number():
    chart = heat_table("Klein", ["A"], ["x", "y"], [[Figure(1), Figure(2)]])  # activities, not people: not hidden

    assert [c.css_class for c in chart.rows[0].cells] == ["heat-2", "heat-4"]
    assert [item.text for item in chart.legend] == ["0: niets (witte vlek)", "1", "2"]


def test_a_heat_table_needs_a_cell_for_every_label():
    with pytest.raises(ValueError, match="one cell per column label"):
        heat_table("Scheef", ["A", "B"], ["x"], [[count(1)], [count(1), count(2)]])


# ---------------------------------------------------------------------------------------------------------------
# Empty charts, sizes and colours
# ---------------------------------------------------------------------------------------------------------------
EMPTY_CHARTS = [
    ("bar_chart", bar_chart("Leeg", [])),
    ("time_chart", time_chart("Leeg", [], [])),
    ("time_chart", time_chart("Leeg", months_from(2026, 1, 3), [])),
    ("ambition_chart", ambition_chart("Leeg", [], [], target=None)),
    ("heat_table", heat_table("Leeg", [], ["Ouderen"], [])),
]


@pytest.mark.parametrize(("tag", "chart"), EMPTY_CHARTS)
def test_no_data_is_an_empty_state_not_an_error(tag, chart):
    html = Template("{% load monitoring_charts %}{% " + tag + " chart %}").render(Context({"chart": chart}))

    assert chart.empty
    assert "Nog geen gegevens" in html
    assert "<svg" not in html
    assert "<table" not in html
    assert "<figcaption" in html


def test_the_text_in_a_chart_is_at_least_12_px_on_a_phone():
    assert FONT_SIZE * MIN_RENDER_WIDTH / WIDTH >= 12
    assert MIN_RENDER_WIDTH <= 390 - 2 * 13.5  # a 390 px phone minus the page's padding (0.75rem at 18 px)


def relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted([relative_luminance(one), relative_luminance(other)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_series_colour_has_3_to_1_contrast_against_white():
    colours = dict(re.findall(r"\.chart-series-(\d) \{ --chart-colour: (#[0-9a-f]{6}); \}", CSS.read_text()))

    assert sorted(colours) == [str(n) for n in range(1, PALETTE_SIZE + 1)]
    assert len(set(colours.values())) == PALETTE_SIZE
    assert {n: round(contrast(c, "#ffffff"), 1) for n, c in colours.items() if contrast(c, "#ffffff") < 3} == {}


def test_the_text_in_every_heat_shade_has_4_5_to_1_contrast():
    shades = re.findall(
        r"\.(heat-(?:\d|hidden)) \{ background-color: (#[0-9a-f]{6}); color: (#[0-9a-f]{6});", CSS.read_text()
    )

    assert [name for name, _, _ in shades] == ["heat-0", "heat-1", "heat-2", "heat-3", "heat-4", "heat-hidden"]
    assert {name: round(contrast(bg, fg), 2) for name, bg, fg in shades if contrast(bg, fg) < 4.5} == {}


# ---------------------------------------------------------------------------------------------------------------
# The HTML
# ---------------------------------------------------------------------------------------------------------------
class Elements(HTMLParser):
    """Every element of a piece of HTML as (tag, attributes, the text directly inside it)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[int] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), []))
        if tag not in ("line", "rect", "circle", "polyline", "path"):
            self.open.append(len(self.elements) - 1)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), []))

    def handle_endtag(self, tag):
        if self.open:
            self.open.pop()

    def handle_data(self, data):
        for index in self.open if data.strip() else ():
            self.elements[index][2].append(data.strip())

    def find(self, tag: str, **attrs: str) -> list[tuple[dict[str, str], str]]:
        return [
            (a, " ".join(text))
            for t, a, text in self.elements
            if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def by_id(self, id_: str) -> tuple[str, str]:
        [(tag, text)] = [(t, " ".join(text)) for t, a, text in self.elements if a.get("id") == id_]
        return tag, text


def render(source: str, **context) -> str:
    return Template("{% load monitoring_charts %}" + source).render(Context(context))


def test_a_bar_chart_is_a_figure_with_a_named_svg_and_a_table_with_every_figure():
    with translation.override("nl"):
        chart = bar_chart(
            "Signalen per kanaal",
            [("Telefoon", count(1234)), ("Webformulier", HIDDEN), ("Huisarts", COMPLEMENTED), ("Post", count(0))],
            unit="Signalen",
            category="Kanaal",
        )
        html = render("{% bar_chart chart %}", chart=chart)
    page = Elements(html)

    [(figure, _)] = page.find("figure")
    assert figure["id"] == "grafiek-signalen-per-kanaal"
    assert page.find("figcaption")[0][1] == "Signalen per kanaal"
    [(svg, _)] = page.find("svg")
    assert svg["role"] == "img"
    assert page.by_id(svg["aria-labelledby"]) == ("title", "Signalen per kanaal")
    assert page.by_id(svg["aria-describedby"]) == ("desc", "Staafdiagram; de cijfers staan in de tabel hieronder.")
    # Numbers in the SVG are never written the Dutch way ("12,5"): every coordinate reads as a number.
    assert [float(n) for n in svg["viewbox"].split()][:3] == [0, 0, WIDTH]
    for tag in ("rect", "text", "line"):
        for attrs, _ in page.find(tag):
            for name in ("x", "y", "width", "height", "x1", "y1", "x2", "y2"):
                if name in attrs:
                    float(attrs[name])
    assert len(page.find("rect")) == 2  # 1.234 and 0: no bar for the hidden two
    assert [text for _, text in page.find("text", class_="chart-marker")] == ["<10", "x"]
    # The table: a caption, headers with a scope, every figure as the dashboard prints it.
    assert page.find("caption")[0][1] == "De cijfers van: Signalen per kanaal"
    assert [(a["scope"], text) for a, text in page.find("th") if a.get("scope") == "col"] == [
        ("col", "Kanaal"),
        ("col", "Signalen"),
    ]
    assert [text for a, text in page.find("th") if a.get("scope") == "row"] == [
        "Telefoon",
        "Webformulier",
        "Huisarts",
        "Post",
    ]
    assert [text for _, text in page.find("td")] == ["1.234", "<10", "x", "0"]
    assert page.find("abbr") == [
        ({"title": HIDDEN.explanation}, "<10"),
        ({"title": COMPLEMENTED.explanation}, "x"),
    ]
    assert HIDDEN.explanation in html
    assert "<script" not in html


def test_the_time_and_ambition_charts_have_their_legend_and_table():
    with translation.override("nl"):
        grouped = time_chart(
            "Signalen per maand",
            months_from(2026, 1, 2),
            [("Telefoon", [count(30), HIDDEN]), ("Web", [count(12), count(0)])],
        )
        ambition = ambition_chart("Enschede", [(2021, 51.0)], [(2021, 51.0), (2026, 25.0)], target=(2026, 25.0))
        page = Elements(
            render("{% time_chart grouped %}{% ambition_chart ambition %}", grouped=grouped, ambition=ambition)
        )

    assert [text for _, text in page.find("th")] == [
        "Maand", "Telefoon", "Web", "jan 2026", "feb 2026",
        "Jaar", "Gemeten", "Ambitie", "2021", "2026 (doel)",
    ]  # fmt: skip
    assert [text for _, text in page.find("td")] == ["30", "12", "<10", "0", "51%", "51%", "–", "25%"]
    assert [text for _, text in page.find("li")] == [
        "Telefoon", "Web", "<10 Minder dan 10: niet getoond, zodat niemand te herkennen is.",
        "Gemeten", "Ambitie", "Doel",
    ]  # fmt: skip
    assert [text for _, text in page.find("text", class_="chart-target-label")] == ["doel 2026: 25%"]
    assert len(page.find("polyline")) == 1  # the ambition; one measured year is a dot, not a line
    assert len(page.find("circle")) == 2  # that dot and the target
    # The wide table scrolls on a phone: a region with a name that the keyboard can reach.
    [(region, _)] = page.find("div", class_="chart-scroll")
    assert region["tabindex"] == "0"
    assert page.by_id(region["aria-labelledby"]) == ("figcaption", "Signalen per maand")


def test_the_heat_table_prints_every_number_in_its_shaded_cell():
    chart = heat_table("Witte vlekken", ["Centrum"], ["Ouderen", "Jongeren"], [[count(0), count(14)]], corner="Wijk")
    page = Elements(render("{% heat_table chart %}", chart=chart))

    assert [(a["class"], text) for a, text in page.find("td")] == [
        ("heat-cell heat-0 monitor-count", "0"),  # monitor-<kind>: the walk over the dashboard reads it
        ("heat-cell heat-4 monitor-count", "14"),
    ]
    assert [text for _, text in page.find("th")] == ["Wijk", "Ouderen", "Jongeren", "Centrum"]
    assert page.find("svg") == []
    assert "0: niets (witte vlek)" in [text for _, text in page.find("li")]


def test_two_charts_with_the_same_title_get_different_ids_also_from_an_included_template():
    chart = bar_chart("Signalen per kanaal", [("Telefoon", count(12))])
    included = Template("{% load monitoring_charts %}{% bar_chart chart %}")
    html = render(
        "{% bar_chart chart %}{% include included %}{% bar_chart chart id='eigen-id' %}{% heat_table heat %}",
        chart=chart,
        included=included,
        heat=heat_table("Signalen per kanaal", ["A"], ["B"], [[count(0)]]),
    )
    page = Elements(html)

    figures = [a["id"] for a, _ in page.find("figure")]
    assert figures == [
        "grafiek-signalen-per-kanaal",
        "grafiek-signalen-per-kanaal-2",
        "eigen-id",
        "grafiek-signalen-per-kanaal-3",
    ]
    ids = [a["id"] for _, a, _ in page.elements if "id" in a]
    assert len(ids) == len(set(ids)) == 4 + 3 * 2 + 1  # the figures, the SVGs' title and desc, the heat caption
    labelled = [a["aria-labelledby"] for _, a, _ in page.elements if "aria-labelledby" in a]
    assert labelled == ["grafiek-signalen-per-kanaal-title", "grafiek-signalen-per-kanaal-2-title", "eigen-id-title",
                        "grafiek-signalen-per-kanaal-3-caption"]  # fmt: skip


def test_a_tag_refuses_a_chart_of_another_kind():
    with pytest.raises(TypeError, match="draws a BarChart, not HeatTable"):
        render("{% bar_chart chart %}", chart=heat_table("x", [], [], []))


@pytest.mark.django_db
def test_the_charts_ask_the_database_nothing(django_assert_num_queries):
    from tests.urls_charts import PAGE, sample_charts

    body = PAGE.split("{% block content %}")[1].split("{% endblock %}")[0]
    with django_assert_num_queries(0):
        html = render(body, **sample_charts())
    assert html.count("<figure") == 7


@pytest.mark.urls("tests.urls_charts")
@pytest.mark.django_db(transaction=True)
def test_a_page_with_every_chart_passes_axe_and_reads_on_a_phone(live_server):
    problems = {}
    with browser_page() as page:
        response = page.goto(live_server.url + "/test/grafieken/")
        assert response.status == 200
        assert page.locator("svg[role=img]").count() == 4
        assert page.get_by_role("img", name="Eenzaamheid in Enschede").count() == 1
        assert page.get_by_role("table").count() == 5
        problems["1280 px"] = serious_axe_violations(page)

        page.set_viewport_size({"width": 390, "height": 844})
        problems["390 px"] = serious_axe_violations(page)
        # No text in a chart smaller than 12 px, and nothing wider than the phone.
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('.chart-svg text')].map(
                text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a))"""
        )
        assert smallest >= 12
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    problems = {width: found for width, found in problems.items() if found}
    assert not problems, problems
