"""The stage summary (báo cáo tổng kết giai đoạn): for a stage (e.g. 2020–2025) and a body, the
movements launched and the awards received, by year, as two tables built like the statistics
forms (every number a link to its records), and a DOCX draft the office completes and signs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardLevel
from awards.models import AwardType
from campaigns.enums import MovementKind
from campaigns.models import Stage
from organisation.models import OrgUnit
from reports.compute import Table, compute
from reports.definitions import Column, Line, StatForm

SUMMARY = "summary"
MOVEMENTS, AWARDS = "summary-movements", "summary-awards"
LEVEL_ORDER: list[str] = [AwardLevel.NATIONAL, AwardLevel.PROVINCE, AwardLevel.DISTRICT, AwardLevel.BASE]


def _year_columns(years: tuple[int, ...], field: str) -> tuple[Column, ...]:
    return (
        Column("1", _("Cả giai đoạn")),
        *(Column(str(year), str(year), Q(**{field: year}), _("Chia theo năm")) for year in years),
    )


def summary_forms(stage: Stage) -> list[StatForm]:
    """The summary's tables for ``stage``: its movements, then its awards by type, level by level."""
    years = tuple(range(stage.start_year, stage.end_year + 1))
    movements = StatForm(
        code=MOVEMENTS,
        title=_("Phong trào thi đua đã phát động"),
        source="stage_movements",
        measure=_("Phong trào"),
        lines=(
            Line("PT01", _("Tổng số phong trào")),
            Line("PT02", _("Thi đua thường xuyên"), Q(kind=MovementKind.REGULAR), indent=1),
            Line("PT03", _("Thi đua theo chuyên đề, theo đợt"), Q(kind=MovementKind.THEMATIC), indent=1),
        ),
        columns=_year_columns(years, "starts_on__year"),
        years=years,
    )
    types = sorted(AwardType.objects.filter(active=True), key=lambda a: (LEVEL_ORDER.index(a.level), a.order))
    lines: list[Line] = [Line("KT", _("Tổng số khen thưởng"))]
    for level in LEVEL_ORDER:
        of_level = [a for a in types if a.level == level]
        if of_level:
            lines.append(Line("", AwardLevel(level).label))
            lines += [Line(a.code, a.name, Q(award_type__code=a.code), indent=1) for a in of_level]
    awards = StatForm(
        code=AWARDS,
        title=_("Khen thưởng theo cấp và theo năm"),
        source="stage_awards",
        measure=_("Lượt"),
        lines=tuple(lines),
        columns=_year_columns(years, "year"),
        years=years,
    )
    return [movements, awards]


@dataclass
class Summary:
    stage: Stage
    body: OrgUnit
    tables: list[Table]

    def as_json(self) -> dict:
        """The same shape as a form's (``manage.py report summary``): both tables' rows, one list."""
        first = self.tables[0].as_json()
        return {
            "form": SUMMARY,
            "year": self.stage.end_year,
            "body": self.body.code,
            "columns": first["columns"],
            "rows": [row for table in self.tables for row in table.as_json()["rows"]],
        }


def compute_summary(stage: Stage, body: OrgUnit) -> Summary:
    return Summary(stage, body, [compute(form, body, stage.end_year) for form in summary_forms(stage)])


def summary_form(stage: Stage, code: str) -> StatForm | None:
    return next((form for form in summary_forms(stage) if form.code == code), None)


def stage_for_year(year: int, body: OrgUnit | None = None) -> Stage | None:
    """The stage that holds ``year``: the body's own (or one above it) first, else any."""
    stages = Stage.objects.filter(start_year__lte=year, end_year__gte=year).select_related("owner")
    if body is not None:
        own = [s for s in stages if body.path.startswith(s.owner.path) or s.owner.path.startswith(body.path)]
        if own:
            return sorted(own, key=lambda s: -len(s.owner.path))[0]
    return stages.order_by("-start_year", "pk").first()
