"""The layout of Vietnamese administrative documents (Decree 30/2020/NĐ-CP, Appendix I) for the
default DOCX templates that apps ship (``songlo.docx.DOCUMENTS``): A4, margins top and bottom
20 mm, left 30 mm, right 15 mm, Times New Roman; the issuing body and the national motto side by
side, the number and symbol under the body, the place and date in italics under the motto, the
kind of document and its subject centred in bold, the body justified with a first-line indent,
the signature block on the right and "Nơi nhận" on the left.

Templates are built with python-docx rather than kept as binary files, so that they stay
reviewable; their tags are docxtpl/Jinja (``songlo.docx``).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CENTER, JUSTIFY, LEFT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.LEFT

FONT = "Times New Roman"


def document(*, landscape: bool = False):
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    return doc


def paragraph(container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=False):
    paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Mm(10)
    return paragraph


def no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def cell_text(cell, lines, *, size=13, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Fill a cell with (text, bold, italic) lines, centred."""
    cell.paragraphs[0].text = ""
    first = True
    for text, bold, italic in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)


def header(doc, *, issuer_parent: str, issuer: str, number: str) -> None:
    """The body and number on the left, the motto and place-date on the right (Appendix I, §1-5)."""
    table = doc.add_table(rows=2, cols=2)
    no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    cell_text(left, [(issuer_parent, False, False), (issuer, True, False), ("________", True, False)])
    cell_text(right, [(NATION, True, False), (MOTTO, True, False), ("_______________", True, False)])
    cell_text(table.rows[1].cells[0], [(number, False, False)])
    cell_text(table.rows[1].cells[1], [("{{ place }}, {{ date|vn_date }}", False, True)], size=14)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(65), Mm(100)


def title(doc, kind: str, subject: str) -> None:
    """The kind of document and its subject, centred in bold, with the short rule under them (§6)."""
    paragraph(doc, kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_before = Pt(12)
    paragraph(doc, subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "________", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def signature(doc, *, recipients: list[str], lines: list[tuple[str, bool]]) -> None:
    """ "Nơi nhận" on the left, the signature block on the right (Appendix I, §7-8)."""
    table = doc.add_table(rows=1, cols=2)
    no_borders(table)
    left, right = table.rows[0].cells
    cell_text(
        left,
        [("Nơi nhận:", True, True)] + [(r, False, False) for r in recipients],
        size=11,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    left.paragraphs[0].runs[0].font.size = Pt(12)
    cell_text(right, [(text, bold, False) for text, bold in lines], size=14)


def table(doc, headers: list[str], cells: list[str], *, loop: str, widths_mm: list[int]) -> None:
    """A bordered table: a header row, then one row per item (docxtpl ``{%tr %}`` rows)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell_text(cell, [(text, True, False)], size=12)
    table.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        cell_text(cell, [(text, False, False)], size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def bytes_(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
