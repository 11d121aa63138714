"""Import and export of activities (django-import-export 4), with the Dutch headers of earlier inventories.

The spreadsheets of the old sociale kaarten ("Helpende Handen", the Wijkwijzer, the Informatiewijzer)
come in with one activity per row. Organisations are matched by name (without regard to capitals) and
must exist; labels may be written as the value ("een-op-een") or in Dutch ("één-op-één", "maatje").
Widgets and the strict, Dutch error handling are those of coalition.resources; the admin
(socialekaart.admin) saves nothing while any row is wrong.

Rows are matched on organisation + title, so importing the same file twice updates instead of duplicating.
"""

import re
from collections.abc import Mapping

from django.utils import timezone
from import_export import fields, widgets

from coalition.models import Organisatie
from coalition.resources import (
    LIST_SEPARATOR,
    ChoiceWidget,
    DutchDecimalWidget,
    DutchModelResource,
    EmailWidget,
    NaturalKeyInstanceLoader,
    TextWidget,
    WebsiteWidget,
    _text,
)

from .models import Activiteit, ActivityType, CostKind, Historie, JoinMethod, TargetGroup, Theme
from .search import refresh_search_vector
from .services.listing_data import unique_slug


# ---------------------------------------------------------------------------
# Widgets
# ---------------------------------------------------------------------------
class AliasChoiceWidget(ChoiceWidget):
    """ChoiceWidget that also knows the words people use in spreadsheets ('maatje', 'vrije inloop')."""

    def __init__(self, choices, noun: str, aliases: Mapping[str, str] | None = None, **kwargs):
        self.aliases = aliases or {}
        super().__init__(choices, noun, **kwargs)

    def _lookup(self) -> dict[str, str]:
        table = super()._lookup()
        for alias, value in self.aliases.items():
            table.setdefault(alias, value)
        return table


class ChoiceListWidget(widgets.Widget):
    """Several choices in one cell, separated by semicolons: 'ouderen; mantelzorgers'. Written as values."""

    def __init__(self, choices, noun: str, aliases: Mapping[str, str] | None = None, **kwargs):
        self.single = AliasChoiceWidget(choices, noun, aliases=aliases)
        self.noun = noun
        self.choices = choices
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        parts = [part.strip() for part in re.split(r"[;\n]", _text(value)) if part.strip()]
        found, unknown = [], []
        for part in parts:
            try:
                choice = self.single.clean(part)
            except ValueError:
                unknown.append(part)
            else:
                if choice not in found:
                    found.append(choice)
        if unknown:
            listed = ", ".join(f"'{part}'" for part in unknown)
            raise ValueError(f"Onbekende {self.noun}: {listed}. Kies uit: {', '.join(self.choices.values)}.")
        return found

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(value or [])


