"""Project subsidies: calls (regelingen), applications, the committee's independent scoring, decisions and the
grantee's reports.

The workflow of an application and of a report is one table each (workflows.py); every change goes through
services/ and appends a line to the application's history (`Historie`), which the database refuses to edit.
Three rules hold in the database itself, whatever the code does:

- a call's allocated total never exceeds its budget: a trigger keeps `Regeling.allocated_total` equal to the sum of
  its applications' allocated amounts (locking the call's row, so two allocations at the same moment wait for each
  other) and a check constraint refuses more than `total_budget`;
- a committee member only scores an application after declaring that they have no conflict of interest with it
  (a trigger on `Beoordeling`);
- the history is append-only (a trigger refuses UPDATE).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition.formatting import euro
from coalition.models import Gemeente, Organisatie, Wijk

from .choices import (
    AanvraagStatus,
    Advies,
    BegrotingCategorie,
    BetalingSoort,
    Doelgroep,
    MeetVorm,
    Onderdeel,
    RapportSoort,
    RapportStatus,
)

# The scale every criterion is scored on: 0 (absent) to 5 (excellent).
SCALE_POINTS = 6
MAX_POINTS = SCALE_POINTS - 1
ZERO = Decimal("0.00")


def private_storage() -> FileSystemStorage:
    """Attachments live under SUBSIDIES_PRIVATE_ROOT, outside MEDIA_ROOT and without a URL: they are served only
    through the view that checks who asks (views/files.py), which writes each download in the history. A callable,
    so a migration names this function rather than a path."""
    return FileSystemStorage(location=settings.SUBSIDIES_PRIVATE_ROOT, base_url=None)


# ---------------------------------------------------------------------------
# The call
# ---------------------------------------------------------------------------
class Regeling(models.Model):
    title = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam in de link"), max_length=80, unique=True)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="regelingen", verbose_name=_("gemeente")
    )
    summary = models.CharField(
        _("in één zin"), max_length=300, help_text=_("Wat de regeling wil bereiken, in gewone taal.")
    )
    description = models.TextField(
        _("uitleg"), help_text=_("Wat er kan, voor wie, en hoe u aanvraagt. Schrijf zoals u praat (taalniveau B1).")
    )
    target_groups = ArrayField(
        models.CharField(max_length=20, choices=Doelgroep),
        verbose_name=_("doelgroepen"),
        default=list,
        blank=True,
    )
    wijken = models.ManyToManyField(
        Wijk, related_name="regelingen", blank=True, verbose_name=_("wijken"), help_text=_("Leeg: de hele gemeente.")
    )
    opens_at = models.DateTimeField(_("open vanaf"))
    closes_at = models.DateTimeField(
        _("sluit op"), help_text=_("Na dit moment kan niemand meer indienen; een concept blijft bewaard.")
    )
    review_deadline = models.DateTimeField(
        _("beoordelen tot"), help_text=_("Tot dit moment kunnen commissieleden hun beoordeling nog wijzigen.")
    )
    total_budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    max_per_application = models.DecimalField(
        _("maximum per aanvraag (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    min_score = models.PositiveSmallIntegerField(
        _("minimale score"),
        default=55,
        validators=[MaxValueValidator(100)],
        help_text=_("Gewogen score (0–100) waaronder geen subsidie wordt toegekend."),
    )
    interim_report_months = models.PositiveSmallIntegerField(
        _("tussenrapportage na (maanden)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Aantal maanden na de start van het project. Leeg: geen tussenrapportage."),
    )
    final_report_weeks = models.PositiveSmallIntegerField(
        _("eindrapportage binnen (weken)"),
        default=8,
        validators=[MinValueValidator(1)],
        help_text=_("Aantal weken na de einddatum van het project."),
    )
    requires_measurement = models.BooleanField(
        _("voor- en nameting verplicht"),
        default=False,
        help_text=_(
            "Deelnemers vullen aan het begin en aan het eind de De Jong Gierveld-schaal in; "
            "de rapportage geeft de uitkomsten als totalen."
        ),
    )
    allocated_total = models.DecimalField(
        _("toegewezen (€)"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        editable=False,
        help_text=_("Som van de toegewezen bedragen; de database houdt dit bij."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")
        ordering = ["-closes_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="regeling_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(review_deadline__gt=models.F("closes_at")), name="regeling_review_after_closing"
            ),
            models.CheckConstraint(condition=models.Q(total_budget__gte=0), name="regeling_budget_not_negative"),
            models.CheckConstraint(
                condition=models.Q(max_per_application__gt=0, max_per_application__lte=models.F("total_budget")),
                name="regeling_max_within_budget",
            ),
            models.CheckConstraint(condition=models.Q(min_score__lte=100), name="regeling_min_score_percentage"),
            # Never more allocated than the budget: the trigger of migration 0001 keeps allocated_total current.
            models.CheckConstraint(
                condition=models.Q(allocated_total__gte=0, allocated_total__lte=models.F("total_budget")),
                name="regeling_never_over_allocated",
            ),
        ]
        indexes = [
            # The public list: calls open now (opens_at <= now < closes_at).
            models.Index(fields=["closes_at", "opens_at"], name="regeling_open"),
        ]

    def __str__(self):
        return self.title

    def is_open(self, at=None) -> bool:
        moment = at or timezone.now()
        return self.opens_at <= moment < self.closes_at

    @property
    def budget_left(self) -> Decimal:
        return self.total_budget - self.allocated_total


class Criterium(models.Model):
    """A weighted criterion (a building block of the plan), scored 0–5 with each point explained in words."""

    regeling = models.ForeignKey(
        Regeling, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("regeling")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("criterium"), max_length=200)
    description = models.TextField(_("toelichting"), help_text=_("Waar de commissie op let."))
    weight = models.PositiveSmallIntegerField(
        _("gewicht"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)], help_text=_("1 tot 10.")
    )
    scale = ArrayField(
        models.CharField(max_length=300),
        size=SCALE_POINTS,
        verbose_name=_("uitleg bij de punten"),
        help_text=_("Zes korte zinnen: wat 0, 1, 2, 3, 4 en 5 punten betekenen."),
    )

    class Meta:
        verbose_name = _("criterium")
        verbose_name_plural = _("criteria")
        ordering = ["regeling", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["regeling", "title"], name="criterium_unique_title"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=10), name="criterium_weight_1_10"),
            # One explanation for each point of the scale, 0 to 5.
            models.CheckConstraint(
                condition=Exact(
                    models.Func("scale", 1, function="array_length", output_field=models.IntegerField()), SCALE_POINTS
                ),
                name="criterium_scale_six_points",
            ),
        ]

    def __str__(self):
        return self.title


class Toetsvraag(models.Model):
    """A knock-out question: an application whose answer differs from `required_answer` is not eligible."""

    regeling = models.ForeignKey(
        Regeling, on_delete=models.CASCADE, related_name="toetsvragen", verbose_name=_("regeling")
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    question = models.CharField(_("vraag"), max_length=300)
    required_answer = models.BooleanField(_("vereist antwoord is ja"), default=True)

    class Meta:
        verbose_name = _("toetsvraag")
        verbose_name_plural = _("toetsvragen")
        ordering = ["regeling", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["regeling", "question"], name="toetsvraag_unique")]

    def __str__(self):
        return self.question


class Documenteis(models.Model):
    """A document that an application must (or may) include."""

    regeling = models.ForeignKey(
        Regeling, on_delete=models.CASCADE, related_name="documenteisen", verbose_name=_("regeling")
    )
    name = models.CharField(_("document"), max_length=200)
    description = models.CharField(_("toelichting"), max_length=300, blank=True)
    required = models.BooleanField(_("verplicht"), default=True)

    class Meta:
        verbose_name = _("gevraagd document")
        verbose_name_plural = _("gevraagde documenten")
        ordering = ["regeling", "-required", "name"]
        constraints = [models.UniqueConstraint(fields=["regeling", "name"], name="documenteis_unique")]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------
# The application
# ---------------------------------------------------------------------------
class Aanvraag(models.Model):
    Status = AanvraagStatus

    regeling = models.ForeignKey(
        Regeling, on_delete=models.PROTECT, related_name="aanvragen", verbose_name=_("regeling")
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="subsidieaanvragen", verbose_name=_("organisatie")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("aangemaakt door")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("laatst bewaard"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=AanvraagStatus, default=AanvraagStatus.CONCEPT)
    # Project and summary
    title = models.CharField(_("naam van het project"), max_length=200)
    summary = models.TextField(
        _("samenvatting"), blank=True, help_text=_("Wat u gaat doen en voor wie, in 5 tot 10 zinnen.")
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    # Organisation and network partners
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefoonnummer contactpersoon"), max_length=20, blank=True)
    partners = models.ManyToManyField(
        Organisatie,
        related_name="subsidiepartnerschappen",
        blank=True,
        verbose_name=_("netwerkpartners"),
        help_text=_("Organisaties uit de coalitie die meedoen."),
    )
    other_partners = models.TextField(
        _("andere partners"), blank=True, help_text=_("Partners die (nog) niet in de coalitie zitten, met hun rol.")
    )
    # Wijken and target groups
    wijken = models.ManyToManyField(Wijk, related_name="subsidieaanvragen", blank=True, verbose_name=_("wijken"))
    whole_gemeente = models.BooleanField(
        _("de hele gemeente"),
        default=False,
        help_text=_("Aanvinken als het project voor de hele gemeente is, niet voor bepaalde wijken."),
    )
    target_groups = ArrayField(
        models.CharField(max_length=20, choices=Doelgroep), verbose_name=_("doelgroepen"), default=list, blank=True
    )
    # The plan
    ervaringsdeskundigen = models.TextField(
        _("rol van ervaringsdeskundigen"),
        blank=True,
        help_text=_("Hoe denken mensen die eenzaamheid kennen mee, en wat doen zij in het project?"),
    )
    activities = models.TextField(_("activiteiten en planning"), blank=True)
    measurement_plan = models.TextField(
        _("meetplan"), blank=True, help_text=_("Hoe u meet of het project helpt, en wanneer.")
    )
    sustainability = models.TextField(
        _("na de subsidie"), blank=True, help_text=_("Hoe gaat het verder als de subsidie op is?")
    )
    amount_requested = models.DecimalField(
        _("gevraagd bedrag (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    eligibility_answers = models.JSONField(
        _("antwoorden op de toetsvragen"), default=dict, blank=True, help_text=_("{toetsvraag-id: ja of nee}")
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    # An information request reopens only these parts, until the deadline.
    reopened_parts = ArrayField(
        models.CharField(max_length=20, choices=Onderdeel),
        verbose_name=_("heropende onderdelen"),
        default=list,
        blank=True,
    )
    info_request = models.TextField(_("gevraagde aanvulling"), blank=True)
    info_deadline = models.DateTimeField(_("aanvullen vóór"), null=True, blank=True)
    # Eligibility, allocation, decision, settlement
    ineligible_reason = models.TextField(_("reden niet ontvankelijk"), blank=True)
    allocated_amount = models.DecimalField(
        _("toegewezen bedrag (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    decision_reasons = models.TextField(_("motivering besluit"), blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besloten door"),
    )
    settled_amount = models.DecimalField(
        _("vastgesteld bedrag (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    settled_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True)
    # A project that runs an activity for residents, once published on the sociale kaart.
    activiteit = models.ForeignKey(
        "socialekaart.Activiteit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activiteit op de sociale kaart"),
    )

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=AanvraagStatus.values), name="aanvraag_status_valid"),
            models.CheckConstraint(
                condition=models.Q(amount_requested__isnull=True) | models.Q(amount_requested__gte=0),
                name="aanvraag_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="aanvraag_ends_after_start",
            ),
            # Whatever leaves the concept state was submitted at a known moment.
            models.CheckConstraint(
                condition=models.Q(status=AanvraagStatus.CONCEPT)
                | models.Q(submitted_at__isnull=False)
                | models.Q(status=AanvraagStatus.INGETROKKEN),
                name="aanvraag_submitted_has_moment",
            ),
            # A grant (whole or partial) is never more than was asked for.
            models.CheckConstraint(
                condition=models.Q(allocated_amount__isnull=True)
                | models.Q(allocated_amount__gte=0, allocated_amount__lte=models.F("amount_requested")),
                name="aanvraag_allocation_within_request",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AanvraagStatus.NIET_ONTVANKELIJK) | ~models.Q(ineligible_reason=""),
                name="aanvraag_ineligible_has_reason",
            ),
            # A decision states its reasons; a grant states its amount.
            models.CheckConstraint(
                condition=~models.Q(
                    status__in=[AanvraagStatus.TOEGEKEND, AanvraagStatus.DEELS_TOEGEKEND, AanvraagStatus.AFGEWEZEN]
                )
                | (~models.Q(decision_reasons="") & models.Q(decided_at__isnull=False)),
                name="aanvraag_decision_has_reasons",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[AanvraagStatus.TOEGEKEND, AanvraagStatus.DEELS_TOEGEKEND])
                | models.Q(allocated_amount__gt=0),
                name="aanvraag_grant_has_amount",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=AanvraagStatus.VASTGESTELD)
                | models.Q(settled_amount__isnull=False, settled_at__isnull=False),
                name="aanvraag_settled_has_amount",
            ),
        ]
        indexes = [
            # The coördinator's and the committee's lists of one call, by status.
            models.Index(fields=["regeling", "status"], name="aanvraag_regeling_status"),
            # The applicant's own list.
            models.Index(fields=["organisatie", "-created_at"], name="aanvraag_organisatie"),
        ]

    def __str__(self):
        return self.title

    @property
    def number(self) -> str:
        return f"S-{self.created_at:%Y}-{self.pk:04d}"


class Doel(models.Model):
    """A target of the project: how many people of a group it will reach."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="doelen", verbose_name=_("aanvraag"))
    target_group = models.CharField(_("doelgroep"), max_length=20, choices=Doelgroep)
    description = models.CharField(
        _("doel"), max_length=300, help_text=_("Bijvoorbeeld: huisbezoek bij oudere migranten.")
    )
    number = models.PositiveIntegerField(_("aantal mensen"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["aanvraag", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(number__gte=1), name="doel_number_positive")]

    def __str__(self):
        return f"{self.description} ({self.number})"


class Begrotingsregel(models.Model):
    aanvraag = models.ForeignKey(
        Aanvraag, on_delete=models.CASCADE, related_name="begroting", verbose_name=_("aanvraag")
    )
    category = models.CharField(_("soort kosten"), max_length=20, choices=BegrotingCategorie)
    description = models.CharField(_("omschrijving"), max_length=300)
    amount = models.DecimalField(_("bedrag (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    co_financing = models.DecimalField(
        _("waarvan cofinanciering (€)"),
        max_digits=12,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0)],
        help_text=_("Het deel dat u zelf of een ander fonds betaalt."),
    )

    class Meta:
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begroting")
        ordering = ["aanvraag", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0, co_financing__gte=0, co_financing__lte=models.F("amount")),
                name="begrotingsregel_amounts",
            ),
        ]

    def __str__(self):
        return f"{self.description}: {euro(self.amount)}"

    @property
    def requested(self) -> Decimal:
        return self.amount - self.co_financing


