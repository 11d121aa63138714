"""The meldpunt's measurement instruments as pure, tested code: no database, no models.

- De Jong Gierveld loneliness scale, the 11-item form (GGD health monitor) and the 6-item short form (CBS), with
  the published scoring rules (../shared/reference/README.md §1-2, scales-and-lists.json).
- Machielse's eight intervention profiles (seed 003, appendix 1).
- The six dimensions of Positieve Gezondheid in spinnenweb order (reference §3).

The De Jong Gierveld scale is meant for groups; for one person it is a before/after measurement, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meldpunt.choices import Coping, DJGAnswer, DJGForm, Duration, Orientation, Profile

# ---------------------------------------------------------------------------------------------------------------
# De Jong Gierveld
# ---------------------------------------------------------------------------------------------------------------

DJG_STEM = _(
    "Wilt u van elk van de volgende uitspraken aangeven in hoeverre die op u, zoals u de laatste tijd bent, "
    "van toepassing is?"
)
DJG_STEM_HINT = _("U kunt antwoorden met nee, min of meer, ja")
DJG_NOT_A_DIAGNOSIS = _(
    "Deze schaal laat zien hoe eenzaam iemand zich nu voelt, om later te vergelijken. Het is geen diagnose."
)

# Answer options in the order of the reference. The manual's 5-point scale is for people who fill it in
# themselves; the 3-point scale may be enough in a conversation or by phone (the GGD shows it as nee, min of meer, ja).
FIVE_POINT_ANSWERS = (DJGAnswer.JA_ZEKER, DJGAnswer.JA, DJGAnswer.MIN_OF_MEER, DJGAnswer.NEE, DJGAnswer.NEE_ZEKER)
THREE_POINT_ANSWERS = (DJGAnswer.JA, DJGAnswer.MIN_OF_MEER, DJGAnswer.NEE)


class Subscale(models.TextChoices):
    EMOTIONAL = "emotional", _("Emotionele eenzaamheid")
    SOCIAL = "social", _("Sociale eenzaamheid")


class Polarity(models.TextChoices):
    """Negatively worded items ("Ik mis ...") are the emotional ones, positively worded items the social ones."""

    POSITIVE = "positive", _("Positief geformuleerd")
    NEGATIVE = "negative", _("Negatief geformuleerd")


# The neutral answer "min of meer" always counts as lonely, whatever the item's wording.
_LONELY_ANSWERS = {
    Polarity.NEGATIVE: frozenset({DJGAnswer.JA_ZEKER, DJGAnswer.JA, DJGAnswer.MIN_OF_MEER}),
    Polarity.POSITIVE: frozenset({DJGAnswer.MIN_OF_MEER, DJGAnswer.NEE, DJGAnswer.NEE_ZEKER}),
}


@dataclass(frozen=True)
class DJGItem:
    number: int  # position in its own form, 1-based; the key in the answers dict
    text: str  # Dutch source string (lazy); English comes from the catalogue
    subscale: Subscale
    polarity: Polarity
    djg11_number: int  # the same statement's number in the 11-item form

    def score(self, answer: DJGAnswer) -> int:
        """1 for a lonely answer, 0 otherwise (dichotomous scoring)."""
        return 1 if answer in _LONELY_ANSWERS[self.polarity] else 0


def _item(number, polarity, text):
    subscale = Subscale.EMOTIONAL if polarity == Polarity.NEGATIVE else Subscale.SOCIAL
    return DJGItem(number, text, subscale, polarity, number)


_NEG, _POS = Polarity.NEGATIVE, Polarity.POSITIVE

# Word for word and in the order of the reference (verified against the LASA codebook and the scale lists).
DJG11_ITEMS = (
    _item(
        1, _POS, _("Er is altijd wel iemand in mijn omgeving bij wie ik met mijn dagelijkse probleempjes terecht kan")
    ),
    _item(2, _NEG, _("Ik mis een echt goede vriend of vriendin")),
    _item(3, _NEG, _("Ik ervaar een leegte om me heen")),
    _item(4, _POS, _("Er zijn genoeg mensen op wie ik in geval van narigheid kan terugvallen")),
    _item(5, _NEG, _("Ik mis gezelligheid om me heen")),
    _item(6, _NEG, _("Ik vind mijn kring van kennissen te beperkt")),
    _item(7, _POS, _("Ik heb veel mensen op wie ik volledig kan vertrouwen")),
    _item(8, _POS, _("Er zijn voldoende mensen met wie ik me nauw verbonden voel")),
    _item(9, _NEG, _("Ik mis mensen om me heen")),
    _item(10, _NEG, _("Vaak voel ik me in de steek gelaten")),
    _item(11, _POS, _("Wanneer ik daar behoefte aan heb, kan ik altijd bij mijn vrienden terecht")),
)

# The CBS order: leegte, narigheid, vertrouwen, mis mensen, nauw verbonden, in de steek gelaten.
_DJG6_FROM_DJG11 = (3, 4, 7, 9, 8, 10)
DJG6_ITEMS = tuple(
    DJGItem(number, DJG11_ITEMS[n11 - 1].text, DJG11_ITEMS[n11 - 1].subscale, DJG11_ITEMS[n11 - 1].polarity, n11)
    for number, n11 in enumerate(_DJG6_FROM_DJG11, start=1)
)

DJG_ITEMS: dict[DJGForm, tuple[DJGItem, ...]] = {DJGForm.DJG11: DJG11_ITEMS, DJGForm.DJG6: DJG6_ITEMS}


class DJGCategory(models.TextChoices):
    """Categories of the total score. The 11-item form uses the GGD labels, the 6-item form the CBS labels."""

    NIET = "niet_eenzaam", _("Niet eenzaam")
    # 11 items (GGD)
    MATIG = "matig_eenzaam", _("Matig eenzaam")
    ERNSTIG = "ernstig_eenzaam", _("Ernstig eenzaam")
    ZEER_ERNSTIG = "zeer_ernstig_eenzaam", _("Zeer ernstig eenzaam")
    # 6 items (CBS)
    ENIGSZINS = "enigszins_eenzaam", _("Enigszins eenzaam")
    STERK = "sterk_eenzaam", _("Sterk eenzaam")


# (lowest total, category), highest first.
_CUTOFFS = {
    DJGForm.DJG11: ((11, DJGCategory.ZEER_ERNSTIG), (9, DJGCategory.ERNSTIG), (3, DJGCategory.MATIG),
                    (0, DJGCategory.NIET)),
    DJGForm.DJG6: ((5, DJGCategory.STERK), (2, DJGCategory.ENIGSZINS), (0, DJGCategory.NIET)),
}  # fmt: skip

# GGD indicators "eenzaam" and "(zeer) ernstig eenzaam" (11 items); manual and CBS for 6 items.
_LONELY_FROM = {DJGForm.DJG11: 3, DJGForm.DJG6: 2}
_SEVERELY_LONELY_FROM = {DJGForm.DJG11: 9, DJGForm.DJG6: 5}

# The manual's subscale rule for the 6-item form: 0 = not lonely, 1-3 = lonely. Not configurable.
DJG6_SUBSCALE_THRESHOLD = 1
DEFAULT_DJG11_SUBSCALE_THRESHOLD = 3
# The social subscale of the 11-item form runs 0-5, so a higher threshold means nothing.
DJG11_THRESHOLD_MAX = 5


class IncompleteMeasurement(ValueError):
    """Too many statements were left unanswered to score the form; nothing may be stored."""

    def __init__(self, message: str, missing_items: tuple[int, ...]):
        super().__init__(message)
        self.message = message
        self.missing_items = missing_items


@dataclass(frozen=True)
class DJGScore:
    form: DJGForm
    total: int
    emotional: int | None  # None only for the 6-item form with the missing item in this subscale
    social: int | None
    category: DJGCategory
    emotionally_lonely: bool | None
    socially_lonely: bool | None
    missing: int  # number of unanswered items (0, or 1 for the 6-item form)
    subscale_threshold: int  # the threshold that was applied to both subscales
    item_scores: tuple[int | None, ...]  # 0/1 per item in form order, None when unanswered

    @property
    def complete(self) -> bool:
        return self.missing == 0

    @property
    def emotional_complete(self) -> bool:
        return self.emotional is not None

    @property
    def social_complete(self) -> bool:
        return self.social is not None

    @property
    def max_total(self) -> int:
        return len(DJG_ITEMS[self.form])

    @property
    def max_emotional(self) -> int:
        return sum(1 for item in DJG_ITEMS[self.form] if item.subscale == Subscale.EMOTIONAL)

    @property
    def max_social(self) -> int:
        return sum(1 for item in DJG_ITEMS[self.form] if item.subscale == Subscale.SOCIAL)


def djg_category(form: DJGForm | str, total: int) -> DJGCategory:
    """The category of a total score, e.g. for a total that was stored earlier."""
    form = DJGForm(form)
    if not 0 <= total <= len(DJG_ITEMS[form]):
        raise ValueError(f"Total {total} is out of range for {form}.")
    return next(category for lowest, category in _CUTOFFS[form] if total >= lowest)


def _parse_answer(number: int, answer) -> DJGAnswer | None:
    if answer is None or answer == "":
        return None
    try:
        return DJGAnswer(answer)
    except ValueError:
        raise ValueError(
            gettext("Onbekend antwoord %(answer)r bij uitspraak %(number)d.") % {"answer": answer, "number": number}
        ) from None


def _subscale_threshold(threshold: int | None) -> int:
    if threshold is None:
        threshold = getattr(settings, "MELDPUNT_DJG_SUBSCALE_THRESHOLD", DEFAULT_DJG11_SUBSCALE_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or not 1 <= threshold <= DJG11_THRESHOLD_MAX:
        raise ValueError(
            f"The De Jong Gierveld subscale threshold must be a whole number from 1 to {DJG11_THRESHOLD_MAX}, "
            f"not {threshold!r}."
        )
    return threshold


def score_djg(form: DJGForm | str, answers: Mapping[int, str | None], threshold: int | None = None) -> DJGScore:
    """Score a De Jong Gierveld form by the published rules.

    `answers` maps the item number in the form's own order (1-11 or 1-6) to a DJGAnswer value; None, "" or an
    absent key means unanswered. Every item scores 0 or 1 and "min of meer" always scores 1.

    - 11 items: every item is required, otherwise IncompleteMeasurement. "Emotioneel/sociaal eenzaam" means a
      subscale score of at least `threshold` (default: settings.MELDPUNT_DJG_SUBSCALE_THRESHOLD, else 3; the GGD's
      current wording is "minstens drie", an older RIVM page says two).
    - 6 items: at most one missing. With one missing the total counts the five answered items (no imputation) and
      the subscale holding the missing item is None. A subscale counts as lonely from 1 (manual: 0 = not lonely,
      1-3 = lonely); `threshold` does not apply to this form.

    Unknown answers or item numbers raise ValueError (IncompleteMeasurement is a ValueError too).
    """
    form = DJGForm(form)
    items = DJG_ITEMS[form]
    numbers = {item.number for item in items}
    unknown = sorted(set(answers) - numbers, key=str)
    if unknown:
        raise ValueError(f"{form} has no item(s) {unknown}.")

    parsed = [_parse_answer(item.number, answers.get(item.number)) for item in items]
    missing_items = tuple(item.number for item, answer in zip(items, parsed, strict=True) if answer is None)

    if form == DJGForm.DJG11 and missing_items:
        raise IncompleteMeasurement(
            gettext("Beantwoord alle 11 uitspraken. Nog niet beantwoord: %(items)s.")
            % {"items": ", ".join(map(str, missing_items))},
            missing_items,
        )
    if form == DJGForm.DJG6 and len(missing_items) > 1:
        raise IncompleteMeasurement(
            gettext("Beantwoord minstens 5 van de 6 uitspraken. Nog niet beantwoord: %(items)s.")
            % {"items": ", ".join(map(str, missing_items))},
            missing_items,
        )

    item_scores = tuple(
        None if answer is None else item.score(answer) for item, answer in zip(items, parsed, strict=True)
    )

    def subscale_sum(subscale: Subscale) -> int | None:
        scores = [s for item, s in zip(items, item_scores, strict=True) if item.subscale == subscale]
        known = [s for s in scores if s is not None]
        return None if len(known) < len(scores) else sum(known)

    emotional = subscale_sum(Subscale.EMOTIONAL)
    social = subscale_sum(Subscale.SOCIAL)
    applied = _subscale_threshold(threshold) if form == DJGForm.DJG11 else DJG6_SUBSCALE_THRESHOLD
    total = sum(s for s in item_scores if s is not None)
    return DJGScore(
        form=form,
        total=total,
        emotional=emotional,
        social=social,
        category=djg_category(form, total),
        emotionally_lonely=None if emotional is None else emotional >= applied,
        socially_lonely=None if social is None else social >= applied,
        missing=len(missing_items),
        subscale_threshold=applied,
        item_scores=item_scores,
    )


def lonely_from(form: DJGForm | str) -> int:
    """The lowest total that counts as "eenzaam" on this form (is_lonely), e.g. for the same rule in SQL."""
    return _LONELY_FROM[DJGForm(form)]


def is_lonely(score: DJGScore) -> bool:
    """GGD indicator "eenzaam": 3 or more of 11; for the 6-item form 2 or more (manual, CBS)."""
    return score.total >= lonely_from(score.form)


def is_severely_lonely(score: DJGScore) -> bool:
    """GGD indicator "(zeer) ernstig eenzaam": 9 or more of 11; for the 6-item form 5 or more (manual, CBS)."""
    return score.total >= _SEVERELY_LONELY_FROM[score.form]


# ---------------------------------------------------------------------------------------------------------------
# Machielse's intervention profiles (seed 003, appendix 1; Machielse 2011)
# ---------------------------------------------------------------------------------------------------------------


class Persistence(models.TextChoices):
    """The schema's two rows: the four durations fold into situational and structural problems."""

    SITUATIEF = "situatief", _("Situatieve problematiek")
    STRUCTUREEL = "structureel", _("Structurele problematiek")


