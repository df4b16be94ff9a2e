"""Every transition of the emulation cycle, and its refusals."""

import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent
from campaigns import services
from campaigns.enums import LatePolicy, MovementStatus, PeriodKind, PeriodStatus, RegistrationStatus, ReviewStatus
from campaigns.models import Participation, Registration, Review, ReviewVersion
from organisation.enums import UnitKind
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.campaigns.conftest import DEADLINE, RUBRIC, at, full_content, full_scores, make_movement
from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Movements -------------------------------------------------------------------------


def test_movement_create_is_a_draft_with_targets(office, district):
    movement = make_movement(office, district)

    assert movement.status == MovementStatus.DRAFT
    assert [(t.name, t.measure) for t in movement.targets.all()] == [
        ("Tỷ lệ hộ gia đình văn hóa", "%"),
        ("Thu ngân sách", "triệu đồng"),
    ]
    assert AuditEvent.objects.filter(action="movement.create", object_id=str(movement.pk)).count() == 1


def test_movement_create_refused_to_a_unit_head(unit_head, district):
    with pytest.raises(NotAllowed):
        make_movement(unit_head, district)


def test_movement_launch_creates_participations_and_pending_registrations(office, district):
    movement = make_movement(office, district)

    added = services.movement_launch(actor=office, movement=movement, units=[district.commune, district.other_commune])

    movement.refresh_from_db()
    assert movement.status == MovementStatus.LAUNCHED
    assert movement.launched_at is not None
    assert {u.code for u in added} == {"xa-a", "xa-b"}
    assert set(Registration.objects.filter(movement=movement).values_list("unit__code", "status")) == {
        ("xa-a", RegistrationStatus.PENDING),
        ("xa-b", RegistrationStatus.PENDING),
    }


def test_movement_launch_twice_is_refused(office, district):
    movement = make_movement(office, district)
    services.movement_launch(actor=office, movement=movement, units=[district.commune])

    with pytest.raises(InvalidTransition, match="đã được phát động"):
        services.movement_launch(actor=office, movement=movement, units=[district.other_commune])


def test_movement_launch_without_units_is_refused(office, district):
    movement = make_movement(office, district)

    with pytest.raises(DomainError, match="ít nhất một đơn vị"):
        services.movement_launch(actor=office, movement=movement, units=[])
    movement.refresh_from_db()
    assert movement.status == MovementStatus.DRAFT


def test_units_for_launch_by_kind_block_and_parent(district):
    school = OrgUnitFactory(code="truong-a", kind=UnitKind.SCHOOL, parent=district.commune)
    block = EmulationBlockFactory(owner=district.district)
    block.members.set([district.other_commune])

    by_kind = services.units_for_launch(owner=district.district, kinds=[UnitKind.VILLAGE])
    by_block = services.units_for_launch(owner=district.district, blocks=[block])
    by_parent = services.units_for_launch(owner=district.district, parents=[district.commune])
    by_hand = services.units_for_launch(owner=district.district, units=[district.commune, district.district])

    assert [u.code for u in by_kind] == ["thon-a1"]
    assert [u.code for u in by_block] == ["xa-b"]
    assert [u.code for u in by_parent] == ["thon-a1", "truong-a"]
    assert school in by_parent
    assert [u.code for u in by_hand] == ["xa-a"]  # the owner itself never takes part


def test_movement_add_participants_keeps_history_and_joins_open_periods(cycle, office, district):
    village = district.village
    first = list(Participation.objects.filter(movement=cycle.movement).values_list("unit__code", "joined_at"))

    added = services.movement_add_participants(actor=office, movement=cycle.movement, units=[district.commune, village])

    assert [u.code for u in added] == ["thon-a1"]
    assert set(first) <= set(
        Participation.objects.filter(movement=cycle.movement).values_list("unit__code", "joined_at")
    )
    assert Participation.objects.filter(movement=cycle.movement).count() == 3
    assert Review.objects.filter(period=cycle.period, unit=village, status=ReviewStatus.NOT_STARTED).count() == 1
    assert Registration.objects.filter(movement=cycle.movement, unit=village).count() == 1


def test_movement_add_participants_refused_on_a_draft(office, district):
    movement = make_movement(office, district)

    with pytest.raises(InvalidTransition):
        services.movement_add_participants(actor=office, movement=movement, units=[district.commune])


