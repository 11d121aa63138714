"""From the committee's advice to a settled subsidy (issue 11): allocating an amount with the budget in view (never
over-allocated, also by two coördinators at the same moment), the decision with its reasons and reporting
deadlines, the decision letter as a page and a PDF, payments, the settlement, and the money per call for the
dashboard."""

import re
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from coalition.models import OutboxMessage, Role
from subsidies.models import Aanvraag, Betaling, Historie, Rapportage, Regeling
from subsidies.money import euro, parse_amount
from subsidies.pdf import letter_pdf
from subsidies.queries import budget_by_call
from subsidies.queries.letters import decided_application, decision_letter
from subsidies.services import grants
from tests.conftest import confirmed_totp_device, wait_until
from tests.factories import AanvraagFactory, OrganisatieFactory, RegelingFactory, UserFactory

D = Decimal
NBSP = "\N{NO-BREAK SPACE}"
REASONS = "De commissie vindt het plan sterk: het bereikt mensen achter de voordeur.\n\nDe begroting is reëel."


def money(text: str) -> str:
    """'€ 12.500,00' as the page writes it (with a no-break space, as &nbsp; in HTML)."""
    return text.replace("€ ", f"€{NBSP}")


def html(response) -> str:
    return response.content.decode().replace("&nbsp;", NBSP)


@pytest.fixture
def regeling(db):
    return RegelingFactory(total_budget=D("100000.00"), max_per_application=D("50000.00"))


@pytest.fixture
def aanvraag(regeling):
    """At the committee, € 20,000 asked."""
    return AanvraagFactory(regeling=regeling, at_committee=True)


def granted(aanvraag, by, amount=None, reasons=REASONS):
    grants.allocate(aanvraag=aanvraag, amount=amount or aanvraag.amount_requested, by=by)
    return grants.grant(aanvraag=aanvraag, reasons=reasons, by=by)


def accept_final_report(aanvraag):
    """What the reports' part of subsidies does when the coördinator accepts the final report."""
    Rapportage.objects.filter(aanvraag=aanvraag, kind="eind").update(
        status="geaccepteerd", submitted_at=timezone.now(), accepted_at=timezone.now()
    )


def steps(aanvraag) -> list[str]:
    return list(Historie.objects.filter(aanvraag=aanvraag).order_by("at", "pk").values_list("step", flat=True))


# ---------------------------------------------------------------------------
# Amounts as people type and read them
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12500", D("12500.00")),
        ("12.500", D("12500.00")),
        ("12.500,50", D("12500.50")),
        ("12500,5", D("12500.50")),
        ("€ 1 250 000", D("1250000.00")),
        ("12500.50", D("12500.50")),
        ("2,-", D("2.00")),
        ("", None),
        ("veel", None),
        ("12,500.50", None),
    ],
)
def test_amounts_are_read_as_people_here_write_them(typed, amount):
    assert parse_amount(typed) == amount


def test_amounts_are_written_the_dutch_way():
    assert euro(D("12500.5")) == money("€ 12.500,50")
    assert euro(None) == money("€ 0,00")


# ---------------------------------------------------------------------------
# Allocation
# ---------------------------------------------------------------------------
def test_an_allocation_holds_part_of_the_budget_and_is_in_the_history(aanvraag, coordinator):
    grants.allocate(aanvraag=aanvraag, amount=D("15000"), by=coordinator)

    aanvraag.refresh_from_db()
    assert aanvraag.allocated_amount == D("15000")
    assert Regeling.objects.get(pk=aanvraag.regeling_id).allocated_total == D("15000")
    line = Historie.objects.get(aanvraag=aanvraag, step="bedrag_toegewezen")
    assert line.by == coordinator
    assert line.data == {"amount": "15000", "previous": None}


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (D("20000.01"), "Dit is meer dan de aanvrager vraagt (€ 20.000,00). U kunt ook minder toewijzen."),
        (D("-1"), "Een bedrag kan niet negatief zijn."),
    ],
)
def test_an_allocation_is_never_more_than_was_asked(aanvraag, coordinator, amount, message):
    with pytest.raises(ValidationError) as caught:
        grants.allocate(aanvraag=aanvraag, amount=amount, by=coordinator)
    assert caught.value.message_dict == {"amount": [money(message)]}


def test_an_allocation_is_never_more_than_the_calls_maximum(regeling, coordinator):
    aanvraag = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=D("60000"))
    with pytest.raises(ValidationError) as caught:
        grants.allocate(aanvraag=aanvraag, amount=D("50000.01"), by=coordinator)
    assert caught.value.message_dict == {
        "amount": [money("Dit is meer dan het maximum per aanvraag van deze regeling (€ 50.000,00).")]
    }
    grants.allocate(aanvraag=aanvraag, amount=D("50000"), by=coordinator)


def test_an_allocation_is_never_more_than_the_budget_left(coordinator):
    regeling = RegelingFactory(total_budget=D("30000"), max_per_application=D("25000"))
    first = AanvraagFactory(regeling=regeling, at_committee=True)
    second = AanvraagFactory(regeling=regeling, at_committee=True)
    grants.allocate(aanvraag=first, amount=D("20000"), by=coordinator)

    with pytest.raises(ValidationError) as caught:
        grants.allocate(aanvraag=second, amount=D("10000.01"), by=coordinator)

    assert caught.value.message_dict == {
        "amount": [money("Dit past niet meer in het budget van de regeling: er is nog € 10.000,00 over.")]
    }
    assert Regeling.objects.get(pk=regeling.pk).allocated_total == D("20000")
    # The application's own allocation counts as free when it is changed.
    grants.allocate(aanvraag=first, amount=D("19000"), by=coordinator)
    grants.allocate(aanvraag=second, amount=D("11000"), by=coordinator)
    assert Regeling.objects.get(pk=regeling.pk).allocated_total == D("30000")


