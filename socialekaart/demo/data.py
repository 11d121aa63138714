"""The demo activities of the sociale kaart, as data (loader.py puts them in the database).

Sources, by the numbers the project uses for them:
  003  Handreiking "Lokale aanpak van eenzaamheid" (Coalitie Erbij, 2017/2018), chapter 3: the examples of
       onderbouwde and kansrijke activiteiten, with the evidence the handreiking gives for each;
  000  Actieplan Eenzaamheid Samen1Enschede (Week van de Eenzaamheid, Tringgg!!! Belmaatjes, de Luisterlijn, ...);
  001  "Samen ben je niet alleen" Twenterand (Samen Eten, Zilverlijn, AutoMaatje/BelMaatje, Samen Verder,
       De Gezonde Ontmoeting, the ontmoetingscentra voor mensen met dementie, Welzijn op recept);
  004  Uitvoeringsplan Hengelo (Huisbezoek 75+, huisbezoek migrantenouderen, Humanitas Tandem en Match,
       De Zonnebloem, koffieochtenden, Oyfo zet je aan!).

The handreiking describes national examples; here they are offered locally by the demo organisations of
coalition/demo/data.py, so the listings are FICTIONAL: who runs what, where and when is made up. So are all
addresses (plausible streets, with a postcode in the right PC4 so the wijk resolves), phone numbers (0000)
and e-mail addresses (.example). Texts are short summaries in plain (B1) Dutch, not quotes.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, TypedDict

ONDERBOUWD, KANSRIJK, ONBEKEND = "onderbouwd", "kansrijk", "onbekend"
HANDREIKING = "Handreiking Lokale aanpak van eenzaamheid (Coalitie Erbij, 2018), hoofdstuk 3"
# The demo coördinator (coalition/demo/data.py) confirms the listings, if that user exists.
CONFIRMED_BY_EMAIL = "coordinator@omzien.demo"


# ---------------------------------------------------------------------------
# Places. Fictional addresses; the PC4 decides the wijk (see coalition/demo/data.py WIJKEN).
# ---------------------------------------------------------------------------
class PlaceData(NamedTuple):
    organisatie: str
    name: str
    street: str
    postcode: str
    city: str
    wheelchair: bool = True
    hearing_loop: bool = False


PLACES = {
    # Twenterand
    "zorgsaam-vriezenveen": PlaceData("ZorgSaam Twenterand", "Zorginformatiepunt Vriezenveen", "Westeinde 12", "7671CD", "Vriezenveen", hearing_loop=True),  # noqa: E501
    "zorgsaam-denham": PlaceData("ZorgSaam Twenterand", "Ontmoetingscentrum Den Ham", "Kerkstraat 8", "7683AB", "Den Ham"),  # noqa: E501
    "zorgsaam-vroomshoop": PlaceData("ZorgSaam Twenterand", "Dorpshuis Vroomshoop", "Julianastraat 21", "7681BE", "Vroomshoop", hearing_loop=True),  # noqa: E501
    "evenmens-vriezenveen": PlaceData("Evenmens", "Evenmens Vriezenveen", "Oosteinde 40", "7672AE", "Vriezenveen"),
    "evenmens-westerhaar": PlaceData("Evenmens", "Buurthuis De Haarhoek", "Dr. Albert Schweitzerstraat 3", "7676BA", "Westerhaar-Vriezenveensewijk"),  # noqa: E501
    "bieb-vriezenveen": PlaceData("Bibliotheek Twenterand", "Bibliotheek Vriezenveen", "Het Midden 2", "7671AM", "Vriezenveen", hearing_loop=True),  # noqa: E501
    "bieb-vroomshoop": PlaceData("Bibliotheek Twenterand", "Bibliotheek Vroomshoop", "Dorpsstraat 55", "7681AD", "Vroomshoop"),  # noqa: E501
    "carint-denham": PlaceData("Carint Reggeland", "Woonzorgcentrum De Esch", "Eschweg 5", "7683CG", "Den Ham"),
    "kerk-vriezenveen": PlaceData("Ontmoetingskerk Vriezenveen", "Ontmoetingskerk", "Kerkplein 1", "7671GB", "Vriezenveen", wheelchair=False),  # noqa: E501
    "ipn-westerhaar": PlaceData("Interkerkelijk Plaatselijk Netwerk Westerhaar-Vriezenveensewijk", "Kerkelijk centrum De Ark", "Kanaalweg 14", "7676AK", "Westerhaar-Vriezenveensewijk"),  # noqa: E501
    "koningshoeve": PlaceData("Zorgboerderij de Koningshoeve", "Zorgboerderij de Koningshoeve", "Bruinehaarsweg 9", "7675TE", "Bruinehaar", wheelchair=False),  # noqa: E501
    "fysio-vroomshoop": PlaceData("Fysio Twenterand", "Fysio Twenterand Vroomshoop", "Sportlaan 4", "7681HL", "Vroomshoop"),  # noqa: E501
    "manna-vriezenveen": PlaceData("Zorggroep Manna", "Manna Huis Vriezenveen", "Julianastraat 60", "7672CR", "Vriezenveen", hearing_loop=True),  # noqa: E501
    # Enschede
    "alifa-centrum": PlaceData("Alifa", "Wijkcentrum De Pijp", "Pijpenstraat 17", "7511GM", "Enschede", hearing_loop=True),  # noqa: E501
    "alifa-velve": PlaceData("Alifa", "Buurthuis Velve-Lindenhof", "Lindenhofstraat 30", "7531AE", "Enschede"),
    "alifa-glanerbrug": PlaceData("Alifa", "Wijkcentrum Glanerbrug", "Gronausestraat 1040", "7534AM", "Enschede"),
    "alifa-noord": PlaceData("Alifa", "Buurthuis Deppenbroek", "Deppenbroekstraat 12", "7523AB", "Enschede"),
    "liberein-stadsveld": PlaceData("Liberein", "Woonzorgcentrum Stadsveld", "Espoortstraat 88", "7541EA", "Enschede", hearing_loop=True),  # noqa: E501
    "liberein-zuid": PlaceData("Liberein", "Ontmoetingscentrum Zuid", "Wesselerbrinklaan 10", "7544AA", "Enschede"),
    "posten": PlaceData("Onze buurt de Posten", "Buurthuis De Posten", "Postweg 22", "7521BC", "Enschede"),
    "kaliber": PlaceData("Kaliber Kunstenschool", "Kaliber Kunstenschool", "Kunstlaan 3", "7513CD", "Enschede"),
    "trimm": PlaceData("Trimm", "Beweegtuin Ribbelt", "Stokhorstplein 1", "7533KL", "Enschede"),
    "ikkan": PlaceData("Stichting IkkanWelzijn", "IkkanWelzijn Huiskamer", "Lonnekerweg 7", "7525PA", "Enschede"),
    "mijande": PlaceData("Mijande Wonen", "Seniorenflat De Spil", "Boekelosestraat 120", "7548BC", "Enschede"),
    "roc": PlaceData("ROC van Twente", "ROC Gildeplein", "Gildeplein 2", "7543AD", "Enschede"),
    # Hengelo
    "wijkracht-centrum": PlaceData("Wijkracht", "Wijkracht Centrum", "Marktstraat 9", "7551DR", "Hengelo", hearing_loop=True),  # noqa: E501
    "wijkracht-berflo": PlaceData("Wijkracht", "Wijkcentrum Berflo Es", "Berfloplein 5", "7552AB", "Hengelo"),
    "wijkracht-hasseler": PlaceData("Wijkracht", "Wijkcentrum Hasseler Es", "Hasselerbaan 60", "7556BC", "Hengelo"),
    "wijkracht-noord": PlaceData("Wijkracht", "Buurthuis Noord", "Noordeinde 14", "7555AE", "Hengelo"),
    "humanitas": PlaceData("Humanitas Twente", "Humanitas Hengelo", "Deldenerstraat 40", "7551AH", "Hengelo"),
    "zonnebloem": PlaceData("De Zonnebloem Hengelo", "Zonnebloemhuis Woolde", "Wooldriksweg 18", "7559AB", "Hengelo"),
    "oyfo": PlaceData("Oyfo", "Oyfo Kunst, Techniek & Erfgoed", "Industrieplein 1", "7553LL", "Hengelo", hearing_loop=True),  # noqa: E501
    "slinger": PlaceData("De Slinger Hengelo", "De Slinger", "Brinkstraat 3", "7554AC", "Hengelo"),
    "diaconaal": PlaceData("Diaconaal Platform Hengelo", "Ontmoetingsruimte De Lichtbron", "Slangenbeeksweg 20", "7558AB", "Hengelo"),  # noqa: E501
    "diaconaal-es": PlaceData("Diaconaal Platform Hengelo", "Kerkzaal Hengelose Es", "Esweg 2", "7557AA", "Hengelo"),
}  # fmt: skip


# ---------------------------------------------------------------------------
# Dated events, relative to the day the data is loaded
# ---------------------------------------------------------------------------
class EventData(NamedTuple):
    """A dated Bijeenkomst.

    `when` is ("week", n): day n (0-9) of the next Week van de Eenzaamheid; or ("month", m, nth, weekday):
    the nth (1-4) weekday (1 = Monday) of the month m months from now. Both give the same dates on every
    run in the same period, so a second run finds the events it made (matched on activity and start).
    """

    when: tuple
    starts: str  # "14:00"
    ends: str
    title: str = ""
    place: str = ""  # a key of PLACES
    note: str = ""


def week_van_de_eenzaamheid(today: date) -> date:
    """The first day of the next Week van de Eenzaamheid (national, late September to early October).

    The dates are set each year; this takes the last Thursday of September, which matches 2024 (26 September)
    and 2025 (25 September). A week that is still running counts as the next one.
    """
    for year in (today.year, today.year + 1):
        september_30 = date(year, 9, 30)
        start = september_30 - timedelta(days=(september_30.isoweekday() - 4) % 7)
        if start + timedelta(days=9) >= today:
            return start
    raise AssertionError("unreachable")


def _nth_weekday(today: date, months_ahead: int, nth: int, weekday: int) -> date:
    month_index = today.month - 1 + months_ahead
    year, month = today.year + month_index // 12, month_index % 12 + 1
    first = date(year, month, 1)
    # nth is 1-4, so the day always lies in the month.
    return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (nth - 1))


def event_day(when: tuple, today: date) -> date:
    if when[0] == "week":
        return week_van_de_eenzaamheid(today) + timedelta(days=when[1])
    _kind, months_ahead, nth, weekday = when
    return _nth_weekday(today, months_ahead, nth, weekday)


def schedule_start(today: date) -> date:
    """The first date of an every-other-week demo time: the first Monday of the year, so the same on every run."""
    january_1 = date(today.year, 1, 1)
    return january_1 + timedelta(days=(1 - january_1.isoweekday()) % 7)


def _coming(today: date, month: int, day: int) -> date:
    """The next (month, day) on or after today: this year's, or next year's when it has passed."""
    this_year = date(today.year, month, day)
    return this_year if this_year >= today else date(today.year + 1, month, day)


def _summer(today: date) -> tuple[date, date, str]:
    """The coming summer break (15 July – 25 August, a rough middle of the regions' school holidays)."""
    last = _coming(today, 8, 25)
    return date(last.year, 7, 15), last, "zomervakantie"


# Dates without a session, relative to the day the data is loaded: (first, last, reason).
HOLIDAYS = {
    "kerst": lambda today: (_coming(today, 12, 25), _coming(today, 12, 25) + timedelta(days=1), "kerst"),
    "koningsdag": lambda today: (_coming(today, 4, 27), _coming(today, 4, 27), "Koningsdag"),
    "zomer": _summer,
}


def _monthly(nth: int, weekday: int, starts: str, ends: str, **extra) -> list[EventData]:
    """The same event in each of the coming three months (the one this month only if still to come)."""
    return [EventData(("month", m, nth, weekday), starts, ends, **extra) for m in range(3)]


def _week(day: int, starts: str, ends: str, title: str, **extra) -> EventData:
    return EventData(("week", day), starts, ends, title=f"Week van de Eenzaamheid: {title}", **extra)


# ---------------------------------------------------------------------------
# Activities
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ActivityData:
    slug: str
    title: str
    organisatie: str
    kind: str
    summary: str
    description: str
    target_groups: tuple[str, ...] = ("iedereen",)
    themes: tuple[str, ...] = ()
    evidence: str = ONBEKEND
    evidence_source: str = ""
    places: tuple[str, ...] = ()  # keys of PLACES
    wijken: tuple[str, ...] = ()  # "Gemeente/Wijk": where it comes to people (home visits, phone lines)
    weekly: tuple[str, ...] = ()  # "di 10:00-12:00", optionally "@place"
    # Other recurring times, as the import writes them (socialekaart/schedule_text.py): "elke eerste dinsdag van de
    # maand 14:00-15:30", "om de week op zaterdag 13:00-16:00 vanaf {start}" ({start}: see schedule_start).
    schedules: tuple[str, ...] = ()
    no_session: tuple[str, ...] = ()  # keys of HOLIDAYS: the dates without a session
    events: tuple[EventData, ...] = ()
    cost: str = "gratis"  # "gratis", "op-aanvraag" or an amount in euro ("3.50")
    cost_note: str = ""
    join: str = "inloop"
    transport: bool = False
    online: bool = False
    languages: tuple[str, ...] = ("nl",)
    phone: str = ""
    email: str = ""
    website: str = ""


class Evidence(TypedDict):
    evidence: str
    evidence_source: str


def _onderbouwd(source: str) -> Evidence:
    return {"evidence": ONDERBOUWD, "evidence_source": f"{source}. Genoemd in de {HANDREIKING}."}


KANSRIJK_BRON: Evidence = {
    "evidence": KANSRIJK,
    "evidence_source": f"{HANDREIKING}: voorbeeld van een kansrijke activiteit.",
}

T, E, H = "Twenterand", "Enschede", "Hengelo"

ACTIVITIES = [
    # ===================================================================
    # Seed 003, onderbouwd: ontmoeting en activiteiten
    # ===================================================================
    ActivityData(
        "allegoeds-vakantieweek", "Allegoeds vakantieweek", "Zorggroep Manna", "ontmoeting",
        "Een week op vakantie met andere 65-plussers, ook als u veel zorg nodig heeft.",
        "U gaat samen met anderen een week weg. Vrijwilligers en verpleegkundigen zorgen voor u. Na de vakantie "
        "voelen veel mensen zich gelukkiger en minder alleen.",
        ("ouderen", "beperking"), ("ziekte",), places=("manna-vriezenveen",), join="aanmelden", cost="395.00",
        cost_note="Vraag naar een bijdrage als u weinig geld heeft.", transport=True,
        events=(EventData(("month", 2, 1, 1), "10:00", "11:30", "Informatieochtend", "manna-vriezenveen"),),
        phone="0546 000 010", **_onderbouwd("Onderzoek van de Vrije Universiteit (2012)"),
    ),
    ActivityData(
        "ontmoetingsplek-bij-bosshardt", "Ontmoetingsplek in de buurt (zoals Bij Bosshardt)", "Alifa", "ontmoeting",
        "Binnenlopen voor een kop koffie, een luisterend oor of een maaltijd. Iedereen is welkom.",
        "Een huiskamer in de buurt. U drinkt koffie, praat met anderen of eet mee. U hoort erbij en wordt gezien.",
        places=("alifa-centrum",), weekly=("di 10:00-15:00", "do 10:00-15:00"), phone="053 000 0101",
        **_onderbouwd("Onderzoek van de Vrije Universiteit (2012)"),
    ),
    ActivityData(
        "bridgen-denken-en-doen", "Bridgen: denken en doen", "Stichting Manna", "cursus",
        "Leer bridgen in een klein groepje, met een ervaren docent.",
        "U leert het kaartspel bridge stap voor stap. U ontmoet nieuwe mensen en blijft scherp. Na een jaar voelen "
        "deelnemers zich minder eenzaam.",
        ("ouderen",), places=("zorgsaam-vroomshoop",), weekly=("wo 14:00-16:00",), join="aanmelden", cost="25.00",
        cost_note="Per half jaar.", **_onderbouwd("Onderzoek van het NIVEL (2012)"),
    ),
    ActivityData(
        "buurtcirkel-velve", "Buurtcirkel Velve-Lindenhof", "Alifa", "ontmoeting",
        "Een groep buurtbewoners die elkaar helpt, met een vrijwilliger als begeleider.",
        "In een buurtcirkel helpen mensen elkaar met wat ze goed kunnen. U leert buren kennen en doet samen dingen. "
        "Een vrijwilliger begeleidt de groep.",
        ("iedereen", "beperking", "psychisch"), places=("alifa-velve",), weekly=("ma 19:00-21:00",), join="aanmelden",
        **_onderbouwd("Onderzoek van Movisie (2017)"),
    ),
    ActivityData(
        "huiskamer-voor-ouderen-stadsveld", "Huiskamer voor ouderen", "Liberein", "ontmoeting",
        "Een gezellige huiskamer voor ouderen die slecht lopen, zien of horen.",
        "Voor ouderen voor wie gewone activiteiten te zwaar zijn. U maakt een praatje en doet mee met kleine "
        "activiteiten. Vrijwilligers helpen u.",
        ("ouderen", "75-plus", "beperking"), ("ziekte",), places=("liberein-stadsveld",),
        weekly=("ma 10:00-16:00", "wo 10:00-16:00", "vr 10:00-16:00"), transport=True, cost="2.50",
        cost_note="Inclusief koffie en lunch.", **_onderbouwd("Onderzoek van de Vrije Universiteit (2012)"),
    ),
    ActivityData(
        "inloophuis-dak-en-thuislozen", "Inloophuis voor dak- en thuislozen", "Stichting IkkanWelzijn", "ontmoeting",
        "Een plek voor een douche, schone kleren, rust en een maaltijd.",
        "Voor mensen zonder vaste woonplek. U kunt zo binnenlopen. U krijgt een maaltijd en ontmoet anderen.",
        ("iedereen", "psychisch"), places=("ikkan",), weekly=("ma 09:00-13:00", "do 09:00-13:00"),
        **_onderbouwd("Onderzoek van de Vrije Universiteit (2012)"),
    ),
    ActivityData(
        "buurtrestaurant-resto-vanharte", "Buurtrestaurant (zoals Resto VanHarte)", "Alifa", "ontmoeting",
        "Een gezond en betaalbaar driegangendiner, samen met buurtgenoten.",
        "Een buurthuis wordt een gezellig restaurant. U eet samen met anderen. Veel gasten voelen zich daarna "
        "minder eenzaam.",
        places=("alifa-glanerbrug",), weekly=("wo 17:30-19:30",), join="aanmelden", cost="7.50",
        events=(_week(6, "17:30", "20:00", "feestelijk buurtdiner", place="alifa-glanerbrug"),),
        **_onderbouwd("Databank Effectieve sociale interventies, Movisie (2016): tevredenheidsonderzoek 2012-2014"),
    ),
    ActivityData(
        "thuishuis-en-thuisbezoek", "Thuishuis en Thuisbezoek", "Mijande Wonen", "ontmoeting",
        "Samen wonen in een Thuishuis, of bezoek van een vrijwilliger als u alleen woont.",
        "Het Thuishuis is een klein huis voor ouderen die niet alleen willen wonen. Bij Thuisbezoek komt een "
        "vrijwilliger bij u langs om uw netwerk weer op te bouwen.",
        ("ouderen",), ("verhuizing",), places=("mijande",), wijken=(f"{E}/Landelijk gebied en kernen",),
        join="aanmelden", cost="op-aanvraag",
        **_onderbouwd("Effectanalyse van RIGO Research voor het ministerie van BZK (2015)"),
    ),
    ActivityData(
        "vier-het-leven-uitjes", "Samen uit (zoals Vier het Leven)", "Kaliber Kunstenschool", "ontmoeting",
        "Samen naar een voorstelling of concert. U wordt thuis opgehaald en weer thuisgebracht.",
        "Voor 65-plussers die niet graag alleen uitgaan. Een gastvrouw of gastheer haalt u op. Na afloop praat u "
        "na met de groep.",
        ("ouderen",), places=("kaliber",), transport=True, join="aanmelden", cost="27.50",
        cost_note="Inclusief kaartje, vervoer en een drankje.",
        events=tuple(_monthly(3, 5, "19:30", "22:30", title="Samen naar het theater")),
        **_onderbouwd("Onderzoek van het Landelijk Expertisecentrum Sociale Interventies (2013)"),
    ),
    ActivityData(
        "zonnebloem-vakanties", "Zonnebloem vakanties", "De Zonnebloem Hengelo", "ontmoeting",
        "Op vakantie met zorg erbij, voor mensen met een lichamelijke beperking.",
        "Vrijwilligers, vaak uit de zorg, zorgen voor u tijdens de vakantie. U bent even weg en ontmoet anderen.",
        ("beperking", "ouderen"), ("ziekte",), places=("zonnebloem",), join="aanmelden", cost="op-aanvraag",
        transport=True, phone="074 000 0201", **_onderbouwd("Onderzoek van de Vrije Universiteit (2012)"),
    ),
    # ===================================================================
    # Seed 003, onderbouwd: één-op-één
    # ===================================================================
    ActivityData(
        "activerend-huisbezoek-twenterand", "Activerend huisbezoek", "ZorgSaam Twenterand", "een-op-een",
        "Elke week bezoek van een vrijwilliger die met u kijkt wat u weer zelf kunt en wilt.",
        "De vrijwilliger komt wekelijks bij u thuis. Samen zoekt u naar contacten en activiteiten die bij u passen.",
        ("ouderen", "75-plus"), wijken=(f"{T}/Vriezenveen", f"{T}/Westerhaar-Vriezenveensewijk", f"{T}/Bruinehaar"),
        join="aanmelden", phone="0546 000 001",
        **_onderbouwd("Kuilman, Kocken & Van der Lee (2005), in de Verkenning Eenzaamheid van Movisie (2010)"),
    ),
    ActivityData(
        "bezoekdienst-weduwen-weduwnaars", "Bezoekdienst voor weduwen en weduwnaars", "Evenmens", "een-op-een",
        "Bezoek van iemand die zelf ook zijn of haar partner verloor.",
        "Een paar maanden na het overlijden van uw partner komt een vrijwilliger één of twee keer per maand langs. "
        "U kunt praten over het verlies en over hoe het verder moet.",
        ("ouderen",), ("rouw",), wijken=(f"{T}/Vriezenveen", f"{T}/Den Ham", f"{T}/Vroomshoop"), join="aanmelden",
        **_onderbouwd("Databank Effectieve sociale interventies, trial van Onrust (2008)"),
    ),
    ActivityData(
        "maatje-voor-psychiatrie-en-buurt", "Maatje in de buurt", "RIBW Groep Overijssel", "een-op-een",
        "Een maatje voor mensen met psychische klachten die meer contact willen.",
        "Een vrijwilliger trekt een jaar met u op. U oefent samen in contact maken en bouwt een netwerk op.",
        ("psychisch",), wijken=(f"{T}/Vriezenveen", f"{T}/Vroomshoop"), join="aanmelden",
        **_onderbouwd("Onderzoek van de Vrije Universiteit (2012) naar de maatjesprojecten van de Regenboog Groep"),
    ),
    ActivityData(
        "netwerkcoach", "Netwerkcoach", "Avedan", "een-op-een",
        "Een getrainde vrijwilliger helpt u uw netwerk van familie, vrienden en buren te versterken.",
        "Samen kijkt u wie er in uw leven zijn en wie u vaker wilt zien. U krijgt meer zelfvertrouwen om contact "
        "te maken.",
        wijken=(f"{T}/Vriezenveen", f"{T}/Den Ham", f"{T}/Vroomshoop"), join="aanmelden",
        **_onderbouwd("Onderzoek aan de Universiteit van Amsterdam (2013)"),
    ),
    ActivityData(
        "oopoeh-ouderen-passen-op-een-huisdier", "OOPOEH: oppassen op een huisdier", "Liberein", "een-op-een",
        "Pas op de hond of kat van iemand in de buurt en leer nieuwe mensen kennen.",
        "U wordt maatje van een huisdier in de buurt. Via het baasje en tijdens het wandelen maakt u nieuwe "
        "contacten.",
        ("ouderen",), ("bewegen",), wijken=(f"{E}/Enschede-Zuid", f"{E}/Boswinkel - Stadsveld"), join="aanmelden",
        **_onderbouwd("Impactmeting door PwC (2016)"),
    ),
    ActivityData(
        "vriendschappelijk-huisbezoek", "Vriendschappelijk huisbezoek", "De Zonnebloem Hengelo", "een-op-een",
        "Een vrijwilliger komt bij u op bezoek voor een goed gesprek.",
        "Voor mensen die graag contact willen, maar dat zelf moeilijk vinden. Het is geen hulpverlening, maar "
        "gezelschap.",
        ("ouderen", "beperking"), wijken=(f"{H}/Woolde", f"{H}/Slangenbeek", f"{H}/Hengelose Es", f"{H}/Noord"),
        join="aanmelden", phone="074 000 0201",
        **_onderbouwd("Kuilman, Kocken & Van der Lee (2005), in de Verkenning Eenzaamheid van Movisie (2010)"),
    ),
    # ===================================================================
    # Seed 003, onderbouwd: cursussen en gespreksgroepen
    # ===================================================================
    ActivityData(
        "community-support", "Community Support", "MEE IJsseloevers", "cursus",
        "Hulp om met uw eigen netwerk zo zelfstandig mogelijk te leven.",
        "Voor mensen met een beperking. Familie, vrienden en buren helpen mee; de professional vult aan.",
        ("beperking",), ("ziekte",), wijken=(f"{T}/Vriezenveen", f"{T}/Den Ham", f"{T}/Vroomshoop"),
        join="aanmelden", **_onderbouwd("Databank Effectieve sociale interventies: onderzoeken uit 2009 en 2012"),
    ),
    ActivityData(
        "cursus-grip-en-glans", "Cursus Grip en Glans", "Zorggroep Manna", "cursus",
        "Zes bijeenkomsten over waar u nu staat in het leven en wat u wilt veranderen.",
        "In een kleine groep denkt u na over uw leven. U maakt keuzes en ziet wat u zelf kunt verbeteren.",
        ("ouderen",), ("zingeving", "pensioen"), places=("manna-vriezenveen",), join="aanmelden", cost="15.00",
        events=tuple(_monthly(2, 2, "14:00", "16:00", title="Grip en Glans: kennismaking")),
        **_onderbouwd("Databank Effectieve sociale interventies: onderzoek uit 2006"),
    ),
    ActivityData(
        "online-vriendschapscursus-50plus", "Online vriendschapscursus 50+", "Bibliotheek Twenterand", "online",
        "Een online cursus van elf weken om meer uit uw vriendschappen te halen.",
        "U volgt de lessen thuis op de computer of tablet. Hulp nodig bij het starten? Kom langs in de bibliotheek.",
        ("ouderen",), ("digitaal",), online=True, join="aanmelden", website="https://bibliotheek.example/vriendschap",
        **_onderbouwd("Onderzoek door de Vrije Universiteit (2016)"),
    ),
    ActivityData(
        "cursus-vrienden-maken-kun-je-leren", "Vrienden maken kun je leren", "Alifa", "cursus",
        "Een cursus over vriendschap: hoe houdt u vrienden en hoe maakt u nieuwe?",
        "U praat met anderen over vriendschap en uw eigen rol daarin. U werkt aan zelfvertrouwen en aan uw wensen "
        "en grenzen.",
        ("ouderen",), places=("alifa-noord",), weekly=("do 14:00-16:00",), join="aanmelden", cost="10.00",
        **_onderbouwd("Databank Effectieve sociale interventies: onderzoeken uit 2008 en 2009"),
    ),
    ActivityData(
        "cursus-zin-in-vriendschap", "Zin in vriendschap", "Wijkracht", "cursus",
        "Stap voor stap werken aan nieuwe vriendschappen of het verdiepen van contacten.",
        "In een kleine groep oefent u in kleine stappen. Deelnemers hebben na de cursus vaak meer vrienden.",
        ("iedereen",), places=("wijkracht-centrum",), weekly=("di 19:30-21:30",), join="aanmelden",
        **_onderbouwd("Databank Effectieve sociale interventies: drie onderzoeken"),
    ),
    # ===================================================================
    # Seed 003, kansrijk: ontmoeting en activiteiten
    # ===================================================================
    ActivityData(
        "actief-plus-bewegen", "Actief Plus: meer bewegen", "Fysio Twenterand", "cursus",
        "Advies op maat om meer te bewegen, voor 50-plussers.",
        "U krijgt persoonlijk advies en tips om actief te blijven. Meer bewegen geeft energie en nieuwe contacten.",
        ("ouderen",), ("bewegen",), places=("fysio-vroomshoop",), weekly=("ma 10:00-11:00",), join="aanmelden",
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "beweegtuin-ribbelt", "Beweegtuin Ribbelt", "Trimm", "ontmoeting",
        "Gratis buiten bewegen op toestellen, alleen of samen met anderen.",
        "De beweegtuin is altijd open. Op dinsdag is er een begeleider die oefeningen voordoet. Jong en oud komen "
        "elkaar hier tegen.",
        ("iedereen", "ouderen"), ("bewegen",), places=("trimm",), weekly=("di 10:00-11:00",), **KANSRIJK_BRON,
    ),
    ActivityData(
        "buurtplatform-burenhulp", "Digitaal buurtplatform voor burenhulp", "Onze buurt de Posten", "online",
        "Vind buren voor een klusje, een vraag of een kop koffie, via een website of app.",
        "Op een buurtplatform vraagt of biedt u eenvoudige hulp. Zo leert u buren kennen die u anders niet zou "
        "spreken. Hulp bij het gebruik? Kom naar het buurthuis.",
        ("iedereen",), ("digitaal",), places=("posten",), online=True, weekly=("vr 10:00-11:30",),
        website="https://buurt.example/posten", **KANSRIJK_BRON,
    ),
    ActivityData(
        "eet-met-je-hart", "EET met je hart", "De Slinger Hengelo", "ontmoeting",
        "Restaurants zamelen geld in voor uitjes en ontmoetingen van kwetsbare ouderen.",
        "Zes keer per jaar vragen restaurants aandacht voor eenzaamheid. Van de opbrengst organiseren we een "
        "stamtafel, workshop of uitje.",
        ("ouderen",), places=("slinger",), events=tuple(_monthly(1, 4, "12:00", "14:00", title="Stamtafel")),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "voedseltuin-food-for-good", "Voedseltuin (zoals Food for Good)", "Zorgboerderij de Koningshoeve",
        "vrijwilligerswerk",
        "Samen groente kweken en verkopen, met vakkundige begeleiding.",
        "Vrijwilligers en buurtbewoners werken samen in de tuin. Ook ouderen met geheugenproblemen zijn welkom.",
        ("iedereen", "ouderen"), ("bewegen",), places=("koningshoeve",), weekly=("do 09:30-12:00",),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "gluren-bij-de-burenhulp", "Jong en oud: samen doen", "Carint Reggeland", "ontmoeting",
        "Elke week een activiteit van basisschoolkinderen en bewoners van het woonzorgcentrum.",
        "Kinderen komen langs om te knutselen, zingen of spelletjes te doen. Hun aandacht doet de bewoners goed.",
        ("ouderen", "75-plus"), places=("carint-denham",), weekly=("vr 13:30-14:30",), **KANSRIJK_BRON,
    ),
    ActivityData(
        "goldensports", "GoldenSports", "Trimm", "ontmoeting",
        "Elke week samen sporten met buurtgenoten van 55 jaar en ouder.",
        "Een trainer geeft een les op maat. Na afloop drinkt u samen koffie. Zo leert u mensen uit de buurt kennen.",
        ("ouderen",), ("bewegen",), places=("trimm",), weekly=("do 10:00-11:00",), cost="3.00",
        cost_note="Per les.", **KANSRIJK_BRON,
    ),
    ActivityData(
        "gouden-mannen", "Gouden Mannen", "Wijkracht", "cursus",
        "Voor mannen vanaf 40 jaar die meer grip willen op hun leven.",
        "Met een eigen plan, begeleiding en korte cursussen werkt u aan wat u belangrijk vindt.",
        ("iedereen",), places=("wijkracht-berflo",), weekly=("wo 19:30-21:30",), join="aanmelden", **KANSRIJK_BRON,
    ),
    ActivityData(
        "grijs-groen-en-gelukkig", "Grijs, Groen & Gelukkig: wandelen in de natuur", "ZorgAccent", "ontmoeting",
        "Samen wandelen en de natuur beleven, voor ouderen.",
        "Een natuurgids neemt u mee op een korte wandeling. Onderweg is er tijd voor een praatje.",
        ("ouderen",), ("bewegen",), places=("zorgsaam-denham",), weekly=("di 14:00-15:30",), **KANSRIJK_BRON,
    ),
    ActivityData(
        "het-danspaleis", "Het Danspaleis", "Kaliber Kunstenschool", "ontmoeting",
        "Een middag dansen op muziek van vroeger: een disco voor ouderen.",
        "Muziek brengt mensen bij elkaar en in beweging. U danst mee of luistert en kijkt. Iedereen is welkom.",
        ("ouderen",), ("bewegen",), places=("kaliber",), cost="5.00",
        events=(_week(2, "14:00", "17:00", "Danspaleis", place="kaliber"),
                *_monthly(2, 7, "14:00", "17:00", title="Danspaleis")),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "huiskamer-van-de-buurt-noord", "Huiskamer van de buurt", "Wijkracht", "ontmoeting",
        "Koffie drinken, een praatje maken en uw vragen stellen over gezondheid en welzijn.",
        "Een ontmoetingsplek voor de hele wijk. U kunt ook creatief bezig zijn. Een medewerker van Wijkracht is er "
        "voor uw vragen.",
        places=("wijkracht-noord",), weekly=("ma 09:30-12:00", "do 09:30-12:00"), **KANSRIJK_BRON,
    ),
    ActivityData(
        "inloophuis-voor-mensen-met-kanker", "Inloophuis voor mensen met kanker", "Liberein", "ontmoeting",
        "Een kop koffie, uw verhaal kwijt kunnen en lotgenoten ontmoeten.",
        "Gastvrouwen en gastheren weten vaak uit eigen ervaring wat kanker met u doet. U bent welkom, ook met uw "
        "naaste.",
        ("iedereen", "mantelzorgers"), ("ziekte", "rouw"), places=("liberein-zuid",), weekly=("wo 10:00-16:00",),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "join-us-jongeren", "Join us", "Humanitas Twente", "ontmoeting",
        "Voor jongeren die het moeilijk vinden om contact te maken met leeftijdsgenoten.",
        "Om de week ontmoet u andere jongeren in een jongerencentrum. U bepaalt samen het programma. Een "
        "begeleider is erbij.",
        ("jongeren",), places=("humanitas",), events=tuple(_monthly(2, 3, "19:00", "21:00")) + tuple(
            _monthly(4, 3, "19:00", "21:00")
        ), join="aanmelden", **KANSRIJK_BRON,
    ),
    ActivityData(
        "inloopochtend-laakse-lente", "Open huis in de buurt (zoals Laakse Lente)", "Onze buurt de Posten",
        "ontmoeting",
        "Elke ochtend staat de deur open voor een praatje en een kop koffie.",
        "Een echtpaar uit de buurt opent zijn huiskamer voor ouderen die graag even iemand spreken.",
        ("ouderen",), places=("posten",), weekly=("ma 10:00-12:00", "wo 10:00-12:00", "vr 10:00-12:00"),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "max-50plusnet", "Online contact met 50-plussers (zoals MAX 50plusnet)", "Bibliotheek Twenterand", "online",
        "Mailen en chatten met leeftijdsgenoten, en daarna misschien samen iets doen.",
        "Op een website ontmoet u andere 50-plussers. Wilt u leren hoe het werkt? De bibliotheek helpt u op weg.",
        ("ouderen",), ("digitaal",), online=True, places=("bieb-vroomshoop",), weekly=("do 14:00-15:30",),
        website="https://bibliotheek.example/samen-online", **KANSRIJK_BRON,
    ),
    ActivityData(
        "omas-pop-up", "Oma's pop-up restaurant", "ROC van Twente", "ontmoeting",
        "Senioren koken met een chef-kok voor gasten en eten daarna samen.",
        "Studenten van de koksopleiding en senioren koken samen. Daarna schuift iedereen aan tafel.",
        ("ouderen",), places=("roc",), join="aanmelden", cost="12.50",
        events=(_week(4, "17:00", "20:00", "Oma's pop-up", place="roc"), *_monthly(3, 4, "17:00", "20:00")),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "ontmoetingsplek-de-spil", "Ontmoetingsplek De Spil", "Mijande Wonen", "ontmoeting",
        "Elke dag iets te doen in de seniorenflat: spelletjes, tai chi, samen eten.",
        "Ook buurtbewoners zijn welkom. Vrijwilligers heten u hartelijk welkom.",
        ("ouderen",), ("bewegen",), places=("mijande",),
        weekly=("ma 14:00-16:00", "di 10:00-11:00", "wo 19:00-21:00", "do 12:00-13:30", "vr 14:00-16:00"),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "openjehart-wandelen", "OpenJeHart: wandelen en samen eten", "Evenmens", "ontmoeting",
        "Elke week samen wandelen, praten en daarna samen eten.",
        "Door samen te wandelen en te eten ontstaan vriendschappen. Het tempo is rustig.",
        ("iedereen",), ("bewegen",), places=("evenmens-westerhaar",), weekly=("za 10:00-13:00",), **KANSRIJK_BRON,
    ),
    ActivityData(
        "roze-ouderen-salon", "Roze Ouderen Salon", "Liberein", "ontmoeting",
        "Een maandelijkse middag voor lesbische, homoseksuele, biseksuele en transgender ouderen.",
        "In een veilige omgeving kunt u uzelf zijn. Buurtbewoners zijn ook welkom.",
        ("lhbti", "ouderen"), places=("liberein-stadsveld",),
        events=tuple(_monthly(1, 7, "14:00", "17:00", title="Roze Ouderen Salon")), **KANSRIJK_BRON,
    ),
    ActivityData(
        "samenkracht-80-plus", "SamenKracht80+", "Gemeente Hengelo", "informatie",
        "Twee gesprekken met 80-plussers over hun kennis en ervaring: meedoen en meepraten.",
        "De oudste inwoners praten mee over hun buurt. Hun kennis en ervaring tellen.",
        ("75-plus",), places=("diaconaal-es",), join="aanmelden",
        events=(EventData(("month", 1, 2, 2), "14:00", "16:00", "SamenKracht80+: eerste gesprek", "diaconaal-es"),
                EventData(("month", 2, 2, 2), "14:00", "16:00", "SamenKracht80+: tweede gesprek", "diaconaal-es")),
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "tijd-van-je-leven", "Tijd van je leven: kunst maken", "Kaliber Kunstenschool", "cursus",
        "Creatief bezig zijn met een kunstenaar, samen met andere ouderen.",
        "U schildert, boetseert of schrijft. Ondertussen deelt u verhalen uit uw leven.",
        ("ouderen",), ("zingeving",), places=("kaliber",), weekly=("wo 10:00-12:00",), cost="4.00",
        **KANSRIJK_BRON,
    ),
    ActivityData(
        "verhalengroep-ouderen", "Verhalengroep", "Diaconaal Platform Hengelo", "cursus",
        "Vertel en luister naar verhalen uit uw leven, in een kleine groep.",
        "Een getrainde vrijwilliger leidt het gesprek. Verhalen delen geeft contact en levenslust.",
        ("ouderen",), ("zingeving", "rouw"), places=("diaconaal",),
        schedules=("elke eerste dinsdag van de maand 14:00-15:30",), no_session=("zomer",), **KANSRIJK_BRON,
    ),
    ActivityData(
        "vriendschapskring", "Vriendschapskring", "MEE IJsseloevers", "ontmoeting",
        "Om de week een uitje of gezellige activiteit voor mensen met een verstandelijke beperking.",
        "Onder leiding van een vrijwilliger doet u samen leuke dingen en maakt u vrienden.",
        ("beperking",), places=("evenmens-vriezenveen",),
        schedules=("om de week op zaterdag 13:00-16:00 vanaf {start}",), no_session=("kerst", "zomer"),
        join="aanmelden", **KANSRIJK_BRON,
    ),
    ActivityData(
        "weekendtref", "Weekendtref", "RIBW Groep Overijssel", "ontmoeting",
        "In het weekend samen iets doen, voor en door mensen met psychische kwetsbaarheid.",
        "Juist in het weekend kan het stil zijn. In het wijkhuis is er dan koffie, een spel of een maaltijd.",
        ("psychisch",), places=("zorgsaam-vroomshoop",), weekly=("za 13:00-17:00", "zo 13:00-17:00"),
        **KANSRIJK_BRON,
    ),
    # ===================================================================
    # Seed 003, kansrijk: één-op-één
    # ===================================================================
    ActivityData(
        "buddy-in-de-thuiszorg", "Buddy bij thuiszorg", "Buurtzorg Den Ham", "een-op-een",
        "Naast de thuiszorg een vaste buddy voor koffie, een wandeling of een spelletje.",
        "De buddy is er voor uw wensen. U bepaalt samen wat u doet.",
        ("ouderen",), wijken=(f"{T}/Den Ham",), join="aanmelden", **KANSRIJK_BRON,
    ),
    ActivityData(
        "humanitas-tandem", "Humanitas Tandem: een maatje", "Humanitas Twente", "een-op-een",
        "Een vrijwilliger die (twee)wekelijks met u optrekt. U bepaalt de richting.",
        "Voor mensen die zich alleen voelen. U praat of onderneemt samen iets. De vrijwilliger fietst mee, u stuurt.",
        ("iedereen",), wijken=(f"{H}/Binnenstad", f"{H}/Berflo Es", f"{H}/Hasseler Es", f"{H}/Groot Driene",
                               f"{H}/Wilderinkshoek"),
        join="aanmelden", phone="074 000 0301", **KANSRIJK_BRON,
    ),
    ActivityData(
        "jong-oud-goud", "Jong+Oud=Goud", "Saxion", "een-op-een",
        "Een student komt een jaar lang bij u op bezoek, minstens zes uur per maand.",
        "De student helpt met praktische dingen en u doet samen leuke activiteiten. Bij uitjes leert u andere "
        "senioren kennen.",
        ("ouderen",), wijken=(f"{E}/Binnensingelgebied", f"{E}/Enschede-Noord", f"{E}/Hogeland - Velve"),
        join="aanmelden", **KANSRIJK_BRON,
    ),
    ActivityData(
        "maatjesproject-twenterand", "Maatjesproject Evenmens", "Evenmens", "een-op-een",
        "Een maatje voor gezelschap en even samen de deur uit.",
        "Een vrijwilliger komt bij u thuis of gaat met u mee naar een activiteit. Samen doet u gewone, ontspannen "
        "dingen.",
        ("ouderen", "mantelzorgers"), ("mantelzorg",),
        wijken=(f"{T}/Vriezenveen", f"{T}/Westerhaar-Vriezenveensewijk", f"{T}/Den Ham", f"{T}/Vroomshoop",
                f"{T}/Bruinehaar", f"{T}/Geerdijk"),
        join="aanmelden", phone="0546 000 020", **KANSRIJK_BRON,
    ),
    ActivityData(
        "sensor-luisterend-oor", "Sensor: dag en nacht een luisterend oor", "Stichting IkkanWelzijn", "bellijn",
        "Dag en nacht bellen voor een vertrouwelijk gesprek.",
        "Vrijwilligers luisteren naar u, het hele jaar door. Eenzaamheid is het onderwerp waar mensen het vaakst "
        "over bellen.",
        wijken=(f"{E}/Binnensingelgebied", f"{E}/Glanerbrug en omgeving", f"{E}/Twekkelerveld - T.H.T."),
        phone="053 000 0999", evidence=KANSRIJK,
        evidence_source="Movisie, Databank Effectieve sociale interventies (2014): 'Goed Beschreven'. Genoemd in de "
        f"{HANDREIKING}.",
    ),
    ActivityData(
        "welzijn-op-recept-twenterand", "Welzijn op recept", "Huisartsencoöperatie Vriezenveen-Westerhaar",
        "informatie",
        "Uw huisarts verwijst u naar een welzijnsconsulent voor activiteiten die u goed doen.",
        "Samen met de welzijnsconsulent kiest u iets wat bij u past: creatief bezig zijn, vrijwilligerswerk of "
        "bewegen.",
        ("iedereen", "psychisch"), ("ziekte",), wijken=(f"{T}/Vriezenveen", f"{T}/Westerhaar-Vriezenveensewijk"),
        join="aanmelden", evidence=KANSRIJK,
        evidence_source="Movisie, Databank Effectieve sociale interventies (2015): 'Goed Beschreven'. Genoemd in de "
        f"{HANDREIKING}.",
    ),
    ActivityData(
        "welzijnscoach", "Welzijnscoach", "Stichting Manna", "een-op-een",
        "Een coach die u helpt weer in actie te komen en uw netwerk te versterken.",
        "Voor mensen met psychische of sociale problemen. De coach geeft u net dat duwtje in de rug.",
        ("psychisch", "iedereen"), wijken=(f"{T}/Den Ham", f"{T}/Vroomshoop"), join="aanmelden", **KANSRIJK_BRON,
    ),
    ActivityData(
        "zilverlijn-belservice", "Zilverlijn: elke week gebeld worden", "ZorgSaam Twenterand", "bellijn",
        "Ouderen worden elke week gebeld door een vrijwilliger voor een praatje.",
        "U meldt zich aan en een vaste vrijwilliger belt u op een vast moment. Gratis, vertrouwelijk en zonder "
        "verplichtingen.",
        ("ouderen", "75-plus"), wijken=(f"{T}/Vriezenveen", f"{T}/Westerhaar-Vriezenveensewijk", f"{T}/Den Ham",
                                        f"{T}/Vroomshoop", f"{T}/Bruinehaar", f"{T}/Geerdijk"),
        join="aanmelden", phone="0546 000 002", **KANSRIJK_BRON,
    ),
    ActivityData(
        "zorgdier-op-bezoek", "Huisdier op bezoek", "De Haere", "een-op-een",
        "Een vrijwilliger komt met een hond of kat bij u langs.",
        "Een dier brengt rust en gesprek. Het bezoek kan thuis of in het zorgcentrum.",
        ("ouderen", "beperking"), wijken=(f"{T}/Vriezenveen",), join="aanmelden", website="https://www.de-haere.nl",
        **KANSRIJK_BRON,
    ),
    # ===================================================================
    # Seed 003, kansrijk: cursussen
    # ===================================================================
    ActivityData(
        "assertiviteitscursus", "Cursus Voor jezelf opkomen", "Avedan", "cursus",
        "Leer contact maken en uw grenzen aangeven.",
        "In de cursus oefent u hoe u op anderen overkomt. Zo bouwt u betere contacten op.",
        places=("zorgsaam-vriezenveen",), join="aanmelden", cost="20.00",
        events=tuple(_monthly(1, 1, "19:30", "21:30", title="Cursus Voor jezelf opkomen")), **KANSRIJK_BRON,
    ),
    ActivityData(
        "cultuursensitieve-cursus", "Cursus Thuis in Nederland", "Wijkracht", "cursus",
        "Voor migranten: leer de verschillen kennen tussen uw geboorteland en Nederland.",
        "Daarna oefent u met voor uzelf opkomen. Er is een tolk als dat nodig is.",
        ("migranten",), ("taal",), places=("wijkracht-hasseler",), weekly=("do 10:00-12:00",), join="aanmelden",
        languages=("nl", "tr", "ar"), **KANSRIJK_BRON,
    ),
    ActivityData(
        "cursus-creatief-leven", "Cursus Creatief leven", "Alifa", "cursus",
        "Acht weken werken aan uw eigen, nieuwe toekomst.",
        "Een cursus speciaal voor mensen die zich eenzaam voelen. U zet kleine stappen in een veilige groep.",
        places=("alifa-centrum",), weekly=("ma 14:00-16:00",), join="aanmelden", **KANSRIJK_BRON,
    ),
    ActivityData(
        "taalcafe-het-begint-met-taal", "Taalcafé: Het Begint met Taal", "Bibliotheek Twenterand", "cursus",
        "Nederlands oefenen met een taalvrijwilliger, in een gezellige groep.",
        "U oefent praten in het Nederlands. Zo krijgt u meer zelfvertrouwen en leert u mensen kennen.",
        ("migranten",), ("taal",), places=("bieb-vriezenveen",), weekly=("di 19:00-20:30", "za 10:30-12:00"),
        languages=("nl", "en", "ar", "uk"), **KANSRIJK_BRON,
    ),
    ActivityData(
        "vriendschapscursus-vrouwen-55plus", "Vriendschapscursus voor vrouwen", "Stichting IkkanWelzijn", "cursus",
        "Voor vrouwen van 55 jaar en ouder: stilstaan bij vriendschap en oefenen.",
        "U kijkt naar uw eigen vriendschappen en gaat met praktische oefeningen aan de slag.",
        ("ouderen",), places=("ikkan",), weekly=("do 10:00-12:00",), join="aanmelden", cost="15.00", **KANSRIJK_BRON,
    ),
    # ===================================================================
    # Local examples from the other seeds (000, 001, 004)
    # ===================================================================
    ActivityData(
        "samen-eten-vriezenveen", "Samen Eten", "ZorgSaam Twenterand", "ontmoeting",
        "Eén keer per week samen een warme maaltijd eten met dorpsgenoten.",
        "Vrijwilligers koken een eenvoudige maaltijd. U eet samen en maakt een praatje. Vervoer kan geregeld worden.",
        ("ouderen", "75-plus"), places=("zorgsaam-vriezenveen",), weekly=("do 12:00-13:30",), join="aanmelden",
        cost="6.00", cost_note="Inclusief koffie na.", transport=True, languages=("nl", "twents"),
        phone="0546 000 001", events=(_week(1, "12:00", "14:00", "extra Samen Eten", place="zorgsaam-vriezenveen"),),
    ),
    ActivityData(
        "samen-eten-den-ham", "Samen Eten Den Ham", "Stichting Manna", "ontmoeting",
        "Samen eten in Den Ham, elke dinsdag.",
        "Aanschuiven aan een gezellige tafel. Geef u uiterlijk maandag op.",
        ("ouderen",), places=("zorgsaam-denham",), weekly=("di 12:00-13:30",), join="aanmelden", cost="6.00",
        languages=("nl", "twents"),
    ),
    ActivityData(
        "huisbezoek-75-plus", "Huisbezoek 75+", "Wijkracht", "een-op-een",
        "Een vrijwilliger komt op bezoek om te horen hoe het met u gaat.",
        "Bent u 75 jaar of ouder? Een vrijwilliger van Wijkracht praat met u over wonen, contacten en vrije tijd. "
        "Als u wilt, helpt de vrijwilliger u op weg naar een activiteit of hulp.",
        ("75-plus",), wijken=(f"{H}/Binnenstad", f"{H}/Hengelose Es", f"{H}/Noord", f"{H}/Hasseler Es",
                              f"{H}/Groot Driene", f"{H}/Berflo Es", f"{H}/Wilderinkshoek", f"{H}/Woolde",
                              f"{H}/Slangenbeek", f"{H}/Buitengebied"),
        join="aanmelden", phone="074 000 0101",
    ),
    ActivityData(
        "huisbezoek-migrantenouderen", "Huisbezoek voor migrantenouderen", "Wijkracht", "een-op-een",
        "Een vrijwilliger die uw taal en cultuur kent, komt bij u op bezoek.",
        "U praat over wat voor u belangrijk is: zelfstandig blijven, ontmoeten en hulp in de buurt.",
        ("migranten", "ouderen"), wijken=(f"{H}/Berflo Es", f"{H}/Hasseler Es", f"{H}/Wilderinkshoek"),
        join="aanmelden", languages=("nl", "tr", "ar"), phone="074 000 0101",
    ),
    ActivityData(
        "humanitas-match-jongeren", "Humanitas Match: een maatje voor jongeren", "Humanitas Twente", "een-op-een",
        "Voor jongeren van 12 tot 25 jaar: een jaar lang een vrijwilliger die met u optrekt.",
        "Samen sporten, de stad in, praten over school of werk. U bouwt aan zelfvertrouwen en nieuwe contacten.",
        ("jongeren",), wijken=(f"{H}/Binnenstad", f"{H}/Berflo Es", f"{H}/Noord", f"{H}/Groot Driene"),
        join="aanmelden", phone="074 000 0301",
    ),
    ActivityData(
        "de-luisterlijn", "De Luisterlijn", "Evenmens", "bellijn",
        "Dag en nacht iemand om mee te praten, anoniem.",
        "Getrainde vrijwilligers bieden een luisterend oor. Evenmens vertelt u na het gesprek graag wat er in "
        "Twenterand is, als u dat wilt.",
        wijken=(f"{T}/Vriezenveen", f"{T}/Westerhaar-Vriezenveensewijk", f"{T}/Den Ham", f"{T}/Vroomshoop",
                f"{T}/Bruinehaar", f"{T}/Geerdijk"),
        phone="0000 000 000",
    ),
    ActivityData(
        "automaatje-twenterand", "AutoMaatje", "ZorgSaam Twenterand", "vervoer",
        "Een vrijwilliger rijdt u in zijn eigen auto naar de dokter, familie of een activiteit.",
        "Voor mensen die niet zelf kunnen rijden. U betaalt alleen een kleine vergoeding per kilometer. Tijdens de "
        "rit is er tijd voor een praatje; AutoMaatje belt ook als BelMaatje.",
        ("ouderen", "beperking"), wijken=(f"{T}/Vriezenveen", f"{T}/Westerhaar-Vriezenveensewijk", f"{T}/Den Ham",
                                          f"{T}/Vroomshoop", f"{T}/Bruinehaar", f"{T}/Geerdijk"),
        join="aanmelden", cost="0.35", cost_note="Per kilometer.", transport=True, phone="0546 000 003",
    ),
    ActivityData(
        "tringgg-belmaatjes", "Tringgg!!! Belmaatjes", "Alifa", "bellijn",
        "Een vast belmaatje dat u elke week belt.",
        "Een vrijwilliger belt u op een afgesproken moment voor een praatje. Ook als u slecht ter been bent.",
        ("ouderen",), wijken=(f"{E}/Binnensingelgebied", f"{E}/Hogeland - Velve", f"{E}/Enschede-Noord",
                              f"{E}/Enschede-Zuid", f"{E}/Glanerbrug en omgeving"),
        join="aanmelden", phone="053 000 0101",
    ),
    ActivityData(
        "ontmoetingscentrum-dementie-vriezenveen", "Ontmoetingscentrum voor mensen met dementie", "Evenmens",
        "ontmoeting",
        "Een inloop voor mensen met (beginnende) dementie en hun mantelzorger.",
        "U ontmoet lotgenoten en wisselt ervaringen uit. Ook de partner of mantelzorger is welkom.",
        ("ouderen", "mantelzorgers"), ("mantelzorg", "ziekte"), places=("evenmens-vriezenveen", "zorgsaam-denham"),
        weekly=("wo 10:00-12:00@evenmens-vriezenveen", "vr 10:00-12:00@zorgsaam-denham"),
    ),
    ActivityData(
        "wandeltocht-samen-verder", "Wandeltocht Samen Verder", "Evenmens", "ontmoeting",
        "Een wandeling voor mensen die iemand verloren hebben.",
        "Onderweg praat u met anderen die ook een verlies meemaakten. Na afloop is er koffie.",
        ("iedereen",), ("rouw", "bewegen"), places=("evenmens-westerhaar",),
        events=(_week(3, "10:00", "12:30", "wandeltocht Samen Verder", place="evenmens-westerhaar"),
                *_monthly(1, 7, "10:00", "12:00", place="evenmens-westerhaar")),
    ),
    ActivityData(
        "de-gezonde-ontmoeting", "De Gezonde Ontmoeting", "Carint Reggeland", "ontmoeting",
        "Koffie-inloop met een gezonde hap en aandacht voor bewegen.",
        "Tijdens de Week van de Eenzaamheid en daarna: ontmoeten en gezond leven gaan samen.",
        ("ouderen",), ("bewegen",), places=("carint-denham",), weekly=("di 10:00-11:30",),
        events=(_week(0, "10:00", "12:00", "De Gezonde Ontmoeting", place="carint-denham"),),
    ),
    ActivityData(
        "koffieochtend-ontmoetingskerk", "Koffieochtend in de kerk", "Ontmoetingskerk Vriezenveen", "ontmoeting",
        "Elke woensdag koffie en een praatje. Iedereen is welkom, kerkelijk of niet.",
        "Loop gerust binnen. Vrijwilligers zorgen voor koffie, thee en iets lekkers.",
        places=("kerk-vriezenveen",), weekly=("wo 10:00-11:30",), languages=("nl", "twents"),
    ),
    ActivityData(
        "koffieochtend-westerhaar", "Koffieochtend Westerhaar",
        "Interkerkelijk Plaatselijk Netwerk Westerhaar-Vriezenveensewijk",
        "ontmoeting", "Koffie drinken met dorpsgenoten, elke vrijdag.",
        "Even de deur uit en bijpraten. U kunt zo binnenlopen.",
        places=("ipn-westerhaar",), weekly=("vr 10:00-11:30",), languages=("nl", "twents"),
    ),
    ActivityData(
        "koffieochtend-diaconaal-platform", "Koffieochtend De Lichtbron", "Diaconaal Platform Hengelo", "ontmoeting",
        "Elke maandag een kop koffie en een goed gesprek.",
        "Een warme plek voor iedereen uit de buurt. Er is ook een bezoekdienst als u niet zelf kunt komen.",
        places=("diaconaal",), weekly=("ma 10:00-11:30",),
    ),
    ActivityData(
        "zonnebloem-bezoek-en-uitjes", "Zonnebloem: bezoek en uitjes", "De Zonnebloem Hengelo", "ontmoeting",
        "Vrijwilligers van De Zonnebloem komen op bezoek en organiseren uitjes.",
        "In zes afdelingen verspreid over Hengelo. U krijgt bezoek thuis of gaat mee op een gezellig uitje.",
        ("ouderen", "beperking"), places=("zonnebloem",), wijken=(f"{H}/Woolde", f"{H}/Slangenbeek", f"{H}/Noord"),
        events=(_week(5, "14:00", "16:30", "middag met muziek", place="zonnebloem"),), transport=True,
        join="aanmelden",
    ),
    ActivityData(
        "oyfo-zet-je-aan", "Oyfo zet je aan!", "Oyfo", "ontmoeting",
        "Een rustig museumbezoek in een kleine groep, met een gesprek aan tafel.",
        "Buiten de gewone openingstijden bekijkt u samen een paar bijzondere voorwerpen. Daarna praat u erover en "
        "doet u een kleine activiteit.",
        ("ouderen", "migranten"), places=("oyfo",), join="aanmelden", cost="gratis",
        events=(_week(7, "10:00", "12:00", "Oyfo zet je aan!", place="oyfo"),
                *_monthly(1, 1, "10:00", "12:00", place="oyfo")),
        languages=("nl", "tr"),
    ),
    ActivityData(
        "digitaal-spreekuur-bibliotheek", "Digitaal spreekuur: hulp bij tablet en telefoon", "Bibliotheek Twenterand",
        "informatie", "Vragen over uw telefoon, tablet of DigiD? Kom langs.",
        "Vrijwilligers helpen u rustig op weg. Zo kunt u beter contact houden met familie en vrienden.",
        ("ouderen",), ("digitaal",), places=("bieb-vriezenveen", "bieb-vroomshoop"),
        weekly=("ma 14:00-16:00@bieb-vriezenveen", "do 10:00-12:00@bieb-vroomshoop"),
    ),
    ActivityData(
        "mantelzorgcafe-enschede", "Mantelzorgcafé", "Alifa", "ontmoeting",
        "Praten met andere mantelzorgers, één keer per maand.",
        "Zorgt u voor iemand? Hier deelt u ervaringen en krijgt u tips. Even tijd voor uzelf.",
        ("mantelzorgers",), ("mantelzorg",), places=("alifa-velve",),
        events=tuple(_monthly(2, 4, "19:30", "21:30", title="Mantelzorgcafé", place="alifa-velve")),
    ),
    ActivityData(
        "week-van-de-eenzaamheid-markt", "Week van de Eenzaamheid: Twenterand Ontmoet", "Gemeente Twenterand",
        "informatie", "Een week vol activiteiten om elkaar te ontmoeten, in alle kernen van Twenterand.",
        "Tijdens de landelijke Week van de Eenzaamheid staan alle activiteiten in de agenda. Kom naar de "
        "informatiemarkt en ontdek wat er in uw dorp te doen is.",
        places=("zorgsaam-vriezenveen",),
        events=(_week(0, "14:00", "17:00", "informatiemarkt Twenterand Ontmoet", place="zorgsaam-vriezenveen"),
                _week(8, "10:00", "12:00", "afsluitende koffieochtend", place="zorgsaam-vroomshoop")),
    ),
]  # fmt: skip
