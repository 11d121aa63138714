"""The forms on a case page: contact or note, correction, owner, status, follow-up date, step plan, profile,
the person's details (with optimistic locking), closing, reopening and merging.

Each form posts to its own address (meldpunt/views/case.py). Every rule the services or the database enforce
is checked here first, so staff read a Dutch message beside the field and nothing they typed is lost.
"""

from datetime import timedelta

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin, SavedValueField
from coalition.models import User, field_label, normalise_postcode, written_postcode
from socialekaart.models import Language

from ..choices import (
    SYSTEM_CLOSE_REASONS,
    CloseReason,
    Coping,
    Duration,
    EntryKind,
    InformedHow,
    Orientation,
    Status,
    Step,
    StepAnswer,
    Urgency,
)
from ..models import PERSON_FIELDS, Melding

TEXT_MAX_LENGTH = 5000
MIN_BIRTH_YEAR = 1900
# A contact, note or step dated earlier is a typing error (0026 for 2026).
MIN_EVENT_YEAR = 2000

REQUIRED = _("Dit veld is verplicht.")
INVALID_CHOICE = _("Kies een van de mogelijkheden.")
INVALID_DATE = _("Vul een bestaande datum in, bijvoorbeeld 23-03-2026.")
INVALID_DATETIME = _("Vul een bestaande datum en tijd in, bijvoorbeeld 23-03-2026 14:30.")
TOO_LONG = _("Dit is te lang: gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _choice(label, choices, *, required=True, widget=forms.Select, initial=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=widget,
        initial=initial,
        error_messages={"required": REQUIRED, "invalid_choice": INVALID_CHOICE},
    )


def _text(label, *, required=False, max_length=TEXT_MAX_LENGTH, rows=3, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": REQUIRED, "max_length": TOO_LONG},
    )


def _date(label, *, required=True, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": REQUIRED, "invalid": INVALID_DATE},
    )


def _model_label(name: str) -> str:
    return field_label(Melding, name)


class CaseForm(CrispyMixin, forms.Form):
    """A form of the case page, rendered with {% crispy %} (coalition/crispy.py).

    The case page holds many forms at once: each has its own id prefix, so no two inputs share an id.
    """

    id_prefix = "case"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class EntryForm(CaseForm):
    """A contact (phone, home visit, conversation) or a note, with when it happened."""

    id_prefix = "contact"

    KINDS = [EntryKind.TELEFOON, EntryKind.HUISBEZOEK, EntryKind.GESPREK, EntryKind.NOTITIE]

    kind = _choice(_("Soort"), [(kind.value, kind.label) for kind in KINDS], widget=forms.RadioSelect)
    happened_at = forms.DateTimeField(
        label=_("Wanneer"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": REQUIRED, "invalid": INVALID_DATETIME},
    )
    text = _text(_("Wat is er besproken of gebeurd?"), rows=4)

    def clean_happened_at(self):
        happened_at = self.cleaned_data["happened_at"]
        if happened_at > timezone.now() + timedelta(minutes=1):
            raise forms.ValidationError(_("Een contact of notitie kan niet in de toekomst liggen."))
        if happened_at.year < MIN_EVENT_YEAR:
            raise forms.ValidationError(INVALID_DATETIME)
        return min(happened_at, timezone.now())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == EntryKind.NOTITIE and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Schrijf de notitie."))
        return cleaned


class CorrectionForm(CaseForm):
    """A correction of one timeline line; `entry` is the line's id (it must be a line of this case)."""

    id_prefix = "correctie"

    entry = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": REQUIRED})
    text = _text(_("Wat klopt er niet, en wat is juist?"), required=True, rows=2)

    def __init__(self, *args, melding: Melding, **kwargs):
        super().__init__(*args, **kwargs)
        self.melding = melding

    def clean_entry(self):
        entry = self.melding.tijdlijn.filter(pk=self.cleaned_data["entry"]).first()
        if entry is None:
            raise forms.ValidationError(_("Deze regel hoort niet bij deze melding."))
        return entry

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("Schrijf wat de correctie is."))
        return text


