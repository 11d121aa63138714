"""The sociale kaart: activities that partner organisations offer, where and when, and how current they are."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Func, QuerySet, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from coalition.models import Organisatie, Wijk

from .recurrence import Rule
from .words import WORD, normalise


# ---------------------------------------------------------------------------
# Vocabularies (also the HSDS taxonomy of the open-data API)
# ---------------------------------------------------------------------------
class ActivityType(models.TextChoices):
    ONTMOETING = "ontmoeting", _("ontmoeting of groepsactiviteit")
    EEN_OP_EEN = "een-op-een", _("één-op-één, zoals een maatje of huisbezoek")
    CURSUS = "cursus", _("cursus, gespreksgroep of training")
    BELLIJN = "bellijn", _("bel- of luisterlijn")
    ONLINE = "online", _("online")
    VERVOER = "vervoer", _("vervoer")
    INFORMATIE = "informatie", _("informatie en advies")
    VRIJWILLIGERSWERK = "vrijwilligerswerk", _("vrijwilligerswerk")


class TargetGroup(models.TextChoices):
    IEDEREEN = "iedereen", _("iedereen")
    OUDEREN = "ouderen", _("ouderen")
    PLUS75 = "75-plus", _("75-plussers")
    JONGEREN = "jongeren", _("jongeren (12–25 jaar)")
    MIGRANTEN = "migranten", _("migranten")
    MANTELZORGERS = "mantelzorgers", _("mantelzorgers")
    BEPERKING = "beperking", _("mensen met een beperking")
    PSYCHISCH = "psychisch", _("mensen met psychische kwetsbaarheid")
    LHBTI = "lhbti", _("LHBTI-ouderen")


class Theme(models.TextChoices):
    ROUW = "rouw", _("rouw en verlies")
    MANTELZORG = "mantelzorg", _("mantelzorg")
    ZIEKTE = "ziekte", _("ziekte en beperking")
    PENSIOEN = "pensioen", _("pensioen")
    VERHUIZING = "verhuizing", _("verhuizing")
    SCHEIDING = "scheiding", _("scheiding")
    ZINGEVING = "zingeving", _("zingeving")
    DIGITAAL = "digitaal", _("digitale vaardigheden")
    BEWEGEN = "bewegen", _("bewegen en leefstijl")
    TAAL = "taal", _("taal")


class Evidence(models.TextChoices):
    ONDERBOUWD = "onderbouwd", _("onderbouwd")
    KANSRIJK = "kansrijk", _("kansrijk")
    ONBEKEND = "onbekend", _("onbekend")


class CostKind(models.TextChoices):
    GRATIS = "gratis", _("gratis")
    BEDRAG = "bedrag", _("een bedrag")
    OP_AANVRAAG = "op-aanvraag", _("op aanvraag")


class JoinMethod(models.TextChoices):
    VRIJE_INLOOP = "inloop", _("vrije inloop: u kunt zo binnenlopen")
    AANMELDEN = "aanmelden", _("aanmelden vooraf")


class Language(models.TextChoices):
    NL = "nl", _("Nederlands")
    EN = "en", _("Engels")
    DE = "de", _("Duits")
    TR = "tr", _("Turks")
    AR = "ar", _("Arabisch")
    PL = "pl", _("Pools")
    UK = "uk", _("Oekraïens")
    TWENTS = "twents", _("Twents")
    NGT = "ngt", _("Nederlandse Gebarentaal")


class InTitle(Func):
    """The title's words of a search vector (weight A): ts_filter(search_vector, '{a}'). Indexed
    (`activiteit_search_title`), so that a search finds the listings with its words in their title without reading
    the others (socialekaart.search.ResultIds)."""

    function = "ts_filter"
    output_field = SearchVectorField()

    def __init__(self, vector: str = "search_vector"):
        super().__init__(F(vector), Value("{a}"))


# How long a recurring session lasts (Tijdslot.ends_at - starts_at, an interval): indexed per weekday.
SESSION_DURATION = ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=models.DurationField())


class Weekday(models.IntegerChoices):
    MAANDAG = 1, _("maandag")
    DINSDAG = 2, _("dinsdag")
    WOENSDAG = 3, _("woensdag")
    DONDERDAG = 4, _("donderdag")
    VRIJDAG = 5, _("vrijdag")
    ZATERDAG = 6, _("zaterdag")
    ZONDAG = 7, _("zondag")


# ---------------------------------------------------------------------------
# Where
# ---------------------------------------------------------------------------
class Locatie(models.Model):
    """A place where activities happen: a buurthuis, a library, a church hall."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="locaties", verbose_name=_("organisatie")
    )
    name = models.CharField(_("naam"), max_length=200, help_text=_("Bijvoorbeeld: Buurthuis De Bron"))
    street = models.CharField(_("straat en huisnummer"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=6, help_text=_("Bijvoorbeeld 7671 AB"))
    city = models.CharField(_("plaats"), max_length=100)
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="locaties",
        verbose_name=_("wijk of kern"),
        help_text=_("Wordt ingevuld op basis van de postcode."),
    )
    latitude = models.DecimalField(_("breedtegraad"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True)
    wheelchair_accessible = models.BooleanField(_("toegankelijk met rolstoel"), default=False)
    hearing_loop = models.BooleanField(_("ringleiding"), default=False)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "name"], name="locatie_unique_name_per_organisatie"),
            models.CheckConstraint(
                condition=models.Q(postcode__regex=r"^[1-9][0-9]{3}[A-Z]{2}$"), name="locatie_postcode_normalised"
            ),
        ]

    def __str__(self):
        return f"{self.name}, {self.city}"

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"


