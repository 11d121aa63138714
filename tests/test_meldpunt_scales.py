"""The De Jong Gierveld scoring, Machielse's profiles, Positieve Gezondheid and the chart geometry: pure code, no DB."""

import json
import math
from datetime import date
from pathlib import Path

import pytest

from meldpunt.charts import spider_chart, trend_chart
from meldpunt.choices import Coping, DJGAnswer, DJGForm, Duration, Orientation, Profile
from meldpunt.scales import (
    DJG6_ITEMS,
    DJG11_ITEMS,
    PG_DIMENSIONS,
    PROFILE_EXPLANATIONS,
    DJGCategory,
    IncompleteMeasurement,
    Polarity,
    Subscale,
    djg_category,
    is_lonely,
    is_severely_lonely,
    machielse_profile,
    score_djg,
)

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "scales-and-lists.json"

EMOTIONAL_11 = [2, 3, 5, 6, 9, 10]  # negatively worded
SOCIAL_11 = [1, 4, 7, 8, 11]  # positively worded
EMOTIONAL_6 = [1, 4, 6]
SOCIAL_6 = [2, 3, 5]

JA, MOM, NEE = "ja", "min of meer", "nee"


def answers_for(form, lonely_items=(), neutral_items=(), five_point=False):
    """Answers with exactly the given items lonely: "min of meer" for neutral_items, a clear answer otherwise."""
    items = DJG11_ITEMS if form == DJGForm.DJG11 else DJG6_ITEMS
    answers = {}
    for item in items:
        if item.number in neutral_items:
            answers[item.number] = MOM
            continue
        lonely = item.number in lonely_items
        yes = lonely if item.polarity == Polarity.NEGATIVE else not lonely
        answers[item.number] = ("ja!" if yes else "nee!") if five_point else (JA if yes else NEE)
    return answers


# --- items -------------------------------------------------------------------------------------------------------


DJG11_TEXTS = [
    "Er is altijd wel iemand in mijn omgeving bij wie ik met mijn dagelijkse probleempjes terecht kan",
    "Ik mis een echt goede vriend of vriendin",
    "Ik ervaar een leegte om me heen",
    "Er zijn genoeg mensen op wie ik in geval van narigheid kan terugvallen",
    "Ik mis gezelligheid om me heen",
    "Ik vind mijn kring van kennissen te beperkt",
    "Ik heb veel mensen op wie ik volledig kan vertrouwen",
    "Er zijn voldoende mensen met wie ik me nauw verbonden voel",
    "Ik mis mensen om me heen",
    "Vaak voel ik me in de steek gelaten",
    "Wanneer ik daar behoefte aan heb, kan ik altijd bij mijn vrienden terecht",
]


def test_items_word_for_word_and_in_order():
    assert [item.number for item in DJG11_ITEMS] == list(range(1, 12))
    assert [str(item.text) for item in DJG11_ITEMS] == DJG11_TEXTS
    assert [item.number for item in DJG6_ITEMS] == list(range(1, 7))
    assert [item.djg11_number for item in DJG6_ITEMS] == [3, 4, 7, 9, 8, 10]
    assert [str(item.text) for item in DJG6_ITEMS] == [DJG11_TEXTS[n - 1] for n in (3, 4, 7, 9, 8, 10)]
    negative = {2, 3, 5, 6, 9, 10}
    for item in DJG11_ITEMS + DJG6_ITEMS:
        assert (item.polarity == Polarity.NEGATIVE) is (item.djg11_number in negative)


def test_items_agree_with_the_shared_reference_file():
    if not REFERENCE.exists():
        pytest.skip("../shared/reference is not part of this checkout")
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    for items, key in [(DJG11_ITEMS, "djg11"), (DJG6_ITEMS, "djg6")]:
        expected = reference[key]["items"]
        assert [item.number for item in items] == [row["id"] for row in expected]
        assert [str(item.text) for item in items] == [row["text_nl"] for row in expected]
        assert [item.polarity.value for item in items] == [row["polarity"] for row in expected]
        assert [item.subscale.value for item in items] == [row["subscale"] for row in expected]
        assert [item.djg11_number for item in items] == [row.get("djg11_item", row["id"]) for row in expected]
        for item, row in zip(items, expected, strict=True):
            lonely = {answer for answer in DJGAnswer if item.score(answer)}
            assert lonely == set(row["scores_1_for"])


