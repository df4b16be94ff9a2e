"""A computed form as the circular lays it out, A4: XLSX (through ``songlo.spreadsheets``, which
never writes a formula) and DOCX (python-docx), with the header block ("Biểu số …", reporting and
receiving units), the table, the records lacking a fact, and the signature block."""

from __future__ import annotations

import io

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from reports.compute import Table
from reports.layout import grid_width, header_rows, heading_block, signature_block
from songlo.spreadsheets import append_row, workbook, xlsx_bytes

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)


def _line_cells(table: Table, line) -> list:
    cells = ["    " * line.indent + str(line.label), line.code]
    if table.form.has_measure:
        cells.append(str(line.measure))
    if line.heading:
        return cells + [""] * len(table.form.columns)
    return cells + [table.value(line.code, c.key) for c in table.form.columns]


def table_xlsx(table: Table) -> bytes:
    form = table.form
    book, sheet = workbook()
    sheet.title = form.code
    head = heading_block(table)
    top, second, numbers = header_rows(form)
    width = grid_width(form)
    last = get_column_letter(width)
    for left, right in ((head["number"], head["reporter"]), (head["basis"], head["receiver"]), (head["received"], "")):
        append_row(sheet, [left] + [""] * (width - 2) + [right])
    append_row(sheet, [head["title"]])
    append_row(sheet, [head["period"]])
    append_row(sheet, [head["measure"]])
    for row in (4, 5):
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet[f"A{row}"].alignment = CENTRE
    if head["note"]:
        append_row(sheet, [head["note"]])
        note_row = sheet.max_row
        sheet.merge_cells(f"A{note_row}:{last}{note_row}")
        sheet[f"A{note_row}"].alignment = WRAP
        sheet[f"A{note_row}"].font = Font(italic=True, bold=True)
        sheet.row_dimensions[note_row].height = 45
    sheet["A4"].font = Font(bold=True, size=12)
    sheet[f"{last}1"].alignment = sheet[f"{last}2"].alignment = Alignment(horizontal="right")
    first_header = sheet.max_row + 1
    # Header rows, with the merges of the circular's table.
    append_row(sheet, [""] * width)
    append_row(sheet, [""] * width)
    col = 1
    for cell in top:
        sheet.cell(first_header, col, cell.text)
        if cell.colspan > 1 or cell.rowspan > 1:
            sheet.merge_cells(
                start_row=first_header,
                start_column=col,
                end_row=first_header + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )
        col += cell.colspan
    split = [i + 1 for i, c in enumerate(_spans(top)) if c == 1]
    for column_index, cell in zip(split, second, strict=False):
        sheet.cell(first_header + 1, column_index, cell.text)
    append_row(sheet, [""] * width)
    col = 1
    for cell in numbers:
        sheet.cell(first_header + 2, col, cell.text)
        if cell.colspan > 1:
            sheet.merge_cells(
                start_row=first_header + 2,
                start_column=col,
                end_row=first_header + 2,
                end_column=col + cell.colspan - 1,
            )
        col += cell.colspan
    for line in form.lines:
        append_row(sheet, _line_cells(table, line))
        if line.heading:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    for row in sheet.iter_rows(min_row=first_header, max_row=sheet.max_row, max_col=width):
        for cell in row:
            cell.border = BOX
            cell.alignment = CENTRE if cell.column > 1 or cell.row < first_header + 3 else WRAP
    for cell in sheet[first_header] + sheet[first_header + 1] + sheet[first_header + 2]:
        cell.font = Font(bold=True)
    append_row(sheet, [])
    for gap, count in table.gaps:
        append_row(sheet, [f"{gap.label}: {count}"])
    append_row(sheet, [])
    (left, left_note), (right, right_note), place = signature_block()
    append_row(sheet, [""] + [""] * (width - 2) + [place])
    append_row(sheet, [left] + [""] * (width - 2) + [right])
    append_row(sheet, [left_note] + [""] * (width - 2) + [right_note])
    sheet.column_dimensions["A"].width = 48
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 12
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = form.orientation
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return xlsx_bytes(book)