# ---------------------------------------------------------------------------
# The activity
# ---------------------------------------------------------------------------
def public_cutoff() -> date:
    """The oldest confirmation date of a listing that citizens still see (SOCIALEKAART_HIDE_AFTER_DAYS ago)."""
    return timezone.localdate() - timedelta(days=settings.SOCIALEKAART_HIDE_AFTER_DAYS)


def public_condition(prefix: str = "", *, cutoff: date | None = None) -> models.Q:
    """What citizens see (ActiviteitQuerySet.public()) as a condition, also on a related activity
    (`public_condition("activiteit__")`): on the join, PostgreSQL checks the few rows a page needs, where
    `activiteit__in=Activiteit.objects.public()` made it gather every public activity first. `cutoff`: the
    public_cutoff() the caller has already worked out."""
    cutoff = cutoff or public_cutoff()
    return models.Q(**{f"{prefix}status": Activiteit.Status.GEPUBLICEERD, f"{prefix}last_confirmed_on__gte": cutoff})


class ActiviteitQuerySet(models.QuerySet["Activiteit"]):
    def published(self) -> "ActiviteitQuerySet":
        return self.filter(status=Activiteit.Status.GEPUBLICEERD)

    def public(self) -> "ActiviteitQuerySet":
        """What citizens see: published and confirmed as current within the hide threshold."""
        return self.filter(public_condition())

    def of_organisaties(self, organisaties: Iterable[Organisatie] | QuerySet[Organisatie]) -> "ActiviteitQuerySet":
        return self.filter(organisatie__in=organisaties)


