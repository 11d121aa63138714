"""The data migration of recurring times (socialekaart 0006): every time there was is now "every week", unchanged.

Migrates the test database back to 0005 and forward again inside the test's transaction, so the rollback at the end
puts everything back (PostgreSQL changes tables in transactions too). Constraints are checked at once rather than at
commit: with checks pending, PostgreSQL refuses to alter a table in the same transaction.
"""

from datetime import time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("socialekaart", "0005_search_log_once_per_visitor")]
AFTER = [("socialekaart", "0006_recurring_times_and_exceptions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.slow
@pytest.mark.django_db
def test_existing_weekly_times_become_every_week_rules_unchanged():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    old = migrate(BEFORE)
    Organisatie = old.get_model("coalition", "Organisatie")
    Activiteit = old.get_model("socialekaart", "Activiteit")
    Tijdslot = old.get_model("socialekaart", "Tijdslot")
    assert "freq" not in {field.name for field in Tijdslot._meta.get_fields()}
    organisatie = Organisatie.objects.create(name="Migratie-organisatie", kind="welzijn")
    activiteit = Activiteit.objects.create(
        organisatie=organisatie, slug="migratie", title="Koffie-uur", summary="Koffie.", kind="ontmoeting"
    )
    Tijdslot.objects.create(activiteit=activiteit, weekday=2, starts_at=time(10), ends_at=time(12), note="Koffie")
    Tijdslot.objects.create(activiteit=activiteit, weekday=5, starts_at=time(14), ends_at=time(15, 30))

    new = migrate(AFTER)

    slots = new.get_model("socialekaart", "Tijdslot").objects.filter(activiteit__slug="migratie").order_by("weekday")
    assert [
        (s.weekday, s.starts_at, s.ends_at, s.note, s.freq, s.interval, s.bysetpos, s.valid_from, s.until)
        for s in slots
    ] == [
        (2, time(10), time(12), "Koffie", "WEEKLY", 1, None, None, None),
        (5, time(14), time(15, 30), "", "WEEKLY", 1, None, None, None),
    ]
    assert not new.get_model("socialekaart", "Uitzondering").objects.exists()
    # A new time without freq and interval is "every week" too (the defaults the migration leaves behind).
    plain = new.get_model("socialekaart", "Tijdslot").objects.create(
        activiteit_id=slots[0].activiteit_id, weekday=3, starts_at=time(9), ends_at=time(10)
    )
    assert (plain.freq, plain.interval) == ("WEEKLY", 1)
