"""Issue 12, point 9: a year end at the scale offices live it, end to end in the browser.

A commune's head builds a 30-line list for 2026 (a third from the commune's named registrations,
the rest imported from a sheet in the real layout, one name found twice and chosen on the review
page) and submits it; the office returns one line with a reason and accepts the rest; the head
completes that line and sends it again, the accepted lines untouched; the office screens it and
plans a council session taking the submission as a list; a member pulls one line out; the members
vote once for the list and once for the exception; the chair closes the session: every line of
the list is approved, the exception has its own result.

Each width works in a commune no other browser test (nor the demo's lists) uses, on people made
here for 2026. At 390 px every page visited must fit the screen.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from awards import registrations
from awards.enums import NominationStatus
from awards.models import Nomination, Person, Rating, Submission
from council.models import AgendaItem, CouncilSession
from organisation.models import Membership, OrgUnit
from tests.awards.factories import award
from tests.e2e.test_afternoon import Visit, _login

WIDTHS = [1366, 390]
YEAR = 2026
# Communes no other browser test works in, and outside the demo's 2025 lists and open session.
UNIT = {1366: "quang-yen", 390: "phuong-khoan"}
LETTER = {1366: "88/TTr-UBND", 390: "89/TTr-UBND"}
TITLE = {
    1366: "Tờ trình đề nghị công nhận Lao động tiên tiến năm 2026",
    390: "Tờ trình đề nghị công nhận danh hiệu Lao động tiên tiến năm 2026",
}
SESSION = {1366: "Phiên họp xét danh sách Lao động tiên tiến năm 2026", 390: "Phiên họp xét danh sách cuối năm 2026"}
REGISTERED, IMPORTED = 10, 20  # 30 lines in all; the imported include the twin
FAMILY = ["Đinh", "Hà", "Khổng", "Lục", "Mạc", "Quách"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức"]
GIVEN = ["An", "Bình", "Cúc", "Duyên", "Giang", "Hạnh", "Khánh", "Lâm", "Nhung", "Phúc", "Quế", "Sâm"]
TWIN = "Kiều Thị Thoa"  # two people of that name in the commune: the import must ask which
TWIN_BORN = (datetime.date(1985, 4, 12), datetime.date(1992, 9, 3))
RETURN_REASON = "Bổ sung tóm tắt thành tích trong năm của cá nhân."
PULL_REASON = "Có ý kiến về số ngày nghỉ trong năm; đề nghị biểu quyết riêng."


def _users(*names):
    found = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    return [found[n] for n in names]


def _people(unit: OrgUnit, width: int) -> tuple[list[Person], list[Person], Person]:
    """Thirty people of ``unit`` rated for 2026 (names no one else there has), plus the twin of one."""
    taken = set(Person.objects.filter(unit__path__startswith=unit.path).values_list("full_name", flat=True))
    names = []
    for family in FAMILY:
        for middle in MIDDLE:
            for given in GIVEN:
                name = f"{family} {middle} {given}"
                if name not in taken:
                    names.append(name)
    names = names[width % 7 :: 7][: REGISTERED + IMPORTED - 1]
    people = [
        Person.objects.create(
            code=f"e2e-{unit.code}-{i:02d}",
            full_name=name,
            unit=unit,
            gender="nữ" if " Thị " in name else "nam",
            position="Công chức",
            joined_on=datetime.date(2015, 1, 1),
        )
        for i, name in enumerate(names)
    ]
    twins = [
        Person.objects.create(
            code=f"e2e-{unit.code}-tw{i}",
            full_name=TWIN,
            unit=unit,
            gender="nữ",
            position=position,
            birth_date=born,
            joined_on=datetime.date(2012, 1, 1),
        )
        for i, (position, born) in enumerate(zip(["Kế toán", "Văn thư"], TWIN_BORN, strict=True))
    ]
    Rating.objects.bulk_create([Rating(person=p, year=YEAR, rating="HTTNV") for p in [*people, *twins]])
    return people[:REGISTERED], people[REGISTERED:], twins[1]


def _sheet(unit: OrgUnit, people: list[Person]) -> bytes:
    """The list as offices send it: a title row, a blank row, the header on row 3, a row per person."""
    book = Workbook()
    sheet = book.active
    sheet.title = "DANHSACH"
    sheet.append(["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(
        [
            "STT",
            "Phân loại khen thưởng",
            "Tên tập thể/cá nhân/hộ gia đình",
            "Chức vụ",
            "Đơn vị công tác",
            "Danh hiệu thi đua/Hình thức khen thưởng",
        ]
    )
    place = f"UBND {unit.name[0].lower()}{unit.name[1:]}"  # "UBND xã Quang Yên"
    for number, person in enumerate(people, start=1):
        sheet.append([number, "CANHAN", person.full_name, person.position, place, "Lao động tiên tiến"])
    sheet.append([len(people) + 1, "CANHAN", TWIN, "", place, "Lao động tiên tiến"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_year_end_list_from_the_commune_to_the_councils_vote(page, login, demo_data, width):
    unit = OrgUnit.objects.get(code=UNIT[width])
    head = Membership.objects.heads().get(unit=unit).user
    office, chair, *members = _users("vanphong", "chutich", "hoidong1", "hoidong2", "hoidong3", "hoidong4")
    registered, imported, twin = _people(unit, width)
    # The named registrations of the start of the year (their own pages are tested elsewhere).
    for person in registered:
        registrations.register_title(actor=head, unit=unit, year=YEAR, award=award("LDTT"), subject=person)
    visit = Visit(page, width)
    main = page.locator("main")

    # 1. The head starts the submission, adds the registered people, imports the rest.
    _login(page, login, head.username, visit)
    visit.nav("Tờ trình, danh sách")
    visit.click(page.get_by_test_id("submission-new"))
    chooser = page.get_by_role("combobox", name="Đơn vị trình")
    chooser.press_sequentially(unit.name.split(" ", 1)[1], delay=20)
    page.locator("#id_unit-options").get_by_role("option", name=re.compile(re.escape(unit.name))).first.click()
    page.locator("#id_year").select_option(str(YEAR))
    page.get_by_label("Trích yếu").fill(TITLE[width])
    page.get_by_label("Số tờ trình").fill(LETTER[width])
    page.get_by_label("Ngày tờ trình").fill("2026-11-25")
    page.get_by_label("Người ký tờ trình").fill(f"Chủ tịch UBND {unit.name[0].lower()}{unit.name[1:]}")
    page.get_by_label("Nội dung đề nghị").fill("Đề nghị công nhận danh hiệu Lao động tiên tiến năm 2026.")
    visit.click(main.get_by_role("button", name="Lưu", exact=True))
    submission = Submission.objects.get(unit=unit, year=YEAR, letter_number=LETTER[width])
    expect(main).to_contain_text("25/11/2026")

    page.locator("#id_reg-award").select_option(label="Lao động tiên tiến")
    visit.click(page.locator("form[action$='/lines/registered/']").get_by_role("button", name="Thêm"))
    expect(page.get_by_role("alert").filter(has_text=f"Đã thêm {REGISTERED} dòng.")).to_be_visible()

    visit.click(main.get_by_role("link", name="Nhập danh sách từ Excel"))
    page.get_by_label("Danh sách đề nghị (.xlsx)").set_input_files(
        {
            "name": "danh-sach-de-nghi-2026.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _sheet(unit, imported),
        }
    )
    visit.click(main.get_by_role("button", name="Đọc và đối chiếu"))
    expect(main).to_contain_text(f"Khớp: {IMPORTED - 1} · Trùng tên, cần chọn: 1 · Không tìm thấy: 0")
    choice = main.locator("tr[data-status=ambiguous] select")
    expect(choice).to_contain_text(f"{TWIN} – Kế toán, {unit.name}, 12/04/1985")
    choice.select_option(label=f"{TWIN} – Văn thư, {unit.name}, 03/09/1992")  # the right one, by her birth date
    visit.click(page.get_by_test_id("import-confirm"))
    expect(page.get_by_role("alert").filter(has_text=f"Đã thêm {IMPORTED} dòng.")).to_be_visible()
    expect(main).to_contain_text("30 dòng")
    lines = Nomination.objects.filter(submission=submission)
    assert lines.count() == REGISTERED + IMPORTED == 30
    assert lines.filter(person=twin).exists()
    expect(page.get_by_test_id("lines")).to_contain_text(registered[0].full_name)  # names, never codes
    expect(page.get_by_test_id("lines")).not_to_contain_text(registered[0].code)

    page.get_by_test_id("submission-submit").click()
    visit.confirm()
    expect(page.get_by_test_id("submission-status")).to_have_text("Đã nộp")
    assert set(lines.values_list("status", flat=True)) == {NominationStatus.SUBMITTED}

    # 2. The office returns one line with its reason and accepts the other 29.
    returned = lines.get(person=imported[3])
    _login(page, login, office.username, visit)
    visit.nav("Tờ trình, danh sách")
    visit.click(main.get_by_role("link", name=TITLE[width]))
    page.get_by_label(f"Chọn {returned.person.full_name}").check()
    page.get_by_label("Lý do trả lại").fill(RETURN_REASON)
    visit.click(page.get_by_test_id("return-lines"))
    expect(page.get_by_role("alert").filter(has_text="Đã trả lại 1 dòng.")).to_be_visible()
    visit.click(page.get_by_test_id("screen-lines"))  # none ticked: every line still submitted
    expect(page.get_by_role("alert").filter(has_text="Đã xác nhận 29 dòng hợp lệ.")).to_be_visible()
    accepted = dict(lines.exclude(pk=returned.pk).values_list("pk", "version"))
    assert set(lines.exclude(pk=returned.pk).values_list("status", flat=True)) == {NominationStatus.SCREENED}

    # 3. The head reads the reason, completes the line and sends the list again.
    _login(page, login, head.username, visit)
    visit.nav("Tờ trình, danh sách")
    visit.click(main.get_by_role("link", name=TITLE[width]))
    expect(page.get_by_test_id("submission-status")).to_have_text("Có dòng bị trả lại")
    row = page.get_by_test_id("lines").locator("tr").filter(has_text=returned.person.full_name)
    expect(row).to_contain_text(RETURN_REASON)
    visit.click(row.get_by_role("link", name=returned.person.full_name))
    visit.click(main.get_by_role("link", name="Hoàn thiện, nộp hồ sơ"))
    page.get_by_label("Sơ lược lý lịch / đặc điểm, tình hình").fill("Công chức văn hóa - xã hội, công tác từ 2015.")
    page.get_by_label("Thành tích đạt được").fill("Hoàn thành tốt nhiệm vụ; tổ chức 12 buổi sinh hoạt văn hóa.")
    visit.click(main.get_by_role("button", name="Lưu hồ sơ"))
    expect(page.get_by_role("alert").filter(has_text="Đã lưu hồ sơ.")).to_be_visible()
    visit.nav("Tờ trình, danh sách")
    visit.click(main.get_by_role("link", name=TITLE[width]))
    page.get_by_test_id("submission-submit").click()
    visit.confirm()
    returned.refresh_from_db()
    assert returned.status == NominationStatus.SUBMITTED and returned.report_achievements
    assert dict(lines.exclude(pk=returned.pk).values_list("pk", "version")) == accepted  # untouched
    assert set(lines.exclude(pk=returned.pk).values_list("status", flat=True)) == {NominationStatus.SCREENED}

    # 4. The office screens it, and plans the session taking the submission as one list.
    _login(page, login, office.username, visit)
    visit.nav("Tờ trình, danh sách")
    visit.click(main.get_by_role("link", name=TITLE[width]))
    visit.click(page.get_by_test_id("screen-lines"))
    expect(page.get_by_role("alert").filter(has_text="Đã xác nhận 1 dòng hợp lệ.")).to_be_visible()
    expect(page.get_by_test_id("submission-status")).to_have_text("Đã thẩm định")

    visit.nav("Hội đồng")
    visit.click(main.get_by_role("link", name="Lên kế hoạch phiên họp"))
    page.locator("#waiting-q").fill(LETTER[width])
    visit.click(main.get_by_role("button", name="Tìm", exact=True))
    waiting = main.locator("tr").filter(has_text=LETTER[width])
    expect(waiting).to_contain_text("Lao động tiên tiến: 30")
    waiting.get_by_role("checkbox").check()
    page.get_by_label("Tên phiên họp").fill(SESSION[width])
    today = timezone.localdate()
    page.get_by_label("Thời gian họp").fill(f"{today:%Y-%m-%d}T14:00")
    page.get_by_label("Địa điểm").fill("Phòng họp số 1, UBND huyện Sông Lô")
    expect(page.get_by_label("Biểu quyết một lần cho danh sách của mỗi tờ trình")).to_be_checked()
    visit.click(page.locator("#plan-form").get_by_role("button", name="Lưu kế hoạch"))
    session = CouncilSession.objects.get(title=SESSION[width])
    head_item = AgendaItem.objects.get(session=session, submission=submission)
    assert head_item.lines.count() == 30
    expect(main).to_contain_text(f"{today:%d/%m/%Y}")

    # The chair opens it with five of the seven members present.
    _login(page, login, chair.username, visit)
    page.goto(session.get_absolute_url())
    visit.check()
    for user in (chair, *members):
        page.get_by_label(user.full_name or user.username, exact=True).check()
    visit.click(main.get_by_role("button", name="Khai mạc, bắt đầu bỏ phiếu"))
    expect(main).to_contain_text("Có mặt 5/7")

    # A member pulls one line out of the list before anyone votes on it.
    pulled = lines.get(person=registered[2])
    voters = [members[0], chair, *members[1:]]
    _login(page, login, members[0].username, visit)
    page.goto(session.get_absolute_url())
    visit.check()
    visit.click(main.get_by_role("link", name=head_item.title))
    expect(main).to_contain_text("30 hồ sơ được biểu quyết một lần cho cả danh sách")
    line_row = main.locator("tr").filter(has_text=pulled.person.full_name)
    line_row.get_by_label("Lý do xét riêng").fill(PULL_REASON)
    line_row.get_by_role("button", name=re.compile("Tách ra xét riêng")).click()
    visit.confirm()
    expect(main).to_contain_text("29 hồ sơ được biểu quyết một lần cho cả danh sách")
    expect(main.locator("ul").filter(has_text=PULL_REASON)).to_contain_text(pulled.person.full_name)
    exception = AgendaItem.objects.get(session=session, nomination=pulled)
    assert exception.parent is None and exception.excepted_from == head_item

    # The members vote: one ballot for the list (all agree), one for the exception (three against).
    for index, voter in enumerate(voters):
        if index:
            _login(page, login, voter.username, visit)
        page.goto(session.get_absolute_url())
        visit.check()
        list_row = main.locator("tbody tr").filter(has_text=head_item.title)
        list_row.get_by_role("button", name="Đồng ý", exact=True).click()
        visit.confirm()
        expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận phiếu của bạn.")).to_be_visible()
        apart = main.locator("tbody tr").filter(has_text=pulled.person.full_name)
        choice = "Đồng ý" if index < 2 else "Không đồng ý"
        apart.get_by_role("button", name=choice, exact=True).click()
        visit.confirm()
        expect(page.get_by_role("alert").filter(has_text="Đã ghi nhận phiếu của bạn.")).to_be_visible()

    # The chair closes the session: the list passed, every line approved; the exception refused.
    _login(page, login, chair.username, visit)
    page.goto(session.get_absolute_url())
    visit.check()
    main.get_by_role("button", name="Kết thúc phiên họp, kiểm phiếu").click()
    visit.confirm()
    expect(page.get_by_role("alert").filter(has_text="Đã kết thúc phiên họp và kiểm phiếu.")).to_be_visible()
    list_row = main.locator("tbody tr").filter(has_text=head_item.title)
    expect(list_row).to_contain_text("Thông qua")
    expect(list_row).to_contain_text("100,0%")  # Vietnamese numbers
    apart = main.locator("tbody tr").filter(has_text=pulled.person.full_name)
    expect(apart).to_contain_text("Không thông qua")
    expect(apart).to_contain_text("40,0%")
    visit.click(list_row.get_by_role("link", name=head_item.title))
    expect(main).to_contain_text("(5/5)")
    expect(main.locator("ul").filter(has_text=PULL_REASON)).to_contain_text("Không thông qua")

    head_item.refresh_from_db()
    exception.refresh_from_db()
    assert (head_item.result, head_item.votes_agree, head_item.base_count) == ("passed", 5, 5)
    assert head_item.lines.count() == 29
    assert set(lines.exclude(pk=pulled.pk).values_list("status", flat=True)) == {NominationStatus.APPROVED}
    assert (exception.result, exception.votes_agree, exception.votes_disagree) == ("failed", 2, 3)
    pulled.refresh_from_db()
    assert pulled.status == NominationStatus.REJECTED
    # The head sees the outcome on the list.
    _login(page, login, head.username, visit)
    visit.nav("Tờ trình, danh sách")
    visit.click(main.get_by_role("link", name=TITLE[width]))
    expect(page.get_by_test_id("lines").locator("tr").filter(has_text=pulled.person.full_name)).to_contain_text(
        "Không được thông qua"
    )
    assert len(visit.pages) >= 30
