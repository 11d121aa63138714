"""The meldpunt's demo data: a meldpunt per demo gemeente with its staff, and made-up cases.

`load` is the meldpunt's part of `manage.py load_demo` (registered in apps.py; it runs after coalition's
gemeenten and users and after the sociale kaart): the meldpunten of MELDPUNTEN, the demo users of
STAFF as their staff, and in DEMO_MODE the cases of CASES.

The cases are made up, so that `make run` shows a worklist with something in it. Only in DEMO_MODE:
these are fictional people and must never land in a real meldpunt. Every case goes through the same
services as real intake, so the timeline and the audit log look as they would. Idempotent: a case whose
person is already there is not made again. `manage.py load_demo_meldingen` loads them on their own.
"""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coalition.demo.data import ENSCHEDE, HENGELO, TWENTERAND
from coalition.demo.loader import DemoDataError, Summary
from coalition.models import Gemeente, Role, User

from .choices import Channel, CloseReason, EntryKind, Relation, Status, Urgency
from .models import Gebeurtenis, Melding, Meldpunt, Signaal
from .services import casefile, intake


class DemoCasesError(Exception):
    pass


# ---------------------------------------------------------------------------
# Meldpunten: no seed gives a phone number or address, so these are fictional (0000 numbers, .example).
# ---------------------------------------------------------------------------
class MeldpuntData(NamedTuple):
    gemeente: str
    name: str
    phone: str
    email: str
    opening_hours: str


MELDPUNTEN = [
    # Seed 001: run since 2018 by the zorginformatiepunten of ZorgSaam Twenterand; walk in, phone or web.
    MeldpuntData(
        TWENTERAND,
        "Meldpunt Eenzaamheid Twenterand",
        "0546 000 000",
        "meldpunt@twenterand.example",
        "maandag tot en met vrijdag 9.00–12.30 uur",
    ),
    # Seed 000, 5.6: the Wijkwijzer as signal and report point.
    MeldpuntData(
        ENSCHEDE,
        "Meldpunt Eenzaamheid Enschede (Wijkwijzer)",
        "053 000 0000",
        "meldpunt@enschede.example",
        "maandag tot en met vrijdag 9.00–17.00 uur",
    ),
    # Seed 004: "Meldisolement", after the example of Rotterdam.
    MeldpuntData(
        HENGELO,
        "Meldisolement Hengelo",
        "074 000 0000",
        "meldpunt@hengelo.example",
        "maandag tot en met donderdag 9.00–16.00 uur",
    ),
]

# Which demo users (coalition/demo/data.py, USERS) work for the meldpunt of which gemeenten.
STAFF = {
    "medewerker@omzien.demo": (TWENTERAND, ENSCHEDE),
}


def load(summary: Summary, *, demo_mode: bool) -> None:
    """The meldpunten and their staff; in demo mode also the demo cases. Counts go into `summary`."""
    meldpunten = _load_meldpunten(summary)
    for email, gemeenten in STAFF.items():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise DemoDataError(f"De demogebruiker {email} van het meldpunt ontbreekt.")
        for gemeente in gemeenten:
            meldpunten[gemeente].staff.add(user)
    if demo_mode:
        try:
            made = load_demo_meldingen()
        except DemoCasesError as error:
            raise DemoDataError(f"Demo-meldingen niet geladen: {error}") from None
        tally = summary.tally("demo-meldingen")
        tally.created += made
        tally.unchanged += len(CASES) - made


