"""The case file: one page with everything about a case, and one address per change made from it.

Only staff of the case's own meldpunt open a case (permissions.case_for); every page shown is written to the
audit log. Each form on the page posts to its own address, which calls one service and redirects back with a
message; on an error the case page is shown again with the form as it was filled in and the message beside it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db.models import OuterRef
from django.db.models.functions import JSONObject
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User

from ..choices import SIGNAL_CATEGORIES, AuditAction, Channel, CloseReason, EntryKind, LifeEvent, Status, Step
from ..choices import Profile as ProfileChoice
from ..forms.case import (
    AssignForm,
    CloseForm,
    CorrectionForm,
    EntryForm,
    FollowUpForm,
    MergeForm,
    PersonForm,
    ProfileForm,
    ReopenForm,
    StatusForm,
    StepForm,
)
from ..models import CASE_NUMBER_RE, Melding, Stap
from ..permissions import STAFF_ROLES, case_for, staff_required
from ..queries.worklist import possible_duplicates
from ..scales import PROFILE_EXPLANATIONS
from ..services import audit, casefile
from ..services.casefile import StaleCase
from ..workflows import REFERRAL
from .measurements import measurements_section
from .referrals import referrals_annotation, referrals_section

NO_END_PROMPT_REASONS = (CloseReason.OVERLEDEN, CloseReason.SAMENGEVOEGD)


@dataclass(frozen=True)
class StaffMember:
    pk: int
    full_name: str


def _cases():
    """Cases with what their page needs. The staff of their meldpunt (who may own them), the answers of the
    step plan and the referrals come along in the same query: the case page stays within its query budget."""
    staff = (
        User.objects.filter(meldpunten=OuterRef("meldpunt_id"), is_active=True, role__in=STAFF_ROLES)
        .order_by("full_name", "pk")
        .values(json=JSONObject(pk="pk", full_name="full_name"))
    )
    steps = (
        Stap.objects.filter(melding=OuterRef("pk"))
        .order_by("-on", "-pk")
        .values(json=JSONObject(step="step", answer="answer", on="on", note="note", author="author__full_name"))
    )
    return Melding.objects.select_related("meldpunt", "owner", "wijk", "merged_into").annotate(
        staff_json=ArraySubquery(staff), steps_json=ArraySubquery(steps), referrals_json=referrals_annotation()
    )


def _case(request, number: str) -> Melding:
    """The case, or 404 (also for something that is not a case number); 403 for staff of another meldpunt."""
    return case_for(request, number, _cases())


def _staff(melding: Melding) -> list[StaffMember]:
    """Who may own this case: active staff of its meldpunt."""
    return [StaffMember(row["pk"], row["full_name"]) for row in melding.staff_json]


def _end_measurement_url(melding: Melding) -> str:
    try:
        return reverse("meldpunt:djg_add", args=[melding.number]) + "?moment=eind"
    except NoReverseMatch:  # the measurements pages are not there (yet)
        return ""


# --- Reading the case ------------------------------------------------------------------------------------------


def _signals(melding: Melding) -> list:
    """The case's reports, each with its checked signals grouped by the categories of the signaleringskaart."""
    life_events = dict(LifeEvent.choices)
    signalen = list(melding.signalen.select_related("reporter_organisation", "reported_by"))
    for signaal in signalen:
        checked = set(signaal.signals)
        signaal.categories = [
            {"name": name, "signals": [signal.label for signal in signals if signal.value in checked]}
            for name, signals in SIGNAL_CATEGORIES
            if checked.intersection(signals)
        ]
        signaal.life_event_labels = [life_events.get(event, event) for event in signaal.life_events]
    return signalen


