"""``import_data``: units, people, ratings, initiatives, award history and discipline.

All or nothing: every row is read and checked first; the first problems found are reported as
``sheet, dòng N, cột C: problem`` and nothing is written. Then everything is upserted by code
inside one transaction, so running the same file twice changes nothing.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import DisciplineLevel, InitiativeLevel, RatingValue, SubjectKind
from awards.import_reading import Unreadable, read_tables
from awards.models import AwardRecord, AwardType, Discipline, Household, Initiative, Person, Rating
from campaigns.models import EmulationBlock
from organisation.enums import UnitKind
from organisation.models import OrgUnit

SHEETS: dict[str, list[str]] = {
    "units": ["code", "name", "kind", "parent_code", "block_code", "valid_from", "valid_to", "successor_code"],
    "people": ["code", "full_name", "gender", "unit_code", "position", "joined_on"],
    "ratings": ["year", "subject_code", "rating"],
    "initiatives": ["code", "title", "author_codes", "level", "year"],
    "awards": ["year", "award_code", "subject_code", "decision_number", "decision_date"],
    "disciplines": ["subject_code", "level", "start", "end"],
    # Optional sheet beyond the six documented in the README: households (hộ gia đình), the subjects of GDVH.
    "households": ["code", "head_name", "unit_code"],
}
# Columns that may be left out of the header altogether.
OPTIONAL = {
    "units": {"parent_code", "block_code", "valid_from", "valid_to", "successor_code"},
    "people": {"position", "joined_on"},
    "awards": {"decision_number", "decision_date"},
    "disciplines": {"end"},
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
GENDERS = {"nam": "nam", "nữ": "nữ", "nu": "nữ"}
MAX_PROBLEMS = 50
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
                    header = [str(cell).lower() for cell in cells]
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
class Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, sheet: str, row: int, column: str, text: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{sheet}, dòng {row}, cột {column}: {text}")

    def text(self, sheet, row, data, column, *, required=True, max_length=200) -> str:
        value = data.get(column, "")
        value = str(value).strip() if value != "" else ""
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
        if value and value not in allowed:
            self.problem(sheet, row, column, f"“{value}” không hợp lệ (chọn một trong: {', '.join(allowed)})")
            return ""
        return value

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


@dataclass
class Parsed:
    units: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    ratings: list[dict] = field(default_factory=list)
    initiatives: list[dict] = field(default_factory=list)
    awards: list[dict] = field(default_factory=list)
    disciplines: list[dict] = field(default_factory=list)
    households: list[dict] = field(default_factory=list)


def check(source: dict[str, tuple[list[str], list[Row]]]) -> Parsed:
    """Every row read and checked against the file and the database; raises ImportProblems."""
    c = Checker()
    for name, (header, _rows) in source.items():
        for column in SHEETS[name]:
            if column not in header and column not in OPTIONAL.get(name, set()):
                c.problem(name, 1, column, "thiếu cột")
    if c.problems:
        raise ImportProblems(c.problems)

    unit_codes = set(OrgUnit.objects.values_list("code", flat=True))
    person_codes = set(Person.objects.values_list("code", flat=True))
    block_codes = set(EmulationBlock.objects.values_list("code", flat=True))
    awards = {a.code: a for a in AwardType.objects.all()}
    parsed = Parsed()

    def unique(sheet, row, column, key, seen: dict) -> None:
        if key in seen:
            c.problem(sheet, row, column, f"trùng với dòng {seen[key]}")
        else:
            seen[key] = row

    seen: dict = {}
    for row, data in source.get("units", (None, []))[1]:
        item = {
            "row": row,
            "code": c.code("units", row, data, "code"),
            "name": c.text("units", row, data, "name"),
            "kind": c.choice("units", row, data, "kind", UnitKind.values),
            "parent_code": c.code("units", row, data, "parent_code", required=False),
            "block_code": c.code("units", row, data, "block_code", required=False),
            "valid_from": c.date("units", row, data, "valid_from"),
            "valid_to": c.date("units", row, data, "valid_to"),
            "successor_code": c.code("units", row, data, "successor_code", required=False),
        }
        if item["code"]:
            unique("units", row, "code", item["code"], seen)
        parsed.units.append(item)
    file_units = {u["code"] for u in parsed.units}
    all_units = unit_codes | file_units
    for item in parsed.units:
        row = item["row"]
        if item["parent_code"] and item["parent_code"] not in all_units:
            c.problem("units", row, "parent_code", f"không có đơn vị mã “{item['parent_code']}”")
        if item["parent_code"] and item["parent_code"] == item["code"]:
            c.problem("units", row, "parent_code", "đơn vị không thể là cấp trên của chính nó")
        if item["successor_code"] and item["successor_code"] not in all_units:
            c.problem("units", row, "successor_code", f"không có đơn vị mã “{item['successor_code']}”")
        if item["successor_code"] and item["successor_code"] == item["code"]:
            c.problem("units", row, "successor_code", "đơn vị không thể kế thừa chính nó")
        if item["block_code"] and item["block_code"] not in block_codes:
            c.problem("units", row, "block_code", f"không có cụm, khối mã “{item['block_code']}”")
        if item["valid_from"] and item["valid_to"] and item["valid_to"] < item["valid_from"]:
            c.problem("units", row, "valid_to", "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
    _check_cycles(parsed.units, c)

    seen = {}
    for row, data in source.get("people", (None, []))[1]:
        gender = c.text("people", row, data, "gender").lower()
        if gender and gender not in GENDERS:
            c.problem("people", row, "gender", f"“{gender}” không hợp lệ (nam hoặc nữ)")
        item = {
            "row": row,
            "code": c.code("people", row, data, "code"),
            "full_name": c.text("people", row, data, "full_name"),
            "gender": GENDERS.get(gender, ""),
            "unit_code": c.code("people", row, data, "unit_code"),
            "position": c.text("people", row, data, "position", required=False),
            "joined_on": c.date("people", row, data, "joined_on"),
        }
        if item["code"]:
            unique("people", row, "code", item["code"], seen)
        if item["unit_code"] and item["unit_code"] not in all_units:
            c.problem("people", row, "unit_code", f"không có đơn vị mã “{item['unit_code']}”")
        parsed.people.append(item)
    all_people = person_codes | {p["code"] for p in parsed.people}

    seen = {}
    for row, data in source.get("households", (None, []))[1]:
        item = {
            "row": row,
            "code": c.code("households", row, data, "code"),
            "head_name": c.text("households", row, data, "head_name"),
            "unit_code": c.code("households", row, data, "unit_code"),
        }
        if item["code"]:
            unique("households", row, "code", item["code"], seen)
        if item["unit_code"] and item["unit_code"] not in all_units:
            c.problem("households", row, "unit_code", f"không có đơn vị mã “{item['unit_code']}”")
        parsed.households.append(item)

    def subject(sheet, row, data) -> tuple[str, str]:
        code = c.code(sheet, row, data, "subject_code")
        if not code:
            return "", ""
        is_person, is_unit = code in all_people, code in all_units
        if is_person and is_unit:
            c.problem(sheet, row, "subject_code", f"mã “{code}” vừa là cá nhân vừa là đơn vị")
        elif not (is_person or is_unit):
            c.problem(sheet, row, "subject_code", f"không có cá nhân hay đơn vị mã “{code}”")
        return code, (SubjectKind.INDIVIDUAL if is_person else SubjectKind.COLLECTIVE)

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
        unique("ratings", row, "subject_code", (item["year"], code), seen)
        parsed.ratings.append(item)

    seen = {}
    for row, data in source.get("initiatives", (None, []))[1]:
        authors = [a.strip() for a in c.text("initiatives", row, data, "author_codes").split(";") if a.strip()]
        for author in authors:
            if author not in all_people:
                c.problem("initiatives", row, "author_codes", f"không có cá nhân mã “{author}”")
        item = {
            "row": row,
            "code": c.code("initiatives", row, data, "code"),
            "title": c.text("initiatives", row, data, "title", max_length=500),
            "authors": authors,
            "level": c.choice("initiatives", row, data, "level", InitiativeLevel.values),
            "year": c.year("initiatives", row, data, "year"),
        }
        if item["code"]:
            unique("initiatives", row, "code", item["code"], seen)
        parsed.initiatives.append(item)

    seen = {}
    for row, data in source.get("awards", (None, []))[1]:
        award_code = c.text("awards", row, data, "award_code")
        code, kind = subject("awards", row, data)
        award = awards.get(award_code)
        if award_code and award is None:
            c.problem("awards", row, "award_code", f"mã khen thưởng “{award_code}” không có trong danh mục")
        elif award and kind and kind not in award.subject_kinds():
            c.problem("awards", row, "award_code", f"“{award.name}” không dành cho đối tượng “{code}”")
        item = {
            "row": row,
            "year": c.year("awards", row, data, "year"),
            "award_code": award_code,
            "subject_code": code,
            "kind": kind,
            "decision_number": c.text("awards", row, data, "decision_number", required=False, max_length=50),
            "decision_date": c.date("awards", row, data, "decision_date"),
        }
        unique("awards", row, "subject_code", (item["year"], award_code, code), seen)
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
        unique("disciplines", row, "start", (code, item["level"], item["start"]), seen)
        parsed.disciplines.append(item)

    if c.problems:
        raise ImportProblems(c.problems)
    return parsed


def _check_cycles(units: list[dict], c: Checker) -> None:
    parents = {u["code"]: u["parent_code"] for u in units if u["code"]}
    for item in units:
        code, steps = item["code"], 0
        while code in parents and parents[code] and steps <= len(parents):
            code, steps = parents[code], steps + 1
        if steps > len(parents):
            c.problem("units", item["row"], "parent_code", "cây đơn vị bị vòng lặp")


# Writing ------------------------------------------------------------------------------------
def _upsert(model, lookup: dict, values: dict) -> tuple[Any, str]:
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.save()
    return obj, "updated"


def _apply(parsed: Parsed) -> ImportReport:
    report = ImportReport()
    if parsed.units:
        sheet = report.sheets.setdefault("units", SheetReport())
        units = {u.code: u for u in OrgUnit.objects.all()}
        pending = list(parsed.units)
        # Parents before children, so that each unit's tree path is right when saved.
        while pending:
            ready = [u for u in pending if not u["parent_code"] or u["parent_code"] not in {p["code"] for p in pending}]
            for item in ready:
                values = {
                    "name": item["name"],
                    "kind": item["kind"],
                    "parent": units.get(item["parent_code"]) if item["parent_code"] else None,
                    "valid_from": item["valid_from"],
                    "valid_to": item["valid_to"],
                }
                unit, outcome = _upsert(OrgUnit, {"code": item["code"]}, values)
                units[unit.code] = unit
                sheet.count(outcome, f"{unit.code} {unit.name}")
            pending = [u for u in pending if u not in ready]
        for item in parsed.units:
            unit = units[item["code"]]
            successor = units.get(item["successor_code"]) if item["successor_code"] else None
            if unit.successor_id != (successor.pk if successor else None):
                unit.successor = successor
                unit.save(update_fields=["successor"])
            if item["block_code"]:
                EmulationBlock.objects.get(code=item["block_code"]).members.add(unit)
    units = {u.code: u for u in OrgUnit.objects.all()}

    if parsed.people:
        sheet = report.sheets.setdefault("people", SheetReport())
        for item in parsed.people:
            values = {
                "full_name": item["full_name"],
                "gender": item["gender"],
                "unit": units[item["unit_code"]],
                "position": item["position"],
                "joined_on": item["joined_on"],
            }
            person, outcome = _upsert(Person, {"code": item["code"]}, values)
            sheet.count(outcome, f"{person.code} {person.full_name}")
    if parsed.households:
        sheet = report.sheets.setdefault("households", SheetReport())
        for item in parsed.households:
            values = {"head_name": item["head_name"], "unit": units[item["unit_code"]]}
            household, outcome = _upsert(Household, {"code": item["code"]}, values)
            sheet.count(outcome, f"{household.code} {household.head_name}")

    people = (
        {p.code: p for p in Person.objects.all()}
        if (parsed.ratings or parsed.initiatives or parsed.awards or parsed.disciplines)
        else {}
    )

    def subject_lookup(item) -> dict:
        if item["kind"] == SubjectKind.INDIVIDUAL:
            return {"person": people[item["subject_code"]], "unit": None}
        return {"unit": units[item["subject_code"]], "person": None}

    if parsed.ratings:
        sheet = report.sheets.setdefault("ratings", SheetReport())
        for item in parsed.ratings:
            _obj, outcome = _upsert(Rating, {"year": item["year"], **subject_lookup(item)}, {"rating": item["rating"]})
            sheet.count(outcome, f"{item['subject_code']} {item['year']}: {item['rating']}")

    if parsed.initiatives:
        sheet = report.sheets.setdefault("initiatives", SheetReport())
        for item in parsed.initiatives:
            values = {"title": item["title"], "level": item["level"], "year": item["year"]}
            initiative, outcome = _upsert(Initiative, {"code": item["code"]}, values)
            wanted = {people[a].pk for a in item["authors"]}
            if set(initiative.authors.values_list("pk", flat=True)) != wanted:
                initiative.authors.set(wanted)
                outcome = "updated" if outcome == "unchanged" else outcome
            sheet.count(outcome, f"{initiative.code} {initiative.title}")

    if parsed.awards:
        sheet = report.sheets.setdefault("awards", SheetReport())
        award_types = {a.code: a for a in AwardType.objects.all()}
        for item in parsed.awards:
            lookup = {"year": item["year"], "award_type": award_types[item["award_code"]], **subject_lookup(item)}
            values = {"decision_number": item["decision_number"], "decision_date": item["decision_date"]}
            _obj, outcome = _upsert(AwardRecord, lookup, values)
            sheet.count(outcome, f"{item['subject_code']} {item['award_code']} {item['year']}")

    if parsed.disciplines:
        sheet = report.sheets.setdefault("disciplines", SheetReport())
        for item in parsed.disciplines:
            lookup = {"level": item["level"], "start": item["start"], **subject_lookup(item)}
            _obj, outcome = _upsert(Discipline, lookup, {"end": item["end"]})
            sheet.count(outcome, f"{item['subject_code']} {item['level']} {item['start']:%d/%m/%Y}")
    return report


class _Rollback(Exception):
    pass


def run_import(path: str | Path, *, dry_run: bool = False, actor=None, scope=None) -> ImportReport:
    """Import the file (or, with ``dry_run``, only say what would change). Raises ImportProblems."""
    parsed = check(read_source(path))
    try:
        with transaction.atomic():
            report = _apply(parsed)
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report
