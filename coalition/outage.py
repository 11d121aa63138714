"""What a citizen still needs when the database is down: the meldpunten's phone numbers, kept in a file beside the
app (OUTAGE_CONTACTS_FILE) that the meldpunt app rewrites whenever a meldpunt changes, so the outage page
(views/errors.py) can show them without a query. OUTAGE_CONTACTS in the settings is the fallback for a server that
has never written the file."""

import json
import logging
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def save_contacts(contacts: list[dict[str, str]]) -> None:
    """[{"name": "Meldpunt Enschede", "phone": "053 …", "opening_hours": "…"}, …]: written whole, then moved into
    place, so a reader never sees half a file."""
    path = Path(settings.OUTAGE_CONTACTS_FILE)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(contacts, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only disk must not stop a meldpunt from being saved
        logger.warning("could not write the outage contacts to %s", path, exc_info=True)


def contacts() -> list[dict[str, str]]:
    """The meldpunten to call, from the file, else from the settings; never from the database."""
    try:
        found = json.loads(Path(settings.OUTAGE_CONTACTS_FILE).read_text(encoding="utf-8"))
        if isinstance(found, list):
            return [c for c in found if isinstance(c, dict) and c.get("phone")]
    except (OSError, ValueError):
        pass
    return list(settings.OUTAGE_CONTACTS)
