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
import gc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from awards import reasons
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
from awards.models import (
    Acclamation,
    AwardRecord,
    AwardType,
    Discipline,
    Household,
    Initiative,
    Nomination,
    Person,
    Rating,
)
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
SUBJECT_KINDS = tuple(SubjectKind.values)
# How far back the rules look (CSTD_TQ: two 3-year chains and a nationwide initiative).
LOOKBACK_YEARS = 6


def _subject_key(kind: str, pk: int) -> tuple[str, int]:
    return ({SubjectKind.INDIVIDUAL: "p", SubjectKind.HOUSEHOLD: "h"}.get(kind, "u"), pk)


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

    @cached_property
    def key(self) -> tuple[str, int]:
        return _subject_key(self.kind, self.pk)


class Check:
    """One condition: its key, whether it is met, and the reason as data (rendered on demand)."""

    __slots__ = ("code", "key", "ok", "params")

    def __init__(self, key: str, ok: bool, code: str, params: dict[str, Any]) -> None:
        self.key = key
        self.ok = ok
        self.code = code
        self.params = params

    @property
    def text(self) -> str:
        """The reason in the active language."""
        return reasons.render(self.code, self.params)

    def as_data(self) -> dict[str, Any]:
        """What a nomination stores (JSON): rendered again in each reader's language."""
        return {"key": self.key, "ok": self.ok, "code": self.code, "params": self.params}


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

    @property
    def stored_reasons(self) -> list[dict[str, Any]]:
        return [c.as_data() for c in self.checks]

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

    def as_data(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "award": self.award,
            "label": self.label,
            "year": self.year,
            "nomination": self.nomination,
        }


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
        colleagues: bool = True,
        rules: RuleBook | None = None,
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
        # Colleagues are read by the cap on CSTĐCS only: a caller that knows it is off may skip them.
        involved_units = Q(unit__in=units.values("pk"))
        if colleagues:
            involved_units |= Q(unit__in=persons.values("unit_id"))
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

        person_q = Q(person__in=persons.values("pk")) | Q(person__unit__in=units.values("pk"))
        if colleagues:
            person_q |= Q(person__unit__in=persons.values("unit_id"))
        # The units themselves by subquery; their predecessors (mergers: few) by id.
        merged_ids = sorted(set(lineage_ids) - set(self.units))
        unit_q = Q(unit_id__in=units.values("pk")) | Q(unit_id__in=merged_ids)

        self.ratings: dict[tuple[str, int], dict[int, str]] = defaultdict(dict)
        for pid, uid, y, rating in Rating.objects.filter(
            person_q | unit_q, year__gte=first, year__lte=year
        ).values_list("person_id", "unit_id", "year", "rating"):
            self.ratings[("p", pid) if pid else ("u", uid)][y] = rating

        self.award_index: dict[tuple[tuple[str, int], str, int], list[AwardFact]] = defaultdict(list)
        for pid, uid, code, y, kind, number in (
            AwardRecord.objects.filter(person_q | unit_q, year__gte=first, year__lte=year, revoked=False)
            .values_list("person_id", "unit_id", "award_type__code", "year", "kind", "decision_number")
            .order_by("year")
        ):
            key = ("p", pid) if pid else ("u", uid)
            self.award_index[(key, code, y)].append(AwardFact(code, y, kind, number))

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
            for uid, y, block in Acclamation.objects.filter(unit_q, year__gte=first, year__lte=year).values_list(
                "unit_id", "year", "block__name"
            )
        }
        self.rules = rules or RuleBook()
        self._person_subjects: dict[int, Subject] = {}

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
        subject = self._person_subjects.get(pk)
        if subject is None:
            subject = self._person_subjects[pk] = self._make_person_subject(pk)
        return subject

    def _make_person_subject(self, pk: int) -> Subject:
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
        index = self.award_index
        for key in self._keys(subject):
            for fact in index.get((key, code, year), ()):
                if not merit_only or fact.kind == AwardKind.MERIT:
                    facts.append(fact)
        return facts

    def discipline_rows(self, subject: Subject) -> list[dict]:
        return [row for key in self._keys(subject)[:1] for row in self.disciplines.get(key, ())]


