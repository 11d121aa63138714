"""The sociale kaart in the shape of Open Referral HSDS 3.0 (Human Services Data Specification).

Contract: every function here turns our models into plain dicts that validate against the official
HSDS 3.0 JSON Schemas (copies in socialekaart/schemas/, checked in tests/test_socialekaart_api.py).
HSDS allows no `null`: empty fields are left out, never sent as None.

Mapping, in short:
- Activiteit → service (status "active": only public activities are ever serialised);
- Organisatie → organization; Locatie → location with one physical address;
- Activiteit × Locatie → service_at_location;
- Tijdslot → a WEEKLY schedule; Bijeenkomst → a schedule for one date (count 1);
- wijken served → service_areas; ActivityType, TargetGroup and Theme → taxonomies whose terms are
  linked to a service as attributes.

IDs: HSDS wants UUIDs. They are derived from our primary keys with uuid5 (stable, no extra column);
`PkLookup` finds the primary key back for the detail endpoints.
"""

import hashlib
import threading
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import Choices, Model
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language

from coalition.models import Organisatie, written_postcode

from .models import (
    Activiteit,
    ActivityType,
    Bijeenkomst,
    CostKind,
    Evidence,
    JoinMethod,
    Language,
    Locatie,
    TargetGroup,
    Theme,
    Tijdslot,
)

HSDS_VERSION = "3.0"
# We follow the base specification, no profile; its documentation is the "profile" of the / endpoint.
HSDS_PROFILE = "https://docs.openreferral.org/en/v3.0/"
HSDS_OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
HSDS_ATTRIBUTION = "Human Services Data Specification: an Open Referral resource (https://openreferral.org/)"

# Fixed once: changing it changes every published ID.
NAMESPACE = uuid.UUID("0d7c3a52-6f0e-5d1b-9a43-3f1b2c4e7a10")

COUNTRY = "NL"
CURRENCY = "EUR"
# The coalition's gemeenten (Enschede, Hengelo, Twenterand) all lie in Overijssel; HSDS requires a province.
STATE_PROVINCE = "Overijssel"

ICAL_DAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}

# ISO 639-1 where it exists, else ISO 639-3 (Twents: twd, Nederlandse Gebarentaal: dse).
LANGUAGE_CODES = {"nl": "nl", "en": "en", "de": "de", "tr": "tr", "ar": "ar", "pl": "pl", "uk": "uk"}
LANGUAGE_CODES |= {"twents": "twd", "ngt": "dse"}
TARGET_GROUPS, THEMES = frozenset(TargetGroup.values), frozenset(Theme.values)


@lru_cache(maxsize=256)
def _label_map(choices: type[Choices], language: str | None) -> dict[str | int, str]:
    return {value: str(label) for value, label in choices.choices}


def label(choices: type[Choices], value: str | int) -> str:
    """The label of a choice in the active language, as a plain string. A page of services needs thousands:
    one dict per vocabulary and language instead of a lazy translation each. An unknown value is itself."""
    return _label_map(choices, get_language()).get(value, str(value))


@lru_cache(maxsize=100_000)
def hsds_id(kind: str, *keys) -> str:
    """The stable UUID of one of our objects: hsds_id("activiteit", 12). Memoised: a full page needs thousands."""
    return str(uuid.uuid5(NAMESPACE, ":".join([kind, *map(str, keys)])))


