"""The open-data API: public activities in the shape of Open Referral HSDS 3.0, read-only JSON, no login.

Other systems (a municipal website, a national directory) read the sociale kaart here. Only what the
public search shows is published: `Activiteit.objects.public()`. Lists are paged HSDS-style with
`?page=` and `?per_page=` (at most MAX_PER_PAGE); odd values fall back to the defaults, never an error.
The mapping to HSDS lives in socialekaart/hsds.py.
"""

import math

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from coalition.models import Organisatie, Wijk

from .. import hsds
from ..models import Activiteit, Bijeenkomst, Locatie, Tijdslot
from ..search import Filters, search

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000  # a larger page number is nonsense, not a page that happens to be empty
# The dated events a service lists: the coming ones, enough for a year of weekly dates.
MAX_EVENTS_PER_SERVICE = 60
CACHE_SECONDS = 300


# ---------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------
def with_service_details(activities: QuerySet) -> QuerySet:
    """What a fully nested service needs, in a fixed number of queries whatever the page size."""
    upcoming = Bijeenkomst.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")
    located = Locatie.objects.select_related("wijk__gemeente")
    return activities.select_related("organisatie").prefetch_related(
        "tijdsloten",
        Prefetch("bijeenkomsten", queryset=upcoming),
        Prefetch("wijken", queryset=Wijk.objects.select_related("gemeente")),
        Prefetch("locaties", queryset=located),
    )


def service_details(activities: list[Activiteit]) -> dict[int, hsds.ServiceDetails]:
    """The nested parts of a page of fully nested services: four queries, grouped by activity here.

    The same rows and order as `with_service_details`, without prefetch_related's manager and queryset per
    activity and relation, which took most of the time of a page of 50.
    """
    details = {activiteit.pk: hsds.ServiceDetails() for activiteit in activities}
    if not details:
        return details
    pks = list(details)
    for slot in Tijdslot.objects.filter(activiteit_id__in=pks).order_by("weekday", "starts_at", "pk"):
        details[slot.activiteit_id].tijdsloten.append(slot)
    upcoming = Bijeenkomst.objects.filter(activiteit_id__in=pks, starts_at__gte=timezone.now())
    for event in upcoming.order_by("starts_at", "pk"):
        details[event.activiteit_id].bijeenkomsten.append(event)
    served = Activiteit.wijken.through.objects.filter(activiteit_id__in=pks).select_related("wijk__gemeente")
    for link in served.order_by("wijk__gemeente__name", "wijk__name", "wijk_id"):
        details[link.activiteit_id].wijken.append(link.wijk)
    located = Activiteit.locaties.through.objects.filter(activiteit_id__in=pks)
    for link in located.select_related("locatie__wijk__gemeente").order_by("locatie__name", "locatie_id"):
        details[link.activiteit_id].locaties.append(link.locatie)
    return details


def _full_services(base_url: str):
    """Serialises a page of activities as fully nested services (see service_details)."""

    def serialise(activities: list[Activiteit]) -> list[dict]:
        details, today = service_details(activities), timezone.localdate()
        return [hsds.service_full(a, base_url, today=today, details=details[a.pk]) for a in activities]

    return serialise


def _public_locaties() -> QuerySet:
    public = Activiteit.objects.public().filter(locaties=OuterRef("pk"))
    return Locatie.objects.filter(Exists(public))


def _public_organisaties() -> QuerySet:
    return Organisatie.objects.filter(Exists(Activiteit.objects.public().filter(organisatie=OuterRef("pk"))))


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def _positive_int(value, default: int, *, cap: int | None = None) -> int:
    """A whole number from 1 up; anything else (or a number past MAX_PAGE) gives the default."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    if not 1 <= number <= MAX_PAGE:
        return default
    return min(number, cap) if cap else number


def _is_true(value) -> bool:
    return str(value).lower() in ("1", "true", "yes")


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Open data: any website may read it from the browser; caches may keep it a few minutes.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


def _page(request, items, serialise=None, *, serialise_page=None) -> JsonResponse:
    """An HSDS page of `items` (a queryset or a list), each turned into a dict by `serialise`, or all of the
    page's items at once by `serialise_page` (a list in, a list of dicts out)."""
    per_page = _positive_int(request.GET.get("per_page"), DEFAULT_PER_PAGE, cap=MAX_PER_PAGE)
    page_number = _positive_int(request.GET.get("page"), 1)
    total = items.count() if isinstance(items, QuerySet) else len(items)
    total_pages = math.ceil(total / per_page)
    start = (page_number - 1) * per_page
    page_items = list(items[start : start + per_page]) if start < total else []
    contents = serialise_page(page_items) if serialise_page else [serialise(item) for item in page_items]
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page_number,
            "size": len(contents),
            "first_page": page_number == 1,
            "last_page": page_number >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _not_found(pk) -> None:
    if pk is None:
        raise Http404


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------
@require_GET
def root(request):
    """What this API is: HSDS version and profile, and where its lists are."""
    base = _base_url(request)
    names = ["services", "organizations", "locations", "service_at_locations", "taxonomies", "taxonomy_terms"]
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": hsds.HSDS_PROFILE,
            "openapi_url": hsds.HSDS_OPENAPI_URL,
            "title": "Omzien: sociale kaart (open data)",
            "description": (
                "Activiteiten tegen eenzaamheid in Enschede, Hengelo en Twenterand, in de vorm van Open Referral "
                "HSDS 3.0. Alleen gepubliceerde en actuele activiteiten. Pagina's met ?page= en ?per_page= "
                f"(hoogstens {MAX_PER_PAGE})."
            ),
            "attribution": hsds.HSDS_ATTRIBUTION,
            "endpoints": {name: base + reverse(f"socialekaart:api_{name}") for name in names},
        }
    )


