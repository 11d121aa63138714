"""Import and export of activities (django-import-export 4), with the Dutch headers of earlier inventories.

The spreadsheets of the old sociale kaarten ("Helpende Handen", the Wijkwijzer, the Informatiewijzer)
come in with one activity per row. Organisations are matched by name (without regard to capitals) and
must exist; labels may be written as the value ("een-op-een") or in Dutch ("één-op-één", "maatje").
Widgets and the strict, Dutch error handling are those of coalition.resources; the admin
(socialekaart.admin) saves nothing while any row is wrong.

Rows are matched on organisation + title, so importing the same file twice updates instead of duplicating.

Where and when are columns too, in the words of socialekaart.schedule_text: "locaties" (a place by its name, or
"name, street, postcode city" to add or correct it; found or made per organisation), "wijken" (names, "name
(gemeente)" or CBS codes), "tijden" ("om de week op dinsdag 10:00-12:00 vanaf 06-01-2026"), "geen bijeenkomst"
("25-12-2026; 01-07-2026 t/m 31-08-2026 (zomervakantie)") and "data", the coming dated events ("12-01-2027
14:00-16:00 in Buurthuis De Bron (Nieuwjaarsborrel)"; past ones are history and stay out of it). A column that is
not in the file leaves that part of the listing as it is; an empty cell empties it. The export writes them the same
way, so an export imports unchanged.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from import_export import fields, widgets

from coalition.models import Organisatie, Wijk, normalise_postcode, written_postcode
from coalition.queries import wijk_for_postcode
from coalition.resources import (
    LIST_SEPARATOR,
    ChoiceWidget,
    DutchDecimalWidget,
    DutchModelResource,
    EmailWidget,
    NaturalKeyInstanceLoader,
    TextWidget,
    WebsiteWidget,
    _text,
)

from . import schedule_text
from .models import (
    Activiteit,
    ActivityType,
    Bijeenkomst,
    CostKind,
    Historie,
    JoinMethod,
    Locatie,
    TargetGroup,
    Theme,
    Tijdslot,
    Uitzondering,
)
from .schedule_text import WrittenEvent, WrittenException, WrittenTime
from .search import refresh_search_vector
from .services.listing_data import unique_slug


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------
class AliasChoiceWidget(ChoiceWidget):
    """ChoiceWidget that also knows the words people use in spreadsheets ('maatje', 'vrije inloop')."""

    def __init__(self, choices, noun: str, aliases: Mapping[str, str] | None = None, **kwargs):
        self.aliases = aliases or {}
        super().__init__(choices, noun, **kwargs)

    def _lookup(self) -> dict[str, str]:
        table = super()._lookup()
        for alias, value in self.aliases.items():
            table.setdefault(alias, value)
        return table


class ChoiceListWidget(widgets.Widget):
    """Several choices in one cell, separated by semicolons: 'ouderen; mantelzorgers'. Written as values."""

    def __init__(self, choices, noun: str, aliases: Mapping[str, str] | None = None, **kwargs):
        self.single = AliasChoiceWidget(choices, noun, aliases=aliases)
        self.noun = noun
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        parts = [part.strip() for part in re.split(r"[;\n]", _text(value)) if part.strip()]
        found, unknown = [], []
        for part in parts:
            try:
                choice = self.single.clean(part)
            except ValueError:
                unknown.append(part)
            else:
                if choice not in found:
                    found.append(choice)
        if unknown:
            listed = ", ".join(f"'{part}'" for part in unknown)
            raise ValueError(f"Onbekende {self.noun}: {listed}. Kies uit: {', '.join(self.choices.values)}.")
        return found

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(value or [])


class OrganisatieWidget(widgets.ForeignKeyWidget):
    """An organisation by its name, without regard to capitals or surrounding spaces; written as its name."""

    def __init__(self, **kwargs):
        super().__init__(Organisatie, field="name", **kwargs)

    def _by_name(self) -> dict[str, Organisatie]:
        # One query per import, not one per row.
        if not hasattr(self, "_cache"):
            self._cache = {organisatie.name.strip().lower(): organisatie for organisatie in Organisatie.objects.all()}
        return self._cache

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError("Vul de organisatie in.")
        try:
            return self._by_name()[text.lower()]
        except KeyError:
            raise ValueError(
                f"Onbekende organisatie: '{text}'. Voeg de organisatie eerst toe onder Organisaties, "
                "of schrijf de naam zoals daar."
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class AmountWidget(DutchDecimalWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            if "negatief" in str(error):
                raise ValueError(f"Een bedrag kan niet negatief zijn: '{_text(value)}'.") from None
            raise


KIND_ALIASES = {
    "één-op-één": ActivityType.EEN_OP_EEN,
    "een op een": ActivityType.EEN_OP_EEN,
    "maatje": ActivityType.EEN_OP_EEN,
    "huisbezoek": ActivityType.EEN_OP_EEN,
    "groepsactiviteit": ActivityType.ONTMOETING,
    "gespreksgroep": ActivityType.CURSUS,
    "training": ActivityType.CURSUS,
    "luisterlijn": ActivityType.BELLIJN,
    "bel- of luisterlijn": ActivityType.BELLIJN,
    "informatie": ActivityType.INFORMATIE,
    "advies": ActivityType.INFORMATIE,
}
TARGET_GROUP_ALIASES = {
    "75+": TargetGroup.PLUS75,
    "75-plus": TargetGroup.PLUS75,
    "jongeren": TargetGroup.JONGEREN,
    "lhbti": TargetGroup.LHBTI,
    "iedereen": TargetGroup.IEDEREEN,
}
JOIN_ALIASES = {
    "vrije inloop": JoinMethod.VRIJE_INLOOP,
    "inloop": JoinMethod.VRIJE_INLOOP,
    "aanmelden vooraf": JoinMethod.AANMELDEN,
    "aanmelden": JoinMethod.AANMELDEN,
}
COST_ALIASES = {"bedrag": CostKind.BEDRAG, "op aanvraag": CostKind.OP_AANVRAAG}


# ---------------------------------------------------------------------------
# Where and when: places, wijken, times and exceptions in words
# ---------------------------------------------------------------------------
PLACE_EXAMPLE = "'Buurthuis De Bron, Hoofdstraat 1, 7671 AB Vriezenveen'"
POSTCODE_AND_CITY = re.compile(r"^([1-9][0-9]{3}\s?[A-Za-z]{2})\s+(\S.*)$")
WIJK_IN_GEMEENTE = re.compile(r"^(?P<name>.+?)\s*\((?P<gemeente>[^()]+)\)$")
PLACES_COLUMN, WIJKEN_COLUMN, TIMES_COLUMN, EXCEPTIONS_COLUMN = "locaties", "wijken", "tijden", "geen bijeenkomst"
DATES_COLUMN = "data"  # the coming dated events (Bijeenkomst)


@dataclass
class PlannedPlace:
    """A place of the row: an existing one (perhaps with a corrected address) or one to make."""

    name: str
    street: str
    postcode: str
    city: str
    existing: Locatie | None = None

    @property
    def changes_address(self) -> bool:
        return self.existing is not None and (self.street, self.postcode, self.city) != (
            self.existing.street,
            self.existing.postcode,
            self.existing.city,
        )


def write_place(name: str, street: str, postcode: str, city: str) -> str:
    return f"{name}, {street}, {written_postcode(postcode)} {city}"


def _place(text: str, known: dict[str, Locatie]) -> PlannedPlace:
    """'Naam' (an existing place of the organisation) or 'Naam, straat en huisnummer, postcode plaats'."""
    parts = [part.strip() for part in text.split(",")]
    address = POSTCODE_AND_CITY.match(parts[-1]) if len(parts) >= 3 else None  # noqa: PLR2004 -- name, street, pc
    if address is None:
        existing = known.get(text.lower())
        if existing is None:
            raise ValueError(
                f"Onbekende locatie: '{text}'. Schrijf een nieuwe locatie met adres: naam, straat en huisnummer, "
                f"postcode en plaats, zoals {PLACE_EXAMPLE}."
            )
        return PlannedPlace(existing.name, existing.street, existing.postcode, existing.city, existing)
    name, street = ", ".join(parts[:-2]), parts[-2]
    try:
        postcode = normalise_postcode(address.group(1))
    except ValidationError:
        raise ValueError(f"Postcode niet herkend in '{text}'. Vul een postcode in als 1234 AB.") from None
    city = address.group(2).strip()
    for value, limit, what in ((name, 200, "naam"), (street, 200, "straat"), (city, 100, "plaats")):
        if not value or len(value) > limit:
            raise ValueError(f"Vul bij de locatie '{text}' een {what} in van hooguit {limit} tekens.")
    return PlannedPlace(name, street, postcode, city, known.get(name.lower()))


class WrittenField(fields.Field):
    """A where-and-when column: no attribute of the activity, written by the resource (also in the preview)."""

    write = None

    def export(self, instance, **kwargs):
        return self.write(instance) if self.write is not None else ""


def write_wijk(wijk: Wijk, ambiguous: set[str]) -> str:
    return f"{wijk.name} ({wijk.gemeente.name})" if wijk.name.lower() in ambiguous else wijk.name


class WhereAndWhen:
    """Reads and writes the four where-and-when columns of one import or export (caches what it looks up)."""

    def __init__(self):
        self._wijken: list[Wijk] | None = None

    # Wijken -----------------------------------------------------------------
    def wijken(self) -> list[Wijk]:
        if self._wijken is None:
            self._wijken = list(Wijk.objects.select_related("gemeente"))
        return self._wijken

    def ambiguous_wijk_names(self) -> set[str]:
        names = [wijk.name.lower() for wijk in self.wijken()]
        return {name for name in names if names.count(name) > 1}

    def find_wijk(self, text: str) -> Wijk:
        if re.fullmatch(r"(?i)WK[0-9]{6}", text):
            found = [wijk for wijk in self.wijken() if wijk.cbs_code == text.upper()]
        elif match := WIJK_IN_GEMEENTE.match(text):
            found = [
                wijk
                for wijk in self.wijken()
                if wijk.name.lower() == match["name"].lower()
                and match["gemeente"].strip().lower() in (wijk.gemeente.name.lower(), wijk.gemeente.cbs_code.lower())
            ]
        else:
            found = [wijk for wijk in self.wijken() if wijk.name.lower() == text.lower()]
        if not found:
            raise ValueError(f"Onbekende wijk: '{text}'")
        if len(found) > 1:
            raise ValueError(
                f"De wijk '{text}' bestaat in meer gemeenten; schrijf de gemeente erachter, zoals "
                f"'{found[0].name} ({found[0].gemeente.name})'."
            )
        return found[0]

    def parse_wijken(self, value: str) -> list[Wijk]:
        found, problems = [], []
        for part in schedule_text.split_list(value):
            try:
                wijk = self.find_wijk(part)
            except ValueError as error:
                problems.append(str(error))
            else:
                if wijk not in found:
                    found.append(wijk)
        if problems:
            raise ValueError(". ".join(problems) + ". Schrijf de naam of de CBS-code (WK…) zoals onder Wijken.")
        return found

    def write_wijken(self, wijken) -> str:
        ambiguous = self.ambiguous_wijk_names()
        return "; ".join(sorted(write_wijk(wijk, ambiguous) for wijk in wijken))

    # Places -----------------------------------------------------------------
    @staticmethod
    def parse_places(value: str, organisatie: Organisatie) -> list[PlannedPlace]:
        known = {place.name.lower(): place for place in Locatie.objects.filter(organisatie=organisatie)}
        planned: list[PlannedPlace] = []
        problems = []
        for part in schedule_text.split_list(value):
            try:
                place = _place(part, known)
            except ValueError as error:
                problems.append(str(error))
            else:
                if place.name.lower() not in {other.name.lower() for other in planned}:
                    planned.append(place)
        if problems:
            raise ValueError(" ".join(problems))
        return planned

    @staticmethod
    def write_places(places) -> str:
        return "; ".join(sorted(write_place(place.name, place.street, place.postcode, place.city) for place in places))

    # Times and exceptions ---------------------------------------------------
    @staticmethod
    def written_times(activiteit: Activiteit) -> list[WrittenTime]:
        return [written_time(slot) for slot in activiteit.tijdsloten.all()]

    @staticmethod
    def written_events(activiteit: Activiteit) -> list[WrittenEvent]:
        """The coming dated events (not ended yet); past ones are history and stay out of the spreadsheet."""
        now = timezone.now()
        return [written_event(event) for event in activiteit.bijeenkomsten.all() if event.ends_at >= now]

    @staticmethod
    def written_exceptions(activiteit: Activiteit) -> list[WrittenException]:
        return [
            WrittenException(exception.starts_on, exception.ends_on, exception.reason)
            for exception in activiteit.uitzonderingen.all()
        ]


def written_time(slot: Tijdslot) -> WrittenTime:
    return WrittenTime(
        weekday=slot.weekday,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        freq=slot.freq,
        interval=slot.interval,
        bysetpos=slot.bysetpos,
        valid_from=slot.valid_from,
        until=slot.until,
        place=slot.locatie.name if slot.locatie is not None else "",
    )


def written_event(event: Bijeenkomst) -> WrittenEvent:
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    place = event.locatie.name if event.locatie is not None else ""
    return WrittenEvent(starts.date(), starts.time(), ends.time(), place, event.title)


def _event_key(written: WrittenEvent) -> tuple:
    return (written.day, written.starts_at, written.ends_at, written.place.lower(), written.title)


def _time_key(written: WrittenTime) -> tuple:
    return (written.weekday, written.starts_at, written.ends_at, written.freq, written.interval, written.bysetpos,
            written.valid_from, written.until, written.place.lower())  # fmt: skip


def _save_places(activiteit: Activiteit, planned: list[PlannedPlace]) -> None:
    places = []
    for place in planned:
        if place.existing is None:
            place.existing = Locatie.objects.create(
                organisatie=activiteit.organisatie,
                name=place.name,
                street=place.street,
                postcode=place.postcode,
                city=place.city,
                wijk=wijk_for_postcode(place.postcode),
            )
        elif place.changes_address:
            place.existing.street, place.existing.city = place.street, place.city
            if place.existing.postcode != place.postcode:
                place.existing.postcode, place.existing.wijk = place.postcode, wijk_for_postcode(place.postcode)
            place.existing.save(update_fields=["street", "postcode", "city", "wijk"])
        places.append(place.existing)
    activiteit.locaties.set(places)


def _save_times(activiteit: Activiteit, times: list[WrittenTime]) -> None:
    """The activity's times become those of the cell; a time that stays keeps its note."""
    places = {place.name.lower(): place for place in Locatie.objects.filter(organisatie=activiteit.organisatie)}
    wanted = {_time_key(written): written for written in times}
    for slot in activiteit.tijdsloten.select_related("locatie"):
        key = _time_key(written_time(slot))
        if key in wanted:
            del wanted[key]
        else:
            slot.delete()
    for written in wanted.values():
        Tijdslot.objects.create(
            activiteit=activiteit,
            weekday=written.weekday,
            starts_at=written.starts_at,
            ends_at=written.ends_at,
            freq=written.freq,
            interval=written.interval,
            bysetpos=written.bysetpos,
            valid_from=written.valid_from,
            until=written.until,
            locatie=places.get(written.place.lower()) if written.place else None,
        )


