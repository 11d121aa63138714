"""The one place that writes a case row: locking, saving with its version and last activity, status changes, the
timeline and the person's fields. Intake, the case file, referrals and privacy all change cases through these, so a
status change always leaves its timeline line and a version bump, and nobody writes the person's fields their own way.

Every function here expects to run inside the caller's transaction (the services are atomic).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import normalise_postcode
from coalition.queries import wijk_for_postcode

from ..choices import EntryKind
from ..models import PERSON_FIELDS, Gebeurtenis, Melding


def lock_case(melding: Melding | int) -> Melding:
    """The case row, locked until the end of the transaction, as it is now in the database."""
    pk = melding if isinstance(melding, int) else melding.pk
    return Melding.objects.select_for_update().get(pk=pk)


def lock_cases(*meldingen: Melding) -> list[Melding]:
    """Several cases, locked in the order of their primary keys (so two opposite merges cannot deadlock), and
    returned in the order they were asked for."""
    locked = {
        m.pk: m for m in Melding.objects.select_for_update().filter(pk__in=[m.pk for m in meldingen]).order_by("pk")
    }
    return [locked[m.pk] for m in meldingen]


def require_open(melding: Melding) -> None:
    if not melding.is_open:
        raise ValidationError(_("Deze melding is gesloten. Heropen hem eerst."), code="closed")


def save_case(melding: Melding, *fields: str, bump: bool = True) -> None:
    """Save these fields of a locked case, with its last activity; `bump` (a change of the case's own data)
    raises its version, so a form opened before it sees that someone else changed the case."""
    melding.last_activity_at = timezone.now()
    update = [*fields, "last_activity_at"]
    if bump:
        melding.version += 1
        update.append("version")
    melding.save(update_fields=update)


def touch(melding: Melding) -> None:
    """Something happened on the case (a contact, a note, a partner's step) without changing its own data."""
    save_case(melding, bump=False)


def timeline_entry(
    melding: Melding | int,
    kind: str,
    by,
    text: str = "",
    *,
    happened_at: datetime | None = None,
    data: dict | None = None,
    corrects: Gebeurtenis | None = None,
) -> Gebeurtenis:
    """Append one line to the case's timeline (never edited afterwards). `by` None: the system did it."""
    return Gebeurtenis.objects.create(
        melding_id=melding if isinstance(melding, int) else melding.pk,
        kind=kind,
        author=by if by is not None and by.is_authenticated else None,
        text=text,
        happened_at=happened_at or timezone.now(),
        data=data or {},
        corrects=corrects,
    )


def set_status(
    melding: Melding,
    status: str,
    by,
    text: str = "",
    *,
    kind: str = EntryKind.STATUS,
    data: dict | None = None,
    extra_fields: tuple[str, ...] = (),
) -> None:
    """Change a locked case's status (and `extra_fields` that change with it), with one timeline line: a STATUS
    line with the old and new status, or for closing, reopening and merging their own `kind` with `data`."""
    old = melding.status
    melding.status = status
    save_case(melding, "status", *extra_fields)
    timeline_entry(melding, kind, by, text, data=data if data is not None else {"from": old, "to": status})


# ---------------------------------------------------------------------------
# The person concerned
# ---------------------------------------------------------------------------
def clean_person(person: dict) -> dict:
    """Only the person fields, with the postcode normalised (a ValidationError in Dutch when it is not one);
    empty values stay empty."""
    person = {key: value for key, value in person.items() if key in PERSON_FIELDS}
    if person.get("person_postcode"):
        person["person_postcode"] = normalise_postcode(person["person_postcode"])
    return person


def wijk_of(postcode: str):
    return wijk_for_postcode(postcode) if postcode else None


def set_person(melding: Melding, person: dict) -> list[str]:
    """Write these person values on the case (the wijk follows the postcode); returns the fields that changed.
    The caller saves."""
    cleaned = clean_person(person)
    changed = [key for key, value in cleaned.items() if getattr(melding, key) != value]
    for key in changed:
        setattr(melding, key, cleaned[key])
    if "person_postcode" in changed:
        melding.wijk = wijk_of(melding.person_postcode)
    return changed


def fill_person_gaps(melding: Melding, person: dict) -> list[str]:
    """Fill in what the case does not know yet about the person from `person`, never overwriting; returns the
    fields it filled. The caller saves."""
    gaps = {
        key: value
        for key, value in clean_person(person).items()
        if value not in ("", None) and getattr(melding, key) in ("", None)
    }
    return set_person(melding, gaps)
