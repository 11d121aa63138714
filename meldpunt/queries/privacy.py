"""Privacy reads: the audit log for the functionaris gegevensbescherming, and the right of access (everything held
about the person in one case, and which other cases may be about the same person).

- `audit_lines`: the audit log, newest first, narrowed down by case number, user, action and dates.
- `case_export_data`: everything held about the person in one case, for the readable page and the JSON file,
  with the referrals and what was shared with each partner. Notifications are not in it: they never hold
  personal data (a reference and a link).

Erasing and the retention period are changes: meldpunt/services/privacy.py.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import User

from ..choices import LifeEvent, Signal
from ..models import CASE_NUMBER_RE, AuditRegel, Melding, Toestemming, Verwijzing


# ---------------------------------------------------------------------------
# The audit log
# ---------------------------------------------------------------------------
def audit_lines(
    *, number: str = "", user: User | None = None, action: str = "", start: date | None = None, end: date | None = None
) -> QuerySet[AuditRegel]:
    """The audit lines, newest first, with their user: of a case (a whole case number, or part of one), of a
    user, of one action, and from `start` up to and including `end` (local days). Leave out what does not count."""
    lines = AuditRegel.objects.select_related("user").order_by("-at", "-pk")
    if number:
        if CASE_NUMBER_RE.fullmatch(number):
            lines = lines.filter(melding__number=number)  # through the case's index
        else:
            lines = lines.filter(case_number__icontains=number)
    if user:
        lines = lines.filter(user=user)
    if action:
        lines = lines.filter(action=action)
    if start:
        lines = lines.filter(at__gte=timezone.make_aware(datetime.combine(start, time.min)))
    if end:
        lines = lines.filter(at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))
    return lines


# ---------------------------------------------------------------------------
# The right of access: everything about the person
# ---------------------------------------------------------------------------
def privacy_cases() -> QuerySet[Melding]:
    """Cases as the privacy pages read them: with what case_export_data() needs selected."""
    return Melding.objects.select_related("meldpunt", "owner", "wijk", "merged_into")


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


def _when(value: datetime | date | None) -> datetime | date | None:
    return timezone.localtime(value) if isinstance(value, datetime) else value


def _name(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def _labels(values: Iterable[str], choices_class: type[models.Choices]) -> list[dict[str, str]]:
    labels = dict(choices_class.choices)
    return [{"code": value, "omschrijving": str(labels.get(value, value))} for value in values]


# A referral's consent history for the export, oldest first: prefetched with the referrals (one query for all).
CONSENT_HISTORY = Prefetch(
    "toestemmingen", queryset=Toestemming.objects.select_related("recorded_by").order_by("recorded_at", "pk")
)


def _referral(v: Verwijzing) -> dict[str, Any]:
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
        "toestemming_geschiedenis": [
            {
                "vastgelegd_op": _when(t.recorded_at),
                "soort": t.get_kind_display(),
                "geldt_voor": {"naam_en_contactgegevens": t.covers_contact, "overdrachtsnotitie": t.covers_note},
                "hoe_verkregen": t.get_how_display(),
                "vastgelegd_door": _name(t.recorded_by),
                "toelichting": t.note,
            }
            for t in v.toestemmingen.all()  # CONSENT_HISTORY: prefetched, oldest first
        ],
    }


def case_export_data(melding: Melding) -> dict[str, Any]:
    """Everything this case holds about the person, as plain values (the JSON file and the readable page).

    `melding` should come with meldpunt, owner, wijk and merged_into selected.
    """
    signalen = melding.signalen.select_related("reporter_organisation", "reported_by").order_by("received_at", "pk")
    tijdlijn = melding.tijdlijn.select_related("author").order_by("happened_at", "pk")
    stappen = melding.stappen.select_related("author").order_by("on", "pk")
    djg = melding.djg_metingen.select_related("author").order_by("measured_on", "pk")
    pg = melding.pg_metingen.select_related("author").order_by("measured_on", "pk")
    herinneringen = melding.herinneringen.order_by("sent_at", "pk")
    verwijzingen = (
        melding.verwijzingen.select_related("organisatie", "activiteit", "sent_by")
        .prefetch_related(CONSENT_HISTORY)
        .order_by("sent_at", "pk")
    )
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
            "wijk": melding.wijk.name if melding.wijk else "",
            "duur": melding.get_duration_display(),
            "copingstrategie": melding.get_coping_display(),
            "gerichtheid": melding.get_orientation_display(),
            "reden_van_afsluiten": melding.get_close_reason_display(),
            "gesloten_op": _when(melding.closed_at),
            "samengevoegd_met": melding.merged_into.number if melding.merged_into else "",
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
                "organisatie_van_de_melder": s.reporter_organisation.name if s.reporter_organisation else "",
                "ingevoerd_door": _name(s.reported_by),
                "signalen": _labels(s.signals, Signal),
                "levensgebeurtenissen": _labels(s.life_events, LifeEvent),
                "toelichting": s.description,
                "urgentie": s.get_urgency_display(),
                "melder_wil_horen_dat_de_melding_is_opgepakt": s.reporter_wants_news,
                "melder_op_de_hoogte_gebracht_op": _when(s.reporter_news_at),
                "weet_de_persoon_ervan": s.get_person_knows_display() if s.person_knows else "",
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
