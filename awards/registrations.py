"""Registration by name (đăng ký danh hiệu): what a unit head registers and the office decides.

Every write takes its actor, checks it (``awards.register_titles`` on the registering unit,
``awards.decide_registration`` for the office), runs in a transaction and records an audit line
("title_registration.*"); a return tells the unit's heads (awards.events). Reads are scoped with
``registrations_for_user``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy

from accounts.services import audit_record
from awards import events
from awards.enums import RATING_RANK, RatingValue, RegistrationStatus, SubjectKind
from awards.models import AwardType, Household, Person, Rating, TitleRegistration
from campaigns.models import Movement
from organisation.models import OrgUnit
from organisation.selectors import units_for_user
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from songlo.permissions import require

Subject = Person | OrgUnit | Household

# What the unit may still take back (the office has not accepted it).
REMOVABLE = frozenset({RegistrationStatus.REGISTERED, RegistrationStatus.RETURNED})
# What the office may accept or return.
DECIDABLE = frozenset({RegistrationStatus.REGISTERED, RegistrationStatus.ACCEPTED})


# Reads ------------------------------------------------------------------------------------------
def registrations_for_user(user) -> QuerySet[TitleRegistration]:
    """Registrations of the units the user may read (a head: their units; the office: its body)."""
    if user.is_superuser:
        return TitleRegistration.objects.all()
    return TitleRegistration.objects.filter(unit__in=units_for_user(user))


def subject_kind(subject: Subject) -> str:
    if isinstance(subject, Person):
        return SubjectKind.INDIVIDUAL
    if isinstance(subject, Household):
        return SubjectKind.HOUSEHOLD
    return SubjectKind.COLLECTIVE


def _subject_fields(subject: Subject) -> dict[str, Any]:
    kind = subject_kind(subject)
    field = {SubjectKind.INDIVIDUAL: "person", SubjectKind.HOUSEHOLD: "household"}.get(kind, "subject_unit")
    return {field: subject}


def _subject_path(subject: Subject) -> str:
    return subject.path if isinstance(subject, OrgUnit) else subject.unit.path


def kind_refusal(award: AwardType, kind: str) -> str | None:
    """Why ``award`` cannot go to a subject of ``kind`` (domain rule 1), or None."""
    if kind in award.subject_kinds():
        return None
    return {
        SubjectKind.INDIVIDUAL: _("“%(award)s” không dành cho cá nhân."),
        SubjectKind.COLLECTIVE: _("“%(award)s” không dành cho tập thể."),
        SubjectKind.HOUSEHOLD: _("“%(award)s” không dành cho hộ gia đình."),
    }[kind] % {"award": award.name}


def _duplicate_message(subject: Subject, award: AwardType, year: int, movement: Movement | None) -> str:
    if movement is not None:
        return _("%(subject)s đã được đăng ký “%(award)s” trong phong trào “%(movement)s”.") % {
            "subject": subject,
            "award": award.name,
            "movement": movement.title,
        }
    return _("%(subject)s đã được đăng ký “%(award)s” năm %(year)s.") % {
        "subject": subject,
        "award": award.name,
        "year": year,
    }


def _duplicates(registrations: QuerySet, subject: Subject, award: AwardType, year: int, movement) -> QuerySet:
    rows = registrations.filter(award_type=award, **_subject_fields(subject))
    return rows.filter(movement=movement) if movement is not None else rows.filter(movement__isnull=True, year=year)


# Writes -----------------------------------------------------------------------------------------
def register_title(
    *,
    actor,
    unit: OrgUnit,
    year: int,
    award: AwardType,
    subject: Subject,
    movement: Movement | None = None,
) -> TitleRegistration:
    """Register ``subject`` (a person, a collective or a household of ``unit``'s subtree) for ``award``.

    Refuses a subject outside the unit, an award the subject's kind cannot have (rule 1), an
    inactive award and a duplicate (same subject, award and year, or movement). Side effects: one
    TitleRegistration (registered); an audit line.
    """
    require(actor, "awards.register_titles", unit)
    if movement is not None:
        year = movement.year
    if not _subject_path(subject).startswith(unit.path):
        raise NotAllowed(_("Chỉ được đăng ký cho cá nhân, tập thể, hộ gia đình thuộc đơn vị mình."))
    if not award.active:
        raise DomainError(_("“%(award)s” không còn được sử dụng.") % {"award": award.name})
    refusal = kind_refusal(award, subject_kind(subject))
    if refusal:
        raise DomainError(refusal)
    if _duplicates(TitleRegistration.objects.all(), subject, award, year, movement).exists():
        raise DomainError(_duplicate_message(subject, award, year, movement))
    registration = TitleRegistration(
        unit=unit, year=year, movement=movement, award_type=award, registered_by=actor, **_subject_fields(subject)
    )
    try:
        with transaction.atomic():
            registration.save()
            audit_record(
                actor=actor,
                action="title_registration.create",
                target=registration,
                award=award.code,
                year=year,
                subject=str(subject),
                movement=movement.pk if movement else None,
            )
    except IntegrityError:
        raise DomainError(_duplicate_message(subject, award, year, movement)) from None
    return registration


@dataclass
class ManyResult:
    created: list[TitleRegistration]
    skipped: list[tuple[str, str]]  # (subject, reason)


def register_many(
    *,
    actor,
    unit: OrgUnit,
    year: int,
    entries: Iterable[tuple[Subject, AwardType]],
    movement: Movement | None = None,
) -> ManyResult:
    """Register several (subject, award) pairs; each refused one is skipped with its reason.

    Side effects: as ``register_title`` for each one registered.
    """
    require(actor, "awards.register_titles", unit)
    result = ManyResult([], [])
    for subject, award in entries:
        try:
            result.created.append(
                register_title(actor=actor, unit=unit, year=year, award=award, subject=subject, movement=movement)
            )
        except NotAllowed as error:
            result.skipped.append((str(subject), str(error.message)))
        except DomainError as error:
            result.skipped.append((str(subject), str(error.message)))
    return result


@transaction.atomic
def remove_registration(*, actor, registration: TitleRegistration) -> None:
    """Take back a registration the office has not accepted. Side effects: the row deleted; an audit line."""
    require(actor, "awards.register_titles", registration.unit)
    taken = TitleRegistration.objects.filter(pk=registration.pk, status__in=list(REMOVABLE)).delete()[0]
    if not taken:
        raise InvalidTransition(_("Đăng ký đã được chấp nhận: không thể xóa."))
    audit_record(
        actor=actor,
        action="title_registration.remove",
        target=registration.unit,
        registration=registration.pk,
        award=registration.award_type.code,
        year=registration.year,
        subject=str(registration.subject),
    )


@transaction.atomic
def reregister(*, actor, registration: TitleRegistration, award: AwardType | None = None) -> TitleRegistration:
    """Correct a returned registration (another award if given) and send it again.

    Side effects: status registered, the return reason kept in the audit trail only; an audit line.
    """
    require(actor, "awards.register_titles", registration.unit)
    award = award or registration.award_type
    refusal = kind_refusal(award, subject_kind(registration.subject))
    if refusal:
        raise DomainError(refusal)
    if (
        _duplicates(
            TitleRegistration.objects.all(), registration.subject, award, registration.year, registration.movement
        )
        .exclude(pk=registration.pk)
        .exists()
    ):
        raise DomainError(_duplicate_message(registration.subject, award, registration.year, registration.movement))
    changed = TitleRegistration.objects.filter(pk=registration.pk, status=RegistrationStatus.RETURNED).update(
        status=RegistrationStatus.REGISTERED,
        award_type=award,
        return_reason="",
        registered_by=actor,
        registered_at=timezone.now(),
        decided_by=None,
        decided_at=None,
    )
    if not changed:
        raise InvalidTransition(_("Chỉ đăng ký bị trả lại mới sửa và gửi lại được."))
    audit_record(
        actor=actor,
        action="title_registration.reregister",
        target=registration,
        award=award.code,
        previous_award=registration.award_type.code,
        previous_reason=registration.return_reason,
    )
    registration.refresh_from_db()
    return registration


def _require_decide(actor, registrations: list[TitleRegistration]) -> None:
    for unit in {r.unit_id: r.unit for r in registrations}.values():
        require(actor, "awards.decide_registration", unit)


@transaction.atomic
def accept_registrations(*, actor, registrations: Iterable[TitleRegistration]) -> int:
    """The office accepts registrations (those already accepted stay as they are).

    Side effects: status accepted, who and when; an audit line each. Returns how many changed.
    """
    registrations = list(registrations)
    _require_decide(actor, registrations)
    now = timezone.now()
    changed = 0
    for registration in registrations:
        if TitleRegistration.objects.filter(pk=registration.pk, status=RegistrationStatus.REGISTERED).update(
            status=RegistrationStatus.ACCEPTED, decided_by=actor, decided_at=now, return_reason=""
        ):
            changed += 1
            audit_record(actor=actor, action="title_registration.accept", target=registration)
    return changed


@transaction.atomic
def return_registrations(*, actor, registrations: Iterable[TitleRegistration], reason: str) -> int:
    """The office returns registrations to their unit with a reason.

    Side effects: status returned with the reason, who and when; an audit line each; the heads of
    each unit told. Returns how many changed.
    """
    registrations = list(registrations)
    _require_decide(actor, registrations)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Ghi rõ lý do trả lại đăng ký."))
    now = timezone.now()
    changed = 0
    for registration in registrations:
        if TitleRegistration.objects.filter(pk=registration.pk, status__in=list(DECIDABLE)).update(
            status=RegistrationStatus.RETURNED, decided_by=actor, decided_at=now, return_reason=reason
        ):
            changed += 1
            audit = audit_record(actor=actor, action="title_registration.return", target=registration, reason=reason)
            events.tell_registering_unit(
                registration=registration,
                event_id=audit.pk,
                text=_lazy("Đăng ký “%(award)s” năm %(year)s cho %(subject)s bị trả lại: %(reason)s"),
                params={"reason": reason},
                actor=actor,
            )
    return changed


# Shortcuts: whole groups added at once --------------------------------------------------------
@dataclass(frozen=True)
class Shortcut:
    label: Any
    award: str
    candidates: Callable[[OrgUnit, int], Iterable[Subject]]


def _rated_at_least(rating: str) -> list[str]:
    return [value for value, rank in RATING_RANK.items() if rank >= RATING_RANK[RatingValue(rating)]]


def _people_rated(unit: OrgUnit, year: int, rating: str) -> QuerySet[Person]:
    rated = Rating.objects.filter(year=year - 1, rating__in=_rated_at_least(rating), person__isnull=False)
    return (
        Person.objects.filter(unit__path__startswith=unit.path, pk__in=rated.values("person_id"))
        .select_related("unit")
        .order_by("unit__path", "full_name", "pk")
    )


def _units_rated(unit: OrgUnit, year: int, rating: str) -> QuerySet[OrgUnit]:
    rated = Rating.objects.filter(year=year - 1, rating__in=_rated_at_least(rating), unit__isnull=False)
    return OrgUnit.objects.filter(path__startswith=unit.path, pk__in=rated.values("unit_id")).order_by("path")


SHORTCUTS: dict[str, Shortcut] = {
    "ldtt": Shortcut(
        gettext_lazy("Mọi cá nhân xếp loại Hoàn thành tốt nhiệm vụ trở lên năm trước: Lao động tiên tiến"),
        "LDTT",
        lambda unit, year: _people_rated(unit, year, RatingValue.GOOD),
    ),
    "cstdcs": Shortcut(
        gettext_lazy("Mọi cá nhân xếp loại Hoàn thành xuất sắc nhiệm vụ năm trước: Chiến sĩ thi đua cơ sở"),
        "CSTDCS",
        lambda unit, year: _people_rated(unit, year, RatingValue.EXCELLENT),
    ),
    "ttldtt": Shortcut(
        gettext_lazy("Mọi tập thể xếp loại Hoàn thành tốt nhiệm vụ trở lên năm trước: Tập thể lao động tiên tiến"),
        "TTLDTT",
        lambda unit, year: _units_rated(unit, year, RatingValue.GOOD),
    ),
    "gdvh": Shortcut(
        gettext_lazy("Mọi hộ gia đình của đơn vị: Gia đình văn hóa"),
        "GDVH",
        lambda unit, year: (
            Household.objects.filter(unit__path__startswith=unit.path)
            .select_related("unit")
            .order_by("unit__path", "head_name", "pk")
        ),
    ),
}


def apply_shortcut(*, actor, unit: OrgUnit, year: int, key: str, movement: Movement | None = None) -> ManyResult:
    """Register every subject a shortcut names that is not registered yet (those already are: skipped).

    Side effects: as ``register_title`` for each one registered.
    """
    require(actor, "awards.register_titles", unit)
    shortcut = SHORTCUTS.get(key)
    if shortcut is None:
        raise DomainError(_("Không có cách thêm nhanh này."))
    award = AwardType.objects.filter(code=shortcut.award).first()
    if award is None:
        raise DomainError(_("Danh mục chưa có danh hiệu này."))
    if movement is not None:
        year = movement.year
    taken_rows = TitleRegistration.objects.filter(award_type=award)
    taken_rows = (
        taken_rows.filter(movement=movement) if movement else taken_rows.filter(movement__isnull=True, year=year)
    )
    taken = set(taken_rows.values_list("person_id", "subject_unit_id", "household_id"))
    entries = []
    for subject in shortcut.candidates(unit, year):
        kind = subject_kind(subject)
        held = (
            subject.pk if kind == SubjectKind.INDIVIDUAL else None,
            subject.pk if kind == SubjectKind.COLLECTIVE else None,
            subject.pk if kind == SubjectKind.HOUSEHOLD else None,
        )
        if held not in taken:  # those already registered are left as they are
            entries.append((subject, award))
    return register_many(actor=actor, unit=unit, year=year, entries=entries, movement=movement)