@pytest.mark.parametrize("cleared", [None, D("0")])
def test_an_allocation_can_be_cleared(aanvraag, coordinator, cleared):
    grants.allocate(aanvraag=aanvraag, amount=D("15000"), by=coordinator)
    grants.allocate(aanvraag=aanvraag, amount=cleared, by=coordinator)

    aanvraag.refresh_from_db()
    assert aanvraag.allocated_amount is None
    assert Regeling.objects.get(pk=aanvraag.regeling_id).allocated_total == 0
    assert Historie.objects.filter(aanvraag=aanvraag, step="bedrag_toegewezen").count() == 2


def test_only_an_application_at_the_committee_gets_an_amount(regeling, coordinator):
    aanvraag = AanvraagFactory(regeling=regeling, submitted=True)
    with pytest.raises(ValidationError) as caught:
        grants.allocate(aanvraag=aanvraag, amount=D("1000"), by=coordinator)
    assert caught.value.messages == ["Een bedrag wijst u toe aan een aanvraag die bij de commissie ligt."]


def test_only_a_coordinator_allocates(aanvraag):
    with pytest.raises(PermissionDenied):
        grants.allocate(aanvraag=aanvraag, amount=D("1000"), by=aanvraag.created_by)


def test_the_databases_refusal_to_over_allocate_is_recognised(coordinator):
    """Should the service's own check ever be passed by, the database still refuses (migration 0002), and allocate
    turns its refusal into the same Dutch message: the error is recognised by the constraint's name."""
    regeling = RegelingFactory(total_budget=D("20000"), max_per_application=D("20000"))
    aanvraag = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=D("20000"))
    other = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=D("20000"))
    Aanvraag.objects.filter(pk=other.pk).update(allocated_amount=D("20000"))
    aanvraag.allocated_amount = D("1")

    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        aanvraag.save(update_fields=["allocated_amount"])

    assert grants.budget_refused(caught.value)


# ---------------------------------------------------------------------------
# The allocation page
# ---------------------------------------------------------------------------
def test_the_allocation_page_shows_the_budget_the_request_and_the_maximum(login, coordinator, aanvraag):
    other = AanvraagFactory(
        regeling=aanvraag.regeling, at_committee=True, title="Buurtkamer Oost", amount_requested=D("30000")
    )
    grants.allocate(aanvraag=other, amount=D("30000"), by=coordinator)

    response = login(coordinator).get(reverse("subsidies:grant_allocate", args=[aanvraag.pk]))

    page = html(response)
    assert response.status_code == 200
    for text in ["€ 100.000,00", "€ 30.000,00", "€ 70.000,00", "€ 50.000,00", "€ 20.000,00"]:
        assert money(text) in page
    assert "Buurtkamer Oost" in page
    assert 'name="amount"' in page


def test_allocating_on_the_page_shows_the_budget_left_after_it(login, coordinator, aanvraag):
    client = login(coordinator)
    url = reverse("subsidies:grant_allocate", args=[aanvraag.pk])

    response = client.post(url, {"amount": "12.500"}, follow=True)

    aanvraag.refresh_from_db()
    assert aanvraag.allocated_amount == D("12500")
    page = html(response)
    assert money("U heeft € 12.500,00 toegewezen") in page
    assert money("€ 87.500,00") in re.search(r'id="budget-over">([^<]*)<', page).group(1)


def test_too_much_on_the_page_is_a_dutch_message_beside_the_field_and_keeps_what_was_typed(
    login, coordinator, aanvraag
):
    response = login(coordinator).post(reverse("subsidies:grant_allocate", args=[aanvraag.pk]), {"amount": "25.000"})

    page = html(response)
    assert response.status_code == 200
    assert "Dit is meer dan de aanvrager vraagt" in page
    assert 'id="toewijzen-amount_error"' in page or "toewijzen-amount" in page
    assert 'value="25.000"' in page
    aanvraag.refresh_from_db()
    assert aanvraag.allocated_amount is None


def test_something_that_is_no_amount_is_a_dutch_message(login, coordinator, aanvraag):
    response = login(coordinator).post(reverse("subsidies:grant_allocate", args=[aanvraag.pk]), {"amount": "veel"})
    assert "Vul een bedrag in euro in" in response.content.decode()


def test_after_the_decision_the_allocation_page_only_says_so(login, coordinator, aanvraag):
    granted(aanvraag, coordinator)
    response = login(coordinator).get(reverse("subsidies:grant_allocate", args=[aanvraag.pk]))
    assert response.status_code == 200
    assert 'name="amount"' not in response.content.decode()


