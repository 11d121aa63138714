"""The partner's "onze cijfers": how the referrals to their own organisations went, suppressed like the dashboard."""

from django.utils.translation import gettext

from meldpunt import queries as meldpunt_queries

from ..suppression import count, share, statistic
from .base import DataTable, Panel, Selection


def build(organisatie_ids: list[int], selection: Selection) -> Panel:
    period = selection.period
    figures = meldpunt_queries.partner_referral_figures(organisatie_ids, period.start, period.end)
    panel = Panel(
        key="onze-cijfers", title=gettext("Verwijzingen naar uw organisatie, %(period)s") % {"period": period.label}
    )
    if not figures.received:
        panel.empty = gettext("Geen verwijzingen naar uw organisatie in deze periode. Kies een langere periode.")
        return panel
    received = figures.received
    panel.tables.append(
        DataTable(
            title=gettext("Onze cijfers"),
            headers=[gettext("Cijfer"), gettext("Aantal of deel")],
            rows=[
                [gettext("Verwijzingen ontvangen"), count(received)],
                [gettext("Geaccepteerd"), share(figures.accepted, received)],
                [gettext("Afgewezen"), share(figures.declined, received)],
                [gettext("Gestart"), share(figures.started, received)],
                [gettext("Deelname loopt"), share(figures.completed, received)],
                [
                    gettext("Dagen tot accepteren (mediaan)"),
                    statistic(figures.days_to_accept.value, figures.days_to_accept.n, "days"),
                ],
                [
                    gettext("Dagen tot start (mediaan)"),
                    statistic(figures.days_to_start.value, figures.days_to_start.n, "days"),
                ],
            ],
            note=gettext("Onder de 10 verwijzingen tonen we geen percentages: dan zijn mensen te herkennen."),
        )
    )
    return panel
