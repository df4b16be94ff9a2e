"""``import_data``: units, people, ratings, initiatives, award history and discipline.

All or nothing: every row is read and checked first; the first problems found are reported as
``sheet, dòng N, cột C: problem`` and nothing is written. Then everything is upserted by code
inside one transaction, so running the same file twice changes nothing.

Codes are matched whatever their case (and names compared after Unicode NFC and case folding),
so ``XA-CU`` in a file is the stored unit ``xa-cu``, not a new one. An import from the web page
runs within a scope (``awards.selectors.import_scope``): every row must lie inside the office's
own subtree. Any import, the command line's included, is refused when it would make a cycle in
the unit tree or a path longer than the column holds. A written import leaves one audit line
(``awards.import``) listing every record it created or changed, and one per unit it moved.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.services import audit_record
from awards.enums import AwardKind, DisciplineLevel, InitiativeLevel, RatingValue, SubjectClass, SubjectKind
from awards.import_reading import Unreadable, read_tables
from awards.models import AwardRecord, AwardType, Discipline, Household, Initiative, Person, Rating
from campaigns.models import EmulationBlock
from organisation.audit import record_unit_move
from organisation.enums import UnitKind
from organisation.models import PATH_SEP, OrgUnit

SHEETS: dict[str, list[str]] = {
    "units": ["code", "name", "kind", "parent_code", "block_code", "valid_from", "valid_to", "successor_code"],
    "people": ["code", "full_name", "gender", "unit_code", "position", "joined_on", "birth_date", "subject_class"],
    "ratings": ["year", "subject_code", "rating"],
    "initiatives": ["code", "title", "author_codes", "level", "year"],
    "awards": ["year", "award_code", "subject_code", "decision_number", "decision_date", "kind"],
    "disciplines": ["subject_code", "level", "start", "end"],
    # Optional sheet beyond the six documented in the README: households (hộ gia đình), the subjects of GDVH.
    "households": ["code", "head_name", "unit_code", "address", "members_count"],
}
# Columns that may be left out of the header altogether.
OPTIONAL = {
    "units": {"parent_code", "block_code", "valid_from", "valid_to", "successor_code"},
    "people": {"position", "joined_on", "birth_date", "subject_class"},
    "awards": {"decision_number", "decision_date", "kind"},
    "disciplines": {"end"},
    "households": {"address", "members_count"},
}
SHEET_LABELS = {
    "units": "đơn vị",
    "people": "cá nhân",
    "ratings": "xếp loại",
    "initiatives": "sáng kiến",
    "awards": "khen thưởng",
    "disciplines": "kỷ luật",
    "households": "hộ gia đình",
}
# The Vietnamese header of each column: the import template's (awards/import_template.py); a
# header may be the column's key or this label (any case).
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "units": {
        "code": "Mã đơn vị",
        "name": "Tên đơn vị",
        "kind": "Loại đơn vị",
        "parent_code": "Mã đơn vị cấp trên",
        "block_code": "Mã cụm, khối thi đua",
        "valid_from": "Hiệu lực từ ngày",
        "valid_to": "Hiệu lực đến ngày",
        "successor_code": "Mã đơn vị kế thừa",
    },
    "people": {
        "code": "Mã cá nhân",
        "full_name": "Họ và tên",
        "gender": "Giới tính",
        "unit_code": "Mã đơn vị",
        "position": "Chức vụ",
        "joined_on": "Ngày bắt đầu công tác",
        "birth_date": "Ngày sinh",
        "subject_class": "Phân loại đối tượng",
    },
    "ratings": {"year": "Năm", "subject_code": "Mã cá nhân hoặc đơn vị", "rating": "Xếp loại"},
    "initiatives": {
        "code": "Mã sáng kiến",
        "title": "Tên sáng kiến, đề tài",
        "author_codes": "Mã các tác giả",
        "level": "Cấp công nhận",
        "year": "Năm công nhận",
    },
    "awards": {
        "year": "Năm",
        "award_code": "Mã danh hiệu, hình thức",
        "subject_code": "Mã cá nhân hoặc đơn vị",
        "decision_number": "Số quyết định",
        "decision_date": "Ngày quyết định",
        "kind": "Loại hình khen thưởng",
    },
    "disciplines": {
        "subject_code": "Mã cá nhân hoặc đơn vị",
        "level": "Hình thức kỷ luật",
        "start": "Từ ngày",
        "end": "Đến ngày",
    },
    "households": {
        "code": "Mã hộ",
        "head_name": "Họ tên chủ hộ",
        "unit_code": "Mã đơn vị",
        "address": "Địa chỉ",
        "members_count": "Số nhân khẩu",
    },
}
GENDERS = {"nam": "nam", "nữ": "nữ", "nu": "nữ"}
MAX_PROBLEMS = 50
# The action of an import's audit line, which the import history reads.
IMPORT_ACTION = "awards.import"
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class ImportProblems(Exception):
    """The file cannot be imported; ``problems`` lists ``sheet, dòng N, cột C: problem`` lines."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SheetReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[str] = field(default_factory=list)

    def count(self, outcome: str, text: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        if outcome != "unchanged" and len(self.changes) < 20:
            self.changes.append(("Thêm: " if outcome == "created" else "Sửa: ") + text)


@dataclass
class ImportReport:
    sheets: dict[str, SheetReport] = field(default_factory=dict)
    # Every record created or changed, in the form the audit line keeps (see ``record``).
    changes: list[dict[str, Any]] = field(default_factory=list)

    def record(self, sheet: str, key: str, outcome: str, fields: dict[str, list[str]], text: str) -> None:
        """Count one row; a created or changed record is kept with its columns' old and new values."""
        self.sheets.setdefault(sheet, SheetReport()).count(outcome, text)
        if outcome != "unchanged":
            self.changes.append({"sheet": sheet, "key": key, "outcome": outcome, "fields": fields})

    @property
    def total_changes(self) -> int:
        return sum(s.created + s.updated for s in self.sheets.values())

    def lines(self) -> list[str]:
        return [
            f"{name}: thêm {s.created}, sửa {s.updated}, giữ nguyên {s.unchanged}" for name, s in self.sheets.items()
        ]

    def items(self):
        return [(name, SHEET_LABELS[name], report) for name, report in self.sheets.items()]


# Reading ------------------------------------------------------------------------------------
Row = tuple[int, dict[str, Any]]


def read_source(path: str | Path) -> dict[str, tuple[list[str], list[Row]]]:
    """The known sheets of an .xlsx workbook or a folder of CSV files: header and numbered rows.

    Read in streaming mode within the caps of ``awards.import_reading`` (settings
    ``IMPORT_MAX_*``); every cell trimmed and in Unicode NFC; empty rows left out. Raises
    ImportProblems when the file cannot be read, is past a cap, or has no known sheet.
    """
    result: dict[str, tuple[list[str], list[Row]]] = {}
    try:
        for name, rows in read_tables(path, SHEETS):
            header: list[str] | None = None
            body: list[Row] = []
            for number, cells in rows:
                if header is None:
                    keys = {fold(label): key for key, label in COLUMN_LABELS[name].items()}
                    header = [keys.get(fold(str(cell)), str(cell).lower()) for cell in cells]
                    continue
                if all(cell == "" for cell in cells):
                    continue
                body.append((number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}))
            if header is not None and (any(header) or body):
                result[name] = (header, body)
    except Unreadable as error:
        raise ImportProblems(error.problems) from None
    if not result:
        raise ImportProblems(
            [
                _("Không có dữ liệu để nhập: các trang tính %(sheets)s đều trống (hàng tiêu đề phải ở dòng 1).")
                % {"sheets": ", ".join(SHEETS)}
            ]
        )
    return result


