"""Reference data of the coalition: gemeenten, wijken, organisations, people and roles."""

import re

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s?([A-Za-z]{2})\s*$")
# A postcode as it is stored (normalise_postcode): four digits and two letters, 7511AB.
POSTCODE_LENGTH = 6


def field_label(model: type[models.Model], name: str) -> str:
    """A field's verbose name, as text (for a timeline or a history line that names what changed)."""
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def written_postcode(value: str) -> str:
    """A stored postcode as people write it: 7511AB → 7511 AB (anything else as it is)."""
    return f"{value[:4]} {value[4:]}" if value and len(value) == POSTCODE_LENGTH else (value or "")


def normalise_postcode(value: str) -> str:
    """'7511 ab' -> '7511AB'. Raises ValidationError (in Dutch) on anything else."""
    match = POSTCODE_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("Vul een postcode in als 1234 AB."),
            code="invalid_postcode",
        )
    return f"{match.group(1)}{match.group(2).upper()}"


class Gemeente(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^GM[0-9]{4}$", _("Een CBS-gemeentecode ziet eruit als GM0153."))],
        help_text=_("De code van het CBS, bijvoorbeeld GM0153 voor Enschede."),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cbs_code__regex=r"^GM[0-9]{4}$"), name="gemeente_cbs_code_format"
            ),
        ]

    def __str__(self):
        return self.name


class Wijk(models.Model):
    class Kind(models.TextChoices):
        WIJK = "wijk", _("wijk")
        KERN = "kern", _("kern (dorp)")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="wijken", verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=4, choices=Kind, default=Kind.WIJK)
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^WK[0-9]{6}$", _("Een CBS-wijkcode ziet eruit als WK015301."))],
        help_text=_("Alleen invullen als de wijk een eigen CBS-code heeft, bijvoorbeeld WK015301."),
    )

    class Meta:
        verbose_name = _("wijk of kern")
        verbose_name_plural = _("wijken en kernen")
        ordering = ["gemeente__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "name"], name="wijk_unique_name_per_gemeente"),
            models.UniqueConstraint(fields=["cbs_code"], condition=~models.Q(cbs_code=""), name="wijk_unique_cbs_code"),
            models.CheckConstraint(
                condition=models.Q(cbs_code="") | models.Q(cbs_code__regex=r"^WK[0-9]{6}$"), name="wijk_cbs_code_format"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.gemeente})"


class PostcodeGebied(models.Model):
    """A range of 6-position postcodes that lies in one wijk; a whole PC4 is 1234AA–1234ZZ."""

    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, related_name="postcodegebieden", verbose_name=_("wijk"))
    # Stored normalised ('7511AB') with the C collation, so text order is postcode order.
    postcode_from = models.CharField(_("postcode vanaf"), max_length=6, db_collation="C")
    postcode_to = models.CharField(_("postcode tot en met"), max_length=6, db_collation="C")

    class Meta:
        verbose_name = _("postcodegebied")
        verbose_name_plural = _("postcodegebieden")
        ordering = ["postcode_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(postcode_from__lte=models.F("postcode_to")), name="postcodegebied_from_before_to"
            ),
            models.CheckConstraint(
                condition=models.Q(postcode_from__regex=r"^[1-9][0-9]{3}[A-Z]{2}$")
                & models.Q(postcode_to__regex=r"^[1-9][0-9]{3}[A-Z]{2}$"),
                name="postcodegebied_normalised",
            ),
        ]
        # wijk_for_postcode() looks up by the start of the range.
        indexes = [models.Index(fields=["postcode_from", "postcode_to"], name="postcodegebied_range")]

    def __str__(self):
        return f"{self.postcode_from}–{self.postcode_to}: {self.wijk.name}"

    def clean(self):
        errors = {}
        for field in ("postcode_from", "postcode_to"):
            try:
                setattr(self, field, normalise_postcode(getattr(self, field)))
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)
        if self.postcode_from > self.postcode_to:
            raise ValidationError({"postcode_to": _("De laatste postcode moet na de eerste liggen.")})
        overlapping = PostcodeGebied.objects.filter(
            postcode_from__lte=self.postcode_to, postcode_to__gte=self.postcode_from
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("Deze postcodes overlappen met %(other)s.") % {"other": overlapping.select_related("wijk").first()}
            )


