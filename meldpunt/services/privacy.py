"""Privacy by design: the retention period, and the rights of the person (see everything, have it erased).

- `anonymise`: blanks everything that tells who the person or the reporter is, and every free text (also the
  referrals' handover note, decline reason and outcome note); keeps what statistics need (number, dates,
  status, channel, relation, wijk, signals, life events, scores; the referrals' organisation, activity, status,
  dates and outcome).
  The case itself stays, so its number still counts (`Melding.objects.counted()`).
- `anonymise_expired`: the retention period (MELDPUNT_RETENTION_MONTHS after closing; Celery beat, nightly).
- `erase_on_request`: the person asked to be forgotten; staff give the reason.
- `case_export_data`: everything held about the person in one case, for the readable page and the JSON file,
  with the referrals and what was shared with each partner. Notifications are not in it: they never hold
  personal data (a reference and a link).
"""

import re
from datetime import datetime, time
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import choices
from ..choices import AuditAction, CloseReason, EntryKind, LifeEvent, Signal, Status
from ..models import CASE_NUMBER_RE, Gebeurtenis, Herinnering, Melding, Signaal, Stap, Verwijzing, blank_person
from . import audit, casefile
from .core import lock_case, save_case, timeline_entry

SIGNAL_BLANKS = {"reporter_name": "", "reporter_contact": "", "description": ""}
# A declined referral must keep a reason (a database check): it becomes this word.
ERASED = "(gewist)"
REFERRAL_BLANKS = {"handover_note": "", "outcome_note": ""}

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ][\d:.]+([+-]\d{2}:?\d{2}|Z)?)?$")


# ---------------------------------------------------------------------------
# Anonymising
# ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    """Strings that cannot name anyone: the values of our fixed lists and the names of our fields."""
    codes = set()
    for value in vars(choices).values():
        if isinstance(value, type) and issubclass(value, models.Choices):
            codes.update(str(v) for v in value.values)
    codes.update(Herinnering.Kind.values)
    for model in (Melding, Signaal, Gebeurtenis, Stap):
        codes.update(field.name for field in model._meta.get_fields())
    return frozenset(codes)