def _spans(top) -> list[int]:
    """For each column of the table, 2 when its top header spans both header rows, else 1."""
    spans = []
    for cell in top:
        spans += [cell.rowspan] * cell.colspan
    return spans


def table_docx(table: Table) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    form = table.form
    doc = Document()
    section = doc.sections[0]
    if form.orientation == "landscape":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    else:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Cm(1.5))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(10)

    head = heading_block(table)
    block = doc.add_table(rows=1, cols=3)
    left, middle, right = block.rows[0].cells
    left.text = "\n".join([head["number"], head["basis"], head["received"]])
    middle.text = ""
    title = middle.paragraphs[0]
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(head["title"]).bold = True
    middle.add_paragraph(head["period"]).alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.text = "\n".join(filter(None, [head["reporter"], head["receiver"], head["measure"]]))
    if head["note"]:
        note = doc.add_paragraph().add_run(head["note"])
        note.bold = note.italic = True

    _docx_grid(doc, table)
    for gap, count in table.gaps:
        doc.add_paragraph(f"{gap.label}: {_number(count)}").runs[0].italic = True

    (left_title, left_note), (right_title, right_note), place = signature_block()
    signature = doc.add_table(rows=3, cols=2)
    signature.cell(0, 1).text = place
    signature.cell(1, 0).text, signature.cell(1, 1).text = left_title, right_title
    signature.cell(2, 0).text, signature.cell(2, 1).text = left_note, right_note
    for row_index, row in enumerate(signature.rows):
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.bold = row_index == 1
                    run.italic = row_index != 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _docx_grid(doc, table: Table, lines=None) -> None:
    """The form's table, with the circular's merged headers, into ``doc`` (``lines``: a subset of rows)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    form = table.form
    lines = list(form.lines if lines is None else lines)
    top, second, numbers = header_rows(form)
    width = grid_width(form)
    rows = 3 + len(lines)
    grid = doc.add_table(rows=rows, cols=width)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    col = 0
    for cell in top:
        target = grid.cell(0, col)
        if cell.colspan > 1 or cell.rowspan > 1:
            target = target.merge(grid.cell(cell.rowspan - 1, col + cell.colspan - 1))
        target.text = cell.text
        col += cell.colspan
    split = [i for i, span in enumerate(_spans(top)) if span == 1]
    for index, cell in zip(split, second, strict=False):
        grid.cell(1, index).text = cell.text
    col = 0
    for cell in numbers:
        target = grid.cell(2, col)
        if cell.colspan > 1:
            target = target.merge(grid.cell(2, col + cell.colspan - 1))
        target.text = cell.text
        col += cell.colspan
    # One row's cells at a time: python-docx's table.cell() walks the whole table on every call.
    body_rows = grid.rows[3:]
    for row, line in zip(body_rows, lines, strict=True):
        for cell, value in zip(row.cells, _line_cells(table, line), strict=True):
            cell.text = _number(value) if isinstance(value, int) else str(value)
    for row in grid.rows[:3]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.bold = True


def _number(value: int) -> str:
    """1.234: the Vietnamese thousands separator, whatever the server's locale."""
    return f"{value:,}".replace(",", ".")


def filename(table: Table, extension: str) -> str:
    return f"bieu-{table.form.code.replace('.', '-')}-{table.body.code}-{table.year}.{extension}"


NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def summary_docx(summary) -> bytes:
    """A draft of the stage summary in the layout of an administrative report (A4 portrait): the
    issuer and national lines, the title, the movements and the awards with their tables (rows
    with no award left out), a section the office writes, and the signature block."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    stage, body = summary.stage, summary.body
    movements, awards = summary.tables
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    head = doc.add_table(rows=2, cols=2)
    head.cell(0, 0).text, head.cell(0, 1).text = f"ỦY BAN NHÂN DÂN\n{body.name.upper()}", NATION
    head.cell(1, 0).text, head.cell(1, 1).text = "Số:       /BC-UBND", MOTTO
    for row in head.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.bold = True
    place = doc.add_paragraph("…………, ngày …… tháng …… năm ……")
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.runs[0].italic = True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BÁO CÁO").bold = True
    subtitle = doc.add_paragraph(
        f"Tổng kết phong trào thi đua, công tác khen thưởng giai đoạn {stage.start_year}–{stage.end_year}"
    )
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.runs[0].bold = True

    total = movements.value("PT01", "1")
    doc.add_paragraph().add_run("I. KẾT QUẢ TỔ CHỨC CÁC PHONG TRÀO THI ĐUA").bold = True
    doc.add_paragraph(
        f"Giai đoạn {stage.start_year}–{stage.end_year}, {body.name} và các đơn vị trực thuộc đã phát động "
        f"{_number(total)} phong trào thi đua, trong đó {_number(movements.value('PT02', '1'))} phong trào "
        f"thường xuyên và {_number(movements.value('PT03', '1'))} phong trào theo chuyên đề, theo đợt."
    )
    _docx_grid(doc, movements)
    doc.add_paragraph().add_run("II. CÔNG TÁC KHEN THƯỞNG").bold = True
    given = [line for line in awards.form.coded_lines[1:] if awards.value(line.code, "1")]
    listing = "; ".join(f"{line.label}: {_number(awards.value(line.code, '1'))}" for line in given)
    doc.add_paragraph(
        f"Tổng số {_number(awards.value('KT', '1'))} lượt khen thưởng" + (f", gồm: {listing}." if listing else ".")
    )
    _docx_grid(doc, awards, [awards.form.lines[0], *given])
    doc.add_paragraph().add_run("III. ĐIỂN HÌNH TIÊN TIẾN, SÁNG KIẾN VÀ KẾT QUẢ CỦA CỤM, KHỐI THI ĐUA").bold = True
    recognised = sum(sum(counts) for _label, counts in summary.initiative_rows())
    doc.add_paragraph(
        f"Trong giai đoạn có {_number(recognised)} sáng kiến, đề tài được công nhận: "
        + "; ".join(f"{label.lower()}: {_number(sum(counts))}" for label, counts in summary.initiative_rows())
        + "."
    )
    if summary.movements:
        table = doc.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ["Phong trào", "Đơn vị tham gia", "Báo cáo phải nộp", "Đã nộp", "Đã duyệt"],
            strict=True,
        ):
            cell.text = text
        for r in summary.movements:
            row = table.add_row().cells
            row[0].text = r.movement.title
            for cell, value in zip(row[1:], [r.participants, r.reviews, r.submitted, r.accepted], strict=True):
                cell.text = _number(value)
    if summary.acclamations:
        doc.add_paragraph(
            "Đơn vị dẫn đầu các cụm, khối thi đua: "
            + "; ".join(f"năm {a.year}, {a.block.name}: {a.unit.name}" for a in summary.acclamations)
            + "."
        )
    doc.add_paragraph().add_run("IV. ĐÁNH GIÁ CHUNG, BÀI HỌC KINH NGHIỆM").bold = True
    doc.add_paragraph("(Thường trực Hội đồng Thi đua - Khen thưởng bổ sung.)").runs[0].italic = True
    doc.add_paragraph().add_run("V. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TIẾP THEO").bold = True
    doc.add_paragraph("(Thường trực Hội đồng Thi đua - Khen thưởng bổ sung.)").runs[0].italic = True
    signature = doc.add_table(rows=2, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    signature.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    signature.cell(1, 1).text = "(Ký, họ tên, đóng dấu)"
    for paragraph in signature.cell(0, 1).paragraphs + signature.cell(1, 1).paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
