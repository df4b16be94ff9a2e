"""Reading a list of names to register from a spreadsheet in the offices' layout.

The layout of ``individuals-template.xlsx`` / ``collectives-template.xlsx`` (shared/real-world):
a title row, a blank row, the header on row 3 (found among the first ten rows), one row per
subject; a catalogue sheet (DANHMUC) mapping that system's award codes to names. Columns are
found by their header text, whatever their order: name ("Họ và tên" / "Tên đơn vị / tập thể"),
birth date, the workplace ("Tên đơn vị/tập thể công tác"), the award (its code in the catalogue,
or a name), an optional code of ours ("Mã cán bộ", "Mã") and an optional kind column
(CANHAN / TAPTHE / HOGIADINH). Nothing is written here: ``read_rows`` returns what each row
names and whether it was found (awards.matching), the page shows it, and the person confirms.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from awards.enums import SubjectKind
from awards.matching import AMBIGUOUS, MATCHED, NOT_FOUND, AwardMatcher, Match, SubjectMatcher, key
from awards.models import AwardType
from awards.registrations import kind_refusal

REFUSED = "refused"
MAX_ROWS = 5000
HEADER_ROWS = 10
KIND_WORDS = {
    "canhan": SubjectKind.INDIVIDUAL,
    "ca nhan": SubjectKind.INDIVIDUAL,
    "tapthe": SubjectKind.COLLECTIVE,
    "tap the": SubjectKind.COLLECTIVE,
    "hogiadinh": SubjectKind.HOUSEHOLD,
    "ho gia dinh": SubjectKind.HOUSEHOLD,
}


class ImportError_(Exception):
    """The file cannot be read as a list (not a workbook, no header)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    number: int  # the row's number in the sheet
    kind: str
    name: str
    unit_text: str = ""
    award_text: str = ""
    award: AwardType | None = None
    match: Match = field(default_factory=lambda: Match(NOT_FOUND))
    status: str = NOT_FOUND
    reason: str = ""

    @property
    def options(self) -> list[tuple[str, str]]:
        """The subjects the row may stand for: ("p:12", "Nguyễn Văn An – Xã A, 02/01/1980")."""
        prefix = {SubjectKind.INDIVIDUAL: "p", SubjectKind.COLLECTIVE: "u", SubjectKind.HOUSEHOLD: "h"}[self.kind]
        return [(f"{prefix}:{s.pk}", _label(s)) for s in self.match.candidates]


def _label(subject) -> str:
    if hasattr(subject, "full_name"):
        born = f", {subject.birth_date:%d/%m/%Y}" if subject.birth_date else ""
        return f"{subject.full_name} – {subject.unit.name}{born} ({subject.code})"
    if hasattr(subject, "head_name"):
        return f"{subject.head_name} – {subject.unit.name} ({subject.code})"
    return f"{subject.name} ({subject.code})"


def _column(header: str) -> str | None:
    """What a header cell names (folded text; order matters: the most specific first)."""
    h = key(header)
    if not h:
        return None
    if h in ("stt", "tt"):
        return None
    if "ho va ten" in h or h in ("ho ten", "ten chu ho", "ho ten chu ho"):
        return "name"
    if "ngay sinh" in h:
        return "birth_date"
    if "ma hinh thuc" in h:
        return "form_code"
    if "ma danh hieu" in h:
        return "title_code"
    if "ma phan loai" in h:
        return None
    if "doi tuong" in h and not h.startswith("ma"):
        return "kind"
    if h in ("ma", "ma so", "ma can bo", "ma ca nhan", "ma don vi", "ma tap the", "ma ho", "ma doi tuong"):
        return "code"
    if "cong tac" in h and "don vi" in h:
        return "unit"
    if "phong ban" in h:
        return "department"
    if "ten don vi" in h or "ten tap the" in h:
        return "name"
    if h.startswith("danh hieu") or h.startswith("hinh thuc"):
        return "award"
    return None