def test_subscales_hold_the_published_items():
    assert [i.number for i in DJG11_ITEMS if i.subscale == Subscale.EMOTIONAL] == EMOTIONAL_11
    assert [i.number for i in DJG11_ITEMS if i.subscale == Subscale.SOCIAL] == SOCIAL_11
    assert [i.number for i in DJG6_ITEMS if i.subscale == Subscale.EMOTIONAL] == EMOTIONAL_6
    assert [i.number for i in DJG6_ITEMS if i.subscale == Subscale.SOCIAL] == SOCIAL_6


# --- 11 items: scoring ---------------------------------------------------------------------------------------------


def test_djg11_nobody_lonely():
    score = score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11))
    assert (score.total, score.emotional, score.social) == (0, 0, 0)
    assert score.category == DJGCategory.NIET
    assert score.emotionally_lonely is False and score.socially_lonely is False
    assert score.complete and score.missing == 0
    assert not is_lonely(score) and not is_severely_lonely(score)
    assert score.item_scores == (0,) * 11


def test_djg11_every_answer_lonely():
    score = score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11, lonely_items=range(1, 12)))
    assert (score.total, score.emotional, score.social) == (11, 6, 5)
    assert score.category == DJGCategory.ZEER_ERNSTIG
    assert score.emotionally_lonely and score.socially_lonely
    assert is_lonely(score) and is_severely_lonely(score)
    assert (score.max_total, score.max_emotional, score.max_social) == (11, 6, 5)


def test_djg11_literal_answers_score_by_polarity():
    # Item 1 is positive (nee = lonely), item 2 negative (ja = lonely).
    answers = {n: NEE for n in EMOTIONAL_11} | {n: JA for n in SOCIAL_11}
    assert score_djg(DJGForm.DJG11, answers).total == 0
    answers = {n: JA for n in EMOTIONAL_11} | {n: NEE for n in SOCIAL_11}
    score = score_djg(DJGForm.DJG11, answers)
    assert (score.total, score.emotional, score.social) == (11, 6, 5)


@pytest.mark.parametrize("number", range(1, 12))
def test_djg11_min_of_meer_always_scores_one(number):
    score = score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11, neutral_items=[number]))
    assert score.total == 1
    assert score.item_scores[number - 1] == 1
    if number in EMOTIONAL_11:
        assert (score.emotional, score.social) == (1, 0)
    else:
        assert (score.emotional, score.social) == (0, 1)


def test_djg11_all_min_of_meer_is_the_maximum():
    score = score_djg(DJGForm.DJG11, dict.fromkeys(range(1, 12), MOM))
    assert (score.total, score.emotional, score.social) == (11, 6, 5)


def test_djg11_five_point_answers():
    assert score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11, five_point=True)).total == 0
    score = score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11, lonely_items=range(1, 12), five_point=True))
    assert score.total == 11
    # ja! on a positive item and nee! on a negative item are not lonely; the reverse is.
    answers = answers_for(DJGForm.DJG11) | {1: "nee!", 2: "ja!", 4: "ja!", 3: "nee!"}
    score = score_djg(DJGForm.DJG11, answers)
    assert (score.total, score.emotional, score.social) == (2, 1, 1)


def test_djg11_accepts_the_enum_members():
    answers = {n: DJGAnswer.JA_ZEKER for n in EMOTIONAL_11} | {n: DJGAnswer.NEE_ZEKER for n in SOCIAL_11}
    assert score_djg("djg11", answers).total == 11


