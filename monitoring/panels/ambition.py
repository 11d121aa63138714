"""Panel 1: the ambition. The GGD Gezondheidsmonitor's loneliness figures per gemeente, wijk and year, and each
gemeente's ambition as a line from its baseline to its target with the measurements against it. These are
published percentages, not counts of our own people: shown as published, a small sample flagged."""

from django.utils.translation import gettext

from .. import charts
from .. import queries as monitoring_queries
from ..models import AgeGroup
from ..suppression import Figure, percentage, quantity
from .base import Cell, DataTable, Panel, Selection

FEW = 3  # up to this many gemeenten, the dashboard draws each one's ambition chart without choosing one


def _pct(value) -> Figure:
    return percentage(value)


def build(selection: Selection) -> Panel:
    figures = monitoring_queries.ggd_figures(gemeente_ids=selection.gemeente_ids, wijk_id=selection.wijk_id)
    lines = monitoring_queries.ambition_lines(selection.gemeente_ids, figures=figures)
    panel = Panel(
        key="ambitie",
        title=gettext("Ambitie: minder eenzaamheid"),
        intro=gettext(
            "Cijfers van de GGD Gezondheidsmonitor (het deel van de inwoners dat zich eenzaam voelt), tegenover "
            "de ambitie van elke gemeente: een lijn van het beginpunt naar het doel."
        ),
    )
    if not lines and not figures:
        panel.empty = gettext(
            "Nog geen GGD-cijfers of ambities ingevoerd. Een coördinator importeert ze in het beheer "
            "(Monitoring, Gezondheidscijfers)."
        )
        return panel
    groups = dict(AgeGroup.choices)
    panel.tables.append(_overview(lines))
    if not (selection.one_gemeente or len(lines) <= FEW):
        panel.notes.append(gettext("Kies één gemeente voor de grafiek van haar ambitie en al haar GGD-cijfers."))
        return panel
    panel.tables += [line_table(line) for line in lines]
    panel.tables.append(_figures_table(figures, groups))
    return panel


def line_table(line) -> DataTable:
    """One gemeente's measurements against its ambition line, drawn as a chart (the dashboard, /voortgang/)."""
    groups = dict(AgeGroup.choices)
    rows: list[list[Cell]] = [
        [
            str(point.year),
            _pct(point.pct),
            _pct(point.expected) if point.expected is not None else "",
            gettext("kleine steekproef") if point.small_sample else "",
        ]
        for point in line.measured
    ]
    status = ""
    if line.on_track is True:
        status = gettext("Op koers: de laatste meting ligt op of onder de lijn.")
    elif line.on_track is False:
        status = gettext("Niet op koers: de laatste meting ligt boven de lijn.")
    table = DataTable(
        title=gettext("%(gemeente)s: eenzaam tegenover de ambitie") % {"gemeente": line.gemeente},
        headers=[gettext("Jaar"), gettext("Gemeten"), gettext("Volgens de lijn"), gettext("Opmerking")],
        rows=rows,
        note=" ".join(
            part
            for part in (
                gettext("Ambitie: van %(base)s%% in %(base_year)s naar %(target)s%% in %(target_year)s (%(group)s).")
                % {
                    "base": _pct(line.baseline.pct).text.rstrip("%"),
                    "base_year": line.baseline.year,
                    "target": _pct(line.target.pct).text.rstrip("%"),
                    "target_year": line.target.year,
                    "group": groups.get(line.group, line.group),
                },
                status,
            )
            if part
        ),
    )
    table.chart = charts.ambition_chart(
        table.title,
        [(point.year, float(point.pct)) for point in line.measured],
        [(point.year, float(point.pct)) for point in line.expected],
        target=(line.target.year, float(line.target.pct)),
    )
    return table


def _overview(lines) -> DataTable:
    """Each gemeente against its ambition in one row: where it started, where it wants to be, where it is."""
    rows: list[list[Cell]] = []
    for line in lines:
        latest = line.latest
        status = ""
        if line.on_track is True:
            status = gettext("op koers")
        elif line.on_track is False:
            status = gettext("niet op koers")
        rows.append(
            [
                line.gemeente,
                f"{_pct(line.baseline.pct).text} ({line.baseline.year})",
                f"{_pct(line.target.pct).text} ({line.target.year})",
                f"{_pct(latest.pct).text} ({latest.year})" if latest else gettext("nog geen meting"),
                _pct(latest.expected) if latest and latest.expected is not None else "",
                status,
            ]
        )
    return DataTable(
        title=gettext("Elke gemeente tegenover haar ambitie"),
        headers=[
            gettext("Gemeente"),
            gettext("Begin"),
            gettext("Doel"),
            gettext("Laatste meting"),
            gettext("Volgens de lijn"),
            gettext("Stand"),
        ],
        rows=rows,
        note=gettext("Op koers: de laatste meting ligt op of onder de lijn van begin naar doel."),
    )


def _figures_table(figures, groups) -> DataTable:
    rows = [
        [
            f"{f.gemeente}{' – ' + f.wijk if f.wijk else ''}",
            str(f.year),
            str(groups.get(f.group, f.group)),
            _pct(f.lonely),
            _pct(f.severely_lonely),
            _pct(f.emotionally_lonely),
            _pct(f.socially_lonely),
            quantity(f.sample_size) if f.sample_size else gettext("onbekend"),
        ]
        for f in figures
    ]
    return DataTable(
        title=gettext("Alle GGD-cijfers"),
        headers=[
            gettext("Gemeente of wijk"),
            gettext("Jaar"),
            gettext("Groep"),
            gettext("Eenzaam"),
            gettext("Ernstig eenzaam"),
            gettext("Emotioneel eenzaam"),
            gettext("Sociaal eenzaam"),
            gettext("Steekproef"),
        ],
        rows=rows,
        note=gettext("– : niet bekend in de bron. Ernstig eenzaam telt zeer ernstig eenzaam mee."),
    )
