"""The choice on the notifications page: an e-mail per message, or one a day (issue 15)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin

from ..models import NotificatieVoorkeur
from .case import INVALID_CHOICE, REQUIRED


class FrequencyForm(CrispyMixin, forms.Form):
    mark = None
    frequency = forms.ChoiceField(
        label=_("Hoe wilt u e-mail krijgen over nieuwe berichten?"),
        choices=NotificatieVoorkeur.Frequentie.choices,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED, "invalid_choice": INVALID_CHOICE},
        help_text=_("Het overzicht komt elke ochtend rond half acht, alleen als er ongelezen berichten zijn."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "voorkeur-%s")
        super().__init__(*args, **kwargs)