# Checking -----------------------------------------------------------------------------------
PATH_MAX = OrgUnit._meta.get_field("path").max_length


def fold(value: str) -> str:
    """The form in which the importer compares two codes or names: NFC, then case-folded."""
    return unicodedata.normalize("NFC", value).casefold()


class Codes:
    """The codes of one kind of record (stored rows, then the file's new ones), found whatever their case."""

    def __init__(self, stored: Iterable[str]) -> None:
        self.known: set[str] = set()
        self.by_fold: dict[str, list[str]] = {}
        for code in stored:
            self.add(code)

    def add(self, code: str) -> None:
        if code not in self.known:
            self.known.add(code)
            self.by_fold.setdefault(fold(code), []).append(code)

    def find(self, code: str) -> str | None:
        """The known spelling of ``code``; None when unknown, or when several differ from it only by case."""
        if code in self.known:
            return code
        matches = self.by_fold.get(fold(code), [])
        return matches[0] if len(matches) == 1 else None

    def alike(self, code: str) -> list[str]:
        return sorted(self.by_fold.get(fold(code), []))


class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, sheet: str, row: int, column: str, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{sheet}, dòng {row}, cột {column}: {text}")

    def text(self, sheet, row, data, column, *, required=True, max_length=200) -> str:
        value = data.get(column, "")
        value = unicodedata.normalize("NFC", str(value).strip()) if value != "" else ""
        if isinstance(data.get(column), float) and data[column].is_integer():
            value = str(int(data[column]))
        if required and not value:
            self.problem(sheet, row, column, "không được để trống")
        elif len(value) > max_length:
            self.problem(sheet, row, column, f"dài quá {max_length} ký tự")
        return value

    def code(self, sheet, row, data, column, *, required=True) -> str:
        value = self.text(sheet, row, data, column, required=required, max_length=50)
        if value and not SLUG.match(value):
            self.problem(sheet, row, column, f"mã “{value}” chỉ được gồm chữ không dấu, số, “-” và “_”")
        return value

    def choice(self, sheet, row, data, column, allowed) -> str:
        value = self.text(sheet, row, data, column)
        found = {fold(a): a for a in allowed}.get(fold(value))
        if value and found is None:
            self.problem(sheet, row, column, f"“{value}” không hợp lệ (chọn một trong: {', '.join(allowed)})")
            return ""
        return found or ""

    def optional_choice(self, sheet, row, data, column, allowed) -> str:
        """One of ``allowed`` (any case) or "" for an empty cell."""
        value = self.text(sheet, row, data, column, required=False)
        found = {fold(a): a for a in allowed}.get(fold(value))
        if value and found is None:
            self.problem(sheet, row, column, f"“{value}” không hợp lệ (chọn một trong: {', '.join(allowed)})")
            return ""
        return found or ""

    def year(self, sheet, row, data, column) -> int | None:
        raw = data.get(column, "")
        try:
            value = int(float(raw)) if raw != "" else None
        except (TypeError, ValueError):
            value = None
        if value is None or not 1945 <= value <= 2100:
            self.problem(sheet, row, column, f"năm “{raw}” không hợp lệ")
            return None
        return value

    def members_count(self, sheet, row, data, column) -> int | None:
        """A household's number of members: a whole number from 1 to 100, or empty."""
        raw = data.get(column, "")
        if raw == "":
            return None
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = 0.5
        if not value.is_integer() or not 1 <= value <= 100:
            self.problem(sheet, row, column, f"số nhân khẩu “{raw}” không hợp lệ (số nguyên từ 1 đến 100)")
            return None
        return int(value)

    def date(self, sheet, row, data, column, *, required=False) -> datetime.date | None:
        raw = data.get(column, "")
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if raw == "":
            if required:
                self.problem(sheet, row, column, "không được để trống")
            return None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(str(raw), fmt).date()
            except ValueError:
                continue
        self.problem(sheet, row, column, f"ngày “{raw}” không hợp lệ (dùng YYYY-MM-DD hoặc dd/mm/yyyy)")
        return None

    def known(self, codes: Codes, sheet, row, column, code: str, missing: str) -> str:
        """The stored spelling of a code the row refers to; a problem when it is unknown."""
        if not code:
            return ""
        found = codes.find(code)
        if found is None:
            alike = codes.alike(code)
            if len(alike) > 1:
                self.problem(sheet, row, column, f"mã “{code}” không rõ: có các mã {', '.join(alike)}")
            else:
                self.problem(sheet, row, column, missing.format(code=code))
            return code
        return found

    def own(self, codes: Codes, sheet, row, column, code: str) -> tuple[str, bool]:
        """A row's own code in its stored spelling when the record exists, and whether it does."""
        if not code:
            return "", False
        found = codes.find(code)
        if found is None and len(codes.alike(code)) > 1:
            self.problem(sheet, row, column, f"mã “{code}” không rõ: có các mã {', '.join(codes.alike(code))}")
        return found or code, found is not None