class OrganisatieKind(models.TextChoices):
    ZORG = "zorg", _("zorg")
    WELZIJN = "welzijn", _("welzijn")
    WONEN = "wonen", _("wonen")
    ONDERWIJS = "onderwijs", _("onderwijs")
    GEMEENTE = "gemeente", _("gemeente")
    EERSTELIJN = "eerstelijn", _("huisarts/eerstelijn")
    LEVENSBESCHOUWING = "levensbeschouwing", _("kerk/levensbeschouwing")
    VERENIGING = "vereniging", _("vereniging/sport/cultuur")
    ONDERNEMER = "ondernemer", _("ondernemer")
    BIBLIOTHEEK = "bibliotheek", _("bibliotheek")
    VRIJWILLIGERS = "vrijwilligers", _("vrijwilligersorganisatie")
    OVERIG = "overig", _("overig")


class Organisatie(models.Model):
    Kind = OrganisatieKind

    name = models.CharField(_("naam"), max_length=200, unique=True)
    kind = models.CharField(_("soort organisatie"), max_length=20, choices=Kind, default=Kind.OVERIG)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    street = models.CharField(_("straat en huisnummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    gemeenten = models.ManyToManyField(
        Gemeente,
        related_name="organisaties",
        blank=True,
        verbose_name=_("werkgebied"),
        help_text=_("De gemeenten waarin de organisatie werkt."),
    )
    member_since = models.DateField(
        _("lid van de coalitie sinds"), null=True, blank=True, help_text=_("Leeg als de organisatie (nog) geen lid is.")
    )
    convenant_signed_on = models.DateField(_("convenant getekend op"), null=True, blank=True)
    yearly_contribution = models.DecimalField(
        _("jaarlijkse bijdrage (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Bijdrage in euro per jaar, in geld of in uren omgerekend."),
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(yearly_contribution__isnull=True) | models.Q(yearly_contribution__gte=0),
                name="organisatie_contribution_not_negative",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=OrganisatieKind.values), name="organisatie_kind_valid"),
        ]
        # The coalition overview filters on kind.
        indexes = [models.Index(fields=["kind"], name="organisatie_kind")]

    def __str__(self):
        return self.name

    def clean(self):
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as error:
                raise ValidationError({"postcode": error}) from None

    @property
    def is_member(self) -> bool:
        return self.member_since is not None and self.member_since <= timezone.localdate()


