"""Reads of the monitor's own figures, for the dashboard: the GGD's loneliness figures, each gemeente's ambition line
with the measurements against it, and the number of inhabitants aged 65 and over.

These are percentages and counts that the GGD and the CBS published, not counts of people in our own files, so they
are not suppressed below MIN_CELL: the dashboard shows them as published. A GGD figure based on fewer than
SMALL_SAMPLE people asked is flagged (`small_sample`), so the dashboard can show it with a warning; an unknown sample
size (the seeds give none) is not flagged. Percentages are Decimals with one decimal, as stored.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from .models import AGE_GROUP_ORDER, Ambitie, Gezondheidscijfer, Inwonertal, expected_on_line

# The expected percentage on a line in a year (None outside it).
LineFunction = Callable[[int], Decimal | None]

# A GGD figure of fewer people asked than this is flagged as uncertain (not hidden: the GGD published it).
SMALL_SAMPLE = 10


def is_small_sample(sample_size: int | None) -> bool:
    """True when the figure rests on fewer than SMALL_SAMPLE people asked; False when that number is unknown."""
    return sample_size is not None and sample_size < SMALL_SAMPLE


# ---------------------------------------------------------------------------
# GGD figures
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class GgdFigure:
    """One GGD figure: a population's loneliness in a gemeente (wijk_id None) or one of its wijken, in one year."""

    gemeente_id: int
    gemeente: str
    wijk_id: int | None
    wijk: str  # "" for the whole gemeente
    year: int
    group: str  # an AgeGroup value
    lonely: Decimal | None  # % eenzaam (score 3–11); None: the source does not give it
    severely_lonely: Decimal | None  # % ernstig and zeer ernstig eenzaam (9–11)
    emotionally_lonely: Decimal | None
    socially_lonely: Decimal | None
    sample_size: int | None  # people asked; None: unknown
    small_sample: bool  # fewer than SMALL_SAMPLE people asked
    source: str


def _group_order() -> Case:
    return Case(
        *(When(group=group, then=Value(position)) for group, position in AGE_GROUP_ORDER.items()),
        default=Value(len(AGE_GROUP_ORDER)),
        output_field=IntegerField(),
    )


def _of_gemeenten(queryset: QuerySet[Any], gemeente_ids: Sequence[int] | None) -> QuerySet[Any]:
    return queryset if gemeente_ids is None else queryset.filter(gemeente_id__in=list(gemeente_ids))


def ggd_figures(*, gemeente_ids: Sequence[int] | None = None, wijk_id: int | None = None) -> list[GgdFigure]:
    """Every year's GGD figures of the gemeenten (all when None) at gemeente level, and with `wijk_id` also that
    wijk's. Ordered by gemeente (name), year, group (everyone, volwassenen, ouderen), the gemeente before its wijk.
    One query."""
    area = Q(wijk__isnull=True) | Q(wijk_id=wijk_id) if wijk_id is not None else Q(wijk__isnull=True)
    rows = (
        _of_gemeenten(Gezondheidscijfer.objects.filter(area), gemeente_ids)
        .annotate(group_order=_group_order())
        .order_by("gemeente__name", "gemeente_id", "year", "group_order", F("wijk__name").asc(nulls_first=True))
        .values(
            "gemeente_id",
            "gemeente__name",
            "wijk_id",
            "wijk__name",
            "year",
            "group",
            "lonely",
            "severely_lonely",
            "emotionally_lonely",
            "socially_lonely",
            "sample_size",
            "source",
        )
    )
    return [
        GgdFigure(
            gemeente_id=row["gemeente_id"],
            gemeente=row["gemeente__name"],
            wijk_id=row["wijk_id"],
            wijk=row["wijk__name"] or "",
            year=row["year"],
            group=row["group"],
            lonely=row["lonely"],
            severely_lonely=row["severely_lonely"],
            emotionally_lonely=row["emotionally_lonely"],
            socially_lonely=row["socially_lonely"],
            sample_size=row["sample_size"],
            small_sample=is_small_sample(row["sample_size"]),
            source=row["source"],
        )
        for row in rows
    ]


# ---------------------------------------------------------------------------
# Ambition lines
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AmbitionPoint:
    """A point of the ambition line: the percentage lonely expected in a year."""

    year: int
    pct: Decimal


@dataclass(frozen=True)
class MeasuredPoint:
    """A GGD measurement of the ambition's group at gemeente level, with the line's value that year."""

    year: int
    pct: Decimal  # % eenzaam
    sample_size: int | None
    small_sample: bool
    expected: Decimal | None  # on the line that year; None before the baseline year or after the target year


@dataclass(frozen=True)
class AmbitionLine:
    """A gemeente's ambition as a straight line from baseline to target, and the GGD's measurements against it.

    `on_track`: the latest measurement is at or below the line (after the target year: at or below the target).
    None when there is no measurement after the baseline year yet, so nothing to judge.
    """

    gemeente_id: int
    gemeente: str
    group: str  # the AgeGroup value the ambition is about; `measured` is of this group
    baseline: AmbitionPoint
    target: AmbitionPoint
    expected: tuple[AmbitionPoint, ...]  # every year from baseline to target, both included
    measured: tuple[MeasuredPoint, ...]  # every year with a measurement, oldest first (also before the baseline)
    latest: MeasuredPoint | None
    on_track: bool | None
    source: str


