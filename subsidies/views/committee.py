"""The committee member's pages: the calls at the committee, one call's applications, and one application.

A member first declares, per application, whether they have a conflict of interest; until then the application's
page shows only its title and organisation. A member with a conflict (declared, or linked to the applicant or a
network partner) gets 404 on the application. After declaring no conflict the member reads the application and
scores it blind: the others' reviews appear only once their own is submitted (queries.committee.reviews_visible_to).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalition.models import Role
from coalition.permissions import role_required
from coalition.views.actions import add_service_error, form_action

from ..forms.committee import DeclarationForm, ReviewForm, review_initial
from ..models import Aanvraag, BeoordelingHistorie, Regeling
from ..permissions import application_for_member
from ..queries import call_overview
from ..queries import committee as reads
from ..queries.committee import Standing
from ..services import committee

PER_PAGE = 25

member_required = role_required(Role.COMMISSIELID)

STATES = {
    reads.TO_DECLARE: gettext_lazy("Eerst verklaren"),
    reads.EXCLUDED: gettext_lazy("Uitgesloten: u werkt voor de aanvrager of een partner"),
    reads.CONFLICT: gettext_lazy("U heeft een belang: u beoordeelt niet"),
    reads.TO_SCORE: gettext_lazy("Nog beoordelen"),
    reads.DRAFT: gettext_lazy("Concept bewaard, nog indienen"),
    reads.SUBMITTED: gettext_lazy("Ingediend"),
}


@member_required
def index(request):
    return render(request, "subsidies/committee/index.html", {"calls": reads.committee_calls(request.user)})


@member_required
def call(request, slug):
    regeling = get_object_or_404(Regeling, slug=slug)
    page = Paginator(reads.member_applications(request.user, regeling), PER_PAGE).get_page(request.GET.get("pagina"))
    rows = []
    for row in page.object_list:
        state = reads.member_state(row)
        rows.append(
            {
                **row,
                "number": call_overview.number_of(row["pk"], row["created_at"]),
                "state": state,
                "state_label": STATES[state],
                "may_open": state not in (reads.EXCLUDED, reads.CONFLICT),
            }
        )
    page.object_list = rows
    return render(
        request,
        "subsidies/committee/call.html",
        {"regeling": regeling, "page": page, "ranking_open": reads.ranking_open_to(request.user, regeling)},
    )


def _render(request, aanvraag: Aanvraag, where: Standing, **bound):
    """The application's page: the declaration while undeclared; otherwise the application, the member's review
    form and (once their own review is submitted) the others' reviews."""
    if not where.may_read:
        form = bound.get("declaration_form") or DeclarationForm()
        return render(request, "subsidies/committee/declare.html", {"aanvraag": aanvraag, "form": form})
    detail = call_overview.with_details(aanvraag)
    criteria = list(detail.regeling.criteria.all())
    frozen = committee.review_frozen(detail)
    scoring = detail.status == Aanvraag.Status.IN_BEOORDELING and not frozen
    form = bound.get("review_form")
    # A submitted review is shown as it is, with a link to change it (?wijzigen): the form only while drafting,
    # when asked for, or again with its errors.
    editing = scoring and (form is not None or not where.submitted or "wijzigen" in request.GET)
    if editing and form is None:
        latest = (
            BeoordelingHistorie.objects.filter(beoordeling=where.review).order_by("-at", "-pk").first()
            if where.review
            else None
        )
        form = ReviewForm(criteria=criteria, initial=review_initial(latest.snapshot) if latest else {})
    reviews = list(reads.reviews_visible_to(request.user, aanvraag))
    return render(
        request,
        "subsidies/committee/application.html",
        {
            "aanvraag": detail,
            "where": where,
            "criteria": criteria,
            "form": form,
            "frozen": frozen,
            "frozen_message": committee.frozen_message(detail) if frozen else "",
            "scoring": scoring,
            "editing": editing,
            "others": [review for review in reviews if review.member_id != request.user.pk],
            "own": next((review for review in reviews if review.member_id == request.user.pk), None),
            "knockouts": call_overview.knockout_answers(detail),
            "action_errors": form.non_field_errors() if form is not None else [],
        },
    )


@member_required
def application(request, pk):
    aanvraag, where = application_for_member(request.user, pk)
    return _render(request, aanvraag, where)


@member_required
def declare(request, pk):
    aanvraag, where = application_for_member(request.user, pk)

    def done(declaration):
        if declaration.has_conflict:
            return reverse("subsidies:committee_call", args=[aanvraag.regeling.slug])
        return reverse("subsidies:committee_application", args=[pk])

    def act(form):
        declaration = committee.declare(
            aanvraag=aanvraag,
            by=request.user,
            has_conflict=form.cleaned_data["has_conflict"],
            explanation=form.cleaned_data["explanation"],
        )
        if declaration.has_conflict:
            messages.info(request, _("U beoordeelt deze aanvraag niet. U ziet de inhoud en de scores ook niet."))
        return declaration

    return form_action(
        request,
        back=reverse("subsidies:committee_application", args=[pk]),
        make_form=DeclarationForm,
        act=act,
        success=_("Uw verklaring is bewaard."),
        done=done,
        render_again=lambda form: _render(request, aanvraag, where, declaration_form=form),
    )


@member_required
def review(request, pk):
    """Keep a draft (the button "bewaren") or submit (the button "indienen": everything filled in)."""
    aanvraag, where = application_for_member(request.user, pk)
    page = reverse("subsidies:committee_application", args=[pk])
    if request.method != "POST" or not where.may_read:
        return redirect(page)
    submit = "indienen" in request.POST
    criteria = list(aanvraag.regeling.criteria.order_by("position", "pk"))
    form = ReviewForm(request.POST, criteria=criteria, submit=submit)
    if form.is_valid():
        try:
            committee.save_review(
                aanvraag=aanvraag,
                by=request.user,
                scores=form.scores(),
                score_comments=form.score_comments(),
                advice=form.cleaned_data["advice"],
                comment=form.cleaned_data["comment"],
                submit=submit,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if submit:
                messages.success(
                    request, _("Uw beoordeling is ingediend. U ziet nu ook de beoordelingen van de anderen.")
                )
            else:
                messages.success(request, _("Uw beoordeling is bewaard als concept. Dien hem in als hij klaar is."))
            return redirect(page)
    return _render(request, aanvraag, where, review_form=form)
