"""The open-data API: public activities in the shape of Open Referral HSDS 3.0, read-only JSON, no login.

Other systems (a municipal website, a national directory) read the sociale kaart here. Only what the
public search shows is published: `Activiteit.objects.public()`. Lists are paged HSDS-style with
`?page=` and `?per_page=` (at most MAX_PER_PAGE); odd values fall back to the defaults, never an error.
The mapping to HSDS lives in socialekaart/hsds.py.
"""

from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from coalition.pagecache import cache_public_page

from .. import hsds
from ..queries import api as reads

DEFAULT_PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000  # a larger page number is nonsense, not a page that happens to be empty
CACHE_SECONDS = 300


def _full_services(base_url: str):
    """Serialises a page of activities as fully nested services (see queries.api.service_details)."""

    def serialise(activities) -> list[dict]:
        details, today = reads.service_details(activities), timezone.localdate()
        return [hsds.service_full(a, base_url, today=today, details=details[a.pk]) for a in activities]

    return serialise


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
    page = reads.page_of(items, _positive_int(request.GET.get("page"), 1), per_page)
    contents = serialise_page(page.items) if serialise_page else [serialise(item) for item in page.items]
    return _json(
        {
            "total_items": page.total,
            "total_pages": page.total_pages,
            "page_number": page.number,
            "size": len(contents),
            "first_page": page.number == 1,
            "last_page": page.number >= page.total_pages,
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
@cache_public_page
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
@cache_public_page
def services(request):
    """Public activities, oldest first. Filters: search, organization_id, taxonomy_term_id; full=true nests all."""
    base = _base_url(request)
    activities = reads.services(request.GET.get("search", "").strip())
    if "organization_id" in request.GET:
        activities = reads.of_organisatie(activities, hsds.organisatie_pk(request.GET["organization_id"]))
    if "taxonomy_term_id" in request.GET:
        activities = reads.with_term(activities, hsds.taxonomy_term_by_id(request.GET["taxonomy_term_id"]))
    if _is_true(request.GET.get("full")):
        return _page(request, activities, serialise_page=_full_services(base))
    return _page(request, activities, lambda a: hsds.service(a, base))


@require_GET
@cache_public_page
def service_detail(request, id):
    pk = hsds.activiteit_pk(id)
    _not_found(pk)
    activiteit = reads.service(pk)
    _not_found(activiteit)
    return _json(hsds.service_full(activiteit, _base_url(request)))


@require_GET
@cache_public_page
def organizations(request):
    """Organisations with at least one public activity."""
    base = _base_url(request)
    return _page(request, reads.organizations(), lambda o: hsds.organization(o, base))


@require_GET
@cache_public_page
def organization_detail(request, id):
    pk = hsds.organisatie_pk(id)
    _not_found(pk)
    organisatie = reads.organization(pk)
    _not_found(organisatie)
    return _json(hsds.organization_full(organisatie, _base_url(request), reads.locations_of(organisatie)))


@require_GET
@cache_public_page
def locations(request):
    """Places where at least one public activity happens."""
    return _page(request, reads.locations(), hsds.location)


@require_GET
@cache_public_page
def service_at_locations(request):
    """Every (public activity, place) pair, with the place and a short service nested."""
    base = _base_url(request)
    return _page(
        request,
        reads.service_at_locations(),
        lambda pair: hsds.service_at_location(pair.activiteit, pair.locatie, with_service=base),
    )


@require_GET
@cache_public_page
def taxonomies(request):
    return _page(request, list(hsds.TAXONOMIES), hsds.taxonomy)


@require_GET
@cache_public_page
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
