"""Words and numbers for the committee's and the coördinator's pages. No queries."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import Doelgroep, Onderdeel
from ..money import euro
from ..queries.ranking import DISCUSS_SPREAD

register = template.Library()


@register.filter
def doelgroepen(values) -> str:
    """The target groups, in words: "ouderen, mantelzorgers"."""
    labels = dict(Doelgroep.choices)
    return ", ".join(str(labels.get(value, value)) for value in values or [])


@register.filter
def onderdelen(values) -> list[str]:
    """The parts of an application (an information request's reopened parts), in words."""
    labels = dict(Onderdeel.choices)
    return [str(labels.get(value, value)) for value in values or []]


# ---------------------------------------------------------------------------
# The ranking's rows
# ---------------------------------------------------------------------------
# A ranking has a row per application of the call (300 in the bench) and a cell per criterion (7): as template
# code each cell would localise its numbers, resolve its variables and translate its words again, which costs
# most of the page's time. This tag writes the rows in one go: the words translated once, the decimal sign looked
# up once, every text escaped.
_PK = 999_999_999


def _number(value, places: int, sign: str) -> str:
    return "—" if value is None else f"{value:.{places}f}".replace(".", sign)


@register.simple_tag
def ranking_rows(rows, is_coordinator: bool) -> str:
    """The <tr> of each (place, RankingRow) of the ranking page."""
    sign = get_format("DECIMAL_SEPARATOR")
    link = reverse(
        "subsidies:coordinator_application" if is_coordinator else "subsidies:committee_application", args=[_PK]
    )
    discuss, below, unscored = _("bespreken"), _("onder minimum"), _("nog niet gescoord")
    html = []
    for place, row in rows:
        members = ngettext("%(n)d lid", "%(n)d leden", row.members) % {"n": row.members}
        if row.conflicts:
            conflicts = ngettext("%(n)d met belang", "%(n)d met belang", row.conflicts) % {"n": row.conflicts}
            members += f'<br><span class="small">{escape(conflicts)}</span>'
        criteria = "".join(
            f'<td class="num flag">{_number(mean, 1, sign)} ({spread})</td>'
            if spread is not None and spread >= DISCUSS_SPREAD
            else f'<td class="num">{_number(mean, 1, sign)}{"" if spread is None else f" ({spread})"}</td>'
            for mean, spread in row.criteria
        )
        notes = [f'<span class="flag">{escape(discuss)}</span>'] if row.discuss else []
        if row.below_minimum:
            notes.append(escape(below))
        if row.score is None:
            notes.append(escape(unscored))
        advice = row.advice
        below_class = ' class="below"' if row.below_minimum else ""
        html.append(
            f"<tr{below_class}>"
            f'<td class="num">{"—" if place is None else place}</td>'
            f'<td><a href="{link.replace(str(_PK), str(row.pk))}">{escape(row.title)}</a><br>'
            f'<span class="small">{escape(row.number)} · {escape(row.organisatie)}</span></td>'
            f'<td class="num">{"—" if row.amount_requested is None else euro(row.amount_requested)}</td>'
            f'<td class="num"><strong>{_number(row.score, 1, sign)}</strong></td>'
            f'<td class="num">{members}</td>'
            f"{criteria}"
            f'<td class="text-nowrap">{advice["toekennen"]} / {advice["deels"]} / {advice["afwijzen"]}</td>'
            f"<td>{'<br>'.join(notes)}</td></tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 -- every text in it is escaped (html.escape); numbers are ours
