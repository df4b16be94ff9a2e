"""Review pages: the office's period dashboard and decisions, the unit head's review form."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from campaigns import services
from campaigns.enums import REVIEW_EDITABLE, REVIEW_PENDING, ReviewStatus
from campaigns.forms import (
    AcceptForm,
    DashboardFilterForm,
    EvidenceForm,
    ExtensionForm,
    ReturnForm,
    ReviewFiguresForm,
    ReviewForm,
)
from campaigns.models import Criterion, EmulationBlock, Evidence, Review, ReviewFigure, ReviewScore
from campaigns.selectors import figure_totals, late_reminders, reviews_for_user
from campaigns.views.common import PAGE_SIZE, paginate, query_string_without_page
from campaigns.views.movements import _period
from songlo import spreadsheets
from songlo.files import private_file_response
from songlo.paging import page_by_ids
from songlo.params import id_params
from songlo.sorting import Sorts, choice_order
from songlo.views_support import FAILED, require_page, run

LATE = "late"
DASHBOARD_STATUSES = [
    (ReviewStatus.NOT_STARTED, ReviewStatus.NOT_STARTED.label),
    (ReviewStatus.DRAFT, ReviewStatus.DRAFT.label),
    (ReviewStatus.SUBMITTED, ReviewStatus.SUBMITTED.label),
    (LATE, _("Quá hạn chưa nộp")),
    (ReviewStatus.RETURNED, ReviewStatus.RETURNED.label),
    (ReviewStatus.ACCEPTED, ReviewStatus.ACCEPTED.label),
]


def _score_total(field: str) -> Subquery:
    # A correlated subquery, not a JOIN + GROUP BY: the database then sums the scores of the
    # page's 50 rows only, and counting the rows for the paginator needs no grouping.
    return Subquery(
        ReviewScore.objects.filter(review=OuterRef("pk")).values("review").annotate(total=Sum(field)).values("total")
    )


def _dashboard_rows(period, params):
    """The period's reviews, filtered by block, unit kind and status, with the counts of each status."""
    blocks = EmulationBlock.objects.filter(owner=period.movement.owner)
    form = DashboardFilterForm(params or None, blocks=blocks)
    reviews = period.reviews.with_deadline()
    if form.is_valid():
        if form.cleaned_data["block"]:
            reviews = reviews.filter(unit__blocks=form.cleaned_data["block"])
        if form.cleaned_data["kind"]:
            reviews = reviews.filter(unit__kind=form.cleaned_data["kind"])
    now = timezone.now()
    overdue = Q(status__in=REVIEW_PENDING, effective_deadline__lt=now)
    counts = reviews.aggregate(
        total=Count("pk"),
        late=Count("pk", filter=overdue),
        late_submissions=Count("pk", filter=Q(is_late=True)),
        **{status: Count("pk", filter=Q(status=status)) for status in ReviewStatus.values},
    )
    status = params.get("status", "")
    if status == LATE:
        reviews = reviews.filter(overdue)
    elif status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    rows = (
        reviews.select_related("unit")
        .prefetch_related(Prefetch("unit__blocks", queryset=blocks.only("pk", "name")))
        .annotate(self_total=_score_total("self_score"), office_total=_score_total("office_score"))
        .order_by("unit__path")
    )
    done = counts[ReviewStatus.SUBMITTED] + counts[ReviewStatus.ACCEPTED]
    counts["progress"] = round(100 * done / counts["total"]) if counts["total"] else 0
    counts["done"] = done
    return form, rows, counts, status, now


DASHBOARD_SORTS = Sorts(
    "unit",
    unit="unit__name",
    status=(choice_order("status", ReviewStatus.values), F("unit__name").asc()),
    deadline=("effective_deadline", F("unit__name").asc()),
    submitted=("submitted_at", F("unit__name").asc()),
    self_score=("self_total", F("unit__name").asc()),
    office_score=("office_total", F("unit__name").asc()),
)
# The dashboard table's columns (the review's text fields stay in the database).
DASHBOARD_COLUMNS = ("status", "is_late", "submitted_at", "extended_deadline", "unit", "unit__name", "period")


