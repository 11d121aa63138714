"""Template tags of the meldpunt's pages: `{% load meldpunt_display %}`.

- `{% urgency_badge value %}` and `{% evidence_badge value %}`: the one badge for a case's (or signal's) urgency
  and for the evidence from research of an activity, with one colour per level everywhere.
- `row|track_record_text`: the texts of a track record row (presenters.trackrecord).
- `melding|duplicate_reasons`: why a case may be about the same person (queries.worklist.possible_duplicates).
- `{% address street postcode %}`: an address as it is written, "Kerkstraat 1, 7671 AB".
- `line|audit_who`: who an audit line is of, when it has no user: "systeem", or "onbekend account" (presenters.privacy).
"""

from django import template

from socialekaart.models import Evidence

from ..choices import Urgency
from ..presenters import case as case_words
from ..presenters import privacy, trackrecord
from ..presenters.text import postcode as written_postcode

register = template.Library()

QUIET = "text-bg-light border"
URGENCY_TONES: dict[str, str] = {
    Urgency.ACUUT: "text-bg-danger",
    Urgency.HOOG: "text-bg-warning",
    Urgency.NORMAAL: QUIET,
}
EVIDENCE_TONES: dict[str, str] = {Evidence.ONDERBOUWD: "text-bg-success", Evidence.KANSRIJK: "text-bg-info"}


def _label(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


@register.inclusion_tag("includes/badge.html")
def urgency_badge(value: str, prefix: str = "", normal: str = "badge") -> dict:
    """The urgency as a badge: red for acuut, yellow for hoog. `normal` says how "normaal" shows: as a quiet
    badge ("badge"), as muted text without a badge ("text"), or not at all ("none"). `prefix`: a word before
    the level ("Urgentie")."""
    label = _label(Urgency, value)
    if value == Urgency.NORMAAL and normal != "badge":
        return {"label": label if normal == "text" else "", "tone": "", "prefix": ""}
    return {"label": label, "tone": URGENCY_TONES.get(value, QUIET), "prefix": prefix}


@register.inclusion_tag("includes/badge.html")
def evidence_badge(value: str) -> dict:
    """The evidence from research as a badge: green for onderbouwd, blue for kansrijk, quiet for onbekend;
    nothing when there is no value (a group that is not one activity)."""
    if not value:
        return {"label": "", "tone": "", "prefix": ""}
    return {"label": _label(Evidence, value), "tone": EVIDENCE_TONES.get(value, QUIET), "prefix": ""}


@register.filter
def track_record_text(row) -> trackrecord.TrackRecordText:
    return trackrecord.text(row)


@register.filter
def audit_who(line) -> str:
    return privacy.who(line)


@register.filter
def duplicate_reasons(melding) -> str:
    return case_words.duplicate_reasons(melding)


@register.simple_tag
def address(street: str, postcode: str) -> str:
    return ", ".join(part for part in (street, written_postcode(postcode or "")) if part)
