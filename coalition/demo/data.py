"""The demo data itself, written from the project's source documents (the Dutch policy seeds).

Sources, by the numbers the project uses for them:
  000  Actieplan Eenzaamheid 2021-2022, Samen1Enschede
  001  "Samen ben je niet alleen" Twenterand, actieplan 2.0 (bijlage 1: the coalition partners)
  004  Uitvoeringsplan Hengelo "Eenzaamheid is iets om te delen"
and the project's reference notes on CBS codes (CBS wijk- en buurtindeling 2021).

Real organisations keep their real names; every person here is made up (the surnames are
invented on purpose) and every address of a person is @example.org. Websites appear only where a
source document names them. The apps add demo data of their own (coalition/registry.py, add_demo_loader).
"""

from typing import NamedTuple

from coalition.models import OrganisatieKind as Kind
from coalition.models import Role

# ---------------------------------------------------------------------------
# Gemeenten (CBS codes verified, see the reference notes)
# ---------------------------------------------------------------------------
ENSCHEDE, HENGELO, TWENTERAND = "Enschede", "Hengelo", "Twenterand"

GEMEENTEN = {
    ENSCHEDE: "GM0153",
    HENGELO: "GM0164",
    TWENTERAND: "GM1700",
}


# ---------------------------------------------------------------------------
# Wijken and kernen, with the PC4 areas that lie in them
# ---------------------------------------------------------------------------
class WijkData(NamedTuple):
    gemeente: str
    name: str
    kind: str  # "wijk" or "kern"
    cbs_code: str = ""
    # Whole PC4 areas as (first, last): ("7671", "7672") is 7671AA up to and including 7672ZZ.
    postcodes: tuple[tuple[str, str], ...] = ()


# Twenterand. CBS codes of the 2021 indeling (reference notes, verified). The kernen are the villages
# people name; two of them (Bruinehaar, Geerdijk) have no CBS wijk of their own and so no code.
# Kloosterhaar and Sibculo are sometimes listed with these villages but belong to gemeente Hardenberg
# (they left Den Ham in the 2001 merger), and CBS's Twenterand indeling does not contain them: left out.
TWENTERAND_WIJKEN = [
    # PC4 7671 and 7672 also cover the scattered houses around Vriezenveen, which CBS counts in
    # "Buitengebied Vriezenveen Noord" (WK170005) and in WK170006; they cannot be split by PC4, so
    # the whole PC4s are assigned to the kern Vriezenveen.
    WijkData(TWENTERAND, "Vriezenveen", "kern", "WK170001", (("7671", "7672"),)),
    WijkData(TWENTERAND, "Westerhaar-Vriezenveensewijk", "kern", "WK170002", (("7676", "7676"),)),
    WijkData(TWENTERAND, "Den Ham", "kern", "WK170003", (("7683", "7683"),)),
    WijkData(TWENTERAND, "Vroomshoop", "kern", "WK170004", (("7681", "7681"),)),
    # Bruinehaar has a PC4 of its own. Seed 001 names it as one of the two wijken with the most loneliness.
    WijkData(TWENTERAND, "Bruinehaar", "kern", "", (("7675", "7675"),)),
    # Geerdijk lies in CBS wijk Vroomshoop (buurten Geerdijk-West/-Oost). Whether its addresses have a
    # PC4 apart from Vroomshoop's is not verified here, so it gets no postcode area: a postcode never
    # resolves to Geerdijk, only to Vroomshoop.
    WijkData(TWENTERAND, "Geerdijk", "kern", ""),
    WijkData(TWENTERAND, "Buitengebied Vriezenveen Noord", "wijk", "WK170005"),
]

