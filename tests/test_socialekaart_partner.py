"""Partners keep their own organisation's listings: create, edit, copy, archive, confirm, places and times.

Cast: `partner` acts for `own` (their organisation); `other` is an organisation they do not act for.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import Role
from socialekaart.forms import ActiviteitForm
from socialekaart.models import Activiteit, Bijeenkomst, Historie, Locatie, Tijdslot
from tests.factories import (
    ActiviteitFactory,
    BijeenkomstFactory,
    GemeenteFactory,
    LocatieFactory,
    OrganisatieFactory,
    TijdslotFactory,
    UserFactory,
    WijkFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(partner):
    return partner.organisaties.get()


@pytest.fixture
def other(db):
    return OrganisatieFactory(name="Andere organisatie")


@pytest.fixture
def as_partner(login, partner):
    return login(partner)


def form_data(**overrides) -> dict:
    data = {
        "title": "Samen eten in de wijk",
        "summary": "Elke dinsdag samen een warme maaltijd.",
        "description": "Iedereen is welkom.",
        "kind": "ontmoeting",
        "target_groups": ["ouderen", "75-plus"],
        "themes": ["rouw"],
        "evidence": "onbekend",
        "evidence_source": "",
        "cost_kind": "gratis",
        "cost_amount": "",
        "cost_note": "",
        "languages": ["nl"],
        "join_method": "inloop",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "website": "",
    }
    data.update(overrides)
    return data


def actions(activiteit) -> list[str]:
    return list(Historie.objects.filter(activiteit=activiteit).order_by("at", "pk").values_list("action", flat=True))


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------
def test_the_index_shows_only_the_partners_own_organisations(as_partner, own, other):
    response = as_partner.get(reverse("socialekaart:partner_index"))

    assert response.status_code == 200
    assert own.name in response.content.decode()
    assert other.name not in response.content.decode()


def test_the_list_shows_status_last_confirmation_and_a_one_click_confirm_button(as_partner, own, partner):
    activiteit = ActiviteitFactory(organisatie=own, last_confirmed_by=partner)
    ActiviteitFactory(organisatie=own, concept=True, title="Nog een concept")

    response = as_partner.get(reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": own.pk}))

    html = response.content.decode()
    assert activiteit.title in html and "Nog een concept" in html
    assert "Gepubliceerd" in html and "Concept" in html
    assert partner.full_name in html
    assert reverse("socialekaart:activiteit_confirm", kwargs={"slug": activiteit.slug}) in html


def test_the_list_of_twenty_activities_stays_within_its_query_budget(as_partner, own, django_assert_max_num_queries):
    for _ in range(20):
        activiteit = ActiviteitFactory(organisatie=own)
        Historie.objects.create(activiteit=activiteit, action=Historie.Action.TERUGGESTUURD, comment="Graag een foto")

    with django_assert_max_num_queries(12):
        response = as_partner.get(reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": own.pk}))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 20


def test_an_empty_list_says_what_to_do_next(as_partner, own):
    response = as_partner.get(reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": own.pk}))

    assert "Nieuwe activiteit" in response.content.decode()
    assert "nog geen activiteiten" in response.content.decode()


# ---------------------------------------------------------------------------
# Create and edit
# ---------------------------------------------------------------------------
def test_a_partner_creates_a_listing_as_concept_with_a_slug_from_the_title(as_partner, own, partner):
    response = as_partner.post(
        reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk}), form_data(title="Café Één")
    )

    activiteit = Activiteit.objects.get(organisatie=own)
    assert response.status_code == 302
    assert response["Location"] == reverse("socialekaart:activiteit_edit", kwargs={"slug": "cafe-een"})
    assert activiteit.status == Activiteit.Status.CONCEPT
    assert activiteit.target_groups == ["ouderen", "75-plus"]
    assert actions(activiteit) == [Historie.Action.AANGEMAAKT]
    assert Historie.objects.get(activiteit=activiteit).by == partner


def test_slugs_are_unique(as_partner, own):
    ActiviteitFactory(slug="samen-eten")
    ActiviteitFactory(slug="samen-eten-2")
    url = reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk})

    as_partner.post(url, form_data(title="Samen eten"))

    assert Activiteit.objects.filter(organisatie=own).get().slug == "samen-eten-3"


def test_an_amount_is_required_when_there_is_a_cost_and_nothing_typed_is_lost(as_partner, own):
    url = reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk})

    response = as_partner.post(url, form_data(title="Mijn titel", cost_kind="bedrag", cost_amount=""))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Vul het bedrag in dat deelnemers betalen." in html
    assert 'value="Mijn titel"' in html
    assert not Activiteit.objects.filter(organisatie=own).exists()


def test_an_amount_is_refused_when_the_activity_is_free(as_partner, own):
    url = reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk})

    response = as_partner.post(url, form_data(cost_kind="gratis", cost_amount="2,50"))

    assert "Laat het bedrag leeg" in response.content.decode()


def test_an_amount_in_dutch_notation_is_saved(as_partner, own):
    as_partner.post(
        reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk}),
        form_data(cost_kind="bedrag", cost_amount="2,50"),
    )

    assert str(Activiteit.objects.get(organisatie=own).cost_amount) == "2.50"


@pytest.mark.parametrize(
    "junk",
    [
        {"target_groups": ["marsmannetjes"]},
        {"locaties": ["abc"]},
        {"wijken": ["-1"]},
        {"cost_kind": "bedrag", "cost_amount": "🙂"},
        # A NUL character ({"title": "\x00"}) is a 400 for every page now: tests/test_odd_requests.py.
        {"title": "x" * 10_000},
        {"kind": "' OR 1=1 --"},
        {"website": "javascript:alert(1)"},
    ],
)
def test_junk_gives_dutch_errors_not_a_server_error(as_partner, own, junk):
    as_partner.raise_request_exception = False

    response = as_partner.post(reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk}), form_data(**junk))

    assert response.status_code == 200
    assert "Niet alles is goed ingevuld" in response.content.decode()
    assert not Activiteit.objects.filter(organisatie=own).exists()


def test_only_the_organisations_own_locations_can_be_chosen(as_partner, own, other):
    theirs = LocatieFactory(organisatie=other)
    mine = LocatieFactory(organisatie=own)

    response = as_partner.post(
        reverse("socialekaart:activiteit_create", kwargs={"pk": own.pk}), form_data(locaties=[theirs.pk])
    )

    assert "Kies alleen uit de getoonde mogelijkheden." in response.content.decode()
    assert list(response.context["form"].fields["locaties"].queryset) == [mine]


def test_wijken_are_grouped_by_gemeente(own):
    WijkFactory(name="Centrum", gemeente=GemeenteFactory(name="Enschede"))
    WijkFactory(name="Vriezenveen", gemeente=GemeenteFactory(name="Twenterand"))

    choices = ActiviteitForm(organisatie=own).fields["wijken"].choices

    groups = dict(choices)
    assert [name for _pk, name in groups["Enschede"]] == ["Centrum"]
    assert [name for _pk, name in groups["Twenterand"]] == ["Vriezenveen"]


def test_a_partner_edits_their_concept_and_the_history_records_old_and_new(as_partner, own, partner):
    activiteit = ActiviteitFactory(organisatie=own, concept=True, title="Oude titel", slug="oude-titel")
    url = reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug})

    response = as_partner.post(url, form_data(title="Nieuwe titel"))

    activiteit.refresh_from_db()
    assert activiteit.title == "Nieuwe titel"
    # Never published: the address may still follow the title.
    assert activiteit.slug == "nieuwe-titel"
    assert response["Location"] == reverse("socialekaart:activiteit_edit", kwargs={"slug": "nieuwe-titel"})
    row = Historie.objects.get(activiteit=activiteit, action=Historie.Action.GEWIJZIGD)
    assert row.by == partner
    assert row.changes["titel"] == ["Oude titel", "Nieuwe titel"]


def test_the_edit_page_shows_the_history(as_partner, own, partner):
    activiteit = ActiviteitFactory(organisatie=own)
    Historie.objects.create(
        activiteit=activiteit, action=Historie.Action.TERUGGESTUURD, comment="Graag korter", by=partner
    )

    response = as_partner.get(reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug}))

    assert "Historie" in response.content.decode()
    assert "Graag korter" in response.content.decode()


# ---------------------------------------------------------------------------
# Copy, archive, confirm
# ---------------------------------------------------------------------------
def test_a_partner_duplicates_a_listing_as_a_concept_copy(as_partner, own):
    original = ActiviteitFactory(
        organisatie=own, title="Koffie", slug="koffie", locaties=[LocatieFactory(organisatie=own)]
    )
    TijdslotFactory(activiteit=original)

    response = as_partner.post(reverse("socialekaart:activiteit_duplicate", kwargs={"slug": original.slug}))

    copy = Activiteit.objects.exclude(pk=original.pk).get(organisatie=own)
    assert response["Location"] == reverse("socialekaart:activiteit_edit", kwargs={"slug": copy.slug})
    assert copy.title == "Koffie (kopie)"
    assert copy.slug == "koffie-kopie"
    assert copy.status == Activiteit.Status.CONCEPT
    assert copy.last_confirmed_on is None
    assert list(copy.locaties.all()) == list(original.locaties.all())
    assert copy.tijdsloten.count() == 1
    assert actions(copy) == [Historie.Action.GEKOPIEERD]


def test_archiving_asks_for_confirmation_first(as_partner, own):
    activiteit = ActiviteitFactory(organisatie=own)
    url = reverse("socialekaart:activiteit_archive", kwargs={"slug": activiteit.slug})

    response = as_partner.get(url)
    activiteit.refresh_from_db()
    assert response.status_code == 200
    assert "Ja, archiveren" in response.content.decode()
    assert activiteit.status == Activiteit.Status.GEPUBLICEERD

    as_partner.post(url)
    activiteit.refresh_from_db()
    assert activiteit.status == Activiteit.Status.GEARCHIVEERD
    assert actions(activiteit) == [Historie.Action.GEARCHIVEERD]


def test_an_archived_listing_cannot_be_archived_or_edited_again(as_partner, own):
    activiteit = ActiviteitFactory(organisatie=own, archived=True)

    response = as_partner.post(
        reverse("socialekaart:activiteit_archive", kwargs={"slug": activiteit.slug}), follow=True
    )
    assert "al gearchiveerd" in response.content.decode()

    response = as_partner.post(
        reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug}), form_data(), follow=True
    )
    assert "gearchiveerd en kan niet meer worden gewijzigd" in response.content.decode()
    assert actions(activiteit) == []


def test_nog_actueel_is_one_click_from_the_list(as_partner, own, partner):
    activiteit = ActiviteitFactory(organisatie=own, stale=True)
    list_url = reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": own.pk})

    response = as_partner.post(
        reverse("socialekaart:activiteit_confirm", kwargs={"slug": activiteit.slug}), {"next": list_url}
    )

    activiteit.refresh_from_db()
    assert response["Location"] == list_url
    assert activiteit.last_confirmed_on == timezone.localdate()
    assert activiteit.last_confirmed_by == partner
    assert actions(activiteit) == [Historie.Action.BEVESTIGD]


def test_a_second_confirmation_on_the_same_day_adds_no_history(as_partner, own):
    activiteit = ActiviteitFactory(organisatie=own, stale=True)
    url = reverse("socialekaart:activiteit_confirm", kwargs={"slug": activiteit.slug})

    as_partner.post(url)
    as_partner.post(url)

    assert actions(activiteit) == [Historie.Action.BEVESTIGD]


def test_confirm_does_not_redirect_to_another_site(as_partner, own):
    activiteit = ActiviteitFactory(organisatie=own)

    response = as_partner.post(
        reverse("socialekaart:activiteit_confirm", kwargs={"slug": activiteit.slug}), {"next": "https://evil.test/"}
    )

    assert response["Location"] == reverse("socialekaart:activiteit_edit", kwargs={"slug": activiteit.slug})


# ---------------------------------------------------------------------------
# Locations
# ---------------------------------------------------------------------------
def test_a_new_location_gets_its_wijk_from_the_postcode(as_partner, own):
    wijk = WijkFactory(name="Binnensingelgebied")
    wijk.postcodegebieden.create(postcode_from="7511AA", postcode_to="7511ZZ")

    response = as_partner.post(
        reverse("socialekaart:locatie_create", kwargs={"pk": own.pk}),
        {"name": "Buurthuis De Bron", "street": "Brink 1", "postcode": "7511 ab", "city": "Enschede"},
    )

    locatie = Locatie.objects.get(organisatie=own)
    assert response.status_code == 302
    assert locatie.postcode == "7511AB"
    assert locatie.wijk == wijk


def test_a_wrong_postcode_gets_a_dutch_message(as_partner, own):
    response = as_partner.post(
        reverse("socialekaart:locatie_create", kwargs={"pk": own.pk}),
        {"name": "Buurthuis", "street": "Brink 1", "postcode": "75110", "city": "Enschede"},
    )

    assert response.status_code == 200
    assert "Vul een postcode in als 1234 AB." in response.content.decode()
    assert 'value="Buurthuis"' in response.content.decode()


def test_editing_a_location_updates_its_wijk_and_the_history_of_its_activities(as_partner, own):
    wijk = WijkFactory()
    wijk.postcodegebieden.create(postcode_from="7522AA", postcode_to="7522ZZ")
    locatie = LocatieFactory(organisatie=own, postcode="7671AB")
    activiteit = ActiviteitFactory(organisatie=own, locaties=[locatie])

    as_partner.post(
        reverse("socialekaart:locatie_edit", kwargs={"pk": locatie.pk}),
        {"name": locatie.name, "street": "Nieuwe straat 2", "postcode": "7522 CD", "city": "Enschede"},
    )

    locatie.refresh_from_db()
    assert locatie.wijk == wijk
    assert actions(activiteit) == [Historie.Action.GEWIJZIGD]


def test_two_locations_of_one_organisation_cannot_share_a_name(as_partner, own):
    LocatieFactory(organisatie=own, name="De Bron")

    response = as_partner.post(
        reverse("socialekaart:locatie_create", kwargs={"pk": own.pk}),
        {"name": "De Bron", "street": "Brink 1", "postcode": "7511 AB", "city": "Enschede"},
    )

    assert "al een locatie met deze naam" in response.content.decode()


# ---------------------------------------------------------------------------
# Weekly times and dated events
# ---------------------------------------------------------------------------
def test_a_partner_adds_and_removes_a_weekly_time(as_partner, own):
    activiteit = ActiviteitFactory(organisatie=own)
    url = reverse("socialekaart:activiteit_schedule", kwargs={"slug": activiteit.slug})

    as_partner.post(
        url,
        {"soort": "tijdslot", "tijdslot-weekday": "2", "tijdslot-starts_at": "10:00", "tijdslot-ends_at": "12:00"},
    )
    tijdslot = Tijdslot.objects.get(activiteit=activiteit)
    as_partner.post(reverse("socialekaart:tijdslot_remove", kwargs={"pk": tijdslot.pk}))

    assert not Tijdslot.objects.filter(activiteit=activiteit).exists()
    assert actions(activiteit) == [Historie.Action.GEWIJZIGD, Historie.Action.GEWIJZIGD]


def test_a_weekly_time_must_end_after_it_starts(as_partner, own):
    activiteit = ActiviteitFactory(organisatie=own)

    response = as_partner.post(
        reverse("socialekaart:activiteit_schedule", kwargs={"slug": activiteit.slug}),
        {"soort": "tijdslot", "tijdslot-weekday": "2", "tijdslot-starts_at": "12:00", "tijdslot-ends_at": "10:00"},
    )

    assert "De eindtijd moet na de begintijd liggen." in response.content.decode()
    assert not Tijdslot.objects.exists()


def test_a_partner_adds_and_removes_a_dated_event(as_partner, own):
    activiteit = ActiviteitFactory(organisatie=own)
    starts = timezone.localtime() + timedelta(days=10)
    url = reverse("socialekaart:activiteit_schedule", kwargs={"slug": activiteit.slug})

    as_partner.post(
        url,
        {
            "soort": "bijeenkomst",
            "bijeenkomst-starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "bijeenkomst-ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    bijeenkomst = Bijeenkomst.objects.get(activiteit=activiteit)
    as_partner.post(reverse("socialekaart:bijeenkomst_remove", kwargs={"pk": bijeenkomst.pk}))

    assert not Bijeenkomst.objects.exists()


@pytest.mark.parametrize(
    ("starts_in", "hours", "message"),
    [
        (timedelta(days=-1), 2, "Een bijeenkomst kan niet in het verleden liggen."),
        (timedelta(days=3), -1, "Het einde moet na het begin liggen."),
    ],
)
def test_a_dated_event_must_be_in_the_future_and_end_after_it_starts(as_partner, own, starts_in, hours, message):
    activiteit = ActiviteitFactory(organisatie=own)
    starts = timezone.localtime() + starts_in

    response = as_partner.post(
        reverse("socialekaart:activiteit_schedule", kwargs={"slug": activiteit.slug}),
        {
            "soort": "bijeenkomst",
            "bijeenkomst-starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "bijeenkomst-ends_at": (starts + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert message in response.content.decode()
    assert not Bijeenkomst.objects.exists()


# ---------------------------------------------------------------------------
# Another organisation's objects: 403 on every URL, for GET and POST; a coördinator may
# ---------------------------------------------------------------------------
def other_organisation_urls(other) -> list[str]:
    activiteit = ActiviteitFactory(organisatie=other)
    slug = {"slug": activiteit.slug}
    return [
        reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": other.pk}),
        reverse("socialekaart:activiteit_create", kwargs={"pk": other.pk}),
        reverse("socialekaart:locatie_list", kwargs={"pk": other.pk}),
        reverse("socialekaart:locatie_create", kwargs={"pk": other.pk}),
        reverse("socialekaart:locatie_edit", kwargs={"pk": LocatieFactory(organisatie=other).pk}),
        reverse("socialekaart:activiteit_edit", kwargs=slug),
        reverse("socialekaart:activiteit_submit", kwargs=slug),
        reverse("socialekaart:activiteit_confirm", kwargs=slug),
        reverse("socialekaart:activiteit_duplicate", kwargs=slug),
        reverse("socialekaart:activiteit_archive", kwargs=slug),
        reverse("socialekaart:activiteit_schedule", kwargs=slug),
        reverse("socialekaart:tijdslot_remove", kwargs={"pk": TijdslotFactory(activiteit=activiteit).pk}),
        reverse("socialekaart:bijeenkomst_remove", kwargs={"pk": BijeenkomstFactory(activiteit=activiteit).pk}),
    ]


def test_another_organisations_objects_answer_403_to_a_partner(as_partner, other):
    for url in other_organisation_urls(other):
        assert as_partner.get(url).status_code == 403, url
        assert as_partner.post(url, form_data()).status_code == 403, url

    assert Historie.objects.count() == 0
    assert Activiteit.objects.get(organisatie=other).status == Activiteit.Status.GEPUBLICEERD


def test_a_coordinator_may_open_every_organisations_pages(login, coordinator, other):
    client = login(coordinator)
    for url in other_organisation_urls(other):
        assert client.get(url).status_code == 200, url


def test_a_partner_of_two_organisations_manages_both(login, own, other):
    both = UserFactory(role=Role.PARTNER, organisaties=[own, other])
    client = login(both)

    for organisatie in (own, other):
        url = reverse("socialekaart:organisatie_activiteiten", kwargs={"pk": organisatie.pk})
        assert client.get(url).status_code == 200


def test_an_unknown_object_is_404(as_partner):
    assert as_partner.get(reverse("socialekaart:activiteit_edit", kwargs={"slug": "bestaat-niet"})).status_code == 404
    assert as_partner.get(reverse("socialekaart:locatie_edit", kwargs={"pk": 999999})).status_code == 404
