"""The council's documents from DOCX templates: A4 per Decree 30/2020, Vietnamese numbers and
dates, "Nơi nhận", a body's own template, and the PDF through LibreOffice."""

from __future__ import annotations

import datetime
import io
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from pypdf import PdfReader

from council import documents
from council.enums import DocumentKind
from council.selectors import entries_for_decision
from organisation.models import DocumentTemplate
from songlo.docx import DocumentTemplateError, render, vn_date, vn_decimal, vn_percent
from tests.council.test_registers import decide

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (datetime.date(2024, 12, 25), "ngày 25 tháng 12 năm 2024"),
        (datetime.date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
        (datetime.date(2025, 3, 20), "ngày 20 tháng 3 năm 2025"),
        (datetime.date(2025, 1, 10), "ngày 10 tháng 01 năm 2025"),
    ],
)
def test_dates_are_written_as_decree_30_says(day, text):
    assert vn_date(day) == text


def test_numbers_are_written_the_vietnamese_way():
    assert vn_percent(200 / 3) == "66,67%"
    assert vn_percent(100) == "100%"
    assert vn_percent(50.5) == "50,5%"
    assert vn_decimal("0.30") == "0,3"
    assert vn_decimal(1234.5) == "1.234,5"


def _mm(*lengths) -> tuple:
    return tuple(round(length.mm) for length in lengths)


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def test_decision_is_a4_with_motto_number_place_date_signature_and_recipients(district, office, chair):
    decision = decide(office, chair, district.district, [district.commune])

    doc = Document(io.BytesIO(documents.decision_docx(decision, entries_for_decision(decision))))

    section = doc.sections[0]
    assert _mm(section.page_width, section.page_height) == (210, 297)  # A4
    assert _mm(section.left_margin, section.right_margin, section.top_margin, section.bottom_margin) == (30, 15, 20, 20)
    text = _text(doc)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ỦY BAN NHÂN DÂN HUYỆN THỬ",
        "Số: 125/QĐ-UBND",
        "Thử, ngày 20 tháng 3 năm 2025",
        "QUYẾT ĐỊNH",
        "Về việc tặng danh hiệu thi đua năm 2024",
        "Nơi nhận:",
        "- Như Điều 3;",
        "TM. ỦY BAN NHÂN DÂN",
        "Nguyễn Văn Chủ",
        "3.042.000 đồng (ba triệu không trăm bốn mươi hai nghìn đồng)",
        "(Kèm theo Quyết định số 125/QĐ-UBND ngày 20 tháng 3 năm 2025 của Chủ tịch ỦY BAN NHÂN DÂN HUYỆN THỬ)",
    ):
        assert expected in text, expected
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    names = [str(e.nomination.subject) for e in entries_for_decision(decision)]
    assert [r[1] for r in rows[1:]] == names
    assert [r[4] for r in rows[1:]] == ["702.000", "2.340.000"]


def test_minutes_write_percentages_with_a_decimal_comma(district, office, chair):
    from council import services
    from tests.council.helpers import council, item_of, notice_over, opened, screened, vote_all

    members = council(district.district, chair, 3)
    nomination = screened(district.commune, "CSTDCS")
    session = opened(office, chair, district.district, [nomination], members)
    vote_all(item_of(session, nomination), members, 2)  # 2 of 3: 66,67%
    session = notice_over(services.session_close(actor=chair, session=session))

    data = documents.minutes_docx(session, session.items.all(), session.members.select_related("user"))

    doc = Document(io.BytesIO(data))
    assert _mm(doc.sections[0].page_width, doc.sections[0].page_height) == (210, 297)
    text = _text(doc)
    assert "66,67% / 3" in text and "66.67" not in text
    assert "Nơi nhận:" in text and "CHỦ TỊCH HỘI ĐỒNG" in text


def test_a_body_uses_its_own_template(district, office, chair):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    own = Document()
    own.add_paragraph("QUYẾT ĐỊNH RIÊNG số {{ number }}, {{ date|vn_date }}, {{ entries|length }} người")
    buffer = io.BytesIO()
    own.save(buffer)
    DocumentTemplate.objects.create(
        body=district.district,
        kind=DocumentKind.DECISION,
        file=SimpleUploadedFile("mau.docx", buffer.getvalue()),
    )

    doc = Document(io.BytesIO(documents.decision_docx(decision, entries_for_decision(decision))))

    assert doc.paragraphs[0].text == "QUYẾT ĐỊNH RIÊNG số 125/QĐ-UBND, ngày 20 tháng 3 năm 2025, 1 người"


