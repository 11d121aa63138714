"""The applicant's side of subsidies: from finding a call to a submitted application (issue 11).

Public pages (the open calls, one call in full), registering as a new initiative with e-mail verification, the
applicant's list, drafting section by section over several visits, attachments checked by their content and served
only to who may read the application, submitting (everything checked at once, the closing moment on the server, a
double click), completing after an information request, withdrawing, and the query budgets of the busiest pages.
"""

import io
import re
import zipfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coalition.models import Organisatie, OutboxMessage, Role, User
from coalition.services import accounts
from subsidies.choices import AanvraagStatus, Onderdeel
from subsidies.filetypes import MAX_SIZE, detect_kind
from subsidies.models import Aanvraag, Belangenverklaring, Bijlage, Historie
from subsidies.queries.access import may_read_application
from subsidies.queries.applicant import missing_pieces
from subsidies.services import applications
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    AanvraagFactory,
    BegrotingsregelFactory,
    BijlageFactory,
    CriteriumFactory,
    DocumenteisFactory,
    DoelFactory,
    GemeenteFactory,
    OrganisatieFactory,
    RegelingFactory,
    ToetsvraagFactory,
    UserFactory,
    WijkFactory,
    committee_member,
    declare_no_conflict,
    ready_to_submit,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's text without tags and with single spaces, to assert what a reader sees."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def steps_of(aanvraag) -> list[str]:
    return list(Historie.objects.filter(aanvraag=aanvraag).order_by("at", "pk").values_list("step", flat=True))


def section_url(aanvraag, section) -> str:
    return reverse("subsidies:section", args=[aanvraag.pk, section])


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


@pytest.fixture
def applicant():
    """An aanvrager of a new initiative, with an open call and a draft of theirs (empty: just started)."""
    organisatie = OrganisatieFactory(name="Onze buurt de Posten", kind=Organisatie.Kind.OVERIG)
    user = UserFactory(role=Role.AANVRAGER, full_name="Aziz Aanvrager", organisaties=[organisatie])
    regeling = RegelingFactory(title="Pilots vraaggerichte interventies", slug="pilots")
    return {"user": user, "organisatie": organisatie, "regeling": regeling}


@pytest.fixture
def draft(applicant):
    return applications.start(
        regeling=applicant["regeling"], organisatie=applicant["organisatie"], by=applicant["user"]
    )


# ===========================================================================
# The public pages
# ===========================================================================
def test_the_public_list_shows_the_open_calls_with_what_an_initiative_needs_to_know(client):
    gemeente = GemeenteFactory(name="Enschede")
    wijk = WijkFactory(gemeente=gemeente, name="Velve-Lindenhof")
    open_call = RegelingFactory(
        title="Netwerkaanpak in de wijk",
        gemeente=gemeente,
        target_groups=["ouderen", "mantelzorgers"],
        max_per_application=Decimal("50000"),
        closes_at=timezone.make_aware(timezone.datetime(2099, 1, 30, 17, 0)),
        review_deadline=timezone.make_aware(timezone.datetime(2099, 3, 1, 17, 0)),
        criteria=0,
    )
    open_call.wijken.set([wijk])
    CriteriumFactory(regeling=open_call, title="Ervaringsdeskundigen betrokken", weight=3)
    RegelingFactory(title="Al gesloten", closed=True)
    RegelingFactory(
        title="Nog niet open",
        opens_at=timezone.now() + timedelta(days=3),
        closes_at=timezone.now() + timedelta(days=30),
    )

    response = client.get(reverse("subsidies:index"))

    text = text_of(response)
    assert "Netwerkaanpak in de wijk" in text
    assert "Al gesloten" not in text and "Nog niet open" not in text
    assert "ouderen, mantelzorgers" in text
    assert "Velve-Lindenhof" in text
    assert "€ 50.000,00 per aanvraag" in text
    # The deadline in Europe/Amsterdam, written out in Dutch.
    assert "vrijdag 30 januari 2099, 17.00 uur" in text
    assert "Ervaringsdeskundigen betrokken (gewicht 3)" in text
    assert "Zo vraagt u aan" in text
    assert reverse("subsidies:register") in response.content.decode()


def test_without_open_calls_the_list_says_what_to_do(client):
    RegelingFactory(closed=True)
    text = text_of(client.get(reverse("subsidies:index")))
    assert "Er staan nu geen regelingen open" in text
    assert "Maak een account" in text


def test_the_public_list_needs_the_same_queries_for_one_call_or_five(client, django_assert_max_num_queries):
    RegelingFactory()
    client.get(reverse("subsidies:index"))
    with django_assert_max_num_queries(6) as one:
        client.get(reverse("subsidies:index"))
    for _n in range(4):
        WijkFactory(gemeente=RegelingFactory().gemeente)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("subsidies:index")).status_code == 200


def test_a_call_is_shown_in_full_with_the_words_of_every_point(client):
    regeling = RegelingFactory(
        title="Hengelo pilotfonds",
        slug="hengelo-pilots",
        description="Voor pilots die eenzame ouderen bereiken.\n\nVraag aan voor 1 februari.",
        requires_measurement=True,
        interim_report_months=6,
        final_report_weeks=8,
        criteria=0,
        toetsvragen=False,
        documenteisen=False,
    )
    CriteriumFactory(
        regeling=regeling,
        title="Bereik achter de voordeur",
        weight=2,
        scale=["niets", "weinig", "iets", "redelijk", "goed", "achter elke voordeur"],
    )
    ToetsvraagFactory(regeling=regeling, question="Werkt u in Hengelo?", required_answer=True)
    DocumenteisFactory(regeling=regeling, name="Begroting", required=True)
    DocumenteisFactory(regeling=regeling, name="Jaarverslag", required=False)

    response = client.get(reverse("subsidies:call", args=["hengelo-pilots"]))

    text = text_of(response)
    assert "Voor pilots die eenzame ouderen bereiken." in text
    assert "Bereik achter de voordeur (gewicht 2 van 2)" in text
    assert "5 achter elke voordeur" in text and "0 niets" in text
    assert "Werkt u in Hengelo? (het antwoord moet ‘ja’ zijn)" in text
    assert "Begroting (verplicht)" in text and "Jaarverslag (als u het heeft)" in text
    assert "Een tussenrapportage 6 maanden na de start" in text
    assert "binnen 8 weken na de einddatum" in text
    assert "Voor- en nameting verplicht." in text
    # Not logged in: "Aanvragen" leads to the log-in page, and from there to starting; registering is offered.
    start = reverse("subsidies:start", args=["hengelo-pilots"])
    assert f'href="{reverse("coalition:login")}?next={start.replace("/", "%2F")}"' in response.content.decode()
    assert reverse("subsidies:register") in response.content.decode()


