"""The default DOCX templates of the council's documents, laid out per Decree 30/2020/NĐ-CP on
administrative documents (Appendix I): A4, margins top and bottom 20 mm, left 30 mm, right
15 mm, Times New Roman; the issuing body and the national motto side by side, the number and
symbol under the body, the place and date in italics under the motto, the kind of document and
its subject centred in bold, the body justified with a first-line indent, the signature block on
the right and "Nơi nhận" on the left.

They are built here with python-docx rather than kept as binary files, so that they stay
reviewable; an office downloads one from the admin (Mẫu văn bản), edits it in Word and uploads
its own version (``DocumentTemplate``), which then replaces the default for its body. The tags
inside are docxtpl/Jinja (``songlo.docx``).
"""

from __future__ import annotations

import io
from functools import cache

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from council.documents import MOTTO, NATION

FONT = "Times New Roman"


def _document(*, landscape: bool = False):
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


def _paragraph(container, text: str = "", *, bold=False, italic=False, size=None, align=None, indent=False):
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


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_text(cell, lines, *, size=13, align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
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


def _header(doc, *, issuer_parent: str, issuer: str, number: str) -> None:
    """The body and number on the left, the motto and place-date on the right (Appendix I, §1-5)."""
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _cell_text(left, [(issuer_parent, False, False), (issuer, True, False), ("________", True, False)])
    _cell_text(right, [(NATION, True, False), (MOTTO, True, False), ("_______________", True, False)])
    _cell_text(table.rows[1].cells[0], [(number, False, False)])
    _cell_text(table.rows[1].cells[1], [("{{ place }}, {{ date|vn_date }}", False, True)], size=14)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(65), Mm(100)


def _title(doc, kind: str, subject: str) -> None:
    """The kind of document and its subject, centred in bold, with the short rule under them (§6)."""
    _paragraph(doc, kind, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_before = Pt(12)
    _paragraph(doc, subject, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "________", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _signature(doc, *, recipients: list[str], lines: list[tuple[str, bool]]) -> None:
    """ "Nơi nhận" on the left, the signature block on the right (Appendix I, §7-8)."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _cell_text(
        left,
        [("Nơi nhận:", True, True)] + [(r, False, False) for r in recipients],
        size=11,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    left.paragraphs[0].runs[0].font.size = Pt(12)
    _cell_text(right, [(text, bold, False) for text, bold in lines], size=14)


def _table(doc, headers: list[str], cells: list[str], *, loop: str, widths_mm: list[int]) -> None:
    """A bordered table: a header row, then one row per item (docxtpl ``{%tr %}`` rows)."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, [(text, True, False)], size=12)
    table.rows[1].cells[0].text = "{%tr " + loop + " %}"
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        _cell_text(cell, [(text, False, False)], size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@cache
def decision_template() -> bytes:
    """Quyết định khen thưởng, with its list attached on a new page."""
    doc = _document()
    _header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="Số: {{ number }}")
    _title(doc, "QUYẾT ĐỊNH", "{{ summary }}")
    _paragraph(doc, "{{ signer_title|upper }} {{ issuer|upper }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True, align=body, indent=True)
    _paragraph(doc, "Căn cứ {{ legal_basis }};", italic=True, align=body, indent=True)
    _paragraph(
        doc,
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng{% if session_date %} tại phiên họp {{ session_date|vn_date }}"
        "{% endif %},",
        italic=True,
        align=body,
        indent=True,
    )
    _paragraph(doc, "QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        doc,
        "Điều 1. Tặng danh hiệu thi đua, hình thức khen thưởng cho {{ entries|length }} cá nhân, tập thể có tên "
        "trong danh sách kèm theo Quyết định này.",
        align=body,
        indent=True,
    )
    _paragraph(
        doc,
        "Điều 2. Tiền thưởng kèm theo bằng hệ số nhân với mức lương cơ sở {{ base_salary|vn_number }} đồng "
        "áp dụng tại thời điểm ban hành quyết định; tổng số tiền thưởng là {{ total|vn_number }} đồng "
        "({{ total_in_words }}), chi từ quỹ thi đua, khen thưởng theo quy định.",
        align=body,
        indent=True,
    )
    _paragraph(
        doc,
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các cơ quan, đơn vị liên "
        "quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        align=body,
        indent=True,
    )
    _signature(
        doc,
        recipients=["- Như Điều 3;", "- Lưu: VT, {{ office_short }}."],
        lines=[
            ("{{ signing_for }}", True),
            ("{{ signer_title|upper }}", True),
            ("", False),
            ("", False),
            ("", False),
            ("{{ signer_name }}", True),
        ],
    )
    doc.add_page_break()
    _paragraph(doc, "DANH SÁCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, "CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        doc,
        "(Kèm theo Quyết định số {{ number }} {{ date|vn_date }} của {{ signer_title }} {{ issuer }})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _table(
        doc,
        ["Số sổ vàng", "Họ và tên, tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Tiền thưởng (đồng)"],
        [
            "{{ e.ordinal }}",
            "{{ e.subject }}",
            "{{ e.unit }}",
            "{{ e.award }} năm {{ e.year }}",
            "{{ e.reward|vn_number }}",
        ],
        loop="for e in entries",
        widths_mm=[18, 50, 45, 45, 27],
    )
    return _bytes(doc)


@cache
def minutes_template() -> bytes:
    """Biên bản họp Hội đồng: attendance, quorum, the tally per item (never who voted what)."""
    doc = _document()
    _header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="")
    _title(doc, "BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng")
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(doc, "Thời gian: {{ time }} {{ date|vn_date }}. Địa điểm: {{ venue }}.", align=body, indent=True)
    _paragraph(
        doc,
        "Thành viên Hội đồng: {{ member_count }}; có mặt: {{ present_count }}; vắng mặt: {{ absent_count }}. "
        "Phiên họp {{ quorum_text }} điều kiện tiến hành (tối thiểu {{ quorum }} tổng số thành viên).",
        align=body,
        indent=True,
    )
    _paragraph(doc, "Thành viên có mặt: {{ present_names }}.", align=body, indent=True)
    _paragraph(doc, "Kết quả bỏ phiếu kín:", align=body, indent=True)
    _table(
        doc,
        ["TT", "Họ và tên, tên tập thể", "Danh hiệu, hình thức", "Đồng ý", "Không đồng ý", "Tỷ lệ, căn cứ", "Kết quả"],
        [
            "{{ i.number }}",
            "{{ i.subject }}",
            "{{ i.award }} năm {{ i.year }}",
            "{{ i.agree }}",
            "{{ i.disagree }}",
            "{% if i.percent is not none %}{{ i.percent|vn_percent }} / {{ i.base }}; {% endif %}{{ i.rule }}",
            "{{ i.result }}",
        ],
        loop="for i in items",
        widths_mm=[10, 40, 35, 15, 17, 32, 16],
    )
    _paragraph(doc, "{%p if list_lines %}")
    _paragraph(
        doc,
        "Danh sách biểu quyết một lần (các hồ sơ xét riêng đã được tách khỏi danh sách và ghi kết quả ở trên):",
        align=body,
        indent=True,
    )
    _table(
        doc,
        ["Nội dung", "TT", "Họ và tên, tên tập thể, hộ gia đình", "Đơn vị", "Danh hiệu, hình thức", "Kết quả"],
        [
            "{{ l.list }}",
            "{{ l.number }}",
            "{{ l.subject }}",
            "{{ l.unit }}",
            "{{ l.award }} năm {{ l.year }}",
            "{{ l.result }}",
        ],
        loop="for l in list_lines",
        widths_mm=[18, 12, 50, 35, 35, 25],
    )
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "Biên bản kết thúc lúc {{ closed_time }} cùng ngày./.", align=body, indent=True)
    _signature(
        doc,
        recipients=["- Thường trực Hội đồng;", "- Lưu: VT."],
        lines=[("CHỦ TỊCH HỘI ĐỒNG", True), ("", False), ("", False), ("", False), ("{{ chair_name }}", True)],
    )
    return _bytes(doc)


@cache
def bundle_template() -> bytes:
    """Tờ trình đề nghị cấp trên khen thưởng, with the list of the people and collectives proposed."""
    doc = _document()
    _header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="Số: {{ number }}")
    _title(doc, "TỜ TRÌNH", "Về việc đề nghị {{ authority }} khen thưởng")
    _paragraph(doc, "Kính gửi: {{ recipient }}.", align=WD_ALIGN_PARAGRAPH.CENTER)
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True, align=body, indent=True)
    _paragraph(
        doc,
        "Căn cứ kết quả họp xét của Hội đồng Thi đua - Khen thưởng, {{ issuer }} kính trình {{ recipient }} "
        "xem xét, khen thưởng cho {{ individuals }} cá nhân và {{ collectives }} tập thể, hộ gia đình có tên "
        "trong danh sách kèm theo Tờ trình này (hồ sơ kèm theo).",
        align=body,
        indent=True,
    )
    _paragraph(doc, "Kính trình {{ recipient }} xem xét, quyết định./.", align=body, indent=True)
    _signature(
        doc,
        recipients=["- Như trên;", "- Lưu: VT."],
        lines=[("TM. ỦY BAN NHÂN DÂN", True), ("{{ signer_title|upper }}", True), ("", False), ("", False)],
    )
    doc.add_page_break()
    _paragraph(doc, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        doc,
        "(Kèm theo Tờ trình số {{ number }} {{ date|vn_date }} của {{ issuer }})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _table(
        doc,
        ["STT", "Họ và tên, tên tập thể", "Đơn vị", "Danh hiệu, hình thức"],
        ["{{ l.number }}", "{{ l.subject }}", "{{ l.unit }}", "{{ l.award }} năm {{ l.year }}"],
        loop="for l in lines",
        widths_mm=[12, 60, 50, 43],
    )
    return _bytes(doc)


DEFAULTS = {"decision": decision_template, "minutes": minutes_template, "bundle": bundle_template}
