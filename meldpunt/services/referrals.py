"""The referral loop: a case's person sent to a partner (and an activity), and every step the partner takes.

Each step is one function in one transaction, guarded by the referral's workflow table (meldpunt/workflows.py):
whether the step may be taken from the referral's status, and by whom, is decided there and nowhere else. The
referral row is locked, so a double click or two people at once change nothing twice: the second attempt gets
the table's Dutch ValidationError. Every step writes a VERWIJZING line on the case's timeline (the meldpunt sees
what the partner did) and an audit line, and tells the other side through a notification without personal data.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Organisatie, Role, User
from socialekaart.models import Activiteit

from ..choices import CLOSING_OUTCOMES, CONSENT_HOW_CHOICES, AuditAction, ConsentKind, EntryKind, Status
from ..models import Melding, Toestemming, Verwijzing
from ..workflows import ACTIVE_REFERRAL_STATUSES, REFERRAL
from . import audit
from .core import lock_case, require_open, set_status, timeline_entry
from .notifications import notify

# How staff may say consent was obtained (or withdrawn).
HOW_VALUES = frozenset(value for value, _label in CONSENT_HOW_CHOICES)


def partner_users(organisatie: Organisatie) -> list[User]:
    """The people who act for this organisation and read its inbox."""
    return list(User.objects.filter(organisaties=organisatie, role=Role.PARTNER, is_active=True))


def _timeline(
    verwijzing: Verwijzing, step: str, by: User | None, text: str = "", happened_at: datetime | None = None
) -> None:
    """The step on the case's timeline (its words come from the workflow table), and activity on the case."""
    timeline_entry(
        verwijzing.melding_id,
        EntryKind.VERWIJZING,
        by,
        text,
        happened_at=happened_at,
        data={"verwijzing": verwijzing.pk, "step": step, "organisatie": verwijzing.organisatie.name},
    )
    Melding.objects.filter(pk=verwijzing.melding_id).update(last_activity_at=timezone.now())


def _take(verwijzing: Verwijzing, step: str, by: User | None) -> Verwijzing:
    """Lock the referral and check that `by` may take `step` now: the workflow table's guard, and for a partner
    that they act for the referral's organisation (the views check it too; a service never trusts its caller)."""
    verwijzing = Verwijzing.objects.select_for_update().select_related("melding", "organisatie").get(pk=verwijzing.pk)
    REFERRAL.guard(step, verwijzing.status, user=by)
    if by is not None and by.is_authenticated and not by.organisaties.filter(pk=verwijzing.organisatie_id).exists():
        raise PermissionDenied("not a partner of this organisation")
    return verwijzing


def _move(verwijzing: Verwijzing, step: str, *fields: str) -> None:
    """Save the step's fields, with the status the workflow table says the step leads to."""
    target = REFERRAL.transition(step).target
    if target is not None:
        verwijzing.status = target
        fields = ("status", *fields)
    verwijzing.save(update_fields=list(fields))


def inbox_url(verwijzing: Verwijzing) -> str:
    return reverse("meldpunt:inbox_detail", args=[verwijzing.pk])


def _told(verwijzing: Verwijzing, by: User | None, text: str) -> None:
    """After a partner's step: the audit line, and a notification to the case's owner (or its meldpunt)."""
    text = text % {"ref": verwijzing.reference}
    melding = verwijzing.melding
    audit.log(by, melding, AuditAction.GEWIJZIGD, text)
    users = [melding.owner] if melding.owner else list(melding.meldpunt.staff.filter(is_active=True))
    notify(users, text, reverse("meldpunt:case", args=[melding.number]), actor=by)


