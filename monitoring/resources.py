"""Import and export of the monitor's own figures (django-import-export 4): the GGD's loneliness figures, the
gemeenten's ambitions and the number of inhabitants aged 65 and over, with Dutch column headers.

The GGD and the CBS publish these as tables; a coördinator copies them into a spreadsheet and imports it in the admin
(monitoring.admin), which shows a preview and saves nothing while any row is wrong. The widgets and the Dutch error
handling are coalition.resources': a gemeente by name or CBS code, a wijk by name within the row's gemeente (or by
its CBS wijk code), a decimal comma. What is added here: percentages (0–100, "46", "46,5", "46 %"), whole counts
("1.250"), years, and the GGD's population groups by the words people use ("65+", "ouderen", "19-64").

Rows are matched on their natural keys, so importing the same file twice updates instead of duplicating: a figure on
gemeente + wijk (empty: the whole gemeente) + year + group, an ambition on its gemeente, a population count on
gemeente + wijk + year. A file without a wijk or groep column is about whole gemeenten and everyone aged 19 and over.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from import_export import fields, widgets

from coalition.resources import (
    ChoiceWidget,
    DutchModelResource,
    GemeenteWidget,
    NaturalKeyInstanceLoader,
    TextWidget,
    WijkWidget,
    _text,
    parse_amount,
)

from .models import FIRST_YEAR, LAST_YEAR, AgeGroup, Ambitie, Gezondheidscijfer, Inwonertal

ONE_DECIMAL = Decimal("0.1")


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------
def _number(value) -> Decimal | None:
    """A cell as a number, with a decimal comma or point, or None when empty; ValueError when it is no number."""
    return parse_amount(value)


class PercentageWidget(widgets.Widget):
    """A percentage from 0 to 100: '46', '46,5', '46 %', or an Excel number (46, not 0.46). Kept to one decimal,
    as the GGD publishes them; an empty cell is 'not given'. Written back as '46' or '46,5'."""

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            return None
        example = "Vul een getal van 0 tot en met 100 in, bijvoorbeeld 46 of 46,5."
        try:
            number = _number(text.rstrip("%").strip()) if isinstance(value, str) else _number(value)
        except ValueError:
            raise ValueError(f"Geen percentage: '{text}'. {example}") from None
        if number is None:
            raise ValueError(f"Geen percentage: '{text}'. {example}")
        if not 0 <= number <= 100:  # noqa: PLR2004 -- a percentage
            raise ValueError(f"Een percentage ligt tussen 0 en 100, niet '{text}'. {example}")
        return number.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return float(value)
        return written_percentage(value)


def written_percentage(value: Decimal) -> str:
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}".replace(".", ",")


class CountWidget(widgets.Widget):
    """A whole number of people, 1 or more: '1250', '1.250' (Dutch thousands), or an Excel number.

    `required`: an empty cell is an error; otherwise it is 'not given' (None)."""

    def __init__(self, noun: str, *, required: bool, **kwargs):
        self.noun = noun
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(f"Vul het {self.noun} in.")
            return None
        try:
            number = _number(value)
        except ValueError:
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(f"Geen heel getal: '{text}'. Vul het {self.noun} in als heel getal, bijvoorbeeld 1250.")
        if number < 1:
            raise ValueError(f"Het {self.noun} moet 1 of meer zijn, niet '{text}'.")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class YearWidget(widgets.Widget):
    """A year such as 2022 (text or an Excel number)."""

    def __init__(self, noun: str = "jaar", **kwargs):
        self.noun = noun
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError(f"Vul het {self.noun} in, bijvoorbeeld 2022.")
        if not re.fullmatch(r"[0-9]{4}", text) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            raise ValueError(f"Geen jaartal: '{text}'. Vul het {self.noun} in met vier cijfers, bijvoorbeeld 2022.")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class OptionalWijkWidget(WijkWidget):
    """A wijk by name within the row's gemeente (or its CBS wijk code); an empty cell is the whole gemeente."""

    def clean(self, value, row=None, **kwargs):
        if not _text(value):
            return None
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


