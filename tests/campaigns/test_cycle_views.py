"""Every page of the emulation cycle: the permission matrix, the flows through the pages, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns import services
from campaigns.enums import ReviewStatus
from campaigns.models import BlockTerm, Registration, Review, Stage
from tests.campaigns.conftest import at, full_content, full_scores
from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "unit_head", "stranger", "office", "council_member", "admin"]
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world(cycle, office, unit_head, district):
    """The cycle with xa-a's review submitted with one PDF, a stage, and a block of xa-a and xa-c."""
    stage = Stage.objects.create(name="Giai đoạn 2020-2025", start_year=2020, end_year=2025, owner=district.district)
    cycle.movement.stage = stage
    cycle.movement.save()
    evidence = services.evidence_add(
        actor=unit_head, review=cycle.review, uploaded=SimpleUploadedFile("minh-chung.pdf", PDF)
    )
    services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))
    cycle.review.refresh_from_db()
    third = OrgUnitFactory(code="xa-c", name="Xã C", parent=district.district)
    block = EmulationBlockFactory(code="cum-thu", owner=district.district)
    block.members.set([district.commune, third])
    BlockTerm.objects.create(block=block, year=2025, leader=district.commune, deputy=third)
    services.block_criteria_set(
        actor=office, block=block, year=2025, rows=[{"name": "Kết quả", "max_points": Decimal(100)}]
    )
    registration = Registration.objects.get(movement=cycle.movement, unit=district.commune)
    return {
        "cycle": cycle,
        "stage": stage,
        "evidence": evidence,
        "block": block,
        "third": third,
        "registration": registration,
    }


def _urls(world):
    cycle = world["cycle"]
    m, p, r = cycle.movement.pk, cycle.period.pk, cycle.review.pk
    return {
        "home": reverse("home"),
        "movement_list": reverse("campaigns:movement_list"),
        "movement_create": reverse("campaigns:movement_create"),
        "movement_detail": reverse("campaigns:movement_detail", args=[m]),
        "movement_edit": reverse("campaigns:movement_edit", args=[m]),
        "movement_participants": reverse("campaigns:movement_participants", args=[m]),
        "registration_status": reverse("campaigns:registration_status", args=[m]),
        "period_create": reverse("campaigns:period_create", args=[m]),
        "stage_list": reverse("campaigns:stage_list"),
        "stage_detail": reverse("campaigns:stage_detail", args=[world["stage"].pk]),
        "registration_edit": reverse("campaigns:registration_edit", args=[world["registration"].pk]),
        "period_list": reverse("campaigns:period_list"),
        "period_detail": reverse("campaigns:period_detail", args=[p]),
        "period_edit": reverse("campaigns:period_edit", args=[p]),
        "period_export": reverse("campaigns:period_export", args=[p]),
        "review_list": reverse("campaigns:review_list"),
        "review_detail": reverse("campaigns:review_detail", args=[r]),
        "evidence_download": reverse("campaigns:evidence_download", args=[world["evidence"].pk]),
        "block_list": reverse("campaigns:block_list"),
        "block_year": reverse("campaigns:block_year", args=["cum-thu", 2025]),
    }


# Expected status per actor, in the order of ACTORS.
GET_MATRIX = {
    "home": (302, 200, 200, 200, 200, 200),
    "movement_list": (302, 200, 200, 200, 200, 200),
    "movement_create": (302, 403, 403, 200, 403, 200),
    "movement_detail": (302, 200, 200, 200, 200, 200),  # xa-b takes part too
    "movement_edit": (302, 403, 403, 200, 403, 200),
    "movement_participants": (302, 403, 403, 200, 403, 200),
    "registration_status": (302, 403, 403, 200, 403, 200),
    "period_create": (302, 403, 403, 200, 403, 200),
    "stage_list": (302, 200, 200, 200, 200, 200),
    "stage_detail": (302, 200, 200, 200, 200, 200),
    "registration_edit": (302, 200, 404, 403, 404, 200),  # a superuser may do anything
    "period_list": (302, 403, 403, 200, 403, 200),
    "period_detail": (302, 403, 403, 200, 403, 200),
    "period_edit": (302, 403, 403, 200, 403, 200),
    "period_export": (302, 403, 403, 200, 403, 200),
    "review_list": (302, 200, 200, 200, 200, 200),
    "review_detail": (302, 200, 404, 200, 404, 200),  # council members read accepted reviews only
    "evidence_download": (302, 200, 404, 200, 404, 200),
    "block_list": (302, 200, 200, 200, 200, 200),
    "block_year": (302, 200, 404, 200, 200, 200),
}


