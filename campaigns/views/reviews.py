"""Review pages: the office's period dashboard and decisions, the unit head's review form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery, Sum, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from campaigns import services
from campaigns.enums import REVIEW_EDITABLE, REVIEW_PENDING, ReviewStatus
from campaigns.forms import AcceptForm, DashboardFilterForm, EvidenceForm, ExtensionForm, ReturnForm, ReviewForm
from campaigns.models import Criterion, EmulationBlock, Evidence, Review, ReviewScore
from campaigns.selectors import reviews_for_user
from campaigns.views.common import paginate, query_string_without_page
from campaigns.views.movements import _period
from songlo import spreadsheets
from songlo.files import private_file_response
from songlo.params import id_params
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


@login_required
def period_detail(request, pk):
    """The office's dashboard of a period: every unit's status, filters, counts, progress."""
    period = _period(request, pk)
    form, rows, counts, status, now = _dashboard_rows(period, request.GET)
    return render(
        request,
        "campaigns/period_detail.html",
        {
            "period": period,
            "criteria": period.criteria.all(),
            "filter_form": form,
            "page": paginate(request, rows),
            "counts": counts,
            "status": status,
            "statuses": DASHBOARD_STATUSES,
            "now": now,
            "query_string": query_string_without_page(request),
            "export_query": request.GET.urlencode(),
            "can_accept": request.user.has_perm("campaigns.manage_movement", period.movement),
        },
    )


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


@login_required
def period_export(request, pk):
    """The status table of the dashboard (same filters) as an Excel workbook."""
    from openpyxl.styles import Font

    period = _period(request, pk)
    _form, rows, _counts, _status, now = _dashboard_rows(period, request.GET)
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
    ]
    spreadsheets.append_row(sheet, header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for i, review in enumerate(rows, start=1):
        overdue = review.status in REVIEW_PENDING and review.effective_deadline < now
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
                float(review.self_total) if review.self_total is not None else None,
                float(review.office_total) if review.office_total is not None else None,
            ],
        )
    for column, width in zip("ABCDEFGHIJ", [6, 40, 16, 34, 18, 10, 18, 18, 14, 14], strict=True):
        sheet.column_dimensions[column].width = width
    return spreadsheets.xlsx_response(book, f"bao-cao-ky-{period.pk}.xlsx")


@login_required
def review_list(request):
    """Reviews the user may read: their units' (head), accepted ones (council), all of them (office)."""
    reviews = (
        reviews_for_user(request.user)
        .with_deadline()
        .select_related("unit", "period", "period__movement")
        .order_by("-period__deadline", "unit__path")
    )
    status = request.GET.get("status", "")
    if status in ReviewStatus.values:
        reviews = reviews.filter(status=status)
    return render(
        request,
        "campaigns/review_list.html",
        {
            "page": paginate(request, reviews),
            "status": status,
            "statuses": ReviewStatus.choices,
            "editable_statuses": REVIEW_EDITABLE,
            "query_string": query_string_without_page(request),
        },
    )


def _review(request, pk) -> Review:
    return get_object_or_404(
        reviews_for_user(request.user).select_related(
            "unit", "period", "period__movement", "submitted_by", "decided_by"
        ),
        pk=pk,
    )


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
        "targets": review.period.movement.targets.all(),
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
        form = ReviewForm(request.POST, criteria=criteria, targets=targets)
    else:
        form = ReviewForm(criteria=criteria, targets=targets, initial=_review_initial(review))
    if request.method == "POST" and form.is_valid():
        submitting = "submit" in request.POST
        service = services.review_submit if submitting else services.review_save_draft
        if run(request, service, form=form, review=review, content=form.content(), scores=form.scores()) is not FAILED:
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
        **{f"figure_{k}": v for k, v in review.figures.items()},
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
