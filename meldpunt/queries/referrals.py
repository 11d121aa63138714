"""The referrals of a case, for the case page, and the case as the referral page reads it."""

from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_date, parse_datetime

from ..models import Melding, Toestemming, Verwijzing
from ..workflows import ACTIVE_REFERRAL_STATUSES
from .escalation import is_stalled, reminded_at
from .suggestions import life_events_annotation

STEP_FIELDS = ("sent_at", "accepted_at", "declined_at", "first_contact_at", "closed_at", "reminded_at")
DATE_FIELDS = ("planned_start", "started_on")


def referrals_annotation() -> ArraySubquery:
    """The case's referrals as JSON rows, newest first: annotate the case query with it as `referrals_json`
    (queries/case.py does) and the case page reads them without a query of its own."""
    rows = (
        Verwijzing.objects.filter(melding=OuterRef("pk"))
        .order_by("-sent_at", "-pk")
        .values(
            json=JSONObject(
                pk="pk",
                status="status",
                organisatie="organisatie__name",
                organisatie_id="organisatie_id",
                organisatie_phone="organisatie__phone",
                activiteit="activiteit__title",
                activiteit_slug="activiteit__slug",
                consent="consent",
                share_contact="share_contact",
                share_note="share_note",
                planned_start="planned_start",
                sent_at="sent_at",
                sent_by="sent_by__full_name",
                accepted_at="accepted_at",
                declined_at="declined_at",
                decline_reason="decline_reason",
                first_contact_at="first_contact_at",
                started_on="started_on",
                closed_at="closed_at",
                outcome="outcome",
                outcome_note="outcome_note",
                reminded_at=reminded_at(),
                consent_history=_consent_lines(),
            )
        )
    )
    return ArraySubquery(rows)


def _consent_lines() -> ArraySubquery:
    """A referral's consent history, oldest first, as JSON rows (inside referrals_annotation: no query of its own)."""
    return ArraySubquery(
        Toestemming.objects.filter(verwijzing=OuterRef("pk"))
        .order_by("recorded_at", "pk")
        .values(
            json=JSONObject(
                kind="kind",
                covers_contact="covers_contact",
                covers_note="covers_note",
                how="how",
                recorded_at="recorded_at",
                recorded_by="recorded_by__full_name",
                note="note",
            )
        )
    )


def consent_history(verwijzing: Verwijzing) -> list[Toestemming]:
    """A referral's consent history, oldest first, with who recorded each line."""
    return list(verwijzing.toestemmingen.select_related("recorded_by").order_by("recorded_at", "pk"))


def referral_rows(melding: Melding) -> list[dict[str, Any]]:
    """The case's referrals, newest first, as dicts with dates and times as such, `reference`, `is_active`
    (still running) and `stalled` (queries/escalation.py). No query when the case was read with
    referrals_annotation() (as `referrals_json`), else one."""
    rows = getattr(melding, "referrals_json", None)
    if rows is None:  # a case read without the annotation: one query
        rows = Melding.objects.filter(pk=melding.pk).values_list(referrals_annotation(), flat=True).get()
    result = []
    for stored in rows:
        row = dict(stored)
        for name in STEP_FIELDS:
            row[name] = parse_datetime(row[name]) if row[name] else None
        for name in DATE_FIELDS:
            row[name] = parse_date(row[name]) if row[name] else None
        row["consent_history"] = [
            {**line, "recorded_at": parse_datetime(line["recorded_at"])} for line in row.get("consent_history") or []
        ]
        row["reference"] = Verwijzing(pk=row["pk"]).reference
        row["is_active"] = row["status"] in ACTIVE_REFERRAL_STATUSES
        row["stalled"] = is_stalled(row["status"], row["reminded_at"])
        result.append(row)
    return result


def referral_page_cases() -> QuerySet[Melding]:
    """Cases as the referral page reads them: with meldpunt and wijk, and every life event of their signals
    (`life_events_all`), so that ranking the suggestions needs no query of its own for them."""
    return Melding.objects.select_related("meldpunt", "wijk").annotate(life_events_all=life_events_annotation())
