"""The import page: upload, a task previews, the person confirms, a task writes; the clean-up."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from awards import import_jobs
from awards.enums import ImportJobStatus, ImportPhase
from awards.import_reading import progress_hook, read_tables
from awards.models import ImportJob, Person
from awards.tasks import task_purge_imports
from organisation.enums import Role
from songlo.celery import app as songlo_app
from songlo.uploads import private_storage
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = ["code", "full_name", "gender", "unit_code", "position", "joined_on"]
NEW_PERSON = ["cb-new", "Đỗ Thị Yến", "nữ", "xa-a", "Văn thư", "2020-01-02"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads of each test in a folder of its own (the clean-up counts what it deletes)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def workbook(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "ds.xlsx"):
    return client.post(reverse("awards:import"), {"file": SimpleUploadedFile(name, content)})


def stored(job: ImportJob) -> bool:
    return bool(job.file) and private_storage().exists(job.file)


def test_upload_returns_before_the_preview_then_the_task_fills_it(
    client_for, district, office, django_capture_on_commit_callbacks
):
    client = client_for("office")

    with django_capture_on_commit_callbacks() as queued:
        response = upload(client, workbook({"people": [PEOPLE_HEADER, NEW_PERSON]}))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:import_job", args=[job.pk])
    assert (job.user, job.status, job.phase, job.original_name) == (
        office,
        ImportJobStatus.PREVIEWING,
        ImportPhase.WAITING,
        "ds.xlsx",
    )
    assert len(queued) == 1
    waiting = client.get(reverse("awards:import_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert "<html" not in waiting.content.decode()

    queued[0]()  # the preview task (eager in tests)

    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY
    assert job.preview["total_changes"] == 1
    assert job.preview["sheets"][0]["changes"] == ["Thêm: cb-new Đỗ Thị Yến"]
    ready = client.get(reverse("awards:import_job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in ready
    assert "Thêm: cb-new Đỗ Thị Yến" in ready
    assert reverse("awards:import_confirm", args=[job.pk]) in ready
    assert not Person.objects.filter(code="cb-new").exists()
    assert stored(job)


def test_confirm_writes_through_the_task_and_deletes_the_upload(
    client_for, district, django_capture_on_commit_callbacks
):
    client = client_for("office")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, workbook({"people": [PEOPLE_HEADER, NEW_PERSON]}))
    job = ImportJob.objects.get()
    path = private_storage().path(job.file)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:import_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == ImportJobStatus.DONE
    assert job.result["lines"] == ["people: thêm 1, sửa 0, giữ nguyên 0"]
    assert Person.objects.get(code="cb-new").unit.code == "xa-a"
    assert job.file == ""
    assert not private_storage().exists(path)
    page = client.get(reverse("awards:import_job", args=[job.pk])).content.decode()
    assert "Đã nhập dữ liệu." in page


def test_confirm_twice_writes_once(client_for, district, django_capture_on_commit_callbacks):
    client = client_for("office")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, workbook({"people": [PEOPLE_HEADER, NEW_PERSON]}))
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("awards:import_confirm", args=[job.pk]))

    with django_capture_on_commit_callbacks(execute=True) as second:
        response = client.post(reverse("awards:import_confirm", args=[job.pk]), follow=True)

    assert second == []
    assert "Lượt nhập này không còn chờ xác nhận (đã ghi, đã hủy hoặc đã quá hạn)." in response.content.decode()
    assert Person.objects.filter(code="cb-new").count() == 1


def test_problems_are_shown_and_nothing_is_written(client_for, district, django_capture_on_commit_callbacks):
    client = client_for("office")
    rows = [PEOPLE_HEADER[:4], ["cb-new", "Đỗ Thị Yến", "nữ", "xa-khong-co"]]

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook({"people": rows}), name="sai.xlsx")

    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == ImportJobStatus.REFUSED
    assert job.problems == ["people, dòng 2, cột unit_code: không có đơn vị mã “xa-khong-co”"]
    assert "people, dòng 2, cột unit_code: không có đơn vị mã “xa-khong-co”" in page
    assert "Xác nhận nhập dữ liệu" not in page
    assert Person.objects.count() == 0
    assert job.file == ""


@pytest.mark.parametrize(
    ("sheets", "problem"),
    [
        (
            {"Sheet1": [["code"], ["cb-1"]]},
            "Tệp không có trang tính nào cần nhập: cần ít nhất một trang tính tên units, people, ratings, "
            "initiatives, awards, disciplines, households (hàng tiêu đề ở dòng 1). Các trang tính trong tệp: “Sheet1”.",
        ),
        ({"people": [["ma", "ho_ten"], ["cb-1", "Lê Văn An"]]}, "people, dòng 1, cột code: thiếu cột"),
    ],
    ids=["no-known-sheet", "wrong-headers"],
)
def test_workbook_that_does_not_fit_gets_a_message_and_no_confirm_button(
    client_for, district, django_capture_on_commit_callbacks, sheets, problem
):
    client = client_for("office")

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, workbook(sheets))

    page = client.get(response["Location"])
    job = ImportJob.objects.get()
    assert page.status_code == 200
    assert job.status == ImportJobStatus.REFUSED
    assert job.problems[0] == problem
    assert problem in page.content.decode()
    assert "Những thay đổi sẽ được ghi" not in page.content.decode()
    assert "Xác nhận nhập dữ liệu" not in page.content.decode()


def test_zip_that_passes_the_content_check_but_is_not_a_workbook_is_refused(
    client_for, district, django_capture_on_commit_callbacks
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/readme.txt", "not a workbook")
    client = client_for("office")

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, buffer.getvalue())

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportJobStatus.REFUSED
    assert job.problems[0].startswith("Tệp không phải sổ tính Excel .xlsx đọc được")
    assert client.get(response["Location"]).status_code == 200


def test_truncated_workbook_is_refused_by_the_form(client_for, district):
    content = workbook({"people": [PEOPLE_HEADER, NEW_PERSON]})

    response = upload(client_for("office"), content[: len(content) // 2])

    assert response.status_code == 200
    assert "Nội dung tệp “ds.xlsx” không phải là XLSX (tệp có thể đã bị đổi đuôi)." in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_workbook_that_changes_nothing_has_no_confirm(client_for, district, django_capture_on_commit_callbacks):
    client = client_for("office")
    content = workbook({"people": [PEOPLE_HEADER, NEW_PERSON]})
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, content)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("awards:import_confirm", args=[ImportJob.objects.get().pk]))

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, content)
    job = ImportJob.objects.latest("pk")
    confirmed = client.post(reverse("awards:import_confirm", args=[job.pk]), follow=True)

    page = client.get(response["Location"]).content.decode()
    assert job.status == ImportJobStatus.READY
    assert "Tệp không làm thay đổi dữ liệu nào" in page
    assert "Xác nhận nhập dữ liệu" not in page
    assert "Tệp không làm thay đổi dữ liệu nào: không có gì để ghi." in confirmed.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY


def test_cancel_deletes_the_upload(client_for, district, django_capture_on_commit_callbacks):
    client = client_for("office")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, workbook({"people": [PEOPLE_HEADER, NEW_PERSON]}))
    job = ImportJob.objects.get()
    path = private_storage().path(job.file)

    response = client.post(reverse("awards:import_cancel", args=[job.pk]))

    job.refresh_from_db()
    assert response["Location"] == reverse("awards:import")
    assert (job.status, job.file) == (ImportJobStatus.CANCELLED, "")
    assert not private_storage().exists(path)
    assert Person.objects.filter(code="cb-new").count() == 0


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("unit_head", 403), ("stranger", 403), ("office", 200), ("admin", 404)],
)
def test_job_page_is_seen_by_its_owner_only(client_for, office, who, expected):
    job = ImportJob.objects.create(user=office, original_name="ds.xlsx")

    assert client_for(who).get(reverse("awards:import_job", args=[job.pk])).status_code == expected


def test_another_importer_cannot_confirm_or_cancel_a_job(client_for, office, district):
    job = ImportJob.objects.create(user=office, original_name="ds.xlsx", status=ImportJobStatus.READY)
    other = UserFactory(username="vanphong2")
    MembershipFactory(user=other, unit=district.district, role=Role.OFFICE)
    client = client_for("office")
    client.force_login(other)

    confirm = client.post(reverse("awards:import_confirm", args=[job.pk]))
    cancel = client.post(reverse("awards:import_cancel", args=[job.pk]))

    assert (confirm.status_code, cancel.status_code) == (404, 404)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.READY


def test_import_page_lists_only_own_jobs(client_for, office, superuser):
    ImportJob.objects.create(user=office, original_name="cua-toi.xlsx")
    ImportJob.objects.create(user=superuser, original_name="cua-nguoi-khac.xlsx")

    page = client_for("office").get(reverse("awards:import")).content.decode()

    assert "cua-toi.xlsx" in page
    assert "cua-nguoi-khac.xlsx" not in page


def test_reading_reports_its_progress(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "people.csv").write_text("code\n" + "".join(f"cb-{i}\n" for i in range(5000)), encoding="utf-8")
    calls = []
    token = progress_hook.set(lambda done, total, finished: calls.append((done, total, finished)))
    try:
        rows = [row for _name, sheet in read_tables(folder, ["people"]) for row in sheet]
    finally:
        progress_hook.reset(token)

    assert len(rows) == 5001
    assert calls == [(2000, 0, False), (4000, 0, False), (5001, 0, True)]


def test_workbook_progress_counts_against_the_rows_scanned(tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_bytes(workbook({"people": [["code"]] + [[f"cb-{i}"] for i in range(4999)]}))
    calls = []
    token = progress_hook.set(lambda done, total, finished: calls.append((done, total, finished)))
    try:
        for _name, sheet in read_tables(path, ["people"]):
            list(sheet)
    finally:
        progress_hook.reset(token)

    assert calls == [(2000, 5000, False), (4000, 5000, False), (5000, 5000, True)]


# The periodic clean-up ----------------------------------------------------------------------
def _job_with_file(user, status, name: str) -> ImportJob:
    stored_name = private_storage().save(f"imports/{name}.xlsx", io.BytesIO(b"PK"))
    return ImportJob.objects.create(user=user, original_name=f"{name}.xlsx", file=stored_name, status=status)


def test_purge_deletes_uploads_not_confirmed_within_a_day(office):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old_ready = _job_with_file(office, ImportJobStatus.READY, "old-ready")
        old_preview = _job_with_file(office, ImportJobStatus.PREVIEWING, "old-preview")
        orphan = private_storage().save("imports/orphan.xlsx", io.BytesIO(b"PK"))
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        recent = _job_with_file(office, ImportJobStatus.READY, "recent")
    old_paths = [private_storage().path(j.file) for j in (old_ready, old_preview)]

    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        counts = task_purge_imports.delay().get()

    for job in (old_ready, old_preview, recent):
        job.refresh_from_db()
    assert (old_ready.status, old_ready.file) == (ImportJobStatus.EXPIRED, "")
    assert (old_preview.status, old_preview.file) == (ImportJobStatus.EXPIRED, "")
    assert recent.status == ImportJobStatus.READY
    assert stored(recent)
    assert not any(private_storage().exists(p) for p in old_paths)
    assert not private_storage().exists(orphan)
    assert counts["expired"] == 2
    assert counts["orphans"] == 1


def test_purge_twice_changes_nothing_more(office):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        job = _job_with_file(office, ImportJobStatus.READY, "twice")

    with time_machine.travel(start + datetime.timedelta(hours=25), tick=False):
        first = import_jobs.purge()
        second = import_jobs.purge()

    job.refresh_from_db()
    assert job.status == ImportJobStatus.EXPIRED
    assert (first["expired"], second["expired"]) == (1, 0)


def test_purge_is_in_the_beat_schedule():
    entry = songlo_app.conf.beat_schedule["imports-purge"]

    assert entry["task"] == task_purge_imports.name == "awards.purge_imports"
    assert entry["schedule"] == datetime.timedelta(hours=1)


def test_job_fragment_shows_the_reading_progress_then_checking(client_for, office):
    job = ImportJob.objects.create(user=office, original_name="lon.xlsx", phase=ImportPhase.READING, progress=40)
    client = client_for("office")
    url = reverse("awards:import_job", args=[job.pk])

    reading = client.get(url, headers={"HX-Request": "true"}).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(phase=ImportPhase.CHECKING, progress=100)
    checking = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert "Đang đọc tệp: 40%" in reading
    assert 'value="40"' in reading
    assert "Đang kiểm tra và đối chiếu dữ liệu" in checking
    assert "value=" not in checking
    assert 'hx-trigger="every 2s"' in checking