def _load_meldpunten(summary: Summary) -> dict[str, Meldpunt]:
    """One meldpunt per gemeente, matched on the gemeente: created, or brought up to date."""
    gemeenten = {g.name: g for g in Gemeente.objects.filter(name__in=[m.gemeente for m in MELDPUNTEN])}
    tally = summary.tally("meldpunten")
    meldpunten = {}
    for m in MELDPUNTEN:
        if m.gemeente not in gemeenten:
            raise DemoDataError(f"De gemeente {m.gemeente} van {m.name} ontbreekt.")
        values = {"name": m.name, "phone": m.phone, "email": m.email, "opening_hours": m.opening_hours}
        meldpunt = Meldpunt.objects.filter(gemeente=gemeenten[m.gemeente]).first()
        if meldpunt is None:
            meldpunt = Meldpunt.objects.create(gemeente=gemeenten[m.gemeente], **values)
            tally.created += 1
        elif any(getattr(meldpunt, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(meldpunt, name, value)
            meldpunt.save()
            tally.updated += 1
        else:
            tally.unchanged += 1
        meldpunten[m.gemeente] = meldpunt
    return meldpunten


class CaseData(NamedTuple):
    gemeente: str
    person: str
    postcode: str
    birth_year: int | None
    channel: str
    relation: str
    signals: list[str]
    life_events: list[str]
    text: str
    urgency: str
    state: str  # how far it got: new, overdue, contacted, waiting or closed


CASES = [
    CaseData("Twenterand", "Mevrouw G. Nijhuis", "7671 AB", 1938, Channel.TELEFOON, Relation.BUUR,
             ["weinig_sociale_contacten", "verslechterde_zelfzorg"], ["overlijden_naaste"],
             "Buurvrouw belt: sinds haar man vorig jaar overleed komt mevrouw bijna niet meer buiten.", Urgency.NORMAAL,
             "new"),
    CaseData("Twenterand", "Dhr. H. Kamphuis", "7683 CD", 1946, Channel.BALIE, Relation.FAMILIE,
             ["missen_van_sociale_steun"], ["verhuizing"],
             "Dochter meldt zich aan de balie. Vader is net verhuisd naar een appartement en kent niemand.",
             Urgency.NORMAAL, "contacted"),
    CaseData("Twenterand", "Onbekend (Dorpsstraat)", "7676 EF", None, Channel.PARTNER, Relation.WONINGCORPORATIE,
             ["verslechterde_zelfzorg"], ["financiele_problemen"],
             "Huismeester ziet post die niet wordt geopend en gordijnen die dicht blijven.", Urgency.HOOG, "overdue"),
    CaseData("Twenterand", "Mevrouw A. Oude Engberink", "7681 GH", 1951, Channel.WEBFORMULIER, Relation.ZELF,
             ["verlatenheid"], ["pensioen"],
             "Ik ben net gestopt met werken en mis de mensen om me heen.", Urgency.NORMAAL, "waiting"),
    CaseData("Twenterand", "Dhr. J. Smit", "7672 KL", 1940, Channel.TELEFOON, Relation.HUISARTS,
             ["weinig_sociale_contacten"], [], "Praktijkondersteuner belt na een consult.", Urgency.NORMAAL, "closed"),
    CaseData("Enschede", "Mevrouw F. Yilmaz", "", 1957, Channel.KERNTEAM, Relation.GEMEENTE,
             ["weinig_sociale_contacten"], ["scheiding"], "Besproken in het kernteam van de wijk.",
             Urgency.NORMAAL, "new"),
    CaseData("Enschede", "Dhr. P. de Vries", "", 1944, Channel.TELEFOON, Relation.ZELF,
             ["verdriet", "zinloosheid"], ["overlijden_naaste"],
             "Belt zelf. Zegt dat hij het niet meer ziet zitten.", Urgency.ACUUT, "new"),
]  # fmt: skip


def load_demo_meldingen() -> int:
    """Create the demo cases that are not there yet; returns how many were made."""
    if not settings.DEMO_MODE:
        raise DemoCasesError("demo cases are only loaded with DEMO_MODE=true")
    staff = User.objects.filter(role=Role.MEDEWERKER, email__endswith="@omzien.demo").first()
    if staff is None:
        raise DemoCasesError("run `manage.py load_demo` first: the demo medewerker is missing")
    made = 0
    for case in CASES:
        made += _make_case(staff, case)
    return made


@transaction.atomic
def _make_case(staff, case: CaseData):
    meldpunt = Meldpunt.objects.filter(gemeente__name=case.gemeente).first()
    if meldpunt is None or Melding.objects.filter(meldpunt=meldpunt, person_name=case.person).exists():
        return 0
    data = intake.SignalData(
        channel=case.channel,
        reporter_relation=case.relation,
        reporter_name="" if case.relation == Relation.ZELF else "Melder (demo)",
        signals=case.signals,
        life_events=case.life_events,
        description=case.text,
        urgency=case.urgency,
        person={"person_name": case.person, "person_postcode": case.postcode, "person_birth_year": case.birth_year},
    )
    by = staff if case.channel not in (Channel.WEBFORMULIER, Channel.PARTNER) else None
    melding = intake.register_signal(meldpunt, data, by=by)
    received = timezone.now() - timedelta(days={"new": 0, "overdue": 8}.get(case.state, 12))
    # Demo history: move the arrival back in time so the worklist shows overdue and older cases.
    Melding.objects.filter(pk=melding.pk).update(received_at=received, last_activity_at=received)
    Signaal.objects.filter(melding=melding).update(received_at=received)
    Gebeurtenis.objects.filter(melding=melding, kind=EntryKind.SIGNAAL).update(happened_at=received)
    melding.refresh_from_db()
    if case.state in ("contacted", "waiting", "closed"):
        casefile.assign(melding, staff, by=staff)
        casefile.add_entry(melding, EntryKind.TELEFOON, "Gebeld en een huisbezoek afgesproken.", by=staff,
                           happened_at=received + timedelta(days=1))  # fmt: skip
        casefile.record_step(melding, "bespreekbaar", "ja", (received + timedelta(days=1)).date(), "", by=staff)
    if case.state == "waiting":
        casefile.change_status(melding, Status.WACHT_OP_PARTNER, by=staff)
    if case.state == "closed":
        casefile.close_case(melding, CloseReason.GEHOLPEN, "Gaat nu wekelijks naar de koffieochtend.", by=staff)
    return 1
