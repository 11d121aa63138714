"""The decision letter as a PDF (A4), written with reportlab's platypus from the same `Letter` as the printable page
(queries/letters.py), so the two say the same.

reportlab is pure Python and needs no system packages. Its standard Helvetica has every character the letter uses,
the euro sign included (WinAnsi encoding), so no font is embedded.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as PdfTableStyle

from .queries.letters import Letter

MARGIN = 25 * mm


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("brief", parent=base["BodyText"], fontName="Helvetica", fontSize=10.5, leading=15)
    return {
        "body": body,
        "line": ParagraphStyle("regel", parent=body, spaceBefore=0, spaceAfter=0),
        "sender": ParagraphStyle("afzender", parent=body, fontName="Helvetica-Bold", fontSize=14, leading=18),
        "small": ParagraphStyle("klein", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#333333")),
        "right": ParagraphStyle("rechts", parent=body, alignment=TA_RIGHT),
        "subject": ParagraphStyle("onderwerp", parent=body, fontName="Helvetica-Bold", fontSize=12, leading=16),
        "heading": ParagraphStyle(
            "kop", parent=body, fontName="Helvetica-Bold", fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=2
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (Paragraph reads a little markup: escape what the letter says)."""
    return Paragraph(escape(text), style)


def letter_pdf(letter: Letter, *, title: str = "", compress: bool = True) -> bytes:
    """The PDF's bytes. `compress=False` leaves the page streams readable (for tests)."""
    styles = _styles()
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title or letter.subject,
        author=letter.sender,
        subject=letter.reference,
        lang="nl",
        pageCompression=1 if compress else 0,
    )
    story: list = [
        _p(letter.sender, styles["sender"]),
        _p(letter.sender_line, styles["small"]),
        Spacer(1, 12 * mm),
        *[_p(line, styles["line"]) for line in letter.recipient],
        Spacer(1, 10 * mm),
        _meta(letter, styles),
        Spacer(1, 6 * mm),
        _p(letter.subject, styles["subject"]),
        Spacer(1, 4 * mm),
        _p(letter.salutation, styles["body"]),
        *[_p(text, styles["body"]) for text in letter.intro],
    ]
    for section in letter.sections:
        block: list = [_p(section.title, styles["heading"])]
        block += [_p(text, styles["body"]) for text in section.paragraphs]
        if section.items:
            block.append(
                ListFlowable(
                    [ListItem(_p(item, styles["body"]), leftIndent=12) for item in section.items],
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                )
            )
        if section.rows:
            block += [Spacer(1, 2 * mm), _amounts(section.rows, styles), Spacer(1, 2 * mm)]
        block += [_p(text, styles["body"]) for text in section.after]
        # A heading never ends a page on its own.
        story += [KeepTogether(block[:2]), *block[2:]]
    story.append(Spacer(1, 6 * mm))
    story += [_p(line, styles["line"]) for line in letter.closing]
    document.build(story)
    return buffer.getvalue()


def _meta(letter: Letter, styles: dict[str, ParagraphStyle]) -> Table:
    rows = [[_p(label, styles["small"]), _p(value, styles["body"])] for label, value in letter.meta]
    table = Table(rows, colWidths=[30 * mm, None], hAlign="LEFT")
    table.setStyle(PdfTableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _amounts(rows: list[tuple[str, str]], styles: dict[str, ParagraphStyle]) -> Table:
    table = Table(
        [[_p(label, styles["body"]), _p(amount, styles["right"])] for label, amount in rows],
        colWidths=[70 * mm, 40 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        PdfTableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