def test_movement_close_refused_while_a_period_is_open(cycle, office):
    with pytest.raises(DomainError, match="Còn kỳ báo cáo đang mở"):
        services.movement_close(actor=office, movement=cycle.movement)


def test_movement_close_after_its_periods(cycle, office):
    services.period_close(actor=office, period=cycle.period)

    services.movement_close(actor=office, movement=cycle.movement)

    cycle.movement.refresh_from_db()
    assert cycle.movement.status == MovementStatus.CLOSED
    with pytest.raises(InvalidTransition):
        services.movement_update(actor=office, movement=cycle.movement, data={"title": "Khác"})


def test_movement_update_keeps_target_rows(office, district):
    movement = make_movement(office, district)
    ids = list(movement.targets.values_list("pk", flat=True))

    services.movement_update(
        actor=office,
        movement=movement,
        data={"title": "Phong trào mới"},
        targets=[("Tỷ lệ hộ gia đình văn hóa", "%")],
    )

    movement.refresh_from_db()
    assert movement.title == "Phong trào mới"
    assert list(movement.targets.values_list("pk", flat=True)) == ids[:1]


# --- Registrations ---------------------------------------------------------------------


REGISTRATION = {"collective_title": "TTLDXS", "ldtt_count": 25, "cstdcs_count": 3, "pledge": "Giao ước thi đua"}


@pytest.fixture
def registration(cycle, district):
    return Registration.objects.get(movement=cycle.movement, unit=district.commune)