@pytest.mark.parametrize(
    ("total", "category", "lonely", "severe"),
    [
        (0, DJGCategory.NIET, False, False),
        (2, DJGCategory.NIET, False, False),
        (3, DJGCategory.MATIG, True, False),
        (8, DJGCategory.MATIG, True, False),
        (9, DJGCategory.ERNSTIG, True, True),
        (10, DJGCategory.ERNSTIG, True, True),
        (11, DJGCategory.ZEER_ERNSTIG, True, True),
    ],
)
def test_djg11_category_boundaries(total, category, lonely, severe):
    score = score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11, lonely_items=range(1, total + 1)))
    assert score.total == total
    assert score.category == category
    assert djg_category(DJGForm.DJG11, total) == category
    assert is_lonely(score) is lonely
    assert is_severely_lonely(score) is severe


def test_djg11_category_labels_are_dutch():
    assert DJGCategory.NIET.label == "Niet eenzaam"
    assert DJGCategory.MATIG.label == "Matig eenzaam"
    assert DJGCategory.ERNSTIG.label == "Ernstig eenzaam"
    assert DJGCategory.ZEER_ERNSTIG.label == "Zeer ernstig eenzaam"


# --- 11 items: subscale threshold ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("emotional", "social", "threshold", "emotionally", "socially"),
    [
        (2, 2, None, False, False),  # default 3
        (3, 2, None, True, False),
        (2, 3, None, False, True),
        (3, 3, None, True, True),
        (2, 2, 3, False, False),
        (3, 3, 3, True, True),
        (1, 1, 2, False, False),
        (2, 1, 2, True, False),
        (1, 2, 2, False, True),
        (2, 2, 2, True, True),
    ],
)
def test_djg11_subscale_threshold(emotional, social, threshold, emotionally, socially):
    lonely = EMOTIONAL_11[:emotional] + SOCIAL_11[:social]
    score = score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11, lonely_items=lonely), threshold=threshold)
    assert (score.emotional, score.social) == (emotional, social)
    assert score.emotionally_lonely is emotionally
    assert score.socially_lonely is socially
    assert score.subscale_threshold == (threshold or 3)


def test_djg11_threshold_comes_from_the_setting(settings):
    answers = answers_for(DJGForm.DJG11, lonely_items=EMOTIONAL_11[:2] + SOCIAL_11[:2])
    assert score_djg(DJGForm.DJG11, answers).emotionally_lonely is False
    settings.MELDPUNT_DJG_SUBSCALE_THRESHOLD = 2
    score = score_djg(DJGForm.DJG11, answers)
    assert score.emotionally_lonely is True and score.socially_lonely is True
    assert score.subscale_threshold == 2
    # An explicit threshold wins over the setting.
    assert score_djg(DJGForm.DJG11, answers, threshold=3).emotionally_lonely is False


@pytest.mark.parametrize("threshold", [0, 6, -1, "3", 2.5, True])
def test_djg11_rejects_a_meaningless_threshold(threshold):
    with pytest.raises(ValueError):
        score_djg(DJGForm.DJG11, answers_for(DJGForm.DJG11), threshold=threshold)


# --- 11 items: missing and bad answers -----------------------------------------------------------------------------


@pytest.mark.parametrize("number", range(1, 12))
def test_djg11_any_missing_answer_is_refused(number):
    answers = answers_for(DJGForm.DJG11)
    del answers[number]
    with pytest.raises(IncompleteMeasurement) as excinfo:
        score_djg(DJGForm.DJG11, answers)
    assert excinfo.value.missing_items == (number,)
    assert "Beantwoord alle 11 uitspraken" in str(excinfo.value)
    assert str(number) in str(excinfo.value)


@pytest.mark.parametrize("blank", [None, ""])
def test_djg11_none_or_empty_counts_as_missing(blank):
    answers = answers_for(DJGForm.DJG11) | {4: blank, 9: blank}
    with pytest.raises(IncompleteMeasurement) as excinfo:
        score_djg(DJGForm.DJG11, answers)
    assert excinfo.value.missing_items == (4, 9)


def test_djg11_empty_form_is_refused_and_is_a_value_error():
    with pytest.raises(ValueError) as excinfo:
        score_djg(DJGForm.DJG11, {})
    assert isinstance(excinfo.value, IncompleteMeasurement)
    assert excinfo.value.missing_items == tuple(range(1, 12))


