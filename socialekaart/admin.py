"""The Django admin of the sociale kaart, for coördinators (the models apps.py registers for them).

Activities can be imported from the spreadsheets of earlier inventories and exported (all or the filtered
list) with the Dutch headers of socialekaart.resources. The history, the search log and the partners'
proposals are records, not things to edit: their admins are read-only for everyone, beheerder included.
"""

from django import forms
from django.contrib import admin
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from coalition.admin import SafeImportAdmin
from coalition.widgets import ValidAutocompleteAdminMixin

from .models import (
    Activiteit,
    Bijeenkomst,
    Historie,
    Locatie,
    PartnerInstelling,
    Synoniem,
    Tijdslot,
    VerborgenZoekvraag,
    Wijzigingsvoorstel,
    Zoekvraag,
)
from .resources import ActiviteitResource, unique_slug
from .search import forget_vocabulary, refresh_search_vector


class ReadOnlyAdminMixin:
    """Shown to whoever may view the model; nobody adds, changes or deletes (append-only records)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------
# Activities, with import and export
# ---------------------------------------------------------------------------
class TijdslotInline(ValidAutocompleteAdminMixin, admin.TabularInline):
    model = Tijdslot
    extra = 0
    fields = ("weekday", "starts_at", "ends_at", "locatie", "note")
    autocomplete_fields = ("locatie",)


class BijeenkomstInline(ValidAutocompleteAdminMixin, admin.TabularInline):
    model = Bijeenkomst
    extra = 0
    fields = ("title", "starts_at", "ends_at", "locatie", "note")
    autocomplete_fields = ("locatie",)


class HistorieInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Historie
    extra = 0
    fields = ("at", "action", "by", "comment")
    readonly_fields = fields
    can_delete = False
    ordering = ("-at", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


@admin.register(Activiteit)
class ActiviteitAdmin(SafeImportAdmin):
    resource_classes = [ActiviteitResource]
    list_display = ("title", "organisatie", "kind", "status", "last_confirmed_on")
    list_filter = ("status", "kind", ("organisatie", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("organisatie",)
    search_fields = ("title", "summary", "organisatie__name")
    show_full_result_count = False
    list_per_page = 50
    autocomplete_fields = ("organisatie", "locaties", "wijken")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("last_confirmed_by", "reminder_sent_for", "stale_notice_sent_for", "created_at", "updated_at")
    inlines = [TijdslotInline, BijeenkomstInline, HistorieInline]
    fieldsets = (
        (None, {"fields": ("organisatie", "title", "slug", "summary", "description", "kind", "status")}),
        (_("Voor wie"), {"fields": ("target_groups", "themes", "languages")}),
        (_("Onderbouwing"), {"fields": ("evidence", "evidence_source")}),
        (_("Kosten en toegankelijkheid"), {"fields": ("cost_kind", "cost_amount", "cost_note", "transport_available")}),
        (_("Waar"), {"fields": ("locaties", "wijken", "is_online")}),
        (
            _("Meedoen en contact"),
            {"fields": ("join_method", "contact_name", "contact_phone", "contact_email", "website")},
        ),
        (
            _("Actualiteit"),
            {
                "fields": (
                    "last_confirmed_on",
                    "last_confirmed_by",
                    "reminder_sent_for",
                    "stale_notice_sent_for",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Lists of labels (voor wie, thema's, talen) as tick boxes instead of comma-separated codes.
        if isinstance(db_field, ArrayField) and db_field.base_field.choices:
            return forms.TypedMultipleChoiceField(
                label=capfirst(db_field.verbose_name),
                choices=db_field.base_field.choices,
                required=not db_field.blank,
                widget=forms.CheckboxSelectMultiple,
                help_text=db_field.help_text,
            )
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "slug" in form.base_fields:
            # Filled in from the title when left empty (the admin's slug preview needs JavaScript).
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _("Leeg laten: wordt gemaakt uit de titel.")
        return form

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = unique_slug(obj.title, exclude_pk=obj.pk)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # After the many-to-many fields (places, wijken) are saved: the search and the history follow the change.
        super().save_related(request, form, formsets, change)
        refresh_search_vector(form.instance)
        Historie.objects.create(
            activiteit=form.instance,
            by=request.user,
            action=Historie.Action.GEWIJZIGD if change else Historie.Action.AANGEMAAKT,
            comment=str(_("In het beheer.")),
            changes={"fields": sorted(form.changed_data)} if change else {},
        )


# ---------------------------------------------------------------------------
# Places and partner settings
# ---------------------------------------------------------------------------
@admin.register(Locatie)
class LocatieAdmin(ValidAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "organisatie", "street", "postcode", "city", "wijk")
    list_filter = ("wijk__gemeente", "wheelchair_accessible", "hearing_loop")
    list_select_related = ("organisatie", "wijk")
    search_fields = ("name", "street", "postcode", "city", "organisatie__name")
    autocomplete_fields = ("organisatie", "wijk")
    show_full_result_count = False
    list_per_page = 50


@admin.register(PartnerInstelling)
class PartnerInstellingAdmin(ValidAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ("organisatie", "may_publish_directly")
    list_filter = ("may_publish_directly",)
    list_select_related = ("organisatie",)
    search_fields = ("organisatie__name",)
    autocomplete_fields = ("organisatie",)


# ---------------------------------------------------------------------------
# Records: read-only
# ---------------------------------------------------------------------------
@admin.register(Wijzigingsvoorstel)
class WijzigingsvoorstelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("activiteit", "status", "submitted_by", "submitted_at", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("activiteit", "submitted_by", "decided_by")
    search_fields = ("activiteit__title",)
    date_hierarchy = "submitted_at"


@admin.register(Historie)
class HistorieAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("at", "activiteit", "action", "by")
    list_filter = ("action",)
    list_select_related = ("activiteit", "by")
    search_fields = ("activiteit__title",)
    date_hierarchy = "at"
    show_full_result_count = False


@admin.register(Zoekvraag)
class ZoekvraagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("on", "terms", "result_count")
    list_filter = ("on",)
    search_fields = ("terms",)
    date_hierarchy = "on"
    show_full_result_count = False


# ---------------------------------------------------------------------------
# What the search understands: synonyms, and search words set aside
# ---------------------------------------------------------------------------
@admin.register(Synoniem)
class SynoniemAdmin(admin.ModelAdmin):
    list_display = ("word", "meaning", "updated_at")
    search_fields = ("word", "words")
    fields = ("word", "words")

    @admin.display(description=_("betekent ook"))
    def meaning(self, obj):
        return ", ".join(obj.words)

    # Every change reaches the search at once (the cached vocabulary holds the synonyms).
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_vocabulary()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_vocabulary()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        forget_vocabulary()


@admin.register(VerborgenZoekvraag)
class VerborgenZoekvraagAdmin(admin.ModelAdmin):
    """Deleting a row shows the search words among the searches without results again."""

    list_display = ("term", "hidden_on", "hidden_by")
    list_select_related = ("hidden_by",)
    search_fields = ("term",)
    fields = ("term", "hidden_on", "hidden_by")
    readonly_fields = ("hidden_by",)