@require_GET
def services(request):
    """Public activities, oldest first. Filters: search, organization_id, taxonomy_term_id; full=true nests all."""
    base = _base_url(request)
    activities = Activiteit.objects.public()
    if text := request.GET.get("search", "").strip():
        activities = search(text, Filters()).activities
    else:
        # Primary key order: stable pages, read from the primary key index (title order sorts every row).
        activities = activities.order_by("pk")
    if "organization_id" in request.GET:
        organisatie_pk = hsds.organisatie_pk(request.GET["organization_id"])
        activities = activities.filter(organisatie_id=organisatie_pk) if organisatie_pk else activities.none()
    if "taxonomy_term_id" in request.GET:
        term = hsds.taxonomy_term_by_id(request.GET["taxonomy_term_id"])
        activities = _with_term(activities, term)
    if _is_true(request.GET.get("full")):
        return _page(request, activities.select_related("organisatie"), serialise_page=_full_services(base))
    return _page(request, activities.select_related("organisatie"), lambda a: hsds.service(a, base))


def _with_term(activities: QuerySet, term: tuple[str, str] | None) -> QuerySet:
    if term is None:
        return activities.none()
    taxonomy_code, value = term
    if taxonomy_code == "soort-activiteit":
        return activities.filter(kind=value)
    if taxonomy_code == "voor-wie":
        return activities.filter(target_groups__contains=[value])
    return activities.filter(themes__contains=[value])


@require_GET
def service_detail(request, id):
    pk = hsds.activiteit_pk(id)
    _not_found(pk)
    activiteit = with_service_details(Activiteit.objects.public().filter(pk=pk)).first()
    _not_found(activiteit)
    return _json(hsds.service_full(activiteit, _base_url(request)))


@require_GET
def organizations(request):
    """Organisations with at least one public activity."""
    base = _base_url(request)
    return _page(request, _public_organisaties().order_by("pk"), lambda o: hsds.organization(o, base))


@require_GET
def organization_detail(request, id):
    pk = hsds.organisatie_pk(id)
    _not_found(pk)
    organisatie = _public_organisaties().filter(pk=pk).first()
    _not_found(organisatie)
    locaties = _public_locaties().filter(organisatie=organisatie).select_related("wijk__gemeente").order_by("name")
    return _json(hsds.organization_full(organisatie, _base_url(request), locaties))


@require_GET
def locations(request):
    """Places where at least one public activity happens."""
    locaties = _public_locaties().select_related("wijk__gemeente").order_by("pk")
    return _page(request, locaties, hsds.location)


@require_GET
def service_at_locations(request):
    """Every (public activity, place) pair, with the place and a short service nested."""
    base = _base_url(request)
    Through = Activiteit.locaties.through
    pairs = (
        Through.objects.filter(activiteit__in=Activiteit.objects.public())
        .select_related("activiteit__organisatie", "locatie__wijk__gemeente")
        .order_by("activiteit_id", "locatie_id")
    )
    return _page(
        request, pairs, lambda pair: hsds.service_at_location(pair.activiteit, pair.locatie, with_service=base)
    )


@require_GET
def taxonomies(request):
    return _page(request, list(hsds.TAXONOMIES), hsds.taxonomy)


@require_GET
def taxonomy_terms(request):
    terms = hsds.all_taxonomy_terms()
    if taxonomy_id := request.GET.get("taxonomy_id"):
        terms = [term for term in terms if term["taxonomy_id"] == taxonomy_id.lower()]
    return _page(request, terms, lambda term: term)


urlpatterns = [
    path("", root, name="api_root"),
    path("services/", services, name="api_services"),
    path("services/<str:id>/", service_detail, name="api_service"),
    path("organizations/", organizations, name="api_organizations"),
    path("organizations/<str:id>/", organization_detail, name="api_organization"),
    path("locations/", locations, name="api_locations"),
    path("service_at_locations/", service_at_locations, name="api_service_at_locations"),
    path("taxonomies/", taxonomies, name="api_taxonomies"),
    path("taxonomy_terms/", taxonomy_terms, name="api_taxonomy_terms"),
]
