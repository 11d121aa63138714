"""Import and export of coalition reference data (django-import-export 4), with Dutch column headers.

Spreadsheets come from people, not systems, so the widgets here are lenient about how a value is
written (Dutch or ISO dates, a decimal comma, "7511 ab", a label instead of a code) and strict about
what it means: anything they cannot read becomes a row error in Dutch, and the admin import (see
coalition.admin.SafeImportAdmin) saves nothing while any row is wrong.

Rows are matched on natural keys, so importing the same file twice updates instead of duplicating:
organisations on name, wijken on gemeente + name, postcode areas on their first postcode.
"""

import contextlib
import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.instance_loaders import ModelInstanceLoader
from openpyxl import load_workbook

from .models import Gemeente, Organisatie, OrganisatieKind, PostcodeGebied, Wijk, normalise_postcode, written_postcode
from .spreadsheets import formula_safe

DATE_INPUT_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")
DATE_OUTPUT_FORMAT = "%d-%m-%Y"
LIST_SEPARATOR = ";"

PC4_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*$")


# ---------------------------------------------------------------------------
# Widgets: one value in a cell <-> one Python value
# ---------------------------------------------------------------------------
def _text(value) -> str:
    """The cell as stripped text; XLSX gives numbers for cells like 7511 or 2024."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class DutchDateWidget(widgets.Widget):
    """Reads dd-mm-jjjj and jjjj-mm-dd (and Excel dates); writes dd-mm-jjjj in CSV and a real date in XLSX."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = _text(value)
        if not text:
            return None
        for fmt in DATE_INPUT_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()  # noqa: DTZ007 -- only the date is kept
            except ValueError:
                continue
        raise ValueError(f"Datum niet herkend: '{text}'. Gebruik dd-mm-jjjj of jjjj-mm-dd.")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return value.strftime(DATE_OUTPUT_FORMAT)


def parse_amount(value) -> Decimal | None:
    """'1.250,50' -> Decimal('1250.50'). Also '1250,5', '1250.50', '€ 1.250' and Excel numbers.

    Whichever of '.' and ',' comes last is the decimal separator. With only dots, a dot followed by
    exactly three digits is a Dutch thousands separator ('1.250' is twelve hundred and fifty euro),
    because that is how a Dutch spreadsheet writes it.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = _text(value)
    original = text
    text = re.sub(r"(?i)^(€|eur)\s*|\s*(€|eur)$", "", text).replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        text = text.replace(thousands_sep, "").replace(decimal_sep, ".")
    elif "," in text:
        text = text.replace(",", ".") if text.count(",") == 1 else text.replace(",", "")
    elif text.count(".") > 1 or re.fullmatch(r"-?[0-9]{1,3}\.[0-9]{3}", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
        raise ValueError(f"Bedrag niet herkend: '{original}'. Schrijf het bijvoorbeeld als 1.250,50.")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above already rules this out
        raise ValueError(f"Bedrag niet herkend: '{original}'. Schrijf het bijvoorbeeld als 1.250,50.") from None


class DutchDecimalWidget(widgets.Widget):
    """Euro amounts with a decimal comma; written back as '1250,50' in CSV and a number in XLSX."""

    def clean(self, value, row=None, **kwargs):
        amount = parse_amount(value)
        if amount is not None and amount < 0:
            raise ValueError(f"Een bijdrage kan niet negatief zijn: '{_text(value)}'.")
        return amount

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return float(value)
        return f"{value:.2f}".replace(".", ",")


class TextWidget(widgets.CharWidget):
    """Text without surrounding spaces; an empty cell is an empty string."""

    def clean(self, value, row=None, **kwargs):
        return _text(value)


class EmailWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).lower()


class WebsiteWidget(TextWidget):
    """'www.voorbeeld.nl' is what people type; the model wants a URL with a scheme."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and not re.match(r"(?i)^https?://", text):
            text = f"https://{text}"
        return text


