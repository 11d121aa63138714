"""The forms of the partner inbox: accept, decline with a reason, first contact, start, close with an outcome.

Each posts to its own address (meldpunt/views/inbox.py). The rules themselves (a reason is needed, no date before
the referral or in the future, an outcome is needed) live in meldpunt/services/referrals.py; its Dutch messages
are shown beside the fields named here the same way (`reason`, `at`, `on`, `outcome`).
"""

from datetime import datetime, time

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import CLOSING_OUTCOMES
from .case import DATE_INPUT_FORMATS, INVALID_CHOICE, INVALID_DATE, REQUIRED, TOO_LONG, CaseForm

NOTE_MAX_LENGTH = 500


def _date(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": REQUIRED, "invalid": INVALID_DATE},
    )


def _note(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )


class InboxForm(CaseForm):
    """The inbox page shows the messages that belong to no field at its top (the form may be gone by then)."""

    errors_shown_elsewhere = (NON_FIELD_ERRORS,)


class AcceptForm(InboxForm):
    """No fields: the button is the answer. The form carries a message when the referral was answered already."""

    id_prefix = "accepteren"


class DeclineForm(InboxForm):
    id_prefix = "afwijzen"

    reason = _note(
        _("Waarom wijst u de verwijzing af?"),
        help_text=_("Het meldpunt leest dit en zoekt met de persoon iets anders. Schrijf geen medische gegevens."),
    )


class FirstContactForm(InboxForm):
    id_prefix = "eerste-contact"

    at = _date(_("Datum van het eerste contact"))

    def moment(self) -> datetime:
        """The day as a moment: now when it is today, otherwise midday of that day (local time)."""
        day = self.cleaned_data["at"]
        if day == timezone.localdate():
            return timezone.localtime()
        return timezone.make_aware(datetime.combine(day, time(12)))


class StartForm(InboxForm):
    id_prefix = "gestart"

    on = _date(_("Datum waarop de persoon begon"))


class CloseForm(InboxForm):
    id_prefix = "afsluiten"

    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[(outcome.value, outcome.label) for outcome in CLOSING_OUTCOMES],  # only outcomes that end it
        required=False,  # the service says "Kies een uitkomst." beside the field
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    note = _note(_("Toelichting (mag leeg)"), help_text=_("Kort, zonder medische of persoonlijke gegevens."))