def test_registration_submit_before_the_deadline(registration, unit_head, frozen):
    frozen.move_to(at(15, 3))

    services.registration_submit(
        actor=unit_head, registration=registration, data={**REGISTRATION, "targets": {"1": "95"}}
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert (registration.collective_title, registration.ldtt_count, registration.cstdcs_count) == ("TTLDXS", 25, 3)
    assert registration.targets == {"1": "95"}
    assert registration.registered_by == unit_head


def test_registration_submit_stores_the_pledge_nfc_and_trimmed(registration, unit_head, frozen):
    # A transition is an UPDATE, which does not pass through pre_save (songlo/text.py).
    frozen.move_to(at(15, 3))
    pledge = unicodedata.normalize("NFD", "  Giao ước thi đua năm 2025 \n")

    services.registration_submit(actor=unit_head, registration=registration, data={**REGISTRATION, "pledge": pledge})

    assert Registration.objects.values_list("pledge", flat=True).get(pk=registration.pk) == "Giao ước thi đua năm 2025"


def test_registration_submit_after_the_deadline_is_refused(registration, unit_head):
    # The cycle's clock is 20/06/2025; the registration deadline was 31/03/2025.
    with pytest.raises(DomainError, match="quá hạn đăng ký"):
        services.registration_submit(actor=unit_head, registration=registration, data=REGISTRATION)


def test_registration_submit_by_another_unit_head_is_refused(registration, stranger, frozen):
    frozen.move_to(at(15, 3))

    with pytest.raises(NotAllowed):
        services.registration_submit(actor=stranger, registration=registration, data=REGISTRATION)


def test_registration_submit_twice_is_refused_until_reopened(registration, unit_head, office, frozen):
    frozen.move_to(at(15, 3))
    services.registration_submit(actor=unit_head, registration=registration, data=REGISTRATION)

    with pytest.raises(InvalidTransition, match="mở lại"):
        services.registration_submit(actor=unit_head, registration=registration, data=REGISTRATION)

    frozen.move_to(at(20, 4))
    services.registration_reopen(actor=office, registration=registration, reason="Sai số lượng LĐTT")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REOPENED
    # Reopened by the office: accepted after the deadline.
    services.registration_submit(actor=unit_head, registration=registration, data={**REGISTRATION, "ldtt_count": 30})
    registration.refresh_from_db()
    assert (registration.status, registration.ldtt_count) == (RegistrationStatus.REGISTERED, 30)
    assert AuditEvent.objects.get(action="registration.reopen").data == {"reason": "Sai số lượng LĐTT"}


def test_registration_reopen_needs_a_reason_and_a_registration(registration, office):
    with pytest.raises(DomainError, match="lý do"):
        services.registration_reopen(actor=office, registration=registration, reason=" ")
    with pytest.raises(InvalidTransition):
        services.registration_reopen(actor=office, registration=registration, reason="Sửa")


# --- Periods ---------------------------------------------------------------------------


def _scheduled_period(office, movement):
    return services.period_create(
        actor=office,
        movement=movement,
        data={
            "name": "Tổng kết năm 2025",
            "kind": PeriodKind.FINAL,
            "opens_at": at(1, 11),
            "deadline": at(15, 12),
            "late_policy": LatePolicy.REFUSE,
        },
    )


def test_period_criteria_weights_must_total_100(cycle, office):
    period = _scheduled_period(office, cycle.movement)
    rows = [{**RUBRIC[0], "weight": Decimal(60)}, {**RUBRIC[1], "weight": Decimal("30.5")}]

    with pytest.raises(DomainError) as excinfo:
        services.period_set_criteria(actor=office, period=period, rows=rows)

    assert excinfo.value.message == "Tổng trọng số các tiêu chí phải bằng 100 (hiện là 90.5)."
    assert period.criteria.count() == 0


def test_period_open_refused_without_a_valid_rubric(cycle, office):
    period = _scheduled_period(office, cycle.movement)

    with pytest.raises(DomainError, match="tổng trọng số phải bằng 100"):
        services.period_open(actor=office, period=period)
    period.refresh_from_db()
    assert period.status == PeriodStatus.SCHEDULED


def test_period_open_creates_one_review_per_participant_in_one_insert(cycle, office, district):
    units = [OrgUnitFactory(code=f"xa-moi-{i}", parent=district.district) for i in range(20)]
    services.movement_add_participants(actor=office, movement=cycle.movement, units=units)
    period = _scheduled_period(office, cycle.movement)
    services.period_set_criteria(actor=office, period=period, rows=RUBRIC)

    with CaptureQueriesContext(connection) as queries:
        created = services.period_open(actor=office, period=period)

    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "campaigns_review"')]
    assert created == 22
    assert len(inserts) == 1
    assert Review.objects.filter(period=period, status=ReviewStatus.NOT_STARTED).count() == 22


def test_period_open_twice_is_refused(cycle, office):
    with pytest.raises(InvalidTransition, match="đã được mở"):
        services.period_open(actor=office, period=cycle.period)
    assert Review.objects.filter(period=cycle.period).count() == 2


def test_period_rubric_locked_once_open(cycle, office):
    with pytest.raises(InvalidTransition, match="bộ tiêu chí không sửa được"):
        services.period_set_criteria(actor=office, period=cycle.period, rows=RUBRIC)


def test_period_close_stops_submissions(cycle, office, unit_head):
    services.period_close(actor=office, period=cycle.period)

    with pytest.raises(InvalidTransition, match="không còn mở"):
        services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))


# --- Extensions ------------------------------------------------------------------------


def test_extension_grant_records_the_reason_and_moves_the_deadline(cycle, office):
    services.extension_grant(actor=office, review=cycle.review, new_deadline=at(3, 7), reason="Lũ lụt")
    services.extension_grant(actor=office, review=cycle.review, new_deadline=at(5, 7), reason="Thêm số liệu")

    cycle.review.refresh_from_db()
    assert cycle.review.extended_deadline == at(5, 7)
    assert list(cycle.review.extensions.order_by("pk").values_list("reason", flat=True)) == ["Lũ lụt", "Thêm số liệu"]
    assert Review.objects.with_deadline().get(pk=cycle.review.pk).effective_deadline == at(5, 7)


def test_extension_grant_refusals(cycle, office, unit_head):
    with pytest.raises(DomainError, match="lý do"):
        services.extension_grant(actor=office, review=cycle.review, new_deadline=at(3, 7), reason="")
    with pytest.raises(DomainError, match="Hạn mới phải sau"):
        services.extension_grant(actor=office, review=cycle.review, new_deadline=at(29), reason="Sớm hơn")
    with pytest.raises(NotAllowed):
        services.extension_grant(actor=unit_head, review=cycle.review, new_deadline=at(3, 7), reason="Tự gia hạn")


# --- Reviews ---------------------------------------------------------------------------


