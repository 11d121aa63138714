"""The applicant's forms: one per section of an application (forms of the model's own fields, with the labels and
help texts of models.py), the formsets of targets and budget lines, an attachment, starting and withdrawing.

A draft may be saved incomplete at any time, so no field is required here; what a submission needs is checked at
submission (queries.applicant.missing_pieces). What the database would refuse (an end before the start, an amount
above the call's maximum, co-financing above a line's amount, a file that is not what it says) is said here, beside
the field, before anything is saved. `section_forms` builds a section's forms and `section_data` turns them into
what services.applications.save_section takes.
"""

from decimal import Decimal
from typing import Any

from crispy_forms.layout import Layout
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coalition.crispy import CrispyMixin
from coalition.models import Organisatie, Wijk

from ..choices import Doelgroep, Onderdeel
from ..filetypes import MAX_SIZE, detect_kind
from ..formatting import euro
from ..models import ZERO, Aanvraag, Begrotingsregel, Documenteis, Doel
from ..money import parse_amount
from ..services.applications import allowed_wijken, maximum_message, too_large_message, wrong_kind_message

CHOOSE_FROM_LIST = _("Kies alleen uit de getoonde mogelijkheden.")


class EuroField(forms.DecimalField):
    """An amount as people here type it: "15.000,00", "15000", "€ 15.000" or "15000.50" (money.parse_amount)."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            amount = parse_amount(value)
            # Not an amount: Django's own message ("Vul een getal in").
            return amount if amount is not None else super().to_python(value)
        return super().to_python(value)


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT_ATTRS = {"inputmode": "decimal"}


class SectionForm(CrispyMixin, forms.ModelForm):
    """A section of the application: nothing is required (a draft), so no label carries a mark."""

    mark = None
    error_intro = _("Er is nog niets bewaard. Wat u typte staat er nog. Kijk bij:")

    def __init__(self, *args, aanvraag, **kwargs):
        self.aanvraag = aanvraag
        super().__init__(*args, instance=aanvraag, **kwargs)
        for field in self.fields.values():
            field.required = False

    def to_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ProjectForm(SectionForm):
    class Meta:
        model = Aanvraag
        fields = ["title", "summary", "start_date", "end_date"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
        }
        help_texts = {
            "title": _("Een korte naam, zodat iedereen weet over welk project het gaat."),
            "start_date": _("Bijvoorbeeld 1-3-2027."),
            "end_date": _("De dag waarop de laatste activiteit van het project is."),
        }
        error_messages = {
            "start_date": {"invalid": _("Vul een bestaande datum in, zoals 1-3-2027.")},
            "end_date": {"invalid": _("Vul een bestaande datum in, zoals 28-2-2028.")},
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", _("De einddatum moet na de startdatum liggen."))
        return cleaned

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["title"] = " ".join((data.get("title") or "").split())
        return data


class OrganisatieForm(SectionForm):
    partners = forms.ModelMultipleChoiceField(
        label=Aanvraag._meta.get_field("partners").verbose_name,
        queryset=Organisatie.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organisaties uit de coalitie die meedoen. Staat een partner er niet bij? Schrijf die hieronder."),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST, "invalid_pk_value": CHOOSE_FROM_LIST},
    )

    class Meta:
        model = Aanvraag
        fields = ["contact_name", "contact_phone", "partners", "other_partners"]
        widgets = {
            "other_partners": forms.Textarea(attrs={"rows": 4}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, aanvraag, **kwargs):
        super().__init__(*args, aanvraag=aanvraag, **kwargs)
        # The coalition's members, and whoever was chosen before (even if no longer a member); never the applicant.
        chosen = aanvraag.partners.all() if aanvraag.pk else Organisatie.objects.none()
        self.fields["partners"].queryset = (
            Organisatie.objects.filter(Q(member_since__isnull=False) | Q(pk__in=chosen.values("pk")))
            .exclude(pk=aanvraag.organisatie_id)
            .order_by("name")
        )


class WijkChoiceField(forms.ModelMultipleChoiceField):
    """The wijken of one gemeente: their names alone (Wijk's own text adds the gemeente, a query per wijk)."""

    def label_from_instance(self, obj):
        return obj.name


class BereikForm(SectionForm):
    target_groups = forms.MultipleChoiceField(
        label=Aanvraag._meta.get_field("target_groups").verbose_name,
        choices=Doelgroep.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Voor wie is het project? Kies één of meer groepen."),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    wijken = WijkChoiceField(
        label=Aanvraag._meta.get_field("wijken").verbose_name,
        queryset=Wijk.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST, "invalid_pk_value": CHOOSE_FROM_LIST},
    )

    class Meta:
        model = Aanvraag
        fields = ["wijken", "whole_gemeente", "target_groups"]

    def __init__(self, *args, aanvraag, **kwargs):
        super().__init__(*args, aanvraag=aanvraag, **kwargs)
        regeling = aanvraag.regeling
        wijken, named_by_call = allowed_wijken(regeling)
        self.fields["wijken"].queryset = wijken.order_by("name")
        if named_by_call:
            # A call for some wijken: the project works in one or more of them, not in the whole gemeente.
            del self.fields["whole_gemeente"]
            self.fields["wijken"].help_text = _("Deze regeling is voor deze wijken. Kies waar uw project werkt.")
        else:
            self.fields["wijken"].help_text = _(
                "Kies waar uw project werkt. Werkt het in de hele gemeente %(gemeente)s? Vink dat dan hieronder aan."
            ) % {"gemeente": regeling.gemeente.name}
            self.fields["whole_gemeente"].label = _("De hele gemeente %(gemeente)s") % {
                "gemeente": regeling.gemeente.name
            }

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["target_groups"] = list(data.get("target_groups") or [])
        if "whole_gemeente" in self.fields and data.get("whole_gemeente"):
            data["wijken"] = []  # the whole gemeente: no wijken besides
        return data