class Bijlage(models.Model):
    aanvraag = models.ForeignKey(
        Aanvraag, on_delete=models.CASCADE, related_name="bijlagen", verbose_name=_("aanvraag")
    )
    documenteis = models.ForeignKey(
        Documenteis,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gevraagd document"),
    )
    file = models.FileField(_("bestand"), storage=private_storage, upload_to="aanvragen/%Y/%m/")
    name = models.CharField(_("bestandsnaam"), max_length=200)
    kind = models.CharField(
        _("soort bestand"), max_length=8, help_text=_("Vastgesteld aan de inhoud: pdf, docx, xlsx of odt.")
    )
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("toegevoegd door")
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["aanvraag", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["pdf", "docx", "xlsx", "odt"]), name="bijlage_kind_known"
            ),
            models.CheckConstraint(condition=models.Q(size__lte=10 * 1024 * 1024), name="bijlage_at_most_10mb"),
        ]

    def __str__(self):
        return self.name


class Historie(models.Model):
    """Append-only history of an application: every step, by whom and when (the database refuses UPDATE)."""

    aanvraag = models.ForeignKey(
        Aanvraag, on_delete=models.CASCADE, related_name="historie", verbose_name=_("aanvraag")
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
        help_text=_("Leeg als het systeem het deed (bijvoorbeeld een herinnering)."),
    )
    step = models.CharField(_("stap"), max_length=30, help_text=_("De naam van de stap in workflows.py."))
    comment = models.TextField(_("toelichting"), blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("historieregel")
        verbose_name_plural = _("historie")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["aanvraag", "-at"], name="subsidie_historie_aanvraag")]

    def __str__(self):
        return f"{self.aanvraag}: {self.step}"


