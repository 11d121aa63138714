"""The whole site plus one test-only page with every kind of chart (tests/test_monitoring_charts.py), so the browser
test can run axe-core over the charts inside base.html. Used with `@pytest.mark.urls("tests.urls_charts")`."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from coalition.urls import handler403, handler404, handler500  # noqa: F401
from coalition.urls import urlpatterns as site_urlpatterns
from monitoring import charts
from monitoring.suppression import NOT_AVAILABLE, Figure, count, suppress_list

PAGE = """{% extends "base.html" %}{% load monitoring_charts %}
{% block title %}Grafieken{% endblock %}
{% block content %}<h1>Grafieken</h1>
{% bar_chart bar %}
{% time_chart grouped %}
{% time_chart stacked %}
{% ambition_chart ambition %}
{% heat_table heat %}
{% bar_chart empty_bar %}
{% time_chart empty_time %}
{% endblock %}"""

MONTHS = [date(2025, month, 1) for month in range(7, 13)] + [date(2026, month, 1) for month in range(1, 7)]


def sample_charts() -> dict[str, object]:
    """One chart of each kind, with hidden figures ("<10", "x") and a missing one ("–") among them."""
    per_channel, _ = suppress_list([412, 3, 87, 25, 0])
    channels = ["Telefoon", "Webformulier", "Huisarts", "Wijkteam en andere partners in de wijk", "E-mail"]
    phone = [count(n) for n in (40, 52, 38, 61, 47, 55, 70, 66, 58, 49, 63, 71)]
    web = [count(n) for n in (12, 4, 15, 18, 0, 22, 19, 25, 11, 16, 8, 21)]
    partner = [count(n) for n in (30, 28, 35, 33, 31, 29, 40, 38, 36, 34, 30, 32)]
    partner[3] = Figure(None, "aanvullend")
    return {
        "bar": charts.bar_chart("Signalen per kanaal", list(zip(channels, per_channel, strict=True))),
        "grouped": charts.time_chart(
            "Signalen per maand", MONTHS, [("Telefoon", phone), ("Webformulier", web), ("Partner", partner)]
        ),
        "stacked": charts.time_chart(
            "Signalen per maand", MONTHS, [("Telefoon", phone), ("Webformulier", web)], stacked=True
        ),
        "ambition": charts.ambition_chart(
            "Eenzaamheid in Enschede",
            [(2016, 45.0), (2020, None), (2021, 51.0), (2024, 47.5)],
            [(2021, 51.0), (2026, 25.0)],
            target=(2026, 25.0),
        ),
        "heat": charts.heat_table(
            "Activiteiten per wijk en doelgroep",
            ["Centrum", "Noord", "Zuid"],
            ["Ouderen", "Jongeren", "Mantelzorgers"],
            [[count(12), count(0), count(3)], [count(40), count(25), NOT_AVAILABLE], [count(0), count(18), count(11)]],
            corner="Wijk",
        ),
        "empty_bar": charts.bar_chart("Verwijzingen per organisatie", []),
        "empty_time": charts.time_chart("Nieuwe meldingen per maand", [], []),
    }


def charts_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(engines["django"].from_string(PAGE).render(sample_charts(), request))


urlpatterns = [*site_urlpatterns, path("test/grafieken/", charts_page)]
