"""The coördinator's insight into the sociale kaart: stale listings, what citizens search for, and the gaps.

Only totals and titles: no page here shows who searched or who was reminded.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from coalition.models import Role
from coalition.permissions import role_required

from ..queries import freshness, insight

PER_PAGE = 25


def _page(request, items, per_page=PER_PAGE):
    # get_page() turns any odd ?pagina= value into the first or last page instead of an error.
    return Paginator(items, per_page).get_page(request.GET.get("pagina"))


@role_required(Role.COORDINATOR)
def stale_listings(request):
    page = _page(request, freshness.stale_listings())
    return render(
        request,
        "socialekaart/insight/stale_listings.html",
        {
            "page": page,
            "counts": freshness.stale_listing_counts(),
            "remind_after_days": settings.SOCIALEKAART_REMIND_AFTER_DAYS,
            "hide_after_days": settings.SOCIALEKAART_HIDE_AFTER_DAYS,
        },
    )


@role_required(Role.COORDINATOR)
def search_terms(request):
    show_all = request.GET.get("weergave") == "alle"
    page = _page(request, insight.search_terms(without_results=not show_all))
    return render(
        request,
        "socialekaart/insight/search_terms.html",
        {
            "page": page,
            "show_all": show_all,
            "totals": insight.search_totals(),
            "days": insight.SEARCH_TERMS_DAYS,
        },
    )


@role_required(Role.COORDINATOR)
def coverage(request):
    gemeenten = list(insight.gemeenten())
    chosen = next((g for g in gemeenten if str(g.pk) == request.GET.get("gemeente", "")), None)
    return render(
        request,
        "socialekaart/insight/coverage.html",
        {
            "rows": insight.coverage(gemeente=chosen),
            "groups": insight.coverage_groups(),
            "gemeenten": gemeenten,
            "chosen": chosen,
            "thin_max": insight.THIN_MAX,
        },
    )


urlpatterns = [
    path("verouderd/", stale_listings, name="verouderd"),
    path("zoekvragen/", search_terms, name="zoekvragen"),
    path("witte-vlekken/", coverage, name="witte_vlekken"),
]
