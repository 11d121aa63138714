"""The dashboard's summary (monitoring/summary.py): built panels kept in the cache and rebuilt by Celery beat. What
comes out of it equals a fresh build; without a cache the page is built live; a real worker keeps the usual views
ready."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from monitoring import access, panels, summary, tasks
from tests.conftest import wait_until
from tests.test_monitoring_dashboard import Q3_2026, _region_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(medewerker, partner):
    return _region_data(medewerker, partner)


def _texts(built):
    """Everything a panel shows, as text: what must be the same, kept or fresh."""
    return [(p.key, p.title, p.empty, p.notes, [(t.title, t.headers, t.text_rows()) for t in p.tables]) for p in built]


def test_kept_figures_equal_a_fresh_build(region, stuurgroep):
    selection = access.selection_for(stuurgroep, {"gemeente": str(region["enschede"].pk)})[1]
    keys = panels.keys_for(stuurgroep.role)
    first = summary.panels_for(keys, selection)
    kept = summary.panels_for(keys, selection)
    fresh = [panels.build(key, access.selection_for(stuurgroep, {"gemeente": str(region["enschede"].pk)})[1])
             for key in keys]  # fmt: skip
    assert kept.computed_at == first.computed_at  # from the cache
    assert _texts(kept.panels) == _texts(fresh)


def test_a_second_view_asks_the_database_only_for_the_user_and_the_filters(region, stuurgroep, login,
                                                                          django_assert_max_num_queries):  # fmt: skip
    client = login(stuurgroep)
    client.get(reverse("monitoring:index") + Q3_2026)
    with django_assert_max_num_queries(3):  # the session, the user, the gemeenten and wijken of the filter
        response = client.get(reverse("monitoring:index") + Q3_2026)
    assert "Cijfers bijgewerkt op" in response.content.decode()


class UnreachableCache:
    def get(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    set = get


def test_without_a_cache_the_dashboard_is_built_live(region, stuurgroep, login, monkeypatch):
    monkeypatch.setattr(summary, "cache", UnreachableCache())
    response = login(stuurgroep).get(reverse("monitoring:index") + Q3_2026)
    assert response.status_code == 200
    assert 'id="signalen"' in response.content.decode()


def test_the_beat_task_keeps_the_usual_views_ready(region, stuurgroep, login, django_assert_max_num_queries):
    assert tasks.refresh_dashboard() == 3  # every gemeente together, and Enschede and Hengelo each
    client = login(stuurgroep)
    client.get(reverse("coalition:start"))  # the page frame's own cache (the meldpunten's phone numbers) filled
    with django_assert_max_num_queries(3):
        assert client.get(reverse("monitoring:index")).status_code == 200
    with django_assert_max_num_queries(3):
        assert client.get(reverse("monitoring:index") + f"?gemeente={region['hengelo'].pk}").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_keeps_the_dashboard_ready(medewerker, partner, stuurgroep, worker):
    region = _region_data(medewerker, partner)
    selection = access.steering_selection({"gemeente": str(region["enschede"].pk)})
    key = summary._key(panels.keys_for(stuurgroep.role), selection)
    assert cache.get(key) is None
    tasks.refresh_dashboard.delay()
    assert wait_until(lambda: cache.get(key) is not None), "the worker did not keep the view"
    assert _texts(cache.get(key).panels) == _texts(summary.build(panels.keys_for(stuurgroep.role), selection).panels)


def test_the_public_progress_page_is_kept_too(region, client, django_assert_max_num_queries):
    client.get(reverse("monitoring:progress"))
    with django_assert_max_num_queries(3):  # only the page view counted (savepoint, upsert, release in a test)
        html = client.get(reverse("monitoring:progress")).content.decode()
    assert "Enschede" in html
