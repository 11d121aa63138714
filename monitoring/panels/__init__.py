"""The dashboard's panels, one module per theme (issue 12): each builds a `Panel` from the other apps' queries,
with every figure passed through monitoring.suppression. The page, the exports, the printed report and the PDF all
show the same Panel objects, so what one shows the others show, suppressed the same way."""

from collections.abc import Callable

from coalition.models import Role

from . import ambition, follow_up, referrals, signals, socialekaart, subsidies
from .base import Panel, Selection

STEERING = frozenset({Role.STUURGROEP, Role.COORDINATOR})
WITH_STAFF = STEERING | {Role.MEDEWERKER}

# key (the panel's anchor and export name): (builder, who sees it), in the dashboard's order.
PANELS: dict[str, tuple[Callable[[Selection], Panel], frozenset[str]]] = {
    "ambitie": (ambition.build, STEERING),
    "signalen": (signals.build, WITH_STAFF),
    "opvolging": (follow_up.build, WITH_STAFF),
    "verwijzingen": (referrals.build, WITH_STAFF),
    "sociale-kaart": (socialekaart.build, STEERING),
    "subsidies": (subsidies.build, STEERING),
}


def keys_for(role: str) -> list[str]:
    return [key for key, (_, roles) in PANELS.items() if role in roles]


def build(key: str, selection: Selection) -> Panel:
    return PANELS[key][0](selection)
