"""The case page's reads: the case with what its page needs, its reports, timeline, step plan and measurements.

The case is read with three JSON annotations (who may own it, the answers of the step plan, its referrals), so the
page stays within its query budget; the other parts are one query each. What the page writes out in words is
meldpunt/presenters/case.py's work.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject

from coalition.models import User

from ..choices import EntryKind, Step, StepAnswer
from ..models import CASE_NUMBER_RE, STAFF_ROLES, DJGMeting, Gebeurtenis, Melding, PGMeting, Signaal, Stap
from .referrals import referrals_annotation


@dataclass(frozen=True)
class StaffMember:
    pk: int
    full_name: str


def case_page_cases() -> QuerySet[Melding]:
    """Cases with what their page needs. The staff of their meldpunt (who may own them), the answers of the
    step plan and the referrals come along in the same query: the case page stays within its query budget."""
    staff = (
        User.objects.filter(meldpunten=OuterRef("meldpunt_id"), is_active=True, role__in=STAFF_ROLES)
        .order_by("full_name", "pk")
        .values(json=JSONObject(pk="pk", full_name="full_name"))
    )
    steps = (
        Stap.objects.filter(melding=OuterRef("pk"))
        .order_by("-on", "-pk")
        .values(json=JSONObject(step="step", answer="answer", on="on", note="note", author="author__full_name"))
    )
    return Melding.objects.select_related("meldpunt", "owner", "wijk", "merged_into", "person_informed_by").annotate(
        staff_json=ArraySubquery(staff), steps_json=ArraySubquery(steps), referrals_json=referrals_annotation()
    )


def _json_rows(melding: Melding, annotation: str) -> list[dict[str, Any]]:
    """One of the JSON annotations case_page_cases() reads along with the case."""
    rows: list[dict[str, Any]] = getattr(melding, annotation)
    return rows


def staff_of(melding: Melding) -> list[StaffMember]:
    """Who may own this case: active staff of its meldpunt (read with the case by case_page_cases)."""
    return [StaffMember(row["pk"], row["full_name"]) for row in _json_rows(melding, "staff_json")]


def signals_of(melding: Melding) -> list[Signaal]:
    """The case's reports, with the reporter's organisation and who entered them. One query."""
    return list(melding.signalen.select_related("reporter_organisation", "reported_by"))


def timeline_of(melding: Melding) -> list[Gebeurtenis]:
    """Every line, newest first, each with `corrected_by`: the lines that correct it, oldest first (a correction
    carries the line it corrects as `corrects`). One query."""
    lines = list(melding.tijdlijn.select_related("author", "corrects__author"))
    corrections: defaultdict[int, list[Gebeurtenis]] = defaultdict(list)
    for line in lines:
        if line.corrects_id:
            corrections[line.corrects_id].append(line)
    for line in lines:
        line.corrected_by = list(reversed(corrections.get(line.pk, [])))  # type: ignore[attr-defined]  # for the page
    return lines


def owner_names(lines: list[Gebeurtenis], staff: list[StaffMember]) -> dict[int, str]:
    """The names of the owners the timeline's lines name: from `staff`, and one query for those who no longer
    work here (none when there are none)."""
    names = {member.pk: member.full_name for member in staff}
    unknown = {
        line.data.get("owner")
        for line in lines
        if line.kind == EntryKind.EIGENAAR and isinstance(line.data.get("owner"), int)
    } - names.keys()
    if unknown:
        names.update(User.objects.filter(pk__in=unknown).values_list("pk", "full_name"))
    return names


def steps_of(melding: Melding) -> list[dict[str, Any]]:
    """The four questions of the step plan, each with its newest answer (date, who) and earlier answers (read
    with the case by case_page_cases: no query)."""
    answers: defaultdict[str, list[Stap]] = defaultdict(list)
    for row in _json_rows(melding, "steps_json"):  # newest first
        stap = Stap(step=row["step"], answer=row["answer"], on=date.fromisoformat(row["on"]), note=row["note"])
        stap.author_name = row["author"] or ""  # type: ignore[attr-defined]  # for the page
        answers[stap.step].append(stap)
    return [
        {"step": step, "label": step.label, "latest": answers[step][0] if answers[step] else None,
         "earlier": answers[step][1:]}
        for step in Step
    ]  # fmt: skip


def open_steps(steps: list[dict[str, Any]]) -> list[str]:
    """The questions of the step plan (rows of steps_of) that are still open, in the plan's order: not answered
    yet, or answered with something other than "ja" (nee, nog niet bekend)."""
    return [str(row["step"]) for row in steps if row["latest"] is None or row["latest"].answer != StepAnswer.JA]


def open_steps_after(before: list[str], step: str, answer: str) -> list[str]:
    """The open questions once `step` is answered with `answer` (no query: from the open ones before)."""
    still_open = {*before} - {step} | ({step} if answer != StepAnswer.JA else set())
    return [str(value) for value in Step.values if value in still_open]


def measurement_cases() -> QuerySet[Melding]:
    """Cases as the pages that enter a measurement read them: with their meldpunt."""
    return Melding.objects.select_related("meldpunt")


def has_djg(melding: Melding) -> bool:
    return melding.djg_metingen.exists()


def has_pg(melding: Melding) -> bool:
    return melding.pg_metingen.exists()


def measurements_of(melding: Melding) -> tuple[list[DJGMeting], list[PGMeting]]:
    """The case's De Jong Gierveld and Positieve Gezondheid measurements, by date, then as entered. Two queries."""
    return list(melding.djg_metingen.all()), list(melding.pg_metingen.all())


def merge_target(melding: Melding, number: str) -> Melding | None:
    """The open case of the same meldpunt with this number, to merge `melding` into (None: there is none)."""
    number = "".join(number.split()).upper()
    if not CASE_NUMBER_RE.fullmatch(number) or number == melding.number:
        return None
    return (
        Melding.objects.open()
        .filter(meldpunt=melding.meldpunt_id, number=number)
        .select_related("owner", "wijk", "meldpunt")
        .first()
    )
