"""The coördinator's insight into the sociale kaart: stale listings, what citizens search for, and the gaps.

Only totals and titles: no page here shows who searched or who was reminded.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coalition import registry
from coalition.models import Role
from coalition.permissions import role_required

from ..forms import SynoniemForm
from ..models import search_word
from ..queries import freshness, insight
from ..services import search_words

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
    if not show_all:
        # Each search without results with what it already means, and the form to say what it means.
        page.object_list = list(page.object_list)
        meanings = insight.synonyms_of_terms([row["term"] for row in page])
        for n, row in enumerate(page, start=1):
            row["meaning"] = meanings.get(row["term"], [])
            row["form"] = _synonym_form(row["term"], auto_id=f"id_synoniem{n}_%s")
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


def _synonym_form(term: str, **kwargs) -> SynoniemForm:
    """The form for "this search means …", with the search word filled in when the search was one word."""
    word = search_word(term)
    return SynoniemForm(initial={"word": word if " " not in word else ""}, **kwargs)


@role_required(Role.COORDINATOR)
def search_term_synonym(request):
    """ "This search word means …": saves a synonym and goes back to the searches without results. The form is
    in each row of that page; this page shows it again when something is missing (and without that page)."""
    if request.method == "POST":
        form = SynoniemForm(request.POST)
        if form.is_valid():
            synoniem = search_words.add_synonym(form.cleaned_data["word"], form.cleaned_data["words"])
            text = _("Opgeslagen: wie zoekt op “%(word)s”, vindt nu ook %(words)s.")
            messages.success(request, text % {"word": synoniem.word, "words": ", ".join(synoniem.words)})
            return redirect("socialekaart:zoekvragen")
    else:
        form = _synonym_form(request.GET.get("term", "")[:200])
    return render(request, "socialekaart/insight/synonym.html", {"form": form})


@role_required(Role.COORDINATOR)
@require_POST
def search_term_hide(request):
    """Sets a search aside (nonsense, a one-off): it no longer shows among the searches without results."""
    term = request.POST.get("term", "").strip()
    if term:
        search_words.hide_search_term(term, by=request.user)
        messages.success(request, _("“%(term)s” staat niet meer in het overzicht.") % {"term": term[:200]})
    return redirect(reverse("socialekaart:zoekvragen") + _page_param(request))


def _page_param(request) -> str:
    # Back to the same page of the list (a number only; anything else: the first page).
    page = request.POST.get("pagina", "")
    return f"?pagina={page}" if page.isdigit() else ""


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
            # Sections of other apps about the same gaps (coalition.registry.add_gap_panel).
            "panels": [
                {"template": panel.template, **panel.context(chosen.pk if chosen else None)}
                for panel in registry.gap_panels()
            ],
        },
    )


urlpatterns = [
    path("verouderd/", stale_listings, name="verouderd"),
    path("zoekvragen/", search_terms, name="zoekvragen"),
    path("zoekvragen/synoniem/", search_term_synonym, name="zoekvraag_synoniem"),
    path("zoekvragen/verbergen/", search_term_hide, name="zoekvraag_verbergen"),
    path("witte-vlekken/", coverage, name="witte_vlekken"),
]