class ErvaringForm(SectionForm):
    class Meta:
        model = Aanvraag
        fields = ["ervaringsdeskundigen"]
        widgets = {"ervaringsdeskundigen": forms.Textarea(attrs={"rows": 8})}


class PlanningForm(SectionForm):
    class Meta:
        model = Aanvraag
        fields = ["activities", "sustainability"]
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 10}),
            "sustainability": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"activities": _("Wat gebeurt er wanneer? Bijvoorbeeld per maand of per fase.")}


class MetingForm(SectionForm):
    class Meta:
        model = Aanvraag
        fields = ["measurement_plan"]
        widgets = {"measurement_plan": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, aanvraag, **kwargs):
        super().__init__(*args, aanvraag=aanvraag, **kwargs)
        if aanvraag.regeling.requires_measurement:
            self.fields["measurement_plan"].help_text = _(
                "Deze regeling vraagt een voor- en nameting met de De Jong Gierveld-schaal: deelnemers vullen die "
                "aan het begin en aan het eind in. Schrijf hoe en wanneer u dat doet."
            )


class BegrotingForm(SectionForm):
    class Meta:
        model = Aanvraag
        fields = ["amount_requested"]
        widgets = {"amount_requested": forms.TextInput(attrs=AMOUNT_ATTRS)}
        localized_fields = ["amount_requested"]
        field_classes = {"amount_requested": EuroField}
        error_messages = {"amount_requested": {"invalid": _("Vul een bedrag in, zoals 12500 of 12500,00.")}}

    def __init__(self, *args, aanvraag, **kwargs):
        super().__init__(*args, aanvraag=aanvraag, **kwargs)
        self.fields["amount_requested"].help_text = _(
            "Het bedrag dat u bij deze regeling vraagt: de kosten min de cofinanciering. Hoogstens %(max)s."
        ) % {"max": euro(aanvraag.regeling.max_per_application)}

    def clean_amount_requested(self):
        amount = self.cleaned_data.get("amount_requested")
        if amount is not None and amount > self.aanvraag.regeling.max_per_application:
            raise forms.ValidationError(maximum_message(self.aanvraag.regeling), code="max")
        return amount


