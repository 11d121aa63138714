"""The partner inbox: the referrals of a partner's own organisations, only what consent allows, and the answers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from meldpunt.choices import AuditAction, EntryKind, Outcome, ReferralStatus, Status
from meldpunt.models import AuditRegel, Gebeurtenis, Notificatie, Verwijzing
from tests.factories import (
    ActiviteitFactory,
    MeldingFactory,
    MeldpuntFactory,
    OrganisatieFactory,
    SignaalFactory,
    UserFactory,
    VerwijzingFactory,
    WijkFactory,
)

# What the case holds about the person. None of it may reach a partner without consent.
NAME = "Mevrouw Geertruida Zandbergen"
ADDRESS = "Kerkstraat 12"
PHONE = "0546 987 654"
NOTE = "Zij zingt graag en voelt zich sinds het overlijden van haar man alleen."
SECRETS = [NAME, ADDRESS, PHONE, NOTE, "Zandbergen", "Kerkstraat", "987 654", "7671 AB"]


@pytest.fixture
def organisatie(db):
    return OrganisatieFactory(name="Buurtkamer De Bron")


@pytest.fixture
def partner(db, organisatie):
    return UserFactory(role=Role.PARTNER, full_name="Pim Partner", organisaties=[organisatie])


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.MEDEWERKER, full_name="Mila Medewerker")


@pytest.fixture
def melding(db, owner):
    meldpunt = MeldpuntFactory(
        name="Meldpunt Eenzaamheid Twenterand", phone="0546 123 456", email="meldpunt@twenterand.example", staff=[owner]
    )
    return MeldingFactory(
        meldpunt=meldpunt,
        owner=owner,
        status=Status.WACHT_OP_PARTNER,
        person_name=NAME,
        person_address=ADDRESS,
        person_postcode="7671AB",
        person_phone=PHONE,
        wijk=WijkFactory(gemeente=meldpunt.gemeente, name="Vroomshoop"),
        signaal=False,
    )


def refer(melding, organisatie, *, shared=True, **kwargs) -> Verwijzing:
    """A referral just sent; `shared=False`: anonymous, without consent."""
    if not shared:
        kwargs.update(consent=False, share_contact=False, share_note=False)
    kwargs.setdefault("handover_note", NOTE)
    return VerwijzingFactory(melding=melding, organisatie=organisatie, **kwargs)


def detail_url(verwijzing) -> str:
    return reverse("meldpunt:inbox_detail", args=[verwijzing.pk])


def action_url(name, verwijzing) -> str:
    return reverse(f"meldpunt:inbox_{name}", args=[verwijzing.pk])


def timeline_steps(verwijzing) -> list[str]:
    return list(
        Gebeurtenis.objects.filter(
            melding=verwijzing.melding_id, kind=EntryKind.VERWIJZING, data__verwijzing=verwijzing.pk
        )
        .order_by("pk")
        .values_list("data__step", flat=True)
    )


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_inbox_lists_the_referrals_of_the_partners_organisations_newest_first(
    client, login, partner, organisatie, melding
):
    now = timezone.now()
    older = refer(melding, organisatie, sent_at=now - timedelta(days=3))
    newer = refer(melding, organisatie, sent_at=now - timedelta(days=1), activiteit=ActiviteitFactory(
        organisatie=organisatie, title="Zangkoor De Lijsters"
    ))  # fmt: skip
    elsewhere = refer(melding, OrganisatieFactory(), sent_at=now)
    login(partner)

    response = client.get(reverse("meldpunt:inbox"))

    assert response.status_code == 200
    assert [row.pk for row in response.context["page"]] == [newer.pk, older.pk]
    html = response.content.decode()
    assert newer.reference in html and older.reference in html
    assert elsewhere.reference not in html
    assert "Zangkoor De Lijsters" in html  # the activity; the organisation when there is none
    assert "Vroomshoop" in html
    assert "Accepteren of afwijzen" in html  # what's next
    assert reverse("meldpunt:partner_signaal") in html  # "Nieuw signaal doorgeven"


@pytest.mark.django_db
def test_the_inbox_has_tabs_new_running_and_done_with_counts(client, login, partner, organisatie, melding):
    now = timezone.now()
    sent = [refer(melding, organisatie) for _ in range(2)]
    accepted = refer(melding, organisatie, status=ReferralStatus.GEACCEPTEERD, accepted_at=now)
    started = refer(melding, organisatie, status=ReferralStatus.GESTART, started_on=timezone.localdate())
    declined = refer(melding, organisatie, status=ReferralStatus.AFGEWEZEN, declined_at=now, decline_reason="Vol")
    closed = refer(melding, organisatie, status=ReferralStatus.AFGESLOTEN, closed_at=now, outcome=Outcome.GESTOPT)
    login(partner)

    tabs = {}
    for tab in ("nieuw", "lopend", "afgerond"):
        response = client.get(reverse("meldpunt:inbox"), {"lijst": tab})
        tabs[tab] = {row.pk for row in response.context["page"]}
    counts = {item["key"]: item["count"] for item in response.context["tabs"]}

    assert tabs == {
        "nieuw": {v.pk for v in sent},
        "lopend": {accepted.pk, started.pk},
        "afgerond": {declined.pk, closed.pk},
    }
    assert counts == {"nieuw": 2, "lopend": 2, "afgerond": 2}
    assert "Afgesloten: Gestopt" in response.content.decode()


@pytest.mark.django_db
def test_a_partner_of_several_organisations_filters_by_organisation(client, login, organisatie, melding):
    other = OrganisatieFactory(name="Bibliotheek Vroomshoop")
    partner = UserFactory(role=Role.PARTNER, organisaties=[organisatie, other])
    mine = refer(melding, organisatie)
    theirs = refer(melding, other)
    stranger = refer(melding, OrganisatieFactory())
    login(partner)

    every = client.get(reverse("meldpunt:inbox"))
    filtered = client.get(reverse("meldpunt:inbox"), {"organisatie": other.pk})
    not_mine = client.get(reverse("meldpunt:inbox"), {"organisatie": stranger.organisatie_id})

    assert {row.pk for row in every.context["page"]} == {mine.pk, theirs.pk}
    assert "Bibliotheek Vroomshoop" in every.content.decode()  # the organisation column and the choice
    assert [row.pk for row in filtered.context["page"]] == [theirs.pk]
    assert {item["key"]: item["count"] for item in filtered.context["tabs"]}["nieuw"] == 1
    assert {row.pk for row in not_mine.context["page"]} == {mine.pk, theirs.pk}  # ignored: not theirs


@pytest.mark.django_db
def test_the_inbox_is_paginated_within_thirteen_queries_and_keeps_the_filter(
    client, login, organisatie, melding, django_assert_max_num_queries
):
    other = OrganisatieFactory()
    partner = UserFactory(role=Role.PARTNER, organisaties=[organisatie, other])
    now = timezone.now()
    Verwijzing.objects.bulk_create(
        [
            Verwijzing(
                melding=melding,
                organisatie=organisatie,
                activiteit=ActiviteitFactory(organisatie=organisatie) if n % 3 == 0 else None,
                consent=n % 2 == 0,
                share_contact=n % 2 == 0,
                sent_at=now - timedelta(hours=n),
            )
            for n in range(30)
        ]
    )
    login(partner)

    # Partners pass a second factor: reading its device counts too; the names shown are chained audit lines.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("meldpunt:inbox"), {"organisatie": organisatie.pk})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25
    assert f"organisatie={organisatie.pk}" in response.content.decode().split('aria-label="Paginering"')[1]

    with django_assert_max_num_queries(13):
        second = client.get(reverse("meldpunt:inbox"), {"organisatie": organisatie.pk, "pagina": 2})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.django_db
def test_a_row_shows_the_name_only_when_contact_is_shared(client, login, partner, organisatie, melding):
    refer(melding, organisatie)
    anonymous = MeldingFactory(meldpunt=melding.meldpunt, person_name="Meneer Verborgen", signaal=False)
    refer(anonymous, organisatie, shared=False)
    consented_but_not_shared = MeldingFactory(meldpunt=melding.meldpunt, person_name="Meneer Privé", signaal=False)
    refer(consented_but_not_shared, organisatie, share_contact=False)
    login(partner)

    html = client.get(reverse("meldpunt:inbox")).content.decode()

    assert NAME in html
    assert "Meneer Verborgen" not in html and "Meneer Privé" not in html
    assert html.count("Anoniem (via het meldpunt)") == 2
    # The name shown is a read of that case, logged; the anonymous rows showed nothing of their cases.
    logged = AuditRegel.objects.filter(user=partner, action=AuditAction.BEKEKEN)
    assert list(logged.values_list("melding", flat=True)) == [melding.pk]


@pytest.mark.django_db
def test_an_empty_inbox_says_what_to_do(client, login, partner):
    login(partner)

    html = client.get(reverse("meldpunt:inbox")).content.decode()

    assert "Er zijn geen nieuwe verwijzingen" in html
    assert reverse("meldpunt:partner_signaal") in html


@pytest.mark.django_db
def test_a_partner_of_no_organisation_is_told_what_to_do(client, login):
    login(UserFactory(role=Role.PARTNER))

    response = client.get(reverse("meldpunt:inbox"))

    assert response.status_code == 200
    assert "nog niet namens een organisatie" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MEDEWERKER, Role.COORDINATOR])
def test_staff_and_coordinators_have_no_inbox(client, login, role, organisatie, melding):
    verwijzing = refer(melding, organisatie)
    user = UserFactory(role=role, organisaties=[organisatie])
    melding.meldpunt.staff.add(user)
    login(user)

    assert client.get(reverse("meldpunt:inbox")).status_code == 403
    assert client.get(detail_url(verwijzing)).status_code == 403


# ---------------------------------------------------------------------------
# One referral: only what consent allows
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_with_consent_the_partner_sees_name_address_phone_and_note(
    client, login, partner, organisatie, melding, django_assert_max_num_queries
):
    verwijzing = refer(melding, organisatie, planned_start=timezone.localdate() + timedelta(days=7))
    login(partner)

    with django_assert_max_num_queries(12):  # two of them chain the read's audit line
        response = client.get(detail_url(verwijzing))

    html = response.content.decode()
    for shown in (NAME, ADDRESS, "7671 AB", PHONE, NOTE, verwijzing.reference, "Vroomshoop"):
        assert shown in html
    for shown in ("Meldpunt Eenzaamheid Twenterand", "0546 123 456", "meldpunt@twenterand.example"):
        assert shown in html
    assert "Verstuurd door het meldpunt" in html  # the referral's own history


@pytest.mark.django_db
def test_without_consent_nothing_personal_reaches_the_partner(client, login, partner, organisatie, melding):
    verwijzing = refer(melding, organisatie, shared=False)
    login(partner)

    pages = [
        client.get(reverse("meldpunt:inbox")).content.decode(),
        client.get(detail_url(verwijzing)).content.decode(),
    ]

    for html in pages:
        for secret in SECRETS:
            assert secret not in html
    assert verwijzing.reference in pages[0]
    assert "Anoniem (via het meldpunt)" in pages[0]
    assert (
        "Iemand uit wijk Vroomshoop wil graag meedoen.\n          Het meldpunt brengt u met elkaar in contact."
        in pages[1]
    )


@pytest.mark.django_db
def test_consent_for_the_note_only_shows_the_note_but_not_the_person(client, login, partner, organisatie, melding):
    verwijzing = refer(melding, organisatie, share_contact=False, share_note=True)
    login(partner)

    html = client.get(detail_url(verwijzing)).content.decode()

    assert NOTE in html
    for secret in (NAME, ADDRESS, PHONE):
        assert secret not in html
    assert "Het meldpunt brengt u met elkaar in contact." in html


@pytest.mark.django_db
def test_the_partner_never_sees_the_case(client, login, partner, organisatie, melding):
    SignaalFactory(melding=melding, reporter_name="Buurvrouw Pietersen", description="De post stapelt zich op.")
    Gebeurtenis.objects.create(melding=melding, kind=EntryKind.NOTITIE, text="Huisbezoek: somber en moe.")
    verwijzing = refer(melding, organisatie)
    login(partner)

    html = client.get(detail_url(verwijzing)).content.decode() + client.get(reverse("meldpunt:inbox")).content.decode()

    for secret in (melding.number, "Buurvrouw Pietersen", "De post stapelt zich op", "Huisbezoek", "Mila Medewerker"):
        assert secret not in html
    assert client.get(reverse("meldpunt:case", args=[melding.number])).status_code == 403


@pytest.mark.django_db
def test_every_look_at_a_referral_is_in_the_audit_log(client, login, partner, organisatie, melding):
    verwijzing = refer(melding, organisatie)
    login(partner)

    client.get(detail_url(verwijzing))

    line = AuditRegel.objects.get(melding=melding, action=AuditAction.BEKEKEN)
    assert line.user == partner
    assert line.detail == f"verwijzing {verwijzing.reference}"


@pytest.mark.django_db
def test_a_referral_that_does_not_exist_is_not_found(client, login, partner):
    login(partner)

    assert client.get(reverse("meldpunt:inbox_detail", args=[987654])).status_code == 404


@pytest.mark.django_db
def test_a_partner_of_another_organisation_gets_403_on_the_referral_and_every_answer(
    client, login, organisatie, melding
):
    verwijzing = refer(melding, organisatie)
    login(UserFactory(role=Role.PARTNER, organisaties=[OrganisatieFactory()]))

    assert client.get(detail_url(verwijzing)).status_code == 403
    posts = {
        "accept": {},
        "decline": {"reason": "Vol"},
        "first_contact": {"at": timezone.localdate().isoformat()},
        "start": {"on": timezone.localdate().isoformat()},
        "close": {"outcome": Outcome.GESTOPT},
    }
    for name, data in posts.items():
        assert client.post(action_url(name, verwijzing), data).status_code == 403, name
        assert client.get(action_url(name, verwijzing)).status_code == 403, name

    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.VERSTUURD
    assert timeline_steps(verwijzing) == []
    # Nothing was read; each refusal (the page and ten answers) is in the audit log, on the referral's case.
    lines = AuditRegel.objects.filter(melding=melding)
    assert {line.action for line in lines} == {AuditAction.GEWEIGERD} and lines.count() == 11
    assert all(line.detail.startswith(f"verwijzing {verwijzing.reference} (") for line in lines)


# ---------------------------------------------------------------------------
# The answers
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_new_referral_offers_accept_and_decline_only(client, login, partner, organisatie, melding):
    verwijzing = refer(melding, organisatie)
    login(partner)

    html = client.get(detail_url(verwijzing)).content.decode()

    assert action_url("accept", verwijzing) in html and action_url("decline", verwijzing) in html
    for name in ("first_contact", "start", "close"):
        assert action_url(name, verwijzing) not in html


@pytest.mark.django_db
def test_accepting_puts_it_on_the_case_timeline_and_tells_the_owner(
    client, login, partner, organisatie, melding, owner
):
    verwijzing = refer(melding, organisatie)
    login(partner)

    response = client.post(action_url("accept", verwijzing), follow=True)

    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.GEACCEPTEERD
    assert "U heeft de verwijzing geaccepteerd" in response.content.decode()
    assert timeline_steps(verwijzing) == ["geaccepteerd"]
    assert Notificatie.objects.filter(user=owner, text__contains=verwijzing.reference).exists()
    html = response.content.decode()  # now: first contact, start and close; no accept any more
    assert action_url("accept", verwijzing) not in html
    assert action_url("first_contact", verwijzing) in html and action_url("close", verwijzing) in html


@pytest.mark.django_db
def test_a_second_click_on_accept_says_it_was_answered_and_changes_nothing(
    client, login, partner, organisatie, melding
):
    verwijzing = refer(melding, organisatie)
    login(partner)
    client.post(action_url("accept", verwijzing))
    verwijzing.refresh_from_db()

    response = client.post(action_url("accept", verwijzing))

    assert response.status_code == 200
    assert "Deze verwijzing is al beantwoord" in response.content.decode()
    assert Verwijzing.objects.get(pk=verwijzing.pk).accepted_at == verwijzing.accepted_at
    assert timeline_steps(verwijzing) == ["geaccepteerd"]
    assert Notificatie.objects.filter(text__contains="geaccepteerd").count() == 1


@pytest.mark.django_db
def test_declining_needs_a_reason_beside_the_field(client, login, partner, organisatie, melding):
    verwijzing = refer(melding, organisatie)
    login(partner)

    response = client.post(action_url("decline", verwijzing), {"reason": "   "})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="afwijzen-reason_error"' in html
    assert "Schrijf waarom u de verwijzing afwijst." in html
    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.VERSTUURD
    assert timeline_steps(verwijzing) == []


@pytest.mark.django_db
def test_declining_with_a_reason_returns_it_to_the_meldpunt(client, login, partner, organisatie, melding, owner):
    verwijzing = refer(melding, organisatie)
    login(partner)

    client.post(action_url("decline", verwijzing), {"reason": "Onze groep is vol tot de zomer."})

    verwijzing.refresh_from_db()
    melding.refresh_from_db()
    assert verwijzing.status == ReferralStatus.AFGEWEZEN
    assert verwijzing.decline_reason == "Onze groep is vol tot de zomer."
    assert timeline_steps(verwijzing) == ["afgewezen"]
    assert melding.status == Status.IN_BEHANDELING  # nothing else runs: back in handling
    assert Notificatie.objects.filter(user=owner, text__contains="afgewezen").exists()
    html = client.get(detail_url(verwijzing)).content.decode()
    assert "Er is niets meer te doen aan deze verwijzing." in html
    assert "Onze groep is vol tot de zomer." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("days", "message"),
    [(10, "Deze datum ligt vóór de verwijzing."), (-1, "Deze datum ligt in de toekomst.")],
)
def test_a_first_contact_before_the_referral_or_in_the_future_is_refused_beside_the_field(
    client, login, partner, organisatie, melding, days, message
):
    verwijzing = refer(
        melding, organisatie, sent_at=timezone.now() - timedelta(days=5), status=ReferralStatus.GEACCEPTEERD
    )
    login(partner)
    typed = (timezone.localdate() - timedelta(days=days)).isoformat()

    response = client.post(action_url("first_contact", verwijzing), {"at": typed})

    html = response.content.decode()
    assert 'id="eerste-contact-at_error"' in html and message in html
    assert f'value="{typed}"' in html  # what was typed is kept
    verwijzing.refresh_from_db()
    assert verwijzing.first_contact_at is None


@pytest.mark.django_db
def test_a_start_before_the_referral_is_refused_beside_the_field(client, login, partner, organisatie, melding):
    verwijzing = refer(
        melding, organisatie, sent_at=timezone.now() - timedelta(days=5), status=ReferralStatus.GEACCEPTEERD
    )
    login(partner)

    response = client.post(
        action_url("start", verwijzing), {"on": (timezone.localdate() - timedelta(days=6)).isoformat()}
    )

    html = response.content.decode()
    assert 'id="gestart-on_error"' in html and "Deze datum ligt vóór de verwijzing." in html
    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.GEACCEPTEERD and verwijzing.started_on is None


@pytest.mark.django_db
def test_closing_needs_an_outcome_beside_the_field(client, login, partner, organisatie, melding):
    verwijzing = refer(melding, organisatie, status=ReferralStatus.GESTART, started_on=timezone.localdate())
    login(partner)

    response = client.post(action_url("close", verwijzing), {"note": "Gaat goed"})

    html = response.content.decode()
    assert 'id="afsluiten-outcome_error"' in html and "Kies een uitkomst." in html
    assert "Gaat goed" in html
    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.GESTART


@pytest.mark.django_db
def test_the_whole_loop_appears_step_by_step_on_the_case_timeline(client, login, partner, organisatie, melding, owner):
    verwijzing = refer(melding, organisatie, sent_at=timezone.now() - timedelta(days=3))
    login(partner)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    client.post(action_url("accept", verwijzing))
    client.post(action_url("first_contact", verwijzing), {"at": yesterday})
    client.post(action_url("start", verwijzing), {"on": timezone.localdate().isoformat()})
    client.post(action_url("close", verwijzing), {"outcome": Outcome.DOET_MEE, "note": "Komt elke week."})

    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.AFGESLOTEN
    assert verwijzing.outcome == Outcome.DOET_MEE and verwijzing.outcome_note == "Komt elke week."
    assert timezone.localtime(verwijzing.first_contact_at).date().isoformat() == yesterday
    assert verwijzing.started_on == timezone.localdate()
    assert timeline_steps(verwijzing) == ["geaccepteerd", "eerste_contact", "gestart", "afgesloten"]
    # Four steps within a minute, the case not opened in between: one notification, brought up to date (issue 15).
    (notice,) = Notificatie.objects.filter(user=owner, text__contains=verwijzing.reference)
    assert notice.text == f"Verwijzing {verwijzing.reference} is afgesloten" and notice.read_at is None
    html = client.get(detail_url(verwijzing)).content.decode()
    for step in ("Geaccepteerd", "Eerste contact", "Gestart", "Afgesloten", "Doet mee: de deelname staat vast"):
        assert step in html


@pytest.mark.django_db
def test_a_get_on_an_answer_goes_back_to_the_referral(client, login, partner, organisatie, melding):
    verwijzing = refer(melding, organisatie)
    login(partner)

    response = client.get(action_url("accept", verwijzing))

    assert response.status_code == 302 and response["Location"] == detail_url(verwijzing)
    verwijzing.refresh_from_db()
    assert verwijzing.status == ReferralStatus.VERSTUURD


@pytest.mark.django_db
def test_without_consent_the_persons_details_do_not_even_leave_the_database(organisatie, melding):
    from meldpunt.queries.inbox import referral

    anonymous = referral(refer(melding, organisatie, shared=False).pk)
    shared = referral(refer(melding, organisatie).pk)

    assert not any((anonymous.shared_name, anonymous.shared_address, anonymous.shared_phone, anonymous.shared_note))
    assert "person_name" not in vars(anonymous.melding) and "handover_note" not in vars(anonymous)
    assert (shared.shared_name, shared.shared_phone, shared.shared_note) == (NAME, PHONE, NOTE)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "x" * 10_000, "\x00", "31-02-2026", "-1", "🙂' OR 1=1 --"])
def test_odd_input_on_every_answer_changes_nothing_and_never_fails(client, login, partner, organisatie, melding, value):
    new = refer(melding, organisatie)
    running = refer(melding, organisatie, status=ReferralStatus.GEACCEPTEERD, accepted_at=timezone.now())
    login(partner)
    client.raise_request_exception = False
    data = {"reason": value, "at": value, "on": value, "outcome": value, "note": value}

    answers = [client.post(action_url("decline", new), data)] + [  # some values are a fine reason
        client.post(action_url(name, running), data) for name in ("first_contact", "start", "close")
    ]
    answers.append(client.get(reverse("meldpunt:inbox"), {"lijst": value, "organisatie": value, "pagina": value}))

    assert all(response.status_code < 500 for response in answers)
    # A NUL character is refused as a bad request before any view (coalition.middleware); the rest is a page.
    assert answers[-1].status_code == (400 if "\x00" in value else 200)
    running.refresh_from_db()
    assert running.status == ReferralStatus.GEACCEPTEERD and running.first_contact_at is None
