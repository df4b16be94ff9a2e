"""Submissions (tờ trình) that carry lists: every write of a list and of its lines.

A line is a Nomination with ``submission`` set: it keeps its own eligibility, achievement report,
screening, versions and outcome. The letter belongs to the submission, so lines need no letter or
minutes of their own. Lists are handled in bulk: adding, checking, submitting, screening or
returning 500 lines is a fixed number of queries, not 500 times the single-dossier path.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import AuditEvent
from accounts.services import audit_record
from awards.catalogue import reference_date, rule_for
from awards.eligibility import evaluate
from awards.enums import (
    NOMINATION_COUNTS_FOR_QUOTA,
    NOMINATION_EDITABLE,
    RATING_RANK,
    AwardKind,
    AwardLevel,
    NominationStatus,
    RatingValue,
    RegistrationStatus,
    SubjectKind,
)
from awards.models import (
    DOSSIER_FIELDS,
    AwardRecord,
    AwardType,
    DossierFile,
    Household,
    Nomination,
    NominationVersion,
    Person,
    Rating,
    Submission,
    TitleRegistration,
)
from awards.services import NEEDS_PROOF, _move
from campaigns.enums import MovementKind
from campaigns.models import Movement
from organisation.models import OrgUnit
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from songlo.permissions import require

SUBMISSION_LETTER_FIELDS = ("title", "letter_number", "letter_date", "letter_signer", "letter_summary")
# Awards whose line needs its own achievement report (báo cáo thành tích): CSTĐ and the forms and
# titles of the province's level and above (Bằng khen...); never LĐTT, GĐVH or the base's titles.
REPORT_LEVELS = frozenset({AwardLevel.PROVINCE, AwardLevel.NATIONAL})
REPORT_CODES = frozenset({"CSTDCS", "CSTD_TINH", "CSTD_TQ"})


def report_required(award: AwardType) -> bool:
    """Whether a line for ``award`` needs its own achievement report (docs/domain.md, dossier)."""
    if award.for_household and not award.for_individual and not award.for_collective:
        return False
    return award.code in REPORT_CODES or award.level in REPORT_LEVELS


def report_present(line: Nomination) -> bool:
    return bool(line.report_situation and line.report_achievements)


def line_missing_parts(line: Nomination, parts: set[str] | None = None, ballots: dict | None = None) -> list[str]:
    """The parts a line still lacks: its own report and proofs where the law asks (not the letter).

    ``parts``: the parts of its files (read when not given); ``ballots``: a cache of whether an
    award needs a secret ballot in a year, shared across the lines of a list."""
    award = line.award_type
    if not report_required(award):
        return []
    missing = []
    if not report_present(line):
        missing.append(_("Báo cáo thành tích: cần phần sơ lược lý lịch/đặc điểm tình hình và thành tích đạt được"))
    if parts is None:
        parts = set(line.files.values_list("part", flat=True))
    ballots = {} if ballots is None else ballots
    if (award.code, line.year) not in ballots:
        ballots[award.code, line.year] = rule_for(award.code, reference_date(line.year)).ballot_required
    if ballots[award.code, line.year] and DossierFile.Part.BALLOT not in parts:
        missing.append(_("Kết quả bỏ phiếu kín: cần tệp biên bản kiểm phiếu"))
    if award.code in NEEDS_PROOF and DossierFile.Part.INITIATIVE not in parts:
        missing.append(_("Minh chứng sáng kiến, đề tài hoặc xếp loại: cần ít nhất một tệp"))
    return missing


def submission_missing_parts(submission: Submission) -> list[str]:
    """The letter's missing parts (the letter belongs to the submission)."""
    if submission.letter_number and submission.letter_date and submission.letter_summary:
        return []
    return [_("Tờ trình: cần số, ngày và nội dung đề nghị")]