# ---------------------------------------------------------------------------
# The committee
# ---------------------------------------------------------------------------
class Belangenverklaring(models.Model):
    """A member's declaration, per application, of a conflict of interest (or none), made before seeing it."""

    aanvraag = models.ForeignKey(
        Aanvraag, on_delete=models.CASCADE, related_name="verklaringen", verbose_name=_("aanvraag")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="belangenverklaringen",
        verbose_name=_("commissielid"),
    )
    has_conflict = models.BooleanField(_("heeft een belang"))
    automatic = models.BooleanField(
        _("automatisch uitgesloten"),
        default=False,
        help_text=_("Het lid werkt voor de aanvrager of een van de netwerkpartners."),
    )
    explanation = models.CharField(_("toelichting"), max_length=500, blank=True)
    declared_at = models.DateTimeField(_("verklaard op"), default=timezone.now)

    class Meta:
        verbose_name = _("belangenverklaring")
        verbose_name_plural = _("belangenverklaringen")
        ordering = ["aanvraag", "member"]
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "member"], name="belangenverklaring_once"),
            models.CheckConstraint(
                condition=~models.Q(automatic=True) | models.Q(has_conflict=True),
                name="belangenverklaring_automatic_is_conflict",
            ),
        ]
        indexes = [models.Index(fields=["member", "aanvraag"], name="belangenverklaring_member")]

    def __str__(self):
        return f"{self.member} – {self.aanvraag}"