class AssignForm(CaseForm):
    """Who picks the case up: a staff member of this meldpunt, or nobody (back to the queue).

    `staff` is the list of (pk, full_name) of who may own the case, read with the case itself.
    """

    id_prefix = "eigenaar"

    owner = forms.TypedChoiceField(
        label=_("Eigenaar"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Kies een medewerker van dit meldpunt.")},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Niemand: terug naar de wachtrij"))] + [
            (member.pk, member.full_name) for member in staff
        ]

    def clean_owner(self):
        pk = self.cleaned_data["owner"]
        return None if pk is None else User.objects.get(pk=pk)


class StatusForm(CaseForm):
    id_prefix = "status"

    status = _choice(
        _("Status"),
        [(status.value, status.label) for status in (Status.NIEUW, Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER)],
    )


class FollowUpForm(CaseForm):
    id_prefix = "opvolgen"

    follow_up_on = _date(
        _model_label("follow_up_on"), required=False, help_text=_("Leeg laten: geen geplande volgende actie.")
    )

    def clean_follow_up_on(self):
        on = self.cleaned_data["follow_up_on"]
        if on and on < timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een dag in de toekomst."))
        if on and on.year > timezone.localdate().year + 5:
            raise forms.ValidationError(_("Kies een datum binnen vijf jaar."))
        return on


class StepForm(CaseForm):
    """One dated answer to a question of Oldengarm's step plan. `open_steps`: the questions still open, in order
    (queries.case.open_steps); the first is preselected. Answering a later question while an earlier one is open
    asks for a confirmation: the form comes back with a warning and `bevestigd` set, and a second submit saves."""

    id_prefix = "stap"

    step = _choice(_("Stap"), Step.choices)
    answer = _choice(_("Antwoord"), StepAnswer.choices, widget=forms.RadioSelect)
    on = _date(_("Datum"))
    note = _text(_("Toelichting"), max_length=500, rows=2)
    bevestigd = forms.BooleanField(required=False, widget=forms.HiddenInput)

    # The confirmation is a warning, not an error: the page shows it itself (case/_steps.html), not in the summary.
    errors_shown_elsewhere = ("bevestigd",)

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and "bevestigd" in self.errors

    def __init__(self, *args, open_steps=(), **kwargs):
        self.open_steps = list(open_steps)
        if self.open_steps:
            kwargs.setdefault("initial", {}).setdefault("step", self.open_steps[0])
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        step = cleaned.get("step")
        if not step or cleaned.get("bevestigd"):
            return cleaned
        order = list(Step.values)
        earlier = [value for value in self.open_steps if order.index(value) < order.index(step)]
        if earlier:
            # The second submit confirms: the hidden field comes back set.
            self.data = self.data.copy()
            self.data[self.add_prefix("bevestigd")] = "1"
            self.add_error(
                "bevestigd",
                _(
                    "Let op: stap %(number)d (%(question)s) is nog open. Wilt u toch eerst deze latere stap "
                    "vastleggen? Klik dan op ‘Ja, toch opslaan’."
                )
                % {"number": order.index(earlier[0]) + 1, "question": Step(earlier[0]).label},
            )
        return cleaned

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("De datum kan niet in de toekomst liggen."))
        if on.year < MIN_EVENT_YEAR:
            raise forms.ValidationError(INVALID_DATE)
        return on


class ProfileForm(CaseForm):
    """Machielse's two dimensions: how long the loneliness lasts, and coping together with orientation."""

    id_prefix = "profiel"

    duration = _choice(_model_label("duration"), Duration.choices, widget=forms.RadioSelect)
    coping = _choice(_model_label("coping"), Coping.choices, widget=forms.RadioSelect)
    orientation = _choice(_model_label("orientation"), Orientation.choices, widget=forms.RadioSelect)


