"""Forms through which signals come in: the staff intake, the public web form and a partner's signal.

Every rule the database enforces (postcode format, year of birth, lengths) is checked here first, so the user
reads a Dutch message beside the field and keeps everything typed. The forms hand a SignalData to the services.
"""

from typing import Any

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.layout import HTML, Column, Field, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coalition.crispy import OPTIONAL, CrispyMixin, Fieldset, FormBase
from coalition.models import normalise_postcode
from socialekaart.models import Language

from .. import spam
from ..choices import SIGNAL_CATEGORIES, Channel, LifeEvent, PersonKnows, Relation, Signal, Urgency
from ..models import PERSON_FIELDS
from ..queries.worklist import possible_duplicates
from ..services.intake import SignalData
from ..services.reporter_news import contact_kind

BIRTH_YEAR_MIN = 1900
BIRTH_YEAR_DIGITS = 4
NAME_MAX = 200
CONTACT_MAX = 200
ADDRESS_MAX = 200
PHONE_MAX = 20
DESCRIPTION_MAX = 5000

TOO_LONG = _("Dit is te lang: gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d).")

# The partner's relation to the person, guessed from the kind of organisation they report for.
RELATION_FOR_KIND = {
    "wonen": Relation.WONINGCORPORATIE,
    "gemeente": Relation.GEMEENTE,
    "eerstelijn": Relation.HUISARTS,
    "levensbeschouwing": Relation.KERK,
    "vereniging": Relation.VERENIGING,
    "ondernemer": Relation.ONDERNEMER,
}


def text_field(label, max_length, *, required=False, help_text="", widget=None, required_message="", **attrs):
    field = forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=widget or forms.TextInput(attrs=attrs or None),
        error_messages={"max_length": TOO_LONG, "required": required_message or _("Vul dit veld in.")},
    )
    if widget is not None and attrs:
        field.widget.attrs.update(attrs)
    return field


class PersonFieldsForm(CrispyMixin, forms.Form):
    """What may be known about the person concerned: all of it optional."""

    person_name = text_field(_("Naam van de persoon"), NAME_MAX, autocomplete="off")
    person_address = text_field(
        _("Adres"), ADDRESS_MAX, help_text=_("Straat, huisnummer en plaats."), autocomplete="off"
    )
    person_postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=10,
        help_text=_("Bijvoorbeeld 7671 AB."),
        widget=forms.TextInput(attrs={"size": 8, "autocomplete": "off"}),
        error_messages={"max_length": _("Vul een postcode in als 1234 AB.")},
    )
    person_birth_year = forms.CharField(
        label=_("Geboortejaar"),
        required=False,
        max_length=4,
        help_text=_("Bijvoorbeeld 1948."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5, "autocomplete": "off"}),
        error_messages={"max_length": _("Vul een jaartal in van vier cijfers, bijvoorbeeld 1948.")},
    )

    def clean_person_postcode(self):
        value = self.cleaned_data["person_postcode"].strip()
        if not value:
            return ""
        try:
            return normalise_postcode(value)
        except ValidationError:
            raise ValidationError(_("Vul een postcode in als 1234 AB."), code="invalid_postcode") from None

    def clean_person_birth_year(self):
        value = self.cleaned_data["person_birth_year"].strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or len(value) != BIRTH_YEAR_DIGITS:
            raise ValidationError(_("Vul een jaartal in van vier cijfers, bijvoorbeeld 1948."), code="invalid")
        year = int(value)
        this_year = timezone.localdate().year
        if not BIRTH_YEAR_MIN <= year <= this_year:
            raise ValidationError(
                _("Vul een geboortejaar in tussen %(first)d en %(last)d."),
                code="out_of_range",
                params={"first": BIRTH_YEAR_MIN, "last": this_year},
            )
        return year

    def person(self) -> dict:
        return {key: self.cleaned_data.get(key) for key in PERSON_FIELDS if key in self.cleaned_data}


LIVES_ALONE = [("ja", _("Ja")), ("nee", _("Nee")), ("onbekend", _("Weet ik niet"))]