class Activiteit(models.Model):
    class Status(models.TextChoices):
        CONCEPT = "concept", _("concept")
        TER_BEOORDELING = "ter-beoordeling", _("ter beoordeling")
        GEPUBLICEERD = "gepubliceerd", _("gepubliceerd")
        GEARCHIVEERD = "gearchiveerd", _("gearchiveerd")

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.PROTECT, related_name="activiteiten", verbose_name=_("organisatie")
    )
    slug = models.SlugField(_("adres op de website"), max_length=120, unique=True)
    title = models.CharField(_("titel"), max_length=120)
    summary = models.CharField(
        _("korte samenvatting"), max_length=300, help_text=_("Eén of twee zinnen in eenvoudige taal.")
    )
    description = models.TextField(
        _("beschrijving"),
        blank=True,
        help_text=_("Wat gebeurt er, voor wie is het, wat levert het op? Schrijf kort en eenvoudig."),
    )
    kind = models.CharField(_("soort activiteit"), max_length=20, choices=ActivityType)
    target_groups = ArrayField(
        models.CharField(max_length=20, choices=TargetGroup), verbose_name=_("voor wie"), default=list, blank=True
    )
    themes = ArrayField(
        models.CharField(max_length=20, choices=Theme),
        verbose_name=_("thema's en levensgebeurtenissen"),
        default=list,
        blank=True,
    )
    evidence = models.CharField(_("onderbouwing"), max_length=12, choices=Evidence, default=Evidence.ONBEKEND)
    evidence_source = models.CharField(
        _("bron van de onderbouwing"),
        max_length=300,
        blank=True,
        help_text=_("Bijvoorbeeld: Databank Effectieve sociale interventies, of het onderzoek dat het effect toont."),
    )
    cost_kind = models.CharField(_("kosten"), max_length=12, choices=CostKind, default=CostKind.GRATIS)
    cost_amount = models.DecimalField(
        _("bedrag (€)"), max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0.01)]
    )
    cost_note = models.CharField(_("toelichting op de kosten"), max_length=200, blank=True)
    transport_available = models.BooleanField(_("vervoer mogelijk"), default=False)
    languages = ArrayField(
        models.CharField(max_length=10, choices=Language), verbose_name=_("talen"), default=list, blank=True
    )
    locaties = models.ManyToManyField(Locatie, related_name="activiteiten", blank=True, verbose_name=_("locaties"))
    wijken = models.ManyToManyField(
        Wijk,
        related_name="activiteiten",
        blank=True,
        verbose_name=_("wijken en kernen"),
        help_text=_("Voor activiteiten zonder vaste plek, zoals huisbezoek: in welke wijken komt u?"),
    )
    is_online = models.BooleanField(_("online"), default=False)
    join_method = models.CharField(_("meedoen"), max_length=10, choices=JoinMethod, default=JoinMethod.VRIJE_INLOOP)
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mailadres"), blank=True)
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.CONCEPT)
    last_confirmed_on = models.DateField(_("laatst bevestigd als actueel"), null=True, blank=True)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bevestigd door"),
    )
    # Freshness reminders are sent once per period: these record for which confirmation date they went.
    reminder_sent_for = models.DateField(_("herinnering verstuurd voor bevestiging van"), null=True, blank=True)
    stale_notice_sent_for = models.DateField(_("melding verouderd verstuurd voor"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The known last parts of the compound words of the title and summary ("cafe" for Mantelzorgcafé), searched
    # beside search_vector and ranked below it (socialekaart/words.py).
    search_parts = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ActiviteitQuerySet.as_manager()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(cost_kind="bedrag") & models.Q(cost_amount__gt=0))
                | (~models.Q(cost_kind="bedrag") & models.Q(cost_amount__isnull=True)),
                name="activiteit_amount_only_with_cost_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["concept", "ter-beoordeling", "gepubliceerd", "gearchiveerd"]),
                name="activiteit_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="gepubliceerd") | models.Q(last_confirmed_on__isnull=False),
                name="activiteit_published_has_confirmation",
            ),
        ]
        indexes = [
            # Public search: published and recently confirmed.
            models.Index(fields=["status", "last_confirmed_on"], name="activiteit_status_confirmed"),
            GinIndex(fields=["search_vector"], name="activiteit_search"),
            GinIndex(fields=["search_parts"], name="activiteit_search_parts"),
            GinIndex(InTitle(), name="activiteit_search_title"),
            GinIndex(fields=["target_groups"], name="activiteit_target_groups"),
            GinIndex(fields=["themes"], name="activiteit_themes"),
            models.Index(fields=["kind"], name="activiteit_kind"),
            # A search without words lists public activities by title, a page at a time.
            models.Index(fields=["title", "id"], name="activiteit_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("socialekaart:activiteit", kwargs={"slug": self.slug})

    @property
    def is_free(self) -> bool:
        return self.cost_kind == CostKind.GRATIS


class Zoekindex(models.Model):
    """What a search without filters reads of an activity, in a narrow table of its own (socialekaart.search).

    A search tests its words on thousands of rows; on the activity's own wide rows, reading past the twenty-odd
    columns before the search vector was a fifth of that time. The activity keeps its own search columns (the
    source, and what a search with filters reads). This copy is written by the database only: the trigger
    `socialekaart_zoekindex_bijwerken` (migration 0012) after every insert of an activity and every update that
    changes one of these columns, whatever makes it (a service, the admin, an import, QuerySet.update). So it is
    never out of step, and no Python code writes it. Deleting an activity deletes its row (on_delete)."""

    activiteit = models.OneToOneField(
        Activiteit,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="zoekindex",
        verbose_name=_("activiteit"),
    )
    title = models.CharField(_("titel"), max_length=120)
    status = models.CharField(_("status"), max_length=16, choices=Activiteit.Status)
    last_confirmed_on = models.DateField(_("laatst bevestigd als actueel"), null=True)
    search_vector = SearchVectorField(_("zoekwoorden"), null=True)
    search_parts = SearchVectorField(_("delen van samengestelde woorden"), null=True)

    class Meta:
        verbose_name = _("zoekindex van een activiteit")
        verbose_name_plural = _("zoekindex van de activiteiten")
        indexes = [
            # As the activity's own search indexes (Activiteit.Meta).
            models.Index(fields=["status", "last_confirmed_on"], name="zoekindex_public"),
            GinIndex(fields=["search_vector"], name="zoekindex_search"),
            GinIndex(fields=["search_parts"], name="zoekindex_search_parts"),
            GinIndex(InTitle(), name="zoekindex_search_title"),
        ]

    def __str__(self):
        return self.title


class Frequency(models.TextChoices):
    """RFC 5545 FREQ values (the .ics and HSDS use them as they are)."""

    WEEKLY = "WEEKLY", _("per week")
    MONTHLY = "MONTHLY", _("per maand")


class WeekOfMonth(models.IntegerChoices):
    """RFC 5545 BYSETPOS of a MONTHLY time: which of the month's (say) Tuesdays."""

    EERSTE = 1, _("eerste")
    TWEEDE = 2, _("tweede")
    DERDE = 3, _("derde")
    VIERDE = 4, _("vierde")
    LAATSTE = -1, _("laatste")


class Tijdslot(models.Model):
    """A recurring time: every Tuesday 10:00–12:00, every other Tuesday, the last Friday of the month.

    The fields are the RFC 5545 RRULE subset that socialekaart/recurrence.py expands (`rule()`); the
    activity's `Uitzondering`s are the dates without a session.
    """

    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.CASCADE, related_name="tijdsloten", verbose_name=_("activiteit")
    )
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday)
    starts_at = models.TimeField(_("begintijd"))
    ends_at = models.TimeField(_("eindtijd"))
    freq = models.CharField(_("hoe vaak"), max_length=7, choices=Frequency, default=Frequency.WEEKLY)
    interval = models.PositiveSmallIntegerField(
        _("om de hoeveel weken"), default=1, help_text=_("1: elke week; 2: om de week.")
    )
    bysetpos = models.SmallIntegerField(
        _("welke van de maand"), choices=WeekOfMonth, null=True, blank=True, help_text=_("Alleen bij 'per maand'.")
    )
    valid_from = models.DateField(
        _("vanaf"), null=True, blank=True, help_text=_("De eerste keer. Nodig bij 'om de week'.")
    )
    until = models.DateField(_("tot en met"), null=True, blank=True, help_text=_("Leeg laten als er geen einde is."))
    locatie = models.ForeignKey(
        Locatie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("locatie")
    )
    note = models.CharField(
        _("opmerking"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: neem uw eigen breiwerk mee")
    )

    class Meta:
        verbose_name = _("vaste tijd")
        verbose_name_plural = _("vaste tijden")
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="tijdslot_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(weekday__gte=1, weekday__lte=7), name="tijdslot_weekday_valid"),
            # Weekly: every n weeks (counted from valid_from when n > 1), no position in the month.
            # Monthly: one of the first four or the last such weekday, every month.
            models.CheckConstraint(
                condition=(
                    models.Q(freq="WEEKLY", bysetpos__isnull=True, interval__gte=1, interval__lte=4)
                    & (models.Q(interval=1) | models.Q(valid_from__isnull=False))
                )
                | models.Q(freq="MONTHLY", interval=1, bysetpos__in=[1, 2, 3, 4, -1]),
                name="tijdslot_rule_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(until__gte=models.F("valid_from")),
                name="tijdslot_until_after_valid_from",
            ),
        ]
        # The day-of-week filter of the search, and the agenda's times of a day.
        indexes = [
            models.Index(fields=["weekday", "activiteit"], name="tijdslot_weekday"),
            # The agenda's first sessions of a day, by time: read in this order, they stop after the first few.
            models.Index(fields=["weekday", "starts_at", "id"], name="tijdslot_day_order"),
            # The longest session of a weekday, at once: today's agenda skips what has certainly ended.
            models.Index(F("weekday"), SESSION_DURATION, name="tijdslot_duration"),
        ]

    def __str__(self):
        return f"{self.how_often} {self.starts_at:%H.%M}–{self.ends_at:%H.%M}"

    @property
    def how_often(self) -> str:
        return how_often(self.freq, self.interval, self.bysetpos, self.weekday)

    def rule(self, exceptions: Iterable[tuple[date, date]] = ()) -> Rule:
        return Rule(
            weekday=self.weekday,
            freq=self.freq,
            interval=self.interval,
            bysetpos=self.bysetpos,
            valid_from=self.valid_from,
            until=self.until,
            exceptions=tuple(exceptions),
        )


