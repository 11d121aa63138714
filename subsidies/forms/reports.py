"""Forms after the grant: the report (`ReportForm`), the coördinator's request for changes (`FeedbackForm`) and the
listing proposed for the sociale kaart (`ListingForm`).

Every field of a report may stay empty while the applicant saves a draft; submitting checks completeness in the
service (services/reports.py `missing`), whose messages land beside these fields (they share the names). The rules
on figures (no negative numbers, the lonely no more than the measured, a mean on the form's scale) are checked
here first, so a Dutch message stands beside the field, and again in the service and the database.
"""

from typing import Any, cast

from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from coalition.crispy import CrispyMixin, Fieldset
from coalition.models import Wijk
from socialekaart.services.listing_data import CHOICES as LISTING_CHOICES

from ..choices import Doelgroep, MeetVorm
from ..models import Aanvraag, Begrotingsregel, Doel, Rapportage
from ..money import euro
from ..services.reports import MEAN_MAX, Meting, ReportContent, measurement_errors

MEASUREMENT_FIGURES = ("measured", "mean_before", "mean_after", "lonely_before", "lonely_after")
NUMBER = {"class": "form-control", "inputmode": "numeric"}
# Text, not type=number: '5,3' and '1.250,50' are how people here write a decimal or an amount.
DECIMAL = {"class": "form-control", "inputmode": "decimal"}


def _count(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=help_text,
        widget=forms.NumberInput(attrs=NUMBER),
        error_messages={
            "invalid": _("Vul een heel getal in, zoals 12."),
            "min_value": _("Vul een aantal in van 0 of meer."),
            "max_value": _("Dit aantal is te groot."),
        },
    )


