"""Forms of the partner and coördinator pages of the sociale kaart.

Labels and help texts come from the models' verbose_name and help_text (Dutch, through gettext). Every
rule the database enforces with a constraint is checked here first, so the user reads a Dutch message
beside the field instead of a server error.
"""

from datetime import datetime

from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin, heading
from coalition.models import Wijk, normalise_postcode

from .models import (
    Activiteit,
    Bijeenkomst,
    CostKind,
    Frequency,
    Language,
    Locatie,
    Synoniem,
    TargetGroup,
    Theme,
    Tijdslot,
    Uitzondering,
    WeekOfMonth,
)
from .services.listing_data import EDITABLE_FIELDS


def _checkboxes(model_field: str, choices, help_text="") -> forms.MultipleChoiceField:
    field = Activiteit._meta.get_field(model_field)
    if not isinstance(field, models.Field):
        raise TypeError(f"Activiteit.{model_field} is not a concrete field.")
    return forms.MultipleChoiceField(
        label=field.verbose_name,
        choices=choices.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text or field.help_text,
        error_messages={"invalid_choice": _("Kies alleen uit de getoonde mogelijkheden.")},
    )


def wijken_grouped_by_gemeente() -> list[tuple[str, list[tuple[int, str]]]]:
    """[('Enschede', [(1, 'Centrum'), …]), …]: the choices of the wijken checkboxes, one group per gemeente."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for pk, name, gemeente in Wijk.objects.order_by("gemeente__name", "name").values_list(
        "pk", "name", "gemeente__name"
    ):
        groups.setdefault(gemeente, []).append((pk, name))
    return list(groups.items())


class ActiviteitForm(CrispyMixin, forms.ModelForm):
    """What partners fill in about an activity. Pass `organisatie=`: only its own locations can be chosen."""

    target_groups = _checkboxes("target_groups", TargetGroup, _("Kies één of meer groepen."))
    themes = _checkboxes("themes", Theme)
    languages = _checkboxes("languages", Language, _("In welke talen kunnen deelnemers terecht?"))
    website = forms.URLField(
        label=Activiteit._meta.get_field("website").verbose_name,
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een geldig webadres in, zoals https://www.voorbeeld.nl.")},
    )

    class Meta:
        model = Activiteit
        fields = EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "locaties": forms.CheckboxSelectMultiple,
            "wijken": forms.CheckboxSelectMultiple,
            "cost_kind": forms.RadioSelect,
            "join_method": forms.RadioSelect,
            # Text, not type=number: '2,50' is how people here write an amount.
            "cost_amount": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        localized_fields = ["cost_amount"]
        help_texts = {
            "locaties": _("Waar vindt de activiteit plaats? U voegt locaties toe onder 'Locaties'."),
            "cost_amount": _("Alleen invullen als u 'een bedrag' kiest, bijvoorbeeld 2,50."),
            "is_online": _("Aanvinken als mensen (ook) via internet mee kunnen doen."),
        }
        error_messages = {
            "title": {"required": _("Vul een titel in.")},
            "summary": {"required": _("Schrijf een korte samenvatting van één of twee zinnen.")},
            "kind": {"required": _("Kies de soort activiteit.")},
            "evidence": {"required": _("Kies de onderbouwing; weet u het niet, kies dan 'onbekend'.")},
            "cost_kind": {"required": _("Kies wat deelnemers betalen.")},
            "join_method": {"required": _("Kies hoe mensen mee kunnen doen.")},
            "contact_email": {"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
            "website": {"invalid": _("Vul een geldig webadres in, zoals https://www.voorbeeld.nl.")},
            "cost_amount": {"invalid": _("Vul een bedrag in, zoals 2,50.")},
        }

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisatie = organisatie
        self.fields["locaties"].queryset = Locatie.objects.filter(organisatie=organisatie).order_by("name")
        self.fields["wijken"].choices = wijken_grouped_by_gemeente()
        for name in ("locaties", "wijken"):
            self.fields[name].error_messages["invalid_choice"] = _("Kies alleen uit de getoonde mogelijkheden.")
            self.fields[name].error_messages["invalid_pk_value"] = _("Kies alleen uit de getoonde mogelijkheden.")

    def get_layout(self):
        return Layout(
            heading(_("Wat is het?")),
            *("title", "summary", "description", "kind", "target_groups", "themes", "evidence", "evidence_source"),
            heading(_("Waar?")),
            "locaties",
            HTML('{% include "socialekaart/partner/_no_locaties.html" %}'),
            *("wijken", "is_online", "transport_available"),
            heading(_("Kosten en meedoen")),
            *("cost_kind", "cost_amount", "cost_note", "join_method", "languages"),
            heading(_("Contact")),
            *("contact_name", "contact_phone", "contact_email", "website"),
        )

    def clean(self):
        cleaned = super().clean()
        kind, amount = cleaned.get("cost_kind"), cleaned.get("cost_amount")
        if "cost_amount" not in self.errors:
            if kind == CostKind.BEDRAG and amount is None:
                self.add_error("cost_amount", _("Vul het bedrag in dat deelnemers betalen."))
            elif kind and kind != CostKind.BEDRAG and amount is not None:
                self.add_error(
                    "cost_amount", _("Laat het bedrag leeg als de activiteit gratis is of de kosten op aanvraag zijn.")
                )
        return cleaned


class LocatieForm(CrispyMixin, forms.ModelForm):
    """A place of the organisation. The postcode may be typed as '7511 ab'; it is stored as '7511AB'."""

    postcode = forms.CharField(
        label=_("postcode"),
        max_length=10,
        help_text=_("Bijvoorbeeld 7671 AB. De wijk zoeken wij er zelf bij."),
        error_messages={"required": _("Vul de postcode in.")},
    )

    class Meta:
        model = Locatie
        fields = ["name", "street", "postcode", "city", "wheelchair_accessible", "hearing_loop"]
        error_messages = {
            "name": {"required": _("Vul de naam van de locatie in.")},
            "street": {"required": _("Vul de straat en het huisnummer in.")},
            "city": {"required": _("Vul de plaats in.")},
        }

    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisatie = organisatie
        if self.instance.pk and not self.is_bound:
            code = self.instance.postcode
            self.initial["postcode"] = f"{code[:4]} {code[4:]}"

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])

    def clean_name(self):
        name = self.cleaned_data["name"]
        others = Locatie.objects.filter(organisatie=self.organisatie, name__iexact=name).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Uw organisatie heeft al een locatie met deze naam."))
        return name


class _ScheduleForm(CrispyMixin, forms.ModelForm):
    def __init__(self, *args, organisatie, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locatie"].queryset = Locatie.objects.filter(organisatie=organisatie).order_by("name")
        self.fields["locatie"].empty_label = _("(geen vaste locatie)")
        self.fields["locatie"].error_messages["invalid_choice"] = _("Kies een locatie uit de lijst.")


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Kies een datum.")}

# "Hoe vaak?": one choice for the partner, stored as RRULE fields (freq, interval, bysetpos).
HOW_OFTEN = {
    "week": (Frequency.WEEKLY, 1, None),
    "twee-weken": (Frequency.WEEKLY, 2, None),
    **{f"maand-{position}": (Frequency.MONTHLY, 1, position) for position in WeekOfMonth.values},
}
HOW_OFTEN_CHOICES = [
    ("week", _("elke week")),
    ("twee-weken", _("om de week (elke twee weken)")),
    *[(f"maand-{value}", _("elke maand op de %(which)s") % {"which": label}) for value, label in WeekOfMonth.choices],
]


def how_often_choice(freq: str, interval: int, bysetpos: int | None) -> str:
    return next(key for key, rule in HOW_OFTEN.items() if rule == (freq, interval, bysetpos))


class TijdslotForm(_ScheduleForm):
    """A recurring time, with choices only: the day, how often, from and until which date (both optional, the
    start required for 'om de week': the weeks are counted from it)."""

    how_often = forms.ChoiceField(
        label=_("Hoe vaak?"),
        choices=HOW_OFTEN_CHOICES,
        initial="week",
        help_text=_("Bij 'elke … van de maand' geldt de dag hierboven: bijvoorbeeld elke eerste dinsdag."),
        error_messages={"required": _("Kies hoe vaak."), "invalid_choice": _("Kies uit de lijst.")},
    )

    class Meta:
        model = Tijdslot
        fields = ["weekday", "how_often", "starts_at", "ends_at", "valid_from", "until", "locatie", "note"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "valid_from": DATE_WIDGET,
            "until": DATE_WIDGET,
        }
        error_messages = {
            "weekday": {"required": _("Kies een dag."), "invalid_choice": _("Kies een dag uit de lijst.")},
            "starts_at": {"required": _("Vul de begintijd in."), "invalid": _("Vul een tijd in, zoals 10:00.")},
            "ends_at": {"required": _("Vul de eindtijd in."), "invalid": _("Vul een tijd in, zoals 12:00.")},
            "valid_from": DATE_ERRORS,
            "until": DATE_ERRORS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday"].label = _("Op welke dag?")
        self.fields["valid_from"].help_text = _("Leeg laten als het al loopt. Nodig bij 'om de week': de eerste keer.")

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("De eindtijd moet na de begintijd liggen."))
        if "how_often" in cleaned:
            cleaned["freq"], cleaned["interval"], cleaned["bysetpos"] = HOW_OFTEN[cleaned["how_often"]]
            if cleaned["interval"] > 1 and not cleaned.get("valid_from") and "valid_from" not in self.errors:
                self.add_error("valid_from", _("Kies de datum van de eerste keer: vanaf daar tellen we om de week."))
        first, last = cleaned.get("valid_from"), cleaned.get("until")
        if first and last and last < first:
            self.add_error("until", _("De einddatum moet na de begindatum liggen."))
        if last and last < timezone.localdate():
            self.add_error("until", _("De einddatum ligt in het verleden."))
        return cleaned


# An exception longer than a year is no exception: the partner should end the time instead.
MAX_EXCEPTION_DAYS = 366


class UitzonderingForm(CrispyMixin, forms.ModelForm):
    """A date, or a period, without a session of the recurring times: a holiday, the summer break."""

    class Meta:
        model = Uitzondering
        fields = ["starts_on", "ends_on", "reason"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}
        labels = {"starts_on": _("Op of vanaf"), "ends_on": _("Tot en met")}
        help_texts = {"ends_on": _("Alleen bij een periode, zoals de zomervakantie. Eén dag: leeg laten.")}
        error_messages = {
            "starts_on": {"required": _("Kies de datum."), **DATE_ERRORS},
            "ends_on": DATE_ERRORS,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ends_on"].required = False

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("starts_on")
        if first and not cleaned.get("ends_on") and "ends_on" not in self.errors:
            cleaned["ends_on"] = first
        last = cleaned.get("ends_on")
        if first and last:
            if last < first:
                self.add_error("ends_on", _("De laatste dag moet op of na de eerste dag liggen."))
            elif (last - first).days >= MAX_EXCEPTION_DAYS:
                self.add_error(
                    "ends_on",
                    _(
                        "Kies een periode van hooguit een jaar. Stopt de activiteit? "
                        "Kies dan een einddatum bij de vaste tijd."
                    ),
                )
            elif last < timezone.localdate():
                self.add_error("ends_on", _("Deze periode ligt in het verleden."))
        return cleaned


class BijeenkomstForm(_ScheduleForm):
    """A dated event: a date and two times (a date picker and time fields, nothing to type in a set format)."""

    day = forms.DateField(
        label=_("Datum"), widget=DATE_WIDGET, error_messages={"required": _("Kies de datum."), **DATE_ERRORS}
    )
    starts = forms.TimeField(
        label=_("Begintijd"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Vul de begintijd in."), "invalid": _("Vul een tijd in, zoals 14:00.")},
    )
    ends = forms.TimeField(
        label=_("Eindtijd"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Vul de eindtijd in."), "invalid": _("Vul een tijd in, zoals 16:00.")},
    )

    class Meta:
        model = Bijeenkomst
        fields = ["title", "day", "starts", "ends", "locatie", "note"]

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts:
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, starts))
            if cleaned["starts_at"] < timezone.now():
                self.add_error("day", _("Een bijeenkomst kan niet in het verleden liggen."))
        if day and starts and ends:
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, ends))
            if ends <= starts:
                self.add_error("ends", _("De eindtijd moet na de begintijd liggen."))
        return cleaned


class ReturnForm(CrispyMixin, forms.Form):
    """Sending a listing or change back: the partner must read why."""

    comment = forms.CharField(
        label=_("Toelichting voor de partner"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Wat moet de partner aanpassen? Noem geen persoonlijke gegevens."),
        error_messages={"required": _("Schrijf in de toelichting wat de partner moet aanpassen.")},
    )


class TrustForm(forms.Form):
    """One toggle of 'mag direct publiceren' for one organisation."""

    organisatie = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    may_publish_directly = forms.BooleanField(required=False)


class SynoniemForm(CrispyMixin, forms.Form):
    """From a search without results: "this search word means …" (services.search_words.add_synonym)."""

    word = forms.CharField(
        label=_("Zoekwoord"),
        max_length=60,
        help_text=_("Eén woord, zoals inwoners het typen."),
        error_messages={"required": _("Vul het zoekwoord in.")},
    )
    words = forms.CharField(
        label=_("Betekent hetzelfde als"),
        max_length=300,
        help_text=_("Woorden die in de activiteiten staan, met komma's ertussen. Bijvoorbeeld: voorstelling, concert"),
        error_messages={"required": _("Vul minstens één woord in.")},
    )

    def clean(self):
        cleaned = super().clean()
        if "word" in cleaned and "words" in cleaned:
            candidate = Synoniem(word=cleaned["word"], words=cleaned["words"].split(","))
            try:
                candidate.clean()  # the model's own rules: one search word, at least one other word
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field, message)
            else:
                cleaned["word"], cleaned["words"] = candidate.word, candidate.words
        return cleaned
