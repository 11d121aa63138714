"""Reads of the meldpunt, one module per area: the worklist, the track record ("wat werkt"), the partner inbox,
suggested activities, the case page, its referrals, privacy (the audit log, the right of access), the meldpunten
(for the forms that pass on a signal) and a user's notifications.

Inside the meldpunt, import from the area modules. What other apps and the dashboard read is re-exported here, so
they import `meldpunt.queries` (the way in that pyproject.toml's import contracts allow): the track record (with
the before/after measurements of the people referred to one activity, for a subsidised project's report) and the
worklist's counts.
"""

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
    "NO_ACTIVITY_KEY",
    "TRACK_RECORD_GROUPS",
    "TRACK_RECORD_SORTS",
    "WORKLIST_VIEWS",
    "BeforeAfterRow",
    "TrackRecordRow",
    "activity_before_after",
    "activity_track_record",
    "first_contact_cutoff",
    "meldpunten_for_user",
    "overdue_first_contact",
    "referral_track_record",
    "sort_track_record",
    "worklist_counts",
]
