"""Pages of the named registrations (đăng ký danh hiệu) and of registered vs achieved.

Thin views: the units shown are those the user may see (a head: the units they head; the office:
its body), a unit outside them is "not found"; every write goes through awards.registrations.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from awards import achievement, registrations
from awards.enums import RegistrationStatus
from awards.forms import year_choices
from awards.matching import AMBIGUOUS, MATCHED, SubjectMatcher
from awards.models import AwardType, Household, Person, TitleRegistration
from awards.registration_import import STATUS_LABELS, ImportError_, read_rows
from awards.selectors import eligibility_units
from campaigns.models import Movement
from campaigns.selectors import movements_for_user
from organisation.models import OrgUnit
from songlo.choosers import SearchChoiceField
from songlo.params import id_param, id_params, year_param
from songlo.sorting import Sorts, choice_order
from songlo.views_support import FAILED, require_page, run

PAGE_SIZE = 50
PARAMS = ("unit", "year", "movement", "status", "award", "sort")
SORTS = Sorts(
    "subject",
    subject=Coalesce("person__full_name", "household__head_name", "subject_unit__name"),
    unit="unit__name",
    status=(choice_order("status", RegistrationStatus.values), F("registered_at").asc()),
    registered="registered_at",
)


# Forms ------------------------------------------------------------------------------------------
def _award_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=gettext_lazy("Danh hiệu, hình thức"),
        queryset=AwardType.objects.filter(active=True).order_by("order", "pk"),
        to_field_name="code",
    )


class AddForm(forms.Form):
    subject = SearchChoiceField(
        "registration-subject",
        label=gettext_lazy("Cá nhân, tập thể hoặc hộ gia đình"),
        help_text=gettext_lazy("Gõ họ tên, tên đơn vị, tên chủ hộ hoặc mã rồi chọn trong danh sách gợi ý."),
    )
    award = _award_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].bind(user)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp danh sách (.xlsx)"),
        help_text=gettext_lazy(
            "Theo mẫu danh sách cá nhân hoặc tập thể: dòng tiêu đề ở dòng 3; cột được nhận theo tên cột; "
            "đối tượng được nhận theo mã, hoặc theo tên và đơn vị (và ngày sinh), không phân biệt dấu và chữ hoa."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


# Scope ------------------------------------------------------------------------------------------
def _context_of(request, data) -> tuple[OrgUnit, int, Movement | None]:
    """The unit (by code, within what the user may see), the year and the movement a page is about."""
    scope = eligibility_units(request.user)
    code = (data.get("unit") or "").strip()
    if code:
        unit = scope.filter(code=code).first()
        if unit is None:
            raise Http404(_("Không tìm thấy đơn vị."))
    else:
        unit = scope.order_by("depth", "path").first()
        if unit is None:
            raise Http404(_("Không tìm thấy đơn vị."))
    movement = None
    if data.get("movement"):
        movement_id = id_param(data.get("movement"))
        movement = movements_for_user(request.user).filter(pk=movement_id).first() if movement_id else None
        if movement is None:
            raise Http404(_("Không tìm thấy phong trào."))
    year = movement.year if movement else (year_param(data.get("year")) or timezone.localdate().year)
    return unit, year, movement


def _params(unit: OrgUnit, year: int, movement: Movement | None, **extra) -> dict[str, str]:
    params = {"unit": unit.code, "year": str(year), "movement": str(movement.pk) if movement else ""}
    params.update({k: str(v) for k, v in extra.items() if v})
    return {k: v for k, v in params.items() if v}


def _back(request, name: str = "awards:title_registrations"):
    """Back to the page the form was posted from, with its filters (only the page's own parameters)."""
    kept = parse_qs(request.POST.get("query", ""))
    params = {k: kept[k][0] for k in PARAMS if kept.get(k)}
    return redirect(reverse(name) + ("?" + urlencode(params) if params else ""))


def _registrations_in(unit: OrgUnit, year: int, movement: Movement | None) -> QuerySet[TitleRegistration]:
    rows = TitleRegistration.objects.filter(unit__path__startswith=unit.path)
    return rows.filter(movement=movement) if movement else rows.filter(year=year, movement__isnull=True)


def _movements(request, year: int) -> list[Movement]:
    return list(movements_for_user(request.user).filter(year=year).order_by("title")[:50])


# The registrations page ---------------------------------------------------------------------
@login_required
@require_GET
def title_registrations(request):
    """Registrations by name of a unit (and its sub-units) for a year or a movement, grouped by title."""
    require_page(request, "awards.view_registrations")
    unit, year, movement = _context_of(request, request.GET)
    rows = _registrations_in(unit, year, movement)
    status = request.GET.get("status", "")
    if status in RegistrationStatus.values:
        rows = rows.filter(status=status)
    award = AwardType.objects.filter(code=request.GET.get("award") or "").first()
    if award is not None:
        rows = rows.filter(award_type=award)
    sort = SORTS.state(request)
    rows = rows.select_related(
        "unit", "person__unit", "subject_unit", "household__unit", "award_type", "registered_by", "decided_by"
    ).order_by("award_type__order", "award_type_id", *SORTS.order_by(sort))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    can_register = request.user.has_perm("awards.register_titles", unit)
    can_decide = request.user.has_perm("awards.decide_registration", unit)
    params = _params(unit, year, movement, status=status, award=award.code if award else "", sort=sort.value)
    shown = _params(unit, year, movement)
    context = {
        "unit": unit,
        "year": year,
        "movement": movement,
        "page": page,
        "sort": sort,
        "status": status,
        "award": award,
        "statuses": RegistrationStatus.choices,
        "awards": AwardType.objects.filter(active=True).order_by("order", "pk"),
        "years": year_choices(),
        "movements": _movements(request, year),
        "children": list(unit.children.order_by("name")[:100]),
        "query_string": urlencode(params),
        "page_query": urlencode(shown),
        "can_register": can_register,
        "can_decide": can_decide,
        "add_form": AddForm(user=request.user) if can_register else None,
        "shortcuts": [(k, s.label) for k, s in registrations.SHORTCUTS.items()] if can_register else [],
        "Status": RegistrationStatus,
    }
    return render(request, "awards/title_registrations.html", context)


@login_required
@require_POST
def title_registration_add(request):
    unit, year, movement = _context_of(request, request.POST)
    form = AddForm(request.POST, user=request.user)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return _back(request)
    subject = form.cleaned_data["subject"]
    run(
        request,
        registrations.register_title,
        _("Đã đăng ký “%(award)s” cho %(subject)s.") % {"award": form.cleaned_data["award"].name, "subject": subject},
        unit=unit,
        year=year,
        movement=movement,
        award=form.cleaned_data["award"],
        subject=subject,
    )
    return _back(request)


def _many_message(request, result) -> None:
    messages.success(
        request,
        ngettext("Đã đăng ký %(count)d đối tượng.", "Đã đăng ký %(count)d đối tượng.", len(result.created))
        % {"count": len(result.created)},
    )
    for subject, reason in result.skipped[:10]:
        messages.warning(request, f"{subject}: {reason}")


@login_required
@require_POST
def title_registration_shortcut(request):
    unit, year, movement = _context_of(request, request.POST)
    result = run(
        request, registrations.apply_shortcut, unit=unit, year=year, movement=movement, key=request.POST.get("key", "")
    )
    if result is not FAILED:
        _many_message(request, result)
    return _back(request)


def _visible(request, pk) -> TitleRegistration:
    return get_object_or_404(
        registrations.registrations_for_user(request.user).select_related("unit", "award_type"), pk=pk
    )


@login_required
@require_POST
def title_registration_remove(request, pk):
    registration = _visible(request, pk)
    run(request, registrations.remove_registration, _("Đã xóa đăng ký."), registration=registration)
    return _back(request)


@login_required
@require_POST
def title_registration_reregister(request, pk):
    registration = _visible(request, pk)
    award = AwardType.objects.filter(code=request.POST.get("award") or "", active=True).first()
    run(
        request,
        registrations.reregister,
        _("Đã sửa và gửi lại đăng ký."),
        registration=registration,
        award=award,
    )
    return _back(request)


@login_required
@require_POST
def title_registration_decide(request):
    """The office accepts or returns the chosen registrations (a reason for a return)."""
    chosen = list(
        registrations.registrations_for_user(request.user)
        .filter(pk__in=id_params(request.POST.getlist("ids")))
        .select_related("unit", "award_type", "person", "subject_unit", "household")
    )
    if not chosen:
        messages.error(request, _("Chọn ít nhất một đăng ký."))
        return _back(request)
    if request.POST.get("action") == "return":
        done = run(
            request, registrations.return_registrations, registrations=chosen, reason=request.POST.get("reason", "")
        )
        if done is not FAILED:
            messages.success(
                request,
                ngettext("Đã trả lại %(count)d đăng ký.", "Đã trả lại %(count)d đăng ký.", done) % {"count": done},
            )
    else:
        done = run(request, registrations.accept_registrations, registrations=chosen)
        if done is not FAILED:
            messages.success(
                request,
                ngettext("Đã chấp nhận %(count)d đăng ký.", "Đã chấp nhận %(count)d đăng ký.", done) % {"count": done},
            )
    return _back(request)


# Import -----------------------------------------------------------------------------------------
def _matcher(unit: OrgUnit) -> SubjectMatcher:
    return SubjectMatcher(
        people=Person.objects.filter(unit__path__startswith=unit.path),
        units=OrgUnit.objects.filter(path__startswith=unit.path),
        households=Household.objects.filter(unit__path__startswith=unit.path),
    )


def _taken(unit: OrgUnit, year: int, movement: Movement | None) -> set[tuple[str, int, int]]:
    rows = TitleRegistration.objects.all()
    rows = rows.filter(movement=movement) if movement else rows.filter(year=year, movement__isnull=True)
    rows = rows.filter(unit__path__startswith=unit.path)
    taken = set()
    for person, collective, household, award in rows.values_list(
        "person_id", "subject_unit_id", "household_id", "award_type_id"
    ):
        kind = "individual" if person else ("household" if household else "collective")
        taken.add((kind, person or household or collective, award))
    return taken


def _subject_of(value: str, unit: OrgUnit):
    """ "p:12" / "u:3" / "h:5" within the unit's subtree, or None."""
    prefix, _sep, pk = value.partition(":")
    number = id_param(pk)
    if number is None:
        return None
    if prefix == "p":
        return Person.objects.filter(pk=number, unit__path__startswith=unit.path).select_related("unit").first()
    if prefix == "h":
        return Household.objects.filter(pk=number, unit__path__startswith=unit.path).select_related("unit").first()
    if prefix == "u":
        return OrgUnit.objects.filter(pk=number, path__startswith=unit.path).first()
    return None


@login_required
def title_registration_import(request):
    """Upload a list, see every row matched, ambiguous or not found with its reason, confirm."""
    source = request.POST if request.method == "POST" else request.GET
    unit, year, movement = _context_of(request, source)
    require_page(request, "awards.register_titles", unit)
    page_params = _params(unit, year, movement)
    form = ImportUploadForm()
    rows = None
    if request.method == "POST" and request.POST.get("confirm"):
        entries = []
        for number in request.POST.getlist("row"):
            subject = _subject_of(request.POST.get(f"subject_{number}", ""), unit)
            award = AwardType.objects.filter(pk=id_param(request.POST.get(f"award_{number}")), active=True).first()
            if subject is not None and award is not None:
                entries.append((subject, award))
        if not entries:
            messages.error(request, _("Không có dòng nào được chọn để đăng ký."))
        else:
            result = run(request, registrations.register_many, unit=unit, year=year, movement=movement, entries=entries)
            if result is not FAILED:
                _many_message(request, result)
                return redirect(reverse("awards:title_registrations") + "?" + urlencode(page_params))
    elif request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows, _columns = read_rows(
                    form.cleaned_data["file"], matcher=_matcher(unit), taken=_taken(unit, year, movement)
                )
            except ImportError_ as error:
                form.add_error("file", error.message)
    counts = {}
    if rows is not None:
        for row in rows:
            counts[row.status] = counts.get(row.status, 0) + 1
    return render(
        request,
        "awards/title_registration_import.html",
        {
            "unit": unit,
            "year": year,
            "movement": movement,
            "form": form,
            "rows": rows,
            "counts": [(STATUS_LABELS[s], counts.get(s, 0)) for s in STATUS_LABELS],
            "labels": STATUS_LABELS,
            "MATCHED": MATCHED,
            "AMBIGUOUS": AMBIGUOUS,
            "page_query": urlencode(page_params),
        },
    )


# Registered vs achieved -------------------------------------------------------------------------
@login_required
@require_GET
def registered_achieved(request):
    """Per unit and title: registered, nominated, approved, decided; an XLSX of the same."""
    require_page(request, "awards.view_registrations")
    unit, year, movement = _context_of(request, request.GET)
    award = AwardType.objects.filter(code=request.GET.get("award") or "").first()
    result = achievement.table(unit, year=year, movement=movement, award=award)
    if request.GET.get("export") == "xlsx":
        what = movement.title if movement else _("năm %(year)s") % {"year": year}
        caption = _("Đăng ký và đạt được: %(unit)s, %(what)s") % {"unit": unit.name, "what": what}
        if award is not None:
            caption += f" – {award.name}"
        return achievement.xlsx(result, root=unit, caption=caption, filename=f"dang-ky-dat-duoc-{year}.xlsx")
    params = _params(unit, year, movement, award=award.code if award else "")
    return render(
        request,
        "awards/registered_achieved.html",
        {
            "unit": unit,
            "year": year,
            "movement": movement,
            "award": award,
            "result": result,
            "awards": AwardType.objects.filter(active=True).order_by("order", "pk"),
            "years": year_choices(),
            "movements": _movements(request, year),
            "query_string": urlencode(params),
            "base_params": _params(unit, year, movement),
            "drill_query": urlencode({k: v for k, v in params.items() if k != "unit"}),
            "parent": unit.parent
            if unit.parent_id and eligibility_units(request.user).filter(pk=unit.parent_id).exists()
            else None,
        },
    )
