"""What staff looked for when nothing on the sociale kaart fitted (issue 15), on the referral page."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin
from coalition.models import Wijk
from socialekaart.models import ActivityType, Language

from ..models import Melding
from .case import INVALID_CHOICE, TOO_LONG

NOTE_MAX_LENGTH = 200


class WijkChoiceField(forms.ModelChoiceField):
    """The wijken of the meldpunt's one gemeente: by name only (Wijk's str would read its gemeente per option)."""

    def label_from_instance(self, obj) -> str:
        return obj.name


class UnmetNeedForm(CrispyMixin, forms.Form):
    mark = None
    kind = forms.ChoiceField(
        label=_("Soort hulp"),
        choices=[("", _("(geen)")), *ActivityType.choices],
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    language = forms.ChoiceField(
        label=_("Taal"),
        choices=[("", _("(geen voorkeur)")), *Language.choices],
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    wijk = WijkChoiceField(
        label=_("Wijk of kern"),
        queryset=Wijk.objects.none(),
        required=False,
        empty_label=_("(onbekend)"),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    note = forms.CharField(
        label=_("Wat zocht u?"),
        help_text=_("Kort, bijvoorbeeld 'maatje om samen te wandelen'. Geen namen of andere persoonsgegevens."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, melding: Melding, *args, **kwargs):
        kwargs.setdefault("auto_id", "onvervuld-%s")
        kwargs.setdefault("initial", {"wijk": melding.wijk_id})
        super().__init__(*args, **kwargs)
        wijk_field = cast(forms.ModelChoiceField, self.fields["wijk"])
        wijk_field.queryset = Wijk.objects.filter(gemeente__meldpunt=melding.meldpunt_id).order_by("name")
