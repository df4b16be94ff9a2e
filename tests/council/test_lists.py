"""Issue 12, point 6: the council votes on lists.

A submission's lines of awards decided by a majority of the members present go in one list
item, voted on once; named exceptions are pulled out and voted on apart; secret-ballot awards
stay one item each. The tally, the minutes and the decision carry the lines.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from awards.enums import NominationStatus, SubmissionStatus
from awards.models import Nomination, Person, Submission
from council import documents, services
from council.models import AgendaItem, BallotReceipt, Decision
from council.selectors import minutes_items
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.awards.factories import NominationFactory, PersonFactory, award
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


# Pages -----------------------------------------------------------------------------------------
def _plan_data(**extra):
    return {
        "title": "Phiên họp cuối năm",
        "date": "10/03/2025 08:00",
        "place": "Hội trường",
        "quorum": "2/3",
        "notice_days": "7",
        **extra,
    }


def test_plan_page_lists_submissions_by_unit_counted_by_award_and_plans_one_as_a_list(
    district, office, chair, client_for
):
    council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=3, cstdcs=1)
    submission_of(district.other_commune, ldtt=2, cstdcs=0)
    client = client_for("office")

    html = client.get(reverse("council:session_plan")).content.decode()
    searched = client.get(reverse("council:session_plan"), {"q": "xa b"}).content.decode()
    response = client.post(
        reverse("council:session_plan"),
        _plan_data(body=district.district.pk, submissions=[submission.pk], as_lists="on"),
    )

    assert "Lao động tiên tiến: 3" in html and "Chiến sĩ thi đua cơ sở: 1" in html and "Xã B" in html
    assert 'hx-get="/choose/session-submissions/"' in html
    assert "Xã B" in searched and "Xã A" not in searched.split("waiting-title")[1]
    assert response.status_code == 302
    head = AgendaItem.objects.get(nomination__isnull=True)
    assert head.lines.count() == 3 and head.session.items.filter(parent__isnull=True).count() == 2


def _session_with_lines(district, office, chair, n: int):
    members = council(district.district, chair, 3)
    submission = submission_of(district.commune, ldtt=n, cstdcs=1)
    return opened(office, chair, district.district, [], members, submissions=[submission]), members


@pytest.mark.parametrize("page", ["council:session_detail", "council:my_council", "council:list_detail"])
def test_session_pages_take_as_many_queries_for_40_lines_as_for_4(district, office, chair, client, page):
    session, _members = _session_with_lines(district, office, chair, 4)
    head = the_list(session)
    args = {"council:session_detail": [session.pk], "council:my_council": [], "council:list_detail": [
        session.pk, head.pk]}[page]  # fmt: skip
    client.force_login(chair)
    counts = []
    for n in (4, 40):
        if n == 40:  # 36 more lines on the same list
            more = [
                NominationFactory(
                    person=PersonFactory(unit=district.commune), award_type=award("LDTT"),
                    status=NominationStatus.IN_COUNCIL,
                )
                for _ in range(36)
            ]  # fmt: skip
            AgendaItem.objects.bulk_create(
                AgendaItem(session=session, nomination=m, parent=head, order=5 + i) for i, m in enumerate(more)
            )
        client.get(reverse(page, args=args))
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse(page, args=args)).content.decode()
        counts.append(len(queries))
        assert f"{n} hồ sơ" in html
    assert counts[0] == counts[1]


def test_list_page_pulls_a_line_out_and_casting_everything_votes_the_list_once(district, office, chair, client):
    session, _members = _session_with_lines(district, office, chair, 3)
    head = the_list(session)
    line = head.lines.order_by("order").first()
    client.force_login(chair)

    page = client.get(reverse("council:list_detail", args=[session.pk, head.pk])).content.decode()
    pulled = client.post(
        reverse("council:line_pull_out", args=[session.pk, line.pk]), {"reason": "Cần xem lại"}, follow=True
    )
    line.refresh_from_db()
    singles = list(session.items.filter(parent__isnull=True).exclude(pk=head.pk))
    mine = client.get(reverse("council:my_council")).content.decode()
    cast = client.post(
        reverse("council:ballot_cast_all", args=[session.pk]),
        {f"choice_{head.pk}": "agree", **{f"choice_{i.pk}": "disagree" for i in singles}},
        follow=True,
    )

    assert "Tách ra xét riêng" in page
    assert "Đã tách hồ sơ khỏi danh sách" in pulled.content.decode()
    assert line.parent is None and line.excepted_from == head and line.pulled_reason == "Cần xem lại"
    assert f'name="choice_{head.pk}"' in mine and f'name="choice_{line.pk}"' in mine
    assert "Đã ghi nhận 3 lá phiếu của bạn." in cast.content.decode()
    assert set(BallotReceipt.objects.filter(member=chair).values_list("item_id", flat=True)) == {
        head.pk,
        *(i.pk for i in singles),
    }
    # Voted: no one may pull a line out any more; the page no longer offers it.
    page = client.get(reverse("council:list_detail", args=[session.pk, head.pk])).content.decode()
    assert "Tách ra xét riêng" not in page


def test_list_pages_are_hidden_from_strangers_and_pull_out_refused_to_unit_heads(district, office, chair, client_for):
    session, _members = _session_with_lines(district, office, chair, 3)
    head = the_list(session)
    line = head.lines.first()

    assert client_for("stranger").get(reverse("council:list_detail", args=[session.pk, head.pk])).status_code == 404
    response = client_for("unit_head").post(reverse("council:line_pull_out", args=[session.pk, line.pk]))
    assert response.status_code in (403, 404)
    line.refresh_from_db()
    assert line.parent == head
    single = session.items.get(nomination__award_type__code="CSTDCS")
    assert client_for("office").get(reverse("council:list_detail", args=[session.pk, single.pk])).status_code == 404


def test_a_list_is_one_ballot_owed_in_reminders_and_on_the_home_page(district, office, chair, client):
    from council.reminders import members_owing_ballots

    session, members = _session_with_lines(district, office, chair, 5)
    for item in session.items.filter(parent__isnull=True):
        services.ballot_cast(actor=chair, item=item, choice="agree")
    services.ballot_cast(actor=members[1], item=the_list(session), choice="agree")
    client.force_login(members[1])

    owing = members_owing_ballots([session.pk])[session.pk]
    home = client.get("/").content.decode()

    assert chair.pk not in owing and members[1].pk in owing
    assert "1 nội dung bạn chưa bỏ phiếu" in home  # the CSTĐCS dossier; the list's five lines were one ballot


def test_list_page_sorts_and_searches_its_lines(district, office, chair, client):
    session, _members = _session_with_lines(district, office, chair, 3)
    head = the_list(session)
    for line, name in zip(head.lines.order_by("order"), ["Lê Văn An", "Trần Thị Bình", "Phạm Minh Châu"], strict=True):
        Person.objects.filter(pk=line.nomination.person_id).update(full_name=name)
    client.force_login(office)
    url = reverse("council:list_detail", args=[session.pk, head.pk])

    by_name = client.get(url, {"sort": "-subject"}).content.decode()
    searched = client.get(url, {"q": "tran thi binh"}).content.decode()

    assert by_name.index("Trần Thị Bình") < by_name.index("Phạm Minh Châu") < by_name.index("Lê Văn An")
    assert "Trần Thị Bình" in searched and "Lê Văn An" not in searched
