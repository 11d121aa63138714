"""A case's referrals in words, for the case page: the status and outcome of each row of
queries.referrals.referral_rows."""

from django.urls import reverse
from django.utils.translation import gettext as _

from socialekaart.models import Activiteit, JoinMethod

from ..choices import ConsentHow, ConsentKind, Outcome, ReferralStatus
from ..models import Melding


def rows(referral_rows: list[dict], number: str = "", can_refer: bool = False) -> list[dict]:
    """Each row with `status_label` and `outcome_label` (empty without an outcome), its consent history in words
    (`consent_lines`), and with consent and the case's `number` the address to withdraw it (`withdraw_url`).

    A stalled referral (queries/escalation.py) gets `escalation`, the words asking the meldpunt to act; a stalled or
    declined one, when the case can still be referred (`can_refer`), gets `reroute_url`: the referral page without
    that organisation in the suggestions."""
    statuses, outcomes = dict(ReferralStatus.choices), dict(Outcome.choices)
    for row in referral_rows:
        row["escalation"] = escalation_text(row) if row.get("stalled") else ""
        reroutable = row.get("stalled") or row["status"] == ReferralStatus.AFGEWEZEN
        row["reroute_url"] = reroute_url(number, row["organisatie_id"]) if number and can_refer and reroutable else ""
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["outcome_label"] = outcomes.get(row["outcome"], "")
        row["consent_lines"] = consent_lines(row.get("consent_history") or [])
        row["withdraw_url"] = (
            reverse("meldpunt:referral_consent_withdraw", args=[number, row["pk"]]) if number and row["consent"] else ""
        )
    return referral_rows


def reroute_url(number: str, organisatie_id: int) -> str:
    """The referral page for the case, its suggestions without the organisation that did not answer or declined."""
    return f"{reverse('meldpunt:referral_create', args=[number])}?zonder={organisatie_id:d}#suggesties"


def escalation_text(row: dict) -> str:
    """What the meldpunt does about a stalled referral: call the partner, or refer to an alternative."""
    values = {"ref": row["reference"], "organisatie": row["organisatie"], "phone": row.get("organisatie_phone")}
    if values["phone"]:
        return (
            _(
                "%(ref)s is na de herinnering nog niet geaccepteerd: bel de partner (%(organisatie)s, %(phone)s) of "
                "verwijs door naar een alternatief."
            )
            % values
        )
    return (
        _(
            "%(ref)s is na de herinnering nog niet geaccepteerd: bel de partner (%(organisatie)s; er staat geen "
            "telefoonnummer bij de organisatie) of verwijs door naar een alternatief."
        )
        % values
    )


def phone_only(activiteit: Activiteit) -> bool:
    """Signing up goes by phone, and a phone number is the activity's only contact (no e-mail, no website)."""
    return (
        activiteit.join_method == JoinMethod.AANMELDEN
        and bool(activiteit.contact_phone.strip())
        and not activiteit.contact_email
        and not activiteit.website
    )


def phone_warning(activiteit: Activiteit | None, melding: Melding) -> str:
    """A warning for a referral to an activity that only works by phone while the person's number is unknown."""
    if activiteit is None or melding.person_phone.strip() or not phone_only(activiteit):
        return ""
    return _(
        "Voor deze activiteit meldt de persoon zich aan door te bellen, en alleen een telefoonnummer is bekend. "
        "Het telefoonnummer van de persoon staat niet in de melding: de partner kan de persoon dan niet bellen. "
        "Vul het telefoonnummer in bij de persoonsgegevens, of spreek af dat u samen met de persoon belt."
    )


def covers(contact: bool, note: bool) -> str:
    """What a consent covers, in words."""
    if contact and note:
        return str(_("naam en contactgegevens, en de overdrachtsnotitie"))
    if contact:
        return str(_("naam en contactgegevens"))
    if note:
        return str(_("de overdrachtsnotitie"))
    return str(_("niets persoonlijks"))


def consent_lines(history: list[dict]) -> list[dict]:
    """The consent history (dicts with kind, covers_contact, covers_note, how, recorded_at, recorded_by, note) with
    `kind_label`, `how_label` and `covers_label` (empty for a withdrawal: it covers nothing)."""
    kinds, hows = dict(ConsentKind.choices), dict(ConsentHow.choices)
    return [
        {
            **line,
            "kind_label": kinds.get(line["kind"], line["kind"]),
            "how_label": hows.get(line["how"], line["how"]),
            "covers_label": covers(line["covers_contact"], line["covers_note"])
            if line["kind"] == ConsentKind.GEGEVEN
            else "",
        }
        for line in history
    ]
