"""A case's referrals in words, for the case page: the status and outcome of each row of
queries.referrals.referral_rows."""

from django.utils.translation import gettext as _

from socialekaart.models import Activiteit, JoinMethod

from ..choices import Outcome, ReferralStatus
from ..models import Melding


def rows(referral_rows: list[dict]) -> list[dict]:
    """Each row with `status_label` and `outcome_label` (empty without an outcome)."""
    statuses, outcomes = dict(ReferralStatus.choices), dict(Outcome.choices)
    for row in referral_rows:
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["outcome_label"] = outcomes.get(row["outcome"], "")
    return referral_rows


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