class DutchDecimalField(forms.DecimalField):
    """A decimal as people here type it: 1250,50 or 1.250,50 (a comma: the dots group thousands), or 1250.50."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and "," in value:
            value = value.strip().replace(" ", "").replace(".", "").replace(",", ".")
        return super().to_python(value)


def _decimal(label: StrOrPromise, help_text: StrOrPromise = "", *, max_digits: int = 12) -> forms.DecimalField:
    return DutchDecimalField(
        label=label,
        required=False,
        min_value=0,
        max_digits=max_digits,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs=DECIMAL),
        error_messages={
            "invalid": _("Vul een getal in, zoals 1250,50."),
            "min_value": _("Vul 0 of meer in."),
            "max_digits": _("Dit getal is te groot."),
            "max_decimal_places": _("Gebruik ten hoogste twee cijfers achter de komma."),
            "max_whole_digits": _("Dit getal is te groot."),
        },
    )


def _meting(values: dict[str, Any]) -> Meting:
    return Meting(
        measured=values["measured"],
        mean_before=values["mean_before"],
        mean_after=values["mean_after"],
        lonely_before=values["lonely_before"],
        lonely_after=values["lonely_after"],
    )


class ReportForm(CrispyMixin, forms.Form):
    """A report: reach per target, what was done, spending per budget line, lessons learned and, where the call
    asks for it, the before/after measurement per De Jong Gierveld form. Pass the application's `doelen` and
    `begroting`, and `measurement=True` when the call requires it."""

    mark = None  # everything may stay empty in a draft; the page says what submitting needs
    error_intro = _("Wat u typte is niet bewaard, maar staat nog in het formulier. Kijk bij:")

    activities_done = forms.CharField(
        label=_("Wat is er gedaan?"),
        required=False,
        max_length=10_000,
        help_text=_("Welke activiteiten waren er, hoe vaak, en met wie? Schrijf het zoals u het zou vertellen."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    lessons = forms.CharField(
        label=_("Wat heeft u geleerd?"),
        required=False,
        max_length=10_000,
        help_text=_("Wat werkte goed, wat niet, en wat doet u de volgende keer anders?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(
        self, *args: Any, doelen: list[Doel], begroting: list[Begrotingsregel], measurement: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.doelen, self.begroting, self.measurement = doelen, begroting, measurement
        groups = dict(Doelgroep.choices)
        for doel in doelen:
            self.fields[f"bereik_{doel.pk}"] = _count(
                doel.description,
                _("Doelgroep: %(groep)s. Doel: %(n)s mensen. Hoeveel mensen heeft u bereikt?")
                % {"groep": groups.get(doel.target_group, doel.target_group), "n": doel.number},
            )
        categories = dict(Begrotingsregel._meta.get_field("category").choices or [])
        for line in begroting:
            self.fields[f"uitgave_{line.pk}"] = _decimal(
                line.description,
                _("%(soort)s. Begroot: %(bedrag)s. Wat is er uitgegeven?")
                % {
                    "soort": str(categories.get(line.category, line.category)).capitalize(),
                    "bedrag": euro(line.amount),
                },
            )
        if measurement:
            for form in MeetVorm.values:
                top = MEAN_MAX[MeetVorm(form)]
                self.fields[f"{form}_measured"] = _count(
                    _("Aantal gemeten (voor én na)"), _("Mensen die aan het begin en aan het eind meededen.")
                )
                self.fields[f"{form}_mean_before"] = _decimal(
                    _("Gemiddelde score vooraf"), _("Van 0 tot %(max)s.") % {"max": top}, max_digits=4
                )
                self.fields[f"{form}_mean_after"] = _decimal(
                    _("Gemiddelde score achteraf"), _("Van 0 tot %(max)s.") % {"max": top}, max_digits=4
                )
                self.fields[f"{form}_lonely_before"] = _count(_("Aantal eenzaam vooraf"))
                self.fields[f"{form}_lonely_after"] = _count(_("Aantal eenzaam achteraf"))

    def get_layout(self) -> Layout:
        parts = [
            Fieldset(
                _("Bereik per doel"),
                *(f"bereik_{doel.pk}" for doel in self.doelen),
                intro=_("Hoeveel mensen heeft het project bereikt, per doel uit de aanvraag?"),
            ),
            Fieldset(_("Activiteiten"), "activities_done"),
            Fieldset(
                _("Uitgaven per begrotingsregel"),
                *(f"uitgave_{line.pk}" for line in self.begroting),
                intro=_(
                    "Wat is er tot nu toe uitgegeven, per regel van de begroting? Vul 0 in als er niets is uitgegeven."
                ),
            ),
            Fieldset(_("Geleerde lessen"), "lessons"),
        ]
        if self.measurement:
            for form, label in MeetVorm.choices:
                parts.append(
                    Fieldset(
                        _("Voor- en nameting: %(vorm)s") % {"vorm": label},
                        *(f"{form}_{name}" for name in MEASUREMENT_FIGURES),
                        intro=_(
                            "Alleen totalen, geen namen. Een hogere score is eenzamer. "
                            "Niet met deze vragenlijst gemeten? Laat dit deel leeg."
                        ),
                    )
                )
        return Layout(*parts)

    @staticmethod
    def initial_for(rapportage: Rapportage) -> dict[str, Any]:
        """The saved report as the form's initial values (the report's rows prefetched)."""
        initial: dict[str, Any] = {"activities_done": rapportage.activities_done, "lessons": rapportage.lessons}
        initial |= {f"bereik_{row.doel_id}": row.reached for row in rapportage.bereik.all()}
        initial |= {f"uitgave_{row.begrotingsregel_id}": row.spent for row in rapportage.uitgaven.all()}
        for meting in rapportage.metingen.all():
            initial |= {f"{meting.form}_{name}": getattr(meting, name) for name in MEASUREMENT_FIGURES}
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.measurement:
            return cleaned
        for form in MeetVorm.values:
            names = [f"{form}_{name}" for name in MEASUREMENT_FIGURES]
            if any(name in self.errors for name in names):
                continue
            values = {name: cleaned.get(f"{form}_{name}") for name in MEASUREMENT_FIGURES}
            filled = [value is not None for value in values.values()]
            if not any(filled):
                continue
            if not all(filled):
                for name, value in values.items():
                    if value is None:
                        self.add_error(f"{form}_{name}", _("Vul ook dit in, of laat deze vragenlijst helemaal leeg."))
                continue
            for name, message in measurement_errors(form, _meting(values)).items():
                self.add_error(f"{form}_{name}", message)
        return cleaned

    def content(self) -> ReportContent:
        data = self.cleaned_data
        measurements: dict[str, Meting | None] = {}
        if self.measurement:
            for form in MeetVorm.values:
                values = {name: data.get(f"{form}_{name}") for name in MEASUREMENT_FIGURES}
                measurements[form] = _meting(values) if all(v is not None for v in values.values()) else None
        return ReportContent(
            activities_done=data.get("activities_done", ""),
            lessons=data.get("lessons", ""),
            reach={doel.pk: data.get(f"bereik_{doel.pk}") for doel in self.doelen},
            spending={line.pk: data.get(f"uitgave_{line.pk}") for line in self.begroting},
            measurements=measurements,
        )


class FeedbackForm(CrispyMixin, forms.Form):
    """The coördinator asks for changes in a submitted report."""

    feedback = forms.CharField(
        label=_("Wat moet er anders?"),
        max_length=5000,
        help_text=_("De aanvrager leest dit bij de rapportage en krijgt een e-mail dat er iets aan te passen is."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf wat de aanvrager moet aanpassen.")},
    )


# ---------------------------------------------------------------------------
# The listing on the sociale kaart
# ---------------------------------------------------------------------------
class ListingForm(CrispyMixin, forms.Form):
    """The activity proposed for the sociale kaart, filled in from the application; the partner checks it and
    confirms. The choices are the sociale kaart's own (socialekaart.services.listing_data)."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=120,
        help_text=_("Zo heet de activiteit op de sociale kaart. Ten hoogste 120 tekens."),
        error_messages={"required": _("Vul een titel in.")},
    )
    summary = forms.CharField(
        label=_("Korte samenvatting"),
        max_length=300,
        help_text=_("Eén of twee zinnen in eenvoudige taal. Ten hoogste 300 tekens."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Schrijf een korte samenvatting van één of twee zinnen.")},
    )
    description = forms.CharField(
        label=_("Beschrijving"),
        required=False,
        max_length=5000,
        help_text=_("Wat gebeurt er, voor wie is het, wat levert het op?"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    kind = forms.ChoiceField(
        label=_("Soort activiteit"),
        choices=LISTING_CHOICES["kind"].choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de soort activiteit."), "invalid_choice": _("Kies de soort activiteit.")},
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Voor wie"),
        choices=LISTING_CHOICES["target_groups"].choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ingevuld vanuit de doelgroepen van de aanvraag. Kies één of meer groepen."),
        error_messages={"invalid_choice": _("Kies alleen uit de getoonde mogelijkheden.")},
    )
    wijken = forms.ModelMultipleChoiceField(
        label=_("Wijken"),
        queryset=Wijk.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("In welke wijken is de activiteit? Leeg: de hele gemeente."),
        error_messages={
            "invalid_choice": _("Kies alleen uit de getoonde mogelijkheden."),
            "invalid_pk_value": _("Kies alleen uit de getoonde mogelijkheden."),
        },
    )
    join_method = forms.ChoiceField(
        label=_("Meedoen"),
        choices=LISTING_CHOICES["join_method"].choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe mensen mee kunnen doen.")},
    )
    contact_name = forms.CharField(label=_("Contactpersoon"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("Telefoonnummer"), max_length=20, required=False)
    contact_email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )

    def __init__(self, *args: Any, aanvraag: Aanvraag, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The wijken of the call's gemeente.
        wijken = cast(forms.ModelMultipleChoiceField, self.fields["wijken"])
        wijken.queryset = Wijk.objects.filter(gemeente_id=aanvraag.regeling.gemeente_id).order_by("name")

    def listing(self) -> dict[str, Any]:
        """The data for socialekaart.services.listings.activiteit_create."""
        return dict(self.cleaned_data)
