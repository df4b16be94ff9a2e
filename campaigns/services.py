"""Every write of the emulation cycle: one function per transition.

Each service runs in one transaction, changes state with a conditional UPDATE that must
touch exactly one row (so two people acting at once give one change and one clear
message, on SQLite and PostgreSQL alike), and records who did what in the audit trail.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import audit_record
from campaigns.enums import (
    MOVEMENT_TRANSITIONS,
    PERIOD_TRANSITIONS,
    REGISTRATION_TRANSITIONS,
    REVIEW_EDITABLE,
    REVIEW_PENDING,
    REVIEW_TRANSITIONS,
    EventKind,
    IndicatorTotal,
    LatePolicy,
    MovementStatus,
    PeriodStatus,
    RegistrationStatus,
    ReviewStatus,
)
from campaigns.events import event_emit, unit_heads
from campaigns.models import (
    BlockCriterion,
    BlockPeerScore,
    BlockTerm,
    BlockVote,
    Criterion,
    EmulationBlock,
    Evidence,
    Extension,
    Movement,
    MovementTarget,
    Participation,
    Registration,
    Review,
    ReviewFigure,
    ReviewPeriod,
    ReviewScore,
    ReviewVersion,
    Stage,
)
from campaigns.selectors import REMIND_LATE, late_reminders
from organisation.models import OrgUnit
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from songlo.mail import absolute_url
from songlo.permissions import require
from songlo.transitions import transition

MOVEMENT_FIELDS = (
    "title",
    "kind",
    "stage",
    "year",
    "starts_on",
    "ends_on",
    "summary_on",
    "legal_basis",
    "description",
    "registration_deadline",
    "quota_collectives",
    "quota_individuals",
    "dossier_deadline",
)
NARRATIVE_FIELDS = ("results", "limitations", "lessons", "direction")


# --- Movements -------------------------------------------------------------------------


@transaction.atomic
def movement_create(*, actor, owner: OrgUnit, data: Mapping, targets: Iterable[tuple] = ()) -> Movement:
    """Create a draft movement owned by ``owner`` with its targets. Side effects: audit."""
    require(actor, "organisation.manage_unit", owner)
    movement = Movement.objects.create(owner=owner, **{k: data[k] for k in MOVEMENT_FIELDS if k in data})
    if data.get("launch_plan"):
        movement.launch_plan = data["launch_plan"]
        movement.save(update_fields=["launch_plan"])
    _replace_targets(movement, targets)
    audit_record(actor=actor, action="movement.create", target=movement, title=movement.title)
    return movement


@transaction.atomic
def movement_update(*, actor, movement: Movement, data: Mapping, targets: Iterable[tuple] | None = None) -> Movement:
    """Edit a movement that is not closed. Side effects: audit (fields changed)."""
    require(actor, "campaigns.manage_movement", movement)
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    if movement.status == MovementStatus.CLOSED:
        raise InvalidTransition(_("Phong trào đã kết thúc: không sửa được nữa."))
    changed = [k for k in MOVEMENT_FIELDS if k in data and getattr(movement, k) != data[k]]
    for key in changed:
        setattr(movement, key, data[key])
    if data.get("launch_plan"):
        movement.launch_plan = data["launch_plan"]
        changed.append("launch_plan")
    movement.full_clean(exclude=["launch_plan", "owner"])
    movement.save()
    if targets is not None:
        _replace_targets(movement, targets)
    audit_record(actor=actor, action="movement.update", target=movement, fields=changed)
    return movement


def _target_row(row: tuple) -> tuple[str, str, Decimal | None, str]:
    """(name, measure) or (name, measure, target number, how to total) -> the four, cleaned."""
    name, measure, *rest = row
    number = rest[0] if rest else None
    total = (rest[1] if len(rest) > 1 else "") or IndicatorTotal.SUM
    if total not in IndicatorTotal.values:
        raise DomainError(_("Cách tổng hợp chỉ tiêu không hợp lệ."))
    return name.strip(), (measure or "").strip(), number, total


def _replace_targets(movement: Movement, targets: Iterable[tuple]) -> None:
    """Targets keep their rows (reviews' figures refer to them by id): update in place, add, drop extras."""
    wanted = [_target_row(row) for row in targets if row[0] and row[0].strip()]
    existing = list(movement.targets.order_by("order", "pk"))
    for order, (name, measure, number, total) in enumerate(wanted):
        if order < len(existing):
            target = existing[order]
            if (target.name, target.measure, target.target, target.total, target.order) != (
                name,
                measure,
                number,
                total,
                order,
            ):
                target.name, target.measure, target.target, target.total = name, measure, number, total
                target.order = order
                target.save()
        else:
            MovementTarget.objects.create(
                movement=movement, name=name, measure=measure, target=number, total=total, order=order
            )
    for target in existing[len(wanted) :]:
        target.delete()


def units_for_launch(
    *,
    owner: OrgUnit,
    units: Iterable[OrgUnit] = (),
    kinds: Iterable[str] = (),
    blocks: Iterable[EmulationBlock] = (),
    parents: Iterable[OrgUnit] = (),
) -> list[OrgUnit]:
    """The units a launch selects: chosen by hand, by kind, by block, or every unit under a parent.

    Only units under the movement's owner (and not the owner itself) can take part.
    """
    scope = OrgUnit.objects.within(owner).exclude(pk=owner.pk)
    ids: set[int] = {u.pk for u in units}
    kinds = list(kinds)
    if kinds:
        ids |= set(scope.filter(kind__in=kinds).values_list("pk", flat=True))
    block_ids = [b.pk for b in blocks]
    if block_ids:
        ids |= set(scope.filter(blocks__in=block_ids).values_list("pk", flat=True))
    for parent in parents:
        ids |= set(scope.filter(path__startswith=parent.path).exclude(pk=parent.pk).values_list("pk", flat=True))
    return list(scope.filter(pk__in=ids).order_by("path"))


def _add_participants(*, actor, movement: Movement, units: list[OrgUnit]) -> list[OrgUnit]:
    """Participation, a pending registration and a review in each open period, for new units only."""
    already = set(movement.participations.values_list("unit_id", flat=True))
    new = [u for u in units if u.pk not in already]
    Participation.objects.bulk_create([Participation(movement=movement, unit=u, added_by=actor) for u in new])
    Registration.objects.bulk_create([Registration(movement=movement, unit=u) for u in new], ignore_conflicts=True)
    for period in movement.periods.filter(status=PeriodStatus.OPEN):
        Review.objects.bulk_create([Review(period=period, unit=u) for u in new], ignore_conflicts=True)
    return new


@transaction.atomic
def movement_launch(*, actor, movement: Movement, units: list[OrgUnit]) -> list[OrgUnit]:
    """Launch a draft movement with its participants.

    Side effects: participations and pending registrations (bulk), status launched, audit.
    """
    require(actor, "campaigns.manage_movement", movement)
    if not units:
        raise DomainError(_("Chọn ít nhất một đơn vị tham gia phong trào."))
    transition(
        movement,
        table=MOVEMENT_TRANSITIONS,
        old=MovementStatus.DRAFT,
        new=MovementStatus.LAUNCHED,
        message=_("Phong trào này đã được phát động hoặc đã kết thúc."),
        launched_at=timezone.now(),
    )
    added = _add_participants(actor=actor, movement=movement, units=units)
    audit_record(actor=actor, action="movement.launch", target=movement, units=[u.code for u in added])
    _tell_launched(actor, movement, added)
    return added


def _tell_launched(actor, movement: Movement, units: list[OrgUnit]) -> None:
    """The heads of the units that joined: once per head, however many times units are added."""
    event_emit(
        kind=EventKind.MOVEMENT_LAUNCHED,
        target=movement,
        event_id="launch",
        recipients=unit_heads(u.pk for u in units),
        text=gettext_lazy("Phong trào “%(title)s” đã được phát động; đơn vị của bạn tham gia."),
        params={"title": movement.title},
        link=absolute_url(movement.get_absolute_url()),
        actor=actor,
    )


@transaction.atomic
def movement_add_participants(*, actor, movement: Movement, units: list[OrgUnit]) -> list[OrgUnit]:
    """Add units to a launched movement (earlier participants stay). Returns the units actually added.

    Side effects: participations, registrations, reviews in open periods, audit.
    """
    require(actor, "campaigns.manage_movement", movement)
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    if movement.status != MovementStatus.LAUNCHED:
        raise InvalidTransition(_("Chỉ thêm đơn vị vào phong trào đang diễn ra."))
    added = _add_participants(actor=actor, movement=movement, units=units)
    if added:
        audit_record(actor=actor, action="movement.add_participants", target=movement, units=[u.code for u in added])
        _tell_launched(actor, movement, added)
    return added


@transaction.atomic
def movement_close(*, actor, movement: Movement) -> None:
    """Close a launched movement once none of its periods is still open. Side effects: audit."""
    require(actor, "campaigns.manage_movement", movement)
    if movement.periods.filter(status=PeriodStatus.OPEN).exists():
        raise DomainError(_("Còn kỳ báo cáo đang mở: hãy đóng kỳ báo cáo trước khi kết thúc phong trào."))
    transition(
        movement,
        table=MOVEMENT_TRANSITIONS,
        old=MovementStatus.LAUNCHED,
        new=MovementStatus.CLOSED,
        message=_("Chỉ kết thúc được phong trào đang diễn ra."),
    )
    audit_record(actor=actor, action="movement.close", target=movement)


@transaction.atomic
def stage_create(*, actor, owner: OrgUnit, name: str, start_year: int, end_year: int) -> Stage:
    """Create a multi-year stage. Side effects: audit."""
    require(actor, "organisation.manage_unit", owner)
    if end_year < start_year:
        raise DomainError(_("Năm kết thúc phải sau năm bắt đầu."))
    stage = Stage.objects.create(owner=owner, name=name, start_year=start_year, end_year=end_year)
    audit_record(actor=actor, action="stage.create", target=stage)
    return stage


@transaction.atomic
def stage_close(*, actor, stage: Stage) -> Stage:
    """End a stage once none of its movements is still running. Side effects: the stage closed
    (who, when), no longer offered to new movements; audit."""
    require(actor, "organisation.manage_unit", stage.owner)
    running = stage.movements.exclude(status=MovementStatus.CLOSED).count()
    if running:
        raise DomainError(
            _("Còn %(n)d phong trào của giai đoạn chưa kết thúc: kết thúc các phong trào trước.") % {"n": running}
        )
    if not Stage.objects.filter(pk=stage.pk, closed_at__isnull=True).update(closed_at=timezone.now(), closed_by=actor):
        raise InvalidTransition(_("Giai đoạn đã kết thúc."))
    stage.refresh_from_db()
    audit_record(actor=actor, action="stage.close", target=stage)
    return stage


# --- Registrations ---------------------------------------------------------------------


@transaction.atomic
def registration_submit(*, actor, registration: Registration, data: Mapping, now: datetime.datetime | None = None):
    """The unit head registers the unit's targets and titles before the registration deadline.

    Side effects: status registered, who/when, audit.
    """
    require(actor, "campaigns.edit_registration", registration)
    now = now or timezone.now()
    movement = registration.movement
    if movement.status != MovementStatus.LAUNCHED:
        raise InvalidTransition(_("Phong trào không còn nhận đăng ký."))
    if (
        registration.status == RegistrationStatus.PENDING
        and movement.registration_deadline
        and now > movement.registration_deadline
    ):
        raise DomainError(
            _("Đã quá hạn đăng ký thi đua (%(deadline)s). Hãy liên hệ thường trực thi đua để được mở lại.")
            % {"deadline": timezone.localtime(movement.registration_deadline).strftime("%d/%m/%Y %H:%M")}
        )
    transition(
        Registration,
        [registration.pk],
        table=REGISTRATION_TRANSITIONS,
        old=[RegistrationStatus.PENDING, RegistrationStatus.REOPENED],
        new=RegistrationStatus.REGISTERED,
        message=_("Đơn vị đã đăng ký; muốn sửa hãy đề nghị thường trực thi đua mở lại."),
        collective_title=data.get("collective_title", ""),
        ldtt_count=data.get("ldtt_count") or 0,
        cstdcs_count=data.get("cstdcs_count") or 0,
        targets={str(k): v for k, v in (data.get("targets") or {}).items()},
        pledge=data.get("pledge", ""),
        registered_at=now,
        registered_by=actor,
    )
    registration.refresh_from_db()
    audit = audit_record(actor=actor, action="registration.submit", target=registration)
    # A receipt for every head of the unit, the one who registered included.
    event_emit(
        kind=EventKind.REGISTRATION_ACCEPTED,
        target=registration,
        event_id=audit.pk,
        recipients=unit_heads([registration.unit_id]),
        text=gettext_lazy("Đăng ký thi đua của %(unit)s cho phong trào “%(title)s” đã được ghi nhận."),
        params={"unit": registration.unit.name, "title": movement.title},
        link=absolute_url(registration.get_absolute_url()),
    )
    return registration


@transaction.atomic
def registration_reopen(*, actor, registration: Registration, reason: str) -> Registration:
    """The office reopens a unit's registration so that the head can correct it. Side effects: audit."""
    require(actor, "campaigns.manage_movement", registration.movement)
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do mở lại đăng ký."))
    transition(
        Registration,
        [registration.pk],
        table=REGISTRATION_TRANSITIONS,
        old=RegistrationStatus.REGISTERED,
        new=RegistrationStatus.REOPENED,
        message=_("Chỉ mở lại được đăng ký đã nộp."),
    )
    registration.refresh_from_db()
    audit = audit_record(actor=actor, action="registration.reopen", target=registration, reason=reason)
    event_emit(
        kind=EventKind.REGISTRATION_RETURNED,
        target=registration,
        event_id=audit.pk,
        recipients=unit_heads([registration.unit_id]),
        text=gettext_lazy("Đăng ký thi đua của %(unit)s (phong trào “%(title)s”) được mở lại để sửa: %(reason)s"),
        params={"unit": registration.unit.name, "title": registration.movement.title, "reason": reason.strip()},
        link=absolute_url(registration.get_absolute_url()),
        actor=actor,
    )
    return registration


# --- Review periods --------------------------------------------------------------------


@transaction.atomic
def period_create(*, actor, movement: Movement, data: Mapping) -> ReviewPeriod:
    """Define a review period of a movement (scheduled). Side effects: audit."""
    require(actor, "campaigns.manage_movement", movement)
    if movement.status == MovementStatus.CLOSED:
        raise InvalidTransition(_("Phong trào đã kết thúc: không thêm kỳ báo cáo được nữa."))
    period = ReviewPeriod(movement=movement, **data)
    period.full_clean()
    period.save()
    audit_record(actor=actor, action="period.create", target=period)
    return period


@transaction.atomic
def period_update(*, actor, period: ReviewPeriod, data: Mapping) -> ReviewPeriod:
    """Change a period's dates or policy (not once closed). Side effects: audit."""
    require(actor, "campaigns.manage_movement", period.movement)
    period = ReviewPeriod.objects.select_for_update().get(pk=period.pk)
    if period.status == PeriodStatus.CLOSED:
        raise InvalidTransition(_("Kỳ báo cáo đã đóng: không sửa được nữa."))
    for key, value in data.items():
        setattr(period, key, value)
    period.full_clean()
    period.save()
    audit_record(actor=actor, action="period.update", target=period, fields=sorted(data))
    return period


def check_rubric(rows: list[Mapping]) -> None:
    """Weights must total 100 and every maximum be positive; raise a ValidationError saying what is wrong."""
    if not rows:
        raise ValidationError(_("Bộ tiêu chí cần ít nhất một tiêu chí."))
    total = sum((Decimal(r["weight"]) for r in rows), Decimal(0))
    if total != 100:
        raise ValidationError(
            _("Tổng trọng số các tiêu chí phải bằng 100 (hiện là %(total)s).") % {"total": f"{total.normalize():f}"}
        )
    for row in rows:
        if Decimal(row["max_points"]) <= 0:
            raise ValidationError(_("Điểm tối đa của tiêu chí “%(name)s” phải lớn hơn 0.") % {"name": row["name"]})


@transaction.atomic
def period_set_criteria(*, actor, period: ReviewPeriod, rows: list[Mapping]) -> list[Criterion]:
    """Replace the rubric of a scheduled period. Weights must total 100. Side effects: audit."""
    require(actor, "campaigns.manage_movement", period.movement)
    try:
        check_rubric(rows)
    except ValidationError as error:
        raise DomainError(error.messages[0]) from error
    if not ReviewPeriod.objects.select_for_update().filter(pk=period.pk, status=PeriodStatus.SCHEDULED).exists():
        raise InvalidTransition(_("Kỳ báo cáo đã mở: bộ tiêu chí không sửa được nữa."))
    period.criteria.all().delete()
    criteria = Criterion.objects.bulk_create(
        [
            Criterion(
                period=period,
                group=row.get("group", ""),
                name=row["name"],
                max_points=row["max_points"],
                weight=row["weight"],
                order=i,
            )
            for i, row in enumerate(rows)
        ]
    )
    audit_record(actor=actor, action="period.set_criteria", target=period, count=len(criteria))
    return criteria


@transaction.atomic
def period_open(*, actor, period: ReviewPeriod) -> int:
    """Open a scheduled period: one review per participating unit, created in one batch.

    Refused without a valid rubric. Side effects: reviews (bulk), status open, audit.
    Returns the number of reviews created.
    """
    require(actor, "campaigns.manage_movement", period.movement)
    if period.movement.status != MovementStatus.LAUNCHED:
        raise InvalidTransition(_("Chỉ mở kỳ báo cáo của phong trào đang diễn ra."))
    weights = list(period.criteria.values_list("weight", flat=True))
    if sum(weights, Decimal(0)) != 100:
        raise DomainError(_("Bộ tiêu chí chưa hợp lệ: tổng trọng số phải bằng 100 trước khi mở kỳ báo cáo."))
    transition(
        period,
        table=PERIOD_TRANSITIONS,
        old=PeriodStatus.SCHEDULED,
        new=PeriodStatus.OPEN,
        message=_("Kỳ báo cáo này đã được mở hoặc đã đóng."),
    )
    unit_ids = period.movement.participations.values_list("unit_id", flat=True)
    reviews = Review.objects.bulk_create([Review(period=period, unit_id=uid) for uid in unit_ids])
    audit_record(actor=actor, action="period.open", target=period, reviews=len(reviews))
    event_emit(
        kind=EventKind.PERIOD_OPENED,
        target=period,
        event_id="open",
        recipients=unit_heads(r.unit_id for r in reviews),
        text=gettext_lazy("Kỳ báo cáo “%(period)s” (%(title)s) đã mở, hạn nộp %(deadline)s."),
        params={
            "period": period.name,
            "title": period.movement.title,
            "deadline": timezone.localtime(period.deadline).strftime("%d/%m/%Y %H:%M"),
        },
        link=absolute_url(reverse("campaigns:review_list")),
        actor=actor,
    )
    return len(reviews)


@transaction.atomic
def period_remind_late(*, actor, period: ReviewPeriod) -> tuple[int, int]:
    """The office reminds, in one click, every unit that has not submitted the period's review.

    Refused, nothing sent, when the period is not open, when every unit has submitted, or when
    this period was reminded less than NOTIFY_REMIND_LATE_HOURS ago (two clicks at once wait
    for each other on the period's row). Side effects: an event to the heads of each late unit
    (bell; email as each chose), audit (units, recipients). Returns (units, recipients)."""
    require(actor, "campaigns.manage_movement", period.movement)
    period = ReviewPeriod.objects.select_for_update().select_related("movement").get(pk=period.pk)
    if period.status != PeriodStatus.OPEN:
        raise InvalidTransition(_("Chỉ nhắc nộp báo cáo khi kỳ báo cáo đang mở."))
    last = late_reminders(period, limit=1)
    now = timezone.now()
    wait = datetime.timedelta(hours=settings.NOTIFY_REMIND_LATE_HOURS)
    if last and last[0].at > now - wait:
        sent, again = timezone.localtime(last[0].at), timezone.localtime(last[0].at + wait)
        raise DomainError(
            _(
                "Đã nhắc các đơn vị chưa nộp lúc %(sent)s; mỗi kỳ báo cáo chỉ nhắc một lần trong %(hours)s giờ, "
                "có thể nhắc lại từ %(again)s."
            )
            % {
                "sent": f"{sent:%H:%M %d/%m/%Y}",
                "hours": settings.NOTIFY_REMIND_LATE_HOURS,
                "again": f"{again:%H:%M %d/%m/%Y}",
            }
        )
    unit_ids = sorted(set(period.reviews.filter(status__in=REVIEW_PENDING).values_list("unit_id", flat=True)))
    if not unit_ids:
        raise DomainError(_("Mọi đơn vị đã nộp báo cáo kỳ này: không còn đơn vị nào để nhắc."))
    heads = unit_heads(unit_ids)
    audit = audit_record(
        actor=actor, action=REMIND_LATE, target=period, units=len(unit_ids), recipients=len(heads), unit_ids=unit_ids
    )
    event_emit(
        kind=EventKind.REVIEW_LATE,
        target=period,
        event_id=audit.pk,
        recipients=heads,
        text=gettext_lazy("Thường trực thi đua nhắc: đơn vị của bạn chưa nộp báo cáo “%(period)s” (%(title)s)."),
        params={"period": period.name, "title": period.movement.title},
        link=absolute_url(reverse("campaigns:review_list")),
        actor=actor,
    )
    return len(unit_ids), len(heads)


@transaction.atomic
def period_close(*, actor, period: ReviewPeriod) -> None:
    """Close an open period: nothing more can be submitted. Side effects: audit."""
    require(actor, "campaigns.manage_movement", period.movement)
    transition(
        period,
        table=PERIOD_TRANSITIONS,
        old=PeriodStatus.OPEN,
        new=PeriodStatus.CLOSED,
        message=_("Chỉ đóng được kỳ báo cáo đang mở."),
    )
    audit_record(actor=actor, action="period.close", target=period)


@transaction.atomic
def extension_grant(*, actor, review: Review, new_deadline: datetime.datetime, reason: str) -> Extension:
    """Give one unit a later deadline, with a reason. Side effects: extension row, review's extended_deadline, audit."""
    require(actor, "campaigns.decide_review", review)
    review = Review.objects.select_for_update().select_related("period").get(pk=review.pk)
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do gia hạn."))
    if review.status not in REVIEW_EDITABLE:
        raise InvalidTransition(_("Đơn vị đã nộp báo cáo: không cần gia hạn."))
    if review.period.status != PeriodStatus.OPEN:
        raise InvalidTransition(_("Kỳ báo cáo không còn mở."))
    if new_deadline <= review.deadline:
        raise DomainError(
            _("Hạn mới phải sau hạn hiện tại (%(deadline)s).")
            % {"deadline": timezone.localtime(review.deadline).strftime("%d/%m/%Y %H:%M")}
        )
    extension = Extension.objects.create(review=review, new_deadline=new_deadline, reason=reason, granted_by=actor)
    Review.objects.filter(pk=review.pk).update(extended_deadline=new_deadline)
    audit_record(
        actor=actor, action="review.extend", target=review, new_deadline=new_deadline.isoformat(), reason=reason
    )
    return extension


# --- Reviews ---------------------------------------------------------------------------


def _check_scores(review: Review, scores: Mapping[int, Decimal | None]) -> None:
    criteria = {c.pk: c for c in review.period.criteria.all()}
    for criterion_id, value in scores.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            raise DomainError(_("Tiêu chí không thuộc kỳ báo cáo này."))
        if value is not None and not (0 <= Decimal(value) <= criterion.max_points):
            raise DomainError(
                _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s.")
                % {"name": criterion.name, "max": f"{criterion.max_points.normalize():f}"}
            )


def _write_content(review: Review, content: Mapping, scores: Mapping[int, Decimal | None]) -> None:
    fields = {k: content[k] for k in NARRATIVE_FIELDS if k in content}
    if "figures" in content:
        fields["figures"] = {str(k): v for k, v in content["figures"].items()}
    if fields:
        Review.objects.filter(pk=review.pk).update(**fields)
    existing = {s.criterion_id: s for s in review.scores.all()}
    new_rows = []
    for criterion_id, value in scores.items():
        row = existing.get(int(criterion_id))
        if row is None:
            new_rows.append(ReviewScore(review=review, criterion_id=int(criterion_id), self_score=value))
        elif row.self_score != value:
            row.self_score = value
            row.save(update_fields=["self_score"])
    ReviewScore.objects.bulk_create(new_rows)


@transaction.atomic
def review_save_draft(*, actor, review: Review, content: Mapping, scores: Mapping[int, Decimal | None]) -> Review:
    """Save the unit's work without submitting; any number of times while the review is editable.

    Side effects: narrative, figures and self-scores written; status draft (returned stays returned); audit.
    """
    require(actor, "campaigns.edit_review", review)
    _check_scores(review, scores)
    if review.period.status != PeriodStatus.OPEN:
        raise InvalidTransition(_("Kỳ báo cáo không còn mở."))
    # A returned review stays "returned" (with its comment) until it is submitted again.
    if review.status == ReviewStatus.RETURNED:
        old, new = [ReviewStatus.RETURNED], ReviewStatus.RETURNED
    else:
        old, new = [ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT], ReviewStatus.DRAFT
    transition(
        Review,
        [review.pk],
        table=REVIEW_TRANSITIONS,
        old=old,
        new=new,
        message=_("Báo cáo đã nộp: không sửa được nữa."),
        updated_at=timezone.now(),
    )
    _write_content(review, content, scores)
    review.refresh_from_db()
    audit_record(actor=actor, action="review.save_draft", target=review)
    return review


def _missing_for_submission(review: Review) -> list[str]:
    missing = []
    scored = {s.criterion_id for s in review.scores.all() if s.self_score is not None}
    unscored = [c.name for c in review.period.criteria.all() if c.pk not in scored]
    if unscored:
        missing.append(_("chưa tự chấm điểm: %(names)s") % {"names": ", ".join(unscored)})
    if not review.results.strip():
        missing.append(_("chưa viết phần “Kết quả đạt được”"))
    return missing


@transaction.atomic
def review_submit(
    *,
    actor,
    review: Review,
    content: Mapping | None = None,
    scores: Mapping[int, Decimal | None] | None = None,
    now: datetime.datetime | None = None,
) -> Review:
    """Submit the review (with the content on the form, if given). After it, the content is read-only.

    Late (after the period's deadline or the unit's extension): refused, or accepted and
    marked late, per the period's policy. Two submits at once: one wins, the other gets
    a clear message. Side effects: status submitted, version+1, who/when, audit.
    """
    require(actor, "campaigns.edit_review", review)
    now = now or timezone.now()
    period = review.period
    if period.status != PeriodStatus.OPEN:
        raise InvalidTransition(_("Kỳ báo cáo không còn mở: không nộp được nữa."))
    if review.status not in REVIEW_EDITABLE:
        raise InvalidTransition(_("Báo cáo đã được nộp; không nộp lại được."))
    late = now > review.deadline
    if late and period.late_policy == LatePolicy.REFUSE:
        raise DomainError(
            _("Đã quá hạn nộp (%(deadline)s): kỳ báo cáo này không nhận báo cáo nộp muộn. Hãy đề nghị gia hạn.")
            % {"deadline": timezone.localtime(review.deadline).strftime("%d/%m/%Y %H:%M")}
        )
    if scores is not None:
        _check_scores(review, scores)
    # Claim the transition first: of two simultaneous submits only one matches this row.
    transition(
        Review,
        [review.pk],
        table=REVIEW_TRANSITIONS,
        old=REVIEW_EDITABLE,
        new=ReviewStatus.SUBMITTED,
        where={"version": review.version},
        message=_("Báo cáo vừa được nộp (có thể từ một cửa sổ khác); không nộp lại được."),
        version=F("version") + 1,
        is_late=late,
        submitted_at=now,
        submitted_by=actor,
    )
    _write_content(review, content or {}, scores or {})
    review.refresh_from_db()
    missing = _missing_for_submission(review)
    if missing:
        # Raising rolls the whole submission back.
        raise DomainError(_("Chưa nộp được: %(missing)s.") % {"missing": "; ".join(missing)})
    audit_record(actor=actor, action="review.submit", target=review, version=review.version, late=late)
    return review


def _snapshot(review: Review) -> dict:
    return {
        **{k: getattr(review, k) for k in NARRATIVE_FIELDS},
        "figures": review.figures,
        "indicators": [
            {"target": f.target.name, "measure": f.target.measure, "value": str(f.value)}
            for f in review.figure_values.select_related("target")
        ],
        "is_late": review.is_late,
        "scores": [
            {
                "criterion": s.criterion.name,
                "group": s.criterion.group,
                "max": str(s.criterion.max_points),
                "self": None if s.self_score is None else str(s.self_score),
            }
            for s in review.scores.select_related("criterion").order_by("criterion__order", "criterion__pk")
        ],
        "evidence": [
            {"id": e.pk, "name": e.original_name} for e in review.evidence.filter(version__lte=review.version)
        ],
    }


@transaction.atomic
def review_return(*, actor, review: Review, comment: str) -> ReviewVersion:
    """The office sends a submitted review back with a comment; the submitted version is kept.

    Side effects: a ReviewVersion snapshot, status returned, comment, audit.
    """
    require(actor, "campaigns.decide_review", review)
    if not comment.strip():
        raise DomainError(_("Hãy ghi rõ lý do trả lại để đơn vị biết cần sửa gì."))
    now = timezone.now()
    transition(
        Review,
        [review.pk],
        table=REVIEW_TRANSITIONS,
        old=ReviewStatus.SUBMITTED,
        new=ReviewStatus.RETURNED,
        message=_("Chỉ trả lại được báo cáo đang chờ xử lý (đã nộp)."),
        office_comment=comment,
        decided_at=now,
        decided_by=actor,
    )
    review.refresh_from_db()
    version = ReviewVersion.freeze(review, snapshot=_snapshot(review), returned_by=actor, comment=comment)
    audit_record(actor=actor, action="review.return", target=review, version=review.version, comment=comment)
    event_emit(
        kind=EventKind.REVIEW_RETURNED,
        target=review,
        event_id=review.version,
        recipients=unit_heads([review.unit_id]),
        text=gettext_lazy("Báo cáo “%(period)s” của %(unit)s bị trả lại để sửa: %(comment)s"),
        params={"period": review.period.name, "unit": review.unit.name, "comment": comment.strip()},
        link=absolute_url(review.get_absolute_url()),
        actor=actor,
    )
    return version


@transaction.atomic
def review_accept(*, actor, review: Review, office_scores: Mapping[int, Decimal], comment: str = "") -> Review:
    """The office accepts a submitted review with its own score per criterion.

    Side effects: office scores, status accepted, who/when, audit.
    """
    require(actor, "campaigns.decide_review", review)
    criteria_ids = set(review.period.criteria.values_list("pk", flat=True))
    if {int(k) for k, v in office_scores.items() if v is not None} != criteria_ids:
        raise DomainError(_("Hãy chấm điểm thẩm định cho mọi tiêu chí."))
    _check_scores(review, office_scores)
    transition(
        Review,
        [review.pk],
        table=REVIEW_TRANSITIONS,
        old=ReviewStatus.SUBMITTED,
        new=ReviewStatus.ACCEPTED,
        message=_("Chỉ tiếp nhận được báo cáo đang chờ xử lý (đã nộp)."),
        office_comment=comment,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    existing = {s.criterion_id: s for s in review.scores.all()}
    for criterion_id, value in office_scores.items():
        row = existing.get(int(criterion_id)) or ReviewScore(review=review, criterion_id=int(criterion_id))
        row.office_score = value
        row.save()
    review.refresh_from_db()
    audit_record(actor=actor, action="review.accept", target=review)
    event_emit(
        kind=EventKind.REVIEW_ACCEPTED,
        target=review,
        event_id=review.version,
        recipients=unit_heads([review.unit_id]),
        text=gettext_lazy("Báo cáo “%(period)s” của %(unit)s đã được tiếp nhận."),
        params={"period": review.period.name, "unit": review.unit.name},
        link=absolute_url(review.get_absolute_url()),
        actor=actor,
    )
    return review


@transaction.atomic
def evidence_add(*, actor, review: Review, uploaded) -> Evidence:
    """Attach a file to an editable review, after checking its real type and size.

    Side effects: the file stored privately under a random name, audit.
    """
    require(actor, "campaigns.edit_review", review)
    if not Review.objects.filter(pk=review.pk, status__in=REVIEW_EDITABLE).exists():
        raise InvalidTransition(_("Báo cáo đã nộp: không thêm minh chứng được nữa."))
    evidence = Evidence.store(uploaded, uploaded_by=actor, review=review, version=review.version + 1)
    audit_record(actor=actor, action="evidence.add", target=review, name=evidence.original_name)
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    """Remove a file attached since the last submission (earlier ones belong to a kept version)."""
    review = evidence.review
    require(actor, "campaigns.edit_review", review)
    if review.status not in REVIEW_EDITABLE or evidence.version <= review.version:
        raise InvalidTransition(_("Minh chứng này thuộc bản đã nộp: không xóa được."))
    if evidence.remove():
        audit_record(actor=actor, action="evidence.remove", target=review, name=evidence.original_name)


# --- Blocks at year end ----------------------------------------------------------------


@transaction.atomic
def block_criteria_set(*, actor, block: EmulationBlock, year: int, rows: list[Mapping]) -> list[BlockCriterion]:
    """Set the block's peer-scoring scale for a year, before anyone has scored. Side effects: audit."""
    require(actor, "organisation.manage_unit", block.owner)
    if BlockPeerScore.objects.filter(criterion__block=block, criterion__year=year).exists():
        raise InvalidTransition(_("Các đơn vị đã chấm điểm: không sửa thang điểm được nữa."))
    if not rows:
        raise DomainError(_("Thang điểm cần ít nhất một tiêu chí."))
    BlockCriterion.objects.filter(block=block, year=year).delete()
    criteria = BlockCriterion.objects.bulk_create(
        [
            BlockCriterion(block=block, year=year, name=r["name"], max_points=r["max_points"], order=i)
            for i, r in enumerate(rows)
        ]
    )
    audit_record(actor=actor, action="block.set_criteria", target=block, year=year)
    return criteria


@transaction.atomic
def block_scores_save(
    *, actor, block: EmulationBlock, year: int, scorer: OrgUnit, scores: Mapping[tuple[int, int], Decimal]
) -> int:
    """A member unit scores the other members: ``scores[(criterion_id, target_id)] = points``.

    Refused for the unit's own line, non-members, points above the maximum, or after the vote.
    Side effects: scores upserted, audit.
    """
    require(actor, "organisation.act_for_unit", scorer)
    members = set(block.members.values_list("pk", flat=True))
    if scorer.pk not in members:
        raise NotAllowed(_("Đơn vị của bạn không thuộc cụm, khối này."))
    if BlockVote.objects.filter(block=block, year=year).exists():
        raise InvalidTransition(_("Cụm đã biểu quyết suy tôn năm %(year)s: không chấm lại được.") % {"year": year})
    criteria = {c.pk: c for c in BlockCriterion.objects.filter(block=block, year=year)}
    rows = []
    for (criterion_id, target_id), points in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None or target_id not in members:
            raise DomainError(_("Tiêu chí hoặc đơn vị không thuộc cụm, khối này."))
        if target_id == scorer.pk:
            raise DomainError(_("Đơn vị không tự chấm điểm cho mình."))
        if not (0 <= Decimal(points) <= criterion.max_points):
            raise DomainError(
                _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s.")
                % {"name": criterion.name, "max": f"{criterion.max_points.normalize():f}"}
            )
        rows.append(
            BlockPeerScore(criterion=criterion, scorer=scorer, target_id=target_id, points=points, scored_by=actor)
        )
    BlockPeerScore.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["criterion", "scorer", "target"],
        update_fields=["points", "scored_by", "scored_at"],
    )
    audit_record(actor=actor, action="block.score", target=block, year=year, scorer=scorer.code, count=len(rows))
    return len(rows)


@transaction.atomic
def block_vote_record(
    *,
    actor,
    block: EmulationBlock,
    year: int,
    leading_unit: OrgUnit,
    next_leader: OrgUnit,
    next_deputy: OrgUnit,
    minutes: str = "",
) -> BlockVote:
    """Record the block's year-end vote: the leading unit (suy tôn) and next year's leader and deputy.

    The leader may not lead two years in a row. Side effects: the vote, next year's BlockTerm, audit.
    """
    require(actor, "organisation.manage_unit", block.owner)
    members = set(block.members.values_list("pk", flat=True))
    if not {leading_unit.pk, next_leader.pk, next_deputy.pk} <= members:
        raise DomainError(_("Các đơn vị được bầu phải là thành viên của cụm, khối."))
    if next_leader.pk == next_deputy.pk:
        raise DomainError(_("Trưởng và phó cụm phải là hai đơn vị khác nhau."))
    current = BlockTerm.objects.filter(block=block, year=year).first()
    if current and current.leader_id == next_leader.pk:
        raise DomainError(
            _("%(unit)s đã làm trưởng cụm năm %(year)s: không được làm hai năm liền.")
            % {"unit": next_leader.name, "year": year}
        )
    if BlockVote.objects.select_for_update().filter(block=block, year=year).exists():
        raise InvalidTransition(_("Kết quả suy tôn năm %(year)s đã được ghi nhận.") % {"year": year})
    vote = BlockVote.objects.create(
        block=block,
        year=year,
        leading_unit=leading_unit,
        next_leader=next_leader,
        next_deputy=next_deputy,
        minutes=minutes,
        recorded_by=actor,
    )
    BlockTerm.objects.update_or_create(
        block=block, year=year + 1, defaults={"leader": next_leader, "deputy": next_deputy}
    )
    audit_record(
        actor=actor,
        action="block.vote",
        target=block,
        year=year,
        leading=leading_unit.code,
        leader=next_leader.code,
        deputy=next_deputy.code,
    )
    return vote


# --- Review figures (a number per target of the movement) -------------------------------

FIGURE_LIMIT = Decimal("1e12")


@transaction.atomic
def review_figures_save(*, actor, review: Review, values: Mapping[int, Decimal | None]) -> Review:
    """Write the unit's number for each target of the movement (None clears it) while the review is editable.

    Called by the review form next to ``review_save_draft``/``review_submit``, in the same transaction.
    Side effects: ReviewFigure rows written or removed; audit (the targets changed).
    """
    require(actor, "campaigns.edit_review", review)
    if review.period.status != PeriodStatus.OPEN:
        raise InvalidTransition(_("Kỳ báo cáo không còn mở."))
    if not Review.objects.filter(pk=review.pk, status__in=REVIEW_EDITABLE).exists():
        raise InvalidTransition(_("Báo cáo đã nộp: không sửa được nữa."))
    targets = {t.pk: t for t in review.period.movement.targets.all()}
    existing = {f.target_id: f for f in review.figure_values.all()}
    changed = []
    for target_id, value in values.items():
        target = targets.get(int(target_id))
        if target is None:
            raise DomainError(_("Chỉ tiêu không thuộc phong trào này."))
        if value is not None and not (-FIGURE_LIMIT < Decimal(value) < FIGURE_LIMIT):
            raise DomainError(_("Số liệu chỉ tiêu “%(name)s” quá lớn.") % {"name": target.name})
        row = existing.get(target.pk)
        if value is None:
            if row is not None:
                row.delete()
                changed.append(target.pk)
        elif row is None:
            ReviewFigure.objects.create(review=review, target=target, value=value)
            changed.append(target.pk)
        elif row.value != value:
            row.value = value
            row.save(update_fields=["value"])
            changed.append(target.pk)
    if changed:
        audit_record(actor=actor, action="review.figures", target=review, targets=changed)
    return review
