"""The workflows of subsidies as tables (coalition.workflow): an application's, from concept to settlement, and a
report's. The services guard every step with them; the history shows their labels; the lists read their tabs.

    concept ──ingediend──▶ ingediend ──ontvankelijk──▶ in_beoordeling ──toegekend/deels_toegekend──▶ (deels_)toegekend
                 ▲            │  └──niet_ontvankelijk──▶ niet_ontvankelijk     └──afgewezen──▶ afgewezen        │
                 │   aanvulling_gevraagd                                                               vastgesteld
                 └──aangevuld── aanvullen
    (ingetrokken: the applicant withdraws before the decision)
"""

from django.utils.translation import gettext_lazy as _

from coalition.models import Role
from coalition.workflow import State, Transition, Workflow

from .choices import AanvraagStatus as S
from .choices import RapportStatus as R

APPLICANT = frozenset({Role.PARTNER, Role.AANVRAGER})
COORDINATOR = frozenset({Role.COORDINATOR})
MEMBER = frozenset({Role.COMMISSIELID})
EVERYONE = APPLICANT | COORDINATOR | MEMBER

ALL = tuple(S.values)
BEFORE_DECISION = (S.CONCEPT, S.INGEDIEND, S.AANVULLEN, S.IN_BEOORDELING)
GRANTED = (S.TOEGEKEND, S.DEELS_TOEGEKEND)
RUNNING = _("Het project loopt; rapporteren op de afgesproken data")
DECIDED = _("Over deze aanvraag is al besloten.")

# The coördinator's list of a call, in tabs.
APPLICATION_TABS = {
    "nieuw": _("Te controleren"),
    "commissie": _("Bij de commissie"),
    "besloten": _("Besloten"),
    "afgerond": _("Afgerond"),
}

