"""The worklist's reads: the cases of the meldpunten a staff member works for, in lists, counted and searched;
the cases overdue for a first contact; possible duplicates of a new signal."""

import contextlib
import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Upper
from django.utils import timezone

from coalition.models import User, normalise_postcode

from ..choices import OPEN_STATUSES, Status, Urgency
from ..models import Melding, Meldpunt, Signaal, format_case_number
from ..workdays import subtract_working_days


def meldpunten_for_user(user: User) -> QuerySet[Meldpunt]:
    """The meldpunten a staff member works for, with their gemeente and staff count."""
    return (
        Meldpunt.objects.filter(staff=user)
        .select_related("gemeente")
        .annotate(staff_count=Count("staff", distinct=True))
        .order_by("name")
    )


def first_contact_cutoff(today: date | None = None) -> date:
    """A case received before the start of this day without first contact is overdue."""
    today = today or timezone.localdate()
    return subtract_working_days(today, settings.MELDPUNT_FIRST_CONTACT_WORKING_DAYS)


def overdue_q(today: date | None = None) -> Q:
    """Open, no first contact, and received before the start of the cutoff day (local time).

    Compared with the start of that day rather than with `received_at__date`, so the index on received_at
    can be used: the same cases, without converting every row's time to a date.
    """
    cutoff = first_contact_cutoff(today)
    start_of_cutoff = timezone.make_aware(datetime.combine(cutoff, time.min))
    return Q(status__in=OPEN_STATUSES, first_contact_at__isnull=True, received_at__lt=start_of_cutoff)


def overdue_first_contact(queryset: QuerySet[Melding], today: date | None = None) -> QuerySet[Melding]:
    return queryset.filter(overdue_q(today))