@pytest.mark.parametrize("page", sorted(GET_MATRIX))
def test_get_permission_matrix(world, client_for, page):
    url = _urls(world)[page]

    got = tuple(client_for(actor).get(url).status_code for actor in ACTORS)

    assert got == GET_MATRIX[page]


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(_urls(world)["review_detail"])

    assert response["Location"].startswith(reverse("login"))


def test_review_edit_matrix_on_an_editable_review(world, client_for):
    url = reverse("campaigns:review_edit", args=[world["cycle"].other_review.pk])  # xa-b's, not started

    got = {actor: client_for(actor).get(url).status_code for actor in ACTORS}

    assert got == {
        "anonymous": 302,
        "unit_head": 404,  # xa-a's head: another unit's review
        "stranger": 200,  # xa-b's own head
        "office": 403,
        "council_member": 404,
        "admin": 200,  # a superuser may do anything
    }


def test_council_member_reads_an_accepted_review(world, office, client_for):
    cycle = world["cycle"]
    services.review_accept(actor=office, review=cycle.review, office_scores=full_scores(cycle))

    assert client_for("council_member").get(_urls(world)["review_detail"]).status_code == 200
    assert client_for("council_member").get(_urls(world)["evidence_download"]).status_code == 200


def _post_matrix(world, make_url, data_for=lambda actor: {}, files=False):
    """POST once per actor on a fresh state is not needed: refusals do not change state; run the allowed last."""
    results = {}
    order = ["anonymous", "unit_head", "stranger", "council_member", "office", "admin"]
    for actor in order:
        results[actor] = make_url(world, actor)
    return results


POST_MATRIX = {
    # name: (url builder, data, expected per actor)
    "movement_close": (
        lambda w: reverse("campaigns:movement_close", args=[w["cycle"].movement.pk]),
        {},
        {"anonymous": 302, "unit_head": 403, "stranger": 403, "council_member": 403, "office": 302, "admin": 302},
    ),
    "registration_reopen": (
        lambda w: reverse("campaigns:registration_reopen", args=[w["registration"].pk]),
        {"reason": "Sửa"},
        {"anonymous": 302, "unit_head": 403, "stranger": 404, "council_member": 404, "office": 302, "admin": 302},
    ),
    "period_open": (
        lambda w: reverse("campaigns:period_open", args=[w["cycle"].period.pk]),
        {},
        {"anonymous": 302, "unit_head": 403, "stranger": 403, "council_member": 403, "office": 302, "admin": 302},
    ),
    "period_close": (
        lambda w: reverse("campaigns:period_close", args=[w["cycle"].period.pk]),
        {},
        {"anonymous": 302, "unit_head": 403, "stranger": 403, "council_member": 403, "office": 302, "admin": 302},
    ),
    "review_return": (
        lambda w: reverse("campaigns:review_return", args=[w["cycle"].review.pk]),
        {"return-comment": "Sửa lại"},
        {"anonymous": 302, "unit_head": 403, "stranger": 404, "council_member": 404, "office": 302, "admin": 302},
    ),
    "review_accept": (
        lambda w: reverse("campaigns:review_accept", args=[w["cycle"].review.pk]),
        {},
        {"anonymous": 302, "unit_head": 403, "stranger": 404, "council_member": 404, "office": 302, "admin": 302},
    ),
    "review_extend": (
        lambda w: reverse("campaigns:review_extend", args=[w["cycle"].review.pk]),
        {"new_deadline": "2025-07-05T17:00", "reason": "Thiên tai"},
        {"anonymous": 302, "unit_head": 403, "stranger": 404, "council_member": 404, "office": 302, "admin": 302},
    ),
    "evidence_upload": (
        lambda w: reverse("campaigns:evidence_upload", args=[w["cycle"].review.pk]),
        {},
        {"anonymous": 302, "unit_head": 302, "stranger": 404, "council_member": 404, "office": 403, "admin": 302},
    ),
    "evidence_delete": (
        lambda w: reverse("campaigns:evidence_delete", args=[w["evidence"].pk]),
        {},
        {"anonymous": 302, "unit_head": 302, "stranger": 404, "council_member": 404, "office": 403, "admin": 302},
    ),
    "block_criteria": (
        lambda w: reverse("campaigns:block_criteria", args=["cum-thu", 2025]),
        {},
        {"anonymous": 302, "unit_head": 403, "stranger": 404, "council_member": 403, "office": 302, "admin": 302},
    ),
    "block_score": (
        lambda w: reverse("campaigns:block_score", args=["cum-thu", 2025]),
        {},
        {"anonymous": 302, "unit_head": 302, "stranger": 404, "council_member": 403, "office": 403, "admin": 403},
    ),
    "block_vote": (
        lambda w: reverse("campaigns:block_vote", args=["cum-thu", 2025]),
        {},
        {"anonymous": 302, "unit_head": 403, "stranger": 404, "council_member": 403, "office": 302, "admin": 302},
    ),
}


