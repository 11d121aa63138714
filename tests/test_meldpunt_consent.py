"""Consent as a record (issue 15): how consent was obtained is asked and kept per referral, staff record a
withdrawal on the case page, and from that moment the partner sees the referral anonymously; the partner is told
without personal data, the timeline and the audit log say so, and the AVG export lists the consent history."""

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, transaction
from django.urls import reverse

from coalition.models import OutboxMessage, Role
from meldpunt.choices import AuditAction, ConsentHow, ConsentKind, EntryKind, ReferralStatus, Status
from meldpunt.models import AuditRegel, Gebeurtenis, Notificatie, Toestemming, Verwijzing
from meldpunt.queries.privacy import case_export_data
from meldpunt.services import referrals
from tests.factories import MeldingFactory, MeldpuntFactory, OrganisatieFactory, UserFactory, WijkFactory

pytestmark = pytest.mark.django_db

NAME = "Mevrouw Geertruida Zandbergen"
ADDRESS = "Kerkstraat 12"
PHONE = "0546 987 654"
NOTE = "Zij zingt graag en voelt zich sinds het overlijden van haar man alleen."
SECRETS = [NAME, ADDRESS, PHONE, NOTE, "Zandbergen", "Kerkstraat", "987 654", "7671 AB"]


@pytest.fixture
def organisatie(melding):
    organisatie = OrganisatieFactory(name="Buurtkamer De Bron")
    organisatie.gemeenten.add(melding.meldpunt.gemeente)
    return organisatie


@pytest.fixture
def partner(organisatie):
    return UserFactory(
        role=Role.PARTNER, full_name="Pim Partner", email="pim@debron.example", organisaties=[organisatie]
    )


@pytest.fixture
def owner():
    return UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")


@pytest.fixture
def melding(owner):
    meldpunt = MeldpuntFactory(name="Meldpunt Twenterand", staff=[owner])
    return MeldingFactory(
        meldpunt=meldpunt,
        owner=owner,
        status=Status.IN_BEHANDELING,
        person_name=NAME,
        person_address=ADDRESS,
        person_postcode="7671AB",
        person_phone=PHONE,
        wijk=WijkFactory(gemeente=meldpunt.gemeente, name="Vroomshoop"),
        signaal=False,
    )


@pytest.fixture
def verwijzing(melding, organisatie, owner, partner) -> Verwijzing:
    """Sent with consent (given by phone) for name, contact details and the handover note."""
    return referrals.create_referral(
        melding,
        organisatie=organisatie,
        activiteit=None,
        consent=True,
        consent_how=ConsentHow.TELEFONISCH,
        share_contact=True,
        share_note=True,
        handover_note=NOTE,
        planned_start=None,
        by=owner,
    )


def withdraw_url(verwijzing) -> str:
    return reverse("meldpunt:referral_consent_withdraw", args=[verwijzing.melding.number, verwijzing.pk])


def partner_pages(client, verwijzing) -> list[str]:
    return [
        client.get(reverse("meldpunt:inbox")).content.decode(),
        client.get(reverse("meldpunt:inbox_detail", args=[verwijzing.pk])).content.decode(),
    ]


# ---------------------------------------------------------------------------
# Giving consent: the form asks how, the service keeps the record
# ---------------------------------------------------------------------------
def test_the_referral_form_asks_how_consent_was_obtained(client, login, owner, melding, organisatie):
    login(owner)
    url = reverse("meldpunt:referral_create", args=[melding.number])
    page = client.get(url).content.decode()
    assert "Hoe gaf de persoon toestemming?" in page
    for label in ("Persoonlijk, in een gesprek", "Telefonisch", "Schriftelijk (brief, e-mail of formulier)"):
        assert label in page
    assert "Niet vastgelegd" not in page  # only for referrals from before the record
    data = {"organisatie": organisatie.pk, "consent": "ja", "share_contact": "on", "handover_note": "Bel na tienen."}

    missing = client.post(url, data)

    assert missing.status_code == 200
    assert "Kies hoe de persoon toestemming gaf." in missing.content.decode()
    assert not Verwijzing.objects.exists()

    sent = client.post(url, {**data, "consent_how": "schriftelijk"})

    assert sent.status_code == 302
    verwijzing = Verwijzing.objects.get()
    line = Toestemming.objects.get(verwijzing=verwijzing)
    assert (line.kind, line.how, line.covers_contact, line.covers_note) == ("gegeven", "schriftelijk", True, False)
    assert (line.recorded_by, line.recorded_at) == (owner, verwijzing.sent_at)


