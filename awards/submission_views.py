"""Pages of the submissions (tờ trình) carrying lists: thin views over awards.submissions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from awards import list_matching, submissions
from awards.documents import documents_of_submission
from awards.enums import NOMINATION_BADGES, NOMINATION_EDITABLE, NominationStatus, SubmissionStatus
from awards.forms import ReturnForm, ScreenForm
from awards.import_reading import Unreadable
from awards.models import Household, Nomination, Person, Submission
from awards.selectors import is_office_user
from awards.submission_forms import (
    FromRatingsForm,
    FromRegistrationsForm,
    LineForm,
    ListImportForm,
    SubmissionForm,
    SubmissionStartForm,
)
from organisation.models import OrgUnit
from organisation.selectors import units_for_user
from songlo.paging import count_related, page_by_ids
from songlo.params import id_params
from songlo.sorting import Sorts, choice_order
from songlo.views_support import FAILED, require_page, run

PAGE_SIZE = 50
SUBMISSION_BADGES = {
    SubmissionStatus.DRAFT: "text-bg-secondary",
    SubmissionStatus.SUBMITTED: "text-bg-primary",
    SubmissionStatus.RETURNED: "text-bg-warning",
    SubmissionStatus.SCREENED: "text-bg-info",
}
# The session key of an imported list waiting for its review (per submission).
IMPORT_KEY = "submission-import-%d"


def submissions_for_user(user):
    """Submissions the user may see: those of units in their scope (all for a superuser)."""
    if user.is_superuser:
        return Submission.objects.all()
    return Submission.objects.filter(unit__in=units_for_user(user))


SUBMISSION_SORTS = Sorts(
    "-year",
    year=("year", "unit__name"),
    unit=("unit__name", "-year"),
    title=("title",),
    status=(choice_order("status", SubmissionStatus.values), "unit__name"),
    submitted=("submitted_at",),
)


@login_required
def submission_list(request):
    require_page(request, "awards.use_awards_area")
    base = submissions_for_user(request.user)
    status = request.GET.get("status", "")
    if status in SubmissionStatus.values:
        base = base.filter(status=status)
    year = request.GET.get("year", "")
    if year.isdigit():
        base = base.filter(year=int(year))
    sort = SUBMISSION_SORTS.state(request)
    rows = Submission.objects.select_related("unit", "movement")
    page = page_by_ids(base, SUBMISSION_SORTS.order_by(sort), request.GET.get("page"), per_page=PAGE_SIZE, rows=rows)
    count_related(page.object_list, Nomination.objects.all(), "submission", "line_count")
    for submission in page.object_list:
        submission.badge = SUBMISSION_BADGES[submission.status]
    return render(
        request,
        "awards/submission_list.html",
        {
            "page": page,
            "sort": sort,
            "badges": SUBMISSION_BADGES,
            "statuses": SubmissionStatus.choices,
            "status": status,
            "year": year,
            "can_create": request.user.has_perm("organisation.use_unit_area"),
        },
    )


@login_required
def submission_create(request):
    require_page(request, "organisation.use_unit_area")
    form = SubmissionStartForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submission = run(
            request,
            submissions.submission_create,
            _("Đã lập tờ trình. Thêm các dòng của danh sách rồi nộp."),
            form=form,
            unit=data["unit"],
            year=data["year"],
            movement=data["movement"],
            data=data,
        )
        if submission is not FAILED:
            return redirect("awards:submission_detail", pk=submission.pk)
    return render(request, "awards/submission_form.html", {"form": form, "submission": None})


def _get(request, pk) -> Submission:
    return get_object_or_404(
        submissions_for_user(request.user).select_related("unit", "movement", "created_by", "submitted_by"), pk=pk
    )


_SUBJECT = Coalesce("person__full_name", "subject_unit__name", "household__head_name")
LINE_SORTS = Sorts(
    "subject",
    subject=(_SUBJECT,),
    award=("award_type__order", "award_type__name", _SUBJECT.asc()),
    kind=("kind", _SUBJECT.asc()),
    eligible=("eligible", _SUBJECT.asc()),
    status=(choice_order("status", NominationStatus.values), _SUBJECT.asc()),
)
LINE_COLUMNS = (
    "submission",
    "unit",
    "year",
    "kind",
    "status",
    "eligible",
    "eligibility_reasons",
    "override_reason",
    "return_reason",
    "report_situation",
    "report_achievements",
    "version",
    "person__full_name",
    "person__code",
    "subject_unit__name",
    "household__head_name",
    "award_type__name",
    "award_type__code",
    "award_type__level",
    "award_type__for_individual",
    "award_type__for_collective",
    "award_type__for_household",
)
OUTCOMES = {NominationStatus.APPROVED, NominationStatus.REJECTED, NominationStatus.DECIDED, NominationStatus.REVOKED}


@login_required
def submission_detail(request, pk):
    submission = _get(request, pk)
    user = request.user
    require_page(request, "awards.view_nomination", submission)
    lines = submission.lines.all()
    status = request.GET.get("status", "")
    if status in NominationStatus.values:
        lines = lines.filter(status=status)
    sort = LINE_SORTS.state(request)
    rows = Nomination.objects.select_related("person", "subject_unit", "household", "award_type").only(*LINE_COLUMNS)
    page = page_by_ids(lines, LINE_SORTS.order_by(sort), request.GET.get("page"), per_page=PAGE_SIZE, rows=rows)
    for line in page.object_list:
        if line.household_id:
            line.name = _("Hộ %(name)s") % {"name": line.household.head_name}
        else:
            line.name = line.person.full_name if line.person_id else line.subject_unit.name
        line.report_needed = submissions.report_required(line.award_type)
        line.has_report = submissions.report_present(line)
        line.outcome = line.get_status_display() if line.status in OUTCOMES else ""
    counts = dict(submission.lines.order_by().values_list("status").annotate(n=Count("pk")))
    editable = submission.status in submissions.EDITABLE_SUBMISSION
    can_edit = editable and user.has_perm("awards.edit_nomination", submission)
    office = is_office_user(user) and user.has_perm("awards.screen_nomination", submission)
    return render(
        request,
        "awards/submission_detail.html",
        {
            "s": submission,
            "page": page,
            "sort": sort,
            "badge": SUBMISSION_BADGES[submission.status],
            "documents": documents_of_submission(submission),
            "badges": NOMINATION_BADGES,
            "counts": [(NominationStatus(k).label, v) for k, v in sorted(counts.items())],
            "total": sum(counts.values()),
            "missing": submissions.submission_missing_parts(submission) if editable else [],
            "can_edit": can_edit,
            "can_screen": office and counts.get(NominationStatus.SUBMITTED, 0) > 0,
            "can_return": office
            and (counts.get(NominationStatus.SUBMITTED, 0) + counts.get(NominationStatus.SCREENED, 0)) > 0,
            "editable_statuses": NOMINATION_EDITABLE,
            "line_form": LineForm(user=user) if can_edit else None,
            "registrations_form": FromRegistrationsForm(prefix="reg") if can_edit else None,
            "ratings_form": FromRatingsForm(prefix="rat") if can_edit else None,
            "screen_form": ScreenForm(),
            "return_form": ReturnForm(),
            "statuses": NominationStatus.choices,
            "status": status,
        },
    )


@login_required
def submission_edit(request, pk):
    submission = _get(request, pk)
    require_page(request, "awards.edit_nomination", submission)
    if submission.status not in submissions.EDITABLE_SUBMISSION:
        raise PermissionDenied
    form = SubmissionForm(request.POST or None, instance=Submission.objects.get(pk=submission.pk))
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            submissions.submission_update,
            _("Đã lưu tờ trình."),
            form=form,
            submission=submission,
            data=form.cleaned_data,
        )
        if done is not FAILED:
            return redirect("awards:submission_detail", pk=submission.pk)
    return render(request, "awards/submission_form.html", {"form": form, "submission": submission})


def _skipped(request, result) -> None:
    if result is FAILED:
        return
    if result.added:
        messages.success(
            request,
            ngettext("Đã thêm %(n)d dòng.", "Đã thêm %(n)d dòng.", len(result.added)) % {"n": len(result.added)},
        )
    for text in result.skipped[:20]:
        messages.warning(request, text)
    if len(result.skipped) > 20:
        messages.warning(request, _("… và %(n)d dòng khác không thêm được.") % {"n": len(result.skipped) - 20})
    if not result.added and not result.skipped:
        messages.info(request, _("Không có dòng nào để thêm."))


@login_required
@require_POST
def submission_add_line(request, pk):
    submission = _get(request, pk)
    form = LineForm(request.POST, user=request.user)
    if form.is_valid():
        subject = form.cleaned_data["subject"]
        run(
            request,
            submissions.submission_add_line,
            _("Đã thêm dòng."),
            submission=submission,
            award=form.cleaned_data["award"],
            person=subject if isinstance(subject, Person) else None,
            subject_unit=subject if isinstance(subject, OrgUnit) else None,
            household=subject if isinstance(subject, Household) else None,
            kind=form.cleaned_data["kind"],
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("awards:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_add_registered(request, pk):
    submission = _get(request, pk)
    form = FromRegistrationsForm(request.POST, prefix="reg")
    if form.is_valid():
        specs = submissions.registered_specs(submission, form.cleaned_data["award"])
        service = submissions.submission_add_eligible if form.cleaned_data["only_eligible"] else None
        if service is None:
            result = run(request, submissions.submission_add_lines, submission=submission, specs=specs)
        else:
            result = run(request, service, submission=submission, specs=specs)
        _skipped(request, result)
    else:
        messages.error(request, _("Chọn danh hiệu."))
    return redirect("awards:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_add_rated(request, pk):
    submission = _get(request, pk)
    form = FromRatingsForm(request.POST, prefix="rat")
    if form.is_valid():
        specs = submissions.rated_specs(submission, form.cleaned_data["award"], form.cleaned_data["minimum"])
        _skipped(request, run(request, submissions.submission_add_lines, submission=submission, specs=specs))
    else:
        messages.error(request, _("Chọn danh hiệu và xếp loại."))
    return redirect("awards:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_remove_lines(request, pk):
    submission = _get(request, pk)
    removed = run(
        request,
        submissions.submission_remove_lines,
        submission=submission,
        line_ids=id_params(request.POST.getlist("lines")),
    )
    if removed is not FAILED:
        messages.success(request, ngettext("Đã bỏ %(n)d dòng.", "Đã bỏ %(n)d dòng.", removed) % {"n": removed})
    return redirect("awards:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_submit(request, pk):
    submission = _get(request, pk)
    run(
        request,
        submissions.submission_submit,
        _("Đã nộp tờ trình và danh sách cho cơ quan thi đua."),
        submission=submission,
    )
    return redirect("awards:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_screen(request, pk):
    submission = _get(request, pk)
    form = ScreenForm(request.POST)
    form.is_valid()
    chosen = id_params(request.POST.getlist("lines"))
    done = run(
        request,
        submissions.submission_screen_lines,
        submission=submission,
        line_ids=chosen or None,
        override_reason=form.cleaned_data.get("override_reason", ""),
    )
    if done is not FAILED:
        messages.success(
            request, ngettext("Đã xác nhận %(n)d dòng hợp lệ.", "Đã xác nhận %(n)d dòng hợp lệ.", done) % {"n": done}
        )
    return redirect("awards:submission_detail", pk=submission.pk)


@login_required
@require_POST
def submission_return(request, pk):
    submission = _get(request, pk)
    form = ReturnForm(request.POST)
    form.is_valid()
    chosen = id_params(request.POST.getlist("lines"))
    whole = request.POST.get("whole") == "1"
    if not chosen and not whole:
        messages.error(request, _("Chọn các dòng cần trả lại, hoặc trả lại cả tờ trình."))
        return redirect("awards:submission_detail", pk=submission.pk)
    done = run(
        request,
        submissions.submission_return_lines,
        submission=submission,
        line_ids=None if whole else chosen,
        reason=form.cleaned_data.get("reason", ""),
    )
    if done is not FAILED:
        messages.success(request, ngettext("Đã trả lại %(n)d dòng.", "Đã trả lại %(n)d dòng.", done) % {"n": done})
    return redirect("awards:submission_detail", pk=submission.pk)


# Importing the unit's list ----------------------------------------------------------------------
@login_required
def submission_import(request, pk):
    """Upload the list: read and matched at once, kept in the session for the review; nothing saved."""
    submission = _get(request, pk)
    require_page(request, "awards.edit_nomination", submission)
    if submission.status not in submissions.EDITABLE_SUBMISSION:
        raise PermissionDenied
    form = ListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "list.xlsx"
            with path.open("wb") as out:
                for chunk in uploaded.chunks():
                    out.write(chunk)
            try:
                sheet = list_matching.read_list(path)
            except Unreadable as error:
                for problem in error.problems:
                    form.add_error("file", problem)
                sheet = None
        if sheet is not None:
            matches = list_matching.match_rows(
                sheet.rows, scope=submission.unit, default_award=form.cleaned_data["default_award"], codes=sheet.codes
            )
            request.session[IMPORT_KEY % submission.pk] = {
                "file": uploaded.name,
                "columns": sheet.columns,
                "rows": [m.as_data() for m in matches],
            }
            return redirect("awards:submission_import_review", pk=submission.pk)
    return render(request, "awards/submission_import.html", {"s": submission, "form": form})


@login_required
def submission_import_review(request, pk):
    """Each row matched, ambiguous (choose among its candidates) or not found (why); saved on confirm."""
    submission = _get(request, pk)
    require_page(request, "awards.edit_nomination", submission)
    key = IMPORT_KEY % submission.pk
    pending = request.session.get(key)
    if not pending:
        messages.info(request, _("Chưa có danh sách nào chờ xác nhận: tải tệp lên trước."))
        return redirect("awards:submission_import", pk=submission.pk)
    rows = pending["rows"]
    choices = {}
    for row in rows:
        if row["status"] == list_matching.AMBIGUOUS:
            value = request.POST.get(f"row-{row['number']}", "")
            if value:
                choices[row["number"]] = value
    if request.method == "POST":
        if request.POST.get("cancel"):
            del request.session[key]
            messages.info(request, _("Đã hủy nhập danh sách; không có gì được lưu."))
            return redirect("awards:submission_detail", pk=submission.pk)
        result = run(
            request,
            submissions.submission_import_lines,
            submission=submission,
            rows=rows,
            choices=choices,
            file_name=pending["file"],
        )
        if result is not FAILED:
            del request.session[key]
            _skipped(request, result)
            return redirect("awards:submission_detail", pk=submission.pk)
    counts = {list_matching.MATCHED: 0, list_matching.AMBIGUOUS: 0, list_matching.NOT_FOUND: 0}
    for row in rows:
        counts[row["status"]] += 1
        row["chosen"] = choices.get(row["number"], "")
        row["is_matched"] = row["status"] == list_matching.MATCHED
        row["is_ambiguous"] = row["status"] == list_matching.AMBIGUOUS
    return render(
        request,
        "awards/submission_import_review.html",
        {"s": submission, "pending": pending, "rows": rows, "counts": counts},
    )
