"""Reads of the meldpunt, one module per area: the worklist, the track record ("wat werkt"), the partner inbox,
suggested activities, the case page, its referrals, privacy (the audit log, the right of access), the meldpunten
(for the forms that pass on a signal) and a user's notifications.

Inside the meldpunt, import from the area modules. What other apps and the dashboard read is re-exported here, so
they import `meldpunt.queries` (the way in that pyproject.toml's import contracts allow): the track record (with
the before/after measurements of the people referred to one activity, for a subsidised project's report), the
worklist's counts, and the monitor's figures for the steering group's dashboard (monitor.py).
"""

from .monitor import (
    CHANGE_GROUPS,
    COMPLETED_OUTCOMES,
    NO_PROFILE_KEY,
    NO_WIJK_KEY,
    ChangeRow,
    Estimate,
    FollowUpFigures,
    Headline,
    OpenAge,
    PartnerFigures,
    ReferralBreakdown,
    ReferralFigures,
    SignalBreakdown,
    choice_labels,
    follow_up_figures,
    headlines,
    loneliness_change,
    partner_referral_figures,
    referral_breakdown,
    signal_breakdown,
)
from .trackrecord import (
    NO_ACTIVITY_KEY,
    TRACK_RECORD_GROUPS,
    TRACK_RECORD_SORTS,
    BeforeAfterRow,
    TrackRecordRow,
    activity_before_after,
    activity_track_record,
    referral_track_record,
    sort_track_record,
)
from .worklist import (
    WORKLIST_VIEWS,
    first_contact_cutoff,
    meldpunten_for_user,
    overdue_first_contact,
    worklist_counts,
)

__all__ = [
    "CHANGE_GROUPS",
    "COMPLETED_OUTCOMES",
    "NO_ACTIVITY_KEY",
    "NO_PROFILE_KEY",
    "NO_WIJK_KEY",
    "TRACK_RECORD_GROUPS",
    "TRACK_RECORD_SORTS",
    "WORKLIST_VIEWS",
    "BeforeAfterRow",
    "ChangeRow",
    "Estimate",
    "FollowUpFigures",
    "Headline",
    "OpenAge",
    "PartnerFigures",
    "ReferralBreakdown",
    "ReferralFigures",
    "SignalBreakdown",
    "TrackRecordRow",
    "activity_before_after",
    "activity_track_record",
    "choice_labels",
    "first_contact_cutoff",
    "follow_up_figures",
    "headlines",
    "loneliness_change",
    "meldpunten_for_user",
    "overdue_first_contact",
    "partner_referral_figures",
    "referral_breakdown",
    "referral_track_record",
    "signal_breakdown",
    "sort_track_record",
    "worklist_counts",
]
