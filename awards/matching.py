"""Finding the people, collectives, households and awards a spreadsheet row names, by any spelling.

Offices' lists name people as they type them: "NGUYỄN VĂN AN", "Nguyen Van An", "Nguyễn  Văn An".
A ``SubjectMatcher`` is built once for the rows a user may choose (three queries) and answers
each row in memory:

    matcher = SubjectMatcher(people=..., units=..., households=...)
    match = matcher.person(code="cb-01") or matcher.person(name="nguyen van an", unit="Xã A",
                                                          birth_date=date(1980, 1, 2))
    match.status      # "matched" | "ambiguous" | "not_found"
    match.subject     # the Person / OrgUnit / Household when matched
    match.candidates  # every row that fits when ambiguous
    match.reason      # why not matched, in the reader's language

A code always wins; otherwise the name (case, diacritics and spacing ignored), then the unit (its
name or code, same folding; a person's unit or any unit above it) and the birth date narrow the
candidates down. An ``AwardMatcher`` finds an award by our code, its name or its short name, or
by another system's code through that system's catalogue (code -> name).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from awards.models import AwardType, Household, Person
from organisation.models import OrgUnit
from songlo.text import unaccent

MATCHED = "matched"
AMBIGUOUS = "ambiguous"
NOT_FOUND = "not_found"
_SPACES = re.compile(r"\s+")


def key(value: Any) -> str:
    """The form under which two spellings of a name are the same name."""
    return _SPACES.sub(" ", unaccent(str(value or ""))).strip()


@dataclass
class Match:
    status: str
    subject: Any = None
    candidates: list[Any] = field(default_factory=list)
    reason: str = ""

    @property
    def matched(self) -> bool:
        return self.status == MATCHED


def _found(subject) -> Match:
    return Match(MATCHED, subject, [subject])


def _narrow(candidates: list, what: str, name: str) -> Match:
    if not candidates:
        return Match(NOT_FOUND, reason=_("Không tìm thấy %(what)s “%(name)s”.") % {"what": what, "name": name})
    if len(candidates) == 1:
        return _found(candidates[0])
    return Match(
        AMBIGUOUS,
        candidates=candidates,
        reason=_("Có %(count)d %(what)s tên “%(name)s”: ghi rõ mã, đơn vị hoặc ngày sinh.")
        % {"count": len(candidates), "what": what, "name": name},
    )


class SubjectMatcher:
    """The subjects a user may choose, indexed by code and by folded name (three queries)."""

    def __init__(
        self,
        *,
        people: QuerySet[Person] | None = None,
        units: QuerySet[OrgUnit] | None = None,
        households: QuerySet[Household] | None = None,
    ) -> None:
        self.people_by_code: dict[str, Person] = {}
        self.people_by_name: dict[str, list[Person]] = defaultdict(list)
        self.units_by_code: dict[str, OrgUnit] = {}
        self.units_by_name: dict[str, list[OrgUnit]] = defaultdict(list)
        self.households_by_code: dict[str, Household] = {}
        self.households_by_name: dict[str, list[Household]] = defaultdict(list)
        for unit in units.order_by("path") if units is not None else []:
            self.units_by_code[key(unit.code)] = unit
            self.units_by_name[key(unit.name)].append(unit)
        for person in people.select_related("unit").order_by("pk") if people is not None else []:
            self.people_by_code[key(person.code)] = person
            self.people_by_name[key(person.full_name)].append(person)
        for household in households.select_related("unit").order_by("pk") if households is not None else []:
            self.households_by_code[key(household.code)] = household
            self.households_by_name[key(household.head_name)].append(household)

    # A unit as a row names it: its name or code, or the name or code of a unit above it.
    def _in_unit(self, unit: OrgUnit, text: str) -> bool:
        wanted = key(text)
        if wanted in (key(unit.name), key(unit.code)):
            return True
        codes = [c for c in unit.path.strip("/").split("/") if c]
        return any(
            wanted == key(code)
            or (key(code) in self.units_by_code and wanted == key(self.units_by_code[key(code)].name))
            for code in codes
        )

    def person(
        self, *, code: str = "", name: str = "", unit: str = "", birth_date: datetime.date | None = None
    ) -> Match:
        if key(code):
            found = self.people_by_code.get(key(code))
            if found is not None:
                return _found(found)
            if not key(name):
                return Match(NOT_FOUND, reason=_("Không có cá nhân mã “%(code)s” trong đơn vị.") % {"code": code})
        candidates = list(self.people_by_name.get(key(name), []))
        if len(candidates) > 1 and key(unit):
            in_unit = [p for p in candidates if self._in_unit(p.unit, unit)]
            candidates = in_unit or candidates
        if len(candidates) > 1 and birth_date is not None:
            born = [p for p in candidates if p.birth_date == birth_date]
            candidates = born or candidates
        if len(candidates) == 1 and key(unit) and not self._in_unit(candidates[0].unit, unit):
            # The only one of that name works elsewhere: say so rather than guess.
            return Match(
                AMBIGUOUS,
                candidates=candidates,
                reason=_("“%(name)s” có trong danh sách nhưng thuộc %(unit)s, không phải “%(given)s”.")
                % {"name": name, "unit": candidates[0].unit.name, "given": unit},
            )
        return _narrow(candidates, _("cá nhân"), name)

    def collective(self, *, code: str = "", name: str = "") -> Match:
        if key(code) and key(code) in self.units_by_code:
            return _found(self.units_by_code[key(code)])
        if key(name) in self.units_by_code:
            return _found(self.units_by_code[key(name)])
        return _narrow(list(self.units_by_name.get(key(name), [])), _("tập thể"), name or code)

    def household(self, *, code: str = "", name: str = "", unit: str = "") -> Match:
        if key(code) and key(code) in self.households_by_code:
            return _found(self.households_by_code[key(code)])
        candidates = list(self.households_by_name.get(key(name), []))
        if len(candidates) > 1 and key(unit):
            candidates = [h for h in candidates if self._in_unit(h.unit, unit)] or candidates
        return _narrow(candidates, _("hộ gia đình"), name or code)


class AwardMatcher:
    """Awards by our code, name or short name; or by another system's code through its catalogue."""

    def __init__(self, awards: Iterable[AwardType] | None = None, *, code_table: Mapping[str, str] | None = None):
        self.by_key: dict[str, AwardType] = {}
        for award in awards if awards is not None else AwardType.objects.filter(active=True):
            for text in (award.code, award.name, award.short_name):
                if key(text):
                    self.by_key.setdefault(key(text), award)
        self.code_table = {key(code): name for code, name in (code_table or {}).items()}

    def match(self, text: Any) -> AwardType | None:
        wanted = key(text)
        if not wanted:
            return None
        found = self.by_key.get(wanted)
        if found is None and wanted in self.code_table:
            found = self.by_key.get(key(self.code_table[wanted]))
        return found

    def name_of(self, text: Any) -> str:
        """What the row's award cell says in words (another system's code read through its catalogue)."""
        return self.code_table.get(key(text), str(text or ""))