def scrub(value):
    """A timeline line's data without personal values: numbers, dates, case numbers and codes stay.

    Any other text (an old name or address, a remark) becomes None, wherever it sits in the structure.
    """
    if isinstance(value, dict):
        return {key: scrub(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str) and (
        value == "" or value in _known_codes() or CASE_NUMBER_RE.fullmatch(value) or ISO_DATE.match(value)
    ):
        return value
    return None


@transaction.atomic
def anonymise(melding: Melding, reason: str, by=None, *, action: str | None = None) -> Melding:
    """Blank everything personal about this case; keep what statistics need. Does nothing a second time.

    `by` None means the system (the retention period); the audit line then says GEANONIMISEERD, and
    GEWIST when a staff member erased it on request (or pass `action`).
    """
    action = action or (AuditAction.GEWIST if by is not None else AuditAction.GEANONIMISEERD)
    melding = lock_case(melding)
    if melding.anonymised_at is not None:
        return melding
    now = timezone.now()
    # The person's fields go; the wijk stays: statistics per wijk need it, and a wijk is too large to recognise
    # anyone by.
    blanks = blank_person()
    for name, empty in blanks.items():
        setattr(melding, name, empty)
    melding.anonymised_at = now
    save_case(melding, *blanks, "anonymised_at")

    Signaal.objects.filter(melding=melding).update(**SIGNAL_BLANKS)
    Stap.objects.filter(melding=melding).update(note="")
    referrals = Verwijzing.objects.filter(melding=melding)
    referrals.update(**REFERRAL_BLANKS)
    referrals.exclude(decline_reason="").update(decline_reason=ERASED)
    entries = list(Gebeurtenis.objects.filter(melding=melding).exclude(data={}).only("pk", "data"))
    for entry in entries:
        entry.data = scrub(entry.data)
    Gebeurtenis.objects.bulk_update(entries, ["data"], batch_size=500)
    Gebeurtenis.objects.filter(melding=melding).exclude(text="").update(text="")

    label = _("Persoonsgegevens gewist op verzoek") if action == AuditAction.GEWIST else _("Geanonimiseerd")
    timeline_entry(
        melding,
        EntryKind.WIJZIGING,
        by,
        f"{label}. {_('Reden')}: {reason}",
        data={"anonymised": True, "action": str(action)},
        happened_at=now,
    )
    audit.log(by, melding, action, reason)
    return melding


@transaction.atomic
def erase_on_request(melding: Melding, reason: str, by) -> list[Melding]:
    """The person asked to be forgotten. An open case is closed first (reason: anders); the case stays,
    without personal data. Signals that were merged into this case were about the same person: their
    former cases are erased too. Returns the erased cases."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Schrijf waarom de gegevens gewist worden."), code="reason")
    melding = lock_case(melding)
    if melding.is_open:
        melding = casefile.close_case(
            melding, CloseReason.ANDERS, _("Gesloten omdat de gegevens op verzoek gewist worden."), by
        )
    erased = [anonymise(melding, reason, by, action=AuditAction.GEWIST)]
    seen = {melding.pk}
    queue = [melding.pk]
    while queue:  # cases merged into this one, and cases merged into those
        sources = list(Melding.objects.filter(merged_into_id__in=queue).exclude(pk__in=seen))
        queue = [source.pk for source in sources]
        seen.update(queue)
        for source in sources:
            if source.anonymised_at is None:
                erased.append(anonymise(source, reason, by, action=AuditAction.GEWIST))
    return erased


def retention_cutoff(today=None) -> datetime:
    """A case closed before this moment has passed the retention period."""
    today = today or timezone.localdate()
    day = today - relativedelta(months=settings.MELDPUNT_RETENTION_MONTHS)
    return timezone.make_aware(datetime.combine(day, time.min))


def expired_cases(today=None) -> QuerySet[Melding]:
    return Melding.objects.filter(
        status=Status.GESLOTEN, closed_at__lt=retention_cutoff(today), anonymised_at__isnull=True
    )


def anonymise_expired(today=None) -> int:
    """Anonymise every closed case past the retention period. Idempotent; returns how many it did.

    One transaction per case: a long run holds no locks, and a case reopened meanwhile is skipped.
    """
    cutoff = retention_cutoff(today)
    reason = _("bewaartermijn van %(months)d maanden na het sluiten verstreken") % {
        "months": settings.MELDPUNT_RETENTION_MONTHS
    }
    count = 0
    for pk in list(expired_cases(today).order_by("closed_at").values_list("pk", flat=True)):
        with transaction.atomic():
            melding = (
                Melding.objects.select_for_update()
                .filter(pk=pk, status=Status.GESLOTEN, closed_at__lt=cutoff, anonymised_at__isnull=True)
                .first()
            )
            if melding is None:
                continue
            anonymise(melding, reason, by=None, action=AuditAction.GEANONIMISEERD)
            count += 1
    return count


# ---------------------------------------------------------------------------
# The right of access: everything about the person
# ---------------------------------------------------------------------------
def other_cases_of_person(melding: Melding) -> QuerySet[Melding]:
    """Other cases of this meldpunt about someone with the same name and year of birth (maybe the same person)."""
    if not melding.person_name or not melding.person_birth_year:
        return Melding.objects.none()
    return (
        Melding.objects.annotate(upper_name=Upper("person_name"))
        .filter(
            meldpunt_id=melding.meldpunt_id,
            upper_name=Upper(Value(melding.person_name)),
            person_birth_year=melding.person_birth_year,
        )
        .exclude(pk=melding.pk)
        .order_by("-received_at")
    )


def _when(value):
    return timezone.localtime(value) if isinstance(value, datetime) else value


def _name(user) -> str:
    return user.get_full_name() if user is not None else ""


def _labels(values, choices_class) -> list[dict]:
    labels = dict(choices_class.choices)
    return [{"code": value, "omschrijving": str(labels.get(value, value))} for value in values]


def _referral(v: Verwijzing) -> dict:
    """One referral: where to, how far, and what the partner was allowed to see."""
    return {
        "kenmerk": v.reference,
        "organisatie": v.organisatie.name,
        "activiteit": str(v.activiteit) if v.activiteit_id else "",
        "status": v.get_status_display(),
        "toestemming": v.consent,
        "gedeeld_met_de_partner": {
            "naam_en_contactgegevens": v.share_contact,
            "overdrachtsnotitie": v.share_note,
        },
        "overdrachtsnotitie": v.handover_note,
        "geplande_start": v.planned_start,
        "verstuurd_op": _when(v.sent_at),
        "verstuurd_door": _name(v.sent_by),
        "geaccepteerd_op": _when(v.accepted_at),
        "afgewezen_op": _when(v.declined_at),
        "reden_van_afwijzen": v.decline_reason,
        "eerste_contact_op": _when(v.first_contact_at),
        "gestart_op": v.started_on,
        "afgesloten_op": _when(v.closed_at),
        "uitkomst": v.get_outcome_display() if v.outcome else "",
        "toelichting_op_de_uitkomst": v.outcome_note,
    }


def case_export_data(melding: Melding) -> dict:
    """Everything this case holds about the person, as plain values (the JSON file and the readable page).

    `melding` should come with meldpunt, owner, wijk and merged_into selected.
    """
    signalen = melding.signalen.select_related("reporter_organisation", "reported_by").order_by("received_at", "pk")
    tijdlijn = melding.tijdlijn.select_related("author").order_by("happened_at", "pk")
    stappen = melding.stappen.select_related("author").order_by("on", "pk")
    djg = melding.djg_metingen.select_related("author").order_by("measured_on", "pk")
    pg = melding.pg_metingen.select_related("author").order_by("measured_on", "pk")
    herinneringen = melding.herinneringen.order_by("sent_at", "pk")
    verwijzingen = melding.verwijzingen.select_related("organisatie", "activiteit", "sent_by").order_by("sent_at", "pk")
    return {
        "export": {
            "gemaakt_op": timezone.localtime(),
            "meldpunt": melding.meldpunt.name,
            "toelichting": _(
                "Alle gegevens die het meldpunt in deze melding over de persoon bewaart, en wat ermee is gedaan."
            ),
        },
        "melding": {
            "nummer": melding.number,
            "status": melding.get_status_display(),
            "urgentie": melding.get_urgency_display(),
            "binnengekomen_op": _when(melding.received_at),
            "eerste_contact_op": _when(melding.first_contact_at),
            "laatste_activiteit": _when(melding.last_activity_at),
            "volgende_actie_op": melding.follow_up_on,
            "eigenaar": _name(melding.owner),
            "wijk": melding.wijk.name if melding.wijk_id else "",
            "duur": melding.get_duration_display(),
            "copingstrategie": melding.get_coping_display(),
            "gerichtheid": melding.get_orientation_display(),
            "reden_van_afsluiten": melding.get_close_reason_display(),
            "gesloten_op": _when(melding.closed_at),
            "samengevoegd_met": melding.merged_into.number if melding.merged_into_id else "",
            "geanonimiseerd_op": _when(melding.anonymised_at),
        },
        "persoon": {
            "naam": melding.person_name,
            "adres": melding.person_address,
            "postcode": melding.person_postcode,
            "geboortejaar": melding.person_birth_year,
            "telefoonnummer": melding.person_phone,
            "taal": melding.get_person_language_display() if melding.person_language else "",
            "woont_alleen": melding.lives_alone,
        },
        "signalen": [
            {
                "binnengekomen_op": _when(s.received_at),
                "kanaal": s.get_channel_display(),
                "naam_melder": s.reporter_name,
                "melder_bereikbaar_via": s.reporter_contact,
                "relatie_tot_de_persoon": s.get_reporter_relation_display(),
                "organisatie_van_de_melder": s.reporter_organisation.name if s.reporter_organisation_id else "",
                "ingevoerd_door": _name(s.reported_by),
                "signalen": _labels(s.signals, Signal),
                "levensgebeurtenissen": _labels(s.life_events, LifeEvent),
                "toelichting": s.description,
                "urgentie": s.get_urgency_display(),
            }
            for s in signalen
        ],
        "tijdlijn": [
            {
                "id": e.pk,
                "wanneer": _when(e.happened_at),
                "soort": e.get_kind_display(),
                "tekst": e.text,
                "gegevens": e.data,
                "door": _name(e.author),
                "corrigeert": e.corrects_id,
                "vastgelegd_op": _when(e.created_at),
            }
            for e in tijdlijn
        ],
        "stappenplan": [
            {
                "datum": s.on,
                "stap": s.get_step_display(),
                "antwoord": s.get_answer_display(),
                "toelichting": s.note,
                "door": _name(s.author),
            }
            for s in stappen
        ],
        "metingen": {
            "de_jong_gierveld": [
                {
                    "datum": m.measured_on,
                    "vragenlijst": m.get_form_display(),
                    "moment": m.get_moment_display(),
                    "antwoorden": m.answers,
                    "totaalscore": m.total,
                    "emotionele_eenzaamheid": m.emotional,
                    "sociale_eenzaamheid": m.social,
                    "uitkomst": m.category,
                    "door": _name(m.author),
                }
                for m in djg
            ],
            "positieve_gezondheid": [
                {
                    "datum": m.measured_on,
                    "moment": m.get_moment_display(),
                    **{name: getattr(m, name) for name in m.DIMENSIONS},
                    "door": _name(m.author),
                }
                for m in pg
            ],
        },
        "verwijzingen": [_referral(v) for v in verwijzingen],
        "herinneringen": [
            {"verstuurd_op": _when(h.sent_at), "soort": h.get_kind_display(), "sleutel": h.key} for h in herinneringen
        ],
    }