def kind_for(movement: Movement | None, chosen: str | None = None) -> str:
    """A line's award kind: a thematic movement's, else the one chosen (merit by default)."""
    if movement is not None and movement.kind == MovementKind.THEMATIC:
        return AwardKind.MOVEMENT
    return chosen if chosen in AwardKind.values else AwardKind.MERIT


# The submission ---------------------------------------------------------------------------------
def _letter(data: dict[str, Any]) -> dict[str, Any]:
    fields = {name: data[name] for name in SUBMISSION_LETTER_FIELDS if name in data}
    for name in ("title", "letter_number", "letter_signer", "letter_summary"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    return fields


@transaction.atomic
def submission_create(
    *, actor, unit: OrgUnit, year: int, movement: Movement | None = None, data: dict[str, Any] | None = None
) -> Submission:
    """Start a draft submission (tờ trình) of ``unit`` for ``year`` (and a movement).

    Side effects: one Submission row (draft); an audit line.
    """
    require(actor, "awards.nominate", unit)
    submission = Submission.objects.create(
        unit=unit, year=year, movement=movement, created_by=actor, **_letter(data or {})
    )
    audit_record(actor=actor, action="submission.create", target=submission, year=year)
    return submission


EDITABLE_SUBMISSION = ("draft", "returned")


def _editable(submission: Submission) -> None:
    if submission.status not in EDITABLE_SUBMISSION:
        raise InvalidTransition(_("Tờ trình đã nộp: chờ cơ quan thi đua thẩm định hoặc trả lại."))


@transaction.atomic
def submission_update(*, actor, submission: Submission, data: dict[str, Any]) -> Submission:
    """Save the letter's fields of a draft or returned submission. Side effects: the fields; audit."""
    require(actor, "awards.edit_nomination", submission)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _editable(submission)
    fields = _letter(data)
    for name, value in fields.items():
        setattr(submission, name, value)
    submission.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="submission.update", target=submission, fields=sorted(fields))
    return submission


# Lines ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineSpec:
    """A line to add: one subject (a person, a collective or a household) and an award."""

    award: AwardType
    person: Person | None = None
    subject_unit: OrgUnit | None = None
    household: Household | None = None
    kind: str | None = None

    @property
    def subject(self):
        return self.person or self.subject_unit or self.household

    @property
    def subject_kind(self) -> str:
        if self.person is not None:
            return SubjectKind.INDIVIDUAL
        return SubjectKind.HOUSEHOLD if self.household is not None else SubjectKind.COLLECTIVE

    @property
    def key(self) -> tuple[str, int, int]:
        kind = {SubjectKind.INDIVIDUAL: "p", SubjectKind.HOUSEHOLD: "h"}.get(self.subject_kind, "u")
        return kind, self.subject.pk, self.award.pk


@dataclass
class AddResult:
    added: list[Nomination]
    skipped: list[str]  # why each refused line was left out (Vietnamese)


def _subject_path(spec: LineSpec) -> str:
    if spec.person is not None:
        return spec.person.unit.path
    if spec.household is not None:
        return spec.household.unit.path
    return spec.subject_unit.path  # type: ignore[union-attr]


def _verdicts(year: int, specs: Sequence[LineSpec]) -> dict[tuple[str, int, int], tuple[bool, list]]:
    """The eligibility of every (subject, award) in one evaluation (a bounded number of queries)."""
    if not specs:
        return {}
    people = {s.person.pk for s in specs if s.person is not None}
    units = {s.subject_unit.pk for s in specs if s.subject_unit is not None}
    households = {s.household.pk for s in specs if s.household is not None}
    only: dict[tuple[str, int], list[str]] = defaultdict(list)
    codes = set()
    for spec in specs:
        only[spec.key[:2]].append(spec.award.code)
        codes.add(spec.award.code)
    verdicts = evaluate(
        year=year,
        persons=Person.objects.filter(pk__in=people),
        units=OrgUnit.objects.filter(pk__in=units),
        households=Household.objects.filter(pk__in=households),
        awards=sorted(codes),
        only=dict(only),
        # Colleagues are read by the cap on CSTĐCS only (a unit's share of LĐTT).
        colleagues="CSTDCS" in codes,
    )
    by_code = {s.award.code: s.award.pk for s in specs}
    return {(*v.subject.key, by_code[v.award]): (v.eligible, v.stored_reasons) for v in verdicts}


