"""A new user's afternoon (issue 15, point 12): each role's year driven through the real pages, on a
1366 px desktop and a 390 px phone.

- A unit head registers the unit for a movement, submits a review, corrects a returned one and
  nominates a person from the eligibility list.
- The office launches a movement, opens a period, returns a review, accepts others in bulk and
  screens nominations in bulk.
- A council member votes on every item of the session at once.

Each test works on records of its own (a movement, periods, nominations, a session made for it,
in units no other browser test uses), so the tests pass alone and in any order. At 390 px every
page visited must fit the screen (no sideways scrolling of the page). With
``SONGLO_README_SCREENSHOTS=1`` the 1366 px runs (and the phone nomination list) also refresh
the README's screenshots in docs/screenshots/.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from awards.eligibility import evaluate
from awards.enums import NominationStatus
from awards.models import Nomination, Person
from campaigns import services as campaign_services
from campaigns.enums import MovementKind, MovementStatus, PeriodKind, PeriodStatus, RegistrationStatus, ReviewStatus
from campaigns.models import Movement, Registration, Review, ReviewPeriod
from council import services as council_services
from council.models import BallotReceipt
from organisation.enums import Role
from organisation.models import Membership, OrgUnit
from tests.awards.factories import NominationFactory, award
from tests.council.helpers import BEFORE, box_counts
from tests.e2e.conftest import screenshot

WIDTHS = [1366, 390]
HEIGHT = {1366: 900, 390: 844}
README_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Units no other browser test works in, one per width.
HEAD_UNIT = {1366: "nhan-dao", 390: "nhu-thuy"}
# The first unit of each sends two LĐTT dossiers of 2024: people the demo has not nominated yet.
OFFICE_UNITS = {1366: ["dong-que", "bach-luu", "cao-phong"], 390: ["don-nhan", "hai-luu", "lang-cong"]}
COUNCIL_UNIT = {1366: "nhao-son", 390: "yen-thach"}
MEMBER = {1366: "hoidong5", 390: "hoidong6"}
# Names as an office would write them (the README's screenshots show them), one set per width.
HEAD_MOVEMENT = {1366: "Phong trào thi đua “Chuyển đổi số”", 390: "Phong trào thi đua “Bình dân học vụ số”"}
OFFICE_MOVEMENT = {1366: "Phong trào thi đua “Dân vận khéo”", 390: "Phong trào thi đua “Xanh - sạch - đẹp”"}
SESSION = {1366: "Phiên họp xét khen thưởng đợt bổ sung", 390: "Phiên họp xét khen thưởng chuyên đề"}


class Visit:
    """The pages a person went through; at 390 px each must fit the screen."""

    def __init__(self, page, width: int):
        self.page, self.width, self.pages = page, width, []
        page.set_viewport_size({"width": width, "height": HEIGHT[width]})

    @property
    def phone(self) -> bool:
        return self.width < 992

    def check(self) -> None:
        self.page.wait_for_load_state()
        self.pages.append(self.page.url)
        if self.phone:
            scroll = self.page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= self.width, f"{self.page.url} is {scroll} px wide on a {self.width} px phone"

    def nav(self, name: str) -> None:
        """Follow a link of the left navigation (behind the menu button on a phone)."""
        if self.phone:
            self.page.get_by_role("button", name="Mở menu").click()
        self.page.locator("#sidebar").get_by_role("link", name=name, exact=True).click()
        self.check()

    def click(self, locator) -> None:
        locator.click()
        self.check()

    def confirm(self, testid: str = "confirm-dialog-ok") -> None:
        """Agree in the confirmation dialog, then wait for the page the action leads to."""
        button = self.page.get_by_test_id(testid)
        expect(button).to_be_visible()
        button.click()
        self.check()

    def shot(self, name: str, readme: bool = True) -> None:
        path = screenshot(self.page, f"afternoon-{name}-{self.width}")
        if readme and os.environ.get("SONGLO_README_SCREENSHOTS"):
            self.page.screenshot(path=str(path))  # what the reader sees first: the viewport
            shutil.copyfile(path, README_SHOTS / f"{name}.png")


def _login(page, login, username: str, visit: Visit) -> None:
    page.context.clear_cookies()
    login(username)
    visit.check()


def _users(*names):
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return [found[n] for n in names]


def _at_five(days: int) -> datetime.datetime:
    """17:00 (local) ``days`` from today: the deadlines an office sets."""
    return timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)


def _launched_movement(office, units, title: str) -> Movement:
    """A movement the office launched for ``units`` earlier (the office's own test does it by hand)."""
    today = timezone.localdate()
    movement = campaign_services.movement_create(
        actor=office,
        owner=OrgUnit.objects.get(code="song-lo"),
        data={
            "title": title,
            "kind": MovementKind.THEMATIC,
            "starts_on": today - datetime.timedelta(days=30),
            "ends_on": today + datetime.timedelta(days=300),
            "registration_deadline": _at_five(14),
        },
        targets=[("Thủ tục hành chính trực tuyến toàn trình", "%")],
    )
    campaign_services.movement_launch(actor=office, movement=movement, units=units)
    return movement


def _open_period(office, movement, name: str) -> ReviewPeriod:
    period = campaign_services.period_create(
        actor=office,
        movement=movement,
        data={
            "name": name,
            "kind": PeriodKind.MIDTERM,
            "opens_at": _at_five(-1),
            "deadline": _at_five(10),
        },
    )
    campaign_services.period_set_criteria(
        actor=office,
        period=period,
        rows=[
            {"name": "Kết quả thực hiện nhiệm vụ chính trị", "max_points": 60, "weight": 60},
            {"name": "Đổi mới, sáng tạo trong chỉ đạo", "max_points": 40, "weight": 40},
        ],
    )
    campaign_services.period_open(actor=office, period=period)
    return period


def _submit(head, review: Review, results: str) -> None:
    scores = {c.pk: c.max_points - 5 for c in review.period.criteria.all()}
    campaign_services.review_submit(actor=head, review=review, content={"results": results}, scores=scores)


# --- A unit head's year ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_unit_heads_year(page, login, demo_data, width):
    unit = OrgUnit.objects.get(code=HEAD_UNIT[width])
    head = Membership.objects.heads().get(unit=unit).user
    (office,) = _users("vanphong")
    movement = _launched_movement(office, [unit], HEAD_MOVEMENT[width])
    period = _open_period(office, movement, "Sơ kết 6 tháng")
    earlier = _open_period(office, movement, "Báo cáo quý III")
    returned = Review.objects.get(period=earlier, unit=unit)
    _submit(head, returned, "Đạt 60% thủ tục trực tuyến.")
    campaign_services.review_return(actor=office, review=returned, comment="Bổ sung số hồ sơ trực tuyến đã giải quyết.")
    visit = Visit(page, width)

    # The home page lists what is due: the registration, the two reviews, the returned one's comment.
    _login(page, login, head.username, visit)
    tasks = page.get_by_test_id("head-tasks")
    expect(tasks).to_contain_text("Bổ sung số hồ sơ trực tuyến đã giải quyết.")  # the returned review's comment
    visit.shot("home-unit-head", readme=width == 1366)
    visit.click(tasks.get_by_role("link", name=re.compile(f"Đăng ký thi đua: {re.escape(movement.title)}")))
    page.get_by_label("Danh hiệu tập thể đăng ký").select_option(index=1)
    page.get_by_label("Số cá nhân đăng ký Lao động tiên tiến").fill("18")
    page.get_by_label("Số cá nhân đăng ký Chiến sĩ thi đua cơ sở").fill("3")
    page.get_by_label(re.compile("Thủ tục hành chính trực tuyến toàn trình")).fill("85")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.get_by_role("dialog")).to_contain_text("Gửi đăng ký thi đua?")
    visit.confirm()
    registration = Registration.objects.get(movement=movement, unit=unit)
    assert (registration.status, registration.ldtt_count, registration.cstdcs_count) == (
        RegistrationStatus.REGISTERED,
        18,
        3,
    )
    assert registration.registered_by == head

    # The review of the open period: scores, the narrative, submitted after the dialog.
    visit.nav("Trang chủ")
    visit.click(page.get_by_role("link", name=re.compile(f"Nộp báo cáo {re.escape(period.name)} – ")))
    for criterion, points in zip(period.criteria.order_by("order"), ["55", "36,5"], strict=True):
        page.get_by_label(criterion.name).fill(points)
    page.get_by_label("1. Kết quả đạt được").fill("92% thủ tục hành chính được giải quyết trực tuyến.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    visit.confirm("submit-review-confirm")
    expect(page.get_by_role("alert").filter(has_text="Đã nộp báo cáo.")).to_be_visible()
    review = Review.objects.get(period=period, unit=unit)
    assert review.status == ReviewStatus.SUBMITTED
    assert sorted(review.scores.values_list("self_score", flat=True)) == [Decimal("36.5"), Decimal("55")]

    # The returned review: the comment is on the form; corrected and submitted again.
    visit.nav("Trang chủ")
    visit.click(page.get_by_role("link", name=re.compile(f"Nộp báo cáo {re.escape(earlier.name)} – ")))
    expect(page.get_by_test_id("returned-comment")).to_contain_text("Bổ sung số hồ sơ trực tuyến đã giải quyết.")
    page.get_by_label("1. Kết quả đạt được").fill("Đạt 60% thủ tục trực tuyến; 1.245 hồ sơ giải quyết trực tuyến.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    visit.confirm("submit-review-confirm")
    expect(page.get_by_role("alert").filter(has_text="Đã nộp báo cáo.")).to_be_visible()
    returned.refresh_from_db()
    assert (returned.status, returned.version) == (ReviewStatus.SUBMITTED, 2)
    assert returned.results.endswith("1.245 hồ sơ giải quyết trực tuyến.")

    # Nominate a person the eligibility list suggests.
    visit.nav("Xét điều kiện")
    page.get_by_label("Năm", exact=True).select_option("2024")
    page.get_by_label("Danh hiệu", exact=True).select_option(label="Lao động tiên tiến")
    visit.click(page.get_by_role("button", name="Xem"))
    visit.shot("eligibility", readme=width == 1366)
    first = page.locator("table tbody tr").filter(has=page.get_by_role("link", name="Lập hồ sơ đề nghị")).first
    name = first.locator("td").first.get_by_role("link").inner_text()
    visit.click(first.get_by_role("link", name="Lập hồ sơ đề nghị"))
    expect(page.get_by_text("Đủ điều kiện theo quy định")).to_be_visible()
    page.get_by_role("button", name="Lập hồ sơ").click()
    page.wait_for_url(re.compile(r".*/awards/nominations/\d+/edit/$"))
    visit.check()
    page.get_by_label("Số tờ trình").fill(f"{width}/TTr-UBND")
    page.get_by_label("Ngày tờ trình").fill("2024-12-02")
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị tặng danh hiệu Lao động tiên tiến năm 2024.")
    page.get_by_label("Sơ lược lý lịch / đặc điểm, tình hình").fill("Công chức văn hóa - xã hội, công tác từ năm 2015.")
    page.get_by_label("Thành tích đạt được").fill("Hoàn thành tốt nhiệm vụ; chuyển đổi số đạt 92%.")
    page.get_by_label("Ngày họp bình xét").fill("2024-11-28")
    page.get_by_label("Tổng số thành viên").fill("7")
    page.get_by_label("Số phiếu đồng ý").fill("7")
    visit.click(page.get_by_role("button", name="Lưu hồ sơ"))
    expect(page.get_by_text("Đã lưu hồ sơ.")).to_be_visible()
    page.get_by_role("button", name="Nộp hồ sơ").click()
    visit.confirm()
    expect(page.get_by_text("Đã nộp hồ sơ cho cơ quan thi đua.")).to_be_visible()
    nomination = Nomination.objects.get(letter_number=f"{width}/TTr-UBND")
    assert (nomination.status, nomination.unit, nomination.person.full_name) == (
        NominationStatus.SUBMITTED,
        unit,
        name,
    )

    # The head's lists show it all.
    visit.nav("Báo cáo định kỳ")
    expect(page.locator("main")).to_contain_text(period.name)
    visit.nav("Khen thưởng")
    expect(page.locator(f'a[href="{nomination.get_absolute_url()}"]')).to_have_text(name)
    assert len(visit.pages) >= 12


# --- The office's year -----------------------------------------------------------------------------


def _eligible_people(unit: OrgUnit, count: int) -> list[Person]:
    taken = set(Nomination.objects.filter(year=2024, person__isnull=False).values_list("person_id", flat=True))
    verdicts = evaluate(
        year=2024, persons=Person.objects.filter(unit=unit), units=OrgUnit.objects.none(), awards=["LDTT"]
    )
    ids = [v.subject.pk for v in verdicts if v.eligible and v.subject.pk not in taken]
    return list(Person.objects.filter(pk__in=ids).order_by("full_name")[:count])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_offices_year(page, login, demo_data, width):
    units = [OrgUnit.objects.get(code=code) for code in OFFICE_UNITS[width]]
    heads = {u.pk: Membership.objects.heads().get(unit=u).user for u in units}
    title = OFFICE_MOVEMENT[width]
    period_name = f"Sơ kết {title.removeprefix('Phong trào thi đua ')}"
    visit = Visit(page, width)

    # Launch: the movement, then its units, then the launch confirmed.
    _login(page, login, "vanphong", visit)
    visit.shot("home-vi", readme=width == 1366)
    visit.nav("Phong trào")
    visit.click(page.get_by_role("link", name="Tạo phong trào"))
    page.get_by_label("Tên phong trào").fill(title)
    page.get_by_label("Loại phong trào").select_option(MovementKind.THEMATIC)
    page.get_by_label("Ngày bắt đầu").fill(timezone.localdate().replace(month=1, day=1).isoformat())
    page.get_by_label("Ngày kết thúc").fill(timezone.localdate().replace(month=12, day=31).isoformat())
    page.get_by_label("Hạn đăng ký thi đua").fill(
        (timezone.localtime() + datetime.timedelta(days=14)).strftime("%Y-%m-%dT17:00")
    )
    visit.click(page.get_by_role("button", name="Lưu", exact=True))
    movement = Movement.objects.get(title=title)
    assert movement.status == MovementStatus.DRAFT
    visit.click(page.get_by_role("link", name="Chọn đơn vị và phát động"))
    # Units are chosen through the search that replaces the long drop-down (songlo/choosers.py).
    search = page.get_by_role("combobox", name="Chọn từng đơn vị")
    for unit in units:
        search.fill("")
        search.press_sequentially(unit.name, delay=10)
        page.get_by_role("option", name=re.compile("^" + re.escape(unit.name))).first.click()
    page.get_by_role("button", name="Phát động", exact=True).click()
    visit.confirm("launch-movement-confirm")
    movement.refresh_from_db()
    assert movement.status == MovementStatus.LAUNCHED
    assert set(movement.participations.values_list("unit__code", flat=True)) == set(OFFICE_UNITS[width])

    # A period with its rubric, then opened.
    visit.click(page.get_by_role("link", name="Thêm kỳ báo cáo"))
    page.get_by_label("Tên kỳ báo cáo").fill(period_name)
    page.locator("#id_kind").select_option(PeriodKind.MIDTERM)
    page.locator("#id_opens_at").fill(timezone.localtime().strftime("%Y-%m-%dT07:30"))
    page.locator("#id_deadline").fill((timezone.localtime() + datetime.timedelta(days=20)).strftime("%Y-%m-%dT17:00"))
    for index, (name, points) in enumerate([("Kết quả công tác dân vận", "70"), ("Mô hình dân vận khéo", "30")]):
        page.locator(f"[name=criteria-{index}-name]").fill(name)
        page.locator(f"[name=criteria-{index}-max_points]").fill(points)
        page.locator(f"[name=criteria-{index}-weight]").fill(points)
    visit.click(page.get_by_role("button", name="Lưu", exact=True))
    expect(page.get_by_role("heading", name=period_name)).to_be_visible()
    page.get_by_role("button", name="Mở kỳ báo cáo").click()
    visit.confirm("open-period-confirm")
    period = ReviewPeriod.objects.get(movement=movement, name=period_name)
    assert period.status == PeriodStatus.OPEN
    reviews = {r.unit_id: r for r in period.reviews.all()}
    assert set(reviews) == {u.pk for u in units}

    # The units submit (each head on their own page; here, as the services they call).
    for unit in units:
        _submit(heads[unit.pk], reviews[unit.pk], f"Báo cáo của {unit.name}: 12 mô hình dân vận khéo.")
    # Two nominations sent by the first unit, for the screening below.
    people = _eligible_people(units[0], 2)
    assert len(people) == 2
    ldtt = award("LDTT")
    submitted = [
        NominationFactory(person=p, unit=units[0], award_type=ldtt, year=2024, status=NominationStatus.SUBMITTED)
        for p in people
    ]

    # Return one review with a comment, from the dashboard.
    visit.nav("Kỳ báo cáo")
    visit.click(page.get_by_role("link", name=period_name, exact=True))
    visit.click(page.get_by_test_id("status-table").get_by_role("link", name=units[0].name, exact=True))
    page.get_by_label("Lý do trả lại, nội dung cần sửa").fill("Bổ sung số liệu mô hình cấp thôn.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    visit.confirm("return-review-confirm")
    expect(page.get_by_role("alert").filter(has_text=f"Đã trả lại báo cáo của {units[0].name}")).to_be_visible()

    # Accept the two others at once, with the units' own scores.
    visit.click(page.get_by_role("link", name=period_name).first)
    for unit in units[1:]:
        page.get_by_label(f"Chọn báo cáo của {unit.name}").check()
    page.get_by_test_id("accept-many").click()
    visit.confirm()
    expect(page.get_by_role("alert").filter(has_text="Đã tiếp nhận")).to_be_visible()
    statuses = dict(period.reviews.values_list("unit__code", "status"))
    assert statuses == {
        units[0].code: ReviewStatus.RETURNED,
        units[1].code: ReviewStatus.ACCEPTED,
        units[2].code: ReviewStatus.ACCEPTED,
    }
    accepted = Review.objects.get(period=period, unit=units[1])
    assert [s.office_score for s in accepted.scores.all()] == [s.self_score for s in accepted.scores.all()]

    # Screen the submitted nominations in bulk, from the filtered list.
    visit.nav("Khen thưởng")
    page.get_by_label("Trạng thái").select_option(NominationStatus.SUBMITTED)
    page.get_by_label("Đơn vị đề nghị").fill(units[0].name)
    visit.click(page.get_by_role("button", name="Lọc"))
    visit.shot("phone-nominations", readme=width == 390)
    for nomination in submitted:
        page.get_by_label(f"Chọn hồ sơ của {nomination.subject}").check()
    page.get_by_test_id("screen-many").click()
    visit.confirm()
    expect(page.get_by_role("alert").filter(has_text="Đã xác nhận 2 hồ sơ hợp lệ.")).to_be_visible()
    for nomination in submitted:
        nomination.refresh_from_db()
        assert (nomination.status, nomination.screened_by.username) == (NominationStatus.SCREENED, "vanphong")

    # And finds a person by any spelling from the top bar.
    if visit.phone:
        visit.click(page.get_by_role("link", name="Tìm kiếm"))
        page.locator("main").get_by_role("searchbox").fill("dong thinh")
        visit.click(page.locator("main").get_by_role("button", name="Tìm"))
    else:
        page.get_by_test_id("global-search").fill("dong thinh")
        page.get_by_test_id("global-search").press("Enter")
        visit.check()
    expect(page.locator("main").get_by_role("link", name="Xã Đồng Thịnh").first).to_be_visible()
    visit.shot("search", readme=width == 1366)

    # The year's main period, every unit in it: the dashboard sorted by the units' own scores.
    main = ReviewPeriod.objects.filter(status=PeriodStatus.OPEN).exclude(movement__title__in=OFFICE_MOVEMENT.values())
    main = max(main, key=lambda p: p.reviews.count())
    visit.nav("Kỳ báo cáo")
    visit.click(page.get_by_role("link", name=main.name, exact=True))
    visit.click(page.get_by_test_id("status-table").get_by_role("link", name=re.compile("^Tự chấm")))
    visit.click(page.get_by_test_id("status-table").get_by_role("link", name=re.compile("^Tự chấm")))
    expect(page.get_by_test_id("status-table").locator("th[aria-sort=descending]")).to_contain_text("Tự chấm")
    visit.shot("period-dashboard", readme=width == 1366)
    assert len(visit.pages) >= 17


# --- A council member's session --------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_a_council_member_votes_on_everything_at_once(page, login, demo_data, width):
    office, chair, member, *others = _users(
        "vanphong", "chutich", MEMBER[width], "hoidong1", "hoidong2", "hoidong3", "hoidong4"
    )
    body = Membership.objects.get(user=chair, role=Role.COUNCIL_CHAIR).unit
    unit = OrgUnit.objects.get(code=COUNCIL_UNIT[width])
    people = _eligible_people(unit, 3)
    nominations = [
        NominationFactory(
            person=person, unit=unit, award_type=award(code), year=2024, status=NominationStatus.SCREENED, eligible=True
        )
        for person, code in zip(people, ["LDTT", "LDTT", "CSTDCS"], strict=True)
    ]
    # Before every other open session: the member's council page shows this one.
    session = council_services.session_plan(
        actor=office,
        body=body,
        title=SESSION[width],
        date=BEFORE - datetime.timedelta(days=7),
        place="Phòng họp tầng 2, UBND huyện",
        nominations=nominations,
    )
    session = council_services.session_open(
        actor=chair, session=session, present_user_ids=[u.pk for u in (chair, member, *others)]
    )
    items = {i.nomination_id: i for i in session.items.all()}
    visit = Visit(page, width)
    try:
        _login(page, login, member.username, visit)
        visit.nav("Hội đồng")
        expect(page.locator("main")).to_contain_text(session.title)
        expect(page.locator("main")).to_contain_text("Còn 3 nội dung bạn chưa bỏ phiếu.")
        # Reads one dossier, comes back.
        visit.click(page.locator("main table").get_by_role("link", name=str(nominations[2].subject)))
        visit.nav("Hội đồng")
        choices = ["Đồng ý", "Đồng ý", "Không đồng ý"]
        for nomination, choice in zip(nominations, choices, strict=True):
            box = page.get_by_test_id(f"ballot-choice-{items[nomination.pk].pk}")
            box.get_by_label(choice, exact=True).check()
        visit.shot("council-member", readme=width == 1366)
        page.get_by_test_id("ballot-all-submit").click()
        expect(page.get_by_role("dialog")).to_contain_text("Mỗi lá phiếu được ghi riêng và bí mật")
        visit.confirm()
        expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận 3 lá phiếu của bạn.")).to_be_visible()
        expect(page.locator("main").get_by_text("Đã bỏ phiếu", exact=True)).to_have_count(3)

        assert BallotReceipt.objects.filter(item__session=session, member=member).count() == 3
        counts = [box_counts(items[n.pk]) for n in nominations]
        assert [(c["agree"], c["disagree"]) for c in counts] == [(1, 0), (1, 0), (0, 1)]
        visit.click(page.get_by_role("link", name=session.title))
        assert len(visit.pages) >= 5
    finally:
        # The session is closed as the chair would: another test's member finds their own session.
        council_services.session_close(actor=chair, session=session)
