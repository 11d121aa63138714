"""The coördinator's insight into the sociale kaart: stale listings, what citizens search for, and the gaps.

Only totals and titles: no page here shows who searched or who was reminded.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from coalition.models import Gemeente, Role
from coalition.permissions import role_required

from .. import queries

PER_PAGE = 25


def _page(request, items, per_page=PER_PAGE):
    # get_page() turns any odd ?pagina= value into the first or last page instead of an error.
    return Paginator(items, per_page).get_page(request.GET.get("pagina"))


@role_required(Role.COORDINATOR)
def stale_listings(request):
    page = _page(request, queries.stale_listings())
    return render(
        request,
        "socialekaart/insight/stale_listings.html",
        {
            "page": page,
            "counts": queries.stale_listing_counts(),
            "remind_after_days": settings.SOCIALEKAART_REMIND_AFTER_DAYS,
            "hide_after_days": settings.SOCIALEKAART_HIDE_AFTER_DAYS,
        },
    )


@role_required(Role.COORDINATOR)
def search_terms(request):
    show_all = request.GET.get("weergave") == "alle"
    page = _page(request, queries.search_terms(without_results=not show_all))
    return render(
        request,
        "socialekaart/insight/search_terms.html",
        {
            "page": page,
            "show_all": show_all,
            "totals": queries.search_totals(),
            "days": queries.SEARCH_TERMS_DAYS,
            "extra_query": "weergave=alle&" if show_all else "",
        },
    )


@role_required(Role.COORDINATOR)
def coverage(request):
    gemeenten = list(Gemeente.objects.order_by("name"))
    chosen = next((g for g in gemeenten if str(g.pk) == request.GET.get("gemeente", "")), None)
    return render(
        request,
        "socialekaart/insight/coverage.html",
        {
            "rows": queries.coverage(gemeente=chosen),
            "groups": queries.coverage_groups(),
            "gemeenten": gemeenten,
            "chosen": chosen,
            "thin_max": queries.THIN_MAX,
        },
    )


urlpatterns = [
    path("verouderd/", stale_listings, name="verouderd"),
    path("zoekvragen/", search_terms, name="zoekvragen"),
    path("witte-vlekken/", coverage, name="witte_vlekken"),
]
