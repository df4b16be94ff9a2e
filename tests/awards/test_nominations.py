"""Nomination services: required parts, duplicates, quotas, deadline, screening, return keeps versions."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from awards import services
from awards.enums import NominationStatus
from awards.forms import DossierForm
from awards.models import Nomination
from awards.reasons import render_stored
from campaigns.models import Movement
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.awards.factories import NominationFactory, PersonFactory, award, give, initiative, rate

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n%minh chung\n"

DOSSIER = {
    "letter_number": "12/TTr-UBND",
    "letter_date": datetime.date(2024, 12, 1),
    "letter_signer": "Nguyễn Văn A",
    "letter_summary": "Đề nghị tặng danh hiệu",
    "report_situation": "Sơ lược lý lịch",
    "report_achievements": "Hoàn thành xuất sắc nhiệm vụ",
    "minutes_date": datetime.date(2024, 11, 28),
    "minutes_members": 9,
    "minutes_attendees": 9,
    "minutes_votes_for": 9,
}


@pytest.fixture
def person(district):
    p = PersonFactory(code="cb-a1", full_name="Phạm Thị Mai", unit=district.commune)
    rate(p, 2024, "HTXSNV")
    return p


def start(actor, person, code="LDTT", movement=None):
    return services.nomination_create(
        actor=actor, unit=person.unit, award=award(code), year=2024, person=person, movement=movement
    )


def ready(actor, person, code="LDTT", movement=None):
    nomination = start(actor, person, code, movement)
    return services.nomination_update(actor=actor, nomination=nomination, data=DOSSIER)


def pdf(name="bb.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_create_records_eligibility_and_audit(unit_head, person):
    nomination = start(unit_head, person)

    assert nomination.status == NominationStatus.DRAFT
    assert nomination.eligible is True
    assert "cần xếp loại HTTNV trở lên năm 2024: HTXSNV" in [render_stored(r) for r in nomination.eligibility_reasons]
    assert AuditEvent.objects.filter(action="nomination.create", object_id=str(nomination.pk)).count() == 1


def test_create_refuses_a_duplicate(unit_head, person):
    start(unit_head, person)

    with pytest.raises(DomainError, match="Đã có hồ sơ đề nghị “Lao động tiên tiến” năm 2024"):
        start(unit_head, person)
    assert Nomination.objects.count() == 1


def test_duplicate_is_also_refused_by_the_database(unit_head, person):
    NominationFactory(person=person)

    with pytest.raises(IntegrityError), transaction.atomic():
        NominationFactory(person=person)


def test_create_refuses_another_units_person(stranger, person):
    with pytest.raises(NotAllowed):
        services.nomination_create(
            actor=stranger, unit=stranger.memberships.get().unit, award=award("LDTT"), year=2024, person=person
        )


def test_create_refuses_the_wrong_subject_kind(unit_head, district):
    with pytest.raises(DomainError, match="không dành cho tập thể"):
        services.nomination_create(
            actor=unit_head, unit=district.commune, award=award("CSTDCS"), year=2024, subject_unit=district.commune
        )


def test_submit_refuses_missing_parts(unit_head, person):
    nomination = start(unit_head, person)

    with pytest.raises(DomainError) as caught:
        services.nomination_submit(actor=unit_head, nomination=nomination)

    assert caught.value.message == (
        "Hồ sơ còn thiếu: Tờ trình: cần số, ngày và nội dung đề nghị; "
        "Báo cáo thành tích: cần phần sơ lược lý lịch/đặc điểm tình hình và thành tích đạt được; "
        "Biên bản họp bình xét: cần ngày họp, tổng số thành viên và số phiếu đồng ý."
    )
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DRAFT


def test_submit_cstdcs_needs_ballot_and_proof_files(unit_head, person):
    nomination = ready(unit_head, person, "CSTDCS")

    with pytest.raises(DomainError, match="Kết quả bỏ phiếu kín: cần tệp biên bản kiểm phiếu; Minh chứng sáng kiến"):
        services.nomination_submit(actor=unit_head, nomination=nomination)

    services.nomination_add_file(actor=unit_head, nomination=nomination, uploaded=pdf(), part="ballot")
    services.nomination_add_file(actor=unit_head, nomination=nomination, uploaded=pdf("sk.pdf"), part="initiative")
    assert services.nomination_submit(actor=unit_head, nomination=nomination).status == NominationStatus.SUBMITTED


def test_submit_complete_dossier(unit_head, person):
    nomination = ready(unit_head, person)

    services.nomination_submit(actor=unit_head, nomination=nomination)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.version, nomination.submitted_by) == ("submitted", 1, unit_head)


def test_submit_twice_is_refused_and_submitted_content_is_frozen(unit_head, person):
    nomination = ready(unit_head, person)
    services.nomination_submit(actor=unit_head, nomination=nomination)

    with pytest.raises(InvalidTransition):
        services.nomination_submit(actor=unit_head, nomination=nomination)
    with pytest.raises(InvalidTransition):
        services.nomination_update(actor=unit_head, nomination=nomination, data={"letter_summary": "khác"})
    with pytest.raises(InvalidTransition):
        services.nomination_add_file(actor=unit_head, nomination=nomination, uploaded=pdf(), part="other")


def test_submit_refuses_a_subject_already_awarded(unit_head, person):
    nomination = ready(unit_head, person)
    give(person, "LDTT", 2024)

    with pytest.raises(DomainError, match="đã được tặng “Lao động tiên tiến” năm 2024"):
        services.nomination_submit(actor=unit_head, nomination=nomination)


def test_add_file_renamed_file_is_refused_with_a_domain_error(unit_head, person):
    nomination = start(unit_head, person)

    with pytest.raises(DomainError) as caught:
        services.nomination_add_file(
            actor=unit_head, nomination=nomination, uploaded=SimpleUploadedFile("x.pdf", b"MZ fake"), part="other"
        )

    assert caught.value.message == "Nội dung tệp “x.pdf” không phải là PDF (tệp có thể đã bị đổi đuôi)."
    assert nomination.files.count() == 0


def test_add_file_stores_it_under_a_random_name(unit_head, person):
    nomination = start(unit_head, person)

    item = services.nomination_add_file(
        actor=unit_head, nomination=nomination, uploaded=pdf("bien-ban-hop.pdf"), part="minutes"
    )

    assert (item.original_name, item.kind, item.size, item.version, item.part, item.uploaded_by) == (
        "bien-ban-hop.pdf",
        "pdf",
        len(PDF),
        1,
        "minutes",
        unit_head,
    )
    assert item.file.name.startswith("dossiers/")
    assert "bien-ban" not in item.file.name
    assert item.file.read() == PDF


def test_remove_file_deletes_the_stored_file_on_commit(unit_head, person, django_capture_on_commit_callbacks):
    nomination = start(unit_head, person)
    item = services.nomination_add_file(actor=unit_head, nomination=nomination, uploaded=pdf(), part="other")
    storage, name = item.file.storage, item.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_remove_file(actor=unit_head, nomination=nomination, file_id=item.pk)

    assert nomination.files.count() == 0
    assert storage.exists(name) is False
    assert AuditEvent.objects.filter(action="nomination.remove_file").count() == 1


def test_remove_file_rolled_back_keeps_the_stored_file(unit_head, person, django_capture_on_commit_callbacks):
    nomination = start(unit_head, person)
    item = services.nomination_add_file(actor=unit_head, nomination=nomination, uploaded=pdf(), part="other")
    storage, name = item.file.storage, item.file.name

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.nomination_remove_file(actor=unit_head, nomination=nomination, file_id=item.pk)
        raise RuntimeError("the rest of the request failed")

    assert callbacks == []
    assert nomination.files.count() == 1
    assert storage.exists(name) is True


def test_remove_file_of_a_submitted_version_keeps_it(unit_head, office, person, django_capture_on_commit_callbacks):
    nomination = ready(unit_head, person)
    item = services.nomination_add_file(actor=unit_head, nomination=nomination, uploaded=pdf(), part="other")
    services.nomination_submit(actor=unit_head, nomination=nomination)
    services.nomination_return(actor=office, nomination=nomination, reason="Thiếu chữ ký")
    nomination.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_remove_file(actor=unit_head, nomination=nomination, file_id=item.pk)

    assert list(nomination.files.values_list("pk", flat=True)) == [item.pk]
    assert item.file.storage.exists(item.file.name) is True
    assert AuditEvent.objects.filter(action="nomination.remove_file").count() == 0


@pytest.fixture
def movement(district):
    return Movement.objects.create(
        title="Phong trào chung sức xây dựng nông thôn mới",
        kind="thematic",
        owner=district.district,
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 12, 31),
        quota_individuals=2,
        quota_collectives=1,
        dossier_deadline=datetime.datetime(2024, 12, 10, 17, 0, tzinfo=TZ),
        status="launched",
    )


@time_machine.travel(datetime.datetime(2024, 12, 5, 9, 0, tzinfo=TZ))
def test_movement_quota_of_individuals_is_enforced(unit_head, district, movement):
    people = [PersonFactory(code=f"q-{i}", unit=district.commune) for i in range(3)]
    for p in people:
        rate(p, 2024, "HTTNV")
    for p in people[:2]:
        services.nomination_submit(actor=unit_head, nomination=ready(unit_head, p, movement=movement))
    third = ready(unit_head, people[2], movement=movement)

    with pytest.raises(DomainError, match="Đơn vị đã đề nghị đủ 2 cá nhân"):
        services.nomination_submit(actor=unit_head, nomination=third)


@time_machine.travel(datetime.datetime(2024, 12, 5, 9, 0, tzinfo=TZ))
def test_movement_quota_of_collectives_is_enforced(unit_head, district, movement):
    first = services.nomination_create(
        actor=unit_head,
        unit=district.commune,
        award=award("TTLDTT"),
        year=2024,
        subject_unit=district.commune,
        movement=movement,
    )
    services.nomination_update(actor=unit_head, nomination=first, data=DOSSIER)
    services.nomination_submit(actor=unit_head, nomination=first)
    second = services.nomination_create(
        actor=unit_head,
        unit=district.commune,
        award=award("GIAY_KHEN"),
        year=2024,
        subject_unit=district.village,
        movement=movement,
    )
    services.nomination_update(actor=unit_head, nomination=second, data=DOSSIER)

    with pytest.raises(DomainError, match="Đơn vị đã đề nghị đủ 1 tập thể"):
        services.nomination_submit(actor=unit_head, nomination=second)


def test_movement_dossier_deadline_is_enforced(unit_head, person, movement):
    nomination = ready(unit_head, person, movement=movement)

    with (
        time_machine.travel(datetime.datetime(2024, 12, 10, 17, 1, tzinfo=TZ)),
        pytest.raises(DomainError, match=r"Đã quá hạn nộp hồ sơ .* \(17:00 10/12/2024\)"),
    ):
        services.nomination_submit(actor=unit_head, nomination=nomination)


def test_screen_eligible_nomination(unit_head, office, person):
    nomination = ready(unit_head, person)
    services.nomination_submit(actor=unit_head, nomination=nomination)

    services.nomination_screen(actor=office, nomination=nomination)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.screened_by, nomination.override_reason) == ("screened", office, "")


def test_screen_ineligible_needs_a_written_override(unit_head, office, district):
    weak = PersonFactory(code="cb-weak", unit=district.commune)
    rate(weak, 2024, "HTNV")
    nomination = ready(unit_head, weak)
    services.nomination_submit(actor=unit_head, nomination=nomination)

    with pytest.raises(DomainError, match="ghi rõ lý do"):
        services.nomination_screen(actor=office, nomination=nomination)
    services.nomination_screen(actor=office, nomination=nomination, override_reason="Có thành tích đột xuất cứu người")

    nomination.refresh_from_db()
    assert nomination.status == "screened"
    assert nomination.eligible is False
    assert (nomination.override_reason, nomination.overridden_by) == ("Có thành tích đột xuất cứu người", office)


def test_return_keeps_the_old_version_and_resubmit(unit_head, office, person):
    nomination = ready(unit_head, person)
    services.nomination_submit(actor=unit_head, nomination=nomination)

    services.nomination_return(actor=office, nomination=nomination, reason="Thiếu chữ ký trên tờ trình")
    services.nomination_update(actor=unit_head, nomination=nomination, data={"letter_summary": "Bản đã sửa"})
    services.nomination_submit(actor=unit_head, nomination=nomination)

    nomination.refresh_from_db()
    old = nomination.versions.get()
    assert (old.number, old.comment, old.snapshot["letter_summary"]) == (
        1,
        "Thiếu chữ ký trên tờ trình",
        "Đề nghị tặng danh hiệu",
    )
    assert (nomination.status, nomination.version, nomination.letter_summary) == ("submitted", 2, "Bản đã sửa")
    assert list(
        AuditEvent.objects.filter(object_id=str(nomination.pk)).order_by("pk").values_list("action", flat=True)
    ) == [
        "nomination.create",
        "nomination.update",
        "nomination.submit",
        "nomination.return",
        "nomination.update",
        "nomination.submit",
    ]


def test_return_needs_a_reason(unit_head, office, person):
    nomination = ready(unit_head, person)
    services.nomination_submit(actor=unit_head, nomination=nomination)

    with pytest.raises(DomainError, match="lý do trả lại"):
        services.nomination_return(actor=office, nomination=nomination, reason="  ")


def test_screen_a_draft_is_an_invalid_transition(office, unit_head, person):
    nomination = start(unit_head, person)

    with pytest.raises(InvalidTransition):
        services.nomination_screen(actor=office, nomination=nomination)


# Rule 9: the initiatives a nomination relies on --------------------------------------------
def test_update_records_the_initiatives_relied_on(unit_head, person):
    own = initiative(person, 2024, code="SK-MAI")
    nomination = start(unit_head, person, "GIAY_KHEN")

    services.nomination_update(actor=unit_head, nomination=nomination, data={**DOSSIER, "initiatives": [own]})

    assert list(nomination.initiatives.values_list("code", flat=True)) == ["SK-MAI"]


def test_update_refuses_someone_elses_initiative(unit_head, person):
    other = initiative(PersonFactory(code="cb-khac", unit=person.unit), 2024, code="SK-KHAC")
    nomination = start(unit_head, person, "GIAY_KHEN")

    with pytest.raises(DomainError, match="tác giả"):
        services.nomination_update(actor=unit_head, nomination=nomination, data={"initiatives": [other]})

    assert nomination.initiatives.count() == 0


def test_dossier_form_offers_only_the_persons_initiatives(unit_head, person):
    initiative(person, 2024, code="SK-MAI")
    initiative(PersonFactory(code="cb-khac", unit=person.unit), 2024, code="SK-KHAC")
    nomination = start(unit_head, person, "GIAY_KHEN")

    form = DossierForm(instance=nomination)

    assert [i.code for i in form.fields["initiatives"].queryset] == ["SK-MAI"]
