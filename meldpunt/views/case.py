"""The case file: one page with everything about a case, and one address per change made from it.

Only staff of the case's own meldpunt open a case (permissions.case_for); every page shown is written to the
audit log. Each form on the page posts to its own address, which calls one service and redirects back with a
message; on an error the case page is shown again with the form as it was filled in and the message beside it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.views.actions import add_service_error, form_action

from ..choices import NO_END_MEASUREMENT_REASONS, AuditAction
from ..choices import Profile as ProfileChoice
from ..forms.case import (
    AssignForm,
    CloseForm,
    CorrectionForm,
    EntryForm,
    FollowUpForm,
    InformedForm,
    MergeForm,
    PersonForm,
    ProfileForm,
    ReopenForm,
    StatusForm,
    StepForm,
)
from ..models import Melding
from ..permissions import case_for, staff_required
from ..presenters import case as words
from ..queries.case import (
    case_page_cases,
    merge_target,
    open_steps,
    open_steps_after,
    owner_names,
    signals_of,
    staff_of,
    steps_of,
    timeline_of,
)
from ..queries.worklist import possible_duplicates
from ..services import audit, casefile, notifications, rights
from ..services.casefile import StaleCase
from .measurements import measurements_section
from .referrals import referrals_section


def _case(request, number: str) -> Melding:
    """The case, or 404 (also for something that is not a case number); 403 for staff of another meldpunt."""
    return case_for(request, number, case_page_cases())


def _case_context(melding: Melding) -> dict:
    """Everything the case page and the print view show (no forms)."""
    staff = staff_of(melding)
    lines = timeline_of(melding)
    return {
        "melding": melding,
        "staff": staff,
        "signalen": words.describe_signals(signals_of(melding)),
        "timeline": words.describe_timeline(lines, owner_names(lines, staff)),
        "steps": steps_of(melding),
        "profile": words.profile(melding),
        "person_rows": words.person_rows(melding),
    }


def _render_case(request, melding: Melding, **bound):
    """The case page; `bound` holds a form that failed, shown as it was filled in (and `stale`, after a conflict)."""
    context = _case_context(melding)
    is_open = melding.is_open and not melding.anonymised_at
    duplicates = (
        possible_duplicates(
            melding.meldpunt,
            melding.person_name,
            melding.person_birth_year,
            melding.person_postcode,
            exclude=melding,
            phone=melding.person_phone,
        )
        if is_open and (melding.person_name or melding.person_phone)
        else []
    )
    # This case, and the names of possible duplicates shown beside it: reads of those cases too.
    also_shown = _("getoond als mogelijk dezelfde persoon bij %(number)s") % {"number": melding.number}
    audit.log_reads(
        request.user,
        [(melding.pk, melding.number, _("dossier"))] + [(other.pk, other.number, also_shown) for other in duplicates],
    )
    context.update(
        {
            "is_open": is_open,
            "can_change": melding.anonymised_at is None and melding.merged_into_id is None,
            "is_owner": melding.owner_id == request.user.pk,
            "entry_form": EntryForm(initial={"happened_at": timezone.localtime().replace(second=0, microsecond=0)}),
            "correction_form": None,
            "assign_form": AssignForm(staff=staff_of(melding), initial={"owner": melding.owner_id}),
            "status_form": StatusForm(initial={"status": melding.status}),
            "follow_up_form": FollowUpForm(initial={"follow_up_on": melding.follow_up_on}),
            "step_form": StepForm(initial={"on": timezone.localdate()}, open_steps=open_steps(context["steps"])),
            "next_step": next(iter(open_steps(context["steps"])), ""),
            "informed_form": InformedForm(initial={"on": timezone.localdate()}),
            "profile_form": ProfileForm(
                initial={"duration": melding.duration, "coping": melding.coping, "orientation": melding.orientation}
            ),
            "person_form": PersonForm(initial=PersonForm.initial_for(melding)),
            "close_form": CloseForm(),
            "reopen_form": ReopenForm(),
            "merge_form": MergeForm(),
            "duplicates": duplicates,
            "stale": None,
            "open_form": "",
        }
    )
    context.update(bound)
    context["correcting"] = _correcting(request, context["correction_form"])
    if context["correction_form"] is None and context["correcting"] is not None:  # ?corrigeer=: a fresh form
        context["correction_form"] = CorrectionForm(melding=melding, initial={"entry": context["correcting"]})
    stale = context["stale"] or {}
    context["person_fields"] = [
        {"field": context["person_form"][name], "stale": stale.get(name)} for name in PersonForm.FIELDS
    ]
    section = measurements_section(melding)
    context.update(section)
    context.update(referrals_section(melding))  # read with the case (referrals_json): no query of its own
    measurements = section["measurements"]
    context["end_measurement_url"] = measurements["links"]["djg_end"] if measurements["needs_end_measurement"] else ""
    return render(request, "meldpunt/case/detail.html", context)


def _correcting(request, correction_form) -> int | None:
    """The line whose correction form is open: the one that was just posted with an error, or ?corrigeer=<id>."""
    value = correction_form.data.get("entry") if correction_form is not None else request.GET.get("corrigeer")
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@staff_required
def case(request, number):
    """The case file. Opening it marks the user's unread notifications about it read (free when none are)."""
    melding = _case(request, number)
    notifications.mark_read_for_url(request.user, request.path)
    return _render_case(request, melding)


