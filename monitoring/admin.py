"""The monitor's own figures in the admin: GGD figures, ambitions and inhabitants aged 65+, for coördinatoren.

Each is imported from a spreadsheet (CSV or XLSX, monitoring/resources.py) with coalition's SafeImportAdmin: a preview
first, Dutch errors per row, and nothing saved while any row is wrong. The lists load gemeente and wijk with the rows.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from coalition.admin import SafeImportAdmin

from .models import Ambitie, Gezondheidscijfer, Inwonertal
from .resources import AmbitieResource, GezondheidscijferResource, InwonertalResource, written_percentage


@admin.register(Gezondheidscijfer)
class GezondheidscijferAdmin(SafeImportAdmin):
    resource_classes = [GezondheidscijferResource]
    list_display = (
        "gemeente",
        "wijk",
        "year",
        "group",
        "lonely",
        "severely_lonely",
        "emotionally_lonely",
        "socially_lonely",
        "sample_size",
    )
    list_filter = ("gemeente", "year", "group")
    list_select_related = ("gemeente", "wijk")
    search_fields = ("gemeente__name", "wijk__name", "source")
    autocomplete_fields = ("gemeente", "wijk")
    ordering = ("gemeente__name", "-year", "group", "wijk__name")
    fieldsets = (
        (None, {"fields": ("gemeente", "wijk", "year", "group")}),
        (_("Percentages"), {"fields": ("lonely", "severely_lonely", "emotionally_lonely", "socially_lonely")}),
        (_("Herkomst"), {"fields": ("sample_size", "source")}),
    )


@admin.register(Ambitie)
class AmbitieAdmin(SafeImportAdmin):
    resource_classes = [AmbitieResource]
    list_display = ("gemeente", "group", "baseline_year", "baseline_pct", "target_year", "target_pct")
    list_select_related = ("gemeente",)
    search_fields = ("gemeente__name", "source")
    autocomplete_fields = ("gemeente",)
    fields = ("gemeente", "group", "baseline_year", "baseline_pct", "target_year", "target_pct", "source", "line")
    readonly_fields = ("line",)

    @admin.display(description=_("ambitielijn"))
    def line(self, obj):
        """Every year's expected percentage, so the coördinator can check the line before the dashboard draws it."""
        if obj is None or obj.pk is None:
            return "–"
        return " · ".join(f"{year}: {written_percentage(pct)} %" for year, pct in obj.line())


@admin.register(Inwonertal)
class InwonertalAdmin(SafeImportAdmin):
    resource_classes = [InwonertalResource]
    list_display = ("gemeente", "wijk", "year", "inhabitants_65plus")
    list_filter = ("gemeente", "year")
    list_select_related = ("gemeente", "wijk")
    search_fields = ("gemeente__name", "wijk__name", "source")
    autocomplete_fields = ("gemeente", "wijk")
    ordering = ("gemeente__name", "-year", "wijk__name")