EVERY_OTHER_WEEK = 2


def how_often(freq: str, interval: int, bysetpos: int | None, weekday: int) -> str:
    """'elke dinsdag', 'om de week op dinsdag', 'elke eerste dinsdag van de maand' (B1 Dutch, translated)."""
    day = Weekday(weekday).label
    if freq == Frequency.MONTHLY and bysetpos:
        return _("elke %(which)s %(day)s van de maand") % {"which": WeekOfMonth(bysetpos).label, "day": day}
    if interval == EVERY_OTHER_WEEK:
        return _("om de week op %(day)s") % {"day": day}
    if interval > EVERY_OTHER_WEEK:
        return _("elke %(n)s weken op %(day)s") % {"n": interval, "day": day}
    return _("elke %(day)s") % {"day": day}


class Uitzondering(models.Model):
    """A date or date range on which an activity's recurring times have no session: a holiday, the summer break."""

    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.CASCADE, related_name="uitzonderingen", verbose_name=_("activiteit")
    )
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    reason = models.CharField(
        _("reden"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: zomervakantie, Koningsdag")
    )

    class Meta:
        verbose_name = _("uitzondering")
        verbose_name_plural = _("uitzonderingen")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="uitzondering_ends_on_or_after_start"
            ),
        ]
        # The agenda reads the exceptions that overlap its period.
        indexes = [models.Index(fields=["ends_on", "starts_on"], name="uitzondering_period")]

    def __str__(self):
        if self.starts_on == self.ends_on:
            text = _("geen bijeenkomst op %(day)s") % {"day": date_format(self.starts_on, "j F Y")}
        else:
            text = _("geen bijeenkomsten van %(first)s tot en met %(last)s") % {
                "first": date_format(self.starts_on, "j F Y"),
                "last": date_format(self.ends_on, "j F Y"),
            }
        return f"{text} ({self.reason})" if self.reason else text

    @property
    def period(self) -> tuple[date, date]:
        return (self.starts_on, self.ends_on)


