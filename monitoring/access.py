"""Who sees which figures: the steering group and coördinators every gemeente, meldpunt staff only their own
meldpunt's, a partner only the referrals to their own organisations. Turns a user and the query string into the
filter form and the Selection the panels are built from."""

from django.db.models import QuerySet

from coalition.models import Gemeente, Role, User
from meldpunt import queries as meldpunt_queries

from .forms import DashboardFilterForm
from .panels import partner
from .panels.base import Panel, Selection


def _staff_meldpunten(user: User) -> list[tuple[int, int]]:
    """(meldpunt pk, gemeente pk) of the meldpunten a staff member works for."""
    return [(m.pk, m.gemeente_id) for m in meldpunt_queries.meldpunten_for_user(user)]


def allowed_gemeenten(user: User) -> tuple[QuerySet[Gemeente], tuple[int, ...] | None, tuple[int, ...] | None]:
    """The gemeenten the user may choose from; for meldpunt staff also the pks of those gemeenten and of the
    meldpunten whose figures they see (None: every gemeente, every meldpunt)."""
    if user.role == Role.MEDEWERKER:
        meldpunten = _staff_meldpunten(user)
        gemeente_ids = tuple(sorted({gemeente for _, gemeente in meldpunten}))
        meldpunt_ids = tuple(pk for pk, _ in meldpunten)
        return Gemeente.objects.filter(pk__in=gemeente_ids).order_by("name"), gemeente_ids, meldpunt_ids
    return Gemeente.objects.order_by("name"), None, None


def selection_for(user: User, params) -> tuple[DashboardFilterForm, Selection | None]:
    """The filter form on the query string `params`, and what it selects within what `user` may see."""
    gemeenten, own_gemeente_ids, meldpunt_ids = allowed_gemeenten(user)
    return _select(params, gemeenten, own_gemeente_ids, meldpunt_ids)


def steering_selection(params) -> Selection | None:
    """What the steering group selects with `params` (every gemeente open to it): for keeping views ready."""
    return _select(params, Gemeente.objects.order_by("name"), None, None)[1]


def _select(
    params,
    gemeenten: QuerySet[Gemeente],
    own_gemeente_ids: tuple[int, ...] | None,
    meldpunt_ids: tuple[int, ...] | None,
) -> tuple[DashboardFilterForm, Selection | None]:
    form = DashboardFilterForm(params, gemeenten=gemeenten)
    if not form.is_valid():
        return form, None
    gemeente, wijk = form.cleaned_data["gemeente"], form.cleaned_data["wijk"]
    if gemeente is not None:
        gemeente_ids: tuple[int, ...] | None = (gemeente,)
    elif wijk is not None:
        gemeente_ids = (form.wijken[wijk][1],)
    else:  # every gemeente the user may see (None for the steering group: all of them)
        gemeente_ids = own_gemeente_ids
    selection = Selection(
        period=form.period(),
        gemeente_ids=gemeente_ids,
        wijk_id=wijk,
        meldpunt_ids=meldpunt_ids,
        today=form.today,
        wijken={pk: (form.wijk_label(pk), gemeente) for pk, (_, gemeente) in form.wijken.items()},
    )
    return form, selection


def partner_figures(user: User, params) -> tuple[DashboardFilterForm, Selection | None, Panel | None]:
    """The partner's "onze cijfers": the period chosen as on the dashboard, for their own organisations."""
    form = DashboardFilterForm(params, gemeenten=None)
    if not form.is_valid():
        return form, None, None
    selection = Selection(period=form.period(), today=form.today)
    organisatie_ids = list(user.organisaties.values_list("pk", flat=True))
    return form, selection, partner.build(organisatie_ids, selection)
