"""The citizens' pages: home, search, an activity, the agenda and the paper booklet. No login, no JavaScript needed.

Addresses are Dutch and stable: they are printed in booklets and on posters.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import cache, partial
from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import floatformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.models import Gemeente, Organisatie, Wijk

from .. import ical
from ..models import (
    Activiteit,
    ActivityType,
    Bijeenkomst,
    CostKind,
    Language,
    Locatie,
    TargetGroup,
    Tijdslot,
    Weekday,
)
from ..search import Filters, search, search_ids, terms_of
from ..search_forms import AgendaForm, BookletForm, SearchForm
from ..services.search_log import log_search

RESULTS_PER_PAGE = 20
MAX_PAGE_HINT = 100_000  # far past any real search, and its offset fits PostgreSQL's bigint
EVENTS_PER_PAGE = 50
NEXT_DATES_ON_ACTIVITY_PAGE = 5
FEED_DAYS = 90
FEED_MAX_EVENTS = 2000
BOOKLET_MAX_ACTIVITIES = 500


# ---------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------
def with_listing_details(activities: QuerySet) -> QuerySet:
    """What a result row or booklet entry shows, in a fixed number of queries whatever the page size."""
    next_date = Bijeenkomst.objects.filter(activiteit=OuterRef("pk"), starts_at__gte=timezone.now()).order_by(
        "starts_at"
    )
    return (
        activities.select_related("organisatie")
        # Lists show neither; leaving them out keeps the rows that PostgreSQL sorts by relevance narrow.
        .defer("search_vector", "description")
        .prefetch_related(
            Prefetch("locaties", queryset=Locatie.objects.select_related("wijk")),
            "wijken",
            Prefetch("tijdsloten", queryset=Tijdslot.objects.select_related("locatie")),
        )
        .annotate(next_date=Subquery(next_date.values("starts_at")[:1]))
    )


def with_access(activities):
    """Set `wheelchair` and `hearing_loop` on each activity from its (prefetched) locations; returns a list."""
    activities = list(activities)
    for activiteit in activities:
        locaties = activiteit.locaties.all()
        activiteit.wheelchair = any(locatie.wheelchair_accessible for locatie in locaties)
        activiteit.hearing_loop = any(locatie.hearing_loop for locatie in locaties)
    return activities


def activity_url_builder():
    """The address of an activity page from its slug, with one reverse() per page instead of one per line."""
    marker = "slug"
    head, tail = reverse("socialekaart:activiteit", kwargs={"slug": marker}).rsplit(marker, 1)
    return lambda slug: f"{head}{quote(slug, safe='')}{tail}"


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


def result_rows(ids: list[int]) -> list[ResultRow]:
    """The result rows of these activities, in this order: ONE query, and no model instances or template
    includes per row (the search page shows 20 of them on every request)."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_result_rows_sql(), {"ids": list(ids), "now": timezone.now()})
        columns = [column.name for column in cursor.description]
        by_pk = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    words, url_of = _row_words(), activity_url_builder()
    return [_result_row(by_pk[pk], words, url_of) for pk in ids if pk in by_pk]


@cache
def _result_rows_sql() -> str:
    """Plain SQL: the ORM spent more time building this query (three nested lists as JSON) than PostgreSQL
    spent answering it. Each activity with its organisation, next date, places, wijken served and times."""
    table = {
        "activiteit": Activiteit._meta.db_table,
        "organisatie": Organisatie._meta.db_table,
        "bijeenkomst": Bijeenkomst._meta.db_table,
        "at_place": Activiteit.locaties.through._meta.db_table,
        "locatie": Locatie._meta.db_table,
        "serves": Activiteit.wijken.through._meta.db_table,
        "wijk": Wijk._meta.db_table,
        "gemeente": Gemeente._meta.db_table,
        "tijdslot": Tijdslot._meta.db_table,
    }
    return """
        SELECT a.id, a.slug, a.title, a.summary, a.kind, a.cost_kind, a.cost_amount, a.cost_note,
            a.transport_available, a.is_online, o.name AS organisation,
            (SELECT min(b.starts_at) FROM {bijeenkomst} b
                WHERE b.activiteit_id = a.id AND b.starts_at >= %(now)s) AS next_date,
            (SELECT coalesce(json_agg(json_build_object(
                    'name', l.name, 'city', l.city, 'wijk', w.name,
                    'wheelchair', l.wheelchair_accessible, 'hearing_loop', l.hearing_loop
                ) ORDER BY l.name, l.id), '[]')
                FROM {at_place} al JOIN {locatie} l ON l.id = al.locatie_id LEFT JOIN {wijk} w ON w.id = l.wijk_id
                WHERE al.activiteit_id = a.id) AS places,
            (SELECT coalesce(json_agg(w.name ORDER BY g.name, w.name, w.id), '[]')
                FROM {serves} aw JOIN {wijk} w ON w.id = aw.wijk_id JOIN {gemeente} g ON g.id = w.gemeente_id
                WHERE aw.activiteit_id = a.id) AS wijken,
            (SELECT coalesce(json_agg(json_build_object('day', t.weekday, 'start', t.starts_at, 'end', t.ends_at)
                    ORDER BY t.weekday, t.starts_at, t.id), '[]')
                FROM {tijdslot} t WHERE t.activiteit_id = a.id) AS times
        FROM {activiteit} a JOIN {organisatie} o ON o.id = a.organisatie_id
        WHERE a.id = ANY(%(ids)s)
    """.format(**table)


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
    }


