"""What an uploaded attachment really is, read from its content (never from its name or the browser's word).

PDF starts with "%PDF-". DOCX, XLSX and ODT are ZIP containers: a DOCX holds word/document.xml, an XLSX
xl/workbook.xml, and an ODT names its type in the member "mimetype". Python's zipfile reads them; no extra
dependency. A file that is none of these, or that is damaged, is refused.
"""

import zipfile
from typing import IO

MAX_SIZE = 10 * 1024 * 1024  # 10 MB, as the database's check (bijlage_at_most_10mb)

PDF, DOCX, XLSX, ODT = "pdf", "docx", "xlsx", "odt"
KINDS = (PDF, DOCX, XLSX, ODT)
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ODT: "application/vnd.oasis.opendocument.text",
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ZIP_MAGIC = b"PK\x03\x04"
MIMETYPE_MAX = 200


def detect_kind(file: IO[bytes]) -> str | None:
    """ "pdf", "docx", "xlsx" or "odt" by content, or None. Leaves the file at its start."""
    try:
        file.seek(0)
        head = file.read(8)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(ZIP_MAGIC):
            file.seek(0)
            return _zip_kind(file)
        return None
    finally:
        file.seek(0)


def _zip_kind(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            # The member is a few dozen bytes; a larger one is no ODT (and is not unpacked: no zip bomb).
            small = "mimetype" in names and archive.getinfo("mimetype").file_size <= MIMETYPE_MAX
            if small and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return ODT
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError):
        return None
    return None