@pytest.mark.parametrize("action", sorted(POST_MATRIX))
def test_post_permission_matrix(world, client_for, action):
    make_url, data, expected = POST_MATRIX[action]
    url = make_url(world)

    got = {actor: client_for(actor).post(url, data).status_code for actor in expected}

    assert got == expected


@pytest.mark.parametrize("action", ["movement_close", "period_open", "review_return", "evidence_delete"])
def test_state_changes_are_post_only(world, client_for, action):
    make_url, _data, _expected = POST_MATRIX[action]

    assert client_for("office").get(make_url(world)).status_code == 405


# --- Flows through the pages -------------------------------------------------------------


def test_unit_head_saves_a_draft_then_submits_through_the_form(cycle, client_for):
    client = client_for("stranger")  # xa-b's head fills xa-b's review
    url = reverse("campaigns:review_edit", args=[cycle.other_review.pk])
    c1, c2 = cycle.criteria
    data = {
        f"score_{c1.pk}": "50",
        f"score_{c2.pk}": "30.5",
        "results": "Đạt 10/12 chỉ tiêu",
        "limitations": "",
        "lessons": "",
        "direction": "",
    }

    draft = client.post(url, {**data, "save": "1"})
    submitted = client.post(url, {**data, "submit": "1"})

    review = Review.objects.get(pk=cycle.other_review.pk)
    assert draft.status_code == 302 and draft["Location"] == url
    assert submitted.status_code == 302 and submitted["Location"] == review.get_absolute_url()
    assert (review.status, review.version) == (ReviewStatus.SUBMITTED, 1)
    assert sorted(review.scores.values_list("self_score", flat=True)) == [Decimal("30.50"), Decimal("50.00")]
    assert client.get(url).status_code == 302  # read-only now: sent to the detail