def _clock(value: str) -> str:
    return f"{value[:2]}.{value[3:5]}"  # "17:30:00" -> "17.30"


def _result_row(row: dict, words: dict, url_of) -> ResultRow:
    when = [f"{words['every']} {words['days'][t['day']]} {_clock(t['start'])}–{_clock(t['end'])}" for t in row["times"]]
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
    elif row["cost_kind"] == CostKind.BEDRAG:
        cost = f"€ {floatformat(row['cost_amount'], 2)}"
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


def upcoming_bijeenkomsten(*, wijk: int | None = None) -> QuerySet:
    """Dated events of public activities that have not ended yet, soonest first."""
    events = Bijeenkomst.objects.filter(
        activiteit__in=Activiteit.objects.public(), ends_at__gte=timezone.now()
    ).select_related("activiteit", "locatie__wijk")
    if wijk:
        activity_at = Locatie.objects.filter(activiteiten=OuterRef("activiteit"), wijk_id=wijk)
        activity_serves = Activiteit.wijken.through.objects.filter(activiteit=OuterRef("activiteit"), wijk_id=wijk)
        events = events.filter(Q(locatie__wijk_id=wijk) | Exists(activity_at) | Exists(activity_serves))
    return events.order_by("starts_at", "pk")


def public_activity_or_404(slug: str) -> Activiteit:
    """A published, current activity; anything else (concept, archived, stale) is 404 for citizens."""
    return get_object_or_404(
        Activiteit.objects.public()
        .select_related("organisatie")
        .prefetch_related(Prefetch("locaties", queryset=Locatie.objects.select_related("wijk")), "wijken"),
        slug=slug,
    )


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
# The home page's plain entry points: (label, query string). They are ordinary searches.
ENTRY_POINTS = [
    (gettext_lazy("Samen eten"), "?q=eten"),
    (gettext_lazy("Iemand om mee te praten"), "?soort=een-op-een"),
    (gettext_lazy("Bewegen en wandelen"), "?thema=bewegen"),
    (gettext_lazy("Koffie en ontmoeting"), "?soort=ontmoeting"),
    (gettext_lazy("Hulp voor iemand anders, als mantelzorger"), "?voor=mantelzorgers"),
    (gettext_lazy("Een luisterlijn om te bellen"), "?soort=bellijn"),
]


def home(request):
    """The front door: one big search box, a few plain entry points and the meldpunt's phone number."""
    search_url = reverse("socialekaart:search")
    entry_points = [{"label": label, "url": search_url + query} for label, query in ENTRY_POINTS]
    return render(request, "socialekaart/public/home.html", {"entry_points": entry_points, "form": SearchForm()})


