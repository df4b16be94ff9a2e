"""The import page in a browser: upload, preview, confirm; htmx polls a job a task is working on."""

import io

from django.contrib.auth import get_user_model
from openpyxl import Workbook

from awards import import_jobs
from awards.models import ImportJob, Person
from songlo.uploads import private_storage
from tests.e2e.conftest import screenshot


def people_workbook(code: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "people"
    sheet.append(["code", "full_name", "gender", "unit_code", "position"])
    sheet.append([code, "Hoàng Thị Lan", "nữ", "tam-son", "Văn thư"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_office_uploads_previews_and_confirms_an_import(page, login, demo_data):
    login("vanphong")
    page.goto("/awards/import/")

    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(
        {"name": "can-bo.xlsx", "mimeType": "application/octet-stream", "buffer": people_workbook("cb-e2e-01")}
    )
    page.get_by_role("button", name="Tải lên và xem trước").click()

    page.get_by_role("heading", name="Những thay đổi sẽ được ghi").wait_for()
    page.locator("summary", has_text="cá nhân").click()
    assert page.get_by_text("Thêm: cb-e2e-01 Hoàng Thị Lan").is_visible()
    screenshot(page, "import-preview")
    assert not Person.objects.filter(code="cb-e2e-01").exists()

    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()

    page.get_by_text("Đã nhập dữ liệu.").wait_for()
    assert Person.objects.get(code="cb-e2e-01").unit.code == "tam-son"


def test_job_page_polls_until_the_task_has_read_the_file(page, login, demo_data):
    clerk = get_user_model().objects.get(username="vanphong")
    name = private_storage().save("imports/e2e-poll.xlsx", io.BytesIO(people_workbook("cb-e2e-02")))
    job = ImportJob.objects.create(user=clerk, original_name="cho-doc.xlsx", file=name)
    login("vanphong")
    page.goto(f"/awards/import/{job.pk}/")
    assert page.get_by_text("Đang chờ đến lượt xử lý").is_visible()

    import_jobs.preview(job.pk)  # what the worker does meanwhile

    page.get_by_role("heading", name="Những thay đổi sẽ được ghi").wait_for()
    page.locator("summary", has_text="cá nhân").click()
    assert page.get_by_text("Thêm: cb-e2e-02 Hoàng Thị Lan").is_visible()
    assert page.url.endswith(f"/awards/import/{job.pk}/")
