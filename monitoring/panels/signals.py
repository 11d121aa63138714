"""Panel 2: signals. Signals per month by channel, by the reporter's relation and by wijk (with the rate per 1,000
inhabitants aged 65+ where the population is known), the share of self-reports and new cases per month."""

from django.utils import formats
from django.utils.translation import gettext

from meldpunt import queries as meldpunt_queries

from .. import charts
from .. import queries as monitoring_queries
from ..suppression import (
    NOT_AVAILABLE,
    Figure,
    count,
    min_cell,
    quantity,
    share,
    statistic,
    suppress_list,
    suppress_table,
)
from .base import Cell, DataTable, Panel, Selection, headlines_over, label_rows
from .meldpunt_reads import headlines

PER_THOUSAND = 1000


def _month(day) -> str:
    return formats.date_format(day, "M Y")


def build(selection: Selection) -> Panel:
    period = selection.period
    figures = meldpunt_queries.signal_breakdown(period.start, period.end, **selection.scope())
    now, before, year_before = headlines(selection)
    panel = Panel(
        key="signalen",
        title=gettext("Signalen"),
        intro=gettext("Signalen van eenzaamheid die bij het meldpunt binnenkwamen, en de nieuwe meldingen."),
        headlines=headlines_over(
            [
                (gettext("Signalen"), [count(h.signals) for h in (now, before, year_before)]),
                (gettext("Nieuwe meldingen"), [count(h.new_cases) for h in (now, before, year_before)]),
                (
                    gettext("Deel dat de persoon zelf meldde"),
                    [share(h.self_reports, h.signals) for h in (now, before, year_before)],
                ),
            ]
        ),
    )
    if not figures.signals and not figures.new_cases:
        panel.empty = gettext("Geen signalen in deze periode. Kies een langere periode of een andere gemeente.")
        return panel
    labels = meldpunt_queries.choice_labels()
    months = list(figures.months)
    channels = [c for c in labels["channel"] if any(figures.signals_per_month_channel.get((m, c)) for m in months)]
    table = suppress_table(
        [[figures.signals_per_month_channel.get((m, c), 0) for c in channels] for m in months],
        row_totals=True,
        column_totals=True,
    )
    rows: list[list[Cell]] = [
        [_month(m), *cells, total] for m, cells, total in zip(months, table.cells, table.row_totals or [], strict=True)
    ]
    rows.append([gettext("Totaal"), *(table.column_totals or []), table.total or NOT_AVAILABLE])
    per_month = DataTable(
        title=gettext("Signalen per maand en kanaal"),
        headers=[gettext("Maand"), *[labels["channel"][c] for c in channels], gettext("Totaal")],
        rows=rows,
    )
    per_month.chart = charts.time_chart(
        per_month.title,
        months,
        [(labels["channel"][c], [row[j] for row in table.cells]) for j, c in enumerate(channels)],
        stacked=True,
    )
    panel.tables.append(per_month)
    panel.tables.append(_per_relation(figures, labels))
    if selection.one_gemeente:
        panel.tables.append(_per_wijk(figures, selection))
    else:
        panel.notes.append(gettext("Kies één gemeente om de signalen per wijk te zien."))
    panel.tables.append(_new_cases(figures))
    return panel


def _per_relation(figures, labels) -> DataTable:
    relations = [r for r in labels["relation"] if figures.signals_per_relation.get(r)]
    shown, total = suppress_list([figures.signals_per_relation[r] for r in relations])
    pairs = [(labels["relation"][r], f) for r, f in zip(relations, shown, strict=True)]
    table = DataTable(
        title=gettext("Signalen naar wie meldde"),
        headers=[gettext("Melder"), gettext("Signalen")],
        rows=[*label_rows(pairs), [gettext("Totaal"), total]],
    )
    table.chart = charts.bar_chart(table.title, pairs)
    return table


def _per_wijk(figures, selection: Selection) -> DataTable:
    """Per wijk: signals, inhabitants aged 65+ (imported with the GGD figures) and signals per 1,000 of them."""
    counted = figures.signals_per_wijk
    names = {pk: label for pk, (label, _) in selection.wijken.items()}
    keys = sorted((k for k in counted if k is not None), key=lambda k: names.get(k, ""))
    if None in counted:
        keys.append(None)
    shown, total = suppress_list([counted[k] for k in keys])
    population = monitoring_queries.population_65plus(
        gemeente_ids=selection.gemeente_ids, year=selection.period.last_day.year
    )
    rows: list[list[Cell]] = []
    for key, figure in zip(keys, shown, strict=True):
        known = population.of_wijk(key) if key is not None else None
        inhabitants = known.count if known else None
        rate: Figure = Figure(None)
        if inhabitants and figure.shown:
            # A rate of a count that may be shown; of no signals it is simply 0.
            rate = statistic(PER_THOUSAND * counted[key] / inhabitants, counted[key] or min_cell())
        label = names.get(key, "") if key is not None else gettext("Wijk onbekend")
        rows.append([label, figure, quantity(inhabitants) if inhabitants else gettext("onbekend"), rate])
    return DataTable(
        title=gettext("Signalen per wijk"),
        headers=[gettext("Wijk"), gettext("Signalen"), gettext("Inwoners 65+"), gettext("Per 1.000 inwoners 65+")],
        rows=[*rows, [gettext("Totaal"), total, "", ""]],
        note=gettext(
            "Het aantal inwoners van 65 jaar en ouder komt uit de import van bevolkingscijfers; waar het ontbreekt "
            "staat ‘onbekend’."
        ),
    )


def _new_cases(figures) -> DataTable:
    months = list(figures.months)
    shown, total = suppress_list([figures.new_cases_per_month.get(m, 0) for m in months])
    table = DataTable(
        title=gettext("Nieuwe meldingen per maand"),
        headers=[gettext("Maand"), gettext("Meldingen")],
        rows=[*label_rows([(_month(m), f) for m, f in zip(months, shown, strict=True)]), [gettext("Totaal"), total]],
    )
    table.chart = charts.time_chart(table.title, months, [(gettext("Meldingen"), shown)])
    return table
