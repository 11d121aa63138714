"""The anonymous log of public searches: what citizens look for, and whether they found it.

Coördinators use it to see demand that the sociale kaart does not meet. It holds the words, the filters, the number
of results and the date: no IP address, no time of day, no session, nothing that points to a person.

- Once per visitor per day: a row carries a hash of the visitor's address and browser whose key changes every day
  (coalition/visitors.py), and the same words with the same filters by the same visitor that day count once (a
  database constraint; a reload or the back button adds nothing).
- Nothing personal: a search that looks like a name ("mevrouw Jansen", "dhr. Smit", "J.P. de Vries"), a phone
  number (nine digits or more, spaces and dashes allowed: 06-12345678, +31 6 1234 5678, 0546 840 840), an e-mail
  address, or an address (a postcode with a house number, a street name with a house number) is not logged at all.
  Such a search was for a person, not for an activity, so it tells nothing about demand either.
- Kept SOCIALEKAART_SEARCH_RETENTION_MONTHS (12), then deleted by a nightly task (`purge_old_searches`).
- Written in batches: a search keeps its row in Redis (coalition.writebuffer) and the task `write_buffered_searches`
  writes them every minute, so that a page from the page cache costs no write to PostgreSQL in a rush of visitors
  (issue 14). When Redis cannot take the row it is written at once, and with SOCIALEKAART_SEARCH_LOG_BUFFERED off
  (the tests' default) always.
"""

import re
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from coalition import writebuffer
from socialekaart.models import Zoekvraag
from socialekaart.search import terms_of

TERMS_MAX_LENGTH = Zoekvraag._meta.get_field("terms").max_length
BUFFER = "socialekaart.search-log"  # coalition.writebuffer's list of searches not yet written

_NAME_TITLE = re.compile(
    r"\b(?:mevrouw|mevr|mw|meneer|mnr|dhr|de\s+heer|heer|familie|fam)\b\.?\s*[^\W\d_]{2,}", re.IGNORECASE
)
_NAME_INITIALS = re.compile(  # J. Jansen, J.P. de Vries, a.b. smit
    r"(?<![\w.])(?:[^\W\d_]\.\s*){1,4}(?:(?:van|de|der|den|ten|ter|te|het|in)\s+)*[^\W\d_]{2,}", re.IGNORECASE
)
_PHONE = re.compile(r"\d(?:[\s().\-/]*\d){8,}")  # nine digits or more; "+31" and "0031" are digits too
_EMAIL = re.compile(r"\w@|@\w")  # anything around an @: someone@, @example.org
_POSTCODE = re.compile(r"\b[1-9]\d{3}\s?[a-z]{2}\b", re.IGNORECASE)
_STREET_NUMBER = re.compile(
    r"[^\W\d_]{2,}(?:straat|laan|weg|plein|dijk|singel|gracht|kade|steeg|hof|pad|dreef|markt|park)\s*\d+",
    re.IGNORECASE,
)


def personal_data_in(query: str) -> str:
    """What personal data the search words look like ("naam", "telefoonnummer", "e-mailadres", "adres"), or ""
    when they look like an ordinary search. Simple patterns on purpose: each can be explained to a citizen."""
    if _EMAIL.search(query):
        return "e-mailadres"
    if _PHONE.search(query):
        return "telefoonnummer"
    postcode = _POSTCODE.search(query)
    if postcode and re.search(r"\d", query[: postcode.start()] + query[postcode.end() :]):
        return "adres"
    if _STREET_NUMBER.search(query):
        return "adres"
    if _NAME_TITLE.search(query) or _NAME_INITIALS.search(query):
        return "naam"
    return ""


def log_search(*, query: str, filters: dict[str, Any], result_count: int, visitor: str, on: date | None = None) -> None:
    """Record one search as typed (`query`) with its filters (`filters` is `Filters.as_dict()`: names and plain
    values only). `visitor`: coalition.visitors.daily_visitor_hash. Not when it looks personal, and not a second
    time on one day for one visitor (a database constraint). Buffered in Redis, see the module's docstring."""
    if personal_data_in(query):
        return
    row = {
        "on": (on or timezone.localdate()).isoformat(),
        "terms": " ".join(terms_of(query))[:TERMS_MAX_LENGTH],
        "filters": filters,
        "result_count": result_count,
        "visitor": visitor,
    }
    if settings.SOCIALEKAART_SEARCH_LOG_BUFFERED and writebuffer.push(BUFFER, row):
        return
    _write([row])


def write_buffered_searches() -> int:
    """Write the searches kept in Redis (every minute, and idempotent); returns how many rows were handled."""
    return writebuffer.drain(BUFFER, _write)


def _write(rows: list[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING of search-log rows: a row written twice counts once."""
    searches = [
        Zoekvraag(
            on=date.fromisoformat(row["on"]),
            terms=row["terms"],
            filters=row["filters"],
            result_count=row["result_count"],
            visitor=row["visitor"],
        )
        for row in rows
    ]
    if connection.in_atomic_block:
        Zoekvraag.objects.bulk_create(searches, ignore_conflicts=True)
        return
    # In a transaction of its own whose commit does not wait for the disk: a crash of PostgreSQL may lose only the
    # last fraction of a second of them.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        Zoekvraag.objects.bulk_create(searches, ignore_conflicts=True)


def retention_cutoff(today: date | None = None) -> date:
    """Searches of days before this one are past the retention period."""
    return (today or timezone.localdate()) - relativedelta(months=settings.SOCIALEKAART_SEARCH_RETENTION_MONTHS)


def purge_old_searches(today: date | None = None) -> int:
    """Delete the searches past SOCIALEKAART_SEARCH_RETENTION_MONTHS; returns how many. Idempotent."""
    deleted, _ = Zoekvraag.objects.filter(on__lt=retention_cutoff(today)).delete()
    return deleted