def persistence(duration: Duration | str) -> Persistence:
    duration = Duration(duration)
    if duration in (Duration.DREIGEND, Duration.SITUATIONEEL):
        return Persistence.SITUATIEF
    return Persistence.STRUCTUREEL


# The schema "Typologie met interventieprofielen bij eenzaamheid en sociaal isolement", cell by cell.
PROFILE_GRID: dict[tuple[Persistence, Coping, Orientation], Profile] = {
    (Persistence.SITUATIEF, Coping.ACTIEF, Orientation.GERICHT): Profile.ACTIEVEN,
    (Persistence.SITUATIEF, Coping.ACTIEF, Orientation.NIET_GERICHT): Profile.GEBORGENEN,
    (Persistence.SITUATIEF, Coping.PASSIEF, Orientation.GERICHT): Profile.ACHTERBLIJVERS,
    (Persistence.SITUATIEF, Coping.PASSIEF, Orientation.NIET_GERICHT): Profile.AFHANKELIJKEN,
    (Persistence.STRUCTUREEL, Coping.ACTIEF, Orientation.GERICHT): Profile.COMPENSEERDERS,
    (Persistence.STRUCTUREEL, Coping.ACTIEF, Orientation.NIET_GERICHT): Profile.BUITENSTAANDERS,
    (Persistence.STRUCTUREEL, Coping.PASSIEF, Orientation.GERICHT): Profile.HOOPVOLLEN,
    (Persistence.STRUCTUREEL, Coping.PASSIEF, Orientation.NIET_GERICHT): Profile.OVERLEVERS,
}


