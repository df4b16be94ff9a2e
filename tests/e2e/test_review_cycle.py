"""A unit head fills a review with a PDF, saves, submits; the office returns it; the head corrects
and resubmits; the office accepts."""

import re

from playwright.sync_api import expect

from campaigns.enums import PeriodStatus, ReviewStatus
from campaigns.models import Review
from organisation.models import Membership
from tests.e2e.conftest import screenshot

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _switch_user(page, login, username):
    page.context.clear_cookies()
    return login(username)


def test_review_fill_submit_return_resubmit_accept(page, login, demo_data):
    review = (
        Review.objects.filter(period__status=PeriodStatus.OPEN, status=ReviewStatus.NOT_STARTED)
        .select_related("unit", "period")
        .order_by("unit__path")
        .first()
    )
    head = Membership.objects.heads().get(unit=review.unit).user
    criteria = list(review.period.criteria.all())
    edit_url = f"/reviews/{review.pk}/edit/"

    # The head finds the task on the home page and opens it.
    login(head.username)
    page.get_by_role("link", name=re.compile(f"Nộp báo cáo .* – {review.unit.name}")).click()
    expect(page).to_have_url(re.compile(f"{edit_url}$"))
    for criterion in criteria:
        page.get_by_label(criterion.name).fill(str(int(criterion.max_points) - 2))
    page.get_by_label("1. Kết quả đạt được").fill("Hoàn thành 11/12 chỉ tiêu.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu nháp")).to_be_visible()

    page.set_input_files(
        "input[type=file]", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_role("alert").filter(has_text="Đã đính kèm “bien-ban.pdf”.")).to_be_visible()
    expect(page.get_by_label("1. Kết quả đạt được")).to_have_value("Hoàn thành 11/12 chỉ tiêu.")

    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_test_id("submit-review-confirm").click()
    expect(page.get_by_role("alert").filter(has_text="Đã nộp báo cáo.")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban.pdf")).to_be_visible()

    # The office returns it with a comment.
    _switch_user(page, login, "vanphong")
    page.goto(f"/reviews/{review.pk}/")
    page.get_by_label("Lý do trả lại, nội dung cần sửa").fill("Bổ sung số liệu thu ngân sách.")
    page.get_by_role("button", name="Trả lại", exact=True).click()
    page.get_by_test_id("return-review-confirm").click()
    expect(
        page.get_by_role("alert").filter(has_text=f"Đã trả lại báo cáo của {review.unit.name} kèm ý kiến.")
    ).to_be_visible()

    # The head sees the comment, corrects and resubmits.
    _switch_user(page, login, head.username)
    expect(page.get_by_text("Bổ sung số liệu thu ngân sách.")).to_be_visible()
    page.goto(edit_url)
    expect(page.get_by_test_id("returned-comment")).to_contain_text("Bổ sung số liệu thu ngân sách.")
    page.get_by_label("1. Kết quả đạt được").fill("Hoàn thành 11/12 chỉ tiêu; thu ngân sách đạt 104% dự toán.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_test_id("submit-review-confirm").click()
    expect(page.get_by_role("alert").filter(has_text="Đã nộp báo cáo.")).to_be_visible()

    # The office accepts with its own scores (prefilled with the unit's).
    _switch_user(page, login, "vanphong")
    page.goto(f"/reviews/{review.pk}/")
    expect(page.get_by_text("Lần nộp 1: nộp")).to_be_visible()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.get_by_test_id("accept-review-confirm").click()
    expect(page.get_by_role("alert").filter(has_text=f"Đã tiếp nhận báo cáo của {review.unit.name}.")).to_be_visible()
    screenshot(page, "review-accepted")

    review.refresh_from_db()
    assert (review.status, review.version) == (ReviewStatus.ACCEPTED, 2)
    assert review.results == "Hoàn thành 11/12 chỉ tiêu; thu ngân sách đạt 104% dự toán."
    assert list(review.evidence.values_list("original_name", flat=True)) == ["bien-ban.pdf"]
    assert review.versions.get().comment == "Bổ sung số liệu thu ngân sách."