def _existing_keys(year: int, specs: Sequence[LineSpec]) -> set[tuple[str, int, int]]:
    """(subject, award) pairs already nominated for ``year`` (the duplicate rule), in one query."""
    condition = Q(pk__in=[])
    for field, kind in (("person", "p"), ("subject_unit", "u"), ("household", "h")):
        ids = {s.key[1] for s in specs if s.key[0] == kind}
        if ids:
            condition |= Q(**{f"{field}__in": ids})
    rows = Nomination.objects.filter(condition, year=year, award_type__in={s.award.pk for s in specs})
    keys = set()
    for person, unit, household, award in rows.values_list(
        "person_id", "subject_unit_id", "household_id", "award_type_id"
    ):
        if person:
            keys.add(("p", person, award))
        elif household:
            keys.add(("h", household, award))
        else:
            keys.add(("u", unit, award))
    return keys


def _duplicate_text(spec: LineSpec, year: int) -> str:
    return _("Đã có đề nghị “%(award)s” năm %(year)s cho %(subject)s.") % {
        "award": spec.award.name,
        "year": year,
        "subject": spec.subject,
    }


def _audit_many(actor, action: str, targets: Iterable, **data: Any) -> None:
    """One audit line per target, written in one INSERT."""
    targets = list(targets)
    if not targets:
        return
    content_type = ContentType.objects.get_for_model(type(targets[0]))
    who = actor if actor is not None and actor.is_authenticated else None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(actor=who, action=action, content_type=content_type, object_id=str(t.pk), data=data)
            for t in targets
        ]
    )


@transaction.atomic
def submission_add_lines(
    *, actor, submission: Submission, specs: Sequence[LineSpec], strict: bool = False
) -> AddResult:
    """Add lines to a draft or returned submission, each with its eligibility verdict.

    Refuses (leaves out, saying why) a subject outside the unit, the wrong subject kind, and a
    duplicate (the same subject, award and year already nominated); with ``strict`` the first
    refusal raises and nothing is added. Side effects: Nomination rows (draft) in one INSERT,
    one audit line naming the lines added.
    """
    require(actor, "awards.edit_nomination", submission)
    submission = (
        Submission.objects.select_for_update(of=("self",)).select_related("unit", "movement").get(pk=submission.pk)
    )
    _editable(submission)
    year, unit = submission.year, submission.unit
    skipped: list[str] = []
    wanted: list[LineSpec] = []
    seen: set[tuple[str, int, int]] = set()
    existing = _existing_keys(year, specs)

    def refuse(text: str) -> None:
        if strict:
            raise DomainError(text)
        skipped.append(text)

    for spec in specs:
        if spec.subject is None:
            refuse(_("Chọn một cá nhân, tập thể hoặc hộ gia đình được đề nghị."))
            continue
        if not _subject_path(spec).startswith(unit.path):
            if strict:
                raise NotAllowed(_("Chỉ được đề nghị khen thưởng cho đơn vị mình và cán bộ của đơn vị."))
            skipped.append(_("%(subject)s không thuộc %(unit)s.") % {"subject": spec.subject, "unit": unit.name})
            continue
        if spec.subject_kind not in spec.award.subject_kinds():
            refuse(
                _("“%(award)s” không dành cho %(kind)s: %(subject)s.")
                % {
                    "award": spec.award.name,
                    "kind": SubjectKind(spec.subject_kind).label.lower(),
                    "subject": spec.subject,
                }
            )
            continue
        if spec.key in existing or spec.key in seen:
            refuse(_duplicate_text(spec, year))
            continue
        seen.add(spec.key)
        wanted.append(spec)
    verdicts = _verdicts(year, wanted)
    now = timezone.now()
    lines = []
    for spec in wanted:
        eligible, reasons = verdicts.get(spec.key, (None, []))
        lines.append(
            Nomination(
                unit=unit,
                unit_path=unit.path,
                submission=submission,
                person=spec.person,
                subject_unit=spec.subject_unit,
                household=spec.household,
                award_type=spec.award,
                year=year,
                movement=submission.movement,
                kind=kind_for(submission.movement, spec.kind),
                eligible=eligible,
                eligibility_reasons=reasons,
                created_by=actor,
                updated_at=now,
            )
        )
    try:
        with transaction.atomic():
            Nomination.objects.bulk_create(lines)
    except IntegrityError:
        raise DomainError(
            _("Một đối tượng trong danh sách vừa được đề nghị cùng danh hiệu trong năm: tải lại trang rồi thử lại.")
        ) from None
    if lines and lines[0].pk is None:  # backends without RETURNING ids: read them back
        lines = list(submission.lines.filter(created_at__gte=now).order_by("pk"))
    if lines:
        audit_record(actor=actor, action="submission.add_lines", target=submission, lines=[n.pk for n in lines])
    return AddResult(lines, skipped)