@pytest.mark.parametrize("bad", ["misschien", "Ja", "ja ", "min-of-meer", "yes", 1, "j\u0430"])
def test_unknown_answer_is_refused(bad):
    for form in DJGForm:
        answers = answers_for(form) | {2: bad}
        with pytest.raises(ValueError, match="Onbekend antwoord") as excinfo:
            score_djg(form, answers)
        assert not isinstance(excinfo.value, IncompleteMeasurement)


def test_unknown_answer_is_reported_before_missing_ones():
    answers = answers_for(DJGForm.DJG11) | {3: "misschien"}
    del answers[5]
    with pytest.raises(ValueError, match="Onbekend antwoord"):
        score_djg(DJGForm.DJG11, answers)


@pytest.mark.parametrize(("form", "number"), [(DJGForm.DJG11, 12), (DJGForm.DJG11, 0), (DJGForm.DJG6, 7)])
def test_unknown_item_number_is_refused(form, number):
    with pytest.raises(ValueError):
        score_djg(form, answers_for(form) | {number: JA})


def test_unknown_form_is_refused():
    with pytest.raises(ValueError):
        score_djg("djg8", {})


# --- 6 items -------------------------------------------------------------------------------------------------------


def test_djg6_nobody_lonely():
    score = score_djg(DJGForm.DJG6, answers_for(DJGForm.DJG6))
    assert (score.total, score.emotional, score.social) == (0, 0, 0)
    assert score.category == DJGCategory.NIET
    assert score.emotionally_lonely is False and score.socially_lonely is False
    assert not is_lonely(score) and not is_severely_lonely(score)
    assert (score.max_total, score.max_emotional, score.max_social) == (6, 3, 3)


def test_djg6_every_answer_lonely():
    score = score_djg(DJGForm.DJG6, answers_for(DJGForm.DJG6, lonely_items=range(1, 7)))
    assert (score.total, score.emotional, score.social) == (6, 3, 3)
    assert score.category == DJGCategory.STERK
    assert is_lonely(score) and is_severely_lonely(score)


def test_djg6_literal_answers():
    # leegte (ja), narigheid (nee), vertrouwen (nee), mis mensen (ja), nauw verbonden (nee), in de steek (ja)
    lonely = {1: JA, 2: NEE, 3: NEE, 4: JA, 5: NEE, 6: JA}
    assert score_djg(DJGForm.DJG6, lonely).total == 6
    not_lonely = {1: NEE, 2: JA, 3: JA, 4: NEE, 5: JA, 6: NEE}
    assert score_djg(DJGForm.DJG6, not_lonely).total == 0
    five_point = {1: "ja!", 2: "nee!", 3: "ja!", 4: "nee!", 5: "ja!", 6: "nee!"}
    score = score_djg(DJGForm.DJG6, five_point)
    assert (score.total, score.emotional, score.social) == (2, 1, 1)


@pytest.mark.parametrize("number", range(1, 7))
def test_djg6_min_of_meer_always_scores_one(number):
    score = score_djg(DJGForm.DJG6, answers_for(DJGForm.DJG6, neutral_items=[number]))
    assert score.total == 1
    expected = (1, 0) if number in EMOTIONAL_6 else (0, 1)
    assert (score.emotional, score.social) == expected


@pytest.mark.parametrize(
    ("total", "category", "lonely", "severe"),
    [
        (0, DJGCategory.NIET, False, False),
        (1, DJGCategory.NIET, False, False),
        (2, DJGCategory.ENIGSZINS, True, False),
        (4, DJGCategory.ENIGSZINS, True, False),
        (5, DJGCategory.STERK, True, True),
        (6, DJGCategory.STERK, True, True),
    ],
)
def test_djg6_category_boundaries(total, category, lonely, severe):
    score = score_djg(DJGForm.DJG6, answers_for(DJGForm.DJG6, lonely_items=range(1, total + 1)))
    assert score.total == total
    assert score.category == category
    assert djg_category(DJGForm.DJG6, total) == category
    assert is_lonely(score) is lonely
    assert is_severely_lonely(score) is severe
    assert DJGCategory.ENIGSZINS.label == "Enigszins eenzaam" and DJGCategory.STERK.label == "Sterk eenzaam"