def test_a_logged_in_applicant_goes_straight_to_starting(client, login, applicant):
    login(applicant["user"])
    response = client.get(reverse("subsidies:call", args=["pilots"]))
    assert f'href="{reverse("subsidies:start", args=["pilots"])}"' in response.content.decode()


def test_a_closed_call_says_it_closed_and_offers_no_button(client):
    RegelingFactory(slug="voorbij", closed=True)
    response = client.get(reverse("subsidies:call", args=["voorbij"]))
    text = text_of(response)
    assert "Deze regeling is gesloten op" in text
    assert "Aanvragen kan niet meer" in text
    assert reverse("subsidies:start", args=["voorbij"]) not in response.content.decode()


def test_an_unknown_call_is_not_found(client):
    assert client.get(reverse("subsidies:call", args=["bestaat-niet"])).status_code == 404


# ===========================================================================
# Registering as a new initiative
# ===========================================================================
REGISTRATION = {
    "full_name": "Fatma Yilmaz",
    "email": "Fatma@Buurtinitiatief.nl",
    "organisation_name": "Buurtinitiatief De Posten",
    "password1": "wandelen-in-het-park-42",
    "password2": "wandelen-in-het-park-42",
}


def confirmation_link(message) -> str:
    match = re.search(r"https?://\S+/subsidies/registreren/bevestigen/\S+/", message.body)
    assert match, message.body
    return "/" + match.group(0).split("://", 1)[1].split("/", 1)[1]


def test_registering_makes_an_inactive_applicant_with_a_new_organisation_and_sends_a_link(client, sent_mail):
    response = client.post(reverse("subsidies:register"), REGISTRATION)

    assert response.status_code == 302
    assert response["Location"] == reverse("subsidies:register_sent")
    user = User.objects.get(email="fatma@buurtinitiatief.nl")
    assert user.role == Role.AANVRAGER and not user.is_active and user.full_name == "Fatma Yilmaz"
    assert user.check_password(REGISTRATION["password1"])
    organisatie = user.organisaties.get()
    assert organisatie.name == "Buurtinitiatief De Posten"
    assert organisatie.kind == Organisatie.Kind.OVERIG and not organisatie.is_member
    messages = sent_mail()
    assert [message.to for message in messages] == [["fatma@buurtinitiatief.nl"]]
    assert "Bevestig uw e-mailadres" in messages[0].subject
    assert "Buurtinitiatief De Posten" in messages[0].body
    assert "Kijk in uw e-mail" in text_of(client.get(response["Location"]))


def test_the_link_activates_the_account_once_after_a_button(client, sent_mail):
    client.post(reverse("subsidies:register"), REGISTRATION)
    link = confirmation_link(sent_mail()[0])
    user = User.objects.get(email="fatma@buurtinitiatief.nl")

    # Opening the link (as a mail program that checks links might) changes nothing: it asks to confirm.
    page = client.get(link)
    assert "Bevestigen" in text_of(page)
    user.refresh_from_db()
    assert not user.is_active

    done = client.post(link)
    assert "Uw account is klaar" in text_of(done)
    user.refresh_from_db()
    assert user.is_active
    logged_in = client.post(
        reverse("coalition:login"), {"username": "fatma@buurtinitiatief.nl", "password": REGISTRATION["password1"]}
    )
    assert logged_in["Location"] == reverse("coalition:start")
    client.post(reverse("coalition:logout"))

    # The link works once: afterwards it says so, in Dutch, both when opened and when posted.
    assert "Deze link werkt niet (meer)" in text_of(client.get(link))
    assert "Deze link werkt niet (meer)" in text_of(client.post(link))


def test_a_wrong_link_gets_a_clear_page(client):
    response = client.get(reverse("subsidies:register_confirm", args=["MQ", "fout-token"]))
    assert response.status_code == 200
    assert "Deze link werkt niet (meer)" in text_of(response)
    assert "al gebruikt, is verlopen" in text_of(response)


def test_an_address_with_an_account_gets_the_same_page_and_a_mail_instead(client, sent_mail):
    existing = UserFactory(role=Role.PARTNER, email="fatma@buurtinitiatief.nl")
    before = (User.objects.count(), Organisatie.objects.count())

    response = client.post(reverse("subsidies:register"), {**REGISTRATION, "organisation_name": "Iets nieuws"})

    assert response["Location"] == reverse("subsidies:register_sent")  # the same as for a new address
    assert (User.objects.count(), Organisatie.objects.count()) == before
    existing.refresh_from_db()
    assert existing.role == Role.PARTNER and existing.check_password(PASSWORD)
    [message] = sent_mail()
    assert message.to == ["fatma@buurtinitiatief.nl"]
    assert "al een account" in message.subject
    assert "Wachtwoord vergeten" in message.body
    assert "/registreren/bevestigen/" not in message.body


def test_registering_again_before_confirming_sends_a_fresh_link(client, sent_mail):
    client.post(reverse("subsidies:register"), REGISTRATION)
    client.post(reverse("subsidies:register"), REGISTRATION)

    first, second = sent_mail()
    assert "al een account" in second.subject
    assert User.objects.filter(email="fatma@buurtinitiatief.nl").count() == 1
    client.post(confirmation_link(second))
    assert User.objects.get(email="fatma@buurtinitiatief.nl").is_active
    assert first.to == second.to


def test_a_switched_off_account_is_not_activated_by_a_link(sent_mail):
    user = UserFactory(role=Role.AANVRAGER, is_active=False)
    user.last_login = timezone.now()
    user.save()
    token = accounts.activation_token.make_token(user)
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    assert accounts.activate_with_token(uidb64=urlsafe_base64_encode(force_bytes(user.pk)), token=token) is None
    user.refresh_from_db()
    assert not user.is_active


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password1": "kort", "password2": "kort"}, "password1", "te kort"),
        ({"password1": "qwertyuiop", "password2": "qwertyuiop"}, "password1", "veel mensen"),
        ({"password2": "iets-heel-anders-99"}, "password2", "niet hetzelfde"),
        ({"email": "geen-adres"}, "email", "geldig e-mailadres"),
        ({"full_name": ""}, "full_name", "Vul uw naam in"),
    ],
)
def test_bad_input_is_said_beside_the_field_and_nothing_typed_is_lost(client, change, field, message):
    response = client.post(reverse("subsidies:register"), {**REGISTRATION, **change})

    assert response.status_code == 200
    errors = " ".join(str(error) for error in response.context["form"].errors[field])
    assert message in errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'value="Buurtinitiatief De Posten"' in html
    assert not User.objects.filter(email__iexact=REGISTRATION["email"]).exists()


