"""A case's referrals in words, for the case page: the status and outcome of each row of
queries.referrals.referral_rows."""

from ..choices import Outcome, ReferralStatus


def rows(referral_rows: list[dict]) -> list[dict]:
    """Each row with `status_label` and `outcome_label` (empty without an outcome)."""
    statuses, outcomes = dict(ReferralStatus.choices), dict(Outcome.choices)
    for row in referral_rows:
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["outcome_label"] = outcomes.get(row["outcome"], "")
    return referral_rows
