"""Puts the demo data of coalition/demo/data.py in the database, idempotently, and then the apps' demo data.

Every row is matched on its natural key (a gemeente's CBS code, a wijk's gemeente and name, an
organisation's name, ...), so a second run updates what changed and creates nothing twice. Tables
with a unique natural key are written with one upsert each (INSERT ... ON CONFLICT DO UPDATE).
After coalition's own data come the demo loaders the apps registered (coalition.registry.add_demo_loader),
in their order, in the same transaction and with the same Summary.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition import registry
from coalition.models import (
    SECOND_FACTOR_ROLES,
    Contactpersoon,
    Gemeente,
    Organisatie,
    PostcodeGebied,
    User,
    Werkgroep,
    Wijk,
)

from . import data

M = TypeVar("M", bound=models.Model)


class DemoDataError(Exception):
    """The demo data does not fit the database (for instance a postcode area someone else already has)."""


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class Summary:
    tallies: dict[str, Tally] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def tally(self, label: str) -> Tally:
        return self.tallies.setdefault(label, Tally())


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _field(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a concrete field.")
    return field


def _upsert(model: type[M], rows: list[dict[str, Any]], key: tuple[str, ...], tally: Tally) -> dict[tuple[Any, ...], M]:
    """Creates or updates `rows` (field values; relations as objects) matched on `key`, in one statement.

    Returns the saved objects by key. Counts what was new, what changed and what was already so.
    """
    fields = [_field(model, name) for name in rows[0]]
    value_fields = [f for f in fields if f.name not in key]
    manager = model._default_manager

    def attvalues(row: dict[str, Any]) -> dict[str, Any]:
        return {f.attname: (row[f.name].pk if f.is_relation else row[f.name]) for f in fields}

    def key_of(values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(values[_field(model, name).attname] for name in key)

    wanted = {key_of(values): values for values in map(attvalues, rows)}
    first = _field(model, key[0]).attname
    existing = {key_of(vars(obj)): obj for obj in manager.filter(**{f"{first}__in": {k[0] for k in wanted}})}
    to_write = []
    for row_key, values in wanted.items():
        current = existing.get(row_key)
        if current is None:
            tally.created += 1
        elif any(getattr(current, f.attname) != values[f.attname] for f in value_fields):
            tally.updated += 1
        else:
            tally.unchanged += 1
            continue
        to_write.append(model(**values))
    if to_write:
        manager.bulk_create(
            to_write,
            update_conflicts=bool(value_fields),
            ignore_conflicts=not value_fields,
            unique_fields=list(key),
            update_fields=[f.name for f in value_fields] or None,
        )
    saved = {key_of(vars(obj)): obj for obj in manager.filter(**{f"{first}__in": {k[0] for k in wanted}})}
    return {row_key: saved[row_key] for row_key in wanted}


def _set_m2m(
    through: type[models.Model],
    owner_field: str,
    target_field: str,
    pairs: set[tuple[int, int]],
    owners: Iterable[models.Model],
) -> tuple[int, int]:
    """Makes the many-to-many rows of `owners` exactly `pairs` (owner id, target id): adds and removes."""
    manager = through._default_manager
    owner_ids = [owner.pk for owner in owners]
    current = set(
        manager.filter(**{f"{owner_field}_id__in": owner_ids}).values_list(f"{owner_field}_id", f"{target_field}_id")
    )
    missing = pairs - current
    if missing:
        manager.bulk_create(
            [through(**{f"{owner_field}_id": o, f"{target_field}_id": t}) for o, t in missing], ignore_conflicts=True
        )
    for owner_id, target_id in current - pairs:
        manager.filter(**{f"{owner_field}_id": owner_id, f"{target_field}_id": target_id}).delete()
    return len(missing), len(current - pairs)


@transaction.atomic
def load_demo(*, demo_mode: bool) -> Summary:
    summary = Summary()

    # Gemeenten, by CBS code.
    gemeenten_by_code = _upsert(
        Gemeente,
        [{"cbs_code": code, "name": name} for name, code in data.GEMEENTEN.items()],
        key=("cbs_code",),
        tally=summary.tally("gemeenten"),
    )
    gemeenten = {gemeente.name: gemeente for gemeente in gemeenten_by_code.values()}

    # Wijken and kernen, by gemeente and name.
    wijken_by_key = _upsert(
        Wijk,
        [
            {"gemeente": gemeenten[w.gemeente], "name": w.name, "kind": w.kind, "cbs_code": w.cbs_code}
            for w in data.WIJKEN
        ],
        key=("gemeente", "name"),
        tally=summary.tally("wijken en kernen"),
    )
    wijken = {(w.gemeente, w.name): wijken_by_key[(gemeenten[w.gemeente].pk, w.name)] for w in data.WIJKEN}

    # Postcode areas, by their first postcode (they never overlap, so that identifies them).
    tally = summary.tally("postcodegebieden")
    for w in data.WIJKEN:
        for first, last in w.postcodes:
            gebied, created = PostcodeGebied.objects.get_or_create(
                postcode_from=f"{first}AA",
                defaults={"wijk": wijken[(w.gemeente, w.name)], "postcode_to": f"{last}ZZ"},
            )
            if created:
                tally.created += 1
            elif gebied.wijk_id != wijken[(w.gemeente, w.name)].pk or gebied.postcode_to != f"{last}ZZ":
                gebied.wijk = wijken[(w.gemeente, w.name)]
                gebied.postcode_to = f"{last}ZZ"
                gebied.save(update_fields=["wijk", "postcode_to"])
                tally.updated += 1
            else:
                tally.unchanged += 1
            try:
                gebied.clean()  # no overlap with areas that were already there
            except ValidationError as error:
                raise DemoDataError(f"{gebied}: {' '.join(error.messages)}") from None

    # Organisations, by name, with their gemeenten.
    organisaties = {
        key[0]: obj
        for key, obj in _upsert(
            Organisatie,
            [
                {
                    "name": o.name,
                    "kind": o.kind,
                    "member_since": _date(o.member_since),
                    "convenant_signed_on": _date(o.convenant_signed_on),
                    "yearly_contribution": Decimal(o.yearly_contribution) if o.yearly_contribution else None,
                    "website": o.website,
                    "phone": o.phone,
                }
                for o in data.ORGANISATIES
            ],
            key=("name",),
            tally=summary.tally("organisaties"),
        ).items()
    }
    _set_m2m(
        Organisatie.gemeenten.through,
        "organisatie",
        "gemeente",
        {(organisaties[o.name].pk, gemeenten[g].pk) for o in data.ORGANISATIES for g in o.gemeenten},
        organisaties.values(),
    )

    # Contact people, by organisation and name.
    contacts = _upsert(
        Contactpersoon,
        [
            {
                "organisatie": organisaties[c.organisatie],
                "name": c.name,
                "role": c.role,
                "email": c.email,
                "is_primary": c.is_primary,
            }
            for c in data.CONTACTPERSONEN
        ],
        key=("organisatie", "name"),
        tally=summary.tally("contactpersonen"),
    )
    primary_contact = {
        c.organisatie: contacts[(organisaties[c.organisatie].pk, c.name)] for c in data.CONTACTPERSONEN if c.is_primary
    }

    # Werkgroepen, by gemeente and name, with their members.
    werkgroepen = _upsert(
        Werkgroep,
        [{"gemeente": gemeenten[w.gemeente], "name": w.name, "purpose": w.purpose} for w in data.WERKGROEPEN],
        key=("gemeente", "name"),
        tally=summary.tally("werkgroepen"),
    )
    _set_m2m(
        Werkgroep.members.through,
        "werkgroep",
        "contactpersoon",
        {
            (werkgroepen[(gemeenten[w.gemeente].pk, w.name)].pk, primary_contact[name].pk)
            for w in data.WERKGROEPEN
            for name in w.organisaties
        },
        werkgroepen.values(),
    )

    _load_users(summary, organisaties, demo_mode=demo_mode)

    for loader in registry.demo_loaders():
        loader.load(summary, demo_mode=demo_mode)
    return summary


def _load_users(summary: Summary, organisaties: dict, *, demo_mode: bool) -> None:
    tally = summary.tally("gebruikers")
    # One hash for all: hashing is slow on purpose, and this password is public anyway.
    password = make_password(data.DEMO_PASSWORD) if demo_mode else None
    devices: Counter[str] = Counter()
    for u in data.USERS:
        user = User.objects.filter(email__iexact=u.email).first()
        if user is None:
            user = User(email=u.email, full_name=u.full_name, role=u.role)
            tally.created += 1
        elif (user.full_name, user.role) != (u.full_name, u.role):
            user.full_name, user.role = u.full_name, u.role
            tally.updated += 1
        else:
            tally.unchanged += 1
        if password is not None:
            user.password = password
        else:
            # Outside demo mode a known password would be a way in for anyone who read this code.
            user.set_unusable_password()
        user.save()  # User.save() derives is_staff from the role
        user.organisaties.set([organisaties[name] for name in u.organisaties])

        demo_devices = TOTPDevice.objects.filter(user=user, name=data.DEMO_TOTP_DEVICE_NAME)
        if demo_mode and u.role in SECOND_FACTOR_ROLES:
            device = demo_devices.first() or TOTPDevice(user=user, name=data.DEMO_TOTP_DEVICE_NAME)
            device.key = data.DEMO_TOTP_KEY_HEX
            device.confirmed = True
            device.save()
            devices["kept"] += 1
        else:
            # The demo key is public: outside demo mode such a device would be no second factor at all.
            devices["deleted"] += demo_devices.delete()[0]

    if demo_mode:
        summary.notes.append(
            f"Demomodus: alle demogebruikers hebben het wachtwoord '{data.DEMO_PASSWORD}'; "
            f"{devices['kept']} gebruikers met een tweede stap hebben een demo-authenticator. "
            "Zie manage.py demo_logins."
        )
    else:
        summary.notes.append(
            "Geen demomodus: de demogebruikers hebben geen bruikbaar wachtwoord en geen authenticator. "
            "Stel een wachtwoord in met: manage.py changepassword <e-mailadres>"
        )
        if devices["deleted"]:
            summary.notes.append(f"{devices['deleted']} demo-authenticator(s) met de openbare demosleutel verwijderd.")