def test_review_form_refuses_a_score_above_the_maximum_and_keeps_the_text(cycle, client_for):
    client = client_for("stranger")
    url = reverse("campaigns:review_edit", args=[cycle.other_review.pk])
    c1, _c2 = cycle.criteria

    response = client.post(url, {f"score_{c1.pk}": "61", "results": "Văn bản đang soạn", "save": "1"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Điểm tối đa của tiêu chí này là 60." in body
    assert "Văn bản đang soạn" in body
    assert Review.objects.get(pk=cycle.other_review.pk).status == ReviewStatus.NOT_STARTED


def test_evidence_upload_disguised_file_shows_the_reason(cycle, client_for):
    client = client_for("stranger")
    fake = SimpleUploadedFile("bang-diem.xlsx", b"just text, not a workbook")

    response = client.post(
        reverse("campaigns:evidence_upload", args=[cycle.other_review.pk]), {"file": fake}, follow=True
    )

    assert "Nội dung tệp “bang-diem.xlsx” không phải là XLSX" in response.content.decode()
    assert cycle.other_review.evidence.count() == 0


def test_evidence_download_streams_the_file(world, client_for):
    response = client_for("unit_head").get(_urls(world)["evidence_download"])

    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="minh-chung.pdf"' in response["Content-Disposition"]


def test_evidence_download_of_a_file_missing_on_disk_is_404(world, client_for):
    evidence = world["evidence"]
    evidence.file.storage.delete(evidence.file.name)

    assert client_for("unit_head").get(_urls(world)["evidence_download"]).status_code == 404


def test_office_returns_then_accepts_through_the_pages(world, client_for):
    cycle = world["cycle"]
    office = client_for("office")
    c1, c2 = cycle.criteria

    office.post(reverse("campaigns:review_return", args=[cycle.review.pk]), {"return-comment": "Bổ sung minh chứng"})
    head_page = client_for("unit_head").get(reverse("campaigns:review_edit", args=[cycle.review.pk]))
    client_for("unit_head").post(
        reverse("campaigns:review_edit", args=[cycle.review.pk]),
        {f"score_{c1.pk}": "55", f"score_{c2.pk}": "35", "results": "Đã bổ sung", "submit": "1"},
    )
    office.post(
        reverse("campaigns:review_accept", args=[cycle.review.pk]),
        {f"accept-office_{c1.pk}": "50", f"accept-office_{c2.pk}": "30"},
    )

    assert "Bổ sung minh chứng" in head_page.content.decode()
    review = Review.objects.get(pk=cycle.review.pk)
    assert (review.status, review.version) == (ReviewStatus.ACCEPTED, 2)
    detail = office.get(review.get_absolute_url()).content.decode()
    assert "Lần nộp 1" in detail


def test_period_form_refuses_weights_not_totalling_100(cycle, client_for):
    response = client_for("office").post(
        reverse("campaigns:period_create", args=[cycle.movement.pk]),
        {
            "name": "Tổng kết năm",
            "kind": "tong_ket",
            "opens_at": "2025-11-01T08:00",
            "deadline": "2025-12-15T17:00",
            "late_policy": "refuse",
            "criteria-TOTAL_FORMS": "2",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-group": "A",
            "criteria-0-name": "Tiêu chí 1",
            "criteria-0-max_points": "50",
            "criteria-0-weight": "50",
            "criteria-1-group": "A",
            "criteria-1-name": "Tiêu chí 2",
            "criteria-1-max_points": "50",
            "criteria-1-weight": "40",
        },
    )

    assert response.status_code == 200
    assert "Tổng trọng số các tiêu chí phải bằng 100 (hiện là 90)." in response.content.decode()
    assert cycle.movement.periods.count() == 1


PERIOD_POST = {
    "name": "Tổng kết năm",
    "kind": "tong_ket",
    "opens_at": "2025-11-01T08:00",
    "deadline": "2025-12-15T17:00",
    "late_policy": "refuse",
    "criteria-TOTAL_FORMS": "1",
    "criteria-INITIAL_FORMS": "0",
    "criteria-0-name": "Kết quả",
    "criteria-0-max_points": "100",
    "criteria-0-weight": "100",
}


def test_a_posted_row_count_above_the_ceiling_is_refused_in_vietnamese(cycle, client_for):
    # Django would build (and show again) up to 2,000 empty rows for "99999".
    response = client_for("office").post(
        reverse("campaigns:period_create", args=[cycle.movement.pk]), {**PERIOD_POST, "criteria-TOTAL_FORMS": "99999"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Mỗi lần lưu được tối đa 200 dòng." in page
    assert page.count('name="criteria-') < 5 * 200 + 10
    assert cycle.movement.periods.count() == 1

    created = client_for("office").post(
        reverse("campaigns:movement_create"),
        {"title": "Phong trào", "kind": "thematic", "targets-TOTAL_FORMS": "101", "targets-INITIAL_FORMS": "0"},
    )
    assert "Mỗi lần lưu được tối đa 100 dòng." in created.content.decode()


def test_the_office_sets_a_periods_reminder_days_on_the_page(cycle, client_for):
    client = client_for("office")
    form = client.get(reverse("campaigns:period_create", args=[cycle.movement.pk])).content.decode()
    client.post(
        reverse("campaigns:period_create", args=[cycle.movement.pk]),
        {**PERIOD_POST, "reminder_offsets": "10, 5,1 , -2, 5"},
    )

    assert 'value="7, 3, 1, -1"' in form  # the default, as the office reads it
    assert cycle.movement.periods.get(name="Tổng kết năm").reminder_offsets == [10, 5, 1, -2]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("7, ba", "“ba” không phải số ngày: nhập các số nguyên cách nhau bằng dấu phẩy."),
        ("400", "Số ngày nhắc phải từ -60 đến 365."),
    ],
)
def test_reminder_days_that_are_not_days_are_refused_in_vietnamese(cycle, client_for, typed, message):
    response = client_for("office").post(
        reverse("campaigns:period_create", args=[cycle.movement.pk]), {**PERIOD_POST, "reminder_offsets": typed}
    )

    assert message in response.content.decode()
    assert cycle.movement.periods.count() == 1


def test_office_creates_and_launches_a_movement_through_the_pages(district, client_for, office):
    client = client_for("office")
    created = client.post(
        reverse("campaigns:movement_create"),
        {
            "title": "Xây dựng nông thôn mới",
            "kind": "thematic",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-name": "Số tiêu chí NTM đạt",
            "targets-0-measure": "tiêu chí",
        },
    )
    movement = district.district.owned_movements.get()
    launched = client.post(
        reverse("campaigns:movement_participants", args=[movement.pk]), {"kinds": ["commune"], "confirm": "1"}
    )

    movement.refresh_from_db()
    assert created.status_code == 302
    assert launched.status_code == 302
    assert movement.status == "launched"
    assert set(movement.participants.values_list("code", flat=True)) == {"xa-a", "xa-b"}


def test_the_attached_launch_plan_can_be_downloaded_by_whoever_sees_the_movement(district, client_for):
    """Bug: the movement page said "Đã đính kèm" and nobody could download the plan."""
    client = client_for("office")
    client.post(
        reverse("campaigns:movement_create"),
        {
            "title": "Xây dựng nông thôn mới",
            "kind": "thematic",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "launch_plan": SimpleUploadedFile("ke-hoach.pdf", PDF),
            "targets-TOTAL_FORMS": "0",
            "targets-INITIAL_FORMS": "0",
        },
    )
    movement = district.district.owned_movements.get()
    client.post(reverse("campaigns:movement_participants", args=[movement.pk]), {"kinds": ["commune"], "confirm": "1"})
    url = reverse("campaigns:movement_plan", args=[movement.pk])

    page = client_for("unit_head").get(movement.get_absolute_url()).content.decode()
    download = client_for("unit_head").get(url)

    assert f'href="{url}"' in page
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("office").get(reverse("campaigns:movement_plan", args=[movement.pk + 1])).status_code == 404


def test_the_office_creates_a_stage_and_closes_it_once_its_movements_are_over(district, client_for, office, frozen):
    from accounts.models import AuditEvent

    client = client_for("office")
    refused = client.post(reverse("campaigns:stage_create"), {"name": "GĐ", "start_year": "2030", "end_year": "2026"})
    client.post(
        reverse("campaigns:stage_create"), {"name": "Giai đoạn 2026–2030", "start_year": "2026", "end_year": "2030"}
    )
    stage = Stage.objects.get(owner=district.district)
    movement = services.movement_create(
        actor=office,
        owner=district.district,
        data={
            "title": "Thi đua 2026",
            "kind": "regular",
            "stage": stage,
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2026, 12, 31),
        },
    )
    services.movement_launch(actor=office, movement=movement, units=[district.commune])

    while_running = client.post(reverse("campaigns:stage_close", args=[stage.pk]), follow=True)
    stage.refresh_from_db()
    assert "Còn 1 phong trào của giai đoạn chưa kết thúc" in while_running.content.decode()
    assert stage.closed_at is None

    services.movement_close(actor=office, movement=movement)
    head_tries = client_for("unit_head").post(reverse("campaigns:stage_close", args=[stage.pk]))
    client.post(reverse("campaigns:stage_close", args=[stage.pk]))
    stage.refresh_from_db()
    new_movement_form = client.get(reverse("campaigns:movement_create")).content.decode()

    assert "Năm kết thúc phải sau năm bắt đầu." in refused.content.decode()
    assert head_tries.status_code == 403
    assert (stage.closed_by, stage.is_closed) == (office, True)
    assert AuditEvent.objects.filter(action="stage.close", object_id=str(stage.pk), actor=office).exists()
    assert "Giai đoạn 2026–2030" not in new_movement_form


def test_registration_form_through_the_page(cycle, client_for, district, frozen):
    frozen.move_to(at(15, 3))
    registration = Registration.objects.get(movement=cycle.movement, unit=district.commune)
    target = cycle.movement.targets.first()

    client_for("unit_head").post(
        reverse("campaigns:registration_edit", args=[registration.pk]),
        {"collective_title": "TTLDTT", "ldtt_count": "20", "cstdcs_count": "2", f"target_{target.pk}": "95"},
    )

    registration.refresh_from_db()
    assert (registration.status, registration.targets) == ("registered", {str(target.pk): "95"})


def test_registered_collective_title_is_shown_by_name(cycle, client_for, district, frozen):
    """Bug: the head's page and the office's status page said "Danh hiệu tập thể: TTLDXS"."""
    frozen.move_to(at(15, 3))
    registration = Registration.objects.get(movement=cycle.movement, unit=district.commune)
    client_for("unit_head").post(
        reverse("campaigns:registration_edit", args=[registration.pk]),
        {"collective_title": "TTLDXS", "ldtt_count": "20", "cstdcs_count": "2"},
    )

    head = client_for("unit_head").get(reverse("campaigns:registration_edit", args=[registration.pk]))
    office = client_for("office").get(reverse("campaigns:registration_status", args=[cycle.movement.pk]))

    for page in (head, office):
        assert "Tập thể lao động xuất sắc" in page.content.decode()
        assert "TTLDXS<" not in page.content.decode()


def test_period_dashboard_counts_filters_and_export(world, client_for, district, frozen):
    cycle = world["cycle"]
    frozen.move_to(at(1, 7))  # after the deadline: xa-b has not submitted
    client = client_for("office")
    url = _urls(world)["period_detail"]

    page = client.get(url)
    late = client.get(url, {"status": "late"})
    by_block = client.get(url, {"block": world["block"].pk})
    export = client.get(_urls(world)["period_export"])

    counts = page.context["counts"]
    assert (counts["total"], counts["submitted"], counts["late"], counts["progress"]) == (2, 1, 1, 50)
    assert [r.unit.code for r in late.context["page"]] == ["xa-b"]
    assert [r.unit.code for r in by_block.context["page"]] == ["xa-a"]
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [(r[1], r[4]) for r in rows] == [("Xã A", "Đã nộp"), ("Xã B", "Quá hạn chưa nộp")]
    assert cycle.period.pk


def test_home_lists_what_is_due_with_days_left(cycle, client_for, frozen):
    frozen.move_to(at(28))

    body = client_for("unit_head").get(reverse("home")).content.decode()

    assert "Nộp báo cáo Sơ kết 6 tháng đầu năm 2025 – Xã A" in body
    assert '<span class="days-soon">Còn 2 ngày</span>' in body


def test_home_shows_late_in_red(cycle, client_for, frozen):
    frozen.move_to(at(2, 7))

    body = client_for("unit_head").get(reverse("home")).content.decode()

    assert "Quá hạn 2 ngày" in body
    assert 'class="days-late"' in body


def test_home_office_section_lists_open_periods(world, client_for):
    body = client_for("office").get(reverse("home")).content.decode()

    assert "Kỳ báo cáo đang mở" in body
    assert "1/2 đơn vị đã nộp; 1 báo cáo chờ xem xét" in body


# --- Query counts ------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow(world, office, district, n=20):
    """Add ``n`` units to the movement (and so to the open period), blocks and reviews."""
    units = [OrgUnitFactory(code=f"xa-them-{i}", name=f"Xã Thêm {i}", parent=district.district) for i in range(n)]
    services.movement_add_participants(actor=office, movement=world["cycle"].movement, units=units)
    world["block"].members.add(*units)
    for i in range(n):
        movement = services.movement_create(
            actor=office,
            owner=district.district,
            data={
                "title": f"Phong trào {i}",
                "kind": "regular",
                "starts_on": datetime.date(2025, 1, 1),
                "ends_on": datetime.date(2025, 12, 31),
                "stage": world["stage"],
            },
        )
        services.movement_launch(actor=office, movement=movement, units=[district.commune])
        EmulationBlockFactory(code=f"cum-them-{i}", owner=district.district).members.add(district.commune)
        Stage.objects.create(name=f"Giai đoạn {i}", start_year=2000 + i, end_year=2005 + i, owner=district.district)


LIST_PAGES = [
    ("office", "movement_list"),
    ("unit_head", "movement_list"),
    ("office", "period_list"),
    ("office", "period_detail"),
    ("office", "registration_status"),
    ("office", "review_list"),
    ("unit_head", "review_list"),
    ("office", "stage_list"),
    ("office", "stage_detail"),
    ("unit_head", "block_list"),
    ("office", "block_year"),
    ("office", "home"),
    ("unit_head", "home"),
]


@pytest.mark.parametrize(("actor", "page"), LIST_PAGES)
def test_list_queries_do_not_grow(world, client_for, office, district, actor, page):
    client = client_for(actor)
    url = _urls(world)[page]
    client.get(url)  # warm up the session and caches
    few = _count(client, url)

    _grow(world, office, district)

    assert _count(client, url) == few


def test_the_office_accepts_several_reviews_at_once_with_the_units_scores(world, client_for, unit_head):
    cycle = world["cycle"]
    url = reverse("campaigns:period_accept_many", args=[cycle.period.pk])
    dashboard = client_for("office").get(reverse("campaigns:period_detail", args=[cycle.period.pk])).content.decode()

    refused = client_for("unit_head").post(url, {"reviews": [cycle.review.pk]})
    cycle.review.refresh_from_db()
    assert cycle.review.status == ReviewStatus.SUBMITTED
    done = client_for("office").post(url, {"reviews": [cycle.review.pk, cycle.other_review.pk, "x"]}, follow=True)

    review = Review.objects.get(pk=cycle.review.pk)
    other = Review.objects.get(pk=cycle.other_review.pk)
    assert 'data-testid="accept-many"' in dashboard
    assert refused.status_code in (403, 404)
    assert "Đã tiếp nhận 1 báo cáo, điểm thẩm định bằng điểm đơn vị tự chấm." in done.content.decode()
    assert review.status == ReviewStatus.ACCEPTED and review.decided_by is not None
    assert all(s.office_score == s.self_score for s in review.scores.all())
    assert other.status != ReviewStatus.ACCEPTED  # not submitted: left alone
