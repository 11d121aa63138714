import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_health_reports_database_and_broker_without_secrets(client):
    response = client.get(reverse("coalition:health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
    assert b"127.0.0.1" not in response.content and b"redis://" not in response.content


@pytest.mark.django_db
def test_health_says_error_when_the_broker_is_unreachable(client, settings):
    from coalition.celery import app as celery_app

    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get(reverse("coalition:health"))
    finally:
        celery_app.conf.broker_url = original

    assert response.status_code == 503
    assert response.json()["broker"] == "error"
    assert response.json()["database"] == "ok"