def test_review_save_draft_any_number_of_times(cycle, unit_head):
    services.review_save_draft(actor=unit_head, review=cycle.review, content={"results": "Bản 1"}, scores={})
    review = services.review_save_draft(
        actor=unit_head,
        review=cycle.review,
        content={"results": "Bản 2", "figures": {cycle.movement.targets.first().pk: "96,5"}},
        scores={cycle.criteria[0].pk: Decimal("50")},
    )

    assert review.status == ReviewStatus.DRAFT
    assert review.results == "Bản 2"
    assert review.figures == {str(cycle.movement.targets.first().pk): "96,5"}
    assert list(review.scores.values_list("self_score", flat=True)) == [Decimal("50.00")]
    assert review.version == 0


def test_review_save_draft_score_above_the_maximum_is_refused(cycle, unit_head):
    with pytest.raises(DomainError) as excinfo:
        services.review_save_draft(
            actor=unit_head, review=cycle.review, content={}, scores={cycle.criteria[1].pk: Decimal("41")}
        )

    assert excinfo.value.message == "Điểm tiêu chí “Tổ chức phong trào thi đua” phải từ 0 đến 40."
    cycle.review.refresh_from_db()
    assert cycle.review.status == ReviewStatus.NOT_STARTED


def test_review_save_draft_negative_score_is_refused(cycle, unit_head):
    with pytest.raises(DomainError, match="phải từ 0 đến 60"):
        services.review_save_draft(
            actor=unit_head, review=cycle.review, content={}, scores={cycle.criteria[0].pk: Decimal("-1")}
        )


def test_review_save_draft_by_another_unit_or_the_office_is_refused(cycle, stranger, office):
    for actor in (stranger, office):
        with pytest.raises(NotAllowed):
            services.review_save_draft(actor=actor, review=cycle.review, content={"results": "x"}, scores={})


def test_review_submit_on_time(cycle, unit_head):
    review = services.review_submit(
        actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle)
    )

    assert (review.status, review.version, review.is_late) == (ReviewStatus.SUBMITTED, 1, False)
    assert review.submitted_by == unit_head
    assert review.submitted_at == at(20)
    assert AuditEvent.objects.get(action="review.submit").data == {"version": 1, "late": False}


def test_review_submit_incomplete_is_refused_and_nothing_changes(cycle, unit_head):
    with pytest.raises(DomainError) as excinfo:
        services.review_submit(
            actor=unit_head, review=cycle.review, content={"results": ""}, scores={cycle.criteria[0].pk: Decimal(5)}
        )

    assert excinfo.value.message == (
        "Chưa nộp được: chưa tự chấm điểm: Tổ chức phong trào thi đua; chưa viết phần “Kết quả đạt được”."
    )
    cycle.review.refresh_from_db()
    assert (cycle.review.status, cycle.review.version, cycle.review.scores.count()) == (ReviewStatus.NOT_STARTED, 0, 0)


def test_review_editing_after_submit_is_refused(cycle, unit_head):
    services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))
    cycle.review.refresh_from_db()

    with pytest.raises(InvalidTransition, match="không sửa được"):
        services.review_save_draft(actor=unit_head, review=cycle.review, content={"results": "Sửa"}, scores={})
    with pytest.raises(InvalidTransition, match="không thêm minh chứng"):
        services.evidence_add(actor=unit_head, review=cycle.review, uploaded=pdf())
    cycle.review.refresh_from_db()
    assert cycle.review.results == full_content()["results"]


def test_review_submit_twice_gives_one_submission(cycle, unit_head):
    stale = Review.objects.get(pk=cycle.review.pk)
    services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))

    with pytest.raises(InvalidTransition):
        services.review_submit(actor=unit_head, review=stale, content=full_content(), scores=full_scores(cycle))
    assert Review.objects.get(pk=cycle.review.pk).version == 1


def test_review_submit_late_is_flagged_under_accept_flag(cycle, unit_head, frozen):
    frozen.move_to(DEADLINE + datetime.timedelta(minutes=1))

    review = services.review_submit(
        actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle)
    )

    assert (review.status, review.is_late) == (ReviewStatus.SUBMITTED, True)