# The words of GGD tables and policy documents for the groups, besides the values and the labels' own words
# (coalition's ChoiceWidget already knows "volwassenen en ouderen", "volwassenen", "ouderen" and "65 jaar en ouder").
# Since 2020 the monitor asks people from 18 instead of 19: the same groups.
AGE_GROUP_ALIASES = {
    "19+": AgeGroup.ALLE,
    "18+": AgeGroup.ALLE,
    "alle inwoners": AgeGroup.ALLE,
    "inwoners 19+": AgeGroup.ALLE,
    "inwoners 18+": AgeGroup.ALLE,
    "totaal": AgeGroup.ALLE,
    "19-64": AgeGroup.VOLWASSENEN,
    "19-65": AgeGroup.VOLWASSENEN,
    "18-64": AgeGroup.VOLWASSENEN,
    "18-65": AgeGroup.VOLWASSENEN,
    "65+": AgeGroup.OUDEREN,
    "65 plus": AgeGroup.OUDEREN,
    "65-plus": AgeGroup.OUDEREN,
}


class AgeGroupWidget(ChoiceWidget):
    """The GGD's population group: a value, a label's words, or an alias ('65+', '19-64'); empty is everyone."""

    def __init__(self, **kwargs):
        super().__init__(AgeGroup, noun="groep", default=AgeGroup.ALLE, **kwargs)

    def _lookup(self) -> dict[str, str]:
        table = super()._lookup()
        for alias, value in AGE_GROUP_ALIASES.items():
            table.setdefault(alias, value)
            table.setdefault(alias.replace("-", "–"), value)  # 19–64 with an en dash, as printed
        return table

    def clean(self, value, row=None, **kwargs):
        text = re.sub(r"\s+", " ", _text(value))
        return super().clean(text, row, **kwargs)


# ---------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------
class MonitoringResource(DutchModelResource):
    """What the three share: header aliases, and columns that may be left out (wijk, groep)."""

    # Other headers people write for our columns (compared in lower case, without "(%)" or "%").
    header_aliases: dict[str, str] = {}
    # Columns a file may leave out: then every row has them empty.
    optional_columns: tuple[str, ...] = ()

    def before_import(self, dataset, **kwargs):
        if dataset.headers:
            headers = []
            for header in dataset.headers:
                text = re.sub(r"\s+", " ", re.sub(r"\(?%\)?", "", _text(header).lower())).strip()
                headers.append(self.header_aliases.get(text, text))
            dataset.headers = headers
            for column in self.optional_columns:
                if column not in headers:
                    if dataset.height:
                        dataset.append_col([""] * dataset.height, header=column)
                    else:
                        dataset.headers = [*dataset.headers, column]
        super().before_import(dataset, **kwargs)


class GezondheidscijferResource(MonitoringResource):
    gemeente = fields.Field(attribute="gemeente", column_name="gemeente", widget=GemeenteWidget())
    wijk = fields.Field(attribute="wijk", column_name="wijk", widget=OptionalWijkWidget(gemeente_column="gemeente"))
    year = fields.Field(attribute="year", column_name="jaar", widget=YearWidget())
    group = fields.Field(attribute="group", column_name="groep", widget=AgeGroupWidget())
    lonely = fields.Field(attribute="lonely", column_name="eenzaam", widget=PercentageWidget())
    severely_lonely = fields.Field(
        attribute="severely_lonely", column_name="ernstig eenzaam", widget=PercentageWidget()
    )
    emotionally_lonely = fields.Field(
        attribute="emotionally_lonely", column_name="emotioneel eenzaam", widget=PercentageWidget()
    )
    socially_lonely = fields.Field(
        attribute="socially_lonely", column_name="sociaal eenzaam", widget=PercentageWidget()
    )
    sample_size = fields.Field(
        attribute="sample_size",
        column_name="aantal ondervraagden",
        widget=CountWidget("aantal ondervraagden", required=False),
    )
    source = fields.Field(attribute="source", column_name="bron", widget=TextWidget())

    header_aliases = {
        "wijk of kern": "wijk",
        "jaartal": "jaar",
        "populatie": "groep",
        "leeftijdsgroep": "groep",
        "(zeer) ernstig eenzaam": "ernstig eenzaam",
        "emotionele eenzaamheid": "emotioneel eenzaam",
        "sociale eenzaamheid": "sociaal eenzaam",
        "aantal respondenten": "aantal ondervraagden",
        "respondenten": "aantal ondervraagden",
        "steekproef": "aantal ondervraagden",
        "n": "aantal ondervraagden",
    }
    optional_columns = ("wijk", "groep")

    class Meta:
        model = Gezondheidscijfer
        fields = (
            "gemeente",
            "wijk",
            "year",
            "group",
            "lonely",
            "severely_lonely",
            "emotionally_lonely",
            "socially_lonely",
            "sample_size",
            "source",
        )
        export_order = fields
        import_id_fields = ("gemeente", "wijk", "year", "group")
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Gezondheidscijfer.objects.select_related("gemeente", "wijk").order_by(
            "gemeente__name", "year", "group", "wijk__name"
        )

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("gemeente", "wijk")

    @classmethod
    def get_display_name(cls):
        return "GGD-cijfers eenzaamheid"


