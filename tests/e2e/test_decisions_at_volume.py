"""Decisions at volume, end to end at 1366 px: after a session that passed forty LĐTT dossiers and
one CSTĐ cấp tỉnh, the office issues one 40-line decision, prints all its certificates on the
calibrated Giấy khen blank, downloads the payout sheet, sends the khen cao bundle to the province
and imports the province's decision list."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.models import F
from docx import Document
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from awards.models import AwardRecord
from council import services
from council.enums import BundleStatus
from council.models import CouncilSession, Decision, HigherProposal, ProposalBundle
from organisation.enums import Role
from organisation.models import Membership, OrgUnit
from tests.council.helpers import BEFORE, screened
from tests.e2e.conftest import screenshot

FORTY = 40
NUMBER = "150/QĐ-UBND"


def _prepare():
    """A closed session of the district council: 40 LĐTT passed, and a CSTĐ cấp tỉnh passed by
    every member, beyond the district's authority (so proposed to the province)."""
    names = ["vanphong", "chutich", *[f"hoidong{i}" for i in range(1, 7)]]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    body = Membership.objects.get(user=users["chutich"], role=Role.COUNCIL_CHAIR).unit
    units = list(OrgUnit.objects.within(body).filter(kind="commune").order_by("path"))
    nominations = [screened(units[i % len(units)], "LDTT") for i in range(FORTY)]
    higher = screened(units[0], "CSTD_TINH")
    session = services.session_plan(
        actor=users["vanphong"],
        body=body,
        title="Phiên họp xét Lao động tiên tiến và đề nghị khen cao (kiểm thử khối lượng)",
        date=BEFORE,
        place="Hội trường UBND",
        nominations=[*nominations, higher],
    )
    present = [users[n] for n in names[1:]]
    session = services.session_open(actor=users["chutich"], session=session, present_user_ids=[u.pk for u in present])
    for item in session.items.all():
        for member in present:
            services.ballot_cast(actor=member, item=item, choice="agree")
    session = services.session_close(actor=users["chutich"], session=session)
    # The approved list has been public for its days: the decision may be issued.
    CouncilSession.objects.filter(pk=session.pk).update(closed_at=F("date") + datetime.timedelta(hours=3))
    return session, nominations, higher


def _province_list(higher) -> bytes:
    """The province's decision list, as the province writes it (upper case, no diacritics)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CẤP TỈNH"])
    sheet.append(["STT", "Họ và tên", "Đơn vị", "Danh hiệu, hình thức"])
    sheet.append([1, higher.person.full_name.upper(), higher.unit.name, higher.award_type.name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_office_issues_forty_prints_on_blanks_pays_out_and_proposes_upward(page, login, demo_data):
    session, nominations, higher = _prepare()
    assert HigherProposal.objects.filter(nomination=higher).exists()
    page.set_viewport_size({"width": 1366, "height": 768})
    login("vanphong")

    # The session's page: the submission of its results to the chair, as a Word file.
    page.goto(session.get_absolute_url())
    screenshot(page, "volume-session")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"DOCX.*Tờ trình kết quả họp Hội đồng")).click()
    submission = Document(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    listed = {row.cells[1].text for table in submission.tables for row in table.rows}
    assert {str(n.subject) for n in nominations} | {str(higher.subject)} <= listed

    # One decision for the forty.
    page.get_by_role("link", name="Ban hành quyết định khen thưởng").click()
    boxes = page.locator("input[name=nominations]")
    expect(boxes).to_have_count(FORTY)  # the CSTĐ cấp tỉnh goes to the province, not in it
    for box in boxes.all():
        expect(box).to_be_checked()
    page.get_by_label("Số quyết định").fill(NUMBER)
    page.get_by_label("Ngày quyết định").fill("2025-03-20")
    page.locator("#id_signer_name").fill("Nguyễn Văn Chủ")
    page.get_by_role("button", name="Ban hành quyết định", exact=True).click()
    page.get_by_test_id("confirm-dialog-ok").click()
    expect(page.get_by_text(f"Đã ban hành quyết định {NUMBER}.")).to_be_visible()
    decision = Decision.objects.get(number=NUMBER)
    assert decision.entries.count() == FORTY
    screenshot(page, "volume-decision")

    # Every certificate on the Giấy khen blank, one PDF in list order.
    page.get_by_label("Mẫu in").select_option(label="In trên phôi: Phôi Giấy khen UBND huyện (A4 ngang)")
    page.get_by_role("button", name="Tạo tệp PDF").click()
    expect(page.get_by_text("40 giấy chứng nhận, mỗi trang một người, theo thứ tự sổ vàng.")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp PDF để in").click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    assert len(pdf.pages) == FORTY
    first = decision.entries.order_by("ordinal").first().nomination.person.full_name
    assert first in pdf.pages[0].extract_text()
    screenshot(page, "volume-certificates")

    # The payout sheet for the treasury.
    page.goto(decision.get_absolute_url())
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Bảng kê chi tiền thưởng (XLSX)").click()
    sheet = load_workbook(io.BytesIO(Path(download_info.value.path()).read_bytes())).active
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert {n.person.full_name for n in nominations} <= cells

    # The khen cao bundle to the province: drafted, sent.
    page.goto("/council/bundles/")
    page.get_by_role("button", name="Lập tờ trình: Huyện Sông Lô").click()
    page.get_by_test_id("confirm-dialog-ok").click()
    bundle = ProposalBundle.objects.get(lines__proposal__nomination=higher)
    page.goto(bundle.get_absolute_url())
    expect(page.get_by_text(str(higher.subject))).to_be_visible()
    page.get_by_label("Số tờ trình").fill("21/TTr-UBND")
    page.get_by_label("Ngày tờ trình").fill("2025-03-25")
    page.get_by_role("button", name="Ghi nhận đã gửi").click()
    page.get_by_test_id("confirm-dialog-ok").click()
    expect(page.get_by_text("Đã ghi nhận gửi tờ trình.")).to_be_visible()
    bundle.refresh_from_db()
    assert (bundle.status, bundle.number) == (BundleStatus.SENT, "21/TTr-UBND")

    # The province's decision list, imported: matched by name, unit and award whatever the spelling.
    page.get_by_label("Số quyết định của cấp trên").fill("45/QĐ-UBND")
    page.locator("#id_outcome_date").fill("2025-05-10")
    page.locator("#id_outcome_file").set_input_files(
        files=[{"name": "qd-45.xlsx", "mimeType": "application/octet-stream", "buffer": _province_list(higher)}]
    )
    page.get_by_role("button", name="Đọc danh sách và so khớp").click()
    expect(page.get_by_text("1/1 dòng khớp với hồ sơ của tờ trình.")).to_be_visible()
    screenshot(page, "volume-province-outcome")
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    page.get_by_test_id("confirm-dialog-ok").click()
    page.wait_for_url(f"**{bundle.get_absolute_url()}")
    record = AwardRecord.objects.get(person=higher.person, award_type__code="CSTD_TINH")
    assert (record.decision_number, record.decision_date) == ("45/QĐ-UBND", datetime.date(2025, 5, 10))
    # The browser tests share the demo's database: the province's award of this test's own dossier
    # goes, so that the 2024 statistics the reports test reads stay the demo's.
    HigherProposal.objects.filter(award_record=record).update(award_record=None)
    record.delete()