def test_an_organisation_name_that_exists_is_refused_without_linking_to_it(client):
    OrganisatieFactory(name="Buurtinitiatief De Posten")
    response = client.post(
        reverse("subsidies:register"), {**REGISTRATION, "organisation_name": "buurtinitiatief de posten"}
    )
    assert "Er staat al een organisatie met deze naam" in " ".join(response.context["form"].errors["organisation_name"])
    assert not User.objects.filter(email__iexact=REGISTRATION["email"]).exists()


def test_a_logged_in_user_is_sent_to_their_start_page(client, login, applicant):
    login(applicant["user"])
    assert client.get(reverse("subsidies:register"))["Location"] == reverse("coalition:start")


# ===========================================================================
# Mijn aanvragen, starting
# ===========================================================================
def test_the_list_shows_the_organisations_applications_with_status_and_next_step(client, login, applicant):
    mine = AanvraagFactory(regeling=applicant["regeling"], organisatie=applicant["organisatie"], title="Koffie thuis")
    AanvraagFactory(organisatie=applicant["organisatie"], title="Al ingediend", submitted=True)
    AanvraagFactory(title="Van een ander")
    login(applicant["user"])

    response = client.get(reverse("subsidies:my_applications"))

    text = text_of(response)
    assert "Koffie thuis" in text and "Al ingediend" in text
    assert "Van een ander" not in text
    assert "De aanvrager vult de aanvraag aan en dient hem in" in text  # the concept's next step
    assert "De coördinator controleert of de aanvraag ontvankelijk is" in text
    assert reverse("subsidies:application", args=[mine.pk]) in response.content.decode()
    # Each open call offers a new application, straight from the list (one organisation: no choice to make).
    assert f'action="{reverse("subsidies:start", args=["pilots"])}"' in response.content.decode()
    assert [item["label"] for item in response.context["nav_items"]] == ["Mijn aanvragen"]


def test_the_list_pages_and_needs_the_same_queries_for_one_page_or_two(
    client, login, applicant, django_assert_max_num_queries
):
    AanvraagFactory.create_batch(3, organisatie=applicant["organisatie"], regeling=applicant["regeling"], lines=False)
    login(applicant["user"])
    client.get(reverse("subsidies:my_applications"))
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("subsidies:my_applications"))
    AanvraagFactory.create_batch(20, organisatie=applicant["organisatie"], regeling=applicant["regeling"], lines=False)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # +1: the page's count
        response = client.get(reverse("subsidies:my_applications"))
    assert "Pagina 1 van 2" in text_of(response)
    assert len(response.context["page"].object_list) == 20


def test_an_applicant_without_an_organisation_is_told_what_to_do(client, login):
    login(UserFactory(role=Role.AANVRAGER))
    assert "Vraag de coördinator" in text_of(client.get(reverse("subsidies:my_applications")))


def test_starting_makes_a_draft_and_writes_the_first_line_of_its_history(client, login, applicant):
    login(applicant["user"])

    response = client.post(reverse("subsidies:start", args=["pilots"]), {"organisatie": applicant["organisatie"].pk})

    aanvraag = Aanvraag.objects.get()
    assert response["Location"] == section_url(aanvraag, "project")
    assert aanvraag.status == AanvraagStatus.CONCEPT
    assert aanvraag.organisatie == applicant["organisatie"] and aanvraag.created_by == applicant["user"]
    assert steps_of(aanvraag) == ["aangemaakt"]
    # A double click on "Nieuwe aanvraag" gives the same draft.
    client.post(reverse("subsidies:start", args=["pilots"]), {"organisatie": applicant["organisatie"].pk})
    assert Aanvraag.objects.count() == 1


def test_with_several_organisations_the_applicant_chooses_one_of_their_own(client, login, applicant):
    second = OrganisatieFactory(name="Wijkracht")
    applicant["user"].organisaties.add(second)
    other = OrganisatieFactory(name="Niet van mij")
    login(applicant["user"])

    page = client.get(reverse("subsidies:start", args=["pilots"]))
    assert "Voor welke organisatie vraagt u aan?" in text_of(page)
    assert "Niet van mij" not in text_of(page)

    refused = client.post(reverse("subsidies:start", args=["pilots"]), {"organisatie": other.pk})
    assert refused.status_code == 200 and not Aanvraag.objects.exists()
    client.post(reverse("subsidies:start", args=["pilots"]), {"organisatie": second.pk})
    assert Aanvraag.objects.get().organisatie == second


def test_a_closed_call_cannot_be_started(client, login, applicant):
    RegelingFactory(slug="dicht", closed=True)
    login(applicant["user"])
    assert "Deze regeling is gesloten op" in text_of(client.get(reverse("subsidies:start", args=["dicht"])))
    with pytest.raises(ValidationError, match="gesloten"):
        applications.start(
            regeling=RegelingFactory(closed=True), organisatie=applicant["organisatie"], by=applicant["user"]
        )
    with pytest.raises(PermissionDenied):
        applications.start(regeling=applicant["regeling"], organisatie=OrganisatieFactory(), by=applicant["user"])


# ===========================================================================
# Drafting, section by section
# ===========================================================================
def test_a_section_is_saved_as_a_draft_however_incomplete(client, login, applicant, draft):
    login(applicant["user"])

    response = client.post(section_url(draft, "project"), {"title": "Koffie aan huis", "bewaren": ""})

    assert response["Location"] == section_url(draft, "project")
    draft.refresh_from_db()
    assert draft.title == "Koffie aan huis" and draft.summary == "" and draft.start_date is None
    line = Historie.objects.filter(aanvraag=draft, step="bewaard").get()
    assert line.data == {"onderdeel": "project"} and line.by == applicant["user"]
    page = client.get(section_url(draft, "project"))
    assert 'value="Koffie aan huis"' in page.content.decode()
    assert "Schrijf een samenvatting van het project." in text_of(page)  # what submitting will still need


def test_save_and_next_goes_to_the_next_section(client, login, applicant, draft):
    login(applicant["user"])
    response = client.post(
        section_url(draft, "ervaring"), {"ervaringsdeskundigen": "Twee mensen denken mee.", "verder": ""}
    )
    assert response["Location"] == section_url(draft, "planning")


