"""Thin views: fetch through a queryset scoped to the user, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from awards import charts, exports, import_jobs, services
from awards.eligibility import SUGGESTED_AWARDS, evaluate, order_for_ties, verdict_for_subject
from awards.enums import NOMINATION_BADGES, NOMINATION_EDITABLE, NOMINATION_TRANSITIONS, NominationStatus
from awards.exports import export_queryset, nominations_xlsx
from awards.forms import (
    DossierFileForm,
    DossierForm,
    ImportForm,
    NominationFilter,
    NominationStartForm,
    ReturnForm,
    ScreenForm,
    year_choices,
)
from awards.models import AwardType, DossierFile, Nomination, Person
from awards.selectors import eligibility_units, is_office_user, nominations_for_user, people_for_user
from organisation.models import OrgUnit
from organisation.selectors import headed_units, units_for_user
from songlo.files import private_file_response
from songlo.paging import page_by_ids
from songlo.params import YEAR_MAX, YEAR_MIN, id_params, year_param
from songlo.sorting import ListSorts, Sorts, choice_order
from songlo.spreadsheets import xlsx_response
from songlo.text import search_q
from songlo.views_support import FAILED, require_page, run

PAGE_SIZE = 50
# The nomination list's order (unit_path is the proposing unit's path, copied onto the row so
# that a page is read off one index) and the columns its table shows.
NOMINATION_LIST_ORDER = ("-year", "unit_path", "pk")
NOMINATION_LIST_COLUMNS = (
    "year",
    "status",
    "eligible",
    "override_reason",
    "person__full_name",
    "subject_unit__name",
    "unit__name",
    "award_type__name",
    "movement__title",
)


# Eligibility ------------------------------------------------------------------------------
def eligibility_verdicts(request, scope):
    """The verdicts the eligibility page lists for its filters (year, award, show, unit), in its order."""
    year = year_param(request.GET.get("year"))
    if year is None:
        if request.GET.get("year"):
            messages.error(
                request,
                _("Năm không hợp lệ: chọn một năm từ %(low)s đến %(high)s.") % {"low": YEAR_MIN, "high": YEAR_MAX},
            )
        year = timezone.localdate().year - 1
    award = request.GET.get("award") or ""
    show_all = request.GET.get("show") == "all"
    unit_code = request.GET.get("unit") or ""
    units = scope
    if unit_code:
        units = scope.filter(code=unit_code)
    verdicts = evaluate(
        year=year,
        persons=Person.objects.filter(unit__in=units),
        units=units,
        awards=[award] if award in SUGGESTED_AWARDS else None,
    )
    if award:
        verdicts = [v for v in verdicts if v.award == award]
    if not show_all:
        verdicts = [v for v in verdicts if v.eligible]
    return year, award, show_all, unit_code, order_for_ties(verdicts)


@login_required
@require_GET
def eligibility(request):
    """Who is eligible for what in year Y: the whole body for the office, the headed units for a head."""
    require_page(request, "awards.use_awards_area")
    scope = eligibility_units(request.user)
    year, award, show_all, unit_code, verdicts = eligibility_verdicts(request, scope)
    unit_names = dict(scope.values_list("pk", "name"))
    award_types = AwardType.objects.filter(code__in=SUGGESTED_AWARDS)
    award_names = {a.code: a.name for a in award_types}
    headed_ids = set(headed_units(request.user).values_list("pk", flat=True))
    taken = {
        (pid or 0, uid or 0, code)
        for pid, uid, code in Nomination.objects.filter(year=year, unit__in=scope).values_list(
            "person_id", "subject_unit_id", "award_type__code"
        )
    }
    # By default the list's own order (award, eligible first, ties); a header sorts by name.
    verdicts, sort = ListSorts(
        subject=lambda v: v.subject.name,
        unit=lambda v: unit_names.get(v.subject.unit_id, ""),
        award=lambda v: award_names.get(v.award, v.award),
    ).apply(request, verdicts)
    if request.GET.get("export") == "xlsx":
        return exports.eligibility_response(
            verdicts, year=year, unit_names=unit_names, award_names=award_names, taken=taken
        )
    page = Paginator(verdicts, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for v in page.object_list:
        is_person = v.subject.kind == "individual"
        key = (v.subject.pk, 0, v.award) if is_person else (0, v.subject.pk, v.award)
        rows.append(
            {
                "verdict": v,
                "unit_name": unit_names.get(v.subject.unit_id, ""),
                "award_name": award_names.get(v.award, v.award),
                "can_nominate": v.subject.unit_id in headed_ids and key not in taken,
                "nominated": key in taken,
                "subject_value": f"{'p' if is_person else 'u'}:{v.subject.pk}",
            }
        )
    query = "&".join(f"{k}={request.GET[k]}" for k in ("year", "award", "show", "unit") if request.GET.get(k))
    context = {
        "page": page,
        "rows": rows,
        "year": year,
        "award": award,
        "show_all": show_all,
        "unit_code": unit_code,
        "years": year_choices(),
        "awards": award_types,
        "units": scope.order_by("path"),
        "query_string": query,
        "sort": sort,
    }
    return render(request, "awards/eligibility.html", context)


# Statistics -------------------------------------------------------------------------------
@login_required
@require_GET
def statistics(request):
    """The office's charts, each with its numbers in a table; the office's home loads them too."""
    require_page(request, "awards.view_statistics")
    office_charts, counted_at = charts.cached_office_charts(request.user)
    return render(request, "awards/statistics.html", {"charts": office_charts, "counted_at": counted_at})


# People and timelines ---------------------------------------------------------------------
PERSON_SORTS = Sorts(
    "name", name="full_name", code="code", position=("position", "full_name"), unit=("unit__name", "full_name")
)


@login_required
def person_list(request):
    require_page(request, "awards.use_awards_area")
    people = people_for_user(request.user).select_related("unit")
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(search_q(query, "full_name", "code"))
    people, sort = PERSON_SORTS.apply(request, people)
    if request.GET.get("export") == "xlsx":
        return exports.people_response(people, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/person_list.html", {"page": page, "query": query, "sort": sort})


def _timeline(ratings, awards, initiatives, disciplines, nominations):
    years: dict[int, list[dict]] = {}
    for r in ratings:
        years.setdefault(r.year, []).append(
            {"icon": "clipboard-check", "text": _("Xếp loại") + f": {r.get_rating_display()} ({r.rating})"}
        )
    for a in awards:
        text = a.award_type.name
        if a.decision_number:
            text += " – " + _("QĐ %(number)s") % {"number": a.decision_number}
        if a.decision_date:
            text += " " + _("ngày") + f" {a.decision_date:%d/%m/%Y}"
        years.setdefault(a.year, []).append({"icon": "award", "text": text, "strong": True, "revoked": a.revoked})
    for i in initiatives:
        years.setdefault(i.year, []).append(
            {"icon": "lightbulb", "text": f"{i.get_kind_display()} {i.get_level_display().lower()}: {i.title}"}
        )
    for d in disciplines:
        end = f"{d.end:%d/%m/%Y}" if d.end else _("đang xem xét")
        years.setdefault(d.start.year, []).append(
            {
                "icon": "exclamation-triangle",
                "text": _("Kỷ luật") + f" {d.get_level_display().lower()}: {d.start:%d/%m/%Y} – {end}",
                "warn": True,
            }
        )
    for n in nominations:
        years.setdefault(n.year, []).append(
            {
                "icon": "send",
                "text": _("Đề nghị") + f" {n.award_type.name}",
                "status": n.get_status_display(),
                "badge": NOMINATION_BADGES[n.status],
                "url": n.get_absolute_url(),
            }
        )
    return sorted(years.items(), reverse=True)


@login_required
def person_detail(request, code):
    person = get_object_or_404(people_for_user(request.user).select_related("unit"), code=code)
    require_page(request, "awards.view_subject", person)
    timeline = _timeline(
        person.ratings.all(),
        person.awards.select_related("award_type"),
        person.initiatives.all(),
        person.disciplines.all(),
        nominations_for_user(request.user).filter(person=person).select_related("award_type"),
    )
    return render(request, "awards/person_detail.html", {"person": person, "timeline": timeline})


@login_required
def unit_history(request, code):
    unit = get_object_or_404(units_for_user(request.user).select_related("successor"), code=code)
    require_page(request, "awards.view_subject", unit)
    # The unit and the units merged into it: their history continues here.
    lineage, todo = [unit], [unit]
    while todo:
        current = todo.pop()
        for pred in OrgUnit.objects.filter(successor=current):
            if pred not in lineage:
                lineage.append(pred)
                todo.append(pred)
    from awards.models import AwardRecord, Discipline, Rating

    if request.GET.get("export") == "xlsx":
        records = AwardRecord.objects.filter(unit__in=lineage).select_related("award_type", "unit")
        return exports.award_history_response(unit, records.order_by("-year", "award_type__order", "pk"))
    timeline = _timeline(
        Rating.objects.filter(unit__in=lineage),
        AwardRecord.objects.filter(unit__in=lineage).select_related("award_type"),
        [],
        Discipline.objects.filter(unit__in=lineage),
        nominations_for_user(request.user).filter(subject_unit=unit).select_related("award_type"),
    )
    people_count = Person.objects.filter(unit=unit).count()
    return render(
        request,
        "awards/unit_history.html",
        {"unit": unit, "predecessors": lineage[1:], "timeline": timeline, "people_count": people_count},
    )


# Nominations ------------------------------------------------------------------------------
@login_required
def nomination_create(request):
    require_page(request, "organisation.use_unit_area")
    form = NominationStartForm(request.POST or None, initial=request.GET.dict() or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        subject = form.cleaned_data["subject"]
        person = subject if isinstance(subject, Person) else None
        subject_unit = subject if isinstance(subject, OrgUnit) else None
        proposer = person.unit if person else subject_unit
        nomination = run(
            request,
            services.nomination_create,
            _("Đã lập hồ sơ đề nghị. Hoàn thiện các thành phần hồ sơ rồi nộp."),
            form=form,
            unit=proposer,
            award=form.cleaned_data["award"],
            year=form.cleaned_data["year"],
            person=person,
            subject_unit=subject_unit,
            movement=form.cleaned_data["movement"],
        )
        if nomination is not FAILED:
            return redirect("awards:nomination_edit", pk=nomination.pk)
    return render(request, "awards/nomination_create.html", {"form": form})


@login_required
@require_GET
def nomination_check(request):
    """htmx: the live eligibility verdict for the subject, award and year chosen on the form."""
    kind, _sep, pk = request.GET.get("subject", "").partition(":")
    award = request.GET.get("award", "")
    year = year_param(request.GET.get("year"))
    verdict = None
    headed = headed_units(request.user)
    if pk.isdigit() and year and AwardType.objects.filter(code=award).exists():
        if kind == "p":
            person = Person.objects.filter(pk=pk, unit__in=headed).first()
            if person:
                verdict = verdict_for_subject(person=person, award_code=award, year=year)
        elif kind == "u":
            unit = headed.filter(pk=pk).first()
            if unit:
                verdict = verdict_for_subject(unit=unit, award_code=award, year=year)
    return render(request, "awards/includes/verdict.html", {"verdict": verdict})


# A nomination's subject is a person or a unit: its name is the one that is set.
_SUBJECT = Coalesce("person__full_name", "subject_unit__name")
NOMINATION_SORTS = Sorts(
    "-year",
    subject=(_SUBJECT, "unit__name"),
    award=("award_type__order", "award_type__name", _SUBJECT.asc()),
    year=("year", _SUBJECT.asc()),
    unit=("unit__name", _SUBJECT.asc()),
    movement=("movement__title", _SUBJECT.asc()),
    eligible=("eligible", _SUBJECT.asc()),
    status=(choice_order("status", NominationStatus.values), _SUBJECT.asc()),
)


@login_required
def nomination_list(request):
    user = request.user
    require_page(request, "awards.use_awards_area")
    base = nominations_for_user(user).select_related("person__unit", "subject_unit", "unit", "award_type", "movement")
    filters = NominationFilter(request.GET or None, queryset=base)
    sort = NOMINATION_SORTS.state(request)
    # The default order (newest year first) walks the list's index (year DESC, unit path, id);
    # a header's order sorts the ids by its columns instead.
    default = (sort.key, sort.descending) == (NOMINATION_SORTS.default_key, NOMINATION_SORTS.default_descending)
    ordering = NOMINATION_LIST_ORDER if default else NOMINATION_SORTS.order_by(sort)
    queryset = filters.qs.order_by(*ordering)
    if request.GET.get("export") == "xlsx":
        return xlsx_response(nominations_xlsx(export_queryset(queryset)), "danh-sach-de-nghi-khen-thuong.xlsx")
    # The ids sorted on the list's index, then fifty rows with the columns the table shows.
    rows = Nomination.objects.select_related("person", "subject_unit", "unit", "award_type", "movement").only(
        *NOMINATION_LIST_COLUMNS
    )
    page = page_by_ids(filters.qs, ordering, request.GET.get("page"), per_page=PAGE_SIZE, rows=rows)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    return render(
        request,
        "awards/nomination_list.html",
        {
            "page": page,
            "filter": filters,
            "query_string": params.urlencode(),
            "badges": NOMINATION_BADGES,
            "can_screen": is_office_user(user),
            "sort": sort,
        },
    )


@login_required
@require_POST
def nomination_screen_many(request):
    """The office finds the chosen submitted dossiers valid at once. A dossier whose subject does
    not meet the conditions is not screened here (it needs a written reason, on its own page)."""
    require_page(request, "awards.use_awards_area")
    ids = id_params(request.POST.getlist("nominations"))
    chosen = nominations_for_user(request.user).filter(pk__in=ids, status=NominationStatus.SUBMITTED)
    screened = 0
    for nomination in chosen.select_related("person", "subject_unit", "award_type", "unit").order_by("pk"):
        if run(request, services.nomination_screen, nomination=nomination) is not FAILED:
            screened += 1
    if screened:
        messages.success(
            request,
            ngettext("Đã xác nhận %(n)d hồ sơ hợp lệ.", "Đã xác nhận %(n)d hồ sơ hợp lệ.", screened) % {"n": screened},
        )
    elif not ids:
        messages.error(request, _("Chưa chọn hồ sơ nào."))
    query = request.POST.get("query", "")
    return redirect(f"{reverse('awards:nomination_list')}?{query}" if query else reverse("awards:nomination_list"))


def _get_nomination(request, pk) -> Nomination:
    return get_object_or_404(
        nominations_for_user(request.user).select_related(
            "person__unit", "subject_unit", "unit", "award_type", "movement", "overridden_by", "screened_by"
        ),
        pk=pk,
    )


def _can(user, perm: str, nomination: Nomination, new: str) -> bool:
    """May ``user`` move ``nomination`` to ``new`` now (the permission and the transition table)?"""
    return new in NOMINATION_TRANSITIONS[nomination.status] and user.has_perm(perm, nomination)


@login_required
def nomination_detail(request, pk):
    nomination = _get_nomination(request, pk)
    require_page(request, "awards.view_nomination", nomination)
    editable = nomination.status in NOMINATION_EDITABLE
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "n": nomination,
            "badge": NOMINATION_BADGES[nomination.status],
            "files": nomination.files.all(),
            "initiatives": nomination.initiatives.order_by("-year", "code"),
            "versions": nomination.versions.select_related("returned_by"),
            "missing": services.missing_parts(nomination) if editable else [],
            "can_edit": editable and request.user.has_perm("awards.edit_nomination", nomination),
            "can_screen": _can(request.user, "awards.screen_nomination", nomination, NominationStatus.SCREENED),
            "can_return": _can(request.user, "awards.return_nomination", nomination, NominationStatus.RETURNED),
            "screen_form": ScreenForm(),
            "return_form": ReturnForm(),
        },
    )


@login_required
def nomination_edit(request, pk):
    nomination = _get_nomination(request, pk)
    require_page(request, "awards.edit_nomination", nomination)
    if nomination.status not in NOMINATION_EDITABLE:
        raise PermissionDenied  # a dossier sent to the office is read on its detail page
    form = DossierForm(request.POST or None, instance=nomination)
    file_form = DossierFileForm()
    if request.method == "POST" and form.is_valid():
        done = run(
            request, services.nomination_update, _("Đã lưu hồ sơ."), nomination=nomination, data=form.cleaned_data
        )
        if done is not FAILED:
            return redirect("awards:nomination_edit", pk=nomination.pk)
    return render(
        request,
        "awards/nomination_edit.html",
        {
            "n": nomination,
            "form": form,
            "file_form": file_form,
            "files": nomination.files.all(),
            "missing": services.missing_parts(nomination),
        },
    )


@login_required
@require_POST
def nomination_upload(request, pk):
    nomination = _get_nomination(request, pk)
    form = DossierFileForm(request.POST, request.FILES)
    if form.is_valid():
        run(
            request,
            services.nomination_add_file,
            _("Đã tải tệp lên."),
            nomination=nomination,
            uploaded=form.cleaned_data["file"],
            part=form.cleaned_data["part"],
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("awards:nomination_edit", pk=nomination.pk)


@login_required
@require_POST
def nomination_remove_file(request, pk, file_id):
    nomination = _get_nomination(request, pk)
    run(request, services.nomination_remove_file, nomination=nomination, file_id=file_id)
    return redirect("awards:nomination_edit", pk=nomination.pk)


@login_required
def nomination_file(request, pk, file_id):
    nomination = _get_nomination(request, pk)
    item = get_object_or_404(DossierFile, pk=file_id, nomination=nomination)
    return private_file_response(item)


@login_required
@require_POST
def nomination_submit(request, pk):
    nomination = _get_nomination(request, pk)
    if nomination.status == NominationStatus.SUBMITTED:
        return redirect(nomination)  # already done: harmless
    done = run(request, services.nomination_submit, _("Đã nộp hồ sơ cho cơ quan thi đua."), nomination=nomination)
    if done is FAILED:
        return redirect("awards:nomination_edit", pk=nomination.pk)
    return redirect(nomination)


@login_required
@require_POST
def nomination_screen(request, pk):
    nomination = _get_nomination(request, pk)
    if nomination.status == NominationStatus.SCREENED:
        return redirect(nomination)
    form = ScreenForm(request.POST)
    form.is_valid()
    run(
        request,
        services.nomination_screen,
        _("Đã xác nhận hồ sơ hợp lệ."),
        nomination=nomination,
        override_reason=form.cleaned_data.get("override_reason", ""),
    )
    return redirect(nomination)


@login_required
@require_POST
def nomination_return(request, pk):
    nomination = _get_nomination(request, pk)
    if nomination.status == NominationStatus.RETURNED:
        return redirect(nomination)
    form = ReturnForm(request.POST)
    form.is_valid()
    run(
        request,
        services.nomination_return,
        _("Đã trả lại hồ sơ cho đơn vị."),
        nomination=nomination,
        reason=form.cleaned_data.get("reason", ""),
    )
    return redirect(nomination)


# Import -----------------------------------------------------------------------------------
@login_required
def import_upload(request):
    """Upload a workbook: a task reads and checks it; the job's page shows the preview when ready."""
    require_page(request, "awards.import_data")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = run(request, import_jobs.submit, form=form, uploaded=form.cleaned_data["file"])
        if job is not FAILED:
            return redirect(job)
    jobs = import_jobs.jobs_for_user(request.user)[:10]
    return render(request, "awards/import.html", {"form": form, "jobs": jobs})


@login_required
@require_GET
def import_job(request, pk: int):
    """One of the person's imports: progress while a task works on it, then the preview or the result.

    htmx polls this page while the job runs and gets only the job's fragment.
    """
    require_page(request, "awards.import_data")
    job = get_object_or_404(import_jobs.jobs_for_user(request.user), pk=pk)
    if request.headers.get("HX-Request"):
        return render(request, "awards/includes/import_job.html", {"job": job})
    return render(request, "awards/import_job.html", {"job": job})


@login_required
@require_POST
def import_confirm(request, pk: int):
    require_page(request, "awards.import_data")
    job = get_object_or_404(import_jobs.jobs_for_user(request.user), pk=pk)
    run(request, import_jobs.confirm, job=job)
    return redirect(job)


@login_required
@require_POST
def import_cancel(request, pk: int):
    require_page(request, "awards.import_data")
    job = get_object_or_404(import_jobs.jobs_for_user(request.user), pk=pk)
    if run(request, import_jobs.cancel, _("Đã hủy lượt nhập, tệp tải lên đã được xóa."), job=job) is FAILED:
        return redirect(job)
    return redirect("awards:import")
