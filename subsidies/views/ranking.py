"""The committee's ranking of a call: a page that prints on A4 landscape for the meeting, and its export to XLSX.

The coördinator sees every application at the committee. A committee member sees the ranking only once they have
submitted their review of every application of the call they have no conflict with (queries.committee.
ranking_open_to), and then only the applications they reviewed themselves: the rows come from
queries.ranking.call_ranking(viewer=...), which keeps scoring blind and never shows a conflicted member anything
of an application they have a conflict with. The export is made of the same rows as the page.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from coalition.models import Role
from coalition.permissions import role_required

from ..models import Regeling
from ..queries.committee import ranking_open_to
from ..queries.ranking import call_ranking
from ..resources import ranking_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _call(request, slug: str) -> tuple[Regeling, bool]:
    """The call, and whether the user may see its ranking now."""
    regeling = get_object_or_404(Regeling, slug=slug)
    is_open = request.user.role == Role.COORDINATOR or ranking_open_to(request.user, regeling)
    return regeling, is_open


@role_required(Role.COORDINATOR, Role.COMMISSIELID)
def ranking(request, slug):
    regeling, is_open = _call(request, slug)
    criteria = list(regeling.criteria.order_by("position", "pk"))
    rows = call_ranking(regeling, viewer=request.user) if is_open else []
    place, ranked = 0, []
    for row in rows:
        if row.score is not None:
            place += 1
        ranked.append((place if row.score is not None else None, row))
    return render(
        request,
        "subsidies/committee/ranking.html",
        {
            "regeling": regeling,
            "criteria": criteria,
            "rows": ranked,
            "is_open": is_open,
            "is_coordinator": request.user.role == Role.COORDINATOR,
            "printed_at": timezone.now(),
        },
    )


@role_required(Role.COORDINATOR, Role.COMMISSIELID)
def export(request, slug):
    regeling, is_open = _call(request, slug)
    if not is_open:
        raise PermissionDenied
    criteria = list(regeling.criteria.order_by("position", "pk"))
    content = ranking_xlsx(call_ranking(regeling, viewer=request.user), criteria)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    filename = f"ranglijst-{regeling.slug}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
