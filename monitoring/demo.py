"""The monitor's demo data: the loneliness figures the seed documents quote, and Enschede's ambition.

`load` is the monitor's part of `manage.py load_demo` (registered in apps.py; it runs after coalition's gemeenten and
wijken and the other apps). Every value below is copied from a seed document, which is named with each; nothing is
made up, in demo mode or out of it:

- 000  Actieplan Eenzaamheid 2021-2022, Samen1Enschede (§3 "Eenzaamheid Enschede in cijfers", bron GGD
       Gezondheidsmonitor 2021; §4 Ambitie);
- 001  "Samen ben je niet alleen" Twenterand, actieplan 2.0 (§2, RIVM 2016 and GGD Twente 2016);
- 004  Uitvoeringsplan Hengelo "Eenzaamheid is iets om te delen" (Cijfers Hengelo, GGD najaar 2016 and 2012).

What the seeds do not give stays empty: the number of people asked (the GGD publishes it with its tables; a
coördinator imports those), the other percentages of a row, and the other Hengelo wijken ("tussen de 44% en 48%":
no figure per wijk, so none here). The number of inhabitants aged 65+ per wijk is in no seed either: the demo has
none, and the dashboard says the population is unknown until a coördinator imports the CBS figures.

Idempotent: figures are matched on gemeente + wijk + year + group, ambitions on their gemeente, and brought up to
date; a second run changes nothing.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from coalition.demo.data import ENSCHEDE, HENGELO, TWENTERAND
from coalition.demo.loader import DemoDataError, Summary, Tally
from coalition.models import Gemeente, Wijk

from .models import AgeGroup, Ambitie, Gezondheidscijfer


@dataclass(frozen=True)
class FigureData:
    gemeente: str
    year: int
    group: str
    source: str
    wijk: str | None = None
    # Percentages as text, exactly as printed; None where the seed gives none.
    lonely: str | None = None
    severely_lonely: str | None = None
    emotionally_lonely: str | None = None
    socially_lonely: str | None = None


ENSCHEDE_2021 = "GGD Gezondheidsmonitor 2021 (Actieplan Eenzaamheid Enschede, §3)"
TWENTERAND_RIVM_2016 = "RIVM 2016 (actieplan Twenterand 2.0, §2)"
TWENTERAND_GGD_2016 = (
    "GGD Twente 2016 (actieplan Twenterand 2.0, §2): 35 % matig, 4 % ernstig en 2 % zeer ernstig eenzaam"
)
HENGELO_2016 = "GGD Twente, najaar 2016 (Uitvoeringsplan Hengelo, Cijfers Hengelo)"
HENGELO_2012 = "GGD Twente, 2012 (Uitvoeringsplan Hengelo, Cijfers Hengelo)"

FIGURES = [
    # Seed 000 §3: "51% Enschedese inwoners zijn eenzaam", "Ernstige Eenzaamheid 12%" (of the "bijna 63.000
    # volwassenen, waaronder ouderen"), "Volwassenen 47% (19-65 jaar)".
    FigureData(ENSCHEDE, 2021, AgeGroup.ALLE, ENSCHEDE_2021, lonely="51", severely_lonely="12"),
    FigureData(ENSCHEDE, 2021, AgeGroup.VOLWASSENEN, ENSCHEDE_2021, lonely="47"),
    # Seed 001 §2: "36% van de inwoners uit Twenterand, van 19 jaar en ouder, eenzaam ... Hiervan is 6% ernstig
    # eenzaam, 36% sociaal eenzaam en 24% emotioneel eenzaam" (RIVM 2016).
    FigureData(
        TWENTERAND,
        2016,
        AgeGroup.ALLE,
        TWENTERAND_RIVM_2016,
        lonely="36",
        severely_lonely="6",
        socially_lonely="36",
        emotionally_lonely="24",
    ),
    # Seed 001 §2: "35% van de ouderen [is] matig eenzaam ..., 4% ernstig eenzaam en 2% zeer ernstig eenzaam" (GGD
    # Twente 2016). Eenzaam = matig + ernstig + zeer ernstig = 41; ernstig eenzaam (incl. zeer ernstig) = 4 + 2 = 6:
    # sums of the printed (rounded) percentages, as the source text of the row says.
    FigureData(TWENTERAND, 2016, AgeGroup.OUDEREN, TWENTERAND_GGD_2016, lonely="41", severely_lonely="6"),
    # Seed 001 §2, per wijk, 19 and over: "In Westerhaar Vriezenveenswijk is 38% eenzaam, waarvan 38% sociale
    # eenzaamheid en 26% emotionele eenzaamheid. In Bruinehaar is 37% eenzaam, waarvan 37% sociale eenzaamheid en 25%
    # emotionele eenzaamheid." (The demo's wijk is spelled as CBS does: Westerhaar-Vriezenveensewijk.)
    FigureData(
        TWENTERAND,
        2016,
        AgeGroup.ALLE,
        TWENTERAND_RIVM_2016,
        wijk="Westerhaar-Vriezenveensewijk",
        lonely="38",
        socially_lonely="38",
        emotionally_lonely="26",
    ),
    FigureData(
        TWENTERAND,
        2016,
        AgeGroup.ALLE,
        TWENTERAND_RIVM_2016,
        wijk="Bruinehaar",
        lonely="37",
        socially_lonely="37",
        emotionally_lonely="25",
    ),
    # Seed 004: "Ruim 46% van de volwassenen en ouderen in Hengelo zijn in meer of mindere mate eenzaam" (2016).
    FigureData(HENGELO, 2016, AgeGroup.ALLE, f"{HENGELO_2016}: 'ruim 46%'", lonely="46"),
    # Seed 004: "Bij de volwassenen in Hengelo gaat het om 37% die matig eenzaam is, 6% ernstig eenzaam en 3% zeer
    # ernstig eenzaam." Eenzaam = 37 + 6 + 3 = 46; ernstig eenzaam (incl. zeer ernstig) = 6 + 3 = 9.
    FigureData(
        HENGELO,
        2016,
        AgeGroup.VOLWASSENEN,
        f"{HENGELO_2016}: 37 % matig, 6 % ernstig en 3 % zeer ernstig eenzaam",
        lonely="46",
        severely_lonely="9",
    ),
    # Seed 004: "... ten opzichte van 2012. Toen was dat nog maar 33%. Voor ouderen was het toen 42%."
    FigureData(HENGELO, 2012, AgeGroup.VOLWASSENEN, HENGELO_2012, lonely="33"),
    FigureData(HENGELO, 2012, AgeGroup.OUDEREN, HENGELO_2012, lonely="42"),
    # Seed 004 (chart "Eenzaamheid per wijk in Hengelo vanaf 19 jaar (2016)"): "Op wijkniveau zien we het percentage
    # eenzaamheid variëren tussen de 44% en 48%, met uitzondering van het Buitengebied, Slangenbeek en de Hasseler Es
    # ... met percentages van respectievelijk 33%, 35% en 40%." Only these three have a figure of their own.
    FigureData(HENGELO, 2016, AgeGroup.ALLE, HENGELO_2016, wijk="Buitengebied", lonely="33"),
    FigureData(HENGELO, 2016, AgeGroup.ALLE, HENGELO_2016, wijk="Slangenbeek", lonely="35"),
    FigureData(HENGELO, 2016, AgeGroup.ALLE, HENGELO_2016, wijk="Hasseler Es", lonely="40"),
]


@dataclass(frozen=True)
class AmbitionData:
    gemeente: str
    group: str
    baseline_year: int
    baseline_pct: str
    target_year: int
    target_pct: str
    source: str


AMBITIONS = [
    # Seed 000 §4: "51% van de mensen die eenzaamheid ervaren binnen vijf jaar omlaag brengen naar 25%!" The 51 % is
    # of 2021 (§3, "peildatum 2021"), so the target year is 2026.
    AmbitionData(
        ENSCHEDE,
        AgeGroup.ALLE,
        2021,
        "51",
        2026,
        "25",
        "Actieplan Eenzaamheid 2021-2022, Samen1Enschede (§4 Ambitie): van 51 % binnen vijf jaar naar 25 %",
    ),
]

PERCENTAGES = ("lonely", "severely_lonely", "emotionally_lonely", "socially_lonely")


def _pct(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def load(summary: Summary, *, demo_mode: bool) -> None:
    """The seeds' GGD figures and Enschede's ambition, the same in and out of demo mode (nothing here is made up)."""
    names = {f.gemeente for f in FIGURES} | {a.gemeente for a in AMBITIONS}
    gemeenten = {g.name: g for g in Gemeente.objects.filter(name__in=names)}
    if missing := sorted(names - set(gemeenten)):
        raise DemoDataError(f"Gemeenten ontbreken voor de monitor: {', '.join(missing)}")
    wanted_wijken = {(f.gemeente, f.wijk) for f in FIGURES if f.wijk}
    wijken = {
        (w.gemeente.name, w.name): w
        for w in Wijk.objects.filter(gemeente__in=gemeenten.values()).select_related("gemeente")
        if (w.gemeente.name, w.name) in wanted_wijken
    }
    if missing_wijken := sorted(wanted_wijken - set(wijken)):
        raise DemoDataError(f"Wijken ontbreken voor de monitor: {', '.join(f'{w} ({g})' for g, w in missing_wijken)}")

    _load_figures(summary.tally("GGD-cijfers"), gemeenten, wijken)
    _load_ambitions(summary.tally("ambities"), gemeenten)
    summary.notes.append(
        "Monitor: de demodata heeft geen aantallen inwoners van 65 jaar en ouder per wijk (de bronnen noemen ze "
        "niet). Importeer ze in Beheer → Inwonertallen 65+."
    )


def _save(obj: Gezondheidscijfer | Ambitie, tally: Tally, *, created: bool, changed: bool) -> None:
    if created:
        tally.created += 1
    elif changed:
        tally.updated += 1
    else:
        tally.unchanged += 1
        return
    try:
        obj.full_clean()
    except ValidationError as error:
        raise DemoDataError(f"{obj}: {' '.join(error.messages)}") from None
    obj.save()


def _load_figures(tally: Tally, gemeenten: dict[str, Gemeente], wijken: dict[tuple[str, str], Wijk]) -> None:
    existing = {
        (c.gemeente_id, c.wijk_id, c.year, c.group): c
        for c in Gezondheidscijfer.objects.filter(gemeente__in=gemeenten.values())
    }
    for f in FIGURES:
        gemeente = gemeenten[f.gemeente]
        wijk = wijken[(f.gemeente, f.wijk)] if f.wijk else None
        values = {name: _pct(getattr(f, name)) for name in PERCENTAGES} | {"source": f.source, "sample_size": None}
        figure = existing.get((gemeente.pk, wijk.pk if wijk else None, f.year, f.group))
        created = figure is None
        if figure is None:
            figure = Gezondheidscijfer(gemeente=gemeente, wijk=wijk, year=f.year, group=f.group)
        changed = any(getattr(figure, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(figure, name, value)
        _save(figure, tally, created=created, changed=changed)


def _load_ambitions(tally: Tally, gemeenten: dict[str, Gemeente]) -> None:
    existing = {a.gemeente_id: a for a in Ambitie.objects.filter(gemeente__in=gemeenten.values())}
    for a in AMBITIONS:
        gemeente = gemeenten[a.gemeente]
        values = {
            "group": a.group,
            "baseline_year": a.baseline_year,
            "baseline_pct": Decimal(a.baseline_pct),
            "target_year": a.target_year,
            "target_pct": Decimal(a.target_pct),
            "source": a.source,
        }
        ambitie = existing.get(gemeente.pk)
        created = ambitie is None
        if ambitie is None:
            ambitie = Ambitie(gemeente=gemeente)
        changed = any(getattr(ambitie, name) != value for name, value in values.items())
        for name, value in values.items():
            setattr(ambitie, name, value)
        _save(ambitie, tally, created=created, changed=changed)