@staff_required
def case_print(request, number):
    """The case file for paper: no forms, everything written out. Printing is written to the audit log."""
    melding = _case(request, number)
    audit.log(request.user, melding, AuditAction.AFGEDRUKT, _("dossier afgedrukt"))
    context = _case_context(melding)
    context["printed_at"] = timezone.now()
    return render(request, "meldpunt/case/print.html", context)


# --- Changing the case -----------------------------------------------------------------------------------------


def _change(request, number, *, form_name, make_form, act, success, anchor):
    """A change from the case page (coalition.views.actions.form_action): back to the case page at `anchor`, or the case
    page again with the bound form open. `act(melding, cleaned_data)` may return the changed case (or another one:
    the redirect goes there)."""
    melding = _case(request, number)
    return form_action(
        request,
        back=melding,
        make_form=lambda data: make_form(melding, data),
        act=lambda form: act(melding, form.cleaned_data),
        success=success,
        done=lambda result: f"{(result if isinstance(result, Melding) else melding).get_absolute_url()}#{anchor}",
        render_again=lambda form: _render_case(request, melding, **{form_name: form, "open_form": anchor}),
    )


@staff_required
def case_entry(request, number):
    return _change(
        request,
        number,
        form_name="entry_form",
        make_form=lambda melding, data: EntryForm(data),
        act=lambda melding, data: casefile.add_entry(
            melding, data["kind"], data["text"], by=request.user, happened_at=data["happened_at"]
        ),
        success=lambda entry: _("%(kind)s toegevoegd aan de tijdlijn.") % {"kind": entry.get_kind_display()},
        anchor="tijdlijn",
    )


@staff_required
def case_correct(request, number):
    return _change(
        request,
        number,
        form_name="correction_form",
        make_form=lambda melding, data: CorrectionForm(data, melding=melding),
        act=lambda melding, data: casefile.correct_entry(data["entry"], data["text"], by=request.user),
        success=_("Correctie toegevoegd. De oorspronkelijke regel blijft zichtbaar."),
        anchor="tijdlijn",
    )


@staff_required
def case_assign(request, number):
    def act(melding, data):
        casefile.assign(melding, data["owner"], by=request.user)
        return data["owner"]

    def success(owner):
        if owner is None:
            return _("De melding staat weer in de wachtrij, zonder eigenaar.")
        if owner.pk == request.user.pk:
            return _("U bent nu de eigenaar van deze melding.")
        return _("%(name)s is nu de eigenaar van deze melding.") % {"name": owner.full_name}

    return _change(
        request,
        number,
        form_name="assign_form",
        make_form=lambda melding, data: AssignForm(data, staff=staff_of(melding)),
        act=act,
        success=success,
        anchor="eigenaar",
    )


