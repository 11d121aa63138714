"""The mail backend of development (`make run`, or DEBUG without EMAIL_URL): every message becomes a file of its own
under EMAIL_FILE_PATH (var/mail/), and the log gets one short line per message instead of the whole message."""

import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

logger = logging.getLogger(__name__)


class DevelopmentFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.EMAIL_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            path = self._new_path(directory, message.subject)
            path.write_bytes(message.message().as_bytes(linesep="\n"))
            try:
                shown = path.relative_to(settings.BASE_DIR)
            except ValueError:
                shown = path
            logger.info("mail to %s: %s (%s)", ", ".join(message.recipients()), message.subject, shown)
            sent += 1
        return sent

    @staticmethod
    def _new_path(directory: Path, subject: str) -> Path:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
        slug = re.sub(r"[^a-z0-9]+", "-", subject.lower()).strip("-")[:40] or "mail"
        return directory / f"{stamp}-{slug}.eml"
