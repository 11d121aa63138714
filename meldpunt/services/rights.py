"""The rights of the person and of the people around them (AVG art. 15(4)): changes only.

- `mark_about_others` / `unmark_about_others`: staff say a free text of the case holds data about other people; the
  right-of-access export then leaves it out by default (meldpunt/queries/privacy.py).
- `log_export_with_others`: a staff member deliberately includes left-out data in an export, with a reason.
- `record_person_informed`: whether, when, how and by whom the person was told about the signal.

Each writes an audit line; the person's own timeline gets a line where it tells the story of the case.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User

from ..choices import AboutOthersKind, AuditAction, EntryKind, InformedHow
from ..models import Gebeurtenis, GegevensVanAnderen, Melding, Signaal, Stap, Verwijzing
from . import audit
from .core import lock_case, save_case, timeline_entry

TEXT_MODELS = {
    AboutOthersKind.SIGNAAL: Signaal,
    AboutOthersKind.GEBEURTENIS: Gebeurtenis,
    AboutOthersKind.STAP: Stap,
    AboutOthersKind.VERWIJZING: Verwijzing,
}


def _require_text_of_case(melding: Melding, kind: str, object_id: int) -> None:
    model = TEXT_MODELS.get(kind)  # type: ignore[call-overload]
    if model is None or not model.objects.filter(pk=object_id, melding=melding).exists():
        raise ValidationError(_("Deze tekst hoort niet bij deze melding."), code="not_of_case")


@transaction.atomic
def mark_about_others(melding: Melding, kind: str, object_id: int, by: User) -> GegevensVanAnderen:
    """Mark a free text of the case as holding data about others. Marking twice is harmless."""
    _require_text_of_case(melding, kind, object_id)
    mark, created = GegevensVanAnderen.objects.get_or_create(
        melding=melding, kind=kind, object_id=object_id, defaults={"marked_by": by}
    )
    if created:
        audit.log(by, melding, AuditAction.GEWIJZIGD, _("gegevens van anderen: %(what)s %(id)s") % {
            "what": mark.get_kind_display(), "id": object_id
        })  # fmt: skip
    return mark


@transaction.atomic
def unmark_about_others(melding: Melding, kind: str, object_id: int, by: User) -> None:
    """The text holds no data about others after all: the export shows it again."""
    deleted, _rows = GegevensVanAnderen.objects.filter(melding=melding, kind=kind, object_id=object_id).delete()
    if deleted:
        audit.log(by, melding, AuditAction.GEWIJZIGD, _("niet langer gegevens van anderen: %(kind)s %(id)s") % {
            "kind": AboutOthersKind(kind).label, "id": object_id
        })  # fmt: skip


def log_export_with_others(melding: Melding, keys: list[str], reason: str, by: User, *, what: str) -> None:
    """Audit an export in which the staff member deliberately included left-out data about others."""
    reason = (reason or "").strip()
    if not keys:
        raise ValidationError(_("Kies wat u toch wilt opnemen."), code="nothing")
    if not reason:
        raise ValidationError(_("Schrijf waarom u gegevens van anderen toch opneemt."), code="reason")
    detail = _("%(what)s, met gegevens van anderen (%(keys)s); reden: %(reason)s") % {
        "what": what, "keys": ", ".join(sorted(keys)), "reason": reason
    }  # fmt: skip
    audit.log(by, melding, AuditAction.GEEXPORTEERD, detail[:300])


@transaction.atomic
def record_person_informed(melding: Melding, on: date, how: str, by: User) -> Melding:
    """The person was told that the meldpunt received a signal about them: on which day, how, by whom."""
    if how not in InformedHow.values:
        raise ValidationError(_("Kies hoe de persoon is ingelicht."), code="how")
    if on > timezone.localdate():
        raise ValidationError(_("Die dag ligt in de toekomst. Vul de dag in waarop het gebeurde."), code="future")
    melding = lock_case(melding)
    if on < timezone.localtime(melding.received_at).date():
        raise ValidationError(_("Die dag ligt vóór het eerste signaal."), code="before")
    melding.person_informed_on = on
    melding.person_informed_how = how
    melding.person_informed_by = by
    save_case(melding, "person_informed_on", "person_informed_how", "person_informed_by")
    text = _("De persoon is ingelicht over het signaal: %(how)s, op %(on)s.") % {
        "how": InformedHow(how).label.lower(), "on": f"{on:%d-%m-%Y}"
    }  # fmt: skip
    timeline_entry(melding, EntryKind.INGELICHT, by, text, data={"on": on.isoformat(), "how": how})
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("persoon ingelicht"))
    return melding