@pytest.mark.parametrize(
    ("emotional", "social", "emotionally", "socially"),
    [(0, 0, False, False), (1, 0, True, False), (0, 1, False, True), (3, 3, True, True)],
)
@pytest.mark.parametrize("threshold", [None, 2, 3])
def test_djg6_subscale_is_lonely_from_one_whatever_the_threshold(emotional, social, emotionally, socially, threshold):
    lonely = EMOTIONAL_6[:emotional] + SOCIAL_6[:social]
    score = score_djg(DJGForm.DJG6, answers_for(DJGForm.DJG6, lonely_items=lonely), threshold=threshold)
    assert (score.emotional, score.social) == (emotional, social)
    assert score.emotionally_lonely is emotionally
    assert score.socially_lonely is socially
    assert score.subscale_threshold == 1


@pytest.mark.parametrize("number", range(1, 7))
def test_djg6_one_missing_counts_the_five_others_without_imputation(number):
    answers = answers_for(DJGForm.DJG6, lonely_items=range(1, 7))
    answers[number] = None
    score = score_djg(DJGForm.DJG6, answers)
    assert score.total == 5
    assert score.missing == 1 and not score.complete
    assert score.item_scores[number - 1] is None
    if number in EMOTIONAL_6:
        assert score.emotional is None and score.emotionally_lonely is None and not score.emotional_complete
        assert score.social == 3 and score.socially_lonely is True and score.social_complete
    else:
        assert score.social is None and score.socially_lonely is None and not score.social_complete
        assert score.emotional == 3 and score.emotionally_lonely is True and score.emotional_complete


def test_djg6_one_missing_category_comes_from_the_five_answered_items():
    answers = answers_for(DJGForm.DJG6, lonely_items=[1, 2])  # total 2 of 6
    del answers[6]
    score = score_djg(DJGForm.DJG6, answers)
    assert score.total == 2 and score.category == DJGCategory.ENIGSZINS and is_lonely(score)
    answers = answers_for(DJGForm.DJG6, lonely_items=[1])
    del answers[2]
    score = score_djg(DJGForm.DJG6, answers)
    assert score.total == 1 and score.category == DJGCategory.NIET and score.social is None


@pytest.mark.parametrize("missing", [(1, 2), (1, 4), (3, 5), (1, 2, 3), tuple(range(1, 7))])
def test_djg6_two_or_more_missing_is_refused(missing):
    answers = answers_for(DJGForm.DJG6)
    for number in missing:
        answers[number] = None
    with pytest.raises(IncompleteMeasurement) as excinfo:
        score_djg(DJGForm.DJG6, answers)
    assert excinfo.value.missing_items == missing
    assert "minstens 5 van de 6" in str(excinfo.value)


def test_djg_category_rejects_impossible_totals():
    with pytest.raises(ValueError):
        djg_category(DJGForm.DJG6, 7)
    with pytest.raises(ValueError):
        djg_category(DJGForm.DJG11, -1)


def test_score_is_frozen():
    score = score_djg(DJGForm.DJG6, answers_for(DJGForm.DJG6))
    with pytest.raises(AttributeError):
        score.total = 3


# --- Machielse -----------------------------------------------------------------------------------------------------

SITUATIONAL = [Duration.DREIGEND, Duration.SITUATIONEEL]
STRUCTURAL = [Duration.STRUCTUREEL, Duration.STRUCTUREEL_COMPLEX]