def test_an_end_before_the_start_is_refused_beside_the_field_and_nothing_is_lost(client, login, applicant, draft):
    login(applicant["user"])

    response = client.post(
        section_url(draft, "project"),
        {
            "title": "Koffie aan huis",
            "summary": "Wij gaan op bezoek.",
            "start_date": "2027-03-01",
            "end_date": "2027-02-01",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == ["De einddatum moet na de startdatum liggen."]
    html = response.content.decode()
    assert 'id="id_end_date_error"' in html and "Wij gaan op bezoek." in html
    draft.refresh_from_db()
    assert draft.title == "" and steps_of(draft) == ["aangemaakt"]


def test_the_wijken_come_from_the_calls_gemeente(client, login, applicant, draft):
    own = WijkFactory(gemeente=applicant["regeling"].gemeente, name="De Posten")
    elsewhere = WijkFactory(name="Ergens anders")
    login(applicant["user"])

    page = client.get(section_url(draft, "bereik"))
    assert "De Posten" in text_of(page) and "Ergens anders" not in text_of(page)
    refused = client.post(section_url(draft, "bereik"), {"wijken": [elsewhere.pk], "target_groups": ["ouderen"]})
    assert "Kies alleen uit de getoonde mogelijkheden." in refused.context["form"].errors["wijken"]

    client.post(section_url(draft, "bereik"), {"wijken": [own.pk], "target_groups": ["ouderen", "mantelzorgers"]})
    draft.refresh_from_db()
    assert list(draft.wijken.all()) == [own] and draft.target_groups == ["ouderen", "mantelzorgers"]
    with pytest.raises(ValidationError):
        applications.save_section(aanvraag=draft, section="bereik", data={"wijken": [elsewhere]}, by=applicant["user"])


def test_a_call_for_some_wijken_offers_only_those_and_not_the_whole_gemeente(client, login, applicant, draft):
    chosen = WijkFactory(gemeente=applicant["regeling"].gemeente, name="Hengelo-Noord")
    WijkFactory(gemeente=applicant["regeling"].gemeente, name="Niet in de regeling")
    applicant["regeling"].wijken.set([chosen])
    login(applicant["user"])
    text = text_of(client.get(section_url(draft, "bereik")))
    assert "Hengelo-Noord" in text and "Niet in de regeling" not in text
    assert "De hele gemeente" not in text
    with pytest.raises(ValidationError, match="bepaalde wijken"):
        applications.save_section(aanvraag=draft, section="bereik", data={"whole_gemeente": True}, by=applicant["user"])
    # A draft made for the whole gemeente before the call named its wijken still needs one of them.
    complete = ready_to_submit(regeling=applicant["regeling"], organisatie=applicant["organisatie"])
    assert [piece.message for piece in missing_pieces(complete)] == ["Kies minstens één wijk."]


def test_partners_are_coalition_members_other_than_the_applicant(client, login, applicant, draft):
    member = OrganisatieFactory(name="Humanitas", member_since=timezone.localdate() - timedelta(days=400))
    OrganisatieFactory(name="Geen lid")
    applicant["organisatie"].member_since = timezone.localdate() - timedelta(days=10)
    applicant["organisatie"].save()
    login(applicant["user"])

    text = text_of(client.get(section_url(draft, "organisatie")))
    assert "Humanitas" in text and "Geen lid" not in text and "Onze buurt de Posten" not in text
    client.post(
        section_url(draft, "organisatie"),
        {"contact_name": "Aziz", "partners": [member.pk], "other_partners": "De moskee aan de Lipperkerkstraat"},
    )
    draft.refresh_from_db()
    assert list(draft.partners.all()) == [member] and draft.other_partners.startswith("De moskee")


def formset_post(prefix, rows, *, initial=0, extra_fields=None):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial)}
    data[f"{prefix}-MIN_NUM_FORMS"] = "0"
    data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return {**data, **(extra_fields or {})}


def test_targets_are_added_in_the_empty_row_and_removed_with_the_box(client, login, applicant, draft):
    login(applicant["user"])
    page = client.get(section_url(draft, "doelen"))
    assert page.context["formset"].total_form_count() == 1  # one empty row to fill in
    assert "Nieuw doel" in text_of(page)

    client.post(
        section_url(draft, "doelen"),
        formset_post("doelen", [{"target_group": "migrantenouderen", "description": "Huisbezoek", "number": "25"}]),
    )
    doel = draft.doelen.get()
    assert (doel.target_group, doel.number) == ("migrantenouderen", 25)

    page = client.get(section_url(draft, "doelen"))
    assert page.context["formset"].total_form_count() == 2  # the saved row and a new empty one
    client.post(
        section_url(draft, "doelen"),
        formset_post(
            "doelen",
            [
                {"id": str(doel.pk), "target_group": "migrantenouderen", "description": "Huisbezoek", "number": "25",
                 "DELETE": "on"},
                {"target_group": "jongeren", "description": "Matches", "number": "5"},
            ],
            initial=1,
        ),
    )  # fmt: skip
    assert list(draft.doelen.values_list("description", "number")) == [("Matches", 5)]


def test_a_target_of_zero_people_is_refused_beside_the_field(client, login, applicant, draft):
    login(applicant["user"])
    response = client.post(
        section_url(draft, "doelen"),
        formset_post("doelen", [{"target_group": "ouderen", "description": "Bezoek", "number": "0"}]),
    )
    assert response.status_code == 200
    assert "Vul een aantal van 1 of meer in." in text_of(response)
    assert not draft.doelen.exists()


def test_the_budget_saves_lines_and_refuses_an_amount_above_the_maximum(client, login, applicant, draft):
    login(applicant["user"])
    lines = [
        {"category": "personeel", "description": "Welzijnswerker", "amount": "15.000,00", "co_financing": "2000"},
        {"category": "activiteiten", "description": "Koffie en vervoer", "amount": "7000", "co_financing": ""},
    ]

    too_much = client.post(
        section_url(draft, "begroting"), formset_post("regels", lines, extra_fields={"amount_requested": "60000"})
    )
    assert too_much.status_code == 200
    assert "hoogstens €\N{NO-BREAK SPACE}50.000,00 per aanvraag" in " ".join(
        too_much.context["form"].errors["amount_requested"]
    )
    assert 'value="Koffie en vervoer"' in too_much.content.decode()  # nothing typed is lost
    assert not draft.begroting.exists()

    client.post(
        section_url(draft, "begroting"), formset_post("regels", lines, extra_fields={"amount_requested": "21000"})
    )
    draft.refresh_from_db()
    assert draft.amount_requested == Decimal("21000")
    assert sorted(draft.begroting.values_list("amount", "co_financing")) == [
        (Decimal("7000"), Decimal("0")),
        (Decimal("15000"), Decimal("2000")),
    ]
    page = client.get(section_url(draft, "begroting"))
    text = text_of(page)
    assert "Te vragen € 20.000,00" in text
    # Saved, but it does not add up yet: the page says so.
    assert (
        "De begroting telt niet op: u vraagt € 21.000,00, maar de kosten min de cofinanciering zijn samen € 20.000,00."
        in text
    )


