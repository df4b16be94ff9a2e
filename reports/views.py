"""Thin views of the statistics forms: the office reads its body's forms, follows any number to
the records behind it, and downloads the form as XLSX or DOCX (docs in the README)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.models import Stage
from organisation.models import OrgUnit
from reports.compute import Table, UnknownCell, cell_records, compute, form_for
from reports.definitions import FORM_CODES, circular_for, layout_note
from reports.documents import filename, summary_docx, table_docx, table_xlsx
from reports.layout import header_rows, heading_block, signature_block
from reports.selectors import default_body, report_bodies
from reports.summary import AWARDS, MOVEMENTS, Summary, compute_summary, summary_form
from songlo.params import YEAR_MAX, YEAR_MIN, id_param, year_param
from songlo.spreadsheets import xlsx_response
from songlo.views_support import require_page

PAGE_SIZE = 50
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What the records of each source are ordered by, and the relations their list shows.
RECORD_ORDER = {
    "awards": (("award_type", "person__unit", "unit"), ("award_type__order", "unit__path", "person__full_name", "pk")),
    "movements": (("owner",), ("starts_on", "pk")),
    "office_units": (("parent",), ("path",)),
    "office_staff": ((), ("full_name", "pk")),
}
# The summary's tables list the same records as the forms.
LISTED_AS = {"stage_awards": "awards", "stage_movements": "movements"}


def _year_and_body(request, default_year: int | None = None) -> tuple[int, OrgUnit]:
    """The year and the body asked for, within what the user may report on (404 outside)."""
    year = year_param(request.GET.get("year"))
    if year is None:
        if request.GET.get("year"):
            messages.error(
                request,
                _("Năm không hợp lệ: chọn một năm từ %(low)s đến %(high)s.") % {"low": YEAR_MIN, "high": YEAR_MAX},
            )
        year = default_year or timezone.localdate().year - 1
    code = request.GET.get("body") or ""
    bodies = report_bodies(request.user)
    body = bodies.select_related("parent").filter(code=code).first() if code else default_body(request.user)
    if body is None:
        raise Http404(_("Không có đơn vị này trong phạm vi báo cáo của bạn."))
    return year, body


def _table(request, form_code: str) -> Table:
    form, body, year = _table_inputs(request, form_code)
    return compute(form, body, year)


def _query(table: Table, **extra) -> str:
    return urlencode({"year": table.year, "body": table.body.code, **extra})


@login_required
@require_GET
def index(request):
    require_page(request, "reports.view_reports")
    year, body = _year_and_body(request)
    circular = circular_for(year)
    forms = [
        {
            "form": form,
            "url": f"{reverse('reports:form', args=[form.code])}?{urlencode({'year': year, 'body': body.code})}",
        }
        for form in circular.forms.values()
    ]
    stages = Stage.objects.filter(owner__in=report_bodies(request.user)).order_by("-start_year", "pk")[:20]
    summaries = [
        {"stage": stage, "url": f"{reverse('reports:summary')}?{urlencode({'stage': stage.pk, 'body': body.code})}"}
        for stage in stages
    ]
    context = {
        "forms": forms,
        "summaries": summaries,
        "year": year,
        "body": body,
        "circular": circular,
        "layout_note": layout_note(year),
        **_choices(request, year, body),
    }
    return render(request, "reports/index.html", context)


def _choices(request, year: int, body: OrgUnit) -> dict:
    this_year = timezone.localdate().year
    top = default_body(request.user)
    # The office's body and its first level below (a commune's, an agency's own figures); the body
    # shown stays in the list even when it lies deeper (reached by its code).
    bodies = list(report_bodies(request.user).filter(depth__lte=top.depth + 1).order_by("path")[:200]) if top else []
    if body not in bodies:
        bodies.append(body)
    return {"years": list(range(this_year, this_year - 8, -1)), "bodies": bodies}


def _grid(table: Table, **extra) -> dict:
    """What templates/reports/includes/grid.html shows of a computed table: headers, rows, links."""
    top, second, numbers = header_rows(table.form)
    cell_url = reverse("reports:cell", args=[table.form.code])
    rows = []
    for line in table.form.lines:
        cells = []
        if not line.heading:
            for column in table.form.columns:
                value = table.value(line.code, column.key)
                query = _query(table, row=line.code, col=column.key, **extra)
                cells.append({"value": value, "url": f"{cell_url}?{query}"})
        rows.append({"line": line, "cells": cells})
    gaps = [
        {"gap": gap, "count": count, "url": f"{cell_url}?{_query(table, gap=gap.key, **extra)}"}
        for gap, count in table.gaps
    ]
    return {
        "form": table.form,
        "header_top": top,
        "header_second": second,
        "header_numbers": numbers,
        "rows": rows,
        "gaps": gaps,
        "span": len(numbers) + 10,
    }


@login_required
@require_GET
def form_detail(request, form: str):
    table = _table(request, form)
    context = {
        "table": table,
        "form": table.form,
        "grid": _grid(table),
        "head": heading_block(table),
        "signature": signature_block(),
        "query": _query(table),
        "form_codes": FORM_CODES,
        "year": table.year,
        "body": table.body,
        **_choices(request, table.year, table.body),
    }
    return render(request, "reports/form_detail.html", context)


@login_required
@require_GET
def form_cell(request, form: str):
    """The records behind one number of the form (or behind one count of missing facts)."""
    form_def, body, year = _table_inputs(request, form)
    row, column, gap = request.GET.get("row", ""), request.GET.get("col", ""), request.GET.get("gap", "")
    try:
        records = cell_records(form_def, body, year, row=row, column=column, gap=gap)
    except UnknownCell:
        raise Http404(_("Biểu không có ô này.")) from None
    source = LISTED_AS.get(form_def.source, form_def.source)
    related, order = RECORD_ORDER[source]
    records = records.select_related(*related).order_by(*order) if related else records.order_by(*order)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    line, col, found_gap = form_def.line(row), form_def.column(column), form_def.gap(gap)
    context = {
        "form": form_def,
        "body": body,
        "year": year,
        "line": line,
        "column": col,
        "gap": found_gap,
        "page": page,
        "source": source,
        "back": _back(request, form_def, year, body),
        "query_string": urlencode(
            {
                "year": year,
                "body": body.code,
                "row": row,
                "col": column,
                "gap": gap,
                "stage": request.GET.get("stage", ""),
            }
        ),
    }
    return render(request, "reports/form_cell.html", context)


def _back(request, form, year: int, body: OrgUnit) -> str:
    if form.code in (MOVEMENTS, AWARDS):
        return f"{reverse('reports:summary')}?{urlencode({'stage': request.GET.get('stage'), 'body': body.code})}"
    return f"{reverse('reports:form', args=[form.code])}?{urlencode({'year': year, 'body': body.code})}"


def _table_inputs(request, form_code: str):
    require_page(request, "reports.view_reports")
    year, body = _year_and_body(request)
    if form_code in (MOVEMENTS, AWARDS):
        stage = _stage(request)
        found = summary_form(stage, form_code)
        if found is None:
            raise Http404(_("Không có biểu này."))
        return found, body, stage.end_year
    try:
        return form_for(form_code, year), body, year
    except UnknownCell:
        raise Http404(_("Không có biểu này.")) from None


def _stage(request) -> Stage:
    stage = Stage.objects.filter(pk=id_param(request.GET.get("stage"))).first()
    if stage is None:
        raise Http404(_("Không có giai đoạn này."))
    return stage


def _summary(request) -> Summary:
    require_page(request, "reports.view_reports")
    stage = _stage(request)
    _year, body = _year_and_body(request, stage.end_year)
    return compute_summary(stage, body)


@login_required
@require_GET
def summary(request):
    """The stage summary: movements and awards by year, each number a link to its records."""
    result = _summary(request)
    extra = {"stage": result.stage.pk}
    context = {
        "summary": result,
        "grids": [_grid(table, **extra) for table in result.tables],
        "charts": result.charts(),
        "body": result.body,
        "stage": result.stage,
        "query": urlencode({"stage": result.stage.pk, "body": result.body.code}),
    }
    return render(request, "reports/summary.html", context)


@login_required
@require_GET
def summary_docx_view(request):
    result = _summary(request)
    response = HttpResponse(summary_docx(result), content_type=DOCX_CONTENT_TYPE)
    name = f"tong-ket-{result.body.code}-{result.stage.start_year}-{result.stage.end_year}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def form_xlsx(request, form: str):
    table = _table(request, form)
    # The form goes to the level above: in Vietnamese, whatever the language of the screen.
    with translation.override("vi"):
        data = table_xlsx(table)
    return xlsx_response(data, filename(table, "xlsx"))


@login_required
@require_GET
def form_docx(request, form: str):
    table = _table(request, form)
    with translation.override("vi"):
        data = table_docx(table)
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(table, "docx")}"'
    return response