def possible_duplicates(
    meldpunt: Meldpunt, name: str, birth_year: int | None = None, postcode: str = "", exclude: Melding | None = None
) -> QuerySet[Melding]:
    """Open cases of this meldpunt about someone with the same name and the same year of birth or postcode."""
    name = (name or "").strip()
    if not name or not (birth_year or postcode):
        return Melding.objects.none()
    same = Q()
    if birth_year:
        same |= Q(person_birth_year=birth_year)
    if postcode:
        # A postcode that is no postcode matches nothing; the year of birth still may.
        with contextlib.suppress(ValidationError):
            same |= Q(person_postcode=normalise_postcode(postcode))
    if not same:
        return Melding.objects.none()
    queryset = (
        Melding.objects.open()
        .annotate(upper_name=Upper("person_name"))
        .filter(meldpunt=meldpunt, upper_name=name.upper())
        .filter(same)
        .select_related("owner")
        .order_by("-received_at")
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset[:5]


# --- The worklist ----------------------------------------------------------------------------------------------

# The lists of the worklist, in the order of the tabs. "alle" (open and closed) is what a search looks through
# when no list is chosen. "eerst-nakijken" holds the web-form reports that may be spam (Melding.pending_check):
# they are on no other list, and no search finds them elsewhere, until staff accept them (services/checkfirst.py).
CHECK_FIRST = "eerst-nakijken"
WORKLIST_VIEWS = ["nieuw", "mijn", "te-laat", "wacht", "open", "gesloten", CHECK_FIRST]
SEARCH_ALL = "alle"
SEARCH_MAX_LENGTH = 100

_URGENCY_RANK = Case(
    When(urgency=Urgency.ACUUT, then=Value(0)), When(urgency=Urgency.HOOG, then=Value(1)), default=Value(2)
)
_NUMBER_RE = re.compile(r"(?:ME-?)?([0-9]{4})-([0-9]{1,5})")
_SHORT_NUMBER_RE = re.compile(r"(?:ME-?)?([0-9]{1,5})")
_POSTCODE_RE = re.compile(r"[1-9][0-9]{3}[A-Z]{2}")
_PC4_RE = re.compile(r"[1-9][0-9]{3}")


def _view_filter(view: str, user: User) -> Q:
    if view == CHECK_FIRST:
        return Q(pending_check=True)
    checked = Q(pending_check=False)
    return checked & {
        "nieuw": Q(status=Status.NIEUW, owner__isnull=True),
        "mijn": Q(status__in=OPEN_STATUSES, owner=user),
        "te-laat": overdue_q(),
        "wacht": Q(status=Status.WACHT_OP_PARTNER),
        "open": Q(status__in=OPEN_STATUSES),
        "gesloten": Q(status=Status.GESLOTEN),
    }.get(view, Q())


def _view_order(view: str) -> list[Any]:
    orders: dict[str, list[Any]] = {
        # Acuut and hoog first, then whoever has waited longest.
        "nieuw": [_URGENCY_RANK, "received_at", "pk"],
        "mijn": [F("follow_up_on").asc(nulls_last=True), _URGENCY_RANK, "received_at", "pk"],
        "te-laat": ["received_at", "pk"],  # the oldest overdue case first
        "wacht": [F("follow_up_on").asc(nulls_last=True), "last_activity_at", "pk"],
        "open": [_URGENCY_RANK, "-received_at", "-pk"],
        "gesloten": ["-closed_at", "-pk"],  # a closed case always has closed_at (a constraint)
        CHECK_FIRST: ["received_at", "pk"],  # the oldest first: a real citizen should not wait long
    }
    return orders.get(view, ["-received_at", "-pk"])


def clean_search(q: str | None) -> str:
    """What was typed in the search box, without NUL bytes (PostgreSQL refuses them) and not endlessly long."""
    return " ".join((q or "").replace("\x00", "").split())[:SEARCH_MAX_LENGTH]


def search_filter(q: str) -> Q:
    """A case number (ME-2026-00123, 2026-123 or just 123), a postcode (7511 AB, 7511ab, or the four digits 7511)
    or part of a name (capitals do not matter)."""
    q = clean_search(q)
    compact = "".join(q.split()).upper()
    dashed = re.sub(r"[\s-]+", "-", q.upper())  # ME 2026 123 → ME-2026-123
    if match := _NUMBER_RE.fullmatch(dashed) or _NUMBER_RE.fullmatch(compact):
        return Q(number=format_case_number(int(match[1]), int(match[2])))
    if _POSTCODE_RE.fullmatch(compact):
        return Q(person_postcode=compact)
    if match := _SHORT_NUMBER_RE.fullmatch(compact):
        # Just the sequence number: that number in any recent year (an IN list, so the unique index is used).
        year = timezone.localdate().year
        numbers = [format_case_number(y, int(match[1])) for y in range(year - 10, year + 2)]
        found = Q(number__in=numbers)
        if _PC4_RE.fullmatch(compact):
            found |= Q(person_postcode__gte=f"{compact}AA", person_postcode__lte=f"{compact}ZZ")
        return found
    return Q(person_name__icontains=q)


def _cases_of(user: User, meldpunt_ids: Iterable[int] | None = None) -> QuerySet[Melding]:
    """The cases of the meldpunten `user` works for. Pass `meldpunt_ids` when they are known already: then no join
    is needed, and the indexes that start with the meldpunt give the rows in order."""
    if meldpunt_ids is None:
        return Melding.objects.for_staff(user)
    return Melding.objects.filter(meldpunt_id__in=list(meldpunt_ids))


def worklist(user: User, view: str, q: str = "", meldpunt_ids: Iterable[int] | None = None) -> QuerySet[Melding]:
    """The cases on one list of the worklist, of the meldpunten `user` works for, sorted for that list.

    `view` is one of WORKLIST_VIEWS (or SEARCH_ALL); `q` narrows it down (see search_filter). `meldpunt_ids`: the
    meldpunten of `user`, when the caller has them. Each case has `overdue` (no first contact in time) for the
    marker in its row.
    """
    queryset = _cases_of(user, meldpunt_ids).filter(_view_filter(view, user))
    if clean_search(q):
        queryset = queryset.filter(search_filter(q))
    queryset = (
        queryset.select_related("owner", "wijk", "meldpunt__gemeente")
        .annotate(overdue=ExpressionWrapper(overdue_q(), output_field=BooleanField()))
        .order_by(*_view_order(view))
    )
    if view == CHECK_FIRST:
        # Why it waits here, and what was written: staff judge spam by it. From the case's first signal, in the
        # same query.
        first_signal = Signaal.objects.filter(melding=OuterRef("pk")).order_by("received_at", "pk")
        queryset = queryset.annotate(
            check_reason=Subquery(first_signal.values("check_first")[:1]),
            check_description=Subquery(first_signal.values("description")[:1]),
        )
    return queryset


def worklist_counts(user: User, meldpunt_ids: Iterable[int] | None = None) -> dict[str, int]:
    """How many cases each list of the worklist holds: the open lists in one query over the open cases, and the
    closed ones counted from the index (most cases are closed)."""
    cases = _cases_of(user, meldpunt_ids)
    open_views = [view for view in WORKLIST_VIEWS if view != "gesloten"]  # "eerst-nakijken" too: those are open
    counts = cases.filter(status__in=OPEN_STATUSES).aggregate(
        **{view.replace("-", "_"): Count("pk", filter=_view_filter(view, user)) for view in open_views}
    )
    counts = {view: counts[view.replace("-", "_")] for view in open_views}
    counts["gesloten"] = cases.filter(status=Status.GESLOTEN).count()
    return counts
