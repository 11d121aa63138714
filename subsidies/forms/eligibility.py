"""The coördinator's forms for an application that came in: not eligible (with the reason the applicant reads)
and a request for more information (the parts to reopen, what to add, before when). The services
(services/committee.py) hold the same rules; their messages appear beside `reason`, `parts`, `message` and
`deadline`."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Onderdeel
from .committee import INVALID_CHOICE, REQUIRED, PageForm, text

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class EligibleForm(PageForm):
    """No fields: the button is the answer. The form carries a message when the step cannot be taken."""

    id_prefix = "ontvankelijk"


class IneligibleForm(PageForm):
    id_prefix = "niet-ontvankelijk"

    reason = text(
        _("Waarom is de aanvraag niet ontvankelijk?"),
        required=True,
        max_length=2000,
        rows=4,
        help_text=_("De aanvrager krijgt dit per e-mail. Noem de voorwaarde waar de aanvraag niet aan voldoet."),
    )
    # Set by the confirmation page: the second post really declares the application ineligible.
    bevestigd = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(REQUIRED)
        return reason


class InformationRequestForm(PageForm):
    id_prefix = "aanvulling"

    parts = forms.MultipleChoiceField(
        label=_("Welke onderdelen moet de aanvrager aanvullen?"),
        help_text=_("Alleen deze onderdelen gaan weer open. De rest blijft zoals het is."),
        choices=Onderdeel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Kies minstens één onderdeel dat de aanvrager moet aanvullen."),
            "invalid_choice": INVALID_CHOICE,
        },
    )
    message = text(
        _("Wat moet de aanvrager aanvullen of verbeteren?"),
        required=True,
        max_length=2000,
        rows=4,
        help_text=_("De aanvrager krijgt dit per e-mail."),
    )
    deadline = forms.DateField(
        label=_("Aanvullen vóór"),
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": REQUIRED, "invalid": _("Vul een bestaande datum in, bijvoorbeeld 23-03-2026.")},
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(REQUIRED)
        return message

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.localdate():
            raise forms.ValidationError(_("Kies een datum in de toekomst."))
        return deadline
