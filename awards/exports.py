"""The nomination list as offices send it upward, in the layout of the spreadsheets provincial
offices exchange: a title row, a blank row, the header on row 3, one row per nominee."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from songlo.spreadsheets import append_row, workbook, xlsx_bytes

TITLE = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
HEADER = [
    "STT",
    "Phân loại khen thưởng",
    "Tên tập thể/cá nhân/hộ gia đình",
    "Chức vụ",
    "Đơn vị công tác",
    "Danh hiệu thi đua/Hình thức khen thưởng",
    "Phân loại đối tượng",
    "Lĩnh vực hoạt động",
    "Giới tính",
    "Mã",
    "Năm",
    "Phong trào",
    "Trạng thái",
    "Đủ điều kiện",
    "Lý do chấp nhận (nếu chưa đủ điều kiện)",
]


def nomination_rows(nominations) -> list[list]:
    rows = []
    for number, n in enumerate(nominations, start=1):
        person = n.person
        if person is not None:
            kind, name, position, workplace = "CANHAN", person.full_name, person.position, person.unit.name
            gender = person.get_gender_display()
        else:
            kind, name, position, workplace, gender = "TAPTHE", n.subject_unit.name, "", n.unit.name, ""
        rows.append(
            [
                number,
                kind,
                name,
                position,
                workplace,
                n.award_type.name,
                "Cá nhân" if person else n.subject_unit.get_kind_display(),
                "",
                gender,
                n.subject_code,
                n.year,
                n.movement.title if n.movement else "",
                n.get_status_display(),
                {True: "Có", False: "Không", None: ""}[n.eligible],
                n.override_reason,
            ]
        )
    return rows


def nominations_xlsx(nominations) -> bytes:
    book, sheet = workbook()
    sheet.title = "DANHSACH"
    append_row(sheet, [TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    sheet["A1"].alignment = Alignment(horizontal="center")
    append_row(sheet, [])
    append_row(sheet, HEADER)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in nomination_rows(nominations):
        append_row(sheet, row)
    for letter, width in zip(
        "ABCDEFGHIJKLMNO", [6, 14, 32, 20, 30, 32, 18, 16, 10, 16, 8, 30, 18, 12, 40], strict=True
    ):
        sheet.column_dimensions[letter].width = width
    return xlsx_bytes(book)


def export_queryset(queryset):
    return queryset.select_related("person__unit", "subject_unit", "unit", "award_type", "movement").order_by(
        "unit__path", "award_type__order", "pk"
    )
