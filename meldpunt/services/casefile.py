"""What staff do with a case: contacts and notes, corrections, owner, status, step plan, profile, person data,
follow-up date, closing and reopening, merging a duplicate. Each change is one function in one transaction."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User, field_label

from ..choices import CONTACT_KINDS, AuditAction, CloseReason, Duration, EntryKind, Status
from ..models import PERSON_FIELDS, Gebeurtenis, Melding, Stap
from . import audit, reporter_news
from .core import fill_person_gaps, lock_case, lock_cases, require_open, save_case, set_person, set_status, touch
from .core import timeline_entry as entry

PROFILE_FIELDS = ["duration", "coping", "orientation"]
EDITABLE_FIELDS = [*PERSON_FIELDS, "urgency"]


class StaleCase(Exception):
    """Someone else saved the case after this form was opened; nothing was saved."""

    def __init__(self, current: Melding):
        super().__init__("stale case")
        self.current = current


@transaction.atomic
def add_entry(
    melding: Melding, kind: str, text: str, by: User | None, happened_at: datetime | None = None
) -> Gebeurtenis:
    """A contact (phone, home visit, conversation) or a note. The first contact starts the handling, and a contact
    tells the reporters who asked for it that the case was picked up (once each: services/reporter_news.py)."""
    if kind not in [*CONTACT_KINDS, EntryKind.NOTITIE]:
        raise ValidationError(_("Kies een soort: telefoon, huisbezoek, gesprek of notitie."), code="kind")
    melding = lock_case(melding)
    happened_at = happened_at or timezone.now()
    if happened_at > timezone.now():
        raise ValidationError(_("Een contact kan niet in de toekomst liggen."), code="future")
    line = entry(melding, kind, by, text, happened_at=happened_at)
    if kind in CONTACT_KINDS:
        if melding.first_contact_at is None or happened_at < melding.first_contact_at:
            melding.first_contact_at = happened_at
            save_case(melding, "first_contact_at", bump=False)
        if melding.status == Status.NIEUW:
            set_status(melding, Status.IN_BEHANDELING, by)
        reporter_news.tell_reporters(melding)
    touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, line.get_kind_display())
    return line


@transaction.atomic
def correct_entry(original: Gebeurtenis, text: str, by: User | None) -> Gebeurtenis:
    """A correction is a new line pointing to the old one; the old line stays as it was."""
    if not text.strip():
        raise ValidationError(_("Schrijf wat de correctie is."), code="empty")
    melding = lock_case(original.melding_id)
    correction = entry(melding, EntryKind.CORRECTIE, by, text, corrects=original)
    touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("correctie"))
    return correction


@transaction.atomic
def change_status(melding: Melding, status: str, by: User | None) -> Melding:
    """Between the open statuses; closing and reopening have their own functions."""
    if status not in (Status.NIEUW, Status.IN_BEHANDELING, Status.WACHT_OP_PARTNER):
        raise ValidationError(_("Sluit een melding af met een reden."), code="status")
    melding = lock_case(melding)
    require_open(melding)
    if melding.status != status:
        set_status(melding, status, by)
        audit.log(by, melding, AuditAction.GEWIJZIGD, _("status"))
    return melding


@transaction.atomic
def assign(melding: Melding, owner: User | None, by: User | None) -> Melding:
    """Give the case an owner (None: back to the meldpunt's queue). The owner must work for this meldpunt."""
    melding = lock_case(melding)
    if owner is not None and not melding.meldpunt.staff.filter(pk=owner.pk).exists():
        raise ValidationError(_("Deze medewerker werkt niet voor dit meldpunt."), code="owner")
    if melding.owner_id != (owner.pk if owner else None):
        melding.owner = owner
        save_case(melding, "owner")
        entry(melding, EntryKind.EIGENAAR, by, data={"owner": owner.pk if owner else None})
        audit.log(by, melding, AuditAction.GEWIJZIGD, _("eigenaar"))
    return melding


@transaction.atomic
def update_case(melding: Melding, changes: dict[str, Any], expected_version: int, by: User | None) -> Melding:
    """Change the person's details or the urgency. Refused (StaleCase) when the case changed meanwhile."""
    locked = lock_case(melding)
    if locked.version != expected_version:
        raise StaleCase(locked)
    changed = set_person(locked, {key: value for key, value in changes.items() if key in PERSON_FIELDS})
    if "urgency" in changes and changes["urgency"] != locked.urgency:
        locked.urgency = changes["urgency"]
        changed.append("urgency")
    if not changed:
        return locked
    save_case(locked, *changed, *(["wijk"] if "person_postcode" in changed else []))
    # The timeline names which fields changed, not their values: the case file itself shows those.
    labels = [field_label(Melding, key) for key in changed]
    entry(locked, EntryKind.WIJZIGING, by, ", ".join(labels), data={"fields": changed})
    audit.log(by, locked, AuditAction.GEWIJZIGD, ", ".join(changed))
    return locked


@transaction.atomic
def plan_follow_up(melding: Melding, on: date | None, by: User | None) -> Melding:
    melding = lock_case(melding)
    require_open(melding)
    melding.follow_up_on = on
    save_case(melding, "follow_up_on")
    text = _("Volgende actie op %(date)s") % {"date": on.strftime("%d-%m-%Y")} if on else _("Geen volgende actie")
    entry(melding, EntryKind.NOTITIE, by, text, data={"follow_up_on": on.isoformat() if on else None})
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("volgende actie"))
    return melding