class Bijeenkomst(models.Model):
    """A dated event, for the agenda: the Week van de Eenzaamheid, a one-off lecture, a course's first session."""

    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.CASCADE, related_name="bijeenkomsten", verbose_name=_("activiteit")
    )
    title = models.CharField(
        _("titel"), max_length=120, blank=True, help_text=_("Leeg laten om de titel van de activiteit te gebruiken.")
    )
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    locatie = models.ForeignKey(
        Locatie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("locatie")
    )
    note = models.CharField(_("opmerking"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="bijeenkomst_ends_after_start"
            ),
        ]
        # The agenda lists upcoming events by date.
        # In time order, then by key: the agenda reads a day's first events from it without sorting.
        indexes = [models.Index(fields=["starts_at", "id"], name="bijeenkomst_starts_at")]

    def __str__(self):
        return f"{self.display_title} ({timezone.localtime(self.starts_at):%d-%m-%Y %H.%M})"

    @property
    def display_title(self) -> str:
        return self.title or self.activiteit.title


# ---------------------------------------------------------------------------
# Approval, history, trust
# ---------------------------------------------------------------------------
class PartnerInstelling(models.Model):
    """How the sociale kaart treats one organisation's listings."""

    organisatie = models.OneToOneField(
        Organisatie, on_delete=models.CASCADE, related_name="socialekaart_instelling", verbose_name=_("organisatie")
    )
    may_publish_directly = models.BooleanField(
        _("mag direct publiceren"),
        default=False,
        help_text=_("Nieuwe activiteiten en wijzigingen van deze organisatie hoeven niet eerst langs de coördinator."),
    )

    class Meta:
        verbose_name = _("instelling van een partner")
        verbose_name_plural = _("instellingen van partners")

    def __str__(self):
        return str(self.organisatie)


