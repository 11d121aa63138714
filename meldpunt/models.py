import re
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalition import outage
from coalition.models import Gemeente, Organisatie, Role, User, Wijk
from socialekaart.models import Activiteit, ActivityType, Language

from . import names
from .choices import (
    OPEN_STATUSES,
    AboutOthersKind,
    AuditAction,
    Channel,
    CloseReason,
    ConsentHow,
    ConsentKind,
    Coping,
    DJGForm,
    Duration,
    EntryKind,
    InformedHow,
    LifeEvent,
    Moment,
    Orientation,
    Outcome,
    PersonKnows,
    ReferralStatus,
    Relation,
    Signal,
    Status,
    Step,
    StepAnswer,
    Urgency,
)
from .scales import PG_KEYS, machielse_profile
from .workflows import ACTIVE_REFERRAL_STATUSES

# The case number, ME-2026-00123: one pattern for the database's check, the check of a URL and the scrubbing of
# anonymised timelines.
CASE_NUMBER_PATTERN = r"ME-[0-9]{4}-[0-9]{5}"
CASE_NUMBER_RE = re.compile(CASE_NUMBER_PATTERN)


def format_case_number(year: int, serial: int) -> str:
    return f"ME-{year}-{serial:05d}"


# The roles of a meldpunt's staff: on its staff with one of these roles, a user opens its cases (permissions.case_for).
STAFF_ROLES = (Role.MEDEWERKER, Role.COORDINATOR)

# Every meldpunt's name and phone number, for the public pages (context_processors.meldpunt_contacts).
PUBLIC_CONTACTS_CACHE_KEY = "meldpunt:public-contacts:2"  # 2: with the gemeente_id


