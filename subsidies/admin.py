"""The Django admin of subsidies, for coördinators (the models apps.py registers for them).

Calls (regelingen) are made and changed here, with their weighted criteria, knock-out questions and requested
documents as inlines. The form says in Dutch, beside the field, what the database would refuse: a call closes after
it opens and reviews end after it closes, the maximum per application is within the budget, and every criterion
explains each of its six points. Applications and their history are records the services write: their admins are
read-only for everyone, beheerder included (nobody edits an application behind its workflow's back).
"""

from django import forms
from django.contrib import admin
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.forms import SplitArrayField
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import SCALE_POINTS, Aanvraag, Criterium, Documenteis, Historie, Regeling, Toetsvraag


class ReadOnlyAdminMixin:
    """Shown to whoever may view the model; nobody adds, changes or deletes (records the services write)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _choice_list_field(db_field) -> forms.TypedMultipleChoiceField:
    """A list of labels (doelgroepen) as tick boxes instead of comma-separated codes."""
    return forms.TypedMultipleChoiceField(
        label=capfirst(db_field.verbose_name),
        choices=db_field.base_field.choices,
        required=not db_field.blank,
        widget=forms.CheckboxSelectMultiple,
        help_text=db_field.help_text,
    )


# ---------------------------------------------------------------------------
# Calls
# ---------------------------------------------------------------------------
class CriteriumForm(forms.ModelForm):
    scale = SplitArrayField(
        forms.CharField(max_length=300, required=False),
        size=SCALE_POINTS,
        label=_("Uitleg bij de punten"),
        help_text=_("Zes korte zinnen, van boven naar beneden: wat 0, 1, 2, 3, 4 en 5 punten betekenen."),
    )

    class Meta:
        model = Criterium
        fields = ("position", "title", "description", "weight", "scale")

    def clean_scale(self):
        scale = [text.strip() for text in self.cleaned_data["scale"]]
        if len(scale) != SCALE_POINTS or not all(scale):
            raise forms.ValidationError(
                _("Schrijf bij elk punt, van 0 tot en met 5, wat het betekent: zes korte zinnen."), code="scale"
            )
        return scale


class CriteriumInline(admin.StackedInline):
    model = Criterium
    form = CriteriumForm
    extra = 0
    min_num = 1
    validate_min = True
    ordering = ("position", "pk")


class ToetsvraagInline(admin.TabularInline):
    model = Toetsvraag
    extra = 0
    fields = ("position", "question", "required_answer")
    ordering = ("position", "pk")


class DocumenteisInline(admin.TabularInline):
    model = Documenteis
    extra = 0
    fields = ("name", "description", "required")


class RegelingForm(forms.ModelForm):
    class Meta:
        model = Regeling
        fields = (
            "title",
            "slug",
            "gemeente",
            "summary",
            "description",
            "target_groups",
            "wijken",
            "opens_at",
            "closes_at",
            "review_deadline",
            "total_budget",
            "max_per_application",
            "min_score",
            "interim_report_months",
            "final_report_weeks",
            "requires_measurement",
        )

    def clean(self):
        cleaned = super().clean()
        opens, closes, review = (cleaned.get(name) for name in ("opens_at", "closes_at", "review_deadline"))
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("De regeling moet sluiten na het moment waarop hij opengaat."))
        if closes and review and review <= closes:
            self.add_error("review_deadline", _("Het beoordelen moet eindigen na het sluiten van de regeling."))
        budget, maximum = cleaned.get("total_budget"), cleaned.get("max_per_application")
        if maximum is not None and maximum <= 0:
            self.add_error("max_per_application", _("Het maximum per aanvraag moet meer dan € 0 zijn."))
        elif maximum is not None and budget is not None and maximum > budget:
            self.add_error("max_per_application", _("Het maximum per aanvraag kan niet hoger zijn dan het budget."))
        if budget is not None and self.instance.pk and budget < self.instance.allocated_total:
            self.add_error(
                "total_budget",
                _("Er is al € %(allocated)s toegewezen: het budget kan niet lager zijn.")
                % {"allocated": self.instance.allocated_total},
            )
        return cleaned


@admin.register(Regeling)
class RegelingAdmin(admin.ModelAdmin):
    form = RegelingForm
    list_display = ("title", "gemeente", "opens_at", "closes_at", "review_deadline", "total_budget", "allocated_total")
    list_filter = ("gemeente",)
    list_select_related = ("gemeente",)
    search_fields = ("title", "summary")
    readonly_fields = ("allocated_total", "created_at")
    inlines = [CriteriumInline, ToetsvraagInline, DocumenteisInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "gemeente", "summary", "description")}),
        (_("Voor wie en waar"), {"fields": ("target_groups", "wijken")}),
        (_("Wanneer"), {"fields": ("opens_at", "closes_at", "review_deadline")}),
        (_("Geld"), {"fields": ("total_budget", "max_per_application", "allocated_total", "min_score")}),
        (_("Rapporteren"), {"fields": ("interim_report_months", "final_report_weeks", "requires_measurement")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, ArrayField) and db_field.base_field.choices:
            return _choice_list_field(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


# ---------------------------------------------------------------------------
# Applications and their history: read-only
# ---------------------------------------------------------------------------
class HistorieInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Historie
    extra = 0
    fields = ("at", "step", "by", "comment")
    readonly_fields = fields
    can_delete = False
    ordering = ("-at", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Aanvraag)
class AanvraagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "number", "regeling", "organisatie", "status", "amount_requested", "submitted_at")
    list_filter = ("status", ("regeling", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("regeling", "organisatie")
    search_fields = ("title", "organisatie__name")
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    list_per_page = 50
    inlines = [HistorieInline]

    @admin.display(description=_("nummer"))
    def number(self, obj):
        return obj.number


@admin.register(Historie)
class HistorieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "aanvraag", "step", "by")
    list_filter = ("step",)
    list_select_related = ("aanvraag", "by")
    search_fields = ("aanvraag__title",)
    date_hierarchy = "at"
    show_full_result_count = False
