"""Counting the views of the public pages: one counter per day and page type (coalition.models.Paginaweergave).

The middleware (coalition.middleware.PageViewMiddleware) decides which requests count; this adds one to the day's
counter in one statement, so two visitors at the same moment never lose a count and no row is read first.
"""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from ..models import Paginaweergave


def count_page_view(page_type: str, *, day: date | None = None) -> None:
    """Add one view of `page_type` on `day` (today): INSERT … ON CONFLICT DO UPDATE, one statement.

    Raises the DatabaseError if the write fails; the caller decides whether the page may go on without it. Inside
    a transaction (a test, or a caller's atomic block) the statement gets its own savepoint, so a failure leaves
    that transaction usable; outside one (a request in autocommit) the statement is its own transaction.
    """
    table = Paginaweergave._meta.db_table
    add_one = f"ON CONFLICT (day, page_type) DO UPDATE SET count = {table}.count + 1"
    params: tuple[date, str] = (day or timezone.localdate(), page_type)
    if connection.in_atomic_block:
        sql = f"INSERT INTO {table} (day, page_type, count) VALUES (%s, %s, 1) {add_one}"  # noqa: S608 -- ours
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    # Its own transaction, whose commit does not wait for the disk (synchronous_commit off, set in the statement
    # for this transaction only): in a rush of visitors every view updates the same row, and waiting for the disk
    # while holding its lock made the counter the limit of the public pages (issue 14). A crash of PostgreSQL may
    # lose the counts of its last fraction of a second, nothing else.
    sql = (
        f"INSERT INTO {table} (day, page_type, count) "  # noqa: S608 -- the table name is ours
        f"SELECT %s, %s, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS no_wait {add_one}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