class OrganisatieWidget(widgets.ForeignKeyWidget):
    """An organisation by its name, without regard to capitals or surrounding spaces; written as its name."""

    def __init__(self, **kwargs):
        super().__init__(Organisatie, field="name", **kwargs)

    def _by_name(self) -> dict[str, Organisatie]:
        # One query per import, not one per row.
        if not hasattr(self, "_cache"):
            self._cache = {organisatie.name.strip().lower(): organisatie for organisatie in Organisatie.objects.all()}
        return self._cache

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError("Vul de organisatie in.")
        try:
            return self._by_name()[text.lower()]
        except KeyError:
            raise ValueError(
                f"Onbekende organisatie: '{text}'. Voeg de organisatie eerst toe onder Organisaties, "
                "of schrijf de naam zoals daar."
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class AmountWidget(DutchDecimalWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            if "negatief" in str(error):
                raise ValueError(f"Een bedrag kan niet negatief zijn: '{_text(value)}'.") from None
            raise


KIND_ALIASES = {
    "één-op-één": ActivityType.EEN_OP_EEN,
    "een op een": ActivityType.EEN_OP_EEN,
    "maatje": ActivityType.EEN_OP_EEN,
    "huisbezoek": ActivityType.EEN_OP_EEN,
    "groepsactiviteit": ActivityType.ONTMOETING,
    "gespreksgroep": ActivityType.CURSUS,
    "training": ActivityType.CURSUS,
    "luisterlijn": ActivityType.BELLIJN,
    "bel- of luisterlijn": ActivityType.BELLIJN,
    "informatie": ActivityType.INFORMATIE,
    "advies": ActivityType.INFORMATIE,
}
TARGET_GROUP_ALIASES = {
    "75+": TargetGroup.PLUS75,
    "75-plus": TargetGroup.PLUS75,
    "jongeren": TargetGroup.JONGEREN,
    "lhbti": TargetGroup.LHBTI,
    "iedereen": TargetGroup.IEDEREEN,
}
JOIN_ALIASES = {
    "vrije inloop": JoinMethod.VRIJE_INLOOP,
    "inloop": JoinMethod.VRIJE_INLOOP,
    "aanmelden vooraf": JoinMethod.AANMELDEN,
    "aanmelden": JoinMethod.AANMELDEN,
}
COST_ALIASES = {"bedrag": CostKind.BEDRAG, "op aanvraag": CostKind.OP_AANVRAAG}


# ---------------------------------------------------------------------------
# The resource
# ---------------------------------------------------------------------------
class ActiviteitResource(DutchModelResource):
    title = fields.Field(attribute="title", column_name="titel", widget=TextWidget())
    organisatie = fields.Field(attribute="organisatie", column_name="organisatie", widget=OrganisatieWidget())
    summary = fields.Field(attribute="summary", column_name="samenvatting", widget=TextWidget())
    description = fields.Field(attribute="description", column_name="beschrijving", widget=TextWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="soort",
        widget=AliasChoiceWidget(ActivityType, noun="soort activiteit", aliases=KIND_ALIASES),
    )
    target_groups = fields.Field(
        attribute="target_groups",
        column_name="voor wie",
        widget=ChoiceListWidget(TargetGroup, noun="doelgroep", aliases=TARGET_GROUP_ALIASES),
    )
    themes = fields.Field(attribute="themes", column_name="thema's", widget=ChoiceListWidget(Theme, noun="thema"))
    cost_kind = fields.Field(
        attribute="cost_kind",
        column_name="kosten",
        widget=AliasChoiceWidget(CostKind, noun="soort kosten", aliases=COST_ALIASES, default=CostKind.GRATIS),
    )
    cost_amount = fields.Field(attribute="cost_amount", column_name="bedrag", widget=AmountWidget())
    join_method = fields.Field(
        attribute="join_method",
        column_name="meedoen",
        widget=AliasChoiceWidget(
            JoinMethod, noun="manier van meedoen", aliases=JOIN_ALIASES, default=JoinMethod.VRIJE_INLOOP
        ),
    )
    contact_name = fields.Field(attribute="contact_name", column_name="contactpersoon", widget=TextWidget())
    contact_phone = fields.Field(attribute="contact_phone", column_name="telefoon", widget=TextWidget())
    contact_email = fields.Field(attribute="contact_email", column_name="e-mail", widget=EmailWidget())
    website = fields.Field(attribute="website", column_name="website", widget=WebsiteWidget())
    status = fields.Field(
        attribute="status",
        column_name="status",
        widget=AliasChoiceWidget(Activiteit.Status, noun="status", default=Activiteit.Status.CONCEPT),
    )

    class Meta:
        model = Activiteit
        fields = (
            "title",
            "organisatie",
            "summary",
            "description",
            "kind",
            "target_groups",
            "themes",
            "cost_kind",
            "cost_amount",
            "join_method",
            "contact_name",
            "contact_phone",
            "contact_email",
            "website",
            "status",
        )
        export_order = fields
        import_id_fields = ("organisatie", "title")
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Activiteit.objects.select_related("organisatie").order_by("organisatie__name", "title")

    def filter_export(self, queryset, **kwargs):
        # The admin hands over its (filtered) changelist queryset: the organisation's name in the same query.
        return queryset.select_related("organisatie")

    @classmethod
    def get_display_name(cls):
        return "Activiteiten"

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            self._complete(instance, row, user=kwargs.get("user"))

    def _complete(self, instance: Activiteit, row, *, user) -> None:
        """What the spreadsheet does not say, filled in before the row is validated."""
        if instance.cost_amount is not None and not _text(row.get("kosten")):
            instance.cost_kind = CostKind.BEDRAG  # an amount without 'kosten' means it costs that amount
        if not instance.slug and instance.title:
            instance.slug = unique_slug(instance.title, exclude_pk=instance.pk)
        if instance.status == Activiteit.Status.GEPUBLICEERD and instance.last_confirmed_on is None:
            # Published by the coördinator who imports it: confirmed as current today.
            instance.last_confirmed_on = timezone.localdate()
            if user is not None and user.is_authenticated:
                instance.last_confirmed_by = user

    def extra_errors(self, instance):
        if instance.cost_kind == CostKind.BEDRAG and instance.cost_amount is None:
            return {"cost_amount": "Vul het bedrag in, of kies bij kosten 'gratis' of 'op aanvraag'."}
        if instance.cost_kind != CostKind.BEDRAG and instance.cost_amount is not None:
            return {"cost_amount": "Een bedrag hoort bij kosten 'bedrag'. Laat het bedrag leeg of pas de kosten aan."}
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        instance._imported_as_new = instance.pk is None

    def after_save_instance(self, instance, row, **kwargs):
        # The search must find imported listings at once; the history says where they came from.
        refresh_search_vector(instance)
        user = kwargs.get("user")
        Historie.objects.create(
            activiteit=instance,
            by=user if user is not None and user.is_authenticated else None,
            action=Historie.Action.GEIMPORTEERD,
            comment=(
                f"Nieuw uit {kwargs.get('file_name') or 'een bestand'}."
                if getattr(instance, "_imported_as_new", False)
                else f"Bijgewerkt uit {kwargs.get('file_name') or 'een bestand'}."
            ),
        )
