"""The referral's workflow, as one table (coalition.workflow): the states, the steps between them, who takes each
step, what it is called on the case's timeline, which tab of the partner's inbox holds it and what the partner
does next. The services guard every step with it (services/referrals.py), the inbox reads its tabs and next steps
from it (queries/inbox.py), and "still running" means its active states everywhere.

    verstuurd ──accept──▶ geaccepteerd ──start──▶ gestart ──close──▶ afgesloten
        │                      │  └────────────────close──────────────▲
        └──decline──▶ afgewezen   (first contact: recorded in geaccepteerd or gestart)
"""

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from coalition.models import Role
from coalition.workflow import State, Transition, Workflow

from .choices import ReferralStatus

VERSTUURD, GEACCEPTEERD, GESTART, AFGEWEZEN, AFGESLOTEN = (
    ReferralStatus.VERSTUURD,
    ReferralStatus.GEACCEPTEERD,
    ReferralStatus.GESTART,
    ReferralStatus.AFGEWEZEN,
    ReferralStatus.AFGESLOTEN,
)
STAFF = frozenset({Role.MEDEWERKER, Role.COORDINATOR})
PARTNER = frozenset({Role.PARTNER})

# The inbox's tabs, in order, with their names.
INBOX_TABS = {"nieuw": _("Nieuw"), "lopend": _("Lopend"), "afgerond": _("Afgerond")}

REFERRAL = Workflow(
    name="verwijzing",
    states=(
        State(VERSTUURD, active=True, tab="nieuw", next_step=_("Accepteren of afwijzen")),
        State(GEACCEPTEERD, active=True, tab="lopend", next_step=_("Vastleggen wanneer de persoon begon")),
        State(
            GESTART, active=True, tab="lopend",
            next_step=_("Afsluiten met een uitkomst als de deelname vaststaat of stopt"),
        ),
        State(AFGEWEZEN, active=False, tab="afgerond", next_step=_("Niets: de verwijzing is terug bij het meldpunt")),
        State(AFGESLOTEN, active=False, tab="afgerond", next_step=_("Niets: afgerond")),
    ),
    # The names are the steps the case's timeline records (Gebeurtenis.data["step"]): never rename one.
    transitions=(
        Transition("verstuurd", (), VERSTUURD, STAFF, _("verwijzing verstuurd")),
        Transition(
            "geaccepteerd", (VERSTUURD,), GEACCEPTEERD, PARTNER, _("verwijzing geaccepteerd"),
            refused=_("Deze verwijzing is al beantwoord."),
        ),
        Transition(
            "afgewezen", (VERSTUURD,), AFGEWEZEN, PARTNER, _("verwijzing afgewezen"),
            refused=_("Deze verwijzing is al beantwoord."),
        ),
        Transition(
            "eerste_contact", (GEACCEPTEERD, GESTART), None, PARTNER, _("eerste contact gelegd"),
            refused=_("Accepteer de verwijzing eerst."),
        ),
        Transition(
            "gestart", (GEACCEPTEERD,), GESTART, PARTNER, _("de persoon is gestart"),
            refused=_("Accepteer de verwijzing eerst."), done=_("De start is al vastgelegd."),
        ),
        Transition(
            "afgesloten", (GEACCEPTEERD, GESTART), AFGESLOTEN, PARTNER, _("verwijzing afgesloten"),
            refused=_("Accepteer de verwijzing eerst, of wijs hem af met een reden."),
            done=_("Deze verwijzing is al afgesloten."),
        ),
        # Not a step of the partner's: the person withdraws consent, staff record it, whatever the status (issue 15).
        Transition(
            "toestemming_ingetrokken", (VERSTUURD, GEACCEPTEERD, GESTART, AFGEWEZEN, AFGESLOTEN), None, STAFF,
            _("toestemming ingetrokken"),
        ),
    ),
)  # fmt: skip

# Accepted but not yet in touch: the first contact comes before the start.
NEXT_STEP_BEFORE_FIRST_CONTACT = _("Het eerste contact vastleggen")

# A referral still running: the partner has something to do, or the person takes part.
ACTIVE_REFERRAL_STATUSES = REFERRAL.active_values


def next_step(status: str, first_contact_at: datetime | None) -> str:
    """What the partner does next with a referral in `status`."""
    if first_contact_at is None and status == GEACCEPTEERD:
        return str(NEXT_STEP_BEFORE_FIRST_CONTACT)
    return str(REFERRAL.state(status).next_step)
