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
    Frequency,
    Historie,
    Locatie,
    PartnerInstelling,
    Synoniem,
    Tijdslot,
    Uitzondering,
    VerborgenZoekvraag,
    Wijzigingsvoorstel,
    Zoekvraag,
)
from .resources import ActiviteitResource, unique_slug
from .search import forget_vocabulary, refresh_search_vector

# The database's rule for a weekly time: every week up to every fourth week.
MAX_WEEKS_APART = 4
TIJDSLOT_FIELDS = (
    "weekday",
    "starts_at",
    "ends_at",
    "freq",
    "interval",
    "bysetpos",
    "valid_from",
    "until",
    "locatie",
    "note",
)


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
class TijdslotAdminForm(forms.ModelForm):
    """The recurring time's RRULE fields, with the database's rules (tijdslot_rule_valid) as Dutch form errors."""

    class Meta:
        model = Tijdslot
        fields = TIJDSLOT_FIELDS

    def clean(self):
        cleaned = super().clean()
        freq, interval, position = cleaned.get("freq"), cleaned.get("interval"), cleaned.get("bysetpos")
        first, last = cleaned.get("valid_from"), cleaned.get("until")
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("De eindtijd moet na de begintijd liggen."))
        if freq == Frequency.MONTHLY:
            if position is None:
                self.add_error("bysetpos", _("Kies bij 'per maand' welke van de maand, bijvoorbeeld de eerste."))
            if interval not in (None, 1):
                self.add_error("interval", _("Bij 'per maand' is dit 1."))
        elif freq == Frequency.WEEKLY:
            if position is not None:
                self.add_error("bysetpos", _("Alleen bij 'per maand'; laat dit leeg bij 'per week'."))
            if interval is not None and not 1 <= interval <= MAX_WEEKS_APART:
                self.add_error("interval", _("Kies 1 (elke week), 2 (om de week), 3 of 4."))
            elif interval and interval > 1 and first is None:
                self.add_error("valid_from", _("Kies de datum van de eerste keer: vanaf daar tellen we de weken."))
        if first and last and last < first:
            self.add_error("until", _("De einddatum moet na de begindatum liggen."))
        return cleaned


class TijdslotInline(ValidAutocompleteAdminMixin, admin.TabularInline):
    """The recurring times as their RRULE fields (socialekaart/recurrence.py)."""

    model = Tijdslot
    form = TijdslotAdminForm
    extra = 0
    fields = TIJDSLOT_FIELDS
    autocomplete_fields = ("locatie",)


class UitzonderingInline(admin.TabularInline):
    model = Uitzondering
    extra = 0
    fields = ("starts_on", "ends_on", "reason")


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
    inlines = [TijdslotInline, UitzonderingInline, BijeenkomstInline, HistorieInline]
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


@admin.register(Uitzondering)
class UitzonderingAdmin(ValidAutocompleteAdminMixin, admin.ModelAdmin):
    """All dates without a session, across activities: to check the holidays of the whole sociale kaart at once."""

    list_display = ("activiteit", "starts_on", "ends_on", "reason")
    list_filter = (("activiteit__organisatie", admin.RelatedOnlyFieldListFilter), "starts_on")
    list_select_related = ("activiteit",)
    search_fields = ("activiteit__title", "activiteit__organisatie__name", "reason")
    autocomplete_fields = ("activiteit",)
    date_hierarchy = "starts_on"
    show_full_result_count = False
    list_per_page = 50


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
