"""The committee of subsidies and the coördinator's steps before it (issue 11): the calls and their applications,
eligibility and information requests, conflicts of interest, blind reviews, the ranking and its export."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coalition.models import Role
from subsidies.models import Aanvraag, Belangenverklaring, Beoordeling, BeoordelingHistorie, Bijlage, Historie
from subsidies.queries.committee import committee_calls, member_applications, reviews_visible_to
from subsidies.queries.ranking import call_ranking
from subsidies.services import committee
from tests.factories import (
    AanvraagFactory,
    OrganisatieFactory,
    RegelingFactory,
    ToetsvraagFactory,
    UserFactory,
    committee_member,
    declare_no_conflict,
)

pytestmark = pytest.mark.django_db


def criteria_of(aanvraag):
    return list(aanvraag.regeling.criteria.order_by("position", "pk"))


def review(aanvraag, member, points, *, advice="toekennen", submit=True, declare=True, comment=""):
    """The member's review through the service; `points` in the order of the call's criteria."""
    if declare:
        declare_no_conflict(aanvraag, member)
    criteria = criteria_of(aanvraag)
    return committee.save_review(
        aanvraag=aanvraag,
        by=member,
        scores={criterium.pk: value for criterium, value in zip(criteria, points, strict=False)},
        score_comments={criterium.pk: f"{comment} {criterium.title}".strip() for criterium in criteria},
        advice=advice,
        comment=comment,
        submit=submit,
    )


def review_form(aanvraag, points, *, advice="toekennen", comment="", button="indienen"):
    data = {"advice": advice, "comment": comment, button: "1"}
    for criterium, value in zip(criteria_of(aanvraag), points, strict=False):
        data[f"score_{criterium.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterium.pk}"] = f"Over {criterium.title}"
    return data


# ---------------------------------------------------------------------------
# The coördinator's calls
# ---------------------------------------------------------------------------
def test_the_coordinator_sees_the_calls_with_their_applications_counted_per_tab(client, login, coordinator):
    regeling = RegelingFactory(title="Samen sterker in de wijk")
    AanvraagFactory.create_batch(2, regeling=regeling, submitted=True)
    AanvraagFactory(regeling=regeling, at_committee=True)
    AanvraagFactory(regeling=regeling)  # a draft: the applicant's own business
    login(coordinator)

    response = client.get(reverse("subsidies:coordinator_calls"))

    assert response.status_code == 200
    call = next(item for item in response.context["page"] if item.pk == regeling.pk)
    assert (call.tab_nieuw, call.tab_commissie, call.tab_besloten, call.tab_afgerond) == (2, 1, 0, 0)
    assert "Samen sterker in de wijk" in response.content.decode()


def test_the_coordinator_menu_leads_to_the_calls_and_the_public_list_stays_public(client, login, coordinator):
    assert client.get(reverse("subsidies:index")).status_code == 200
    login(coordinator)

    labels = {str(item["label"]): item["url"] for item in client.get(reverse("coalition:start")).context["nav_items"]}

    assert labels["Subsidies beheren"] == reverse("subsidies:coordinator_calls")
    assert reverse("subsidies:index") not in labels.values()


def test_a_calls_page_lists_one_tab_with_status_organisation_amount_and_committee_counts(client, login, coordinator):
    regeling = RegelingFactory()
    new = AanvraagFactory(regeling=regeling, submitted=True, organisatie=OrganisatieFactory(name="Buurthuis Oost"))
    at_committee = AanvraagFactory(regeling=regeling, at_committee=True, amount_requested=Decimal("12345.00"))
    first, second = committee_member(), committee_member()
    review(at_committee, first, [4, 4, 4])
    declare_no_conflict(at_committee, second)
    login(coordinator)

    page = client.get(reverse("subsidies:coordinator_call", args=[regeling.slug])).content.decode()
    assert new.title in page and "Buurthuis Oost" in page and at_committee.title not in page

    response = client.get(reverse("subsidies:coordinator_call", args=[regeling.slug]), {"lijst": "commissie"})
    [row] = response.context["page"].object_list
    assert (row["title"], row["declarations"], row["reviews"]) == (at_committee.title, 2, 1)
    assert row["amount_requested"] == Decimal("12345.00") and str(row["status_label"]) == "bij de commissie"
    assert [tab["count"] for tab in response.context["tabs"]] == [1, 1, 0, 0]


def test_a_calls_page_costs_the_same_queries_for_many_applications(
    client, login, coordinator, django_assert_max_num_queries
):
    regeling = RegelingFactory()
    members = [committee_member() for _ in range(3)]
    for aanvraag in AanvraagFactory.create_batch(30, regeling=regeling, at_committee=True, lines=False):
        for member in members:
            declare_no_conflict(aanvraag, member)
    login(coordinator)
    url = reverse("subsidies:coordinator_call", args=[regeling.slug])
    client.get(url)

    with django_assert_max_num_queries(10):
        response = client.get(url, {"lijst": "commissie"})

    assert len(response.context["page"].object_list) == 25
    assert response.context["page"].object_list[0]["declarations"] == 3


# ---------------------------------------------------------------------------
# The admin: calls are made there
# ---------------------------------------------------------------------------
def regeling_post(gemeente, **changes):
    data = {
        "title": "Pilots voor vraaggericht werken",
        "slug": "pilots-vraaggericht",
        "gemeente": gemeente.pk,
        "summary": "Geld voor pilots.",
        "description": "Uitleg.",
        "target_groups": ["ouderen"],
        "opens_at_0": "2026-01-01",
        "opens_at_1": "09:00",
        "closes_at_0": "2026-03-01",
        "closes_at_1": "17:00",
        "review_deadline_0": "2026-04-01",
        "review_deadline_1": "17:00",
        "total_budget": "150000",
        "max_per_application": "50000",
        "min_score": "55",
        "final_report_weeks": "8",
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-position": "0",
        "criteria-0-title": "Netwerkaanpak",
        "criteria-0-description": "Werkt het project samen met anderen in de wijk?",
        "criteria-0-weight": "3",
        **{f"criteria-0-scale_{n}": f"uitleg bij {n}" for n in range(6)},
        "toetsvragen-TOTAL_FORMS": "1",
        "toetsvragen-INITIAL_FORMS": "0",
        "toetsvragen-MIN_NUM_FORMS": "0",
        "toetsvragen-MAX_NUM_FORMS": "1000",
        "toetsvragen-0-position": "0",
        "toetsvragen-0-question": "Voert u het project uit in de gemeente?",
        "toetsvragen-0-required_answer": "on",
        "documenteisen-TOTAL_FORMS": "0",
        "documenteisen-INITIAL_FORMS": "0",
        "documenteisen-MIN_NUM_FORMS": "0",
        "documenteisen-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_a_coordinator_makes_a_call_with_criteria_in_the_admin(client, login, coordinator):
    from tests.factories import GemeenteFactory

    gemeente = GemeenteFactory()
    login(coordinator)

    response = client.post(reverse("admin:subsidies_regeling_add"), regeling_post(gemeente))

    assert response.status_code == 302, response.context["adminform"].form.errors
    from subsidies.models import Regeling

    regeling = Regeling.objects.get(slug="pilots-vraaggericht")
    [criterium] = regeling.criteria.all()
    assert criterium.scale == [f"uitleg bij {n}" for n in range(6)]
    assert regeling.toetsvragen.get().required_answer is True


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closes_at_0": "2025-12-01"}, "closes_at", "sluiten na het moment waarop hij opengaat"),
        ({"review_deadline_0": "2026-02-01"}, "review_deadline", "eindigen na het sluiten"),
        ({"max_per_application": "200000"}, "max_per_application", "niet hoger zijn dan het budget"),
    ],
)
def test_the_admin_refuses_a_call_that_does_not_add_up(client, login, coordinator, changes, field, message):
    from tests.factories import GemeenteFactory

    login(coordinator)

    response = client.post(reverse("admin:subsidies_regeling_add"), regeling_post(GemeenteFactory(), **changes))

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])


def test_the_admin_wants_six_explanations_for_every_criterion(client, login, coordinator):
    from tests.factories import GemeenteFactory

    login(coordinator)

    response = client.post(
        reverse("admin:subsidies_regeling_add"), regeling_post(GemeenteFactory(), **{"criteria-0-scale_5": ""})
    )

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert "zes korte zinnen" in " ".join(errors["scale"])


def test_applications_and_their_history_are_read_only_in_the_admin(client, login, coordinator):
    aanvraag = AanvraagFactory(submitted=True)
    line = Historie.objects.create(aanvraag=aanvraag, step="ingediend")
    login(coordinator)

    assert client.get(reverse("admin:subsidies_aanvraag_changelist")).status_code == 200
    assert client.get(reverse("admin:subsidies_aanvraag_change", args=[aanvraag.pk])).status_code == 200
    assert client.get(reverse("admin:subsidies_aanvraag_add")).status_code == 403
    assert client.post(reverse("admin:subsidies_aanvraag_change", args=[aanvraag.pk]), {}).status_code == 403
    assert client.get(reverse("admin:subsidies_historie_delete", args=[line.pk])).status_code == 403


# ---------------------------------------------------------------------------
# Eligibility
# ---------------------------------------------------------------------------
def test_the_eligibility_page_shows_the_application_its_attachments_and_a_wrong_answer(client, login, coordinator):
    regeling = RegelingFactory()
    extra = ToetsvraagFactory(regeling=regeling, question="Doen ervaringsdeskundigen mee?")
    aanvraag = AanvraagFactory(regeling=regeling, submitted=True)
    aanvraag.eligibility_answers = {**aanvraag.eligibility_answers, str(extra.pk): False}
    aanvraag.save()
    Bijlage.objects.create(
        aanvraag=aanvraag, file="aanvragen/begroting.pdf", name="begroting.pdf", kind="pdf", size=2048,
        uploaded_by=aanvraag.created_by,
    )  # fmt: skip
    login(coordinator)

    response = client.get(reverse("subsidies:coordinator_application", args=[aanvraag.pk]))

    page = response.content.decode()
    assert aanvraag.summary in page and aanvraag.measurement_plan in page and "begroting.pdf" in page
    wrong = [answer for answer in response.context["knockouts"] if not answer.ok]
    assert [answer.question for answer in wrong] == ["Doen ervaringsdeskundigen mee?"]
    assert 'class="table-danger"' in page and "wijkt af" in page


def test_an_eligible_application_goes_to_the_committee(client, login, coordinator):
    aanvraag = AanvraagFactory(submitted=True)
    login(coordinator)

    response = client.post(reverse("subsidies:coordinator_eligible", args=[aanvraag.pk]))

    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.IN_BEOORDELING
    assert Historie.objects.filter(aanvraag=aanvraag, step="ontvankelijk", by=coordinator).exists()


def test_an_application_with_a_wrong_knockout_answer_cannot_be_declared_eligible(client, login, coordinator):
    aanvraag = AanvraagFactory(submitted=True)
    aanvraag.eligibility_answers = dict.fromkeys(aanvraag.eligibility_answers, False)
    aanvraag.save()
    login(coordinator)

    response = client.post(reverse("subsidies:coordinator_eligible", args=[aanvraag.pk]))

    assert response.status_code == 200
    assert "Niet elke toetsvraag is beantwoord" in response.content.decode()
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == Aanvraag.Status.INGEDIEND


def test_not_eligible_needs_a_reason_and_a_confirmation_and_tells_the_applicant(client, login, coordinator, sent_mail):
    aanvraag = AanvraagFactory(submitted=True)
    url = reverse("subsidies:coordinator_ineligible", args=[aanvraag.pk])
    login(coordinator)

    without = client.post(url, {"reason": "  "})
    assert "Dit veld is verplicht" in without.content.decode()

    confirm = client.post(url, {"reason": "Het project is buiten de gemeente."})
    assert "Weet u zeker" in confirm.content.decode()
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == Aanvraag.Status.INGEDIEND

    done = client.post(url, {"reason": "Het project is buiten de gemeente.", "bevestigd": "True"})

    assert done.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.NIET_ONTVANKELIJK
    assert aanvraag.ineligible_reason == "Het project is buiten de gemeente."
    [mail] = [mail for mail in sent_mail() if mail.to == [aanvraag.created_by.email]]
    assert "niet ontvankelijk" in mail.subject and "Het project is buiten de gemeente." in mail.body


def test_an_information_request_reopens_the_chosen_parts_until_a_deadline(client, login, coordinator, sent_mail):
    aanvraag = AanvraagFactory(submitted=True)
    url = reverse("subsidies:coordinator_information", args=[aanvraag.pk])
    deadline = timezone.localdate() + timedelta(days=14)
    login(coordinator)

    wrong = client.post(url, {"message": "", "deadline": timezone.localdate().isoformat()})
    form = wrong.context["information_form"]
    assert set(form.errors) == {"parts", "message", "deadline"}
    assert "Kies een datum in de toekomst." in form.errors["deadline"]

    response = client.post(
        url, {"parts": ["begroting", "bijlagen"], "message": "Stuur de offerte mee.", "deadline": deadline.isoformat()}
    )

    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AANVULLEN
    assert aanvraag.reopened_parts == ["begroting", "bijlagen"]
    assert aanvraag.info_request == "Stuur de offerte mee."
    assert timezone.localtime(aanvraag.info_deadline).date() == deadline
    [mail] = [mail for mail in sent_mail() if mail.to == [aanvraag.created_by.email]]
    assert "Stuur de offerte mee." in mail.body and "bijlagen" in mail.body


def test_the_services_refuse_bad_input_in_dutch(coordinator):
    aanvraag = AanvraagFactory(submitted=True)
    with pytest.raises(ValidationError) as error:
        committee.request_information(
            aanvraag=aanvraag, by=coordinator, parts=[], message="x", deadline=timezone.localdate() + timedelta(days=1)
        )
    assert "Kies minstens één onderdeel" in str(error.value)
    with pytest.raises(ValidationError):
        committee.declare_ineligible(aanvraag=aanvraag, by=coordinator, reason="")
    with pytest.raises(PermissionDenied):
        committee.declare_eligible(aanvraag=aanvraag, by=committee_member())


def test_an_ineligible_application_never_reaches_the_committee(client, login, coordinator):
    regeling = RegelingFactory()
    kept = AanvraagFactory(regeling=regeling, submitted=True)
    refused = AanvraagFactory(regeling=regeling, submitted=True)
    committee.declare_eligible(aanvraag=kept, by=coordinator)
    committee.declare_ineligible(aanvraag=refused, by=coordinator, reason="Buiten de gemeente.")
    member = committee_member()

    titles = [row["title"] for row in member_applications(member, regeling)]

    assert titles == [kept.title]
    assert [call.total for call in committee_calls(member)] == [1]
    assert [row.pk for row in call_ranking(regeling)] == [kept.pk]
    login(member)
    assert client.get(reverse("subsidies:committee_application", args=[refused.pk])).status_code == 404


# ---------------------------------------------------------------------------
# Conflicts of interest
# ---------------------------------------------------------------------------
def test_a_member_sees_the_calls_at_the_committee_and_declares_first(client, login):
    aanvraag = AanvraagFactory(at_committee=True, summary="Een geheim plan voor de wijk.")
    AanvraagFactory(submitted=True)  # not yet at the committee
    member = committee_member()
    login(member)

    start = client.get(reverse("subsidies:committee"))
    assert [item.regeling for item in start.context["calls"]] == [aanvraag.regeling]
    listed = client.get(reverse("subsidies:committee_call", args=[aanvraag.regeling.slug]))
    [row] = listed.context["page"].object_list
    assert row["state"] == "verklaren"

    before = client.get(reverse("subsidies:committee_application", args=[aanvraag.pk])).content.decode()
    assert aanvraag.title in before and aanvraag.organisatie.name in before
    assert "Een geheim plan" not in before

    response = client.post(reverse("subsidies:committee_declare", args=[aanvraag.pk]), {"has_conflict": "nee"})

    assert response.status_code == 302
    after = client.get(reverse("subsidies:committee_application", args=[aanvraag.pk])).content.decode()
    assert "Een geheim plan" in after


def test_a_member_with_a_conflict_never_sees_the_application(client, login):
    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    login(member)

    client.post(
        reverse("subsidies:committee_declare", args=[aanvraag.pk]),
        {"has_conflict": "ja", "explanation": "Ik ben vrijwilliger bij deze organisatie."},
    )

    declaration = Belangenverklaring.objects.get(aanvraag=aanvraag, member=member)
    assert declaration.has_conflict and not declaration.automatic
    assert client.get(reverse("subsidies:committee_application", args=[aanvraag.pk])).status_code == 404
    assert client.post(reverse("subsidies:committee_review", args=[aanvraag.pk]), {}).status_code == 404
    with pytest.raises(ValidationError):
        committee.declare(aanvraag=aanvraag, by=member, has_conflict=False)


@pytest.mark.parametrize("link", ["applicant", "partner"])
def test_a_member_linked_to_the_applicant_or_a_partner_is_excluded_automatically(client, login, link):
    aanvraag = AanvraagFactory(at_committee=True)
    partner = OrganisatieFactory()
    aanvraag.partners.add(partner)
    member = committee_member(
        full_name="Lieke Linkers", organisaties=[aanvraag.organisatie if link == "applicant" else partner]
    )
    login(member)

    [row] = client.get(reverse("subsidies:committee_call", args=[aanvraag.regeling.slug])).context["page"].object_list
    assert row["state"] == "uitgesloten" and not row["may_open"]
    assert client.get(reverse("subsidies:committee_application", args=[aanvraag.pk])).status_code == 404
    assert not Belangenverklaring.objects.exists()  # showing the list writes nothing
    # The ranking and the coördinator count the exclusion already.
    assert call_ranking(aanvraag.regeling)[0].conflicts == 1
    login(UserFactory(role=Role.COORDINATOR))
    page = client.get(reverse("subsidies:coordinator_application", args=[aanvraag.pk])).content.decode()
    assert "Lieke Linkers: uitgesloten" in page

    declaration = committee.declare(aanvraag=aanvraag, by=member, has_conflict=False)

    assert declaration.automatic and declaration.has_conflict
    assert call_ranking(aanvraag.regeling)[0].conflicts == 1  # counted once
    with pytest.raises(PermissionDenied):
        review(aanvraag, member, [3, 3, 3], declare=False)


# ---------------------------------------------------------------------------
# Blind reviews
# ---------------------------------------------------------------------------
def test_a_draft_may_be_incomplete_and_submitting_needs_everything(client, login):
    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    declare_no_conflict(aanvraag, member)
    url = reverse("subsidies:committee_review", args=[aanvraag.pk])
    login(member)

    client.post(url, review_form(aanvraag, [4, None, None], advice="", button="bewaren"))
    draft = Beoordeling.objects.get(aanvraag=aanvraag, member=member)
    assert draft.submitted_at is None and draft.scores.count() == 1

    refused = client.post(url, review_form(aanvraag, [4, None, 2], advice=""))
    form = refused.context["form"]
    assert "Geef punten voor dit criterium." in form.errors[f"score_{criteria_of(aanvraag)[1].pk}"]
    assert "Kies uw advies." in form.errors["advice"]
    assert Beoordeling.objects.get(pk=draft.pk).submitted_at is None

    client.post(url, review_form(aanvraag, [4, 3, 2], advice="deels", comment="Goed plan"))

    submitted = Beoordeling.objects.get(pk=draft.pk)
    assert submitted.submitted_at is not None and submitted.advice == "deels"
    assert sorted(submitted.scores.values_list("points", flat=True)) == [2, 3, 4]
    assert BeoordelingHistorie.objects.filter(beoordeling=draft).count() == 2


def test_the_review_form_offers_each_criteria_explanation_words(client, login):
    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    declare_no_conflict(aanvraag, member)
    login(member)

    page = client.get(reverse("subsidies:committee_application", args=[aanvraag.pk])).content.decode()

    criterium = criteria_of(aanvraag)[0]
    assert f'name="score_{criterium.pk}"' in page and 'type="radio"' in page
    for points, words in enumerate(criterium.scale):
        assert f"{points} – {words}" in page


def test_every_change_of_a_review_is_in_its_history_until_the_deadline_then_it_is_frozen():
    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    first = review(aanvraag, member, [3, 3, 3])
    review(aanvraag, member, [5, 3, 3], declare=False)

    snapshots = [line.snapshot["scores"] for line in BeoordelingHistorie.objects.filter(beoordeling=first)]
    criterium = str(criteria_of(aanvraag)[0].pk)
    assert [snapshot[criterium]["points"] for snapshot in snapshots] == [3, 5]

    regeling = aanvraag.regeling
    regeling.opens_at = timezone.now() - timedelta(days=30)
    regeling.closes_at = timezone.now() - timedelta(days=10)
    regeling.review_deadline = timezone.now() - timedelta(minutes=1)
    regeling.save()
    with pytest.raises(ValidationError) as error:
        review(aanvraag, member, [1, 1, 1], declare=False)
    assert "De termijn om te beoordelen is voorbij" in str(error.value)
    assert Beoordeling.objects.get(pk=first.pk).scores.get(criterium_id=int(criterium)).points == 5


def test_after_the_deadline_the_page_shows_the_frozen_review_and_a_post_changes_nothing(client, login):
    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    review(aanvraag, member, [2, 3, 4], comment="Mijn eerste oordeel")
    regeling = aanvraag.regeling
    regeling.opens_at = timezone.now() - timedelta(days=30)
    regeling.closes_at = timezone.now() - timedelta(days=10)
    regeling.review_deadline = timezone.now() - timedelta(minutes=1)
    regeling.save()
    login(member)

    page = client.get(reverse("subsidies:committee_application", args=[aanvraag.pk])).content.decode()
    assert "De termijn om te beoordelen is voorbij" in page and "Mijn eerste oordeel" in page
    assert 'name="indienen"' not in page

    response = client.post(reverse("subsidies:committee_review", args=[aanvraag.pk]), review_form(aanvraag, [5, 5, 5]))

    assert "De termijn om te beoordelen is voorbij" in response.content.decode()
    assert sorted(score_points(aanvraag, member)) == [2, 3, 4]


def score_points(aanvraag, member):
    return Beoordeling.objects.get(aanvraag=aanvraag, member=member).scores.values_list("points", flat=True)


def test_the_database_refuses_a_review_without_a_declaration_and_the_service_says_so_in_dutch():
    aanvraag = AanvraagFactory(at_committee=True)
    with pytest.raises(ValidationError, match="Verklaar eerst"):
        review(aanvraag, committee_member(), [3, 3, 3], declare=False)


def test_a_member_sees_no_other_review_until_their_own_is_submitted(coordinator):
    aanvraag = AanvraagFactory(at_committee=True)
    anna, bram, cas = committee_member(), committee_member(), committee_member()
    anna_review = review(aanvraag, anna, [5, 5, 5], comment="Anna vindt het sterk")
    cas_draft = review(aanvraag, cas, [1], submit=False)

    # Bram declared but has not submitted: only his own review (none yet).
    declare_no_conflict(aanvraag, bram)
    assert list(reviews_visible_to(bram, aanvraag)) == []
    bram_draft = review(aanvraag, bram, [2, 2], submit=False, declare=False)
    assert list(reviews_visible_to(bram, aanvraag)) == [bram_draft]

    # Submitted: the others' submitted reviews, never their drafts.
    review(aanvraag, bram, [2, 2, 2], declare=False)
    assert set(reviews_visible_to(bram, aanvraag)) == {bram_draft, anna_review}
    assert cas_draft not in set(reviews_visible_to(bram, aanvraag))

    # The secretary sees everything; a member with a conflict and other roles see nothing.
    assert set(reviews_visible_to(coordinator, aanvraag)) == {anna_review, bram_draft, cas_draft}
    conflicted = committee_member()
    Belangenverklaring.objects.create(aanvraag=aanvraag, member=conflicted, has_conflict=True)
    assert list(reviews_visible_to(conflicted, aanvraag)) == []
    assert list(reviews_visible_to(UserFactory(role=Role.STUURGROEP), aanvraag)) == []


def test_the_member_page_shows_the_others_reviews_only_after_submitting(client, login):
    aanvraag = AanvraagFactory(at_committee=True)
    review(aanvraag, committee_member(), [5, 5, 5], comment="Anna vindt het sterk")
    member = committee_member()
    declare_no_conflict(aanvraag, member)
    page_url = reverse("subsidies:committee_application", args=[aanvraag.pk])
    login(member)

    assert "Anna vindt het sterk" not in client.get(page_url).content.decode()

    client.post(reverse("subsidies:committee_review", args=[aanvraag.pk]), review_form(aanvraag, [3, 3, 3]))

    assert "Anna vindt het sterk" in client.get(page_url).content.decode()


def test_a_submitted_review_is_shown_as_it_is_and_changed_on_request(client, login):
    aanvraag = AanvraagFactory(at_committee=True)
    member = committee_member()
    declare_no_conflict(aanvraag, member)
    page_url = reverse("subsidies:committee_application", args=[aanvraag.pk])
    login(member)
    client.post(
        reverse("subsidies:committee_review", args=[aanvraag.pk]),
        review_form(aanvraag, [4, 2, 1], comment="Een sterk netwerk"),
    )

    shown = client.get(page_url)
    assert shown.context["form"] is None  # read-only: no form until the member asks to change it
    assert "Een sterk netwerk" in shown.content.decode()
    assert 'href="?wijzigen=1#beoordeling-titel"' in shown.content.decode()

    editing = client.get(page_url, {"wijzigen": "1"})
    form = editing.context["form"]
    first = criteria_of(aanvraag)[0]
    assert form.initial[f"score_{first.pk}"] == 4
    assert form.initial["comment"] == "Een sterk netwerk"


# ---------------------------------------------------------------------------
# The ranking
# ---------------------------------------------------------------------------
@pytest.fixture
def scored_call():
    """A call with weights 3, 2, 1; three applications at the committee, scored by three members."""
    regeling = RegelingFactory(min_score=55)
    strong = AanvraagFactory(regeling=regeling, at_committee=True, title="Sterk plan")
    disputed = AanvraagFactory(regeling=regeling, at_committee=True, title="Omstreden plan")
    unscored = AanvraagFactory(regeling=regeling, at_committee=True, title="Nog niet gescoord")
    anna, bram, cas = committee_member(), committee_member(), committee_member()
    review(strong, anna, [5, 4, 3], advice="toekennen")
    review(strong, bram, [3, 4, 1], advice="deels")
    review(disputed, anna, [0, 2, 2], advice="afwijzen")
    review(disputed, bram, [4, 2, 2], advice="afwijzen")
    review(disputed, cas, [1, 2, 1], advice="toekennen", submit=False)  # a draft: does not count
    Belangenverklaring.objects.create(aanvraag=strong, member=cas, has_conflict=True)
    return regeling, strong, disputed, unscored, (anna, bram, cas)


def test_the_ranking_computes_the_weighted_score_spread_and_flags_in_one_query(scored_call, django_assert_num_queries):
    regeling, strong, disputed, unscored, _members = scored_call

    with django_assert_num_queries(1):
        rows = call_ranking(regeling)

    assert [row.pk for row in rows] == [strong.pk, disputed.pk, unscored.pk]
    best, worst, none = rows
    # (4×3 + 4×2 + 2×1) / (5 × 6) × 100 = 73.3
    assert best.score == Decimal("73.3") and not best.below_minimum and not best.discuss
    assert [(result.mean, result.spread) for result in best.criteria] == [
        (Decimal("4.0"), 2),
        (Decimal("4.0"), 0),
        (Decimal("2.0"), 2),
    ]
    assert (best.members, best.conflicts, best.advice) == (2, 1, {"toekennen": 1, "deels": 1, "afwijzen": 0})
    # (2×3 + 2×2 + 2×1) / 30 × 100 = 40.0; 0 and 4 points on the first criterion: to discuss.
    assert worst.score == Decimal("40.0") and worst.below_minimum and worst.discuss
    assert worst.criteria[0].discuss and worst.members == 2
    assert none.score is None and none.members == 0 and not none.below_minimum


def test_the_ranking_page_prints_on_a4_landscape_with_the_flags_and_member_counts(
    client, login, coordinator, scored_call
):
    regeling, _strong, _disputed, _unscored, _members = scored_call
    login(coordinator)

    response = client.get(reverse("subsidies:ranking", args=[regeling.slug]))

    page = response.content.decode()
    # The print rules live in a static file (the Content-Security-Policy allows no inline style).
    assert "css/subsidies-ranking.css" in page
    stylesheet = (Path(__file__).resolve().parent.parent / "static" / "css" / "subsidies-ranking.css").read_text()
    assert "@page { size: A4 landscape" in stylesheet and "@media print" in stylesheet
    assert page.index("Sterk plan") < page.index("Omstreden plan") < page.index("Nog niet gescoord")
    assert "bespreken" in page and "2 leden" in page and "1 met belang" in page
    assert "73,3" in page


def test_a_member_sees_the_ranking_only_after_submitting_all_their_reviews(client, login, scored_call):
    regeling, strong, disputed, unscored, (anna, _bram, cas) = scored_call
    url = reverse("subsidies:ranking", args=[regeling.slug])
    export = reverse("subsidies:ranking_export", args=[regeling.slug])
    login(anna)

    closed = client.get(url)
    assert closed.status_code == 200 and closed.context["rows"] == []
    assert client.get(export).status_code == 403

    review(unscored, anna, [3, 3, 3])
    rows = client.get(url).context["rows"]
    assert {row.pk for _place, row in rows} == {strong.pk, disputed.pk, unscored.pk}

    # Cas has a conflict with the strong plan and a draft for the disputed one: the gate stays closed, and once
    # open it never shows him the strong plan.
    login(cas)
    assert client.get(url).context["rows"] == []
    review(disputed, cas, [1, 2, 1], declare=False)
    review(unscored, cas, [2, 2, 2])
    assert {row.pk for _place, row in client.get(url).context["rows"]} == {disputed.pk, unscored.pk}


def read_xlsx(response):
    sheet = load_workbook(BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_export_is_formula_safe_and_as_blind_as_the_page(client, login, coordinator):
    regeling = RegelingFactory()
    danger = AanvraagFactory(regeling=regeling, at_committee=True, title='=HYPERLINK("http://evil.test","klik")')
    other = AanvraagFactory(regeling=regeling, at_committee=True, title="Gewoon plan")
    anna, bram = committee_member(), committee_member()
    review(danger, anna, [4, 4, 4])
    review(other, bram, [2, 2, 2])
    Belangenverklaring.objects.create(aanvraag=other, member=anna, has_conflict=True)
    Belangenverklaring.objects.create(aanvraag=danger, member=bram, has_conflict=True)
    export = reverse("subsidies:ranking_export", args=[regeling.slug])

    login(coordinator)
    response = client.get(export)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, *rows = read_xlsx(response)
    assert header[:3] == ["Plaats", "Nummer", "Aanvraag"]
    titles = [row[2] for row in rows]
    assert titles == ['\'=HYPERLINK("http://evil.test","klik")', "Gewoon plan"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(row=2, column=3).data_type == "s"  # text, not a formula
    assert rows[0][6] == 80  # the score is a number

    login(anna)
    assert [row[2] for row in read_xlsx(client.get(export))[1:]] == ['\'=HYPERLINK("http://evil.test","klik")']
    login(bram)
    assert [row[2] for row in read_xlsx(client.get(export))[1:]] == ["Gewoon plan"]


# ---------------------------------------------------------------------------
# Query budgets
# ---------------------------------------------------------------------------
def test_the_members_list_costs_the_same_queries_for_many_applications(client, login, django_assert_max_num_queries):
    regeling = RegelingFactory()
    member = committee_member(organisaties=[OrganisatieFactory()])
    applications = AanvraagFactory.create_batch(30, regeling=regeling, at_committee=True, lines=False)
    for aanvraag in applications[:10]:
        review(aanvraag, member, [3, 3, 3])
    login(member)
    client.get(reverse("subsidies:committee_call", args=[regeling.slug]))

    with django_assert_max_num_queries(10):
        response = client.get(reverse("subsidies:committee_call", args=[regeling.slug]))
    with django_assert_max_num_queries(10):
        client.get(reverse("subsidies:committee"))

    assert len(response.context["page"].object_list) == 25


def test_the_ranking_page_costs_the_same_queries_for_many_rows(
    client, login, coordinator, django_assert_max_num_queries
):
    regeling = RegelingFactory(criteria=7)
    members = [committee_member() for _ in range(3)]
    for aanvraag in AanvraagFactory.create_batch(40, regeling=regeling, at_committee=True, lines=False):
        for member in members:
            review(aanvraag, member, [3, 4, 2, 5, 1, 3, 4])
    url = reverse("subsidies:ranking", args=[regeling.slug])
    login(coordinator)
    client.get(url)

    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["rows"]) == 40

    login(members[0])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.context["rows"]) == 40


# ---------------------------------------------------------------------------
# Accessibility
# ---------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_committee_and_coordinator_pages_pass_axe(live_server, client, login):
    from django.conf import settings

    from tests.browser import browser_page, serious_axe_violations

    regeling = RegelingFactory()
    declared, undeclared = AanvraagFactory.create_batch(2, regeling=regeling, at_committee=True)
    submitted = AanvraagFactory(regeling=regeling, submitted=True)
    other = committee_member()
    review(declared, other, [4, 2, 5])
    member = committee_member()
    declare_no_conflict(declared, member)
    coordinator = UserFactory(role=Role.COORDINATOR)
    problems = {}
    for user, paths in [
        (
            member,
            [
                reverse("subsidies:committee"),
                reverse("subsidies:committee_call", args=[regeling.slug]),
                reverse("subsidies:committee_application", args=[undeclared.pk]),  # the declaration
                reverse("subsidies:committee_application", args=[declared.pk]),  # the review form
            ],
        ),
        (
            coordinator,
            [
                reverse("subsidies:coordinator_calls"),
                reverse("subsidies:coordinator_call", args=[regeling.slug]),
                reverse("subsidies:coordinator_application", args=[submitted.pk]),
                reverse("subsidies:coordinator_application", args=[declared.pk]),
                reverse("subsidies:ranking", args=[regeling.slug]),
            ],
        ),
    ]:
        login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        with browser_page() as page:
            page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
            for path in paths:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                assert page.get_by_role("heading", level=1).count() == 1, path
                violations = serious_axe_violations(page)
                if violations:
                    problems[path] = violations
    assert not problems, problems
