"""The worklist: the cases of the meldpunten a staff member works for, in lists (tabs) with a search box."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..permissions import staff_required
from ..queries.worklist import (
    CHECK_FIRST,
    SEARCH_ALL,
    WORKLIST_VIEWS,
    clean_search,
    first_contact_cutoff,
    meldpunten_for_user,
    worklist,
    worklist_counts,
)
from ..services import audit

PER_PAGE = 25

TABS = {
    "nieuw": _("Nieuw en zonder eigenaar"),
    "mijn": _("Mijn meldingen"),
    "te-laat": _("Te laat"),
    "wacht": _("Wacht op partner"),
    "open": _("Alle open"),
    "gesloten": _("Gesloten"),
    CHECK_FIRST: _("Eerst nakijken"),
}

# What to do when a list is empty.
EMPTY = {
    "nieuw": _("Alle nieuwe meldingen hebben een eigenaar. Kijk bij 'Te laat' of er nog iemand gebeld moet worden."),
    "mijn": _("U heeft geen open meldingen. Pak een melding op bij 'Nieuw en zonder eigenaar' met 'Ik pak hem op'."),
    "te-laat": _("Iedereen is op tijd gebeld of bezocht. Goed zo!"),
    "wacht": _("Er wachten geen meldingen op een partner."),
    "open": _("Er zijn geen open meldingen. Nieuwe signalen komen hier vanzelf binnen."),
    "gesloten": _("Er zijn nog geen gesloten meldingen."),
    CHECK_FIRST: _("Er zijn geen meldingen die eerst nagekeken moeten worden."),
    SEARCH_ALL: _("Niets gevonden."),
}


@staff_required
def index(request):
    """The worklist. Without a choice: the new, unassigned cases (or, when searching, every case)."""
    meldpunten = list(meldpunten_for_user(request.user))
    if not meldpunten:
        return render(request, "meldpunt/index.html", {"meldpunten": []})
    q = clean_search(request.GET.get("q"))
    view = request.GET.get("lijst", "")
    if view not in WORKLIST_VIEWS:
        view = SEARCH_ALL if q else "nieuw"
    meldpunt_ids = [meldpunt.pk for meldpunt in meldpunten]
    counts = worklist_counts(request.user, meldpunt_ids)
    paginator = Paginator(worklist(request.user, view, q, meldpunt_ids), PER_PAGE)
    if not q and view in counts:
        paginator.count = counts[view]  # known already: saves a COUNT query
    page = paginator.get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)
    # Names on a list are a read of those cases, as on the case page (and the partner's inbox): one line each.
    shown = [(melding.pk, melding.number) for melding in page.object_list if melding.person_name]
    audit.log_list_view(request.user, shown, _("werklijst: %(list)s") % {"list": TABS.get(view, _("zoekresultaten"))})
    return render(
        request,
        "meldpunt/index.html",
        {
            "meldpunten": meldpunten,
            "tabs": [
                {"key": key, "label": label, "count": counts[key], "active": key == view} for key, label in TABS.items()
            ],
            "view": view,
            "check_first": view == CHECK_FIRST,
            "view_label": TABS.get(view, _("Zoekresultaten")),
            "q": q,
            "page": page,
            "empty_text": EMPTY[view],
            "several_meldpunten": len(meldpunten) > 1,
            "cutoff": first_contact_cutoff(),
        },
    )


urlpatterns = [path("", index, name="index")]
