"""Admin for the meldpunten: one per gemeente, with the staff who may open its meldingen."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from coalition.widgets import ValidAutocompleteAdminMixin

from .models import Meldpunt
from .services.access import record_staff_change


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

    def save_related(self, request, form, formsets, change):
        """Adding someone to the staff lets them read its cases: audited and reported to the privacy officer."""
        before = set(form.instance.staff.all()) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.staff.all())
        record_staff_change(
            meldpunt=form.instance,
            added=sorted(after - before, key=str),
            removed=sorted(before - after, key=str),
            by=request.user,
        )

    @admin.display(description=_("medewerkers"), ordering="staff_count")
    def staff_count(self, obj):
        return obj.staff_count
