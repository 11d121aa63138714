"""Factories shared by the whole test suite. Import as `from tests.factories import UserFactory`."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from factory.django import DjangoModelFactory, Password

from coalition.models import Gemeente, Organisatie, Role, User, Wijk

# Every user the factories make has this password.
PASSWORD = "geheim-wachtwoord-123"


class GemeenteFactory(DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("cbs_code",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    # GM9000 and up: no real CBS code, so a test never collides with demo data of Enschede (GM0153).
    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")


class WijkFactory(DjangoModelFactory):
    class Meta:
        model = Wijk

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    kind = Wijk.Kind.WIJK


class OrganisatieFactory(DjangoModelFactory):
    class Meta:
        model = Organisatie

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisatie.Kind.WELZIJN
    email = factory.Sequence(lambda n: f"info{n}@organisatie.test")


class UserFactory(DjangoModelFactory):
    """A user; pick the role with `role=Role.X` or a trait: `UserFactory(medewerker=True)`.

    `organisaties=[org, ...]` links a partner to the organisations they act for.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@omzien.test")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.PARTNER
    password = Password(PASSWORD)

    class Params:
        medewerker = factory.Trait(role=Role.MEDEWERKER)
        coordinator = factory.Trait(role=Role.COORDINATOR)
        partner = factory.Trait(role=Role.PARTNER)
        commissielid = factory.Trait(role=Role.COMMISSIELID)
        aanvrager = factory.Trait(role=Role.AANVRAGER)
        stuurgroep = factory.Trait(role=Role.STUURGROEP)
        functionaris = factory.Trait(role=Role.FUNCTIONARIS)
        beheerder = factory.Trait(role=Role.BEHEERDER)

    @factory.post_generation
    def organisaties(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisaties.add(*extracted)


def user_with_role(role: Role, **kwargs) -> User:
    """UserFactory for a role given as a value, e.g. in a test parametrised over Role."""
    return UserFactory(role=role, **kwargs)


class TOTPDeviceFactory(DjangoModelFactory):
    """A confirmed authenticator app of a user (the second factor of staff roles)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory, medewerker=True)
    name = "Authenticator-app"
    confirmed = True


def totp_token(device: TOTPDevice, steps: int = 0) -> str:
    """The code the user's app shows now (or `steps` time steps later), as typed: zero-padded."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + steps)
    return f"{totp.token():0{device.digits}d}"


def wrong_totp_token(device: TOTPDevice) -> str:
    """A well-formed code that the device does not accept now."""
    accepted = {totp_token(device, steps) for steps in range(-device.tolerance - 1, device.tolerance + 2)}
    candidate = 0
    while f"{candidate:0{device.digits}d}" in accepted:
        candidate += 1
    return f"{candidate:0{device.digits}d}"


# ---------------------------------------------------------------------------
# Sociale kaart
# ---------------------------------------------------------------------------
class LocatieFactory(DjangoModelFactory):
    class Meta:
        model = "socialekaart.Locatie"

    organisatie = factory.SubFactory(OrganisatieFactory)
    name = factory.Sequence(lambda n: f"Buurthuis {n}")
    street = "Dorpsstraat 1"
    postcode = "7671AB"
    city = "Vriezenveen"
    wheelchair_accessible = True


class ActiviteitFactory(DjangoModelFactory):
    """A published activity, confirmed today, with its search vector filled (so search finds it).

    States: `concept=True`, `archived=True`, `stale=True` (confirmed 10 months ago).
    """

    class Meta:
        model = "socialekaart.Activiteit"
        skip_postgeneration_save = True

    organisatie = factory.SubFactory(OrganisatieFactory)
    title = factory.Sequence(lambda n: f"Koffieochtend {n}")
    slug = factory.Sequence(lambda n: f"koffieochtend-{n}")
    summary = "Elke week samen koffie drinken en een praatje maken."
    description = "Iedereen is welkom. U kunt zo binnenlopen."
    kind = "ontmoeting"
    target_groups = factory.LazyFunction(lambda: ["ouderen"])
    status = "gepubliceerd"
    last_confirmed_on = factory.LazyFunction(timezone.localdate)

    class Params:
        concept = factory.Trait(status="concept", last_confirmed_on=None)
        archived = factory.Trait(status="gearchiveerd")
        stale = factory.Trait(
            last_confirmed_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=300))
        )

    @factory.post_generation
    def locaties(self, create, extracted, **kwargs):
        if create and extracted:
            self.locaties.add(*extracted)

    @factory.post_generation
    def search_vector(self, create, extracted, **kwargs):
        if create:
            from socialekaart.search import refresh_search_vector

            refresh_search_vector(self)