class SignalsMixin(CrispyMixin):
    """The signaleringskaart as checkboxes, grouped by its categories (rendered by meldpunt/intake/_signals.html)."""

    def summary_anchor(self, bound) -> str:
        if bound.name == "signals":  # the first checkbox of meldpunt/intake/_signals.html
            return f"{bound.auto_id}_{SIGNAL_CATEGORIES[0][1][0].value}"
        return super().summary_anchor(bound)

    def signal_groups(self) -> list[tuple[str | Promise, list[dict[str, Any]]]]:
        bound = self["signals"]
        selected = {str(value) for value in (bound.value() or [])}
        return [
            (
                label,
                [
                    {
                        "value": signal.value,
                        "label": signal.label,
                        "checked": signal.value in selected,
                        "id": f"{bound.auto_id}_{signal.value}",
                    }
                    for signal in signals
                ],
            )
            for label, signals in SIGNAL_CATEGORIES
        ]


def signals_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Waargenomen signalen (geen diagnose)"),
        choices=Signal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vink aan wat de melder zag of hoorde. Het zijn signalen, geen diagnose."),
        error_messages={"invalid_choice": _("Kies alleen uit de signalen van de signaleringskaart.")},
    )


def urgency_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Urgentie"),
        choices=Urgency.choices,
        initial=Urgency.NORMAAL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de urgentie."), "invalid_choice": _("Kies normaal, hoog of acuut.")},
    )


def description_field(label, help_text="", required=False, required_message="") -> forms.CharField:
    return text_field(
        label,
        DESCRIPTION_MAX,
        required=required,
        help_text=help_text,
        required_message=required_message,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def meldpunt_field(meldpunten, label, label_of) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(meldpunt.pk, label_of(meldpunt)) for meldpunt in meldpunten],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een meldpunt."), "invalid_choice": _("Kies een van de meldpunten.")},
    )


class MeldpuntChoiceMixin(FormBase):
    """A meldpunt field only when there is a choice; `cleaned_data['meldpunt']` is always the Meldpunt."""

    meldpunt_label = _("Meldpunt")

    def meldpunt_choice_label(self, meldpunt) -> str:
        return meldpunt.name

    def _setup_meldpunt(self, meldpunten):
        self.meldpunten = list(meldpunten)
        if len(self.meldpunten) > 1:
            self.fields["meldpunt"] = meldpunt_field(self.meldpunten, self.meldpunt_label, self.meldpunt_choice_label)
            self.order_fields(["meldpunt"])

    def _meldpunt_layout(self, inline=True) -> list:
        """The meldpunt's radio buttons, when there is a choice."""
        if "meldpunt" not in self.fields:
            return []
        return [InlineRadios("meldpunt") if inline else "meldpunt"]

    def _clean_meldpunt(self, cleaned):
        if len(self.meldpunten) == 1:
            cleaned["meldpunt"] = self.meldpunten[0]
        elif cleaned.get("meldpunt") is not None:
            cleaned["meldpunt"] = next(m for m in self.meldpunten if m.pk == cleaned["meldpunt"])


def signals_layout() -> Field:
    """The signaleringskaart, grouped by its categories."""
    return Field("signals", template="meldpunt/intake/_signals.html")


def acuut_layout() -> HTML:
    """The guidance for an acute situation, shown as soon as "acuut" is chosen (CSS in the page)."""
    return HTML('<div class="acuut-live" aria-live="polite">{% include "meldpunt/_acuut.html" %}</div>')


# --- Staff intake ----------------------------------------------------------------------------------------------

NEW_CASE = "nieuw"
OWNER_ME, OWNER_QUEUE = "mij", "wachtrij"


