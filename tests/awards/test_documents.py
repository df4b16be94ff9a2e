"""A unit's dossier papers and the office's submission of a session's results as documents from
editable DOCX templates (registered in songlo.docx.DOCUMENTS, templates in organisation): A4,
Decree 30/2020 layout, Vietnamese numbers and dates, a body's own template reaching its units,
downloads scoped as the pages are, and the PDF through LibreOffice in a task."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from awards import documents as award_documents
from council import documents as council_documents
from organisation import documents
from organisation.models import DocumentJob, DocumentTemplate
from songlo.docx import DOCUMENTS, render, template_kinds
from tests.awards.factories import NominationFactory, PersonFactory, award
from tests.council.helpers import screened
from tests.pdf_checks import assert_pdf_matches_docx

pytestmark = pytest.mark.django_db

NEEDS_OFFICE = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
AWARD_KINDS = (
    award_documents.SUBMISSION,
    award_documents.INDIVIDUAL_REPORT,
    award_documents.COLLECTIVE_REPORT,
    award_documents.REVIEW_MINUTES,
)


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _nomination(unit, **extra):
    person = PersonFactory(
        unit=unit, full_name="Đặng Thị Hường", position="Phó Chủ tịch", birth_date=datetime.date(1980, 2, 5)
    )
    fields = {
        "letter_number": "12/TTr-UBND",
        "letter_date": datetime.date(2024, 12, 5),
        "letter_signer": "Lê Văn Hải",
        "letter_summary": "Đề nghị tặng danh hiệu Lao động tiên tiến.",
        "report_achievements": "Hoàn thành xuất sắc nhiệm vụ được giao.",
        "minutes_date": datetime.date(2024, 12, 1),
        "minutes_attendees": 3,
        "minutes_members": 3,
        "minutes_votes_for": 2,
        "minutes_summary": "Bình xét thi đua cuối năm.",
    }
    return NominationFactory(person=person, unit=unit, award_type=award("LDTT"), year=2024, **(fields | extra))


def test_every_kind_is_registered_with_a_default_that_fills_with_its_sample():
    for kind in (*AWARD_KINDS, council_documents.RESULTS, "decision", "minutes", "bundle"):
        spec = DOCUMENTS.get(kind)
        assert spec is not None, kind
        doc = Document(io.BytesIO(render(spec.default(), spec.sample())))
        assert round(doc.sections[0].page_width.mm) == 210 and round(doc.sections[0].page_height.mm) == 297


def test_submission_letter_is_a4_with_motto_number_date_lines_and_recipients(district):
    nomination = _nomination(district.commune)

    text = _text(documents.document_docx(award_documents.SUBMISSION, nomination))

    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "HUYỆN THỬ",  # the parent body
        "XÃ A",
        "Số: 12/TTr-UBND",
        "A, ngày 05 tháng 12 năm 2024",  # the commune writes its own place
        "TỜ TRÌNH",
        "Đặng Thị Hường",
        "Phó Chủ tịch, Xã A",
        "Lao động tiên tiến năm 2024",
        "Nơi nhận:",
        "Lê Văn Hải",
    ):
        assert expected in text, expected


def test_the_submission_template_takes_many_lines(district):
    nominations = [_nomination(district.commune) for _ in range(3)]
    context = award_documents.submission_context(district.commune, nominations, number="7/TTr")

    doc = Document(io.BytesIO(render(DOCUMENTS.get(award_documents.SUBMISSION).default(), context)))

    lines = doc.tables[1]  # the header table comes first
    assert [row.cells[0].text for row in lines.rows[1:]] == ["1", "2", "3"]
    assert context["individuals"] == 3


def test_reports_follow_the_decree_form_of_an_individual_and_of_a_collective(district):
    person_report = _text(documents.document_docx(award_documents.INDIVIDUAL_REPORT, _nomination(district.commune)))
    assert "BÁO CÁO THÀNH TÍCH" in person_report and "Mẫu số 02" in person_report
    assert "Nghị định số 98/2023/NĐ-CP" in person_report  # December 2024: Decree 98 was in force
    assert "05/02/1980" in person_report and "Hoàn thành xuất sắc nhiệm vụ được giao." in person_report

    collective = NominationFactory(
        person=None, subject_unit=district.village, unit=district.commune, award_type=award("THON_VAN_HOA"),
        letter_date=datetime.date(2025, 12, 5), report_situation="Thôn có 320 hộ.",
    )  # fmt: skip
    report = _text(documents.document_docx(award_documents.COLLECTIVE_REPORT, collective))
    assert "Mẫu số 01" in report and "Nghị định số 152/2025/NĐ-CP" in report
    assert "Thôn A1" in report and "Thôn có 320 hộ." in report


def test_review_minutes_write_the_share_with_a_decimal_comma(district):
    text = _text(documents.document_docx(award_documents.REVIEW_MINUTES, _nomination(district.commune)))
    assert "2/3 phiếu đồng ý, đạt tỷ lệ 66,67%" in text and "66.67" not in text
    assert "ngày 01 tháng 12 năm 2024" in text


def test_a_template_uploaded_by_the_district_reaches_its_communes(district):
    own = Document()
    own.add_paragraph("TỜ TRÌNH CỦA HUYỆN số {{ number }} cho {{ lines|length }} người")
    buffer = io.BytesIO()
    own.save(buffer)
    DocumentTemplate.objects.create(
        body=district.district, kind=award_documents.SUBMISSION, file=SimpleUploadedFile("m.docx", buffer.getvalue())
    )

    data = documents.document_docx(award_documents.SUBMISSION, _nomination(district.commune))

    assert Document(io.BytesIO(data)).paragraphs[0].text == "TỜ TRÌNH CỦA HUYỆN số 12/TTr-UBND cho 1 người"


# Pages and permissions -----------------------------------------------------------------------
def test_the_nomination_page_links_its_documents_for_the_unit_head_and_the_office(district, client_for):
    nomination = _nomination(district.commune)
    for who in ("unit_head", "office"):
        page = client_for(who).get(nomination.get_absolute_url()).content.decode()
        for kind in (award_documents.SUBMISSION, award_documents.INDIVIDUAL_REPORT, award_documents.REVIEW_MINUTES):
            assert reverse("organisation:document_docx", args=[kind, nomination.pk]) in page, (who, kind)
        assert award_documents.COLLECTIVE_REPORT not in page


@pytest.mark.parametrize(("who", "status"), [("unit_head", 200), ("office", 200), ("stranger", 404)])
def test_a_unit_head_reads_only_their_units_documents(district, client_for, who, status):
    nomination = _nomination(district.commune)
    for kind in (award_documents.SUBMISSION, award_documents.REVIEW_MINUTES):
        response = client_for(who).get(reverse("organisation:document_docx", args=[kind, nomination.pk]))
        assert response.status_code == status, kind
    # A collective's report of a person's nomination does not exist.
    url = reverse("organisation:document_docx", args=[award_documents.COLLECTIVE_REPORT, nomination.pk])
    assert client_for("office").get(url).status_code == 404
    assert (
        client_for("office").get(reverse("organisation:document_docx", args=["nope", nomination.pk])).status_code == 404
    )


def test_the_admin_lists_every_kind_and_checks_uploads_against_it(district, admin_client):
    page = admin_client.get(reverse("admin:organisation_documenttemplate_changelist")).content.decode()
    for kind, spec in DOCUMENTS.items():
        shown = reverse("admin:organisation_documenttemplate_default", args=[kind]) in page
        assert shown is not bool(spec.template), kind
    default = admin_client.get(reverse("admin:organisation_documenttemplate_default", args=["review_minutes"]))
    response = admin_client.post(
        reverse("admin:organisation_documenttemplate_add"),
        {"body": district.district.pk, "kind": "review_minutes", "file": SimpleUploadedFile("b.docx", default.content)},
    )
    assert response.status_code == 302
    assert DocumentTemplate.objects.get().kind == "review_minutes"


# The session's submission of results ---------------------------------------------------------
def _closed_session(district, office, chair):
    from tests.council.test_decisions import approve

    nominations = [screened(district.commune, "LDTT"), screened(district.other_commune, "LDTT")]
    return approve(office, chair, district.district, nominations), nominations


def test_the_results_submission_lists_the_sessions_approved_lines(district, office, chair, client_for):
    session, nominations = _closed_session(district, office, chair)

    response = client_for("office").get(
        reverse("organisation:document_docx", args=[council_documents.RESULTS, session.pk])
    )

    text = _text(response.content)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân Huyện Thử." in text
    for n in nominations:
        assert str(n.subject) in text
    page = client_for("office").get(session.get_absolute_url()).content.decode()
    assert reverse("organisation:document_docx", args=[council_documents.RESULTS, session.pk]) in page
    assert (
        client_for("stranger")
        .get(reverse("organisation:document_docx", args=[council_documents.RESULTS, session.pk]))
        .status_code
        == 404
    )


def test_no_results_submission_before_the_session_closes(district, office, chair, client_for):
    from tests.council.helpers import council, opened

    session = opened(
        office, chair, district.district, [screened(district.commune)], council(district.district, chair, 3)
    )
    url = reverse("organisation:document_docx", args=[council_documents.RESULTS, session.pk])
    assert client_for("office").get(url).status_code == 404


# PDF ------------------------------------------------------------------------------------------
@NEEDS_OFFICE
@pytest.mark.parametrize(
    "kind", [award_documents.SUBMISSION, award_documents.INDIVIDUAL_REPORT, award_documents.REVIEW_MINUTES]
)
def test_every_nomination_document_pdf_is_a4_with_embedded_fonts_and_the_text_as_typed(district, kind):
    nomination = _nomination(district.commune)
    data = documents.document_docx(kind, nomination)
    assert_pdf_matches_docx(data)


@NEEDS_OFFICE
def test_the_collective_report_and_the_results_pdf_match_their_docx(district, office, chair):
    collective = NominationFactory(
        person=None, subject_unit=district.village, unit=district.commune, award_type=award("THON_VAN_HOA")
    )
    assert_pdf_matches_docx(documents.document_docx(award_documents.COLLECTIVE_REPORT, collective))
    session, _ = _closed_session(district, office, chair)
    assert_pdf_matches_docx(documents.document_docx(council_documents.RESULTS, session))


@NEEDS_OFFICE
def test_the_pdf_is_built_by_a_task_and_served_to_who_may_read_it(
    district, client_for, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    nomination = _nomination(district.commune)
    client = client_for("unit_head")
    url = reverse("organisation:document_pdf", args=[award_documents.SUBMISSION, nomination.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    job = DocumentJob.objects.get()
    assert response.url == job.get_absolute_url() and job.succeeded
    page = client.get(job.get_absolute_url()).content.decode()
    assert reverse("organisation:document_job_file", args=[job.pk]) in page
    download = client.get(reverse("organisation:document_job_file", args=[job.pk]))
    assert download["Content-Disposition"].endswith(f'to-trinh-{nomination.pk}.pdf"')
    text = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert "12/TTr-UBND" in text
    client.post(url)  # asked again, nothing changed: the same PDF
    assert DocumentJob.objects.count() == 1
    assert client_for("stranger").get(job.get_absolute_url()).status_code == 404
    assert client_for("stranger").get(reverse("organisation:document_job_file", args=[job.pk])).status_code == 404
    assert client_for("stranger").post(url).status_code == 404


def test_a_changed_nomination_asks_for_a_new_pdf(district, unit_head):
    from organisation.enums import BatchStatus

    nomination = _nomination(district.commune)
    first = documents.pdf_job_start(actor=unit_head, kind=award_documents.SUBMISSION, obj=nomination)
    assert documents.pdf_job_start(actor=unit_head, kind=award_documents.SUBMISSION, obj=nomination) == first
    DocumentJob.objects.filter(pk=first.pk).update(status=BatchStatus.DONE)
    assert documents.pdf_job_start(actor=unit_head, kind=award_documents.SUBMISSION, obj=nomination) == first
    nomination.letter_number = "13/TTr-UBND"
    nomination.save()
    assert documents.pdf_job_start(actor=unit_head, kind=award_documents.SUBMISSION, obj=nomination) != first


def test_the_pdf_service_refuses_who_may_not_read_the_document(district, stranger):
    from songlo.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        documents.pdf_job_start(actor=stranger, kind=award_documents.SUBMISSION, obj=_nomination(district.commune))
    assert not DocumentJob.objects.exists()


def test_the_old_admin_address_of_the_templates_still_leads_to_them(admin_client):
    response = admin_client.get("/admin/council/documenttemplate/")
    assert response.status_code == 301 and response.url == "/admin/organisation/documenttemplate/"


# A list's submission letter ---------------------------------------------------------------------
def _list(unit):
    from awards.models import Household, Submission

    submission = Submission.objects.create(
        unit=unit,
        year=2024,
        letter_number="42/TTr-UBND",
        letter_date=datetime.date(2024, 12, 6),
        letter_signer="Lê Văn Hải",
        letter_summary="Đề nghị công nhận các danh hiệu năm 2024.",
    )
    people = [_nomination(unit, submission=submission) for _ in range(2)]
    household = Household.objects.create(code="hgd-1", head_name="Nguyễn Văn Thắng", unit=unit, address="Thôn Đồng Bùa")
    NominationFactory(
        person=None, household=household, unit=unit, award_type=award("GDVH"), year=2024, submission=submission
    )
    return submission, people


def test_a_lists_letter_fills_the_units_letter_template_with_every_line(district):
    submission, _people = _list(district.commune)

    text = _text(documents.document_docx(award_documents.LIST_SUBMISSION, submission))

    assert "Số: 42/TTr-UBND" in text
    assert "2 cá nhân, 0 tập thể và 1 hộ gia đình" in text
    assert "Hộ Nguyễn Văn Thắng" in text and "Thôn Đồng Bùa" in text
    assert text.count("Đặng Thị Hường") == 2
    # One uploaded template serves both letters; the admin lists the kind once.
    assert award_documents.LIST_SUBMISSION not in dict(template_kinds())
    own = Document()
    own.add_paragraph("MẪU CỦA HUYỆN: {{ lines|length }} dòng")
    buffer = io.BytesIO()
    own.save(buffer)
    DocumentTemplate.objects.create(
        body=district.district, kind=award_documents.SUBMISSION, file=SimpleUploadedFile("m.docx", buffer.getvalue())
    )
    data = documents.document_docx(award_documents.LIST_SUBMISSION, submission)
    assert Document(io.BytesIO(data)).paragraphs[0].text == "MẪU CỦA HUYỆN: 3 dòng"


@pytest.mark.parametrize(("who", "status"), [("unit_head", 200), ("office", 200), ("stranger", 404)])
def test_a_lists_letter_is_read_only_by_who_sees_the_list(district, client_for, who, status):
    submission, people = _list(district.commune)
    url = reverse("organisation:document_docx", args=[award_documents.LIST_SUBMISSION, submission.pk])

    assert client_for(who).get(url).status_code == status
    if status == 200:
        page = client_for(who).get(reverse("awards:submission_detail", args=[submission.pk])).content.decode()
        assert url in page
        # A line's own page offers its report, not a letter of its own.
        line_page = client_for(who).get(people[0].get_absolute_url()).content.decode()
        assert reverse("organisation:document_docx", args=[award_documents.SUBMISSION, people[0].pk]) not in line_page
        assert (
            reverse("organisation:document_docx", args=[award_documents.INDIVIDUAL_REPORT, people[0].pk]) in line_page
        )