def _timeline(melding: Melding, staff: list) -> list:
    """Every line, newest first. A correction carries the line it corrects; a corrected line its corrections."""
    lines = list(melding.tijdlijn.select_related("author", "corrects__author"))
    names = {user.pk: user.full_name for user in staff}
    unknown = {
        line.data.get("owner")
        for line in lines
        if line.kind == EntryKind.EIGENAAR and isinstance(line.data.get("owner"), int)
    } - names.keys()
    if unknown:  # owners who no longer work here: one query
        names.update(User.objects.filter(pk__in=unknown).values_list("pk", "full_name"))
    corrections = defaultdict(list)
    for line in lines:
        if line.corrects_id:
            corrections[line.corrects_id].append(line)
    statuses, reasons, channels = dict(Status.choices), dict(CloseReason.choices), dict(Channel.choices)
    profiles = dict(ProfileChoice.choices)
    kinds = {kind: str(label) for kind, label in EntryKind.choices}  # get_kind_display per line is slow
    for line in lines:
        line.kind_label = kinds.get(line.kind, line.kind)
        if line.corrects_id:
            line.corrects.kind_label = kinds.get(line.corrects.kind, line.corrects.kind)
        line.corrected_by = list(reversed(corrections.get(line.pk, [])))
        data = line.data or {}
        summary = ""
        if line.kind == EntryKind.STATUS:
            summary = _("Van ‘%(from)s’ naar ‘%(to)s’") % {
                "from": statuses.get(data.get("from"), data.get("from", "")),
                "to": statuses.get(data.get("to"), data.get("to", "")),
            }
        elif line.kind == EntryKind.EIGENAAR:
            owner = data.get("owner")
            summary = (
                _("Eigenaar: %(name)s") % {"name": names.get(owner, _("een medewerker"))}
                if owner
                else _("Terug naar de wachtrij: niemand is eigenaar")
            )
        elif line.kind == EntryKind.SIGNAAL:
            summary = _("Via %(channel)s") % {"channel": channels.get(data.get("channel"), "")}
        elif line.kind == EntryKind.GESLOTEN:
            summary = _("Reden: %(reason)s") % {"reason": reasons.get(data.get("reason"), "")}
        elif line.kind == EntryKind.HEROPEND and data.get("was"):
            summary = _("Was gesloten met reden: %(reason)s") % {"reason": reasons.get(data.get("was"), "")}
        elif line.kind == EntryKind.VERWIJZING and data.get("organisatie"):
            step = REFERRAL.step_label(data.get("step", ""))
            summary = _("%(organisatie)s: %(step)s") % {"organisatie": data["organisatie"], "step": step}
        elif line.kind == EntryKind.PROFIEL and data.get("profile"):
            summary = _("Profiel: %(profile)s") % {"profile": profiles.get(data["profile"], data["profile"])}
        line.summary = summary
        line.other_case = data.get("from") or data.get("into") if line.kind == EntryKind.SAMENGEVOEGD else ""
    return lines


def _steps(melding: Melding) -> list[dict]:
    """The four questions of the step plan, each with its newest answer (date, who) and earlier answers."""
    answers = defaultdict(list)
    for row in melding.steps_json:  # newest first
        stap = Stap(step=row["step"], answer=row["answer"], on=date.fromisoformat(row["on"]), note=row["note"])
        stap.author_name = row["author"] or ""
        answers[stap.step].append(stap)
    return [
        {"step": step, "label": step.label, "latest": answers[step][0] if answers[step] else None,
         "earlier": answers[step][1:]}
        for step in Step
    ]  # fmt: skip


def _profile(melding: Melding) -> dict:
    profile = melding.profile
    return {
        "value": profile,
        "label": ProfileChoice(profile).label if profile else "",
        "explanation": PROFILE_EXPLANATIONS.get(profile, "") if profile else "",
    }


def _person_rows(melding: Melding) -> list[tuple[str, str]]:
    lives_alone = {True: _("ja"), False: _("nee")}.get(melding.lives_alone, _("onbekend"))
    return [
        (_("Naam"), melding.person_name),
        (_("Adres"), melding.person_address),
        (_("Postcode"), _postcode(melding.person_postcode)),
        (_("Wijk of kern"), melding.wijk.name if melding.wijk else ""),
        (_("Geboortejaar"), melding.person_birth_year or ""),
        (_("Telefoon"), melding.person_phone),
        (_("Taal"), melding.get_person_language_display()),
        (_("Woont alleen"), lives_alone),
    ]


def _postcode(value: str) -> str:
    return f"{value[:4]} {value[4:]}" if len(value) == 6 else value


def _case_context(melding: Melding) -> dict:
    """Everything the case page and the print view show (no forms)."""
    staff = _staff(melding)
    signalen = _signals(melding)
    return {
        "melding": melding,
        "staff": staff,
        "signalen": signalen,
        "timeline": _timeline(melding, staff),
        "steps": _steps(melding),
        "profile": _profile(melding),
        "person_rows": _person_rows(melding),
    }