class TijdslotFactory(DjangoModelFactory):
    class Meta:
        model = "socialekaart.Tijdslot"

    activiteit = factory.SubFactory(ActiviteitFactory)
    weekday = 2
    starts_at = "10:00"
    ends_at = "12:00"


class UitzonderingFactory(DjangoModelFactory):
    """A date without a session, a month from today."""

    class Meta:
        model = "socialekaart.Uitzondering"

    activiteit = factory.SubFactory(ActiviteitFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    ends_on = factory.SelfAttribute("starts_on")


class BijeenkomstFactory(DjangoModelFactory):
    class Meta:
        model = "socialekaart.Bijeenkomst"

    activiteit = factory.SubFactory(ActiviteitFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))


# ---------------------------------------------------------------------------
# Meldpunt
# ---------------------------------------------------------------------------
class MeldpuntFactory(DjangoModelFactory):
    """A meldpunt of its own gemeente. `staff=[user, …]` adds the staff who may open its cases."""

    class Meta:
        model = "meldpunt.Meldpunt"
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(GemeenteFactory)
    name = factory.LazyAttribute(lambda o: f"Meldpunt {o.gemeente.name}")
    phone = "0546 123 456"
    email = factory.Sequence(lambda n: f"meldpunt{n}@gemeente.example")

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.add(*extracted)


class MeldingFactory(DjangoModelFactory):
    """A new, unassigned case with a known person and one signal (phone call from a neighbour)."""

    class Meta:
        model = "meldpunt.Melding"
        skip_postgeneration_save = True

    meldpunt = factory.SubFactory(MeldpuntFactory)
    number = factory.Sequence(lambda n: f"ME-2026-{90000 + n:05d}")
    person_name = factory.Sequence(lambda n: f"Mevrouw Jansen {n}")
    person_postcode = "7671AB"
    person_birth_year = 1942

    class Params:
        closed = factory.Trait(status="gesloten", close_reason="geholpen", closed_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def signaal(self, create, extracted, **kwargs):
        if create and extracted is not False:
            SignaalFactory(melding=self, **kwargs)


class SignaalFactory(DjangoModelFactory):
    class Meta:
        model = "meldpunt.Signaal"

    melding = factory.SubFactory(MeldingFactory, signaal=False)
    channel = "telefoon"
    reporter_name = "Buurvrouw Pietersen"
    reporter_contact = "06 12345678"
    reporter_relation = "buur"
    signals = factory.LazyFunction(lambda: ["weinig_sociale_contacten"])
    description = "Zij komt de deur bijna niet meer uit."


class GebeurtenisFactory(DjangoModelFactory):
    class Meta:
        model = "meldpunt.Gebeurtenis"

    melding = factory.SubFactory(MeldingFactory)
    kind = "notitie"
    text = "Gebeld, geen gehoor."


class VerwijzingFactory(DjangoModelFactory):
    """A referral just sent, with consent to share name and contact details and the handover note."""

    class Meta:
        model = "meldpunt.Verwijzing"

    melding = factory.SubFactory(MeldingFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    consent = True
    share_contact = True
    share_note = True
    handover_note = "Mevrouw houdt van zingen en wil graag onder de mensen komen."


# ---------------------------------------------------------------------------
# Subsidies
# ---------------------------------------------------------------------------
SIX_POINTS = ["afwezig", "zwak", "matig", "voldoende", "goed", "uitstekend"]


class RegelingFactory(DjangoModelFactory):
    """A call that is open now (closed a month from now, reviews until two months from now), € 100,000 budget,
    max € 50,000, with three criteria (weights 3, 2, 1), one knock-out question and one required document.
    `criteria=0` (or any number) for another count of criteria; `closed=True` for a call that closed yesterday."""

    class Meta:
        model = "subsidies.Regeling"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Regeling {n}")
    slug = factory.Sequence(lambda n: f"regeling-{n}")
    gemeente = factory.SubFactory(GemeenteFactory)
    summary = "Geld voor projecten die eenzaamheid in de wijk verminderen."
    description = "U kunt subsidie aanvragen voor een project in de wijk. Lees de criteria en vraag aan."
    target_groups = factory.LazyFunction(lambda: ["ouderen"])
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    review_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    total_budget = Decimal("100000.00")
    max_per_application = Decimal("50000.00")
    min_score = 55
    interim_report_months = 6
    final_report_weeks = 8

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=40)),
            closes_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        count = 3 if extracted is None else extracted
        for position in range(count):
            CriteriumFactory(regeling=self, position=position, weight=max(1, 3 - position))

    @factory.post_generation
    def toetsvragen(self, create, extracted, **kwargs):
        if create and extracted is None:
            ToetsvraagFactory(regeling=self)

    @factory.post_generation
    def documenteisen(self, create, extracted, **kwargs):
        if create and extracted is None:
            DocumenteisFactory(regeling=self)


