"""Subsidies' demo data: the calls of the seeds, the Hengelo pilots as granted projects, and (in demo mode) made-up
applications in the other states.

`load` is subsidies' part of `manage.py load_demo` (registered in apps.py; it runs after coalition's gemeenten,
organisations and users, the sociale kaart and the meldpunt):

- always: the three Samen1Enschede calls (seed 000, §5.8–5.10) and Hengelo's pilot fund (seed 004, §3.2.3), with
  criteria after the plan's building blocks (each point of the 0–5 scale explained), knock-out questions and the
  documents an application needs; the three Hengelo pilots as granted projects (Wijkracht's home visits to migrant
  elderly € 7.100, at least 25 reached; Humanitas Match, five extra matches with lonely young people € 11.585; Oyfo
  € 15.000) with their reporting deadlines. Their dates are set so that no deadline has passed when they are loaded:
  nothing is chased that nobody could have handed in.
- in demo mode only (made-up figures and states): Wijkracht's interim report filled in and accepted, Humanitas' interim
  report submitted and waiting for the coördinator; a draft and a submitted application of the demo aanvrager (Onze
  buurt de Posten); and two applications at the committee, one scored by the demo commissielid after declaring no
  conflict of interest, the other declared but not yet scored.

What the seeds do not say is chosen here and marked so: the calls' total budgets in Enschede, the maximum per
application in Hengelo, the dates (relative to the month of loading), the criteria's wording and weights, and every
figure of a report. Who entered a pilot or an application of an organisation without a demo user: the demo
coördinator (the gemeente commissioned the Hengelo pilots itself).

Idempotent: calls, criteria, questions and documents are matched on their natural keys and brought up to date; an
application that exists (same call, organisation and title) is left as it is, with all that hangs from it, so a
second run adds nothing and a demo someone clicked through keeps its state.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone

from coalition.demo.data import ENSCHEDE, HENGELO
from coalition.demo.loader import DemoDataError, Summary, Tally
from coalition.models import Gemeente, Organisatie, User, Wijk

from .choices import AanvraagStatus, Advies, Doelgroep, MeetVorm, RapportSoort, RapportStatus
from .models import (
    SCALE_POINTS,
    Aanvraag,
    Begrotingsregel,
    Belangenverklaring,
    Beoordeling,
    BeoordelingHistorie,
    Criterium,
    Documenteis,
    Doel,
    Historie,
    Rapportage,
    RapportageBereik,
    RapportageMeting,
    RapportageUitgave,
    Regeling,
    Score,
    Toetsvraag,
)

COORDINATOR = "coordinator@omzien.demo"
AANVRAGER = "aanvrager@omzien.demo"
COMMISSIELID = "commissielid@omzien.demo"


# ---------------------------------------------------------------------------
# The building blocks of the plan, as criteria (seed 000 §5.8: "projecten worden beoordeeld door een onafhankelijke
# commissie aan de hand van de criteria (bouwstenen) van dit plan"). The wording and the scale are ours.
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CriteriumData:
    key: str
    title: str
    description: str
    scale: tuple[str, ...]


CRITERIA = [
    CriteriumData(
        "netwerk",
        "Netwerkgerichte aanpak",
        "Werkt het project samen met organisaties, vrijwilligers en professionals in de wijk, en verbindt het "
        "bestaande initiatieven, zodat de aanpak niet versnipperd is?",
        (
            "Geen samenwerking genoemd.",
            "Eén partner genoemd, zonder duidelijke rol.",
            "Een paar partners, maar wie wat doet is niet duidelijk.",
            "Partners met een duidelijke rol; sluit aan op één bestaand netwerk.",
            "Een breed netwerk met afspraken; verbindt bestaande initiatieven in de wijk.",
            "Een sterk netwerk met vaste afspraken dat losse initiatieven verbindt en na het project blijft.",
        ),
    ),
    CriteriumData(
        "betrokkenheid",
        "Eenzame mensen en ervaringsdeskundigen doen mee",
        "Denken mensen die eenzaamheid kennen mee bij het bedenken, uitvoeren en beoordelen van het project, en sluit "
        "het aan bij hun wensen?",
        (
            "De doelgroep en ervaringsdeskundigen komen niet voor.",
            "De doelgroep wordt genoemd, maar denkt niet mee.",
            "Eén keer gevraagd naar de mening van de doelgroep.",
            "Ervaringsdeskundigen denken mee bij het opzetten van het project.",
            "Ervaringsdeskundigen denken mee én hebben een rol in de uitvoering.",
            "De doelgroep is mede-eigenaar: bedenkt, voert uit en beoordeelt mee.",
        ),
    ),
    CriteriumData(
        "voordeur",
        "Mensen achter de voordeur bereiken",
        "Bereikt het project ook mensen die zelf geen hulp zoeken of niet bij bestaande activiteiten komen?",
        (
            "Alleen mensen die al komen.",
            "Werving met een folder of een bericht, verder niets.",
            "Werving via partners, maar zonder plan voor wie niet reageert.",
            "Een plan om mensen actief te benaderen, met sleutelfiguren of huisbezoek.",
            "Actief benaderen, met sleutelfiguren, en een warme overdracht naar passend aanbod.",
            "Een bewezen manier om juist de moeilijk bereikbare mensen te vinden en te houden.",
        ),
    ),
    CriteriumData(
        "duurzaam",
        "Duurzaam na de subsidie",
        "Gaat wat het project opbouwt door als de subsidie op is (borging, andere financiers, vrijwilligers)?",
        (
            "Stopt als de subsidie op is.",
            "Hoopt op nieuwe subsidie, zonder plan.",
            "Een eerste idee voor hoe het verder kan.",
            "Een plan voor borging, met een partner die het overneemt.",
            "Borging afgesproken met partners, met een deel van het geld al geregeld.",
            "Draagt zichzelf na de subsidie, met vaste partners en vrijwilligers.",
        ),
    ),
    CriteriumData(
        "effect",
        "Effect meten",
        "Meet het project of het helpt, bijvoorbeeld met een voor- en nameting op de De Jong Gierveld-schaal, en "
        "deelt het wat het leert?",
        (
            "Geen meting.",
            "Alleen tellen hoeveel mensen meedoen.",
            "Tellen en een tevredenheidsvraag achteraf.",
            "Een voor- en nameting bij een deel van de deelnemers.",
            "Een voor- en nameting bij alle deelnemers (De Jong Gierveld).",
            "Voor- en nameting én een onderzoekspartner die de uitkomsten deelt.",
        ),
    ),
    CriteriumData(
        "wijk",
        "Past bij de wijk",
        "Sluit het project aan bij wat de wijk nodig heeft en al heeft (cijfers, signalen, bestaand aanbod)?",
        (
            "Het is niet duidelijk voor welke wijk.",
            "Een wijk genoemd, zonder reden.",
            "Een reden genoemd, zonder cijfers of signalen.",
            "Onderbouwd met cijfers of signalen uit de wijk.",
            "Onderbouwd en afgestemd met wat er al is in de wijk.",
            "Gevraagd door de wijk zelf en afgestemd met al het bestaande aanbod.",
        ),
    ),
]


@dataclass(frozen=True)
class CallData:
    slug: str
    gemeente: str
    title: str
    summary: str
    description: str
    target_groups: tuple[str, ...]
    total_budget: str
    max_per_application: str
    weights: dict[str, int]  # criterion key: weight
    questions: tuple[tuple[str, bool], ...]  # (question, required answer)
    documents: tuple[tuple[str, str, bool], ...]  # (name, description, required)
    # Months from the first of this month: (opens, closes, reviews until).
    months: tuple[int, int, int]
    requires_measurement: bool = False
    interim_report_months: int | None = 6
    final_report_weeks: int = 8
    min_score: int = 55


ENSCHEDE_QUESTIONS = (
    ("Voert u het project uit in de gemeente Enschede?", True),
    ("Werkt u samen met ten minste één andere organisatie of bewonersgroep?", True),
    ("Begint het project binnen zes maanden na het besluit?", True),
    ("Betaalt een ander fonds al voor precies dit project?", False),
)
DOCUMENTS = (
    ("Projectplan", "Wat u gaat doen, voor wie, met wie en wanneer.", True),
    ("Begroting", "De kosten per onderdeel, met wat u zelf of een ander fonds betaalt.", True),
    ("Uittreksel Kamer van Koophandel", "Alleen als uw organisatie een stichting, vereniging of bedrijf is.", False),
)

CALLS = [
    CallData(
        "samen1enschede-netwerkgerichte-wijkaanpak",
        ENSCHEDE,
        "Versterken netwerkgerichte (wijk-)aanpak",
        "Geld voor een wijk- of buurtgerichte aanpak van eenzaamheid, samen met netwerkpartners, vrijwilligers en "
        "ervaringsdeskundigen.",
        "Samen1Enschede wil de aanpak van eenzaamheid in de wijk versterken. Nu doen veel organisaties elk hun eigen "
        "project. Wij zoeken projecten die de partners in een wijk verbinden: professionals, vrijwilligers, "
        "ervaringsdeskundigen, en mensen uit cultuur en sport. Zo komen eenzame bewoners beter in beeld en vinden "
        "zij sneller iets dat bij hen past.\n\nU kunt tot € 100.000 aanvragen. Een onafhankelijke commissie beoordeelt "
        "de aanvragen met de criteria hieronder (de bouwstenen van het actieplan).",
        (Doelgroep.IEDEREEN, Doelgroep.OUDEREN, Doelgroep.JONGEREN),
        "300000.00",  # not in the seed
        "100000.00",
        {"netwerk": 3, "betrokkenheid": 2, "voordeur": 2, "duurzaam": 2, "effect": 1, "wijk": 2},
        ENSCHEDE_QUESTIONS,
        (*DOCUMENTS, ("Steunbrief van een netwerkpartner", "Een korte brief van een partner die meedoet.", False)),
        (-1, 3, 4),
    ),
    CallData(
        "samen1enschede-pilots-vraaggericht-aanbod",
        ENSCHEDE,
        "Pilots interventies gericht op vraaggericht aanbod",
        "Geld om aanbod te ontwikkelen dat aansluit bij wat eenzame ouderen zelf vragen.",
        "Hulp werkt alleen als die past bij wat iemand wil en kan. Wie door omstandigheden eenzaam is geworden, is "
        "vaak al geholpen met korte hulp. Met deze regeling ontwikkelt u, op basis van interventies die werken, aanbod "
        "dat aansluit bij de vraag van eenzame ouderen, bijvoorbeeld ontmoetingen in de wijk.\n\nU kunt tot "
        "€ 50.000 aanvragen.",
        (Doelgroep.OUDEREN, Doelgroep.MIGRANTENOUDEREN),
        "150000.00",  # not in the seed
        "50000.00",
        {"netwerk": 2, "betrokkenheid": 3, "voordeur": 2, "duurzaam": 2, "effect": 2, "wijk": 1},
        ENSCHEDE_QUESTIONS,
        DOCUMENTS,
        (-1, 3, 4),
    ),
    CallData(
        "samen1enschede-pilots-innovatie-technologie",
        ENSCHEDE,
        "Pilots innovatie en technologie",
        "Geld voor proeven met technologie die mensen met elkaar in contact brengt.",
        "Technologie kan mensen bij elkaar brengen en contact houden makkelijker maken. Samen1Enschede investeert in "
        "proeven (pilots) die laten zien hoe een technologisch product of een vernieuwing eenzaamheid kan "
        "verminderen. Wat goed werkt, kan daarna breder worden ingezet.\n\nU kunt tot € 50.000 aanvragen.",
        (Doelgroep.IEDEREEN,),
        "150000.00",  # not in the seed
        "50000.00",
        {"netwerk": 1, "betrokkenheid": 2, "voordeur": 2, "duurzaam": 2, "effect": 3, "wijk": 1},
        ENSCHEDE_QUESTIONS,
        DOCUMENTS,
        (-4, -1, 2),
    ),
    CallData(
        "hengelo-pilots-eenzaamheid",
        HENGELO,
        "Pilots eenzaamheid Hengelo",
        "Geld voor proeven (pilots) die eenzaamheid in Hengelo tegengaan, met een voor- en nameting bij de deelnemers.",
        "De gemeenteraad vroeg met de motie Eenzaamheid om concrete proeven. Wij kiezen proeven die passen bij de "
        "oplossingen die blijven werken: bewustwording, signaleren en een netwerk om mensen heen. Kunst als middel "
        "en kennis over oudere migranten krijgen extra aandacht.\n\nDe gemeente stelt € 50.000 per jaar beschikbaar. "
        "Voorwaarde: u vraagt de deelnemers aan het begin en aan het eind hoe eenzaam zij zich voelen (De Jong "
        "Gierveld-schaal), zodat we zien of de proef helpt.",
        (Doelgroep.MIGRANTENOUDEREN, Doelgroep.JONGEREN, Doelgroep.OUDEREN),
        "50000.00",
        "20000.00",  # not in the seed
        {"netwerk": 2, "betrokkenheid": 2, "voordeur": 3, "duurzaam": 1, "effect": 3, "wijk": 1},
        (
            ("Voert u het project uit in de gemeente Hengelo?", True),
            ("Vraagt u de deelnemers aan het begin en aan het eind naar hun eenzaamheid?", True),
        ),
        DOCUMENTS[:2],
        (-9, -7, -6),
        requires_measurement=True,
    ),
]


# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportData:
    """A report's figures (all made up): reach per target (in the order of the targets), spending per budget line
    (in their order), and the measurement (form, measured, mean before, mean after, lonely before, lonely after)."""

    kind: str
    status: str
    reached: tuple[int, ...]
    spent: tuple[str, ...]
    activities_done: str
    lessons: str
    measurement: tuple[str, int, str, str, int, int] | None
    submitted_days_ago: int
    accepted_days_ago: int | None = None


@dataclass(frozen=True)
class ApplicationData:
    call: str  # slug
    organisatie: str
    title: str
    state: str  # concept, ingediend, commissie or toegekend
    created_by: str
    summary: str = ""
    target_groups: tuple[str, ...] = ()
    wijken: tuple[str, ...] = ()
    ervaringsdeskundigen: str = ""
    activities: str = ""
    measurement_plan: str = ""
    sustainability: str = ""
    amount: str | None = None
    targets: tuple[tuple[str, str, int], ...] = ()  # (target group, description, number)
    budget: tuple[tuple[str, str, str, str], ...] = ()  # (category, description, amount, co-financing)
    demo_only: bool = True
    reports: tuple[ReportData, ...] = ()
    decision: str = ""
    reviews: dict[str, Any] = field(default_factory=dict)  # by member e-mail: {"points": (…), "advice": …} or {}


PILOTS = [
    ApplicationData(
        "hengelo-pilots-eenzaamheid",
        "Wijkracht",
        "Huisbezoeken aan oudere migranten",
        "toegekend",
        COORDINATOR,
        summary=(
            "Naast de huisbezoeken aan 75-plussers gaan vrijwilligers op huisbezoek bij oudere migranten, die we nu "
            "nog niet bereiken. Zij tonen belangstelling, praten over wat de oudere bezighoudt, denken mee over "
            "ontmoeten en vrije tijd, en verwijzen door waar dat nodig is."
        ),
        target_groups=(Doelgroep.MIGRANTENOUDEREN,),
        wijken=("Berflo Es", "Hasseler Es", "Wilderinkshoek"),
        ervaringsdeskundigen="Sleutelfiguren uit migrantengemeenschappen denken mee over de checklist en de werving.",
        activities=(
            "Vrijwilligers voeren de gesprekken aan de hand van een checklist met onderwerpen die voor oudere "
            "migranten belangrijk zijn. Een deskundige met interculturele en talige vaardigheden ondersteunt hen. "
            "Kwetsbare situaties gaan met een warme overdracht naar het wijkteam of het Wmo-team van de gemeente."
        ),
        measurement_plan="Voor- en nameting met de De Jong Gierveld-schaal (11 vragen) bij alle bezochte ouderen.",
        sustainability="Na het eerste jaar worden de bezoeken onderdeel van Huisbezoek 75+.",
        amount="7100.00",
        targets=((Doelgroep.MIGRANTENOUDEREN, "Oudere migranten bereikt met een huisbezoek", 25),),
        budget=(
            ("personeel", "Deskundige begeleiding van de vrijwilligers (interculturele competenties)", "5100.00", "0"),
            ("vrijwilligers", "Training en onkostenvergoeding van de vrijwillige ouderenbezoekers", "1500.00", "0"),
            ("communicatie", "Werving via migrantenorganisaties en sleutelfiguren", "500.00", "0"),
        ),
        demo_only=False,
        decision="Toegekend als pilot 1 van het uitvoeringsplan: oudere migranten worden nu nog niet bereikt. "
        "Beoogd resultaat: in het eerste jaar ten minste 25 oudere migranten bereiken.",
        reports=(
            ReportData(
                RapportSoort.TUSSENTIJDS,
                RapportStatus.GEACCEPTEERD,
                (14,),
                ("2600.00", "800.00", "450.00"),
                "Vier vrijwilligers getraind; 14 oudere migranten thuis bezocht, de meesten twee keer. Drie mensen "
                "met een warme overdracht naar het wijkteam.",
                "Bellen vooraf via een sleutelfiguur werkt veel beter dan een brief. Gesprekken in de eigen taal "
                "openen de deur.",
                (MeetVorm.DJG11, 12, "7.40", "6.10", 10, 8),
                submitted_days_ago=20,
                accepted_days_ago=12,
            ),
        ),
    ),
    ApplicationData(
        "hengelo-pilots-eenzaamheid",
        "Humanitas Twente",
        "Humanitas Match: extra matches met eenzame jongeren",
        "toegekend",
        COORDINATOR,
        summary=(
            "Humanitas Match koppelt een vrijwilliger een jaar lang aan een jongere van 12 tot 25 jaar. Bovenop de 18 "
            "koppelingen per jaar maken we vijf extra matches, speciaal met jongeren die eenzaam zijn."
        ),
        target_groups=(Doelgroep.JONGEREN,),
        ervaringsdeskundigen="Jongeren die eerder een match hadden, vertellen nieuwe deelnemers wat het hun bracht.",
        activities="Werven en trainen van vijf vrijwilligers; vijf koppelingen van een jaar, met begeleiding.",
        measurement_plan="De Jong Gierveld-schaal (6 vragen) aan het begin en aan het eind van elke match.",
        sustainability="Wat werkt, nemen we op in de gewone werkwijze van Humanitas Match.",
        amount="11585.00",
        targets=((Doelgroep.JONGEREN, "Extra koppelingen (matches) met eenzame jongeren van 12 tot 25 jaar", 5),),
        budget=(
            ("personeel", "Coördinatie en begeleiding van vijf extra matches", "8500.00", "0"),
            ("vrijwilligers", "Werving, training en onkosten van vijf vrijwilligers", "2585.00", "0"),
            ("activiteiten", "Activiteitenbudget voor de matches", "500.00", "0"),
        ),
        demo_only=False,
        decision="Toegekend als pilot 2 van het uitvoeringsplan. Beoogd resultaat: vijf extra matches met eenzame "
        "jongeren van 12 tot 25 jaar.",
        reports=(
            ReportData(
                RapportSoort.TUSSENTIJDS,
                RapportStatus.INGEDIEND,
                (3,),
                ("4100.00", "1300.00", "150.00"),
                "Drie van de vijf extra matches lopen. Twee vrijwilligers zijn nog in training.",
                "Jongeren vinden ons vaker via school dan via de jeugdzorg; we werven nu ook op het ROC.",
                (MeetVorm.DJG6, 3, "4.00", "2.67", 3, 2),
                submitted_days_ago=3,
            ),
        ),
    ),
    ApplicationData(
        "hengelo-pilots-eenzaamheid",
        "Oyfo",
        "Oyfo zet je aan!",
        "toegekend",
        COORDINATOR,
        summary=(
            "Kunst, techniek en erfgoed als middel tegen eenzaamheid, voor jong en oud: museumbezoek met een "
            "tafelgesprek voor (migranten)ouderen, korte workshops, en kunstenaar-docenten die met bewoners in de wijk "
            "samen iets maken."
        ),
        target_groups=(Doelgroep.OUDEREN, Doelgroep.MIGRANTENOUDEREN, Doelgroep.JONGEREN),
        activities=(
            "Bezoek aan het museum buiten de openingstijden in kleine groepen, met een tafelgesprek en een kleine "
            "activiteit; workshops; kunstprojecten in de wijk met samen eten na afloop; jongeren leren programmeren "
            "en worden elkaars buddy, samen met de bibliotheek."
        ),
        measurement_plan="Korte voor- en nameting (De Jong Gierveld, 6 vragen) bij deelnemers van de reeksen.",
        amount="15000.00",
        targets=(
            (Doelgroep.MIGRANTENOUDEREN, "(Migranten)ouderen bij museumbezoek met tafelgesprek", 30),
            (Doelgroep.IEDEREEN, "Bewoners bij kunstprojecten in de wijk", 40),
        ),
        budget=(
            ("activiteiten", "Museumbezoeken buiten de openingstijden, met begeleiders", "6000.00", "0"),
            ("personeel", "Kunstenaar-docenten in de wijk", "7000.00", "0"),
            ("activiteiten", "Materiaal en samen eten na afloop", "2000.00", "0"),
        ),
        demo_only=False,
        decision="Toegekend als pilot 3 van het uitvoeringsplan; de keuze voor de inzet en de beoogde resultaten is "
        "in overleg met Oyfo bepaald.",
    ),
]

DEMO_APPLICATIONS = [
    ApplicationData(
        "samen1enschede-netwerkgerichte-wijkaanpak",
        "Onze buurt de Posten",
        "Buurtnetwerk De Posten: samen omzien",
        "concept",
        AANVRAGER,
        summary="Bewoners, de huisarts, de school en de sportclub in De Posten letten samen op wie alleen is.",
        target_groups=(Doelgroep.IEDEREEN,),
        amount="35000.00",
        targets=((Doelgroep.OUDEREN, "Oudere bewoners die we persoonlijk uitnodigen", 60),),
        budget=(("activiteiten", "Maandelijkse buurtmaaltijd", "12000.00", "2000.00"),),
    ),
    ApplicationData(
        "samen1enschede-pilots-vraaggericht-aanbod",
        "Onze buurt de Posten",
        "Picknick in de wijk",
        "ingediend",
        AANVRAGER,
        summary=(
            "Naar het voorbeeld van Picknick Twente organiseren we in de zomer vier picknicks in het park, waar "
            "buurtbewoners elkaar ontmoeten. Ouderen die alleen wonen nodigen we persoonlijk uit."
        ),
        target_groups=(Doelgroep.OUDEREN,),
        wijken=("Enschede-Zuid",),
        ervaringsdeskundigen="Twee buurtbewoners die zelf eenzaam waren, helpen met uitnodigen en ontvangen.",
        activities="April: werven vrijwilligers. Juni tot september: vier picknicks. Oktober: terugblik met bewoners.",
        measurement_plan="Bij de eerste en de laatste picknick een korte vragenlijst (De Jong Gierveld, 6 vragen).",
        sustainability="De buurtvereniging neemt de picknick op in haar jaarprogramma.",
        amount="8500.00",
        targets=((Doelgroep.OUDEREN, "Ouderen die alleen wonen en meedoen aan een picknick", 40),),
        budget=(
            ("activiteiten", "Eten, drinken en materiaal voor vier picknicks", "5000.00", "500.00"),
            ("vrijwilligers", "Onkostenvergoeding vrijwilligers", "2000.00", "0"),
            ("communicatie", "Uitnodigingen en posters", "2000.00", "0"),
        ),
    ),
    ApplicationData(
        "samen1enschede-pilots-innovatie-technologie",
        "Stichting IkkanWelzijn",
        "Samen digitaal: beeldbellen met de buurt",
        "commissie",
        COORDINATOR,
        summary=(
            "Ouderen die weinig de deur uitkomen krijgen een eenvoudige tablet en leren beeldbellen met buren, "
            "familie en een vaste vrijwilliger; één keer per week is er een online koffie-uur."
        ),
        target_groups=(Doelgroep.OUDEREN,),
        wijken=("Enschede-Noord", "Glanerbrug en omgeving"),
        ervaringsdeskundigen="Een panel van vijf ouderen test de tablet en de uitleg voordat we beginnen.",
        activities="Maand 1–2: panel en vrijwilligers. Maand 3–12: 30 deelnemers, wekelijks koffie-uur online.",
        measurement_plan="De Jong Gierveld (11 vragen) bij de start en na negen maanden.",
        sustainability="De bibliotheek neemt de uitleg over; de tablets blijven bij de deelnemers.",
        amount="42000.00",
        targets=((Doelgroep.OUDEREN, "Ouderen die leren beeldbellen en meedoen aan het koffie-uur", 30),),
        budget=(
            ("activiteiten", "Tablets en abonnementen voor 30 deelnemers", "18000.00", "0"),
            ("personeel", "Begeleiding en uitleg aan huis", "20000.00", "0"),
            ("meten", "Voor- en nameting en verslag", "4000.00", "0"),
        ),
        reviews={COMMISSIELID: {"points": (3, 4, 4, 3, 4, 2), "advice": Advies.TOEKENNEN}},
    ),
    ApplicationData(
        "samen1enschede-pilots-innovatie-technologie",
        "Trimm",
        "Buurtapp: buren helpen buren in Twekkelerveld",
        "commissie",
        COORDINATOR,
        summary="Een buurtapp waarin buren kleine hulpvragen en ontmoetingen met elkaar delen.",
        target_groups=(Doelgroep.IEDEREEN,),
        wijken=("Twekkelerveld - T.H.T.",),
        activities="Bouwen van de app met bewoners, testen in één buurt, daarna de hele wijk.",
        measurement_plan="Tellen hoeveel contacten de app oplevert; korte vragenlijst achteraf.",
        sustainability="Na de proef draagt de wijkraad de app.",
        amount="48000.00",
        targets=((Doelgroep.IEDEREEN, "Buurtbewoners die de app gebruiken", 200),),
        budget=(("personeel", "Ontwikkeling van de app", "40000.00", "0"), ("communicatie", "Werving", "8000.00", "0")),
        reviews={COMMISSIELID: {}},  # declared no conflict, not scored yet
    ),
]


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------
def _keep(model: type[models.Model], key: dict[str, Any], values: dict[str, Any], tally: Tally) -> Any:
    """The row matched on `key`, created with `values` or brought up to date, counted in `tally`."""
    obj = model._default_manager.filter(**key).first()
    if obj is None:
        tally.created += 1
        return model._default_manager.create(**key, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        tally.updated += 1
    else:
        tally.unchanged += 1
    return obj


def _at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _load_calls(summary: Summary, gemeenten: dict[str, Gemeente], month: date) -> dict[str, Regeling]:
    calls = {}
    for data in CALLS:
        opens, closes, reviews = (month + relativedelta(months=n) for n in data.months)
        regeling = _keep(
            Regeling,
            {"slug": data.slug},
            {
                "gemeente": gemeenten[data.gemeente],
                "title": data.title,
                "summary": data.summary,
                "description": data.description,
                "target_groups": list(data.target_groups),
                "opens_at": _at(opens, 9),
                "closes_at": _at(closes, 17),
                "review_deadline": _at(reviews, 17),
                "total_budget": Decimal(data.total_budget),
                "max_per_application": Decimal(data.max_per_application),
                "min_score": data.min_score,
                "interim_report_months": data.interim_report_months,
                "final_report_weeks": data.final_report_weeks,
                "requires_measurement": data.requires_measurement,
            },
            summary.tally("subsidieregelingen"),
        )
        for position, criterium in enumerate(CRITERIA):
            _keep(
                Criterium,
                {"regeling": regeling, "title": criterium.title},
                {
                    "position": position,
                    "description": criterium.description,
                    "weight": data.weights[criterium.key],
                    "scale": list(criterium.scale),
                },
                summary.tally("criteria"),
            )
        for position, (question, answer) in enumerate(data.questions):
            _keep(
                Toetsvraag,
                {"regeling": regeling, "question": question},
                {"position": position, "required_answer": answer},
                summary.tally("toetsvragen"),
            )
        for name, description, required in data.documents:
            _keep(
                Documenteis,
                {"regeling": regeling, "name": name},
                {"description": description, "required": required},
                summary.tally("gevraagde documenten"),
            )
        calls[data.slug] = regeling
    return calls


def _history(aanvraag: Aanvraag, step: str, by: User | None, at: datetime, **data: Any) -> None:
    Historie.objects.create(aanvraag=aanvraag, step=step, by=by, at=at, data=data)


def _create_application(
    data: ApplicationData, regeling: Regeling, organisatie: Organisatie, users: dict[str, User], month: date
) -> Aanvraag:
    """A new application as the demo wants it, with its targets, budget, history, reviews and reports."""
    now = timezone.now()
    by = users[data.created_by]
    created = regeling.opens_at + timedelta(days=10)
    granted = data.state == AanvraagStatus.TOEGEKEND
    start = month - relativedelta(months=5) if granted else month + relativedelta(months=2)
    values: dict[str, Any] = {
        "created_by": by,
        "created_at": created,
        "updated_at": created,
        "status": AanvraagStatus.CONCEPT,
        "summary": data.summary,
        "start_date": start,
        "end_date": start + relativedelta(years=1) - timedelta(days=1),
        "contact_name": by.full_name if data.created_by != COORDINATOR else "",
        "target_groups": list(data.target_groups),
        "ervaringsdeskundigen": data.ervaringsdeskundigen,
        "activities": data.activities,
        "measurement_plan": data.measurement_plan,
        "sustainability": data.sustainability,
        "amount_requested": Decimal(data.amount) if data.amount else None,
        "eligibility_answers": {str(q.pk): q.required_answer for q in regeling.toetsvragen.all()},
    }
    submitted = min(regeling.closes_at - timedelta(days=3), now - timedelta(days=5))
    if data.state != AanvraagStatus.CONCEPT:
        values |= {"status": AanvraagStatus.INGEDIEND, "submitted_at": submitted}
    if data.state in ("commissie", AanvraagStatus.TOEGEKEND):
        values["status"] = AanvraagStatus.IN_BEOORDELING
    decided = regeling.review_deadline + timedelta(days=7)
    if granted:
        values |= {
            "status": AanvraagStatus.TOEGEKEND,
            "allocated_amount": Decimal(data.amount or 0),
            "decision_reasons": data.decision,
            "decided_at": decided,
            "decided_by": users[COORDINATOR],
        }
    aanvraag = Aanvraag.objects.create(regeling=regeling, organisatie=organisatie, title=data.title, **values)
    wijken = Wijk.objects.filter(gemeente=regeling.gemeente, name__in=data.wijken)
    if len(wijken) != len(data.wijken):
        raise DemoDataError(f"Een van de wijken {', '.join(data.wijken)} van '{data.title}' ontbreekt.")
    aanvraag.wijken.set(wijken)
    doelen = [
        Doel.objects.create(aanvraag=aanvraag, target_group=group, description=description, number=number)
        for group, description, number in data.targets
    ]
    lines = [
        Begrotingsregel.objects.create(
            aanvraag=aanvraag, category=category, description=description, amount=Decimal(amount),
            co_financing=Decimal(co),
        )
        for category, description, amount, co in data.budget
    ]  # fmt: skip

    _history(aanvraag, "aangemaakt", by, created)
    if data.state != AanvraagStatus.CONCEPT:
        _history(aanvraag, "ingediend", by, submitted)
    if data.state in ("commissie", AanvraagStatus.TOEGEKEND):
        _history(aanvraag, "ontvankelijk", users[COORDINATOR], submitted + timedelta(days=2))
    if granted:
        _history(aanvraag, "bedrag_toegewezen", users[COORDINATOR], decided, bedrag=data.amount)
        _history(aanvraag, "toegekend", users[COORDINATOR], decided)
        _create_reports(aanvraag, data, doelen, lines, users)
    for email, review in data.reviews.items():
        _create_review(aanvraag, users[email], review, submitted + timedelta(days=7))
    return aanvraag


def _create_reports(
    aanvraag: Aanvraag, data: ApplicationData, doelen: list[Doel], lines: list[Begrotingsregel], users: dict[str, User]
) -> None:
    """The deadlines from the call's rules; the reports' figures only where the demo data has them."""
    regeling, start, end = aanvraag.regeling, aanvraag.start_date, aanvraag.end_date
    if start is None or end is None:
        raise DemoDataError(f"'{aanvraag.title}' heeft geen start- of einddatum.")
    due = {RapportSoort.EIND: end + timedelta(weeks=regeling.final_report_weeks)}
    if regeling.interim_report_months:
        due[RapportSoort.TUSSENTIJDS] = start + relativedelta(months=regeling.interim_report_months)
    filled = {report.kind: report for report in data.reports}
    now = timezone.now()
    for kind, due_date in sorted(due.items(), key=lambda item: item[1]):
        report = filled.get(kind)
        if report is None:
            Rapportage.objects.create(aanvraag=aanvraag, kind=kind, due_date=due_date)
            continue
        submitted = now - timedelta(days=report.submitted_days_ago)
        accepted = now - timedelta(days=report.accepted_days_ago) if report.accepted_days_ago else None
        rapportage = Rapportage.objects.create(
            aanvraag=aanvraag,
            kind=kind,
            due_date=due_date,
            status=report.status,
            activities_done=report.activities_done,
            lessons=report.lessons,
            submitted_at=submitted,
            accepted_at=accepted,
        )
        RapportageBereik.objects.bulk_create(
            RapportageBereik(rapportage=rapportage, doel=doel, reached=n)
            for doel, n in zip(doelen, report.reached, strict=True)
        )
        RapportageUitgave.objects.bulk_create(
            RapportageUitgave(rapportage=rapportage, begrotingsregel=line, spent=Decimal(spent))
            for line, spent in zip(lines, report.spent, strict=True)
        )
        if report.measurement:
            form, measured, before, after, lonely_before, lonely_after = report.measurement
            RapportageMeting.objects.create(
                rapportage=rapportage, form=form, measured=measured, mean_before=Decimal(before),
                mean_after=Decimal(after), lonely_before=lonely_before, lonely_after=lonely_after,
            )  # fmt: skip
        about = {"rapportage": rapportage.pk, "soort": kind}
        _history(aanvraag, "rapportage", users[data.created_by], submitted, what="rapport_ingediend", **about)
        if accepted:
            _history(aanvraag, "rapportage", users[COORDINATOR], accepted, what="rapport_geaccepteerd", **about)


def _create_review(aanvraag: Aanvraag, member: User, review: dict[str, Any], at: datetime) -> None:
    """The member declares no conflict of interest first (the database insists), then scores, if the demo says so."""
    Belangenverklaring.objects.create(aanvraag=aanvraag, member=member, has_conflict=False, declared_at=at)
    if not review:
        return
    submitted = at + timedelta(days=1)
    beoordeling = Beoordeling.objects.create(
        aanvraag=aanvraag,
        member=member,
        advice=review["advice"],
        comment="Sterk plan om mensen thuis te bereiken; de borging na de subsidie kan concreter.",
        submitted_at=submitted,
        updated_at=submitted,
    )
    criteria = list(aanvraag.regeling.criteria.order_by("position", "pk"))
    if len(criteria) != len(review["points"]) or any(not 0 <= p < SCALE_POINTS for p in review["points"]):
        raise DemoDataError(f"De demoscores van '{aanvraag.title}' passen niet bij de criteria.")
    Score.objects.bulk_create(
        Score(beoordeling=beoordeling, criterium=criterium, points=points)
        for criterium, points in zip(criteria, review["points"], strict=True)
    )
    BeoordelingHistorie.objects.create(
        beoordeling=beoordeling,
        at=submitted,
        submitted=True,
        snapshot={
            "advice": review["advice"],
            "scores": {str(c.pk): p for c, p in zip(criteria, review["points"], strict=True)},
        },
    )


def _load_applications(
    summary: Summary, applications: list[ApplicationData], calls: dict[str, Regeling], month: date
) -> None:
    wanted_orgs = {data.organisatie for data in applications}
    organisaties = {o.name: o for o in Organisatie.objects.filter(name__in=wanted_orgs)}
    if missing := sorted(wanted_orgs - set(organisaties)):
        raise DemoDataError(f"Organisaties ontbreken voor de subsidies: {', '.join(missing)}")
    emails = {data.created_by for data in applications} | {e for data in applications for e in data.reviews}
    emails.add(COORDINATOR)
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    if missing := sorted(emails - set(users)):
        raise DemoDataError(f"Demogebruikers ontbreken voor de subsidies: {', '.join(missing)}")
    tally = summary.tally("subsidieaanvragen")
    for data in applications:
        regeling, organisatie = calls[data.call], organisaties[data.organisatie]
        if Aanvraag.objects.filter(regeling=regeling, organisatie=organisatie, title=data.title).exists():
            tally.unchanged += 1
            continue
        _create_application(data, regeling, organisatie, users, month)
        tally.created += 1


def load(summary: Summary, *, demo_mode: bool) -> None:
    """The calls and the Hengelo pilots; in demo mode also the reports' figures and the other applications."""
    month = timezone.localdate().replace(day=1)
    gemeenten = {g.name: g for g in Gemeente.objects.filter(name__in={c.gemeente for c in CALLS})}
    if missing := sorted({c.gemeente for c in CALLS} - set(gemeenten)):
        raise DemoDataError(f"Gemeenten ontbreken voor de subsidies: {', '.join(missing)}")
    calls = _load_calls(summary, gemeenten, month)
    pilots = PILOTS if demo_mode else [_without_reports(pilot) for pilot in PILOTS]
    _load_applications(summary, pilots + (DEMO_APPLICATIONS if demo_mode else []), calls, month)


def _without_reports(data: ApplicationData) -> ApplicationData:
    """Outside demo mode a pilot keeps its deadlines, but no made-up report."""
    return replace(data, reports=())
