"""Factories shared by the whole test suite. Import as `from tests.factories import UserFactory`."""

from datetime import timedelta

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