class PostcodeWidget(TextWidget):
    """A full postcode: '7511 ab' -> '7511AB'; written back as '7511 AB'."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if not text:
            return ""
        try:
            return normalise_postcode(text)
        except ValidationError:
            raise ValueError(f"Postcode niet herkend: '{text}'. Vul een postcode in als 1234 AB.") from None

    def render(self, value, obj=None, **kwargs):
        return written_postcode(value)


def parse_range_postcode(value, end: bool) -> str:
    """A postcode for one end of a range. '7511' means the whole PC4: 7511AA as start, 7511ZZ as end."""
    text = _text(value)
    if not text:
        raise ValueError("Vul een postcode in als 1234 AB.")
    match = PC4_RE.match(text)
    if match:
        return f"{match.group(1)}{'ZZ' if end else 'AA'}"
    try:
        return normalise_postcode(text)
    except ValidationError:
        raise ValueError(f"Postcode niet herkend: '{text}'. Vul een postcode in als 1234 AB.") from None


class RangePostcodeWidget(widgets.Widget):
    def __init__(self, end: bool, **kwargs):
        self.end = end
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return parse_range_postcode(value, end=self.end)

    def render(self, value, obj=None, **kwargs):
        return f"{value[:4]} {value[4:]}" if value else ""


class ChoiceWidget(widgets.Widget):
    """A choice by its value or its Dutch label, in any case: 'zorg', 'Zorg', 'huisarts/eerstelijn', 'Huisarts'.

    Labels that name several things ('kerk/levensbeschouwing') accept each part on its own.
    """

    def __init__(self, choices, noun: str, default=None, **kwargs):
        self.choices = choices
        self.noun = noun
        self.default = default
        super().__init__(**kwargs)

    def _lookup(self) -> dict[str, str]:
        if not hasattr(self, "_table"):
            table: dict[str, str] = {}
            # The labels are Dutch msgids; read them in Dutch whatever language the admin runs in.
            with translation.override("nl"):
                for value, label in self.choices.choices:
                    text = str(label).lower()
                    for name in (value, text, *re.split(r"[/()]", text)):
                        key = name.strip().lower()
                        if key:
                            table.setdefault(key, value)
            self._table = table
        return self._table

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError(f"Vul de {self.noun} in. Kies uit: {', '.join(self.choices.values)}.")
        try:
            return self._lookup()[text.lower()]
        except KeyError:
            raise ValueError(f"Onbekende {self.noun}: '{text}'. Kies uit: {', '.join(self.choices.values)}.") from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class GemeenteWidget(widgets.ForeignKeyWidget):
    """A gemeente by its name or CBS code (GM0153), case-insensitive; written as its name."""

    def __init__(self, **kwargs):
        super().__init__(Gemeente, field="name", **kwargs)

    def _gemeenten(self) -> dict[str, Gemeente]:
        # A handful of rows: read them once per import instead of once per row.
        if not hasattr(self, "_cache"):
            self._cache = {}
            for gemeente in Gemeente.objects.all():
                self._cache[gemeente.name.lower()] = gemeente
                self._cache[gemeente.cbs_code.lower()] = gemeente
        return self._cache

    def find(self, text: str) -> Gemeente:
        try:
            return self._gemeenten()[text.lower()]
        except KeyError:
            raise ValueError(f"Onbekende gemeente: '{text}'") from None

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError("Vul de gemeente in (naam of CBS-code, bijvoorbeeld Enschede of GM0153).")
        return self.find(text)


class GemeentenWidget(widgets.ManyToManyWidget):
    """Gemeenten separated by semicolons: 'Enschede; Hengelo'. Names or CBS codes."""

    def __init__(self, **kwargs):
        super().__init__(Gemeente, separator=LIST_SEPARATOR, field="name", **kwargs)
        self._single = GemeenteWidget()

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        names = [part.strip() for part in re.split(r"[;\n]", text) if part.strip()]
        unknown, found = [], []
        for name in names:
            try:
                gemeente = self._single.find(name)
            except ValueError:
                unknown.append(name)
            else:
                if gemeente not in found:
                    found.append(gemeente)
        if unknown:
            listed = ", ".join(f"'{name}'" for name in unknown)
            raise ValueError(f"Onbekende gemeente: {listed}" if len(unknown) == 1 else f"Onbekende gemeenten: {listed}")
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{LIST_SEPARATOR} ".join(sorted(gemeente.name for gemeente in value.all()))


class WijkWidget(widgets.ForeignKeyWidget):
    """A wijk by its name (within the row's gemeente) or its CBS wijk code."""

    def __init__(self, gemeente_column: str, **kwargs):
        self.gemeente_column = gemeente_column
        self._gemeente_widget = GemeenteWidget()
        super().__init__(Wijk, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            raise ValueError("Vul de wijk of kern in.")
        wijken = Wijk.objects.select_related("gemeente")
        if re.fullmatch(r"(?i)WK[0-9]{6}", text):
            found = list(wijken.filter(cbs_code=text.upper()))
        else:
            named = wijken.filter(name__iexact=text)
            gemeente_text = _text((row or {}).get(self.gemeente_column))
            if gemeente_text:
                gemeente = self._gemeente_widget.find(gemeente_text)
                named = named.filter(gemeente=gemeente)
                if not named:
                    raise ValueError(f"Onbekende wijk in {gemeente}: '{text}'")
            found = list(named[:2])
        if not found:
            raise ValueError(f"Onbekende wijk: '{text}'")
        if len(found) > 1:
            raise ValueError(f"De wijk '{text}' bestaat in meer gemeenten; vul de kolom 'gemeente' in.")
        return found[0]


class CbsWijkCodeWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs).upper()


# ---------------------------------------------------------------------------
# Resources
# ---------------------------------------------------------------------------
class NaturalKeyInstanceLoader(ModelInstanceLoader):
    """Finds the existing row by the import_id_fields, text compared case-insensitively.

    A value that cannot be read (an unknown gemeente, a malformed postcode) means "no existing
    row": import_instance() then reports the same problem as a Dutch validation error on that cell,
    instead of the whole row failing with a technical error.
    """

    def get_instance(self, row):
        params = {}
        try:
            for key in self.resource.get_import_id_fields():
                field = self.resource.fields[key]
                value = field.clean(row)
                params[f"{field.attribute}__iexact" if isinstance(value, str) else field.attribute] = value
        except (ValueError, KeyError):
            return None
        try:
            return self.get_queryset().get(**params)
        except self.resource._meta.model.DoesNotExist:
            return None


class FormulaSafeResource(resources.Resource):
    """Exports text that a spreadsheet would run as a formula as plain text (coalition.spreadsheets); numbers and
    dates stay what they are."""

    def export_field(self, field, instance, **kwargs):
        return formula_safe(super().export_field(field, instance, **kwargs))


class DutchModelResource(FormulaSafeResource, resources.ModelResource):
    """What the admin's resources share: Dutch errors, tolerant headers, no half-imported rows, formula-safe
    exports."""

    # Called after each row, when set (coalition.services.imports counts progress with it).
    on_row: Callable[[], None] | None = None

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        if self.on_row is not None:
            self.on_row()
        return row_result

    def extra_errors(self, instance) -> dict[str, str]:
        """Checks that need the whole instance, as {field name: Dutch message}."""
        return {}

    def before_import(self, dataset, **kwargs):
        # 'Naam ', 'NAAM' and 'naam' are the same column to a person.
        if dataset.headers:
            dataset.headers = [_text(header).lower() for header in dataset.headers]
        expected = {field.column_name for field in self.get_import_fields()}
        missing = [
            self.fields[name].column_name
            for name in self.get_import_id_fields()
            if self.fields[name].column_name not in (dataset.headers or [])
        ]
        if missing:
            raise ValueError(
                f"Deze kolommen ontbreken: {', '.join(missing)}. "
                f"Het bestand kan deze kolommen hebben: {', '.join(sorted(expected))}."
            )

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[ValidationError]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # Many-to-many cells are only read when the row is saved; read them now, so that an
        # unknown name is a validation error of this row rather than a crash during saving.
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for name, message in self.extra_errors(instance).items():
            errors.setdefault(name, [ValidationError(message)])
        try:
            super().validate_instance(instance, errors, validate_unique=validate_unique)
        except ValidationError as error:
            raise ValidationError(self._by_column(error)) from None

    def _by_column(self, error: ValidationError) -> dict:
        """Errors keyed by the spreadsheet's column names, which is what the person importing knows."""
        columns = {field.attribute: field.column_name for field in self.fields.values() if field.attribute}
        by_column: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            key = NON_FIELD_ERRORS if name == NON_FIELD_ERRORS else columns.get(name, name)
            by_column.setdefault(key, []).extend(messages)
        return by_column


class OrganisatieResource(DutchModelResource):
    name = fields.Field(attribute="name", column_name="naam", widget=TextWidget())
    kind = fields.Field(
        attribute="kind",
        column_name="soort",
        widget=ChoiceWidget(OrganisatieKind, noun="soort organisatie", default=OrganisatieKind.OVERIG),
    )
    email = fields.Field(attribute="email", column_name="e-mail", widget=EmailWidget())
    phone = fields.Field(attribute="phone", column_name="telefoon", widget=TextWidget())
    street = fields.Field(attribute="street", column_name="straat en huisnummer", widget=TextWidget())
    postcode = fields.Field(attribute="postcode", column_name="postcode", widget=PostcodeWidget())
    city = fields.Field(attribute="city", column_name="plaats", widget=TextWidget())
    website = fields.Field(attribute="website", column_name="website", widget=WebsiteWidget())
    gemeenten = fields.Field(attribute="gemeenten", column_name="gemeenten", widget=GemeentenWidget())
    member_since = fields.Field(attribute="member_since", column_name="lid sinds", widget=DutchDateWidget())
    convenant_signed_on = fields.Field(
        attribute="convenant_signed_on", column_name="convenant getekend op", widget=DutchDateWidget()
    )
    yearly_contribution = fields.Field(
        attribute="yearly_contribution", column_name="jaarlijkse bijdrage", widget=DutchDecimalWidget()
    )

    class Meta:
        model = Organisatie
        fields = (
            "name",
            "kind",
            "email",
            "phone",
            "street",
            "postcode",
            "city",
            "website",
            "gemeenten",
            "member_since",
            "convenant_signed_on",
            "yearly_contribution",
        )
        export_order = fields
        import_id_fields = ("name",)
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Organisatie.objects.prefetch_related("gemeenten").order_by("name")

    def filter_export(self, queryset, **kwargs):
        # The admin hands over its changelist queryset; one query for all gemeenten, not one per row.
        return queryset.prefetch_related("gemeenten")

    @classmethod
    def get_display_name(cls):
        return "Organisaties"


class WijkResource(DutchModelResource):
    gemeente = fields.Field(attribute="gemeente", column_name="gemeente", widget=GemeenteWidget())
    name = fields.Field(attribute="name", column_name="naam", widget=TextWidget())
    kind = fields.Field(
        attribute="kind", column_name="soort", widget=ChoiceWidget(Wijk.Kind, noun="soort", default=Wijk.Kind.WIJK)
    )
    cbs_code = fields.Field(attribute="cbs_code", column_name="cbs-code", widget=CbsWijkCodeWidget())

    class Meta:
        model = Wijk
        fields = ("gemeente", "name", "kind", "cbs_code")
        export_order = fields
        import_id_fields = ("gemeente", "name")
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return Wijk.objects.select_related("gemeente").order_by("gemeente__name", "name")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("gemeente")

    def extra_errors(self, instance):
        if instance.cbs_code:
            other = (
                Wijk.objects.filter(cbs_code=instance.cbs_code)
                .exclude(pk=instance.pk)
                .select_related("gemeente")
                .first()
            )
            if other:
                return {"cbs_code": f"CBS-code {instance.cbs_code} hoort al bij {other}."}
        return {}

    @classmethod
    def get_display_name(cls):
        return "Wijken en kernen"


class PostcodeGebiedResource(DutchModelResource):
    # Only there to find the wijk (wijk names repeat across gemeenten); exported from the wijk.
    gemeente = fields.Field(column_name="gemeente", readonly=True)
    wijk = fields.Field(attribute="wijk", column_name="wijk", widget=WijkWidget(gemeente_column="gemeente"))
    postcode_from = fields.Field(
        attribute="postcode_from", column_name="postcode vanaf", widget=RangePostcodeWidget(end=False)
    )
    postcode_to = fields.Field(
        attribute="postcode_to", column_name="postcode tot en met", widget=RangePostcodeWidget(end=True)
    )

    class Meta:
        model = PostcodeGebied
        fields = ("gemeente", "wijk", "postcode_from", "postcode_to")
        export_order = fields
        import_id_fields = ("postcode_from",)
        instance_loader_class = NaturalKeyInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def get_queryset(self):
        return PostcodeGebied.objects.select_related("wijk__gemeente").order_by("postcode_from")

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("wijk__gemeente")

    def dehydrate_gemeente(self, gebied):
        return gebied.wijk.gemeente.name if gebied.wijk_id else ""

    def dehydrate_wijk(self, gebied):
        return gebied.wijk.name if gebied.wijk_id else ""

    @classmethod
    def get_display_name(cls):
        return "Postcodegebieden"


# ---------------------------------------------------------------------------
# File formats
# ---------------------------------------------------------------------------
class DutchCSV(CSV):
    """CSV as a Dutch Excel reads and saves it: semicolons and a byte-order mark. Commas are read too."""

    def export_data(self, dataset, **kwargs):
        # Without the BOM Excel shows 'CoÃ¶rdinator'; without semicolons it puts a row in one cell.
        return "\ufeff" + super().export_data(dataset, delimiter=";", **kwargs)

    def create_dataset(self, in_stream: bytes | str, **kwargs: Any) -> tablib.Dataset:
        if isinstance(in_stream, bytes) and self.encoding:
            in_stream = in_stream.decode(self.encoding)
        if isinstance(in_stream, str) and "delimiter" not in kwargs:
            first_line = in_stream.split("\n", 1)[0]
            # No delimiter found: the CSV reader's default (a comma) is the guess.
            with contextlib.suppress(csv.Error):
                kwargs["delimiter"] = csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
        return super().create_dataset(in_stream, **kwargs)


class DutchXLSX(XLSX):
    """The first sheet of a workbook, read without trusting the size the sheet claims for itself.

    A sheet's XML states its size ("A1:XFD1048576"), and openpyxl pads every row to that width: a small file could
    make each row 16,384 cells wide. Here rows are as wide as the header row, whatever the sheet claims. (The zip
    itself is checked before this, in coalition.imports.)
    """

    def create_dataset(self, in_stream: bytes) -> tablib.Dataset:
        book = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        try:
            sheet = book.active
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            headers = list(next(rows, ()))
            while headers and headers[-1] is None:
                headers.pop()
            dataset = tablib.Dataset(headers=headers)
            width = len(headers)
            for row in rows:
                values = list(row[:width])
                dataset.append(values + [None] * (width - len(values)))
        finally:
            book.close()
        return dataset
