"""The quarterly report as a PDF (A4), with reportlab as the subsidy letters are (pure Python, no system packages).

It prints the same Panel objects as the page, so the same figures, suppressed the same way: per panel its
headline figures against the earlier periods and its tables. Every page carries the period and the date of the data
in its header and the page number in its footer.
"""

from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .panels.base import DataTable, Panel, Selection
from .pdf_charts import drawing_for
from .suppression import Figure, min_cell

MARGIN = 18 * mm
LONG_TABLE = 25  # rows: a longer table may break over pages (its header repeats); a shorter one stays whole
WIDTH = A4[0] - 2 * MARGIN


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("tekst", parent=base["BodyText"], fontName="Helvetica", fontSize=9.5, leading=13)
    return {
        "body": body,
        "title": ParagraphStyle("titel", parent=body, fontName="Helvetica-Bold", fontSize=18, leading=23),
        "panel": ParagraphStyle(
            "onderdeel", parent=body, fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=10
        ),
        "table": ParagraphStyle(
            "tabel", parent=body, fontName="Helvetica-Bold", fontSize=10, leading=13, spaceBefore=6
        ),
        "cell": ParagraphStyle("cel", parent=body, fontSize=8.5, leading=10.5),
        "number": ParagraphStyle("getal", parent=body, fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "small": ParagraphStyle("klein", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#333333")),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table(table: DataTable, styles: dict[str, ParagraphStyle]) -> list:
    header = [_p(h, styles["cell"] if i == 0 else styles["number"]) for i, h in enumerate(table.headers)]
    rows = [
        [_p(cell.text, styles["number"]) if isinstance(cell, Figure) else _p(cell, styles["cell"]) for cell in row]
        for row in table.rows
    ] or [[_p(gettext("Nog geen gegevens in deze periode."), styles["cell"])] + [""] * (len(table.headers) - 1)]
    columns = len(table.headers)
    if columns == 1:
        widths = [WIDTH]
    else:  # the label column wide, the figures share the rest
        first = WIDTH * (0.6 if columns == 2 else 0.34)  # noqa: PLR2004
        widths = [first] + [(WIDTH - first) / (columns - 1)] * (columns - 1)
    pdf_table = Table([header, *rows], colWidths=widths, repeatRows=1, hAlign="LEFT")
    pdf_table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    block: list = [_p(table.title, styles["table"])]
    drawing = drawing_for(table.chart) if table.chart is not None else None
    if drawing is not None:
        block += [drawing, Spacer(1, 2 * mm)]
    block.append(pdf_table)
    notes = [_p(table.note, styles["small"])] if table.note else []
    # A long table may break over pages (its header repeats); its title and chart stay with its first rows.
    if len(table.rows) > LONG_TABLE:
        return [KeepTogether(block[:-1]), block[-1], *notes]
    return [KeepTogether(block + notes)]


def report_pdf(panels: list[Panel], selection: Selection, *, data_date: datetime, compress: bool = True) -> bytes:
    """The PDF's bytes. `compress=False` leaves the page streams readable (for tests)."""
    styles = _styles()
    period = selection.period.label
    data_on = formats.date_format(data_date, "j F Y H:i")
    running = gettext("Kwartaalrapportage eenzaamheid · %(period)s · cijfers bijgewerkt op %(date)s") % {
        "period": period,
        "date": data_on,
    }

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN, A4[1] - 12 * mm, running)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, gettext("pagina %(n)s") % {"n": document.page})
        canvas.restoreState()

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=gettext("Kwartaalrapportage %(period)s") % {"period": period},
        author=gettext("Omzien naar elkaar"),
        lang="nl",
        pageCompression=1 if compress else 0,
    )
    previous, year_before = selection.period.previous().label, selection.period.year_before().label
    story: list = [
        _p(gettext("Kwartaalrapportage: samen tegen eenzaamheid"), styles["title"]),
        _p(
            gettext("%(period)s, vergeleken met %(previous)s en met %(year_before)s. Cijfers bijgewerkt op %(date)s.")
            % {"period": period, "previous": previous, "year_before": year_before, "date": data_on},
            styles["body"],
        ),
        _p(
            gettext(
                "Aantallen onder %(n)s staan er als “<%(n)s”; een “x” is verborgen zodat zo’n klein aantal niet "
                "terug te rekenen is. Dit rapport bevat geen gegevens van personen."
            )
            % {"n": min_cell()},
            styles["small"],
        ),
        Spacer(1, 4 * mm),
    ]
    for panel in panels:
        story.append(_p(panel.title, styles["panel"]))
        if panel.intro:
            story.append(_p(panel.intro, styles["body"]))
        if panel.empty:
            story.append(_p(panel.empty, styles["body"]))
            continue
        for table in panel.as_tables(selection):
            story += _table(table, styles)
    document.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