@login_required
def period_detail(request, pk):
    """The office's dashboard of a period: every unit's status, filters, counts, progress."""
    period = _period(request, pk)
    form, rows, counts, status, now = _dashboard_rows(period, request.GET)
    rows, sort = DASHBOARD_SORTS.apply(request, rows)
    can_accept = request.user.has_perm("campaigns.manage_movement", period.movement)
    page = paginate(request, rows.only(*DASHBOARD_COLUMNS))
    page.object_list = list(page.object_list)
    for review in page.object_list:  # once here, not through a related manager per row in the template
        review.block_names = "; ".join(block.name for block in review.unit.blocks.all())
    return render(
        request,
        "campaigns/period_detail.html",
        {
            "period": period,
            "criteria": period.criteria.all(),
            "figure_totals": figure_totals(period, rows),
            "filter_form": form,
            "page": page,
            "counts": counts,
            "status": status,
            "statuses": DASHBOARD_STATUSES,
            "now": now,
            "query_string": query_string_without_page(request),
            "export_query": request.GET.urlencode(),
            "can_accept": can_accept,
            "sort": sort,
            "late_reminders": late_reminders(period) if can_accept else [],
            "remind_hours": settings.NOTIFY_REMIND_LATE_HOURS,
        },
    )


@login_required
@require_POST
def period_remind_late(request, pk):
    """The office reminds every unit that has not submitted, in one click (rate-limited, audited)."""
    period = _period(request, pk, page=False)
    run(
        request,
        services.period_remind_late,
        lambda done: (
            ngettext(
                "Đã nhắc %(units)d đơn vị chưa nộp báo cáo (%(people)d người nhận).",
                "Đã nhắc %(units)d đơn vị chưa nộp báo cáo (%(people)d người nhận).",
                done[0],
            )
            % {"units": done[0], "people": done[1]}
        ),
        period=period,
    )
    return redirect(period)


@login_required
@require_POST
def period_accept_many(request, pk):
    """The office accepts the chosen submitted reviews at once, each with the unit's own scores
    as its scores (as the single accept form proposes them); each acceptance is audited."""
    period = _period(request, pk, page=False)
    ids = id_params(request.POST.getlist("reviews"))
    reviews = period.reviews.filter(pk__in=ids, status=ReviewStatus.SUBMITTED).select_related("unit", "period")
    accepted = 0
    for review in reviews.prefetch_related("scores").order_by("unit__path"):
        scores = {score.criterion_id: score.self_score for score in review.scores.all()}
        if run(request, services.review_accept, review=review, office_scores=scores) is not FAILED:
            accepted += 1
    if accepted:
        messages.success(
            request,
            ngettext(
                "Đã tiếp nhận %(n)d báo cáo, điểm thẩm định bằng điểm đơn vị tự chấm.",
                "Đã tiếp nhận %(n)d báo cáo, điểm thẩm định bằng điểm đơn vị tự chấm.",
                accepted,
            )
            % {"n": accepted},
        )
    elif not ids:
        messages.error(request, _("Chưa chọn báo cáo nào để tiếp nhận."))
    query = request.POST.get("query", "")
    return redirect(f"{period.get_absolute_url()}?{query}" if query else period.get_absolute_url())


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _figures_sheet(book, period, rows) -> None:
    """A second sheet: each target's figures totalled over the listed units that reported."""
    sheet = book.create_sheet(_("Số liệu chỉ tiêu")[:31])
    spreadsheets.append_row(sheet, [period.name, _("Tổng hợp từ các báo cáo đã nộp hoặc đã tiếp nhận.")])
    spreadsheets.append_row(sheet, [])
    spreadsheets.append_row(
        sheet,
        [
            _("Chỉ tiêu"),
            _("Đơn vị tính"),
            _("Mức phải đạt"),
            _("Cách tổng hợp"),
            _("Tổng hợp"),
            _("Số đơn vị báo cáo"),
            _("Số đơn vị đạt"),
        ],
    )
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for f in figure_totals(period, rows):
        spreadsheets.append_row(
            sheet,
            [
                f.target.name,
                f.target.measure,
                _number(f.target.target),
                f.target.get_total_display(),
                _number(f.total),
                f.units,
                f.reached if f.target.target is not None else None,
            ],
        )
    for column, width in zip("ABCDEFG", [44, 16, 14, 26, 14, 14, 12], strict=True):
        sheet.column_dimensions[column].width = width