# Enschede: the ten CBS wijken (codes and names verified). Their PC4 areas are an APPROXIMATION for
# demo use: Enschede's PC4s do not follow wijk borders, and only 7511 (centrum), 7522 (Universiteit
# Twente, Drienerlolaan 5), 7525 (Lonneker) and 7548 (Boekelo) are placed with some confidence. Each
# PC4 is assigned to one wijk, the one it mostly lies in as far as known. Import the CBS/PostNL
# tables before using wijk figures of Enschede for anything real.
ENSCHEDE_WIJKEN = [
    WijkData(ENSCHEDE, "Binnensingelgebied", "wijk", "WK015300", (("7511", "7514"),)),
    WijkData(ENSCHEDE, "Hogeland - Velve", "wijk", "WK015301", (("7531", "7531"),)),
    WijkData(ENSCHEDE, "Boswinkel - Stadsveld", "wijk", "WK015302", (("7541", "7542"), ("7545", "7545"))),
    WijkData(ENSCHEDE, "Twekkelerveld - T.H.T.", "wijk", "WK015303", (("7521", "7521"),)),
    WijkData(ENSCHEDE, "Enschede-Noord", "wijk", "WK015304", (("7522", "7524"),)),
    WijkData(ENSCHEDE, "Ribbelt - Stokhorst", "wijk", "WK015305", (("7533", "7533"),)),
    WijkData(ENSCHEDE, "Enschede-Zuid", "wijk", "WK015306", (("7543", "7544"), ("7546", "7546"))),
    WijkData(ENSCHEDE, "Bedrijfsterreinen Enschede-West", "wijk", "WK015307", (("7547", "7547"),)),
    WijkData(ENSCHEDE, "Glanerbrug en omgeving", "wijk", "WK015308", (("7532", "7532"), ("7534", "7535"))),
    WijkData(ENSCHEDE, "Landelijk gebied en kernen", "wijk", "WK015309", (("7525", "7525"), ("7548", "7548"))),
]

# Hengelo: the ten CBS wijken (codes and names verified; seed 004 compares Buitengebied, Slangenbeek
# and Hasseler Es). PC4 areas are an APPROXIMATION as for Enschede: only 7551 (binnenstad) and 7553
# (Hart van Zuid, Wilderinkshoek) are placed with some confidence. The Buitengebied (Beckum and the
# scattered houses) shares PC4s with the wijken around it and gets none of its own.
HENGELO_WIJKEN = [
    WijkData(HENGELO, "Binnenstad", "wijk", "WK016400", (("7551", "7551"),)),
    WijkData(HENGELO, "Hengelose Es", "wijk", "WK016401", (("7557", "7557"),)),
    WijkData(HENGELO, "Noord", "wijk", "WK016402", (("7555", "7555"),)),
    WijkData(HENGELO, "Hasseler Es", "wijk", "WK016403", (("7556", "7556"),)),
    WijkData(HENGELO, "Groot Driene", "wijk", "WK016404", (("7554", "7554"),)),
    WijkData(HENGELO, "Berflo Es", "wijk", "WK016405", (("7552", "7552"),)),
    WijkData(HENGELO, "Wilderinkshoek", "wijk", "WK016406", (("7553", "7553"),)),
    WijkData(HENGELO, "Woolde", "wijk", "WK016407", (("7559", "7559"),)),
    WijkData(HENGELO, "Slangenbeek", "wijk", "WK016408", (("7558", "7558"),)),
    WijkData(HENGELO, "Buitengebied", "wijk", "WK016409"),
]

WIJKEN = TWENTERAND_WIJKEN + ENSCHEDE_WIJKEN + HENGELO_WIJKEN


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
class OrganisatieData(NamedTuple):
    name: str
    kind: str
    gemeenten: tuple[str, ...]
    member_since: str | None = None  # ISO date
    convenant_signed_on: str | None = None
    yearly_contribution: str | None = None  # euro
    website: str = ""
    phone: str = ""
    contacts: int = 1  # how many (made-up) contact people


# Seed 001: "in januari 2020 [is] een gezamenlijke startbijeenkomst georganiseerd waarin de
# coalitiepartners het actieplan hebben ondertekend". The day is not given; the 22nd is our choice.
TWENTERAND_SIGNED = "2020-01-22"


def _twenterand(name: str, kind: str, **extra) -> OrganisatieData:
    """A partner of bijlage 1: member since, and signed, at the start meeting of January 2020."""
    values = {"gemeenten": (TWENTERAND,), "member_since": TWENTERAND_SIGNED, "convenant_signed_on": TWENTERAND_SIGNED}
    return OrganisatieData(name, kind, **(values | extra))