@staff_required
def case_status(request, number):
    return _change(
        request,
        number,
        form_name="status_form",
        make_form=lambda melding, data: StatusForm(data),
        act=lambda melding, data: casefile.change_status(melding, data["status"], by=request.user),
        success=lambda melding: _("De status is nu ‘%(status)s’.") % {"status": melding.get_status_display()},
        anchor="status",
    )


@staff_required
def case_follow_up(request, number):
    return _change(
        request,
        number,
        form_name="follow_up_form",
        make_form=lambda melding, data: FollowUpForm(data),
        act=lambda melding, data: casefile.plan_follow_up(melding, data["follow_up_on"], by=request.user),
        success=_("De volgende actie is vastgelegd."),
        anchor="status",
    )


@staff_required
def case_informed(request, number):
    return _change(
        request,
        number,
        form_name="informed_form",
        make_form=lambda melding, data: InformedForm(data),
        act=lambda melding, data: rights.record_person_informed(melding, data["on"], data["how"], by=request.user),
        success=_("Vastgelegd dat de persoon is ingelicht."),
        anchor="privacy",
    )


@staff_required
def case_step(request, number):
    """An answer in the step plan; then the page moves to the next open question (its row, and the form's choice).
    A later question answered while an earlier one is open asks for a confirmation first (StepForm)."""
    melding = _case(request, number)
    before = open_steps(steps_of(melding))

    def done(stap) -> str:
        after = open_steps_after(before, stap.step, stap.answer)
        return f"{melding.get_absolute_url()}#{f'stap-{after[0]}' if after else 'stappenplan'}"

    return form_action(
        request,
        back=melding,
        make_form=lambda data: StepForm(data, open_steps=before),
        act=lambda form: casefile.record_step(
            melding,
            form.cleaned_data["step"],
            form.cleaned_data["answer"],
            form.cleaned_data["on"],
            form.cleaned_data["note"],
            by=request.user,
        ),
        success=_("De stap is vastgelegd."),
        done=done,
        render_again=lambda form: _render_case(request, melding, step_form=form, open_form="stappenplan"),
    )


@staff_required
def case_profile(request, number):
    def success(melding):
        if melding.profile:
            return _("Het interventieprofiel is nu: %(profile)s.") % {"profile": ProfileChoice(melding.profile).label}
        return _("Het interventieprofiel is vastgelegd.")

    return _change(
        request,
        number,
        form_name="profile_form",
        make_form=lambda melding, data: ProfileForm(data),
        act=lambda melding, data: casefile.set_profile(
            melding, data["duration"], data["coping"], data["orientation"], by=request.user
        ),
        success=success,
        anchor="profiel",
    )