def _save_events(activiteit: Activiteit, events: list[WrittenEvent]) -> None:
    """The activity's coming dated events become those of the cell (one that stays keeps its note); past ones stay."""
    places = {place.name.lower(): place for place in Locatie.objects.filter(organisatie=activiteit.organisatie)}
    wanted = {_event_key(written): written for written in events}
    coming = activiteit.bijeenkomsten.filter(ends_at__gte=timezone.now()).select_related("locatie")
    for event in coming:
        key = _event_key(written_event(event))
        if key in wanted:
            del wanted[key]
        else:
            event.delete()
    zone = timezone.get_current_timezone()
    Bijeenkomst.objects.bulk_create(
        Bijeenkomst(
            activiteit=activiteit,
            starts_at=datetime.combine(written.day, written.starts_at, tzinfo=zone),
            ends_at=datetime.combine(written.day, written.ends_at, tzinfo=zone),
            locatie=places.get(written.place.lower()) if written.place else None,
            title=written.title,
        )
        for written in wanted.values()
    )


def _save_exceptions(activiteit: Activiteit, exceptions: list[WrittenException]) -> None:
    wanted = {(written.starts_on, written.ends_on, written.reason): written for written in exceptions}
    for exception in activiteit.uitzonderingen.all():
        key = (exception.starts_on, exception.ends_on, exception.reason)
        if key in wanted:
            del wanted[key]
        else:
            exception.delete()
    Uitzondering.objects.bulk_create(
        Uitzondering(activiteit=activiteit, starts_on=written.starts_on, ends_on=written.ends_on, reason=written.reason)
        for written in wanted.values()
    )