# ---------------------------------------------------------------------------
# Two coördinators at the same moment
# ---------------------------------------------------------------------------
def _coordinator_client(user) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
    session.save()
    return client


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_allocating_at_once_never_exceed_the_budget():
    """Two requests at the same moment, each with its own database connection, allocate to two applications of one
    call; together they would exceed its budget. The call is locked before the application, so they take turns:
    exactly one succeeds and the other reads the budget left in Dutch beside the field."""
    regeling = RegelingFactory(total_budget=D("30000"), max_per_application=D("25000"))
    first = AanvraagFactory(regeling=regeling, at_committee=True)
    second = AanvraagFactory(regeling=regeling, at_committee=True)
    clients = [_coordinator_client(UserFactory(role=Role.COORDINATOR)) for _ in range(2)]
    barrier = threading.Barrier(2, timeout=10)
    responses = {}

    def allocate(client, aanvraag):
        try:
            barrier.wait()
            responses[aanvraag.pk] = client.post(
                reverse("subsidies:grant_allocate", args=[aanvraag.pk]), {"amount": "20000"}
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=allocate, args=(client, aanvraag))
        for client, aanvraag in zip(clients, [first, second], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    codes = sorted(response.status_code for response in responses.values())
    assert codes == [200, 302], codes
    refused = next(response for response in responses.values() if response.status_code == 200)
    assert money("er is nog € 10.000,00 over") in html(refused)
    regeling.refresh_from_db()
    assert regeling.allocated_total == D("20000") <= regeling.total_budget
    assert Aanvraag.objects.filter(regeling=regeling, allocated_amount__isnull=False).count() == 1


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_a_second_allocation_waits_for_the_first_and_then_sees_it():
    """As in tests/test_concurrency.py: the first allocation holds the call's lock until the second one is seen
    waiting for it in PostgreSQL; then the second reads the budget the first left."""
    coordinator = UserFactory(role=Role.COORDINATOR)
    regeling = RegelingFactory(total_budget=D("30000"), max_per_application=D("25000"))
    first = AanvraagFactory(regeling=regeling, at_committee=True)
    second = AanvraagFactory(regeling=regeling, at_committee=True)
    outcome = {}

    def second_allocation():
        try:
            grants.allocate(aanvraag=second, amount=D("15000"), by=coordinator)
        except ValidationError as error:
            outcome["error"] = error
        finally:
            connection.close()

    racer = threading.Thread(target=second_allocation)
    with transaction.atomic():
        grants.allocate(aanvraag=first, amount=D("20000"), by=coordinator)
        racer.start()
        assert wait_until(lambda: _someone_waits_for_a_lock() or not racer.is_alive(), timeout=10)
        assert racer.is_alive(), "the second allocation did not wait for the first"
    racer.join(timeout=30)

    assert outcome["error"].message_dict == {
        "amount": [money("Dit past niet meer in het budget van de regeling: er is nog € 10.000,00 over.")]
    }
    assert Regeling.objects.get(pk=regeling.pk).allocated_total == D("20000")


# ---------------------------------------------------------------------------
# The decision
# ---------------------------------------------------------------------------
def test_granting_the_whole_request_schedules_the_reports_and_tells_the_applicant(
    aanvraag, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = UserFactory(role=Role.PARTNER, organisaties=[aanvraag.organisatie])
    UserFactory(role=Role.AANVRAGER, organisaties=[aanvraag.organisatie], is_active=False)
    UserFactory(role=Role.PARTNER, organisaties=[OrganisatieFactory()])
    grants.allocate(aanvraag=aanvraag, amount=D("20000"), by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        grants.grant(aanvraag=aanvraag, reasons=REASONS, by=coordinator)

    aanvraag.refresh_from_db()
    assert aanvraag.status == "toegekend"
    assert (aanvraag.decided_by, aanvraag.decision_reasons) == (coordinator, REASONS)
    assert aanvraag.decided_at is not None
    assert steps(aanvraag)[-1] == "toegekend"
    due = dict(Rapportage.objects.filter(aanvraag=aanvraag).values_list("kind", "due_date"))
    assert due["tussentijds"] == aanvraag.start_date + relativedelta(months=6)
    assert due["eind"] == aanvraag.end_date + timedelta(weeks=8)
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([aanvraag.created_by.email, colleague.email])
    mail = mailoutbox[0]
    assert aanvraag.title in mail.subject
    assert money("Wij geven u de subsidie die u vroeg: € 20.000,00.") in mail.body
    assert f"/subsidies/aanvraag/{aanvraag.pk}/beschikking/" in mail.body
    assert "bezwaar" in mail.body


def test_less_than_was_asked_is_a_partial_grant(aanvraag, coordinator):
    granted(aanvraag, coordinator, amount=D("12000"))
    aanvraag.refresh_from_db()
    assert aanvraag.status == "deels_toegekend"
    assert aanvraag.allocated_amount == D("12000")


def test_the_reports_follow_the_calls_rules(coordinator):
    regeling = RegelingFactory(interim_report_months=None, final_report_weeks=4)
    aanvraag = AanvraagFactory(regeling=regeling, at_committee=True, end_date=date(2027, 12, 31))
    granted(aanvraag, coordinator)

    assert list(Rapportage.objects.filter(aanvraag=aanvraag).values_list("kind", "due_date")) == [
        ("eind", date(2028, 1, 28))
    ]
    # Scheduling again changes nothing.
    assert grants.schedule_reports(aanvraag) == []


def test_a_start_date_plus_months_is_a_calendar_month_later(coordinator):
    regeling = RegelingFactory(interim_report_months=6)
    aanvraag = AanvraagFactory(
        regeling=regeling, at_committee=True, start_date=date(2027, 8, 31), end_date=date(2028, 6, 30)
    )
    granted(aanvraag, coordinator)
    assert Rapportage.objects.get(aanvraag=aanvraag, kind="tussentijds").due_date == date(2028, 2, 29)


def test_a_decision_needs_reasons(aanvraag, coordinator):
    grants.allocate(aanvraag=aanvraag, amount=D("20000"), by=coordinator)
    for service in (grants.grant, grants.refuse):
        with pytest.raises(ValidationError) as caught:
            service(aanvraag=aanvraag, reasons="  ", by=coordinator)
        assert caught.value.message_dict == {
            "reasons": ["Schrijf op waarom u zo besluit. De aanvrager leest dit in de brief."]
        }
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == "in_beoordeling"


def test_a_grant_needs_an_allocated_amount(aanvraag, coordinator):
    with pytest.raises(ValidationError) as caught:
        grants.grant(aanvraag=aanvraag, reasons=REASONS, by=coordinator)
    assert caught.value.messages == ["Wijs eerst een bedrag toe. Zonder bedrag kunt u de aanvraag alleen afwijzen."]
    assert not Rapportage.objects.filter(aanvraag=aanvraag).exists()


def test_a_refusal_gives_the_allocation_back_to_the_budget(aanvraag, coordinator, mailoutbox):
    grants.allocate(aanvraag=aanvraag, amount=D("20000"), by=coordinator)

    grants.refuse(aanvraag=aanvraag, reasons="Het plan past niet bij de regeling.", by=coordinator)

    aanvraag.refresh_from_db()
    assert (aanvraag.status, aanvraag.allocated_amount) == ("afgewezen", None)
    assert Regeling.objects.get(pk=aanvraag.regeling_id).allocated_total == 0
    assert not Rapportage.objects.filter(aanvraag=aanvraag).exists()
    assert OutboxMessage.objects.filter(to=aanvraag.created_by.email, topic="subsidies.besluit").exists()


def test_a_decision_is_taken_once(aanvraag, coordinator):
    granted(aanvraag, coordinator)
    with pytest.raises(ValidationError) as caught:
        grants.refuse(aanvraag=aanvraag, reasons="Toch niet.", by=coordinator)
    assert caught.value.messages == ["Over deze aanvraag is al besloten."]


def test_the_decision_page_asks_for_confirmation_and_loses_nothing(login, coordinator, aanvraag):
    grants.allocate(aanvraag=aanvraag, amount=D("15000"), by=coordinator)
    client = login(coordinator)
    url = reverse("subsidies:grant_decide", args=[aanvraag.pk])
    page = html(client.get(url))
    assert money("Deels toekennen: € 15.000,00 van de gevraagde € 20.000,00") in page

    confirm = client.post(url, {"outcome": "toekennen", "reasons": REASONS})
    assert "Besluit bevestigen" in confirm.content.decode()
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == "in_beoordeling"

    back = client.post(url, {"outcome": "toekennen", "reasons": REASONS, "terug": "1"})
    assert "De begroting is reëel." in back.content.decode()
    assert "Besluit bevestigen" not in back.content.decode()

    done = client.post(url, {"outcome": "toekennen", "reasons": REASONS, "bevestigd": "1"})
    assert done.status_code == 302
    assert done["Location"] == reverse("subsidies:grant_detail", args=[aanvraag.pk])
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == "deels_toegekend"


def test_the_decision_page_says_what_is_missing_in_dutch(login, coordinator, aanvraag):
    client = login(coordinator)
    url = reverse("subsidies:grant_decide", args=[aanvraag.pk])

    empty = client.post(url, {"outcome": "toekennen", "reasons": ""})
    assert "Schrijf op waarom u zo besluit." in empty.content.decode()

    without_amount = client.post(url, {"outcome": "toekennen", "reasons": REASONS, "bevestigd": "1"})
    page = without_amount.content.decode()
    assert "Wijs eerst een bedrag toe." in page
    assert "De begroting is reëel." in page
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == "in_beoordeling"


def test_refusing_on_the_page_leads_to_the_letter(login, coordinator, aanvraag):
    url = reverse("subsidies:grant_decide", args=[aanvraag.pk])
    response = login(coordinator).post(url, {"outcome": "afwijzen", "reasons": "Past niet.", "bevestigd": "1"})
    assert response["Location"] == reverse("subsidies:grant_letter", args=[aanvraag.pk])
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == "afgewezen"


# ---------------------------------------------------------------------------
# The decision letter
# ---------------------------------------------------------------------------
@pytest.fixture
def granted_aanvraag(coordinator):
    regeling = RegelingFactory(title="Samen in Hengelo", requires_measurement=True, gemeente__name="Hengelo")
    aanvraag = AanvraagFactory(
        regeling=regeling,
        at_committee=True,
        title="Huisbezoek oudere migranten",
        start_date=date(2027, 1, 1),
        end_date=date(2027, 12, 31),
        organisatie__name="Wijkracht",
        organisatie__street="Marktstraat 1",
        organisatie__postcode="7551 AB",
        organisatie__city="Hengelo",
    )
    return granted(aanvraag, coordinator, amount=D("7100"))


def test_the_letter_says_everything_a_decision_letter_must(granted_aanvraag, coordinator):
    letter = decision_letter(decided_application(granted_aanvraag.pk))
    text = "\n".join(
        [letter.sender, letter.date_text, letter.reference, *letter.recipient, letter.subject, *letter.intro]
        + [value for _label, value in letter.meta]
        + [
            part
            for section in letter.sections
            for part in [section.title, *section.paragraphs, *section.items, *section.after]
            + [f"{label}: {amount}" for label, amount in section.rows]
        ]
        + letter.closing
    )

    assert letter.sender == "Gemeente Hengelo"
    assert letter.reference == granted_aanvraag.number
    for expected in [
        "Wijkracht",
        "Marktstraat 1",
        "Huisbezoek oudere migranten",
        "Samen in Hengelo",
        money("Wij geven u een deel van de subsidie die u vroeg: € 7.100,00 van de € 20.000,00."),
        money("Gevraagd bedrag: € 20.000,00"),
        money("Toegekend bedrag: € 7.100,00"),
        "De begroting is reëel.",
        "Een tussenrapportage, uiterlijk 1 juli 2027",
        "Een eindrapportage, uiterlijk 25 februari 2028",
        "De Jong Gierveld-schaal",
        money("U krijgt € 5.680,00 als voorschot."),
        "Bent u het niet eens met dit besluit?",
        "Dan kunt u binnen zes weken na de dag van verzending van deze brief bezwaar maken.",
        f"het kenmerk van deze brief: {granted_aanvraag.number};",
        coordinator.full_name,
    ]:
        assert expected in text, expected


def test_a_refusal_letter_has_no_obligations_or_payment(aanvraag, coordinator):
    grants.refuse(aanvraag=aanvraag, reasons="Het plan past niet bij de regeling.", by=coordinator)
    letter = decision_letter(decided_application(aanvraag.pk))
    assert [section.title for section in letter.sections] == [
        "Ons besluit",
        "Waarom wij zo besluiten",
        "Bent u het niet eens met dit besluit?",
    ]
    assert "Wij geven u geen subsidie voor dit project." in letter.sections[0].paragraphs


def test_the_letter_page_is_for_the_applicants_organisation_and_the_coordinator(
    granted_aanvraag, login, coordinator, client
):
    url = reverse("subsidies:grant_letter", args=[granted_aanvraag.pk])
    colleague = UserFactory(role=Role.PARTNER, organisaties=[granted_aanvraag.organisatie])

    for reader in (granted_aanvraag.created_by, colleague, coordinator):
        response = login(reader).get(url)
        assert response.status_code == 200
        page = html(response)
        assert granted_aanvraag.number in page
        assert "Bent u het niet eens met dit besluit?" in page
        assert "subsidies-letter.css" in page
    outsider = UserFactory(role=Role.PARTNER, organisaties=[OrganisatieFactory()])
    assert login(outsider).get(url).status_code == 404
    assert login(outsider).get(reverse("subsidies:grant_letter_pdf", args=[granted_aanvraag.pk])).status_code == 404


def test_there_is_no_letter_before_the_decision(aanvraag, login, coordinator):
    assert login(coordinator).get(reverse("subsidies:grant_letter", args=[aanvraag.pk])).status_code == 404


def test_the_pdf_says_what_the_page_says(granted_aanvraag):
    letter = decision_letter(decided_application(granted_aanvraag.pk))

    pdf = letter_pdf(letter, compress=False)

    assert pdf.startswith(b"%PDF")
    assert granted_aanvraag.number.encode() in pdf
    assert b"Bent u het niet eens met dit besluit?" in pdf
    assert b"Dan kunt u binnen zes weken na de dag van verzending van deze brief bezwaar maken." in pdf
    assert b"Wat wij van u verwachten" in pdf
    assert b"\\200 7.100,00" in pdf  # the euro sign in Helvetica's WinAnsi encoding


def test_the_pdf_is_served_as_a_pdf(granted_aanvraag, login):
    response = login(granted_aanvraag.created_by).get(reverse("subsidies:grant_letter_pdf", args=[granted_aanvraag.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"beschikking-{granted_aanvraag.number}.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


# ---------------------------------------------------------------------------
# Payments
# ---------------------------------------------------------------------------
def test_payments_never_exceed_the_grant(granted_aanvraag, coordinator):
    today = timezone.localdate()
    grants.record_payment(aanvraag=granted_aanvraag, kind="voorschot", amount=D("5680"), paid_on=today, by=coordinator)

    with pytest.raises(ValidationError) as caught:
        grants.record_payment(
            aanvraag=granted_aanvraag, kind="eindbetaling", amount=D("1420.01"), paid_on=today, by=coordinator
        )
    assert caught.value.message_dict == {
        "amount": [
            money(
                "Dan is er meer betaald dan de subsidie (€ 7.100,00). Er is al € 5.680,00 betaald; "
                "u kunt nog € 1.420,00 betalen."
            )
        ]
    }
    grants.record_payment(
        aanvraag=granted_aanvraag, kind="eindbetaling", amount=D("1420"), paid_on=today, by=coordinator
    )
    assert Betaling.objects.filter(aanvraag=granted_aanvraag).count() == 2
    assert steps(granted_aanvraag)[-2:] == ["betaling", "betaling"]


def test_a_recovery_reduces_what_was_paid_but_never_below_nothing(granted_aanvraag, coordinator):
    today = timezone.localdate()
    grants.record_payment(aanvraag=granted_aanvraag, kind="voorschot", amount=D("7100"), paid_on=today, by=coordinator)
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(
            aanvraag=granted_aanvraag, kind="terugvordering", amount=D("7100.01"), paid_on=today, by=coordinator
        )
    assert caught.value.message_dict == {
        "amount": [money("U kunt niet meer terugvorderen dan er is betaald (€ 7.100,00).")]
    }
    grants.record_payment(
        aanvraag=granted_aanvraag, kind="terugvordering", amount=D("1000"), paid_on=today, by=coordinator
    )
    # What was recovered may be paid again.
    grants.record_payment(
        aanvraag=granted_aanvraag, kind="eindbetaling", amount=D("1000"), paid_on=today, by=coordinator
    )


@pytest.mark.parametrize(
    ("kind", "amount", "paid_on", "errors"),
    [
        ("", D("10"), date(2026, 1, 1), {"kind": ["Kies de soort betaling."]}),
        ("voorschot", None, date(2026, 1, 1), {"amount": ["Vul het bedrag in, bijvoorbeeld 2500,00."]}),
        (
            "voorschot",
            D("10"),
            None,
            {"paid_on": ["Vul de datum van de betaling in."]},
        ),
    ],
)
def test_a_payment_needs_its_kind_amount_and_date(granted_aanvraag, coordinator, kind, amount, paid_on, errors):
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(aanvraag=granted_aanvraag, kind=kind, amount=amount, paid_on=paid_on, by=coordinator)
    assert caught.value.message_dict == errors


def test_a_payment_is_recorded_once_it_was_made(granted_aanvraag, coordinator):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(
            aanvraag=granted_aanvraag, kind="voorschot", amount=D("1"), paid_on=tomorrow, by=coordinator
        )
    assert "paid_on" in caught.value.message_dict


def test_no_payment_before_a_grant(aanvraag, coordinator):
    with pytest.raises(ValidationError) as caught:
        grants.record_payment(
            aanvraag=aanvraag, kind="voorschot", amount=D("1"), paid_on=timezone.localdate(), by=coordinator
        )
    assert caught.value.messages == ["Betalingen legt u vast bij een toegekende subsidie."]


def test_a_payment_on_the_grant_page(granted_aanvraag, login, coordinator):
    client = login(coordinator)
    url = reverse("subsidies:grant_payment", args=[granted_aanvraag.pk])

    wrong = client.post(url, {"kind": "voorschot", "amount": "8.000", "paid_on": "2026-01-05"})
    page = html(wrong)
    assert wrong.status_code == 200
    assert money("Dan is er meer betaald dan de subsidie (€ 7.100,00).") in page
    assert 'value="8.000"' in page

    done = client.post(url, {"kind": "voorschot", "amount": "5.680", "paid_on": timezone.localdate().isoformat()})
    assert done.status_code == 302
    page = html(client.get(reverse("subsidies:grant_detail", args=[granted_aanvraag.pk])))
    assert money("€ 5.680,00") in re.search(r'id="betaald">([^<]*)<', page).group(1)
    assert money("€ 1.420,00") in re.search(r'id="verschil">([^<]*)<', page).group(1)


# ---------------------------------------------------------------------------
# Settlement
# ---------------------------------------------------------------------------
def test_settling_waits_for_the_accepted_final_report(granted_aanvraag, coordinator):
    with pytest.raises(ValidationError) as caught:
        grants.settle(aanvraag=granted_aanvraag, amount=D("7000"), by=coordinator)
    assert caught.value.messages == [
        "U stelt de subsidie vast als de eindrapportage is geaccepteerd. Die is er nog niet."
    ]
    # An accepted interim report is not enough.
    Rapportage.objects.filter(aanvraag=granted_aanvraag, kind="tussentijds").update(
        status="geaccepteerd", submitted_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        grants.settle(aanvraag=granted_aanvraag, amount=D("7000"), by=coordinator)


def test_settling_at_most_the_grant(granted_aanvraag, coordinator):
    accept_final_report(granted_aanvraag)
    with pytest.raises(ValidationError) as caught:
        grants.settle(aanvraag=granted_aanvraag, amount=D("7100.01"), by=coordinator)
    assert caught.value.message_dict == {
        "amount": [money("Dit is meer dan is toegekend (€ 7.100,00). Vaststellen kan op dit bedrag of minder.")]
    }
    with pytest.raises(ValidationError) as caught:
        grants.settle(aanvraag=granted_aanvraag, amount=None, by=coordinator)
    assert caught.value.message_dict == {"amount": ["Vul het bedrag in waarop u de subsidie vaststelt."]}


def test_settling_tells_the_applicant_what_is_to_be_paid_back(granted_aanvraag, coordinator, mailoutbox):
    today = timezone.localdate()
    grants.record_payment(aanvraag=granted_aanvraag, kind="voorschot", amount=D("7100"), paid_on=today, by=coordinator)
    accept_final_report(granted_aanvraag)

    grants.settle(aanvraag=granted_aanvraag, amount=D("6500"), by=coordinator)

    granted_aanvraag.refresh_from_db()
    assert (granted_aanvraag.status, granted_aanvraag.settled_amount) == ("vastgesteld", D("6500"))
    assert granted_aanvraag.settled_at is not None
    assert steps(granted_aanvraag)[-1] == "vastgesteld"
    message = OutboxMessage.objects.get(to=granted_aanvraag.created_by.email, topic="subsidies.vastgesteld")
    assert money("Vastgesteld bedrag: € 6.500,00") in message.body
    assert money("U heeft € 600,00 te veel gekregen.") in message.body
    # After the settlement the most that may have been paid is the settled amount: the rest is recovered.
    with pytest.raises(ValidationError):
        grants.record_payment(
            aanvraag=granted_aanvraag, kind="eindbetaling", amount=D("1"), paid_on=today, by=coordinator
        )
    grants.record_payment(
        aanvraag=granted_aanvraag, kind="terugvordering", amount=D("600"), paid_on=today, by=coordinator
    )


def test_settling_on_the_page_asks_for_confirmation_and_shows_the_difference(granted_aanvraag, login, coordinator):
    today = timezone.localdate()
    grants.record_payment(aanvraag=granted_aanvraag, kind="voorschot", amount=D("5680"), paid_on=today, by=coordinator)
    accept_final_report(granted_aanvraag)
    client = login(coordinator)
    url = reverse("subsidies:grant_settle", args=[granted_aanvraag.pk])
    detail = reverse("subsidies:grant_detail", args=[granted_aanvraag.pk])
    assert 'action="' + url + '"' in client.get(detail).content.decode()

    confirm = client.post(url, {"amount": "7.000"})
    page = html(confirm)
    assert "Vaststelling bevestigen" in page
    assert money("€ 1.320,00") in page
    assert Aanvraag.objects.get(pk=granted_aanvraag.pk).status == "deels_toegekend"

    done = client.post(url, {"amount": "7.000", "bevestigd": "1"}, follow=True)
    page = html(done)
    assert Aanvraag.objects.get(pk=granted_aanvraag.pk).settled_amount == D("7000")
    assert "Nog te betalen" in page
    assert money("€ 1.320,00") in re.search(r'id="verschil">([^<]*)<', page).group(1)


def test_the_settle_form_says_why_it_is_not_there_yet(granted_aanvraag, login, coordinator):
    page = login(coordinator).get(reverse("subsidies:grant_detail", args=[granted_aanvraag.pk])).content.decode()
    assert "U stelt de subsidie vast als de eindrapportage is geaccepteerd." in page
    assert reverse("subsidies:grant_settle", args=[granted_aanvraag.pk]) not in page


# ---------------------------------------------------------------------------
# The grant page
# ---------------------------------------------------------------------------
def test_the_grant_page_shows_the_decision_money_reports_and_actions(granted_aanvraag, login, coordinator):
    today = timezone.localdate()
    grants.record_payment(aanvraag=granted_aanvraag, kind="voorschot", amount=D("5680"), paid_on=today, by=coordinator)
    grants.record_payment(
        aanvraag=granted_aanvraag, kind="terugvordering", amount=D("80"), paid_on=today, by=coordinator
    )

    page = html(login(coordinator).get(reverse("subsidies:grant_detail", args=[granted_aanvraag.pk])))

    assert "deels toegekend" in page
    assert "De begroting is reëel." in page
    assert money("€ 7.100,00") in page
    assert money("€ 5.600,00") in re.search(r'id="betaald">([^<]*)<', page).group(1)
    assert money("\N{MINUS SIGN}€ 80,00") in page
    assert "Tussenrapportage" in page and "1 juli 2027" in page
    assert "Eindrapportage" in page and "25 februari 2028" in page
    assert reverse("subsidies:grant_letter_pdf", args=[granted_aanvraag.pk]) in page
    assert reverse("subsidies:grant_payment", args=[granted_aanvraag.pk]) in page


def test_a_late_report_is_marked(granted_aanvraag, login, coordinator):
    Rapportage.objects.filter(aanvraag=granted_aanvraag, kind="tussentijds").update(
        due_date=timezone.localdate() - timedelta(days=1)
    )
    page = login(coordinator).get(reverse("subsidies:grant_detail", args=[granted_aanvraag.pk])).content.decode()
    assert "te laat" in page


def test_there_is_no_grant_page_before_a_grant(aanvraag, login, coordinator):
    assert login(coordinator).get(reverse("subsidies:grant_detail", args=[aanvraag.pk])).status_code == 404


def test_the_grant_page_proposes_the_advance_of_the_letter(granted_aanvraag, login, coordinator):
    page = login(coordinator).get(reverse("subsidies:grant_detail", args=[granted_aanvraag.pk])).content.decode()
    assert 'value="5680,00"' in page


# ---------------------------------------------------------------------------
# Query budgets (see tests/test_query_budgets.py): the session, the user and the second factor's device, and the
# session saved (its expiry moves on), which is three statements.
# ---------------------------------------------------------------------------
STAFF_SESSION = 3 + 3


def test_the_allocation_page_takes_two_queries_beside_the_session(
    login, coordinator, aanvraag, django_assert_num_queries
):
    for n in range(3):
        other = AanvraagFactory(regeling=aanvraag.regeling, at_committee=True, title=f"Ander project {n}")
        grants.allocate(aanvraag=other, amount=D("1000"), by=coordinator)
    client = login(coordinator)
    url = reverse("subsidies:grant_allocate", args=[aanvraag.pk])
    client.get(url)
    # 1. the application with its call and organisation  2. the other allocations in the call  3. the review queue's
    # count in the coördinator's menu
    with django_assert_num_queries(STAFF_SESSION + 3):
        response = client.get(url)
    assert response.content.decode().count("Ander project") == 3


def test_the_grant_page_takes_three_queries_beside_the_session(
    login, coordinator, granted_aanvraag, django_assert_num_queries
):
    for _ in range(4):
        grants.record_payment(
            aanvraag=granted_aanvraag, kind="voorschot", amount=D("100"), paid_on=timezone.localdate(), by=coordinator
        )
    client = login(coordinator)
    url = reverse("subsidies:grant_detail", args=[granted_aanvraag.pk])
    client.get(url)
    # 1. the application with its call, organisation, who decided and what was paid
    # 2. its payments with who recorded them  3. its reports  4. the review queue's count in the coördinator's menu
    with django_assert_num_queries(STAFF_SESSION + 4):
        response = client.get(url)
    assert response.content.decode().count("<td>voorschot</td>") == 4


# ---------------------------------------------------------------------------
# The money per call, for the dashboard
# ---------------------------------------------------------------------------
def test_budget_by_call_adds_up_committed_paid_and_settled_in_one_query(coordinator, django_assert_num_queries):
    today = timezone.localdate()
    call = RegelingFactory(title="Wijkaanpak", total_budget=D("100000"))
    this_year = timezone.localtime(call.opens_at).year
    last_year = RegelingFactory(
        title="Pilots", total_budget=D("50000"), max_per_application=D("50000"),
        opens_at=timezone.now() - timedelta(days=400), closes_at=timezone.now() - timedelta(days=380),
        review_deadline=timezone.now() - timedelta(days=360),
    )  # fmt: skip
    settled = granted(AanvraagFactory(regeling=call, at_committee=True), coordinator)  # € 20,000
    grants.record_payment(aanvraag=settled, kind="voorschot", amount=D("16000"), paid_on=today, by=coordinator)
    accept_final_report(settled)
    grants.settle(aanvraag=settled, amount=D("15000"), by=coordinator)
    grants.record_payment(aanvraag=settled, kind="terugvordering", amount=D("1000"), paid_on=today, by=coordinator)
    granted(AanvraagFactory(regeling=call, at_committee=True, amount_requested=D("30000")), coordinator, D("25000"))
    # Allocated but not decided, and refused: not committed.
    grants.allocate(aanvraag=AanvraagFactory(regeling=call, at_committee=True), amount=D("5000"), by=coordinator)
    refused = AanvraagFactory(regeling=call, at_committee=True)
    grants.allocate(aanvraag=refused, amount=D("5000"), by=coordinator)
    grants.refuse(aanvraag=refused, reasons="Nee.", by=coordinator)

    with django_assert_num_queries(1):
        rows = budget_by_call()

    by_title = {row.title: row for row in rows}
    wijk = by_title["Wijkaanpak"]
    assert (wijk.year, wijk.budget, wijk.committed, wijk.paid, wijk.settled) == (
        this_year, D("100000"), D("45000"), D("15000"), D("15000")
    )  # fmt: skip
    assert wijk.uncommitted == D("55000")
    pilots = by_title["Pilots"]
    assert (pilots.committed, pilots.paid, pilots.settled) == (0, 0, 0)
    assert pilots.year == timezone.localtime(last_year.opens_at).year
    assert [row.title for row in budget_by_call(year=this_year)] == ["Wijkaanpak"]


# ---------------------------------------------------------------------------
# Accessibility (axe-core in headless Chromium)
# ---------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_grant_pages_and_the_letter_have_no_serious_accessibility_violations(live_server):
    from tests.browser import browser_page, serious_axe_violations

    coordinator = UserFactory(role=Role.COORDINATOR)
    at_committee = AanvraagFactory(at_committee=True)
    aanvraag = granted(AanvraagFactory(at_committee=True), coordinator, amount=D("15000"))
    grants.record_payment(
        aanvraag=aanvraag, kind="voorschot", amount=D("12000"), paid_on=timezone.localdate(), by=coordinator
    )
    accept_final_report(aanvraag)
    readers = {
        "coordinator": _coordinator_client(coordinator),
        "applicant": Client(),
    }
    readers["applicant"].force_login(aanvraag.created_by)
    pages = {
        "coordinator": [
            reverse("subsidies:grant_allocate", args=[at_committee.pk]),
            reverse("subsidies:grant_decide", args=[at_committee.pk]),
            reverse("subsidies:grant_detail", args=[aanvraag.pk]),
        ],
        "applicant": [reverse("subsidies:grant_letter", args=[aanvraag.pk])],
    }

    problems = {}
    with browser_page() as page:
        for reader, paths in pages.items():
            page.context.clear_cookies()
            cookie = readers[reader].cookies["sessionid"].value
            page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                assert page.get_by_role("heading", level=1).count() == 1, path
                problems[path] = serious_axe_violations(page)
        # With errors beside the fields, and the confirmation pages.
        page.context.clear_cookies()
        cookie = readers["coordinator"].cookies["sessionid"].value
        page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page.goto(live_server.url + reverse("subsidies:grant_allocate", args=[at_committee.pk]))
        page.get_by_label("Toe te wijzen bedrag (€)").fill("99.999")
        page.get_by_role("button", name="Bedrag toewijzen").click()
        page.wait_for_load_state()
        assert "Dit is meer dan de aanvrager vraagt" in page.content()
        problems["toewijzen met fouten"] = serious_axe_violations(page)
        page.goto(live_server.url + reverse("subsidies:grant_decide", args=[at_committee.pk]))
        page.get_by_label("Afwijzen").check()
        page.get_by_role("button", name="Verder").click()
        page.wait_for_load_state()
        assert "Schrijf op waarom u zo besluit." in page.content()
        problems["besluit met fouten"] = serious_axe_violations(page)
        page.get_by_label("Motivering").fill("Het plan past niet bij de regeling.")
        page.get_by_role("button", name="Verder").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Besluit bevestigen"
        problems["besluit bevestigen"] = serious_axe_violations(page)
        page.goto(live_server.url + reverse("subsidies:grant_detail", args=[aanvraag.pk]))
        page.get_by_label("Vastgesteld bedrag (€)").fill("14.000")
        page.get_by_role("button", name="Verder").click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Vaststelling bevestigen"
        problems["vaststellen bevestigen"] = serious_axe_violations(page)
    problems = {path: found for path, found in problems.items() if found}
    assert not problems, problems