class Beoordeling(models.Model):
    """One member's review of one application. Blind: until a member has submitted their own review of an
    application, the query layer (queries.reviews_visible_to) shows them nobody else's."""

    aanvraag = models.ForeignKey(
        Aanvraag, on_delete=models.CASCADE, related_name="beoordelingen", verbose_name=_("aanvraag")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="beoordelingen", verbose_name=_("commissielid")
    )
    advice = models.CharField(_("advies"), max_length=10, choices=Advies, blank=True)
    comment = models.TextField(_("toelichting bij het advies"), blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), default=timezone.now)

    class Meta:
        verbose_name = _("beoordeling")
        verbose_name_plural = _("beoordelingen")
        ordering = ["aanvraag", "member"]
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "member"], name="beoordeling_once_per_member"),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True) | ~models.Q(advice=""),
                name="beoordeling_submitted_has_advice",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "aanvraag"], name="beoordeling_member"),
            # The ranking reads submitted reviews per application.
            models.Index(
                fields=["aanvraag"], condition=models.Q(submitted_at__isnull=False), name="beoordeling_submitted"
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.aanvraag}"


class Score(models.Model):
    beoordeling = models.ForeignKey(
        Beoordeling, on_delete=models.CASCADE, related_name="scores", verbose_name=_("beoordeling")
    )
    criterium = models.ForeignKey(Criterium, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterium"))
    points = models.PositiveSmallIntegerField(_("punten"), validators=[MaxValueValidator(MAX_POINTS)])
    comment = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["beoordeling", "criterium"]
        constraints = [
            models.UniqueConstraint(fields=["beoordeling", "criterium"], name="score_once_per_criterium"),
            models.CheckConstraint(condition=models.Q(points__gte=0, points__lte=MAX_POINTS), name="score_points_0_5"),
        ]

    def __str__(self):
        return f"{self.criterium}: {self.points}"


class BeoordelingHistorie(models.Model):
    """Every save of a review, with its scores at that moment: for the secretary, never shown to other members."""

    beoordeling = models.ForeignKey(
        Beoordeling, on_delete=models.CASCADE, related_name="historie", verbose_name=_("beoordeling")
    )
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    submitted = models.BooleanField(_("ingediend"), default=False)
    snapshot = models.JSONField(_("scores en advies"), default=dict)

    class Meta:
        verbose_name = _("wijziging van een beoordeling")
        verbose_name_plural = _("wijzigingen van beoordelingen")
        ordering = ["beoordeling", "at", "pk"]

    def __str__(self):
        return f"{self.beoordeling} ({self.at:%d-%m-%Y %H:%M})"


# ---------------------------------------------------------------------------
# After the grant
# ---------------------------------------------------------------------------
class Betaling(models.Model):
    aanvraag = models.ForeignKey(
        Aanvraag, on_delete=models.PROTECT, related_name="betalingen", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("soort"), max_length=14, choices=BetalingSoort)
    amount = models.DecimalField(
        _("bedrag (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    paid_on = models.DateField(_("betaald op"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastgelegd door")
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("betaling")
        verbose_name_plural = _("betalingen")
        ordering = ["aanvraag", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="betaling_amount_positive"),
            models.CheckConstraint(condition=models.Q(kind__in=BetalingSoort.values), name="betaling_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {euro(self.amount)} – {self.aanvraag}"


class Rapportage(models.Model):
    """A report that a granted project owes, with its deadline (created from the call's rules at the grant)."""

    Status = RapportStatus

    aanvraag = models.ForeignKey(
        Aanvraag, on_delete=models.CASCADE, related_name="rapportages", verbose_name=_("aanvraag")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=RapportSoort)
    due_date = models.DateField(_("inleveren vóór"))
    status = models.CharField(_("status"), max_length=12, choices=RapportStatus, default=RapportStatus.OPEN)
    activities_done = models.TextField(_("wat is er gedaan"), blank=True)
    lessons = models.TextField(_("wat hebben we geleerd"), blank=True)
    feedback = models.TextField(_("gevraagde wijzigingen"), blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    # Reminders: each is sent once (the moment it went is recorded in the same transaction as its e-mail).
    reminded_4w_at = models.DateTimeField(_("herinnering 4 weken vooraf"), null=True, blank=True)
    reminded_1w_at = models.DateTimeField(_("herinnering 1 week vooraf"), null=True, blank=True)
    missed_notified_at = models.DateTimeField(_("te laat gemeld"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        ordering = ["aanvraag", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["aanvraag", "kind"], name="rapportage_once_per_kind"),
            models.CheckConstraint(condition=models.Q(status__in=RapportStatus.values), name="rapportage_status_valid"),
            models.CheckConstraint(
                condition=models.Q(status=RapportStatus.OPEN) | models.Q(submitted_at__isnull=False),
                name="rapportage_submitted_has_moment",
            ),
        ]
        indexes = [
            # The daily reminder task: reports not yet in, by deadline.
            models.Index(
                fields=["due_date"], condition=models.Q(status__in=["open", "wijzigen"]), name="rapportage_due"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.aanvraag}"


class RapportageBereik(models.Model):
    """Reach against one of the project's targets."""

    rapportage = models.ForeignKey(
        Rapportage, on_delete=models.CASCADE, related_name="bereik", verbose_name=_("rapportage")
    )
    doel = models.ForeignKey(Doel, on_delete=models.CASCADE, related_name="+", verbose_name=_("doel"))
    reached = models.PositiveIntegerField(_("bereikt"))

    class Meta:
        verbose_name = _("bereik")
        verbose_name_plural = _("bereik")
        constraints = [models.UniqueConstraint(fields=["rapportage", "doel"], name="bereik_once_per_doel")]

    def __str__(self):
        return f"{self.doel}: {self.reached}"


class RapportageUitgave(models.Model):
    """Spending on one budget line."""

    rapportage = models.ForeignKey(
        Rapportage, on_delete=models.CASCADE, related_name="uitgaven", verbose_name=_("rapportage")
    )
    begrotingsregel = models.ForeignKey(
        Begrotingsregel, on_delete=models.CASCADE, related_name="+", verbose_name=_("begrotingsregel")
    )
    spent = models.DecimalField(_("uitgegeven (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        constraints = [
            models.UniqueConstraint(fields=["rapportage", "begrotingsregel"], name="uitgave_once_per_line"),
            models.CheckConstraint(condition=models.Q(spent__gte=0), name="uitgave_not_negative"),
        ]

    def __str__(self):
        return f"{self.begrotingsregel}: {euro(self.spent)}"


class RapportageMeting(models.Model):
    """The before/after De Jong Gierveld measurement of participants, as aggregates only (no person)."""

    rapportage = models.ForeignKey(
        Rapportage, on_delete=models.CASCADE, related_name="metingen", verbose_name=_("rapportage")
    )
    form = models.CharField(_("vragenlijst"), max_length=5, choices=MeetVorm)
    measured = models.PositiveIntegerField(_("aantal gemeten (voor én na)"))
    mean_before = models.DecimalField(_("gemiddelde score vooraf"), max_digits=4, decimal_places=2)
    mean_after = models.DecimalField(_("gemiddelde score achteraf"), max_digits=4, decimal_places=2)
    lonely_before = models.PositiveIntegerField(_("aantal eenzaam vooraf"))
    lonely_after = models.PositiveIntegerField(_("aantal eenzaam achteraf"))

    class Meta:
        verbose_name = _("voor- en nameting")
        verbose_name_plural = _("voor- en nametingen")
        constraints = [
            models.UniqueConstraint(fields=["rapportage", "form"], name="meting_once_per_form"),
            models.CheckConstraint(
                condition=models.Q(lonely_before__lte=models.F("measured"), lonely_after__lte=models.F("measured")),
                name="meting_lonely_within_measured",
            ),
            models.CheckConstraint(
                condition=models.Q(mean_before__gte=0, mean_after__gte=0, mean_before__lte=11, mean_after__lte=11),
                name="meting_means_on_scale",
            ),
            # The 6-item form scores 0 to 6 (migration 0003_reports_measurement_scale).
            models.CheckConstraint(
                condition=~models.Q(form=MeetVorm.DJG6) | models.Q(mean_before__lte=6, mean_after__lte=6),
                name="meting_djg6_means_on_scale",
            ),
            models.CheckConstraint(condition=models.Q(measured__gte=1), name="meting_someone_measured"),
        ]

    def __str__(self):
        return f"{self.get_form_display()}: {self.measured}"