class VragenForm(CrispyMixin, forms.Form):
    """Yes or no to each knock-out question of the call; a question may stay open in a draft."""

    mark = None
    ANSWERS = (("ja", _("Ja")), ("nee", _("Nee")))

    def __init__(self, *args, aanvraag, **kwargs):
        self.aanvraag = aanvraag
        answers = aanvraag.eligibility_answers or {}
        initial = {
            f"vraag_{pk}": ("ja" if value else "nee") for pk, value in answers.items() if isinstance(value, bool)
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = list(aanvraag.regeling.toetsvragen.order_by("position", "pk"))
        for vraag in self.questions:
            self.fields[f"vraag_{vraag.pk}"] = forms.ChoiceField(
                label=vraag.question,
                choices=self.ANSWERS,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Kies ja of nee.")},
            )

    def to_data(self) -> dict[str, Any]:
        answers = {
            str(vraag.pk): self.cleaned_data[f"vraag_{vraag.pk}"] == "ja"
            for vraag in self.questions
            if self.cleaned_data.get(f"vraag_{vraag.pk}")
        }
        return {"eligibility_answers": answers}


# ---------------------------------------------------------------------------
# Rows: targets and budget lines (an extra empty row to add one, a box to delete one)
# ---------------------------------------------------------------------------
class RowForm(CrispyMixin, forms.ModelForm):
    mark = None
    error_title = _("Deze regel is niet goed ingevuld")

    def get_layout(self):
        return Layout(
            *[name for name in self.fields if name != "DELETE"], *(["DELETE"] if "DELETE" in self.fields else [])
        )


class DoelForm(RowForm):
    class Meta:
        model = Doel
        fields = ["target_group", "description", "number"]
        widgets = {"number": forms.NumberInput(attrs={"min": 1})}
        error_messages = {
            "target_group": {"required": _("Kies de doelgroep.")},
            "description": {"required": _("Schrijf wat u voor deze groep doet.")},
            "number": {
                "required": _("Vul in hoeveel mensen u bereikt."),
                "invalid": _("Vul een heel getal in, zoals 25."),
                "min_value": _("Vul een aantal van 1 of meer in."),
            },
        }


class RegelForm(RowForm):
    class Meta:
        model = Begrotingsregel
        fields = ["category", "description", "amount", "co_financing"]
        widgets = {"amount": forms.TextInput(attrs=AMOUNT_ATTRS), "co_financing": forms.TextInput(attrs=AMOUNT_ATTRS)}
        localized_fields = ["amount", "co_financing"]
        field_classes = {"amount": EuroField, "co_financing": EuroField}
        error_messages = {
            "category": {"required": _("Kies de soort kosten.")},
            "description": {"required": _("Schrijf waarvoor deze kosten zijn.")},
            "amount": {
                "required": _("Vul het bedrag in."),
                "invalid": _("Vul een bedrag in, zoals 1500 of 1500,00."),
                "min_value": _("Het bedrag kan niet negatief zijn."),
            },
            "co_financing": {
                "invalid": _("Vul een bedrag in, zoals 500 of 500,00."),
                "min_value": _("De cofinanciering kan niet negatief zijn."),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_financing"].required = False

    def clean_co_financing(self):
        return self.cleaned_data.get("co_financing") or ZERO

    def clean(self):
        cleaned = super().clean()
        amount, co_financing = cleaned.get("amount"), cleaned.get("co_financing")
        if amount is not None and co_financing is not None and co_financing > amount:
            self.add_error("co_financing", _("De cofinanciering is meer dan het bedrag van deze regel."))
        return cleaned


class RowFormSet(forms.BaseModelFormSet):
    """Rows of one application; the delete box says "Verwijderen" and is only on saved rows."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Deze regel verwijderen")

    def rows(self) -> list[dict[str, Any]]:
        """The rows to keep: the cleaned data of every form that is not deleted and not an untouched empty row."""
        kept = []
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and form.cleaned_data.get("DELETE"):
                continue
            row = {name: form.cleaned_data.get(name) for name in form._meta.fields}
            row["pk"] = form.instance.pk
            kept.append(row)
        return kept


def _formset(model, form, *, prefix: str, aanvraag: Aanvraag, data, read_only: bool):
    factory = forms.modelformset_factory(
        model,
        form=form,
        formset=RowFormSet,
        extra=0 if read_only else 1,
        can_delete=not read_only,
        can_delete_extra=False,
    )
    return factory(data, queryset=model.objects.filter(aanvraag=aanvraag).order_by("pk"), prefix=prefix)


# ---------------------------------------------------------------------------
# A section's forms
# ---------------------------------------------------------------------------
SECTION_FORMS: dict[str, Any] = {
    Onderdeel.PROJECT: ProjectForm,
    Onderdeel.ORGANISATIE: OrganisatieForm,
    Onderdeel.BEREIK: BereikForm,
    Onderdeel.ERVARING: ErvaringForm,
    Onderdeel.PLANNING: PlanningForm,
    Onderdeel.METING: MetingForm,
    Onderdeel.BEGROTING: BegrotingForm,
    Onderdeel.VRAGEN: VragenForm,
}
FORMSETS: dict[str, Any] = {
    Onderdeel.DOELEN: (Doel, DoelForm, "doelen"),
    Onderdeel.BEGROTING: (Begrotingsregel, RegelForm, "regels"),
}
# The sections edited on a page of these forms (attachments have a page of their own).
FORM_SECTIONS = [section for section in Onderdeel.values if section in SECTION_FORMS or section in FORMSETS]


def section_forms(section: str, aanvraag: Aanvraag, data=None, *, read_only: bool = False):
    """(form or None, formset or None) of a section, bound to `data` if given; read-only: every field disabled."""
    form_class = SECTION_FORMS.get(section)
    form = form_class(data, aanvraag=aanvraag) if form_class else None
    formset = None
    if section in FORMSETS:
        model, row_form, prefix = FORMSETS[section]
        formset = _formset(model, row_form, prefix=prefix, aanvraag=aanvraag, data=data, read_only=read_only)
    if read_only:
        for each in [form, *(formset.forms if formset else [])]:
            if each is not None:
                for field in each.fields.values():
                    field.disabled = True
    return form, formset


def section_data(section: str, form, formset) -> dict[str, Any]:
    data = form.to_data() if form is not None else {}
    if formset is not None:
        data[FORMSETS[section][2]] = formset.rows()
    return data


def budget_totals(formset) -> dict[str, Decimal]:
    """The saved budget lines' totals (from the rows the formset read: no query of its own)."""
    rows = [form.instance for form in formset.forms if form.instance.pk]
    amount = sum((row.amount for row in rows), ZERO)
    co_financing = sum((row.co_financing for row in rows), ZERO)
    return {"amount": amount, "co_financing": co_financing, "requested": amount - co_financing}


# ---------------------------------------------------------------------------
# Attachments, starting, withdrawing
# ---------------------------------------------------------------------------
class BijlageForm(CrispyMixin, forms.Form):
    """An attachment: checked by its content, not its name, and at most 10 MB."""

    mark = None
    error_intro = _("Het bestand is niet bewaard. Kijk bij:")

    documenteis = forms.ModelChoiceField(label=_("Welk document is dit?"), queryset=Documenteis.objects.none())
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "Een pdf, Word-bestand (docx), Excel-bestand (xlsx) of OpenDocument-tekst (odt) van hoogstens 10 MB."
        ),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.docx,.xlsx,.odt,application/pdf,application/vnd.oasis.opendocument.text"}
        ),
        error_messages={
            "required": _("Kies een bestand om toe te voegen."),
            "empty": _("Dit bestand is leeg. Kies een ander bestand."),
            "invalid": _("Er is geen bestand ontvangen. Kies het bestand opnieuw."),
        },
    )

    def __init__(self, *args, aanvraag, **kwargs):
        super().__init__(*args, **kwargs)
        self.aanvraag = aanvraag
        field = self.fields["documenteis"]
        field.queryset = Documenteis.objects.filter(regeling_id=aanvraag.regeling_id).order_by("-required", "name")
        field.empty_label = _("Een ander document")
        field.required = False
        field.help_text = _("Welk gevraagd document is dit? Kies ‘Een ander document’ als het er niet bij staat.")
        field.error_messages["invalid_choice"] = CHOOSE_FROM_LIST

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return upload
        if upload.size > MAX_SIZE:
            raise forms.ValidationError(too_large_message(), code="too_large")
        if detect_kind(upload) is None:
            raise forms.ValidationError(wrong_kind_message(), code="kind")
        return upload


class StartForm(CrispyMixin, forms.Form):
    """For whom the new application is, when the user acts for several organisations."""

    mark = None

    organisatie = forms.ModelChoiceField(
        label=_("Voor welke organisatie vraagt u aan?"),
        queryset=Organisatie.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Kies de organisatie."), "invalid_choice": CHOOSE_FROM_LIST},
    )

    def __init__(self, *args, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(pk__in=[o.pk for o in organisaties]).order_by(
            "name"
        )
        if len(organisaties) == 1:
            self.fields["organisatie"].initial = organisaties[0].pk
            self.fields["organisatie"].widget = forms.HiddenInput()


class WithdrawForm(CrispyMixin, forms.Form):
    mark = None

    reason = forms.CharField(
        label=_("Waarom trekt u de aanvraag in? (mag u leeg laten)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
