"""The partner inbox's reads: the referrals of the organisations a partner acts for, with only what consent allows.

Nothing of the case travels beyond the referral. The list reads plain values (meldpunt/presenters/inbox.py makes
its rows), and the person's name comes out of the database only for referrals that share contact details. The
detail page gets a `PartnerReferral`: a frozen copy holding only what the partner may see, never the case itself,
so no template can show the case number, the signals or the timeline by mistake.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Case, CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.models import Organisatie, User

from ..choices import ConsentKind
from ..models import Toestemming, Verwijzing
from ..workflows import INBOX_TABS, REFERRAL, next_step

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# The inbox's tabs ({key: (name, statuses)}), from the referral's workflow table.
TABS = {key: (INBOX_TABS[key], statuses) for key, statuses in REFERRAL.tabs().items()}
DEFAULT_TAB = "nieuw"


def organisaties_for(user: User) -> list[Organisatie]:
    """The organisations whose inbox this user reads (a partner acts for them)."""
    return list(user.organisaties.order_by("name").only("pk", "name"))


def acts_for(user: User, organisatie_id: int) -> bool:
    return bool(user.organisaties.filter(pk=organisatie_id).exists())


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------
def inbox_counts(organisatie_ids: list[int]) -> dict[str, int]:
    """How many referrals each tab holds, in one query."""
    if not organisatie_ids:
        return dict.fromkeys(TABS, 0)
    return Verwijzing.objects.filter(organisatie_id__in=organisatie_ids).aggregate(
        **{key: Count("pk", filter=Q(status__in=statuses)) for key, (_label, statuses) in TABS.items()}
    )


def inbox(organisatie_ids: list[int], tab: str) -> "QuerySet[Verwijzing, Any]":
    """One tab of the inbox, newest first, as plain values. `person_name` is empty unless contact is shared."""
    return (
        Verwijzing.objects.filter(organisatie_id__in=organisatie_ids, status__in=TABS[tab][1])
        .order_by("-sent_at", "-pk")
        .values(
            "pk",
            "status",
            "sent_at",
            "planned_start",
            "first_contact_at",
            "outcome",
            "share_contact",
            "melding_id",
            case_number=F("melding__number"),
            organisatie_name=F("organisatie__name"),
            activiteit_title=F("activiteit__title"),
            wijk_name=F("melding__wijk__name"),
            person_name=Case(
                When(share_contact=True, then=F("melding__person_name")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
    )


# ---------------------------------------------------------------------------
# One referral
# ---------------------------------------------------------------------------
# What is read of the case: its number for the audit log, its wijk and its meldpunt. The person's details (and the
# handover note) come out of the database only when the referral shares them.
_CASE_FIELDS = [
    "melding__number",
    "melding__wijk__name",
    "melding__meldpunt__name",
    "melding__meldpunt__phone",
    "melding__meldpunt__email",
    "melding__meldpunt__opening_hours",
]
_CONTACT = Q(consent=True, share_contact=True)
_NOTE = Q(consent=True, share_note=True)


def _shared(condition: Q, field_name: str) -> Case:
    return Case(When(condition, then=F(field_name)), default=Value(""), output_field=CharField())


class Shared(TypedDict):
    """What `referral()` adds to the referral: the person's details, empty unless consent shares them."""

    shared_name: str
    shared_address: str
    shared_postcode: str
    shared_phone: str
    shared_note: str
    consent_withdrawn_at: datetime | None


if TYPE_CHECKING:
    SharedReferral: TypeAlias = WithAnnotations[Verwijzing, Shared]


