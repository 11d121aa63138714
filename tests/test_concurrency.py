"""Two people (or a double click) at the same moment: each test holds a lock in one thread, waits until the other
thread is seen waiting for it in PostgreSQL (pg_stat_activity, a positive sign, never a sleep), and then lets go.

- a referral accepted twice at once is accepted once; the second click hears it was answered already;
- two intakes at once get two different, consecutive case numbers;
- two opposite merges (A into B, B into A) wait for each other instead of deadlocking: the cases are locked in
  the order of their keys.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from coalition.models import Role
from meldpunt.choices import Channel, EntryKind, ReferralStatus, Relation, Status
from meldpunt.models import Gebeurtenis, Melding, Notificatie, Verwijzing
from meldpunt.services import casefile, intake, referrals
from meldpunt.services.core import lock_case
from tests.conftest import wait_until
from tests.factories import MeldingFactory, MeldpuntFactory, OrganisatieFactory, UserFactory, VerwijzingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Inside a transaction PostgreSQL keeps one snapshot of its statistics views: ask for a fresh one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


class Racer(threading.Thread):
    """Runs `action` in a thread of its own (with its own database connection) and keeps its result or error."""

    def __init__(self, action):
        super().__init__()
        self.action, self.result, self.error = action, None, None

    def run(self):
        try:
            self.result = self.action()
        except Exception as error:
            self.error = error
        finally:
            connection.close()


def while_holding(first, second):
    """Run `first` inside a transaction; once `second` (started in another thread) waits for a lock, commit.
    Returns the second racer, finished."""
    with transaction.atomic():
        first()
        racer = Racer(second)
        racer.start()
        if not wait_until(lambda: someone_waits_for_a_lock() or not racer.is_alive(), timeout=10):
            pytest.fail("the second thread never waited for the lock")
        assert racer.is_alive(), f"the second thread did not wait for the lock: {racer.error!r}"
    racer.join(timeout=30)
    assert not racer.is_alive()
    return racer


def test_a_referral_accepted_twice_at_once_is_accepted_once():
    organisatie = OrganisatieFactory()
    partner = UserFactory(role=Role.PARTNER, organisaties=[organisatie])
    owner = UserFactory(role=Role.MEDEWERKER)
    verwijzing = VerwijzingFactory(
        organisatie=organisatie, melding=MeldingFactory(meldpunt=MeldpuntFactory(staff=[owner]), owner=owner)
    )

    second = while_holding(
        lambda: referrals.accept(verwijzing, by=partner), lambda: referrals.accept(verwijzing, by=partner)
    )

    assert isinstance(second.error, ValidationError)
    assert second.error.messages == ["Deze verwijzing is al beantwoord."]
    assert Verwijzing.objects.get(pk=verwijzing.pk).status == ReferralStatus.GEACCEPTEERD
    steps = Gebeurtenis.objects.filter(melding=verwijzing.melding, kind=EntryKind.VERWIJZING)
    assert [line.data["step"] for line in steps] == ["geaccepteerd"]
    assert Notificatie.objects.filter(user=owner).count() == 1


def test_two_intakes_at_once_get_two_consecutive_numbers():
    meldpunt = MeldpuntFactory()

    def register():
        data = intake.SignalData(channel=Channel.TELEFOON, reporter_relation=Relation.BUUR)
        return intake.register_signal(meldpunt, data)

    first_case = {}
    second = while_holding(lambda: first_case.setdefault("melding", register()), register)

    assert second.error is None
    numbers = sorted([first_case["melding"].number, second.result.number])
    assert numbers[0] != numbers[1]
    assert int(numbers[1][-5:]) == int(numbers[0][-5:]) + 1
    assert Melding.objects.count() == 2


def test_opposite_merges_wait_for_each_other_instead_of_deadlocking():
    meldpunt = MeldpuntFactory()
    low, high = sorted([MeldingFactory(meldpunt=meldpunt), MeldingFactory(meldpunt=meldpunt)], key=lambda m: m.pk)

    # The other thread merges `high` into `low`. Locking its source first, it would hold `high` and wait for `low`,
    # which this thread holds; this thread then asking for `high` would be a deadlock (PostgreSQL aborts one of
    # the two after a second). Locking in key order, it waits for `low` while holding nothing.
    racer = Racer(lambda: casefile.merge_into(high, low, by=None))
    with transaction.atomic():
        lock_case(low)
        racer.start()
        if not wait_until(lambda: someone_waits_for_a_lock() or not racer.is_alive(), timeout=10):
            pytest.fail("the other merge never waited for the lock")
        assert racer.is_alive(), f"the other merge did not wait for the lock: {racer.error!r}"
        casefile.merge_into(low, high, by=None)  # locks `high` too: free, so no deadlock
    racer.join(timeout=30)

    # This merge went first; the other one found its target closed (merged) and was refused in Dutch.
    assert isinstance(racer.error, ValidationError), racer.error
    assert racer.error.messages == ["Deze melding is gesloten. Heropen hem eerst."]
    low.refresh_from_db()
    high.refresh_from_db()
    assert (low.status, low.merged_into_id) == (Status.GESLOTEN, high.pk)
    assert high.status != Status.GESLOTEN
