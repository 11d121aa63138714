"""News for the reporter: "your report has been picked up", when they asked for it on the web form.

When staff record a contact with the person (casefile.add_entry), every reporter of the case who asked and has not
heard yet gets it once: by e-mail through the outbox, in the same transaction, saying only that the report was picked
up (nothing about the person, not even the case number); or, when they left only a phone number, a line on the
timeline asking staff to call them back (no text message). `Signaal.reporter_news_at` makes it once, also when a
contact is recorded again or corrected.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from coalition.services.outbox import enqueue_email, render_email

from ..choices import EntryKind
from ..models import Melding, Signaal
from .core import timeline_entry

EMAIL, PHONE = "email", "telefoon"
# A phone number as people write it: digits, spaces, dashes, brackets, dots and a leading +; at least 10 digits
# (06 12345678, 0546 123 456, +31 6 12345678).
PHONE_RE = re.compile(r"\+?[0-9 ()\-.]+")
PHONE_MIN_DIGITS = 10


def contact_kind(contact: str) -> str:
    """EMAIL, PHONE, or "" for what is neither (or nothing)."""
    contact = contact.strip()
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            return ""
        return EMAIL
    if PHONE_RE.fullmatch(contact) and sum(char.isdigit() for char in contact) >= PHONE_MIN_DIGITS:
        return PHONE
    return ""


def tell_reporters(melding: Melding) -> int:
    """Give every reporter of the (locked) case who asked for it and has not heard yet their one message. Call it in
    the transaction that records the contact. Returns how many reporters were told (or put on the call-back list)."""
    waiting = Signaal.objects.filter(melding=melding, reporter_wants_news=True, reporter_news_at__isnull=True)
    now = timezone.now()
    told = 0
    for signaal in waiting.only("pk", "reporter_contact"):
        # Conditional: whoever marks it first sends it, so two contacts recorded at once send one message.
        if not Signaal.objects.filter(pk=signaal.pk, reporter_news_at__isnull=True).update(reporter_news_at=now):
            continue
        kind = contact_kind(signaal.reporter_contact)
        if kind == EMAIL:
            subject, body = render_email("meldpunt/email/picked_up", {"meldpunt": melding.meldpunt})
            enqueue_email(to=signaal.reporter_contact, subject=subject, body=body, topic="meldpunt.melding_opgepakt")
            text = _("De melder heeft per e-mail gehoord dat de melding is opgepakt.")
        elif kind == PHONE:
            text = _(
                "Bel de melder terug: die wil horen dat de melding is opgepakt. Het nummer staat bij het signaal. "
                "Vertel niets over de persoon."
            )
        else:  # nothing to reach them by any more (erased): nothing to do
            continue
        timeline_entry(melding, EntryKind.MELDER, None, text, data={"signaal": signaal.pk, "via": kind})
        told += 1
    return told
