"""Certificates by the hundred: one PDF per decision built by a task, Songlo's layout or blanks."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AuditEvent
from awards.models import AwardType
from council import certificates, services
from council.enums import BatchStatus, CertificateField
from council.models import BlankField, BlankLayout, CertificateBatch
from songlo.exceptions import DomainError
from tests.council.test_registers import decide

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # points per millimetre


def pdf_of(batch) -> PdfReader:
    from songlo.uploads import private_storage

    with private_storage().open(batch.file, "rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def giay_khen_blank(award_codes=("LDTT",)) -> BlankLayout:
    layout = BlankLayout.objects.create(name="Phôi Giấy khen A4 ngang", offset_x_mm=Decimal("1.5"))
    layout.award_types.set(AwardType.objects.filter(code__in=award_codes))
    BlankField.objects.create(
        layout=layout, field=CertificateField.NAME, x_mm=60, y_mm=90, width_mm=180, font_size=22, bold=True, align="L"
    )
    BlankField.objects.create(
        layout=layout, field=CertificateField.UNIT, x_mm=60, y_mm=105, width_mm=180, font_size=14, align="L"
    )
    BlankField.objects.create(
        layout=layout, field=CertificateField.ORDINAL, x_mm=40, y_mm=170, width_mm=30, font_size=11, align="L"
    )
    return layout


def start(actor, decision, layout=None, *, capture):
    with capture(execute=True):
        batch = services.certificate_batch_start(actor=actor, decision=decision, layout=layout)
    batch.refresh_from_db()
    return batch


def test_all_certificates_of_a_decision_in_one_pdf_in_golden_book_order(
    district, office, chair, django_capture_on_commit_callbacks
):
    decision = decide(office, chair, district.district, [district.commune, district.other_commune])
    revoked = decision.entries.order_by("ordinal").last()
    services.award_revoke(actor=chair, entry=revoked, ground="fraud", note="Khai man")
    kept = list(decision.entries.filter(revoked_at__isnull=True).order_by("ordinal"))

    batch = start(office, decision, capture=django_capture_on_commit_callbacks)

    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, 3, 3)
    reader = pdf_of(batch)
    assert len(reader.pages) == 3
    for page, entry in zip(reader.pages, kept, strict=True):
        text = page.extract_text()
        assert str(entry.nomination.subject) in text
        assert f"Số sổ vàng: {entry.ordinal}" in text
        box = page.mediabox
        assert (round(box.width), round(box.height)) == (842, 595)  # A4 landscape
    assert AuditEvent.objects.filter(action="council.certificate_batch").count() == 1


def _text_positions(page) -> dict[str, tuple[float, float]]:
    """Each text run's start in points (x from the left, y of the baseline from the bottom)."""
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_printing_on_blanks_puts_each_value_where_the_blank_says(
    district, office, chair, django_capture_on_commit_callbacks
):
    decision = decide(office, chair, district.district, [district.commune])  # LĐTT and CSTĐCS
    layout = giay_khen_blank(("LDTT",))
    entry = decision.entries.get(nomination__award_type__code="LDTT")

    batch = start(office, decision, layout, capture=django_capture_on_commit_callbacks)

    reader = pdf_of(batch)
    assert len(reader.pages) == 1  # the blank prints LĐTT only
    page = reader.pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (842, 595)
    positions = _text_positions(page)
    height_pt = float(page.mediabox.height)
    for f in layout.fields.all():
        value = certificates.values_for(entry)[f.field]
        x, y = positions[value]
        left_mm, baseline_mm = x / MM, (height_pt - y) / MM
        assert left_mm == pytest.approx(float(f.x_mm) + 1.5, abs=0.2)  # with the printer's offset
        assert float(f.y_mm) < baseline_mm < float(f.y_mm) + certificates.line_height(f.font_size)
    text = page.extract_text()
    assert "Chiến sĩ" not in text and "Số sổ vàng" not in text  # values only: the blank has the labels


def test_a_blank_for_other_awards_is_refused_and_nothing_starts(district, office, chair):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    layout = giay_khen_blank(("CSTDCS",))

    with pytest.raises(DomainError, match="không dùng cho"):
        services.certificate_batch_start(actor=office, decision=decision, layout=layout)
    assert not CertificateBatch.objects.exists()


def test_the_page_starts_a_batch_shows_progress_and_serves_the_pdf(
    district, office, chair, client_for, django_capture_on_commit_callbacks
):
    decision = decide(office, chair, district.district, [district.commune])
    client = client_for("office")
    assert "In tất cả giấy chứng nhận" in client.get(decision.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("council:certificate_batch_start", args=[decision.pk]), {"layout": ""})

    batch = CertificateBatch.objects.get()
    assert response.url == batch.get_absolute_url()
    partial = client.get(batch.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in partial and "Tải tệp PDF để in" in partial
    pdf = client.get(reverse("council:certificate_batch_file", args=[decision.pk, batch.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages) == 2


def test_a_running_batch_polls_and_has_no_file_yet(district, office, chair, client_for):
    decision = decide(office, chair, district.district, [district.commune])
    batch = services.certificate_batch_start(actor=office, decision=decision)  # on_commit never ran: queued
    client = client_for("office")

    page = client.get(batch.get_absolute_url()).content.decode()

    assert 'hx-trigger="every 2s"' in page
    assert client.get(reverse("council:certificate_batch_file", args=[decision.pk, batch.pk])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("council_member", 403), ("stranger", 404), ("unit_head", 404)])
def test_only_the_granting_body_prints(district, office, chair, client_for, who, status):
    decision = decide(office, chair, district.district, [district.commune])
    batch = services.certificate_batch_start(actor=office, decision=decision)
    client = client_for(who)
    assert client.post(reverse("council:certificate_batch_start", args=[decision.pk])).status_code == status
    assert client.get(batch.get_absolute_url()).status_code == status


def test_a_forged_layout_id_is_not_found(district, office, chair, client_for):
    decision = decide(office, chair, district.district, [district.commune], codes=("LDTT",))
    other = giay_khen_blank(("CSTDCS",))
    response = client_for("office").post(
        reverse("council:certificate_batch_start", args=[decision.pk]), {"layout": other.pk}
    )
    assert response.status_code == 404
    assert not CertificateBatch.objects.exists()


def test_calibration_page_has_the_blanks_size_grid_and_samples(db, superuser):
    layout = BlankLayout.objects.create(name="Phôi Bằng khen", page_width_mm=210, page_height_mm=297)
    BlankField.objects.create(layout=layout, field=CertificateField.NAME, x_mm=30, y_mm=120, width_mm=150)
    client = Client()
    client.force_login(superuser)

    response = client.get(reverse("admin:council_blanklayout_calibration", args=[layout.pk]))

    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert (round(page.mediabox.width), round(page.mediabox.height)) == (595, 842)  # A4 portrait
    text = page.extract_text()
    assert certificates.SAMPLE[CertificateField.NAME] in text
    assert "120" in text and "200" in text  # the grid's millimetre marks