def submission_add_line(
    *,
    actor,
    submission: Submission,
    award: AwardType,
    person: Person | None = None,
    subject_unit: OrgUnit | None = None,
    household: Household | None = None,
    kind: str | None = None,
) -> Nomination:
    """Add one line (refusing a duplicate with a clear message). See ``submission_add_lines``."""
    spec = LineSpec(award=award, person=person, subject_unit=subject_unit, household=household, kind=kind)
    return submission_add_lines(actor=actor, submission=submission, specs=[spec], strict=True).added[0]


def registered_specs(submission: Submission, award: AwardType) -> list[LineSpec]:
    """The unit's accepted or registered registrations for ``award`` in the submission's year (and movement)."""
    rows = TitleRegistration.objects.filter(
        unit__path__startswith=submission.unit.path,
        year=submission.year,
        movement=submission.movement,
        award_type=award,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.ACCEPTED],
    ).select_related("person__unit", "subject_unit", "household__unit")
    return [LineSpec(award=award, person=r.person, subject_unit=r.subject_unit, household=r.household) for r in rows]


def rated_specs(submission: Submission, award: AwardType, minimum: str = RatingValue.GOOD) -> list[LineSpec]:
    """Everyone of the unit's subtree rated ``minimum`` or better in the year (people or units, by the award)."""
    ratings = [value for value, rank in RATING_RANK.items() if rank >= RATING_RANK[RatingValue(minimum)]]
    rated = Rating.objects.filter(year=submission.year, rating__in=ratings)
    path = submission.unit.path
    if award.for_individual:
        people = Person.objects.filter(unit__path__startswith=path, pk__in=rated.values("person_id"))
        return [LineSpec(award=award, person=p) for p in people.select_related("unit").order_by("full_name", "pk")]
    units = OrgUnit.objects.filter(path__startswith=path, pk__in=rated.values("unit_id"))
    return [LineSpec(award=award, subject_unit=u) for u in units.order_by("path")]


@transaction.atomic
def submission_add_eligible(*, actor, submission: Submission, specs: Sequence[LineSpec]) -> AddResult:
    """Add, of ``specs``, only the subjects that meet the award's conditions ("everyone registered
    for LĐTT who is eligible"); the others are left out with the reason."""
    require(actor, "awards.edit_nomination", submission)
    verdicts = _verdicts(submission.year, specs)
    keep, left = [], []
    for spec in specs:
        if verdicts.get(spec.key, (False, []))[0]:
            keep.append(spec)
        else:
            left.append(
                _("%(subject)s chưa đủ điều kiện “%(award)s”.") % {"subject": spec.subject, "award": spec.award.name}
            )
    result = submission_add_lines(actor=actor, submission=submission, specs=keep)
    result.skipped[:0] = left
    return result


