"""Counting the views of the public pages: one counter per day and page type (coalition.models.Paginaweergave).

The middleware (coalition.middleware.PageViewMiddleware) decides which requests count. A view waits in Redis
(coalition.writebuffer) and `write_buffered_page_views` adds them to the day's counters every minute, so that a page
from the page cache costs no write to PostgreSQL, where every view of a page type updated the same row (issue 14).
When Redis cannot take it, or with COALITION_PAGE_VIEWS_BUFFERED off (the tests' default), a view is added at once:
in one statement, so two visitors at the same moment never lose a count and no row is read first.

A worker that dies between adding a batch and removing it from Redis makes the next run add that batch again:
the counters may then count up to a minute's views twice. They are statistics of use, shown per month.
"""

from collections import Counter
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .. import writebuffer
from ..models import Paginaweergave

BUFFER = "coalition.page-views"  # coalition.writebuffer's list of views not yet counted


def count_page_view(page_type: str, *, day: date | None = None) -> None:
    """Count one view of `page_type` on `day` (today): kept in Redis for the next `write_buffered_page_views`, or
    added at once (see the module's docstring)."""
    day = day or timezone.localdate()
    if settings.COALITION_PAGE_VIEWS_BUFFERED and writebuffer.push(BUFFER, {"day": day.isoformat(), "type": page_type}):
        return
    add_page_views(page_type, day=day)


def write_buffered_page_views() -> int:
    """Add the views kept in Redis to the day's counters (every minute); returns how many views."""

    def add(views: list[dict[str, str]]) -> None:
        with transaction.atomic():  # a batch is added whole or not at all
            for (day, page_type), count in Counter((view["day"], view["type"]) for view in views).items():
                add_page_views(page_type, day=date.fromisoformat(day), count=count)

    return writebuffer.drain(BUFFER, add)


def add_page_views(page_type: str, *, day: date, count: int = 1) -> None:
    """Add `count` views of `page_type` on `day`: INSERT … ON CONFLICT DO UPDATE, one statement.

    Raises the DatabaseError if the write fails; the caller decides whether the page may go on without it. Inside
    a transaction (a test, or a caller's atomic block) the statement gets its own savepoint, so a failure leaves
    that transaction usable; outside one (a request in autocommit) the statement is its own transaction.
    """
    table = Paginaweergave._meta.db_table
    add_one = f"ON CONFLICT (day, page_type) DO UPDATE SET count = {table}.count + EXCLUDED.count"
    params: tuple[date, str, int] = (day, page_type, count)
    if connection.in_atomic_block:
        sql = f"INSERT INTO {table} (day, page_type, count) VALUES (%s, %s, %s) {add_one}"  # noqa: S608 -- ours
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    # Its own transaction, whose commit does not wait for the disk (synchronous_commit off, set in the statement
    # for this transaction only): in a rush of visitors every view updates the same row, and waiting for the disk
    # while holding its lock made the counter the limit of the public pages (issue 14). A crash of PostgreSQL may
    # lose the counts of its last fraction of a second, nothing else.
    sql = (
        f"INSERT INTO {table} (day, page_type, count) "  # noqa: S608 -- the table name is ours
        f"SELECT %s, %s, %s FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_wait {add_one}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
