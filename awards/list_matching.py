"""Reading a unit's nomination list in the layout offices exchange, and matching its rows.

The layout (``/work/shared/real-world/nomination-list-filled.xlsx``): a title row, the header
on row 2 or 3, one row per nominee with CANHAN / TAPTHE / HOGIADINH, the name, position,
workplace, the award (by name or by the sender's numeric code) and class codes; a catalogue
sheet (DANHMUC) maps the sender's codes to names. Columns are found by their header text,
whatever their order, ignoring case and diacritics.

API (pure: reads the database, writes nothing):

- ``read_list(path) -> ListSheet``: the rows of the list (``ListRow``) and the sender's code
  table; raises ``Unreadable`` (Vietnamese sentences) when no list can be found.
- ``match_rows(rows, *, scope, default_award=None) -> list[RowMatch]``: each row matched within
  the subtree of the unit ``scope`` — by code, else by name (+ workplace, + birth date when
  given) ignoring case, diacritics and honorifics ("Ông", "Đại tá", "Gia đình ông"...); each
  result is MATCHED (one subject), AMBIGUOUS (its ``candidates`` to choose from) or NOT_FOUND
  (its ``reason``), with the award found from the row's text or ``default_award``.
- ``subject_key(obj)`` / ``resolve_keys(keys)``: the "p:12" / "u:3" / "h:7" keys of people,
  collectives and households, and back to the objects (in one query per kind).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from awards.enums import SubjectKind
from awards.import_reading import Unreadable, read_tables, sheet_titles
from awards.models import AwardType, Household, Person
from organisation.models import OrgUnit
from songlo.text import unaccent

MATCHED, AMBIGUOUS, NOT_FOUND = "matched", "ambiguous", "not_found"

# Header text (unaccented, lower case) -> field; the first pattern found in a header wins.
HEADERS = (
    ("kind", ("phan loai khen thuong", "doi tuong khen thuong", "loai doi tuong")),
    ("name", ("ten tap the", "ho va ten", "ho ten", "ten ca nhan", "ten don vi", "ten")),
    ("position", ("chuc vu",)),
    ("workplace", ("don vi cong tac", "noi cong tac", "co quan", "don vi")),
    ("award", ("danh hieu", "hinh thuc khen thuong")),
    ("birth_date", ("ngay sinh", "nam sinh")),
    ("code", ("ma can bo", "ma doi tuong", "ma ca nhan", "ma so", "ma")),
)
IGNORED_HEADERS = ("phan loai doi tuong", "linh vuc", "stt", "ghi chu")
KINDS = {
    "canhan": SubjectKind.INDIVIDUAL,
    "ca nhan": SubjectKind.INDIVIDUAL,
    "tapthe": SubjectKind.COLLECTIVE,
    "tap the": SubjectKind.COLLECTIVE,
    "hogiadinh": SubjectKind.HOUSEHOLD,
    "ho gia dinh": SubjectKind.HOUSEHOLD,
    "gia dinh": SubjectKind.HOUSEHOLD,
}
# Words before a name that are not the name (unaccented): titles, ranks, "the family of".
HONORIFICS = (
    "gia dinh ong",
    "gia dinh ba",
    "ho gia dinh ong",
    "ho gia dinh ba",
    "ho gia dinh",
    "gia dinh",
    "ho ong",
    "ho ba",
    "dong chi",
    "d/c",
    "đ/c",
    "ong",
    "ba",
    "anh",
    "chi",
    "dai tuong",
    "thuong tuong",
    "trung tuong",
    "thieu tuong",
    "dai ta",
    "thuong ta",
    "trung ta",
    "thieu ta",
    "dai uy",
    "thuong uy",
    "trung uy",
    "thieu uy",
)
HEADER_ROWS = 10  # the header is looked for in the first rows


@dataclass
class ListRow:
    number: int  # the row's number in the sheet
    kind: str = ""  # SubjectKind, "" when the row does not say
    name: str = ""
    position: str = ""
    workplace: str = ""
    award: str = ""  # as written (a name, or the sender's code)
    birth_date: datetime.date | None = None
    code: str = ""


@dataclass
class ListSheet:
    sheet: str
    columns: dict[str, str]  # field -> the header text found
    rows: list[ListRow]
    codes: dict[str, str]  # the sender's code -> award name (its DANHMUC sheet)


@dataclass
class RowMatch:
    row: ListRow
    status: str
    subject: str = ""  # the key of the subject matched ("p:12"), when MATCHED
    candidates: list[tuple[str, str]] = field(default_factory=list)  # (key, label) when AMBIGUOUS
    reason: str = ""
    award_id: int | None = None
    award_name: str = ""

    def as_data(self) -> dict[str, Any]:
        """What the review page keeps between the upload and the confirmation (JSON)."""
        return {
            "number": self.row.number,
            "kind": self.row.kind,
            "name": self.row.name,
            "workplace": self.row.workplace,
            "award_text": self.row.award,
            "status": self.status,
            "subject": self.subject,
            "candidates": [list(c) for c in self.candidates],
            "reason": self.reason,
            "award_id": self.award_id,
            "award_name": self.award_name,
        }


def bare(text: Any) -> str:
    """Lower case, no diacritics, single spaces."""
    return " ".join(unaccent(str(text or "")).split())


def strip_honorifics(name: str) -> str:
    """The name without the titles and ranks before it: "Đại tá Lê Văn Tiến" -> "le van tien"."""
    text = bare(name)
    changed = True
    while changed:
        changed = False
        for word in HONORIFICS:
            if text.startswith(word + " "):
                text = text[len(word) + 1 :]
                changed = True
                break
    return text


def _field_of(header: str) -> str | None:
    text = bare(header)
    if not text or any(text.startswith(ignored) for ignored in IGNORED_HEADERS):
        return None
    for name, patterns in HEADERS:
        for pattern in patterns:
            if text == pattern or (len(pattern) > 3 and pattern in text):
                return name
    return None


def _columns(values: list[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        name = _field_of(value)
        if name and name not in found:
            found[name] = index
    return found


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def _catalogue(rows: list[list[Any]]) -> dict[str, str]:
    """The sender's codes: every "Mã số" column followed by a name column, on the catalogue sheet."""
    codes: dict[str, str] = {}
    pairs: list[int] = []
    for values in rows:
        if not pairs:
            pairs = [i for i, v in enumerate(values) if bare(v) == "ma so" and i + 1 < len(values)]
            continue
        for i in pairs:
            code, name = (
                (_text(values[i]) if i < len(values) else ""),
                (_text(values[i + 1]) if i + 1 < len(values) else ""),
            )
            if code and name:
                codes[code] = name
    return codes