@pytest.mark.parametrize(
    ("tag", "message"),
    [("{{ number ", "sai cú pháp"), ("{{ no_such_value }}", "không có")],
)
def test_a_broken_template_is_explained(tag, message):
    doc = Document()
    doc.add_paragraph(tag)
    buffer = io.BytesIO()
    doc.save(buffer)
    with pytest.raises(DocumentTemplateError, match=message):
        render(buffer.getvalue(), {"number": "1"})


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer) is not installed")
def test_decision_pdf_is_a4_with_embedded_fonts_and_the_text_as_typed(district, office, chair):
    decision = decide(office, chair, district.district, [district.commune])

    pdf = PdfReader(
        io.BytesIO(documents.docx_to_pdf(documents.decision_docx(decision, entries_for_decision(decision))))
    )

    for page in pdf.pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)  # A4 portrait
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object())
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận:",
        "ngày 20 tháng 3 năm 2025",
    ):
        assert expected in text, expected
    for entry in entries_for_decision(decision):
        assert str(entry.nomination.subject) in text


# PDF in a task ------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (libreoffice-writer) is not installed")
def test_the_decision_pdf_is_built_by_a_task_and_served_to_who_may_read_it(
    district, office, chair, client_for, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from council.models import PdfJob

    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    client = client_for("office")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("council:decision_pdf", args=[decision.pk]))

    job = PdfJob.objects.get()
    assert response.url == job.get_absolute_url() and job.succeeded
    download = client.get(reverse("council:pdf_job_file", args=[job.pk]))
    text = PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages[0].extract_text()
    assert "125/QĐ-UBND" in text
    # Asked again: the same PDF, no second conversion.
    client.post(reverse("council:decision_pdf", args=[decision.pk]))
    assert PdfJob.objects.count() == 1
    assert client_for("stranger").get(job.get_absolute_url()).status_code == 404
    assert client_for("stranger").get(reverse("council:pdf_job_file", args=[job.pk])).status_code == 404


def test_a_waiting_pdf_job_is_shared_and_polls(district, office, chair, client_for):
    from django.urls import reverse

    from council import services

    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    first = services.pdf_job_start(actor=office, decision=decision)  # its task never ran: waiting
    assert services.pdf_job_start(actor=chair, decision=decision) == first
    page = client_for("office").get(first.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert client_for("office").get(reverse("council:pdf_job_file", args=[first.pk])).status_code == 404


def test_minutes_pdf_only_once_the_session_is_closed(district, office, chair):
    from council import services
    from songlo.exceptions import InvalidTransition
    from tests.council.helpers import council, opened, screened

    members = council(district.district, chair, 3)
    session = opened(office, chair, district.district, [screened(district.commune)], members)
    with pytest.raises(InvalidTransition, match="sau khi phiên họp kết thúc"):
        services.pdf_job_start(actor=office, session=session)


# Templates uploaded in the admin ------------------------------------------------------------
def _docx(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"not a word file", "không đọc được"),
        (None, "không có"),  # a tag the context does not have
    ],
)
def test_the_admin_refuses_a_template_that_does_not_fill(district, admin_client, content, error):
    from django.urls import reverse

    content = content or _docx("{{ khong_co_gia_tri_nay }}")
    response = admin_client.post(
        reverse("admin:organisation_documenttemplate_add"),
        {"body": district.district.pk, "kind": "decision", "file": SimpleUploadedFile("mau.docx", content)},
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not DocumentTemplate.objects.exists()


def test_the_admin_takes_a_good_template_and_offers_the_defaults(district, admin_client):
    from django.urls import reverse

    default = admin_client.get(reverse("admin:organisation_documenttemplate_default", args=["minutes"]))
    assert Document(io.BytesIO(default.content)).sections[0].page_width.mm == pytest.approx(210, abs=0.1)

    response = admin_client.post(
        reverse("admin:organisation_documenttemplate_add"),
        {
            "body": district.district.pk,
            "kind": "minutes",
            "file": SimpleUploadedFile("bien-ban.docx", default.content),
        },
    )

    assert response.status_code == 302
    assert DocumentTemplate.objects.get().kind == "minutes"
