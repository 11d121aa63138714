"""The monitor's own data: what the GGD publishes about loneliness, each gemeente's ambition, and how many people aged
65 and over live in each wijk.

These are figures published by others (the GGD Gezondheidsmonitor Volwassenen en Ouderen, the CBS), imported from
their tables by a coördinator (monitoring/resources.py, through the admin), not counted from our own files. A figure
is a percentage of a population as the GGD reports it; the GGD measures loneliness with the 11-item De Jong Gierveld
scale: "eenzaam" is a score of 3–11, "ernstig eenzaam" 9–11 (ernstig and zeer ernstig together).

A figure or count belongs to a whole gemeente (no wijk) or to one wijk of that gemeente. That the wijk lies in the
gemeente spans two tables, so no check constraint can say it: `clean()` checks it for forms and imports, and a
trigger (migration 0002) refuses it in the database.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from coalition.models import Gemeente, Wijk

# Years a GGD or CBS figure can be about (the Gezondheidsmonitor started in the 2000s).
FIRST_YEAR, LAST_YEAR = 1990, 2100
# Percentages are 0.0–100.0 (max_digits=4, decimal_places=1): the GGD publishes whole percentages, sometimes with one
# decimal.
PERCENTAGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


def _published_percentage(verbose_name, help_text=""):
    """A percentage as the GGD publishes it (one decimal), empty when the source does not give it."""
    return models.DecimalField(
        verbose_name,
        null=True,
        blank=True,
        help_text=help_text,
        max_digits=4,
        decimal_places=1,
        validators=PERCENTAGE_VALIDATORS,
    )


YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
# The expected percentage on the ambition line is kept to two decimals (40.60 for Enschede in 2023).
LINE_PRECISION = Decimal("0.01")


class AgeGroup(models.TextChoices):
    """The populations the GGD Gezondheidsmonitor Volwassenen en Ouderen reports on.

    Up to 2016 the monitor asked people aged 19 and over, since 2020 from 18: the groups stay the same, so the values
    name the group, not its ages."""

    # "Volwassenen en ouderen": everyone the monitor asks. Enschede's 51 % and Twenterand's 36 % are of this group.
    ALLE = "alle", _("volwassenen en ouderen (19 jaar en ouder)")
    # The GGD's "volwassenen" are 19–64 (seed 000 writes "19-65 jaar": up to their 65th birthday).
    VOLWASSENEN = "volwassenen", _("volwassenen (19 tot 65 jaar)")
    OUDEREN = "ouderen", _("ouderen (65 jaar en ouder)")


# The order in which the groups are listed: everyone first, then the two parts.
AGE_GROUP_ORDER = {AgeGroup.ALLE: 0, AgeGroup.VOLWASSENEN: 1, AgeGroup.OUDEREN: 2}


def _percentage_between_0_and_100(name: str, prefix: str, *, nullable: bool) -> models.CheckConstraint:
    within = models.Q(**{f"{name}__gte": 0, f"{name}__lte": 100})
    return models.CheckConstraint(
        condition=(models.Q(**{f"{name}__isnull": True}) | within) if nullable else within,
        name=f"{prefix}_{name}_0_100",
    )


def _year_in_range(name: str, prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{name}__gte": FIRST_YEAR, f"{name}__lte": LAST_YEAR}), name=f"{prefix}_{name}_valid"
    )


def check_wijk_in_gemeente(gemeente: Gemeente, wijk: Wijk | None) -> None:
    """Raises a ValidationError (on the field wijk) when `wijk` lies in another gemeente than `gemeente`."""
    if wijk is not None and wijk.gemeente_id != gemeente.pk:
        raise ValidationError(
            {
                "wijk": _("De wijk %(wijk)s hoort bij %(other)s, niet bij %(gemeente)s.")
                % {"wijk": wijk.name, "other": wijk.gemeente.name, "gemeente": gemeente.name}
            },
            code="wijk_of_other_gemeente",
        )


class Gezondheidscijfer(models.Model):
    """One row of a GGD table: the loneliness of one population in one gemeente (or wijk) in one year."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="gezondheidscijfers", verbose_name=_("gemeente")
    )
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.PROTECT,
        related_name="gezondheidscijfers",
        verbose_name=_("wijk"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als het cijfer over de hele gemeente gaat."),
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=YEAR_VALIDATORS, help_text=_("Het jaar van de meting, bijvoorbeeld 2022.")
    )
    group = models.CharField(_("groep"), max_length=12, choices=AgeGroup, default=AgeGroup.ALLE)
    lonely = _published_percentage(
        _("eenzaam (%)"),
        _("Matig, ernstig en zeer ernstig eenzaam samen (score 3 of hoger op de De Jong Gierveld-schaal)."),
    )
    severely_lonely = _published_percentage(
        _("ernstig eenzaam (%)"),
        _("Ernstig en zeer ernstig eenzaam samen (score 9 of hoger op de De Jong Gierveld-schaal)."),
    )
    emotionally_lonely = _published_percentage(_("emotioneel eenzaam (%)"))
    socially_lonely = _published_percentage(_("sociaal eenzaam (%)"))
    sample_size = models.PositiveIntegerField(
        _("aantal ondervraagden"),
        null=True,
        blank=True,
        help_text=_("Hoeveel mensen de vragenlijst invulden. Leeg laten als de bron het niet noemt."),
    )
    source = models.CharField(
        _("bron"), max_length=255, blank=True, help_text=_("Bijvoorbeeld: GGD Twente, Gezondheidsmonitor 2022.")
    )

    class Meta:
        verbose_name = _("GGD-cijfer eenzaamheid")
        verbose_name_plural = _("GGD-cijfers eenzaamheid")
        ordering = ["gemeente__name", "year", "group", "wijk__name"]
        constraints = [
            # One figure per gemeente, year and group, and one per wijk, year and group. Two partial constraints
            # because a NULL wijk is never equal to another NULL (and NULLS NOT DISTINCT needs PostgreSQL 15).
            # The first also serves the dashboard's read per gemeente (monitoring.queries.ggd_figures).
            models.UniqueConstraint(
                fields=["gemeente", "year", "group"],
                condition=models.Q(wijk__isnull=True),
                name="gezondheidscijfer_unique_gemeente",
                violation_error_message=_("Er is al een cijfer voor deze gemeente, dit jaar en deze groep."),
            ),
            models.UniqueConstraint(
                fields=["wijk", "year", "group"],
                condition=models.Q(wijk__isnull=False),
                name="gezondheidscijfer_unique_wijk",
                violation_error_message=_("Er is al een cijfer voor deze wijk, dit jaar en deze groep."),
            ),
            models.CheckConstraint(condition=models.Q(group__in=AgeGroup.values), name="gezondheidscijfer_group_valid"),
            _year_in_range("year", "gezondheidscijfer"),
            _percentage_between_0_and_100("lonely", "gezondheidscijfer", nullable=True),
            _percentage_between_0_and_100("severely_lonely", "gezondheidscijfer", nullable=True),
            _percentage_between_0_and_100("emotionally_lonely", "gezondheidscijfer", nullable=True),
            _percentage_between_0_and_100("socially_lonely", "gezondheidscijfer", nullable=True),
            # A row says something: at least one of the percentages.
            models.CheckConstraint(
                condition=models.Q(lonely__isnull=False)
                | models.Q(severely_lonely__isnull=False)
                | models.Q(emotionally_lonely__isnull=False)
                | models.Q(socially_lonely__isnull=False),
                name="gezondheidscijfer_has_a_figure",
                violation_error_message=_("Vul minstens één percentage in."),
            ),
            # The severely lonely (score 9–11) are part of the lonely (3–11).
            models.CheckConstraint(
                condition=models.Q(lonely__isnull=True)
                | models.Q(severely_lonely__isnull=True)
                | models.Q(severely_lonely__lte=models.F("lonely")),
                name="gezondheidscijfer_severe_within_lonely",
                violation_error_message=_("Ernstig eenzaam kan niet meer zijn dan eenzaam."),
            ),
            models.CheckConstraint(
                condition=models.Q(sample_size__isnull=True) | models.Q(sample_size__gt=0),
                name="gezondheidscijfer_sample_size_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}, {self.year}, {self.get_group_display()}"

    def clean(self) -> None:
        super().clean()
        if self.gemeente_id:
            check_wijk_in_gemeente(self.gemeente, self.wijk)

    @property
    def area(self) -> str:
        """The wijk with its gemeente, or the gemeente."""
        return str(self.wijk) if self.wijk else str(self.gemeente)


class Ambitie(models.Model):
    """A gemeente's ambition: the share of lonely people from a baseline down to a target, in a straight line.

    Enschede (seed 000 §4): "51% van de mensen die eenzaamheid ervaren binnen vijf jaar omlaag brengen naar 25%".
    """

    gemeente = models.OneToOneField(
        Gemeente, on_delete=models.PROTECT, related_name="ambitie", verbose_name=_("gemeente")
    )
    group = models.CharField(
        _("groep"),
        max_length=12,
        choices=AgeGroup,
        default=AgeGroup.ALLE,
        help_text=_("De groep waarvan de GGD-cijfers met de ambitie worden vergeleken."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("startjaar"), validators=YEAR_VALIDATORS)
    baseline_pct = models.DecimalField(
        _("eenzaam in het startjaar (%)"), max_digits=4, decimal_places=1, validators=PERCENTAGE_VALIDATORS
    )
    target_year = models.PositiveSmallIntegerField(_("doeljaar"), validators=YEAR_VALIDATORS)
    target_pct = models.DecimalField(
        _("doel: eenzaam in het doeljaar (%)"), max_digits=4, decimal_places=1, validators=PERCENTAGE_VALIDATORS
    )
    source = models.CharField(
        _("bron"), max_length=255, blank=True, help_text=_("Bijvoorbeeld: Actieplan Eenzaamheid 2021-2022.")
    )

    class Meta:
        verbose_name = _("ambitie")
        verbose_name_plural = _("ambities")
        ordering = ["gemeente__name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(group__in=AgeGroup.values), name="ambitie_group_valid"),
            _year_in_range("baseline_year", "ambitie"),
            _year_in_range("target_year", "ambitie"),
            _percentage_between_0_and_100("baseline_pct", "ambitie", nullable=False),
            _percentage_between_0_and_100("target_pct", "ambitie", nullable=False),
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("baseline_year")),
                name="ambitie_target_after_baseline",
                violation_error_message=_("Het doeljaar moet na het startjaar liggen."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.gemeente}: {self.baseline_pct} % in {self.baseline_year} naar {self.target_pct} % in "
            f"{self.target_year}"
        )

    def expected_pct(self, year: int) -> Decimal | None:
        """The percentage the line expects in `year`; None before the baseline year or after the target year."""
        return expected_on_line(
            baseline_year=self.baseline_year,
            baseline_pct=self.baseline_pct,
            target_year=self.target_year,
            target_pct=self.target_pct,
            year=year,
        )

    def line(self) -> list[tuple[int, Decimal]]:
        """(year, expected percentage) for every year from the baseline to the target, both included."""
        line = []
        for year in range(self.baseline_year, self.target_year + 1):
            expected = self.expected_pct(year)
            if expected is not None:
                line.append((year, expected))
        return line


def expected_on_line(
    *, baseline_year: int, baseline_pct: Decimal, target_year: int, target_pct: Decimal, year: int
) -> Decimal | None:
    """The straight line from (baseline year, baseline %) to (target year, target %), at `year`, to two decimals.

    Enschede, 51 % in 2021 to 25 % in 2026: 2023 expects 51 - 2 × 26/5 = 40.60. None outside the two years.
    """
    if not baseline_year <= year <= target_year or target_year <= baseline_year:
        return None
    step = (Decimal(target_pct) - Decimal(baseline_pct)) / (target_year - baseline_year)
    return (Decimal(baseline_pct) + step * (year - baseline_year)).quantize(LINE_PRECISION, rounding=ROUND_HALF_UP)


class Inwonertal(models.Model):
    """How many people aged 65 and over live in a gemeente (or one of its wijken) in a year (CBS), for the signals
    per 1,000 older inhabitants."""

    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, related_name="inwonertallen", verbose_name=_("gemeente")
    )
    wijk = models.ForeignKey(
        Wijk,
        on_delete=models.PROTECT,
        related_name="inwonertallen",
        verbose_name=_("wijk"),
        null=True,
        blank=True,
        help_text=_("Leeg laten als het aantal over de hele gemeente gaat."),
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=YEAR_VALIDATORS, help_text=_("Het jaar waarop het aantal slaat (peildatum 1 januari).")
    )
    inhabitants_65plus = models.PositiveIntegerField(
        _("inwoners van 65 jaar en ouder"), validators=[MinValueValidator(1)]
    )
    source = models.CharField(
        _("bron"), max_length=255, blank=True, help_text=_("Bijvoorbeeld: CBS Kerncijfers wijken en buurten 2023.")
    )

    class Meta:
        verbose_name = _("inwonertal 65+")
        verbose_name_plural = _("inwonertallen 65+")
        ordering = ["gemeente__name", "-year", "wijk__name"]
        constraints = [
            # As for Gezondheidscijfer: one per gemeente and year, one per wijk and year. The first serves the
            # dashboard's read per gemeente and year (monitoring.queries.population_65plus).
            models.UniqueConstraint(
                fields=["gemeente", "year"],
                condition=models.Q(wijk__isnull=True),
                name="inwonertal_unique_gemeente",
                violation_error_message=_("Er is al een inwonertal voor deze gemeente en dit jaar."),
            ),
            models.UniqueConstraint(
                fields=["wijk", "year"],
                condition=models.Q(wijk__isnull=False),
                name="inwonertal_unique_wijk",
                violation_error_message=_("Er is al een inwonertal voor deze wijk en dit jaar."),
            ),
            _year_in_range("year", "inwonertal"),
            models.CheckConstraint(condition=models.Q(inhabitants_65plus__gt=0), name="inwonertal_positive"),
        ]
        indexes = [
            # population_65plus: the latest year up to a given one, per gemeente and wijk.
            models.Index(fields=["gemeente", "wijk", "-year"], name="inwonertal_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.area}, {self.year}: {self.inhabitants_65plus}"

    def clean(self) -> None:
        super().clean()
        if self.gemeente_id:
            check_wijk_in_gemeente(self.gemeente, self.wijk)

    @property
    def area(self) -> str:
        """The wijk with its gemeente, or the gemeente."""
        return str(self.wijk) if self.wijk else str(self.gemeente)