class Meldpunt(models.Model):
    """The desk of one gemeente where signals of loneliness arrive; one deployment may serve several."""

    gemeente = models.OneToOneField(
        Gemeente, on_delete=models.PROTECT, related_name="meldpunt", verbose_name=_("gemeente")
    )
    name = models.CharField(_("naam"), max_length=200)
    phone = models.CharField(_("telefoonnummer"), max_length=20)
    email = models.EmailField(_("e-mailadres"))
    opening_hours = models.CharField(
        _("openingstijden"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: maandag tot en met vrijdag 9.00–17.00 uur"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="meldpunten",
        blank=True,
        verbose_name=_("medewerkers"),
        limit_choices_to={"role__in": [Role.MEDEWERKER, Role.COORDINATOR]},
        help_text=_("Alleen deze medewerkers openen de meldingen van dit meldpunt."),
    )

    class Meta:
        verbose_name = _("meldpunt")
        verbose_name_plural = _("meldpunten")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The public pages show every meldpunt's phone number from the cache; the outage page from a file.
        cache.delete(PUBLIC_CONTACTS_CACHE_KEY)
        transaction.on_commit(publish_outage_contacts)


def publish_outage_contacts() -> None:
    """Every meldpunt's name, phone number and opening hours into the file the outage page reads (coalition.outage),
    so citizens can still call when the database is down."""
    outage.save_contacts(
        [
            {"name": m.name, "phone": m.phone, "opening_hours": m.opening_hours}
            for m in Meldpunt.objects.order_by("name").only("name", "phone", "opening_hours")
        ]
    )


# --- Cases ---------------------------------------------------------------------------------------------------


class Volgnummer(models.Model):
    """The last case number given out per year, so numbers run ME-2026-00001, ME-2026-00002, …"""

    year = models.PositiveSmallIntegerField(_("jaar"), primary_key=True)
    last = models.PositiveIntegerField(_("laatste nummer"), default=0)

    class Meta:
        verbose_name = _("volgnummer")
        verbose_name_plural = _("volgnummers")

    def __str__(self):
        return f"{self.year}: {self.last}"


class MeldingQuerySet(models.QuerySet["Melding"]):
    def open(self) -> "MeldingQuerySet":
        return self.filter(status__in=OPEN_STATUSES)

    def for_staff(self, user: "User") -> "MeldingQuerySet":
        """The cases of the meldpunten this user works for: nobody else may open them."""
        return self.filter(meldpunt__staff=user)

    def counted(self) -> "MeldingQuerySet":
        """Cases that count in statistics: everything except signals merged into another case and spam."""
        return self.filter(merged_into__isnull=True).exclude(close_reason=CloseReason.SPAM)


class Melding(models.Model):
    """A case at the meldpunt: one person of concern, the signals about them and everything done since.

    The person may be unknown at first. Personal fields are blanked when the case is anonymised (retention
    or a request to erase); the rest stays for statistics.
    """

    meldpunt = models.ForeignKey(
        Meldpunt, on_delete=models.PROTECT, related_name="meldingen", verbose_name=_("meldpunt")
    )
    number = models.CharField(
        _("nummer"), max_length=13, unique=True, editable=False, help_text=_("Bijvoorbeeld ME-2026-00123.")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.NIEUW)
    urgency = models.CharField(_("urgentie"), max_length=7, choices=Urgency, default=Urgency.NORMAAL)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("eigenaar"),
        help_text=_("De medewerker die deze melding oppakt."),
    )
    follow_up_on = models.DateField(_("volgende actie op"), null=True, blank=True)
    received_at = models.DateTimeField(_("binnengekomen op"), default=timezone.now)
    first_contact_at = models.DateTimeField(
        _("eerste contact op"), null=True, blank=True, help_text=_("Het eerste gesprek, telefoontje of bezoek.")
    )
    last_activity_at = models.DateTimeField(_("laatste activiteit"), default=timezone.now)

    # The person concerned; any of it may be unknown.
    person_name = models.CharField(_("naam"), max_length=200, blank=True)
    person_address = models.CharField(_("adres"), max_length=200, blank=True)
    person_postcode = models.CharField(
        _("postcode"), max_length=6, blank=True, help_text=_("Genormaliseerd, bijvoorbeeld 7511AB.")
    )
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wijk of kern")
    )
    person_birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    person_phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    person_language = models.CharField(_("taal"), max_length=10, choices=Language, blank=True)
    lives_alone = models.BooleanField(_("woont alleen"), null=True, blank=True)
    # Derived from the name and phone number on every save (meldpunt/names.py): the duplicate check and the
    # worklist search look these up in an index. Blank when the name or phone is blank (so after anonymising).
    person_surname_key = models.CharField(
        _("zoeksleutel achternaam"),
        max_length=names.SURNAME_KEY_MAX,
        blank=True,
        editable=False,
        help_text=_("De achternaam zonder titel, voorletters, voorvoegsel, accenten en hoofdletters."),
    )
    person_phone_key = models.CharField(
        _("zoeksleutel telefoonnummer"),
        max_length=names.PHONE_KEY_MAX,
        blank=True,
        editable=False,
        help_text=_("Alleen de cijfers; +31 als 0."),
    )
    person_name_words = models.CharField(
        _("woorden van de naam"),
        max_length=names.NAME_WORDS_MAX,
        blank=True,
        editable=False,
        help_text=_("De naam in kleine letters zonder accenten, om op het begin van een woord te zoeken."),
    )

    # Machielse's intervention profile: the two dimensions chosen by staff.
    duration = models.CharField(_("duur van de eenzaamheid"), max_length=20, choices=Duration, blank=True)
    coping = models.CharField(_("copingstrategie"), max_length=7, choices=Coping, blank=True)
    orientation = models.CharField(_("gerichtheid"), max_length=12, choices=Orientation, blank=True)

    close_reason = models.CharField(_("reden van afsluiten"), max_length=20, choices=CloseReason, blank=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("samengevoegd met"),
    )
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    # Was the person told that the meldpunt received a signal about them? Empty date: not (yet) recorded.
    person_informed_on = models.DateField(
        _("persoon ingelicht op"),
        null=True,
        blank=True,
        help_text=_("De dag waarop de persoon hoorde dat er een signaal over hem of haar is binnengekomen."),
    )
    person_informed_how = models.CharField(_("hoe ingelicht"), max_length=12, choices=InformedHow, blank=True)
    person_informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingelicht door"),
    )
    pending_check = models.BooleanField(
        _("eerst nakijken"),
        default=False,
        help_text=_(
            "Een melding via het webformulier die op spam kan lijken. Ze staat in de lijst ‘Eerst nakijken’ en niet "
            "op de werklijst, tot een medewerker haar aanneemt of als spam afsluit. De reden staat bij het signaal."
        ),
    )
    # Optimistic locking: a save based on an older version is refused, so two staff lose nothing.
    version = models.PositiveIntegerField(_("versie"), default=1)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__regex=rf"^{CASE_NUMBER_PATTERN}$"), name="melding_number_format"
            ),
            models.CheckConstraint(
                condition=models.Q(person_postcode="") | models.Q(person_postcode__regex=r"^[1-9][0-9]{3}[A-Z]{2}$"),
                name="melding_postcode_normalised",
            ),
            models.CheckConstraint(
                condition=models.Q(person_birth_year__isnull=True)
                | models.Q(person_birth_year__gte=1900, person_birth_year__lte=2100),
                name="melding_birth_year_range",
            ),
            # Closed exactly when a reason and a moment are recorded.
            models.CheckConstraint(
                condition=(
                    models.Q(status=Status.GESLOTEN) & ~models.Q(close_reason="") & models.Q(closed_at__isnull=False)
                )
                | (~models.Q(status=Status.GESLOTEN) & models.Q(close_reason="") & models.Q(closed_at__isnull=True)),
                name="melding_closed_with_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True) | models.Q(status=Status.GESLOTEN),
                name="melding_merged_is_closed",
            ),
            # Told is a day and a way, or neither.
            models.CheckConstraint(
                condition=(models.Q(person_informed_on__isnull=True) & models.Q(person_informed_how=""))
                | (models.Q(person_informed_on__isnull=False) & ~models.Q(person_informed_how="")),
                name="melding_informed_day_and_way",
            ),
            # A closed case has been looked at: it is never still waiting in "Eerst nakijken".
            models.CheckConstraint(
                condition=models.Q(pending_check=False) | ~models.Q(status=Status.GESLOTEN),
                name="melding_pending_check_is_open",
            ),
        ]  # fmt: skip
        indexes = [
            # The worklist: per meldpunt by status, owner and age.
            models.Index(fields=["meldpunt", "status", "-received_at"], name="melding_worklist"),
            models.Index(fields=["owner", "status", "-received_at"], name="melding_owner"),
            models.Index(fields=["person_postcode"], name="melding_postcode"),
            models.Index(Upper("person_name"), "person_birth_year", name="melding_person"),
            models.Index(fields=["status", "closed_at"], name="melding_retention"),
            models.Index(fields=["status", "follow_up_on"], name="melding_follow_up"),
            models.Index(fields=["status", "last_activity_at"], name="melding_activity"),
            # The worklist's "Gesloten" list, newest first, page by page; and its count (an index-only scan).
            models.Index(
                fields=["meldpunt", "-closed_at", "-id"], condition=models.Q(status="gesloten"), name="melding_closed"
            ),
            # The duplicate check (queries/worklist.py possible_duplicates) and the worklist's phone search.
            models.Index(fields=["meldpunt", "person_surname_key"], name="melding_surname_key"),
            models.Index(fields=["meldpunt", "person_phone_key"], name="melding_phone_key"),
            # The worklist's search by year of birth.
            models.Index(fields=["meldpunt", "person_birth_year"], name="melding_birth_year"),
            # The worklist's name search: the start of any word of the name (to_tsquery('simple', 'jans:*')).
            GinIndex(SearchVector("person_name_words", config="simple"), name="melding_name_words"),
            # The monitor: the cases received in a period (queries/monitor.py). Its cases closed in a period use
            # melding_retention (status "gesloten", closed_at), its open cases the indexes that start with status.
            models.Index(fields=["received_at"], name="melding_received"),
            # The worklist's "Eerst nakijken" list: few rows, oldest first.
            models.Index(
                fields=["meldpunt", "received_at"], condition=models.Q(pending_check=True), name="melding_pending_check"
            ),
        ]

    def __str__(self):
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keeps the search keys in step with the name and phone number, whoever saves them."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"person_name", "person_phone"} & set(update_fields):
            self.set_search_keys()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *SEARCH_KEY_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meldpunt:case", args=[self.number])

    def set_search_keys(self) -> None:
        """Derive person_surname_key, person_phone_key and person_name_words (also for bulk_create)."""
        self.person_surname_key = names.surname_key(self.person_name)
        self.person_phone_key = names.phone_key(self.person_phone)
        self.person_name_words = names.search_words(self.person_name)

    @property
    def is_open(self) -> bool:
        return self.status != Status.GESLOTEN

    @property
    def profile(self) -> str:
        """Machielse's profile (a Profile value), or '' while a dimension is not chosen."""
        if not (self.duration and self.coping and self.orientation):
            return ""
        return machielse_profile(self.duration, self.coping, self.orientation)