class Contactpersoon(models.Model):
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="contactpersonen", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    is_primary = models.BooleanField(
        _("eerste aanspreekpunt"), default=False, help_text=_("Krijgt herinneringen en berichten voor de organisatie.")
    )

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["organisatie__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "name"], name="contactpersoon_unique_per_organisatie"),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisatie})"


class Werkgroep(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="werkgroepen", verbose_name=_("gemeente")
    )
    purpose = models.TextField(_("doel"), blank=True)
    members = models.ManyToManyField(Contactpersoon, related_name="werkgroepen", blank=True, verbose_name=_("leden"))

    class Meta:
        verbose_name = _("werkgroep")
        verbose_name_plural = _("werkgroepen")
        ordering = ["gemeente__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "name"], name="werkgroep_unique_name_per_gemeente"),
        ]

    def __str__(self):
        return self.name


# ---------------------------------------------------------------------------
# Users and roles
# ---------------------------------------------------------------------------
class Role(models.TextChoices):
    MEDEWERKER = "medewerker", _("meldpunt-medewerker")
    COORDINATOR = "coordinator", _("coördinator (projectteam)")
    PARTNER = "partner", _("partner")
    COMMISSIELID = "commissielid", _("commissielid")
    AANVRAGER = "aanvrager", _("aanvrager (subsidie)")
    STUURGROEP = "stuurgroep", _("stuurgroep")
    FUNCTIONARIS = "functionaris", _("functionaris gegevensbescherming")
    BEHEERDER = "beheerder", _("beheerder")


# These roles see personal data or run the platform: they must pass a second factor, and their session ends when
# idle (SESSION_IDLE_SECONDS). Partners count: their inbox shows residents' names, addresses and phone numbers.
SECOND_FACTOR_ROLES = frozenset({Role.MEDEWERKER, Role.COORDINATOR, Role.PARTNER, Role.FUNCTIONARIS, Role.BEHEERDER})
# These roles work in the Django admin (reference data, imports).
ADMIN_ROLES = frozenset({Role.COORDINATOR, Role.BEHEERDER})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("A user needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("role", Role.BEHEERDER)
        extra["is_superuser"] = True
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email: str | None) -> "User":
        # Log-in is case-insensitive: Anna@… and anna@… are the same person.
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("rol"), max_length=20, choices=Role, default=Role.PARTNER)
    organisaties = models.ManyToManyField(
        Organisatie,
        related_name="users",
        blank=True,
        verbose_name=_("organisaties"),
        help_text=_("Voor partners: de organisaties namens wie deze gebruiker werkt."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"), default=False, editable=False, help_text=_("Volgt uit de rol.")
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="user_role_valid"),
        ]
        indexes = [models.Index(fields=["role"], name="user_role")]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        self.is_staff = self.role in ADMIN_ROLES or self.is_superuser
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def needs_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    def get_absolute_url(self):
        return reverse("coalition:start")


# ---------------------------------------------------------------------------
# The outbox: every e-mail the platform sends
# ---------------------------------------------------------------------------
class OutboxStatus(models.TextChoices):
    PENDING = "wacht", _("wacht op verzending")
    SENT = "verstuurd", _("verstuurd")
    FAILED = "mislukt", _("mislukt")