@dataclass
class Parsed:
    units: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    initiatives: list[dict] = field(default_factory=list)
    awards: list[dict] = field(default_factory=list)
    disciplines: list[dict] = field(default_factory=list)
    households: list[dict] = field(default_factory=list)


def tree_paths(parents: dict[str, str]) -> dict[str, str | None]:
    """Each unit's path in the tree ``parents`` (code -> parent code, "" at the top); None on a cycle."""
    paths: dict[str, str | None] = {}
    for start in parents:
        chain: list[str] = []
        on_chain: set[str] = set()
        code = start
        while code and code not in paths:
            if code in on_chain:
                for looped in chain:
                    paths[looped] = None
                break
            chain.append(code)
            on_chain.add(code)
            code = parents.get(code, "")
        else:
            base = paths[code] if code else PATH_SEP
            for code in reversed(chain):
                base = None if base is None else f"{base}{code}{PATH_SEP}"
                paths[code] = base
    return paths


OUTSIDE = "“{code}” không thuộc phạm vi quản lý của bạn"


def check(source: dict[str, tuple[list[str], list[Row]]], *, scope: list[OrgUnit] | None = None) -> Parsed:
    """Every row read and checked against the file and the database; raises ImportProblems.

    ``scope`` (``awards.selectors.import_scope``) is None for an unrestricted import (the command
    line), else the roots of the importer's subtrees: every row must then lie inside one of them,
    and the roots themselves (and what is above them) cannot be changed.
    """
    c = Checker()
    for name, (header, _rows) in source.items():
        for column in SHEETS[name]:
            if column not in header and column not in OPTIONAL.get(name, set()):
                c.problem(name, 1, column, "thiếu cột")
    if c.problems:
        raise ImportProblems(c.problems)

    roots = None if scope is None else [unit.path for unit in scope]

    def inside(path: str | None) -> bool:
        return roots is None or (path is not None and any(path.startswith(root) for root in roots))

    stored_tree = OrgUnit.objects.values_list("code", "parent__code", "path")
    tree = {code: (parent or "", path) for code, parent, path in stored_tree}
    unit_codes = Codes(tree)
    person_units = dict(Person.objects.values_list("code", "unit__code"))
    person_codes = Codes(person_units)
    block_owners = dict(EmulationBlock.objects.values_list("code", "owner__code"))
    block_codes = Codes(block_owners)
    awards = {fold(a.code): a for a in AwardType.objects.all()}
    parsed = Parsed()

    def unique(sheet, row, column, key, seen: dict) -> None:
        if key in seen:
            c.problem(sheet, row, column, f"trùng với dòng {seen[key]}")
        else:
            seen[key] = row

    # Units --------------------------------------------------------------------------------
    seen: dict = {}
    for row, data in source.get("units", (None, []))[1]:
        code, exists = c.own(unit_codes, "units", row, "code", c.code("units", row, data, "code"))
        item = {
            "row": row,
            "code": code,
            "exists": exists,
            "name": c.text("units", row, data, "name"),
            "kind": c.choice("units", row, data, "kind", UnitKind.values),
            "parent_code": c.code("units", row, data, "parent_code", required=False),
            "block_code": c.code("units", row, data, "block_code", required=False),
            "valid_from": c.date("units", row, data, "valid_from"),
            "valid_to": c.date("units", row, data, "valid_to"),
            "successor_code": c.code("units", row, data, "successor_code", required=False),
        }
        if code:
            unique("units", row, "code", fold(code), seen)
        parsed.units.append(item)
    for item in parsed.units:
        if item["code"] and not item["exists"]:
            unit_codes.add(item["code"])
    missing_unit = "không có đơn vị mã “{code}”"
    for item in parsed.units:
        row = item["row"]
        item["parent_code"] = c.known(unit_codes, "units", row, "parent_code", item["parent_code"], missing_unit)
        item["successor_code"] = c.known(
            unit_codes, "units", row, "successor_code", item["successor_code"], missing_unit
        )
        item["block_code"] = c.known(
            block_codes, "units", row, "block_code", item["block_code"], "không có cụm, khối mã “{code}”"
        )
        if item["parent_code"] and item["parent_code"] == item["code"]:
            c.problem("units", row, "parent_code", "đơn vị không thể là cấp trên của chính nó")
        if item["successor_code"] and item["successor_code"] == item["code"]:
            c.problem("units", row, "successor_code", "đơn vị không thể kế thừa chính nó")
        if item["valid_from"] and item["valid_to"] and item["valid_to"] < item["valid_from"]:
            c.problem("units", row, "valid_to", "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")

    # The tree as it would be after the import: the stored parents, overridden by the file's.
    parents = {code: parent for code, (parent, _path) in tree.items()}
    file_units = {item["code"]: item for item in parsed.units if item["code"]}
    for code, item in file_units.items():
        parents[code] = item["parent_code"]
    paths = tree_paths(parents)
    too_long: dict[str, int] = {}
    for code, path in paths.items():
        if path is not None and len(path) > PATH_MAX and (code not in tree or tree[code][1] != path):
            # Blame the row of the file at or above the unit whose path grew.
            blamed = code
            while blamed and blamed not in file_units:
                blamed = parents.get(blamed, "")
            if blamed:
                too_long[blamed] = file_units[blamed]["row"]
    for item in parsed.units:
        code, row = item["code"], item["row"]
        if code and code != item["parent_code"] and paths.get(code, "") is None:
            c.problem("units", row, "parent_code", "cây đơn vị bị vòng lặp (đơn vị nằm dưới chính nó)")
        if code in too_long:
            c.problem("units", row, "parent_code", f"đường dẫn cây đơn vị dài quá {PATH_MAX} ký tự")
        if roots is None or not code:
            continue
        stored_path = tree[code][1] if item["exists"] else ""
        if stored_path in roots:
            c.problem("units", row, "code", f"“{code}” là đơn vị gốc trong phạm vi của bạn: không sửa bằng tệp nhập")
        elif stored_path and not inside(stored_path):
            c.problem("units", row, "code", OUTSIDE.format(code=code))
        parent = item["parent_code"]
        if not parent:
            c.problem("units", row, "parent_code", "cần một đơn vị cấp trên thuộc phạm vi quản lý của bạn")
        elif not inside(paths.get(parent)):
            c.problem("units", row, "parent_code", OUTSIDE.format(code=parent))
        if item["successor_code"] and not inside(paths.get(item["successor_code"])):
            c.problem("units", row, "successor_code", OUTSIDE.format(code=item["successor_code"]))
        owner = block_owners.get(item["block_code"])
        if item["block_code"] in block_owners and not inside(paths.get(owner or "")):
            c.problem("units", row, "block_code", OUTSIDE.format(code=item["block_code"]))

    def unit_inside(code: str) -> bool:
        return inside(paths.get(code))

    # People and households: the stored record (if any) and its new unit both in scope ------------
    def members(sheet: str, stored_units: dict[str, str], codes: Codes) -> list[dict]:
        items = []
        seen: dict = {}
        for row, data in source.get(sheet, (None, []))[1]:
            code, exists = c.own(codes, sheet, row, "code", c.code(sheet, row, data, "code"))
            item = {"row": row, "code": code, "exists": exists}
            if sheet == "people":
                gender = c.text(sheet, row, data, "gender").lower()
                if gender and gender not in GENDERS:
                    c.problem(sheet, row, "gender", f"“{gender}” không hợp lệ (nam hoặc nữ)")
                item.update(
                    full_name=c.text(sheet, row, data, "full_name"),
                    gender=GENDERS.get(gender, ""),
                )
            else:
                item["head_name"] = c.text(sheet, row, data, "head_name")
                # Optional: a file without the column keeps what is stored.
                if "address" in data:
                    item["address"] = c.text(sheet, row, data, "address", required=False, max_length=300)
                if "members_count" in data:
                    item["members_count"] = c.members_count(sheet, row, data, "members_count")
            unit_code = c.known(
                unit_codes, sheet, row, "unit_code", c.code(sheet, row, data, "unit_code"), missing_unit
            )
            item["unit_code"] = unit_code
            if sheet == "people":
                item["position"] = c.text(sheet, row, data, "position", required=False)
                item["joined_on"] = c.date(sheet, row, data, "joined_on")
                # Optional facts of the statistics forms: a file without the column keeps what is stored.
                if "birth_date" in data:
                    item["birth_date"] = c.date(sheet, row, data, "birth_date")
                if "subject_class" in data:
                    item["subject_class"] = c.optional_choice(sheet, row, data, "subject_class", SubjectClass.values)
            if code:
                unique(sheet, row, "code", fold(code), seen)
            if roots is not None and code:
                if exists and not inside(tree.get(stored_units[code], ("", None))[1]):
                    c.problem(sheet, row, "code", OUTSIDE.format(code=code))
                if unit_code in unit_codes.known and not unit_inside(unit_code):
                    c.problem(sheet, row, "unit_code", OUTSIDE.format(code=unit_code))
            items.append(item)
        return items

    parsed.people = members("people", person_units, person_codes)
    for item in parsed.people:
        if item["code"]:
            person_codes.add(item["code"])
            person_units[item["code"]] = item["unit_code"]
    if "households" in source:
        household_units = dict(Household.objects.values_list("code", "unit__code"))
        parsed.households = members("households", household_units, Codes(household_units))

    def person_inside(code: str) -> bool:
        return unit_inside(person_units.get(code, ""))

    def subject(sheet, row, data) -> tuple[str, str]:
        code = c.code(sheet, row, data, "subject_code")
        if not code:
            return "", ""
        person, unit = person_codes.find(code), unit_codes.find(code)
        if person and unit:
            c.problem(sheet, row, "subject_code", f"mã “{code}” vừa là cá nhân vừa là đơn vị")
        elif not (person or unit):
            alike = person_codes.alike(code) + unit_codes.alike(code)
            if len(alike) > 1:
                c.problem(sheet, row, "subject_code", f"mã “{code}” không rõ: có các mã {', '.join(alike)}")
            else:
                c.problem(sheet, row, "subject_code", f"không có cá nhân hay đơn vị mã “{code}”")
        elif roots is not None and not (person_inside(person) if person else unit_inside(unit or "")):
            c.problem(sheet, row, "subject_code", OUTSIDE.format(code=person or unit))
        return person or unit or code, (SubjectKind.INDIVIDUAL if person else SubjectKind.COLLECTIVE)

    seen = {}
    for row, data in source.get("ratings", (None, []))[1]:
        code, kind = subject("ratings", row, data)
        item = {
            "row": row,
            "year": c.year("ratings", row, data, "year"),
            "subject_code": code,
            "kind": kind,
            "rating": c.choice("ratings", row, data, "rating", RatingValue.values),
        }
        unique("ratings", row, "subject_code", (item["year"], fold(code)), seen)
        parsed.ratings.append(item)

    seen = {}
    initiative_codes = Codes(Initiative.objects.values_list("code", flat=True) if "initiatives" in source else [])
    for row, data in source.get("initiatives", (None, []))[1]:
        authors = []
        for author in (a.strip() for a in c.text("initiatives", row, data, "author_codes").split(";")):
            if not author:
                continue
            found = c.known(person_codes, "initiatives", row, "author_codes", author, "không có cá nhân mã “{code}”")
            if roots is not None and found in person_codes.known and not person_inside(found):
                c.problem("initiatives", row, "author_codes", OUTSIDE.format(code=found))
            authors.append(found)
        code, exists = c.own(initiative_codes, "initiatives", row, "code", c.code("initiatives", row, data, "code"))
        item = {
            "row": row,
            "code": code,
            "exists": exists,
            "title": c.text("initiatives", row, data, "title", max_length=500),
            "authors": authors,
            "level": c.choice("initiatives", row, data, "level", InitiativeLevel.values),
            "year": c.year("initiatives", row, data, "year"),
        }
        if code:
            unique("initiatives", row, "code", fold(code), seen)
        parsed.initiatives.append(item)
    if roots is not None:
        stored = [i for i in parsed.initiatives if i["exists"]]
        author_paths: dict[str, list[str]] = {i["code"]: [] for i in stored}
        through = Initiative.authors.through.objects.filter(initiative__code__in=list(author_paths))
        for code, path in through.values_list("initiative__code", "person__unit__path"):
            author_paths[code].append(path)
        for item in stored:
            # An initiative of nobody, or of someone outside, is not the office's to rewrite.
            if not author_paths[item["code"]] or not all(inside(p) for p in author_paths[item["code"]]):
                c.problem("initiatives", item["row"], "code", OUTSIDE.format(code=item["code"]))

    seen = {}
    for row, data in source.get("awards", (None, []))[1]:
        award_code = c.text("awards", row, data, "award_code")
        code, kind = subject("awards", row, data)
        award = awards.get(fold(award_code))
        if award_code and award is None:
            c.problem("awards", row, "award_code", f"mã khen thưởng “{award_code}” không có trong danh mục")
        elif award and kind and kind not in award.subject_kinds():
            c.problem("awards", row, "award_code", f"“{award.name}” không dành cho đối tượng “{code}”")
        item = {
            "row": row,
            "year": c.year("awards", row, data, "year"),
            "award_code": award.code if award else award_code,
            "subject_code": code,
            "kind": kind,
            "decision_number": c.text("awards", row, data, "decision_number", required=False, max_length=50),
            "decision_date": c.date("awards", row, data, "decision_date"),
        }
        if "kind" in data:
            item["award_kind"] = c.optional_choice("awards", row, data, "kind", AwardKind.values) or AwardKind.MERIT
        unique("awards", row, "subject_code", (item["year"], fold(item["award_code"]), fold(code)), seen)
        parsed.awards.append(item)

    seen = {}
    for row, data in source.get("disciplines", (None, []))[1]:
        code, kind = subject("disciplines", row, data)
        item = {
            "row": row,
            "subject_code": code,
            "kind": kind,
            "level": c.choice("disciplines", row, data, "level", DisciplineLevel.values),
            "start": c.date("disciplines", row, data, "start", required=True),
            "end": c.date("disciplines", row, data, "end"),
        }
        if item["start"] and item["end"] and item["end"] < item["start"]:
            c.problem("disciplines", row, "end", "ngày kết thúc trước ngày bắt đầu")
        unique("disciplines", row, "start", (fold(code), item["level"], item["start"]), seen)
        parsed.disciplines.append(item)

    if c.problems:
        raise ImportProblems(c.problems)
    return parsed


