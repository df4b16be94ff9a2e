"""Every write of the nomination cycle: one function per transition.

Each transition checks its actor, runs in a transaction, changes the row with a conditional
UPDATE that must touch exactly one row (so two clicks or two clerks cannot both win), and
records an audit line. The council moves nominations through the services at the end of this
module: it never writes a Nomination row itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.services import audit_record
from awards import events
from awards.catalogue import reference_date, rule_for
from awards.eligibility import evaluate, verdict_for_subject
from awards.enums import NOMINATION_COUNTS_FOR_QUOTA, NOMINATION_EDITABLE, NOMINATION_TRANSITIONS, NominationStatus
from awards.models import (
    DOSSIER_FIELDS,
    AwardRecord,
    AwardType,
    DossierFile,
    Household,
    Nomination,
    NominationVersion,
    Person,
)
from campaigns.models import Movement
from organisation.models import OrgUnit
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from songlo.permissions import require
from songlo.transitions import transition

# Awards that need proof of the initiative or the rating in the dossier (docs/domain.md#rule-15).
NEEDS_PROOF = {"CSTDCS", "CSTD_TINH", "CSTD_TQ"}


def _refresh_eligibility(nomination: Nomination) -> tuple[bool, list[dict[str, Any]]]:
    """The verdict now, with its reasons as data (awards.reasons renders them in the reader's language)."""
    if nomination.household_id:
        verdicts = evaluate(
            year=nomination.year,
            persons=Person.objects.none(),
            units=OrgUnit.objects.none(),
            households=Household.objects.filter(pk=nomination.household_id),
            awards=[nomination.award_type.code],
        )
        return verdicts[0].eligible, verdicts[0].stored_reasons
    verdict = verdict_for_subject(
        person=nomination.person,
        unit=nomination.subject_unit,
        award_code=nomination.award_type.code,
        year=nomination.year,
    )
    return verdict.eligible, verdict.stored_reasons


def _authors(initiative) -> set[int]:
    return set(initiative.authors.values_list("pk", flat=True))


TAKEN = "Hồ sơ vừa được người khác xử lý hoặc không còn ở trạng thái cho phép thao tác này."


def _move(target, pks=None, *, old, new, message: str = TAKEN, **changes: Any) -> None:
    """Nominations move only through the transition helper, with the time of the change."""
    transition(
        target,
        pks,
        table=NOMINATION_TRANSITIONS,
        old=old,
        new=new,
        message=message,
        updated_at=timezone.now(),
        **changes,
    )


def nomination_create(
    *,
    actor,
    unit: OrgUnit,
    award: AwardType,
    year: int,
    person: Person | None = None,
    subject_unit: OrgUnit | None = None,
    movement: Movement | None = None,
) -> Nomination:
    """Start a draft nomination of a person or a unit by ``unit``.

    Side effects: one Nomination row (draft) with the current eligibility verdict; an audit line.
    Refuses a subject outside the unit, the wrong subject kind and a duplicate (subject, award, year).
    """
    require(actor, "awards.nominate", unit)
    if person is not None and subject_unit is None:
        subject_path = person.unit.path
    elif subject_unit is not None and person is None:
        subject_path = subject_unit.path
    else:
        raise DomainError(_("Chọn một cá nhân hoặc một tập thể được đề nghị."))
    if not subject_path.startswith(unit.path):
        raise NotAllowed(_("Chỉ được đề nghị khen thưởng cho đơn vị mình và cán bộ của đơn vị."))
    kind = "individual" if person is not None else "collective"
    if kind not in award.subject_kinds():
        raise DomainError(
            (_("“%(award)s” không dành cho cá nhân.") if person else _("“%(award)s” không dành cho tập thể."))
            % {"award": award.name}
        )
    nomination = Nomination(
        unit=unit,
        person=person,
        subject_unit=subject_unit,
        award_type=award,
        year=year,
        movement=movement,
        created_by=actor,
    )
    nomination.eligible, nomination.eligibility_reasons = _refresh_eligibility(nomination)
    try:
        with transaction.atomic():
            nomination.save()
            audit_record(actor=actor, action="nomination.create", target=nomination, award=award.code, year=year)
    except IntegrityError:
        raise DomainError(
            _("Đã có hồ sơ đề nghị “%(award)s” năm %(year)s cho %(subject)s: mở hồ sơ đó để tiếp tục.")
            % {"award": award.name, "year": year, "subject": person or subject_unit}
        ) from None
    return nomination


@transaction.atomic
def nomination_update(*, actor, nomination: Nomination, data: dict[str, Any]) -> Nomination:
    """Save the dossier fields of a draft or returned nomination.

    Side effects: the dossier fields, the initiatives relied on (a person's own only), the
    eligibility verdict; an audit line.
    """
    require(actor, "awards.edit_nomination", nomination)
    fields = {name: data[name] for name in DOSSIER_FIELDS if name in data}
    if "movement" in data:
        fields["movement"] = data["movement"]
    if "initiatives" in data:
        chosen = list(data["initiatives"])
        if chosen and (nomination.person_id is None or any(nomination.person_id not in _authors(i) for i in chosen)):
            raise DomainError(_("Chỉ chọn được sáng kiến, đề tài mà cá nhân được đề nghị là tác giả."))
    eligible, reasons = _refresh_eligibility(nomination)
    _move(nomination, old=NOMINATION_EDITABLE, new=None, eligible=eligible, eligibility_reasons=reasons, **fields)
    if "initiatives" in data:
        nomination.initiatives.set(data["initiatives"])
        fields["initiatives"] = None
    audit_record(actor=actor, action="nomination.update", target=nomination, fields=sorted(fields))
    return nomination


@transaction.atomic
def nomination_add_file(*, actor, nomination: Nomination, uploaded, part: str) -> DossierFile:
    """Attach an evidence file (checked by content, stored privately). Only while editable."""
    require(actor, "awards.edit_nomination", nomination)
    if not Nomination.objects.filter(pk=nomination.pk, status__in=list(NOMINATION_EDITABLE)).exists():
        raise InvalidTransition(_("Hồ sơ đã nộp: không thể thêm tệp."))
    item = DossierFile.store(
        uploaded, uploaded_by=actor, nomination=nomination, part=part, version=nomination.version + 1
    )
    audit_record(actor=actor, action="nomination.add_file", target=nomination, file=item.original_name, part=part)
    return item


@transaction.atomic
def nomination_remove_file(*, actor, nomination: Nomination, file_id: int) -> None:
    """Remove a file added since the last submission (files of a submitted version stay).

    Side effects: the row deleted, the stored file deleted once the transaction commits, audit.
    """
    require(actor, "awards.edit_nomination", nomination)
    if not Nomination.objects.filter(pk=nomination.pk, status__in=list(NOMINATION_EDITABLE)).exists():
        raise InvalidTransition(_("Hồ sơ đã nộp: không thể xóa tệp."))
    item = DossierFile.objects.filter(pk=file_id, nomination=nomination, version__gt=nomination.version).first()
    if item is not None and item.remove():
        audit_record(actor=actor, action="nomination.remove_file", target=nomination, file_id=file_id)


def missing_parts(nomination: Nomination) -> list[str]:
    """The required parts of the dossier that are still missing (docs/domain.md#rule-15).

    A line of a submission's list needs no letter or minutes of its own (the submission carries
    them): only its report and proofs where the law asks (``awards.submissions.line_missing_parts``)."""
    if nomination.submission_id:
        from awards.submissions import line_missing_parts

        return line_missing_parts(nomination)
    missing = []
    if not (nomination.letter_number and nomination.letter_date and nomination.letter_summary):
        missing.append(_("Tờ trình: cần số, ngày và nội dung đề nghị"))
    if not (nomination.report_situation and nomination.report_achievements):
        missing.append(_("Báo cáo thành tích: cần phần sơ lược lý lịch/đặc điểm tình hình và thành tích đạt được"))
    if not (nomination.minutes_date and nomination.minutes_members and nomination.minutes_votes_for is not None):
        missing.append(_("Biên bản họp bình xét: cần ngày họp, tổng số thành viên và số phiếu đồng ý"))
    parts = set(nomination.files.values_list("part", flat=True))
    rule = rule_for(nomination.award_type.code, reference_date(nomination.year))
    if rule.ballot_required and DossierFile.Part.BALLOT not in parts:
        missing.append(_("Kết quả bỏ phiếu kín: cần tệp biên bản kiểm phiếu"))
    if nomination.award_type.code in NEEDS_PROOF and DossierFile.Part.INITIATIVE not in parts:
        missing.append(_("Minh chứng sáng kiến, đề tài hoặc xếp loại: cần ít nhất một tệp"))
    return missing


def _check_movement(nomination: Nomination, now: datetime.datetime) -> None:
    movement = Movement.objects.select_for_update().get(pk=nomination.movement_id)
    if movement.dossier_deadline and now > movement.dossier_deadline:
        deadline = timezone.localtime(movement.dossier_deadline)
        raise DomainError(
            _("Đã quá hạn nộp hồ sơ của phong trào “%(title)s” (%(deadline)s).")
            % {"title": movement.title, "deadline": f"{deadline:%H:%M %d/%m/%Y}"}
        )
    individual = nomination.person_id is not None
    quota = movement.quota_individuals if individual else movement.quota_collectives
    if quota is None:
        return
    used = (
        Nomination.objects.filter(
            movement=movement,
            unit_id=nomination.unit_id,
            status__in=list(NOMINATION_COUNTS_FOR_QUOTA),
            person__isnull=not individual,
        )
        .exclude(pk=nomination.pk)
        .count()
    )
    if used >= quota:
        what = _("cá nhân") if individual else _("tập thể")
        raise DomainError(
            _("Đơn vị đã đề nghị đủ %(quota)d %(what)s cho phong trào “%(title)s” (tối đa %(quota)d).")
            % {"quota": quota, "what": what, "title": movement.title}
        )


@transaction.atomic
def nomination_submit(*, actor, nomination: Nomination, now: datetime.datetime | None = None) -> Nomination:
    """Send the dossier to the office.

    Refuses a dossier missing a required part, a subject already awarded for the year, a movement
    past its dossier deadline or over its per-unit quota. Side effects: status submitted,
    version + 1, eligibility refreshed; an audit line.
    """
    require(actor, "awards.submit_nomination", nomination)
    now = now or timezone.now()
    nomination.refresh_from_db()
    if nomination.submission_id:
        raise InvalidTransition(_("Dòng này thuộc một tờ trình: nộp cả danh sách trên trang tờ trình."))
    if nomination.status not in NOMINATION_EDITABLE:
        raise InvalidTransition(_("Hồ sơ này đã được nộp."))
    missing = missing_parts(nomination)
    if missing:
        raise DomainError(_("Hồ sơ còn thiếu: %(parts)s.") % {"parts": "; ".join(str(m) for m in missing)})
    subject = nomination.subject_lookup
    if AwardRecord.objects.filter(
        award_type=nomination.award_type, year=nomination.year, revoked=False, **subject
    ).exists():
        raise DomainError(
            _("%(subject)s đã được tặng “%(award)s” năm %(year)s.")
            % {"subject": nomination.subject, "award": nomination.award_type.name, "year": nomination.year}
        )
    if nomination.movement_id:
        _check_movement(nomination, now)
    eligible, reasons = _refresh_eligibility(nomination)
    _move(
        nomination,
        old=NOMINATION_EDITABLE,
        new=NominationStatus.SUBMITTED,
        version=nomination.version + 1,
        submitted_at=now,
        submitted_by=actor,
        eligible=eligible,
        eligibility_reasons=reasons,
    )
    audit_record(actor=actor, action="nomination.submit", target=nomination, version=nomination.version)
    return nomination


@transaction.atomic
def nomination_screen(*, actor, nomination: Nomination, override_reason: str = "") -> Nomination:
    """The office finds the dossier valid (hợp lệ).

    If the subject does not meet the conditions, a written override reason is required and is
    recorded with its author. Side effects: status screened; an audit line.
    """
    require(actor, "awards.screen_nomination", nomination)
    eligible, reasons = _refresh_eligibility(nomination)
    override_reason = override_reason.strip()
    if not eligible and not override_reason:
        raise DomainError(_("Đối tượng chưa đủ điều kiện: ghi rõ lý do nếu vẫn chấp nhận hồ sơ."))
    changes: dict[str, Any] = {"eligible": eligible, "eligibility_reasons": reasons}
    if not eligible:
        changes.update(override_reason=override_reason, overridden_by=actor)
    _move(
        nomination,
        old=NominationStatus.SUBMITTED,
        new=NominationStatus.SCREENED,
        screened_at=timezone.now(),
        screened_by=actor,
        **changes,
    )
    _sync_submission(nomination)
    audit = audit_record(
        actor=actor, action="nomination.screen", target=nomination, eligible=eligible, override=override_reason
    )
    events.tell_unit(
        kind=events.NOMINATION_SCREENED,
        nomination=nomination,
        event_id=audit.pk,
        text=_lazy("Hồ sơ đề nghị “%(award)s” cho %(subject)s đã được xác nhận hợp lệ, chờ Hội đồng xét."),
        actor=actor,
    )
    return nomination


def _sync_submission(nomination: Nomination) -> None:
    """A line screened or returned on its own page: its submission's status follows."""
    submission = nomination.submission if nomination.submission_id else None
    if submission is not None:
        from awards.submissions import sync_status

        sync_status(submission)


def _snapshot(nomination: Nomination) -> dict[str, Any]:
    data = {}
    for name in DOSSIER_FIELDS:
        value = getattr(nomination, name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    data["files"] = list(
        nomination.files.filter(version__lte=nomination.version).values("id", "part", "original_name", "version")
    )
    data["eligible"] = nomination.eligible
    data["eligibility_reasons"] = nomination.eligibility_reasons
    return data


@transaction.atomic
def nomination_return(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """Return the dossier to the unit with reasons; the submitted version is kept.

    Side effects: a NominationVersion with the submitted content; status returned; an audit line.
    """
    require(actor, "awards.return_nomination", nomination)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Ghi rõ lý do trả lại hồ sơ."))
    old = {NominationStatus.SUBMITTED, NominationStatus.SCREENED}
    nomination.refresh_from_db()
    snapshot = _snapshot(nomination)
    _move(nomination, old=old, new=NominationStatus.RETURNED, return_reason=reason)
    NominationVersion.freeze(nomination, snapshot=snapshot, returned_by=actor, comment=reason)
    _sync_submission(nomination)
    audit = audit_record(actor=actor, action="nomination.return", target=nomination, reason=reason)
    events.tell_unit(
        kind=events.NOMINATION_RETURNED,
        nomination=nomination,
        event_id=audit.pk,
        text=_lazy("Hồ sơ đề nghị “%(award)s” cho %(subject)s bị trả lại: %(reason)s"),
        params={"reason": reason},
        actor=actor,
    )
    return nomination


# Moves made by the council ---------------------------------------------------------------------
def _require_each(actor, nominations: list[Nomination]) -> None:
    for nomination in nominations:
        require(actor, "awards.process_nomination", nomination)


@transaction.atomic
def nomination_send_to_council(*, actor, nominations: Iterable[Nomination]) -> list[Nomination]:
    """Put screened nominations on a council session's agenda.

    Side effects: each nomination screened -> in_council (all or none). No audit line of its own:
    the council records the session it planned.
    """
    nominations = list(nominations)
    _require_each(actor, nominations)
    _move(
        Nomination,
        [n.pk for n in nominations],
        old=NominationStatus.SCREENED,
        new=NominationStatus.IN_COUNCIL,
        message="Có hồ sơ vừa được người khác xử lý hoặc không còn ở trạng thái đã thẩm định.",
    )
    return nominations


@transaction.atomic
def nomination_record_council_result(*, actor, nomination: Nomination, passed: bool) -> Nomination:
    """The council's verdict on a nomination at the close of its session.

    Side effects: the nomination in_council -> approved (passed) or rejected.
    """
    require(actor, "awards.process_nomination", nomination)
    new = NominationStatus.APPROVED if passed else NominationStatus.REJECTED
    _move(nomination, old=NominationStatus.IN_COUNCIL, new=new)
    # Once per vote of the council: a nomination goes through one council per version.
    events.tell_unit(
        kind=events.NOMINATION_APPROVED if passed else events.NOMINATION_REJECTED,
        nomination=nomination,
        event_id=f"council-{nomination.version}",
        text=_lazy("Hội đồng Thi đua - Khen thưởng đã thông qua hồ sơ đề nghị “%(award)s” cho %(subject)s.")
        if passed
        else _lazy("Hội đồng Thi đua - Khen thưởng không thông qua hồ sơ đề nghị “%(award)s” cho %(subject)s."),
        actor=actor,
    )
    return nomination


@transaction.atomic
def nomination_mark_decided(*, actor, nominations: Iterable[Nomination]) -> list[Nomination]:
    """A decision (of the body or of the higher level) awards approved nominations.

    Side effects: each nomination approved -> decided (all or none).
    """
    nominations = list(nominations)
    _require_each(actor, nominations)
    _move(Nomination, [n.pk for n in nominations], old=NominationStatus.APPROVED, new=NominationStatus.DECIDED)
    return nominations


@transaction.atomic
def nomination_record_higher_refusal(*, actor, nomination: Nomination) -> Nomination:
    """The higher level refuses an award the council approved and proposed to it.

    Side effects: the nomination approved -> rejected.
    """
    require(actor, "awards.process_nomination", nomination)
    _move(nomination, old=NominationStatus.APPROVED, new=NominationStatus.REJECTED)
    events.tell_unit(
        kind=events.NOMINATION_REJECTED,
        nomination=nomination,
        event_id=f"higher-{nomination.version}",
        text=_lazy("Cấp trên không đồng ý khen thưởng “%(award)s” cho %(subject)s."),
        actor=actor,
    )
    return nomination


@transaction.atomic
def nomination_revoke(*, actor, nomination: Nomination) -> Nomination:
    """The award given on this nomination is revoked by the granting body.

    Side effects: the nomination decided -> revoked.
    """
    require(actor, "awards.process_nomination", nomination)
    _move(nomination, old=NominationStatus.DECIDED, new=NominationStatus.REVOKED)
    return nomination