# ---------------------------------------------------------------------------
# The meldpunt sends
# ---------------------------------------------------------------------------
@transaction.atomic
def create_referral(
    melding: Melding,
    *,
    organisatie: Organisatie | None,
    activiteit: Activiteit | None,
    consent: bool,
    share_contact: bool,
    share_note: bool,
    handover_note: str,
    planned_start: date | None,
    by: User,
    consent_how: str = "",
) -> Verwijzing:
    """Refer the case's person. Without consent nothing personal is shared: an anonymous referral only. With
    consent, `consent_how` says how the person gave it (ConsentHow, not "onbekend"), and the referral's consent
    history starts with that line."""
    REFERRAL.guard("verstuurd", None, user=by)
    melding = lock_case(melding)
    require_open(melding)
    if melding.anonymised_at:
        raise ValidationError(_("Deze melding is gesloten. Heropen hem eerst."), code="closed")
    if activiteit is not None:
        if not Activiteit.objects.public().filter(pk=activiteit.pk).exists():
            raise ValidationError(
                {"activiteit": _("Deze activiteit staat niet (meer) op de sociale kaart. Kies een andere.")}
            )
        if organisatie is None:
            organisatie = activiteit.organisatie
        elif activiteit.organisatie_id != organisatie.pk:
            raise ValidationError({"activiteit": _("Deze activiteit hoort niet bij de gekozen organisatie.")})
    if organisatie is None:
        raise ValidationError({"organisatie": _("Kies een organisatie of een activiteit.")})
    if not consent and (share_contact or share_note):
        raise ValidationError(
            _("Zonder toestemming van de persoon kan alleen een anonieme verwijzing worden verstuurd."),
            code="consent",
        )
    if consent and consent_how not in HOW_VALUES:
        raise ValidationError({"consent_how": _("Kies hoe de persoon toestemming gaf.")})
    if planned_start is not None and planned_start < timezone.localdate():
        raise ValidationError({"planned_start": _("De geplande start kan niet in het verleden liggen.")})
    running = melding.verwijzingen.filter(
        organisatie=organisatie,
        activiteit=activiteit,
        status__in=ACTIVE_REFERRAL_STATUSES,
    )
    if running.exists():
        raise ValidationError(_("Er loopt al een verwijzing naar deze organisatie en activiteit."), code="double")
    verwijzing = Verwijzing.objects.create(
        melding=melding,
        organisatie=organisatie,
        activiteit=activiteit,
        consent=consent,
        share_contact=consent and share_contact,
        share_note=consent and share_note,
        handover_note=handover_note,
        planned_start=planned_start,
        sent_by=by,
    )
    if consent:
        Toestemming.objects.create(
            verwijzing=verwijzing,
            kind=ConsentKind.GEGEVEN,
            covers_contact=verwijzing.share_contact,
            covers_note=verwijzing.share_note,
            how=consent_how,
            recorded_by=by,
            recorded_at=verwijzing.sent_at,
        )
    _timeline(verwijzing, "verstuurd", by, text=str(activiteit or organisatie))
    if melding.status != Status.WACHT_OP_PARTNER:
        set_status(melding, Status.WACHT_OP_PARTNER, by)
    audit.log(by, melding, AuditAction.GEWIJZIGD, _("verwijzing %(ref)s") % {"ref": verwijzing.reference})
    notify(
        partner_users(organisatie),
        _("Nieuwe verwijzing %(ref)s van het meldpunt") % {"ref": verwijzing.reference},
        inbox_url(verwijzing),
        actor=by,
    )
    return verwijzing


# ---------------------------------------------------------------------------
# The person withdraws consent (issue 15)
# ---------------------------------------------------------------------------
@transaction.atomic
def withdraw_consent(verwijzing: Verwijzing, how: str, by: User, note: str = "") -> Verwijzing:
    """The person no longer allows sharing: a line in the consent history, the referral's consent and sharing off
    (from now on the partner sees it anonymously, like a referral sent without consent; the referral itself
    runs on), a line on the case's timeline, an audit line, and a notification to the partner with only the
    referral's reference and a link. Staff of the case's meldpunt record it, in any status of the referral and
    of the case: a person may always withdraw."""
    verwijzing = Verwijzing.objects.select_for_update().select_related("melding", "organisatie").get(pk=verwijzing.pk)
    REFERRAL.guard("toestemming_ingetrokken", verwijzing.status, user=by)
    if not verwijzing.melding.meldpunt.staff.filter(pk=by.pk).exists():
        raise PermissionDenied("not staff of this case's meldpunt")
    if not verwijzing.consent:
        raise ValidationError(
            _("Voor deze verwijzing is geen toestemming (meer): er valt niets in te trekken."), code="no_consent"
        )
    if how not in HOW_VALUES:
        raise ValidationError({"how": _("Kies hoe de persoon de toestemming introk.")})
    note = (note or "").strip()[:500]
    now = timezone.now()
    Toestemming.objects.create(
        verwijzing=verwijzing, kind=ConsentKind.INGETROKKEN, how=how, recorded_by=by, recorded_at=now, note=note
    )
    verwijzing.consent = verwijzing.share_contact = verwijzing.share_note = False
    verwijzing.save(update_fields=["consent", "share_contact", "share_note"])
    how_label = dict(CONSENT_HOW_CHOICES)[how]
    _timeline(verwijzing, "toestemming_ingetrokken", by, text=f"{how_label}. {note}".strip(), happened_at=now)
    audit.log(
        by,
        verwijzing.melding,
        AuditAction.GEWIJZIGD,
        _("toestemming ingetrokken voor verwijzing %(ref)s") % {"ref": verwijzing.reference},
    )
    notify(
        partner_users(verwijzing.organisatie),
        _(
            "Verwijzing %(ref)s: de persoon heeft de toestemming om gegevens te delen ingetrokken. De verwijzing "
            "blijft staan, zonder naam, contactgegevens en overdrachtsnotitie."
        )
        % {"ref": verwijzing.reference},
        inbox_url(verwijzing),
        actor=by,
        merge=False,  # the partner must stop using what was shared: always its own message and e-mail
    )
    return verwijzing


