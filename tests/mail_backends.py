"""Mail backends that provoke the faults the outbox must survive. Tests select them with `settings.EMAIL_BACKEND`,
or, for a worker process, with the environment variable OMZIEN_TEST_EMAIL_BACKEND (coalition/test_settings.py)."""

import os
import re
import smtplib
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class DeadServerBackend(BaseEmailBackend):
    """A mail server that is down: every send fails as a refused connection does."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


class RefusingServerBackend(BaseEmailBackend):
    """A mail server that answers, but refuses the address for good (SMTP 550)."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user") for message in email_messages})


class SlowFolderBackend(BaseEmailBackend):
    """A slow mail server that delivers each message as a file of its own in OMZIEN_TEST_MAIL_DIR, named after
    the message's Message-ID. A message delivered twice shows as a second file (…\u200b.1.eml).

    The pause (OMZIEN_TEST_MAIL_SECONDS) comes before delivery, as a real server takes its time before it
    answers "accepted": a worker killed during the pause has not delivered that message."""

    def send_messages(self, email_messages):
        folder = Path(os.environ["OMZIEN_TEST_MAIL_DIR"])
        for message in email_messages:
            time.sleep(float(os.environ.get("OMZIEN_TEST_MAIL_SECONDS", "0.3")))
            name = re.sub(r"[^A-Za-z0-9.]", "_", message.extra_headers["Message-ID"])
            copy = 0
            while True:
                try:
                    with open(folder / f"{name}.{copy}.eml", "xb") as file:
                        file.write(message.message().as_bytes())
                    break
                except FileExistsError:
                    copy += 1
        return len(email_messages)