# Writing ------------------------------------------------------------------------------------
# The import's column for a model field, in the change list.
COLUMNS = {"parent": "parent_code", "successor": "successor_code", "unit": "unit_code"}


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, OrgUnit | Person):
        return value.code
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _write(model, obj, lookup: dict, values: dict) -> tuple[Any, str, dict[str, list[str]]]:
    """Create ``obj`` (None) or update it: the row, its outcome and each column's [old, new] value."""
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        return obj, "created", {COLUMNS.get(n, n): ["", _show(v)] for n, v in values.items() if _show(v)}
    diff = {}
    for name, value in values.items():
        old = getattr(obj, name)
        if old != value:
            diff[COLUMNS.get(name, name)] = [_show(old), _show(value)]
            setattr(obj, name, value)
    if diff:
        obj.save()
    return obj, ("updated" if diff else "unchanged"), diff


def _upsert(model, lookup: dict, values: dict) -> tuple[Any, str, dict[str, list[str]]]:
    return _write(model, model.objects.filter(**lookup).first(), lookup, values)


def _apply_units(parsed: Parsed, report: ImportReport, actor) -> None:
    written: dict[str, tuple[OrgUnit, str, dict]] = {}
    pending = list(parsed.units)
    # Parents before children, so that each unit's tree path is right when saved.
    while pending:
        waiting = {u["code"] for u in pending}
        ready = [u for u in pending if u["parent_code"] not in waiting]
        if not ready:  # check() refuses cycles; this only guards the loop
            raise ImportProblems(["units: cây đơn vị bị vòng lặp"])
        for item in ready:
            # Read afresh: an earlier row may have moved the parent, and its path with it.
            parent = OrgUnit.objects.get(code=item["parent_code"]) if item["parent_code"] else None
            unit = OrgUnit.objects.select_related("parent").filter(code=item["code"]).first()
            old_parent, old_path = ((unit.parent.code if unit.parent else ""), unit.path) if unit else ("", "")
            values = {
                "name": item["name"],
                "kind": item["kind"],
                "parent": parent,
                "valid_from": item["valid_from"],
                "valid_to": item["valid_to"],
            }
            unit, outcome, diff = _write(OrgUnit, unit, {"code": item["code"]}, values)
            written[item["code"]] = (unit, outcome, diff)
            if old_path and old_parent != item["parent_code"]:
                record_unit_move(actor=actor, unit=unit, old_parent_code=old_parent, old_path=old_path, source="import")
        done = {u["code"] for u in ready}
        pending = [u for u in pending if u["code"] not in done]
    for item in parsed.units:
        unit, outcome, diff = written[item["code"]]
        current = OrgUnit.objects.filter(pk=unit.pk).values_list("successor__code", flat=True).get() or ""
        if current != item["successor_code"]:
            successor = OrgUnit.objects.get(code=item["successor_code"]) if item["successor_code"] else None
            # update(), not save(): save() would recompute the path from a parent read earlier.
            OrgUnit.objects.filter(pk=unit.pk).update(successor=successor)
            diff["successor_code"] = [current, item["successor_code"]]
        if item["block_code"]:
            block = EmulationBlock.objects.get(code=item["block_code"])
            if not block.members.filter(pk=unit.pk).exists():
                block.members.add(unit)
                diff["block_code"] = ["", block.code]
        if outcome != "created":
            outcome = "updated" if diff else "unchanged"
        report.record("units", unit.code, outcome, diff, f"{unit.code} {unit.name}")
    _verify_paths(set(written))


