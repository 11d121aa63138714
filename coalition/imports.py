"""Limits on every import, checked before a file is read into rows (coalition.admin.SafeImportForm).

An upload may be IMPORT_MAX_BYTES big and have IMPORT_MAX_ROWS rows. An XLSX file is a zip, and a zip can unpack to
a hundred times its size or more: a 1 MB file of packed zeros kept a worker busy for a minute and ended in a server
error. So an XLSX file is opened as a zip first, and refused when its parts would unpack too big, pack too well, or
are too many, before openpyxl unpacks anything. Checking the sizes the zip's directory declares is enough: Python's
zipfile never unpacks a part beyond its declared size (a part that claims less than it holds fails its checksum).

Rows are counted by reading the file as a stream that stops one row past the limit, so a file of a million short
rows costs no more than one of IMPORT_MAX_ROWS. Every refusal is a ValidationError with a Dutch message.
"""

import csv
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

# The message for any file that cannot be read (coalition.admin.SafeImportAdmin shows it too).
UNREADABLE = gettext_lazy(
    "Het bestand kon niet worden gelezen. Kies het juiste formaat (csv of xlsx) en controleer dat elke regel evenveel "
    "kolommen heeft als de kopregel."
)


def nothing_imported(wrong_rows: int) -> str:
    """What an import that saved nothing says: how many rows were wrong, or that the file could not be read."""
    if not wrong_rows:
        return _("Er is niets geïmporteerd: het bestand kon niet worden gelezen. Probeer het opnieuw.")
    message = ngettext(
        "Er is niets geïmporteerd: %(count)d regel bevat een fout.",
        "Er is niets geïmporteerd: %(count)d regels bevatten een fout.",
        wrong_rows,
    ) % {"count": wrong_rows}
    return f"{message} {_('Verbeter het bestand en probeer het opnieuw.')}"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def check_size(size: int) -> None:
    if size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("Het bestand is te groot (meer dan %(mb)s MB). Splits het in kleinere bestanden.")
            % {"mb": megabytes(settings.IMPORT_MAX_BYTES)},
            code="too_big",
        )


def check_xlsx_zip(data: bytes) -> None:
    """Refuses an XLSX file that is no zip, or whose parts would unpack too big (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(
            _(
                "Het bestand kon niet worden gelezen. Het is geen Excel-werkmap (xlsx): kies het juiste formaat, "
                "of sla het in Excel op als 'Excel-werkmap'."
            ),
            code="not_xlsx",
        ) from None
    unpacked = sum(member.file_size for member in members)
    too_packed = [
        member for member in members if member.file_size > settings.IMPORT_XLSX_MAX_RATIO * max(member.compress_size, 1)
    ]
    if (
        len(members) > settings.IMPORT_XLSX_MAX_MEMBERS
        or unpacked > settings.IMPORT_XLSX_MAX_UNPACKED_BYTES
        or too_packed
    ):
        raise ValidationError(
            _(
                "Dit xlsx-bestand lezen we niet: uitgepakt wordt het veel groter dan het lijkt (meer dan %(mb)s MB, "
                "of meer dan %(ratio)s keer zo groot). Open het in Excel en sla het opnieuw op als 'Excel-werkmap', "
                "of kies 'CSV'."
            )
            % {"mb": megabytes(settings.IMPORT_XLSX_MAX_UNPACKED_BYTES), "ratio": settings.IMPORT_XLSX_MAX_RATIO},
            code="zip_bomb",
        )


def _csv_rows(data: bytes, limit: int) -> int:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(UNREADABLE, code="unreadable") from None
    rows = 0
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            if row:  # as tablib: an empty line is no row
                rows += 1
                if rows > limit:
                    break
    except csv.Error:
        raise ValidationError(UNREADABLE, code="unreadable") from None
    return rows


def _xlsx_rows(data: bytes, limit: int) -> int:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise ValidationError(UNREADABLE, code="unreadable") from None
    rows = 0
    try:
        sheet = book.active
        # Without the size the sheet claims for itself (see DutchXLSX in coalition.resources).
        sheet.reset_dimensions()
        for _row in sheet.iter_rows(values_only=True):
            rows += 1
            if rows > limit:
                break
    except Exception:
        raise ValidationError(UNREADABLE, code="unreadable") from None
    finally:
        book.close()
    return rows


def count_rows(data: bytes, *, xlsx: bool, limit: int) -> int:
    """The rows with data, the header not counted; counting stops past `limit` (then the answer is limit + 1)."""
    counted = _xlsx_rows(data, limit + 1) if xlsx else _csv_rows(data, limit + 1)
    return max(counted - 1, 0)


def check_import_file(data: bytes, *, xlsx: bool) -> int:
    """Checks an uploaded file against every limit and returns its number of rows (the header not counted)."""
    check_size(len(data))
    if xlsx:
        check_xlsx_zip(data)
    rows = count_rows(data, xlsx=xlsx, limit=settings.IMPORT_MAX_ROWS)
    if rows > settings.IMPORT_MAX_ROWS:
        raise ValidationError(
            _(
                "Het bestand heeft meer dan %(max)s regels. Splits het in bestanden van hoogstens %(max)s regels "
                "en importeer ze een voor een."
            )
            % {"max": settings.IMPORT_MAX_ROWS},
            code="too_many_rows",
        )
    return rows