def search_page(request):
    """Search by words and filters; unknown filter values are ignored, never an error."""
    form = SearchForm(request.GET)
    filters = form.filters
    start = (_page_number_hint(request.GET.get("pagina")) - 1) * RESULTS_PER_PAGE
    result = search_ids(form.query, filters, expected=(start, start + RESULTS_PER_PAGE))
    page = Paginator(result.ids, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = result_rows(page.object_list)
    if page.number == 1 and form.has_criteria:
        # Page 2 and on is the same search, read further: counting it would inflate the demand figures.
        transaction.on_commit(
            partial(
                log_search,
                terms=" ".join(terms_of(form.query)),
                filters=filters.as_dict(),
                result_count=page.paginator.count,
            )
        )
    wider = [
        {"label": item["label"], "url": "?" + urlencode(form.params(without=item["name"]))}
        for item in form.active_filters()
    ]
    context = {
        "form": form,
        "result": result,
        "page": page,
        "typed": form.query,
        "wider_searches": wider,
        "suggestion_url": "?" + urlencode(form.params() | {"q": result.suggestion}) if result.suggestion else "",
    }
    return render(request, "socialekaart/public/search.html", context)


def _page_number_hint(value) -> int:
    """The page the Paginator will most likely show (it has the last word: past the end is the last page).
    Only a hint for reading the page with its count, so nonsense (or a number past any real search) is 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE_HINT else 1


def activity_page(request, slug):
    """Everything a citizen needs to go there: what, for whom, when, where, cost, how to join, contact."""
    activiteit = with_access([public_activity_or_404(slug)])[0]
    tijdsloten = activiteit.tijdsloten.select_related("locatie__wijk")
    next_dates = (
        activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now())
        .select_related("locatie__wijk")
        .order_by("starts_at")[:NEXT_DATES_ON_ACTIVITY_PAGE]
    )
    context = {
        "activiteit": activiteit,
        "tijdsloten": list(tijdsloten),
        "next_dates": list(next_dates),
        "permalink": request.build_absolute_uri(activiteit.get_absolute_url()),
        "print_view": request.GET.get("print") == "1",
        "target_group_labels": _labels(activiteit.target_groups, TargetGroup),
        "language_labels": _labels(activiteit.languages, Language),
    }
    return render(request, "socialekaart/public/activity.html", context)


def _labels(values, choices) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels[value]) for value in values if value in labels]


def activity_ics(request, slug):
    """ "Zet in mijn agenda": the weekly times as recurring events plus the upcoming dates."""
    activiteit = public_activity_or_404(slug)
    url = request.build_absolute_uri(activiteit.get_absolute_url())
    content = ical.activity_calendar(
        activiteit,
        url=url,
        tijdsloten=activiteit.tijdsloten.select_related("locatie"),
        bijeenkomsten=activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now())
        .select_related("activiteit", "locatie")
        .order_by("starts_at")[:FEED_MAX_EVENTS],
    )
    return _calendar_response(content, f"{activiteit.slug}.ics")


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# What an agenda line shows: the page reads only these columns (not the activities' search vectors).
AGENDA_FIELDS = [
    "title", "starts_at", "ends_at", "note", "activiteit", "locatie",
    "activiteit__slug", "activiteit__title", "locatie__name", "locatie__city", "locatie__wijk__name",
]  # fmt: skip


def agenda(request):
    """Upcoming dated events, grouped by day; optionally only those in one wijk."""
    form = AgendaForm(request.GET)
    events = upcoming_bijeenkomsten(wijk=form.selected_wijk).only(*AGENDA_FIELDS)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("pagina"))
    days, url_of = [], activity_url_builder()
    for event in page.object_list:
        starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
        # Worked out here once, so that the template only prints: 50 lines on every agenda page.
        event.hours = f"{starts:%H.%M}–{ends:%H.%M}"
        event.url = url_of(event.activiteit.slug)
        event.place = ""
        if locatie := event.locatie:
            event.place = f"{locatie.name}, {locatie.city}" + (f" ({locatie.wijk.name})" if locatie.wijk else "")
        day = starts.date()
        if not days or days[-1]["day"] != day:
            days.append({"day": day, "events": []})
        days[-1]["events"].append(event)
    return render(request, "socialekaart/public/agenda.html", {"form": form, "page": page, "days": days})


def agenda_ics(request):
    """The agenda as a calendar feed: the dated events of the next 90 days."""
    until = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=FEED_DAYS), time.max))
    events = upcoming_bijeenkomsten().filter(starts_at__lte=until)[:FEED_MAX_EVENTS]
    content = ical.agenda_calendar(
        events,
        name=_("Agenda van de sociale kaart"),
        url_of=lambda event: request.build_absolute_uri(event.activiteit.get_absolute_url()),
    )
    return _calendar_response(content, "agenda.ics")


def booklet(request):
    """The paper sociale kaart: choose a wijk and a target group, then print a page of large type."""
    form = BookletForm(request.GET)
    context = {"form": form, "chosen": "wijk" in request.GET or "voor" in request.GET}
    if context["chosen"]:
        filters: Filters = form.filters
        activities = with_listing_details(search("", filters).activities)
        listed = with_access(activities[: BOOKLET_MAX_ACTIVITIES + 1])
        context |= {
            "activities": listed[:BOOKLET_MAX_ACTIVITIES],
            "truncated": len(listed) > BOOKLET_MAX_ACTIVITIES,
            "wijk": Wijk.objects.select_related("gemeente").filter(pk=filters.wijk).first() if filters.wijk else None,
            "target_group": TargetGroup(filters.target_group).label if filters.target_group else None,
            "printed_on": timezone.localdate(),
        }
    return render(request, "socialekaart/public/booklet.html", context)


urlpatterns = [
    path("", home, name="home"),
    path("activiteiten/", search_page, name="search"),
    # Before <slug>/ so that "boekje" is never read as an activity.
    path("activiteiten/boekje/", booklet, name="booklet"),
    path("activiteiten/<slug:slug>/", activity_page, name="activiteit"),
    path("activiteiten/<slug:slug>/agenda.ics", activity_ics, name="activiteit_ics"),
    path("agenda/", agenda, name="agenda"),
    path("agenda.ics", agenda_ics, name="agenda_ics"),
]
