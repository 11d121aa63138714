"""Subsidies' part of `manage.py bench` (registered in apps.py; coalition/management/commands/bench.py runs it).

`seed()` adds one call at the committee to the benchmark database (after coalition's organisations): 300
applications of 300 bench organisations, 7 weighted criteria, and 5 committee members (the bench commissielid among
them) who each declared no conflict and submitted a review of every application, with points that sometimes differ
enough to be flagged. `PAGES` are the pages measured, with the targets of issue 11: the committee overview (the
ranking) p95 ≤ 80 ms with ≤ 12 queries, an application page p95 ≤ 50 ms.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from coalition.management.commands.bench import Page, bench_user
from coalition.models import Gemeente, Organisatie, Role, User

from .choices import AanvraagStatus, Advies, BegrotingCategorie
from .models import (
    Aanvraag,
    Begrotingsregel,
    Belangenverklaring,
    Beoordeling,
    BeoordelingHistorie,
    Criterium,
    Doel,
    Historie,
    Regeling,
    Score,
    Toetsvraag,
)

SLUG = "bench-commissie"
APPLICATIONS = 300
CRITERIA = 7
MEMBERS = 5
BATCH = 2000

CRITERIA_TITLES = [
    "Netwerkaanpak",
    "Eenzame mensen en ervaringsdeskundigen doen mee",
    "Mensen achter de voordeur bereiken",
    "Duurzaam na de subsidie",
    "Effect meten",
    "Past bij de wijk",
    "Begroting klopt en is redelijk",
]
SCALE = ["ontbreekt", "zwak", "matig", "voldoende", "goed", "uitstekend"]


def seed(options: dict) -> None:
    """Idempotent: seeds the call once (again when an earlier run stopped halfway)."""
    regeling = Regeling.objects.filter(slug=SLUG).first()
    complete = (
        regeling is not None
        and Beoordeling.objects.filter(aanvraag__regeling=regeling, submitted_at__isnull=False).count()
        >= APPLICATIONS * MEMBERS
    )
    if not complete:
        print(
            f"Seeding a call with {APPLICATIONS} applications × {CRITERIA} criteria × {MEMBERS} members …", flush=True
        )
        _seed()
        _vacuum_analyze()  # outside the seeding transaction: VACUUM cannot run inside one
    _add_application_pages()


def _members() -> list[User]:
    """The bench commissielid and four more members."""
    others = [
        User.objects.get_or_create(
            email=f"bench-lid-{n}@omzien.bench",
            defaults={"full_name": f"Bench commissielid {n}", "role": Role.COMMISSIELID},
        )[0]
        for n in range(1, MEMBERS)
    ]
    return [bench_user(Role.COMMISSIELID), *others]


@transaction.atomic
def _seed() -> None:
    rng = random.Random(11)
    now = timezone.now()
    # A half-finished earlier run: its applications (with their reviews) and the call go first.
    Aanvraag.objects.filter(regeling__slug=SLUG).delete()
    Regeling.objects.filter(slug=SLUG).delete()
    gemeente = Gemeente.objects.filter(name__startswith="Benchgemeente").order_by("name").first()
    if gemeente is None:
        raise RuntimeError("No bench gemeente: coalition's bench seeds them first.")
    regeling = Regeling.objects.create(
        title="Bench: samen tegen eenzaamheid in de wijk",
        slug=SLUG,
        gemeente=gemeente,
        summary="Geld voor projecten die eenzaamheid in de wijk verminderen.",
        description="Een regeling om de pagina's van de commissie te meten.",
        target_groups=["ouderen", "jongeren"],
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=30),
        review_deadline=now + timedelta(days=30),
        total_budget=Decimal("5000000.00"),
        max_per_application=Decimal("100000.00"),
        min_score=55,
    )
    criteria = Criterium.objects.bulk_create(
        Criterium(
            regeling=regeling,
            position=position,
            title=title,
            description=f"Waar de commissie op let bij ‘{title.lower()}’.",
            weight=1 + position % 3,
            scale=SCALE,
        )
        for position, title in enumerate(CRITERIA_TITLES[:CRITERIA])
    )
    question = Toetsvraag.objects.create(regeling=regeling, question="Voert u het project uit in de gemeente?")
    applicant = bench_user(Role.AANVRAGER)
    organisaties = list(
        Organisatie.objects.filter(name__startswith="Bench ").order_by("name")[100 : 100 + APPLICATIONS]
    )
    applications = Aanvraag.objects.bulk_create(
        Aanvraag(
            regeling=regeling,
            organisatie=organisaties[i % len(organisaties)],
            created_by=applicant,
            created_at=now - timedelta(days=60, minutes=i),
            status=AanvraagStatus.IN_BEOORDELING,
            title=f"Samen in de wijk {i:03d}",
            summary="Huisbezoeken en een wekelijkse ontmoeting voor oudere bewoners. " * 3,
            start_date=timezone.localdate() + timedelta(days=60),
            end_date=timezone.localdate() + timedelta(days=425),
            contact_name="Fatma Yilmaz",
            contact_phone="053 123 4567",
            target_groups=["ouderen"],
            ervaringsdeskundigen="Twee ervaringsdeskundigen denken mee in de stuurgroep van het project.",
            activities="Maand 1–3: werven vrijwilligers. Maand 4–12: huisbezoeken en wekelijkse ontmoeting.",
            measurement_plan="Voor- en nameting met de De Jong Gierveld-schaal bij alle deelnemers.",
            sustainability="Na een jaar draagt de bewonersvereniging de ontmoeting.",
            amount_requested=Decimal(rng.randrange(10_000, 100_000, 500)),
            eligibility_answers={str(question.pk): True},
            submitted_at=now - timedelta(days=45, minutes=i),
        )
        for i in range(APPLICATIONS)
    )
    Partners = Aanvraag.partners.through
    Partners.objects.bulk_create(
        Partners(aanvraag=aanvraag, organisatie=organisaties[(i + 1) % len(organisaties)])
        for i, aanvraag in enumerate(applications)
    )
    Doel.objects.bulk_create(
        Doel(aanvraag=aanvraag, target_group="ouderen", description="Oudere bewoners die we thuis bezoeken", number=25)
        for aanvraag in applications
    )
    Begrotingsregel.objects.bulk_create(
        Begrotingsregel(aanvraag=aanvraag, category=category, description="Begeleiding", amount=Decimal("5000.00"))
        for aanvraag in applications
        for category in (BegrotingCategorie.PERSONEEL, BegrotingCategorie.ACTIVITEITEN, BegrotingCategorie.METEN)
    )
    Historie.objects.bulk_create(
        Historie(aanvraag=aanvraag, at=now - timedelta(days=45 - offset), step=step, by=by)
        for aanvraag in applications
        for offset, step, by in ((0, "ingediend", applicant), (5, "ontvankelijk", bench_user(Role.COORDINATOR)))
    )
    members = _members()
    Belangenverklaring.objects.bulk_create(
        (
            Belangenverklaring(aanvraag=aanvraag, member=member, has_conflict=False)
            for aanvraag in applications
            for member in members
        ),
        batch_size=BATCH,
    )
    reviews = Beoordeling.objects.bulk_create(
        (
            Beoordeling(
                aanvraag=aanvraag,
                member=member,
                advice=rng.choice(Advies.values),
                comment="Een sterk plan met een goede netwerkaanpak.",
                submitted_at=now - timedelta(days=10),
                updated_at=now - timedelta(days=10),
            )
            for aanvraag in applications
            for member in members
        ),
        batch_size=BATCH,
    )
    quality = {aanvraag.pk: rng.randint(1, 4) for aanvraag in applications}
    scores = []
    for review in reviews:
        for criterium in criteria:
            # Mostly close to the application's quality; now and then a member who sees it quite differently.
            spread = 3 if rng.random() < 0.03 else 1
            points = min(5, max(0, quality[review.aanvraag_id] + rng.randint(-spread, spread)))
            scores.append(Score(beoordeling=review, criterium=criterium, points=points, comment="Toelichting."))
    Score.objects.bulk_create(scores, batch_size=BATCH)
    BeoordelingHistorie.objects.bulk_create(
        (BeoordelingHistorie(beoordeling=review, submitted=True, snapshot={}) for review in reviews), batch_size=BATCH
    )


def _vacuum_analyze() -> None:
    with connection.cursor() as cursor:
        for model in (Aanvraag, Belangenverklaring, Beoordeling, Score, Historie):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")


def _add_application_pages() -> None:
    """The pages of one application need its id, known only after seeding."""
    aanvraag = Aanvraag.objects.filter(regeling__slug=SLUG).order_by("pk").first()
    if aanvraag is None:
        return
    for page in (
        Page(
            "subsidies: aanvraag (coördinator)", f"/subsidies/beheer/aanvraag/{aanvraag.pk}/", Role.COORDINATOR, 20, 50
        ),
        Page(
            "subsidies: aanvraag (commissielid)",
            f"/subsidies/commissie/aanvraag/{aanvraag.pk}/",
            Role.COMMISSIELID,
            20,
            50,
        ),
        # The same page with the review form (7 criteria × 6 points), as while scoring.
        Page(
            "subsidies: aanvraag (commissielid, formulier)",
            f"/subsidies/commissie/aanvraag/{aanvraag.pk}/?wijzigen=1",
            Role.COMMISSIELID,
            20,
            50,
        ),
    ):
        if not any(existing.url == page.url for existing in PAGES):
            PAGES.append(page)


# (page, who, query budget, p95 target in ms): the targets of issue 11.
PAGES = [
    Page("subsidies: ranglijst (300 × 7 × 5)", f"/subsidies/beheer/{SLUG}/ranglijst/", Role.COORDINATOR, 12, 80),
    Page("subsidies: ranglijst (commissielid)", f"/subsidies/beheer/{SLUG}/ranglijst/", Role.COMMISSIELID, 12, 80),
    Page(
        "subsidies: regeling, bij de commissie", f"/subsidies/beheer/{SLUG}/?lijst=commissie", Role.COORDINATOR, 12, 80
    ),
    Page("subsidies: commissie, aanvragen", f"/subsidies/commissie/{SLUG}/", Role.COMMISSIELID, 12, 80),
    Page("subsidies: commissie, regelingen", "/subsidies/commissie/", Role.COMMISSIELID, 12, 80),
    Page("subsidies: regelingen (coördinator)", "/subsidies/beheer/", Role.COORDINATOR, 12, 80),
]