# Seed 001, bijlage 1 "Coalitiepartners", every organisation in the order of the list. The people named
# there are not copied. No contributions: Twenterand pays its approach from GIDS funds (seed 001).
TWENTERAND_PARTNERS = [
    _twenterand("Gemeente Twenterand", Kind.GEMEENTE),
    _twenterand("Ministerie van Volksgezondheid, Welzijn en Sport", Kind.OVERIG),
    # "uitvoerder Actieplan, kartrekker, coördinator"; runs the Meldpunt Eenzaamheid (seed 001, 5.1 and 4.3).
    _twenterand("ZorgSaam Twenterand", Kind.WELZIJN, contacts=2),
    _twenterand("Avedan", Kind.WELZIJN),  # maatschappelijk werk
    _twenterand("MEE IJsseloevers", Kind.WELZIJN),
    _twenterand("Zorgboerderij de Koningshoeve", Kind.ZORG),
    _twenterand("ZorgAccent", Kind.ZORG),
    _twenterand("De Vriezenhof", Kind.ZORG),
    _twenterand("De Haere", Kind.ZORG, website="https://www.de-haere.nl"),  # website: seed 001, footnote 9
    _twenterand("Huisartsencoöperatie Vriezenveen-Westerhaar", Kind.EERSTELIJN),
    _twenterand("Stichting Leergeld Twenterand", Kind.VRIJWILLIGERS),
    # The list says "Adviesraad Sociaal Domein"; Hengelo has one too, and names are unique here.
    _twenterand("Adviesraad Sociaal Domein Twenterand", Kind.OVERIG),
    _twenterand("Ontmoetingskerk Vriezenveen", Kind.LEVENSBESCHOUWING),
    _twenterand("Interkerkelijk Plaatselijk Netwerk Westerhaar-Vriezenveensewijk", Kind.LEVENSBESCHOUWING),
    _twenterand("RIBW Groep Overijssel", Kind.ZORG),
    _twenterand("Evenmens", Kind.VRIJWILLIGERS, contacts=2),
    _twenterand("Carint Reggeland", Kind.ZORG),
    _twenterand("Bibliotheek Twenterand", Kind.BIBLIOTHEEK),
    # Seed 000 names "zorgorganisatie Manna" as a founder of Samen1Enschede; taken to be the same organisation.
    # Enschede asks larger partners to contribute "naar draagkracht" (seed 000, 6.3).
    _twenterand(
        "Zorggroep Manna", Kind.ZORG, gemeenten=(TWENTERAND, ENSCHEDE), yearly_contribution="5000.00", contacts=2
    ),
    _twenterand("Stichting Manna", Kind.WELZIJN),
    _twenterand("Fysio Twenterand", Kind.EERSTELIJN),
    _twenterand("Buurtzorg Den Ham", Kind.ZORG),
    # "Later aangesloten" (before the update of December 2020): no signature under the action plan.
    _twenterand("Impluz", Kind.ZORG, member_since="2020-10-01", convenant_signed_on=None),
]

# Seed 000 (Samen1Enschede). Founded in 2019 by Manna and Liberein (start meeting 4 July 2019), the
# gemeente joined later; the steering group of the action plan (October 2021) names the others. The
# covenant of seed 000, 7 was still to be signed; 1 December 2021 (werkgroepen start) is our choice.
# "De minimale financiële bijdrage per partner is € 500"; larger organisations pay more.
ENSCHEDE_CONVENANT = "2021-12-01"
ENSCHEDE_PARTNERS = [
    OrganisatieData("Liberein", Kind.ZORG, (ENSCHEDE,), "2019-07-04", ENSCHEDE_CONVENANT, "5000.00", contacts=2),
    OrganisatieData("Gemeente Enschede", Kind.GEMEENTE, (ENSCHEDE,), "2020-04-01", ENSCHEDE_CONVENANT),
    OrganisatieData("Alifa", Kind.WELZIJN, (ENSCHEDE,), "2021-10-01", ENSCHEDE_CONVENANT, "2500.00", contacts=2),
    OrganisatieData("Kaliber Kunstenschool", Kind.VERENIGING, (ENSCHEDE,), "2021-10-01", ENSCHEDE_CONVENANT, "500.00"),
    OrganisatieData("ROC van Twente", Kind.ONDERWIJS, (ENSCHEDE,), "2021-10-01", ENSCHEDE_CONVENANT, "1000.00"),
    OrganisatieData("Mijande Wonen", Kind.WONEN, (ENSCHEDE,), "2021-10-01", ENSCHEDE_CONVENANT, "2500.00"),
    OrganisatieData("Trimm", Kind.ONDERNEMER, (ENSCHEDE,), "2021-10-01", ENSCHEDE_CONVENANT, "500.00"),
    OrganisatieData("Stichting IkkanWelzijn", Kind.WELZIJN, (ENSCHEDE,), "2021-10-01", ENSCHEDE_CONVENANT, "500.00"),
    OrganisatieData("Onze buurt de Posten", Kind.VRIJWILLIGERS, (ENSCHEDE,), "2019-07-04", None, "500.00"),
    # Research partners (seed 000, 3.1 and 5.5): "separate afspraken", so no membership or contribution.
    # Saxion's Werkplaats Sociaal Domein also works with Hengelo (seed 004, 3.2.1).
    OrganisatieData("Saxion", Kind.ONDERWIJS, (ENSCHEDE, HENGELO)),
    OrganisatieData("Citizenslab Oost Nederland", Kind.ONDERWIJS, (ENSCHEDE,)),
    OrganisatieData("Universiteit Twente", Kind.ONDERWIJS, (ENSCHEDE,)),
]

