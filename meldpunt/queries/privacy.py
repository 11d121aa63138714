"""Privacy reads: the audit log for the functionaris gegevensbescherming, and the right of access (everything held
about the person in one case, and which other cases may be about the same person).

- `audit_lines`: the audit log, newest first, narrowed down by case number, user, action and dates.
- `case_export_data`: everything held about the person in one case, for the readable page and the JSON file,
  with the referrals and what was shared with each partner. Notifications are not in it: they never hold
  personal data (a reference and a link). Other people are protected (AVG art. 15(4)): reporters' identities and
  contact details and the texts staff marked as holding data about others are left out unless a staff member
  deliberately includes them (`include`); the export names what was left out, and who read or changed the case
  (from the audit log, by role and organisation, NEN 7513).

Erasing and the retention period are changes: meldpunt/services/privacy.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models
from django.db.models import Prefetch, QuerySet, Value
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Role, User

from ..choices import AboutOthersKind, EntryKind, LifeEvent, Relation, Signal
from ..models import (
    CASE_NUMBER_RE,
    AuditRegel,
    Gebeurtenis,
    GegevensVanAnderen,
    Melding,
    Signaal,
    Stap,
    Toestemming,
    Verwijzing,
)


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


def _referral(v: Verwijzing, withhold: "_Withholding") -> dict[str, Any]:
    """One referral: where to, how far, and what the partner was allowed to see."""
    has_notes = bool(v.handover_note or v.decline_reason or v.outcome_note)
    notes_left_out = has_notes and withhold(
        AboutOthersKind.VERWIJZING, v.pk, _("Notities bij de verwijzing naar %(org)s") % {"org": v.organisatie.name}
    )
    return {
        "id": v.pk,
        "kenmerk": v.reference,
        "organisatie": v.organisatie.name,
        "activiteit": str(v.activiteit) if v.activiteit_id else "",
        "status": v.get_status_display(),
        "toestemming": v.consent,
        "gedeeld_met_de_partner": {
            "naam_en_contactgegevens": v.share_contact,
            "overdrachtsnotitie": v.share_note,
        },
        "overdrachtsnotitie": "" if notes_left_out else v.handover_note,
        "geplande_start": v.planned_start,
        "verstuurd_op": _when(v.sent_at),
        "verstuurd_door": _name(v.sent_by),
        "geaccepteerd_op": _when(v.accepted_at),
        "afgewezen_op": _when(v.declined_at),
        "reden_van_afwijzen": "" if notes_left_out else v.decline_reason,
        "eerste_contact_op": _when(v.first_contact_at),
        "gestart_op": v.started_on,
        "afgesloten_op": _when(v.closed_at),
        "uitkomst": v.get_outcome_display() if v.outcome else "",
        "toelichting_op_de_uitkomst": "" if notes_left_out else v.outcome_note,
        "weggelaten": notes_left_out,
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


@dataclass
class LeftOut:
    """Something the export left out to protect someone else, and whether it was deliberately included after all."""

    key: str
    description: str
    included: bool


class _Withholding:
    """Decides per text whether the export leaves it out, and remembers what it left out (once per key)."""

    def __init__(self, marked: set[tuple[str, int]], include: frozenset[str]):
        self.marked = marked
        self.include = include
        self.items: dict[str, LeftOut] = {}

    def __call__(self, kind: str, pk: int, description: str, *, always: bool = False) -> bool:
        """True when the text of this `kind` and `pk` is left out: reporters always (`always`), other texts when
        staff marked them, unless the key is in `include`."""
        if not always and (kind, pk) not in self.marked:
            return False
        key = f"{kind}-{pk}"
        included = key in self.include
        self.items.setdefault(key, LeftOut(key, description, included))
        return not included


REPORTER = "melder"


def _signal_has_reporter(s: Signaal) -> bool:
    """A signal names someone other than the person: a reporter who is not the person themself."""
    has_data = s.reporter_name or s.reporter_contact or s.reporter_organisation_id or s.reporter_wants_news
    return bool(has_data) and s.reporter_relation != Relation.ZELF


def _who_looked(melding: Melding) -> list[dict[str, Any]]:
    """Every read and change of the case from the audit log: when, what, and which role of which organisation.
    No names (NEN 7513 asks for role and organisation; the person need not learn staff members' names)."""
    staff_ids = set(melding.meldpunt.staff.values_list("pk", flat=True))
    lines = (
        AuditRegel.objects.filter(melding=melding)
        .select_related("user")
        .prefetch_related("user__organisaties")
        .order_by("at", "pk")
    )
    rows = []
    for line in lines:
        user = line.user
        if user is None:
            role, organisation = _("het systeem"), melding.meldpunt.name
        else:
            # The role then (kept since issue 15); older lines have none: the role now.
            role = str(Role(line.role).label) if line.role in Role.values else user.get_role_display()
            if user.pk in staff_ids:
                organisation = melding.meldpunt.name
            else:
                organisation = ", ".join(o.name for o in user.organisaties.all()) or "—"
        rows.append({"wanneer": _when(line.at), "handeling": line.get_action_display(), "rol": role,
                     "organisatie": organisation})  # fmt: skip
    return rows


def case_export_data(melding: Melding, include: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Everything this case holds about the person, as plain values (the JSON file and the readable page).

    Reporters' identities and contact details, and texts staff marked as holding data about others, are left out
    unless their key is in `include`; `weggelaten` lists each of them (LeftOut). `melding` should come with
    meldpunt, owner, wijk and merged_into selected.
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
    marked = set(GegevensVanAnderen.objects.filter(melding=melding).values_list("kind", "object_id"))
    withhold = _Withholding(marked, include)
    signal_rows = [_signal(s, withhold) for s in signalen]
    timeline_rows = [_timeline_line(e, withhold) for e in tijdlijn]
    step_rows = [_step(s, withhold) for s in stappen]
    referral_rows = [_referral(v, withhold) for v in verwijzingen]
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
            "persoon_ingelicht_op": melding.person_informed_on,
            "persoon_ingelicht_hoe": melding.get_person_informed_how_display(),
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
        "signalen": signal_rows,
        "tijdlijn": timeline_rows,
        "stappenplan": step_rows,
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
        "verwijzingen": referral_rows,
        "herinneringen": [
            {"verstuurd_op": _when(h.sent_at), "soort": h.get_kind_display(), "sleutel": h.key} for h in herinneringen
        ],
        "wie_keek_mee": _who_looked(melding),
        "weggelaten": list(withhold.items.values()),
    }


def _signal(s: Signaal, withhold: _Withholding) -> dict[str, Any]:
    when = timezone.localtime(s.received_at)
    reporter_left_out = _signal_has_reporter(s) and withhold(
        REPORTER,
        s.pk,
        _("De melder van het signaal van %(when)s: naam, bereikbaarheid en organisatie")
        % {"when": f"{when:%d-%m-%Y %H:%M}"},
        always=True,
    )
    text_left_out = bool(s.description) and withhold(
        AboutOthersKind.SIGNAAL,
        s.pk,
        _("De toelichting bij het signaal van %(when)s") % {"when": f"{when:%d-%m-%Y %H:%M}"},
    )
    return {
        "id": s.pk,
        "binnengekomen_op": _when(s.received_at),
        "kanaal": s.get_channel_display(),
        "naam_melder": "" if reporter_left_out else s.reporter_name,
        "melder_bereikbaar_via": "" if reporter_left_out else s.reporter_contact,
        "relatie_tot_de_persoon": s.get_reporter_relation_display(),
        "organisatie_van_de_melder": s.reporter_organisation.name
        if s.reporter_organisation and not reporter_left_out
        else "",
        "melder_weggelaten": reporter_left_out,
        "ingevoerd_door": _name(s.reported_by),
        "signalen": _labels(s.signals, Signal),
        "levensgebeurtenissen": _labels(s.life_events, LifeEvent),
        "toelichting": "" if text_left_out else s.description,
        "toelichting_weggelaten": text_left_out,
        "urgentie": s.get_urgency_display(),
        "melder_wil_horen_dat_de_melding_is_opgepakt": None if reporter_left_out else s.reporter_wants_news,
        "melder_op_de_hoogte_gebracht_op": None if reporter_left_out else _when(s.reporter_news_at),
        "weet_de_persoon_ervan": s.get_person_knows_display() if s.person_knows else "",
    }


def _timeline_line(e: Gebeurtenis, withhold: _Withholding) -> dict[str, Any]:
    when = f"{timezone.localtime(e.happened_at):%d-%m-%Y %H:%M}"
    if e.kind == EntryKind.MELDER and isinstance(e.data.get("signaal"), int):
        # What the reporter heard back is about the reporter: it goes with the reporter of that signal.
        left_out = withhold(
            REPORTER, e.data["signaal"], _("De melder van een signaal: wat de melder terughoorde"), always=True
        )
    else:
        left_out = bool(e.text) and withhold(
            AboutOthersKind.GEBEURTENIS,
            e.pk,
            _("De regel op de tijdlijn van %(when)s (%(kind)s)") % {"when": when, "kind": e.get_kind_display()},
        )
    return {
        "id": e.pk,
        "wanneer": _when(e.happened_at),
        "soort": e.get_kind_display(),
        "tekst": "" if left_out else e.text,
        "gegevens": {} if left_out else e.data,
        "door": _name(e.author),
        "corrigeert": e.corrects_id,
        "vastgelegd_op": _when(e.created_at),
        "weggelaten": left_out,
    }


def _step(s: Stap, withhold: _Withholding) -> dict[str, Any]:
    left_out = bool(s.note) and withhold(
        AboutOthersKind.STAP,
        s.pk,
        _("De toelichting bij de stap ‘%(step)s’ van %(on)s")
        % {"step": s.get_step_display(), "on": f"{s.on:%d-%m-%Y}"},
    )
    return {
        "id": s.pk,
        "datum": s.on,
        "stap": s.get_step_display(),
        "antwoord": s.get_answer_display(),
        "toelichting": "" if left_out else s.note,
        "weggelaten": left_out,
        "door": _name(s.author),
    }