@pytest.mark.parametrize(
    ("durations", "coping", "orientation", "profile"),
    [
        (SITUATIONAL, Coping.ACTIEF, Orientation.GERICHT, Profile.ACTIEVEN),
        (SITUATIONAL, Coping.ACTIEF, Orientation.NIET_GERICHT, Profile.GEBORGENEN),
        (SITUATIONAL, Coping.PASSIEF, Orientation.GERICHT, Profile.ACHTERBLIJVERS),
        (SITUATIONAL, Coping.PASSIEF, Orientation.NIET_GERICHT, Profile.AFHANKELIJKEN),
        (STRUCTURAL, Coping.ACTIEF, Orientation.GERICHT, Profile.COMPENSEERDERS),
        (STRUCTURAL, Coping.ACTIEF, Orientation.NIET_GERICHT, Profile.BUITENSTAANDERS),
        (STRUCTURAL, Coping.PASSIEF, Orientation.GERICHT, Profile.HOOPVOLLEN),
        (STRUCTURAL, Coping.PASSIEF, Orientation.NIET_GERICHT, Profile.OVERLEVERS),
    ],
)
def test_machielse_profiles(durations, coping, orientation, profile):
    for duration in durations:
        assert machielse_profile(duration, coping, orientation) == profile
        # Plain strings from a form or the database work too.
        assert machielse_profile(duration.value, coping.value, orientation.value) == profile


def test_every_profile_is_reachable_and_explained():
    reached = {machielse_profile(d, c, o) for d in Duration for c in Coping for o in Orientation}
    assert reached == set(Profile)
    assert set(PROFILE_EXPLANATIONS) == set(Profile)
    for profile, explanation in PROFILE_EXPLANATIONS.items():
        assert str(explanation).startswith(str(profile.label))
        assert str(explanation).endswith(".")


@pytest.mark.parametrize(
    "args", [("langdurig", "actief", "gericht"), ("dreigend", "heel actief", "gericht"), ("dreigend", "actief", "")]
)
def test_machielse_rejects_unknown_values(args):
    with pytest.raises(ValueError):
        machielse_profile(*args)


# --- Positieve Gezondheid ------------------------------------------------------------------------------------------


PG_EXPECTED = [
    ("lichaamsfuncties", "Lichaamsfuncties", "Ik voel me gezond en fit"),
    ("mentaal_welbevinden", "Mentaal welbevinden", "Ik voel me vrolijk"),
    ("zingeving", "Zingeving", "Ik heb vertrouwen in mijn eigen toekomst"),
    ("kwaliteit_van_leven", "Kwaliteit van leven", "Ik geniet van mijn leven"),
    ("meedoen", "Meedoen", "Ik heb goed contact met andere mensen"),
    ("dagelijks_functioneren", "Dagelijks functioneren", "Ik kan goed voor mezelf zorgen"),
]


def test_positieve_gezondheid_dimensions_in_spinnenweb_order():
    # Plain (key, name, example) tuples.
    assert [(key, str(name), str(example)) for key, name, example in PG_DIMENSIONS] == PG_EXPECTED
    if REFERENCE.exists():
        reference = json.loads(REFERENCE.read_text(encoding="utf-8"))["positieve_gezondheid"]["dimensions"]
        assert [(row["key"], row["name_nl"], row["example_nl"]) for row in reference] == PG_EXPECTED


# --- charts --------------------------------------------------------------------------------------------------------


def xy(x, y):
    return float(x), float(y)


def polygon_points(points):
    return [xy(*pair.split(",")) for pair in points.split()]


ALL = {d.key: 10 for d in PG_DIMENSIONS}


def test_spider_score_ten_lands_on_the_radius_and_zero_at_the_centre():
    chart = spider_chart(ALL | {"zingeving": 0}, size=300)
    cx, cy, radius = float(chart["cx"]), float(chart["cy"]), float(chart["radius"])
    assert (cx, cy) == (150, 150)
    corners = polygon_points(chart["polygon"])
    assert len(corners) == 6
    for index, (x, y) in enumerate(corners):
        distance = math.dist((x, y), (cx, cy))
        if index == 2:  # zingeving
            assert distance == pytest.approx(0, abs=0.01)
        else:
            assert distance == pytest.approx(radius, abs=0.01)
            # The corner at 10 is exactly the axis end.
            axis = chart["axes"][index]
            assert (x, y) == xy(axis["x2"], axis["y2"])
    # The first axis points straight up, the fourth straight down.
    assert corners[0] == pytest.approx((cx, cy - radius), abs=0.01)
    assert corners[3] == pytest.approx((cx, cy + radius), abs=0.01)