# Seed 004 (Hengelo): the signature was set on 4 October 2019 "in aanwezigheid van een aantal
# betrokken partijen". The gemeente pays the pilots; no partner contributions are mentioned.
HENGELO_SIGNED = "2019-10-04"
HENGELO_PARTNERS = [
    # Website and the general number 14 074 are named in seed 004 itself.
    OrganisatieData(
        "Gemeente Hengelo",
        Kind.GEMEENTE,
        (HENGELO,),
        HENGELO_SIGNED,
        HENGELO_SIGNED,
        website="https://www.hengelo.nl",
        phone="14 074",
    ),
    # Runs the Informatiewijzer, home visits 75+, and pilot 1 (home visits to migrant elderly).
    OrganisatieData("Wijkracht", Kind.WELZIJN, (HENGELO,), HENGELO_SIGNED, HENGELO_SIGNED, contacts=2),
    OrganisatieData("Humanitas Twente", Kind.VRIJWILLIGERS, (HENGELO,), HENGELO_SIGNED, HENGELO_SIGNED),
    OrganisatieData("De Zonnebloem Hengelo", Kind.VRIJWILLIGERS, (HENGELO,), "2020-01-06"),
    OrganisatieData("Oyfo", Kind.VERENIGING, (HENGELO,), "2020-01-06"),  # kunst, techniek & erfgoed; pilot 3
    OrganisatieData("De Slinger Hengelo", Kind.ONDERNEMER, (HENGELO,), "2020-05-01"),
    OrganisatieData("Diaconaal Platform Hengelo", Kind.LEVENSBESCHOUWING, (HENGELO,)),
]

ORGANISATIES = TWENTERAND_PARTNERS + ENSCHEDE_PARTNERS + HENGELO_PARTNERS


# ---------------------------------------------------------------------------
# Contact people: made up. Invented surnames, so nobody mistakes them for the people in the seeds.
# ---------------------------------------------------------------------------
FIRST_NAMES = [
    "Anne", "Bram", "Carla", "Dirk", "Esther", "Freek", "Gerda", "Hein", "Iris", "Joost", "Karin", "Lotte",
    "Maarten", "Nienke", "Otto", "Petra", "Rik", "Sanne", "Thijs", "Ursula", "Vera", "Wouter", "Yara", "Zeger",
]  # fmt: skip
SURNAMES = [
    "Voorbeeldink", "Proefkamp", "Oefenhuis", "Demobrink", "Verzinkamp", "Bedenkink", "Fictiehof", "Schijnveld",
    "Probeerman", "Zomaarink", "Droomveld", "Denkbeeldink", "Nepperhof", "Verbeeldink",
]  # fmt: skip

