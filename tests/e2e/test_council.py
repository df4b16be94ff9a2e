"""The council end to end: two members vote, the chair closes, the office issues the decision,
a certificate downloads and its QR page confirms it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.models import F
from playwright.sync_api import expect

from council import services
from council.models import CouncilSession, DecisionEntry
from organisation.enums import Role
from organisation.models import Membership, OrgUnit
from tests.council.helpers import BEFORE, screened
from tests.e2e.conftest import screenshot


def _prepare():
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["vanphong", "chutich", "hoidong1", "hoidong2", "hoidong3", "hoidong4"]
        )
    }
    body = Membership.objects.get(user=users["chutich"], role=Role.COUNCIL_CHAIR).unit
    unit = OrgUnit.objects.within(body).exclude(pk=body.pk).order_by("path").first()
    nomination = screened(unit, "LDTT")
    session = services.session_plan(
        actor=users["vanphong"],
        body=body,
        title="Phiên họp xét khen thưởng năm 2024",
        date=BEFORE,
        place="Hội trường UBND",
        nominations=[nomination],
    )
    # Five of the seven members: the 2/3 quorum, the legal floor.
    session = services.session_open(
        actor=users["chutich"],
        session=session,
        present_user_ids=[users[n].pk for n in ("chutich", "hoidong1", "hoidong2", "hoidong3", "hoidong4")],
    )
    # LDTT passes on more than half of those present: the chair's vote and the two cast below.
    services.ballot_cast(actor=users["chutich"], item=session.items.get(), choice="agree")
    return session, nomination


def test_two_members_vote_chair_closes_office_decides_certificate_verifies(page, login, demo_data):
    session, nomination = _prepare()

    for member in ("hoidong1", "hoidong2"):
        page.context.clear_cookies()
        login(member)
        page.get_by_role("link", name="Hội đồng").click()
        page.get_by_role("button", name="Đồng ý", exact=True).click()
        expect(page.get_by_role("dialog")).to_contain_text("Bỏ phiếu ĐỒNG Ý?")
        page.get_by_test_id("confirm-dialog-ok").click()
        expect(page.get_by_text("Đã ghi nhận phiếu của bạn.")).to_be_visible()
    screenshot(page, "council-member-voted")

    page.context.clear_cookies()
    login("chutich")
    page.goto(session.get_absolute_url())
    page.get_by_role("button", name="Kết thúc phiên họp, kiểm phiếu").click()
    page.get_by_test_id("confirm-dialog-ok").click()
    expect(page.get_by_text("Đã kết thúc phiên họp và kiểm phiếu.")).to_be_visible()
    expect(page.get_by_text("Thông qua", exact=True)).to_be_visible()

    # The office comes straight away: the approved list is on public notice, no decision yet.
    page.context.clear_cookies()
    login("vanphong")
    page.goto(session.get_absolute_url())
    page.get_by_role("link", name="Ban hành quyết định khen thưởng").click()
    expect(page.get_by_test_id("notice-running")).to_be_visible()
    # A week later (the session is moved back to the day it met): the notice is over.
    CouncilSession.objects.filter(pk=session.pk).update(closed_at=F("date") + datetime.timedelta(hours=3))
    page.reload()
    expect(page.get_by_test_id("notice-running")).not_to_be_visible()
    page.get_by_label("Số quyết định").fill("131/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("2025-03-20")
    page.locator("#id_signer_name").fill("Nguyễn Văn Chủ")
    page.get_by_role("button", name="Ban hành quyết định", exact=True).click()
    page.get_by_test_id("confirm-dialog-ok").click()
    expect(page.get_by_text("Đã ban hành quyết định 131/QĐ-UBND.")).to_be_visible()
    screenshot(page, "council-decision")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    entry = DecisionEntry.objects.get(nomination=nomination)
    page.context.clear_cookies()
    page.goto(entry.get_verify_url())
    expect(page.get_by_text("Hợp lệ", exact=True)).to_be_visible()
    assert page.get_by_text(nomination.person.full_name).is_visible()
    assert page.get_by_text(re.compile(r"131/QĐ-UBND")).is_visible()
    screenshot(page, "council-verify")
