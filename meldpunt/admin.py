"""Admin for the meldpunten: one per gemeente, with the staff who may open its meldingen."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from coalition.widgets import ValidAutocompleteAdminMixin

from .models import Meldpunt


@admin.register(Meldpunt)
class MeldpuntAdmin(ValidAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "gemeente", "phone", "email", "staff_count")
    list_select_related = ("gemeente",)
    search_fields = ("name", "gemeente__name", "email")
    autocomplete_fields = ("gemeente",)
    # The choices follow Meldpunt.staff.limit_choices_to: meldpunt-medewerkers and coördinatoren.
    filter_horizontal = ("staff",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(staff_count=Count("staff", distinct=True))

    @admin.display(description=_("medewerkers"), ordering="staff_count")
    def staff_count(self, obj):
        return obj.staff_count