# ---------------------------------------------------------------------------
# The partner answers
# ---------------------------------------------------------------------------
@transaction.atomic
def accept(verwijzing: Verwijzing, by: User | None) -> Verwijzing:
    verwijzing = _take(verwijzing, "geaccepteerd", by)
    verwijzing.accepted_at = timezone.now()
    _move(verwijzing, "geaccepteerd", "accepted_at")
    _timeline(verwijzing, "geaccepteerd", by)
    _told(verwijzing, by, _("Verwijzing %(ref)s is geaccepteerd"))
    return verwijzing


@transaction.atomic
def decline(verwijzing: Verwijzing, reason: str, by: User | None) -> Verwijzing:
    """Decline with a reason; the referral returns to the meldpunt, whose case is back in handling."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Schrijf waarom u de verwijzing afwijst.")})
    verwijzing = _take(verwijzing, "afgewezen", by)
    verwijzing.declined_at = timezone.now()
    verwijzing.decline_reason = reason.strip()[:500]
    _move(verwijzing, "afgewezen", "declined_at", "decline_reason")
    _timeline(verwijzing, "afgewezen", by, text=verwijzing.decline_reason)
    _back_in_handling_when_nothing_runs(verwijzing, by)
    _told(verwijzing, by, _("Verwijzing %(ref)s is afgewezen"))
    return verwijzing


def _back_in_handling_when_nothing_runs(verwijzing: Verwijzing, by: User | None) -> None:
    melding = lock_case(verwijzing.melding_id)
    still_running = melding.verwijzingen.filter(status__in=ACTIVE_REFERRAL_STATUSES).exists()
    if melding.status == Status.WACHT_OP_PARTNER and not still_running:
        set_status(melding, Status.IN_BEHANDELING, by)


def _check_moment(verwijzing: Verwijzing, when: datetime | date, field: str) -> None:
    if isinstance(when, datetime):  # the local day: 00:30 here is still the day before in UTC
        day = timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
    else:
        day = when
    if day < timezone.localtime(verwijzing.sent_at).date():
        raise ValidationError({field: _("Deze datum ligt vóór de verwijzing. Kies een latere datum.")})
    if day > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})


@transaction.atomic
def record_first_contact(verwijzing: Verwijzing, at: datetime, by: User | None) -> Verwijzing:
    verwijzing = _take(verwijzing, "eerste_contact", by)
    if verwijzing.first_contact_at is not None:
        raise ValidationError(_("Het eerste contact is al vastgelegd."), code="done")
    _check_moment(verwijzing, at, "at")
    verwijzing.first_contact_at = at
    _move(verwijzing, "eerste_contact", "first_contact_at")
    _timeline(verwijzing, "eerste_contact", by, happened_at=at)
    _told(verwijzing, by, _("Verwijzing %(ref)s: eerste contact gelegd"))
    return verwijzing


@transaction.atomic
def record_start(verwijzing: Verwijzing, on: date, by: User | None) -> Verwijzing:
    verwijzing = _take(verwijzing, "gestart", by)
    _check_moment(verwijzing, on, "on")
    verwijzing.started_on = on
    _move(verwijzing, "gestart", "started_on")
    _timeline(verwijzing, "gestart", by, text=on.strftime("%d-%m-%Y"))
    _told(verwijzing, by, _("Verwijzing %(ref)s: de persoon is gestart"))
    return verwijzing


@transaction.atomic
def close_referral(verwijzing: Verwijzing, outcome: str, note: str, by: User | None) -> Verwijzing:
    if outcome not in CLOSING_OUTCOMES:  # "loopt" is no end: old referrals only
        raise ValidationError({"outcome": _("Kies een uitkomst.")})
    verwijzing = _take(verwijzing, "afgesloten", by)
    verwijzing.outcome = outcome
    verwijzing.outcome_note = (note or "").strip()[:500]
    verwijzing.closed_at = timezone.now()
    _move(verwijzing, "afgesloten", "outcome", "outcome_note", "closed_at")
    _timeline(
        verwijzing, "afgesloten", by, text=f"{verwijzing.get_outcome_display()} {verwijzing.outcome_note}".strip()
    )
    _back_in_handling_when_nothing_runs(verwijzing, by)
    _told(verwijzing, by, _("Verwijzing %(ref)s is afgesloten"))
    return verwijzing
