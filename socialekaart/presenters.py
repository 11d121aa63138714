"""What the citizens' pages write out, from what socialekaart/queries/public.py reads: a search result row in plain
strings (when, where, cost, access), an agenda line, the labels of a list of choices. Never a query."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coalition.formatting import euro

from .models import ActivityType, CostKind, Evidence, Weekday, how_often


def activity_url_builder():
    """The address of an activity page from its slug, with one reverse() per page instead of one per line."""
    marker = "slug"
    head, tail = reverse("socialekaart:activiteit", kwargs={"slug": marker}).rsplit(marker, 1)
    return lambda slug: f"{head}{quote(slug, safe='')}{tail}"


def labels(values, choices) -> list[str]:
    """The labels of these values of a choices class, in their order; unknown values are left out."""
    known = dict(choices.choices)
    return [str(known[value]) for value in values if value in known]


# ---------------------------------------------------------------------------
# An activity's page
# ---------------------------------------------------------------------------
# What research says about an activity, in one plain sentence per level (B1). Only what the level itself says: no
# claims about how participants feel, which nobody records.
EVIDENCE_LINES: dict[str, Any] = {
    Evidence.ONDERBOUWD: gettext_lazy("Onderzoek laat zien dat deze aanpak werkt."),
    Evidence.KANSRIJK: gettext_lazy("Deze aanpak lijkt te werken, maar dat is nog niet goed genoeg onderzocht."),
    Evidence.ONBEKEND: gettext_lazy("Er is nog niet onderzocht of deze aanpak werkt."),
}
OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search"


def evidence_line(evidence: str) -> str:
    return str(EVIDENCE_LINES[evidence if evidence in EVIDENCE_LINES else Evidence.ONBEKEND])


def review_count_label(n: int) -> str:
    """The review queue's count in the coördinator's menu, in words for a screen reader: "3 te beoordelen"."""
    return ngettext("%(n)d te beoordelen", "%(n)d te beoordelen", n) % {"n": n}


def route_url(locatie) -> str:
    """A link to the address on OpenStreetMap, where the visitor can plan a route: no map or script on our page."""
    return f"{OPENSTREETMAP_SEARCH}?{urlencode({'query': locatie.address})}"


# ---------------------------------------------------------------------------
# Search results
# ---------------------------------------------------------------------------
@dataclass(slots=True)
class ResultRow:
    """One search result as the page shows it, in plain strings (the template only prints them)."""

    url: str
    title: str
    summary: str
    organisation: str
    kind: str
    when: str
    where: str
    cost: str
    access: list[tuple[str, str]]  # (icon, text)


def result_cards(rows: list[dict]) -> dict[int, SafeString]:
    """The rows of queries.public.result_rows as the HTML of their result cards, by activity key. A card is the same
    on every search that finds it, so the search page keeps them (coalition.pagecache.cached_fragments) and a new
    search mostly prints cards made before."""
    words, url_of = _row_words(), activity_url_builder()
    return {row["id"]: _result_card(_result_row(row, words, url_of), words) for row in rows}


def _result_card(row: ResultRow, words: dict) -> SafeString:
    facts = format_html_join(
        "",
        "<div><dt>{}</dt><dd>{}</dd></div>",
        [
            (words["by"], row.organisation),
            (words["kind"], row.kind),
            (words["when"], row.when),
            (words["where"], row.where),
            (words["cost"], row.cost),
        ],
    )
    access = ""
    if row.access:
        items = format_html_join("", '<li><span class="access-icon" aria-hidden="true">{}</span> {}</li>', row.access)
        access = format_html('<ul class="access-list" aria-label="{}">{}</ul>', words["access"], items)
    return format_html(
        '<article class="result"><h3 class="h4 mb-1"><a href="{}">{}</a></h3><p class="mb-1">{}</p>'
        '<dl class="result-facts">{}</dl>{}</article>',
        row.url,
        row.title,
        row.summary,
        facts,
        access,
    )


def _row_words() -> dict:
    """The translated words of result rows, once per request rather than once per row."""
    return {
        "kinds": {value: capfirst(str(label)) for value, label in ActivityType.choices},
        "days": {value: str(label) for value, label in Weekday.choices},
        "every": _("elke"),
        "next": _("eerstvolgende datum"),
        "by_arrangement": _("in overleg"),
        "at_home": _("bij u thuis of in de buurt, in"),
        "online": _("online of via de telefoon"),
        "see": _("zie de activiteit"),
        "free": _("gratis"),
        "on_request": _("op aanvraag"),
        "wheelchair": _("toegankelijk met rolstoel"),
        "hearing_loop": _("ringleiding"),
        "transport": _("vervoer mogelijk"),
        "also_online": _("ook online"),
        "by": _("Door"),
        "kind": _("Soort"),
        "when": _("Wanneer"),
        "where": _("Waar"),
        "cost": _("Kosten"),
        "access": _("Toegankelijkheid"),
    }


def _clock(value: str) -> str:
    return f"{value[:2]}.{value[3:5]}"  # "17:30:00" -> "17.30"


def _result_row(row: dict, words: dict, url_of) -> ResultRow:
    when = [
        f"{how_often(t.get('freq', 'WEEKLY'), t.get('interval', 1), t.get('bysetpos'), t['day'])} "
        f"{_clock(t['start'])}–{_clock(t['end'])}"
        for t in row["times"]
    ]
    if row["next_date"]:
        when.append(f"{words['next']}: {date_format(timezone.localtime(row['next_date']), 'l j F Y, H.i')}")
    places = row["places"]
    if places:
        where = "; ".join(
            f"{place['name']}, {place['city']}" + (f" ({place['wijk']})" if place["wijk"] else "") for place in places
        )
    elif row["wijken"]:
        where = f"{words['at_home']} {', '.join(row['wijken'])}"
    else:
        where = words["online"] if row["is_online"] else words["see"]
    if row["cost_kind"] == CostKind.GRATIS:
        cost = words["free"]
    elif row["cost_kind"] == CostKind.BEDRAG and row["cost_amount"] is not None:
        cost = euro(row["cost_amount"])
    else:
        cost = words["on_request"]
    if row["cost_note"]:
        cost += f" ({row['cost_note']})"
    access = []
    if any(place["wheelchair"] for place in places):
        access.append(("♿", words["wheelchair"]))
    if any(place["hearing_loop"] for place in places):
        access.append(("✓", words["hearing_loop"]))
    if row["transport_available"]:
        access.append(("✓", words["transport"]))
    if row["is_online"]:
        access.append(("✓", words["also_online"]))
    return ResultRow(
        url=url_of(row["slug"]),
        title=row["title"],
        summary=row["summary"],
        organisation=row["organisation"],
        kind=words["kinds"].get(row["kind"], capfirst(row["kind"])),
        when="; ".join(when) or words["by_arrangement"],
        where=where,
        cost=cost,
        access=access,
    )


# ---------------------------------------------------------------------------
# The agenda
# ---------------------------------------------------------------------------
def _agenda_line(event: Any) -> str:
    """One session of the agenda as HTML (escaped by format_html): a hundred of these on a page cost a template
    a third of the page."""
    line = format_html('<span class="agenda-time">{}</span> <a href="{}">{}</a>', event.hours, event.url, event.title)
    if event.place:
        line += format_html(", {}", event.place)
    if event.how_often:
        line += format_html(' <span class="text-body-secondary">({})</span>', event.how_often)
    if event.note:
        line += format_html(' <span class="d-block">{}</span>', event.note)
    return line


def agenda_days(
    occurrences: Iterable[Any],
    days: Iterable[date],
    *,
    per_day: int | None = None,
    counts: dict[date, int] | None = None,
    more_than: set[date] | None = None,
) -> list[dict[str, Any]]:
    """The agenda by day: every day of the period, also an empty one ({"day", "events", "count", "more",
    "more_than"}), with at most `per_day` events each (`more`: how many are left out), each event with `hours` and
    `url` worked out here once, so that the template only prints. `counts`: the number of sessions per day when
    `occurrences` holds only the first of each day, and `more_than` the days that have more than their count
    (queries.public.agenda_week)."""
    url_of = activity_url_builder()
    by_day: dict[date, list[Any]] = {day: [] for day in days}
    for occurrence in occurrences:
        if occurrence.day in by_day:
            by_day[occurrence.day].append(occurrence)
    listed = []
    for day, events in by_day.items():
        shown = events if per_day is None else events[:per_day]
        for event in shown:
            event.hours = f"{event.starts_at:%H.%M}–{event.ends_at:%H.%M}"
            event.url = url_of(event.slug)
            event.line = _agenda_line(event)
        count = counts.get(day, len(events)) if counts is not None else len(events)
        listed.append(
            {
                "day": day,
                "events": shown,
                "count": count,
                "more": count - len(shown),
                "more_than": day in (more_than or ()),
            }
        )
    return listed
