"""The import template: a workbook with every sheet and column of the import, Vietnamese headers
(which the importer reads as well as the column keys) and a notes sheet saying what each column
takes. Built from ``awards.importer.SHEETS``, so it cannot drift from what the import reads."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from awards.enums import AwardKind, DisciplineLevel, InitiativeLevel, RatingValue, SubjectClass
from awards.importer import COLUMN_LABELS, OPTIONAL, SHEET_LABELS, SHEETS
from organisation.enums import UnitKind
from songlo.spreadsheets import append_row, workbook, xlsx_bytes

DATE = "dd/mm/yyyy"


def _notes() -> dict[tuple[str, str], str]:
    """What a column takes, where it is not plain text."""
    return {
        ("units", "kind"): ", ".join(f"{value} ({label})" for value, label in UnitKind.choices),
        ("units", "valid_from"): DATE,
        ("units", "valid_to"): DATE,
        ("people", "gender"): "nam, nữ",
        ("people", "joined_on"): DATE,
        ("people", "birth_date"): DATE,
        ("people", "subject_class"): ", ".join(f"{value} ({label})" for value, label in SubjectClass.choices)
        + _(" — để trống khi chưa rõ; biểu thống kê 0602.N, 0603.N đếm số người còn thiếu"),
        ("ratings", "rating"): ", ".join(f"{value} ({label})" for value, label in RatingValue.choices),
        ("initiatives", "author_codes"): _("mã cá nhân, cách nhau bằng dấu phẩy"),
        ("initiatives", "level"): ", ".join(f"{value} ({label})" for value, label in InitiativeLevel.choices),
        ("awards", "award_code"): _("mã trong danh mục khen thưởng (trang Quản trị)"),
        ("awards", "decision_date"): DATE,
        ("awards", "kind"): ", ".join(f"{value} ({label})" for value, label in AwardKind.choices)
        + _(" — để trống: công trạng (thường xuyên)"),
        ("disciplines", "level"): ", ".join(f"{value} ({label})" for value, label in DisciplineLevel.choices),
        ("disciplines", "start"): DATE,
        ("disciplines", "end"): DATE,
    }


def template_xlsx() -> bytes:
    book, notes = workbook()
    notes.title = _("Hướng dẫn")
    append_row(notes, [_("Mẫu nhập dữ liệu Songlo")])
    notes["A1"].font = Font(bold=True, size=14)
    append_row(
        notes, [_("Mỗi trang tính một loại dữ liệu; giữ nguyên tên trang và dòng tiêu đề. Dữ liệu bắt đầu từ dòng 2.")]
    )
    append_row(notes, [_("Bản ghi được cập nhật theo mã: nhập lại cùng tệp không tạo bản ghi trùng.")])
    append_row(notes, [])
    append_row(notes, [_("Trang tính"), _("Cột"), _("Mã cột"), _("Bắt buộc"), _("Giá trị")])
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
    described = _notes()
    for sheet, columns in SHEETS.items():
        data = book.create_sheet(sheet)
        append_row(data, [COLUMN_LABELS[sheet][column] for column in columns])
        for cell in data[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(columns):
            data.column_dimensions[chr(ord("A") + index)].width = max(14, len(COLUMN_LABELS[sheet][column]) + 4)
            required = column not in OPTIONAL.get(sheet, set())
            append_row(
                notes,
                [
                    f"{sheet} ({SHEET_LABELS[sheet]})",
                    COLUMN_LABELS[sheet][column],
                    column,
                    _("có") if required else _("không"),
                    described.get((sheet, column), ""),
                ],
            )
    for letter, width in zip("ABCDE", (24, 30, 16, 10, 90), strict=True):
        notes.column_dimensions[letter].width = width
    return xlsx_bytes(book)
