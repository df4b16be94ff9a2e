"""The office's forms as a person fills them: rows added on the page, nothing typed lost."""

from playwright.sync_api import expect

from campaigns.enums import MovementStatus, ReviewStatus
from campaigns.models import Movement, Review, ReviewPeriod


def test_a_new_period_gets_a_third_criterion_without_saving_first(page, login, demo_data):
    """Bug: a new period's rubric had two rows; a third was only possible after saving and editing."""
    movement = Movement.objects.filter(status=MovementStatus.LAUNCHED, owner__code="song-lo").latest("pk")
    login("vanphong")
    page.goto(movement.get_absolute_url())
    page.get_by_role("link", name="Thêm kỳ báo cáo").click()

    page.get_by_label("Tên kỳ báo cáo").fill("Sơ kết quý thử nghiệm")
    page.locator("#id_kind").select_option(index=1)
    page.locator("#id_opens_at").fill("2026-12-01T08:00")
    page.locator("#id_deadline").fill("2026-12-20T17:00")
    page.get_by_role("button", name="Thêm tiêu chí").click()
    rows = [("Kết quả nhiệm vụ", "50", "50"), ("Đổi mới, sáng tạo", "30", "30"), ("Công tác thi đua", "20", "20")]
    for index, (name, points, weight) in enumerate(rows):
        page.locator(f"[name=criteria-{index}-name]").fill(name)
        page.locator(f"[name=criteria-{index}-max_points]").fill(points)
        page.locator(f"[name=criteria-{index}-weight]").fill(weight)
    page.get_by_role("button", name="Lưu", exact=True).click()

    expect(page.get_by_role("heading", name="Sơ kết quý thử nghiệm")).to_be_visible()
    period = ReviewPeriod.objects.get(movement=movement, name="Sơ kết quý thử nghiệm")
    assert [c.name for c in period.criteria.order_by("order")] == [r[0] for r in rows]


def test_returning_a_review_without_a_reason_shows_the_warning_not_the_dialog(page, login, demo_data):
    """Bug: with an empty comment, the dialog stayed open and the "required" warning hid behind it."""
    review = Review.objects.filter(status=ReviewStatus.SUBMITTED).order_by("pk").first()
    login("vanphong")
    page.goto(f"/reviews/{review.pk}/")
    comment = page.get_by_label("Lý do trả lại, nội dung cần sửa")

    page.get_by_role("button", name="Trả lại", exact=True).click()

    expect(page.get_by_test_id("return-review-confirm")).not_to_be_visible()
    assert comment.evaluate("field => field.validationMessage") != ""
    comment.fill("Bổ sung số liệu.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_test_id("return-review-confirm")).to_be_visible()


def test_dates_are_typed_dd_mm_yyyy_on_an_english_browser(browser, live_server, login, demo_data):
    """A browser in English shows its own mm/dd/yyyy in date inputs: Songlo's are dd/mm/yyyy, 24 h."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    movement = Movement.objects.filter(status=MovementStatus.LAUNCHED, owner__code="song-lo").latest("pk")
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill("vanphong")
    page.get_by_label("Mật khẩu").fill("songlo2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")
    page.goto(f"/movements/{movement.pk}/periods/new/")

    opens = page.locator("#id_opens_at")
    opens.press_sequentially("011220260830")

    assert opens.get_attribute("type") == "text"
    assert opens.get_attribute("placeholder") == "dd/mm/yyyy hh:mm"
    expect(opens).to_have_value("01/12/2026 08:30")
    context.close()
