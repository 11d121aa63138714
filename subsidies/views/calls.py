"""The coördinator's calls: every call with its applications counted per tab, and one call's applications in the
tabs of the workflow table (to check, at the committee, decided, finished). Calls themselves are made and changed in
the admin (subsidies/admin.py)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from coalition.models import Role
from coalition.permissions import role_required

from ..choices import AanvraagStatus
from ..models import Regeling
from ..queries import call_overview as reads
from ..queries.call_overview import number_of

PER_PAGE = 25

EMPTY = {
    "nieuw": gettext_lazy(
        "Er zijn geen aanvragen om te controleren. Dient een aanvrager een aanvraag in, dan staat die hier."
    ),
    "commissie": gettext_lazy(
        "Er liggen geen aanvragen bij de commissie. Verklaar een ingediende aanvraag ontvankelijk bij ‘Te "
        "controleren’: dan gaat hij naar de commissie."
    ),
    "besloten": gettext_lazy("Er is nog over geen enkele aanvraag besloten."),
    "afgerond": gettext_lazy("Nog niets afgerond."),
}


@role_required(Role.COORDINATOR)
def index(request):
    page = Paginator(reads.calls_with_counts(), PER_PAGE).get_page(request.GET.get("pagina"))
    return render(request, "subsidies/coordinator/calls.html", {"page": page, "tabs": reads.TABS})


@role_required(Role.COORDINATOR)
def call(request, slug):
    regeling = get_object_or_404(Regeling, slug=slug)
    tab = request.GET.get("lijst", "")
    if tab not in reads.TABS:
        tab = reads.DEFAULT_TAB
    counts = reads.call_counts(regeling)
    paginator = Paginator(reads.call_applications(regeling, tab), PER_PAGE)
    paginator.count = counts[tab]  # known already: saves a COUNT query
    page = paginator.get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    for row in rows:
        row["number"] = number_of(row["pk"], row["created_at"])
        row["status_label"] = AanvraagStatus(row["status"]).label
    page.object_list = rows
    return render(
        request,
        "subsidies/coordinator/call.html",
        {
            "regeling": regeling,
            "tabs": [
                {"key": key, "label": label, "count": counts[key], "active": key == tab}
                for key, (label, _statuses) in reads.TABS.items()
            ],
            "tab": tab,
            "tab_label": reads.TABS[tab][0],
            "page": page,
            "empty_text": EMPTY[tab],
        },
    )
