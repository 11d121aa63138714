"""The citizens' pages: home, search, an activity, the agenda and the paper booklet. No login, no JavaScript needed.

Addresses are Dutch and stable: they are printed in booklets and on posters.
"""

from datetime import datetime, time, timedelta
from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.pagecache import cache_public_page, cached_fragment, cached_fragments
from coalition.visitors import daily_visitor_hash

from .. import ical, presenters
from ..models import Language, TargetGroup
from ..queries import public as reads
from ..search import Filters
from ..search_forms import AGENDA_DAYS_AHEAD, AgendaForm, BookletForm, HomeSearchForm, SearchForm, target_group_label
from ..services.search_log import log_search

RESULTS_PER_PAGE = 20
MAX_PAGE_HINT = 100_000  # far past any real search, and its offset fits PostgreSQL's bigint
EVENTS_PER_PAGE = 50  # the agenda of one day
AGENDA_PER_DAY = 15  # the agenda of a week: the first sessions of each day, and a link to all of them
NEXT_DATES_ON_ACTIVITY_PAGE = 5
FEED_DAYS = 90
FEED_MAX_EVENTS = 2000
BOOKLET_MAX_ACTIVITIES = 500
SEARCH_VISITOR = "socialekaart.zoekvraag"  # the purpose of the daily visitor hash (coalition/visitors.py)


def _public_activity(slug: str):
    """A published, current activity; anything else (concept, archived, stale) is 404 for citizens."""
    activiteit = reads.public_activity(slug)
    if activiteit is None:
        raise Http404
    return activiteit


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


@cache_public_page
def home(request):
    """The front door: one big search box, a few plain entry points and the meldpunt's phone number."""
    search_url = reverse("socialekaart:search")
    entry_points = [{"label": label, "url": search_url + query} for label, query in ENTRY_POINTS]
    return render(request, "socialekaart/public/home.html", {"entry_points": entry_points, "form": HomeSearchForm()})


def _log_search(request, search: dict | None) -> None:
    """Log the search (`log_search`'s query, filters and result_count) after the commit, for this visitor; on a
    fresh page and on one from the page cache alike."""
    if search is not None:
        visitor = daily_visitor_hash(request, SEARCH_VISITOR)
        transaction.on_commit(partial(log_search, **search, visitor=visitor))