# ---------------------------------------------------------------------------
# From a UUID back to a primary key
# ---------------------------------------------------------------------------
def _uuid5_bytes(name: str) -> bytes:
    # uuid.uuid5 without building UUID objects: about three times faster over thousands of keys.
    digest = bytearray(hashlib.sha1(NAMESPACE.bytes + name.encode(), usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return bytes(digest)


class PkLookup:
    """Finds the primary key of a uuid5 ID, hashing every primary key once per process.

    On a miss it hashes the keys it has not seen yet (rows may be added with any key). A key whose row
    was deleted stays in the memo; the caller's query (which also checks that the row is public) then
    finds nothing.
    """

    def __init__(self, kind: str, model: type[Model]):
        self.kind, self.model = kind, model
        self._memo: dict[bytes, int] = {}
        self._seen: set[int] = set()
        self._lock = threading.Lock()

    def __call__(self, value: str) -> int | None:
        try:
            wanted = uuid.UUID(str(value)).bytes
        except ValueError:
            return None
        if wanted in self._memo:
            return self._memo[wanted]
        with self._lock:
            for pk in self.model._default_manager.values_list("pk", flat=True).iterator(chunk_size=5000):
                if pk not in self._seen:
                    self._memo[_uuid5_bytes(f"{self.kind}:{pk}")] = pk
                    self._seen.add(pk)
        return self._memo.get(wanted)


activiteit_pk = PkLookup("activiteit", Activiteit)
organisatie_pk = PkLookup("organisatie", Organisatie)


# ---------------------------------------------------------------------------
# Taxonomies: our vocabularies
# ---------------------------------------------------------------------------
TAXONOMIES = {
    # code: (choices, name, description)
    "soort-activiteit": (ActivityType, "Soort activiteit", "Wat voor activiteit het is (Omzien, sociale kaart)."),
    "voor-wie": (TargetGroup, "Voor wie", "Voor wie de activiteit bedoeld is (Omzien, sociale kaart)."),
    "thema": (Theme, "Thema's en levensgebeurtenissen", "Thema's en levensgebeurtenissen (Omzien, sociale kaart)."),
}


def taxonomy(code: str) -> dict:
    _choices, name, description = TAXONOMIES[code]
    return {"id": hsds_id("taxonomy", code), "name": name, "description": description, "version": "1"}


def taxonomy_term(taxonomy_code: str, term: str) -> dict:
    return dict(_taxonomy_term(taxonomy_code, term, get_language()))


@lru_cache(maxsize=1024)
def _taxonomy_term(taxonomy_code: str, term: str, language: str | None) -> dict:
    choices = TAXONOMIES[taxonomy_code][0]
    name = str(choices(term).label)
    return {
        "id": hsds_id("taxonomy_term", taxonomy_code, term),
        "code": term,
        "name": name,
        "description": f"{TAXONOMIES[taxonomy_code][1]}: {name}",
        "taxonomy": taxonomy_code,
        "taxonomy_id": hsds_id("taxonomy", taxonomy_code),
        "language": "nl",
    }


def all_taxonomy_terms() -> list[dict]:
    return [taxonomy_term(code, term) for code, (choices, *_rest) in TAXONOMIES.items() for term in choices.values]


def taxonomy_term_by_id(value: str) -> tuple[str, str] | None:
    """(taxonomy code, term) of a taxonomy_term ID, or None."""
    value = str(value).lower()
    for code, (choices, *_rest) in TAXONOMIES.items():
        for term in choices.values:
            if hsds_id("taxonomy_term", code, term) == value:
                return code, term
    return None


def _terms_of(activiteit: Activiteit) -> list[tuple[str, str]]:
    terms = [("soort-activiteit", activiteit.kind)]
    terms += [("voor-wie", value) for value in activiteit.target_groups if value in TARGET_GROUPS]
    terms += [("thema", value) for value in activiteit.themes if value in THEMES]
    return terms


# ---------------------------------------------------------------------------
# Small parts
# ---------------------------------------------------------------------------
def _compact(data: dict) -> dict:
    """HSDS has no null: leave empty values out (but keep 0, False and empty lists)."""
    return {key: value for key, value in data.items() if value is not None and value != ""}


def _utc_offset(moment: datetime) -> timedelta:
    offset = moment.utcoffset()
    if offset is None:
        raise ValueError(f"{moment} is naive: only an aware moment has an offset.")
    return offset


def _offset(moment: datetime) -> str:
    """'+02:00' for a moment in the local time zone."""
    minutes = int(_utc_offset(moment).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _local_time(clock: time, on: date) -> tuple[str, float]:
    """'10:00+02:00' and the UTC offset in hours, for a local clock time on a given day."""
    return _local_time_in(clock, on, timezone.get_current_timezone_name())


@lru_cache(maxsize=4096)
def _local_time_in(clock: time, on: date, zone: str) -> tuple[str, float]:
    # Memoised: a page of services has a weekly time per slot, mostly the same few clock times.
    moment = timezone.make_aware(datetime.combine(on, clock))
    return f"{clock:%H:%M}{_offset(moment)}", _utc_offset(moment).total_seconds() / 3600


def organization(organisatie: Organisatie, base_url: str) -> dict:
    """An organization list item (the full organization adds its locations, see organization_full)."""
    description = label(Organisatie.Kind, organisatie.kind).capitalize()
    if organisatie.city:
        description += f" in {organisatie.city}"
    return _compact(
        {
            "id": hsds_id("organisatie", organisatie.pk),
            "name": organisatie.name,
            "description": f"{description}.",
            "email": organisatie.email,
            "website": organisatie.website,
            "uri": base_url + reverse("socialekaart:api_organization", args=[hsds_id("organisatie", organisatie.pk)]),
        }
    )


def organization_full(organisatie: Organisatie, base_url: str, locaties) -> dict:
    data = organization(organisatie, base_url)
    if organisatie.phone:
        data["phones"] = [{"id": hsds_id("organisatie-phone", organisatie.pk), "number": organisatie.phone}]
    data["locations"] = [location(locatie) for locatie in locaties]
    return data


def location(locatie: Locatie) -> dict:
    wijk = locatie.wijk
    address = {
        "id": hsds_id("locatie-address", locatie.pk),
        "location_id": hsds_id("locatie", locatie.pk),
        "address_1": locatie.street,
        "city": locatie.city,
        "region": wijk.gemeente.name if wijk else "",
        "state_province": STATE_PROVINCE,
        "postal_code": written_postcode(locatie.postcode),
        "country": COUNTRY,
        "address_type": "physical",
    }
    accessibility = []
    if locatie.wheelchair_accessible:
        accessibility.append(
            {"id": hsds_id("locatie-rolstoel", locatie.pk), "description": "Toegankelijk met een rolstoel."}
        )
    if locatie.hearing_loop:
        accessibility.append(
            {"id": hsds_id("locatie-ringleiding", locatie.pk), "description": "Er is een ringleiding."}
        )
    data: dict[str, Any] = {
        "id": hsds_id("locatie", locatie.pk),
        "location_type": "physical",
        "organization_id": hsds_id("organisatie", locatie.organisatie_id),
        "name": locatie.name,
        "description": f"Wijk of kern: {wijk.name} ({wijk.gemeente.name})." if wijk else "",
        "addresses": [_compact(address)],
        "accessibility": accessibility,
    }
    if locatie.latitude is not None and locatie.longitude is not None:
        data["latitude"], data["longitude"] = float(locatie.latitude), float(locatie.longitude)
    return _compact(data)


def _weekly_schedule(
    activiteit: Activiteit, slot: Tijdslot, today: date, exceptions: list[tuple[date, date]] | None = None
) -> dict:
    """A recurring time as HSDS/iCal fields: freq, interval, byday ("TU", or "1TU"/"-1FR" monthly), wkst, dtstart
    (the first session, which anchors an interval), valid_from/until. HSDS has no exception dates: they are in
    `notes`, in words."""
    # The offset of the coming week: it changes with summer time, which HSDS times cannot express.
    opens_at, offset = _local_time(slot.starts_at, today)
    closes_at, _offset_hours = _local_time(slot.ends_at, today)
    rule = slot.rule(exceptions or ())
    description = f"{capfirst(slot.how_often)} van {slot.starts_at:%H.%M} tot {slot.ends_at:%H.%M} uur"
    first = rule.next_date(max(today, slot.valid_from) if slot.valid_from else today)
    skipped = [
        f"{start:%d-%m-%Y}" if start == end else f"{start:%d-%m-%Y} t/m {end:%d-%m-%Y}"
        for start, end in rule.exceptions
        if end >= today
    ]
    return _compact(
        {
            "id": hsds_id("tijdslot", slot.pk),
            "service_id": hsds_id("activiteit", activiteit.pk),
            "location_id": hsds_id("locatie", slot.locatie_id) if slot.locatie_id else None,
            "freq": slot.freq,
            "interval": slot.interval if slot.interval > 1 else None,
            "wkst": "MO",
            "byday": rule.byday,
            "dtstart": (rule.first_possible() or first or today).isoformat() if slot.interval > 1 else None,
            "valid_from": slot.valid_from.isoformat() if slot.valid_from else None,
            "valid_to": slot.until.isoformat() if slot.until else None,
            "until": slot.until.isoformat() if slot.until else None,
            "opens_at": opens_at,
            "closes_at": closes_at,
            "timezone": offset,
            "description": f"{description}. {slot.note}".strip() if slot.note else f"{description}.",
            "notes": ("Geen bijeenkomst op: " + "; ".join(skipped) + ".") if skipped else None,
        }
    )


def _dated_schedule(activiteit: Activiteit, event: Bijeenkomst) -> dict:
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    title = event.title or activiteit.title
    return _compact(
        {
            "id": hsds_id("bijeenkomst", event.pk),
            "service_id": hsds_id("activiteit", activiteit.pk),
            "location_id": hsds_id("locatie", event.locatie_id) if event.locatie_id else None,
            "valid_from": starts.date().isoformat(),
            "valid_to": ends.date().isoformat(),
            "dtstart": starts.date().isoformat(),
            "until": ends.date().isoformat(),
            "count": 1,
            "freq": "WEEKLY",
            "byday": ICAL_DAYS[starts.isoweekday()],
            "opens_at": f"{starts:%H:%M}{_offset(starts)}",
            "closes_at": f"{ends:%H:%M}{_offset(ends)}",
            "timezone": _utc_offset(starts).total_seconds() / 3600,
            "description": f"{title}, {starts:%d-%m-%Y} van {starts:%H.%M} tot {ends:%H.%M} uur. {event.note}".strip(),
        }
    )


def _cost_options(activiteit: Activiteit) -> list[dict]:
    option: dict[str, Any] = {
        "id": hsds_id("activiteit-kosten", activiteit.pk),
        "service_id": hsds_id("activiteit", activiteit.pk),
    }
    if activiteit.cost_kind == CostKind.GRATIS:
        option |= {"option": "gratis", "amount": 0, "currency": CURRENCY}
    elif activiteit.cost_kind == CostKind.BEDRAG and activiteit.cost_amount:
        option |= {"option": "bedrag", "amount": float(Decimal(activiteit.cost_amount)), "currency": CURRENCY}
    else:
        option |= {"option": "op aanvraag"}
    option["amount_description"] = activiteit.cost_note
    return [_compact(option)]


def _fees_description(activiteit: Activiteit) -> str:
    if activiteit.cost_kind == CostKind.GRATIS:
        text = "Gratis."
    elif activiteit.cost_kind == CostKind.BEDRAG and activiteit.cost_amount:
        text = f"€ {activiteit.cost_amount:.2f}".replace(".", ",") + "."
    else:
        text = "Kosten op aanvraag."
    return f"{text} {activiteit.cost_note}".strip()


def _application_process(activiteit: Activiteit) -> str:
    text = label(JoinMethod, activiteit.join_method).capitalize() + "."
    if activiteit.transport_available:
        text += " Vervoer is mogelijk."
    return text


def _description(activiteit: Activiteit) -> str:
    return "\n\n".join(part for part in (activiteit.summary, activiteit.description) if part)


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------
def service(activiteit: Activiteit, base_url: str) -> dict:
    """A service list item: its own fields and its organization (needs select_related("organisatie"))."""
    eligibility = ", ".join(label(TargetGroup, value) for value in activiteit.target_groups)
    return _compact(
        {
            "id": hsds_id("activiteit", activiteit.pk),
            "organization_id": hsds_id("organisatie", activiteit.organisatie_id),
            "name": activiteit.title,
            "description": _description(activiteit),
            "url": base_url + activiteit.get_absolute_url(),
            "email": activiteit.contact_email,
            "status": "active",
            "application_process": _application_process(activiteit),
            "fees_description": _fees_description(activiteit),
            "eligibility_description": f"Voor {eligibility}." if eligibility else "",
            "assured_date": activiteit.last_confirmed_on.isoformat() if activiteit.last_confirmed_on else None,
            "last_modified": activiteit.updated_at.isoformat(),
            "organization": organization(activiteit.organisatie, base_url),
        }
    )


@dataclass
class ServiceDetails:
    """What a fully nested service lists besides its own fields, in display order."""

    tijdsloten: list = field(default_factory=list)
    bijeenkomsten: list = field(default_factory=list)  # the coming ones
    exceptions: list = field(default_factory=list)  # the coming ones, as (first, last) dates
    wijken: list = field(default_factory=list)  # with their gemeente
    locaties: list = field(default_factory=list)  # with wijk and gemeente

    @classmethod
    def of(cls, activiteit: Activiteit) -> "ServiceDetails":
        """From the activity's related managers (prefetched by `api.with_service_details`)."""
        return cls(
            tijdsloten=list(activiteit.tijdsloten.all()),
            bijeenkomsten=list(activiteit.bijeenkomsten.all()),
            exceptions=[exception.period for exception in activiteit.uitzonderingen.all()],
            wijken=list(activiteit.wijken.all()),
            locaties=list(activiteit.locaties.all()),
        )


def service_full(
    activiteit: Activiteit, base_url: str, *, today: date | None = None, details: ServiceDetails | None = None
) -> dict:
    """A fully nested service. Without `details`, reads them from the activity's related managers: prefetch
    them (`api.with_service_details`) to stay at a fixed query count."""
    today = today or timezone.localdate()
    details = details or ServiceDetails.of(activiteit)
    pk = activiteit.pk
    data = service(activiteit, base_url)
    if activiteit.contact_phone:
        data["phones"] = [{"id": hsds_id("activiteit-phone", pk), "number": activiteit.contact_phone}]
    if activiteit.contact_name or activiteit.contact_email:
        contact = {"id": hsds_id("activiteit-contact", pk), "service_id": data["id"], "name": activiteit.contact_name}
        contact["email"] = activiteit.contact_email
        data["contacts"] = [_compact(contact)]
    data["schedules"] = [
        _weekly_schedule(activiteit, slot, today, details.exceptions) for slot in details.tijdsloten
    ] + [_dated_schedule(activiteit, event) for event in details.bijeenkomsten]
    data["service_areas"] = [
        _compact(
            {
                "id": hsds_id("service_area", pk, wijk.pk),
                "service_id": data["id"],
                "name": f"{wijk.name} ({wijk.gemeente.name})",
                "description": f"CBS-wijkcode {wijk.cbs_code}" if wijk.cbs_code else "",
            }
        )
        for wijk in details.wijken
    ]
    data["service_at_locations"] = [service_at_location(activiteit, locatie) for locatie in details.locaties]
    if activiteit.is_online:
        data["service_at_locations"].append(
            _compact(
                {
                    "id": hsds_id("service_at_location", pk, "online"),
                    "service_id": data["id"],
                    "location": _compact(
                        {
                            "id": hsds_id("online-locatie", pk),
                            "location_type": "virtual",
                            "name": "Online",
                            "url": activiteit.website,
                        }
                    ),
                }
            )
        )
    data["languages"] = [
        {
            "id": hsds_id("activiteit-taal", pk, code),
            "service_id": data["id"],
            "name": label(Language, code),
            "code": LANGUAGE_CODES[code],
        }
        for code in activiteit.languages
        if code in LANGUAGE_CODES
    ]
    data["cost_options"] = _cost_options(activiteit)
    data["attributes"] = [
        {
            "id": hsds_id("attribute", pk, taxonomy_code, term),
            "link_id": data["id"],
            "link_type": taxonomy_code,
            "link_entity": "service",
            "taxonomy_term_id": hsds_id("taxonomy_term", taxonomy_code, term),
            "taxonomy_term": taxonomy_term(taxonomy_code, term),
            "value": term,
        }
        for taxonomy_code, term in _terms_of(activiteit)
    ]
    if activiteit.evidence != Evidence.ONBEKEND or activiteit.evidence_source:
        data["accreditations"] = (
            f"Onderbouwing: {label(Evidence, activiteit.evidence)}. {activiteit.evidence_source}".strip()
        )
    return data


def service_at_location(activiteit: Activiteit, locatie: Locatie, *, with_service: str | None = None) -> dict:
    data = {
        "id": hsds_id("service_at_location", activiteit.pk, locatie.pk),
        "service_id": hsds_id("activiteit", activiteit.pk),
        "location_id": hsds_id("locatie", locatie.pk),
        "location": location(locatie),
    }
    if with_service is not None:
        data["service"] = service(activiteit, with_service)
    return data
