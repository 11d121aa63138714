"""New listings and changes to published ones go past the coördinator; trusted partners publish directly.

Cast: `partner` acts for `own`, which has a primary contact person; `coordinator` reviews.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Contactpersoon
from socialekaart.models import Activiteit, Historie, PartnerInstelling, Wijzigingsvoorstel
from socialekaart.search import Filters, search
from socialekaart.services import listings, proposals
from socialekaart.services.listings import ListingError
from tests.factories import ActiviteitFactory, OrganisatieFactory, UserFactory
from tests.test_socialekaart_partner import actions, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(partner):
    organisatie = partner.organisaties.get()
    Contactpersoon.objects.create(
        organisatie=organisatie, name="Petra Primair", email="petra@organisatie.test", is_primary=True
    )
    Contactpersoon.objects.create(organisatie=organisatie, name="Niet Primair", email="niet@organisatie.test")
    return organisatie


@pytest.fixture
def as_partner(login, partner):
    return login(partner)


def found(words: str) -> list[str]:
    return [activiteit.title for activiteit in search(words, Filters()).activities]


def submit_new(client, organisatie, **overrides) -> Activiteit:
    client.post(reverse("socialekaart:activiteit_create", kwargs={"pk": organisatie.pk}), form_data(**overrides))
    activiteit = Activiteit.objects.filter(organisatie=organisatie).latest("pk")
    client.post(reverse("socialekaart:activiteit_submit", kwargs={"slug": activiteit.slug}))
    activiteit.refresh_from_db()
    return activiteit


def review(client, url, action, comment=""):
    return client.post(url, {"actie": action, "comment": comment})


def review_url(activiteit) -> str:
    return reverse("socialekaart:review_activiteit", kwargs={"slug": activiteit.slug})


def proposal_url(proposal) -> str:
    return reverse("socialekaart:review_proposal", kwargs={"pk": proposal.pk})


# ---------------------------------------------------------------------------
# New listings
# ---------------------------------------------------------------------------
def test_submit_then_approve_puts_the_listing_in_the_public_search(
    client, login, partner, coordinator, own, django_capture_on_commit_callbacks, mailoutbox
):
    login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        activiteit = submit_new(client, own, title="Wandelgroep Zonnebloem")

    assert activiteit.status == Activiteit.Status.TER_BEOORDELING
    assert found("zonnebloem") == []
    assert [mail.to for mail in mailoutbox] == [[coordinator.email]]

    login(coordinator)
    queue = client.get(reverse("socialekaart:review_queue"))
    assert "Wandelgroep Zonnebloem" in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, review_url(activiteit), "goedkeuren")

    activiteit.refresh_from_db()
    assert response["Location"] == reverse("socialekaart:review_queue")
    assert activiteit.status == Activiteit.Status.GEPUBLICEERD
    assert activiteit.last_confirmed_on == timezone.localdate()
    assert found("zonnebloem") == ["Wandelgroep Zonnebloem"]
    assert actions(activiteit) == [Historie.Action.AANGEMAAKT, Historie.Action.INGEDIEND, Historie.Action.GEPUBLICEERD]
    assert mailoutbox[-1].to == ["petra@organisatie.test"]


def test_the_slug_never_changes_after_publication(as_partner, own, coordinator):
    activiteit = ActiviteitFactory(organisatie=own, title="Oud", slug="oud")
    PartnerInstelling.objects.create(organisatie=own, may_publish_directly=True)

    as_partner.post(reverse("socialekaart:activiteit_edit", kwargs={"slug": "oud"}), form_data(title="Nieuw"))

    activiteit.refresh_from_db()
    assert activiteit.title == "Nieuw"
    assert activiteit.slug == "oud"


def test_a_return_needs_a_comment_and_the_partner_sees_it(
    client, login, partner, coordinator, own, mailoutbox, django_capture_on_commit_callbacks
):
    login(partner)
    activiteit = submit_new(client, own)
    login(coordinator)

    response = review(client, review_url(activiteit), "terugsturen", comment="  ")
    assert "Schrijf in de toelichting wat de partner moet aanpassen." in response.content.decode()
    activiteit.refresh_from_db()
    assert activiteit.status == Activiteit.Status.TER_BEOORDELING

    with django_capture_on_commit_callbacks(execute=True):
        review(client, review_url(activiteit), "terugsturen", comment="Graag de tijden erbij zetten.")
    activiteit.refresh_from_db()
    assert activiteit.status == Activiteit.Status.CONCEPT
    assert Historie.objects.get(activiteit=activiteit, action=Historie.Action.TERUGGESTUURD).by == coordinator

    login(partner)
    page = client.get(reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": own.pk})).content.decode()
    assert "Graag de tijden erbij zetten." in page
    assert [mail.to for mail in mailoutbox] == [["petra@organisatie.test"]]


def test_approving_twice_applies_once(client, login, partner, coordinator, own):
    login(partner)
    activiteit = submit_new(client, own)
    login(coordinator)

    review(client, review_url(activiteit), "goedkeuren")
    response = review(client, review_url(activiteit), "goedkeuren")

    assert response.status_code == 302
    assert actions(activiteit).count(Historie.Action.GEPUBLICEERD) == 1
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("wacht niet op beoordeling" in message for message in messages)


def test_an_archived_listing_cannot_be_approved(coordinator):
    activiteit = ActiviteitFactory(archived=True)

    with pytest.raises(ListingError, match="wacht niet op beoordeling"):
        listings.activiteit_approve(activiteit=activiteit, by=coordinator)

    assert actions(activiteit) == []


def test_only_a_concept_can_be_submitted(partner, own):
    activiteit = ActiviteitFactory(organisatie=own)

    with pytest.raises(ListingError, match="Alleen een concept"):
        listings.activiteit_submit(activiteit=activiteit, by=partner)


# ---------------------------------------------------------------------------
# Changes to published listings
# ---------------------------------------------------------------------------
def test_an_edit_of_a_published_listing_waits_for_approval(
    client, login, partner, coordinator, own, django_capture_on_commit_callbacks, mailoutbox
):
    activiteit = ActiviteitFactory(organisatie=own, title="Koffieochtend Oost", slug="koffieochtend-oost")
    edit_url = reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug})
    login(partner)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, form_data(title="Koffieochtend Oost", summary="Nu ook met taart en spelletjes."))
    client.post(edit_url, form_data(title="Koffieochtend Oost", summary="Nu ook met taart en sjoelen."))

    activiteit.refresh_from_db()
    assert activiteit.summary == "Elke week samen koffie drinken en een praatje maken."
    assert found("sjoelen") == []
    proposal = Wijzigingsvoorstel.objects.get(activiteit=activiteit)  # one open proposal, replaced by the 2nd edit
    assert proposal.data["summary"] == "Nu ook met taart en sjoelen."
    assert len(mailoutbox) == 1
    # The partner goes on editing the waiting change.
    assert "Nu ook met taart en sjoelen." in client.get(edit_url).content.decode()

    login(coordinator)
    page = client.get(proposal_url(proposal)).content.decode()
    assert "Elke week samen koffie drinken" in page and "Nu ook met taart en sjoelen." in page
    review(client, proposal_url(proposal), "goedkeuren")

    activiteit.refresh_from_db()
    proposal.refresh_from_db()
    assert activiteit.summary == "Nu ook met taart en sjoelen."
    assert activiteit.slug == "koffieochtend-oost"
    assert proposal.status == Wijzigingsvoorstel.Status.GOEDGEKEURD
    assert found("sjoelen") == ["Koffieochtend Oost"]
    changed = Historie.objects.get(activiteit=activiteit, action=Historie.Action.GEWIJZIGD)
    assert changed.changes["korte samenvatting"] == [
        "Elke week samen koffie drinken en een praatje maken.",
        "Nu ook met taart en sjoelen.",
    ]


def test_a_returned_change_leaves_the_listing_as_it_was(client, login, partner, coordinator, own):
    activiteit = ActiviteitFactory(organisatie=own, title="Origineel")
    login(partner)
    client.post(reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug}), form_data(title="Anders"))
    proposal = Wijzigingsvoorstel.objects.get(activiteit=activiteit)

    login(coordinator)
    review(client, proposal_url(proposal), "terugsturen", comment="Deze titel is onduidelijk.")

    activiteit.refresh_from_db()
    proposal.refresh_from_db()
    assert activiteit.title == "Origineel"
    assert proposal.status == Wijzigingsvoorstel.Status.TERUGGESTUURD
    assert proposal.comment == "Deze titel is onduidelijk."
    login(partner)
    page = client.get(reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": own.pk})).content.decode()
    assert "Deze titel is onduidelijk." in page


def test_a_proposal_is_approved_only_once(partner, coordinator, own):
    activiteit = ActiviteitFactory(organisatie=own)
    proposal = listings.activiteit_update(activiteit=activiteit, data=form_data(title="Nieuw"), by=partner)

    proposals.proposal_approve(proposal=proposal, by=coordinator)
    with pytest.raises(ListingError, match="al beoordeeld"):
        proposals.proposal_approve(proposal=proposal, by=coordinator)

    assert actions(activiteit).count(Historie.Action.GEWIJZIGD) == 1


def test_a_coordinator_edits_a_published_listing_at_once(login, coordinator, own):
    activiteit = ActiviteitFactory(organisatie=own)

    login(coordinator).post(
        reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug}), form_data(title="Door coördinator")
    )

    activiteit.refresh_from_db()
    assert activiteit.title == "Door coördinator"
    assert not Wijzigingsvoorstel.objects.exists()


# ---------------------------------------------------------------------------
# Trust
# ---------------------------------------------------------------------------
def test_a_trusted_partner_publishes_directly(
    client, login, partner, coordinator, own, mailoutbox, django_capture_on_commit_callbacks
):
    login(coordinator)
    client.post(reverse("socialekaart:partner_trust"), {"organisatie": own.pk, "may_publish_directly": "on"})
    assert PartnerInstelling.objects.get(organisatie=own).may_publish_directly

    login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        activiteit = submit_new(client, own, title="Direct gepubliceerd")
    assert activiteit.status == Activiteit.Status.GEPUBLICEERD
    assert found("direct gepubliceerd") == ["Direct gepubliceerd"]
    assert mailoutbox == []  # nothing waits for the coördinator

    client.post(
        reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug}), form_data(title="Meteen anders")
    )
    activiteit.refresh_from_db()
    assert activiteit.title == "Meteen anders"
    assert not Wijzigingsvoorstel.objects.exists()

    login(coordinator)
    client.post(reverse("socialekaart:partner_trust"), {"organisatie": own.pk})
    assert not PartnerInstelling.objects.get(organisatie=own).may_publish_directly


def test_the_trust_page_survives_junk(login, coordinator):
    client = login(coordinator)
    for value in ["abc", "-1", "999999999999", ""]:
        response = client.post(reverse("socialekaart:partner_trust"), {"organisatie": value}, follow=True)
        assert response.status_code == 200
        assert "bestaat niet" in response.content.decode()


# ---------------------------------------------------------------------------
# E-mails and budgets
# ---------------------------------------------------------------------------
def test_emails_carry_a_link_and_no_personal_data(
    client, login, partner, coordinator, own, mailoutbox, django_capture_on_commit_callbacks
):
    login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        activiteit = submit_new(client, own, contact_name="Jan Jansen", contact_email="jan@prive.test")
    login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        review(client, review_url(activiteit), "terugsturen", comment="Mevrouw De Vries belde hierover.")

    assert len(mailoutbox) == 2
    for mail in mailoutbox:
        text = mail.subject + mail.body
        assert "/socialekaart/" in mail.body and "://" in mail.body
        assert len(mail.to) == 1
        for personal in [
            partner.full_name,
            partner.email,
            coordinator.full_name,
            "Jan Jansen",
            "jan@prive.test",
            "Petra",
            "De Vries",
        ]:
            assert personal not in text


def test_the_review_queue_lists_oldest_first_within_its_query_budget(
    login, coordinator, partner, own, django_assert_max_num_queries
):
    for number in range(10):
        listings.activiteit_submit(
            activiteit=ActiviteitFactory(organisatie=own, concept=True, title=f"Nieuw {number}"), by=partner
        )
    for number in range(10):
        listings.activiteit_update(
            activiteit=ActiviteitFactory(organisatie=OrganisatieFactory(), title=f"Gepubliceerd {number}"),
            data=form_data(title=f"Gewijzigd {number}"),
            by=UserFactory(),
        )
    client = login(coordinator)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("socialekaart:review_queue"))

    items = list(response.context["page"].object_list)
    assert len(items) == 20
    assert [item["at"] for item in items] == sorted(item["at"] for item in items)
    assert items[0]["activiteit"].title == "Nieuw 0"


def test_the_menu_of_a_coordinator_has_beoordelen(login, coordinator):
    response = login(coordinator).get(reverse("socialekaart:review_queue"))

    assert "Beoordelen" in [item["label"] for item in response.context["nav_items"]]
    assert "Er wacht niets op uw beoordeling" in response.content.decode()


def test_a_coordinator_who_saves_the_edit_form_takes_over_the_waiting_change(login, partner, coordinator, own):
    activiteit = ActiviteitFactory(organisatie=own, title="Origineel")
    listings.activiteit_update(activiteit=activiteit, data=form_data(title="Voorstel"), by=partner)
    client = login(coordinator)
    edit_url = reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug})
    assert 'value="Voorstel"' in client.get(edit_url).content.decode()

    client.post(edit_url, form_data(title="Voorstel, verbeterd"))

    activiteit.refresh_from_db()
    assert activiteit.title == "Voorstel, verbeterd"
    assert Wijzigingsvoorstel.objects.get().status == Wijzigingsvoorstel.Status.GOEDGEKEURD
    assert not Wijzigingsvoorstel.objects.filter(status=Wijzigingsvoorstel.Status.OPEN).exists()