def _verify_paths(codes: set[str]) -> None:
    """Refuse (and so roll back) a write that left a wrong path at or below the units written."""
    rows = list(OrgUnit.objects.values_list("code", "parent__code", "path"))
    expected = tree_paths({code: parent or "" for code, parent, _path in rows})
    broken = sorted(
        code
        for code, _parent, path in rows
        if expected.get(code) != path and codes & set((expected.get(code) or path).strip(PATH_SEP).split(PATH_SEP))
    )
    if broken:
        raise ImportProblems([f"units: đường dẫn cây đơn vị sai sau khi ghi ({', '.join(broken[:10])}), chưa ghi gì"])


def _apply(parsed: Parsed, *, actor=None) -> ImportReport:
    report = ImportReport()
    if parsed.units:
        report.sheets.setdefault("units", SheetReport())
        _apply_units(parsed, report, actor)

    subject_codes = {i["subject_code"] for i in parsed.ratings + parsed.awards + parsed.disciplines}
    unit_codes = {i["unit_code"] for i in parsed.people + parsed.households} | subject_codes
    units = OrgUnit.objects.in_bulk(list(unit_codes), field_name="code")

    if parsed.people:
        report.sheets.setdefault("people", SheetReport())
        for item in parsed.people:
            values = {
                "full_name": item["full_name"],
                "gender": item["gender"],
                "unit": units[item["unit_code"]],
                "position": item["position"],
                "joined_on": item["joined_on"],
            }
            values.update({key: item[key] for key in ("birth_date", "subject_class") if key in item})
            person, outcome, diff = _upsert(Person, {"code": item["code"]}, values)
            report.record("people", person.code, outcome, diff, f"{person.code} {person.full_name}")
    if parsed.households:
        report.sheets.setdefault("households", SheetReport())
        for item in parsed.households:
            values = {"head_name": item["head_name"], "unit": units[item["unit_code"]]}
            values.update({key: item[key] for key in ("address", "members_count") if key in item})
            household, outcome, diff = _upsert(Household, {"code": item["code"]}, values)
            report.record("households", household.code, outcome, diff, f"{household.code} {household.head_name}")

    person_codes = subject_codes | {a for i in parsed.initiatives for a in i["authors"]}
    people = Person.objects.in_bulk(list(person_codes), field_name="code") if person_codes else {}

    def subject_lookup(item) -> dict:
        if item["kind"] == SubjectKind.INDIVIDUAL:
            return {"person": people[item["subject_code"]], "unit": None}
        return {"unit": units[item["subject_code"]], "person": None}

    if parsed.ratings:
        report.sheets.setdefault("ratings", SheetReport())
        for item in parsed.ratings:
            lookup = {"year": item["year"], **subject_lookup(item)}
            _obj, outcome, diff = _upsert(Rating, lookup, {"rating": item["rating"]})
            key = f"{item['subject_code']} {item['year']}"
            report.record("ratings", key, outcome, diff, f"{key}: {item['rating']}")

    if parsed.initiatives:
        report.sheets.setdefault("initiatives", SheetReport())
        for item in parsed.initiatives:
            values = {"title": item["title"], "level": item["level"], "year": item["year"]}
            initiative, outcome, diff = _upsert(Initiative, {"code": item["code"]}, values)
            before = sorted(initiative.authors.values_list("code", flat=True))
            wanted = sorted(set(item["authors"]))
            if before != wanted:
                initiative.authors.set([people[a] for a in wanted])
                diff["author_codes"] = [";".join(before), ";".join(wanted)]
                outcome = "updated" if outcome == "unchanged" else outcome
            report.record("initiatives", initiative.code, outcome, diff, f"{initiative.code} {initiative.title}")

    if parsed.awards:
        report.sheets.setdefault("awards", SheetReport())
        award_types = {a.code: a for a in AwardType.objects.all()}
        for item in parsed.awards:
            lookup = {"year": item["year"], "award_type": award_types[item["award_code"]], **subject_lookup(item)}
            values = {"decision_number": item["decision_number"], "decision_date": item["decision_date"]}
            if "award_kind" in item:
                values["kind"] = item["award_kind"]
            _obj, outcome, diff = _upsert(AwardRecord, lookup, values)
            key = f"{item['subject_code']} {item['award_code']} {item['year']}"
            report.record("awards", key, outcome, diff, key)

    if parsed.disciplines:
        report.sheets.setdefault("disciplines", SheetReport())
        for item in parsed.disciplines:
            lookup = {"level": item["level"], "start": item["start"], **subject_lookup(item)}
            _obj, outcome, diff = _upsert(Discipline, lookup, {"end": item["end"]})
            key = f"{item['subject_code']} {item['level']} {item['start']:%Y-%m-%d}"
            report.record(
                "disciplines", key, outcome, diff, f"{item['subject_code']} {item['level']} {item['start']:%d/%m/%Y}"
            )
    return report