def test_spider_scores_scale_linearly_and_axes_are_sixty_degrees_apart():
    scores = dict(zip(ALL, [0, 2, 5, 7, 9, 10], strict=True))
    chart = spider_chart(scores)
    cx, cy, radius = float(chart["cx"]), float(chart["cy"]), float(chart["radius"])
    for index, ((x, y), axis) in enumerate(zip(polygon_points(chart["polygon"]), chart["axes"], strict=True)):
        value = [0, 2, 5, 7, 9, 10][index]
        assert axis["value"] == value and (x, y) == xy(axis["point_x"], axis["point_y"])
        assert math.dist((x, y), (cx, cy)) == pytest.approx(radius * value / 10, abs=0.02)
        end = xy(axis["x2"], axis["y2"])
        angle = math.degrees(math.atan2(end[0] - cx, cy - end[1])) % 360
        assert angle == pytest.approx(60 * index, abs=0.01)
        assert (axis["x1"], axis["y1"]) == (chart["cx"], chart["cy"])


def test_spider_grid_rings():
    chart = spider_chart(ALL, size=400)
    cx, cy, radius = float(chart["cx"]), float(chart["cy"]), float(chart["radius"])
    assert [ring["value"] for ring in chart["rings"]] == [2, 4, 6, 8, 10]
    for ring in chart["rings"]:
        corners = polygon_points(ring["points"])
        assert len(corners) == 6
        for corner in corners:
            assert math.dist(corner, (cx, cy)) == pytest.approx(radius * ring["value"] / 10, abs=0.02)
    assert chart["rings"][-1]["points"] == chart["polygon"]


def test_spider_labels_sit_outside_the_web_and_inside_the_view_box():
    chart = spider_chart(ALL, size=300)
    cx, cy, radius = float(chart["cx"]), float(chart["cy"]), float(chart["radius"])
    min_x, _min_y, width, height = map(float, chart["view_box"].split())
    assert [axis["anchor"] for axis in chart["axes"]] == ["middle", "start", "start", "middle", "end", "end"]
    assert [axis["label"] for axis in chart["axes"]] == [str(d.name) for d in PG_DIMENSIONS]
    for axis in chart["axes"]:
        assert math.dist(xy(axis["label_x"], axis["label_y"]), (cx, cy)) > radius
        lines = axis["lines"]
        assert " ".join(line["text"] for line in lines) == axis["label"]
        for line in lines:
            x, y = xy(line["x"], line["y"])
            assert min_x <= x <= min_x + width and 0 < y <= height
    # The top label sits above the web, the bottom one below it.
    assert all(float(line["y"]) < cy - radius for line in chart["axes"][0]["lines"])
    assert all(float(line["y"]) > cy + radius for line in chart["axes"][3]["lines"])
    assert [line["text"] for line in chart["axes"][5]["lines"]] == ["Dagelijks", "functioneren"]


def test_spider_coordinates_are_plain_strings_with_a_dot():
    chart = spider_chart(dict(zip(ALL, [3, 3, 3, 3, 3, 3], strict=True)))
    assert "," not in chart["axes"][1]["x2"] and "." in chart["axes"][1]["x2"]
    assert all(isinstance(chart["axes"][1][k], str) for k in ("x1", "y1", "x2", "y2", "point_x", "label_x"))


@pytest.mark.parametrize(
    "scores",
    [{}, ALL | {"meedoen": 11}, ALL | {"meedoen": -1}, ALL | {"meedoen": None}, ALL | {"meedoen": 7.5},
     {k: v for k, v in ALL.items() if k != "meedoen"}],
)  # fmt: skip
def test_spider_rejects_missing_or_out_of_range_scores(scores):
    with pytest.raises(ValueError):
        spider_chart(scores)


