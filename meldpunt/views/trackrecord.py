"""What works: the track record of referrals per activity, organisation and kind of activity, for meldpunt staff
and coördinators, and the staff page of one activity with its track record next to the evidence from research.

Every figure comes from meldpunt.queries.trackrecord, suppressed, sorted and paged there, and is written out by
meldpunt.presenters.trackrecord; these views only choose.
"""

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from socialekaart.models import CostKind
from socialekaart.presenters import evidence_line
from socialekaart.queries import is_public

from ..forms.trackrecord import TrackRecordFilterForm
from ..permissions import staff_required
from ..presenters import trackrecord as trackrecord_words
from ..queries.trackrecord import (
    TRACK_RECORD_GROUPS,
    TRACK_RECORD_SORTS,
    TrackRecordRow,
    TrackRecordTable,
    activity_for_staff,
    activity_track_record,
)

PER_PAGE = 25

TABS = {
    "activiteit": gettext_lazy("Per activiteit"),
    "organisatie": gettext_lazy("Per organisatie"),
    "soort": gettext_lazy("Per soort activiteit"),
}
SORTS = {
    "aantal": gettext_lazy("Meeste verwijzingen eerst"),
    "naam": gettext_lazy("Op naam (A–Z)"),
    "acceptatie": gettext_lazy("Vaakst geaccepteerd eerst"),
    "start": gettext_lazy("Vaakst gestart eerst"),
}
GROUP_HEADER = {
    "activiteit": gettext_lazy("Activiteit"),
    "organisatie": gettext_lazy("Organisatie"),
    "soort": gettext_lazy("Soort activiteit"),
}
if tuple(TABS) != TRACK_RECORD_GROUPS or tuple(SORTS) != TRACK_RECORD_SORTS:
    raise RuntimeError("TABS and SORTS must name the groups and sorts of queries.trackrecord, in their order.")


def _choice(request, name: str, choices, default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in choices else default


def _filter_form(request) -> TrackRecordFilterForm:
    data = {key: request.GET[key] for key in ("gemeente", "sinds") if request.GET.get(key)}
    form = TrackRecordFilterForm(data or None)
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the valid fields and errors for the others
    return form


@staff_required
def trackrecord(request):
    """The track record table; `?formaat=csv` gives the same (suppressed) table as a spreadsheet."""
    by = _choice(request, "per", TABS, "activiteit")
    order = _choice(request, "sorteer", SORTS, "aantal")
    form = _filter_form(request)
    table = TrackRecordTable(by, order, **form.filters())
    if request.GET.get("formaat") == "csv" and not form.errors:
        return _csv(table[:], by)
    page = table.page(request.GET.get("pagina"), PER_PAGE)
    return render(
        request,
        "meldpunt/trackrecord/index.html",
        {
            "form": form,
            "by": by,
            "order": order,
            "tabs": [{"key": key, "label": label, "active": key == by} for key, label in TABS.items()],
            "sorts": [{"key": key, "label": label, "active": key == order} for key, label in SORTS.items()],
            "group_header": GROUP_HEADER[by],
            "page": page,
            "suppressed_count": table.suppressed_count,
            "min_cell": settings.MIN_CELL,
        },
    )


def _csv(rows: list[TrackRecordRow], by: str) -> HttpResponse:
    """The table as a Dutch Excel reads it (semicolons, decimal commas, a byte order mark): the same texts as the
    page, so a suppressed figure is "<10", "–" or "te weinig metingen" here too."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(trackrecord_words.csv_table(rows, by, GROUP_HEADER[by]))
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wat-werkt-{by}-{timezone.localdate():%Y%m%d}.csv"'
    return response


@staff_required
def activity_page(request, slug):
    """One activity for staff: what it is, the evidence from research, and how referrals to it went."""
    activiteit = activity_for_staff(slug)
    if activiteit is None:
        raise Http404
    return render(
        request,
        "meldpunt/trackrecord/activity.html",
        {
            "activiteit": activiteit,
            "record": activity_track_record(activiteit),
            # The same plain sentence as on the public page of the activity.
            "evidence_line": evidence_line(activiteit.evidence),
            "target_group_labels": trackrecord_words.target_group_labels(activiteit.target_groups),
            "has_amount": activiteit.cost_kind == CostKind.BEDRAG,
            "is_public": is_public(activiteit),
            "public_url": reverse("socialekaart:activiteit", args=[activiteit.slug]),
            "min_cell": settings.MIN_CELL,
        },
    )


urlpatterns = [
    path("wat-werkt/", trackrecord, name="trackrecord"),
    path("activiteiten/<slug:slug>/", activity_page, name="activity_track_record"),
]
