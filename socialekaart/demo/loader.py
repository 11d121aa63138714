"""Puts the demo activities of data.py in the database, idempotently.

`manage.py load_demo` loads them after coalition's gemeenten, wijken and organisations (`load`, registered in
apps.py); `manage.py load_demo_activiteiten` loads them on their own, after `load_demo`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from coalition.demo.loader import DemoDataError, Summary
from coalition.models import Organisatie, User, Wijk
from coalition.queries import wijk_for_postcode

from ..models import Activiteit, Bijeenkomst, Historie, Locatie, Tijdslot, Uitzondering
from ..schedule_text import parse_time, write_date
from ..search import refresh_search_vector
from .data import ACTIVITIES, CONFIRMED_BY_EMAIL, HOLIDAYS, PLACES, ActivityData, event_day, schedule_start

# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------
DAYS = {"ma": 1, "di": 2, "wo": 3, "do": 4, "vr": 5, "za": 6, "zo": 7}


class DemoActivitiesError(Exception):
    """The demo activities do not fit the database (usually: `load_demo` has not run)."""


@dataclass
class Counts:
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, created: bool) -> None:
        target = self.created if created else self.existing
        target[label] = target.get(label, 0) + 1


def _parse_weekly(text: str) -> tuple[int, time, time, str]:
    """'di 10:00-12:00@place' -> (2, 10:00, 12:00, 'place')."""
    text, _at, place = text.partition("@")
    day, hours = text.split()
    starts, ends = hours.split("-")
    return DAYS[day], time.fromisoformat(starts), time.fromisoformat(ends), place


def _cost(activity: ActivityData) -> dict:
    if activity.cost in ("gratis", "op-aanvraag"):
        return {"cost_kind": activity.cost, "cost_amount": None}
    return {"cost_kind": "bedrag", "cost_amount": Decimal(activity.cost)}


@transaction.atomic
def load_demo_activiteiten(*, today: date | None = None) -> Counts:
    """Creates what is missing of PLACES and ACTIVITIES, and brings what exists up to date. Idempotent.

    Activities are matched on slug, places on (organisation, name), recurring times on (activity, day, start),
    exceptions on (activity, first day) and dated events on (activity, start). Every activity is published and
    confirmed as current today.
    """
    today = today or timezone.localdate()
    counts = Counts()
    wanted = {p.organisatie for p in PLACES.values()} | {a.organisatie for a in ACTIVITIES}
    organisaties = {o.name: o for o in Organisatie.objects.filter(name__in=wanted)}
    if missing := sorted(wanted - set(organisaties)):
        raise DemoActivitiesError(f"Organisaties ontbreken (draai eerst manage.py load_demo): {', '.join(missing)}")
    wijken = {f"{w.gemeente.name}/{w.name}": w for w in Wijk.objects.select_related("gemeente")}
    confirmed_by = User.objects.filter(email=CONFIRMED_BY_EMAIL).first()

    places = {}
    for key, place in PLACES.items():
        wijk = wijk_for_postcode(place.postcode)
        if wijk is None:
            raise DemoActivitiesError(f"De postcode {place.postcode} van {place.name} ligt in geen bekende wijk.")
        places[key], created = Locatie.objects.update_or_create(
            organisatie=organisaties[place.organisatie],
            name=place.name,
            defaults={
                "street": place.street,
                "postcode": place.postcode,
                "city": place.city,
                "wijk": wijk,
                "wheelchair_accessible": place.wheelchair,
                "hearing_loop": place.hearing_loop,
            },
        )
        counts.add("locaties", created)

    for data in ACTIVITIES:
        activiteit, created = Activiteit.objects.update_or_create(
            slug=data.slug,
            defaults={
                "organisatie": organisaties[data.organisatie],
                "title": data.title,
                "summary": data.summary,
                "description": data.description,
                "kind": data.kind,
                "target_groups": list(data.target_groups),
                "themes": list(data.themes),
                "evidence": data.evidence,
                "evidence_source": data.evidence_source,
                "cost_note": data.cost_note,
                "transport_available": data.transport,
                "languages": list(data.languages),
                "is_online": data.online,
                "join_method": data.join,
                "contact_phone": data.phone,
                "contact_email": data.email or f"{data.slug[:40]}@omzien.example",
                "website": data.website,
                "status": Activiteit.Status.GEPUBLICEERD,
                "last_confirmed_on": today,
                "last_confirmed_by": confirmed_by,
                **_cost(data),
            },
        )
        counts.add("activiteiten", created)
        if created:
            Historie.objects.create(
                activiteit=activiteit, action=Historie.Action.GEIMPORTEERD, comment="Demodata (load_demo_activiteiten)"
            )
        activiteit.locaties.set([places[key] for key in data.places])
        try:
            activiteit.wijken.set([wijken[name] for name in data.wijken])
        except KeyError as error:
            raise DemoActivitiesError(
                f"Onbekende wijk {error} bij {data.slug}; draai eerst manage.py load_demo."
            ) from None

        default_place = places[data.places[0]] if data.places else None
        for text in data.weekly:
            weekday, starts, ends, place_key = _parse_weekly(text)
            _slot, created = Tijdslot.objects.update_or_create(
                activiteit=activiteit,
                weekday=weekday,
                starts_at=starts,
                defaults={"ends_at": ends, "locatie": places[place_key] if place_key else default_place},
            )
            counts.add("vaste tijden", created)
        for text in data.schedules:
            written = parse_time(text.format(start=write_date(schedule_start(today))))
            _slot, created = Tijdslot.objects.update_or_create(
                activiteit=activiteit,
                weekday=written.weekday,
                starts_at=written.starts_at,
                defaults={
                    "ends_at": written.ends_at,
                    "freq": written.freq,
                    "interval": written.interval,
                    "bysetpos": written.bysetpos,
                    "valid_from": written.valid_from,
                    "until": written.until,
                    "locatie": default_place,
                },
            )
            counts.add("vaste tijden", created)
        for key in data.no_session:
            first, last, reason = HOLIDAYS[key](today)
            _exception, created = Uitzondering.objects.update_or_create(
                activiteit=activiteit, starts_on=first, defaults={"ends_on": last, "reason": reason}
            )
            counts.add("uitzonderingen", created)

        for event in data.events:
            day = event_day(event.when, today)
            if day < today:
                continue  # this month's date has passed: the coming months have their own
            starts_at = timezone.make_aware(datetime.combine(day, time.fromisoformat(event.starts)))
            _event, created = Bijeenkomst.objects.update_or_create(
                activiteit=activiteit,
                starts_at=starts_at,
                defaults={
                    "ends_at": timezone.make_aware(datetime.combine(day, time.fromisoformat(event.ends))),
                    "title": event.title,
                    "locatie": places[event.place] if event.place else default_place,
                    "note": event.note,
                },
            )
            counts.add("bijeenkomsten", created)

        refresh_search_vector(activiteit)
    return counts


def load(summary: Summary, *, demo_mode: bool) -> None:
    """The sociale kaart's part of `manage.py load_demo`: the activities, in demo mode or not, like the organisations.

    Its rows in the summary count what was new and what was there already (as load_demo_activiteiten prints them).
    """
    try:
        counts = load_demo_activiteiten()
    except DemoActivitiesError as error:
        raise DemoDataError(str(error)) from None
    for label in ("activiteiten", "locaties", "vaste tijden", "uitzonderingen", "bijeenkomsten"):
        tally = summary.tally(label)
        tally.created += counts.created.get(label, 0)
        tally.unchanged += counts.existing.get(label, 0)
