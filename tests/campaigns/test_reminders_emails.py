"""The reminder email triplet, rendered in Vietnamese with dates in Asia/Ho_Chi_Minh."""

import datetime

import pytest
from django.utils import translation

from campaigns.reminders import ItemView
from songlo.mail import build_email, render_email
from tests.campaigns.reminder_setup import DEADLINE


class Recipient:
    full_name = "Nguyễn Văn An"
    username = "truong.xa-a"


def item(days_left: int, unit="Xã Tam Sơn") -> ItemView:
    return ItemView(
        kind="review",
        kind_label="Báo cáo định kỳ",
        title="Sơ kết 6 tháng đầu năm 2025",
        unit_name=unit,
        # Stored in UTC: 10:00 UTC is 17:00 in Hà Nội.
        deadline=DEADLINE.astimezone(datetime.UTC),
        url="https://songlo.example.vn/bao-cao/12/",
        days_left=days_left,
    )


def context(*items):
    return {"recipient": Recipient(), "items": list(items), "site_url": "https://songlo.example.vn"}


def test_reminder_email_single_item_in_vietnamese():
    subject, text, html = render_email("reminder", context(item(3)))

    assert subject == "[Songlo] Nhắc hạn 30/06/2025: Báo cáo định kỳ của Xã Tam Sơn"
    assert text.startswith("Kính gửi Nguyễn Văn An,\n\nHệ thống Songlo nhắc các việc sau chưa hoàn thành:\n")
    assert "1. Báo cáo định kỳ: Sơ kết 6 tháng đầu năm 2025\n" in text
    assert "   Đơn vị: Xã Tam Sơn\n" in text
    assert "   Hạn: 30/06/2025 17:00\n" in text
    assert "   Còn 3 ngày\n" in text
    assert "   Thực hiện tại: https://songlo.example.vn/bao-cao/12/\n" in text
    assert "<td>30/06/2025 17:00</td>" in html
    assert '<a href="https://songlo.example.vn/bao-cao/12/">Mở để thực hiện</a>' in html
    assert "<td>Còn 3 ngày</td>" in html


def test_reminder_email_overdue_and_today():
    subject, text, html = render_email("reminder", context(item(-2)))
    _subject, today_text, _html = render_email("reminder", context(item(0)))

    assert subject == "[Songlo] Quá hạn 2 ngày: Báo cáo định kỳ của Xã Tam Sơn"
    assert "   Đã quá hạn 2 ngày\n" in text
    assert "<strong>Đã quá hạn 2 ngày</strong>" in html
    assert "   Hết hạn trong hôm nay\n" in today_text


def test_reminder_email_digest_lists_every_item():
    subject, text, _html = render_email("reminder", context(item(3), item(3, unit="Thị trấn Tam Sơn")))

    assert subject == "[Songlo] Nhắc hạn: 2 việc cần hoàn thành"
    assert "1. Báo cáo định kỳ" in text and "2. Báo cáo định kỳ" in text
    assert "Đơn vị: Thị trấn Tam Sơn" in text


def test_reminder_email_escapes_html_but_not_text():
    _subject, text, html = render_email("reminder", context(item(3, unit="Xã <A> & B")))

    assert "Đơn vị: Xã <A> & B" in text
    assert "<td>Xã &lt;A&gt; &amp; B</td>" in html


def test_reminder_email_is_vietnamese_even_when_the_worker_is_in_english():
    with translation.override("en"):
        subject, _text, _html = render_email("reminder", context(item(3)))

    assert subject.startswith("[Songlo] Nhắc hạn 30/06/2025")


@pytest.mark.parametrize("message_id", ["<songlo-reminder-7-abc@songlo.example.vn>"])
def test_build_email_has_text_html_and_message_id(message_id):
    message = build_email("reminder", context(item(1)), to=["a@example.org"], message_id=message_id)

    assert message.extra_headers == {"Message-ID": message_id}
    assert message.alternatives[0][1] == "text/html"
    assert message.message()["Message-ID"] == message_id
