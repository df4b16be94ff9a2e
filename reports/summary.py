"""The stage summary (báo cáo tổng kết giai đoạn): for a stage (e.g. 2020–2025) and a body, the
movements launched and the awards received, by year, as two tables built like the statistics
forms (every number a link to its records), and a DOCX draft the office completes and signs."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from awards.charts import Chart
from awards.enums import AwardLevel, InitiativeLevel
from awards.models import Acclamation, AwardType, Initiative
from campaigns.enums import MovementKind, MovementStatus, ReviewStatus
from campaigns.models import Movement, Participation, Review, Stage
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
class MovementResult:
    """A movement of the stage with its participation and how its reviews ended."""

    movement: Movement
    participants: int
    reviews: int
    submitted: int  # submitted or accepted
    accepted: int

    @property
    def submitted_percent(self) -> float | None:
        return round(self.submitted * 100 / self.reviews, 1) if self.reviews else None


@dataclass
class Summary:
    stage: Stage
    body: OrgUnit
    tables: list[Table]
    movements: list[MovementResult] = field(default_factory=list)
    acclamations: list[Acclamation] = field(default_factory=list)  # the blocks' leading units, by year
    initiatives: dict[int, dict[str, int]] = field(default_factory=dict)  # year -> level -> count

    @property
    def years(self) -> list[int]:
        return list(range(self.stage.start_year, self.stage.end_year + 1))

    def initiative_rows(self) -> list[tuple[str, list[int]]]:
        """(level, a count per year) for each level of recognition, highest first."""
        return [
            (str(label), [self.initiatives.get(year, {}).get(level, 0) for year in self.years])
            for level, label in reversed(InitiativeLevel.choices)
        ]

    def charts(self) -> list[Chart]:
        """Movements launched and awards by level, year by year: read off the tables (no query)."""
        movements, awards = self.tables
        labels = [str(year) for year in self.years]
        kinds = [("PT02", _("Thi đua thường xuyên")), ("PT03", _("Thi đua theo chuyên đề, theo đợt"))]
        launched = Chart(
            key="summary-movements",
            title=str(_("Phong trào thi đua phát động theo năm")),
            kind="bar",
            labels=labels,
            datasets=[
                {"label": str(label), "data": [movements.value(code, year) for year in labels]} for code, label in kinds
            ],
            stacked=True,
        )
        by_level: dict[str, list[int]] = {}
        codes = {line.code for line in awards.form.coded_lines}
        for award in AwardType.objects.filter(code__in=codes).only("code", "level"):
            counts = by_level.setdefault(award.level, [0] * len(labels))
            for i, y in enumerate(labels):
                counts[i] += awards.value(award.code, y)
        levels = Chart(
            key="summary-awards",
            title=str(_("Khen thưởng theo cấp và theo năm")),
            kind="bar",
            labels=labels,
            datasets=[
                {"label": str(AwardLevel(level).label), "data": by_level[level]}
                for level in LEVEL_ORDER
                if level in by_level
            ],
            stacked=True,
        )
        return [launched, levels]

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


def movement_results(stage: Stage, body: OrgUnit) -> list[MovementResult]:
    """The stage's movements of the body and its units, with participation and review outcomes:
    three grouped queries, whatever the number of movements, units and reviews."""
    years = range(stage.start_year, stage.end_year + 1)
    movements = list(
        Movement.objects.filter(owner__path__startswith=body.path, starts_on__year__in=years)
        .exclude(status=MovementStatus.DRAFT)
        .order_by("starts_on", "pk")
    )
    ids = [m.pk for m in movements]
    participants = dict(
        Participation.objects.filter(movement__in=ids).values_list("movement").annotate(n=Count("pk")).order_by()
    )
    done = [ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED]
    reviews = {
        row["period__movement"]: row
        for row in Review.objects.filter(period__movement__in=ids)
        .values("period__movement")
        .annotate(
            total=Count("pk"),
            submitted=Count("pk", filter=Q(status__in=done)),
            accepted=Count("pk", filter=Q(status=ReviewStatus.ACCEPTED)),
        )
        .order_by()
    }
    empty = {"total": 0, "submitted": 0, "accepted": 0}
    return [
        MovementResult(
            m,
            participants.get(m.pk, 0),
            reviews.get(m.pk, empty)["total"],
            reviews.get(m.pk, empty)["submitted"],
            reviews.get(m.pk, empty)["accepted"],
        )
        for m in movements
    ]


def compute_summary(stage: Stage, body: OrgUnit) -> Summary:
    """The summary's tables, its movements' results, the blocks' leading units and the initiatives
    (models of good practice) recognised in the stage, for the body and its units."""
    years = range(stage.start_year, stage.end_year + 1)
    acclamations = list(
        Acclamation.objects.filter(block__owner__path__startswith=body.path, year__in=years)
        .select_related("block", "unit")
        .order_by("year", "block__name")
    )
    initiatives: dict[int, dict[str, int]] = {}
    recognised = (
        Initiative.objects.filter(year__in=years, authors__unit__path__startswith=body.path)
        .values("year", "level")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    for row in recognised:
        initiatives.setdefault(row["year"], {})[row["level"]] = row["n"]
    return Summary(
        stage,
        body,
        [compute(form, body, stage.end_year) for form in summary_forms(stage)],
        movement_results(stage, body),
        acclamations,
        initiatives,
    )


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
