"""What works: the track record of referrals per activity, organisation and kind of activity, for meldpunt staff
and coördinators, and the staff page of one activity with its track record next to the evidence from research.

Every figure comes from meldpunt.queries, suppressed there; these views only choose, sort, page and format.
"""

import csv
import io

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.models import Gemeente
from socialekaart.models import Activiteit, CostKind, TargetGroup
from socialekaart.queries import hide_cutoff

from ..permissions import staff_required
from ..queries.trackrecord import (
    TRACK_RECORD_GROUPS,
    TRACK_RECORD_SORTS,
    TrackRecordRow,
    activity_track_record,
    referral_track_record,
    sort_track_record,
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
assert tuple(TABS) == TRACK_RECORD_GROUPS and tuple(SORTS) == TRACK_RECORD_SORTS


class TrackRecordFilterForm(forms.Form):
    """Which referrals count: of one gemeente's meldpunt, and sent since a date. Both may stay empty."""

    gemeente = forms.ModelChoiceField(
        label=gettext_lazy("Gemeente"),
        queryset=Gemeente.objects.filter(meldpunt__isnull=False).order_by("name"),
        required=False,
        empty_label=gettext_lazy("Alle gemeenten"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sinds = forms.DateField(
        label=gettext_lazy("Verstuurd vanaf"),
        required=False,
        help_text=gettext_lazy("Bijvoorbeeld 1-1-2026. Leeg: alle verwijzingen."),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={"invalid": gettext_lazy("Vul een bestaande datum in, bijvoorbeeld 1-1-2026.")},
    )

    def filters(self) -> dict:
        """The valid filters (an invalid one is left out, and its message shown beside the field)."""
        data = self.cleaned_data if self.is_bound else {}
        return {"gemeente": data.get("gemeente"), "since": data.get("sinds")}


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
    rows = sort_track_record(referral_track_record(by, **form.filters()), order)
    if request.GET.get("formaat") == "csv" and not form.errors:
        return _csv(rows, by)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
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
            "suppressed_count": sum(row.suppressed for row in rows),
            "min_cell": settings.MIN_CELL,
        },
    )


def _cell(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula (names come from partners)."""
    value = "" if value is None else str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _csv(rows: list[TrackRecordRow], by: str) -> HttpResponse:
    """The table as a Dutch Excel reads it (semicolons, decimal commas, a byte order mark): the same texts as the
    page, so a suppressed figure is "<10", "–" or "te weinig metingen" here too."""
    headers = [str(GROUP_HEADER[by])]
    if by == "activiteit":
        headers += [_("Organisatie"), _("Onderbouwing (onderzoek)")]
    headers += [
        _("Verwijzingen"),
        _("Geaccepteerd (%)"),
        _("Gestart (%)"),
        _("Dagen tot eerste contact (mediaan)"),
        _("Dagen tot start (mediaan)"),
        _("Verandering eenzaamheid, 11 vragen (gemiddeld)"),
        _("Gemeten, 11 vragen"),
        _("Verandering eenzaamheid, 6 vragen (gemiddeld)"),
        _("Gemeten, 6 vragen"),
    ]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        cells = [_cell(row.label)]
        if by == "activiteit":
            cells += [_cell(row.organisatie), row.evidence_label]
        cells += [
            row.referrals_text,
            row.acceptance_text,
            row.start_text,
            row.first_contact_text,
            row.start_days_text,
            # A change starts with + or -: kept as text with a quote would spoil the number; it is never a formula.
            row.djg11_text,
            row.djg11_measured_text,
            row.djg6_text,
            row.djg6_measured_text,
        ]
        writer.writerow(cells)
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="wat-werkt-{by}-{timezone.localdate():%Y%m%d}.csv"'
    return response


@staff_required
def activity_page(request, slug):
    """One activity for staff: what it is, the evidence from research, and how referrals to it went."""
    activiteit = get_object_or_404(Activiteit.objects.select_related("organisatie"), slug=slug)
    labels = dict(TargetGroup.choices)
    is_public = (
        activiteit.status == Activiteit.Status.GEPUBLICEERD
        and activiteit.last_confirmed_on is not None
        and activiteit.last_confirmed_on >= hide_cutoff()
    )
    return render(
        request,
        "meldpunt/trackrecord/activity.html",
        {
            "activiteit": activiteit,
            "record": activity_track_record(activiteit),
            "target_group_labels": [str(labels[value]) for value in activiteit.target_groups if value in labels],
            "has_amount": activiteit.cost_kind == CostKind.BEDRAG,
            "is_public": is_public,
            "public_url": reverse("socialekaart:activiteit", args=[activiteit.slug]),
            "min_cell": settings.MIN_CELL,
        },
    )


urlpatterns = [
    path("wat-werkt/", trackrecord, name="trackrecord"),
    path("activiteiten/<slug:slug>/", activity_page, name="activity_track_record"),
]