class CriteriumFactory(DjangoModelFactory):
    class Meta:
        model = "subsidies.Criterium"

    regeling = factory.SubFactory(RegelingFactory)
    title = factory.Sequence(lambda n: f"Criterium {n}")
    description = "Waar de commissie op let."
    weight = 1
    scale = factory.LazyFunction(lambda: list(SIX_POINTS))


class ToetsvraagFactory(DjangoModelFactory):
    class Meta:
        model = "subsidies.Toetsvraag"

    regeling = factory.SubFactory(RegelingFactory)
    question = factory.Sequence(lambda n: f"Voert u het project uit in de gemeente? ({n})")
    required_answer = True


class DocumenteisFactory(DjangoModelFactory):
    class Meta:
        model = "subsidies.Documenteis"

    regeling = factory.SubFactory(RegelingFactory)
    name = factory.Sequence(lambda n: f"Begroting als bijlage {n}")
    required = True


class AanvraagFactory(DjangoModelFactory):
    """A complete draft (concept) of an organisation, € 20,000 asked, one target and two budget lines that add up
    (€ 22,000 minus € 2,000 co-financing), and "yes" to the knock-out questions. Traits: `submitted=True` (ingediend),
    `at_committee=True` (in_beoordeling). The applicant is `created_by`, linked to the organisation."""

    class Meta:
        model = "subsidies.Aanvraag"
        skip_postgeneration_save = True

    regeling = factory.SubFactory(RegelingFactory)
    organisatie = factory.SubFactory(OrganisatieFactory)
    created_by = factory.LazyAttribute(lambda o: UserFactory(role=Role.AANVRAGER, organisaties=[o.organisatie]))
    title = factory.Sequence(lambda n: f"Samen in de wijk {n}")
    summary = "Huisbezoeken en een wekelijkse ontmoeting voor oudere bewoners."
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=425))
    contact_name = "Fatma Yilmaz"
    contact_phone = "053 123 4567"
    target_groups = factory.LazyFunction(lambda: ["ouderen"])
    ervaringsdeskundigen = "Twee ervaringsdeskundigen denken mee in de stuurgroep van het project."
    activities = "Maand 1–3: werven vrijwilligers. Maand 4–12: huisbezoeken en wekelijkse ontmoeting."
    measurement_plan = "Voor- en nameting met de De Jong Gierveld-schaal bij alle deelnemers."
    sustainability = "Na een jaar draagt de bewonersvereniging de ontmoeting."
    amount_requested = Decimal("20000.00")
    eligibility_answers = factory.LazyAttribute(lambda o: {str(q.pk): True for q in o.regeling.toetsvragen.all()})

    class Params:
        submitted = factory.Trait(status="ingediend", submitted_at=factory.LazyFunction(timezone.now))
        at_committee = factory.Trait(status="in_beoordeling", submitted_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        if create and extracted is None:
            DoelFactory(aanvraag=self)
            BegrotingsregelFactory(aanvraag=self, amount=Decimal("15000.00"), co_financing=Decimal("2000.00"))
            BegrotingsregelFactory(aanvraag=self, amount=Decimal("7000.00"), category="activiteiten")


class DoelFactory(DjangoModelFactory):
    class Meta:
        model = "subsidies.Doel"

    aanvraag = factory.SubFactory(AanvraagFactory)
    target_group = "ouderen"
    description = "Oudere bewoners die we thuis bezoeken"
    number = 25


class BegrotingsregelFactory(DjangoModelFactory):
    class Meta:
        model = "subsidies.Begrotingsregel"

    aanvraag = factory.SubFactory(AanvraagFactory)
    category = "personeel"
    description = "Begeleiding door een welzijnswerker"
    amount = Decimal("15000.00")
    co_financing = Decimal("0.00")


def committee_member(**kwargs) -> User:
    return UserFactory(role=Role.COMMISSIELID, **kwargs)


def declare_no_conflict(aanvraag, member):
    from subsidies.models import Belangenverklaring

    return Belangenverklaring.objects.create(aanvraag=aanvraag, member=member, has_conflict=False)


# ---------------------------------------------------------------------------
# Subsidies, grants
# ---------------------------------------------------------------------------
class GrantedAanvraagFactory(AanvraagFactory):
    """An application granted in full (toegekend) by nobody in particular, with its reporting deadlines
    (services.grants.schedule_reports). `allocated_amount=` less than asked for a partial grant (the status then
    follows: deels_toegekend). Tests of the decision itself take the steps through services.grants."""

    status = factory.LazyAttribute(
        lambda o: "toegekend" if o.allocated_amount >= o.amount_requested else "deels_toegekend"
    )
    submitted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
    allocated_amount = factory.SelfAttribute("amount_requested")
    decision_reasons = "De commissie vindt het plan sterk en de begroting reëel."
    decided_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def reports(self, create, extracted, **kwargs):
        if create:
            from subsidies.services.grants import schedule_reports

            schedule_reports(self)


# ---------------------------------------------------------------------------
# Subsidies: after the grant (reports)
# ---------------------------------------------------------------------------
def granted_application(**kwargs):
    """An application granted in full (toegekend): AanvraagFactory(at_committee=True) with the amount asked
    allocated, the reasons and the moment of the decision. Takes AanvraagFactory's arguments."""
    aanvraag = AanvraagFactory(at_committee=True, **kwargs)
    aanvraag.status = "toegekend"
    aanvraag.allocated_amount = aanvraag.amount_requested
    aanvraag.decision_reasons = "Het project past goed bij de regeling en scoort ruim voldoende."
    aanvraag.decided_at = timezone.now()
    aanvraag.save()
    return aanvraag


class RapportageFactory(DjangoModelFactory):
    """A report a granted project owes (open), due in two months; `aanvraag` defaults to a granted application."""

    class Meta:
        model = "subsidies.Rapportage"

    aanvraag = factory.LazyFunction(granted_application)
    kind = "tussentijds"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


# ---------------------------------------------------------------------------
# Subsidies: the applicant's side (attachments; an application ready to submit)
# ---------------------------------------------------------------------------
# The smallest file that is a PDF by its content.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class BijlageFactory(DjangoModelFactory):
    """A small PDF attached to an application (stored in the tests' private folder), for the call's first document
    unless `documenteis=` says otherwise."""

    class Meta:
        model = "subsidies.Bijlage"

    aanvraag = factory.SubFactory(AanvraagFactory)
    documenteis = factory.LazyAttribute(lambda o: o.aanvraag.regeling.documenteisen.first())
    file = factory.django.FileField(data=PDF_BYTES, filename="plan.pdf")
    name = "plan.pdf"
    kind = "pdf"
    size = len(PDF_BYTES)
    uploaded_by = factory.LazyAttribute(lambda o: o.aanvraag.created_by)


def ready_to_submit(**kwargs):
    """A draft that passes every check of submission: AanvraagFactory's complete draft, for the whole gemeente, with
    a file for each required document of the call."""
    aanvraag = AanvraagFactory(whole_gemeente=True, **kwargs)
    for eis in aanvraag.regeling.documenteisen.filter(required=True):
        BijlageFactory(aanvraag=aanvraag, documenteis=eis)
    return aanvraag


# ---------------------------------------------------------------------------
# Monitoring: the GGD's figures, ambitions, inhabitants 65+
# ---------------------------------------------------------------------------
class GezondheidscijferFactory(DjangoModelFactory):
    """A GGD figure of a whole gemeente (pass `wijk=` of that gemeente for a wijk's), everyone 19+, 40 % lonely."""

    class Meta:
        model = "monitoring.Gezondheidscijfer"

    gemeente = factory.SubFactory(GemeenteFactory)
    wijk = None
    year = 2022
    group = "alle"
    lonely = Decimal("40")
    source = "GGD (test)"


class AmbitieFactory(DjangoModelFactory):
    """Enschede's ambition: 51 % lonely in 2021 to 25 % in 2026, everyone 19+."""

    class Meta:
        model = "monitoring.Ambitie"

    gemeente = factory.SubFactory(GemeenteFactory)
    group = "alle"
    baseline_year = 2021
    baseline_pct = Decimal("51")
    target_year = 2026
    target_pct = Decimal("25")


class InwonertalFactory(DjangoModelFactory):
    class Meta:
        model = "monitoring.Inwonertal"

    gemeente = factory.SubFactory(GemeenteFactory)
    wijk = None
    year = 2024
    inhabitants_65plus = 1000
