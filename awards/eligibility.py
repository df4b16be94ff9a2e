"""Who is eligible for what, and why (docs/domain.md, rules 1-12).

Eligibility is advice: every evaluation returns a verdict with one reason per condition, in
Vietnamese ("cần CSTĐCS năm 2023: chưa có"). The thresholds and switches come from the
``AwardRule.conditions`` of the legal version in force at the end of the year; [V] conditions
are always enforced, [L] ones are on unless switched off, [U] ones are off unless switched on.

``History`` loads everything the rules read for a set of people and units in a fixed number of
queries (about a dozen, whatever the number of subjects), then the rules run in memory.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from awards.catalogue import RuleBook, reference_date
from awards.enums import (
    DISCIPLINE_RANK,
    INITIATIVE_RANK,
    NOMINATION_COUNTS_FOR_QUOTA,
    RATING_RANK,
    AwardCategory,
    AwardKind,
    Confidence,
    DisciplineLevel,
    Gender,
    InitiativeKind,
    InitiativeLevel,
    RatingValue,
    SubjectKind,
)
from awards.models import Acclamation, AwardRecord, Discipline, Household, Initiative, Nomination, Person, Rating
from organisation.models import OrgUnit

# Condition key -> (confidence, default value). Per award type and legal version, the rule's
# ``conditions`` may switch [L]/[U] conditions and change the values.
CONDITIONS: dict[str, tuple[str, Any]] = {
    "subject_kind": (Confidence.VERIFIED, None),
    "once_per_year": (Confidence.VERIFIED, None),
    "pending_discipline": (Confidence.VERIFIED, None),
    "rating_min": (Confidence.VERIFIED, RatingValue.GOOD),
    "min_service_months": (Confidence.LIKELY, 6),
    "ldtt_same_year": (Confidence.VERIFIED, None),
    "excellence": (Confidence.VERIFIED, None),
    "cap_percent_of_ldtt": (Confidence.UNVERIFIED, 15),
    "consecutive_cstdcs": (Confidence.VERIFIED, 3),
    "cstd_tinh_twice": (Confidence.VERIFIED, 3),
    "initiative_level": (Confidence.VERIFIED, InitiativeLevel.PROVINCE),
    "members_ldtt_percent": (Confidence.LIKELY, 70),
    "members_discipline_max": (Confidence.LIKELY, DisciplineLevel.WARNING),
    "unit_rating": (Confidence.LIKELY, RatingValue.EXCELLENT),
    "members_complete_percent": (Confidence.LIKELY, 100),
    "members_cstdcs_min": (Confidence.LIKELY, 1),
    "bk_tinh_history": (Confidence.LIKELY, 2),
    "initiative_once_per_form": (Confidence.LIKELY, None),
    "block_leader": (Confidence.LIKELY, None),
}

# The awards the engine has specific criteria for: what the eligibility page suggests.
SUGGESTED_AWARDS = ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "BK_TINH", "CO_TINH")
# docs/domain.md#rule-10: the share of women (%) that gives a collective the tie preference.
WOMEN_SHARE_PREFERRED = 70
# How far back the rules look (CSTD_TQ: two 3-year chains and a nationwide initiative).
LOOKBACK_YEARS = 6

SHORT = {
    "LDTT": "LĐTT",
    "CSTDCS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ cấp tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "TTLDTT": "TTLĐTT",
    "TTLDXS": "TTLĐXS",
}


def _short(code: str) -> str:
    return SHORT.get(code, code)


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


@dataclass(frozen=True)
class Subject:
    kind: str  # SubjectKind
    pk: int
    code: str
    name: str
    unit_id: int  # a person's unit; a unit itself
    joined_on: datetime.date | None = None
    gender: str = ""
    # docs/domain.md#rule-10: on ties, women and collectives with at least 70% women come first.
    preferred: bool = False

    @property
    def key(self) -> tuple[str, int]:
        prefix = {SubjectKind.INDIVIDUAL: "p", SubjectKind.HOUSEHOLD: "h"}.get(self.kind, "u")
        return (prefix, self.pk)


@dataclass
class Check:
    key: str
    ok: bool
    text: str


@dataclass
class Verdict:
    subject: Subject
    award: str
    year: int
    checks: list[Check] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(c.ok for c in self.checks)

    @property
    def reasons(self) -> list[str]:
        return [c.text for c in self.checks]

    @property
    def failed(self) -> list[str]:
        return [c.text for c in self.checks if not c.ok]

    def as_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject.code,
            "award": self.award,
            "year": self.year,
            "eligible": self.eligible,
            "reasons": self.reasons,
        }


@dataclass(frozen=True)
class AwardFact:
    code: str
    year: int
    kind: str
    decision_number: str


@dataclass(frozen=True)
class InitiativeUse:
    """An initiative relied on by a commendation form (an award record or a nomination under way)."""

    code: str
    award: str
    label: str
    year: int
    nomination: bool

    @property
    def text(self) -> str:
        what = f"đề nghị {self.label}" if self.nomination else self.label
        return f"sáng kiến {self.code} đã dùng cho {what} năm {self.year}"


class History:
    """Ratings, awards, initiatives, disciplines and acclamations of the subjects, loaded once.

    ``persons`` and ``units`` are querysets (used as subqueries, never as long id lists), so
    the number of queries does not grow with the number of subjects.
    """

    def __init__(
        self,
        *,
        year: int,
        persons: QuerySet[Person] | None,
        units: QuerySet[OrgUnit] | None,
        households: QuerySet[Household] | None = None,
    ) -> None:
        self.year = year
        # Households (GDVH): one query, and only when asked for.
        self.households: dict[int, dict] = (
            {h["id"]: h for h in households.values("id", "code", "head_name", "unit_id")}
            if households is not None
            else {}
        )
        first = year - LOOKBACK_YEARS
        persons = persons if persons is not None else Person.objects.none()
        units = units if units is not None else OrgUnit.objects.none()

        self.units: dict[int, dict] = {
            u["id"]: u for u in units.values("id", "code", "name", "kind", "successor_id", "valid_to")
        }
        # Predecessor links (mergers are rare: all of them in one query).
        predecessors: dict[int, list[int]] = defaultdict(list)
        for pk, successor_id in OrgUnit.objects.filter(successor__isnull=False).values_list("id", "successor_id"):
            predecessors[successor_id].append(pk)
        self.lineage: dict[int, list[int]] = {uid: self._lineage(uid, predecessors) for uid in self.units}
        lineage_ids = sorted({pk for chain in self.lineage.values() for pk in chain})

        self.evaluated_person_ids = list(persons.values_list("pk", flat=True))
        # The people of every unit involved (members of collectives; colleagues of individuals).
        involved_units = Q(unit__in=units.values("pk")) | Q(unit__in=persons.values("unit_id"))
        people_filter = Q(pk__in=persons.values("pk")) | involved_units
        self.people: dict[int, dict] = {
            p["id"]: p
            for p in Person.objects.filter(people_filter).values(
                "id", "code", "full_name", "gender", "unit_id", "joined_on"
            )
        }
        self.members: dict[int, list[int]] = defaultdict(list)
        for person in self.people.values():
            self.members[person["unit_id"]].append(person["id"])

        person_q = (
            Q(person__in=persons.values("pk"))
            | Q(person__unit__in=units.values("pk"))
            | Q(person__unit__in=persons.values("unit_id"))
        )
        unit_q = Q(unit_id__in=lineage_ids)

        self.ratings: dict[tuple[str, int], dict[int, str]] = defaultdict(dict)
        for pid, uid, y, rating in Rating.objects.filter(
            person_q | unit_q, year__gte=first, year__lte=year
        ).values_list("person_id", "unit_id", "year", "rating"):
            self.ratings[("p", pid) if pid else ("u", uid)][y] = rating

        self.awards: dict[tuple[str, int], list[AwardFact]] = defaultdict(list)
        for pid, uid, code, y, kind, number in (
            AwardRecord.objects.filter(person_q | unit_q, year__gte=first, year__lte=year, revoked=False)
            .values_list("person_id", "unit_id", "award_type__code", "year", "kind", "decision_number")
            .order_by("year")
        ):
            self.awards[("p", pid) if pid else ("u", uid)].append(AwardFact(code, y, kind, number))

        self.initiatives: dict[int, list[dict]] = defaultdict(list)
        author_q = person_q
        for row in (
            Initiative.authors.through.objects.filter(author_q, initiative__year__gte=first, initiative__year__lte=year)
            .values("person_id", "initiative__code", "initiative__level", "initiative__kind", "initiative__year")
            .order_by("initiative__year", "initiative__code")
        ):
            self.initiatives[row["person_id"]].append(
                {
                    "code": row["initiative__code"],
                    "level": row["initiative__level"],
                    "kind": row["initiative__kind"],
                    "year": row["initiative__year"],
                }
            )

        # docs/domain.md#rule-9: initiatives of the evaluated people already relied on by a commendation form
        # (award records first, then nominations under way): one query each.
        self.initiative_uses: dict[int, list[InitiativeUse]] = defaultdict(list)
        used_by_records = (
            AwardRecord.initiatives.through.objects.filter(
                awardrecord__person__in=persons.values("pk"),
                awardrecord__revoked=False,
                awardrecord__award_type__category=AwardCategory.FORM,
            )
            .values_list(
                "awardrecord__person_id",
                "initiative__code",
                "awardrecord__award_type__code",
                "awardrecord__award_type__short_name",
                "awardrecord__year",
            )
            .order_by("awardrecord__year", "initiative__code")
        )
        for pid, code, award, short, y in used_by_records:
            self.initiative_uses[pid].append(InitiativeUse(code, award, short or award, y, nomination=False))
        used_by_nominations = (
            Nomination.initiatives.through.objects.filter(
                nomination__person__in=persons.values("pk"),
                nomination__status__in=NOMINATION_COUNTS_FOR_QUOTA,
                nomination__award_type__category=AwardCategory.FORM,
            )
            .values_list(
                "nomination__person_id",
                "initiative__code",
                "nomination__award_type__code",
                "nomination__award_type__short_name",
                "nomination__year",
            )
            .order_by("nomination__year", "initiative__code")
        )
        for pid, code, award, short, y in used_by_nominations:
            self.initiative_uses[pid].append(InitiativeUse(code, award, short or award, y, nomination=True))

        self.disciplines: dict[tuple[str, int], list[dict]] = defaultdict(list)
        for row in Discipline.objects.filter(person_q | Q(unit__in=units.values("pk"))).values(
            "person_id", "unit_id", "level", "start", "end"
        ):
            key = ("p", row["person_id"]) if row["person_id"] else ("u", row["unit_id"])
            self.disciplines[key].append(row)

        self.acclamations: dict[tuple[int, int], str] = {
            (uid, y): block
            for uid, y, block in Acclamation.objects.filter(
                unit_id__in=lineage_ids, year__gte=first, year__lte=year
            ).values_list("unit_id", "year", "block__name")
        }
        self.rules = RuleBook()

    @staticmethod
    def _lineage(unit_id: int, predecessors: dict[int, list[int]]) -> list[int]:
        """The unit and every unit merged into it, transitively (a merger chain)."""
        chain, todo, seen = [], [unit_id], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            chain.append(current)
            todo.extend(predecessors.get(current, ()))
        return chain

    # Subjects -----------------------------------------------------------------------------
    def person_subject(self, pk: int) -> Subject:
        p = self.people[pk]
        return Subject(
            SubjectKind.INDIVIDUAL,
            pk,
            p["code"],
            p["full_name"],
            p["unit_id"],
            p["joined_on"],
            p["gender"],
            preferred=p["gender"] == Gender.FEMALE,
        )

    def unit_subject(self, pk: int) -> Subject:
        u = self.units[pk]
        members = self.members.get(pk, ())
        women = sum(1 for m in members if self.people[m]["gender"] == Gender.FEMALE)
        preferred = bool(members) and women * 100 >= WOMEN_SHARE_PREFERRED * len(members)
        return Subject(SubjectKind.COLLECTIVE, pk, u["code"], u["name"], pk, preferred=preferred)

    def household_subject(self, pk: int) -> Subject:
        h = self.households[pk]
        return Subject(SubjectKind.HOUSEHOLD, pk, h["code"], f"Hộ {h['head_name']}", h["unit_id"])

    def subjects(self) -> list[Subject]:
        return (
            [self.person_subject(pk) for pk in self.evaluated_person_ids]
            + [self.unit_subject(pk) for pk in self.units]
            + [self.household_subject(pk) for pk in self.households]
        )

    # Facts, merged over a unit's merger chain ------------------------------------------------
    def _keys(self, subject: Subject) -> list[tuple[str, int]]:
        if subject.kind != SubjectKind.COLLECTIVE:
            return [subject.key]
        return [("u", pk) for pk in self.lineage.get(subject.pk, [subject.pk])]

    def rating(self, subject: Subject, year: int) -> str | None:
        for key in self._keys(subject):
            value = self.ratings.get(key, {}).get(year)
            if value:
                return value
        return None

    def award_facts(self, subject: Subject, code: str, year: int, *, merit_only: bool) -> list[AwardFact]:
        facts = []
        for key in self._keys(subject):
            for fact in self.awards.get(key, ()):
                if fact.code == code and fact.year == year and (not merit_only or fact.kind == AwardKind.MERIT):
                    facts.append(fact)
        return facts

    def discipline_rows(self, subject: Subject) -> list[dict]:
        return [row for key in self._keys(subject)[:1] for row in self.disciplines.get(key, ())]


class Evaluator:
    """Runs the rules of docs/domain.md (rules 1-11) over a loaded ``History``."""

    def __init__(self, history: History, *, on_date: datetime.date | None = None) -> None:
        self.h = history
        self.on_date = on_date

    # Configuration ------------------------------------------------------------------------
    def _cfg(self, award: str, year: int) -> dict:
        rule = self.h.rules.rule(award, self.on_date or reference_date(year))
        return rule.conditions if rule is not None else {}

    def on(self, cfg: dict, key: str) -> bool:
        confidence, _default = CONDITIONS[key]
        if confidence == Confidence.VERIFIED:
            return True
        return bool(cfg.get(key, {}).get("on", confidence == Confidence.LIKELY))

    def value(self, cfg: dict, key: str) -> Any:
        return cfg.get(key, {}).get("value", CONDITIONS[key][1])

    # Helpers ----------------------------------------------------------------------------
    def cutoff_year(self, subject: Subject) -> int | None:
        """After a discipline only later achievements count: the last year that no longer counts."""
        ended = [row["start"].year for row in self.h.discipline_rows(subject) if row["end"] is not None]
        return max(ended) if ended else None

    def has_title(self, subject: Subject, code: str, year: int, *, allow_eligible: bool) -> tuple[bool, str]:
        """A merit record of ``code`` in ``year``; for the year itself, meeting its conditions also counts."""
        cutoff = self.cutoff_year(subject)
        if cutoff is not None and year <= cutoff:
            return False, f"không tính (kỷ luật năm {cutoff})"
        facts = self.h.award_facts(subject, code, year, merit_only=True)
        if facts:
            number = facts[0].decision_number
            return True, f"có (QĐ {number})" if number else "có"
        if allow_eligible:
            verdict = self.evaluate(subject, code, year, nested=True)
            if verdict.eligible:
                return True, "chưa có quyết định, đủ điều kiện trong năm"
        return False, "chưa có"

    def used_initiatives(self, subject: Subject, award: str, year: int) -> dict[str, str]:
        """docs/domain.md#rule-9: initiatives already backing another commendation form, by code, with the reason.

        The same award in the same year is the achievement being evaluated (its own nomination or
        record), so it does not count as another use.
        """
        if subject.kind != SubjectKind.INDIVIDUAL:
            return {}
        used: dict[str, str] = {}
        for use in self.h.initiative_uses.get(subject.pk, ()):
            if (use.award, use.year) != (award, year) and use.code not in used:
                used[use.code] = use.text
        return used

    def ldtt_ok(self, subject: Subject, year: int) -> bool:
        return self.has_title(subject, "LDTT", year, allow_eligible=True)[0]

    # The rules ----------------------------------------------------------------------------
    def evaluate(self, subject: Subject, award: str, year: int, *, nested: bool = False) -> Verdict:
        verdict = Verdict(subject, award, year)
        award_type = self.h.rules.awards.get(award)
        checks = verdict.checks
        if award_type is None:
            checks.append(Check("subject_kind", False, f"không có “{award}” trong danh mục khen thưởng"))
            return verdict
        cfg = self._cfg(award, year)
        kinds = award_type.subject_kinds()
        kind_label = {
            SubjectKind.INDIVIDUAL: "cá nhân",
            SubjectKind.COLLECTIVE: "tập thể",
            SubjectKind.HOUSEHOLD: "hộ gia đình",
        }
        wanted = " hoặc ".join(kind_label[k] for k in SubjectKind.values if k in kinds)
        if subject.kind not in kinds:
            checks.append(
                Check("subject_kind", False, f"chỉ dành cho {wanted}: đối tượng là {kind_label[subject.kind]}")
            )
            return verdict
        if not nested:
            checks.append(Check("subject_kind", True, f"dành cho {wanted}: đúng đối tượng"))
            if award_type.yearly and subject.kind == SubjectKind.HOUSEHOLD:
                # Award history is kept for people and units only: the office checks this one.
                checks.append(
                    Check(
                        "once_per_year",
                        True,
                        f"cần chưa được tặng {award_type.label} năm {year}: "
                        "chưa lưu lịch sử khen thưởng của hộ gia đình, cơ quan thi đua đối chiếu",
                    )
                )
            elif award_type.yearly:
                facts = self.h.award_facts(subject, award, year, merit_only=False)
                checks.append(
                    Check(
                        "once_per_year",
                        not facts,
                        f"cần chưa được tặng {award_type.label} năm {year}: "
                        + (f"đã được tặng (QĐ {facts[0].decision_number})" if facts else "chưa được tặng"),
                    )
                )
            pending = [row for row in self.h.discipline_rows(subject) if row["end"] is None]
            if pending:
                row = pending[0]
                text = (
                    f"cần không đang bị xem xét kỷ luật: đang xem xét "
                    f"{DisciplineLevel(row['level']).label} từ {row['start']:%d/%m/%Y}"
                )
                checks.append(Check("pending_discipline", False, text))
            else:
                checks.append(Check("pending_discipline", True, "cần không đang bị xem xét kỷ luật: không có"))
        rule = getattr(self, f"rule_{award.lower()}", None)
        if rule is None:
            if not nested:
                checks.append(
                    Check("manual", True, f"chưa có tiêu chí tự động cho {award_type.name}: cơ quan thi đua xem xét")
                )
        else:
            rule(verdict, subject, year, cfg)
        return verdict

    def rule_ldtt(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        minimum = self.value(cfg, "rating_min")
        rating = self.h.rating(subject, year)
        cutoff = self.cutoff_year(subject)
        if cutoff is not None and cutoff >= year:
            verdict.checks.append(
                Check("rating_min", False, f"cần xếp loại {minimum} trở lên năm {year}: bị kỷ luật trong năm")
            )
        else:
            ok = rating is not None and RATING_RANK[rating] >= RATING_RANK[minimum]
            verdict.checks.append(
                Check("rating_min", ok, f"cần xếp loại {minimum} trở lên năm {year}: {rating or 'chưa có'}")
            )
        if self.on(cfg, "min_service_months"):
            months = int(self.value(cfg, "min_service_months"))
            total = year * 12 + 12 - months
            latest = datetime.date(total // 12, total % 12 + 1, 1)
            text = f"cần công tác từ {months} tháng trở lên trong năm {year}: "
            if subject.joined_on is None:
                verdict.checks.append(
                    Check("min_service_months", True, text + "chưa có ngày bắt đầu công tác, không kiểm tra")
                )
            else:
                ok = subject.joined_on <= latest
                verdict.checks.append(
                    Check(
                        "min_service_months", ok, text + f"{'từ' if ok else 'chưa đủ, từ'} {subject.joined_on:%d/%m/%Y}"
                    )
                )

    def rule_cstdcs(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        ok, how = self.has_title(subject, "LDTT", year, allow_eligible=True)
        verdict.checks.append(Check("ldtt_same_year", ok, f"cần LĐTT năm {year}: {how}"))
        found = []
        if self.h.rating(subject, year) == RatingValue.EXCELLENT:
            found.append("HTXSNV")
        for item in self.h.initiatives.get(subject.pk, ()):
            if item["year"] == year:
                label = "đề tài" if item["kind"] == InitiativeKind.SCIENCE else "sáng kiến"
                found.append(f"{label} {item['code']}")
        verdict.checks.append(
            Check(
                "excellence",
                bool(found),
                f"cần HTXSNV, sáng kiến hoặc đề tài khoa học năm {year}: {', '.join(found) or 'chưa có'}",
            )
        )
        if self.on(cfg, "cap_percent_of_ldtt"):
            cap = float(self.value(cfg, "cap_percent_of_ldtt"))
            colleagues = [self.h.person_subject(pk) for pk in self.h.members.get(subject.unit_id, ())]
            ldtt = sum(1 for c in colleagues if self.ldtt_ok(c, year))
            taken = sum(
                1 for c in colleagues if c.pk != subject.pk and self.h.award_facts(c, "CSTDCS", year, merit_only=False)
            )
            ok = (taken + 1) <= ldtt * cap / 100
            verdict.checks.append(
                Check(
                    "cap_percent_of_ldtt",
                    ok,
                    f"cần số CSTĐCS không quá {cap:g}% số LĐTT của đơn vị năm {year}: {taken + 1}/{ldtt}",
                )
            )

    def _initiative_check(self, verdict: Verdict, subject: Subject, first: int, year: int, level: str) -> None:
        items = [i for i in self.h.initiatives.get(subject.pk, ()) if first <= i["year"] <= year]
        good = [i for i in items if INITIATIVE_RANK[i["level"]] >= INITIATIVE_RANK[level]]
        label = InitiativeLevel(level).label.lower()
        if good:
            status = f"có ({good[0]['code']}, {InitiativeLevel(good[0]['level']).label.lower()})"
        elif items:
            status = (
                "chưa có (chỉ có "
                + ", ".join(f"{i['code']} {InitiativeLevel(i['level']).label.lower()}" for i in items)
                + ")"
            )
        else:
            status = "chưa có"
        verdict.checks.append(
            Check(
                "initiative_level", bool(good), f"cần sáng kiến {label} trở lên trong {_years(first, year)}: {status}"
            )
        )

    def rule_cstd_tinh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        span = int(self.value(cfg, "consecutive_cstdcs"))
        first = year - span + 1
        for y in range(first, year + 1):
            ok, how = self.has_title(subject, "CSTDCS", y, allow_eligible=(y == year))
            verdict.checks.append(Check("consecutive_cstdcs", ok, f"cần CSTĐCS năm {y}: {how}"))
        self._initiative_check(verdict, subject, first, year, self.value(cfg, "initiative_level"))

    def rule_cstd_tq(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        gap = int(self.value(cfg, "cstd_tinh_twice"))
        for y in (year - gap, year):
            ok, how = self.has_title(subject, "CSTD_TINH", y, allow_eligible=(y == year))
            verdict.checks.append(Check("cstd_tinh_twice", ok, f"cần CSTĐ cấp tỉnh năm {y}: {how}"))
        self._initiative_check(verdict, subject, year - 2 * gap + 1, year, self.value(cfg, "initiative_level"))

    def _members(self, subject: Subject) -> list[Subject]:
        return [self.h.person_subject(pk) for pk in self.h.members.get(subject.pk, ())]

    def _percent_check(self, verdict, key, cfg, members, hits, what, year) -> None:
        threshold = float(self.value(cfg, key))
        total = len(members)
        share = hits * 100 / total if total else 0
        ok = total > 0 and share >= threshold
        detail = f"{hits}/{total} ({share:.0f}%)" if total else "đơn vị chưa có danh sách cán bộ"
        verdict.checks.append(Check(key, ok, f"cần ≥ {threshold:g}% cán bộ {what} năm {year}: {detail}"))

    def _members_ldtt(self, verdict, subject, year, cfg) -> None:
        if self.on(cfg, "members_ldtt_percent"):
            members = self._members(subject)
            hits = sum(1 for m in members if self.ldtt_ok(m, year))
            self._percent_check(verdict, "members_ldtt_percent", cfg, members, hits, "đạt LĐTT", year)

    def rule_ttldtt(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        self._members_ldtt(verdict, subject, year, cfg)
        if self.on(cfg, "members_discipline_max"):
            floor = self.value(cfg, "members_discipline_max")
            hit = []
            for member in self._members(subject):
                for row in self.h.discipline_rows(member):
                    overlaps = row["start"].year <= year and (row["end"] is None or row["end"].year >= year)
                    if overlaps and DISCIPLINE_RANK[row["level"]] >= DISCIPLINE_RANK[floor]:
                        hit.append(member.name)
                        break
            verdict.checks.append(
                Check(
                    "members_discipline_max",
                    not hit,
                    f"cần không có cán bộ bị kỷ luật từ {DisciplineLevel(floor).label.lower()} trở lên năm {year}: "
                    + (f"có {len(hit)} người ({', '.join(hit)})" if hit else "không có"),
                )
            )

    def rule_ttldxs(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        if self.on(cfg, "unit_rating"):
            wanted = self.value(cfg, "unit_rating")
            rating = self.h.rating(subject, year)
            ok = rating is not None and RATING_RANK[rating] >= RATING_RANK[wanted]
            verdict.checks.append(
                Check("unit_rating", ok, f"cần đơn vị xếp loại {wanted} năm {year}: {rating or 'chưa có'}")
            )
        members = self._members(subject)
        if self.on(cfg, "members_complete_percent"):
            hits = sum(
                1
                for m in members
                if (r := self.h.rating(m, year)) is not None and RATING_RANK[r] >= RATING_RANK[RatingValue.COMPLETED]
            )
            self._percent_check(verdict, "members_complete_percent", cfg, members, hits, "hoàn thành nhiệm vụ", year)
        self._members_ldtt(verdict, subject, year, cfg)
        if self.on(cfg, "members_cstdcs_min"):
            minimum = int(self.value(cfg, "members_cstdcs_min"))
            count = sum(1 for m in members if self.has_title(m, "CSTDCS", year, allow_eligible=True)[0])
            verdict.checks.append(
                Check(
                    "members_cstdcs_min",
                    count >= minimum,
                    f"cần ít nhất {minimum} cán bộ đạt CSTĐCS năm {year}: {count}",
                )
            )

    def rule_bk_tinh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        if not self.on(cfg, "bk_tinh_history"):
            return
        span = int(self.value(cfg, "bk_tinh_history"))
        years = list(range(year - span + 1, year + 1))
        period = _years(years[0], year)
        cutoff = self.cutoff_year(subject)
        counted = [y for y in years if cutoff is None or y > cutoff]
        if subject.kind == SubjectKind.INDIVIDUAL:
            cstdcs = [y for y in years if self.has_title(subject, "CSTDCS", y, allow_eligible=(y == year))[0]]
            excellent = [y for y in counted if self.h.rating(subject, y) == RatingValue.EXCELLENT]
            initiatives = [i for i in self.h.initiatives.get(subject.pk, ()) if years[0] <= i["year"] <= year]
            excluded = []
            if self.on(cfg, "initiative_once_per_form"):
                used = self.used_initiatives(subject, verdict.award, year)
                excluded = [used[i["code"]] for i in initiatives if i["code"] in used]
                initiatives = [i for i in initiatives if i["code"] not in used]
            ok_a = len(cstdcs) == span
            ok_b = len(excellent) == span and len(initiatives) >= 2
            detail = (
                f"CSTĐCS {len(cstdcs)}/{span} năm; HTXSNV {len(excellent)}/{span} năm, {len(initiatives)} sáng kiến"
            )
            if excluded:
                detail += f" ({'; '.join(excluded)})"
            verdict.checks.append(
                Check(
                    "bk_tinh_history",
                    ok_a or ok_b,
                    f"cần {span} năm liền CSTĐCS, hoặc {span} năm liền HTXSNV và 2 sáng kiến ({period}): {detail}",
                )
            )
        else:
            good = [
                y
                for y in counted
                if self.h.rating(subject, y) == RatingValue.EXCELLENT
                or self.h.award_facts(subject, "TTLDXS", y, merit_only=True)
            ]
            verdict.checks.append(
                Check(
                    "bk_tinh_history",
                    len(good) == span,
                    f"cần {span} năm liền HTXSNV hoặc TTLĐXS ({period}): {len(good)}/{span} năm",
                )
            )

    def rule_gdvh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        """GDVH: no criteria are implemented (the province's and the village's, docs/domain.md#not-implemented):
        the office judges."""
        verdict.checks.append(
            Check(
                "manual",
                True,
                f"tiêu chí Gia đình văn hóa năm {year} do thôn, tổ dân phố bình xét: cơ quan thi đua xem xét",
            )
        )

    def rule_co_tinh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        if not self.on(cfg, "block_leader"):
            return
        block = None
        for pk in self.h.lineage.get(subject.pk, [subject.pk]):
            block = block or self.h.acclamations.get((pk, year))
        verdict.checks.append(
            Check(
                "block_leader",
                block is not None,
                f"cần được suy tôn dẫn đầu cụm, khối năm {year}: " + (f"có ({block})" if block else "chưa có"),
            )
        )


def evaluate(
    *,
    year: int,
    persons: QuerySet[Person] | None = None,
    units: QuerySet[OrgUnit] | None = None,
    awards: list[str] | tuple[str, ...] | None = None,
    on_date: datetime.date | None = None,
    households: QuerySet[Household] | None = None,
) -> list[Verdict]:
    """Evaluate every subject (people and units) against the awards, in a bounded number of queries.

    Without ``awards``, each subject is checked against the suggested awards of its kind;
    with ``awards``, every subject is checked against each of them (wrong kinds say so).
    """
    history = History(year=year, persons=persons, units=units, households=households)
    evaluator = Evaluator(history, on_date=on_date)
    verdicts = []
    for subject in history.subjects():
        if awards:
            codes = awards
        else:
            codes = [
                code
                for code in SUGGESTED_AWARDS
                if code in history.rules.awards and subject.kind in history.rules.awards[code].subject_kinds()
            ]
        for code in codes:
            verdicts.append(evaluator.evaluate(subject, code, year))
    return verdicts


def order_for_ties(verdicts: list[Verdict]) -> list[Verdict]:
    """docs/domain.md#rule-10: group by award (in the order the awards first appear), eligible first, and among
    equals put women and collectives with ≥ 70% women first; otherwise keep the given order.

    This is ordering, not eligibility: nobody becomes eligible or ineligible by it.
    """
    position: dict[str, int] = {}
    for v in verdicts:
        position.setdefault(v.award, len(position))
    return sorted(verdicts, key=lambda v: (position[v.award], not v.eligible, not v.subject.preferred))


def evaluate_code(
    subject_code: str, award_code: str, year: int, *, on_date: datetime.date | None = None
) -> Verdict | None:
    """One verdict for a subject code (a person's, else a unit's, else a household's); None when unknown."""
    persons = Person.objects.filter(code=subject_code)
    units = OrgUnit.objects.filter(code=subject_code)
    households = Household.objects.filter(code=subject_code)
    verdicts = evaluate(
        year=year, persons=persons, units=units, households=households, awards=[award_code], on_date=on_date
    )
    return verdicts[0] if verdicts else None


def verdict_for_subject(*, person=None, unit=None, award_code: str, year: int) -> Verdict:
    """The verdict for one given person or unit (by primary key: codes of people and units may collide)."""
    persons = Person.objects.filter(pk=person.pk) if person is not None else None
    units = OrgUnit.objects.filter(pk=unit.pk) if unit is not None else None
    return evaluate(year=year, persons=persons, units=units, awards=[award_code])[0]
