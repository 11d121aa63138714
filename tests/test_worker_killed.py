"""Celery after a worker dies (issue 13): the task a killed worker was running is handed to the next worker after
the visibility timeout (CELERY_VISIBILITY_TIMEOUT: ten minutes, not Redis's default hour), and done once. A real
worker, killed with SIGKILL in the middle of sending an e-mail; no beat sweep runs here, so only the redelivery can
send it."""

import os
import signal
import time

import pytest
from django.db import transaction

from coalition.models import OutboxMessage
from coalition.services import outbox
from tests.conftest import fail_with_worker_output, start_worker, stop_worker, wait_until, worker_output

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_server_and_short_visibility(monkeypatch, tmp_path):
    """For the workers started after it: a mail server that takes 3 s before it accepts, and a visibility timeout
    of 3 s."""
    folder = tmp_path / "mail"
    folder.mkdir()
    monkeypatch.setenv("OMZIEN_TEST_EMAIL_BACKEND", "tests.mail_backends.SlowFolderBackend")
    monkeypatch.setenv("OMZIEN_TEST_MAIL_DIR", str(folder))
    monkeypatch.setenv("OMZIEN_TEST_MAIL_SECONDS", "3")
    monkeypatch.setenv("CELERY_VISIBILITY_TIMEOUT", "3")
    return folder


def test_the_task_of_a_killed_worker_is_done_by_the_next_one_once(slow_server_and_short_visibility, worker, tmp_path):
    with transaction.atomic():
        (message,) = outbox.enqueue_email(
            to="mila@meldpunt.example", subject="Nieuwe melding", body="Bekijk hem na inloggen.", topic="test"
        )
    if not wait_until(lambda: "deliver_message" in worker_output(worker) and "received" in worker_output(worker)):
        fail_with_worker_output(worker, "The worker did not take the task")
    os.kill(worker.pid, signal.SIGKILL)  # during the mail server's 3 s pause: nothing was delivered
    worker.wait(timeout=10)
    assert list(slow_server_and_short_visibility.iterdir()) == []
    assert OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.PENDING

    # A worker looks for tasks past their visibility timeout when it starts and then about every 100 s (kombu's
    # restore interval × throttle): start the next one after the timeout, as a restarted worker would be.
    time.sleep(3.5)
    second = start_worker(tmp_path / "second-worker.txt")
    try:
        if not wait_until(
            lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxMessage.Status.SENT, timeout=60
        ):
            fail_with_worker_output(second, "The second worker did not pick up the killed worker's task")
    finally:
        stop_worker(second)
    assert len(list(slow_server_and_short_visibility.iterdir())) == 1  # sent once