def test_spider_with_own_axes():
    chart = spider_chart({"a": 5, "b": 10, "c": 0}, axes=[("a", "A"), ("b", "B"), ("c", "C")])
    assert len(polygon_points(chart["polygon"])) == 3


def test_trend_points_over_time():
    points = [(date(2026, 1, 1), 8), (date(2026, 3, 1), 5), (date(2026, 2, 1), 6)]
    chart = trend_chart(points, max_value=11)
    plot = {k: float(v) for k, v in chart["plot"].items()}
    rows = chart["points"]
    assert [row["date"] for row in rows] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert [row["value"] for row in rows] == [8, 6, 5]
    xs = [float(row["x"]) for row in rows]
    assert xs[0] == pytest.approx(plot["left"]) and xs[-1] == pytest.approx(plot["right"])
    # x proportional to time: January has 31 days, February 28.
    assert (xs[1] - xs[0]) / (xs[2] - xs[0]) == pytest.approx(31 / 59, abs=0.001)
    for row in rows:
        expected_y = plot["bottom"] - (plot["bottom"] - plot["top"]) * row["value"] / 11
        assert float(row["y"]) == pytest.approx(expected_y, abs=0.01)
    assert polygon_points(chart["polyline"]) == [xy(row["x"], row["y"]) for row in rows]
    assert [tick["value"] for tick in chart["y_ticks"]] == list(range(12))
    assert float(chart["y_ticks"][0]["y"]) == plot["bottom"] and float(chart["y_ticks"][-1]["y"]) == plot["top"]
    assert rows[0]["label"] and not chart["empty"]


def test_trend_single_point_is_centred_without_a_line():
    chart = trend_chart([(date(2026, 5, 4), 0)], max_value=6)
    plot = {k: float(v) for k, v in chart["plot"].items()}
    (row,) = chart["points"]
    assert float(row["x"]) == pytest.approx((plot["left"] + plot["right"]) / 2)
    assert float(row["y"]) == plot["bottom"]
    assert chart["polyline"] == ""
    assert row["show_label"]


def test_trend_equal_dates_are_spread_and_stay_in_the_plot():
    day = date(2026, 5, 4)
    chart = trend_chart([(day, 3), (day, 4), (day, 5)], max_value=11)
    xs = [float(row["x"]) for row in chart["points"]]
    assert len(set(xs)) == 3 and xs == sorted(xs)
    assert [row["value"] for row in chart["points"]] == [3, 4, 5]  # stable order
    # At the edge of the time range the group shifts inwards instead of leaving the plot.
    chart = trend_chart([(date(2026, 1, 1), 3), (date(2026, 1, 1), 4), (date(2026, 6, 1), 5)], max_value=11)
    plot = {k: float(v) for k, v in chart["plot"].items()}
    xs = [float(row["x"]) for row in chart["points"]]
    assert all(plot["left"] <= x <= plot["right"] for x in xs)
    assert xs[0] < xs[1] < xs[2]
    assert chart["points"][1]["show_label"] is False  # same date right beside the first label


def test_trend_empty_and_bad_input():
    chart = trend_chart([], max_value=11)
    assert chart["empty"] and chart["points"] == [] and chart["polyline"] == ""
    with pytest.raises(ValueError):
        trend_chart([(date(2026, 1, 1), 12)], max_value=11)
    with pytest.raises(ValueError):
        trend_chart([(date(2026, 1, 1), -1)], max_value=11)
    with pytest.raises(ValueError):
        trend_chart([], max_value=0)


def test_trend_reference_lines_and_large_scales():
    chart = trend_chart([(date(2026, 1, 1), 50)], max_value=100, reference_lines=[(30, "grens")])
    plot = {k: float(v) for k, v in chart["plot"].items()}
    assert chart["reference_lines"][0]["label"] == "grens"
    line_y = float(chart["reference_lines"][0]["y"])
    assert line_y == pytest.approx(plot["bottom"] - (plot["bottom"] - plot["top"]) * 0.3, abs=0.01)
    assert [tick["value"] for tick in chart["y_ticks"]] == list(range(0, 101, 10))