class OutboxMessage(models.Model):
    """One e-mail on its way out (coalition.services.outbox).

    Written in the same transaction as the change that causes it, so a change that is rolled back sends
    nothing and a mail server that is down loses nothing: Celery sends the message after the commit and
    tries again, later and later, until it goes or the attempts run out. One message per address.
    """

    Status = OutboxStatus

    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    topic = models.CharField(
        _("soort bericht"),
        max_length=60,
        help_text=_("Waar het bericht vandaan komt, bijvoorbeeld meldpunt.herinnering."),
    )
    to = models.EmailField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"), blank=True, help_text=_("Wordt gewist zodra het bericht verstuurd is."))
    status = models.CharField(_("status"), max_length=9, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    last_error = models.CharField(_("laatste fout"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=OutboxStatus.values), name="outbox_status_valid"),
            # Sent exactly when the moment of sending is known.
            models.CheckConstraint(
                condition=models.Q(status=OutboxStatus.SENT, sent_at__isnull=False)
                | (~models.Q(status=OutboxStatus.SENT) & models.Q(sent_at__isnull=True)),
                name="outbox_sent_has_moment",
            ),
            # A message that failed for good says why.
            models.CheckConstraint(
                condition=~models.Q(status=OutboxStatus.FAILED) | ~models.Q(last_error=""),
                name="outbox_failed_has_reason",
            ),
        ]
        indexes = [
            # The sweep (deliver_due): pending messages whose next attempt has come.
            models.Index(
                fields=["next_attempt_at"], condition=models.Q(status=OutboxStatus.PENDING), name="outbox_due"
            ),
            # The coördinator's list, filtered by status, newest first; and the purge of old sent messages.
            models.Index(fields=["status", "-created_at"], name="outbox_status"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"


# ---------------------------------------------------------------------------
# Page views of the public pages: a counter per day and page type, nothing else
# ---------------------------------------------------------------------------
class Paginaweergave(models.Model):
    """How often the public pages of one type were opened on one day (coalition.middleware.PageViewMiddleware).

    Only the count: no cookie, no internet address, no time of day, no address of the page, so nothing about a
    visitor and no consent banner. The apps register which pages count, and their type's label, in
    coalition/registry.py (`add_counted_page`).
    """

    day = models.DateField(_("dag"))
    page_type = models.CharField(_("soort pagina"), max_length=40)
    count = models.PositiveIntegerField(_("aantal keer bekeken"), default=1)

    class Meta:
        verbose_name = _("paginaweergave")
        verbose_name_plural = _("paginaweergaven")
        ordering = ["-day", "page_type"]
        constraints = [
            # One counter per day and page type: the middleware's INSERT … ON CONFLICT needs it, and its index
            # (day first) serves the dashboard's months.
            models.UniqueConstraint(fields=["day", "page_type"], name="paginaweergave_one_per_day_and_type"),
            models.CheckConstraint(condition=models.Q(count__gte=1), name="paginaweergave_count_positive"),
        ]

    def __str__(self):
        return f"{self.day:%d-%m-%Y} {self.page_type}: {self.count}"


# ---------------------------------------------------------------------------
# Imports that run in the background: the file, its progress and its result
# ---------------------------------------------------------------------------
class ImporttaakStatus(models.TextChoices):
    WAITING = "wacht", _("wacht op verwerking")
    RUNNING = "bezig", _("bezig")
    DONE = "klaar", _("klaar")
    FAILED = "mislukt", _("niets geïmporteerd")


class Importtaak(models.Model):
    """One large import from the admin, run by Celery (coalition.services.imports) instead of in the request.

    The uploaded file is kept here (not on a disk the worker might not share) until the import is done. The rows are
    imported in one transaction together with the result: a task that says "klaar" has saved every row, one that
    says "niets geïmporteerd" saved none. Progress while it runs is counted in the cache, outside that transaction.
    """

    Status = ImporttaakStatus

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    model = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("gegevens"), related_name="+"
    )
    resource = models.CharField(
        _("indeling"), max_length=200, help_text=_("De Python-klasse die de kolommen van het bestand leest.")
    )
    file_name = models.CharField(_("bestandsnaam"), max_length=255)
    file_format = models.CharField(_("formaat"), max_length=4, choices=Format)
    data = models.BinaryField(_("bestand"), blank=True, help_text=_("Wordt gewist zodra de import klaar is."))
    total_rows = models.PositiveIntegerField(_("regels"))
    status = models.CharField(_("status"), max_length=7, choices=Status, default=Status.WAITING)
    created_by = models.ForeignKey(
        "coalition.User", on_delete=models.SET_NULL, null=True, verbose_name=_("gestart door"), related_name="+"
    )
    created_at = models.DateTimeField(_("gestart op"), default=timezone.now)
    started_at = models.DateTimeField(_("verwerking begonnen op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    rows_new = models.PositiveIntegerField(_("nieuw"), default=0)
    rows_updated = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    rows_wrong = models.PositiveIntegerField(_("regels met een fout"), default=0)
    errors = models.JSONField(
        _("fouten"), default=list, blank=True, help_text=_("Per regel de fouten, zoals de import ze meldde.")
    )
    message = models.CharField(_("reden"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("importtaak")
        verbose_name_plural = _("importtaken")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=ImporttaakStatus.values), name="importtaak_status"),
            # Finished exactly when the moment is known.
            models.CheckConstraint(
                condition=models.Q(
                    status__in=[ImporttaakStatus.DONE, ImporttaakStatus.FAILED], finished_at__isnull=False
                )
                | (
                    ~models.Q(status__in=[ImporttaakStatus.DONE, ImporttaakStatus.FAILED])
                    & models.Q(finished_at__isnull=True)
                ),
                name="importtaak_finished_has_moment",
            ),
            # An import that saved nothing says why.
            models.CheckConstraint(
                condition=~models.Q(status=ImporttaakStatus.FAILED) | ~models.Q(message=""),
                name="importtaak_failed_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d-%m-%Y %H:%M})"

    @property
    def finished(self) -> bool:
        return self.status in (ImporttaakStatus.DONE, ImporttaakStatus.FAILED)