class IntakeForm(MeldpuntChoiceMixin, SignalsMixin, PersonFieldsForm):
    """A phone call or a desk visit, logged by staff. Pass `meldpunten`: the user's own (at least one).

    When an open case may be about the same person (surname and postcode, surname and year of birth, or phone
    number: queries.worklist.possible_duplicates), the form is not valid
    until staff choose in `koppeling`: the number of that case (attach) or "nieuw" (a new case anyway).
    `self.duplicates` lists the matches.
    """

    channel = forms.ChoiceField(
        label=_("Hoe kwam het signaal binnen?"),
        choices=[choice for choice in Channel.choices if choice[0] != Channel.WEBFORMULIER],
        initial=Channel.TELEFOON,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe het signaal binnenkwam."), "invalid_choice": _("Kies een kanaal.")},
    )
    reporter_name = text_field(_("Naam van de melder"), NAME_MAX, autocomplete="off")
    reporter_contact = text_field(
        _("Melder bereikbaar via"), CONTACT_MAX, help_text=_("Telefoonnummer of e-mailadres."), autocomplete="off"
    )
    reporter_relation = forms.ChoiceField(
        label=_("Relatie van de melder tot de persoon"),
        choices=[("", _("— kies —")), *Relation.choices],
        error_messages={
            "required": _("Kies wie de melder is voor de persoon, bijvoorbeeld buur of de persoon zelf."),
            "invalid_choice": _("Kies een relatie uit de lijst."),
        },
    )
    # The person: name, address, postcode and year of birth come from PersonFieldsForm.
    person_phone = text_field(_("Telefoonnummer van de persoon"), PHONE_MAX, autocomplete="off", inputmode="tel")
    person_language = forms.ChoiceField(
        label=_("Taal"),
        choices=[("", _("— onbekend —")), *Language.choices],
        required=False,
        error_messages={"invalid_choice": _("Kies een taal uit de lijst.")},
    )
    lives_alone = forms.ChoiceField(
        label=_("Woont alleen"),
        choices=LIVES_ALONE,
        initial="onbekend",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies ja, nee of weet ik niet.")},
    )
    signals = signals_field()
    life_events = forms.MultipleChoiceField(
        label=_("Levensgebeurtenissen"),
        choices=LifeEvent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies alleen uit de getoonde levensgebeurtenissen.")},
    )
    description = description_field(_("Toelichting"), _("Wat vertelde de melder? In eigen woorden, feitelijk."))
    urgency = urgency_field()
    owner = forms.ChoiceField(
        label=_("Wie pakt het op?"),
        choices=[(OWNER_ME, _("Ik pak deze melding op")), (OWNER_QUEUE, _("Laat in de wachtrij van het meldpunt"))],
        initial=OWNER_ME,
        widget=forms.RadioSelect,
        help_text=_("Bij toevoegen aan een bestaande melding blijft de eigenaar van die melding dezelfde."),
        error_messages={"required": _("Kies wie de melding oppakt."), "invalid_choice": _("Kies ik of de wachtrij.")},
    )
    follow_up_on = forms.DateField(
        label=_("Volgende actie op"),
        required=False,
        help_text=_("Bijvoorbeeld de dag waarop u terugbelt. Mag leeg blijven."),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Deze datum bestaat niet. Vul een datum in als 31-12-2026.")},
    )
    koppeling = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    # The page asks for `koppeling` itself, with the matching cases, above the form.
    errors_shown_elsewhere = ("koppeling",)

    def __init__(self, *args, meldpunten, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_meldpunt(meldpunten)
        self.duplicates = []
        self.fields["description"].help_text = _(
            "Wat vertelde de melder? In eigen woorden, feitelijk. Verplicht als u hierboven geen signaal aanvinkt."
        )

    def get_layout(self):
        return Layout(
            *self._meldpunt_layout(),
            Fieldset(
                _("De melder"),
                InlineRadios("channel"),
                Row(
                    Column("reporter_name", css_class="col-md-4"),
                    Column("reporter_contact", css_class="col-md-4"),
                    Column("reporter_relation", css_class="col-md-4"),
                ),
                css_class="mb-3",
            ),
            Fieldset(
                _("Over wie gaat het?"),
                Row(
                    Column("person_name", css_class="col-md-6"),
                    Column("person_address", css_class="col-md-6"),
                    Column("person_postcode", css_class="col-sm-6 col-md-3"),
                    Column("person_birth_year", css_class="col-sm-6 col-md-3"),
                    Column("person_phone", css_class="col-sm-6 col-md-3"),
                    Column("person_language", css_class="col-sm-6 col-md-3"),
                ),
                InlineRadios("lives_alone"),
                css_class="mb-3",
            ),
            signals_layout(),
            "life_events",
            "description",
            Fieldset(
                _("Urgentie en opvolging"),
                InlineRadios("urgency"),
                acuut_layout(),
                "owner",
                Row(Column("follow_up_on", css_class="col-sm-6 col-md-4")),
                css_class="mb-3",
            ),
        )

    def clean_follow_up_on(self):
        value = self.cleaned_data["follow_up_on"]
        if value and value < timezone.localdate():
            raise ValidationError(_("De volgende actie kan niet in het verleden liggen."), code="past")
        return value

    def clean_lives_alone(self):
        return {"ja": True, "nee": False}.get(self.cleaned_data["lives_alone"])

    def clean(self):
        cleaned = super().clean()
        self._clean_meldpunt(cleaned)
        nothing_told = not (cleaned.get("description") or cleaned.get("signals") or cleaned.get("life_events"))
        if nothing_told and "description" not in self.errors:
            # The signals come before the description on the page: "hierboven".
            self.add_error("description", _("Schrijf kort wat er aan de hand is, of vink hierboven een signaal aan."))
        self._check_duplicates(cleaned)
        return cleaned

    def _check_duplicates(self, cleaned):
        cleaned["attach_to"] = None
        meldpunt, name = cleaned.get("meldpunt"), cleaned.get("person_name")
        year, postcode = cleaned.get("person_birth_year"), cleaned.get("person_postcode")
        phone = cleaned.get("person_phone") or ""
        if meldpunt is not None and ((name and (year or postcode)) or phone):
            self.duplicates = possible_duplicates(
                meldpunt, name or "", birth_year=year, postcode=postcode or "", phone=phone
            )
        choice = cleaned.get("koppeling", "")
        by_number = {melding.number: melding for melding in self.duplicates}
        if choice in by_number:
            cleaned["attach_to"] = by_number[choice]
        elif choice not in ("", NEW_CASE):
            self.add_error(
                "koppeling",
                _("Melding %(number)s past niet (meer) bij deze persoon. Kies opnieuw.") % {"number": choice[:20]},
            )
        elif self.duplicates and choice != NEW_CASE:
            self.add_error(
                "koppeling",
                _(
                    "Er is al een open melding die over dezelfde persoon kan gaan. Kies: voeg dit signaal toe aan die "
                    "melding, of maak toch een nieuwe melding."
                ),
            )

    def required_labels(self) -> list[str]:
        """What must be filled in, in the order of the page, as the labels say it (the fields marked "(verplicht)",
        and the signals or the description: one of them)."""
        labels: list[str] = []
        for name, field in self.fields.items():
            if name == "description":
                labels.append(str(_("wat er aan de hand is (een signaal of de toelichting)")))
            elif field.required and not field.widget.is_hidden:
                labels.append(str(field.label))
        return labels

    @property
    def needs_choice(self) -> bool:
        """Only the duplicate choice is missing: show the matches as the first thing on the page."""
        return bool(self.duplicates) or "koppeling" in self.errors

    def signal_data(self) -> SignalData:
        data = self.cleaned_data
        return SignalData(
            channel=data["channel"],
            reporter_relation=data["reporter_relation"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            signals=data["signals"],
            life_events=data["life_events"],
            description=data["description"],
            urgency=data["urgency"],
            person=self.person(),
        )


# --- Partner signal --------------------------------------------------------------------------------------------


class PartnerSignalForm(MeldpuntChoiceMixin, SignalsMixin, PersonFieldsForm):
    """A partner professional passes on a signal. Pass `meldpunten` and `organisaties` (the user's own)."""

    meldpunt_label = _("Naar welk meldpunt?")

    organisatie = forms.TypedChoiceField(
        label=_("Namens welke organisatie?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies de organisatie waarvoor u dit signaal doorgeeft."),
            "invalid_choice": _("Kies een van uw eigen organisaties."),
        },
    )
    reporter_relation = forms.ChoiceField(
        label=_("Uw relatie tot de persoon"),
        choices=[("", _("— kies —"))] + [c for c in Relation.choices if c[0] != Relation.ZELF],
        error_messages={
            "required": _("Kies wat u voor de persoon bent, bijvoorbeeld woningcorporatie of thuiszorg."),
            "invalid_choice": _("Kies een relatie uit de lijst."),
        },
    )
    person_phone = text_field(_("Telefoonnummer van de persoon"), PHONE_MAX, autocomplete="off", inputmode="tel")
    lives_alone = forms.ChoiceField(
        label=_("Woont alleen"),
        choices=LIVES_ALONE,
        initial="onbekend",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies ja, nee of weet ik niet.")},
    )
    person_knows = forms.ChoiceField(
        label=_("Weet de persoon dat u dit signaal doorgeeft?"),
        choices=PersonKnows.choices,
        widget=forms.RadioSelect,
        help_text=_("Het meldpunt neemt contact op met de persoon. Dan is het goed om te weten of die dit verwacht."),
        error_messages={
            "required": _("Kies of de persoon ervan weet en het ermee eens is."),
            "invalid_choice": _("Kies een van de antwoorden."),
        },
    )
    signals = signals_field()
    description = description_field(
        _("Wat heeft u gemerkt?"),
        _("Beschrijf wat u zag of hoorde, in uw eigen woorden. Bijvoorbeeld: de post stapelt zich op."),
    )
    urgency = urgency_field()

    def __init__(self, *args, meldpunten, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_meldpunt(meldpunten)
        self.organisaties = list(organisaties)
        if len(self.organisaties) > 1:
            self.fields["organisatie"].choices = [(o.pk, o.name) for o in self.organisaties]
        else:
            del self.fields["organisatie"]
            if self.organisaties:
                relation = RELATION_FOR_KIND.get(self.organisaties[0].kind)
                if relation:
                    self.fields["reporter_relation"].initial = relation
        self.fields["signals"].help_text = _("Vink aan wat u zag of hoorde. Het zijn signalen, geen diagnose.")

    def get_layout(self):
        return Layout(
            *self._meldpunt_layout(),
            *(["organisatie"] if "organisatie" in self.fields else []),
            Row(Column("reporter_relation", css_class="col-md-6")),
            Fieldset(
                _("Over wie gaat het?"),
                Row(
                    Column("person_name", css_class="col-md-6"),
                    Column("person_address", css_class="col-md-6"),
                    Column("person_postcode", css_class="col-sm-4"),
                    Column("person_birth_year", css_class="col-sm-4"),
                    Column("person_phone", css_class="col-sm-4"),
                ),
                InlineRadios("lives_alone"),
                css_class="mb-3",
                intro=_(
                    "Vul in wat u weet. Alles mag leeg blijven, maar met een naam en adres kan het meldpunt de "
                    "persoon vinden."
                ),
            ),
            "person_knows",
            signals_layout(),
            "description",
            InlineRadios("urgency"),
            acuut_layout(),
        )

    def clean_lives_alone(self):
        return {"ja": True, "nee": False}.get(self.cleaned_data["lives_alone"])

    def clean(self):
        cleaned = super().clean()
        self._clean_meldpunt(cleaned)
        if len(self.organisaties) == 1:
            cleaned["organisatie"] = self.organisaties[0]
        elif len(self.organisaties) > 1 and cleaned.get("organisatie") is not None:
            cleaned["organisatie"] = next(o for o in self.organisaties if o.pk == cleaned["organisatie"])
        else:
            cleaned["organisatie"] = None
        if not (cleaned.get("description") or cleaned.get("signals")) and "description" not in self.errors:
            self.add_error("description", _("Schrijf kort wat u heeft gemerkt, of vink een signaal aan."))
        return cleaned

    def signal_data(self, user) -> SignalData:
        data = self.cleaned_data
        return SignalData(
            channel=Channel.PARTNER,
            reporter_relation=data["reporter_relation"],
            reporter_name=user.full_name,
            reporter_contact=user.email,
            reporter_organisation=data["organisatie"],
            signals=data["signals"],
            description=data["description"],
            urgency=data["urgency"],
            person=self.person(),
            person_knows=data["person_knows"],
        )


# --- Public web form -------------------------------------------------------------------------------------------

ABOUT_SELF, ABOUT_OTHER = "mezelf", "iemand_anders"
YES, NO = "ja", "nee"
HONEYPOT = "website"
OPENED = "geopend"


PUBLIC_FIELDSET = "mb-4 border rounded p-3"
PUBLIC_LEGEND = "fs-4 fw-bold float-none w-auto px-2"


class WebformForm(MeldpuntChoiceMixin, PersonFieldsForm):
    """The public web form. Pass `meldpunten` (at least one). A bound form says why it may be spam in
    `suspicions()` (meldpunt/spam.py); it is valid all the same."""

    meldpunt_label = _("In welke gemeente woont de persoon?")

    # Large type; most fields may stay empty, so those say so. Like the whole site it speaks to the reader as "u".
    large = True
    mark = OPTIONAL
    error_title = _("Er ging iets mis")
    summary_at_top = True

    def meldpunt_choice_label(self, meldpunt) -> str:
        return meldpunt.gemeente.name

    about = forms.ChoiceField(
        label=_("Over wie gaat het?"),
        choices=[(ABOUT_SELF, _("Over mezelf")), (ABOUT_OTHER, _("Over iemand anders"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies of het over uzelf gaat of over iemand anders."),
            "invalid_choice": _("Kies of het over uzelf gaat of over iemand anders."),
        },
    )
    description = description_field(
        _("Wat maakt u zorgen?"),
        _(
            "Vertel in uw eigen woorden wat u ziet of voelt. Bijvoorbeeld: mijn buurman komt bijna nooit meer "
            "buiten. Of: ik praat soms dagen met niemand."
        ),
        required=True,
        required_message=_("Schrijf kort wat u zorgen maakt. Een paar woorden is genoeg."),
    )
    reporter_name = text_field(_("Uw naam"), NAME_MAX, autocomplete="name")
    reporter_contact = text_field(
        _("Uw telefoonnummer of e-mailadres"),
        CONTACT_MAX,
        help_text=_(
            "Dan kan het meldpunt u bellen of mailen om mee te denken. Zonder dit kunnen we u niet terugbellen."
        ),
        autocomplete="on",
    )
    wants_news = forms.ChoiceField(
        label=_("Mag het meldpunt u laten weten dat uw melding is opgepakt?"),
        choices=[(YES, _("Ja, graag")), (NO, _("Nee, dat hoeft niet"))],
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Dat kan als u hierboven uw e-mailadres of telefoonnummer invult. U krijgt dan één e-mail, of het meldpunt "
            "belt u. Er staat niets in over de persoon."
        ),
        error_messages={"invalid_choice": _("Kies ja of nee.")},
    )
    # Hidden from people (see the template); a program that fills in every field fills this one too.
    website = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # The signed moment the form was opened (spam.opened_token); set by the view.
    geopend = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, meldpunten, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_meldpunt(meldpunten)
        for field in self.fields.values():  # large and calm
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select form-select-lg"
            elif isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs["class"] = "form-control form-control-lg"
        self.fields["person_name"].help_text = _("Gaat het over uzelf? Dan mag u dit leeg laten.")
        self.fields["person_address"].help_text = _(
            "Straat, huisnummer en plaats. Weet u het niet precies? Laat het dan leeg."
        )

    def get_layout(self):
        return Layout(
            "about",
            *self._meldpunt_layout(inline=False),
            "description",
            Fieldset(
                _("Over de persoon"),
                "person_name",
                "person_address",
                Row(Column("person_postcode", css_class="col-sm-6"), Column("person_birth_year", css_class="col-sm-6")),
                css_id="over-de-persoon",
                css_class=PUBLIC_FIELDSET,
                legend_class=PUBLIC_LEGEND,
                intro=_("Vul in wat u weet. Dan kan het meldpunt de persoon vinden. U mag alles leeg laten."),
            ),
            Fieldset(
                _("Over u"),
                "reporter_name",
                "reporter_contact",
                "wants_news",
                css_id="over-u",
                css_class=PUBLIC_FIELDSET,
                legend_class=PUBLIC_LEGEND,
                intro=_(
                    "Waarom vragen we dit? Als we u kunnen bereiken, kunnen we vragen stellen en u laten weten wat "
                    "we doen. U mag ook zonder naam melden."
                ),
            ),
            Field(HONEYPOT, template="meldpunt/public/_honeypot.html"),
            OPENED,
        )

    def suspicions(self, now: float | None = None) -> list[str]:
        """Why this report may be spam: the hidden field filled in, or an opening time that is missing, forged,
        too recent or very old. Empty: it looks like a person's."""
        reasons = [spam.timing_reason(self.data.get(self.add_prefix(OPENED), ""), now)]
        if self.data.get(self.add_prefix(HONEYPOT), "").strip():
            reasons.append(spam.honeypot_reason())
        return [reason for reason in reasons if reason]

    def clean(self):
        cleaned = super().clean()
        self._clean_meldpunt(cleaned)
        if cleaned.get("wants_news") == YES and "reporter_contact" not in self.errors:
            contact = cleaned.get("reporter_contact", "").strip()
            if not contact:
                self.add_error(
                    "reporter_contact",
                    _(
                        "Vul uw e-mailadres of telefoonnummer in. Dan kan het meldpunt u laten weten dat uw melding "
                        "is opgepakt. Wilt u dat niet? Kies dan bij de vraag hieronder: nee."
                    ),
                )
            elif not contact_kind(contact):
                self.add_error(
                    "reporter_contact",
                    _("Vul een e-mailadres in, zoals naam@voorbeeld.nl, of een telefoonnummer, zoals 0546 123 456."),
                )
        return cleaned

    def signal_data(self) -> SignalData:
        data = self.cleaned_data
        person = {key: data[key] for key in ("person_name", "person_address", "person_postcode", "person_birth_year")}
        about_self = data["about"] == ABOUT_SELF
        if about_self and not person["person_name"]:
            person["person_name"] = data["reporter_name"]
        return SignalData(
            channel=Channel.WEBFORMULIER,
            reporter_relation=Relation.ZELF if about_self else Relation.ANDERS,
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            description=data["description"],
            person={key: value for key, value in person.items() if value not in ("", None)},
            reporter_wants_news=data["wants_news"] == YES,
        )