@cache_public_page(on_hit=_log_search)
def search_page(request):
    """Search by words and filters; unknown filter values are ignored, never an error."""
    form = SearchForm(request.GET)
    filters = form.filters
    start = (_page_number_hint(request.GET.get("pagina")) - 1) * RESULTS_PER_PAGE
    result = reads.find(form.query, filters, expected=(start, start + RESULTS_PER_PAGE))
    page = Paginator(result.ids, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = _result_cards(request, list(page.object_list))
    search = None
    if page.number == 1 and form.has_criteria:
        # Page 2 and on is the same search, read further: counting it would inflate the demand figures.
        search = {"query": form.query, "filters": filters.as_dict(), "result_count": page.paginator.count}
    _log_search(request, search)
    wider = [
        {"label": item["label"], "url": "?" + urlencode(form.params(without=item["name"]))}
        for item in form.active_filters()
    ]
    context = {
        "form": form,
        "form_html": _search_form_html(request, form),
        "result": result,
        "page": page,
        "typed": form.query,
        "wider_searches": wider,
        "suggestion_url": "?" + urlencode(form.params() | {"q": result.suggestion}) if result.suggestion else "",
    }
    response = render(request, "socialekaart/public/search.html", context)
    # Logged again on a hit (coalition/pagecache.py).
    response.page_cache_note = search
    return response


def _result_cards(request, ids: list[int]) -> list[SafeString]:
    """The result cards of these activities in this order: those kept from earlier searches, the others read and
    made in one go (a card is the same on every search that finds it)."""

    def make(missing: list[int]) -> dict[int, SafeString]:
        return presenters.result_cards(reads.result_rows(missing))

    return [mark_safe(card) for card in cached_fragments(request, "socialekaart.result_card", ids, make)]  # noqa: S308 -- our own cards


WORDS_STAND_IN = "zoekwoorden-plaatshouder"  # letters and a dash only: the form shows it as it is


def _search_form_html(request, form: SearchForm) -> SafeString:
    """The search form as rendered for these filters (crispy: a third of a search's rendering), from the page cache's
    fragments: the same for every search with the same filters, with the words put in afterwards."""
    params = form.params(without="q")

    def render_form() -> str:
        words = form.data
        form.data = {**words, "q": WORDS_STAND_IN}  # the same form (no second query for its wijken), other words
        try:
            return render_to_string("socialekaart/public/_filter_form.html", {"form": form}, request)
        finally:
            form.data = words

    html = cached_fragment(request, "socialekaart.search_form", sorted(params.items()), render_form)
    if not form.query:  # an empty input has no value attribute
        return mark_safe(html.replace(f' value="{WORDS_STAND_IN}"', ""))  # noqa: S308 -- our own rendered form
    return mark_safe(html.replace(WORDS_STAND_IN, conditional_escape(form.query)))  # noqa: S308 -- escaped words


def _page_number_hint(value) -> int:
    """The page the Paginator will most likely show (it has the last word: past the end is the last page).
    Only a hint for reading the page with its count, so nonsense (or a number past any real search) is 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= MAX_PAGE_HINT else 1


@cache_public_page
def activity_page(request, slug):
    """Everything a citizen needs to go there: what, for whom, when, where, cost, how to join, contact."""
    activiteit = _public_activity(slug)
    context = {
        "activiteit": activiteit,
        "tijdsloten": list(reads.weekly_times(activiteit)),
        "next_dates": list(reads.next_dates(activiteit, NEXT_DATES_ON_ACTIVITY_PAGE)),
        "exceptions": list(reads.coming_exceptions(activiteit)[:NEXT_DATES_ON_ACTIVITY_PAGE]),
        "today": timezone.localdate(),
        "permalink": request.build_absolute_uri(activiteit.get_absolute_url()),
        "print_view": request.GET.get("print") == "1",
        "target_group_labels": presenters.labels(activiteit.target_groups, TargetGroup),
        "language_labels": presenters.labels(activiteit.languages, Language),
        "evidence_line": presenters.evidence_line(activiteit.evidence),
        "places": [(locatie, presenters.route_url(locatie)) for locatie in activiteit.locaties.all()],
    }
    return render(request, "socialekaart/public/activity.html", context)


@cache_public_page
def activity_ics(request, slug):
    """ "Zet in mijn agenda": the weekly times as recurring events plus the upcoming dates."""
    activiteit = _public_activity(slug)
    url = request.build_absolute_uri(activiteit.get_absolute_url())
    tijdsloten, bijeenkomsten, exceptions = reads.calendar_of(activiteit, FEED_MAX_EVENTS)
    content = ical.activity_calendar(
        activiteit, url=url, tijdsloten=tijdsloten, bijeenkomsten=bijeenkomsten, exceptions=exceptions
    )
    return _calendar_response(content, f"{activiteit.slug}.ics")


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cache_public_page
def agenda(request):
    """Every session of a week (from `van`, today unless chosen), per day: the dated events and the dates of the
    recurring times, at most AGENDA_PER_DAY a day with a link to the whole day; or one day (`dag`), paginated.
    Optionally only those of one wijk."""
    form = AgendaForm(request.GET)
    start, end, one_day = form.period
    wijk = form.selected_wijk
    period = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    page = None
    count_is_minimum = False  # more sessions than counted (queries.public.AGENDA_DAY_CAP)
    if one_day:
        page = Paginator(reads.AgendaDay(start, wijk=wijk), EVENTS_PER_PAGE).get_page(request.GET.get("pagina"))
        count = page.paginator.count
        days = presenters.agenda_days(page.object_list, period)
    else:
        # A week shows the first sessions of each day: worked out per day in the database (grows with the page).
        first_of_each_day, counts, more_than = reads.agenda_week(period, AGENDA_PER_DAY, wijk=wijk)
        count = sum(counts.values())
        count_is_minimum = bool(more_than)
        days = presenters.agenda_days(
            first_of_each_day, period, per_day=AGENDA_PER_DAY, counts=counts, more_than=more_than
        )
    keep = {"wijk": wijk} if wijk else {}
    for day in days:
        day["all_url"] = "?" + urlencode(keep | {"dag": day["day"].isoformat()})
    today, last = timezone.localdate(), timezone.localdate() + timedelta(days=AGENDA_DAYS_AHEAD)
    step = timedelta(days=1 if one_day else 7)
    earlier = max(start - step, today) if start > today else None
    later = start + step if start + step <= last else None
    kind = "dag" if one_day else "van"
    context = {
        "form": form,
        "page": page,
        "days": days,
        "one_day": one_day,
        "start": start,
        "end": end,
        "count": count,
        "count_is_minimum": count_is_minimum,
        "earlier_url": "?" + urlencode(keep | {kind: earlier.isoformat()}) if earlier else "",
        "later_url": "?" + urlencode(keep | {kind: later.isoformat()}) if later else "",
        "week_url": "?" + urlencode(keep | {"van": start.isoformat()}),
        "ics_url": reverse("socialekaart:agenda_ics") + ("?" + urlencode(keep) if keep else ""),
    }
    return render(request, "socialekaart/public/agenda.html", context)


@cache_public_page
def agenda_ics(request):
    """The agenda as a calendar feed (of one wijk with `?wijk=`): the recurring times as RRULEs with their
    exceptions as EXDATEs, and the dated events of the next 90 days."""
    wijk = AgendaForm(request.GET).selected_wijk
    until = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=FEED_DAYS), time.max))
    slots, exceptions = reads.agenda_feed_times(FEED_MAX_EVENTS, wijk=wijk)
    url_of = presenters.activity_url_builder()
    content = ical.agenda_calendar(
        reads.agenda_feed(until, FEED_MAX_EVENTS, wijk=wijk),
        tijdsloten=slots,
        exceptions=exceptions,
        name=_("Agenda van de sociale kaart"),
        url_of=lambda activiteit: request.build_absolute_uri(url_of(activiteit.slug)),
    )
    return _calendar_response(content, "agenda.ics")


@cache_public_page
def booklet(request):
    """The paper sociale kaart: choose a wijk and a target group, then print a page of large type."""
    form = BookletForm(request.GET)
    context = {"form": form, "chosen": "wijk" in request.GET or "voor" in request.GET}
    if context["chosen"]:
        filters: Filters = form.filters
        listed = reads.booklet_activities(filters, BOOKLET_MAX_ACTIVITIES + 1)
        context |= {
            "activities": listed[:BOOKLET_MAX_ACTIVITIES],
            "truncated": len(listed) > BOOKLET_MAX_ACTIVITIES,
            "wijk": reads.booklet_wijk(filters.wijk),
            "target_group": target_group_label(filters.target_group),
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
