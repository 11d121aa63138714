"""The worklist's reads: the cases of the meldpunten a staff member works for, in lists, counted and searched;
the cases overdue for a first contact; possible duplicates of a new signal."""

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
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
from django.utils import timezone

from coalition.models import User, normalise_postcode

from .. import names
from ..choices import OPEN_STATUSES, Status, Urgency
from ..models import Melding, Meldpunt, Signaal, format_case_number
from ..names import SAME_PHONE, SAME_SURNAME_BIRTH_YEAR, SAME_SURNAME_POSTCODE
from ..workdays import subtract_working_days
from .escalation import has_stalled_referral


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


DUPLICATES_SHOWN = 5


def possible_duplicates(
    meldpunt: Meldpunt,
    name: str,
    birth_year: int | None = None,
    postcode: str = "",
    exclude: Melding | None = None,
    phone: str = "",
) -> list[Melding]:
    """Open cases of this meldpunt that may be about the same person: the same surname and postcode, the same
    surname and year of birth, or the same phone number. Titles, initials, prefixes, accents and capitals do not
    matter ("mevrouw G. Jansen" is "Greetje Jansen": meldpunt/names.py). One query, through the indexes on the
    stored keys. Each case has `match_reasons`: why it matched (SAME_SURNAME_POSTCODE, …), in that order."""
    surname = names.surname_key(name)
    phone_key = names.phone_key(phone)
    if postcode:
        try:
            postcode = normalise_postcode(postcode)
        except ValidationError:
            postcode = ""  # a postcode that is no postcode matches nothing; the rest still may
    arms = {
        SAME_SURNAME_POSTCODE: Q(person_surname_key=surname, person_postcode=postcode)
        if surname and postcode
        else None,
        SAME_SURNAME_BIRTH_YEAR: (
            Q(person_surname_key=surname, person_birth_year=birth_year) if surname and birth_year else None
        ),
        SAME_PHONE: Q(person_phone_key=phone_key) if phone_key else None,
    }
    same = Q()
    for arm in arms.values():
        if arm is not None:
            same |= arm
    if not same:
        return []
    queryset = Melding.objects.open().filter(same, meldpunt=meldpunt).select_related("owner").order_by("-received_at")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    found = list(queryset[:DUPLICATES_SHOWN])
    for melding in found:
        melding.match_reasons = [  # type: ignore[attr-defined]  # for the page
            reason
            for reason, matched in (
                (SAME_SURNAME_POSTCODE, bool(surname and postcode) and melding.person_surname_key == surname
                 and melding.person_postcode == postcode),
                (SAME_SURNAME_BIRTH_YEAR, bool(surname and birth_year) and melding.person_surname_key == surname
                 and melding.person_birth_year == birth_year),
                (SAME_PHONE, bool(phone_key) and melding.person_phone_key == phone_key),
            )
            if matched
        ]  # fmt: skip
    return found


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
BIRTH_YEAR_MIN = 1900  # as Melding's check


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


# The name search: the start of any word of the name, through the GIN index melding_name_words (the same
# expression, so PostgreSQL can use it).
NAME_SEARCH = SearchVector("person_name_words", config="simple")
_PHONE_RE = re.compile(r"\+?[0-9][0-9 ()./-]*")


def name_query(q: str) -> SearchQuery | None:
    """Each word typed as the start of a word of the name, all of them: "gre jans" → 'gre:* & jans:*'.
    The words are folded (names.name_words: only a–z and 0–9), so nothing typed can break the query."""
    words = names.name_words(q)[:10]
    if not words:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="simple")


def search_filter(q: str) -> Q:
    """A case number (ME-2026-00123, 2026-123 or just 123), a postcode (7511 AB, 7511ab, or the four digits 7511),
    a year of birth (1938), a phone number (06-1234 5678, +31 6 …) or the start of words of the name
    (Jans finds Greetje Jansen; capitals and accents do not matter). Needs the alias `name_search` (NAME_SEARCH)."""
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
        if _PC4_RE.fullmatch(compact) and BIRTH_YEAR_MIN <= int(compact) <= year:
            found |= Q(person_birth_year=int(compact))
        return found
    if _PHONE_RE.fullmatch(q) and (phone := names.phone_key(q)):
        return Q(person_phone_key=phone)
    query = name_query(q)
    return Q(name_search=query) if query is not None else Q(pk__in=[])


def _cases_of(user: User, meldpunt_ids: Iterable[int] | None = None) -> QuerySet[Melding]:
    """The cases of the meldpunten `user` works for. Pass `meldpunt_ids` when they are known already: then no join
    is needed, and the indexes that start with the meldpunt give the rows in order."""
    if meldpunt_ids is None:
        return Melding.objects.for_staff(user)
    return Melding.objects.filter(meldpunt_id__in=list(meldpunt_ids))


def worklist(user: User, view: str, q: str = "", meldpunt_ids: Iterable[int] | None = None) -> QuerySet[Melding]:
    """The cases on one list of the worklist, of the meldpunten `user` works for, sorted for that list.

    `view` is one of WORKLIST_VIEWS (or SEARCH_ALL); `q` narrows it down (see search_filter). `meldpunt_ids`: the
    meldpunten of `user`, when the caller has them. Each case has `overdue` (no first contact in time) and
    `stalled_referral` (a referral still not accepted after the reminder, queries/escalation.py) for the markers
    in its row.
    """
    queryset = _cases_of(user, meldpunt_ids).filter(_view_filter(view, user))
    if clean_search(q):
        queryset = queryset.alias(name_search=NAME_SEARCH).filter(search_filter(q))
    queryset = (
        queryset.select_related("owner", "wijk", "meldpunt__gemeente")
        .annotate(
            overdue=ExpressionWrapper(overdue_q(), output_field=BooleanField()),
            stalled_referral=has_stalled_referral(),
        )
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
