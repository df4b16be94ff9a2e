"""The nomination list as offices send it upward, in the layout of the spreadsheets provincial
offices exchange: a title row, a blank row, the header on row 3, one row per nominee."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font

from awards.enums import SubjectKind
from songlo.spreadsheets import append_row, list_xlsx_response, workbook, xlsx_bytes

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
        elif n.household_id:
            home = n.household
            kind, name, position, workplace, gender = "HOGIADINH", home.head_name, "", home.unit.name, ""
        else:
            kind, name, position, workplace, gender = "TAPTHE", n.subject_unit.name, "", n.unit.name, ""
        if person is not None:
            subject_class = "Cá nhân"
        elif n.household_id:
            subject_class = "Hộ gia đình"
        else:
            subject_class = n.subject_unit.get_kind_display()
        rows.append(
            [
                number,
                kind,
                name,
                position,
                workplace,
                n.award_type.name,
                subject_class,
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
    return queryset.select_related(
        "person__unit", "subject_unit", "household__unit", "unit", "award_type", "movement"
    ).order_by("unit__path", "award_type__order", "pk")


# The list pages' exports: the page's own rows (same scope, same filters), any length ----------
def _yes(value: bool) -> str:
    return _("Có") if value else ""


def eligibility_response(verdicts, *, year: int, unit_names: dict, award_names: dict, taken: set):
    """The eligibility page's list (its filters applied) with each condition's result."""

    def rows():
        for number, v in enumerate(verdicts, start=1):
            is_person = v.subject.kind == SubjectKind.INDIVIDUAL
            key = (v.subject.pk, 0, v.award) if is_person else (0, v.subject.pk, v.award)
            yield [
                number,
                v.subject.name,
                v.subject.code,
                SubjectKind(v.subject.kind).label if v.subject.kind in SubjectKind.values else v.subject.kind,
                unit_names.get(v.subject.unit_id, ""),
                award_names.get(v.award, v.award),
                _("Đủ điều kiện") if v.eligible else _("Chưa đủ"),
                _yes(v.subject.preferred),
                "\n".join(("✓ " if c.ok else "✗ ") + str(c.text) for c in v.checks),
                _yes(key in taken),
            ]

    return list_xlsx_response(
        filename=f"du-dieu-kien-khen-thuong-{year}.xlsx",
        title=_("Đủ điều kiện"),
        caption=[_("Xét điều kiện khen thưởng năm %(year)s") % {"year": year}],
        header=[
            _("STT"),
            _("Đối tượng"),
            _("Mã"),
            _("Loại đối tượng"),
            _("Đơn vị"),
            _("Danh hiệu"),
            _("Kết quả"),
            _("Ưu tiên"),
            _("Lý do"),
            _("Đã lập hồ sơ"),
        ],
        rows=rows(),
        widths=[6, 30, 16, 12, 30, 30, 14, 8, 60, 12],
    )


def people_response(people, *, query: str = ""):
    """The people list (its search applied), read in chunks."""
    rows = (
        [
            number,
            p.full_name,
            p.code,
            p.get_gender_display(),
            p.position,
            p.unit.name,
            p.joined_on.strftime("%d/%m/%Y") if p.joined_on else "",
        ]
        for number, p in enumerate(people.iterator(chunk_size=2000), start=1)
    )
    return list_xlsx_response(
        filename="danh-sach-ca-nhan.xlsx",
        title=_("Cá nhân"),
        caption=[_("Tìm theo: %(query)s") % {"query": query}] if query else [],
        header=[
            _("STT"),
            _("Họ và tên"),
            _("Mã"),
            _("Giới tính"),
            _("Chức vụ"),
            _("Đơn vị"),
            _("Ngày bắt đầu công tác"),
        ],
        rows=rows,
        widths=[6, 30, 16, 10, 24, 36, 14],
    )


def award_history_response(unit, records):
    """A unit's awards (and those of the units merged into it), newest first."""
    rows = (
        [
            number,
            r.year,
            r.award_type.name,
            r.get_kind_display(),
            r.unit.name,
            r.decision_number,
            r.decision_date.strftime("%d/%m/%Y") if r.decision_date else "",
            _yes(r.revoked),
        ]
        for number, r in enumerate(records.iterator(chunk_size=2000), start=1)
    )
    return list_xlsx_response(
        filename=f"qua-trinh-khen-thuong-{unit.code}.xlsx",
        title=_("Quá trình khen thưởng"),
        caption=[_("Quá trình khen thưởng của %(unit)s") % {"unit": unit.name}],
        header=[
            _("STT"),
            _("Năm"),
            _("Danh hiệu, hình thức"),
            _("Loại hình"),
            _("Tập thể"),
            _("Số quyết định"),
            _("Ngày quyết định"),
            _("Đã hủy bỏ"),
        ],
        rows=rows,
        widths=[6, 8, 36, 24, 36, 16, 14, 10],
    )
