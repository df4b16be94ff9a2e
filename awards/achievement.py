"""Registered vs achieved (issue 12, point 7): for a year (or a movement), per unit and per title,
how many subjects were registered by name, and of them how many were nominated (a nomination of
that subject, award and year past draft), approved by the council (approved or later) and
decided (an award record not revoked).

Rows are the chosen unit's own registrations and each of its sub-units' subtrees (drill down by
choosing a sub-unit). Two queries whatever the number of units and registrations: the sub-units,
and one grouped count over the registrations (three EXISTS per registration).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from awards.enums import NominationStatus, RegistrationStatus
from awards.models import AwardRecord, AwardType, Nomination, TitleRegistration
from campaigns.models import Movement
from organisation.models import OrgUnit
from songlo.spreadsheets import list_xlsx_response

APPROVED_OR_LATER = [NominationStatus.APPROVED, NominationStatus.DECIDED, NominationStatus.REVOKED]
MEASURES = ("registered", "nominated", "approved", "decided")


@dataclass
class Figures:
    registered: int = 0
    nominated: int = 0
    approved: int = 0
    decided: int = 0

    def add(self, other: Figures) -> None:
        for name in MEASURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Line:
    unit: OrgUnit
    own: bool  # the unit's own registrations only (not its sub-units')
    award: AwardType
    figures: Figures


@dataclass
class Table:
    lines: list[Line] = field(default_factory=list)
    totals: dict[int, Figures] = field(default_factory=dict)  # award id -> figures
    awards: dict[int, AwardType] = field(default_factory=dict)
    drillable: set[int] = field(default_factory=set)  # sub-units that have sub-units

    @property
    def total_lines(self) -> list[tuple[AwardType, Figures]]:
        return [(self.awards[pk], figures) for pk, figures in self.totals.items()]


def _same_subject() -> Q:
    return (
        Q(person_id=OuterRef("person_id"))
        | Q(subject_unit_id=OuterRef("subject_unit_id"))
        | Q(household_id=OuterRef("household_id"))
    )


def annotated(registrations: QuerySet[TitleRegistration]) -> QuerySet[TitleRegistration]:
    """Each registration with whether its subject was nominated, approved and awarded for it."""
    nominations = Nomination.objects.filter(
        _same_subject(), award_type_id=OuterRef("award_type_id"), year=OuterRef("year")
    ).exclude(status=NominationStatus.DRAFT)
    records = AwardRecord.objects.filter(
        Q(person_id=OuterRef("person_id"))
        | Q(unit_id=OuterRef("subject_unit_id"))
        | Q(household_id=OuterRef("household_id")),
        award_type_id=OuterRef("award_type_id"),
        year=OuterRef("year"),
        revoked=False,
    )
    return registrations.annotate(
        was_nominated=Exists(nominations),
        was_approved=Exists(nominations.filter(status__in=APPROVED_OR_LATER)),
        was_decided=Exists(records),
    )


def table(root: OrgUnit, *, year: int, movement: Movement | None = None, award: AwardType | None = None) -> Table:
    """The figures of ``root`` (its own registrations) and of each sub-unit's subtree, per award."""
    registrations = TitleRegistration.objects.filter(unit__path__startswith=root.path).exclude(
        status=RegistrationStatus.RETURNED
    )
    if movement is not None:
        registrations = registrations.filter(movement=movement)
    else:
        registrations = registrations.filter(year=year, movement__isnull=True)
    if award is not None:
        registrations = registrations.filter(award_type=award)
    children = list(root.children.order_by("name", "pk")) if hasattr(root, "children") else []
    by_code = {child.code: child for child in children}
    rows = (
        annotated(registrations)
        .values("unit__path", "award_type_id")
        .annotate(
            registered=Count("pk"),
            nominated=Count("pk", filter=Q(was_nominated=True)),
            approved=Count("pk", filter=Q(was_approved=True)),
            decided=Count("pk", filter=Q(was_decided=True)),
        )
        .order_by()
    )
    cells: dict[tuple[int, int], Figures] = {}
    table_ = Table()
    award_ids = set()
    for row in rows:
        rest = row["unit__path"][len(root.path) :]
        child = by_code.get(rest.split("/")[0]) if rest else None
        holder = child.pk if child is not None else root.pk
        figures = Figures(*(row[name] for name in MEASURES))
        cells.setdefault((holder, row["award_type_id"]), Figures()).add(figures)
        table_.totals.setdefault(row["award_type_id"], Figures()).add(figures)
        award_ids.add(row["award_type_id"])
    table_.awards = {a.pk: a for a in AwardType.objects.filter(pk__in=award_ids).order_by("order", "pk")}
    ordered_awards = list(table_.awards.values())
    for unit, own in [(root, True), *((child, False) for child in children)]:
        for a in ordered_awards:
            figures = cells.get((unit.pk, a.pk))
            if figures is not None:
                table_.lines.append(Line(unit, own, a, figures))
    table_.drillable = set(
        OrgUnit.objects.filter(parent__in=[c.pk for c in children]).values_list("parent_id", flat=True).distinct()
    )
    table_.totals = {pk: table_.totals[pk] for pk in table_.awards}
    return table_


def xlsx(result: Table, *, root: OrgUnit, caption: str, filename: str):
    """The page's table as a workbook (its filters in the caption)."""
    header = [
        _("Đơn vị"),
        _("Phạm vi"),
        _("Danh hiệu, hình thức"),
        _("Đăng ký"),
        _("Được đề nghị"),
        _("Được thông qua"),
        _("Được khen thưởng"),
    ]
    own, whole = _("Đăng ký trực tiếp"), _("Gồm các đơn vị trực thuộc")

    def rows():
        for line in result.lines:
            scope = own if line.own else whole
            yield [line.unit.name, scope, line.award.name, *(getattr(line.figures, m) for m in MEASURES)]
        for pk, figures in result.totals.items():
            yield [_("Tổng cộng"), "", result.awards[pk].name, *(getattr(figures, m) for m in MEASURES)]

    return list_xlsx_response(
        filename=filename,
        title=_("Đăng ký và đạt được"),
        header=header,
        rows=rows(),
        widths=(40, 24, 36, 10, 14, 14, 16),
        caption=[caption],
    )