def test_without_consent_how_is_not_asked_and_nothing_is_recorded(client, login, owner, melding, organisatie):
    login(owner)
    url = reverse("meldpunt:referral_create", args=[melding.number])

    response = client.post(url, {"organisatie": organisatie.pk, "consent": "nee", "handover_note": ""})

    assert response.status_code == 302
    assert Verwijzing.objects.get().consent is False
    assert not Toestemming.objects.exists()


def test_the_service_refuses_consent_without_how(melding, organisatie, owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        referrals.create_referral(
            melding, organisatie=organisatie, activiteit=None, consent=True, consent_how=ConsentHow.ONBEKEND,
            share_contact=True, share_note=False, handover_note="", planned_start=None, by=owner,
        )  # fmt: skip
    assert "consent_how" in refused.value.message_dict
    assert not Verwijzing.objects.exists()


def test_the_database_keeps_a_withdrawal_from_covering_anything(verwijzing, owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        Toestemming.objects.create(
            verwijzing=verwijzing, kind=ConsentKind.INGETROKKEN, covers_contact=True, how="telefonisch"
        )
    line = Toestemming.objects.get(verwijzing=verwijzing)
    with pytest.raises(PermissionError):
        line.save()  # append-only


# ---------------------------------------------------------------------------
# Withdrawing: what the partner sees, before and after
# ---------------------------------------------------------------------------
def test_after_withdrawal_the_partner_sees_the_referral_anonymously_and_is_told_without_personal_data(
    client, login, partner, owner, verwijzing, django_capture_on_commit_callbacks, mailoutbox
):
    login(partner)
    before = partner_pages(client, verwijzing)
    assert NAME in before[0] and NAME in before[1] and PHONE in before[1] and NOTE in before[1]
    client.logout()

    login(owner)
    page = client.get(withdraw_url(verwijzing)).content.decode()
    assert "Hoe trok de persoon de toestemming in?" in page
    assert "Telefonisch" in page and "Toestemming gegeven" in page  # the history so far
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(withdraw_url(verwijzing), {"how": "persoonlijk", "note": "Wil het zelf regelen."})
    assert response.status_code == 302
    assert response["Location"] == f"{verwijzing.melding.get_absolute_url()}#verwijzingen"
    assert "De toestemming voor verwijzing" in str(next(iter(get_messages(response.wsgi_request))))
    client.logout()

    login(partner)
    after = partner_pages(client, verwijzing)
    for html in after:
        for secret in SECRETS:
            assert secret not in html
    assert verwijzing.reference in after[0] and "Anoniem (via het meldpunt)" in after[0]
    assert "de toestemming ingetrokken" in after[1]
    assert "Wil het zelf regelen." not in after[1]  # the note stays with the meldpunt
    # The referral itself runs on: the partner can still answer it.
    assert Verwijzing.objects.get(pk=verwijzing.pk).status == ReferralStatus.VERSTUURD
    assert reverse("meldpunt:inbox_accept", args=[verwijzing.pk]) in after[1]

    # Told, with only the reference and a link.
    notification = Notificatie.objects.filter(user=partner).latest("pk")
    assert verwijzing.reference in notification.text and "ingetrokken" in notification.text
    assert notification.url == reverse("meldpunt:inbox_detail", args=[verwijzing.pk])
    assert OutboxMessage.objects.filter(to="pim@debron.example", topic="meldpunt.notificatie").count() == 2
    mail = [mail for mail in mailoutbox if mail.to == ["pim@debron.example"]][-1]  # sent after the commit
    assert "ingetrokken" in mail.body and verwijzing.reference in mail.body
    for text in (notification.text, mail.subject, mail.body):
        for secret in [*SECRETS, "Wil het zelf regelen", verwijzing.melding.number]:
            assert secret not in text


def test_withdrawal_is_on_the_timeline_in_the_audit_log_and_in_the_history(client, login, owner, verwijzing):
    login(owner)

    client.post(withdraw_url(verwijzing), {"how": "schriftelijk", "note": "Brief van 3 december."})

    verwijzing.refresh_from_db()
    assert (verwijzing.consent, verwijzing.share_contact, verwijzing.share_note) == (False, False, False)
    assert verwijzing.handover_note == NOTE  # kept for the meldpunt
    lines = list(Toestemming.objects.filter(verwijzing=verwijzing).order_by("pk"))
    assert [(line.kind, line.how) for line in lines] == [("gegeven", "telefonisch"), ("ingetrokken", "schriftelijk")]
    assert (lines[1].recorded_by, lines[1].note, lines[1].covers_contact) == (owner, "Brief van 3 december.", False)
    entry = Gebeurtenis.objects.filter(melding=verwijzing.melding, kind=EntryKind.VERWIJZING).latest("pk")
    assert entry.data["step"] == "toestemming_ingetrokken" and entry.author == owner
    assert "Schriftelijk" in entry.text
    assert AuditRegel.objects.filter(
        melding=verwijzing.melding,
        action=AuditAction.GEWIJZIGD,
        user=owner,
        detail=f"toestemming ingetrokken voor verwijzing {verwijzing.reference}",
    ).exists()

    case_page = client.get(verwijzing.melding.get_absolute_url()).content.decode()
    assert "Buurtkamer De Bron: toestemming ingetrokken" in case_page  # the timeline line in words
    assert "Niets meer: de toestemming is ingetrokken" in case_page
    assert "Toestemming ingetrokken" in case_page and "Brief van 3 december." in case_page
    assert withdraw_url(verwijzing) not in case_page  # nothing left to withdraw


def test_the_case_page_offers_withdrawal_for_referrals_with_consent_only(client, login, owner, verwijzing, melding):
    anonymous = referrals.create_referral(
        melding, organisatie=OrganisatieFactory(), activiteit=None, consent=False, share_contact=False,
        share_note=False, handover_note="", planned_start=None, by=owner,
    )  # fmt: skip
    login(owner)

    page = client.get(melding.get_absolute_url()).content.decode()

    assert withdraw_url(verwijzing) in page and withdraw_url(anonymous) not in page
    assert "Toestemming gegeven (naam en contactgegevens, en de overdrachtsnotitie): telefonisch" in page


def test_withdrawing_needs_how_and_twice_changes_nothing(client, login, owner, verwijzing):
    login(owner)

    refused = client.post(withdraw_url(verwijzing), {"how": "", "note": ""})

    assert refused.status_code == 200
    assert "Kies hoe de persoon de toestemming introk." in refused.content.decode()
    assert Verwijzing.objects.get(pk=verwijzing.pk).consent is True

    client.post(withdraw_url(verwijzing), {"how": "telefonisch"})
    again = client.post(withdraw_url(verwijzing), {"how": "telefonisch"})

    assert again.status_code == 200
    assert "geen toestemming (meer)" in again.content.decode()
    assert Toestemming.objects.filter(verwijzing=verwijzing, kind=ConsentKind.INGETROKKEN).count() == 1


def test_only_staff_of_the_cases_meldpunt_withdraw(client, login, partner, verwijzing, coordinator):
    assert client.get(withdraw_url(verwijzing)).status_code == 302  # to log in
    login(partner)
    assert client.post(withdraw_url(verwijzing), {"how": "telefonisch"}).status_code == 403
    login(coordinator)  # staff, but of another meldpunt
    MeldpuntFactory(staff=[coordinator])
    assert client.post(withdraw_url(verwijzing), {"how": "telefonisch"}).status_code == 403
    other_case = MeldingFactory(meldpunt=verwijzing.melding.meldpunt)
    login(verwijzing.melding.owner)
    wrong_case = reverse("meldpunt:referral_consent_withdraw", args=[other_case.number, verwijzing.pk])
    assert client.get(wrong_case).status_code == 404
    assert Verwijzing.objects.get(pk=verwijzing.pk).consent is True


def test_a_withdrawal_works_on_a_closed_referral_too(client, login, owner, partner, verwijzing):
    referrals.accept(verwijzing, by=partner)
    referrals.close_referral(verwijzing, "doet_mee", "", by=partner)
    login(owner)

    assert client.post(withdraw_url(verwijzing), {"how": "persoonlijk"}).status_code == 302

    client.logout()
    login(partner)
    html = client.get(reverse("meldpunt:inbox") + "?lijst=afgerond").content.decode()
    assert verwijzing.reference in html and NAME not in html


# ---------------------------------------------------------------------------
# The AVG export
# ---------------------------------------------------------------------------
def test_the_export_lists_the_consent_history_per_referral(owner, verwijzing):
    referrals.withdraw_consent(verwijzing, ConsentHow.PERSOONLIJK, owner, "Aan de balie.")

    data = case_export_data(verwijzing.melding)

    (row,) = data["verwijzingen"]
    history = row["toestemming_geschiedenis"]
    assert [(line["soort"], line["hoe_verkregen"]) for line in history] == [
        ("Toestemming gegeven", "Telefonisch"),
        ("Toestemming ingetrokken", "Persoonlijk, in een gesprek"),
    ]
    assert history[0]["geldt_voor"] == {"naam_en_contactgegevens": True, "overdrachtsnotitie": True}
    assert history[1]["geldt_voor"] == {"naam_en_contactgegevens": False, "overdrachtsnotitie": False}
    assert history[1]["vastgelegd_door"] == "Mila Medewerker" and history[1]["toelichting"] == "Aan de balie."


def test_anonymising_blanks_the_consent_notes(owner, verwijzing):
    from meldpunt.services import privacy

    referrals.withdraw_consent(verwijzing, ConsentHow.TELEFONISCH, owner, "Dochter Anja belde namens haar.")
    privacy.anonymise(verwijzing.melding, "bewaartermijn verstreken")

    assert list(Toestemming.objects.filter(verwijzing=verwijzing).values_list("note", flat=True)) == ["", ""]
    assert Toestemming.objects.filter(verwijzing=verwijzing).count() == 2  # the record itself stays


# ---------------------------------------------------------------------------
# Referrals from before the record
# ---------------------------------------------------------------------------
def test_the_data_migration_records_the_consent_of_existing_referrals(melding, organisatie, owner):
    import importlib

    from django.apps import apps

    from tests.factories import VerwijzingFactory

    migration = importlib.import_module("meldpunt.migrations.0013_consent_toestemming")
    with_consent = VerwijzingFactory(melding=melding, organisatie=organisatie, share_note=False, sent_by=owner)
    VerwijzingFactory(melding=melding, organisatie=organisatie, consent=False, share_contact=False, share_note=False)

    migration.record_existing_consent(apps, None)

    line = Toestemming.objects.get()
    assert line.verwijzing == with_consent
    assert (line.kind, line.how, line.covers_contact, line.covers_note) == ("gegeven", "onbekend", True, False)
    assert (line.recorded_by, line.recorded_at) == (owner, with_consent.sent_at)