@transaction.atomic
def record_step(melding: Melding, step: str, answer: str, on: date, note: str, by: User | None) -> Stap:
    """A dated answer to a question of Oldengarm's step plan; a later answer replaces it in the overview."""
    melding = lock_case(melding)
    if on > timezone.localdate():
        raise ValidationError(_("De datum kan niet in de toekomst liggen."), code="future")
    stap = Stap.objects.create(melding=melding, step=step, answer=answer, on=on, note=note, author=by)
    entry(
        melding,
        EntryKind.STAP,
        by,
        f"{stap.get_step_display()} {stap.get_answer_display()}" + (f" — {note}" if note else ""),
        data={"step": step, "answer": answer, "on": on.isoformat()},
    )
    touch(melding)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("stappenplan"))
    return stap


@transaction.atomic
def set_profile(melding: Melding, duration: str, coping: str, orientation: str, by: User | None) -> Melding:
    """Machielse's two dimensions (duration; coping and orientation); the profile follows from them."""
    melding = lock_case(melding)
    melding.duration, melding.coping, melding.orientation = duration, coping, orientation
    save_case(melding, *PROFILE_FIELDS)
    profile = melding.profile
    entry(
        melding,
        EntryKind.PROFIEL,
        by,
        str(dict(Duration.choices).get(duration, "")) if not profile else "",
        data={"duration": duration, "coping": coping, "orientation": orientation, "profile": profile},
    )
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("interventieprofiel"))
    return melding


def _close(
    melding: Melding,
    reason: str,
    by: User | None,
    text: str,
    *,
    kind: str,
    data: dict[str, Any],
    merged_into: Melding | None = None,
) -> None:
    """Close a locked case with a reason and a moment (the database wants both), with its timeline line."""
    melding.close_reason = reason
    melding.closed_at = timezone.now()
    melding.merged_into = merged_into
    melding.pending_check = False  # closing is a decision about it: it no longer waits in "Eerst nakijken"
    set_status(
        melding,
        Status.GESLOTEN,
        by,
        text,
        kind=kind,
        data=data,
        extra_fields=("close_reason", "closed_at", "merged_into", "pending_check"),
    )


@transaction.atomic
def close_case(melding: Melding, reason: str, text: str, by: User | None) -> Melding:
    """Close with a reason. The case page then offers the end measurement."""
    if reason not in CloseReason.values or reason == CloseReason.SAMENGEVOEGD:
        raise ValidationError(_("Kies een reden om af te sluiten."), code="reason")
    melding = lock_case(melding)
    require_open(melding)
    _close(melding, reason, by, text, kind=EntryKind.GESLOTEN, data={"reason": reason})
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("gesloten"))
    return melding


@transaction.atomic
def reopen_case(melding: Melding, text: str, by: User | None) -> Melding:
    """Reopening is recorded with its reason; the earlier closing stays on the timeline."""
    melding = lock_case(melding)
    if melding.is_open:
        raise ValidationError(_("Deze melding is al open."), code="open")
    if melding.merged_into_id or melding.anonymised_at:
        raise ValidationError(_("Deze melding kan niet meer worden heropend."), code="final")
    if not text.strip():
        raise ValidationError(_("Schrijf waarom de melding weer open gaat."), code="empty")
    old_reason = melding.close_reason
    melding.close_reason = ""
    melding.closed_at = None
    set_status(
        melding, Status.IN_BEHANDELING, by, text, kind=EntryKind.HEROPEND, data={"was": old_reason},
        extra_fields=("close_reason", "closed_at"),
    )  # fmt: skip
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("heropend"))
    return melding


@transaction.atomic
def merge_into(source: Melding, target: Melding, by: User | None) -> Melding:
    """A new case turned out to be about someone with an open case: move its signals there and close it.

    Both cases are locked in the order of their keys, so a merge of A into B and one of B into A at the same
    moment wait for each other instead of deadlocking."""
    if source.pk == target.pk:
        raise ValidationError(_("Kies een andere melding van hetzelfde meldpunt."), code="target")
    source, target = lock_cases(source, target)
    if source.meldpunt_id != target.meldpunt_id:
        raise ValidationError(_("Kies een andere melding van hetzelfde meldpunt."), code="target")
    require_open(source)
    require_open(target)
    moved = list(source.signalen.values_list("pk", flat=True))
    source.signalen.update(melding=target)
    filled = fill_person_gaps(target, {key: getattr(source, key) for key in PERSON_FIELDS})
    if target.wijk_id is None and source.wijk_id is not None:
        target.wijk_id = source.wijk_id
        filled.append("wijk")
    save_case(target, *filled, *(["wijk"] if "person_postcode" in filled and "wijk" not in filled else []))
    _close(
        source, CloseReason.SAMENGEVOEGD, by, target.number, kind=EntryKind.SAMENGEVOEGD,
        data={"into": target.number}, merged_into=target,
    )  # fmt: skip
    entry(target, EntryKind.SAMENGEVOEGD, by, source.number, data={"from": source.number, "signals": moved})
    audit.log(by, source, AuditAction.GEWIJZIGD, _("samengevoegd met %(n)s") % {"n": target.number})
    audit.log(by, target, AuditAction.GEWIJZIGD, _("signalen van %(n)s toegevoegd") % {"n": source.number})
    return target