@login_required
def period_export(request, pk):
    """The status table of the dashboard (same filters) as an Excel workbook, with each criterion's
    scores and each target's figure per unit, and a second sheet totalling the figures."""

    period = _period(request, pk)
    _form, rows, _counts, _status, now = _dashboard_rows(period, request.GET)
    criteria = list(period.criteria.all())
    targets = list(period.movement.targets.all())
    book, sheet = spreadsheets.workbook()
    sheet.title = _("Tình hình nộp báo cáo")[:31]
    spreadsheets.append_row(sheet, [period.name, str(period.movement)])
    spreadsheets.append_row(sheet, [])
    header = [
        _("STT"),
        _("Đơn vị"),
        _("Loại đơn vị"),
        _("Cụm, khối"),
        _("Trạng thái"),
        _("Nộp muộn"),
        _("Hạn nộp"),
        _("Ngày nộp"),
        _("Điểm tự chấm"),
        _("Điểm thẩm định"),
        *[
            label % {"criterion": c.name}
            for c in criteria
            for label in (_("%(criterion)s – tự chấm"), _("%(criterion)s – thẩm định"))
        ],
        *[f"{t.name} ({t.measure})" if t.measure else t.name for t in targets],
    ]
    spreadsheets.append_row(sheet, header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # The period's scores and figures as plain values, two queries (no model per score).
    all_scores: dict[int, dict[tuple[int, str], Decimal | None]] = defaultdict(dict)
    for review_id, criterion_id, own, office in ReviewScore.objects.filter(review__period=period).values_list(
        "review", "criterion", "self_score", "office_score"
    ):
        all_scores[review_id][(criterion_id, "self")] = own
        all_scores[review_id][(criterion_id, "office")] = office
    all_figures: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for review_id, target_id, value in ReviewFigure.objects.filter(review__period=period).values_list(
        "review", "target", "value"
    ):
        all_figures[review_id][target_id] = value
    for i, review in enumerate(rows, start=1):
        overdue = review.status in REVIEW_PENDING and review.effective_deadline < now
        scores = all_scores.get(review.pk, {})
        figures = all_figures.get(review.pk, {})
        spreadsheets.append_row(
            sheet,
            [
                i,
                review.unit.name,
                review.unit.get_kind_display(),
                ", ".join(b.name for b in review.unit.blocks.all()),
                _("Quá hạn chưa nộp") if overdue else review.get_status_display(),
                _("Có") if review.is_late else "",
                timezone.localtime(review.effective_deadline).strftime("%d/%m/%Y %H:%M"),
                timezone.localtime(review.submitted_at).strftime("%d/%m/%Y %H:%M") if review.submitted_at else "",
                _number(review.self_total),
                _number(review.office_total),
                *[_number(scores.get((c.pk, side))) for c in criteria for side in ("self", "office")],
                *[_number(figures.get(t.pk)) for t in targets],
            ],
        )
    widths = [6, 40, 16, 34, 18, 10, 18, 18, 14, 14, *[16] * (2 * len(criteria) + len(targets))]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if targets:
        _figures_sheet(book, period, rows)
    return spreadsheets.xlsx_response(book, f"bao-cao-ky-{period.pk}.xlsx")


# The latest period first, its units by name.
REVIEW_SORTS = Sorts(
    "-deadline",
    period=("period__name", "period__movement__title", F("unit__name").asc()),
    unit=("unit__name", F("period__deadline").desc()),
    deadline=("effective_deadline", F("unit__name").asc()),
    status=(choice_order("status", ReviewStatus.values), F("unit__name").asc()),
)
REVIEW_LIST_COLUMNS = (
    "status",
    "is_late",
    "extended_deadline",
    "unit__name",
    "period__name",
    "period__status",
    "period__deadline",
    "period__movement__title",
)


@login_required
def review_list(request):
    """Reviews the user may read: their units' (head), accepted ones (council), all of them (office)."""
    reviews = reviews_for_user(request.user).with_deadline()
    sort = REVIEW_SORTS.state(request)
    # By the effective deadline (a unit's extension counts), as the header says, then by unit.
    ordering = REVIEW_SORTS.order_by(sort)
    status = request.GET.get("status", "")
    if status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    # The ids sorted with only the sort keys joined, then the page's rows with the columns shown.
    rows = (
        Review.objects.with_deadline().select_related("unit", "period", "period__movement").only(*REVIEW_LIST_COLUMNS)
    )
    page = page_by_ids(reviews, ordering, request.GET.get("page"), per_page=PAGE_SIZE, rows=rows)
    return render(
        request,
        "campaigns/review_list.html",
        {
            "page": page,
            "status": status,
            "statuses": ReviewStatus.choices,
            "editable_statuses": REVIEW_EDITABLE,
            "query_string": query_string_without_page(request),
            "sort": sort,
        },
    )


def _review(request, pk) -> Review:
    return get_object_or_404(
        reviews_for_user(request.user).select_related(
            "unit", "period", "period__movement", "submitted_by", "decided_by"
        ),
        pk=pk,
    )


def _figures(review: Review) -> list[dict]:
    """Each target of the movement with the unit's number, or the text typed before figures were numbers."""
    values = {f.target_id: f.value for f in review.figure_values.all()}
    return [
        {"target": t, "value": values.get(t.pk), "text": (review.figures or {}).get(str(t.pk), "")}
        for t in review.period.movement.targets.all()
    ]


@login_required
def review_detail(request, pk):
    review = _review(request, pk)
    require_page(request, "campaigns.view_review", review)
    scores = {s.criterion_id: s for s in review.scores.all()}
    criteria = [(c, scores.get(c.pk)) for c in review.period.criteria.all()]
    can_decide = request.user.has_perm("campaigns.decide_review", review)
    context = {
        "review": review,
        "criteria": criteria,
        "figures": _figures(review),
        "evidence": review.evidence.select_related("uploaded_by"),
        "versions": review.versions.select_related("returned_by"),
        "extensions": review.extensions.select_related("granted_by"),
        "can_edit": request.user.has_perm("campaigns.edit_review", review) and review.status in REVIEW_EDITABLE,
        "can_decide": can_decide and review.status == ReviewStatus.SUBMITTED,
        "can_extend": can_decide and review.status in REVIEW_EDITABLE,
    }
    if context["can_decide"]:
        context["return_form"] = ReturnForm(prefix="return")
        context["accept_form"] = AcceptForm(
            prefix="accept",
            criteria=review.period.criteria.all(),
            initial_scores={k: s.self_score for k, s in scores.items()},
        )
    if context["can_extend"]:
        context["extension_form"] = ExtensionForm()
    return render(request, "campaigns/review_detail.html", context)


def _run_with_figures(request, service, form, figures, review):
    """The review's figures and then ``service`` (save or submit) in one transaction: both or neither."""
    with transaction.atomic():
        result = run(request, services.review_figures_save, form=form, review=review, values=figures.values())
        if result is not FAILED:
            result = run(request, service, form=form, review=review, content=form.content(), scores=form.scores())
        if result is FAILED:
            transaction.set_rollback(True)
    return result


@login_required
def review_edit(request, pk):
    """The unit head's form: save a draft any number of times, or submit (after a confirmation)."""
    review = get_object_or_404(
        reviews_for_user(request.user).select_related("unit", "period", "period__movement"), pk=pk
    )
    require_page(request, "campaigns.edit_review", review)
    if review.status not in REVIEW_EDITABLE:
        messages.info(request, _("Báo cáo đã nộp nên chỉ xem được, không sửa được."))
        return redirect(review)
    # Read once here, then by the form and the service alike. Ordered within their one period or
    # movement (the models' orderings start with it, which would join its table for nothing).
    prefetch_related_objects([review.period], Prefetch("criteria", Criterion.objects.order_by("order", "pk")))
    criteria = list(review.period.criteria.all())
    targets = list(review.period.movement.targets.order_by("order", "pk"))
    if request.method == "POST":
        # A bound form shows what was posted: the stored values are not read.
        form = ReviewForm(request.POST, criteria=criteria)
    else:
        form = ReviewForm(criteria=criteria, initial=_review_initial(review))
    figures = ReviewFiguresForm(
        request.POST or None,
        targets=targets,
        legacy=review.figures,
        initial={f"figure_{f.target_id}": f.value for f in review.figure_values.all()},
    )
    if request.method == "POST" and form.is_valid() and figures.is_valid():
        submitting = "submit" in request.POST
        service = services.review_submit if submitting else services.review_save_draft
        if _run_with_figures(request, service, form, figures, review) is not FAILED:
            if submitting:
                text = _("Đã nộp báo cáo. Thường trực thi đua sẽ xem xét và phản hồi.")
                if review.is_late:
                    text = _("Đã nộp báo cáo (nộp muộn). Thường trực thi đua sẽ xem xét và phản hồi.")
                messages.success(request, text)
                return redirect(review)
            messages.success(request, _("Đã lưu nháp. Bạn có thể tiếp tục sửa trước khi nộp."))
            return redirect("campaigns:review_edit", pk=review.pk)
    return render(
        request,
        "campaigns/review_form.html",
        {
            "review": review,
            "form": form,
            "figures_form": figures,
            "evidence_form": EvidenceForm(),
            "evidence": review.evidence.order_by("uploaded_at"),
        },
    )


def _review_initial(review: Review) -> dict:
    return {
        "results": review.results,
        "limitations": review.limitations,
        "lessons": review.lessons,
        "direction": review.direction,
        **{f"score_{s.criterion_id}": s.self_score for s in review.scores.all()},
    }


@login_required
@require_POST
def review_return(request, pk):
    review = _review(request, pk)
    form = ReturnForm(request.POST, prefix="return")
    form.is_valid()  # an empty comment is refused by the service, after the permission
    run(
        request,
        services.review_return,
        _("Đã trả lại báo cáo của %(unit)s kèm ý kiến.") % {"unit": review.unit.name},
        review=review,
        comment=form.cleaned_data.get("comment", ""),
    )
    return redirect(review)


@login_required
@require_POST
def review_accept(request, pk):
    review = _review(request, pk)
    require_page(request, "campaigns.decide_review", review)
    form = AcceptForm(request.POST, prefix="accept", criteria=review.period.criteria.all())
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    else:
        run(
            request,
            services.review_accept,
            _("Đã tiếp nhận báo cáo của %(unit)s.") % {"unit": review.unit.name},
            review=review,
            office_scores=form.scores(),
            comment=form.cleaned_data["comment"],
        )
    return redirect(review)


@login_required
@require_POST
def review_extend(request, pk):
    review = _review(request, pk)
    require_page(request, "campaigns.decide_review", review)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập hạn mới và lý do gia hạn."))
    else:
        run(
            request,
            services.extension_grant,
            _("Đã gia hạn cho %(unit)s.") % {"unit": review.unit.name},
            review=review,
            new_deadline=form.cleaned_data["new_deadline"],
            reason=form.cleaned_data["reason"],
        )
    return redirect(review)


@login_required
@require_POST
def evidence_upload(request, pk):
    review = _review(request, pk)
    require_page(request, "campaigns.edit_review", review)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
    else:
        run(
            request,
            services.evidence_add,
            lambda evidence: _("Đã đính kèm “%(name)s”.") % {"name": evidence.original_name},
            review=review,
            uploaded=form.cleaned_data["file"],
        )
    return redirect("campaigns:review_edit", pk=review.pk)


def _evidence(request, pk) -> Evidence:
    evidence = get_object_or_404(
        Evidence.objects.select_related("review").filter(
            Exists(reviews_for_user(request.user).filter(pk=OuterRef("review_id")))
        ),
        pk=pk,
    )
    return evidence


@login_required
def evidence_download(request, pk):
    """Stream a file only to someone who may read its review."""
    evidence = _evidence(request, pk)
    require_page(request, "campaigns.view_review", evidence.review)
    return private_file_response(evidence)


@login_required
@require_POST
def evidence_delete(request, pk):
    evidence = _evidence(request, pk)
    review = evidence.review
    run(request, services.evidence_remove, _("Đã gỡ tệp minh chứng."), evidence=evidence)
    return redirect("campaigns:review_edit", pk=review.pk)
