"""Panel 5: the sociale kaart. Active listings and the share confirmed in the last six months, coverage per wijk ×
target group (the witte vlekken as a heat table), the most frequent searches without results, and the views of the
public pages per month (counted without cookies or IP addresses)."""

from django.utils import formats
from django.utils.translation import gettext

from coalition import queries as coalition_queries
from coalition import registry
from socialekaart import queries as socialekaart_queries

from .. import charts
from ..suppression import Figure, min_cell, quantity, ratio
from .base import Cell, DataTable, Panel, Selection, headlines_over


def build(selection: Selection) -> Panel:
    listings = socialekaart_queries.listing_figures(today=selection.today, **selection.place())
    searches = socialekaart_queries.search_figures(
        [p.as_range() for p in selection.compared], limit=10, min_count=min_cell()
    )
    panel = Panel(
        key="sociale-kaart",
        title=gettext("Sociale kaart"),
        intro=gettext(
            "Het aanbod dat inwoners vinden, hoe actueel het is, waar het ontbreekt, en waar inwoners naar zoeken."
        ),
        headlines=headlines_over(
            [
                (gettext("Zoekopdrachten"), [quantity(s.total) for s in searches.periods]),
                (gettext("Deel zonder resultaat"), [ratio(s.zero, s.total) for s in searches.periods]),
            ]
        ),
    )
    panel.tables.append(
        DataTable(
            title=gettext("Activiteiten op de sociale kaart"),
            headers=[gettext("Gemeente"), gettext("Actief"), gettext("Bevestigd in de laatste zes maanden")],
            rows=[
                *[_listing_row(g.name, g.active, g.confirmed) for g in listings.per_gemeente],
                _listing_row(gettext("Totaal"), listings.active, listings.confirmed),
            ],
            note=gettext("Dit is de stand van vandaag, los van de gekozen periode."),
        )
    )
    if selection.one_gemeente:
        panel.tables.append(_coverage(selection))
    else:
        panel.notes.append(gettext("Kies één gemeente om het aanbod per wijk en doelgroep (de witte vlekken) te zien."))
    panel.tables.append(_zero_results(searches.zero_terms))
    panel.tables.append(_page_views(selection))
    return panel


def _listing_row(name: str, active: int, confirmed: int) -> list[Cell]:
    return [name, quantity(active), _confirmed(confirmed, active)]


def _confirmed(confirmed: int, active: int) -> Figure:
    """Listings are not people: the share is shown whatever the numbers."""
    return ratio(confirmed, active)


def _coverage(selection: Selection) -> DataTable:
    """Every wijk in scope, also those without any activity (a row of zeros: the whitest spots)."""
    counts = socialekaart_queries.coverage_counts(
        gemeente_ids=selection.gemeente_ids, wijk_id=selection.wijk_id, today=selection.today
    )
    groups = socialekaart_queries.coverage_groups()
    wijken = selection.wijken_in_scope()
    cells = [[quantity(counts.get((pk, group), 0)) for group, _ in groups] for pk in wijken]
    table = DataTable(
        title=gettext("Aanbod per wijk en doelgroep (witte vlekken)"),
        headers=[gettext("Wijk"), *[label for _, label in groups], gettext("Totaal")],
        rows=[
            [label, *row, quantity(counts.get((pk, None), 0))]
            for (pk, label), row in zip(wijken.items(), cells, strict=True)
        ],
        note=gettext("Aantal openbare activiteiten. Een 0 is een witte vlek: niets voor die groep in die wijk."),
    )
    table.chart = charts.heat_table(table.title, list(wijken.values()), [label for _, label in groups], cells)
    return table


def _zero_results(terms) -> DataTable:
    """Only words that at least MIN_CELL searches used (search_figures keeps the others out): a rare search may
    hold a name."""
    return DataTable(
        title=gettext("Meest gezocht zonder resultaat"),
        headers=[gettext("Zoekwoorden"), gettext("Keer gezocht")],
        rows=[[t.term, quantity(t.count)] for t in terms],
        note=gettext(
            "Alleen zoekwoorden die minstens %(n)s keer zijn gebruikt: een zeldzame zoekopdracht kan een naam bevatten."
        )
        % {"n": min_cell()},
    )


def _page_views(selection: Selection) -> DataTable:
    period = selection.period
    views = coalition_queries.page_views_per_month(period.start, period.end)
    labels = registry.page_types()
    months = period.months()
    types = list(labels)
    counted = {(v.month, v.page_type): v.views for v in views}
    table = DataTable(
        title=gettext("Bezoeken van de openbare pagina’s per maand"),
        headers=[gettext("Maand"), *[str(labels[t]) for t in types]],
        rows=[[formats.date_format(m, "M Y"), *[quantity(counted.get((m, t), 0)) for t in types]] for m in months],
        note=gettext("Geteld per dag en soort pagina, zonder cookies en zonder IP-adressen."),
    )
    table.chart = charts.time_chart(
        table.title, months, [(str(labels[t]), [quantity(counted.get((m, t), 0)) for m in months]) for t in types]
    )
    return table