def machielse_profile(duration: Duration | str, coping: Coping | str, orientation: Orientation | str) -> Profile:
    """Which of the eight profiles applies. Unknown values raise ValueError."""
    return PROFILE_GRID[(persistence(duration), Coping(coping), Orientation(orientation))]


# The appendix's one-sentence description of each profile's dominant survival strategy, in plain Dutch.
PROFILE_EXPLANATIONS: dict[str, str | Promise] = {
    Profile.ACTIEVEN: _("Actieven voelen zich prettig als ze een actief sociaal leven hebben."),
    Profile.GEBORGENEN: _("Geborgenen zoeken een netwerk waarin ze zich veilig en beschermd voelen."),
    Profile.ACHTERBLIJVERS: _(
        "Achterblijvers verlangen naar de emotionele steun en de vertrouwdheid van een hechte relatie."
    ),
    Profile.AFHANKELIJKEN: _("Afhankelijken zoeken geborgenheid bij één persoon, van wie ze dan afhankelijk zijn."),
    Profile.COMPENSEERDERS: _(
        "Compenseerders vullen het gebrek aan persoonlijke contacten op met nuttige bezigheden, "
        "zoals veel werk of vrijwilligerswerk."
    ),
    Profile.BUITENSTAANDERS: _("Buitenstaanders leven het liefst buiten de gewone samenleving."),
    Profile.HOOPVOLLEN: _("Hoopvollen hebben veel behoefte aan contact en hopen dat hun situatie beter wordt."),
    Profile.OVERLEVERS: _("Overlevers hebben de moed opgegeven en zijn alleen nog bezig met overleven."),
}


# ---------------------------------------------------------------------------------------------------------------
# Positieve Gezondheid (Machteld Huber, iPH): six dimensions, each a rapportcijfer 0-10
# ---------------------------------------------------------------------------------------------------------------


class PGDimension(NamedTuple):
    key: str
    name: str | Promise
    example: str | Promise


# Spinnenweb order.
PG_DIMENSIONS: list[PGDimension] = [
    PGDimension("lichaamsfuncties", _("Lichaamsfuncties"), _("Ik voel me gezond en fit")),
    PGDimension("mentaal_welbevinden", _("Mentaal welbevinden"), _("Ik voel me vrolijk")),
    PGDimension("zingeving", _("Zingeving"), _("Ik heb vertrouwen in mijn eigen toekomst")),
    PGDimension("kwaliteit_van_leven", _("Kwaliteit van leven"), _("Ik geniet van mijn leven")),
    PGDimension("meedoen", _("Meedoen"), _("Ik heb goed contact met andere mensen")),
    PGDimension("dagelijks_functioneren", _("Dagelijks functioneren"), _("Ik kan goed voor mezelf zorgen")),
]
PG_KEYS = tuple(dimension.key for dimension in PG_DIMENSIONS)
PG_MIN, PG_MAX = 0, 10