class Evaluator:
    """Runs the rules of docs/domain.md (rules 1-11) over a loaded ``History``.

    Evaluating a title for many people re-uses the lower titles it rests on (CSTĐ toàn quốc →
    cấp tỉnh → CSTĐCS → LĐTT): nested verdicts are remembered by subject, award and year.
    """

    def __init__(self, history: History, *, on_date: datetime.date | None = None) -> None:
        self.h = history
        self.on_date = on_date
        self._cfgs: dict[tuple[str, int], dict] = {}
        self._nested: dict[tuple[tuple[str, int], str, int], bool] = {}
        self._cutoffs: dict[tuple[str, int], int | None] = {}
        self._kinds: dict[str, tuple[set[str], list[str]]] = {}

    # Configuration ------------------------------------------------------------------------
    def _cfg(self, award: str, year: int) -> dict:
        cached = self._cfgs.get((award, year))
        if cached is None:
            rule = self.h.rules.rule(award, self.on_date or reference_date(year))
            cached = self._cfgs[(award, year)] = rule.conditions if rule is not None else {}
        return cached

    def on(self, cfg: dict, key: str) -> bool:
        confidence, _default = CONDITIONS[key]
        if confidence == Confidence.VERIFIED:
            return True
        return bool(cfg.get(key, {}).get("on", confidence == Confidence.LIKELY))

    def value(self, cfg: dict, key: str) -> Any:
        return cfg.get(key, {}).get("value", CONDITIONS[key][1])

    def _award_kinds(self, award_type: AwardType) -> tuple[set[str], list[str]]:
        cached = self._kinds.get(award_type.code)
        if cached is None:
            kinds = award_type.subject_kinds()
            cached = self._kinds[award_type.code] = (kinds, [k for k in SUBJECT_KINDS if k in kinds])
        return cached

    # Helpers ----------------------------------------------------------------------------
    def cutoff_year(self, subject: Subject) -> int | None:
        """After a discipline only later achievements count: the last year that no longer counts."""
        key = subject.key
        if key in self._cutoffs:
            return self._cutoffs[key]
        ended = [row["start"].year for row in self.h.discipline_rows(subject) if row["end"] is not None]
        cutoff = self._cutoffs[key] = max(ended) if ended else None
        return cutoff

    def has_title(self, subject: Subject, code: str, year: int, *, allow_eligible: bool) -> tuple[bool, dict]:
        """A merit record of ``code`` in ``year``; for the year itself, meeting its conditions also counts.

        Returns whether it holds and how (``reasons.title_status`` renders it).
        """
        cutoff = self.cutoff_year(subject)
        if cutoff is not None and year <= cutoff:
            return False, {"s": "not_counted", "cutoff": cutoff}
        facts = self.h.award_facts(subject, code, year, merit_only=True)
        if facts:
            number = facts[0].decision_number
            return True, {"s": "decision", "number": number} if number else {"s": "has"}
        if allow_eligible and self.nested_eligible(subject, code, year):
            return True, {"s": "eligible"}
        # docs/domain.md#rule-9: a record of another kind (a thematic movement's, ad hoc...) is not counted.
        others = self.h.award_facts(subject, code, year, merit_only=False)
        if others:
            return False, {"s": "not_merit", "award": code, "year": year, "kind": others[0].kind}
        return False, {"s": "none"}

    def nested_eligible(self, subject: Subject, code: str, year: int) -> bool:
        """Whether the subject meets the rule's own conditions for ``code`` in ``year`` (remembered)."""
        key = (subject.key, code, year)
        result = self._nested.get(key)
        if result is None:
            result = self._nested[key] = self.evaluate(subject, code, year, nested=True).eligible
        return result

    def used_initiatives(self, subject: Subject, award: str, year: int) -> dict[str, dict]:
        """docs/domain.md#rule-9: initiatives already backing another commendation form, by code, with the use.

        The same award in the same year is the achievement being evaluated (its own nomination or
        record), so it does not count as another use.
        """
        if subject.kind != SubjectKind.INDIVIDUAL:
            return {}
        used: dict[str, dict] = {}
        for use in self.h.initiative_uses.get(subject.pk, ()):
            if (use.award, use.year) != (award, year) and use.code not in used:
                used[use.code] = use.as_data()
        return used

    def ldtt_ok(self, subject: Subject, year: int) -> bool:
        return self.has_title(subject, "LDTT", year, allow_eligible=True)[0]

    # The rules ----------------------------------------------------------------------------
    def evaluate(self, subject: Subject, award: str, year: int, *, nested: bool = False) -> Verdict:
        verdict = Verdict(subject, award, year)
        award_type = self.h.rules.awards.get(award)
        checks = verdict.checks
        if award_type is None:
            checks.append(Check("subject_kind", False, "award_unknown", {"award": award}))
            return verdict
        cfg = self._cfg(award, year)
        kinds, wanted = self._award_kinds(award_type)
        if subject.kind not in kinds:
            checks.append(Check("subject_kind", False, "kind_wrong", {"wanted": wanted, "actual": subject.kind}))
            return verdict
        if not nested:
            checks.append(Check("subject_kind", True, "kind_ok", {"wanted": wanted}))
            if award_type.yearly and subject.kind == SubjectKind.HOUSEHOLD:
                # Award history is kept for people and units only: the office checks this one.
                checks.append(
                    Check(
                        "once_per_year",
                        True,
                        "once_per_year",
                        {"award": award, "label": award_type.label, "year": year, "household": True},
                    )
                )
            elif award_type.yearly:
                facts = self.h.award_facts(subject, award, year, merit_only=False)
                params: dict[str, Any] = {"award": award, "label": award_type.label, "year": year, "given": bool(facts)}
                if facts:
                    params["number"] = facts[0].decision_number
                checks.append(Check("once_per_year", not facts, "once_per_year", params))
            pending = [row for row in self.h.discipline_rows(subject) if row["end"] is None]
            if pending:
                row = pending[0]
                checks.append(
                    Check(
                        "pending_discipline",
                        False,
                        "pending_discipline",
                        {"level": row["level"], "start": row["start"].isoformat()},
                    )
                )
            else:
                checks.append(Check("pending_discipline", True, "pending_discipline", {}))
        rule = RULES.get(award)
        if rule is None:
            if not nested:
                checks.append(Check("manual", True, "manual", {"award": award, "name": award_type.name}))
        else:
            rule(self, verdict, subject, year, cfg)
        return verdict

    def rule_ldtt(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        minimum = self.value(cfg, "rating_min")
        rating = self.h.rating(subject, year)
        cutoff = self.cutoff_year(subject)
        if cutoff is not None and cutoff >= year:
            verdict.checks.append(
                Check("rating_min", False, "rating_min", {"minimum": minimum, "year": year, "disciplined": True})
            )
        else:
            ok = rating is not None and RATING_RANK[rating] >= RATING_RANK[minimum]
            verdict.checks.append(
                Check("rating_min", ok, "rating_min", {"minimum": minimum, "year": year, "rating": rating})
            )
        if self.on(cfg, "min_service_months"):
            months = int(self.value(cfg, "min_service_months"))
            total = year * 12 + 12 - months
            latest = datetime.date(total // 12, total % 12 + 1, 1)
            params: dict[str, Any] = {"months": months, "year": year}
            if subject.joined_on is None:
                verdict.checks.append(Check("min_service_months", True, "service", params))
            else:
                ok = subject.joined_on <= latest
                params.update(joined=subject.joined_on.isoformat(), enough=ok)
                verdict.checks.append(Check("min_service_months", ok, "service", params))

    def rule_cstdcs(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        ok, how = self.has_title(subject, "LDTT", year, allow_eligible=True)
        verdict.checks.append(Check("ldtt_same_year", ok, "title", {"award": "LDTT", "year": year, "status": how}))
        found: list[dict[str, str]] = []
        if self.h.rating(subject, year) == RatingValue.EXCELLENT:
            found.append({"kind": "rating"})
        for item in self.h.initiatives.get(subject.pk, ()):
            if item["year"] == year:
                kind = "science" if item["kind"] == InitiativeKind.SCIENCE else "initiative"
                found.append({"kind": kind, "code": item["code"]})
        verdict.checks.append(Check("excellence", bool(found), "excellence", {"year": year, "found": found}))
        if self.on(cfg, "cap_percent_of_ldtt"):
            cap = float(self.value(cfg, "cap_percent_of_ldtt"))
            colleagues = [self.h.person_subject(pk) for pk in self.h.members.get(subject.unit_id, ())]
            ldtt = sum(1 for c in colleagues if self.ldtt_ok(c, year))
            taken = sum(
                1 for c in colleagues if c.pk != subject.pk and self.h.award_facts(c, "CSTDCS", year, merit_only=False)
            )
            ok = (taken + 1) <= ldtt * cap / 100
            verdict.checks.append(
                Check("cap_percent_of_ldtt", ok, "cap", {"cap": cap, "year": year, "count": taken + 1, "ldtt": ldtt})
            )

    def _initiative_check(self, verdict: Verdict, subject: Subject, first: int, year: int, level: str) -> None:
        items = [i for i in self.h.initiatives.get(subject.pk, ()) if first <= i["year"] <= year]
        good = [i for i in items if INITIATIVE_RANK[i["level"]] >= INITIATIVE_RANK[level]]
        params: dict[str, Any] = {"level": level, "first": first, "last": year}
        if good:
            params["good"] = {"code": good[0]["code"], "level": good[0]["level"]}
        elif items:
            params["items"] = [[i["code"], i["level"]] for i in items]
        verdict.checks.append(Check("initiative_level", bool(good), "initiative_level", params))

    def rule_cstd_tinh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        span = int(self.value(cfg, "consecutive_cstdcs"))
        first = year - span + 1
        for y in range(first, year + 1):
            ok, how = self.has_title(subject, "CSTDCS", y, allow_eligible=(y == year))
            verdict.checks.append(
                Check("consecutive_cstdcs", ok, "title", {"award": "CSTDCS", "year": y, "status": how})
            )
        self._initiative_check(verdict, subject, first, year, self.value(cfg, "initiative_level"))

    def rule_cstd_tq(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        gap = int(self.value(cfg, "cstd_tinh_twice"))
        for y in (year - gap, year):
            ok, how = self.has_title(subject, "CSTD_TINH", y, allow_eligible=(y == year))
            verdict.checks.append(
                Check("cstd_tinh_twice", ok, "title", {"award": "CSTD_TINH", "year": y, "status": how})
            )
        self._initiative_check(verdict, subject, year - 2 * gap + 1, year, self.value(cfg, "initiative_level"))

    def _members(self, subject: Subject) -> list[Subject]:
        return [self.h.person_subject(pk) for pk in self.h.members.get(subject.pk, ())]

    def _percent_check(self, verdict, key, code, cfg, members, hits, year) -> None:
        threshold = float(self.value(cfg, key))
        total = len(members)
        share = hits * 100 / total if total else 0
        ok = total > 0 and share >= threshold
        params = {"threshold": threshold, "year": year, "hits": hits, "total": total}
        verdict.checks.append(Check(key, ok, code, params))

    def _members_ldtt(self, verdict, subject, year, cfg) -> None:
        if self.on(cfg, "members_ldtt_percent"):
            members = self._members(subject)
            hits = sum(1 for m in members if self.ldtt_ok(m, year))
            self._percent_check(verdict, "members_ldtt_percent", "members_ldtt", cfg, members, hits, year)

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
                    "members_discipline",
                    {"level": floor, "year": year, "names": hit},
                )
            )

    def rule_ttldxs(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        if self.on(cfg, "unit_rating"):
            wanted = self.value(cfg, "unit_rating")
            rating = self.h.rating(subject, year)
            ok = rating is not None and RATING_RANK[rating] >= RATING_RANK[wanted]
            verdict.checks.append(
                Check("unit_rating", ok, "unit_rating", {"wanted": wanted, "year": year, "rating": rating})
            )
        members = self._members(subject)
        if self.on(cfg, "members_complete_percent"):
            hits = sum(
                1
                for m in members
                if (r := self.h.rating(m, year)) is not None and RATING_RANK[r] >= RATING_RANK[RatingValue.COMPLETED]
            )
            self._percent_check(verdict, "members_complete_percent", "members_complete", cfg, members, hits, year)
        self._members_ldtt(verdict, subject, year, cfg)
        if self.on(cfg, "members_cstdcs_min"):
            minimum = int(self.value(cfg, "members_cstdcs_min"))
            count = sum(1 for m in members if self.has_title(m, "CSTDCS", year, allow_eligible=True)[0])
            verdict.checks.append(
                Check(
                    "members_cstdcs_min",
                    count >= minimum,
                    "members_cstdcs",
                    {"minimum": minimum, "year": year, "count": count},
                )
            )

    def rule_bk_tinh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        if not self.on(cfg, "bk_tinh_history"):
            return
        span = int(self.value(cfg, "bk_tinh_history"))
        years = list(range(year - span + 1, year + 1))
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
            params: dict[str, Any] = {
                "span": span,
                "first": years[0],
                "last": year,
                "cstdcs": len(cstdcs),
                "excellent": len(excellent),
                "initiatives": len(initiatives),
            }
            if excluded:
                params["excluded"] = excluded
            verdict.checks.append(Check("bk_tinh_history", ok_a or ok_b, "bk_person", params))
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
                    "bk_unit",
                    {"span": span, "first": years[0], "last": year, "good": len(good)},
                )
            )

    def rule_gdvh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        """GDVH: no criteria are implemented (the province's and the village's, docs/domain.md#not-implemented):
        the office judges."""
        verdict.checks.append(Check("manual", True, "gdvh", {"year": year}))

    def rule_co_tinh(self, verdict: Verdict, subject: Subject, year: int, cfg: dict) -> None:
        if not self.on(cfg, "block_leader"):
            return
        block = None
        for pk in self.h.lineage.get(subject.pk, [subject.pk]):
            block = block or self.h.acclamations.get((pk, year))
        verdict.checks.append(Check("block_leader", block is not None, "block_leader", {"year": year, "block": block}))


# The rule of each award code with criteria of its own (the others are judged by the office).
RULES: dict[str, Callable[[Evaluator, Verdict, Subject, int, dict], None]] = {
    "LDTT": Evaluator.rule_ldtt,
    "CSTDCS": Evaluator.rule_cstdcs,
    "CSTD_TINH": Evaluator.rule_cstd_tinh,
    "CSTD_TQ": Evaluator.rule_cstd_tq,
    "TTLDTT": Evaluator.rule_ttldtt,
    "TTLDXS": Evaluator.rule_ttldxs,
    "BK_TINH": Evaluator.rule_bk_tinh,
    "GDVH": Evaluator.rule_gdvh,
    "CO_TINH": Evaluator.rule_co_tinh,
}


def evaluate(
    *,
    year: int,
    persons: QuerySet[Person] | None = None,
    units: QuerySet[OrgUnit] | None = None,
    awards: list[str] | tuple[str, ...] | None = None,
    on_date: datetime.date | None = None,
    households: QuerySet[Household] | None = None,
    only: dict[tuple[str, int], list[str]] | None = None,
    colleagues: bool = True,
    rules: RuleBook | None = None,
) -> list[Verdict]:
    """Evaluate every subject (people and units) against the awards, in a bounded number of queries.

    Without ``awards``, each subject is checked against the suggested awards of its kind;
    with ``awards``, every subject is checked against each of them (wrong kinds say so).
    ``only`` (subject key -> award codes) narrows the awards of each subject further.
    """
    history = History(
        year=year, persons=persons, units=units, households=households, colleagues=colleagues, rules=rules
    )
    evaluator = Evaluator(history, on_date=on_date)
    verdicts = []
    suggested = {
        kind: [
            code
            for code in SUGGESTED_AWARDS
            if code in history.rules.awards and kind in history.rules.awards[code].subject_kinds()
        ]
        for kind in SUBJECT_KINDS
    }
    # Hundreds of thousands of small objects that all live until the end: the cyclic collector
    # would walk them again and again for nothing (they hold no cycles that need it).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for subject in history.subjects():
            codes = awards or suggested[subject.kind]
            if only is not None:
                wanted = only.get(subject.key, ())
                codes = [code for code in codes if code in wanted]
            for code in codes:
                verdicts.append(evaluator.evaluate(subject, code, year))
    finally:
        if collecting:
            gc.enable()
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


# Who can possibly be eligible (a SQL prefilter) ----------------------------------------------
# Each suggested award's conditions imply simple facts of the year that SQL can test: a rating
# high enough, a record of the title below, not awarded yet this year, no discipline pending.
# ``candidates`` keeps every subject that has them (a superset of the eligible ones, whatever
# the rule book says: a condition switched off, or a value it cannot read, keeps everyone);
# the engine then judges only those.
PERSON_CHAIN = ("LDTT", "CSTDCS", "CSTD_TINH")  # the titles the higher individual titles rest on
ALL = Value(True)


def _person_rating(year: int, ratings: list[str]) -> Q:
    return Q(Exists(Rating.objects.filter(person=OuterRef("pk"), year=year, rating__in=ratings)))


def _ratings_from(minimum: Any) -> list[str] | None:
    """Ratings at or above ``minimum``; None when the value is not a rating (then nobody is excluded)."""
    if minimum not in RATING_RANK:
        return None
    return [value for value, rank in RATING_RANK.items() if rank >= RATING_RANK[minimum]]


class Candidates:
    """Per suggested award, a SQL condition every eligible subject meets (see above)."""

    def __init__(self, evaluator: Evaluator, year: int) -> None:
        self.e = evaluator
        self.year = year

    def _cfg(self, code: str) -> dict:
        return self.e._cfg(code, self.year)

    def _int(self, code: str, key: str) -> int | None:
        try:
            return int(self.e.value(self._cfg(code), key))
        except (TypeError, ValueError):
            return None

    def _record(self, field: str, year: int, code: str, *, merit: bool) -> Q:
        award_type = self.e.h.rules.awards.get(code)
        records = AwardRecord.objects.filter(
            **{field: OuterRef("pk")}, year=year, revoked=False, award_type_id=award_type.pk if award_type else -1
        )
        return Q(Exists(records.filter(kind=AwardKind.MERIT) if merit else records))

    def _not_given(self, code: str, field: str) -> Q:
        award_type = self.e.h.rules.awards.get(code)
        if award_type is None or not award_type.yearly:
            return Q()
        return ~self._record(field, self.year, code, merit=False)

    def person_candidates(self, persons: QuerySet[Person], codes: list[str]) -> dict[str, set[int] | None]:
        """Per award, the ids of the people who may be eligible (None: anyone may be).

        Each fact of the year (a rating, a record, an initiative) is read once, as a set of ids
        (one indexed query each); the conditions are combined in Python.
        """
        year = self.year
        scope = persons.order_by().values("pk")
        cache: dict[tuple, set[int]] = {}

        def ids(queryset: QuerySet, *key: Any) -> set[int]:
            if key not in cache:
                cache[key] = set(queryset.filter(person__in=scope).values_list("person_id", flat=True))
            return cache[key]

        def rated(y: int, ratings: list[str]) -> set[int]:
            return ids(Rating.objects.filter(year=y, rating__in=ratings), "rating", y, tuple(ratings))

        def recorded(code: str, y: int, *, merit: bool) -> set[int]:
            award_type = self.e.h.rules.awards.get(code)
            records = AwardRecord.objects.filter(
                year=y, revoked=False, award_type_id=award_type.pk if award_type else -1
            )
            return ids(records.filter(kind=AwardKind.MERIT) if merit else records, "record", code, y, merit)

        excellent = [RatingValue.EXCELLENT.value]
        ldtt_ratings = _ratings_from(self.e.value(self._cfg("LDTT"), "rating_min"))
        holds: dict[str, set[int] | None] = dict.fromkeys(codes)
        if ldtt_ratings is not None:
            # LĐTT of the year: rated at least the minimum.
            holds["LDTT"] = rated(year, ldtt_ratings)
            # CSTĐCS: LĐTT of the year (held or earned) and HTXSNV, an initiative or a work of the year.
            authored = set(
                Initiative.authors.through.objects.filter(person__in=scope, initiative__year=year).values_list(
                    "person_id", flat=True
                )
            )
            ldtt_now = holds["LDTT"] | recorded("LDTT", year, merit=True)
            holds["CSTDCS"] = ldtt_now & (rated(year, excellent) | authored)
            # ``has_title(CSTDCS, year, allow_eligible=True)``: a merit record of the year, or earned now.
            cstdcs_now = holds["CSTDCS"] | recorded("CSTDCS", year, merit=True)
            # CSTĐ cấp tỉnh: CSTĐCS in every year of the span (earlier years by record only).
            span = self._int("CSTD_TINH", "consecutive_cstdcs")
            if span is not None and span >= 1:
                tinh = set(cstdcs_now)
                for y in range(year - span + 1, year):
                    tinh &= recorded("CSTDCS", y, merit=True)
                holds["CSTD_TINH"] = tinh
                # CSTĐ toàn quốc: CSTĐ cấp tỉnh ``gap`` years ago (by record) and this year.
                gap = self._int("CSTD_TQ", "cstd_tinh_twice")
                if gap is not None and gap >= 0:
                    tq = tinh | recorded("CSTD_TINH", year, merit=True)
                    if gap > 0:
                        tq &= recorded("CSTD_TINH", year - gap, merit=True)
                    holds["CSTD_TQ"] = tq
            # Bằng khen tỉnh: CSTĐCS in every year of the span, or HTXSNV in every year of it.
            span = self._int("BK_TINH", "bk_tinh_history")
            if self.e.on(self._cfg("BK_TINH"), "bk_tinh_history") and span is not None and span >= 1:
                by_titles, by_ratings = set(cstdcs_now), None
                for y in range(year - span + 1, year + 1):
                    if y != year:
                        by_titles &= recorded("CSTDCS", y, merit=True)
                    by_ratings = rated(y, excellent) if by_ratings is None else by_ratings & rated(y, excellent)
                holds["BK_TINH"] = by_titles | (by_ratings or set())
        # Every eligible subject has no discipline pending and (yearly titles) was not awarded this year.
        pending = set(Discipline.objects.filter(person__in=scope, end__isnull=True).values_list("person_id", flat=True))
        result: dict[str, set[int] | None] = {}
        for code in codes:
            award_type = self.e.h.rules.awards.get(code)
            excluded = pending | (recorded(code, year, merit=False) if award_type and award_type.yearly else set())
            chosen = holds.get(code)
            result[code] = None if chosen is None else chosen - excluded
        return result

    def unit_conditions(self, codes: list[str]) -> dict[str, Q | Value]:
        year = self.year
        # Merged units read their predecessors' history too: always judged by the engine.
        merged = Q(pk__in=OrgUnit.objects.filter(successor__isnull=False).values("successor_id"))

        def unit_rating(y: int, ratings: list[str]) -> Q:
            return Q(Exists(Rating.objects.filter(unit=OuterRef("pk"), year=y, rating__in=ratings)))

        holds: dict[str, Q | Value] = {}
        cfg = self._cfg("TTLDTT")
        threshold = self.e.value(cfg, "members_ldtt_percent")
        ldtt_ratings = _ratings_from(self.e.value(self._cfg("LDTT"), "rating_min"))
        if (
            self.e.on(cfg, "members_ldtt_percent")
            and isinstance(threshold, int | float)
            and threshold > 0
            and ldtt_ratings is not None
        ):
            # At least ``threshold`` % of the members hold LĐTT: rated high enough or recorded. One
            # grouped query over the people (each fact looked up once), the units kept by id.
            ldtt_type = self.e.h.rules.awards.get("LDTT")
            rated = Rating.objects.filter(person__isnull=False, year=year, rating__in=ldtt_ratings)
            recorded = AwardRecord.objects.filter(
                person__isnull=False,
                year=year,
                revoked=False,
                kind=AwardKind.MERIT,
                award_type_id=ldtt_type.pk if ldtt_type else -1,
            )
            hit = Q(pk__in=rated.values("person_id")) | Q(pk__in=recorded.values("person_id"))
            counts = (
                Person.objects.order_by()
                .values("unit_id")
                .annotate(total=Count("pk"), hits=Count("pk", filter=hit))
                .values_list("unit_id", "total", "hits")
            )
            holds["TTLDTT"] = Q(
                pk__in=[uid for uid, total, hits in counts if hits > 0 and hits * 100 >= float(threshold) * total]
            )
        else:
            holds["TTLDTT"] = ALL
        cfg = self._cfg("TTLDXS")
        wanted = _ratings_from(self.e.value(cfg, "unit_rating"))
        holds["TTLDXS"] = unit_rating(year, wanted) | merged if self.e.on(cfg, "unit_rating") and wanted else ALL
        span = self._int("BK_TINH", "bk_tinh_history")
        if self.e.on(self._cfg("BK_TINH"), "bk_tinh_history") and span is not None and span >= 1:
            every_year = Q()
            for y in range(year - span + 1, year + 1):
                every_year &= unit_rating(y, [RatingValue.EXCELLENT]) | self._record("unit", y, "TTLDXS", merit=True)
            holds["BK_TINH"] = every_year | merged
        else:
            holds["BK_TINH"] = ALL
        if self.e.on(self._cfg("CO_TINH"), "block_leader"):
            holds["CO_TINH"] = Q(Exists(Acclamation.objects.filter(unit=OuterRef("pk"), year=year))) | merged
        else:
            holds["CO_TINH"] = ALL
        return {code: self._finish(holds.get(code, ALL), code, "unit") for code in codes}

    def _finish(self, holds: Q | Value, code: str, field: str) -> Q | Value:
        """Not awarded yet this year (a yearly title) and no discipline pending: true of every eligible subject."""
        pending = ~Q(Exists(Discipline.objects.filter(**{field: OuterRef("pk")}, end__isnull=True)))
        condition = pending & self._not_given(code, field)
        return condition if holds is ALL else holds & condition


def _flagged(queryset: QuerySet, conditions: dict[str, Q | Value]) -> QuerySet:
    """``queryset`` narrowed to rows meeting any condition, each row with one boolean per award."""
    flags = {f"may_{code.lower()}": ExpressionWrapper(c, output_field=BooleanField()) for code, c in conditions.items()}
    any_of = Q()
    for name in flags:
        any_of |= Q(**{name: True})
    return queryset.annotate(**flags).filter(any_of)


def eligible_verdicts(
    *,
    year: int,
    persons: QuerySet[Person],
    units: QuerySet[OrgUnit],
    awards: list[str] | tuple[str, ...] | None = None,
) -> list[Verdict]:
    """The eligible verdicts of ``evaluate(...)`` (same verdicts, same reasons), judging only possible ones.

    For a province (50,000 people, 10,000 units) a few thousand subjects remain after the SQL
    prefilter, in a fixed number of queries.
    """
    rules = RuleBook()
    probe = Evaluator(SimpleNamespace(rules=rules), on_date=None)  # type: ignore[arg-type]  # reads the rules only
    codes = list(awards) if awards else list(SUGGESTED_AWARDS)
    person_codes = [c for c in codes if c in rules.awards and SubjectKind.INDIVIDUAL in rules.awards[c].subject_kinds()]
    unit_codes = [c for c in codes if c in rules.awards and SubjectKind.COLLECTIVE in rules.awards[c].subject_kinds()]
    candidates = Candidates(probe, year)
    only: dict[tuple[str, int], list[str]] = {}
    unit_conditions = candidates.unit_conditions(unit_codes)
    chosen_persons = chosen_units = None
    if person_codes:
        by_award = candidates.person_candidates(persons, person_codes)
        if any(chosen is None for chosen in by_award.values()):
            everyone = set(persons.order_by().values_list("pk", flat=True))
            by_award = {code: everyone if chosen is None else chosen for code, chosen in by_award.items()}
        for code in person_codes:
            for pk in by_award[code] or ():
                only.setdefault(_subject_key(SubjectKind.INDIVIDUAL, pk), []).append(code)
        # The candidates by id (a few thousand at most for a province): the engine's dozen queries
        # then read them by index instead of running the prefilter again as a subquery.
        chosen_persons = Person.objects.filter(pk__in=[pk for kind, pk in only if kind == "p"])
    if unit_codes:
        chosen_units = _flagged(units, unit_conditions)
        names = [f"may_{c.lower()}" for c in unit_codes]
        for pk, *flags in chosen_units.values_list("pk", *names):
            only[(_subject_key(SubjectKind.COLLECTIVE, pk))] = [
                c for c, ok in zip(unit_codes, flags, strict=True) if ok
            ]
        chosen_units = OrgUnit.objects.filter(pk__in=[pk for kind, pk in only if kind == "u"])
    cap_on = "CSTDCS" in person_codes and probe.on(probe._cfg("CSTDCS", year), "cap_percent_of_ldtt")
    verdicts = evaluate(
        year=year,
        persons=chosen_persons,
        units=chosen_units,
        awards=codes if awards else None,
        only=only,
        colleagues=cap_on,
        rules=rules,
    )
    return [v for v in verdicts if v.eligible]
