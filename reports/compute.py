"""A statistics form computed for a body (its subtree) and a year.

Each form is one aggregate query over its source (a conditional COUNT per cell and per gap), so
its cost does not grow with the number of rows shown; the records behind a cell are the same
source filtered by the cell's row and column (``cell_records``), so every number can be listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from awards.models import AwardRecord
from campaigns.enums import MovementStatus
from campaigns.models import Movement
from organisation.enums import Role
from organisation.models import Membership, OrgUnit
from reports.definitions import AWARD_SCOPES, Circular, Gap, StatForm, circular_for, circular_in_force, layout_note


class UnknownCell(LookupError):
    """A row, column or gap the form does not have."""


def source(form: StatForm, body: OrgUnit, year: int) -> QuerySet:
    """Every record the form counts for ``body`` and ``year``."""
    path = body.path
    if form.source == "stage_awards":
        return AwardRecord.objects.filter(year__in=form.years, revoked=False).filter(
            Q(unit__path__startswith=path) | Q(person__unit__path__startswith=path)
        )
    if form.source == "stage_movements":
        return Movement.objects.filter(owner__path__startswith=path, starts_on__year__in=form.years).exclude(
            status=MovementStatus.DRAFT
        )
    if form.source == "awards":
        return (
            AwardRecord.objects.filter(year=year, revoked=False)
            .filter(Q(unit__path__startswith=path) | Q(person__unit__path__startswith=path))
            .filter(AWARD_SCOPES[form.code])
        )
    if form.source == "movements":
        # Movements launched (not drafts) whose run starts in the year.
        return (
            Movement.objects.filter(owner__path__startswith=path, starts_on__year=year)
            .exclude(status=MovementStatus.DRAFT)
            .annotate(span=ExpressionWrapper(F("ends_on") - F("starts_on"), output_field=DurationField()))
        )
    office = Membership.objects.filter(role=Role.OFFICE, unit__path__startswith=path)
    if form.source == "office_units":
        return OrgUnit.objects.filter(pk__in=office.values("unit_id"))
    if form.source == "office_staff":
        return get_user_model().objects.filter(pk__in=office.values("user_id"), is_active=True)
    raise ValueError(form.source)


def _count(*conditions: Q | None) -> Count:
    present = [c for c in conditions if c is not None]
    if not present:
        return Count("pk")
    condition = present[0]
    for other in present[1:]:
        condition &= other
    return Count("pk", filter=condition)


@dataclass
class Table:
    form: StatForm
    circular: Circular
    body: OrgUnit
    year: int
    values: dict[str, dict[str, int]]  # row code -> column key -> number
    gaps: list[tuple[Gap, int]]

    @property
    def in_force(self) -> Circular:
        """The circular governing the year (``circular`` is the one whose layout the form uses)."""
        return circular_in_force(self.year)

    @property
    def layout_note(self) -> str:
        return layout_note(self.year)

    def value(self, code: str, key: str) -> int:
        return self.values[code][key]

    def as_json(self) -> dict[str, Any]:
        """The stable interface of ``manage.py report`` (docs in the README)."""
        return {
            "form": self.form.code,
            "year": self.year,
            "body": self.body.code,
            "columns": [{"key": c.key, "label": str(c.full_label)} for c in self.form.columns],
            "rows": [
                {"code": line.code, "label": str(line.label), "values": dict(self.values[line.code])}
                for line in self.form.coded_lines
            ],
            # Added after the first five keys (which do not change): the layout used, the one in force.
            "circular": {
                "number": self.circular.number,
                "issued": self.circular.issued.isoformat(),
                "in_force": self.in_force.number,
                "note": self.layout_note,
            },
        }


def compute(form: StatForm, body: OrgUnit, year: int) -> Table:
    """The form's every cell and gap for ``body`` and ``year``: one query."""
    lines, columns = form.coded_lines, form.columns
    aggregates = {}
    for i, line in enumerate(lines):
        for j, column in enumerate(columns):
            aggregates[f"c{i}_{j}"] = _count(line.q, column.q)
    for k, gap in enumerate(form.gaps):
        aggregates[f"g{k}"] = _count(gap.q)
    result = source(form, body, year).aggregate(**aggregates)
    values = {
        line.code: {column.key: result[f"c{i}_{j}"] or 0 for j, column in enumerate(columns)}
        for i, line in enumerate(lines)
    }
    gaps = [(gap, result[f"g{k}"] or 0) for k, gap in enumerate(form.gaps)]
    return Table(form=form, circular=circular_for(year), body=body, year=year, values=values, gaps=gaps)


def cell_records(
    form: StatForm, body: OrgUnit, year: int, *, row: str = "", column: str = "", gap: str = ""
) -> QuerySet:
    """The records behind one cell (``row`` and ``column``) or one gap of the form."""
    records = source(form, body, year)
    if gap:
        found_gap = form.gap(gap)
        if found_gap is None:
            raise UnknownCell(gap)
        return records.filter(found_gap.q)
    line, col = form.line(row), form.column(column)
    if line is None or col is None:
        raise UnknownCell(f"{row}/{column}")
    for condition in (line.q, col.q):
        if condition is not None:
            records = records.filter(condition)
    return records


def form_for(code: str, year: int) -> StatForm:
    form = circular_for(year).forms.get(code)
    if form is None:
        raise UnknownCell(code)
    return form
