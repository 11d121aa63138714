"""Amounts and moments as people here write them: "€ 20.000,00", "vrijdag 30 januari 2026, 17.00 uur". Plain
functions without queries, for templates (templatetags/subsidies_formatting.py), e-mails and the services' messages.
They speak the active language (Dutch on the site, and in e-mails through outbox.render_email)."""

from datetime import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import money
from .choices import Doelgroep


def euro(value: Decimal | int | None) -> str:
    """€ 20.000,00 (money.euro); an empty amount as a dash."""
    return "—" if value is None else money.euro(value)


def moment(value: datetime | None) -> str:
    """The moment in Europe/Amsterdam, written out: "vrijdag 30 januari 2026, 17.00 uur"."""
    if value is None:
        return "—"
    local = timezone.localtime(value)
    return _("%(day)s, %(time)s uur") % {
        "day": formats.date_format(local, "l j F Y"),
        "time": formats.date_format(local, "H.i"),
    }


def target_groups(values: list[str] | None) -> str:
    """The target groups of a call or an application in words: "ouderen, mantelzorgers"."""
    labels = dict(Doelgroep.choices)
    return ", ".join(str(labels.get(value, value)) for value in values or [])
