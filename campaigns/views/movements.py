"""Office pages for movements, stages, registrations and review periods."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import exports, services
from campaigns.enums import MovementStatus, PeriodStatus, RegistrationStatus, ReviewStatus
from campaigns.forms import (
    CriterionFormSet,
    MovementForm,
    ParticipantsForm,
    PeriodForm,
    RegistrationForm,
    ReopenForm,
    StageForm,
    TargetFormSet,
)
from campaigns.models import Movement, Participation, ReviewPeriod, Stage
from campaigns.selectors import movements_for_user, periods_managed, registrations_for_user
from campaigns.views.common import paginate, query_string_without_page, with_review_counts
from organisation.enums import Role
from organisation.models import OrgUnit
from organisation.selectors import grant_paths
from songlo.files import stored_file_response
from songlo.paging import count_related
from songlo.registry import Registry
from songlo.sorting import Sorts, choice_order
from songlo.text import search_q
from songlo.views_support import FAILED, require_page, run


def _office_owner(request) -> OrgUnit:
    """The body the office acts for (the top-most unit of its office grants)."""
    paths = sorted(grant_paths(request.user, {Role.OFFICE}), key=len)
    if paths:
        return OrgUnit.objects.get(path=paths[0])
    if request.user.is_superuser:
        root = OrgUnit.objects.filter(kind="district").order_by("depth", "path").first()
        if root:
            return root
    raise Http404


def _movement(request, pk) -> Movement:
    return get_object_or_404(movements_for_user(request.user).select_related("owner", "stage"), pk=pk)


MOVEMENT_SORTS = Sorts(
    "-time",
    title="title",
    kind=("kind", F("title").asc()),
    time=("starts_on", F("title").asc()),
    stage=("stage__name", F("title").asc()),
    participants=("participant_count", F("title").asc()),
    status=(choice_order("status", MovementStatus.values), F("title").asc()),
)


@login_required
def movement_list(request):
    movements = (
        movements_for_user(request.user)
        .select_related("stage", "owner")
        .annotate(participant_count=Count("participations", distinct=True))
    )
    movements, sort = MOVEMENT_SORTS.apply(request, movements)
    status = request.GET.get("status", "")
    if status in MovementStatus.values:
        movements = movements.filter(status=status)
    page = paginate(request, movements)
    # Participants counted for the page's movements only (one GROUP BY), not for all before paging.
    page.object_list = count_related(
        list(page.object_list), Participation.objects.all(), "movement", "participant_count"
    )
    return render(
        request,
        "campaigns/movement_list.html",
        {
            "page": page,
            "status": status,
            "statuses": MovementStatus.choices,
            "can_create": request.user.has_perm("organisation.use_office_area"),
            "query_string": query_string_without_page(request),
            "sort": sort,
        },
    )


@login_required
def movement_create(request):
    require_page(request, "organisation.use_office_area")
    owner = _office_owner(request)
    stages = Stage.objects.filter(owner=owner, closed_at__isnull=True)
    form = MovementForm(request.POST or None, request.FILES or None, stages=stages)
    targets = TargetFormSet(request.POST or None, prefix="targets")
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        movement = run(
            request,
            services.movement_create,
            lambda created: _("Đã tạo phong trào “%(title)s” (dự thảo).") % {"title": created.title},
            form=form,
            owner=owner,
            data=form.cleaned_data,
            targets=[f.row() for f in targets],
        )
        if movement is not FAILED:
            return redirect(movement)
    return render(request, "campaigns/movement_form.html", {"form": form, "targets": targets, "movement": None})


@login_required
def movement_edit(request, pk):
    movement = _movement(request, pk)
    require_page(request, "campaigns.manage_movement", movement)
    form = MovementForm(
        request.POST or None,
        request.FILES or None,
        instance=movement,
        stages=Stage.objects.filter(Q(closed_at__isnull=True) | Q(pk=movement.stage_id), owner=movement.owner),
    )
    initial = [
        {"name": t.name, "measure": t.measure, "target": t.target, "total": t.total} for t in movement.targets.all()
    ]
    targets = TargetFormSet(request.POST or None, prefix="targets", initial=initial)
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        done = run(
            request,
            services.movement_update,
            _("Đã lưu phong trào."),
            form=form,
            movement=movement,
            data=form.cleaned_data,
            targets=[f.row() for f in targets],
        )
        if done is not FAILED:
            return redirect(movement)
    return render(request, "campaigns/movement_form.html", {"form": form, "targets": targets, "movement": movement})


@login_required
def movement_plan_download(request, pk):
    """The launch plan attached to a movement, for everyone who may see the movement."""
    movement = _movement(request, pk)
    if not movement.launch_plan:
        raise Http404
    return stored_file_response(movement.launch_plan, f"ke-hoach-phat-dong-{movement.pk}")


@login_required
def movement_detail(request, pk):
    movement = _movement(request, pk)
    can_manage = request.user.has_perm("campaigns.manage_movement", movement)
    periods = movement.periods.annotate(
        review_count=Count("reviews"),
        done_count=Count("reviews", filter=Q(reviews__status__in=[ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED])),
    ).order_by("opens_at")
    registration_counts = dict(
        movement.registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    own_registrations = registrations_for_user(request.user).filter(movement=movement).select_related("unit")
    if can_manage:
        own_registrations = own_registrations.none()
    return render(
        request,
        "campaigns/movement_detail.html",
        {
            "movement": movement,
            "can_manage": can_manage,
            "targets": movement.targets.all(),
            "periods": periods,
            "participant_count": movement.participations.count(),
            "registration_counts": registration_counts,
            "registered": registration_counts.get(RegistrationStatus.REGISTERED, 0),
            "own_registrations": own_registrations,
        },
    )


@login_required
def movement_participants(request, pk):
    """Launch a draft movement, or add participants to a launched one (earlier ones stay)."""
    movement = _movement(request, pk)
    require_page(request, "campaigns.manage_movement", movement)
    form = ParticipantsForm(request.POST or None, movement=movement, user=request.user)
    if request.method == "POST" and form.is_valid():
        units = services.units_for_launch(owner=movement.owner, **form.cleaned_data)
        service = (
            services.movement_launch if movement.status == MovementStatus.DRAFT else services.movement_add_participants
        )
        if movement.status == MovementStatus.DRAFT:
            text = _("Đã phát động phong trào với %(n)s đơn vị tham gia.")
        else:
            text = _("Đã thêm %(n)s đơn vị tham gia.")
        added = run(request, service, lambda added: text % {"n": len(added)}, form=form, movement=movement, units=units)
        if added is not FAILED:
            return redirect(movement)
    # Thousands of units take part in a province's movement: a page of them, found by any spelling.
    query = request.GET.get("q", "").strip()[:100]
    participants = movement.participations.select_related("unit").only(
        "joined_at", "movement", "unit__name", "unit__code", "unit__path"
    )
    if query:
        participants = participants.filter(search_q(query, "unit__name", "unit__code"))
    return render(
        request,
        "campaigns/movement_participants.html",
        {
            "movement": movement,
            "form": form,
            "page": paginate(request, participants.order_by("unit__path", "pk")),
            "query": query,
            "query_string": query_string_without_page(request),
        },
    )


@login_required
@require_POST
def movement_close(request, pk):
    movement = _movement(request, pk)
    run(request, services.movement_close, _("Đã kết thúc phong trào."), movement=movement)
    return redirect(movement)


@login_required
def stage_list(request):
    stages = Stage.objects.select_related("owner").annotate(movement_count=Count("movements")).order_by("-start_year")
    can_create = request.user.has_perm("organisation.use_office_area")
    return render(request, "campaigns/stage_list.html", {"page": paginate(request, stages), "can_create": can_create})


@login_required
def stage_create(request):
    """The office opens a stage (e.g. 2026–2030) that its yearly movements will belong to."""
    require_page(request, "organisation.use_office_area")
    owner = _office_owner(request)
    form = StageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stage = run(
            request,
            services.stage_create,
            lambda created: _("Đã tạo giai đoạn “%(name)s”.") % {"name": created.name},
            form=form,
            owner=owner,
            **form.cleaned_data,
        )
        if stage is not FAILED:
            return redirect(stage)
    return render(request, "campaigns/stage_form.html", {"form": form})


@login_required
@require_POST
def stage_close(request, pk):
    stage = get_object_or_404(Stage.objects.select_related("owner"), pk=pk)
    require_page(request, "organisation.manage_unit", stage.owner)
    run(request, services.stage_close, _("Đã kết thúc giai đoạn."), stage=stage)
    return redirect(stage)


@login_required
def stage_detail(request, pk):
    stage = get_object_or_404(Stage.objects.select_related("owner", "closed_by"), pk=pk)
    movements = (
        movements_for_user(request.user)
        .filter(stage=stage)
        .select_related("owner")
        .annotate(
            participant_count=Count("participations", distinct=True), period_count=Count("periods", distinct=True)
        )
        .order_by("year", "starts_on")
    )
    can_close = not stage.is_closed and request.user.has_perm("organisation.manage_unit", stage.owner)
    return render(
        request, "campaigns/stage_detail.html", {"stage": stage, "movements": movements, "can_close": can_close}
    )


# --- Registrations ---------------------------------------------------------------------

# Where a movement's registrations by name (who aims at which title) are kept: campaigns may not
# import awards, so awards registers a function (movement, unit or None) -> the page's URL.
NAMED_REGISTRATIONS: Registry = Registry("named registrations")


def named_registrations_url(movement: Movement, unit: OrgUnit | None = None) -> str:
    link = NAMED_REGISTRATIONS.get("page")
    return link(movement, unit) if link is not None else ""


REGISTRATION_SORTS = Sorts(
    "unit",
    unit="unit__name",
    status=(choice_order("status", RegistrationStatus.values), F("unit__name").asc()),
    title=("collective_title", F("unit__name").asc()),
    ldtt=("ldtt_count", F("unit__name").asc()),
    cstdcs=("cstdcs_count", F("unit__name").asc()),
    registered=("registered_at", F("unit__name").asc()),
)


@login_required
def registration_status(request, pk):
    """Who registered and who did not, for the office."""
    movement = _movement(request, pk)
    require_page(request, "campaigns.manage_movement", movement)
    registrations = movement.registrations.select_related("unit", "registered_by")
    registrations, sort = REGISTRATION_SORTS.apply(request, registrations)
    status = request.GET.get("status", "")
    if status in RegistrationStatus.values:
        registrations = registrations.filter(status=status)
    if request.GET.get("export") == "xlsx":
        label = RegistrationStatus(status).label if status in RegistrationStatus.values else ""
        return exports.registrations_response(movement, registrations, status_label=label)
    counts = dict(movement.registrations.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return render(
        request,
        "campaigns/registration_status.html",
        {
            "movement": movement,
            "page": paginate(request, registrations),
            "counts": counts,
            "status": status,
            "statuses": RegistrationStatus.choices,
            "reopen_form": ReopenForm(),
            "named_url": named_registrations_url(movement),
            "query_string": query_string_without_page(request),
            "sort": sort,
        },
    )


@login_required
def registration_edit(request, pk):
    registration = get_object_or_404(registrations_for_user(request.user).select_related("movement", "unit"), pk=pk)
    require_page(request, "campaigns.edit_registration", registration)
    targets = list(registration.movement.targets.all())
    initial = {
        "collective_title": registration.collective_title,
        "ldtt_count": registration.ldtt_count,
        "cstdcs_count": registration.cstdcs_count,
        "pledge": registration.pledge,
        **{f"target_{k}": v for k, v in registration.targets.items()},
    }
    form = RegistrationForm(request.POST or None, targets=targets, initial=initial)
    editable = registration.status != RegistrationStatus.REGISTERED
    if request.method == "POST" and form.is_valid():
        done = run(
            request,
            services.registration_submit,
            _("Đã gửi đăng ký thi đua của %(unit)s.") % {"unit": registration.unit.name},
            form=form,
            registration=registration,
            data=form.cleaned_data,
        )
        if done is not FAILED:
            return redirect("campaigns:registration_edit", pk=registration.pk)
    return render(
        request,
        "campaigns/registration_form.html",
        {
            "registration": registration,
            "form": form,
            "editable": editable,
            "targets": targets,
            "named_url": named_registrations_url(registration.movement, registration.unit),
        },
    )


@login_required
@require_POST
def registration_reopen(request, pk):
    registration = get_object_or_404(registrations_for_user(request.user).select_related("movement"), pk=pk)
    form = ReopenForm(request.POST)
    form.is_valid()  # an empty reason is refused by the service, after the permission
    run(
        request,
        services.registration_reopen,
        _("Đã mở lại đăng ký của %(unit)s.") % {"unit": registration.unit.name},
        registration=registration,
        reason=form.cleaned_data.get("reason", ""),
    )
    return redirect("campaigns:registration_status", pk=registration.movement_id)


# --- Periods ---------------------------------------------------------------------------


PERIOD_SORTS = Sorts(
    "-deadline",
    name=("name", "movement__title"),
    movement=("movement__title", "name"),
    deadline=("deadline", F("name").asc()),
    done=("done_count", F("name").asc()),
    status=(choice_order("status", PeriodStatus.values), F("deadline").desc()),
)


@login_required
def period_list(request):
    require_page(request, "organisation.use_office_area")
    periods = (
        periods_managed(request.user)
        .select_related("movement")
        .annotate(
            review_count=Count("reviews"),
            done_count=Count("reviews", filter=Q(reviews__status__in=[ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED])),
        )
    )
    periods, sort = PERIOD_SORTS.apply(request, periods)
    status = request.GET.get("status", "")
    if status in PeriodStatus.values:
        periods = periods.filter(status=status)
    page = paginate(request, periods)
    # The page's periods counted from one GROUP BY on the review index, not every review joined.
    page.object_list = with_review_counts(list(page.object_list))
    return render(
        request,
        "campaigns/period_list.html",
        {
            "page": page,
            "status": status,
            "statuses": PeriodStatus.choices,
            "query_string": query_string_without_page(request),
            "sort": sort,
        },
    )


def _criteria_initial(period):
    if period is None:
        return []
    return [
        {"group": c.group, "name": c.name, "max_points": c.max_points, "weight": c.weight}
        for c in period.criteria.all()
    ]


@transaction.atomic
def _period_save(*, actor, movement, period, data, rows):
    """The period and its rubric, saved together or not at all."""
    if period is None:
        period = services.period_create(actor=actor, movement=movement, data=data)
    else:
        period = services.period_update(actor=actor, period=period, data=data)
    if rows is not None:
        services.period_set_criteria(actor=actor, period=period, rows=rows)
    return period


def _period_form(request, movement, period=None):
    form = PeriodForm(request.POST or None, instance=period)
    criteria = CriterionFormSet(request.POST or None, prefix="criteria", initial=_criteria_initial(period))
    rubric_locked = period is not None and period.status != PeriodStatus.SCHEDULED
    if request.method == "POST":
        valid = form.is_valid() and (rubric_locked or criteria.is_valid())
        if valid:
            data = {k: form.cleaned_data[k] for k in PeriodForm.Meta.fields}
            saved = run(
                request,
                _period_save,
                lambda saved: _("Đã lưu kỳ báo cáo “%(name)s”.") % {"name": saved.name},
                form=form,
                movement=movement,
                period=period,
                data=data,
                rows=None if rubric_locked else criteria.rows(),
            )
            if saved is not FAILED:
                return redirect(saved)
    return render(
        request,
        "campaigns/period_form.html",
        {"movement": movement, "period": period, "form": form, "criteria": criteria, "rubric_locked": rubric_locked},
    )


@login_required
def period_create(request, pk):
    movement = _movement(request, pk)
    require_page(request, "campaigns.manage_movement", movement)
    return _period_form(request, movement)


def _period(request, pk, *, page: bool = True) -> ReviewPeriod:
    """The period, through the user's movements; a page about it needs the right to manage it
    (a POST leaves that to the service)."""
    period = get_object_or_404(
        ReviewPeriod.objects.select_related("movement", "movement__owner").filter(
            movement__in=movements_for_user(request.user)
        ),
        pk=pk,
    )
    if page:
        require_page(request, "campaigns.manage_movement", period.movement)
    return period


@login_required
def period_edit(request, pk):
    period = _period(request, pk)
    return _period_form(request, period.movement, period)


@login_required
@require_POST
def period_open(request, pk):
    period = _period(request, pk, page=False)
    run(
        request,
        services.period_open,
        lambda created: _("Đã mở kỳ báo cáo: %(n)s đơn vị cần nộp báo cáo.") % {"n": created},
        period=period,
    )
    return redirect(period)


@login_required
@require_POST
def period_close(request, pk):
    period = _period(request, pk, page=False)
    run(request, services.period_close, _("Đã đóng kỳ báo cáo."), period=period)
    return redirect(period)
