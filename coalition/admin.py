"""The Django admin for the coalition's reference data and its users.

Who may do what follows from the role (coalition.backends.RolePermissionBackend): a coördinator keeps the
reference data, including imports; a beheerder also manages users. Every list page loads its related
rows in one go (list_select_related / prefetch_related), so a page costs the same number of queries for
ten rows as for a hundred; tests/test_import_export.py holds the Organisatie list to a fixed budget.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, ReadOnlyPasswordHashField
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm

from . import imports, queries, registry
from .forms import PasswordResetRequestForm
from .models import (
    Contactpersoon,
    Gemeente,
    Importtaak,
    Organisatie,
    OutboxMessage,
    Paginaweergave,
    PostcodeGebied,
    User,
    Werkgroep,
    Wijk,
)
from .resources import (
    DutchCSV,
    DutchXLSX,
    OrganisatieResource,
    PostcodeGebiedResource,
    WijkResource,
    parse_range_postcode,
)
from .services import access, outbox
from .services import imports as import_service
from .widgets import ValidAutocompleteAdminMixin

logger = logging.getLogger(__name__)

admin.site.site_header = _("Omzien – beheer")
admin.site.site_title = _("Omzien – beheer")
admin.site.index_title = _("Beheer van de coalitiegegevens")


# ---------------------------------------------------------------------------
# Import/export: limits first, then a preview (or, for a large file, a task), and nothing saved while any row is wrong
# ---------------------------------------------------------------------------
IMPORT_EXTENSIONS = (".csv", ".xlsx")


class SafeImportForm(ImportForm):
    """Refuses, in Dutch, a file that is too big, too long, not a spreadsheet, or an XLSX zip bomb, before anything
    reads it into rows (the checks: coalition.imports). Counts the rows, so the admin can choose where to import."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.row_count = 0
        self.fields["import_file"].help_text = _(
            "Een csv- of xlsx-bestand van hoogstens %(mb)s MB en %(rows)d regels. Heeft het meer dan %(inline)d "
            "regels, dan loopt de import op de achtergrond, zonder voorbeeld vooraf. Bevat een regel een fout, dan "
            "wordt niets opgeslagen."
        ) % {
            "mb": imports.megabytes(settings.IMPORT_MAX_BYTES),
            "rows": settings.IMPORT_MAX_ROWS,
            "inline": settings.IMPORT_INLINE_MAX_ROWS,
        }

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        imports.check_size(upload.size)
        if not upload.name.lower().endswith(IMPORT_EXTENSIONS):
            raise ValidationError(
                _("Kies een csv- of xlsx-bestand. Sla het werkblad in Excel op als 'CSV' of 'Excel-werkmap'."),
                code="wrong_type",
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, chosen = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or chosen in (None, ""):
            return cleaned
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            self.row_count = imports.check_import_file(data, xlsx=issubclass(self.formats[int(chosen)], XLSX))
        except ValidationError as error:
            self.add_error("import_file", error)
        return cleaned


class DutchExportForm(SelectableFieldsExportForm):
    """The export's tick boxes named by their (Dutch) column, not by the English attribute ('Title (titel)')."""

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        if field is not None and field.column_name:
            return capfirst(field.column_name)
        return super()._get_field_label(resource, field_name)


class SafeImportAdmin(ValidAutocompleteAdminMixin, ImportExportModelAdmin):
    """django-import-export's two-step import (preview, then confirm), made strict and bounded.

    Every upload is checked against the import limits first (SafeImportForm). A file with more rows than
    IMPORT_INLINE_MAX_ROWS is not previewed in the request but imported by a Celery task, with a progress page
    (coalition.services.imports). The preview already refuses to offer "confirm" when a row has an error. The
    confirm step itself re-reads the file and imports it again, so it could still meet an error (a forged request,
    or a gemeente deleted in between). Here that import rolls back on validation errors too (the library only rolls
    back on exceptions), and the user hears that nothing was saved instead of "finished".
    """

    import_formats = [DutchCSV, DutchXLSX]
    export_formats = [DutchCSV, XLSX]
    import_form_class = SafeImportForm
    export_form_class = DutchExportForm
    # Our widgets write Dutch messages; a traceback would only hide them.
    import_error_display = ("message",)

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error("import_file", imports.UNREADABLE)

    def import_action(self, request, **kwargs):
        """A large file goes to a Celery task; the rest as the library does it (preview, then confirm)."""
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid() and form.row_count > settings.IMPORT_INLINE_MAX_ROWS:
                return self._import_in_background(request, form)
        return super().import_action(request, **kwargs)

    def _import_in_background(self, request, form):
        upload = form.cleaned_data["import_file"]
        upload.seek(0)
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]
        taak = import_service.importtaak_start(
            user=request.user,
            model=self.model,
            resource_class=self.choose_import_resource_class(form, request),
            file_format=Importtaak.Format.XLSX if issubclass(input_format, XLSX) else Importtaak.Format.CSV,
            file_name=upload.name,
            data=upload.read(),
            total_rows=form.row_count,
        )
        messages.info(
            request,
            _("Het bestand heeft %(rows)d regels. De import loopt op de achtergrond; hier ziet u hoe ver hij is.")
            % {"rows": form.row_count},
        )
        return HttpResponseRedirect(reverse("admin:coalition_importtaak_change", args=[taak.pk]))

    def export_action(self, request):
        # The export page filters like the list it came from; a filter the list does not know (a typo
        # in the address) would otherwise be a server error here, where the list itself just resets.
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            messages.warning(request, _("Dit filter werd niet herkend; kies opnieuw wat u wilt exporteren."))
            return HttpResponseRedirect(request.path)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """The confirm step, as the library's, but a file that is gone or unreadable is a message, not a 500."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        confirm_form = self.create_confirm_form(request)
        if not confirm_form.is_valid():
            return super().process_import(request, **kwargs)  # shows the form errors
        try:
            input_format = self.get_import_formats()[int(confirm_form.cleaned_data["format"])](
                encoding=self.from_encoding
            )
            tmp_storage = self.get_tmp_storage_class()(
                name=confirm_form.cleaned_data["import_file_name"],
                encoding=None if input_format.is_binary() else self.from_encoding,
                read_mode=input_format.get_read_mode(),
                **self.get_tmp_storage_class_kwargs(),
            )
            data = tmp_storage.read()
            # The preview checked this file; a forged confirmation could name another one.
            imports.check_import_file(data.encode() if isinstance(data, str) else data, xlsx=input_format.is_binary())
            dataset = input_format.create_dataset(data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self._back_to_import(request)
        except Exception:
            logger.warning("Import confirmation with an unreadable file", exc_info=True)
            messages.error(
                request, _("Er is niets geïmporteerd: het bestand is niet meer beschikbaar. Upload het opnieuw.")
            )
            return self._back_to_import(request)
        result = self.process_dataset(dataset, confirm_form, request, **kwargs)
        tmp_storage.remove()
        return self.process_result(result, request)

    def _back_to_import(self, request):
        app_label, model_name = self.get_model_info()
        return HttpResponseRedirect(reverse(f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name))

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            wrong = len(result.invalid_rows) + len(result.row_errors())
            messages.error(request, imports.nothing_imported(wrong))
            return self._back_to_import(request)
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Import klaar: %(new)d nieuw, %(update)d bijgewerkt, %(skip)d ongewijzigd.")
            % {"new": totals["new"], "update": totals["update"], "skip": totals["skip"]},
        )


# ---------------------------------------------------------------------------
# Gemeenten, wijken, postcodes
# ---------------------------------------------------------------------------
class WijkInline(admin.TabularInline):
    model = Wijk
    extra = 0
    fields = ("name", "kind", "cbs_code")
    show_change_link = True


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ("name", "cbs_code", "wijk_count", "organisatie_count")
    search_fields = ("name", "cbs_code")
    ordering = ("name",)
    inlines = [WijkInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                wijk_count=Count("wijken", distinct=True),
                organisatie_count=Count("organisaties", distinct=True),
            )
        )

    @admin.display(description=_("wijken en kernen"), ordering="wijk_count")
    def wijk_count(self, obj):
        return obj.wijk_count

    @admin.display(description=_("organisaties"), ordering="organisatie_count")
    def organisatie_count(self, obj):
        return obj.organisatie_count


class PostcodeGebiedForm(forms.ModelForm):
    """Accepts '7511 ab' and a bare PC4: '7511' as start means 7511AA, as end 7511ZZ."""

    postcode_from = forms.CharField(
        label=_("postcode vanaf"), max_length=7, help_text=_("Bijvoorbeeld 7511 AA of 7511.")
    )
    postcode_to = forms.CharField(
        label=_("postcode tot en met"), max_length=7, help_text=_("Bijvoorbeeld 7511 ZZ of 7511.")
    )

    class Meta:
        model = PostcodeGebied
        fields = ("wijk", "postcode_from", "postcode_to")

    def _clean_postcode(self, name, end):
        try:
            return parse_range_postcode(self.cleaned_data[name], end=end)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid_postcode") from None

    def clean_postcode_from(self):
        return self._clean_postcode("postcode_from", end=False)

    def clean_postcode_to(self):
        return self._clean_postcode("postcode_to", end=True)


class PostcodeGebiedFormSet(forms.BaseInlineFormSet):
    """The model checks overlap with saved ranges; this also checks the new rows against each other."""

    def clean(self):
        super().clean()
        ranges: list[tuple[str, str]] = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("postcode_from") or not data.get("postcode_to"):
                continue
            start, end = data["postcode_from"], data["postcode_to"]
            for other_start, other_end in ranges:
                if start <= other_end and other_start <= end:
                    raise forms.ValidationError(
                        _("De postcodes %(a)s–%(b)s en %(c)s–%(d)s overlappen.")
                        % {"a": start, "b": end, "c": other_start, "d": other_end}
                    )
            ranges.append((start, end))


class PostcodeGebiedInline(admin.TabularInline):
    model = PostcodeGebied
    form = PostcodeGebiedForm
    formset = PostcodeGebiedFormSet
    extra = 1
    fields = ("postcode_from", "postcode_to")


@admin.register(Wijk)
class WijkAdmin(SafeImportAdmin):
    resource_classes = [WijkResource]
    list_display = ("name", "gemeente", "kind", "cbs_code", "postcode_ranges")
    list_filter = ("gemeente", "kind")
    list_select_related = ("gemeente",)
    search_fields = ("name", "cbs_code", "gemeente__name")
    autocomplete_fields = ("gemeente",)
    inlines = [PostcodeGebiedInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("postcodegebieden")

    @admin.display(description=_("postcodes"))
    def postcode_ranges(self, obj):
        return ", ".join(f"{g.postcode_from}–{g.postcode_to}" for g in obj.postcodegebieden.all())


@admin.register(PostcodeGebied)
class PostcodeGebiedAdmin(SafeImportAdmin):
    resource_classes = [PostcodeGebiedResource]
    form = PostcodeGebiedForm
    list_display = ("postcode_from", "postcode_to", "wijk", "gemeente")
    list_filter = ("wijk__gemeente",)
    list_select_related = ("wijk__gemeente",)
    search_fields = ("postcode_from", "postcode_to", "wijk__name")
    autocomplete_fields = ("wijk",)
    ordering = ("postcode_from",)

    @admin.display(description=_("gemeente"), ordering="wijk__gemeente__name")
    def gemeente(self, obj):
        return obj.wijk.gemeente


# ---------------------------------------------------------------------------
# Organisations, contact people, working groups
# ---------------------------------------------------------------------------
class ContactpersoonInline(admin.TabularInline):
    model = Contactpersoon
    extra = 0
    fields = ("name", "role", "email", "phone", "is_primary")


@admin.register(Organisatie)
class OrganisatieAdmin(SafeImportAdmin):
    resource_classes = [OrganisatieResource]
    list_display = ("name", "kind", "werkgebied", "member_since", "is_member_display", "yearly_contribution")
    list_filter = ("kind", "gemeenten")
    # One COUNT per page, not two: the total without filters is not worth a second scan of the table.
    show_full_result_count = False
    # 50 rows render in half the time of Django's 100, and a coördinator looks for one by name anyway.
    list_per_page = 50
    search_fields = ("name",)
    autocomplete_fields = ("gemeenten",)
    inlines = [ContactpersoonInline]
    fieldsets = (
        (None, {"fields": ("name", "kind", "gemeenten")}),
        (_("Contact"), {"fields": ("email", "phone", "website", "street", "postcode", "city")}),
        (_("Coalitie"), {"fields": ("member_since", "convenant_signed_on", "yearly_contribution")}),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            # 'www.bibliotheek.nl' becomes https://, as it will in Django 6.
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        # The werkgebied column: all gemeenten of the page in one query.
        return super().get_queryset(request).prefetch_related("gemeenten")

    @admin.display(description=_("werkgebied"))
    def werkgebied(self, obj):
        return ", ".join(gemeente.name for gemeente in obj.gemeenten.all())

    @admin.display(description=_("lid"), boolean=True, ordering="member_since")
    def is_member_display(self, obj):
        return obj.is_member


@admin.register(Contactpersoon)
class ContactpersoonAdmin(ValidAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "organisatie", "role", "email", "phone", "is_primary")
    list_filter = ("is_primary", "organisatie__kind")
    list_select_related = ("organisatie",)
    search_fields = ("name", "email", "organisatie__name")
    autocomplete_fields = ("organisatie",)


@admin.register(Werkgroep)
class WerkgroepAdmin(ValidAutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "gemeente", "member_count")
    list_filter = ("gemeente",)
    list_select_related = ("gemeente",)
    search_fields = ("name", "purpose")
    autocomplete_fields = ("gemeente",)
    filter_horizontal = ("members",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members", distinct=True))

    @admin.display(description=_("leden"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "members":
            # A member's label names the organisation: load them with it, not one query per option.
            kwargs["queryset"] = Contactpersoon.objects.select_related("organisatie").order_by(
                "organisatie__name", "name"
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# ---------------------------------------------------------------------------
# Users: log-in by e-mail address; staff access follows from the role (User.save)
# ---------------------------------------------------------------------------
class UserCreationForm(BaseUserCreationForm):
    """E-mail, name, role and the password twice."""

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "organisaties")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Er is al een gebruiker met dit e-mailadres."), code="unique")
        return email


class UserChangeForm(forms.ModelForm):
    password = ReadOnlyPasswordHashField(
        label=_("Wachtwoord"),
        help_text=_("Wachtwoorden worden niet leesbaar bewaard, dus niemand kan het wachtwoord zien."),
    )

    class Meta:
        model = User
        fields = ("email", "full_name", "role", "organisaties", "is_active", "is_superuser", "password")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Er is al een gebruiker met dit e-mailadres."), code="unique")
        return email


@admin.register(User)
class UserAdmin(ValidAutocompleteAdminMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ("email", "full_name", "role", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("full_name", "email")
    autocomplete_fields = ("organisaties",)
    filter_horizontal = ()
    readonly_fields = ("is_staff", "last_login", "date_joined", "second_factor")
    actions = ["send_password_link", "reset_second_factor"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon en rol"), {"fields": ("full_name", "role", "organisaties")}),
        (_("Tweede factor"), {"fields": ("second_factor",)}),
        (
            _("Toegang"),
            {
                "fields": ("is_active", "is_staff", "is_superuser"),
                "description": _(
                    "Toegang tot het beheer volgt uit de rol (coördinator of beheerder); "
                    "rechten per gebruiker zijn niet nodig."
                ),
            },
        ),
        (_("Datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "organisaties", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        """A role or superuser flag opens (or closes) personal data: audited and reported to the privacy officer."""
        old_role = form.initial.get("role", "") if change else ""
        was_superuser = bool(form.initial.get("is_superuser", False)) if change else False
        super().save_model(request, obj, form, change)
        access.record_role_change(user=obj, by=request.user, old_role=old_role, was_superuser=was_superuser)

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password: they get a link to choose one themselves (the action below)."""
        user = self.get_object(request, unquote(id))
        if user is None or not self.has_change_permission(request, user):
            raise PermissionDenied
        if user.pk != request.user.pk:
            messages.warning(
                request,
                _(
                    "Een beheerder stelt geen wachtwoord in voor een ander. Kies de gebruiker in de lijst en gebruik "
                    "de actie 'Link voor een nieuw wachtwoord sturen'."
                ),
            )
            return HttpResponseRedirect(reverse("admin:coalition_user_change", args=[user.pk]))
        return super().user_change_password(request, id, form_url)

    @admin.display(description=_("tweede factor"))
    def second_factor(self, obj):
        """Whether an authenticator is set up; never its secret (that stays in the database only)."""
        devices = TOTPDevice.objects.filter(user=obj, confirmed=True)
        if not obj.pk or not devices.exists():
            return _("Niet ingesteld: bij de volgende keer inloggen stelt de gebruiker een authenticator-app in.")
        return _("Ingesteld (authenticator-app).")

    @admin.action(description=_("Link voor een nieuw wachtwoord sturen"), permissions=["change"])
    def send_password_link(self, request, queryset):
        sent = 0
        for user in queryset.filter(is_active=True):
            form = PasswordResetRequestForm(data={"email": user.email})
            if form.is_valid():
                form.send_link(request)
                sent += 1
        messages.success(
            request,
            ngettext(
                "%(count)d gebruiker krijgt een e-mail met een link om zelf een nieuw wachtwoord te kiezen.",
                "%(count)d gebruikers krijgen een e-mail met een link om zelf een nieuw wachtwoord te kiezen.",
                sent,
            )
            % {"count": sent},
        )

    @admin.action(description=_("Tweede factor opnieuw laten instellen"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """The user's authenticator is removed and their sessions end; at the next log-in they set up a new one."""
        users = list(queryset)
        for user in users:
            access.reset_second_factor(user=user, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d gebruiker stelt bij de volgende keer inloggen een nieuwe tweede factor in.",
                "%(count)d gebruikers stellen bij de volgende keer inloggen een nieuwe tweede factor in.",
                len(users),
            )
            % {"count": len(users)},
        )


# The secrets of authenticators are never shown, not even to a beheerder: django-otp's own admin pages go. A second
# factor is reset with the user action above.
admin.site.unregister(TOTPDevice)

# Roles live in code (coalition.backends.RolePermissionBackend), so groups would only confuse.
admin.site.unregister(Group)


# ---------------------------------------------------------------------------
# The outbox: what waits, what failed and why, and "try again"
# ---------------------------------------------------------------------------
@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: messages are written by the services and sent by Celery. The coördinator sees what is stuck."""

    list_display = ["created_at", "topic", "to", "subject", "status", "attempts", "next_attempt_at", "error"]
    list_filter = ["status", "topic"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["retry_now"]
    fields = (
        "topic", "to", "subject", "body", "status", "attempts", "created_at", "next_attempt_at", "sent_at",
        "last_error",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description=_("laatste fout"))
    def error(self, message):
        return message.last_error[:80]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Nu opnieuw proberen te versturen"), permissions=["change"])
    def retry_now(self, request, queryset):
        count = outbox.retry(queryset.values_list("pk", flat=True))
        messages.success(
            request,
            ngettext(
                "%(count)d bericht wordt opnieuw verstuurd.", "%(count)d berichten worden opnieuw verstuurd.", count
            )
            % {"count": count},
        )


# ---------------------------------------------------------------------------
# Page views: the counters of the public pages, to look at only
# ---------------------------------------------------------------------------
@admin.register(Paginaweergave)
class PaginaweergaveAdmin(admin.ModelAdmin):
    """Read-only: the middleware counts (coalition.middleware.PageViewMiddleware). For the beheerder; the
    steering group sees the months on the dashboard."""

    list_display = ["day", "page", "count"]
    list_filter = ["page_type"]
    date_hierarchy = "day"
    list_per_page = 100
    fields = ("day", "page_type", "count")
    readonly_fields = fields

    @admin.display(description=_("soort pagina"), ordering="page_type")
    def page(self, view):
        return registry.page_types().get(view.page_type, view.page_type)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------
# Imports in the background: their list, and per import its progress and result
# ---------------------------------------------------------------------------
@admin.register(Importtaak)
class ImporttaakAdmin(admin.ModelAdmin):
    """Large imports (SafeImportAdmin hands them to coalition.services.imports). Nobody adds or changes them here;
    an import's page shows its progress, refreshing itself without JavaScript, and then its result."""

    list_display = ["created_at", "file_name", "data_kind", "status", "created_by", "rows_new", "rows_updated"]
    list_filter = ["status"]
    list_select_related = ["model", "created_by"]
    list_per_page = 50
    result_template = "admin/coalition/importtaak/result.html"
    # Seconds between two looks at a running import (the page's <meta http-equiv="refresh">).
    refresh_seconds = 2

    def get_queryset(self, request):
        return queries.imports_visible_to(request.user)

    @admin.display(description=_("gegevens"))
    def data_kind(self, taak):
        model = taak.model.model_class()
        return model._meta.verbose_name_plural if model else taak.model.model

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        taak = self.get_object(request, unquote(object_id))
        if taak is None:  # someone else's import is not found, rather than forbidden
            raise Http404
        if not self.has_view_permission(request, taak):
            raise PermissionDenied
        model = taak.model.model_class()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import van %(file)s") % {"file": taak.file_name},
            "opts": self.opts,
            "taak": taak,
            "rows_done": queries.import_rows_done(taak),
            "refresh_seconds": None if taak.finished else self.refresh_seconds,
            "data_kind": self.data_kind(taak),
            "changelist_url": _admin_url(model, "changelist"),
            "import_url": _admin_url(model, "import"),
        }
        return TemplateResponse(request, self.result_template, context)


def _admin_url(model, view: str) -> str:
    if model is None:
        return ""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
