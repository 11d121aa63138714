"""The referral form: to which partner (and activity), what the person allows to be shared, the warm handover
and the planned start. What the form can check itself it checks, so staff read a Dutch message beside the field;
the rest (an archived or stale activity, an activity of another organisation, a referral already running) comes
from services.referrals.create_referral and is put beside the field it is about.
"""

import html

from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import ErrorDict, flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin, Fieldset
from coalition.models import Organisatie
from socialekaart.models import Activiteit, ActivityType

from ..choices import CONSENT_HOW_CHOICES
from ..models import Melding
from ..presenters import referrals as referral_words
from .case import INVALID_CHOICE, CaseForm, _date, _text

CONSENT_YES, CONSENT_NO = "ja", "nee"
CONSENT_CHOICES = [
    (CONSENT_YES, _("De persoon geeft toestemming om gegevens te delen")),
    (CONSENT_NO, _("Geen toestemming: anonieme verwijzing")),
]
NO_SHARING_WITHOUT_CONSENT = _(
    "Zonder toestemming van de persoon kunt u niets delen. Kies ‘toestemming’, of vink het delen uit."
)
MAX_SUGGESTIONS = 100


class QuickSelect(forms.Select):
    """A select written out in Python rather than with a template per option: the few hundred organisations of a
    gemeente render in about a millisecond instead of tens. `choices` are (value, label) pairs, read only when
    the select is shown; `empty_label` comes first."""

    empty_label = ""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{key}"{" selected" if str(key) in chosen else ""}>{html.escape(str(label))}</option>'
            for key, label in [("", self.empty_label), *self.choices]  # keys are numbers (or empty)
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        # The name and the labels are escaped, flatatt escapes the attributes, the keys are numbers.
        return mark_safe(f'<select name="{escape(name)}"{attributes}>{options}</select>')  # noqa: S308


def partner_organisaties(melding: Melding, also: int | None = None):
    """The organisations staff may refer to: those that work in the case's gemeente (their werkgebied), and the
    organisation of a chosen activity (an online activity may come from further away)."""
    gemeente_id = melding.wijk.gemeente_id if melding.wijk else melding.meldpunt.gemeente_id
    condition = Q(gemeenten=gemeente_id)
    if also is not None:
        condition |= Q(pk=also)
    return Organisatie.objects.filter(condition).distinct().order_by("name").only("pk", "name")


