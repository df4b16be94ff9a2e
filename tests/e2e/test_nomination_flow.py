import re

from playwright.sync_api import expect

from awards.models import Nomination
from tests.e2e.conftest import screenshot


def test_unit_head_nominates_from_a_suggestion_and_the_office_screens_it(page, login, demo_data):
    login("truong.tu-yen")
    page.goto("/awards/eligibility/?year=2024&award=LDTT")
    assert page.get_by_role("heading", name="Ai đủ điều kiện khen thưởng năm 2024").is_visible()

    page.get_by_role("link", name="Lập hồ sơ đề nghị").first.click()
    page.wait_for_url("**/awards/nominations/new/**")
    expect(page.get_by_text("Đủ điều kiện theo quy định")).to_be_visible()  # live verdict (htmx)
    page.get_by_role("button", name="Lập hồ sơ").click()
    page.wait_for_url(re.compile(r".*/awards/nominations/\d+/edit/$"))

    page.get_by_label("Số tờ trình").fill("21/TTr-UBND")
    page.get_by_label("Ngày tờ trình").fill("2024-12-02")
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị tặng danh hiệu Lao động tiên tiến năm 2024.")
    page.get_by_label("Sơ lược lý lịch / đặc điểm, tình hình").fill("Công chức xã, công tác từ năm 2012.")
    page.get_by_label("Thành tích đạt được").fill("Hoàn thành xuất sắc nhiệm vụ.")
    page.get_by_label("Ngày họp bình xét").fill("2024-11-28")
    page.get_by_label("Tổng số thành viên").fill("9")
    page.get_by_label("Số phiếu đồng ý").fill("9")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    expect(page.get_by_text("Đã lưu hồ sơ.")).to_be_visible()

    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.get_by_test_id("confirm-dialog-ok").click()
    expect(page.get_by_text("Đã nộp hồ sơ cho cơ quan thi đua.")).to_be_visible()
    screenshot(page, "nomination-submitted")
    nomination = Nomination.objects.get(letter_number="21/TTr-UBND")
    assert nomination.status == "submitted"

    page.context.clear_cookies()
    login("vanphong")
    page.goto(f"/awards/nominations/{nomination.pk}/")
    page.get_by_role("button", name="Xác nhận hồ sơ hợp lệ").click()
    page.get_by_test_id("confirm-dialog-ok").click()
    expect(page.get_by_text("Đã xác nhận hồ sơ hợp lệ.")).to_be_visible()
    nomination.refresh_from_db()
    assert (nomination.status, nomination.screened_by.username) == ("screened", "vanphong")
