"""Panel 5: the sociale kaart. Active listings and the share confirmed in the last six months, coverage per wijk ×
target group (the witte vlekken as a heat table), the most frequent searches without results, and the views of the
public pages per month (counted without cookies or IP addresses)."""

from django.utils import formats
from django.utils.translation import gettext

from coalition import queries as coalition_queries
from coalition import registry
from socialekaart import queries as socialekaart_queries

from .. import charts
from ..suppression import Figure, min_cell, quantity, share
from .base import DataTable, Panel, Selection, headlines_over


def build(selection: Selection) -> Panel:
    listings = socialekaart_queries.listing_figures(today=selection.today, **selection.place())
    searches = socialekaart_queries.search_counts([p.as_range() for p in selection.compared])
    panel = Panel(
        key="sociale-kaart",
        title=gettext("Sociale kaart"),
        intro=gettext(
            "Het aanbod dat inwoners vinden, hoe actueel het is, waar het ontbreekt, en waar inwoners naar zoeken."
        ),
        headlines=headlines_over(
            [
                (gettext("Zoekopdrachten"), [quantity(s.total) for s in searches]),
                (gettext("Deel zonder resultaat"), [share(s.zero, s.total) for s in searches]),
            ]
        ),
    )
    panel.tables.append(
        DataTable(
            title=gettext("Activiteiten op de sociale kaart"),
            headers=[gettext("Gemeente"), gettext("Actief"), gettext("Bevestigd in de laatste zes maanden")],
            rows=[
                *[[g.name, quantity(g.active), _confirmed(g.confirmed, g.active)] for g in listings.per_gemeente],
                [gettext("Totaal"), quantity(listings.active), _confirmed(listings.confirmed, listings.active)],
            ],
            note=gettext("Dit is de stand van vandaag, los van de gekozen periode."),
        )
    )
    panel.tables.append(_coverage(selection))
    panel.tables.append(_zero_results(selection))
    panel.tables.append(_page_views(selection))
    return panel


def _confirmed(confirmed: int, active: int) -> Figure:
    """Listings are not people: the share is shown whatever the numbers."""
    return Figure(100 * confirmed / active if active else None, kind="percent")


def _coverage(selection: Selection) -> DataTable:
    rows = socialekaart_queries.coverage(today=selection.today, **selection.place())
    groups = socialekaart_queries.coverage_groups()
    table = DataTable(
        title=gettext("Aanbod per wijk en doelgroep (witte vlekken)"),
        headers=[gettext("Wijk"), *[label for _, label in groups], gettext("Totaal")],
        rows=[
            [
                f"{row.wijk.name} ({row.wijk.gemeente.name})",
                *[quantity(c.count) for c in row.cells],
                quantity(row.total),
            ]
            for row in rows
        ],
        note=gettext("Aantal openbare activiteiten. Een 0 is een witte vlek: niets voor die groep in die wijk."),
    )
    table.chart = charts.heat_table(
        table.title,
        [str(r[0]) for r in table.rows],
        [label for _, label in groups],
        [[quantity(c.count) for c in row.cells] for row in rows],
    )
    return table


def _zero_results(selection: Selection) -> DataTable:
    """Only words that at least MIN_CELL searches used: a rare search may hold a name."""
    period = selection.period
    terms = socialekaart_queries.zero_result_searches(period.start, period.end, limit=50)
    common = [t for t in terms if t.count >= min_cell()][:10]
    return DataTable(
        title=gettext("Meest gezocht zonder resultaat"),
        headers=[gettext("Zoekwoorden"), gettext("Keer gezocht")],
        rows=[[t.term, quantity(t.count)] for t in common],
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
