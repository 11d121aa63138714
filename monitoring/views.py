"""The dashboard (steering group, coördinators, and meldpunt staff for their own meldpunt), its exports, the printed
quarterly report and its PDF, the partners' "onze cijfers" and the public progress page. Aggregates only: every
figure comes from monitoring/panels through monitoring/suppression."""

import csv
import io

import tablib
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext

from coalition.models import Role
from coalition.permissions import role_required

from . import access, panels, pdf, summary
from .panels.base import DataTable, Panel, Selection

DASHBOARD_ROLES = (Role.STUURGROEP, Role.COORDINATOR, Role.MEDEWERKER)
EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _dashboard(request, keys: list[str] | None = None):
    """The filter form, the selection it makes, the panels this user may see (none when the form is wrong) and
    when their figures were computed (they may come from the summary: monitoring/summary.py)."""
    form, selection = access.selection_for(request.user, request.GET)
    if selection is None:
        return form, None, [], timezone.now()
    wanted = [key for key in panels.keys_for(request.user.role) if not keys or key in keys]
    kept = summary.panels_for(wanted, selection)
    return form, selection, kept.panels, kept.computed_at


def _context(form, selection: Selection | None, built: list[Panel], computed_at) -> dict:
    place = ""
    if selection is not None and "gemeente" in form.fields:
        place = form.place() or gettext("alle gemeenten")
    return {
        "form": form,
        "selection": selection,
        "selection_place": place,
        "panels": built,
        "data_date": timezone.localtime(computed_at),
        "min_cell": settings.MIN_CELL,
    }


@role_required(*DASHBOARD_ROLES)
def index(request):
    """The dashboard: every panel this user may see, for the chosen gemeente, wijk and period."""
    form, selection, built, computed_at = _dashboard(request)
    return render(request, "monitoring/index.html", _context(form, selection, built, computed_at))


@role_required(*DASHBOARD_ROLES)
def export(request, key: str, fmt: str):
    """One panel's tables as CSV (semicolons, as Dutch Excel reads them) or XLSX (a sheet per table), suppressed
    like the page."""
    if key not in panels.keys_for(request.user.role) or fmt not in EXPORT_FORMATS:
        raise Http404
    form, selection, built, _ = _dashboard(request, [key])
    if selection is None:
        return render(request, "monitoring/index.html", {"form": form, "panels": []}, status=400)
    panel = built[0]
    tables = panel.as_tables(selection)
    book = tablib.Databook()
    for number, table in enumerate(tables, start=1):
        sheet = tablib.Dataset(*table.sheet_rows(), headers=table.headers, title=f"{number} {table.title}"[:31])
        book.add_sheet(sheet)
    filename = f"{slugify(panel.title)}-{slugify(selection.period.label)}.{fmt}"
    if fmt == "xlsx":
        content: bytes | str = book.export("xlsx")
    else:
        content = _csv(tables, panel, selection)
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv(tables: list[DataTable], panel: Panel, selection: Selection) -> str:
    """All of a panel's tables in one CSV, each after a line with its title; the period on the first line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([panel.title, selection.period.label])
    for table in tables:
        writer.writerows([[], [table.title], table.headers, *table.text_rows()])
        if table.note:
            writer.writerow([table.note])
    return "\ufeff" + out.getvalue()  # the byte-order mark makes Excel read it as UTF-8


@role_required(*DASHBOARD_ROLES)
def report(request):
    """The whole dashboard as an A4 quarterly report to print: the period and the date of the data on every page."""
    form, selection, built, computed_at = _dashboard(request)
    status = 200 if selection else 400
    return render(request, "monitoring/report.html", _context(form, selection, built, computed_at), status=status)


@role_required(*DASHBOARD_ROLES)
def report_pdf(request):
    form, selection, built, computed_at = _dashboard(request)
    if selection is None:
        return render(request, "monitoring/report.html", {"form": form, "panels": []}, status=400)
    content = pdf.report_pdf(built, selection, data_date=timezone.localtime(computed_at))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"kwartaalrapportage-{slugify(selection.period.label)}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@role_required(Role.PARTNER)
def our_figures(request):
    """A partner's own referral figures ("onze cijfers"), for the organisations they act for."""
    form, selection, panel = access.partner_figures(request.user, request.GET)
    context = {**_context(form, selection, [], timezone.now()), "panel": panel}
    return render(request, "monitoring/our_figures.html", context)


def public_progress(request):
    """/voortgang/: the ambition per gemeente and a few headline figures for the council and citizens."""
    return render(
        request,
        "monitoring/progress.html",
        {"progress": summary.public_progress(), "title": gettext("Voortgang van de aanpak")},
    )
