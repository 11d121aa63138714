"""The citizens' pages: home, search, an activity, the agenda and the paper booklet. No login, no JavaScript needed.

Addresses are Dutch and stable: they are printed in booklets and on posters.
"""

from datetime import datetime, time, timedelta
from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.models import Wijk

from .. import ical
from ..models import Activiteit, Bijeenkomst, Language, Locatie, TargetGroup, Tijdslot
from ..search import Filters, search, terms_of
from ..search_forms import AgendaForm, BookletForm, SearchForm
from ..services.search_log import log_search

RESULTS_PER_PAGE = 20
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
    result = search(form.query, filters)
    page = Paginator(with_listing_details(result.activities), RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
    page.object_list = with_access(page.object_list)
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


def agenda(request):
    """Upcoming dated events, grouped by day; optionally only those in one wijk."""
    form = AgendaForm(request.GET)
    page = Paginator(upcoming_bijeenkomsten(wijk=form.selected_wijk), EVENTS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    days = []
    for event in page.object_list:
        day = timezone.localtime(event.starts_at).date()
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