class Wijzigingsvoorstel(models.Model):
    """A partner's change to a published activity, waiting for the coördinator; the listing stays as it was."""

    class Status(models.TextChoices):
        OPEN = "open", _("wacht op beoordeling")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")
        TERUGGESTUURD = "teruggestuurd", _("teruggestuurd")

    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.CASCADE, related_name="wijzigingsvoorstellen", verbose_name=_("activiteit")
    )
    data = models.JSONField(_("voorgestelde gegevens"))
    status = models.CharField(_("status"), max_length=14, choices=Status, default=Status.OPEN)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ingediend door")
    )
    submitted_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    comment = models.TextField(_("toelichting van de coördinator"), blank=True)

    class Meta:
        verbose_name = _("wijzigingsvoorstel")
        verbose_name_plural = _("wijzigingsvoorstellen")
        ordering = ["-submitted_at"]
        constraints = [
            # One open proposal per activity: a new edit replaces the data of the open one.
            models.UniqueConstraint(
                fields=["activiteit"], condition=models.Q(status="open"), name="wijzigingsvoorstel_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.activiteit} ({self.get_status_display()})"


class Historie(models.Model):
    """Append-only history of an activity: what happened, when and by whom. Never edited."""

    class Action(models.TextChoices):
        AANGEMAAKT = "aangemaakt", _("aangemaakt")
        GEWIJZIGD = "gewijzigd", _("gewijzigd")
        INGEDIEND = "ingediend", _("ingediend ter beoordeling")
        GEPUBLICEERD = "gepubliceerd", _("gepubliceerd")
        TERUGGESTUURD = "teruggestuurd", _("teruggestuurd met opmerking")
        BEVESTIGD = "bevestigd", _("bevestigd als actueel")
        GEARCHIVEERD = "gearchiveerd", _("gearchiveerd")
        GEKOPIEERD = "gekopieerd", _("gekopieerd")
        HERINNERD = "herinnerd", _("herinnering verstuurd")
        VEROUDERD = "verouderd", _("uit de zoekresultaten (niet bevestigd)")
        GEIMPORTEERD = "geimporteerd", _("geïmporteerd")

    activiteit = models.ForeignKey(
        Activiteit, on_delete=models.CASCADE, related_name="historie", verbose_name=_("activiteit")
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
    action = models.CharField(_("wat"), max_length=14, choices=Action)
    comment = models.TextField(_("toelichting"), blank=True)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)

    class Meta:
        verbose_name = _("historieregel")
        verbose_name_plural = _("historie")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["activiteit", "-at"], name="historie_activiteit_at")]

    def __str__(self):
        return f"{self.activiteit}: {self.get_action_display()}"


