"""The catalogue as versioned law, read by eligibility, nominations and (later) the council.

Public functions (stable for other parts of Songlo):
- ``legal_version_on(day)``: the LegalVersion in force on a day.
- ``rule_for(award_code, on_date)``: the AwardRule (authority, ballot, pass mark, conditions).
- ``base_salary_on(day)``: the base salary in đồng in force on a day.
- ``reward_amount(award_code, subject_kind, on_date)``: multiplier × base salary.
- ``reference_date(year)``: the date whose law governs titles of a year (31/12 of that year).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from awards.enums import SubjectKind
from awards.models import AwardRule, AwardType, BaseSalary, LegalVersion
from songlo.exceptions import DomainError

HOUSEHOLD_FACTOR = Decimal("1.5")


def reference_date(year: int) -> datetime.date:
    """Titles of year Y are judged by the law in force at the end of Y (when they are decided)."""
    return datetime.date(year, 12, 31)


def legal_version_on(day: datetime.date) -> LegalVersion:
    """The version in force on ``day``; before the first version, the first one applies."""
    version = (
        LegalVersion.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )
    if version is None:
        version = LegalVersion.objects.order_by("valid_from").first()
    if version is None:
        raise DomainError("Chưa có văn bản pháp lý nào trong danh mục.")
    return version


def rule_for(award_code: str, on_date: datetime.date) -> AwardRule:
    """The rule of ``award_code`` under the legal version in force on ``on_date``."""
    version = legal_version_on(on_date)
    rule = (
        AwardRule.objects.select_related("award_type", "legal_version")
        .filter(award_type__code=award_code, legal_version=version)
        .first()
    )
    if rule is None:
        raise DomainError(f"Chưa có quy định cho “{award_code}” theo {version.name}.")
    return rule


def base_salary_on(day: datetime.date) -> int:
    """The base salary (đồng) in force on ``day``."""
    salary = BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if salary is None:
        raise DomainError(f"Chưa có mức lương cơ sở áp dụng ngày {day:%d/%m/%Y}.")
    return salary.amount


def reward_amount(award_code: str, subject_kind: str, on_date: datetime.date) -> int | None:
    """Reward in đồng: multiplier × base salary on the decision date; None when the catalogue has no multiplier.

    Households get 1.5 × the individual amount (docs/domain.md#rule-21).
    """
    award = AwardType.objects.get(code=award_code)
    if subject_kind == SubjectKind.COLLECTIVE:
        multiplier = award.multiplier_collective
    elif subject_kind == SubjectKind.HOUSEHOLD:
        multiplier = award.multiplier_individual * HOUSEHOLD_FACTOR if award.multiplier_individual else None
    else:
        multiplier = award.multiplier_individual
    if multiplier is None:
        return None
    amount = multiplier * base_salary_on(on_date)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class RuleBook:
    """Every award type and rule loaded once (two queries), for evaluating many subjects."""

    def __init__(self) -> None:
        self.awards: dict[str, AwardType] = {a.code: a for a in AwardType.objects.all()}
        self.versions = list(LegalVersion.objects.order_by("valid_from"))
        self._rules: dict[tuple[int, int], AwardRule] = {
            (r.legal_version_id, r.award_type_id): r for r in AwardRule.objects.all()
        }

    def version_on(self, day: datetime.date) -> LegalVersion | None:
        for version in reversed(self.versions):
            if version.valid_from <= day and (version.valid_to is None or version.valid_to >= day):
                return version
        return self.versions[0] if self.versions else None

    def rule(self, award_code: str, day: datetime.date) -> AwardRule | None:
        award = self.awards.get(award_code)
        version = self.version_on(day)
        if award is None or version is None:
            return None
        return self._rules.get((version.pk, award.pk))