CONTACT_ROLES: dict[str, tuple[str, ...]] = {
    Kind.GEMEENTE: ("beleidsadviseur sociaal domein", "projectleider eenzaamheid"),
    Kind.WELZIJN: ("welzijnsconsulent", "coördinator vrijwilligers"),
    Kind.ZORG: ("wijkverpleegkundige", "teamleider"),
    Kind.EERSTELIJN: ("praktijkondersteuner", "huisarts"),
    Kind.LEVENSBESCHOUWING: ("diaken", "contactpersoon ouderenpastoraat"),
    Kind.VRIJWILLIGERS: ("coördinator", "vrijwilliger"),
    Kind.BIBLIOTHEEK: ("adviseur digitale vaardigheden", "programmamaker"),
    Kind.ONDERWIJS: ("docent-onderzoeker", "lector"),
}
DEFAULT_ROLES = ("contactpersoon", "directeur")


class ContactData(NamedTuple):
    organisatie: str
    name: str
    role: str
    email: str
    is_primary: bool


def _contacts() -> list[ContactData]:
    contacts = []
    number = 0
    for organisatie in ORGANISATIES:
        roles = CONTACT_ROLES.get(organisatie.kind, DEFAULT_ROLES)
        for index in range(organisatie.contacts):
            first = FIRST_NAMES[number % len(FIRST_NAMES)]
            last = SURNAMES[(number * 5) % len(SURNAMES)]
            number += 1
            contacts.append(
                ContactData(
                    organisatie=organisatie.name,
                    name=f"{first} {last}",
                    role=roles[index % len(roles)],
                    email=f"{first}.{last}@example.org".lower(),
                    is_primary=index == 0,
                )
            )
    return contacts


CONTACTPERSONEN = _contacts()


# ---------------------------------------------------------------------------
# Werkgroepen; the members are the first contact person of each organisation listed.
# ---------------------------------------------------------------------------
class WerkgroepData(NamedTuple):
    gemeente: str
    name: str
    purpose: str
    organisaties: tuple[str, ...]


WERKGROEPEN = [
    # Seed 001: the spearheads of the action plan; the working groups were meant to carry them out.
    WerkgroepData(
        TWENTERAND,
        "Projectgroep Samen ben je niet alleen",
        "Bewaakt de actiepuntenlijst van het actieplan 'Samen ben je niet alleen' 2.0 en de inzet van de middelen.",
        ("ZorgSaam Twenterand", "Gemeente Twenterand", "Ministerie van Volksgezondheid, Welzijn en Sport"),
    ),
    WerkgroepData(
        TWENTERAND,
        "Werkgroep Bewustwording",
        "Eenzaamheid bespreekbaar maken: campagnes, folders bij life-events (ziekte en handicap, rouw en "
        "verlies, mantelzorg) en de inzet van ervaringsdeskundigen.",
        ("ZorgSaam Twenterand", "Evenmens", "Bibliotheek Twenterand", "Adviesraad Sociaal Domein Twenterand"),
    ),
    WerkgroepData(
        TWENTERAND,
        "Werkgroep Signaleren",
        "De signaleringskaart gemeentebreed invoeren en trainingen geven aan vrijwilligers, kerken, "
        "ondernemers en professionals, ook op het platteland.",
        (
            "ZorgAccent",
            "Huisartsencoöperatie Vriezenveen-Westerhaar",
            "Buurtzorg Den Ham",
            "Zorggroep Manna",
            "Ontmoetingskerk Vriezenveen",
            "Interkerkelijk Plaatselijk Netwerk Westerhaar-Vriezenveensewijk",
        ),
    ),
    WerkgroepData(
        TWENTERAND,
        "Werkgroep Meldpunt en doorverwijzing",
        "Een sociale kaart per kern en doorverwijzen vanuit het Meldpunt Eenzaamheid en de kernteams.",
        ("ZorgSaam Twenterand", "Avedan", "MEE IJsseloevers", "Evenmens", "Carint Reggeland"),
    ),
    WerkgroepData(
        TWENTERAND,
        "Werkgroep Monitoring en evaluatie",
        "Meten wat werkt: de eenzaamheidsschaal voor en na een interventie, de GGD-monitor en het aantal "
        "meldingen bij het meldpunt.",
        ("Gemeente Twenterand", "ZorgSaam Twenterand", "Impluz", "RIBW Groep Overijssel"),
    ),
    # Seed 000, 6.3: the three working groups of Samen1Enschede.
    WerkgroepData(
        ENSCHEDE,
        "Werkgroep Netwerksamenwerking",
        "De netwerkgerichte (wijk)aanpak versterken: formele en informele netwerken in de wijk verbinden.",
        ("Liberein", "Onze buurt de Posten", "Alifa", "Mijande Wonen", "Gemeente Enschede"),
    ),
    WerkgroepData(
        ENSCHEDE,
        "Werkgroep Interventies",
        "Advies over welzijnsaanbod op basis van interventies die werken, en pilots voor vraaggericht aanbod.",
        ("Zorggroep Manna", "Alifa", "Stichting IkkanWelzijn", "Kaliber Kunstenschool"),
    ),
    WerkgroepData(
        ENSCHEDE,
        "Werkgroep Deskundigheidsbevordering/Kwaliteit",
        "Trainingen in signaleren en bespreekbaar maken, het lerend netwerk en onderzoek met de onderwijsinstellingen.",
        ("Saxion", "ROC van Twente", "Citizenslab Oost Nederland", "Zorggroep Manna"),
    ),
    # Seed 004, 3.2.2 and 3.2.3.
    WerkgroepData(
        HENGELO,
        "Netwerk eenzaamheid Hengelo",
        "Wijkracht als trekker van de platforms en netwerken rond eenzaamheid, zodat signalen gemakkelijk "
        "worden afgegeven en opgepakt.",
        ("Wijkracht", "Humanitas Twente", "De Zonnebloem Hengelo", "Diaconaal Platform Hengelo", "De Slinger Hengelo"),
    ),
    WerkgroepData(
        HENGELO,
        "Pilots eenzaamheid 2020-2021",
        "Huisbezoeken aan migranten ouderen, extra matches voor jongeren van 12 tot 25 en 'Oyfo zet je aan!'; "
        "elke pilot meet de eenzaamheid van deelnemers vooraf en achteraf.",
        ("Gemeente Hengelo", "Wijkracht", "Humanitas Twente", "Oyfo"),
    ),
]