@transaction.atomic
def submission_remove_lines(*, actor, submission: Submission, line_ids: Iterable[int]) -> int:
    """Remove draft lines (never submitted) from a draft or returned submission. Side effects: rows deleted; audit."""
    require(actor, "awards.edit_nomination", submission)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _editable(submission)
    lines = submission.lines.filter(pk__in=list(line_ids), status=NominationStatus.DRAFT, version=0)
    ids = list(lines.values_list("pk", flat=True))
    if ids:
        lines.delete()
        audit_record(actor=actor, action="submission.remove_lines", target=submission, lines=ids)
    return len(ids)


# Submitting -------------------------------------------------------------------------------------
def _quota_check(submission: Submission, lines: list[Nomination], now: datetime.datetime) -> None:
    movement = Movement.objects.select_for_update().get(pk=submission.movement_id)
    if movement.dossier_deadline and now > movement.dossier_deadline:
        deadline = timezone.localtime(movement.dossier_deadline)
        raise DomainError(
            _("Đã quá hạn nộp hồ sơ của phong trào “%(title)s” (%(deadline)s).")
            % {"title": movement.title, "deadline": f"{deadline:%H:%M %d/%m/%Y}"}
        )
    sending = [line.pk for line in lines]
    for individual, quota in ((True, movement.quota_individuals), (False, movement.quota_collectives)):
        if quota is None:
            continue
        new = sum(1 for line in lines if (line.person_id is not None) == individual)
        used = (
            Nomination.objects.filter(
                movement=movement,
                unit_id=submission.unit_id,
                status__in=list(NOMINATION_COUNTS_FOR_QUOTA),
                person__isnull=not individual,
            )
            .exclude(pk__in=sending)
            .count()
        )
        if new and used + new > quota:
            what = _("cá nhân") if individual else _("tập thể")
            raise DomainError(
                _(
                    "Phong trào “%(title)s” cho mỗi đơn vị tối đa %(quota)d %(what)s: đã đề nghị %(used)d, "
                    "danh sách thêm %(new)d."
                )
                % {"title": movement.title, "quota": quota, "what": what, "used": used, "new": new}
            )


def check_lines(submission: Submission, lines: list[Nomination]) -> dict[int, list[str]]:
    """What keeps each line from being submitted (by line id), in a fixed number of queries."""
    parts: dict[int, set[str]] = defaultdict(set)
    for line_id, part in DossierFile.objects.filter(nomination__in=[n.pk for n in lines]).values_list(
        "nomination_id", "part"
    ):
        parts[line_id].add(part)
    awarded = set()
    condition = Q(pk__in=[])
    for field, attr in (("person", "person_id"), ("unit", "subject_unit_id"), ("household", "household_id")):
        ids = {getattr(n, attr) for n in lines if getattr(n, attr)}
        if ids:
            condition |= Q(**{f"{field}__in": ids})
    for person, unit, household, award in AwardRecord.objects.filter(
        condition, year=submission.year, revoked=False
    ).values_list("person_id", "unit_id", "household_id", "award_type_id"):
        awarded.add((person, unit, household, award))
    problems: dict[int, list[str]] = {}
    ballots: dict = {}
    for line in lines:
        found = line_missing_parts(line, parts[line.pk], ballots)
        if (line.person_id, line.subject_unit_id, line.household_id, line.award_type_id) in awarded:
            found.append(
                _("%(subject)s đã được tặng “%(award)s” năm %(year)s.")
                % {"subject": line.subject, "award": line.award_type.name, "year": line.year}
            )
        if found:
            problems[line.pk] = found
    return problems


