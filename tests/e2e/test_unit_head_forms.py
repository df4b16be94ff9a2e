"""A unit head's forms as a person fills them: nothing typed is lost."""

from playwright.sync_api import expect

from campaigns.enums import PeriodStatus, ReviewStatus
from campaigns.models import Review
from organisation.models import Membership

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_uploading_evidence_keeps_what_was_typed_and_not_saved(page, login, demo_data):
    """Bug: uploading evidence on a review form threw away the unsaved text, without warning."""
    review = (
        Review.objects.filter(period__status=PeriodStatus.OPEN, status=ReviewStatus.NOT_STARTED)
        .order_by("-unit__path")
        .first()
    )
    head = Membership.objects.heads().get(unit=review.unit).user
    login(head.username)
    page.goto(f"/reviews/{review.pk}/edit/")
    typed = "Hoàn thành 10/12 chỉ tiêu, chưa lưu."
    page.get_by_label("1. Kết quả đạt được").fill(typed)

    page.set_input_files(
        "input[type=file]", files=[{"name": "bien-ban-hop.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Tải lên").click()

    expect(page.get_by_role("alert").filter(has_text="Đã đính kèm “bien-ban-hop.pdf”.")).to_be_visible()
    expect(page.get_by_role("link", name="bien-ban-hop.pdf")).to_be_visible()
    expect(page.get_by_label("1. Kết quả đạt được")).to_have_value(typed)
