"""Every write of the council: sessions, the secret ballot, the tally, decisions, proposals to the
higher level, objections and revocation. One function per transition, atomic, audited.

Nominations move through the awards services (the council never writes a Nomination row):
screened -> in_council (planning), in_council -> approved | rejected (closing), approved ->
decided (decision or the higher level's award), approved -> rejected (the higher level refuses),
decided -> revoked. Every service but the citizen's objection checks its actor first.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from awards import services as awards_services
from awards.catalogue import HOUSEHOLD_FACTOR, base_salary_on, legal_version_on, rule_for
from awards.enums import NominationStatus, SubjectKind
from awards.models import AwardRecord, Nomination, Submission
from council import ballot_box, events
from council.enums import (
    BUNDLE_TRANSITIONS,
    OBJECTION_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    SESSION_TRANSITIONS,
    BatchStatus,
    BundleStatus,
    DocumentKind,
    ItemResult,
    ObjectionStatus,
    ProposalStatus,
    RecoveryStatus,
    RevocationGround,
    SessionStatus,
    VoteChoice,
    VoteMethod,
)
from council.models import (
    AgendaItem,
    BallotBox,
    BallotReceipt,
    BlankLayout,
    BundleLine,
    CertificateBatch,
    CouncilSession,
    Decision,
    DecisionEntry,
    FundIncome,
    HigherProposal,
    Objection,
    PdfJob,
    ProposalBundle,
    RecheckFlag,
    SessionMember,
)
from council.rules import body_authority, council_members_of, within_authority
from organisation.documents import template_uploaded_at
from organisation.enums import Role
from organisation.models import Membership, OrgUnit
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from songlo.permissions import require
from songlo.text import Fold, normalise
from songlo.transitions import transition

logger = logging.getLogger(__name__)

# Later awards that count on an earlier one (docs/domain.md#rule-22; rules 3-7 name the prerequisites): revoking the key
# flags the subject's awards in the value list from the same year on.
DEPENDENT_AWARDS: dict[str, set[str]] = {
    "LDTT": {"CSTDCS", "CSTD_TINH", "CSTD_TQ", "BK_TINH"},
    "CSTDCS": {"CSTD_TINH", "CSTD_TQ", "BK_TINH"},
    "CSTD_TINH": {"CSTD_TQ"},
    "TTLDTT": {"TTLDXS", "BK_TINH", "CO_TINH"},
    "TTLDXS": {"BK_TINH", "CO_TINH", "CO_CP"},
    "BK_TINH": {"BK_TTG"},
}
# A member's title also counts towards the collective titles of their unit in the same year.
COLLECTIVE_DEPENDENTS: dict[str, set[str]] = {"LDTT": {"TTLDTT", "TTLDXS"}, "CSTDCS": {"TTLDXS"}}


# Sessions ------------------------------------------------------------------------------------
@transaction.atomic
def session_plan(
    *,
    actor,
    body: OrgUnit,
    title: str,
    date: datetime.datetime,
    place: str,
    nominations: Iterable[Nomination] = (),
    submissions: Iterable[Submission] = (),
    lists: Iterable[tuple[str, Iterable[Nomination]]] = (),
    as_lists: bool = True,
    quorum: tuple[int, int] = (2, 3),
    notice_days: int = 7,
) -> CouncilSession:
    """The office plans a session of the body's council.

    The agenda takes nominations one by one, whole submissions (every screened line of each) and
    explicit ``lists`` (title, lines). With ``as_lists``, the lines of a submission whose award is
    decided by a majority of the members present go in one list item, voted on once; its lines
    of secret-ballot awards stay one item each. An explicit list holding a secret-ballot award is
    refused.

    Side effects: the session (planned); its members from the council memberships of the body;
    one agenda item per nomination (a list's lines point at their list), each moved screened ->
    in_council; an audit line.
    Refuses a body without council members and nominations that are not screened or not the body's.
    """
    require(actor, "council.plan_session", body)
    members = list(council_members_of(body))
    if not members:
        raise DomainError(_("Đơn vị chưa có thành viên Hội đồng Thi đua - Khen thưởng."))
    on_date = timezone.localdate(date)
    # What goes on the agenda: (None, [nomination]) for an item of its own, (title/submission, lines) for a list.
    groups: list[tuple[str, Submission | None, list[Nomination]]] = []
    seen: set[int] = set()
    rules: dict[str, Any] = {}

    def fresh(rows) -> list[Nomination]:
        kept = [n for n in rows if n.pk not in seen]
        seen.update(n.pk for n in kept)
        return kept

    for title, rows in lists:
        lines = fresh(rows)
        _check_list_lines(lines, on_date, rules)
        if lines:
            groups.append((normalise(title) or _("Danh sách đề nghị"), None, lines))
    for submission in submissions:
        lines = fresh(
            submission.lines.filter(status=NominationStatus.SCREENED)
            .select_related("award_type", "unit")
            .order_by("award_type__order", "pk")
        )
        majority = [n for n in lines if as_lists and not _needs_own_ballot(n, on_date, rules)]
        if len(majority) > 1:
            groups.append((_list_title(submission), submission, majority))
            lines = [n for n in lines if n not in majority]
        groups += [("", None, [n]) for n in lines]
    groups = [("", None, [n]) for n in fresh(nominations)] + groups
    nominations = [n for _title, _submission, lines in groups for n in lines]
    if not nominations:
        raise DomainError(_("Chọn ít nhất một hồ sơ đã thẩm định đưa vào chương trình phiên họp."))
    if any(not n.unit.path.startswith(body.path) for n in nominations):
        raise NotAllowed(_("Chỉ đưa vào phiên họp hồ sơ của đơn vị thuộc thẩm quyền Hội đồng."))
    numerator, denominator = quorum
    check_quorum(numerator=numerator, denominator=denominator, on_date=timezone.localdate(date))
    session = CouncilSession.objects.create(
        body=body,
        title=title,
        date=date,
        place=place,
        quorum_numerator=numerator,
        quorum_denominator=denominator,
        notice_days=notice_days,
        member_count=len(members),
        planned_by=actor,
    )
    SessionMember.objects.bulk_create(
        SessionMember(session=session, user_id=user_id, is_chair=is_chair) for user_id, is_chair in members
    )
    awards_services.nomination_send_to_council(actor=actor, nominations=nominations)
    order = 0
    singles: list[AgendaItem] = []
    for title, source, lines in groups:
        order += 1
        if not title:
            singles.append(AgendaItem(session=session, nomination=lines[0], order=order))
            continue
        head = AgendaItem.objects.create(session=session, title=title[:300], submission=source, order=order)
        AgendaItem.objects.bulk_create(
            AgendaItem(session=session, nomination=n, parent=head, order=i) for i, n in enumerate(lines, start=1)
        )
    AgendaItem.objects.bulk_create(singles)
    audit_record(
        actor=actor,
        action="council.session_plan",
        target=session,
        nominations=[n.pk for n in nominations],
        lists=[{"title": t, "submission": s and s.pk, "lines": len(ls)} for t, s, ls in groups if t],
    )
    return session


def _needs_own_ballot(nomination: Nomination, on_date: datetime.date, rules: dict) -> bool:
    """A secret ballot, or a pass mark counted on all members: the award is voted on line by line.
    ``rules`` caches the rule per award for one call (one query per award, not per line)."""
    code = nomination.award_type.code
    if code not in rules:
        rules[code] = rule_for(code, on_date)
    return rules[code].ballot_required or rules[code].pass_mark is not None


def _check_list_lines(lines: list[Nomination], on_date: datetime.date, rules: dict) -> None:
    secret = sorted({n.award_type.name for n in lines if _needs_own_ballot(n, on_date, rules)})
    if secret:
        raise DomainError(
            _(
                "“%(awards)s” phải bỏ phiếu kín từng trường hợp: không đưa vào danh sách biểu quyết một lần. "
                "Đưa các hồ sơ này vào chương trình như nội dung riêng."
            )
            % {"awards": "”, “".join(secret)}
        )


def _list_title(submission: Submission) -> str:
    number = f" số {submission.letter_number}" if submission.letter_number else ""
    return f"Danh sách kèm Tờ trình{number} của {submission.unit.name} ({submission.title or submission.year})"


def quorum_reached(*, present: int, members: int, numerator: int, denominator: int) -> bool:
    """present / members >= numerator / denominator, in integers (2/3 of 9 is 6, exactly)."""
    return members > 0 and present * denominator >= members * numerator


def check_quorum(*, numerator: int | None, denominator: int | None, on_date: datetime.date) -> None:
    """Refuse a quorum that is not a fraction of at most 1, or that is below the floor of the legal
    version in force on ``on_date`` (docs/domain.md#rule-18). Used by the service, the planning
    form and the admin alike."""
    if not numerator or not denominator or not (0 < numerator <= denominator):
        raise DomainError(_("Tỷ lệ có mặt tối thiểu không hợp lệ: tử số từ 1 đến mẫu số."))
    version = legal_version_on(on_date)
    floor_numerator, floor_denominator = version.quorum_numerator, version.quorum_denominator
    if numerator * floor_denominator < floor_numerator * denominator:
        raise DomainError(
            _("Tỷ lệ có mặt tối thiểu %(asked)s thấp hơn mức tối thiểu %(floor)s tổng số thành viên theo %(law)s.")
            % {
                "asked": f"{numerator}/{denominator}",
                "floor": f"{floor_numerator}/{floor_denominator}",
                "law": version.name,
            }
        )


@transaction.atomic
def session_open(*, actor, session: CouncilSession, present_user_ids: Iterable[int]) -> CouncilSession:
    """The chair opens the session with the members present; the quorum is checked and recorded.

    Refuses (and changes nothing) when fewer than the quorum are present.
    Side effects: presence of each member, present count, quorum, status open; an audit line.
    """
    require(actor, "council.chair_session", session)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.PLANNED:
        raise InvalidTransition(_("Phiên họp đã khai mạc hoặc đã kết thúc."))
    member_ids = set(session.members.values_list("user_id", flat=True))
    present = set(present_user_ids) & member_ids
    # A session planned before the floor existed (or edited past it) opens on the stricter of the two.
    version = legal_version_on(timezone.localdate(session.date))
    numerator, denominator = max(
        (session.quorum_numerator, session.quorum_denominator),
        (version.quorum_numerator, version.quorum_denominator),
        key=lambda f: Fraction(f[0], f[1]),
    )
    if not quorum_reached(present=len(present), members=len(member_ids), numerator=numerator, denominator=denominator):
        raise DomainError(
            _("Không đủ số lượng thành viên có mặt: %(present)s, cần ít nhất %(quorum)s tổng số thành viên.")
            % {"present": f"{len(present)}/{len(member_ids)}", "quorum": f"{numerator}/{denominator}"}
        )
    session.members.filter(user_id__in=present).update(present=True)
    now = timezone.now()
    transition(
        CouncilSession,
        [session.pk],
        table=SESSION_TRANSITIONS,
        old=SessionStatus.PLANNED,
        new=SessionStatus.OPEN,
        message="Phiên họp đã khai mạc hoặc đã kết thúc.",
        present_count=len(present),
        member_count=len(member_ids),
        quorum_met=True,
        opened_at=now,
        opened_by=actor,
    )
    session.refresh_from_db()
    audit = audit_record(actor=actor, action="council.session_open", target=session, present=len(present))
    events.tell_ballots_waiting(actor=actor, session=session, present=present, audit_id=audit.pk)
    return session


@transaction.atomic
def agenda_line_pull_out(*, actor, item: AgendaItem, reason: str = "") -> AgendaItem:
    """The secretary (the office) or a member of the session pulls a line out of its list: a named
    exception, voted on as an item of its own, decided by its own tally.

    Refused once anyone voted on the list (its members would have voted on another list), once a
    paper tally of it was entered, and after the close. Side effects: the line's item becomes an
    item of its own (``excepted_from`` the list), who and when recorded; an audit line.
    """
    require(actor, "council.pull_line", item.session)
    item = AgendaItem.objects.select_for_update(of=("self",)).select_related("session").get(pk=item.pk)
    session = item.session
    if (
        not actor.is_superuser
        and not _acts_as_office(actor, session)
        and not session.members.filter(user=actor).exists()
    ):
        raise NotAllowed(_("Chỉ thư ký (văn phòng) hoặc thành viên của phiên họp mới tách hồ sơ khỏi danh sách."))
    if item.parent_id is None:
        raise InvalidTransition(_("Hồ sơ này không thuộc danh sách nào hoặc đã được tách ra xét riêng."))
    head = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.parent_id)
    if session.status == SessionStatus.CLOSED:
        raise InvalidTransition(_("Phiên họp đã kết thúc: không tách hồ sơ khỏi danh sách được nữa."))
    if head.has_paper_tally or head.receipts.exists():
        raise InvalidTransition(
            _(
                "Đã có phiếu biểu quyết danh sách này: không tách hồ sơ ra được nữa, vì các thành viên đã bỏ "
                "phiếu cho cả danh sách."
            )
        )
    if head.lines.count() <= 1:
        raise DomainError(_("Danh sách chỉ còn một hồ sơ: không tách thêm được."))
    reason = normalise(reason or "")
    last = AgendaItem.objects.filter(session=session, parent__isnull=True).aggregate(m=Max("order"))["m"] or 0
    AgendaItem.objects.filter(pk=item.pk).update(
        parent=None,
        excepted_from=head,
        pulled_reason=reason[:500],
        pulled_by=actor,
        pulled_at=timezone.now(),
        order=last + 1,
    )
    item.refresh_from_db()
    audit_record(
        actor=actor,
        action="council.line_pull_out",
        target=item,
        list_item=head.pk,
        nomination=item.nomination_id,
        reason=reason,
    )
    return item


def _acts_as_office(user, session: CouncilSession) -> bool:
    return user.has_perm("council.enter_ballots", session)


def _lock_open_item(item: AgendaItem) -> tuple[AgendaItem, CouncilSession]:
    # Lock the item (not the session) so votes on different items run side by side, while
    # session_close, which locks every item, waits for votes in flight and sees them.
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    session = CouncilSession.objects.get(pk=item.session_id)
    if session.status != SessionStatus.OPEN:
        raise InvalidTransition(_("Phiên họp không ở trạng thái bỏ phiếu."))
    return item, session


def _secure_delete() -> None:
    # SQLite: zero the bytes of rewritten and deleted box rows instead of leaving them in free pages.
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def _refuse_line(item: AgendaItem) -> None:
    if item.parent_id is not None:
        raise InvalidTransition(_("Hồ sơ này được biểu quyết cùng danh sách của nó, không bỏ phiếu riêng."))


def _record_ballot(*, item: AgendaItem, member_id: int, choice: str, method: str, entered_by=None) -> None:
    """The receipt (who) and the item's sealed box rewritten with one more ``choice`` (what).

    The caller holds the item's row lock, so the boxes of one item are rewritten one at a time.
    Nothing else is written: no row per vote, nothing that names the choice in clear.
    """
    if choice not in VoteChoice.values:
        raise DomainError(_("Lá phiếu không hợp lệ."))
    try:
        with transaction.atomic():
            BallotReceipt.objects.create(item=item, member_id=member_id, method=method, entered_by=entered_by)
    except IntegrityError:
        raise InvalidTransition(_("Thành viên này đã bỏ phiếu cho nội dung này; mỗi người chỉ bỏ một phiếu.")) from None
    _secure_delete()
    box = BallotBox.objects.filter(item=item).first()
    counts = ballot_box.unseal(item.pk, box.sealed) if box is not None else ballot_box.empty()
    counts[choice] += 1
    sealed = ballot_box.seal(item.pk, counts)
    if box is None:
        BallotBox.objects.create(item=item, sealed=sealed)
    else:
        BallotBox.objects.filter(pk=item.pk).update(sealed=sealed)


def _box_counts(item: AgendaItem) -> tuple[int, int]:
    """(agree, disagree) from the item's box, checked against its receipts: a box that lost or
    gained ballots (restored from an older backup, edited) is refused rather than tallied."""
    box = BallotBox.objects.filter(item=item).first()
    counts = ballot_box.unseal(item.pk, box.sealed) if box is not None else ballot_box.empty()
    cast = item.receipts.count()
    if sum(counts.values()) != cast:
        raise DomainError(
            _(
                "Hòm phiếu của “%(n)s” có %(ballots)d phiếu nhưng %(cast)d thành viên đã bỏ phiếu: không kiểm "
                "phiếu được, báo quản trị hệ thống."
            )
            % {"n": item.nomination or item.title, "ballots": sum(counts.values()), "cast": cast}
        )
    return counts[VoteChoice.AGREE], counts[VoteChoice.DISAGREE]


def _scrub_ballot_boxes() -> None:
    """After a close commits: let the database drop what it still keeps of the deleted boxes
    (PostgreSQL's dead tuples, SQLite's WAL). Best effort: the boxes were sealed anyway."""
    if connection.in_atomic_block:
        return  # an enclosing transaction (a test's) has not committed the deletion: nothing to scrub yet
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM {connection.ops.quote_name(BallotBox._meta.db_table)}")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@transaction.atomic
def ballot_cast(*, actor, item: AgendaItem, choice: str) -> None:
    """A present member votes on an agenda item (agree / disagree), once.

    Side effects: a BallotReceipt (who); the item's sealed BallotBox counts one more ballot
    (what, readable only with the key); an audit line that says the member voted but not how.
    A second vote is refused, also when two requests race (the receipt's unique constraint decides).
    """
    require(actor, "council.vote", item.session)
    item, session = _lock_open_item(item)
    _refuse_line(item)
    if item.has_paper_tally:
        raise InvalidTransition(_("Nội dung này đã được kiểm phiếu giấy tại phiên họp."))
    if not session.members.filter(user=actor, present=True).exists():
        raise NotAllowed(_("Chỉ thành viên Hội đồng có mặt tại phiên họp mới được bỏ phiếu."))
    _record_ballot(item=item, member_id=actor.pk, choice=choice, method=VoteMethod.ONLINE)
    audit_record(actor=actor, action="council.ballot_cast", target=item)


@transaction.atomic
def ballot_enter_written(*, actor, item: AgendaItem, member, choice: str) -> None:
    """The office enters the written vote of an absent member (recorded as written, by whom).

    Only for items counted on all members (their pass mark needs absent members' votes).
    """
    require(actor, "council.enter_ballots", item.session)
    item, session = _lock_open_item(item)
    _refuse_line(item)
    if item.has_paper_tally:
        raise InvalidTransition(_("Nội dung này đã được kiểm phiếu giấy tại phiên họp."))
    if item.is_list or _rule(item, session).pass_mark is None:
        raise DomainError(_("Nội dung này tính theo đa số thành viên có mặt: không nhận phiếu bằng văn bản."))
    if not session.members.filter(user=member, present=False).exists():
        raise DomainError(_("Chỉ nhập phiếu bằng văn bản của thành viên Hội đồng vắng mặt."))
    _record_ballot(item=item, member_id=member.pk, choice=choice, method=VoteMethod.WRITTEN, entered_by=actor)
    audit_record(actor=actor, action="council.ballot_written", target=item, member=member.pk)


@transaction.atomic
def ballot_enter_paper(*, actor, item: AgendaItem, agree: int, disagree: int) -> AgendaItem:
    """The office enters the tally of a paper ballot counted in the room (recorded as such).

    Refuses when members already voted online, or when the counts exceed the members who could vote.
    """
    require(actor, "council.enter_ballots", item.session)
    item, session = _lock_open_item(item)
    _refuse_line(item)
    if item.has_paper_tally:
        raise InvalidTransition(_("Đã nhập kết quả phiếu giấy cho nội dung này."))
    if item.receipts.exists():
        raise InvalidTransition(_("Đã có thành viên bỏ phiếu trực tuyến cho nội dung này."))
    if agree < 0 or disagree < 0 or agree + disagree > session.member_count:
        raise DomainError(
            _("Tổng số phiếu không được vượt quá %(n)d thành viên Hội đồng.") % {"n": session.member_count}
        )
    AgendaItem.objects.filter(pk=item.pk).update(
        paper_agree=agree, paper_disagree=disagree, paper_entered_by=actor, paper_entered_at=timezone.now()
    )
    item.refresh_from_db()
    audit_record(actor=actor, action="council.ballot_paper", target=item, agree=agree, disagree=disagree)
    return item


def _rule(item: AgendaItem, session: CouncilSession):
    assert item.nomination is not None  # a list has no rule of its own: a majority of those present
    return rule_for(item.nomination.award_type.code, timezone.localdate(session.date))


def tally_item(*, agree: int, disagree: int, members: int, present: int, pass_mark: Decimal | None) -> tuple[bool, int]:
    """The verdict of one item and the count it is measured against.

    With a pass mark: agree / all members >= pass mark (exactly 80% passes). Without: more than
    half of those present agree. Blank or missing ballots count as not agreeing.
    """
    if pass_mark is not None:
        return Decimal(agree) * 100 >= pass_mark * members, members
    return agree * 2 > present, present


@transaction.atomic
def session_close(*, actor, session: CouncilSession) -> CouncilSession:
    """The chair closes the session: each item is tallied against its award type's rule in the
    legal version in force on the session date, and its nomination becomes approved or rejected.

    Closing twice changes nothing. Side effects: tallies on the items (from the sealed boxes, or
    the paper tallies); the session's boxes deleted, then vacuumed (PostgreSQL) or checkpointed
    (SQLite) after the commit; nominations approved / rejected; approved ones beyond the body's
    authority become HigherProposals; an audit line.
    """
    require(actor, "council.chair_session", session)
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    if session.status == SessionStatus.CLOSED:
        return session
    if session.status != SessionStatus.OPEN:
        raise InvalidTransition(_("Phiên họp chưa khai mạc."))
    items = list(
        AgendaItem.objects.select_for_update(of=("self",))
        .filter(session=session)
        .select_related("nomination__award_type", "nomination__unit")
    )
    on_date = timezone.localdate(session.date)
    authority = body_authority(session.body)
    version = legal_version_on(on_date)
    rules: dict[str, Any] = {}
    results = {}
    heads: dict[int, dict[str, Any]] = {}
    # Items voted on (single nominations, lists, exceptions) first; then each line takes its list's tally.
    for item in sorted(items, key=lambda i: i.parent_id is not None):
        if item.parent_id is not None:
            tally = dict(heads[item.parent_id])
            passed = tally["result"] == ItemResult.PASSED
        else:
            pass_mark = None  # a list: a majority of the members present
            if item.nomination is not None:
                _needs_own_ballot(item.nomination, on_date, rules)
                pass_mark = rules[item.nomination.award_type.code].pass_mark
            if item.has_paper_tally:
                agree, disagree = item.paper_agree or 0, item.paper_disagree or 0
            else:
                agree, disagree = _box_counts(item)
            passed, base = tally_item(
                agree=agree,
                disagree=disagree,
                members=session.member_count,
                present=session.present_count or 0,
                pass_mark=pass_mark,
            )
            if pass_mark is not None:
                text = f"≥ {pass_mark.normalize():f}% tổng số thành viên Hội đồng ({version.name})"
            else:
                text = f"Quá bán số thành viên có mặt ({version.name})"
            tally = {
                "votes_agree": agree,
                "votes_disagree": disagree,
                "votes_missing": max(base - agree - disagree, 0),
                "base_count": base,
                "pass_mark": pass_mark,
                "rule_text": text[:300],
                "result": ItemResult.PASSED if passed else ItemResult.FAILED,
            }
            if item.is_list:
                heads[item.pk] = tally
        if item.parent_id is None:
            AgendaItem.objects.filter(pk=item.pk).update(**tally)
        nomination = item.nomination
        if nomination is None:
            continue
        awards_services.nomination_record_council_result(actor=actor, nomination=nomination, passed=passed)
        results[item.nomination_id] = nomination.status
        _needs_own_ballot(nomination, on_date, rules)
        required = rules[nomination.award_type.code].authority
        if passed and not within_authority(authority, required):
            _propose_higher(nomination, session.body, required)
    for head_pk, tally in heads.items():
        AgendaItem.objects.filter(parent_id=head_pk).update(**tally)
    # The tally is on the items: the boxes go, and after the commit their traces are scrubbed.
    _secure_delete()
    BallotBox.objects.filter(item__session=session).delete()
    transaction.on_commit(_scrub_ballot_boxes, robust=True)
    transition(
        session,
        table=SESSION_TRANSITIONS,
        old=SessionStatus.OPEN,
        new=SessionStatus.CLOSED,
        closed_at=timezone.now(),
        closed_by=actor,
    )
    session.refresh_from_db()
    audit_record(
        actor=actor,
        action="council.session_close",
        target=session,
        results={str(k): str(v) for k, v in results.items()},
    )
    return session


# Higher level (khen cao) ------------------------------------------------------------------------
def _office_body_above(body: OrgUnit) -> OrgUnit | None:
    """The nearest unit above the body whose office uses Songlo: the dossier goes to its queue."""
    parent = body.parent
    while parent is not None:
        if Membership.objects.filter(unit=parent, role=Role.OFFICE).exists():
            return parent
        parent = parent.parent
    return None


def _propose_higher(nomination: Nomination, body: OrgUnit, authority: str) -> HigherProposal:
    return HigherProposal.objects.create(
        nomination=nomination, from_body=body, to_body=_office_body_above(body), authority=authority
    )


def _subject_kind(nomination: Nomination) -> str:
    if nomination.person_id:
        return SubjectKind.INDIVIDUAL
    return SubjectKind.HOUSEHOLD if nomination.household_id else SubjectKind.COLLECTIVE


def _award_record(nomination: Nomination, number: str, date: datetime.date) -> AwardRecord:
    subject = nomination.subject_lookup
    existing = AwardRecord.objects.filter(award_type=nomination.award_type, year=nomination.year, **subject).first()
    if existing is not None:
        if not existing.revoked:
            raise DomainError(
                _("%(subject)s đã có “%(award)s” năm %(year)s (quyết định %(number)s).")
                % {
                    "subject": nomination.subject,
                    "award": nomination.award_type.name,
                    "year": nomination.year,
                    "number": existing.decision_number,
                }
            )
        # A revoked record of the same year is replaced by the new decision.
        existing.delete()
    record = AwardRecord.objects.create(
        award_type=nomination.award_type,
        year=nomination.year,
        kind=nomination.kind,
        decision_number=number,
        decision_date=date,
        **subject,
    )
    # docs/domain.md#rule-9: the initiatives the nomination relied on now back this award.
    record.initiatives.set(nomination.initiatives.all())
    return record


@transaction.atomic
def proposal_record_outcome(
    *,
    actor,
    proposal: HigherProposal,
    awarded: bool,
    number: str = "",
    date: datetime.date | None = None,
    note: str = "",
) -> HigherProposal:
    """Record the higher level's answer. Awarded: an AwardRecord with its decision, nomination
    decided. Refused: nomination rejected. Recording twice is refused."""
    require(actor, "council.record_outcome", proposal)
    proposal = HigherProposal.objects.select_for_update().select_related("nomination").get(pk=proposal.pk)
    if proposal.status != ProposalStatus.PENDING:
        raise InvalidTransition(_("Đã nhập kết quả của cấp trên cho hồ sơ này."))
    nomination = proposal.nomination
    changes: dict[str, Any] = {"recorded_by": actor, "recorded_at": timezone.now(), "outcome_note": note.strip()}
    if awarded:
        number = number.strip()
        if not number or date is None:
            raise DomainError(_("Nhập số và ngày quyết định khen thưởng của cấp trên."))
        record = _award_record(nomination, number, date)
        awards_services.nomination_mark_decided(actor=actor, nominations=[nomination])
        new = ProposalStatus.AWARDED
        changes.update(outcome_number=number, outcome_date=date, award_record=record)
    else:
        awards_services.nomination_record_higher_refusal(actor=actor, nomination=nomination)
        new = ProposalStatus.REFUSED
    transition(
        HigherProposal,
        [proposal.pk],
        table=PROPOSAL_TRANSITIONS,
        old=ProposalStatus.PENDING,
        new=new,
        message="Đã nhập kết quả của cấp trên cho hồ sơ này.",
        **changes,
    )
    proposal.refresh_from_db()
    _settle_bundle(proposal)
    audit_record(actor=actor, action="council.proposal_outcome", target=proposal, awarded=awarded, number=number)
    return proposal


# Bundles (tờ trình to the higher level) ---------------------------------------------------------
def _open_lines(bundle: ProposalBundle):
    return BundleLine.objects.filter(bundle=bundle, returned_at__isnull=True)


def _settle_bundle(proposal: HigherProposal) -> None:
    """A sent or received bundle whose every line still carried has its outcome is decided."""
    line = BundleLine.objects.filter(proposal=proposal, returned_at__isnull=True).select_related("bundle").first()
    if line is None or line.bundle.status not in {BundleStatus.SENT, BundleStatus.RECEIVED}:
        return
    if _open_lines(line.bundle).filter(proposal__status=ProposalStatus.PENDING).exists():
        return
    transition(line.bundle, table=BUNDLE_TRANSITIONS, old=line.bundle.status, new=BundleStatus.DECIDED)


@transaction.atomic
def bundle_create(*, actor, body: OrgUnit) -> list[ProposalBundle]:
    """The office drafts one bundle per higher authority with the body's pending proposals not yet
    carried by a bundle (new ones, and returned ones corrected since).

    Side effects: the bundles (drafted) and their numbered lines; an audit line per bundle.
    Refuses when there is nothing to send.
    """
    require(actor, "council.send_proposals", body)
    carried = BundleLine.objects.filter(returned_at__isnull=True).values("proposal_id")
    pending = list(
        HigherProposal.objects.select_for_update(of=("self",))
        .filter(from_body=body, status=ProposalStatus.PENDING)
        .exclude(pk__in=carried)
        .order_by("nomination__unit__path", "nomination__award_type__order", "pk")
    )
    if not pending:
        raise DomainError(_("Không có hồ sơ nào đang chờ trình cấp trên."))
    by_authority: dict[str, list[HigherProposal]] = {}
    for proposal in pending:
        by_authority.setdefault(proposal.authority, []).append(proposal)
    bundles = []
    for authority, proposals in sorted(by_authority.items()):
        bundle = ProposalBundle.objects.create(body=body, authority=authority, created_by=actor)
        BundleLine.objects.bulk_create(
            BundleLine(bundle=bundle, proposal=p, order=n) for n, p in enumerate(proposals, start=1)
        )
        audit_record(actor=actor, action="council.bundle_create", target=bundle, lines=len(proposals))
        bundles.append(bundle)
    return bundles


@transaction.atomic
def bundle_send(*, actor, bundle: ProposalBundle, number: str, date: datetime.date) -> ProposalBundle:
    """The drafted bundle is sent with its number and date. Refuses without them, or an empty bundle."""
    require(actor, "council.send_proposals", bundle)
    number = normalise(number or "")
    if not number or date is None:
        raise DomainError(_("Nhập số và ngày của tờ trình."))
    if date > timezone.localdate():
        raise DomainError(_("Ngày tờ trình không được sau hôm nay."))
    if not _open_lines(bundle).exists():
        raise DomainError(_("Tờ trình không còn hồ sơ nào để gửi."))
    transition(
        bundle,
        table=BUNDLE_TRANSITIONS,
        old=BundleStatus.DRAFTED,
        new=BundleStatus.SENT,
        message=_("Tờ trình đã được gửi."),
        number=number,
        sent_on=date,
    )
    audit_record(actor=actor, action="council.bundle_send", target=bundle, number=number, date=str(date))
    return bundle


@transaction.atomic
def bundle_mark_received(*, actor, bundle: ProposalBundle, date: datetime.date) -> ProposalBundle:
    """The higher level acknowledged receipt of the sent bundle on ``date``."""
    require(actor, "council.send_proposals", bundle)
    if date is None or (bundle.sent_on and date < bundle.sent_on) or date > timezone.localdate():
        raise DomainError(_("Ngày nhận phải từ ngày gửi tờ trình đến hôm nay."))
    transition(
        bundle,
        table=BUNDLE_TRANSITIONS,
        old=BundleStatus.SENT,
        new=BundleStatus.RECEIVED,
        message=_("Chỉ ghi nhận cấp trên đã nhận với tờ trình đã gửi."),
        received_on=date,
    )
    audit_record(actor=actor, action="council.bundle_received", target=bundle, date=str(date))
    return bundle


@transaction.atomic
def proposal_return(*, actor, line: BundleLine, reason: str) -> BundleLine:
    """The higher level returned one line of a sent bundle, with its reason: the proposal stays
    pending and goes in the next bundle drafted (corrected, or resent as is)."""
    require(actor, "council.send_proposals", line.bundle)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Nhập lý do cấp trên trả lại hồ sơ."))
    line = BundleLine.objects.select_for_update().select_related("bundle", "proposal").get(pk=line.pk)
    if line.bundle.status not in {BundleStatus.SENT, BundleStatus.RECEIVED}:
        raise InvalidTransition(_("Chỉ trả lại hồ sơ của tờ trình đã gửi, chưa có quyết định."))
    if line.returned_at is not None:
        raise InvalidTransition(_("Hồ sơ này đã được ghi nhận trả lại."))
    if line.proposal.status != ProposalStatus.PENDING:
        raise InvalidTransition(_("Hồ sơ đã có kết quả của cấp trên, không trả lại được."))
    line.returned_reason, line.returned_at = reason, timezone.now()
    line.save(update_fields=["returned_reason", "returned_at"])
    audit_record(
        actor=actor, action="council.proposal_return", target=line.proposal, bundle=line.bundle_id, reason=reason
    )
    if (
        not _open_lines(line.bundle).filter(proposal__status=ProposalStatus.PENDING).exists()
        and _open_lines(line.bundle).exists()
    ):
        transition(line.bundle, table=BUNDLE_TRANSITIONS, old=line.bundle.status, new=BundleStatus.DECIDED)
    return line


@transaction.atomic
def bundle_record_outcomes(
    *, actor, bundle: ProposalBundle, proposals: Iterable[HigherProposal], number: str, date: datetime.date
) -> int:
    """The higher level's decision list, matched to lines of the bundle (council.bundles): each
    matched line is awarded through ``proposal_record_outcome``. Returns how many."""
    require(actor, "council.send_proposals", bundle)
    if bundle.status not in {BundleStatus.SENT, BundleStatus.RECEIVED}:
        raise InvalidTransition(_("Chỉ nhập kết quả cho tờ trình đã gửi, chưa có quyết định."))
    wanted = {p.pk for p in proposals}
    if not wanted:
        raise DomainError(_("Không có hồ sơ nào khớp với danh sách quyết định."))
    lines = list(_open_lines(bundle).filter(proposal__in=wanted).select_related("proposal"))
    if len(lines) != len(wanted):
        raise DomainError(_("Danh sách có hồ sơ không thuộc tờ trình này."))
    for line in lines:
        proposal_record_outcome(actor=actor, proposal=line.proposal, awarded=True, number=number, date=date)
    audit_record(actor=actor, action="council.bundle_outcomes", target=bundle, number=number, lines=len(lines))
    return len(lines)


# Decisions -------------------------------------------------------------------------------------
def reward_for(nomination: Nomination, on_date: datetime.date) -> tuple[Decimal | None, int, int | None]:
    """(multiplier, base salary, reward in đồng) on the decision date; households 1.5 × individual."""
    award = nomination.award_type
    base = base_salary_on(on_date)
    if nomination.person_id:
        multiplier = award.multiplier_individual
    elif award.for_household and not award.for_collective:
        multiplier = award.multiplier_individual * HOUSEHOLD_FACTOR if award.multiplier_individual else None
    else:
        multiplier = award.multiplier_collective
    if multiplier is None:
        return None, base, None
    amount = (multiplier * base).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return multiplier, base, int(amount)


def decidable(nomination: Nomination) -> bool:
    return nomination.status == NominationStatus.APPROVED and not hasattr(nomination, "higher_proposal")


@transaction.atomic
def decision_issue(
    *,
    actor,
    body: OrgUnit,
    number: str,
    date: datetime.date,
    signer_name: str,
    signer_title: str,
    summary: str,
    nominations: Iterable[Nomination],
    session: CouncilSession | None = None,
) -> Decision:
    """Issue a commendation decision for approved nominations within the body's authority.

    Refuses a nomination not approved, proposed to the higher level, beyond the authority on the
    decision date, or with an unresolved public objection; a number already used by the body.
    Side effects: the Decision; per awardee a DecisionEntry (số sổ vàng = next ordinal of the
    body in the year, reward = multiplier × base salary on the decision date) and an AwardRecord;
    nominations approved -> decided; an audit line.
    """
    require(actor, "council.issue_decision", body)
    number = normalise(number)
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("award_type", "person", "subject_unit", "unit")
        .order_by("unit__path", "award_type__order", "pk")
    )
    if not nominations:
        raise DomainError(_("Chọn ít nhất một hồ sơ đã được Hội đồng thông qua."))
    # "125/QĐ-UBND" and "125/qđ-ubnd" are one number, however they were typed (songlo/text.py).
    if Decision.objects.alias(folded=Fold("number")).filter(body=body, folded=Fold(Value(number))).exists():
        raise DomainError(_("Số quyết định %(number)s đã được dùng.") % {"number": number})
    authority = body_authority(body)
    notice_ends = _notice_ends(nominations)
    for n in nominations:
        if not n.unit.path.startswith(body.path):
            raise NotAllowed(_("Hồ sơ không thuộc đơn vị của cơ quan ban hành quyết định."))
        if not decidable(n):
            raise InvalidTransition(_("Hồ sơ “%(n)s” chưa được Hội đồng thông qua hoặc đã có quyết định.") % {"n": n})
        rule = rule_for(n.award_type.code, date)
        if not within_authority(authority, rule.authority):
            raise NotAllowed(
                _("“%(award)s” thuộc thẩm quyền %(authority)s theo %(law)s.")
                % {
                    "award": n.award_type.name,
                    "authority": rule.get_authority_display(),
                    "law": rule.legal_version.name,
                }
            )
        if n.objections.filter(status=ObjectionStatus.OPEN).exists():
            raise DomainError(_("Hồ sơ “%(n)s” còn phản ánh của người dân chưa được giải quyết.") % {"n": n})
        _check_notice_over(n, notice_ends.get(n.pk), date)
    decision = Decision.objects.create(
        body=body,
        session=session,
        number=number,
        date=date,
        signer_name=signer_name,
        signer_title=signer_title,
        summary=summary,
        issued_by=actor,
    )
    # Lock the body row so two decisions on the same day do not take the same ordinal.
    OrgUnit.objects.select_for_update().filter(pk=body.pk).first()
    last = DecisionEntry.objects.filter(body=body, year=date.year).aggregate(m=Max("ordinal"))["m"] or 0
    for ordinal, n in enumerate(nominations, start=last + 1):
        multiplier, base, reward = reward_for(n, date)
        DecisionEntry.objects.create(
            decision=decision,
            body=body,
            nomination=n,
            award_record=_award_record(n, number, date),
            year=date.year,
            ordinal=ordinal,
            multiplier=multiplier,
            base_salary=base,
            reward=reward,
        )
    awards_services.nomination_mark_decided(actor=actor, nominations=nominations)
    audit_record(actor=actor, action="council.decision_issue", target=decision, nominations=[n.pk for n in nominations])
    events.tell_decision_issued(actor=actor, decision=decision, nominations=nominations)
    return decision


def _notice_ends(nominations: list[Nomination]) -> dict[int, datetime.datetime | None]:
    """When each nomination's public notice ends: that of the last closed session that voted on it."""
    items = (
        AgendaItem.objects.filter(nomination__in=nominations, session__status=SessionStatus.CLOSED)
        .select_related("session")
        .order_by("session__closed_at")
    )
    return {item.nomination_id: item.session.notice_ends_at for item in items if item.nomination_id}  # latest wins


def _check_notice_over(nomination: Nomination, ends: datetime.datetime | None, date: datetime.date) -> None:
    """docs/domain.md#rule-19: the approved list stays public for the session's notice days; the
    decision comes after, issued and dated no earlier than the end of the notice."""
    if ends and (timezone.now() < ends or date < timezone.localdate(ends)):
        local = timezone.localtime(ends)
        raise DomainError(
            _(
                "Hồ sơ “%(n)s” đang được công khai đến %(time)s ngày %(day)s: chỉ ban hành và ghi ngày quyết "
                "định từ thời điểm đó."
            )
            % {"n": nomination, "time": f"{local:%H:%M}", "day": f"{local:%d/%m/%Y}"}
        )


# Public notice ---------------------------------------------------------------------------------
@transaction.atomic
def objection_submit(*, nomination: Nomination, name: str, contact: str, text: str) -> Objection:
    """A citizen objects to a noticed nomination. Side effects: an open Objection; an audit line."""
    if not Nomination.objects.filter(pk=nomination.pk, status=NominationStatus.APPROVED).exists():
        raise InvalidTransition(_("Hồ sơ này không còn trong thời gian công khai."))
    objection = Objection.objects.create(nomination=nomination, name=name, contact=contact, text=text)
    audit_record(actor=None, action="council.objection_submit", target=objection, nomination=nomination.pk)
    events.tell_objection_filed(objection=objection)
    return objection


@transaction.atomic
def objection_resolve(*, actor, objection: Objection, resolution: str) -> Objection:
    """The office answers an objection; it no longer blocks the decision. Side effects: the
    objection resolved (what, who, when); an audit line."""
    require(actor, "council.resolve_objection", objection.nomination)
    resolution = resolution.strip()
    if not resolution:
        raise DomainError(_("Ghi rõ kết quả xem xét, giải quyết phản ánh."))
    transition(
        objection,
        table=OBJECTION_TRANSITIONS,
        old=ObjectionStatus.OPEN,
        new=ObjectionStatus.RESOLVED,
        message="Phản ánh này đã được giải quyết.",
        resolution=resolution,
        resolved_by=actor,
        resolved_at=timezone.now(),
    )
    audit_record(actor=actor, action="council.objection_resolve", target=objection)
    return objection


# Revocation ------------------------------------------------------------------------------------
def _flag_dependents(record: AwardRecord) -> list[RecheckFlag]:
    code = record.award_type.code
    later = AwardRecord.objects.filter(revoked=False, year__gte=record.year).exclude(pk=record.pk)
    candidates = []
    if record.person is not None:
        candidates += list(later.filter(person=record.person, award_type__code__in=DEPENDENT_AWARDS.get(code, ())))
        candidates += list(
            later.filter(
                unit_id=record.person.unit_id,
                year=record.year,
                award_type__code__in=COLLECTIVE_DEPENDENTS.get(code, ()),
            )
        )
    else:
        candidates += list(later.filter(unit_id=record.unit_id, award_type__code__in=DEPENDENT_AWARDS.get(code, ())))
    return [RecheckFlag.objects.get_or_create(award_record=c, caused_by=record)[0] for c in candidates]


@transaction.atomic
def award_revoke(*, actor, entry: DecisionEntry, ground: str, note: str) -> DecisionEntry:
    """The granting body revokes an award (hủy bỏ) on a legal ground with a note.

    Side effects: the entry revoked (who, when, ground, note), its reward marked for recovery, its
    AwardRecord revoked, the nomination decided -> revoked, later awards that counted on it
    flagged for re-check; an audit line.
    """
    require(actor, "council.revoke", entry.decision)
    if ground not in RevocationGround.values:
        raise DomainError(_("Chọn căn cứ pháp lý của việc hủy bỏ."))
    note = note.strip()
    if not note:
        raise DomainError(_("Ghi rõ nội dung, lý do hủy bỏ."))
    touched = DecisionEntry.objects.filter(pk=entry.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(),
        revoked_by=actor,
        revocation_ground=ground,
        revocation_note=note,
        recovery=RecoveryStatus.TO_RECOVER if entry.reward else RecoveryStatus.NONE,
    )
    if touched != 1:
        raise InvalidTransition(_("Khen thưởng này đã bị hủy bỏ."))
    entry.refresh_from_db()
    AwardRecord.objects.filter(pk=entry.award_record_id).update(revoked=True)
    awards_services.nomination_revoke(actor=actor, nomination=entry.nomination)
    record = AwardRecord.objects.select_related("award_type", "person").get(pk=entry.award_record_id)
    flags = _flag_dependents(record)
    audit_record(
        actor=actor,
        action="council.award_revoke",
        target=entry,
        ground=ground,
        note=note,
        flagged=[f.award_record_id for f in flags],
    )
    return entry


# The reward fund -----------------------------------------------------------------------------
@transaction.atomic
def fund_income_record(
    *, actor, body: OrgUnit, date: datetime.date, amount: int, source: str, reference: str = ""
) -> FundIncome:
    """Record money paid into the body's emulation and commendation fund.

    Side effects: a FundIncome row; an audit line.
    """
    require(actor, "council.keep_fund", body)
    source = normalise(source)
    if amount <= 0:
        raise DomainError(_("Số tiền phải lớn hơn 0."))
    if not source:
        raise DomainError(_("Ghi rõ nguồn của khoản thu."))
    income = FundIncome.objects.create(
        body=body, date=date, amount=amount, source=source, reference=normalise(reference), recorded_by=actor
    )
    audit_record(actor=actor, action="council.fund_income", target=income, amount=amount, date=date.isoformat())
    return income


@transaction.atomic
def reward_recovery_record(*, actor, entry: DecisionEntry, date: datetime.date) -> DecisionEntry:
    """The reward of a revoked award has been paid back into the fund (to_recover -> recovered).

    Side effects: the entry's recovery recorded (date, who); an audit line.
    """
    require(actor, "council.keep_fund", entry.decision)
    if date < entry.decision.date:
        raise DomainError(_("Ngày thu hồi không thể trước ngày quyết định."))
    touched = DecisionEntry.objects.filter(pk=entry.pk, recovery=RecoveryStatus.TO_RECOVER).update(
        recovery=RecoveryStatus.RECOVERED, recovered_on=date, recovered_by=actor
    )
    if touched != 1:
        raise InvalidTransition(_("Khen thưởng này không có tiền thưởng đang chờ thu hồi."))
    entry.refresh_from_db()
    audit_record(
        actor=actor, action="council.reward_recovery", target=entry, amount=entry.reward, date=date.isoformat()
    )
    return entry


# Certificates by the hundred -----------------------------------------------------------------
@transaction.atomic
def certificate_batch_start(*, actor, decision: Decision, layout: BlankLayout | None = None) -> CertificateBatch:
    """Ask for all certificates of a decision as one PDF, in Songlo's layout or on a blank.

    Refuses a blank made for other awards than the decision's. Side effects: a CertificateBatch
    (queued); the build task queued on commit; an audit line.
    """
    require(actor, "council.print_certificates", decision)
    if layout is not None:
        awards = set(layout.award_types.values_list("pk", flat=True))
        decided = set(decision.entries.filter(revoked_at__isnull=True).values_list("nomination__award_type", flat=True))
        if awards and not awards & decided:
            raise DomainError(
                _("Mẫu phôi “%(layout)s” không dùng cho danh hiệu, hình thức nào của quyết định này.")
                % {"layout": layout.name}
            )
    batch = CertificateBatch.objects.create(decision=decision, layout=layout, created_by=actor)
    audit_record(
        actor=actor, action="council.certificate_batch", target=decision, batch=batch.pk, layout=layout and layout.pk
    )
    transaction.on_commit(lambda: _enqueue_certificates(batch.pk))
    return batch


def _enqueue_certificates(batch_id: int) -> None:
    from council.tasks import task_build_certificates

    try:
        task_build_certificates.delay(batch_id)
    except Exception:  # a broker that does not answer: the page offers to start again
        logger.exception("certificate batch %s: could not queue the task", batch_id)


# PDFs of the documents -----------------------------------------------------------------------
@transaction.atomic
def pdf_job_start(*, actor, decision: Decision | None = None, session: CouncilSession | None = None) -> PdfJob:
    """Ask for the PDF of a decision or of a closed session's minutes, converted in a task.

    Returns the job already asked for when one is waiting or running, or the last PDF when it
    is newer than the body's own template. Side effects: a PdfJob (queued) and its task queued
    on commit. Reading a document changes nothing else, so there is no audit line.
    """
    target: dict[str, Any]
    if decision is not None:
        require(actor, "council.view_decision", decision)
        kind, target, body = DocumentKind.DECISION, {"decision": decision}, decision.body
    elif session is not None:
        require(actor, "council.view_session", session)
        if session.status != SessionStatus.CLOSED:
            raise InvalidTransition(_("Biên bản chỉ có sau khi phiên họp kết thúc."))
        kind, target, body = DocumentKind.MINUTES, {"session": session}, session.body
    else:
        raise DomainError(_("Chọn văn bản cần xuất PDF."))
    jobs = PdfJob.objects.filter(kind=kind, **target)
    waiting = jobs.filter(status__in=[BatchStatus.QUEUED, BatchStatus.RUNNING]).first()
    if waiting is not None:
        return waiting
    template = template_uploaded_at(body, kind)
    done = jobs.filter(status=BatchStatus.DONE).first()
    if done is not None and (template is None or done.created_at > template):
        return done
    job = PdfJob.objects.create(kind=kind, created_by=actor, **target)
    transaction.on_commit(lambda: _enqueue_pdf(job.pk))
    return job


def _enqueue_pdf(job_id: int) -> None:
    from council.tasks import task_render_pdf

    try:
        task_render_pdf.delay(job_id)
    except Exception:  # a broker that does not answer: asking again queues a new job later
        logger.exception("pdf job %s: could not queue the task", job_id)