class ReferralForm(CaseForm):
    id_prefix = "verwijzing"

    activiteit = forms.ModelChoiceField(
        label=_("Activiteit"),
        queryset=Activiteit.objects.select_related("organisatie"),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Deze activiteit bestaat niet (meer). Kies een andere.")},
    )
    organisatie = forms.ModelChoiceField(
        label=_("Partnerorganisatie"),
        queryset=Organisatie.objects.none(),
        required=False,
        empty_label=_("— kies een organisatie —"),
        widget=QuickSelect,
        help_text=_("Kiest u een activiteit, dan staat hier al de organisatie die hem aanbiedt."),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    consent = forms.ChoiceField(
        label=_("Toestemming van de persoon"),
        choices=CONSENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of de persoon toestemming geeft."), "invalid_choice": INVALID_CHOICE},
    )
    consent_how = forms.ChoiceField(
        label=_("Hoe gaf de persoon toestemming?"),
        choices=CONSENT_HOW_CHOICES,
        widget=forms.RadioSelect,
        required=False,  # required with consent: clean()
        help_text=_("Alleen bij toestemming. Dit komt in de geschiedenis van de toestemming, met uw naam en de datum."),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    share_contact = forms.BooleanField(label=_("Naam en contactgegevens delen"), required=False)
    share_note = forms.BooleanField(label=_("Overdrachtsnotitie delen"), required=False)
    handover_note = _text(
        _("Warme overdracht"),
        rows=5,
        help_text=_(
            "Wat moet de partner weten om een goed eerste contact te hebben? Bijvoorbeeld: waar de persoon van "
            "houdt, wanneer hij of zij goed bereikbaar is, wat lastig is. Schrijf alleen wat nodig is."
        ),
    )
    planned_start = _date(
        _("Geplande start"), required=False, help_text=_("Wanneer kan de persoon beginnen? Mag leeg blijven.")
    )

    def __init__(self, *args, melding: Melding, **kwargs):
        super().__init__(*args, **kwargs)
        self.melding = melding
        self.chosen = self._chosen_activity()
        organisaties = partner_organisaties(melding, also=self.chosen.organisatie_id if self.chosen else None)
        field = self.fields["organisatie"]
        if not isinstance(field, forms.ModelChoiceField):
            raise TypeError("The organisatie field must be a ModelChoiceField.")
        field.queryset = organisaties
        widget = field.widget
        widget.empty_label = field.empty_label
        widget.choices = organisaties.values_list("pk", "name")  # read only when the form is shown
        self.fields["planned_start"].widget.attrs["min"] = timezone.localdate().isoformat()

    def get_layout(self):
        return Layout(
            "activiteit",
            HTML('{% include "meldpunt/referrals/_activiteit.html" %}'),
            "organisatie",
            "consent",
            "consent_how",
            HTML('{% include "meldpunt/referrals/_what_the_partner_sees.html" %}'),
            Fieldset(
                _("Wat mag de partner zien?"),
                "share_contact",
                "share_note",
                css_id="delen",
                css_class="mb-3",
                legend_class="form-label fw-semibold fs-6 mb-1",
                intro=_("Alleen met toestemming van de persoon."),
            ),
            "handover_note",
            "planned_start",
        )

    def summary_anchor(self, bound) -> str:
        if bound.name == "activiteit":  # hidden: chosen with "Kies", shown in its own fieldset
            return "gekozen-activiteit"
        return super().summary_anchor(bound)

    def _chosen_activity(self) -> Activiteit | None:
        """The activity chosen with "Kies" (or in the posted form), to show it and to preset its organisation."""
        value = self.data.get(self.add_prefix("activiteit")) if self.is_bound else self.initial.get("activiteit")
        if isinstance(value, Activiteit):
            return value
        try:
            pk = int(value)  # type: ignore[arg-type]  # whatever was posted: not a number is no choice
        except (TypeError, ValueError):
            return None
        return (
            Activiteit.objects.select_related("organisatie")
            .only(
                "pk",
                "title",
                "organisatie_id",
                "organisatie__name",
                "join_method",
                "contact_phone",
                "contact_email",
                "website",
            )
            .filter(pk=pk)
            .first()
        )

    @property
    def phone_warning(self) -> str:
        """A phone-only activity for a person whose phone number is unknown (presenters.referrals)."""
        return referral_words.phone_warning(self.chosen, self.melding)

    @classmethod
    def choosing(cls, data, *, melding: Melding, activiteit_pk: str) -> "ReferralForm":
        """The form again as filled in, with the activity of "Kies" (and its organisation) chosen, or none when
        `activiteit_pk` is empty. Without error messages: choosing is not an attempt to send."""
        data = data.copy()
        data["activiteit"] = activiteit_pk
        form = cls(data, melding=melding)
        if form.chosen is not None:
            data["organisatie"] = str(form.chosen.organisatie_id)
        elif activiteit_pk:  # an activity that does not exist: as if none was chosen
            data["activiteit"] = ""
        form._errors = ErrorDict()  # type: ignore[attr-defined]  # Django's own: "validated, no errors"
        form.cleaned_data = {}
        return form

    def clean_consent(self) -> bool:
        return self.cleaned_data["consent"] == CONSENT_YES

    def clean_planned_start(self):
        planned = self.cleaned_data.get("planned_start")
        if planned is not None and planned < timezone.localdate():
            raise forms.ValidationError(_("De geplande start kan niet in het verleden liggen."))
        return planned

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent") is False and (cleaned.get("share_contact") or cleaned.get("share_note")):
            self.add_error("consent", NO_SHARING_WITHOUT_CONSENT)
        if cleaned.get("consent") is True and not cleaned.get("consent_how") and "consent_how" not in self.errors:
            self.add_error("consent_how", _("Kies hoe de persoon toestemming gaf."))
        if cleaned.get("consent") is False:
            cleaned["consent_how"] = ""  # without consent there is nothing to record
        if not cleaned.get("activiteit") and not cleaned.get("organisatie") and "organisatie" not in self.errors:
            self.add_error("organisatie", _("Kies een organisatie of een activiteit."))
        return cleaned

    def add_service_error(self, error: ValidationError) -> None:
        """A rule of create_referral: beside its field where it has one, else above the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                for message in ValidationError(errors).messages:
                    self.add_error(name if name in self.fields else None, message)
            return
        field = {"consent": "consent", "double": "activiteit" if self.chosen else "organisatie"}.get(
            getattr(error, "code", "") or ""
        )
        for message in error.messages:
            self.add_error(field, message)


class WithdrawConsentForm(CaseForm):
    """The person withdraws consent: how they told the meldpunt, and a note for the meldpunt only."""

    id_prefix = "intrekken"

    how = forms.ChoiceField(
        label=_("Hoe trok de persoon de toestemming in?"),
        choices=CONSENT_HOW_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe de persoon de toestemming introk."), "invalid_choice": INVALID_CHOICE},
    )
    note = _text(
        _("Toelichting"),
        max_length=500,
        help_text=_("Alleen voor het meldpunt: de partner ziet dit niet. Mag leeg blijven."),
    )

    def get_layout(self):
        return Layout("how", "note")


class SuggestionFilterForm(CrispyMixin, forms.Form):
    """Searching the suggestions: words, a kind of activity, and how many to show ("meer")."""

    q = forms.CharField(label=_("Zoeken op woorden"), required=False, max_length=200, widget=forms.SearchInput)
    soort = forms.ChoiceField(
        label=_("Soort activiteit"),
        required=False,
        choices=[("", _("alle soorten")), *ActivityType.choices],
    )
    aantal = forms.IntegerField(required=False, min_value=1, max_value=MAX_SUGGESTIONS, widget=forms.HiddenInput)
    # Re-routing a referral that stalled or was declined (issue 15): the suggestions without that organisation.
    zonder = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    errors_shown_elsewhere = ("aantal", "zonder")  # not on the page: "meer" is a link; an odd number is left out

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "zoek-%s")
        super().__init__(*args, **kwargs)

    def get_layout(self):
        """One row: the words, the kind and the button."""
        return Layout(
            Row(
                Column("q", css_class="col-sm-6"),
                Column("soort", css_class="col-sm-4"),
                HTML('{% include "meldpunt/referrals/_search_button.html" %}'),
                css_class="g-2 align-items-end",
            ),
            "zonder",  # a new search keeps leaving that organisation out
        )

    def values(self) -> tuple[str, str, int]:
        """(words, kind, how many): a field with odd input is simply left out."""
        self.is_valid()
        data = self.cleaned_data
        return (data.get("q") or "").strip(), data.get("soort") or "", data.get("aantal") or 20

    def without(self) -> int | None:
        """The organisation left out of the suggestions (?zonder=<id>), or None."""
        self.is_valid()
        return self.cleaned_data.get("zonder")
