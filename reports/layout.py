"""What the page, the XLSX and the DOCX share about a form's layout: its header rows, its
reporting and receiving units, its signature block (the circular's template)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from django.utils.translation import gettext as _

from organisation.models import OrgUnit
from reports.compute import Table
from reports.definitions import StatForm


@dataclass(frozen=True)
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


def header_rows(form: StatForm) -> tuple[list[HeaderCell], list[HeaderCell], list[HeaderCell]]:
    """The column headers: the top row (a lone column spans both rows, a split one its group),
    the second row (the split columns' own labels) and the row of column numbers (A, B, C, 1, 2…)."""
    top = [HeaderCell("", 1, 2), HeaderCell(_("Mã số"), 1, 2)]
    if form.has_measure:
        top.append(HeaderCell(_("Đơn vị tính"), 1, 2))
    second: list[HeaderCell] = []
    for group, columns in groupby(form.columns, key=lambda c: str(c.group)):
        columns = list(columns)
        if not group:
            top += [HeaderCell(str(c.label), 1, 2) for c in columns]
        else:
            top.append(HeaderCell(group, len(columns), 1))
            second += [HeaderCell(str(c.label)) for c in columns]
    letters = ["A", "B", "C"] if form.has_measure else ["A", "B"]
    numbers = [HeaderCell(letter) for letter in letters]
    for number, columns in groupby(form.columns, key=lambda c: c.number):
        numbers.append(HeaderCell(number, len(list(columns))))
    return top, second, numbers


def grid_width(form: StatForm) -> int:
    """The table's columns: the label, the code, the measure where the form has one, and the figures."""
    return (3 if form.has_measure else 2) + len(form.columns)


def receiving_unit(body: OrgUnit) -> str:
    """The level above the body receives its statistics (the ministry for a province)."""
    if body.parent_id:
        return _("Thường trực Hội đồng Thi đua - Khen thưởng %(unit)s") % {"unit": body.parent.name}
    return _("Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)")


def heading_block(table: Table) -> dict[str, str]:
    form, circular = table.form, table.circular
    return {
        "number": _("Biểu số: %(number)s") % {"number": circular.form_number(form)},
        "basis": circular.basis,
        "received": _("Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo"),
        "title": str(form.title).upper(),
        "period": _("Năm %(year)s") % {"year": table.year},
        "reporter": _("Đơn vị báo cáo: %(unit)s") % {"unit": table.body.name},
        "receiver": _("Đơn vị nhận báo cáo: %(unit)s") % {"unit": receiving_unit(table.body)},
        "measure": (_("Đơn vị tính: %(measure)s") % {"measure": form.measure}) if form.measure else "",
        # For a year governed by a circular whose forms Songlo lacks: which layout is used, and why.
        "note": table.layout_note,
    }


def signature_block() -> tuple[tuple[str, str], tuple[str, str], str]:
    """(left title, its note), (right title, its note), the place-and-date line."""
    return (
        (_("Người lập biểu"), _("(Ký, họ tên)")),
        (_("Thủ trưởng đơn vị"), _("(Ký, họ tên, đóng dấu)")),
        _("…………, ngày …… tháng …… năm ……"),
    )