APPLICATION = Workflow(
    name="aanvraag",
    states=(
        State(S.CONCEPT, True, "concept", _("De aanvrager vult de aanvraag aan en dient hem in")),
        State(S.INGEDIEND, True, "nieuw", _("De coördinator controleert of de aanvraag ontvankelijk is")),
        State(S.AANVULLEN, True, "nieuw", _("De aanvrager vult de gevraagde onderdelen aan")),
        State(S.IN_BEOORDELING, True, "commissie", _("De commissie beoordeelt; daarna besluit de coördinator")),
        State(S.NIET_ONTVANKELIJK, False, "afgerond", _("Niets: de aanvraag is niet ontvankelijk")),
        State(S.TOEGEKEND, True, "besloten", RUNNING),
        State(S.DEELS_TOEGEKEND, True, "besloten", RUNNING),
        State(S.AFGEWEZEN, False, "afgerond", _("Niets: afgewezen (bezwaar binnen zes weken)")),
        State(S.VASTGESTELD, False, "afgerond", _("Niets: de subsidie is vastgesteld")),
        State(S.INGETROKKEN, False, "afgerond", _("Niets: ingetrokken door de aanvrager")),
    ),
    # The names are the steps the history records (Historie.step): never rename one.
    transitions=(
        Transition("aangemaakt", (), S.CONCEPT, APPLICANT, _("aanvraag begonnen")),
        Transition(
            "bewaard", (S.CONCEPT, S.AANVULLEN), None, APPLICANT, _("concept bewaard"),
            refused=_("Deze aanvraag is ingediend en kan niet meer worden gewijzigd."),
        ),
        Transition(
            "ingediend", (S.CONCEPT,), S.INGEDIEND, APPLICANT, _("aanvraag ingediend"),
            refused=_("Deze aanvraag is al ingediend."),
        ),
        Transition(
            "aanvulling_gevraagd", (S.INGEDIEND,), S.AANVULLEN, COORDINATOR, _("aanvulling gevraagd"),
            refused=_("Een aanvulling vraagt u bij een ingediende aanvraag, voordat die naar de commissie gaat."),
        ),
        Transition(
            "aangevuld", (S.AANVULLEN,), S.INGEDIEND, APPLICANT, _("aanvulling ingediend"),
            refused=_("Er is geen aanvulling gevraagd."),
        ),
        Transition(
            "ontvankelijk", (S.INGEDIEND,), S.IN_BEOORDELING, COORDINATOR, _("ontvankelijk: naar de commissie"),
            refused=_("Alleen een ingediende aanvraag kan ontvankelijk worden verklaard."),
        ),
        Transition(
            "niet_ontvankelijk", (S.INGEDIEND, S.AANVULLEN), S.NIET_ONTVANKELIJK, COORDINATOR, _("niet ontvankelijk"),
            refused=_("Alleen een ingediende aanvraag kan niet-ontvankelijk worden verklaard."),
        ),
        Transition(
            "bedrag_toegewezen", (S.IN_BEOORDELING,), None, COORDINATOR, _("bedrag toegewezen"),
            refused=_("Een bedrag wijst u toe aan een aanvraag die bij de commissie ligt."),
        ),
        Transition("toegekend", (S.IN_BEOORDELING,), S.TOEGEKEND, COORDINATOR, _("toegekend"), refused=DECIDED),
        Transition(
            "deels_toegekend", (S.IN_BEOORDELING,), S.DEELS_TOEGEKEND, COORDINATOR, _("deels toegekend"),
            refused=DECIDED,
        ),
        Transition("afgewezen", (S.IN_BEOORDELING,), S.AFGEWEZEN, COORDINATOR, _("afgewezen"), refused=DECIDED),
        Transition(
            "vastgesteld", GRANTED, S.VASTGESTELD, COORDINATOR, _("subsidie vastgesteld"),
            refused=_("Alleen een toegekende subsidie kan worden vastgesteld."),
            done=_("Deze subsidie is al vastgesteld."),
        ),
        Transition(
            "ingetrokken", BEFORE_DECISION, S.INGETROKKEN, APPLICANT, _("ingetrokken door de aanvrager"),
            refused=DECIDED, done=_("Deze aanvraag is al ingetrokken."),
        ),
        # Steps within a state: recorded in the history, the state stays.
        Transition("bijlage_toegevoegd", (S.CONCEPT, S.AANVULLEN), None, APPLICANT, _("bijlage toegevoegd"),
                   refused=_("Deze aanvraag is ingediend en kan niet meer worden gewijzigd.")),
        Transition("bijlage_verwijderd", (S.CONCEPT, S.AANVULLEN), None, APPLICANT, _("bijlage verwijderd"),
                   refused=_("Deze aanvraag is ingediend en kan niet meer worden gewijzigd.")),
        Transition("bijlage_gedownload", ALL, None, EVERYONE, _("bijlage gedownload")),
        Transition("betaling", (*GRANTED, S.VASTGESTELD), None, COORDINATOR, _("betaling vastgelegd"),
                   refused=_("Betalingen legt u vast bij een toegekende subsidie.")),
        Transition("rapportage", (*GRANTED, S.VASTGESTELD), None, EVERYONE, _("rapportage")),
        Transition("gepubliceerd", GRANTED, None, APPLICANT | COORDINATOR, _("activiteit op de sociale kaart gezet"),
                   refused=_("Alleen een toegekend project kan op de sociale kaart.")),
    ),
)  # fmt: skip

REPORT = Workflow(
    name="rapportage",
    states=(
        State(R.OPEN, True, "open", _("De aanvrager vult de rapportage in en dient hem in")),
        State(R.INGEDIEND, True, "ingediend", _("De coördinator accepteert of vraagt wijzigingen")),
        State(R.WIJZIGEN, True, "open", _("De aanvrager past de rapportage aan")),
        State(R.GEACCEPTEERD, False, "klaar", _("Niets: geaccepteerd")),
    ),
    transitions=(
        Transition("rapport_bewaard", (R.OPEN, R.WIJZIGEN), None, APPLICANT, _("rapportage bewaard"),
                   refused=_("Deze rapportage is ingediend.")),
        Transition("rapport_ingediend", (R.OPEN, R.WIJZIGEN), R.INGEDIEND, APPLICANT, _("rapportage ingediend"),
                   refused=_("Deze rapportage is al ingediend.")),
        Transition("rapport_wijzigen", (R.INGEDIEND,), R.WIJZIGEN, COORDINATOR,
                   _("wijzigingen in de rapportage gevraagd"),
                   refused=_("Alleen een ingediende rapportage kan terug naar de aanvrager.")),
        Transition("rapport_geaccepteerd", (R.INGEDIEND,), R.GEACCEPTEERD, COORDINATOR, _("rapportage geaccepteerd"),
                   refused=_("Alleen een ingediende rapportage kan worden geaccepteerd."),
                   done=_("Deze rapportage is al geaccepteerd.")),
    ),
)  # fmt: skip

# Applications still running, for queries' status__in.
ACTIVE_APPLICATION_STATUSES = APPLICATION.active_values