def test_review_submit_late_is_refused_under_refuse(cycle, unit_head, frozen):
    cycle.period.late_policy = LatePolicy.REFUSE
    cycle.period.save()
    frozen.move_to(DEADLINE + datetime.timedelta(minutes=1))

    with pytest.raises(DomainError) as excinfo:
        services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))

    assert excinfo.value.message == (
        "Đã quá hạn nộp (30/06/2025 17:00): kỳ báo cáo này không nhận báo cáo nộp muộn. Hãy đề nghị gia hạn."
    )
    assert Review.objects.get(pk=cycle.review.pk).status == ReviewStatus.NOT_STARTED


def test_review_submit_within_an_extension_is_on_time(cycle, unit_head, office, frozen):
    cycle.period.late_policy = LatePolicy.REFUSE
    cycle.period.save()
    services.extension_grant(actor=office, review=cycle.review, new_deadline=at(5, 7), reason="Thiên tai")
    frozen.move_to(at(4, 7))
    cycle.review.refresh_from_db()

    review = services.review_submit(
        actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle)
    )

    assert (review.status, review.is_late) == (ReviewStatus.SUBMITTED, False)


def test_review_submit_after_the_extension_is_late(cycle, unit_head, office, frozen):
    services.extension_grant(actor=office, review=cycle.review, new_deadline=at(5, 7), reason="Thiên tai")
    frozen.move_to(at(6, 7))
    cycle.review.refresh_from_db()

    review = services.review_submit(
        actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle)
    )

    assert review.is_late is True


def _submitted(cycle, unit_head):
    services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))
    cycle.review.refresh_from_db()
    return cycle.review


def test_review_return_keeps_the_version_and_the_comment(cycle, unit_head, office):
    review = _submitted(cycle, unit_head)

    version = services.review_return(actor=office, review=review, comment="Bổ sung số liệu thu ngân sách.")

    review.refresh_from_db()
    assert (review.status, review.office_comment) == (ReviewStatus.RETURNED, "Bổ sung số liệu thu ngân sách.")
    assert version.number == 1
    assert version.snapshot["results"] == "Hoàn thành 12/12 chỉ tiêu kinh tế - xã hội."
    assert [s["self"] for s in version.snapshot["scores"]] == ["55.00", "35.00"]


def test_review_resubmit_after_return_is_version_two(cycle, unit_head, office):
    review = _submitted(cycle, unit_head)
    services.review_return(actor=office, review=review, comment="Sửa phần hạn chế.")
    review.refresh_from_db()

    services.review_save_draft(actor=unit_head, review=review, content={"limitations": "Đã sửa"}, scores={})
    review.refresh_from_db()
    assert review.status == ReviewStatus.RETURNED
    review = services.review_submit(actor=unit_head, review=review)

    assert (review.status, review.version, review.limitations) == (ReviewStatus.SUBMITTED, 2, "Đã sửa")
    assert ReviewVersion.objects.get(review=review).snapshot["limitations"] == full_content()["limitations"]


def test_review_return_refusals(cycle, unit_head, office):
    with pytest.raises(InvalidTransition, match="đang chờ xử lý"):
        services.review_return(actor=office, review=cycle.review, comment="Chưa nộp")
    review = _submitted(cycle, unit_head)
    with pytest.raises(DomainError, match="lý do trả lại"):
        services.review_return(actor=office, review=review, comment="  ")
    with pytest.raises(NotAllowed):
        services.review_return(actor=unit_head, review=review, comment="Tự trả lại")


def test_review_accept_with_office_scores(cycle, unit_head, office):
    review = _submitted(cycle, unit_head)

    services.review_accept(
        actor=office,
        review=review,
        office_scores={cycle.criteria[0].pk: Decimal("50"), cycle.criteria[1].pk: Decimal("30")},
        comment="Đạt",
    )

    review.refresh_from_db()
    assert (review.status, review.decided_by, review.office_comment) == (ReviewStatus.ACCEPTED, office, "Đạt")
    assert list(review.scores.order_by("criterion__order").values_list("self_score", "office_score")) == [
        (Decimal("55.00"), Decimal("50.00")),
        (Decimal("35.00"), Decimal("30.00")),
    ]
    with pytest.raises(InvalidTransition):
        services.review_return(actor=office, review=review, comment="Muộn rồi")