# The person concerned, as a case records them: what intake fills in, staff correct, a partner sees with consent,
# and anonymising blanks.
PERSON_FIELDS = (
    "person_name", "person_address", "person_postcode", "person_birth_year", "person_phone", "person_language",
    "lives_alone",
)  # fmt: skip


# Derived from the person fields by Melding.set_search_keys.
SEARCH_KEY_FIELDS = ("person_surname_key", "person_phone_key", "person_name_words")


def blank_person() -> dict:
    """Every person field with its empty value ('' or None)."""
    return {name: None if getattr(Melding._meta.get_field(name), "null", False) else "" for name in PERSON_FIELDS}


class Signaal(models.Model):
    """One report about the person of a case: who reported what, when and through which channel."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="signalen", verbose_name=_("melding"))
    received_at = models.DateTimeField(_("binnengekomen op"), default=timezone.now)
    channel = models.CharField(_("kanaal"), max_length=12, choices=Channel)
    reporter_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    reporter_contact = models.CharField(
        _("bereikbaar via"), max_length=200, blank=True, help_text=_("Telefoonnummer of e-mailadres van de melder.")
    )
    reporter_relation = models.CharField(_("relatie tot de persoon"), max_length=16, choices=Relation)
    reporter_organisation = models.ForeignKey(
        Organisatie,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie van de melder"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
        help_text=_("Leeg bij het webformulier."),
    )
    signals = ArrayField(
        models.CharField(max_length=40, choices=Signal),
        verbose_name=_("waargenomen signalen"),
        default=list,
        blank=True,
    )
    life_events = ArrayField(
        models.CharField(max_length=40, choices=LifeEvent),
        verbose_name=_("levensgebeurtenissen"),
        default=list,
        blank=True,
    )
    description = models.TextField(_("toelichting"), blank=True)
    urgency = models.CharField(_("urgentie"), max_length=7, choices=Urgency, default=Urgency.NORMAAL)
    check_first = models.CharField(
        _("eerst nakijken"),
        max_length=200,
        blank=True,
        help_text=_(
            "Waarom dit signaal eerst bekeken moet worden, bijvoorbeeld omdat het webformulier niet kon tellen hoe "
            "vaak er vanaf hetzelfde adres gemeld werd. Leeg: niets bijzonders."
        ),
    )
    # The reporter's wish to hear that the case was picked up (only with a phone number or e-mail address), and when
    # that was done: one e-mail through the outbox, or a call-back line on the timeline (services/reporter_news.py).
    reporter_wants_news = models.BooleanField(
        _("melder wil horen dat de melding is opgepakt"),
        default=False,
        help_text=_("Per e-mail, of het meldpunt belt terug als de melder alleen een telefoonnummer gaf."),
    )
    reporter_news_at = models.DateTimeField(
        _("melder op de hoogte gebracht op"),
        null=True,
        blank=True,
        help_text=_("Wanneer de e-mail klaarstond of het terugbellen op de tijdlijn kwam. Gebeurt één keer."),
    )
    # A partner professional says whether the person knows about this signal and agrees.
    person_knows = models.CharField(
        _("weet de persoon ervan?"), max_length=12, choices=PersonKnows, blank=True, help_text=_("Leeg: niet gevraagd.")
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["received_at", "pk"]
        constraints = [
            # News is only ever given to a reporter who asked for it.
            models.CheckConstraint(
                condition=models.Q(reporter_news_at__isnull=True) | models.Q(reporter_wants_news=True),
                name="signaal_news_only_when_asked",
            ),
        ]
        indexes = [
            models.Index(fields=["melding", "received_at"], name="signaal_melding"),
            # The monitor: the signals received in a period (queries/monitor.py).
            models.Index(fields=["received_at"], name="signaal_received"),
        ]

    def __str__(self):
        return f"{self.melding}: {self.get_channel_display()}"


class Gebeurtenis(models.Model):
    """One line on a case's timeline. Never edited: a correction is a new line that points to the old one."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="tijdlijn", verbose_name=_("melding"))
    kind = models.CharField(_("soort"), max_length=12, choices=EntryKind)
    happened_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    text = models.TextField(_("tekst"), blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True, help_text=_("Bijvoorbeeld oude en nieuwe status."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
        help_text=_("Leeg als het systeem het deed."),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrigeert"),
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("tijdlijn")
        ordering = ["-happened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=EntryKind.CORRECTIE, corrects__isnull=False)
                | (~models.Q(kind=EntryKind.CORRECTIE) & models.Q(corrects__isnull=True)),
                name="gebeurtenis_correction_points_back",
            ),
        ]
        indexes = [models.Index(fields=["melding", "-happened_at"], name="gebeurtenis_melding")]

    def __str__(self):
        return f"{self.melding}: {self.get_kind_display()}"


class GegevensVanAnderen(models.Model):
    """A free text of a case that holds data about other people (a neighbour, the GP, family).

    Under AVG art. 15(4) the person's right of access must not harm others: the export leaves such a text out
    unless a staff member deliberately includes it, with a reason (audited). Reporters' identities and contact
    details are always left out by default; they need no mark.
    """

    melding = models.ForeignKey(
        Melding, on_delete=models.CASCADE, related_name="gegevens_van_anderen", verbose_name=_("melding")
    )
    kind = models.CharField(_("soort tekst"), max_length=12, choices=AboutOthersKind)
    object_id = models.PositiveBigIntegerField(_("nummer van de tekst"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("gemarkeerd door"),
    )
    marked_at = models.DateTimeField(_("gemarkeerd op"), default=timezone.now)

    class Meta:
        verbose_name = _("tekst met gegevens van anderen")
        verbose_name_plural = _("teksten met gegevens van anderen")
        constraints = [
            models.UniqueConstraint(fields=["melding", "kind", "object_id"], name="gegevens_van_anderen_once"),
        ]

    def __str__(self):
        return f"{self.melding}: {self.get_kind_display()} {self.object_id}"


class Stap(models.Model):
    """A dated answer to one question of the step plan. The newest answer per question counts."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="stappen", verbose_name=_("melding"))
    step = models.CharField(_("stap"), max_length=20, choices=Step)
    answer = models.CharField(_("antwoord"), max_length=8, choices=StepAnswer)
    on = models.DateField(_("datum"))
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappenplan")
        ordering = ["melding", "step", "-on", "-pk"]
        indexes = [models.Index(fields=["melding", "step", "-on"], name="stap_melding")]

    def __str__(self):
        return f"{self.melding}: {self.get_step_display()} {self.get_answer_display()}"


class DJGMeting(models.Model):
    """A De Jong Gierveld measurement, item by item, with its score computed by meldpunt.scales."""

    melding = models.ForeignKey(
        Melding, on_delete=models.CASCADE, related_name="djg_metingen", verbose_name=_("melding")
    )
    form = models.CharField(_("vragenlijst"), max_length=5, choices=DJGForm)
    moment = models.CharField(_("moment"), max_length=12, choices=Moment)
    measured_on = models.DateField(_("datum"))
    answers = models.JSONField(_("antwoorden"), help_text=_("Per itemnummer het antwoord; leeg is niet beantwoord."))
    total = models.PositiveSmallIntegerField(_("totaalscore"))
    emotional = models.PositiveSmallIntegerField(_("emotionele eenzaamheid"), null=True)
    social = models.PositiveSmallIntegerField(_("sociale eenzaamheid"), null=True)
    category = models.CharField(_("uitkomst"), max_length=24)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("De Jong Gierveld-meting")
        verbose_name_plural = _("De Jong Gierveld-metingen")
        ordering = ["melding", "measured_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(form=DJGForm.DJG11) & models.Q(total__lte=11))
                | (models.Q(form=DJGForm.DJG6) & models.Q(total__lte=6)),
                name="djgmeting_total_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(emotional__isnull=True) | models.Q(emotional__lte=6), name="djgmeting_emotional"
            ),
            models.CheckConstraint(
                condition=models.Q(social__isnull=True) | models.Q(social__lte=5), name="djgmeting_social"
            ),
        ]
        indexes = [models.Index(fields=["melding", "measured_on"], name="djgmeting_melding")]

    def __str__(self):
        return f"{self.melding}: {self.get_form_display()} {self.measured_on}"


def _score_field(verbose_name):
    return models.PositiveSmallIntegerField(
        verbose_name, validators=[MinValueValidator(0), MaxValueValidator(10)], help_text=_("Een cijfer van 0 tot 10.")
    )


class PGMeting(models.Model):
    """Positieve Gezondheid: the person's own mark, 0–10, on each of the six dimensions of the spider web."""

    melding = models.ForeignKey(
        Melding, on_delete=models.CASCADE, related_name="pg_metingen", verbose_name=_("melding")
    )
    moment = models.CharField(_("moment"), max_length=12, choices=Moment)
    measured_on = models.DateField(_("datum"))
    lichaamsfuncties = _score_field(_("lichaamsfuncties"))
    mentaal_welbevinden = _score_field(_("mentaal welbevinden"))
    zingeving = _score_field(_("zingeving"))
    kwaliteit_van_leven = _score_field(_("kwaliteit van leven"))
    meedoen = _score_field(_("meedoen"))
    dagelijks_functioneren = _score_field(_("dagelijks functioneren"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    # One field per dimension above; their order and words come from scales.PG_DIMENSIONS.
    DIMENSIONS = PG_KEYS

    class Meta:
        verbose_name = _("Positieve Gezondheid-meting")
        verbose_name_plural = _("Positieve Gezondheid-metingen")
        ordering = ["melding", "measured_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(**{f"{name}__lte": 10}), name=f"pgmeting_{name}_max_10")
            for name in PG_KEYS
        ]
        indexes = [models.Index(fields=["melding", "measured_on"], name="pgmeting_melding")]

    def __str__(self):
        return f"{self.melding}: {self.measured_on}"


class Herinnering(models.Model):
    """A reminder that was sent, so a second run of the task sends nothing twice."""

    class Kind(models.TextChoices):
        EERSTE_CONTACT = "eerste_contact", _("geen eerste contact binnen de termijn")
        STIL = "stil", _("geen activiteit in 30 dagen")
        OPVOLGEN = "opvolgen", _("geplande opvolgdatum bereikt")
        NIET_GEACCEPTEERD = "niet_geaccepteerd", _("verwijzing niet op tijd geaccepteerd")
        CHECK_IN = "check_in", _("check-in na de start van een verwijzing")
        VERVOLGMETING = "vervolgmeting", _("vervolgmeting De Jong Gierveld")

    melding = models.ForeignKey(
        Melding, on_delete=models.CASCADE, related_name="herinneringen", verbose_name=_("melding")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind)
    key = models.CharField(
        _("sleutel"), max_length=40, help_text=_("Waarvoor de herinnering gold, bijvoorbeeld de opvolgdatum.")
    )
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["melding", "kind", "key"], name="herinnering_once"),
        ]

    def __str__(self):
        return f"{self.melding}: {self.get_kind_display()}"


class AuditRegel(models.Model):
    """Who read or changed which case, when and how. The database refuses to update or delete these rows."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gebruiker"),
        help_text=_("Leeg als het systeem het deed (bijvoorbeeld de bewaartermijn)."),
    )
    melding = models.ForeignKey(
        Melding, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("melding")
    )
    case_number = models.CharField(_("meldingnummer"), max_length=13, blank=True)
    role = models.CharField(
        _("rol"),
        max_length=20,
        blank=True,
        db_default="",
        help_text=_("De rol van de gebruiker op dat moment (NEN 7513). Leeg bij het systeem en bij oude regels."),
    )
    action = models.CharField(_("handeling"), max_length=14, choices=AuditAction)
    detail = models.CharField(_("wat precies"), max_length=300, blank=True)
    # The hash chain (meldpunt/auditchain.py): written by services.audit, checked by `manage.py verify_auditlog`.
    seq = models.BigIntegerField(
        _("volgnummer"), unique=True, help_text=_("De plaats van deze regel in de keten: 1, 2, 3, … zonder gaten.")
    )
    digest = models.CharField(
        _("vingerafdruk"),
        max_length=64,
        help_text=_("SHA-256 over deze regel en de vingerafdruk van de regel ervoor; een wijziging breekt de keten."),
    )

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["melding", "-at"], name="auditregel_melding"),
            models.Index(fields=["user", "-at"], name="auditregel_user"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="auditregel_seq_positive"),
            models.CheckConstraint(condition=models.Q(digest__regex=r"^[0-9a-f]{64}$"), name="auditregel_digest_hex"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_action_display()} {self.case_number}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("Audit lines are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit lines are never deleted.")


# --- Referrals (issue 6) -------------------------------------------------------------------------------------


class Verwijzing(models.Model):
    """A referral of a case's person to a partner organisation, usually to one activity of the sociale kaart.

    What the partner sees follows the consent recorded here: `consent`, `share_contact` and `share_note` are the
    current state, its history (how it was given, a withdrawal) is in Toestemming; the services change both in
    one transaction. Without consent the referral is anonymous: the partner learns only the wijk and that the
    meldpunt will bring them in touch.
    """

    melding = models.ForeignKey(
        Melding, on_delete=models.CASCADE, related_name="verwijzingen", verbose_name=_("melding")
    )
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="verwijzingen", verbose_name=_("partnerorganisatie")
    )
    activiteit = models.ForeignKey(
        Activiteit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="verwijzingen",
        verbose_name=_("activiteit"),
        help_text=_("Leeg als u naar de organisatie verwijst en niet naar één activiteit."),
    )
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus, default=ReferralStatus.VERSTUURD)
    consent = models.BooleanField(
        _("toestemming van de persoon"),
        default=False,
        help_text=_("Zonder toestemming gaat alleen een anonieme verwijzing naar de partner."),
    )
    share_contact = models.BooleanField(
        _("naam en contactgegevens delen"), default=False, help_text=_("Alleen met toestemming.")
    )
    share_note = models.BooleanField(
        _("overdrachtsnotitie delen"), default=False, help_text=_("Alleen met toestemming.")
    )
    handover_note = models.TextField(_("warme overdracht"), blank=True)
    planned_start = models.DateField(_("geplande start"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    declined_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    decline_reason = models.CharField(_("reden van afwijzen"), max_length=500, blank=True)
    first_contact_at = models.DateTimeField(_("eerste contact op"), null=True, blank=True)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=Outcome, blank=True)
    outcome_note = models.CharField(_("toelichting op de uitkomst"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # Nothing personal is shared without consent.
            models.CheckConstraint(
                condition=models.Q(consent=True) | models.Q(share_contact=False, share_note=False),
                name="verwijzing_share_needs_consent",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ReferralStatus.AFGEWEZEN) | ~models.Q(decline_reason=""),
                name="verwijzing_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status=ReferralStatus.AFGESLOTEN, closed_at__isnull=False) & ~models.Q(outcome="")
                | ~models.Q(status=ReferralStatus.AFGESLOTEN) & models.Q(outcome=""),
                name="verwijzing_closed_with_outcome",
            ),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True) | models.Q(started_on__gte=models.F("sent_at__date")),
                name="verwijzing_start_after_sending",
            ),
        ]
        indexes = [
            # The partner inbox: per organisation by status, newest first.
            models.Index(fields=["organisatie", "status", "-sent_at"], name="verwijzing_inbox"),
            models.Index(fields=["melding", "-sent_at"], name="verwijzing_melding"),
            models.Index(fields=["activiteit", "status"], name="verwijzing_activiteit"),
            models.Index(fields=["status", "sent_at"], name="verwijzing_status_sent"),
            # The monitor: the referrals sent in a period (queries/monitor.py).
            models.Index(fields=["sent_at"], name="verwijzing_sent"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.organisatie}"

    @property
    def reference(self) -> str:
        """What partners call it: not the case number, which tells them nothing and is not theirs."""
        return f"VW-{self.pk:06d}" if self.pk else ""

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REFERRAL_STATUSES


class Toestemming(models.Model):
    """One line of a referral's consent history (issue 15): consent given or withdrawn, what it covers, how it was
    obtained, who recorded it and when. Lines are only ever added; the referral keeps the current state
    (`consent`, `share_contact`, `share_note`), set by the service in the same transaction as the line.
    """

    verwijzing = models.ForeignKey(
        Verwijzing, on_delete=models.CASCADE, related_name="toestemmingen", verbose_name=_("verwijzing")
    )
    kind = models.CharField(_("soort"), max_length=12, choices=ConsentKind)
    covers_contact = models.BooleanField(
        _("geldt voor naam en contactgegevens"), default=False, help_text=_("Bij intrekken: nooit.")
    )
    covers_note = models.BooleanField(
        _("geldt voor de overdrachtsnotitie"), default=False, help_text=_("Bij intrekken: nooit.")
    )
    how = models.CharField(_("hoe verkregen"), max_length=12, choices=ConsentHow)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        ordering = ["verwijzing", "recorded_at", "pk"]
        constraints = [
            # Withdrawing withdraws everything: a withdrawal covers nothing.
            models.CheckConstraint(
                condition=models.Q(kind=ConsentKind.GEGEVEN)
                | models.Q(kind=ConsentKind.INGETROKKEN, covers_contact=False, covers_note=False),
                name="toestemming_withdrawal_covers_nothing",
            ),
            models.CheckConstraint(condition=models.Q(kind__in=ConsentKind.values), name="toestemming_kind_known"),
            models.CheckConstraint(condition=models.Q(how__in=ConsentHow.values), name="toestemming_how_known"),
        ]
        indexes = [models.Index(fields=["verwijzing", "-recorded_at"], name="toestemming_verwijzing")]

    def __str__(self):
        return f"{self.verwijzing}: {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError("Consent lines are never changed: add a new one.")
        super().save(*args, **kwargs)


class Notificatie(models.Model):
    """A message in the application for one user, with a link. Like the e-mails: never personal data."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notificaties", verbose_name=_("gebruiker")
    )
    text = models.CharField(_("bericht"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notificatie_user"),
            models.Index(fields=["user"], condition=models.Q(read_at__isnull=True), name="notificatie_unread"),
        ]

    def __str__(self):
        return self.text


class NotificatieVoorkeur(models.Model):
    """How a user wants to hear of notifications by e-mail: one e-mail per event (the default, also for everyone
    without a row), or one e-mail a day with the links of that day's unread notifications (issue 15)."""

    class Frequentie(models.TextChoices):
        DIRECT = "direct", _("Direct: een e-mail per bericht")
        DAGELIJKS = "dagelijks", _("Eén e-mail per dag met de ongelezen berichten")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notificatie_voorkeur",
        verbose_name=_("gebruiker"),
    )
    frequency = models.CharField(
        _("e-mail over berichten"), max_length=10, choices=Frequentie.choices, default=Frequentie.DIRECT
    )
    digest_sent_on = models.DateField(
        _("overzicht verstuurd op"),
        null=True,
        blank=True,
        help_text=_("De dag waarvoor het laatste dagoverzicht is verstuurd: zo gaat het nooit twee keer."),
    )
    digest_sent_at = models.DateTimeField(_("overzicht verstuurd om"), null=True, blank=True)

    class Meta:
        verbose_name = _("voorkeur voor berichten")
        verbose_name_plural = _("voorkeuren voor berichten")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(frequency__in=["direct", "dagelijks"]), name="notificatievoorkeur_frequency"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"


class OnvervuldeVraag(models.Model):
    """What staff looked for when nothing on the sociale kaart fitted (issue 15): a kind of help, a language, a
    wijk or kern and a short note, never a name. The case is kept for context on the meldpunt's side; the
    coördinator's overviews show only counts per kind and place."""

    meldpunt = models.ForeignKey(
        Meldpunt, on_delete=models.CASCADE, related_name="onvervulde_vragen", verbose_name=_("meldpunt")
    )
    melding = models.ForeignKey(
        Melding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="onvervulde_vragen",
        verbose_name=_("melding"),
    )
    wijk = models.ForeignKey(
        Wijk, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("wijk of kern")
    )
    kind = models.CharField(_("soort hulp"), max_length=20, choices=ActivityType, blank=True)
    language = models.CharField(_("taal"), max_length=10, choices=Language, blank=True)
    note = models.CharField(
        _("wat zocht u?"),
        max_length=200,
        blank=True,
        help_text=_("Kort, bijvoorbeeld 'maatje om samen te wandelen'. Schrijf geen namen of andere persoonsgegevens."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        verbose_name = _("onvervulde vraag")
        verbose_name_plural = _("onvervulde vragen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["meldpunt", "-created_at"], name="onvervuldevraag_meldpunt")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="") | ~models.Q(language="") | ~models.Q(note=""),
                name="onvervuldevraag_says_something",
            )
        ]

    def __str__(self):
        return f"{self.kind or '-'} / {self.language or '-'}"