def _catalogue(book) -> dict[str, str]:
    """Another system's award codes and names (a catalogue sheet: a code cell, its name on the right)."""
    table: dict[str, str] = {}
    for sheet in book.worksheets[1:]:
        for row in sheet.iter_rows(max_row=500, values_only=True):
            for left, right in itertools.pairwise(row):
                if left is not None and re.fullmatch(r"\d{3,}", str(left).strip()) and isinstance(right, str):
                    table[str(left).strip()] = right.strip()
    return table


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", str(value or ""))
    if match:
        try:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


def read_rows(
    uploaded, *, matcher: SubjectMatcher, taken: set[tuple[str, int, int]] | None = None
) -> tuple[list[Row], dict[str, int]]:
    """Every non-blank row of the first sheet with what it matched, and where its columns were.

    ``taken``: (kind, subject id, award id) already registered: such a row is refused as a duplicate.
    Raises ImportError_ with a Vietnamese message when the file is not such a list.
    """
    try:
        book = load_workbook(uploaded, read_only=True, data_only=True)
    except Exception as error:
        raise ImportError_(_("Không đọc được tệp: hãy chọn tệp Excel (.xlsx).")) from error
    try:
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(max_row=MAX_ROWS + HEADER_ROWS, values_only=True))
        awards = AwardMatcher(code_table=_catalogue(book))
    finally:
        book.close()
    columns: dict[str, int] = {}
    header_at = None
    for index, row in enumerate(rows[:HEADER_ROWS]):
        found = {}
        for position, cell in enumerate(row):
            name = _column(str(cell)) if cell is not None else None
            if name and name not in found:
                found[name] = position
        if "name" in found:
            columns, header_at = found, index
            break
    if header_at is None:
        raise ImportError_(_("Không tìm thấy dòng tiêu đề có cột “Họ và tên” hoặc “Tên đơn vị / tập thể”."))
    header_text = key(" ".join(str(c) for c in rows[header_at] if c is not None))
    default_kind = SubjectKind.INDIVIDUAL if "ho va ten" in header_text else SubjectKind.COLLECTIVE
    result = []
    for index, row in enumerate(rows[header_at + 1 :], start=header_at + 2):

        def cell(name: str, row=row) -> Any:
            position = columns.get(name)
            return row[position] if position is not None and position < len(row) else None

        name = str(cell("name") or "").strip()
        code = str(cell("code") or "").strip()
        if not name and not code:
            continue
        kind = KIND_WORDS.get(key(cell("kind")), default_kind)
        unit_text = str(cell("unit") or cell("department") or "").strip()
        award_cell = cell("title_code") or cell("form_code") or cell("award")
        item = Row(index, kind, name or code, unit_text, awards.name_of(award_cell))
        if kind == SubjectKind.INDIVIDUAL:
            item.match = matcher.person(code=code, name=name, unit=unit_text, birth_date=_date(cell("birth_date")))
        elif kind == SubjectKind.HOUSEHOLD:
            item.match = matcher.household(code=code, name=name, unit=unit_text)
        else:
            item.match = matcher.collective(code=code, name=name)
        item.award = awards.match(award_cell)
        item.status, item.reason = item.match.status, item.match.reason
        if item.award is None:
            item.status = NOT_FOUND if item.status == MATCHED else item.status
            missing = (
                _("Không nhận ra danh hiệu, hình thức “%(award)s”.") % {"award": item.award_text}
                if item.award_text
                else _("Chưa ghi danh hiệu, hình thức khen thưởng.")
            )
            item.reason = f"{item.reason} {missing}".strip() if item.status != MATCHED else missing
        elif kind_refusal(item.award, kind):
            item.status, item.reason = REFUSED, str(kind_refusal(item.award, kind))
        elif item.status == MATCHED and taken is not None and (kind, item.match.subject.pk, item.award.pk) in taken:
            item.status = REFUSED
            item.reason = _("Đã đăng ký “%(award)s” cho đối tượng này.") % {"award": item.award.name}
        result.append(item)
    return result, columns


STATUS_LABELS = {
    MATCHED: gettext_lazy("Khớp"),
    AMBIGUOUS: gettext_lazy("Trùng tên, cần chọn"),
    NOT_FOUND: gettext_lazy("Không tìm thấy"),
    REFUSED: gettext_lazy("Không hợp lệ"),
}