def _write_verdicts(lines: list[Nomination]) -> None:
    """Each line's verdict (its own reasons) in one batched statement, not one UPDATE per line
    nor Django's CASE over every row (seconds for 500 lines)."""
    if not lines:
        return
    field = Nomination._meta.get_field("eligibility_reasons")
    table = connection.ops.quote_name(Nomination._meta.db_table)
    rows = [(line.eligible, field.get_db_prep_save(line.eligibility_reasons, connection), line.pk) for line in lines]
    with connection.cursor() as cursor:
        # The table name is the model's own; every value is a parameter.
        sql = f"UPDATE {table} SET eligible = %s, eligibility_reasons = %s WHERE id = %s"  # noqa: S608
        cursor.executemany(sql, rows)


def _refresh_verdicts(submission: Submission, lines: list[Nomination]) -> None:
    specs = [
        LineSpec(award=n.award_type, person=n.person, subject_unit=n.subject_unit, household=n.household) for n in lines
    ]
    verdicts = _verdicts(submission.year, specs)
    for line, spec in zip(lines, specs, strict=True):
        line.eligible, line.eligibility_reasons = verdicts.get(spec.key, (line.eligible, line.eligibility_reasons))


@transaction.atomic
def submission_submit(*, actor, submission: Submission, now: datetime.datetime | None = None) -> Submission:
    """Send the list: every draft or returned line moves to submitted in one transaction.

    Refuses a letter missing its number, date or content, a list with no line to send, a line
    missing its report or proofs where the law asks, a subject already awarded for the year, a
    movement past its deadline or over its per-unit quota (counted over lines). Side effects: the
    lines' status, version + 1 and eligibility; the submission's status, version + 1; audit lines.
    """
    require(actor, "awards.submit_nomination", submission)
    now = now or timezone.now()
    submission = (
        Submission.objects.select_for_update(of=("self",)).select_related("unit", "movement").get(pk=submission.pk)
    )
    _editable(submission)
    missing = submission_missing_parts(submission)
    if missing:
        raise DomainError(_("Tờ trình còn thiếu: %(parts)s.") % {"parts": "; ".join(str(m) for m in missing)})
    lines = list(
        submission.lines.filter(status__in=list(NOMINATION_EDITABLE))
        .select_related("person", "subject_unit", "household", "award_type")
        .order_by("pk")
    )
    if not lines:
        raise DomainError(_("Danh sách chưa có dòng nào cần nộp."))
    problems = check_lines(submission, lines)
    if problems:
        by_id = {n.pk: n for n in lines}
        first = [f"{by_id[pk].subject}: {'; '.join(texts)}" for pk, texts in list(problems.items())[:5]]
        raise DomainError(
            ngettext(
                "%(n)d dòng chưa nộp được: %(lines)s.",
                "%(n)d dòng chưa nộp được: %(lines)s.",
                len(problems),
            )
            % {"n": len(problems), "lines": " | ".join(first)}
        )
    if submission.movement_id:
        _quota_check(submission, lines, now)
    _refresh_verdicts(submission, lines)
    # One guarded UPDATE moves every line (its own version + 1); the verdicts in one batch.
    _move(
        Nomination,
        [n.pk for n in lines],
        old=NOMINATION_EDITABLE,
        new=NominationStatus.SUBMITTED,
        message=_("Có dòng vừa được người khác xử lý: tải lại trang rồi thử lại."),
        version=F("version") + 1,
        submitted_at=now,
        submitted_by=actor,
    )
    _write_verdicts(lines)
    for line in lines:
        line.version += 1
        line.status = NominationStatus.SUBMITTED
    submission.version += 1
    submission.status = "submitted"
    submission.submitted_at = now
    submission.submitted_by = actor
    submission.save(update_fields=["version", "status", "submitted_at", "submitted_by", "updated_at"])
    sync_status(submission)
    # One audit line for the list, naming every line sent (its version is the line's own + 1).
    audit_record(
        actor=actor,
        action="submission.submit",
        target=submission,
        version=submission.version,
        lines=[n.pk for n in lines],
    )
    return submission