# ---------------------------------------------------------------------------
# Demand: what citizens search for (anonymous)
# ---------------------------------------------------------------------------
class Zoekvraag(models.Model):
    """One public search: words, filters and the number of results, counted once per visitor per day. No IP address,
    no time of day, nothing personal (services/search_log.py); kept SOCIALEKAART_SEARCH_RETENTION_MONTHS."""

    on = models.DateField(_("datum"), default=timezone.localdate)
    terms = models.CharField(_("zoekwoorden"), max_length=200, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    result_count = models.PositiveIntegerField(_("aantal resultaten"))
    visitor = models.CharField(
        _("bezoeker (onherkenbaar)"),
        max_length=32,
        blank=True,
        help_text=_(
            "Een code die alleen op deze dag dezelfde bezoeker aanwijst (coalition/visitors.py), zodat een zoekvraag "
            "één keer per bezoeker per dag telt. Het adres zelf wordt nooit bewaard."
        ),
    )

    class Meta:
        verbose_name = _("zoekvraag")
        verbose_name_plural = _("zoekvragen")
        ordering = ["-on", "-pk"]
        constraints = [
            # The same search by the same visitor on the same day (a reload, the back button) counts once. Rows from
            # before the visitor was recorded have none, and are left as they are.
            models.UniqueConstraint(
                fields=["on", "visitor", "terms", "filters"],
                condition=~models.Q(visitor=""),
                name="zoekvraag_once_per_visitor_day",
            ),
        ]
        # The coördinator's overview: recent searches, most without results first. Also the retention's delete.
        indexes = [models.Index(fields=["on", "result_count"], name="zoekvraag_on_results")]

    def __str__(self):
        return f"{self.terms or '—'} ({self.result_count})"


# ---------------------------------------------------------------------------
# What the search understands: the coalition's synonyms, and search words set aside
# ---------------------------------------------------------------------------
def search_word(text: str) -> str:
    """How the search compares words: lower case, without accents, single spaces ('  Café ' -> 'cafe')."""
    return " ".join(WORD.findall(normalise(text)))


class Synoniem(models.Model):
    """A search word and the words it also means: a search for "theater" also finds "voorstelling" and "concert"
    (ranked below the word itself). One way only: add "voorstelling → theater" as well if that is meant too."""

    word = models.CharField(
        _("zoekwoord"),
        max_length=60,
        unique=True,
        help_text=_("Eén woord, zoals inwoners het typen. Hoofdletters en accenten tellen niet mee."),
    )
    words = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("betekent ook"),
        help_text=_("Woorden die de zoekfunctie ook zoekt, met komma's ertussen. Bijvoorbeeld: voorstelling, concert"),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        ordering = ["word"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(word=""), name="synoniem_word_not_empty"),
            models.CheckConstraint(condition=~models.Q(words=[]), name="synoniem_has_words"),
        ]

    def __str__(self):
        return f"{self.word} → {', '.join(self.words or [])}"

    def clean(self) -> None:
        # Stored as the search compares them, so "Theater" and "theater" are one entry. A form left empty gives None.
        self.word = search_word(self.word or "")
        cleaned = [search_word(word) for word in self.words or []]
        self.words = [word for n, word in enumerate(cleaned) if word and word != self.word and word not in cleaned[:n]]
        if " " in self.word:
            raise ValidationError({"word": _("Vul één woord in; de zoekfunctie vergelijkt woord voor woord.")})
        if self.word and not self.words:
            raise ValidationError({"words": _("Vul minstens één ander woord in.")})


class VerborgenZoekvraag(models.Model):
    """Search words a coördinator set aside as nonsense or a one-off ("asdf", a name): no longer shown among the
    searches without results. The searches themselves stay in the log (Zoekvraag)."""

    term = models.CharField(
        _("zoekwoorden"), max_length=200, unique=True, help_text=_("In kleine letters, zoals het overzicht ze toont.")
    )
    hidden_on = models.DateField(_("verborgen op"), default=timezone.localdate)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verborgen door"),
    )

    class Meta:
        verbose_name = _("verborgen zoekvraag")
        verbose_name_plural = _("verborgen zoekvragen")
        ordering = ["term"]

    def __str__(self):
        return self.term