def _render_case(request, melding: Melding, **bound):
    """The case page; `bound` holds a form that failed, shown as it was filled in (and `stale`, after a conflict)."""
    audit.log_view(request.user, melding, _("dossier"))
    context = _case_context(melding)
    is_open = melding.is_open and not melding.anonymised_at
    context.update(
        {
            "is_open": is_open,
            "can_change": melding.anonymised_at is None and melding.merged_into_id is None,
            "is_owner": melding.owner_id == request.user.pk,
            "entry_form": EntryForm(initial={"happened_at": timezone.localtime().replace(second=0, microsecond=0)}),
            "correction_form": None,
            "assign_form": AssignForm(staff=_staff(melding), initial={"owner": melding.owner_id}),
            "status_form": StatusForm(initial={"status": melding.status}),
            "follow_up_form": FollowUpForm(initial={"follow_up_on": melding.follow_up_on}),
            "step_form": StepForm(initial={"on": timezone.localdate()}),
            "profile_form": ProfileForm(
                initial={"duration": melding.duration, "coping": melding.coping, "orientation": melding.orientation}
            ),
            "person_form": PersonForm(initial=PersonForm.initial_for(melding)),
            "close_form": CloseForm(),
            "reopen_form": ReopenForm(),
            "merge_form": MergeForm(),
            "duplicates": (
                list(
                    possible_duplicates(
                        melding.meldpunt,
                        melding.person_name,
                        melding.person_birth_year,
                        melding.person_postcode,
                        exclude=melding,
                    )
                )
                if is_open and melding.person_name
                else []
            ),
            "stale": None,
            "open_form": "",
        }
    )
    context.update(bound)
    context["correcting"] = _correcting(request, context["correction_form"])
    stale = context["stale"] or {}
    context["person_fields"] = [
        {"field": context["person_form"][name], "stale": stale.get(name)} for name in PersonForm.FIELDS
    ]
    section = measurements_section(melding)
    context.update(section)
    context.update(referrals_section(melding))  # read with the case (referrals_json): no query of its own
    needs_end = section.get("measurements", {}).get(
        "needs_end_measurement",
        melding.status == Status.GESLOTEN
        and melding.close_reason not in NO_END_PROMPT_REASONS
        and melding.anonymised_at is None,
    )
    context["end_measurement_url"] = _end_measurement_url(melding) if needs_end else ""
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
    """The case file."""
    melding = _case(request, number)
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
    """The shared shape of every change: GET goes back to the case page; POST validates, calls the service,
    and redirects back with a message. An error shows the case page with the bound form and the message."""
    melding = _case(request, number)
    if request.method != "POST":
        return redirect(melding)
    form = make_form(melding, request.POST)
    if form.is_valid():
        try:
            result = act(melding, form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, success(result) if callable(success) else success)
            target = result if isinstance(result, Melding) else melding
            return redirect(f"{target.get_absolute_url()}#{anchor}")
    return _render_case(request, melding, **{form_name: form, "open_form": anchor})


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
        make_form=lambda melding, data: AssignForm(data, staff=_staff(melding)),
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
def case_step(request, number):
    return _change(
        request,
        number,
        form_name="step_form",
        make_form=lambda melding, data: StepForm(data),
        act=lambda melding, data: casefile.record_step(
            melding, data["step"], data["answer"], data["on"], data["note"], by=request.user
        ),
        success=_("De stap is vastgelegd."),
        anchor="stappenplan",
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
            for message in error.messages:
                form.add_error(None, message)
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
    melding = _cases().get(pk=current.pk)
    stale = []
    for name in PersonForm.FIELDS:
        field = retry.fields[name]
        value = getattr(melding, name)
        if name == "lives_alone":
            shown = {True: _("Ja"), False: _("Nee")}.get(value, _("Onbekend"))
        elif hasattr(field, "choices"):
            shown = dict(field.choices).get(value or "", value)
        elif name == "person_postcode":
            shown = _postcode(value)
        else:
            shown = value
        typed = retry.cleaned_data.get(name, data.get(name)) if hasattr(retry, "cleaned_data") else data.get(name)
        stale.append({"name": name, "label": field.label, "saved": shown, "differs": typed != value})
    return _render_case(
        request, melding, person_form=retry, stale={row["name"]: row for row in stale}, open_form="persoon"
    )


@staff_required
def case_close(request, number):
    def success(melding):
        if melding.close_reason in NO_END_PROMPT_REASONS:
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
    target = _merge_target(melding, form.cleaned_data["met"])
    if target is None:
        form.add_error("met", _("Er is geen open melding met dit nummer bij dit meldpunt."))
        return _render_case(request, melding, merge_form=form, open_form="samenvoegen")
    if request.method == "POST" and request.POST.get("bevestig") == "ja":
        try:
            casefile.merge_into(melding, target, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
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
        {"melding": melding, "target": target, "pairs": _compare(melding, target), "form": form},
    )


def _merge_target(melding: Melding, number: str) -> Melding | None:
    number = "".join(number.split()).upper()
    if not CASE_NUMBER_RE.fullmatch(number) or number == melding.number:
        return None
    return (
        Melding.objects.open()
        .filter(meldpunt=melding.meldpunt_id, number=number)
        .select_related("owner", "wijk", "meldpunt")
        .first()
    )


def _compare(source: Melding, target: Melding) -> list[dict]:
    return [
        {"label": label, "source": value, "target": other}
        for (label, value), (_label, other) in zip(_person_rows(source), _person_rows(target), strict=True)
    ]


urlpatterns = [
    path("meldingen/<str:number>/", case, name="case"),
    path("meldingen/<str:number>/afdrukken/", case_print, name="case_print"),
    path("meldingen/<str:number>/contact/", case_entry, name="case_entry"),
    path("meldingen/<str:number>/correctie/", case_correct, name="case_correct"),
    path("meldingen/<str:number>/eigenaar/", case_assign, name="case_assign"),
    path("meldingen/<str:number>/status/", case_status, name="case_status"),
    path("meldingen/<str:number>/opvolgen/", case_follow_up, name="case_follow_up"),
    path("meldingen/<str:number>/stappenplan/", case_step, name="case_step"),
    path("meldingen/<str:number>/profiel/", case_profile, name="case_profile"),
    path("meldingen/<str:number>/gegevens/", case_edit, name="case_edit"),
    path("meldingen/<str:number>/afsluiten/", case_close, name="case_close"),
    path("meldingen/<str:number>/heropenen/", case_reopen, name="case_reopen"),
    path("meldingen/<str:number>/samenvoegen/", case_merge, name="case_merge"),
]