def read_list(path: str | Path) -> ListSheet:
    """The list's rows, found in the sheet whose header names at least the subject's name."""
    titles = [t.lower() for t in sheet_titles(path)]
    found: ListSheet | None = None
    codes: dict[str, str] = {}
    for title, rows in read_tables(path, titles):
        numbered = list(rows)
        table = [values for _number, values in numbered]
        numbers = [number for number, _values in numbered]
        header_at, columns = None, {}
        for index, values in enumerate(table[:HEADER_ROWS]):
            columns = _columns(values)
            if "name" in columns and len(columns) >= 2:
                header_at = index
                break
        if header_at is None:
            codes.update(_catalogue(table))
            continue
        if found is not None:
            continue
        header = table[header_at]
        result = ListSheet(title, {k: _text(header[i]) for k, i in columns.items()}, [], {})
        for number, values in zip(numbers[header_at + 1 :], table[header_at + 1 :], strict=True):

            def cell(name: str, values: list[Any] = values, columns: dict[str, int] = columns) -> Any:
                index = columns.get(name)
                return values[index] if index is not None and index < len(values) else ""

            if not _text(cell("name")):
                continue
            result.rows.append(
                ListRow(
                    number=number,
                    kind=KINDS.get(bare(cell("kind")), ""),
                    name=_text(cell("name")),
                    position=_text(cell("position")),
                    workplace=_text(cell("workplace")),
                    award=_text(cell("award")),
                    birth_date=_date(cell("birth_date")),
                    code=_text(cell("code")),
                )
            )
        found = result
    if found is None:
        raise Unreadable(
            [_("Không tìm thấy danh sách trong tệp: cần một hàng tiêu đề có cột “Tên tập thể/cá nhân/hộ gia đình”.")]
        )
    found.codes = codes
    return found


