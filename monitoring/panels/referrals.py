"""Panel 4: referrals and what works. Per partner organisation, kind of activity and activity: referrals,
acceptance, start and completion, days to the start; and the change in loneliness (De Jong Gierveld) between the
intake and the follow-up per kind of activity and per Machielse profile, paired measurements only."""

from django.utils.translation import gettext

from meldpunt import queries as meldpunt_queries

from ..suppression import Figure, count, share, statistic, suppress_list
from .base import DataTable, Panel, Selection, headlines_over
from .meldpunt_reads import headlines

MOST = 20  # organisations or activities with the most referrals; the rest together in one row


def build(selection: Selection) -> Panel:
    period = selection.period
    breakdown = meldpunt_queries.referral_breakdown(period.start, period.end, **selection.scope())
    panel = Panel(
        key="verwijzingen",
        title=gettext("Verwijzingen en wat werkt"),
        intro=gettext(
            "Naar welke partners en activiteiten het meldpunt mensen verwees, hoe vaak dat lukte, en hoe de "
            "eenzaamheid veranderde tussen de intake en de nameting."
        ),
        headlines=headlines_over(
            [
                (gettext("Mensen verwezen"), [count(h.people_referred) for h in headlines(selection)]),
                (gettext("Verwijzingen"), [count(h.referrals) for h in headlines(selection)]),
                (
                    gettext("Deel geaccepteerd"),
                    [share(h.accepted_referrals, h.referrals) for h in headlines(selection)],
                ),
            ]
        ),
    )
    if not breakdown.total.referrals:
        panel.empty = gettext("Geen verwijzingen in deze periode. Verwijzingen maakt het meldpunt vanuit een melding.")
        return panel
    per_organisatie = _top(
        gettext("Per partnerorganisatie"), gettext("Organisatie"), breakdown.per_organisatie, breakdown.total
    )
    panel.tables.append(per_organisatie)
    panel.tables.append(_groups(gettext("Per soort activiteit"), gettext("Soort"), breakdown.per_kind, breakdown.total))
    panel.tables.append(_top(gettext("Per activiteit"), gettext("Activiteit"), breakdown.per_activity, breakdown.total))
    panel.tables += _change_tables(selection)
    return panel


def _groups(title: str, what: str, groups, total, *, rest=None) -> DataTable:
    """A table of groups of referrals: their number suppressed as a list with its total (so a small group cannot
    be found by subtraction), the rates only where the group itself is shown."""
    counts = [g.referrals for g in groups] + ([rest] if rest is not None else [])
    shown, total_figure = suppress_list(counts)
    rows: list[list[str | Figure]] = []
    for group, figure in zip(groups, shown, strict=False):
        label = f"{group.label} ({group.organisatie})" if group.organisatie else group.label
        rows.append([str(label), figure, *_rates(group, figure)])
    if rest is not None:
        rows.append([gettext("Overige"), shown[-1], "", "", "", ""])
    rows.append([gettext("Totaal"), total_figure, *_rates(total, count(total.referrals))])
    return DataTable(
        title=title,
        headers=[
            what,
            gettext("Verwijzingen"),
            gettext("Geaccepteerd"),
            gettext("Gestart"),
            gettext("Deelname loopt"),
            gettext("Dagen tot start (mediaan)"),
        ],
        rows=rows,
        note=gettext("‘Deelname loopt’: afgesloten met de uitkomst dat de persoon meedoet."),
    )


def _rates(group, figure: Figure) -> list[Figure]:
    if not figure.shown:
        return [Figure(None, figure.hidden, "percent")] * 3 + [Figure(None, figure.hidden, "days")]
    return [
        share(group.accepted, group.referrals),
        share(group.started, group.referrals),
        share(group.completed, group.referrals),
        statistic(group.days_to_start.value, group.days_to_start.n, "days"),
    ]


def _top(title: str, what: str, groups, total) -> DataTable:
    """The groups with the most referrals, the rest together in one row (a region has hundreds)."""
    ranked = sorted(groups, key=lambda g: (-g.referrals, str(g.label)))
    top, others = ranked[:MOST], ranked[MOST:]
    if others:
        title = gettext("%(title)s (de %(n)s met de meeste verwijzingen)") % {"title": title, "n": MOST}
    return _groups(title, what, top, total, rest=sum(g.referrals for g in others) if others else None)


def _change_tables(selection: Selection) -> list[DataTable]:
    period = selection.period
    rows = meldpunt_queries.loneliness_change(period.start, period.end, **selection.scope())
    forms = meldpunt_queries.choice_labels()["djg_form"]
    tables = []
    for by, title in (("soort", gettext("per soort activiteit")), ("profiel", gettext("per interventieprofiel"))):
        group = [r for r in rows if r.by in (by, "totaal")]
        table_rows: list[list[str | Figure]] = [
            [
                str(r.label),
                forms.get(r.form, r.form),
                count(r.people),
                statistic(r.mean_change.value, r.mean_change.n),
                share(r.moved_out_of_lonely, r.lonely_at_intake),
            ]
            for r in group
        ]
        tables.append(
            DataTable(
                title=gettext("Verandering in eenzaamheid, %(by)s") % {"by": title},
                headers=[
                    gettext("Groep"),
                    gettext("Vragenlijst"),
                    gettext("Mensen gemeten"),
                    gettext("Gemiddelde verandering"),
                    gettext("Niet meer eenzaam"),
                ],
                rows=table_rows,
                note=gettext(
                    "Alleen mensen met een meting bij de intake én bij de nameting. Een negatieve verandering is "
                    "minder eenzaam. ‘Niet meer eenzaam’: van wie bij de intake eenzaam was."
                ),
            )
        )
    return tables