def _common_root(paths: list[str]) -> str:
    """The path of the lowest unit above (or at) every one of ``paths``; "" when they share none."""
    parts = [p.strip(PATH_SEP).split(PATH_SEP) for p in paths]
    common: list[str] = []
    for segments in zip(*parts, strict=False):
        if len(set(segments)) != 1:
            break
        common.append(segments[0])
    return f"{PATH_SEP}{PATH_SEP.join(common)}{PATH_SEP}" if common else ""


def _record_import(report: ImportReport, *, actor, scope: list[OrgUnit] | None) -> None:
    """The import's audit line: who, within which scope, the counts and every change.

    ``scope_root`` is the path of the lowest unit holding the whole scope ("" for an unrestricted
    import): the history shows the import to an office whose own scope holds that unit.
    """
    scope_paths = None if scope is None else sorted(u.path for u in scope)
    scope_root = "" if scope_paths is None else _common_root(scope_paths)
    target: Any = (
        OrgUnit.objects.filter(path=scope_root).first()
        if scope_root
        else OrgUnit.objects.filter(parent=None).order_by("path").first()
    )
    target = target or actor
    if target is None:  # no unit at all and no one: nothing can have been written
        return
    audit_record(
        actor=actor,
        action=IMPORT_ACTION,
        target=target,
        summary=report.lines(),
        scope=scope_paths,
        scope_root=scope_root,
        counts={name: [s.created, s.updated, s.unchanged] for name, s in report.sheets.items()},
        changes=report.changes,
    )


class _Rollback(Exception):
    pass


def run_import(
    path: str | Path, *, dry_run: bool = False, actor=None, scope: list[OrgUnit] | None = None
) -> ImportReport:
    """Import the file (or, with ``dry_run``, only say what would change). Raises ImportProblems.

    ``scope``: None for an unrestricted import (the command line), else the importer's scope from
    ``awards.selectors.import_scope(user)``. Unless ``dry_run``, the import's audit line (who, the
    scope, every record created or changed) is written in the same transaction as the rows.
    """
    source = read_source(path)
    report = ImportReport()
    try:
        with transaction.atomic():
            if "units" in source:
                # Imports that change the tree run one at a time: two checked separately could
                # together make a cycle. (SQLite serialises writers anyway.)
                list(OrgUnit.objects.select_for_update().filter(parent=None).values_list("pk", flat=True))
            parsed = check(source, scope=scope)
            report = _apply(parsed, actor=actor)
            if dry_run:
                raise _Rollback
            _record_import(report, actor=actor, scope=scope)
    except _Rollback:
        pass
    return report