# Matching ---------------------------------------------------------------------------------------
def subject_key(obj: Any) -> str:
    if isinstance(obj, Person):
        return f"p:{obj.pk}"
    if isinstance(obj, Household):
        return f"h:{obj.pk}"
    return f"u:{obj.pk}"


def _label(obj: Any) -> str:
    if isinstance(obj, Person):
        born = f", {obj.birth_date:%d/%m/%Y}" if obj.birth_date else ""
        return f"{obj.full_name} – {obj.position + ', ' if obj.position else ''}{obj.unit.name}{born}"
    if isinstance(obj, Household):
        return f"{obj} – {obj.address or obj.unit.name}"
    parent = f" – {obj.parent.name}" if obj.parent_id else ""
    return f"{obj.name}{parent}"


def resolve_keys(keys: list[str]) -> dict[str, Any]:
    """Key -> object, for keys like "p:12", one query per kind."""
    ids: dict[str, list[int]] = defaultdict(list)
    for key in keys:
        kind, _sep, pk = key.partition(":")
        if kind in ("p", "u", "h") and pk.isdigit():
            ids[kind].append(int(pk))
    found: dict[str, Any] = {}
    for person in Person.objects.filter(pk__in=ids["p"]).select_related("unit"):
        found[f"p:{person.pk}"] = person
    for unit in OrgUnit.objects.filter(pk__in=ids["u"]):
        found[f"u:{unit.pk}"] = unit
    for home in Household.objects.filter(pk__in=ids["h"]).select_related("unit"):
        found[f"h:{home.pk}"] = home
    return found


class _Awards:
    """The award of a row: the sender's code translated, then our names, short names or codes."""

    def __init__(self, codes: dict[str, str], default: AwardType | None) -> None:
        self.codes = codes
        self.default = default
        self.all = list(AwardType.objects.filter(active=True))

    def find(self, text: str) -> tuple[AwardType | None, str]:
        """The award and, when none, why."""
        if not text:
            if self.default is not None:
                return self.default, ""
            return None, _("dòng không ghi danh hiệu, hình thức khen thưởng (chọn danh hiệu mặc định khi nhập)")
        name = self.codes.get(text, text)
        wanted = bare(name)
        exact = [a for a in self.all if wanted in (bare(a.name), bare(a.short_name), bare(a.code))]
        if len(exact) == 1:
            return exact[0], ""
        starting = [a for a in self.all if bare(a.name).startswith(wanted)]
        if len(starting) == 1:
            return starting[0], ""
        if starting and self.default is not None and self.default in starting:
            return self.default, ""
        if starting:
            return None, _("“%(name)s” có thể là %(choices)s: chọn danh hiệu mặc định khi nhập") % {
                "name": name,
                "choices": ", ".join(f"“{a.name}”" for a in starting),
            }
        return None, _("không có “%(name)s” trong danh mục khen thưởng") % {"name": name}


def _kinds(row: ListRow) -> list[str]:
    return [row.kind] if row.kind else [SubjectKind.INDIVIDUAL, SubjectKind.COLLECTIVE, SubjectKind.HOUSEHOLD]


def _unit_name(obj: Any) -> str:
    if isinstance(obj, OrgUnit):
        return obj.parent.name if obj.parent_id else ""
    return obj.unit.name