def sync_status(submission: Submission) -> str:
    """The submission's status follows its lines: returned while a line is returned, screened once
    every sent line is past screening, submitted otherwise (draft until first sent)."""
    counts = dict(submission.lines.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    if submission.version == 0:
        status = "draft"
    elif counts.get(NominationStatus.RETURNED):
        status = "returned"
    elif counts.get(NominationStatus.SUBMITTED) or counts.get(NominationStatus.DRAFT):
        status = "submitted"
    else:
        status = "screened"
    if status != submission.status:
        Submission.objects.filter(pk=submission.pk).update(status=status, updated_at=timezone.now())
        submission.status = status
    return status


# Screening by line ------------------------------------------------------------------------------
def _office_lines(actor, submission: Submission, line_ids: Iterable[int] | None, statuses) -> list[Nomination]:
    lines = submission.lines.filter(status__in=list(statuses))
    if line_ids is not None:
        lines = lines.filter(pk__in=list(line_ids))
    return list(lines.select_related("person", "subject_unit", "household", "award_type").order_by("pk"))


@transaction.atomic
def submission_screen_lines(
    *, actor, submission: Submission, line_ids: Iterable[int] | None = None, override_reason: str = ""
) -> int:
    """The office finds the chosen submitted lines valid (all submitted lines without ``line_ids``).

    A line whose subject does not meet the conditions needs the written override reason (kept with
    its author). Side effects: lines screened in one UPDATE; the submission's status; one audit line naming the lines.
    """
    require(actor, "awards.screen_nomination", submission)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    lines = _office_lines(actor, submission, line_ids, [NominationStatus.SUBMITTED])
    if not lines:
        raise DomainError(_("Chưa chọn dòng nào đang chờ thẩm định."))
    _refresh_verdicts(submission, lines)
    override_reason = override_reason.strip()
    failing = [n for n in lines if not n.eligible]
    if failing and not override_reason:
        raise DomainError(
            ngettext(
                "%(n)d dòng chưa đủ điều kiện (%(names)s): ghi rõ lý do nếu vẫn chấp nhận.",
                "%(n)d dòng chưa đủ điều kiện (%(names)s): ghi rõ lý do nếu vẫn chấp nhận.",
                len(failing),
            )
            % {"n": len(failing), "names": ", ".join(str(n.subject) for n in failing[:5])}
        )
    now = timezone.now()
    _move(
        Nomination,
        [n.pk for n in lines],
        old=[NominationStatus.SUBMITTED],
        new=NominationStatus.SCREENED,
        screened_at=now,
        screened_by=actor,
    )
    if failing:
        Nomination.objects.filter(pk__in=[n.pk for n in failing]).update(
            override_reason=override_reason, overridden_by=actor
        )
    _write_verdicts(lines)
    for line in lines:
        line.status = NominationStatus.SCREENED
    sync_status(submission)
    audit_record(
        actor=actor,
        action="submission.screen_lines",
        target=submission,
        lines=[n.pk for n in lines],
        overridden=[n.pk for n in failing],
        override=override_reason,
    )
    return len(lines)


@transaction.atomic
def submission_return_lines(
    *, actor, submission: Submission, reason: str, line_ids: Iterable[int] | None = None
) -> int:
    """Return the chosen lines (every submitted or screened line without ``line_ids``: the whole
    submission) with a reason; each line's submitted version is kept.

    Side effects: a NominationVersion per line; the lines returned; the submission's status; audit.
    """
    require(actor, "awards.return_nomination", submission)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Ghi rõ lý do trả lại."))
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    lines = _office_lines(actor, submission, line_ids, [NominationStatus.SUBMITTED, NominationStatus.SCREENED])
    if not lines:
        raise DomainError(_("Chưa chọn dòng nào có thể trả lại."))
    files: dict[int, list[dict]] = defaultdict(list)
    for row in DossierFile.objects.filter(nomination__in=[n.pk for n in lines]).values(
        "nomination_id", "id", "part", "original_name", "version"
    ):
        files[row.pop("nomination_id")].append(row)
    versions = []
    for line in lines:
        snapshot = _snapshot_without_files(line)
        snapshot["files"] = [f for f in files[line.pk] if f["version"] <= line.version]
        versions.append(
            NominationVersion(
                nomination=line,
                number=line.version,
                snapshot=snapshot,
                submitted_at=line.submitted_at,
                returned_by=actor,
                comment=reason,
            )
        )
    _move(
        Nomination,
        [n.pk for n in lines],
        old=[NominationStatus.SUBMITTED, NominationStatus.SCREENED],
        new=NominationStatus.RETURNED,
        return_reason=reason,
    )
    NominationVersion.objects.bulk_create(versions)
    _audit_many(actor, "nomination.return", lines, submission=submission.pk, reason=reason)
    sync_status(submission)
    audit_record(
        actor=actor, action="submission.return_lines", target=submission, lines=[n.pk for n in lines], reason=reason
    )
    return len(lines)


def _snapshot_without_files(line: Nomination) -> dict[str, Any]:
    data = {}
    for name in DOSSIER_FIELDS:
        value = getattr(line, name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    data["eligible"] = line.eligible
    data["eligibility_reasons"] = line.eligibility_reasons
    data["kind"] = line.kind
    return data


# Importing a list ------------------------------------------------------------------------------
@transaction.atomic
def submission_import_lines(
    *, actor, submission: Submission, rows: list[dict[str, Any]], choices: dict[int, str], file_name: str = ""
) -> AddResult:
    """Save the lines of an imported list once the head confirms its review.

    ``rows`` are the review's rows (``RowMatch.as_data``); ``choices`` the subject chosen for each
    ambiguous row (by row number, among its candidates). Refuses, saving nothing, while an
    ambiguous row is not resolved. Rows not found are left out (their reasons were shown). Side
    effects: the lines (``submission_add_lines``); an audit line with the counts and the choices.
    """
    from awards.list_matching import AMBIGUOUS, MATCHED, resolve_keys

    require(actor, "awards.edit_nomination", submission)
    keys: list[tuple[dict[str, Any], str]] = []
    open_rows = []
    for row in rows:
        if row["status"] == MATCHED:
            keys.append((row, row["subject"]))
        elif row["status"] == AMBIGUOUS:
            chosen = choices.get(row["number"], "")
            if chosen == "skip":
                continue
            if chosen not in {c[0] for c in row["candidates"]}:
                open_rows.append(str(row["number"]))
                continue
            keys.append((row, chosen))
    if open_rows:
        raise DomainError(
            _("Chọn đúng đối tượng (hoặc bỏ qua) cho các dòng còn trùng tên: dòng %(rows)s.")
            % {"rows": ", ".join(open_rows)}
        )
    objects = resolve_keys([key for _row, key in keys])
    awards = AwardType.objects.in_bulk({row["award_id"] for row, _key in keys})
    specs = []
    for row, key in keys:
        obj = objects.get(key)
        award = awards.get(row["award_id"])
        if obj is None or award is None:
            continue
        kind = key[0]
        specs.append(
            LineSpec(
                award=award,
                person=obj if kind == "p" else None,
                subject_unit=obj if kind == "u" else None,
                household=obj if kind == "h" else None,
            )
        )
    result = submission_add_lines(actor=actor, submission=submission, specs=specs)
    audit_record(
        actor=actor,
        action="submission.import",
        target=submission,
        file=file_name,
        rows=len(rows),
        added=len(result.added),
        skipped=len(result.skipped),
        resolved={str(k): v for k, v in choices.items() if v},
    )
    return result
