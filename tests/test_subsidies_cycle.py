"""The whole cycle of a subsidy, across the four parts of subsidies, as the people who do it take the steps: a
coördinator opens a call in the admin, an applicant submits, three committee members declare their interests and
score blind, the ranking and the budget lead to a decision letter, and the project's reports are chased and
accepted until the grant is settled. Each part is tested in depth in its own file (test_subsidies_applicant,
_committee, _grants, _reports); this file shows that they join up."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coalition.models import OutboxMessage, Role
from subsidies.choices import RapportSoort
from subsidies.models import Aanvraag, Regeling
from subsidies.queries.committee import reviews_visible_to
from subsidies.queries.ranking import call_ranking
from subsidies.services import committee, grants, reports
from tests.factories import GemeenteFactory, OrganisatieFactory, UserFactory, committee_member, ready_to_submit
from tests.test_subsidies_committee import regeling_post

pytestmark = pytest.mark.django_db


def review(aanvraag, member, points, advice="toekennen"):
    criteria = list(aanvraag.regeling.criteria.all())
    return committee.save_review(
        aanvraag=aanvraag,
        by=member,
        scores={c.pk: points for c in criteria},
        score_comments={c.pk: "Goed onderbouwd." for c in criteria},
        advice=advice,
        comment="Past bij de bouwstenen van het plan.",
        submit=True,
    )


def open_call(client, login, coordinator):
    """A coördinator opens a call in the admin: open now, closing in a month, € 60.000 in all."""
    now = timezone.localtime()
    login(coordinator)
    data = regeling_post(
        GemeenteFactory(name="Hengelo"),
        total_budget="60000",
        max_per_application="30000",
        interim_report_months="6",
        requires_measurement="on",
        opens_at_0=(now - timedelta(days=1)).strftime("%Y-%m-%d"),
        closes_at_0=(now + timedelta(days=30)).strftime("%Y-%m-%d"),
        review_deadline_0=(now + timedelta(days=60)).strftime("%Y-%m-%d"),
    )
    assert client.post(reverse("admin:subsidies_regeling_add"), data).status_code == 302
    client.logout()
    return Regeling.objects.get(slug="pilots-vraaggericht")


def submit_application(client, login, regeling):
    """An applicant submits a complete application through the submission page."""
    wijkracht = OrganisatieFactory(name="Wijkracht")
    applicant = UserFactory(role=Role.AANVRAGER, organisaties=[wijkracht])
    aanvraag = ready_to_submit(
        regeling=regeling,
        organisatie=wijkracht,
        created_by=applicant,
        measurement_plan="Voor- en nameting met de De Jong Gierveld-schaal.",
    )
    login(applicant)
    assert client.post(reverse("subsidies:submit", args=[aanvraag.pk])).status_code == 302
    client.logout()
    aanvraag.refresh_from_db()
    return aanvraag, applicant


def test_from_an_open_call_to_a_settled_grant(client, login, coordinator, sent_mail):
    regeling = open_call(client, login, coordinator)

    # It is public: an initiative finds it without logging in.
    assert regeling.title in client.get(reverse("subsidies:index")).content.decode()

    aanvraag, applicant = submit_application(client, login, regeling)
    assert aanvraag.status == Aanvraag.Status.INGEDIEND

    # The coördinator finds it eligible: it goes to the committee.
    committee.declare_eligible(aanvraag=aanvraag, by=coordinator)

    # Three members: one works for the applicant and is excluded; two declare no conflict and score blind.
    linked = committee_member(organisaties=[aanvraag.organisatie])
    first, second = committee_member(), committee_member()
    assert login(linked).get(reverse("subsidies:committee_application", args=[aanvraag.pk])).status_code == 404
    for member in (first, second):
        committee.declare(aanvraag=aanvraag, by=member, has_conflict=False)
    review(aanvraag, first, 4)
    assert list(reviews_visible_to(second, aanvraag)) == []  # second has not submitted: sees nobody's review
    review(aanvraag, second, 3)
    assert len(list(reviews_visible_to(second, aanvraag))) == 2

    # The ranking: two members scored, (4 + 3) / 2 = 3.5 of 5 on every criterion is 70 of 100.
    [row] = call_ranking(regeling)
    assert row.members == 2
    assert round(row.score) == 70

    # The coördinator allocates part of the budget and grants; the decision letter is ready as a PDF.
    grants.allocate(aanvraag=aanvraag, amount=Decimal("15000"), by=coordinator)
    grants.grant(aanvraag=aanvraag, reasons="Sterk plan met ervaringsdeskundigen.", by=coordinator)
    aanvraag.refresh_from_db()
    regeling.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.DEELS_TOEGEKEND  # € 20.000 asked, € 15.000 granted
    assert regeling.budget_left == Decimal("45000")
    login(applicant)
    pdf = client.get(reverse("subsidies:grant_letter_pdf", args=[aanvraag.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert any(applicant.email in mail.to for mail in sent_mail())

    # The reports follow from the call's rules; four weeks before the interim report is due, the applicant hears.
    interim, final = aanvraag.rapportages.order_by("due_date")
    assert (interim.kind, final.kind) == (RapportSoort.TUSSENTIJDS, RapportSoort.EIND)
    reports.send_due_reminders(today=interim.due_date - timedelta(days=28))
    reports.send_due_reminders(today=interim.due_date - timedelta(days=28))  # a second run sends nothing more
    reminders = OutboxMessage.objects.filter(to=applicant.email, topic__startswith="subsidies.rapportage")
    assert reminders.count() == 1

    # Reports that are missed (here both) are chased with the coördinators, each once.
    reports.send_due_reminders(today=final.due_date + timedelta(days=1))
    reports.send_due_reminders(today=final.due_date + timedelta(days=2))
    chased = OutboxMessage.objects.filter(to=coordinator.email, topic__startswith="subsidies.rapportage")
    assert chased.count() == 2

    # The final report arrives and is accepted; then the grant is settled.
    content = reports.ReportContent(
        activities_done="Veertig huisbezoeken.",
        lessons="Werven via de moskee werkt.",
        reach={doel.pk: 30 for doel in aanvraag.doelen.all()},
        spending={line.pk: line.amount - line.co_financing for line in aanvraag.begroting.all()},
        measurements={
            "djg11": reports.Meting(
                measured=12, mean_before=Decimal("6.5"), mean_after=Decimal("4.0"), lonely_before=9, lonely_after=5
            )
        },
    )
    reports.submit(rapportage=final, content=content, by=applicant)
    reports.accept(rapportage=final, by=coordinator)
    grants.settle(aanvraag=aanvraag, amount=Decimal("15000"), by=coordinator)
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.VASTGESTELD

    # Every step is in the application's history, in order.
    steps = list(aanvraag.historie.order_by("at", "pk").values_list("step", flat=True))
    for expected in ("ingediend", "ontvankelijk", "bedrag_toegewezen", "deels_toegekend", "vastgesteld"):
        assert expected in steps
    assert steps.index("ingediend") < steps.index("ontvankelijk") < steps.index("deels_toegekend")