# ---------------------------------------------------------------------------
# One demo user per role. Made-up names.
# ---------------------------------------------------------------------------
class UserData(NamedTuple):
    role: str
    email: str
    full_name: str
    organisaties: tuple[str, ...] = ()


USERS = [
    UserData(Role.MEDEWERKER, "medewerker@omzien.demo", "Sanne Meldpuntsma"),
    UserData(Role.COORDINATOR, "coordinator@omzien.demo", "Karin Coördinatorink"),
    UserData(
        Role.PARTNER,
        "partner@omzien.demo",
        "Bas Partnerveld",
        organisaties=("ZorgSaam Twenterand", "Bibliotheek Twenterand"),
    ),
    UserData(Role.COMMISSIELID, "commissielid@omzien.demo", "Ingrid Beoordeelink"),
    # A bewonersinitiatief that registered itself to apply for a subsidy (seed 000 §5.8 names it as a network).
    UserData(Role.AANVRAGER, "aanvrager@omzien.demo", "Anouk Aanvraagsma", organisaties=("Onze buurt de Posten",)),
    UserData(Role.STUURGROEP, "stuurgroep@omzien.demo", "Harm Stuurman-Demo"),
    UserData(Role.FUNCTIONARIS, "functionaris@omzien.demo", "Yvonne Privacyveld"),
    UserData(Role.BEHEERDER, "beheerder@omzien.demo", "Ruud Beheerink"),
]

# Demo mode only: the password of every demo user. Public by design; long enough for the password rules of every
# role (coalition/passwords.py).
DEMO_PASSWORD = "omzien-demo-inlog"  # noqa: S105

# Demo mode only: the TOTP key of every demo user with a second factor, so a tester can add it to an authenticator app.
# It is public (it is written here), so it is never used outside demo mode. The key is the 20 bytes of
# "omzien-demo-totp-key"; as authenticator apps want it (base32): N5WX U2LF NYWW IZLN N4WX I33U OAWW WZLZ.
DEMO_TOTP_KEY_HEX = b"omzien-demo-totp-key".hex()
DEMO_TOTP_DEVICE_NAME = "Demo-authenticator (openbare demosleutel)"