def _coming_events(text: str) -> list[WrittenEvent]:
    """The dated events of a cell, which must not have ended yet: the spreadsheet holds the coming ones only."""
    events = schedule_text.parse_events(text)
    now = timezone.localtime()
    past = [event for event in events if datetime.combine(event.day, event.ends_at, tzinfo=now.tzinfo) < now]
    if past:
        written = "; ".join(schedule_text.write_event(event) for event in past)
        raise ValueError(f"Deze bijeenkomsten zijn al voorbij: {written}. Zet alleen komende bijeenkomsten in 'data'.")
    return events


def _place_names(organisatie: Organisatie, planned_places: list[PlannedPlace] | None) -> set[str]:
    """The names the times and dates may refer to: the row's places, else the organisation's."""
    if planned_places is not None:
        return {place.name.lower() for place in planned_places}
    return {name.lower() for name in Locatie.objects.filter(organisatie=organisatie).values_list("name", flat=True)}


# ---------------------------------------------------------------------------
# The resource
# ---------------------------------------------------------------------------
class ActiviteitResource(DutchModelResource):
    title = fields.Field(attribute="title", column_name="titel", widget=TextWidget())
    organisatie = fields.Field(attribute="organisatie", column_name="organisatie", widget=OrganisatieWidget())
    summary = fields.Field(attribute="summary", column_name="samenvatting", widget=TextWidget())
    description = fields.Field(attribute="description", column_name="beschrijving", widget=TextWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="soort",
        widget=AliasChoiceWidget(ActivityType, noun="soort activiteit", aliases=KIND_ALIASES),
    )
    target_groups = fields.Field(
        attribute="target_groups",
        column_name="voor wie",
        widget=ChoiceListWidget(TargetGroup, noun="doelgroep", aliases=TARGET_GROUP_ALIASES),
    )
    themes = fields.Field(attribute="themes", column_name="thema's", widget=ChoiceListWidget(Theme, noun="thema"))
    cost_kind = fields.Field(
        attribute="cost_kind",
        column_name="kosten",
        widget=AliasChoiceWidget(CostKind, noun="soort kosten", aliases=COST_ALIASES, default=CostKind.GRATIS),
    )
    cost_amount = fields.Field(attribute="cost_amount", column_name="bedrag", widget=AmountWidget())
    join_method = fields.Field(
        attribute="join_method",
        column_name="meedoen",
        widget=AliasChoiceWidget(
            JoinMethod, noun="manier van meedoen", aliases=JOIN_ALIASES, default=JoinMethod.VRIJE_INLOOP
        ),
    )
    contact_name = fields.Field(attribute="contact_name", column_name="contactpersoon", widget=TextWidget())
    contact_phone = fields.Field(attribute="contact_phone", column_name="telefoon", widget=TextWidget())
    contact_email = fields.Field(attribute="contact_email", column_name="e-mail", widget=EmailWidget())
    website = fields.Field(attribute="website", column_name="website", widget=WebsiteWidget())
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=AliasChoiceWidget(Activiteit.Status, noun="status", default=Activiteit.Status.CONCEPT),
    )
    # Where and when: read and written by WhereAndWhen, saved after the activity (after_save_instance).
    places = WrittenField(column_name=PLACES_COLUMN)
    wijken_list = WrittenField(column_name=WIJKEN_COLUMN)
    times = WrittenField(column_name=TIMES_COLUMN)
    exceptions = WrittenField(column_name=EXCEPTIONS_COLUMN)
    dates = WrittenField(column_name=DATES_COLUMN)

    class Meta:
        model = Activiteit
        fields = (
            "title",
            "organisatie",
            "summary",
            "description",
            "kind",
            "target_groups",
            "themes",
            "cost_kind",
            "cost_amount",
            "join_method",
            "contact_name",
            "contact_phone",
            "contact_email",
            "website",
            "status",
            "places",
            "wijken_list",
            "times",
            "exceptions",
            "dates",
        )
        export_order = fields
        import_id_fields = ("organisatie", "title")
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Activiteit.objects.select_related("organisatie").order_by("organisatie__name", "title")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.where_and_when = WhereAndWhen()
        # The preview's comparison asks the fields themselves, not the dehydrate_ methods.
        for name in ("places", "wijken_list", "times", "exceptions", "dates"):
            self.fields[name].write = getattr(self, f"dehydrate_{name}")

    def filter_export(self, queryset, **kwargs):
        # The admin hands over its (filtered) changelist queryset: the organisation's name in the same query, the
        # places, wijken, times and exceptions in one query each.
        return queryset.select_related("organisatie").prefetch_related(
            "locaties",
            "wijken__gemeente",
            Prefetch("tijdsloten", queryset=Tijdslot.objects.select_related("locatie")),
            "uitzonderingen",
            Prefetch(
                "bijeenkomsten",
                queryset=Bijeenkomst.objects.filter(ends_at__gte=timezone.now()).select_related("locatie"),
            ),
        )

    def dehydrate_places(self, activiteit):
        return self.where_and_when.write_places(activiteit.locaties.all()) if activiteit.pk else ""

    def dehydrate_wijken_list(self, activiteit):
        return self.where_and_when.write_wijken(activiteit.wijken.all()) if activiteit.pk else ""

    def dehydrate_times(self, activiteit):
        return schedule_text.write_times(WhereAndWhen.written_times(activiteit)) if activiteit.pk else ""

    def dehydrate_exceptions(self, activiteit):
        return schedule_text.write_exceptions(WhereAndWhen.written_exceptions(activiteit)) if activiteit.pk else ""

    def dehydrate_dates(self, activiteit):
        return schedule_text.write_events(WhereAndWhen.written_events(activiteit)) if activiteit.pk else ""

    @classmethod
    def get_display_name(cls):
        return "Activiteiten"

    def import_instance(self, instance, row, **kwargs):
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        finally:
            self._complete(instance, row, user=kwargs.get("user"))
        errors.update(self._read_where_and_when(instance, row))
        if errors:
            raise ValidationError(errors)

    def _read_where_and_when(self, instance: Activiteit, row) -> dict[str, list[ValidationError]]:
        """Reads the where-and-when columns that are in the file into instance._planned (saved after the activity);
        returns their errors by column."""
        planned: dict[str, list] = {}
        errors: dict[str, list[ValidationError]] = {}

        def read(column: str, parse) -> None:
            if column in row:
                try:
                    planned[column] = parse(_text(row[column]))
                except ValueError as error:
                    errors[column] = [ValidationError(str(error), code="invalid")]

        organisatie = instance.organisatie if instance.organisatie_id else None
        if organisatie is not None:
            read(PLACES_COLUMN, lambda text: WhereAndWhen.parse_places(text, organisatie))
        read(WIJKEN_COLUMN, self.where_and_when.parse_wijken)
        read(TIMES_COLUMN, schedule_text.parse_times)
        read(EXCEPTIONS_COLUMN, schedule_text.parse_exceptions)
        read(DATES_COLUMN, _coming_events)
        if organisatie is not None:
            names: set[str] | None = None
            for column, what in ((TIMES_COLUMN, "de tijden"), (DATES_COLUMN, "de data")):
                if not planned.get(column):
                    continue
                if names is None:
                    names = _place_names(organisatie, planned.get(PLACES_COLUMN))
                unknown = sorted({t.place for t in planned[column] if t.place and t.place.lower() not in names})
                if unknown:
                    errors[column] = [
                        ValidationError(
                            f"Onbekende locatie bij {what}: {', '.join(repr(name) for name in unknown)}. Zet de "
                            "locatie ook in de kolom 'locaties', of laat 'in …' weg.",
                            code="invalid",
                        )
                    ]
        instance._planned = planned  # type: ignore[attr-defined]
        return errors

    def _planned_text(self, instance: Activiteit) -> dict[str, str]:
        """The where-and-when columns of the file as the export would write them (to see whether a row changes)."""
        planned = getattr(instance, "_planned", {})
        texts = {}
        if PLACES_COLUMN in planned:
            texts[PLACES_COLUMN] = self.where_and_when.write_places(planned[PLACES_COLUMN])
        if WIJKEN_COLUMN in planned:
            texts[WIJKEN_COLUMN] = self.where_and_when.write_wijken(planned[WIJKEN_COLUMN])
        if TIMES_COLUMN in planned:
            texts[TIMES_COLUMN] = "; ".join(sorted(schedule_text.write_time(t) for t in planned[TIMES_COLUMN]))
        if EXCEPTIONS_COLUMN in planned:
            texts[EXCEPTIONS_COLUMN] = schedule_text.write_exceptions(
                sorted(planned[EXCEPTIONS_COLUMN], key=lambda e: (e.starts_on, e.ends_on, e.reason))
            )
        if DATES_COLUMN in planned:
            texts[DATES_COLUMN] = schedule_text.write_events(planned[DATES_COLUMN])
        return texts

    def _current_text(self, activiteit: Activiteit) -> dict[str, str]:
        times = WhereAndWhen.written_times(activiteit)
        return {
            PLACES_COLUMN: self.dehydrate_places(activiteit),
            WIJKEN_COLUMN: self.dehydrate_wijken_list(activiteit),
            TIMES_COLUMN: "; ".join(sorted(schedule_text.write_time(t) for t in times)),
            EXCEPTIONS_COLUMN: self.dehydrate_exceptions(activiteit),
            DATES_COLUMN: self.dehydrate_dates(activiteit),
        }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not super().skip_row(instance, original, row, import_validation_errors):
            return False
        planned = self._planned_text(instance)
        if not planned:
            return True
        if any(place.changes_address for place in getattr(instance, "_planned", {}).get(PLACES_COLUMN, [])):
            return False
        current = self._current_text(original)
        return all(current[column] == text for column, text in planned.items())

    def _complete(self, instance: Activiteit, row, *, user) -> None:
        """What the spreadsheet does not say, filled in before the row is validated."""
        if instance.cost_amount is not None and not _text(row.get("kosten")):
            instance.cost_kind = CostKind.BEDRAG  # an amount without 'kosten' means it costs that amount
        if not instance.slug and instance.title:
            instance.slug = unique_slug(instance.title, exclude_pk=instance.pk)
        if instance.status == Activiteit.Status.GEPUBLICEERD and instance.last_confirmed_on is None:
            # Published by the coördinator who imports it: confirmed as current today.
            instance.last_confirmed_on = timezone.localdate()
            if user is not None and user.is_authenticated:
                instance.last_confirmed_by = user

    def extra_errors(self, instance):
        if instance.cost_kind == CostKind.BEDRAG and instance.cost_amount is None:
            return {"cost_amount": "Vul het bedrag in, of kies bij kosten 'gratis' of 'op aanvraag'."}
        if instance.cost_kind != CostKind.BEDRAG and instance.cost_amount is not None:
            return {"cost_amount": "Een bedrag hoort bij kosten 'bedrag'. Laat het bedrag leeg of pas de kosten aan."}
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        instance._imported_as_new = instance.pk is None

    def after_save_instance(self, instance, row, **kwargs):
        planned = getattr(instance, "_planned", {})
        if PLACES_COLUMN in planned:
            _save_places(instance, planned[PLACES_COLUMN])
        if WIJKEN_COLUMN in planned:
            instance.wijken.set(planned[WIJKEN_COLUMN])
        if TIMES_COLUMN in planned:
            _save_times(instance, planned[TIMES_COLUMN])
        if EXCEPTIONS_COLUMN in planned:
            _save_exceptions(instance, planned[EXCEPTIONS_COLUMN])
        if DATES_COLUMN in planned:
            _save_events(instance, planned[DATES_COLUMN])
        # The search must find imported listings at once; the history says where they came from.
        refresh_search_vector(instance)
        user = kwargs.get("user")
        Historie.objects.create(
            activiteit=instance,
            by=user if user is not None and user.is_authenticated else None,
            action=Historie.Action.GEIMPORTEERD,
            comment=(
                f"Nieuw uit {kwargs.get('file_name') or 'een bestand'}."
                if getattr(instance, "_imported_as_new", False)
                else f"Bijgewerkt uit {kwargs.get('file_name') or 'een bestand'}."
            ),
        )