class AmbitieResource(MonitoringResource):
    gemeente = fields.Field(attribute="gemeente", column_name="gemeente", widget=GemeenteWidget())
    group = fields.Field(attribute="group", column_name="groep", widget=AgeGroupWidget())
    baseline_year = fields.Field(attribute="baseline_year", column_name="startjaar", widget=YearWidget("startjaar"))
    baseline_pct = fields.Field(attribute="baseline_pct", column_name="eenzaam in startjaar", widget=PercentageWidget())
    target_year = fields.Field(attribute="target_year", column_name="doeljaar", widget=YearWidget("doeljaar"))
    target_pct = fields.Field(attribute="target_pct", column_name="eenzaam in doeljaar", widget=PercentageWidget())
    source = fields.Field(attribute="source", column_name="bron", widget=TextWidget())

    header_aliases = {
        "eenzaam in het startjaar": "eenzaam in startjaar",
        "doel": "eenzaam in doeljaar",
        "eenzaam in het doeljaar": "eenzaam in doeljaar",
        "doel: eenzaam in het doeljaar": "eenzaam in doeljaar",
    }
    optional_columns = ("groep",)

    class Meta:
        model = Ambitie
        fields = ("gemeente", "group", "baseline_year", "baseline_pct", "target_year", "target_pct", "source")
        export_order = fields
        import_id_fields = ("gemeente",)
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Ambitie.objects.select_related("gemeente").order_by("gemeente__name")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("gemeente")

    @classmethod
    def get_display_name(cls):
        return "Ambities"


class InwonertalResource(MonitoringResource):
    gemeente = fields.Field(attribute="gemeente", column_name="gemeente", widget=GemeenteWidget())
    wijk = fields.Field(attribute="wijk", column_name="wijk", widget=OptionalWijkWidget(gemeente_column="gemeente"))
    year = fields.Field(attribute="year", column_name="jaar", widget=YearWidget())
    inhabitants_65plus = fields.Field(
        attribute="inhabitants_65plus",
        column_name="inwoners 65+",
        widget=CountWidget("aantal inwoners van 65 jaar en ouder", required=True),
    )
    source = fields.Field(attribute="source", column_name="bron", widget=TextWidget())

    header_aliases = {
        "wijk of kern": "wijk",
        "jaartal": "jaar",
        "inwoners 65 jaar en ouder": "inwoners 65+",
        "inwoners van 65 jaar en ouder": "inwoners 65+",
        "65+": "inwoners 65+",
        "65 jaar en ouder": "inwoners 65+",
        "aantal 65+": "inwoners 65+",
    }
    optional_columns = ("wijk",)

    class Meta:
        model = Inwonertal
        fields = ("gemeente", "wijk", "year", "inhabitants_65plus", "source")
        export_order = fields
        import_id_fields = ("gemeente", "wijk", "year")
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Inwonertal.objects.select_related("gemeente", "wijk").order_by("gemeente__name", "-year", "wijk__name")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("gemeente", "wijk")

    @classmethod
    def get_display_name(cls):
        return "Inwonertallen 65+"