def match_rows(
    rows: list[ListRow], *, scope: OrgUnit, default_award: AwardType | None = None, codes=None
) -> list[RowMatch]:
    """Each row matched within ``scope``'s subtree (a fixed number of queries for the whole list)."""
    awards = _Awards(codes or {}, default_award)
    names = {strip_honorifics(r.name) for r in rows}
    row_codes = {r.code for r in rows if r.code}
    path = scope.path
    people: dict[str, list[Person]] = defaultdict(list)
    units: dict[str, list[OrgUnit]] = defaultdict(list)
    homes: dict[str, list[Household]] = defaultdict(list)
    by_code: dict[str, list[Any]] = defaultdict(list)
    person_rows = Person.objects.filter(unit__path__startswith=path).select_related("unit")
    for person in person_rows.filter(full_name__unaccented__in=names):
        people[bare(person.full_name)].append(person)
    for unit in OrgUnit.objects.filter(path__startswith=path, name__unaccented__in=names).select_related("parent"):
        units[bare(unit.name)].append(unit)
    for home in Household.objects.filter(unit__path__startswith=path, head_name__unaccented__in=names).select_related(
        "unit"
    ):
        homes[bare(home.head_name)].append(home)
    if row_codes:
        for person in person_rows.filter(code__in=row_codes):
            by_code[person.code].append(person)
        for unit in OrgUnit.objects.filter(path__startswith=path, code__in=row_codes).select_related("parent"):
            by_code[unit.code].append(unit)
        for home in Household.objects.filter(unit__path__startswith=path, code__in=row_codes).select_related("unit"):
            by_code[home.code].append(home)
    tables = {SubjectKind.INDIVIDUAL: people, SubjectKind.COLLECTIVE: units, SubjectKind.HOUSEHOLD: homes}
    results = []
    for row in rows:
        award, why = awards.find(row.award)
        result = _match_one(row, tables, by_code)
        if award is not None:
            result.award_id, result.award_name = award.pk, award.name
            kinds = award.subject_kinds()
            if result.status != NOT_FOUND and row.kind and row.kind not in kinds:
                result.status, result.subject, result.candidates = NOT_FOUND, "", []
                result.reason = _("“%(award)s” không dành cho %(kind)s") % {
                    "award": award.name,
                    "kind": SubjectKind(row.kind).label.lower(),
                }
        elif result.status != NOT_FOUND:
            result.status, result.subject, result.candidates, result.reason = NOT_FOUND, "", [], why
        elif why:
            result.reason = f"{result.reason}; {why}"
        results.append(result)
    return results


def _match_one(row: ListRow, tables: dict[str, dict[str, list]], by_code: dict[str, list]) -> RowMatch:
    if row.code and by_code.get(row.code):
        found = [o for o in by_code[row.code] if not row.kind or _kind_of(o) == row.kind]
        if len(found) == 1:
            return RowMatch(row, MATCHED, subject=subject_key(found[0]))
    name = strip_honorifics(row.name)
    candidates = [o for kind in _kinds(row) for o in tables[kind].get(name, ())]
    what = SubjectKind(row.kind).label.lower() if row.kind else _("đối tượng")
    if not candidates:
        return RowMatch(
            row,
            NOT_FOUND,
            reason=_("không có %(what)s tên “%(name)s” trong đơn vị") % {"what": what, "name": row.name},
        )
    narrowed = candidates
    if row.workplace:
        place = bare(row.workplace)
        narrowed = [
            o for o in narrowed if _unit_name(o) and (bare(_unit_name(o)) in place or place in bare(_unit_name(o)))
        ]
        if not narrowed:
            return RowMatch(
                row,
                NOT_FOUND,
                reason=_("có %(n)d %(what)s tên “%(name)s” nhưng không ở “%(place)s”")
                % {"n": len(candidates), "what": what, "name": row.name, "place": row.workplace},
            )
    if row.birth_date:
        born = [o for o in narrowed if isinstance(o, Person) and o.birth_date == row.birth_date]
        if not born:
            return RowMatch(
                row,
                NOT_FOUND,
                reason=_("có %(what)s tên “%(name)s” nhưng không ai sinh ngày %(date)s")
                % {"what": what, "name": row.name, "date": f"{row.birth_date:%d/%m/%Y}"},
            )
        narrowed = born
    if len(narrowed) == 1:
        return RowMatch(row, MATCHED, subject=subject_key(narrowed[0]))
    return RowMatch(
        row,
        AMBIGUOUS,
        candidates=[(subject_key(o), _label(o)) for o in narrowed],
        reason=_("%(n)d đối tượng trùng tên: chọn đúng người") % {"n": len(narrowed)},
    )


def _kind_of(obj: Any) -> str:
    if isinstance(obj, Person):
        return SubjectKind.INDIVIDUAL
    return SubjectKind.HOUSEHOLD if isinstance(obj, Household) else SubjectKind.COLLECTIVE


def row_summary(matches: list[RowMatch]) -> dict[str, int]:
    counts = {MATCHED: 0, AMBIGUOUS: 0, NOT_FOUND: 0}
    for m in matches:
        counts[m.status] += 1
    return counts