def referral(pk: int) -> "SharedReferral | None":
    """The referral with what the partner's page needs, in one query (None when there is none)."""
    return (
        Verwijzing.objects.select_related("organisatie", "activiteit", "melding__wijk", "melding__meldpunt")
        .only(
            *[f.name for f in Verwijzing._meta.concrete_fields if f.name not in ("sent_by", "handover_note")],
            "organisatie__name",
            "activiteit__title",
            *_CASE_FIELDS,
        )
        .annotate(
            shared_name=_shared(_CONTACT, "melding__person_name"),
            shared_address=_shared(_CONTACT, "melding__person_address"),
            shared_postcode=_shared(_CONTACT, "melding__person_postcode"),
            shared_phone=_shared(_CONTACT, "melding__person_phone"),
            shared_note=_shared(_NOTE, "handover_note"),
            consent_withdrawn_at=Subquery(
                Toestemming.objects.filter(verwijzing=OuterRef("pk"), kind=ConsentKind.INGETROKKEN)
                .order_by("-recorded_at", "-pk")
                .values("recorded_at")[:1]
            ),
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class HistoryLine:
    label: str
    at: datetime | date
    text: str = ""


@dataclass(frozen=True)
class PartnerReferral:
    """What a partner sees of one referral: only what consent allows."""

    pk: int
    reference: str
    status: str
    status_label: str
    sent_at: datetime
    organisatie_name: str
    activiteit_title: str
    planned_start: date | None
    wijk_name: str
    meldpunt_name: str
    meldpunt_phone: str
    meldpunt_email: str
    meldpunt_opening_hours: str
    share_contact: bool
    share_note: bool
    person_name: str = ""
    person_address: str = ""  # the street and number; the page writes it out with the postcode
    person_postcode: str = ""
    person_phone: str = ""
    handover_note: str = ""
    first_contact_at: datetime | None = None
    consent_withdrawn_at: datetime | None = None  # set while the person's consent stays withdrawn
    next_step: str = ""
    history: list[HistoryLine] = field(default_factory=list)

    # Which answers the page offers: the steps the workflow table allows from the referral's status.
    @property
    def can_answer(self) -> bool:
        return REFERRAL.can("geaccepteerd", self.status)

    @property
    def can_record_first_contact(self) -> bool:
        return REFERRAL.can("eerste_contact", self.status) and self.first_contact_at is None

    @property
    def can_record_start(self) -> bool:
        return REFERRAL.can("gestart", self.status)

    @property
    def can_close(self) -> bool:
        return REFERRAL.can("afgesloten", self.status)

    @property
    def has_actions(self) -> bool:
        return self.can_answer or self.can_record_first_contact or self.can_record_start or self.can_close


def _history(verwijzing: Verwijzing, withdrawn_at: datetime | None = None) -> list[HistoryLine]:
    """The referral's own steps, from its own dates (the case's timeline stays with the meldpunt), and when the
    person withdrew consent (nothing else of the consent history: how and why stay with the meldpunt)."""
    lines = [HistoryLine(_("Verstuurd door het meldpunt"), verwijzing.sent_at)]
    if verwijzing.accepted_at:
        lines.append(HistoryLine(_("Geaccepteerd"), verwijzing.accepted_at))
    if verwijzing.declined_at:
        lines.append(HistoryLine(_("Afgewezen"), verwijzing.declined_at, verwijzing.decline_reason))
    if verwijzing.first_contact_at:
        lines.append(HistoryLine(_("Eerste contact"), verwijzing.first_contact_at))
    if verwijzing.started_on:
        lines.append(HistoryLine(_("Gestart"), verwijzing.started_on))
    if verwijzing.closed_at:
        text = verwijzing.get_outcome_display()
        if verwijzing.outcome_note:
            text = f"{text}: {verwijzing.outcome_note}"
        lines.append(HistoryLine(_("Afgesloten"), verwijzing.closed_at, text))
    if withdrawn_at:
        withdrawal = HistoryLine(
            _("Toestemming ingetrokken"),
            withdrawn_at,
            _("Naam, contactgegevens en overdrachtsnotitie zijn niet meer zichtbaar."),
        )
        later = next((n for n, line in enumerate(lines) if _moment(line.at) > withdrawn_at), len(lines))
        lines.insert(later, withdrawal)
    return lines


def _moment(at: datetime | date) -> datetime:
    """A step's moment, a day (the start) as its first moment, to place the withdrawal among the steps."""
    if isinstance(at, datetime):
        return at
    return timezone.make_aware(datetime.combine(at, time.min))


def partner_view(verwijzing: "SharedReferral") -> PartnerReferral:
    """The referral as its partner may see it (`verwijzing` as read by referral(): with the shared_* values)."""
    melding = verwijzing.melding
    meldpunt = melding.meldpunt
    contact = verwijzing.consent and verwijzing.share_contact
    note = verwijzing.consent and verwijzing.share_note
    withdrawn_at = None if verwijzing.consent else verwijzing.consent_withdrawn_at
    return PartnerReferral(
        pk=verwijzing.pk,
        reference=verwijzing.reference,
        status=verwijzing.status,
        status_label=verwijzing.get_status_display(),
        sent_at=verwijzing.sent_at,
        organisatie_name=verwijzing.organisatie.name,
        activiteit_title=verwijzing.activiteit.title if verwijzing.activiteit else "",
        planned_start=verwijzing.planned_start,
        wijk_name=melding.wijk.name if melding.wijk else "",
        meldpunt_name=meldpunt.name,
        meldpunt_phone=meldpunt.phone,
        meldpunt_email=meldpunt.email,
        meldpunt_opening_hours=meldpunt.opening_hours,
        share_contact=contact,
        share_note=note,
        person_name=verwijzing.shared_name if contact else "",
        person_address=verwijzing.shared_address if contact else "",
        person_postcode=verwijzing.shared_postcode if contact else "",
        person_phone=verwijzing.shared_phone if contact else "",
        handover_note=verwijzing.shared_note if note else "",
        first_contact_at=verwijzing.first_contact_at,
        consent_withdrawn_at=withdrawn_at,
        next_step=next_step(verwijzing.status, verwijzing.first_contact_at),
        history=_history(verwijzing, withdrawn_at),
    )
