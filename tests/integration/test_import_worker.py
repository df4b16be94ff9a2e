"""An import from the page through a real `celery worker` on Redis and PostgreSQL: the upload
returns at once, the worker previews, the confirmation queues the writing, the worker writes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from awards.enums import ImportJobStatus
from awards.models import ImportJob, Person
from organisation.enums import Role
from songlo.celery import app as songlo_app
from songlo.uploads import private_storage
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


@pytest.fixture
def songlo_on_broker(clean_broker):
    """The project's Celery app sends to the test broker instead of running tasks in-process."""
    saved = (songlo_app.conf.task_always_eager, songlo_app.conf.broker_url)
    songlo_app.close()
    songlo_app.conf.task_always_eager = False
    songlo_app.conf.broker_url = clean_broker
    yield songlo_app
    songlo_app.close()
    songlo_app.conf.task_always_eager, songlo_app.conf.broker_url = saved


def people_workbook(count: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "people"
    sheet.append(["code", "full_name", "gender", "unit_code"])
    for i in range(count):
        sheet.append([f"cb-w{i:04d}", f"Nguyễn Văn {i}", "nam", "xa-worker"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def status_of(job: ImportJob):
    def check() -> bool:
        job.refresh_from_db()
        return job.status not in {ImportJobStatus.PREVIEWING, ImportJobStatus.IMPORTING}

    return check


def test_import_runs_through_the_real_worker(start_worker, songlo_on_broker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    district = OrgUnitFactory(code="huyen-worker", name="Huyện Worker", kind="district")
    OrgUnitFactory(code="xa-worker", name="Xã Worker", parent=district)
    clerk = UserFactory(username="vanphong.worker")
    MembershipFactory(user=clerk, unit=district, role=Role.OFFICE)
    worker = start_worker(extra_env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    client = Client()
    client.force_login(clerk)

    response = client.post(reverse("awards:import"), {"file": SimpleUploadedFile("can-bo.xlsx", people_workbook(3000))})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert job.status == ImportJobStatus.PREVIEWING  # the page did not wait for the reading
    wait_for(status_of(job), timeout=120, message=f"the preview\n{worker.log()}")
    assert job.status == ImportJobStatus.READY, (job.problems, worker.log())
    assert job.preview["lines"] == ["people: thêm 3000, sửa 0, giữ nguyên 0"]
    assert Person.objects.count() == 0
    page = client.get(reverse("awards:import_job", args=[job.pk]), headers={"HX-Request": "true"})
    assert "Thêm: cb-w0000 Nguyễn Văn 0" in page.content.decode()

    confirmed = client.post(reverse("awards:import_confirm", args=[job.pk]))

    assert confirmed.status_code == 302
    wait_for(status_of(job), timeout=120, message=f"the writing\n{worker.log()}")
    assert job.status == ImportJobStatus.DONE, (job.problems, worker.log())
    assert job.result["lines"] == ["people: thêm 3000, sửa 0, giữ nguyên 0"]
    assert Person.objects.filter(unit__code="xa-worker").count() == 3000
    assert job.file == ""
    assert private_storage().listdir("imports")[1] == []