def test_co_financing_above_the_lines_amount_is_refused_beside_it(client, login, applicant, draft):
    login(applicant["user"])
    response = client.post(
        section_url(draft, "begroting"),
        formset_post("regels", [{"category": "overig", "description": "Zaal", "amount": "100", "co_financing": "150"}]),
    )
    assert response.status_code == 200
    assert "De cofinanciering is meer dan het bedrag van deze regel." in text_of(response)
    assert 'id="id_regels-0-co_financing_error"' in response.content.decode()


def test_the_knock_out_questions_are_answered_yes_or_no(client, login, applicant, draft):
    vraag = applicant["regeling"].toetsvragen.get()
    tweede = ToetsvraagFactory(regeling=applicant["regeling"], question="Doen ervaringsdeskundigen mee?")
    login(applicant["user"])

    client.post(section_url(draft, "vragen"), {f"vraag_{vraag.pk}": "ja", f"vraag_{tweede.pk}": "nee"})

    draft.refresh_from_db()
    assert draft.eligibility_answers == {str(vraag.pk): True, str(tweede.pk): False}
    html = client.get(section_url(draft, "vragen")).content.decode()
    assert re.search(
        rf'value="nee"[^>]*name="vraag_{tweede.pk}"[^>]*checked|name="vraag_{tweede.pk}" value="nee"[^>]*checked', html
    )


def test_the_overview_shows_the_checklist_the_status_and_the_history(client, login, applicant, draft):
    login(applicant["user"])
    client.post(section_url(draft, "project"), {"title": "Koffie aan huis"})

    response = client.get(reverse("subsidies:application", args=[draft.pk]))

    checklist = {row["section"]: row for row in response.context["checklist"]}
    assert list(checklist) == list(Onderdeel.values)
    assert checklist["organisatie"]["problems"] == []
    assert "Schrijf een samenvatting van het project." in checklist["project"]["problems"]
    assert "Vul minstens één begrotingsregel in." in checklist["begroting"]["problems"]
    text = text_of(response)
    assert "Status: Concept" in text
    assert "De aanvrager vult de aanvraag aan en dient hem in" in text
    # The history in the workflow's words, newest first, with the section saved.
    assert re.search(r"Historie Concept bewaard : project en samenvatting .* Aanvraag begonnen", text)
    assert "Aziz Aanvrager" in text


