"""Panel 3: follow-up. Time to the first contact (median in working days, share within the norm), the open cases
now by age, and why cases were closed."""

from django.utils.translation import gettext, ngettext

from meldpunt import queries as meldpunt_queries

from .. import charts
from ..suppression import count, share, statistic, suppress_list
from .base import DataTable, Panel, Selection, headlines_over, label_rows
from .meldpunt_reads import headlines, within_norm_base


def build(selection: Selection) -> Panel:
    period = selection.period
    figures = meldpunt_queries.follow_up_figures(period.start, period.end, today=selection.today, **selection.scope())
    norm = figures.norm_working_days
    norm_text = ngettext("Eerste contact binnen %(n)s werkdag", "Eerste contact binnen %(n)s werkdagen", norm) % {
        "n": norm
    }
    panel = Panel(
        key="opvolging",
        title=gettext("Opvolging"),
        intro=gettext(
            "Hoe snel het meldpunt na een melding contact opneemt, hoeveel meldingen nu openstaan en hoe lang al, "
            "en waarom meldingen zijn afgesloten."
        ),
        headlines=headlines_over(
            [(norm_text, [share(h.first_contact_within_norm, within_norm_base(h)) for h in headlines(selection)])]
        ),
    )
    first_contact = DataTable(
        title=gettext("Eerste contact met de persoon"),
        headers=[gettext("Meldingen in deze periode"), gettext("Aantal")],
        rows=[
            [gettext("Binnengekomen"), count(figures.cases)],
            [gettext("Met eerste contact"), count(figures.contacted)],
            [
                gettext("Werkdagen tot eerste contact (mediaan)"),
                statistic(figures.working_days_to_first_contact.value, figures.working_days_to_first_contact.n),
            ],
            [norm_text, share(figures.within_norm, figures.cases - figures.not_yet_due)],
            [gettext("Nog binnen de termijn, nog geen contact"), count(figures.not_yet_due)],
        ],
        note=gettext(
            "Werkdagen zijn maandag tot en met vrijdag, zonder feestdagen. Meldingen waarvan de termijn nog loopt, "
            "tellen niet mee in het deel binnen de norm."
        ),
    )
    panel.tables.append(first_contact)
    panel.tables.append(_open_cases(figures))
    panel.tables.append(_close_reasons(figures))
    return panel


def _open_cases(figures) -> DataTable:
    labels = meldpunt_queries.choice_labels()["open_age"]
    buckets = list(labels)
    shown, total = suppress_list([figures.open_per_age.get(b, 0) for b in buckets])
    pairs = [(labels[b], f) for b, f in zip(buckets, shown, strict=True)]
    table = DataTable(
        title=gettext("Open meldingen nu, naar hoe lang ze al openstaan"),
        headers=[gettext("Open sinds"), gettext("Meldingen")],
        rows=[
            *label_rows(pairs),
            [gettext("Totaal"), total],
            [
                gettext("Mediane leeftijd in dagen"),
                statistic(figures.open_median_age_days.value, figures.open_median_age_days.n, "days"),
            ],
        ],
        note=gettext("Dit is de stand van vandaag, los van de gekozen periode."),
    )
    table.chart = charts.bar_chart(table.title, pairs)
    return table


def _close_reasons(figures) -> DataTable:
    labels = meldpunt_queries.choice_labels()["close_reason"]
    reasons = [r for r in labels if figures.close_reasons.get(r)]
    shown, total = suppress_list([figures.close_reasons[r] for r in reasons])
    pairs = [(labels[r], f) for r, f in zip(reasons, shown, strict=True)]
    table = DataTable(
        title=gettext("Reden van afsluiten"),
        headers=[gettext("Reden"), gettext("Meldingen")],
        rows=[*label_rows(pairs), [gettext("Totaal"), total]],
    )
    if pairs:
        table.chart = charts.bar_chart(table.title, pairs)
    return table