def _on_track(latest: MeasuredPoint | None, *, baseline_year: int, target_year: int, line: LineFunction) -> bool | None:
    """At or below the line in the latest measurement's year (after the target year: at or below the target); None
    without a measurement after the baseline year."""
    if latest is None or latest.year <= baseline_year:
        return None
    expected = line(min(latest.year, target_year))
    return expected is not None and latest.pct <= expected


def ambition_lines(
    gemeente_ids: Sequence[int] | None = None, *, figures: Sequence[GgdFigure] | None = None
) -> list[AmbitionLine]:
    """The ambition line of each gemeente (all when None) that has one, by gemeente name, with the percentage lonely
    the GGD measured in the ambition's group at gemeente level. Two queries (none for the measurements when there is
    no ambition); one when the caller has read the same gemeenten's `figures` (ggd_figures) already."""
    ambitions = list(
        _of_gemeenten(Ambitie.objects.all(), gemeente_ids)
        .order_by("gemeente__name", "gemeente_id")
        .values(
            "gemeente_id",
            "gemeente__name",
            "group",
            "baseline_year",
            "baseline_pct",
            "target_year",
            "target_pct",
            "source",
        )
    )
    if not ambitions:
        return []
    measurements: Any
    if figures is not None:
        groups = {a["gemeente_id"]: a["group"] for a in ambitions}
        measurements = [
            (f.gemeente_id, f.year, f.lonely, f.sample_size)
            for f in figures
            if f.wijk_id is None and f.lonely is not None and groups.get(f.gemeente_id) == f.group
        ]
    else:
        measurements = (
            Gezondheidscijfer.objects.filter(
                gemeente_id__in=[a["gemeente_id"] for a in ambitions],
                wijk__isnull=True,
                lonely__isnull=False,
                # The ambition's own group: the join goes through the gemeente's (one) ambition.
                group=F("gemeente__ambitie__group"),
            )
            .order_by("gemeente_id", "year")
            .values_list("gemeente_id", "year", "lonely", "sample_size")
        )
    measured: dict[int, list[tuple[int, Decimal, int | None]]] = {}
    for gemeente_id, year, lonely, sample_size in measurements:
        if lonely is not None:  # always so (filtered above); says so to the type checker
            measured.setdefault(gemeente_id, []).append((year, lonely, sample_size))

    lines = []
    for a in ambitions:

        def on_line(year: int, a: dict[str, Any] = a) -> Decimal | None:
            return expected_on_line(
                baseline_year=a["baseline_year"],
                baseline_pct=a["baseline_pct"],
                target_year=a["target_year"],
                target_pct=a["target_pct"],
                year=year,
            )

        points = tuple(
            MeasuredPoint(
                year=year,
                pct=lonely,
                sample_size=sample_size,
                small_sample=is_small_sample(sample_size),
                expected=on_line(year),
            )
            for year, lonely, sample_size in measured.get(a["gemeente_id"], [])
        )
        latest = points[-1] if points else None
        lines.append(
            AmbitionLine(
                gemeente_id=a["gemeente_id"],
                gemeente=a["gemeente__name"],
                group=a["group"],
                baseline=AmbitionPoint(a["baseline_year"], a["baseline_pct"]),
                target=AmbitionPoint(a["target_year"], a["target_pct"]),
                expected=tuple(
                    AmbitionPoint(year, pct)
                    for year in range(a["baseline_year"], a["target_year"] + 1)
                    if (pct := on_line(year)) is not None
                ),
                measured=points,
                latest=latest,
                on_track=_on_track(
                    latest, baseline_year=a["baseline_year"], target_year=a["target_year"], line=on_line
                ),
                source=a["source"],
            )
        )
    return lines


# ---------------------------------------------------------------------------
# Inhabitants aged 65 and over
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Inhabitants65Plus:
    """The number of inhabitants aged 65 and over of a gemeente or wijk, and the year that number is of."""

    count: int
    year: int


@dataclass(frozen=True)
class Population65Plus:
    """Inhabitants aged 65+ per gemeente (its own figure, not a sum of its wijken) and per wijk, each of the latest
    year up to the year asked. A gemeente or wijk that is missing has no known number ("inwonertal onbekend")."""

    gemeenten: dict[int, Inhabitants65Plus]  # by gemeente id
    wijken: dict[int, Inhabitants65Plus]  # by wijk id

    def of_gemeente(self, gemeente_id: int) -> Inhabitants65Plus | None:
        return self.gemeenten.get(gemeente_id)

    def of_wijk(self, wijk_id: int) -> Inhabitants65Plus | None:
        return self.wijken.get(wijk_id)


def population_65plus(*, gemeente_ids: Sequence[int] | None = None, year: int) -> Population65Plus:
    """Inhabitants aged 65+ of the gemeenten (all when None) and their wijken, each of the latest year ≤ `year`.
    One query (DISTINCT ON gemeente and wijk, the latest year first)."""
    rows = (
        _of_gemeenten(Inwonertal.objects.filter(year__lte=year), gemeente_ids)
        .order_by("gemeente_id", "wijk_id", "-year")
        .distinct("gemeente_id", "wijk_id")
        .values_list("gemeente_id", "wijk_id", "year", "inhabitants_65plus")
    )
    gemeenten: dict[int, Inhabitants65Plus] = {}
    wijken: dict[int, Inhabitants65Plus] = {}
    for gemeente_id, wijk_id, found_year, count in rows:
        if wijk_id is None:
            gemeenten[gemeente_id] = Inhabitants65Plus(count=count, year=found_year)
        else:
            wijken[wijk_id] = Inhabitants65Plus(count=count, year=found_year)
    return Population65Plus(gemeenten=gemeenten, wijken=wijken)
