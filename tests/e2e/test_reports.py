"""The office's statistics forms as a person uses them: open 0603.N for 2024, follow a number to
its records, download the form in Excel."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot


def test_office_opens_0603_for_2024_follows_a_number_and_downloads_the_xlsx(page, login, demo_data):
    login("vanphong")
    page.get_by_role("link", name="Báo cáo thống kê").first.click()
    page.get_by_label("Năm báo cáo").select_option("2024")
    page.get_by_label("Đơn vị báo cáo").select_option(label="Huyện Sông Lô")
    page.get_by_role("button", name="Xem").click()
    page.get_by_role("link", name="Biểu số 0603.N").click()

    expect(page.get_by_text("Biểu số: 0603.N/BNV-TĐKT")).to_be_visible()
    screenshot(page, "report-0603")
    # Row 05 (individuals), column 2 (the province chair's certificates): four people.
    page.locator("a[href*='row=05'][href*='col=2']").click()
    expect(page.get_by_text("4 hồ sơ.")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text="Bằng khen của Chủ tịch UBND tỉnh")).to_have_count(4)
    expect(page.get_by_text("Đột xuất")).to_be_visible()

    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()
    assert download.value.suggested_filename == "bieu-0603-N-song-lo-2024.xlsx"
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert sheet["A1"].value == "Biểu số: 0603.N/BNV-TĐKT"
    total = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "01")
    assert total[3:] == (8, 6, 0, 0, 2)
