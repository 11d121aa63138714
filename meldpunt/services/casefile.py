"""What staff do with a case: contacts and notes, corrections, owner, status, step plan, profile, person data,
follow-up date, closing and reopening, merging a duplicate. Each change is one function in one transaction."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.queries import wijk_for_postcode

from ..choices import CONTACT_KINDS, AuditAction, CloseReason, EntryKind, Status
from ..models import Gebeurtenis, Melding, Stap
from . import audit
from .intake import PERSON_FIELDS, clean_person

PROFILE_FIELDS = ["duration", "coping", "orientation"]
EDITABLE_FIELDS = PERSON_FIELDS + ["urgency"]


class StaleCase(Exception):
    """Someone else saved the case after this form was opened; nothing was saved."""

    def __init__(self, current: Melding):
        super().__init__("stale case")
        self.current = current


def _lock(melding: Melding) -> Melding:
    return Melding.objects.select_for_update().get(pk=melding.pk)


def _entry(melding, kind, by, text="", happened_at=None, data=None, corrects=None) -> Gebeurtenis:
    return Gebeurtenis.objects.create(
        melding=melding,
        kind=kind,
        author=by,
        text=text,
        happened_at=happened_at or timezone.now(),
        data=data or {},
        corrects=corrects,
    )


def _touch(melding: Melding, *, bump=False) -> None:
    melding.last_activity_at = timezone.now()
    fields = ["last_activity_at"]
    if bump:
        melding.version += 1
        fields.append("version")
    melding.save(update_fields=fields)


def _require_open(melding: Melding) -> None:
    if not melding.is_open:
        raise ValidationError(_("Deze melding is gesloten. Heropen hem eerst."), code="closed")


@transaction.atomic
def add_entry(melding: Melding, kind: str, text: str, by, happened_at: datetime | None = None) -> Gebeurtenis:
    """A contact (phone, home visit, conversation) or a note. The first contact starts the handling."""
    if kind not in CONTACT_KINDS + [EntryKind.NOTITIE]:
        raise ValidationError(_("Kies een soort: telefoon, huisbezoek, gesprek of notitie."), code="kind")
    melding = _lock(melding)
    happened_at = happened_at or timezone.now()
    if happened_at > timezone.now():
        raise ValidationError(_("Een contact kan niet in de toekomst liggen."), code="future")
    entry = _entry(melding, kind, by, text=text, happened_at=happened_at)
    if kind in CONTACT_KINDS:
        if melding.first_contact_at is None or happened_at < melding.first_contact_at:
            melding.first_contact_at = happened_at
            melding.save(update_fields=["first_contact_at"])
        if melding.status == Status.NIEUW:
            _set_status(melding, Status.IN_BEHANDELING, by)
    _touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, entry.get_kind_display())
    return entry


@transaction.atomic
def correct_entry(entry: Gebeurtenis, text: str, by) -> Gebeurtenis:
    """A correction is a new line pointing to the old one; the old line stays as it was."""
    if not text.strip():
        raise ValidationError(_("Schrijf wat de correctie is."), code="empty")
    melding = _lock(entry.melding)
    correction = _entry(melding, EntryKind.CORRECTIE, by, text=text, corrects=entry)
    _touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("correctie"))
    return correction


def _set_status(melding: Melding, status: str, by, text: str = "") -> None:
    old = melding.status
    melding.status = status
    melding.version += 1
    melding.save(update_fields=["status", "version"])
    _entry(melding, EntryKind.STATUS, by, text=text, data={"from": old, "to": status})


@transaction.atomic
def change_status(melding: Melding, status: str, by) -> Melding:
    """Between the open statuses; closing and reopening have their own functions."""
    if status not in (Status.NIEUW, Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER):
        raise ValidationError(_("Sluit een melding af met een reden."), code="status")
    melding = _lock(melding)
    _require_open(melding)
    if melding.status != status:
        _set_status(melding, status, by)
        _touch(melding)
        audit.log(by, melding, AuditAction.GEWIJZIGD, _("status"))
    return melding


@transaction.atomic
def assign(melding: Melding, owner, by) -> Melding:
    """Give the case an owner (None: back to the meldpunt's queue). The owner must work for this meldpunt."""
    melding = _lock(melding)
    if owner is not None and not melding.meldpunt.staff.filter(pk=owner.pk).exists():
        raise ValidationError(_("Deze medewerker werkt niet voor dit meldpunt."), code="owner")
    if melding.owner_id != (owner.pk if owner else None):
        melding.owner = owner
        melding.version += 1
        melding.save(update_fields=["owner", "version"])
        _entry(melding, EntryKind.EIGENAAR, by, data={"owner": owner.pk if owner else None})
        _touch(melding)
        audit.log(by, melding, AuditAction.GEWIJZIGD, _("eigenaar"))
    return melding


@transaction.atomic
def update_case(melding: Melding, changes: dict, expected_version: int, by) -> Melding:
    """Change the person's details or the urgency. Refused (StaleCase) when the case changed meanwhile."""
    locked = _lock(melding)
    if locked.version != expected_version:
        raise StaleCase(locked)
    changes = {key: value for key, value in changes.items() if key in EDITABLE_FIELDS}
    changes.update(clean_person({k: v for k, v in changes.items() if k in PERSON_FIELDS}))
    changed = [key for key, value in changes.items() if getattr(locked, key) != value]
    if not changed:
        return locked
    for key in changed:
        setattr(locked, key, changes[key])
    if "person_postcode" in changed:
        locked.wijk = wijk_for_postcode(locked.person_postcode) if locked.person_postcode else None
    locked.version += 1
    locked.last_activity_at = timezone.now()
    locked.save()
    # The timeline names which fields changed, not their values: the case file itself shows those.
    labels = [str(Melding._meta.get_field(key).verbose_name) for key in changed]
    _entry(locked, EntryKind.WIJZIGING, by, text=", ".join(labels), data={"fields": changed})
    audit.log(by, locked, AuditAction.GEWIJZIGD, ", ".join(changed))
    return locked


@transaction.atomic
def plan_follow_up(melding: Melding, on: date | None, by) -> Melding:
    melding = _lock(melding)
    _require_open(melding)
    melding.follow_up_on = on
    melding.version += 1
    melding.save(update_fields=["follow_up_on", "version"])
    text = _("Volgende actie op %(date)s") % {"date": on.strftime("%d-%m-%Y")} if on else _("Geen volgende actie")
    _entry(melding, EntryKind.NOTITIE, by, text=text, data={"follow_up_on": on.isoformat() if on else None})
    _touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("volgende actie"))
    return melding


