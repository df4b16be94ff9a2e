"""Thin views: fetch through a queryset scoped to the user, call one service, redirect."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from awards import charts, eligibility_snapshots, exports, import_jobs, services
from awards.documents import documents_of
from awards.eligibility import (
    SUGGESTED_AWARDS,
    Check,
    Subject,
    eligible_verdicts,
    evaluate,
    order_for_ties,
    verdict_for_subject,
)
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
from awards.models import DOSSIER_FIELDS, AwardType, DossierFile, EligibleVerdict, Nomination, Person
from awards.reasons import award_name
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
LETTER_AND_MINUTES = [name for name in DOSSIER_FIELDS if name.startswith(("letter_", "minutes_"))]
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
    "household__head_name",
    "unit__name",
    "award_type__name",
    "movement__title",
)


# Eligibility ------------------------------------------------------------------------------
# Up to this many people in view, verdicts are judged on the spot; above, the office's page reads
# the year's snapshot (awards.eligibility_snapshots: never older than its inputs).
LIVE_PEOPLE_LIMIT = 3000
SUBJECTS_PER_PAGE = 20
UNIT_CHOICES_SHOWN = 20


@dataclass
class ShownVerdict:
    """What the eligibility page shows of a verdict, live or from a snapshot."""

    subject: Subject
    award: str
    year: int
    checks: list[Check]

    @property
    def eligible(self) -> bool:
        return all(c.ok for c in self.checks)


def _shown_from_snapshot(row: EligibleVerdict, year: int) -> ShownVerdict:
    subject = Subject(row.kind, row.subject_id, row.code, row.name, row.unit_id, preferred=row.preferred)
    checks = [Check(c["key"], c["ok"], c["code"], c["params"]) for c in row.checks]
    return ShownVerdict(subject, row.award, year, checks)


def _eligibility_unit_filter(request, scope):
    """The unit chosen by code (and everything under it), or units matching the typed words."""
    unit_code = request.GET.get("unit") or ""
    unit_words = (request.GET.get("unit_q") or "").strip()
    chosen = scope.filter(code=unit_code).first() if unit_code else None
    matches = []
    if chosen is None and unit_words:
        matches = list(
            scope.filter(search_q(unit_words, "name", "code"))
            .order_by("path")
            .only("code", "name")[: UNIT_CHOICES_SHOWN + 1]
        )
        if len(matches) == 1:
            chosen, matches = matches[0], []
    return chosen, matches


@login_required
@require_GET
def eligibility(request):
    """Who is eligible for what in year Y: the whole body for the office, the headed units for a head.

    Eligible only (the default): every eligible subject, by award, ties ordered (rule 10), from the
    snapshot when the view is large; with everyone shown: subjects page by page, judged live.
    """
    require_page(request, "awards.use_awards_area")
    scope = eligibility_units(request.user)
    year = year_param(request.GET.get("year"))
    if year is None:
        if request.GET.get("year"):
            messages.error(
                request,
                _("Năm không hợp lệ: chọn một năm từ %(low)s đến %(high)s.") % {"low": YEAR_MIN, "high": YEAR_MAX},
            )
        year = timezone.localdate().year - 1
    award = request.GET.get("award") or ""
    if award not in SUGGESTED_AWARDS:
        award = ""
    show_all = request.GET.get("show") == "all"
    chosen, unit_matches = _eligibility_unit_filter(request, scope)
    units = scope.within(chosen) if chosen is not None else scope
    people = Person.objects.filter(unit__in=units)
    awards = [award] if award else None
    award_types = AwardType.objects.filter(code__in=SUGGESTED_AWARDS)
    award_names = {a.code: award_name(a.code, a.name) for a in award_types}
    unit_names: dict[int, str] = {}
    # A header sorts by name and an export takes every row: then the whole list is built (with
    # everyone shown, every subject is judged: slow at province scale); by default, page by page.
    sorts = ListSorts(
        subject=lambda v: v.subject.name,
        unit=lambda v: unit_names.get(v.subject.unit_id, ""),
        award=lambda v: award_names.get(v.award, v.award),
    )
    sort = sorts.state(request)
    exporting = request.GET.get("export") == "xlsx"
    whole = exporting or bool(sort.key)
    if whole:
        unit_names = dict(units.values_list("pk", "name"))
        if show_all:
            everyone = evaluate(year=year, persons=people, units=units, awards=awards)
            listed = [ShownVerdict(v.subject, v.award, v.year, v.checks) for v in order_for_ties(everyone)]
        elif people.count() <= LIVE_PEOPLE_LIMIT:
            eligible = order_for_ties(eligible_verdicts(year=year, persons=people, units=units, awards=awards))
            listed = [ShownVerdict(v.subject, v.award, v.year, v.checks) for v in eligible]
        else:
            snapshot = eligibility_snapshots.fresh_snapshot(year)
            stored = snapshot.verdicts.filter(unit__in=units.values("pk")).order_by("position")
            listed = [_shown_from_snapshot(row, year) for row in (stored.filter(award=award) if award else stored)]
        listed, sort = sorts.apply(request, listed)
        if exporting:
            taken_all = {
                (pid or 0, uid or 0, code)
                for pid, uid, code in Nomination.objects.filter(year=year, unit__in=scope).values_list(
                    "person_id", "subject_unit_id", "award_type__code"
                )
            }
            return exports.eligibility_response(
                listed, year=year, unit_names=unit_names, award_names=award_names, taken=taken_all
            )
        page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
    elif show_all:
        # Everyone, page by page: people (by unit and name), then units; only the page is judged.
        person_ids = people.values_list("pk", flat=True)
        unit_ids = units.values_list("pk", flat=True)
        subjects = _SubjectPages(person_ids, unit_ids)
        page = Paginator(subjects, SUBJECTS_PER_PAGE).get_page(request.GET.get("page"))
        chosen_people = [pk for kind, pk in page.object_list if kind == "p"]
        chosen_units = [pk for kind, pk in page.object_list if kind == "u"]
        verdicts = evaluate(
            year=year,
            persons=Person.objects.filter(pk__in=chosen_people),
            units=OrgUnit.objects.filter(pk__in=chosen_units),
            awards=awards,
        )
        shown = [ShownVerdict(v.subject, v.award, v.year, v.checks) for v in verdicts]
    elif people.count() <= LIVE_PEOPLE_LIMIT:
        verdicts = order_for_ties(eligible_verdicts(year=year, persons=people, units=units, awards=awards))
        page = Paginator(verdicts, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = [ShownVerdict(v.subject, v.award, v.year, v.checks) for v in page.object_list]
    else:
        snapshot = eligibility_snapshots.fresh_snapshot(year)
        rows = snapshot.verdicts.filter(unit__in=units.values("pk")).order_by("position")
        if award:
            rows = rows.filter(award=award)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = [_shown_from_snapshot(row, year) for row in page.object_list]
    if not whole:
        unit_names = dict(OrgUnit.objects.filter(pk__in={v.subject.unit_id for v in shown}).values_list("pk", "name"))
    headed_ids = set(headed_units(request.user).values_list("pk", flat=True))
    shown_people = [v.subject.pk for v in shown if v.subject.kind == "individual"]
    shown_units = [v.subject.pk for v in shown if v.subject.kind == "collective"]
    taken = {
        (pid or 0, uid or 0, code)
        for pid, uid, code in Nomination.objects.filter(year=year, unit__in=scope)
        .filter(Q(person_id__in=shown_people) | Q(subject_unit_id__in=shown_units))
        .values_list("person_id", "subject_unit_id", "award_type__code")
    }
    rows_shown = []
    for v in shown:
        is_person = v.subject.kind == "individual"
        key = (v.subject.pk, 0, v.award) if is_person else (0, v.subject.pk, v.award)
        rows_shown.append(
            {
                "verdict": v,
                "unit_name": unit_names.get(v.subject.unit_id, ""),
                "award_name": award_names.get(v.award, v.award),
                "can_nominate": v.subject.unit_id in headed_ids and key not in taken,
                "nominated": key in taken,
                "subject_value": f"{'p' if is_person else 'u'}:{v.subject.pk}",
            }
        )
    params = {
        "year": str(year),
        "award": award,
        "show": "all" if show_all else "",
        "unit": chosen.code if chosen else "",
        "sort": sort.value,
    }
    context = {
        "page": page,
        "rows": rows_shown,
        "year": year,
        "award": award,
        "show_all": show_all,
        "chosen_unit": chosen,
        "unit_words": "" if chosen else request.GET.get("unit_q", ""),
        "unit_matches": unit_matches[:UNIT_CHOICES_SHOWN],
        "unit_matches_more": len(unit_matches) > UNIT_CHOICES_SHOWN,
        "years": year_choices(),
        "awards": [(a.code, award_names[a.code]) for a in award_types],
        "query_string": urlencode({k: v for k, v in params.items() if v}),
        "base_query": urlencode({k: v for k, v in params.items() if v and k != "unit"}),
        "sort": sort,
    }
    return render(request, "awards/eligibility.html", context)


class _SubjectPages:
    """People then units, as one sequence the paginator slices (two COUNTs, then one slice each)."""

    def __init__(self, person_ids, unit_ids) -> None:
        self.person_ids = person_ids
        self.unit_ids = unit_ids
        self._people = None

    def count(self) -> int:
        return self._people_count() + self.unit_ids.count()

    def _people_count(self) -> int:
        if self._people is None:
            self._people = self.person_ids.count()
        return self._people

    def __getitem__(self, window: slice) -> list[tuple[str, int]]:
        start, stop = window.start or 0, window.stop
        people = self._people_count()
        items = [("p", pk) for pk in self.person_ids[start:stop]] if start < people else []
        if stop > people:
            items += [("u", pk) for pk in self.unit_ids[max(start - people, 0) : stop - people]]
        return items

    def __len__(self) -> int:
        return self.count()


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


# A nomination's subject is a person, a unit or a household: its name is the one that is set.
_SUBJECT = Coalesce("person__full_name", "subject_unit__name", "household__head_name")
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
    base = nominations_for_user(user).select_related(
        "person__unit", "subject_unit", "household", "unit", "award_type", "movement"
    )
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
    rows = Nomination.objects.select_related(
        "person", "subject_unit", "household", "unit", "award_type", "movement"
    ).only(*NOMINATION_LIST_COLUMNS)
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
            "person__unit",
            "subject_unit",
            "household",
            "unit",
            "award_type",
            "movement",
            "overridden_by",
            "screened_by",
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
            "documents": documents_of(nomination),
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
    if nomination.submission_id:  # a line: the letter and the minutes are the submission's
        for name in LETTER_AND_MINUTES:
            form.fields.pop(name, None)
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
