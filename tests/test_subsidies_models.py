"""The rules of subsidies that the database itself holds (subsidies/models.py, migration 0002)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, InternalError, transaction

from subsidies.models import Beoordeling, Historie, Regeling
from tests.factories import AanvraagFactory, CriteriumFactory, RegelingFactory, committee_member, declare_no_conflict

pytestmark = pytest.mark.django_db


def test_the_factories_make_a_complete_open_call_and_draft():
    aanvraag = AanvraagFactory()
    regeling = aanvraag.regeling
    assert regeling.is_open()
    assert regeling.criteria.count() == 3
    assert aanvraag.begroting.count() == 2
    assert aanvraag.created_by.organisaties.filter(pk=aanvraag.organisatie_id).exists()


def test_the_allocated_total_follows_the_applications():
    regeling = RegelingFactory(total_budget=Decimal("60000"), max_per_application=Decimal("50000"))
    first = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=Decimal("40000"))
    second = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=Decimal("40000"))
    first.allocated_amount = Decimal("35000")
    first.save()
    regeling.refresh_from_db()
    assert regeling.allocated_total == Decimal("35000")

    # More than the budget left, written straight to the table: the database refuses.
    second.allocated_amount = Decimal("30000")
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    regeling.refresh_from_db()
    assert regeling.allocated_total == Decimal("35000")

    first.allocated_amount = None
    first.save()
    assert Regeling.objects.get(pk=regeling.pk).allocated_total == 0


def test_a_grant_is_never_more_than_was_asked():
    aanvraag = AanvraagFactory(at_committee=True, amount_requested=Decimal("10000"))
    aanvraag.allocated_amount = Decimal("10000.01")
    with pytest.raises(IntegrityError):
        aanvraag.save()


def test_a_member_scores_only_after_declaring_no_conflict():
    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    with pytest.raises(IntegrityError), transaction.atomic():
        Beoordeling.objects.create(aanvraag=aanvraag, member=member)
    declare_no_conflict(aanvraag, member)
    assert Beoordeling.objects.create(aanvraag=aanvraag, member=member).pk


def test_a_conflicted_member_cannot_score_either():
    from subsidies.models import Belangenverklaring

    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    Belangenverklaring.objects.create(aanvraag=aanvraag, member=member, has_conflict=True)
    with pytest.raises(IntegrityError):
        Beoordeling.objects.create(aanvraag=aanvraag, member=member)


def test_the_history_is_append_only():
    aanvraag = AanvraagFactory()
    line = Historie.objects.create(aanvraag=aanvraag, step="aangemaakt")
    with pytest.raises(InternalError), transaction.atomic():
        Historie.objects.filter(pk=line.pk).update(comment="anders")


def test_every_criterion_explains_six_points():
    with pytest.raises(IntegrityError):
        CriteriumFactory(scale=["nul", "een", "twee"])
