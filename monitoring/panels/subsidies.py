"""Panel 6: subsidies. The money per call (not people: never suppressed), the reach per project against its targets
and the pooled before/after measurement; the last two come suppressed from subsidies.queries already."""

from django.utils.translation import gettext

from meldpunt import queries as meldpunt_queries
from subsidies import queries as subsidies_queries

from ..suppression import Figure, count, money, quantity, statistic
from .base import DataTable, Panel, Selection


def _one_gemeente(selection: Selection) -> int | None:
    ids = selection.gemeente_ids
    return ids[0] if ids and len(ids) == 1 else None


def build(selection: Selection) -> Panel:
    gemeente = _one_gemeente(selection)
    forms = meldpunt_queries.choice_labels()["djg_form"]
    years = range(selection.period.start.year, selection.period.last_day.year + 1)
    budgets = [b for b in subsidies_queries.budget_by_call(gemeente=gemeente) if b.year in years]
    reach = subsidies_queries.reach_against_targets(gemeente=gemeente)
    pooled = subsidies_queries.pooled_measurements(gemeente=gemeente)
    panel = Panel(
        key="subsidies",
        title=gettext("Subsidies"),
        intro=gettext(
            "Het geld per regeling in het jaar van de gekozen periode, en wat de gesubsidieerde projecten "
            "bereikten volgens hun laatste goedgekeurde verslag."
        ),
    )
    if not (budgets or reach or pooled):
        panel.empty = gettext("Nog geen subsidieregelingen in deze periode. Ze verschijnen hier zodra er een open is.")
        return panel
    panel.tables.append(
        DataTable(
            title=gettext("Budget per regeling"),
            headers=[
                gettext("Regeling"),
                gettext("Gemeente"),
                gettext("Jaar"),
                gettext("Budget"),
                gettext("Toegekend"),
                gettext("Betaald"),
                gettext("Vastgesteld"),
            ],
            rows=[
                [b.title, b.gemeente, str(b.year), money(b.budget), money(b.committed), money(b.paid), money(b.settled)]
                for b in budgets
            ],
        )
    )
    panel.tables.append(
        DataTable(
            title=gettext("Bereik per project tegenover het doel"),
            headers=[
                gettext("Project"),
                gettext("Organisatie"),
                gettext("Regeling"),
                gettext("Doel"),
                gettext("Bereikt"),
            ],
            rows=[
                [
                    r.title,
                    r.organisatie,
                    r.regeling,
                    quantity(r.target),
                    count(r.reached) if r.reported else Figure(None),
                ]
                for r in reach
            ],
            note=gettext("Het doel is een plan, geen aantal mensen: het staat er altijd. – : nog geen verslag."),
        )
    )
    panel.tables.append(
        DataTable(
            title=gettext("Eenzaamheid voor en na, per regeling (De Jong Gierveld)"),
            headers=[
                gettext("Regeling"),
                gettext("Vragenlijst"),
                gettext("Projecten"),
                gettext("Gemeten"),
                gettext("Gemiddeld voor"),
                gettext("Gemiddeld na"),
            ],
            rows=[
                [
                    p.regeling,
                    forms.get(p.form, p.form),
                    quantity(p.projects),
                    count(p.measured),
                    statistic(p.mean_before, p.measured),
                    statistic(p.mean_after, p.measured),
                ]
                for p in pooled
            ],
            note=gettext("Een lagere score is minder eenzaam."),
        )
    )
    return panel