class PersonForm(CaseForm):
    """The person's details and the urgency. `version` is the case's version when the form was opened."""

    id_prefix = "persoon"

    FIELDS = [*PERSON_FIELDS, "urgency"]

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, error_messages={"required": REQUIRED})
    person_name = forms.CharField(
        label=_model_label("person_name"), required=False, max_length=200, error_messages={"max_length": TOO_LONG}
    )
    person_address = forms.CharField(
        label=_model_label("person_address"), required=False, max_length=200, error_messages={"max_length": TOO_LONG}
    )
    person_postcode = forms.CharField(
        label=_model_label("person_postcode"),
        required=False,
        max_length=10,
        help_text=_("Bijvoorbeeld 7511 AB."),
        error_messages={"max_length": _("Vul een postcode in als 1234 AB.")},
    )
    person_birth_year = forms.IntegerField(
        label=_model_label("person_birth_year"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={"invalid": _("Vul een jaartal in, bijvoorbeeld 1948.")},
    )
    person_phone = forms.CharField(
        label=_model_label("person_phone"), required=False, max_length=20, error_messages={"max_length": TOO_LONG}
    )
    person_language = _choice(_model_label("person_language"), [("", _("Onbekend")), *Language.choices], required=False)
    lives_alone = forms.NullBooleanField(
        label=_model_label("lives_alone"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    urgency = _choice(_model_label("urgency"), Urgency.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lives_alone"].widget.choices = [("unknown", _("Onbekend")), ("true", _("Ja")), ("false", _("Nee"))]

    def get_layout(self):
        """Two columns; after a conflict every field shows what is saved now where it differs (SavedValueField)."""
        return Layout("version", Row(*(Column(SavedValueField(name), css_class="col-md-6") for name in self.FIELDS)))

    def clean_person_postcode(self):
        postcode = self.cleaned_data["person_postcode"].strip()
        return normalise_postcode(postcode) if postcode else ""

    def clean_person_birth_year(self):
        year = self.cleaned_data["person_birth_year"]
        this_year = timezone.localdate().year
        if year is not None and not MIN_BIRTH_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Vul een geboortejaar in tussen %(first)d en %(last)d.")
                % {"first": MIN_BIRTH_YEAR, "last": this_year}
            )
        return year

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}

    @classmethod
    def initial_for(cls, melding: Melding) -> dict:
        initial = {name: getattr(melding, name) for name in cls.FIELDS} | {"version": melding.version}
        initial["person_postcode"] = written_postcode(melding.person_postcode)  # as people write it: 7511 AB
        return initial


class CloseForm(CaseForm):
    id_prefix = "afsluiten"

    reason = _choice(
        _("Reden"),
        [(reason.value, reason.label) for reason in CloseReason if reason not in SYSTEM_CLOSE_REASONS],
        widget=forms.RadioSelect,
    )
    text = _text(_("Toelichting"), max_length=2000, rows=2)


class ReopenForm(CaseForm):
    id_prefix = "heropenen"

    text = _text(_("Waarom gaat de melding weer open?"), required=True, max_length=2000, rows=2)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("Schrijf waarom de melding weer open gaat."))
        return text


class MergeForm(CaseForm):
    """The number of the open case of the same meldpunt that this case is merged into."""

    id_prefix = "samenvoegen"

    met = forms.CharField(
        label=_("Nummer van de andere melding"),
        max_length=20,
        help_text=_("Bijvoorbeeld ME-2026-00123."),
        error_messages={"required": REQUIRED, "max_length": _("Vul een meldingnummer in als ME-2026-00123.")},
    )


class InformedForm(CaseForm):
    """Was the person told that the meldpunt received a signal about them? On which day and how."""

    id_prefix = "ingelicht"

    on = _date(_("Op welke dag?"))
    how = _choice(_("Hoe?"), InformedHow.choices, widget=forms.RadioSelect)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Die dag ligt in de toekomst. Vul de dag in waarop het gebeurde."))
        return on