def test_another_organisations_application_is_not_found(client, login, applicant):
    other = AanvraagFactory()
    login(applicant["user"])
    for url in [
        reverse("subsidies:application", args=[other.pk]),
        section_url(other, "project"),
        reverse("subsidies:attachments", args=[other.pk]),
        reverse("subsidies:submit", args=[other.pk]),
        reverse("subsidies:withdraw", args=[other.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(section_url(other, "project"), {"title": "Overgenomen"}).status_code == 404
    other.refresh_from_db()
    assert other.title != "Overgenomen"
    with pytest.raises(PermissionDenied):
        applications.save_section(aanvraag=other, section="project", data={"title": "x"}, by=applicant["user"])


# ===========================================================================
# Attachments
# ===========================================================================
@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("plan.pdf", PDF_BYTES, "pdf"), ("plan.docx", DOCX, "docx"), ("begroting.xlsx", XLSX, "xlsx"),
     ("plan.odt", ODT, "odt"), ("zonder-extensie", PDF_BYTES, "pdf")],
)  # fmt: skip
def test_an_attachment_is_recognised_by_its_content(client, login, applicant, draft, name, content, kind):
    eis = applicant["regeling"].documenteisen.get()
    login(applicant["user"])

    response = client.post(
        reverse("subsidies:attachments", args=[draft.pk]), {"file": upload(name, content), "documenteis": eis.pk}
    )

    assert response.status_code == 302
    bijlage = Bijlage.objects.get()
    assert (bijlage.kind, bijlage.name, bijlage.size, bijlage.documenteis) == (kind, name, len(content), eis)
    stored = Path(bijlage.file.path)
    assert stored.read_bytes() == content
    # Outside MEDIA_ROOT, under a name of our own.
    assert str(stored).startswith(str(settings.SUBSIDIES_PRIVATE_ROOT))
    assert not str(stored).startswith(str(settings.MEDIA_ROOT)) and name not in stored.name
    line = Historie.objects.get(aanvraag=draft, step="bijlage_toegevoegd")
    assert line.comment == name and line.by == applicant["user"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", b"Dit is gewoon tekst, geen pdf."),
        ("plan.docx", zip_bytes({"iets.txt": b"geen Word"})),
        ("begroting.xlsx", b"PK\x03\x04 kapot"),
        ("plan.odt", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
        ("foto.pdf", b"\x89PNG\r\n\x1a\n"),
    ],
)
def test_a_file_that_lies_about_its_type_is_refused_beside_the_field(client, login, applicant, draft, name, content):
    login(applicant["user"])
    response = client.post(reverse("subsidies:attachments", args=[draft.pk]), {"file": upload(name, content)})
    assert response.status_code == 200
    assert "Dit bestand is geen pdf, docx, xlsx of odt" in " ".join(response.context["form"].errors["file"])
    assert 'id="id_file_error"' in response.content.decode()
    assert not Bijlage.objects.exists()


def test_a_file_over_10_mb_is_refused(client, login, applicant, draft):
    login(applicant["user"])
    big = PDF_BYTES + b"0" * (MAX_SIZE + 1 - len(PDF_BYTES))
    response = client.post(reverse("subsidies:attachments", args=[draft.pk]), {"file": upload("groot.pdf", big)})
    assert "groter dan 10 MB" in " ".join(response.context["form"].errors["file"])
    assert not Bijlage.objects.exists()
    with pytest.raises(ValidationError, match="10 MB"):
        applications.add_attachment(
            aanvraag=draft, upload=upload("groot.pdf", big), documenteis=None, by=applicant["user"]
        )


def test_the_service_checks_the_content_too(applicant, draft):
    with pytest.raises(ValidationError, match="geen pdf"):
        applications.add_attachment(
            aanvraag=draft, upload=upload("plan.pdf", b"geen pdf"), documenteis=None, by=applicant["user"]
        )
    other_call_document = DocumenteisFactory()
    with pytest.raises(ValidationError):
        applications.add_attachment(
            aanvraag=draft, upload=upload("plan.pdf", PDF_BYTES), documenteis=other_call_document, by=applicant["user"]
        )


def test_detect_kind_leaves_the_file_at_its_start():
    handle = io.BytesIO(DOCX)
    assert detect_kind(handle) == "docx"
    assert handle.tell() == 0


def test_removing_an_attachment_asks_first(client, login, applicant, draft, django_capture_on_commit_callbacks):
    bijlage = BijlageFactory(aanvraag=draft)
    stored = Path(bijlage.file.path)
    login(applicant["user"])
    url = reverse("subsidies:attachment_remove", args=[bijlage.pk])

    page = client.get(url)
    assert "Weet u het zeker?" in text_of(page) and Bijlage.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("subsidies:attachments", args=[draft.pk])
    assert not Bijlage.objects.exists() and not stored.exists()
    assert Historie.objects.get(aanvraag=draft, step="bijlage_verwijderd").comment == "plan.pdf"


def test_the_applicant_downloads_an_attachment_and_the_history_says_so(client, login, applicant, draft):
    bijlage = BijlageFactory(aanvraag=draft, name="Begroting 2027.pdf")
    login(applicant["user"])

    response = client.get(reverse("subsidies:attachment", args=[bijlage.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Begroting 2027.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    line = Historie.objects.get(aanvraag=draft, step="bijlage_gedownload")
    assert line.by == applicant["user"] and line.data == {"bijlage": bijlage.pk}


def test_a_docx_is_served_as_a_docx(client, login, coordinator, applicant, draft):
    applications.add_attachment(
        aanvraag=draft, upload=upload("plan.docx", DOCX), documenteis=None, by=applicant["user"]
    )
    login(coordinator)
    response = client.get(reverse("subsidies:attachment", args=[Bijlage.objects.get().pk]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_who_may_download_an_attachment(client, login, coordinator):
    aanvraag = AanvraagFactory(submitted=True)
    bijlage = BijlageFactory(aanvraag=aanvraag)
    url = reverse("subsidies:attachment", args=[bijlage.pk])
    colleague = UserFactory(role=Role.PARTNER, organisaties=[aanvraag.organisatie])
    outsider = UserFactory(role=Role.AANVRAGER, organisaties=[OrganisatieFactory()])
    member = committee_member()

    def answer(user):
        client.logout()
        login(user)
        return client.get(url).status_code

    assert answer(colleague) == 200  # a partner of the applicant's organisation
    assert answer(coordinator) == 200
    assert answer(outsider) == 404
    assert answer(member) == 404  # not at the committee yet
    assert answer(UserFactory(role=Role.MEDEWERKER)) == 403

    Aanvraag.objects.filter(pk=aanvraag.pk).update(status=AanvraagStatus.IN_BEOORDELING)
    assert answer(member) == 404  # at the committee, but no declaration yet
    declare_no_conflict(aanvraag, member)
    assert answer(member) == 200
    conflicted = committee_member()
    Belangenverklaring.objects.create(aanvraag=aanvraag, member=conflicted, has_conflict=True)
    assert answer(conflicted) == 404
    downloads = Historie.objects.filter(aanvraag=aanvraag, step="bijlage_gedownload")
    assert sorted(downloads.values_list("by__full_name", flat=True)) == sorted(
        [colleague.full_name, coordinator.full_name, member.full_name]
    )


def test_may_read_application_follows_the_rules_the_committee_relies_on(coordinator):
    aanvraag = AanvraagFactory()
    member = committee_member()
    applicant = aanvraag.created_by
    assert may_read_application(coordinator, aanvraag)
    assert may_read_application(applicant, aanvraag)
    assert not may_read_application(UserFactory(role=Role.PARTNER), aanvraag)
    assert not may_read_application(UserFactory(role=Role.STUURGROEP), aanvraag)
    declare_no_conflict(aanvraag, member)
    for status in ["concept", "ingediend", "aanvullen", "niet_ontvankelijk", "ingetrokken"]:
        aanvraag.status = status
        assert not may_read_application(member, aanvraag), status
    for status in ["in_beoordeling", "toegekend", "deels_toegekend", "afgewezen", "vastgesteld"]:
        aanvraag.status = status
        assert may_read_application(member, aanvraag), status
    applicant.is_active = False
    assert not may_read_application(applicant, aanvraag)


# ===========================================================================
# Submitting
# ===========================================================================
def test_submitting_an_incomplete_draft_lists_every_missing_piece_with_links(client, login, applicant, draft):
    applicant["regeling"].requires_measurement = True
    applicant["regeling"].save()
    login(applicant["user"])

    response = client.post(reverse("subsidies:submit", args=[draft.pk]))

    assert response.status_code == 200
    text = text_of(response)
    for message in [
        "Geef het project een naam.",
        "Schrijf een samenvatting van het project.",
        "Vul de startdatum in.",
        "Vul de einddatum in.",
        "Kies minstens één wijk, of ‘de hele gemeente’.",
        "Kies minstens één doelgroep.",
        "Beschrijf de rol van ervaringsdeskundigen in het project.",
        "Beschrijf de activiteiten en de planning.",
        "Vul minstens één doel in",
        "Schrijf het meetplan",
        "Vul minstens één begrotingsregel in.",
        "Vul het gevraagde bedrag in.",
        "Voeg het document ‘",
        "Beantwoord de vraag ‘",
    ]:
        assert message in text, message
    html = response.content.decode()
    for section in ["project", "bereik", "ervaring", "planning", "doelen", "meting", "begroting", "vragen"]:
        assert f'href="{section_url(draft, section)}"' in html, section
    assert f'href="{reverse("subsidies:attachments", args=[draft.pk])}"' in html
    draft.refresh_from_db()
    assert draft.status == AanvraagStatus.CONCEPT and draft.submitted_at is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount_requested": Decimal("21000")}, "De begroting telt niet op"),
        ({"amount_requested": Decimal("0")}, "meer dan € 0"),
        (
            {"amount_requested": Decimal("60000"), "max_lines": True},
            "hoogstens €\N{NO-BREAK SPACE}50.000,00 per aanvraag",
        ),
        ({"end_date": "start"}, "De einddatum moet na de startdatum liggen."),
        ({"measurement_plan": "Wij vragen deelnemers wat ze ervan vonden."}, "De Jong Gierveld-schaal"),
        ({"eligibility_answers": {}}, "Beantwoord de vraag"),
    ],
)
def test_each_rule_of_submission_is_checked_on_the_server(change, message):
    aanvraag = ready_to_submit(regeling=RegelingFactory(requires_measurement=True))
    if change.pop("max_lines", False):
        aanvraag.begroting.all().delete()
        BegrotingsregelFactory(aanvraag=aanvraag, amount=Decimal("60000"))
    for name, value in change.items():
        setattr(aanvraag, name, aanvraag.start_date if value == "start" else value)
    aanvraag.save()

    with pytest.raises(ValidationError) as refused:
        applications.submit(aanvraag=aanvraag, by=aanvraag.created_by)

    assert any(message in text for text in refused.value.messages), refused.value.messages
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.CONCEPT


def test_a_complete_draft_is_submitted_and_the_applicant_gets_a_confirmation(client, login, sent_mail):
    aanvraag = ready_to_submit(title="Koffie aan huis")
    colleague = UserFactory(role=Role.PARTNER, organisaties=[aanvraag.organisatie])
    login(colleague)
    assert missing_pieces(aanvraag) == []
    page = client.get(reverse("subsidies:submit", args=[aanvraag.pk]))
    assert "Ja, indienen" in text_of(page)

    response = client.post(reverse("subsidies:submit", args=[aanvraag.pk]))

    assert response["Location"] == reverse("subsidies:application", args=[aanvraag.pk])
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.INGEDIEND and aanvraag.submitted_at is not None
    assert Historie.objects.get(aanvraag=aanvraag, step="ingediend").by == colleague
    messages = sent_mail()
    assert sorted(message.to[0] for message in messages) == sorted([colleague.email, aanvraag.created_by.email])
    assert all("is ontvangen" in message.subject and "Koffie aan huis" in message.body for message in messages)
    overview = text_of(client.get(response["Location"]))
    assert "Uw aanvraag is ingediend." in overview and "Status: Ingediend" in overview
    assert "Aanvraag ingediend" in overview


def test_a_submission_one_minute_after_closing_leaves_the_draft_intact(client, login):
    aanvraag = ready_to_submit(title="Te laat")
    regeling = aanvraag.regeling
    regeling.closes_at = timezone.now() - timedelta(minutes=1)
    regeling.opens_at = timezone.now() - timedelta(days=30)
    regeling.save()
    login(aanvraag.created_by)

    response = client.post(reverse("subsidies:submit", args=[aanvraag.pk]))

    assert response.status_code == 200
    assert "Deze regeling is gesloten op" in text_of(response)
    assert "uw concept blijft bewaard" in text_of(response)
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.CONCEPT and aanvraag.title == "Te laat"
    assert aanvraag.begroting.count() == 2 and aanvraag.bijlagen.count() == 1
    assert "ingediend" not in steps_of(aanvraag)
    assert not OutboxMessage.objects.exists()


def test_a_double_click_on_submit_submits_once_and_shows_the_page(client, login):
    aanvraag = ready_to_submit()
    login(aanvraag.created_by)
    client.post(reverse("subsidies:submit", args=[aanvraag.pk]))

    second = client.post(reverse("subsidies:submit", args=[aanvraag.pk]), follow=True)

    assert second.status_code == 200
    assert "Deze aanvraag is al ingediend." in text_of(second)
    assert steps_of(aanvraag).count("ingediend") == 1
    assert OutboxMessage.objects.filter(topic="subsidies.ontvangen").count() == 1


def test_after_submission_the_sections_are_read_only_with_the_workflows_words(client, login):
    aanvraag = ready_to_submit(title="Vast")
    applications.submit(aanvraag=aanvraag, by=aanvraag.created_by)
    login(aanvraag.created_by)

    page = client.get(section_url(aanvraag, "project"))
    assert "Deze aanvraag is ingediend en kan niet meer worden gewijzigd." in text_of(page)
    assert "disabled" in page.content.decode() and "Bewaren" not in text_of(page)

    refused = client.post(section_url(aanvraag, "project"), {"title": "Toch anders"}, follow=True)
    assert "Deze aanvraag is ingediend en kan niet meer worden gewijzigd." in text_of(refused)
    aanvraag.refresh_from_db()
    assert aanvraag.title == "Vast"
    attachments = client.get(reverse("subsidies:attachments", args=[aanvraag.pk]))
    assert "Bestand toevoegen" not in text_of(attachments)
    with pytest.raises(ValidationError, match="kan niet meer worden gewijzigd"):
        applications.save_section(aanvraag=aanvraag, section="project", data={"title": "x"}, by=aanvraag.created_by)
    with pytest.raises(ValidationError):
        applications.remove_attachment(bijlage=aanvraag.bijlagen.get(), by=aanvraag.created_by)


# ===========================================================================
# Completing after an information request
# ===========================================================================
@pytest.fixture
def asked(db):
    """A submitted application whose coördinator asked to complete the plan and the budget, within a week."""
    aanvraag = ready_to_submit(
        status=AanvraagStatus.AANVULLEN,
        submitted_at=timezone.now() - timedelta(days=2),
        reopened_parts=[Onderdeel.PLANNING, Onderdeel.BEGROTING],
        info_request="Maak de planning per maand en splits de personeelskosten.",
        info_deadline=timezone.now() + timedelta(days=7),
    )
    return aanvraag


def test_only_the_reopened_sections_can_be_edited(client, login, asked):
    login(asked.created_by)

    overview = client.get(reverse("subsidies:application", args=[asked.pk]))
    assert "Maak de planning per maand" in text_of(overview)
    editable = {row["section"] for row in overview.context["checklist"] if row["editable"]}
    assert editable == {"planning", "begroting"}

    client.post(
        section_url(asked, "planning"), {"activities": "Maand 1: werven. Maand 2: bezoeken.", "sustainability": ""}
    )
    asked.refresh_from_db()
    assert asked.activities.startswith("Maand 1")

    page = client.get(section_url(asked, "project"))
    assert "Dit onderdeel is niet heropend." in text_of(page)
    client.post(section_url(asked, "project"), {"title": "Anders"})
    asked.refresh_from_db()
    assert asked.title != "Anders"


def test_the_completed_application_goes_back_and_the_sections_close(client, login, asked, sent_mail):
    login(asked.created_by)
    page = client.get(reverse("subsidies:submit", args=[asked.pk]))
    assert "Aanvulling versturen" in text_of(page)

    client.post(reverse("subsidies:submit", args=[asked.pk]))

    asked.refresh_from_db()
    assert asked.status == AanvraagStatus.INGEDIEND and asked.reopened_parts == []
    line = Historie.objects.get(aanvraag=asked, step="aangevuld")
    assert line.data == {"onderdelen": ["planning", "begroting"]}
    assert any("aanvulling" in message.subject for message in sent_mail())
    assert "Aanvulling ingediend : activiteiten en planning, begroting en gevraagd bedrag" in text_of(
        client.get(reverse("subsidies:application", args=[asked.pk]))
    )


def test_completing_checks_everything_again(asked):
    asked.activities = ""
    asked.save()
    with pytest.raises(ValidationError, match="Beschrijf de activiteiten"):
        applications.complete_information(aanvraag=asked, by=asked.created_by)
    asked.refresh_from_db()
    assert asked.status == AanvraagStatus.AANVULLEN


def test_after_the_deadline_nothing_can_be_completed(client, login, asked):
    asked.info_deadline = timezone.now() - timedelta(minutes=1)
    asked.save()
    login(asked.created_by)
    assert "De termijn om aan te vullen is verstreken" in text_of(client.get(section_url(asked, "planning")))
    assert "De termijn om aan te vullen is verstreken" in text_of(
        client.get(reverse("subsidies:submit", args=[asked.pk]))
    )
    with pytest.raises(ValidationError, match="verstreken"):
        applications.complete_information(aanvraag=asked, by=asked.created_by)
    with pytest.raises(ValidationError, match="verstreken"):
        applications.save_section(aanvraag=asked, section="planning", data={"activities": "x"}, by=asked.created_by)


# ===========================================================================
# Withdrawing
# ===========================================================================
def test_withdrawing_asks_first_and_is_in_the_history(client, login):
    aanvraag = AanvraagFactory(submitted=True)
    login(aanvraag.created_by)
    url = reverse("subsidies:withdraw", args=[aanvraag.pk])

    assert "Weet u het zeker?" in text_of(client.get(url))
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.INGEDIEND

    client.post(url, {"reason": "Wij hebben ander geld gevonden."})
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.INGETROKKEN
    line = Historie.objects.get(aanvraag=aanvraag, step="ingetrokken")
    assert line.comment == "Wij hebben ander geld gevonden."
    again = client.get(url, follow=True)
    assert "Deze aanvraag is al ingetrokken." in text_of(again)


def test_a_decided_application_cannot_be_withdrawn():
    aanvraag = AanvraagFactory(
        status=AanvraagStatus.AFGEWEZEN,
        submitted_at=timezone.now(),
        decision_reasons="Past niet.",
        decided_at=timezone.now(),
    )
    with pytest.raises(ValidationError, match="al besloten"):
        applications.withdraw(aanvraag=aanvraag, by=aanvraag.created_by)


def test_roles_other_than_the_applicants_may_not_take_the_applicants_steps(coordinator):
    aanvraag = ready_to_submit()
    with pytest.raises(PermissionDenied):
        applications.submit(aanvraag=aanvraag, by=coordinator)


# ===========================================================================
# Query budgets: bounded, not growing per row
# ===========================================================================
@pytest.fixture
def busy():
    """An application with much in it: wijken, partners, five targets, eight budget lines, four attachments and
    a long history."""
    aanvraag = ready_to_submit()
    wijken = WijkFactory.create_batch(4, gemeente=aanvraag.regeling.gemeente)
    aanvraag.wijken.set(wijken)
    aanvraag.partners.set(OrganisatieFactory.create_batch(3, member_since=timezone.localdate()))
    return aanvraag


def grow(aanvraag, n):
    for _ in range(n):
        DoelFactory(aanvraag=aanvraag)
        BegrotingsregelFactory(aanvraag=aanvraag, amount=Decimal("100"))
        BijlageFactory(aanvraag=aanvraag, documenteis=None)
        Historie.objects.create(aanvraag=aanvraag, step="bewaard", by=aanvraag.created_by, data={"onderdeel": "doelen"})
        DocumenteisFactory(regeling=aanvraag.regeling)
        ToetsvraagFactory(regeling=aanvraag.regeling)
        aanvraag.wijken.add(WijkFactory(gemeente=aanvraag.regeling.gemeente))
        aanvraag.partners.add(OrganisatieFactory(member_since=timezone.localdate()))


@pytest.mark.parametrize("section", ["overview", "begroting", "doelen", "bereik", "organisatie"])
def test_the_overview_and_section_pages_have_a_bounded_number_of_queries(
    client, login, busy, django_assert_max_num_queries, section
):
    url = reverse("subsidies:application", args=[busy.pk]) if section == "overview" else section_url(busy, section)
    login(busy.created_by)
    grow(busy, 2)
    client.get(url)
    with django_assert_max_num_queries(10) as small:
        assert client.get(url).status_code == 200
    grow(busy, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_attachments_page_has_a_bounded_number_of_queries(client, login, busy, django_assert_max_num_queries):
    url = reverse("subsidies:attachments", args=[busy.pk])
    login(busy.created_by)
    grow(busy, 1)
    client.get(url)
    with django_assert_max_num_queries(6) as small:
        client.get(url)
    grow(busy, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_the_submission_check_reads_three_queries(busy, django_assert_num_queries):
    with django_assert_num_queries(3):
        assert missing_pieces(busy) == []


@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_the_same_moment_submit_once():
    """A double click that reaches two workers: the second waits for the first's lock, then hears it was submitted."""
    from tests.test_concurrency import while_holding

    aanvraag = ready_to_submit()
    user = aanvraag.created_by

    second = while_holding(
        lambda: applications.submit(aanvraag=aanvraag, by=user), lambda: applications.submit(aanvraag=aanvraag, by=user)
    )

    assert isinstance(second.error, ValidationError)
    assert second.error.code == "state"
    assert steps_of(aanvraag).count("ingediend") == 1


def test_the_applicants_forms_keep_the_accessibility_contract(client, login, applicant, draft):
    """Labels, fieldsets with legends, errors tied to their inputs and a summary that links to them
    (tests/test_forms_rendering.py), on every form of the applicant, also with errors."""
    from tests.test_forms_rendering import assert_accessible_forms

    WijkFactory.create_batch(2, gemeente=applicant["regeling"].gemeente)
    applicant["user"].organisaties.add(OrganisatieFactory())  # two: starting asks which one
    assert_accessible_forms(
        client.post(reverse("subsidies:register"), {**REGISTRATION, "password2": "x"}).content.decode()
    )
    login(applicant["user"])
    for section in [
        "project",
        "organisatie",
        "bereik",
        "ervaring",
        "planning",
        "doelen",
        "meting",
        "begroting",
        "vragen",
    ]:
        assert_accessible_forms(client.get(section_url(draft, section)).content.decode())
    bad = [
        client.post(section_url(draft, "project"), {"start_date": "2027-03-01", "end_date": "2027-01-01"}),
        client.post(section_url(draft, "doelen"), formset_post("doelen", [{"target_group": "ouderen", "number": "0"}])),
        client.post(
            section_url(draft, "begroting"),
            formset_post("regels", [{"category": "overig", "amount": "x"}], extra_fields={"amount_requested": "99999"}),
        ),
        client.post(reverse("subsidies:attachments", args=[draft.pk]), {"file": upload("a.pdf", b"nee")}),
        client.post(reverse("subsidies:start", args=["pilots"]), {"organisatie": "999999"}),
    ]
    for response in bad:
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()
        assert_accessible_forms(response.content.decode())
