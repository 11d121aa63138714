"""The narrow search table (socialekaart.models.Zoekindex): the database keeps it equal to the activities' own search
columns, whatever changes them, and a search page without filters reads it (socialekaart.search._searched).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socialekaart.models import Activiteit, Zoekindex
from socialekaart.search import Filters, refresh_search_vectors, search, search_ids
from tests.factories import ActiviteitFactory, OrganisatieFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["title", "status", "last_confirmed_on", "search_vector", "search_parts"]


def in_step() -> bool:
    """Every activity has exactly its own search columns in the index, and the index nothing else."""
    own = {row[0]: row[1:] for row in Activiteit.objects.values_list("pk", *COLUMNS)}
    copied = {row[0]: row[1:] for row in Zoekindex.objects.values_list("pk", *COLUMNS)}
    return own == copied and bool(own)


def test_a_new_activity_is_in_the_index_with_its_search_columns():
    activiteit = ActiviteitFactory(title="Wandelgroep Tuindorp", summary="Samen wandelen.")
    row = Zoekindex.objects.get(pk=activiteit.pk)
    assert row.title == "Wandelgroep Tuindorp" and row.status == Activiteit.Status.GEPUBLICEERD
    assert row.search_vector is not None and "wandel" in row.search_vector
    assert in_step()


def test_every_way_of_changing_an_activity_keeps_the_index_in_step():
    one, other = ActiviteitFactory(title="Koffie-uur"), ActiviteitFactory(title="Breiclub")
    one.title = "Koffieochtend"
    one.save()  # the ORM, every column
    assert in_step()
    Activiteit.objects.filter(pk=other.pk).update(status=Activiteit.Status.GEARCHIVEERD)  # no signals
    assert in_step()
    Activiteit.objects.filter(pk=one.pk).update(last_confirmed_on=timezone.localdate() - timedelta(days=400))
    assert in_step()
    Activiteit.objects.filter(pk=one.pk).update(summary="Nu met taart.")  # not a column of the index
    refresh_search_vectors(Activiteit.objects.filter(pk=one.pk))  # the vectors follow
    assert "taart" in Zoekindex.objects.get(pk=one.pk).search_vector
    assert in_step()
    Activiteit.objects.bulk_create(
        [Activiteit(organisatie=OrganisatieFactory(), slug="bulk", title="Bulk", summary="Bulk.", kind="ontmoeting")]
    )
    assert in_step()
    one.delete()
    assert in_step() and not Zoekindex.objects.filter(pk=one.pk).exists()


def test_saving_an_unchanged_activity_does_not_write_the_index():
    activiteit = ActiviteitFactory(title="Koffie-uur")
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM socialekaart_zoekindex WHERE activiteit_id = %s", [activiteit.pk])
        before = cursor.fetchone()[0]
        activiteit.contact_name = "Anna"
        activiteit.save()  # sets every column, the index's too, but changes none of them
        cursor.execute("SELECT xmin::text FROM socialekaart_zoekindex WHERE activiteit_id = %s", [activiteit.pk])
        assert cursor.fetchone()[0] == before


def test_a_search_without_filters_reads_the_index_and_with_a_filter_the_activities():
    for n in range(3):
        ActiviteitFactory(title=f"Wandelgroep {n}", summary="Samen wandelen.", cost_kind="gratis")
    search_ids("wandelen", Filters(), expected=(0, 20))  # the vocabulary is read once, then cached

    def searched(filters: Filters) -> tuple[list[int], str]:
        with CaptureQueriesContext(connection) as queries:
            found = search_ids("wandelen", filters, expected=(0, 20))
            ids = found.ids[0:20]
        return ids, " ".join(query["sql"] for query in queries.captured_queries)

    ids, sql = searched(Filters())
    assert '"socialekaart_zoekindex"' in sql and '"socialekaart_activiteit"' not in sql
    assert ids == list(search("wandelen", Filters()).activities.values_list("pk", flat=True))
    ids, sql = searched(Filters(free=True))
    assert '"socialekaart_activiteit"' in sql and '"socialekaart_zoekindex"' not in sql
    assert ids == list(search("wandelen", Filters(free=True)).activities.values_list("pk", flat=True))


@pytest.mark.slow
def test_the_migration_fills_the_index_with_the_activities_there_were():
    """Back to before the index and forward again inside the test's transaction (as test_socialekaart_migrations)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    ActiviteitFactory(title="Koffie-uur", summary="Koffie en een praatje.")
    executor = MigrationExecutor(connection)
    executor.migrate([("socialekaart", "0011_agenda_indexes")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('socialekaart_zoekindex')")
        assert cursor.fetchone()[0] is None
        cursor.execute("UPDATE socialekaart_activiteit SET title = 'Koffie-uur in de kerk'")  # no index to keep now
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("socialekaart", "0012_zoekindex")])
    assert Zoekindex.objects.get().title == "Koffie-uur in de kerk"
    assert in_step()