@transaction.atomic
def record_step(melding: Melding, step: str, answer: str, on: date, note: str, by) -> Stap:
    """A dated answer to a question of Oldengarm's step plan; a later answer replaces it in the overview."""
    melding = _lock(melding)
    if on > timezone.localdate():
        raise ValidationError(_("De datum kan niet in de toekomst liggen."), code="future")
    stap = Stap.objects.create(melding=melding, step=step, answer=answer, on=on, note=note, author=by)
    _entry(
        melding,
        EntryKind.STAP,
        by,
        text=f"{stap.get_step_display()} {stap.get_answer_display()}" + (f" — {note}" if note else ""),
        data={"step": step, "answer": answer, "on": on.isoformat()},
    )
    _touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("stappenplan"))
    return stap


@transaction.atomic
def set_profile(melding: Melding, duration: str, coping: str, orientation: str, by) -> Melding:
    """Machielse's two dimensions (duration; coping and orientation); the profile follows from them."""
    melding = _lock(melding)
    melding.duration, melding.coping, melding.orientation = duration, coping, orientation
    melding.version += 1
    melding.save(update_fields=PROFILE_FIELDS + ["version"])
    profile = melding.profile
    _entry(
        melding,
        EntryKind.PROFIEL,
        by,
        text=str(dict(Melding._meta.get_field("duration").choices).get(duration, "")) if not profile else "",
        data={"duration": duration, "coping": coping, "orientation": orientation, "profile": profile},
    )
    _touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("interventieprofiel"))
    return melding


@transaction.atomic
def close_case(melding: Melding, reason: str, text: str, by) -> Melding:
    """Close with a reason. The case page then offers the end measurement."""
    if reason not in CloseReason.values or reason == CloseReason.SAMENGEVOEGD:
        raise ValidationError(_("Kies een reden om af te sluiten."), code="reason")
    melding = _lock(melding)
    _require_open(melding)
    melding.status = Status.GESLOTEN
    melding.close_reason = reason
    melding.closed_at = timezone.now()
    melding.version += 1
    melding.save(update_fields=["status", "close_reason", "closed_at", "version"])
    _entry(melding, EntryKind.GESLOTEN, by, text=text, data={"reason": reason})
    _touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("gesloten"))
    return melding


@transaction.atomic
def reopen_case(melding: Melding, text: str, by) -> Melding:
    """Reopening is recorded with its reason; the earlier closing stays on the timeline."""
    melding = _lock(melding)
    if melding.is_open:
        raise ValidationError(_("Deze melding is al open."), code="open")
    if melding.merged_into_id or melding.anonymised_at:
        raise ValidationError(_("Deze melding kan niet meer worden heropend."), code="final")
    if not text.strip():
        raise ValidationError(_("Schrijf waarom de melding weer open gaat."), code="empty")
    old_reason = melding.close_reason
    melding.status = Status.IN_BEHANDELING
    melding.close_reason = ""
    melding.closed_at = None
    melding.version += 1
    melding.save(update_fields=["status", "close_reason", "closed_at", "version"])
    _entry(melding, EntryKind.HEROPEND, by, text=text, data={"was": old_reason})
    _touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("heropend"))
    return melding


@transaction.atomic
def merge_into(source: Melding, target: Melding, by) -> Melding:
    """A new case turned out to be about someone with an open case: move its signals there and close it."""
    source, target = _lock(source), _lock(target)
    if source.pk == target.pk or source.meldpunt_id != target.meldpunt_id:
        raise ValidationError(_("Kies een andere melding van hetzelfde meldpunt."), code="target")
    _require_open(source)
    _require_open(target)
    moved = list(source.signalen.values_list("pk", flat=True))
    source.signalen.update(melding=target)
    for key in PERSON_FIELDS:  # fill the gaps of the target, never overwrite
        if getattr(target, key) in ("", None) and getattr(source, key) not in ("", None):
            setattr(target, key, getattr(source, key))
    if target.wijk_id is None:
        target.wijk_id = source.wijk_id
    target.version += 1
    target.last_activity_at = timezone.now()
    target.save()
    source.status = Status.GESLOTEN
    source.close_reason = CloseReason.SAMENGEVOEGD
    source.closed_at = timezone.now()
    source.merged_into = target
    source.version += 1
    source.save()
    _entry(target, EntryKind.SAMENGEVOEGD, by, text=source.number, data={"from": source.number, "signals": moved})
    _entry(source, EntryKind.SAMENGEVOEGD, by, text=target.number, data={"into": target.number})
    audit.log(by, source, AuditAction.GEWIJZIGD, _("samengevoegd met %(n)s") % {"n": target.number})
    audit.log(by, target, AuditAction.GEWIJZIGD, _("signalen van %(n)s toegevoegd") % {"n": source.number})
    return target
