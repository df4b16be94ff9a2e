"""Issue 12, point 6: the council votes on lists.

A submission's lines of awards decided by a majority of the members present go in one list
item, voted on once; named exceptions are pulled out and voted on apart; secret-ballot awards
stay one item each. The tally, the minutes and the decision carry the lines.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from awards.enums import NominationStatus, SubmissionStatus
from awards.models import Nomination, Submission
from council import documents, services
from council.models import AgendaItem, BallotReceipt, Decision
from council.selectors import minutes_items
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.council.helpers import council, notice_over, opened, planned, screened, vote_all

pytestmark = pytest.mark.django_db


def submission_of(unit, *, ldtt: int = 3, cstdcs: int = 1, year: int = 2024) -> Submission:
    """A screened submission of ``unit``: ``ldtt`` LĐTT lines (majority) and ``cstdcs`` CSTĐCS lines (secret)."""
    submission = Submission.objects.create(
        unit=unit, year=year, title="Đề nghị khen thưởng năm 2024", status=SubmissionStatus.SCREENED,
        letter_number="12/TTr-UBND",
    )  # fmt: skip
    for _ in range(ldtt):
        screened(unit, "LDTT", year, submission=submission)
    for _ in range(cstdcs):
        screened(unit, "CSTDCS", year, submission=submission)
    return submission


def the_list(session) -> AgendaItem:
    return AgendaItem.objects.get(session=session, nomination__isnull=True)


# Planning --------------------------------------------------------------------------------------
def test_a_submission_becomes_one_list_item_and_its_secret_ballot_lines_stay_apart(district, office, chair):
    council(district.district, chair, 5)
    submission = submission_of(district.commune, ldtt=3, cstdcs=1)

    session = planned(office, district.district, [], submissions=[submission])

    head = the_list(session)
    assert head.submission == submission
    assert "12/TTr-UBND" in head.title and "Xã A" in head.title
    assert head.lines.count() == 3
    assert set(head.lines.values_list("nomination__award_type__code", flat=True)) == {"LDTT"}
    single = AgendaItem.objects.get(session=session, nomination__award_type__code="CSTDCS")
    assert single.parent is None
    assert AgendaItem.objects.filter(session=session, parent__isnull=True).count() == 2
    assert set(submission.lines.values_list("status", flat=True)) == {NominationStatus.IN_COUNCIL}
    audit = AuditEvent.objects.get(action="council.session_plan")
    assert audit.data["lists"][0]["lines"] == 3


def test_a_returned_line_is_not_put_on_the_agenda(district, office, chair):
    council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=3, cstdcs=0)
    returned = submission.lines.first()
    returned.status = NominationStatus.RETURNED
    returned.save()

    session = planned(office, district.district, [], submissions=[submission])

    assert the_list(session).lines.count() == 2
    assert not AgendaItem.objects.filter(nomination=returned).exists()


def test_without_as_lists_every_line_is_its_own_item(district, office, chair):
    council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=3, cstdcs=1)

    session = planned(office, district.district, [], submissions=[submission], as_lists=False)

    assert not AgendaItem.objects.filter(session=session, nomination__isnull=True).exists()
    assert AgendaItem.objects.filter(session=session, parent__isnull=True).count() == 4


def test_secret_ballot_awards_are_refused_in_a_list(district, office, chair):
    council(district.district, chair, 3)
    lines = [screened(district.commune, "LDTT"), screened(district.commune, "CSTDCS")]

    with pytest.raises(DomainError) as error:
        planned(office, district.district, [], lists=[("Danh sách xã A", lines)])

    assert "phải bỏ phiếu kín từng trường hợp" in str(error.value.message)
    assert "Chiến sĩ thi đua cơ sở" in str(error.value.message)
    assert not AgendaItem.objects.exists()
    assert {n.status for n in lines} == {NominationStatus.SCREENED}


# Voting ----------------------------------------------------------------------------------------
def test_a_list_approved_in_one_vote_approves_each_of_its_lines(district, office, chair):
    members = council(district.district, chair, 5)
    submission = submission_of(district.commune, ldtt=4, cstdcs=0)
    session = opened(office, chair, district.district, [], members, submissions=[submission])
    head = the_list(session)

    vote_all(head, members, agree=3)
    services.session_close(actor=chair, session=session)

    head.refresh_from_db()
    assert (head.votes_agree, head.votes_disagree, head.base_count, head.result) == (3, 2, 5, "passed")
    assert head.rule_text.startswith("Quá bán số thành viên có mặt")
    for line in head.lines.select_related("nomination"):
        assert (line.votes_agree, line.result) == (3, "passed")
        assert line.nomination.status == NominationStatus.APPROVED
    # One ballot per member for the whole list: five receipts, not twenty.
    assert BallotReceipt.objects.filter(item__session=session).count() == 5


def test_a_line_is_never_voted_on_by_itself(district, office, chair):
    members = council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=2, cstdcs=0)
    session = opened(office, chair, district.district, [], members, submissions=[submission])
    line = the_list(session).lines.first()

    with pytest.raises(InvalidTransition):
        services.ballot_cast(actor=chair, item=line, choice="agree")
    with pytest.raises(InvalidTransition):
        services.ballot_enter_paper(actor=office, item=line, agree=3, disagree=0)


@pytest.mark.parametrize(("list_agree", "exception_agree"), [(3, 1), (1, 3)])
def test_an_exception_is_voted_apart_and_decided_by_its_own_tally(district, office, chair, list_agree, exception_agree):
    members = council(district.district, chair, 5)
    submission = submission_of(district.commune, ldtt=4, cstdcs=0)
    session = planned(office, district.district, [], submissions=[submission])
    head = the_list(session)
    pulled = head.lines.order_by("order").last()

    services.agenda_line_pull_out(actor=office, item=pulled, reason="Có đơn phản ánh cần xem xét")
    session = services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members])
    pulled.refresh_from_db()
    assert pulled.parent is None and pulled.excepted_from == head and pulled.pulled_by == office
    vote_all(head, members, agree=list_agree)
    vote_all(pulled, members, agree=exception_agree)
    services.session_close(actor=chair, session=session)

    list_status = NominationStatus.APPROVED if list_agree == 3 else NominationStatus.REJECTED
    exception_status = NominationStatus.APPROVED if exception_agree == 3 else NominationStatus.REJECTED
    assert set(head.lines.values_list("nomination__status", flat=True)) == {list_status}
    assert head.lines.count() == 3
    pulled.nomination.refresh_from_db()
    assert pulled.nomination.status == exception_status
    assert AuditEvent.objects.filter(action="council.line_pull_out", data__reason="Có đơn phản ánh cần xem xét")


def test_a_present_member_may_pull_a_line_out_while_nobody_voted_on_the_list(
    district, office, chair, council_member, stranger
):
    members = council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=3, cstdcs=0)
    session = opened(office, chair, district.district, [], members, submissions=[submission])
    head = the_list(session)
    first, second, _third = head.lines.order_by("order")

    with pytest.raises(NotAllowed):
        services.agenda_line_pull_out(actor=stranger, item=first)
    services.agenda_line_pull_out(actor=members[1], item=first)
    with pytest.raises(InvalidTransition):
        services.agenda_line_pull_out(actor=office, item=first)  # already out

    services.ballot_cast(actor=chair, item=head, choice="agree")
    with pytest.raises(InvalidTransition, match="Đã có phiếu biểu quyết danh sách này"):
        services.agenda_line_pull_out(actor=office, item=second)
    second.refresh_from_db()
    assert second.parent == head


def test_list_passes_on_a_majority_of_those_present_and_secret_items_on_their_pass_mark(district, office, chair):
    members = council(district.district, chair, 5)
    submission = submission_of(district.commune, ldtt=2, cstdcs=1)
    present = members[:4]
    session = opened(office, chair, district.district, [], members, present=present, submissions=[submission])
    head = the_list(session)
    secret = AgendaItem.objects.get(session=session, nomination__award_type__code="CSTDCS")

    vote_all(head, present, agree=2)  # 2 of 4 present: not more than half
    vote_all(secret, present, agree=4)  # 4 of 5 members: exactly 80%
    services.session_close(actor=chair, session=session)

    head.refresh_from_db()
    secret.refresh_from_db()
    assert (head.base_count, head.result) == (4, "failed")
    assert (secret.base_count, secret.result) == (5, "passed")
    assert secret.pass_mark == 80


def test_written_votes_are_refused_on_a_list(district, office, chair):
    members = council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=2, cstdcs=0)
    session = opened(office, chair, district.district, [], members, present=members[:2], submissions=[submission])

    with pytest.raises(DomainError, match="đa số thành viên có mặt"):
        services.ballot_enter_written(actor=office, item=the_list(session), member=members[2], choice="agree")


# Documents -------------------------------------------------------------------------------------
def _closed_with_exception(district, office, chair):
    members = council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=4, cstdcs=1)
    session = planned(office, district.district, [], submissions=[submission])
    head = the_list(session)
    pulled = head.lines.order_by("order").last()
    services.agenda_line_pull_out(actor=office, item=pulled, reason="Xét riêng")
    session = services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members])
    vote_all(head, members, agree=3)
    vote_all(pulled, members, agree=0)
    secret = AgendaItem.objects.get(session=session, nomination__award_type__code="CSTDCS")
    vote_all(secret, members, agree=3)
    return services.session_close(actor=chair, session=session), head, pulled


def test_minutes_show_the_list_vote_with_its_lines_and_the_exception_with_its_result(district, office, chair):
    session, _head, pulled = _closed_with_exception(district, office, chair)

    context = documents.minutes_context(session, minutes_items(session), session.members.select_related("user"))

    rows = {row["subject"]: row for row in context["items"]}
    listed = next(row for row in context["items"] if row["lines"])
    assert listed["lines"] == 3
    assert "3 hồ sơ" in listed["subject"] and listed["result"] == "Thông qua"
    assert len(listed["names"]) == 3
    exception = next(row for subject, row in rows.items() if "tách khỏi danh sách" in subject)
    assert exception["result"] == "Không thông qua" and str(pulled.nomination.subject) in exception["subject"]
    data = documents.minutes_docx(session, minutes_items(session), session.members.select_related("user"))
    assert data[:2] == b"PK"


def test_minutes_page_downloads_with_a_list(district, office, chair, client):
    session, _head, _pulled = _closed_with_exception(district, office, chair)
    client.force_login(office)

    response = client.get(reverse("council:minutes_docx", args=[session.pk]))

    assert response.status_code == 200
    assert response.content[:2] == b"PK"


def test_the_decision_carries_every_approved_line_of_the_list(district, office, chair):
    session, _head, _pulled = _closed_with_exception(district, office, chair)
    session = notice_over(session)
    approved = list(
        session.items.filter(nomination__status=NominationStatus.APPROVED).values_list("nomination", flat=True)
    )
    assert len(approved) == 3 + 1  # three lines of the list and the CSTĐCS; the exception was rejected

    decision = services.decision_issue(
        actor=office,
        body=district.district,
        session=session,
        number="15/QĐ-UBND",
        date=datetime.date(2025, 3, 25),
        signer_name="Trần Văn C",
        signer_title="Chủ tịch",
        summary="Về việc khen thưởng năm 2024",
        nominations=Nomination.objects.filter(pk__in=approved),
    )

    assert set(decision.entries.values_list("nomination", flat=True)) == set(approved)
    context = documents.decision_context(decision, decision.entries.all())
    assert len(context["entries"]) == 4
    assert Decision.objects.count() == 1