def test_review_accept_refusals(cycle, unit_head, office):
    review = _submitted(cycle, unit_head)
    with pytest.raises(DomainError, match="mọi tiêu chí"):
        services.review_accept(actor=office, review=review, office_scores={cycle.criteria[0].pk: Decimal(50)})
    with pytest.raises(DomainError, match="phải từ 0 đến 40"):
        services.review_accept(
            actor=office,
            review=review,
            office_scores={cycle.criteria[0].pk: Decimal(50), cycle.criteria[1].pk: Decimal(45)},
        )
    with pytest.raises(InvalidTransition, match="đang chờ xử lý"):
        services.review_accept(actor=office, review=cycle.other_review, office_scores=full_scores(cycle))
    assert Review.objects.get(pk=review.pk).status == ReviewStatus.SUBMITTED


# --- Evidence --------------------------------------------------------------------------


def test_evidence_add_stores_a_pdf_under_a_random_name(cycle, unit_head):
    evidence = services.evidence_add(actor=unit_head, review=cycle.review, uploaded=pdf())

    assert (evidence.original_name, evidence.kind, evidence.size, evidence.version) == (
        "bien-ban.pdf",
        "pdf",
        len(PDF),
        1,
    )
    assert evidence.file.name.startswith("evidence/")
    assert "bien-ban" not in evidence.file.name
    assert evidence.file.read() == PDF


def test_evidence_disguised_by_its_extension_is_refused(cycle, unit_head):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")

    with pytest.raises(DomainError) as excinfo:
        services.evidence_add(actor=unit_head, review=cycle.review, uploaded=fake)

    assert excinfo.value.message == "Nội dung tệp “bao-cao.pdf” không phải là PDF (tệp có thể đã bị đổi đuôi)."
    assert cycle.review.evidence.count() == 0


def test_evidence_of_a_refused_type_is_refused(cycle, unit_head):
    with pytest.raises(DomainError, match="không đúng loại"):
        services.evidence_add(
            actor=unit_head, review=cycle.review, uploaded=SimpleUploadedFile("virus.exe", b"MZ\x90\x00")
        )


def test_evidence_over_10_mb_is_refused(cycle, unit_head):
    big = pdf("lon.pdf", PDF + b"0" * (10 * 1024 * 1024))

    with pytest.raises(DomainError, match="lớn hơn 10 MB"):
        services.evidence_add(actor=unit_head, review=cycle.review, uploaded=big)


def test_evidence_remove_only_since_the_last_submission(cycle, unit_head, office):
    kept = services.evidence_add(actor=unit_head, review=cycle.review, uploaded=pdf("dot-1.pdf"))
    review = _submitted(cycle, unit_head)
    services.review_return(actor=office, review=review, comment="Thêm biên bản")
    review.refresh_from_db()
    added = services.evidence_add(actor=unit_head, review=review, uploaded=pdf("dot-2.pdf"))

    with pytest.raises(InvalidTransition, match="thuộc bản đã nộp"):
        services.evidence_remove(actor=unit_head, evidence=kept)
    services.evidence_remove(actor=unit_head, evidence=added)

    assert list(review.evidence.values_list("original_name", flat=True)) == ["dot-1.pdf"]
    assert ReviewVersion.objects.get(review=review).snapshot["evidence"] == [{"id": kept.pk, "name": "dot-1.pdf"}]


def test_evidence_remove_deletes_the_stored_file_on_commit(cycle, unit_head, django_capture_on_commit_callbacks):
    evidence = services.evidence_add(actor=unit_head, review=cycle.review, uploaded=pdf())
    storage, name = evidence.file.storage, evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.evidence_remove(actor=unit_head, evidence=evidence)

    assert cycle.review.evidence.count() == 0
    assert storage.exists(name) is False
    assert AuditEvent.objects.get(action="evidence.remove").data == {"name": "bien-ban.pdf"}


def test_evidence_remove_rolled_back_keeps_the_stored_file(cycle, unit_head, django_capture_on_commit_callbacks):
    evidence = services.evidence_add(actor=unit_head, review=cycle.review, uploaded=pdf())
    storage, name = evidence.file.storage, evidence.file.name

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.evidence_remove(actor=unit_head, evidence=evidence)
        raise RuntimeError("the rest of the request failed")

    assert callbacks == []
    assert cycle.review.evidence.count() == 1
    assert storage.exists(name) is True
