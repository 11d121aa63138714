"""Fixtures for the whole test suite: one user per role, and `login` to open pages as them."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.models import Role
from tests.factories import OrganisatieFactory, TOTPDeviceFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Redis outlives a test (and a test run): rate-limit counters, cached phone numbers, unread counts. Every
    test starts with none of the test suite's keys (only those: a developer's own cache is left alone)."""
    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def medewerker(db):
    return UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")


@pytest.fixture
def coordinator(db):
    return UserFactory(role=Role.COORDINATOR, full_name="Cor Coördinator")


@pytest.fixture
def partner(db):
    return UserFactory(role=Role.PARTNER, full_name="Pim Partner", organisaties=[OrganisatieFactory()])


@pytest.fixture
def commissielid(db):
    return UserFactory(role=Role.COMMISSIELID, full_name="Kim Commissielid")


@pytest.fixture
def stuurgroep(db):
    return UserFactory(role=Role.STUURGROEP, full_name="Sam Stuurgroep")


@pytest.fixture
def functionaris(db):
    return UserFactory(role=Role.FUNCTIONARIS, full_name="Fleur Functionaris")


@pytest.fixture
def beheerder(db):
    return UserFactory(role=Role.BEHEERDER, full_name="Bert Beheerder")


def confirmed_totp_device(user) -> TOTPDevice:
    """The user's authenticator app; made if the user has none yet."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
    return device or TOTPDeviceFactory(user=user)


@pytest.fixture
def login(client):
    """`login(user)` logs `user` in on `client` and returns the client.

    For staff roles the session also counts as having passed the second factor (as
    django_otp.login() leaves it), so staff pages open at once. Pass `verified=False`
    for a staff user who has typed the password but not yet the code.
    """

    def _login(user, *, verified=True):
        client.force_login(user)
        if verified and user.needs_second_factor:
            device = confirmed_totp_device(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return _login