@staff_required
def case_edit(request, number):
    """The person's details, with optimistic locking: a save based on an older version is refused, and the page
    then shows what is saved now beside what was typed, so nothing is lost."""
    melding = _case(request, number)
    if request.method != "POST":
        return redirect(melding)
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            casefile.update_case(melding, form.changes(), form.cleaned_data["version"], by=request.user)
        except StaleCase as conflict:
            return _stale(request, conflict.current, form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect(f"{melding.get_absolute_url()}#persoon")
    return _render_case(request, melding, person_form=form, open_form="persoon")


def _stale(request, current: Melding, form: PersonForm):
    """Someone saved the case in the meantime: show their saved values beside this user's input.

    The form keeps what was typed, with the current version, so saving again (on purpose) goes through.
    """
    data = request.POST.copy()
    data["version"] = str(current.version)
    retry = PersonForm(data)
    retry.is_valid()
    retry.add_error(
        None,
        _(
            "Iemand anders heeft deze melding net gewijzigd. Uw invoer is niet opgeslagen, maar staat hieronder nog. "
            "Vergelijk met wat nu is opgeslagen en klik opnieuw op ‘Gegevens opslaan’ om uw invoer te bewaren."
        ),
    )
    melding = case_page_cases().get(pk=current.pk)
    stale = []
    for name in PersonForm.FIELDS:
        field = retry.fields[name]
        value = getattr(melding, name)
        shown = words.saved_value(name, value, field)
        typed = retry.cleaned_data.get(name, data.get(name)) if hasattr(retry, "cleaned_data") else data.get(name)
        stale.append({"name": name, "label": field.label, "saved": shown, "differs": typed != value})
    return _render_case(
        request, melding, person_form=retry, stale={row["name"]: row for row in stale}, open_form="persoon"
    )


@staff_required
def case_close(request, number):
    def success(melding):
        if melding.close_reason in NO_END_MEASUREMENT_REASONS:
            return _("De melding is gesloten.")
        return _("De melding is gesloten. Doe nu de eindmeting: zo ziet u wat er veranderd is.")

    return _change(
        request,
        number,
        form_name="close_form",
        make_form=lambda melding, data: CloseForm(data),
        act=lambda melding, data: casefile.close_case(melding, data["reason"], data["text"], by=request.user),
        success=success,
        anchor="afsluiten",
    )


@staff_required
def case_reopen(request, number):
    return _change(
        request,
        number,
        form_name="reopen_form",
        make_form=lambda melding, data: ReopenForm(data),
        act=lambda melding, data: casefile.reopen_case(melding, data["text"], by=request.user),
        success=_("De melding is weer open."),
        anchor="afsluiten",
    )


@staff_required
def case_merge(request, number):
    """Merge this case into another open case of the same meldpunt, after a confirmation page showing both."""
    melding = _case(request, number)
    form = MergeForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        if request.method == "POST":
            return _render_case(request, melding, merge_form=form, open_form="samenvoegen")
        return redirect(melding)
    target = merge_target(melding, form.cleaned_data["met"])
    if target is None:
        form.add_error("met", _("Er is geen open melding met dit nummer bij dit meldpunt."))
        return _render_case(request, melding, merge_form=form, open_form="samenvoegen")
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        try:
            casefile.merge_into(melding, target, by=request.user)
        except ValidationError as error:
            add_service_error(form, error)
            return _render_case(request, melding, merge_form=form, open_form="samenvoegen")
        messages.success(
            request,
            _("%(source)s is samengevoegd met deze melding. De signalen staan nu hier.") % {"source": melding.number},
        )
        return redirect(target)
    audit.log_view(request.user, melding, _("samenvoegen bevestigen"))
    audit.log_view(request.user, target, _("samenvoegen bevestigen"))
    return render(
        request,
        "meldpunt/case/merge.html",
        {"melding": melding, "target": target, "pairs": words.compare(melding, target), "form": form},
    )


urlpatterns = [
    path("meldingen/<str:number>/", case, name="case"),
    path("meldingen/<str:number>/afdrukken/", case_print, name="case_print"),
    path("meldingen/<str:number>/contact/", case_entry, name="case_entry"),
    path("meldingen/<str:number>/correctie/", case_correct, name="case_correct"),
    path("meldingen/<str:number>/eigenaar/", case_assign, name="case_assign"),
    path("meldingen/<str:number>/status/", case_status, name="case_status"),
    path("meldingen/<str:number>/opvolgen/", case_follow_up, name="case_follow_up"),
    path("meldingen/<str:number>/stappenplan/", case_step, name="case_step"),
    path("meldingen/<str:number>/ingelicht/", case_informed, name="case_informed"),
    path("meldingen/<str:number>/profiel/", case_profile, name="case_profile"),
    path("meldingen/<str:number>/gegevens/", case_edit, name="case_edit"),
    path("meldingen/<str:number>/afsluiten/", case_close, name="case_close"),
    path("meldingen/<str:number>/heropenen/", case_reopen, name="case_reopen"),
    path("meldingen/<str:number>/samenvoegen/", case_merge, name="case_merge"),
]
