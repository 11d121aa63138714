"""Searches and page views kept in Redis and written in batches (coalition/writebuffer.py,
socialekaart.services.search_log, coalition.services.page_views; issue 14): a page from the page cache costs no write
to PostgreSQL. Against the real Redis and PostgreSQL, with a Redis that cannot be reached, a drain that fails halfway,
and a real worker."""

import socket
from datetime import date

import pytest
import redis
from django.db import DatabaseError
from django.utils import timezone

from coalition import writebuffer
from coalition.models import Paginaweergave
from coalition.services import page_views
from socialekaart.models import Zoekvraag
from socialekaart.services import search_log
from socialekaart.tasks import write_buffered_searches
from tests.conftest import fail_with_worker_output, wait_until
from tests.factories import ActiviteitFactory


def empty_buffer(buffer: str):
    """The buffer emptied before and after the test (the shared Redis may hold rows of another run)."""
    writebuffer._client().delete(writebuffer._key(buffer))
    yield
    writebuffer._client().delete(writebuffer._key(buffer))


@pytest.fixture
def buffered(settings):
    settings.SOCIALEKAART_SEARCH_LOG_BUFFERED = True
    yield from empty_buffer(search_log.BUFFER)


def search(query="wandelen", visitor="v1"):
    search_log.log_search(query=query, filters={}, result_count=3, visitor=visitor)


@pytest.mark.django_db
def test_a_search_waits_in_redis_until_the_drain_writes_it_once(buffered):
    search("wandelen", "v1")
    search("wandelen", "v1")  # the same visitor again that day: one row
    search("koffie", "v2")
    search("mevrouw Jansen", "v3")  # personal: never kept, not even in Redis
    assert Zoekvraag.objects.count() == 0
    assert writebuffer.waiting(search_log.BUFFER) == 3

    assert search_log.write_buffered_searches() == 3
    assert sorted(Zoekvraag.objects.values_list("terms", "visitor", "on")) == [
        ("koffie", "v2", timezone.localdate()),
        ("wandelen", "v1", timezone.localdate()),
    ]
    assert writebuffer.waiting(search_log.BUFFER) == 0
    assert search_log.write_buffered_searches() == 0


@pytest.mark.django_db
def test_with_redis_unreachable_the_search_is_written_at_once(buffered, monkeypatch):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    dead = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.2)
    monkeypatch.setattr(writebuffer, "_client", lambda: dead)

    search("wandelen")
    monkeypatch.undo()  # before the fixture empties the buffer
    assert list(Zoekvraag.objects.values_list("terms", flat=True)) == ["wandelen"]


@pytest.mark.django_db
def test_a_drain_that_fails_leaves_its_batch_for_the_next(buffered, monkeypatch):
    search("wandelen", "v1")
    search("koffie", "v2")

    def broken(rows):
        raise ConnectionError("PostgreSQL went away")

    with pytest.raises(ConnectionError):
        writebuffer.drain(search_log.BUFFER, broken)
    assert writebuffer.waiting(search_log.BUFFER) == 2
    assert search_log.write_buffered_searches() == 2
    assert Zoekvraag.objects.count() == 2


@pytest.mark.django_db
def test_one_drain_at_a_time(buffered):
    search("wandelen")
    key = writebuffer._key(search_log.BUFFER)
    with writebuffer._client().lock(f"{key}:drain", timeout=10):
        assert search_log.write_buffered_searches() == 0  # another drain is busy: leave it to that one
    assert search_log.write_buffered_searches() == 1


@pytest.mark.django_db
def test_the_results_page_keeps_its_search_in_redis(buffered, client, django_capture_on_commit_callbacks):
    ActiviteitFactory(title="Wandelgroep")
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/activiteiten/", {"q": "wandelen"})
    assert Zoekvraag.objects.count() == 0
    assert writebuffer.waiting(search_log.BUFFER) == 1
    search_log.write_buffered_searches()
    assert Zoekvraag.objects.get().result_count == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_buffered_searches(buffered, worker):
    search("wandelen", "v1")
    search("koffie", "v2")
    write_buffered_searches.delay()
    if not wait_until(lambda: Zoekvraag.objects.count() == 2, timeout=30):
        fail_with_worker_output(worker, "The worker did not write the buffered searches")
    assert writebuffer.waiting(search_log.BUFFER) == 0


# ---------------------------------------------------------------------------
# Page views
# ---------------------------------------------------------------------------
@pytest.fixture
def views_buffered(settings):
    settings.COALITION_PAGE_VIEWS_BUFFERED = True
    yield from empty_buffer(page_views.BUFFER)


@pytest.mark.django_db
def test_page_views_wait_in_redis_and_are_added_per_day_and_type(views_buffered, client):
    client.get("/")
    client.get("/")
    client.get("/agenda/")
    page_views.count_page_view("home", day=date(2026, 1, 5))
    assert Paginaweergave.objects.count() == 0

    assert page_views.write_buffered_page_views() == 4
    page_views.count_page_view("home")
    page_views.write_buffered_page_views()
    counts = dict(Paginaweergave.objects.filter(day=timezone.localdate()).values_list("page_type", "count"))
    assert counts["home"] == 3 and counts["agenda"] == 1
    assert Paginaweergave.objects.get(day=date(2026, 1, 5)).count == 1


@pytest.mark.django_db
def test_a_batch_of_views_is_added_whole_or_not_at_all(views_buffered, monkeypatch):
    page_views.count_page_view("home")
    page_views.count_page_view("agenda")
    real_add = page_views.add_page_views

    def fails_on_agenda(page_type, **kwargs):
        if page_type == "agenda":
            raise DatabaseError("the disk is full")
        real_add(page_type, **kwargs)

    monkeypatch.setattr(page_views, "add_page_views", fails_on_agenda)
    with pytest.raises(DatabaseError):
        page_views.write_buffered_page_views()
    assert Paginaweergave.objects.count() == 0  # home's count was rolled back with the batch
    monkeypatch.undo()
    assert page_views.write_buffered_page_views() == 2
    assert Paginaweergave.objects.count() == 2
