"""Submission pages: a head builds and submits a list, the office screens and returns lines; a head
never reaches another unit's submission (URL guessing included); the lines page's query count does
not grow with the list; the import of the real-world lists with its review."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from awards import list_matching, submissions
from awards.models import Household, Nomination, Person, Rating, Submission
from organisation.enums import UnitKind
from tests.awards.factories import PersonFactory, award, rate
from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db
REAL = next(
    path
    for path in (Path(__file__).resolve().parents[2].parent / "shared/real-world", Path("/work/shared/real-world"))
    if path.exists()
)
LETTER = {
    "title": "Tờ trình khen thưởng 2024",
    "letter_number": "15/TTr-UBND",
    "letter_date": datetime.date(2024, 12, 2),
    "letter_signer": "Nguyễn Văn Chủ",
    "letter_summary": "Đề nghị công nhận danh hiệu",
}


@pytest.fixture
def submission(unit_head, district):
    return submissions.submission_create(actor=unit_head, unit=district.commune, year=2024, data=LETTER)


@pytest.fixture
def person(district):
    p = PersonFactory(code="cb-a1", full_name="Phạm Thị Mai", unit=district.commune)
    rate(p, 2024, "HTXSNV")
    return p


def test_head_creates_a_submission_and_adds_a_line(client_for, district, person):
    client = client_for("unit_head")
    response = client.post(
        reverse("awards:submission_create"),
        {"unit": district.commune.pk, "year": 2024, **{k: str(v) for k, v in LETTER.items()}},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get()
    response = client.post(
        reverse("awards:submission_add_line", args=[submission.pk]),
        {"subject": f"p:{person.pk}", "award": "LDTT", "kind": "cong_trang"},
    )
    assert response.status_code == 302
    line = Nomination.objects.get()
    assert line.submission == submission
    page = client.get(reverse("awards:submission_detail", args=[submission.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Phạm Thị Mai" in text and "Lao động tiên tiến" in text and "Công trạng" in text and "Không cần" in text

    client.post(reverse("awards:submission_submit", args=[submission.pk]))
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_household_line_from_the_chooser(client_for, submission, district):
    home = Household.objects.create(code="hgd-a1", head_name="Lê Văn Hải", unit=district.village)
    client = client_for("unit_head")

    client.post(
        reverse("awards:submission_add_line", args=[submission.pk]),
        {"subject": f"h:{home.pk}", "award": "GDVH", "kind": "cong_trang"},
    )

    assert Nomination.objects.get().household == home
    assert "Hộ Lê Văn Hải" in client.get(reverse("awards:submission_detail", args=[submission.pk])).content.decode()


@pytest.mark.parametrize(
    "name,args",
    [
        ("submission_detail", ()),
        ("submission_edit", ()),
        ("submission_import", ()),
        ("submission_import_review", ()),
    ],
)
def test_stranger_never_sees_another_units_submission(client_for, submission, name, args):
    response = client_for("stranger").get(reverse(f"awards:{name}", args=[submission.pk, *args]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "submission_add_line",
        "submission_add_registered",
        "submission_add_rated",
        "submission_remove_lines",
        "submission_submit",
        "submission_screen",
        "submission_return",
    ],
)
def test_stranger_cannot_post_to_another_units_submission(client_for, submission, person, unit_head, name):
    line = submissions.submission_add_line(actor=unit_head, submission=submission, award=award("LDTT"), person=person)

    response = client_for("stranger").post(reverse(f"awards:{name}", args=[submission.pk]), {"lines": [line.pk]})

    assert response.status_code == 404
    assert Nomination.objects.get().status == "draft"


def test_stranger_does_not_see_the_line_either(client_for, submission, person, unit_head):
    line = submissions.submission_add_line(actor=unit_head, submission=submission, award=award("LDTT"), person=person)

    assert client_for("stranger").get(reverse("awards:nomination_detail", args=[line.pk])).status_code == 404
    listing = client_for("stranger").get(reverse("awards:submission_list")).content.decode()
    assert "Tờ trình khen thưởng 2024" not in listing
    assert "Tờ trình khen thưởng 2024" in client_for("office").get(reverse("awards:submission_list")).content.decode()


def test_office_returns_one_line_and_screens_the_rest(client_for, submission, district, unit_head):
    people = [PersonFactory(code=f"v-{i}", unit=district.commune) for i in range(3)]
    for p in people:
        rate(p, 2024, "HTTNV")
    lines = [
        submissions.submission_add_line(actor=unit_head, submission=submission, award=award("LDTT"), person=p)
        for p in people
    ]
    submissions.submission_submit(actor=unit_head, submission=submission)
    office = client_for("office")

    office.post(
        reverse("awards:submission_return", args=[submission.pk]), {"lines": [lines[0].pk], "reason": "Sai tên"}
    )
    office.post(reverse("awards:submission_screen", args=[submission.pk]), {})

    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {lines[0].pk: "returned", lines[1].pk: "screened", lines[2].pk: "screened"}
    submission.refresh_from_db()
    assert submission.status == "returned"
    page = client_for("unit_head").get(reverse("awards:submission_detail", args=[submission.pk])).content.decode()
    assert "Sai tên" in page


def test_head_cannot_screen(client_for, submission, person, unit_head):
    submissions.submission_add_line(actor=unit_head, submission=submission, award=award("LDTT"), person=person)
    submissions.submission_submit(actor=unit_head, submission=submission)

    response = client_for("unit_head").post(reverse("awards:submission_screen", args=[submission.pk]), {})

    assert response.status_code == 403
    assert Nomination.objects.get().status == "submitted"


def _fill(unit_head, submission, district, start, n):
    people = [
        Person(code=f"n-{i:04d}", full_name=f"Người {i:04d}", unit=district.commune, gender="nữ")
        for i in range(start, start + n)
    ]
    Person.objects.bulk_create(people)
    made = Person.objects.filter(code__in=[p.code for p in people]).select_related("unit")
    Rating.objects.bulk_create([Rating(person=p, year=2024, rating="HTTNV") for p in made])
    specs = [submissions.LineSpec(award=award("LDTT"), person=p) for p in made]
    submissions.submission_add_lines(actor=unit_head, submission=submission, specs=specs)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("sort", ["", "award", "-status", "eligible", "kind"])
def test_lines_page_query_count_is_constant_for_500_lines(client_for, submission, district, unit_head, sort):
    client = client_for("unit_head")
    url = reverse("awards:submission_detail", args=[submission.pk]) + (f"?sort={sort}" if sort else "")
    _fill(unit_head, submission, district, 0, 5)
    few = _queries(client, url)
    _fill(unit_head, submission, district, 5, 495)

    many = _queries(client, url)

    assert many == few
    page = client.get(url + ("&" if sort else "?") + "page=10").content.decode()
    assert "451–500" in page.replace("&ndash;", "–")


def test_submitting_500_lines_through_the_page(client_for, submission, district, unit_head):
    _fill(unit_head, submission, district, 0, 500)
    with CaptureQueriesContext(connection) as ctx:
        client_for("unit_head").post(reverse("awards:submission_submit", args=[submission.pk]))
    assert Nomination.objects.filter(status="submitted").count() == 500
    assert len(ctx.captured_queries) < 80


# The real-world lists ---------------------------------------------------------------------------
@pytest.fixture
def province(db):
    """The bodies and people the two real lists name, two of them twice (to be chosen between)."""
    root = OrgUnitFactory(code="tinh-qb", name="Tỉnh Quảng Bình", kind=UnitKind.PROVINCE)
    made = {"root": root}
    for code, name in [
        ("ubnd-tinh", "UBND tỉnh Quảng Bình"),
        ("dong-hoi", "UBND thành phố Đồng Hới"),
        ("so-yte", "Sở Y tế"),
        ("so-tp", "Sở Tư pháp"),
        ("bdbp", "Bộ đội Biên phòng tỉnh Quảng Bình"),
        ("tinh-doan", "Tỉnh đoàn"),
        ("ca-tinh", "Công an tỉnh Quảng Bình"),
        ("dai-ptth", "Đài Phát thanh truyền hình tỉnh Quảng Bình"),
        ("quang-ninh", "UBND huyện Quảng Ninh"),
        ("so-khac", "Sở Nội vụ"),
    ]:
        made[code] = OrgUnitFactory(code=code, name=name, parent=root)
    made["pbgdpl"] = OrgUnitFactory(code="pbgdpl", name="Phòng Phổ biến, giáo dục pháp luật", parent=made["so-tp"])
    # A second "UBND thành phố Đồng Hới" (an old unit kept under another parent): ambiguous.
    made["dong-hoi-2"] = OrgUnitFactory(code="dong-hoi-cu", name="UBND Thành phố Đồng Hới", parent=made["so-khac"])
    PersonFactory(code="tmh", full_name="Trần Mạnh Hải", unit=made["so-yte"], position="Giám đốc")
    PersonFactory(code="tmh-2", full_name="Trần Mạnh Hải", unit=made["so-khac"])  # same name, another place
    PersonFactory(code="tqs", full_name="Trương Quang Sáng", unit=made["so-tp"])
    PersonFactory(code="lvt", full_name="Lê Văn Tiến", unit=made["bdbp"], birth_date=datetime.date(1970, 1, 2))
    PersonFactory(code="lvt-2", full_name="Lê văn tiến", unit=made["bdbp"], birth_date=datetime.date(1975, 5, 6))
    PersonFactory(code="ddb", full_name="Đặng Đại Bàng", unit=made["tinh-doan"])
    village = OrgUnitFactory(code="thon-qb", name="Thôn Quảng Bình", kind=UnitKind.VILLAGE, parent=made["dong-hoi"])
    Household.objects.create(code="hgd-lvh", head_name="Lê Văn Hải", unit=village)
    return made


def test_first_real_list_every_row_accounted_for(province):
    sheet = list_matching.read_list(REAL / "nomination-list-filled.xlsx")
    matches = list_matching.match_rows(
        sheet.rows, scope=province["root"], default_award=award("BK_TINH"), codes=sheet.codes
    )

    got = {m.row.name: (m.status, m.reason) for m in matches}
    assert len(matches) == len(sheet.rows) == 4
    assert got["UBND Tỉnh Quảng Bình"][0] == "matched"
    assert got["UBND Thành phố Đồng Hới"][0] == "ambiguous"
    assert got["Trần Mạnh Hải"][0] == "matched"  # the one at Sở Y tế
    assert got["Gia đình ông Lê Văn Hải"] == (
        "not_found",
        "“Bằng khen của Chủ tịch UBND tỉnh” không dành cho hộ gia đình",
    )
    ambiguous = next(m for m in matches if m.status == "ambiguous")
    assert {label.split(" – ")[1] for _key, label in ambiguous.candidates} == {"Tỉnh Quảng Bình", "Sở Nội vụ"}


def test_first_real_list_without_a_default_award_says_why(province):
    sheet = list_matching.read_list(REAL / "nomination-list-filled.xlsx")
    matches = list_matching.match_rows(sheet.rows, scope=province["root"], codes=sheet.codes)

    assert {m.status for m in matches} == {"not_found"}
    assert all("không ghi danh hiệu" in m.reason for m in matches)


def test_second_real_list_every_row_accounted_for(province):
    sheet = list_matching.read_list(REAL / "nomination-list-filled-2.xlsx")
    matches = list_matching.match_rows(
        sheet.rows, scope=province["root"], default_award=award("BK_TINH"), codes=sheet.codes
    )

    got = {m.row.name: m for m in matches}
    assert len(matches) == 9
    for name in (
        "Phòng Phổ biến, giáo dục pháp luật Sở Tư pháp",
        "Sở Tài nguyên và Môi trường tỉnh Quảng Bình",
        "Ông Nguyễn Văn Tỉnh",
    ):
        assert got[name].status == "not_found" and got[name].reason, name
    for name in ("Công an tỉnh Quảng Bình", "Đài Phát thanh truyền hình tỉnh Quảng Bình", "UBND huyện Quảng Ninh"):
        assert got[name].status == "matched", name
    assert got["Ông Trương Quang Sáng"].status == "matched"  # honorific dropped, workplace matched
    assert got["Ông Đặng Đại Bàng"].status == "matched"
    assert got["Đại tá Lê Văn Tiến"].status == "ambiguous"  # two of that name: choose
    assert {m.award_name for m in matches if m.status != "not_found"} == {"Bằng khen của Chủ tịch UBND tỉnh"}
    assert "không có tập thể tên" in got["Sở Tài nguyên và Môi trường tỉnh Quảng Bình"].reason


def test_generic_award_without_default_is_explained(province):
    sheet = list_matching.read_list(REAL / "nomination-list-filled-2.xlsx")
    matches = list_matching.match_rows(sheet.rows, scope=province["root"], codes=sheet.codes)

    reasons = {m.reason for m in matches if m.row.name == "Công an tỉnh Quảng Bình"}
    assert any("“Bằng khen” có thể là" in r for r in reasons)


def test_import_review_resolves_ambiguous_rows_before_saving(client, province):
    from organisation.enums import Role
    from tests.factories import MembershipFactory, UserFactory

    head = UserFactory(username="truong.tinh")
    MembershipFactory(user=head, unit=province["root"], role=Role.UNIT_HEAD)
    client.force_login(head)
    submission = submissions.submission_create(actor=head, unit=province["root"], year=2024, data=LETTER)
    data = (REAL / "nomination-list-filled-2.xlsx").read_bytes()
    upload = SimpleUploadedFile(
        "danh-sach.xlsx", data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )

    response = client.post(
        reverse("awards:submission_import", args=[submission.pk]), {"file": upload, "default_award": "BK_TINH"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    review = reverse("awards:submission_import_review", args=[submission.pk])
    page = client.get(review).content.decode()
    assert "Khớp: 5 · Trùng tên, cần chọn: 1 · Không tìm thấy: 3" in page
    assert not Nomination.objects.exists()  # nothing saved before confirmation

    client.post(review, {})  # the ambiguous row not chosen: refused, nothing saved
    assert not Nomination.objects.exists()

    tien = Person.objects.get(code="lvt")
    response = client.post(review, {"row-10": f"p:{tien.pk}"})
    assert response.status_code == 302
    lines = Nomination.objects.filter(submission=submission)
    assert lines.count() == 6
    assert lines.filter(person=tien).exists()
    event = AuditEvent.objects.get(action="submission.import")
    assert event.data["resolved"] == {"10": f"p:{tien.pk}"} and event.data["added"] == 6


def test_a_lines_report_is_written_on_its_own_page_without_letter_or_minutes(client_for, submission, person, unit_head):
    line = submissions.submission_add_line(
        actor=unit_head, submission=submission, award=award("BK_TINH"), person=person
    )
    client = client_for("unit_head")
    url = reverse("awards:nomination_edit", args=[line.pk])

    page = client.get(url).content.decode()
    assert "Dòng này thuộc một tờ trình" in page and 'name="letter_number"' not in page
    assert 'name="minutes_date"' not in page
    client.post(url, {"report_situation": "Sơ lược", "report_achievements": "Xuất sắc"})

    line.refresh_from_db()
    assert submissions.report_present(line)
    detail = client.get(reverse("awards:submission_detail", args=[submission.pk])).content.decode()
    assert "Đã có" in detail


def test_screening_is_not_blocked_by_the_empty_return_reason(client_for, submission, person, unit_head):
    """Screening and returning share the lines' form: the return reason is required, so the screen
    button skips the browser's check (else the office could not screen without typing a reason)."""
    submissions.submission_add_line(actor=unit_head, submission=submission, award=award("LDTT"), person=person)
    submissions.submission_submit(actor=unit_head, submission=submission)

    page = client_for("office").get(reverse("awards:submission_detail", args=[submission.pk])).content.decode()

    assert 'name="reason"' in page and "required" in page.split('name="reason"')[1].split(">")[0]
    screen = next(tag for tag in page.split("<button") if 'data-testid="screen-lines"' in tag)
    assert "formnovalidate" in screen.split(">")[0]
