"""Submissions carrying lists: lines added one by one, from registrations, from ratings; the duplicate
rule, quotas and reports per line; the whole list submitted at once; screening and returning by line."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from awards import services, submissions
from awards.enums import AwardKind, NominationStatus
from awards.models import Household, Nomination, NominationVersion, Submission, TitleRegistration
from awards.reasons import render_stored
from campaigns.models import Movement
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.awards.factories import PersonFactory, award, give, rate

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
LETTER = {
    "title": "Tờ trình đề nghị khen thưởng năm 2024",
    "letter_number": "15/TTr-UBND",
    "letter_date": datetime.date(2024, 12, 2),
    "letter_signer": "Nguyễn Văn Chủ",
    "letter_summary": "Đề nghị công nhận danh hiệu thi đua năm 2024",
}
REPORT = {"report_situation": "Sơ lược lý lịch", "report_achievements": "Hoàn thành xuất sắc nhiệm vụ"}


@pytest.fixture
def people(district):
    found = []
    for i in range(4):
        person = PersonFactory(code=f"ds-{i}", full_name=f"Lê Văn Dòng {i}", unit=district.commune)
        rate(person, 2024, "HTXSNV" if i < 3 else "HTNV")
        found.append(person)
    return found


@pytest.fixture
def submission(unit_head, district):
    return submissions.submission_create(actor=unit_head, unit=district.commune, year=2024, data=LETTER)


def add(actor, submission, person, code="LDTT", **extra):
    return submissions.submission_add_line(
        actor=actor, submission=submission, award=award(code), person=person, **extra
    )


def test_create_and_add_a_line_with_its_verdict(unit_head, submission, people):
    line = add(unit_head, submission, people[0])

    assert line.submission == submission and line.status == NominationStatus.DRAFT
    assert line.kind == AwardKind.MERIT
    assert line.eligible is True
    assert "cần xếp loại HTTNV trở lên năm 2024: HTXSNV" in [render_stored(r) for r in line.eligibility_reasons]
    assert AuditEvent.objects.get(action="submission.add_lines").data["lines"] == [line.pk]
    assert AuditEvent.objects.filter(action="submission.create", object_id=str(submission.pk)).count() == 1


def test_duplicate_line_is_refused_in_vietnamese(unit_head, submission, people):
    add(unit_head, submission, people[0])

    with pytest.raises(DomainError, match="Đã có đề nghị “Lao động tiên tiến” năm 2024 cho Lê Văn Dòng 0"):
        add(unit_head, submission, people[0])
    other = submissions.submission_create(actor=unit_head, unit=submission.unit, year=2024)
    with pytest.raises(DomainError, match="Đã có đề nghị"):
        add(unit_head, other, people[0])
    assert Nomination.objects.count() == 1


def test_bulk_add_leaves_out_duplicates_and_says_why(unit_head, submission, people):
    add(unit_head, submission, people[0])
    specs = [submissions.LineSpec(award=award("LDTT"), person=p) for p in people]

    result = submissions.submission_add_lines(actor=unit_head, submission=submission, specs=specs)

    assert len(result.added) == 3
    assert result.skipped == ["Đã có đề nghị “Lao động tiên tiến” năm 2024 cho Lê Văn Dòng 0."]


def test_stranger_cannot_add_to_or_submit_another_units_submission(stranger, submission, people):
    with pytest.raises(NotAllowed):
        add(stranger, submission, people[0])
    with pytest.raises(NotAllowed):
        submissions.submission_submit(actor=stranger, submission=submission)


def test_subject_outside_the_unit_is_refused(unit_head, submission, district):
    outsider = PersonFactory(code="ngoai", unit=district.other_commune)

    with pytest.raises(NotAllowed):
        add(unit_head, submission, outsider)


def test_wrong_subject_kind_is_refused(unit_head, submission, district):
    with pytest.raises(DomainError, match="không dành cho tập thể"):
        submissions.submission_add_line(
            actor=unit_head, submission=submission, award=award("LDTT"), subject_unit=district.village
        )


def test_households_are_nominated_for_gdvh_without_a_report(unit_head, submission, district):
    home = Household.objects.create(code="hgd-1", head_name="Lê Văn Hải", unit=district.village, address="Thôn A1")

    line = submissions.submission_add_line(actor=unit_head, submission=submission, award=award("GDVH"), household=home)

    assert line.is_household and line.subject == home
    assert submissions.line_missing_parts(line) == []
    assert services.missing_parts(line) == []
    assert line.eligible is True


def test_reports_are_required_for_cstd_and_bang_khen_not_for_ldtt(unit_head, submission, people):
    ldtt = add(unit_head, submission, people[0])
    bk = add(unit_head, submission, people[1], "BK_TINH")

    assert submissions.line_missing_parts(ldtt) == []
    assert any("Báo cáo thành tích" in m for m in submissions.line_missing_parts(bk))
    assert not submissions.report_required(award("GDVH"))
    assert submissions.report_required(award("CSTDCS")) and submissions.report_required(award("BK_TTG"))


def test_submit_moves_every_line_and_keeps_versions(unit_head, office, submission, people):
    lines = [add(unit_head, submission, p) for p in people[:3]]

    submissions.submission_submit(actor=unit_head, submission=submission)

    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.version == 1
    assert set(Nomination.objects.filter(pk__in=[n.pk for n in lines]).values_list("status", "version")) == {
        ("submitted", 1)
    }
    assert sorted(AuditEvent.objects.get(action="submission.submit").data["lines"]) == sorted(n.pk for n in lines)
    with pytest.raises(InvalidTransition):
        submissions.submission_submit(actor=unit_head, submission=submission)


def test_submit_refuses_a_letter_without_number(unit_head, district, people):
    bare = submissions.submission_create(actor=unit_head, unit=district.commune, year=2024)
    add(unit_head, bare, people[0])

    with pytest.raises(DomainError, match="Tờ trình còn thiếu"):
        submissions.submission_submit(actor=unit_head, submission=bare)
    assert Nomination.objects.get().status == "draft"


def test_submit_refuses_a_line_missing_its_report_and_changes_nothing(unit_head, submission, people):
    add(unit_head, submission, people[0])
    add(unit_head, submission, people[1], "BK_TINH")

    with pytest.raises(DomainError, match="1 dòng chưa nộp được: Lê Văn Dòng 1: Báo cáo thành tích"):
        submissions.submission_submit(actor=unit_head, submission=submission)
    assert set(Nomination.objects.values_list("status", flat=True)) == {"draft"}


def test_submit_refuses_a_subject_already_awarded(unit_head, submission, people):
    add(unit_head, submission, people[0])
    give(people[0], "LDTT", 2024)

    with pytest.raises(DomainError, match="đã được tặng “Lao động tiên tiến” năm 2024"):
        submissions.submission_submit(actor=unit_head, submission=submission)


def test_screen_and_return_by_line_then_fix_and_resubmit_without_touching_accepted(
    unit_head, office, submission, people
):
    lines = [add(unit_head, submission, p) for p in people[:3]]
    submissions.submission_submit(actor=unit_head, submission=submission)

    submissions.submission_screen_lines(actor=office, submission=submission, line_ids=[lines[0].pk, lines[1].pk])
    submissions.submission_return_lines(
        actor=office, submission=submission, line_ids=[lines[2].pk], reason="Sai ngày sinh"
    )

    submission.refresh_from_db()
    assert submission.status == "returned"
    returned = Nomination.objects.get(pk=lines[2].pk)
    assert returned.status == "returned" and returned.return_reason == "Sai ngày sinh"
    assert NominationVersion.objects.filter(nomination=returned, number=1).count() == 1
    screened_at = Nomination.objects.get(pk=lines[0].pk).screened_at

    submissions.submission_submit(actor=unit_head, submission=submission)

    submission.refresh_from_db()
    assert submission.status == "submitted" and submission.version == 2
    assert Nomination.objects.get(pk=lines[2].pk).version == 2
    first = Nomination.objects.get(pk=lines[0].pk)
    assert (first.status, first.version, first.screened_at) == ("screened", 1, screened_at)

    submissions.submission_screen_lines(actor=office, submission=submission)
    submission.refresh_from_db()
    assert submission.status == "screened"


def test_return_the_whole_submission(unit_head, office, submission, people):
    for p in people[:2]:
        add(unit_head, submission, p)
    submissions.submission_submit(actor=unit_head, submission=submission)

    with pytest.raises(DomainError, match="Ghi rõ lý do"):
        submissions.submission_return_lines(actor=office, submission=submission, reason=" ")
    submissions.submission_return_lines(actor=office, submission=submission, reason="Thiếu biên bản")

    assert set(Nomination.objects.values_list("status", flat=True)) == {"returned"}
    assert AuditEvent.objects.filter(action="nomination.return").count() == 2


def test_screening_an_ineligible_line_needs_a_reason(unit_head, office, submission, people):
    line = add(unit_head, submission, people[3])  # rated HTNV: not eligible for LĐTT
    submissions.submission_submit(actor=unit_head, submission=submission)

    with pytest.raises(DomainError, match="chưa đủ điều kiện"):
        submissions.submission_screen_lines(actor=office, submission=submission)
    submissions.submission_screen_lines(actor=office, submission=submission, override_reason="Đã xác minh lại")

    line.refresh_from_db()
    assert (line.status, line.override_reason, line.overridden_by) == ("screened", "Đã xác minh lại", office)


def test_unit_head_cannot_screen_their_own_lines(unit_head, submission, people):
    add(unit_head, submission, people[0])
    submissions.submission_submit(actor=unit_head, submission=submission)

    with pytest.raises(NotAllowed):
        submissions.submission_screen_lines(actor=unit_head, submission=submission)


def test_a_line_is_not_submitted_on_its_own(unit_head, submission, people):
    line = add(unit_head, submission, people[0])

    with pytest.raises(InvalidTransition, match="thuộc một tờ trình"):
        services.nomination_submit(actor=unit_head, nomination=line)


def test_lines_from_registrations_only_the_eligible(unit_head, submission, people, district):
    for p in people:
        TitleRegistration.objects.create(unit=district.commune, year=2024, person=p, award_type=award("LDTT"))
    specs = submissions.registered_specs(submission, award("LDTT"))

    result = submissions.submission_add_eligible(actor=unit_head, submission=submission, specs=specs)

    assert sorted(n.person.full_name for n in result.added) == ["Lê Văn Dòng 0", "Lê Văn Dòng 1", "Lê Văn Dòng 2"]
    assert result.skipped == ["Lê Văn Dòng 3 chưa đủ điều kiện “Lao động tiên tiến”."]


def test_lines_from_ratings(unit_head, submission, people):
    specs = submissions.rated_specs(submission, award("LDTT"), "HTTNV")

    result = submissions.submission_add_lines(actor=unit_head, submission=submission, specs=specs)

    assert len(result.added) == 3


def test_remove_a_draft_line(unit_head, submission, people):
    line = add(unit_head, submission, people[0])

    assert submissions.submission_remove_lines(actor=unit_head, submission=submission, line_ids=[line.pk]) == 1
    assert not Nomination.objects.exists()


@pytest.fixture
def thematic(district):
    return Movement.objects.create(
        title="Phong trào chung sức xây dựng nông thôn mới",
        kind="thematic",
        owner=district.district,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        quota_individuals=2,
        dossier_deadline=datetime.datetime(2024, 12, 10, 17, 0, tzinfo=TZ),
        status="launched",
    )


@time_machine.travel(datetime.datetime(2024, 12, 5, 9, 0, tzinfo=TZ))
def test_thematic_movement_sets_the_kind_and_its_quota_counts_lines(unit_head, district, people, thematic):
    listed = submissions.submission_create(
        actor=unit_head, unit=district.commune, year=2024, movement=thematic, data=LETTER
    )
    lines = [add(unit_head, listed, p, "GIAY_KHEN", kind=AwardKind.AD_HOC) for p in people[:3]]

    assert {n.kind for n in lines} == {AwardKind.MOVEMENT}
    with pytest.raises(DomainError, match="tối đa 2 cá nhân: đã đề nghị 0, danh sách thêm 3"):
        submissions.submission_submit(actor=unit_head, submission=listed)
    submissions.submission_remove_lines(actor=unit_head, submission=listed, line_ids=[lines[2].pk])
    submissions.submission_submit(actor=unit_head, submission=listed)


def test_kind_is_chosen_outside_thematic_movements(unit_head, submission, people):
    line = add(unit_head, submission, people[0], "GIAY_KHEN", kind=AwardKind.AD_HOC)

    assert line.kind == AwardKind.AD_HOC


def test_non_merit_award_is_said_not_to_count(unit_head, submission, people):
    give(people[0], "CSTDCS", 2023, kind=AwardKind.MOVEMENT)
    line = add(unit_head, submission, people[0], "CSTD_TINH")

    texts = [render_stored(r) for r in line.eligibility_reasons]
    assert any("CSTĐCS 2023 theo loại hình “Theo phong trào, chuyên đề”: không tính" in t for t in texts), texts


def _big_list(unit_head, district, n):
    people = [
        PersonFactory.build(code=f"big-{i:04d}", full_name=f"Người {i:04d}", unit=district.commune) for i in range(n)
    ]
    from awards.models import Person, Rating

    Person.objects.bulk_create(people)
    people = list(Person.objects.filter(code__startswith="big-").select_related("unit"))
    Rating.objects.bulk_create([Rating(person=p, year=2024, rating="HTTNV") for p in people])
    listed = submissions.submission_create(actor=unit_head, unit=district.commune, year=2024, data=LETTER)
    specs = [submissions.LineSpec(award=award("LDTT"), person=p) for p in people]
    return listed, specs


def test_500_lines_add_submit_screen_in_a_fixed_number_of_queries(unit_head, office, district):
    listed, specs = _big_list(unit_head, district, 500)

    with CaptureQueriesContext(connection) as added:
        result = submissions.submission_add_lines(actor=unit_head, submission=listed, specs=specs)
    with CaptureQueriesContext(connection) as sent:
        submissions.submission_submit(actor=unit_head, submission=listed)
    with CaptureQueriesContext(connection) as screened:
        submissions.submission_screen_lines(actor=office, submission=listed)

    assert len(result.added) == 500
    assert len(added) < 60, len(added)
    assert len(sent) < 60, len(sent)
    assert len(screened) < 60, len(screened)
    assert Submission.objects.get(pk=listed.pk).status == "screened"
