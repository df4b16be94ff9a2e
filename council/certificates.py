"""Certificates (giấy chứng nhận, giấy khen) by the hundred: every certificate of a decision in
one PDF, one page each in golden-book order, built by a Celery task that reports its progress.

Two layouts: Songlo's own full certificate (A4 landscape, border, QR code to the public
verification page) and printing on pre-printed blanks (phôi), where only the values are printed,
each at the place measured on the blank (``BlankLayout``/``BlankField``, in millimetres from the
top left corner). ``calibration_pdf`` prints a blank's grid and sample text to check the printer.
"""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.utils import timezone

from council.documents import find_font, place_date, qr_png
from council.enums import BatchStatus, CertificateField
from council.models import BlankLayout, CertificateBatch, DecisionEntry
from songlo import signing
from songlo.docx_layout import MOTTO, NATION
from songlo.mail import absolute_url
from songlo.uploads import private_storage

logger = logging.getLogger(__name__)

FOLDER = "certificates"
PROGRESS_EVERY = 25  # pages between two progress writes
PT_TO_MM = 25.4 / 72
SAMPLE = {
    CertificateField.NAME: "Nguyễn Thị Hồng Nhung",
    CertificateField.UNIT: "Trường Tiểu học Đồng Thịnh",
    CertificateField.AWARD: "Chiến sĩ thi đua cơ sở",
    CertificateField.ACHIEVEMENT: "Đã có thành tích xuất sắc trong phong trào thi đua năm học 2024 - 2025",
    CertificateField.DECISION: "125/QĐ-UBND, ngày 20/12/2025",
    CertificateField.ORDINAL: "1234",
    CertificateField.PLACE_DATE: "Sông Lô, ngày 20 tháng 12 năm 2025",
    CertificateField.SIGNER_TITLE: "CHỦ TỊCH",
    CertificateField.SIGNER_NAME: "Trần Văn Chủ",
}


def values_for(entry: DecisionEntry) -> dict[str, str]:
    """What a blank prints for an entry: the values only (the blank carries the labels)."""
    decision, nomination = entry.decision, entry.nomination
    return {
        CertificateField.NAME: str(nomination.subject),
        CertificateField.UNIT: nomination.unit.name,
        CertificateField.AWARD: nomination.award_type.name,
        CertificateField.ACHIEVEMENT: f"Đã có thành tích xuất sắc năm {nomination.year}",
        CertificateField.DECISION: f"{decision.number}, ngày {decision.date:%d/%m/%Y}",
        CertificateField.ORDINAL: str(entry.ordinal),
        CertificateField.PLACE_DATE: place_date(decision.body, decision.date),
        CertificateField.SIGNER_TITLE: decision.signer_title.upper(),
        CertificateField.SIGNER_NAME: decision.signer_name,
    }


def new_pdf(width_mm: float = 297, height_mm: float = 210):
    """An fpdf2 document with the Vietnamese font registered once (``Viet``: regular, B, I)."""
    from fpdf import FPDF

    regular, bold, italic = find_font()
    pdf = FPDF(orientation="P", unit="mm", format=(float(width_mm), float(height_mm)))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("Viet", "", str(regular))
    pdf.add_font("Viet", "B", str(bold))
    pdf.add_font("Viet", "I", str(italic))
    return pdf


def line_height(font_size: int) -> float:
    return font_size * PT_TO_MM * 1.25


# Songlo's own certificate --------------------------------------------------------------------
def draw_own(pdf, entry: DecisionEntry, verify_url: str) -> None:
    """One full certificate page: A4 landscape, border, texts, QR code to the verification page."""
    decision = entry.decision
    nomination = entry.nomination
    pdf.add_page(format=(297, 210))
    pdf.c_margin = 1
    pdf.set_draw_color(170, 20, 20)
    pdf.set_line_width(1.5)
    pdf.rect(8, 8, 281, 194)
    pdf.set_line_width(0.4)
    pdf.rect(11, 11, 275, 188)
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(15, 16)
    pdf.set_font("Viet", "B", 13)
    pdf.cell(267, 7, NATION, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(15)
    pdf.set_font("Viet", "B", 12)
    pdf.cell(267, 7, MOTTO, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(15, 36)
    pdf.set_font("Viet", "B", 14)
    pdf.cell(267, 8, decision.signer_title.upper(), align="C")
    pdf.set_xy(15, 48)
    pdf.set_font("Viet", "", 13)
    pdf.cell(267, 8, "Tặng", align="C")
    pdf.set_xy(15, 60)
    pdf.set_text_color(170, 20, 20)
    pdf.set_font("Viet", "B", 28)
    pdf.cell(267, 14, nomination.award_type.name.upper(), align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(15, 80)
    pdf.set_font("Viet", "", 13)
    pdf.cell(267, 8, "cho", align="C")
    pdf.set_xy(15, 90)
    pdf.set_font("Viet", "B", 22)
    pdf.cell(267, 12, str(nomination.subject), align="C")
    pdf.set_xy(15, 104)
    pdf.set_font("Viet", "", 13)
    pdf.cell(267, 8, nomination.unit.name, align="C")
    pdf.set_xy(15, 114)
    pdf.set_font("Viet", "I", 13)
    pdf.cell(267, 8, f"Đã có thành tích xuất sắc năm {nomination.year}", align="C")
    pdf.set_xy(20, 140)
    pdf.set_font("Viet", "", 11)
    pdf.multi_cell(
        120,
        6,
        f"Quyết định số {decision.number}, ngày {decision.date:%d/%m/%Y}\nSố sổ vàng: {entry.ordinal}",
    )
    pdf.set_xy(160, 132)
    pdf.set_font("Viet", "I", 12)
    pdf.cell(120, 7, place_date(decision.body, decision.date), align="C")
    pdf.set_xy(160, 140)
    pdf.set_font("Viet", "B", 12)
    pdf.cell(120, 7, decision.signer_title.upper(), align="C")
    pdf.set_xy(160, 176)
    pdf.cell(120, 7, decision.signer_name, align="C")
    pdf.image(io.BytesIO(qr_png(verify_url)), x=20, y=158, w=32, h=32)
    pdf.set_xy(54, 176)
    pdf.set_font("Viet", "", 8)
    pdf.multi_cell(90, 4, f"Quét mã để xác minh:\n{verify_url}")


# Printing on blanks --------------------------------------------------------------------------
def draw_blank(pdf, layout: BlankLayout, fields: Iterable, values: dict[str, str]) -> None:
    """One page the size of the blank with each value in its box (no border, no labels)."""
    pdf.add_page(format=(float(layout.page_width_mm), float(layout.page_height_mm)))
    pdf.c_margin = 0
    dx, dy = float(layout.offset_x_mm), float(layout.offset_y_mm)
    for f in fields:
        text = values.get(f.field, "")
        if not text:
            continue
        pdf.set_font("Viet", "B" if f.bold else "", f.font_size)
        pdf.set_xy(float(f.x_mm) + dx, float(f.y_mm) + dy)
        pdf.multi_cell(float(f.width_mm), line_height(f.font_size), text, align=f.align)


def calibration_pdf(layout: BlankLayout) -> bytes:
    """A page the size of the blank: a millimetre grid (every 10 mm, numbered) and every field's
    sample text in its box, to print on plain paper and lay over a blank against the light."""
    fields = list(layout.fields.all())
    pdf = new_pdf(layout.page_width_mm, layout.page_height_mm)
    pdf.add_page()
    width, height = float(layout.page_width_mm), float(layout.page_height_mm)
    pdf.set_draw_color(200, 200, 200)
    pdf.set_line_width(0.1)
    pdf.set_font("Viet", "", 6)
    pdf.set_text_color(150, 150, 150)
    for x in range(0, int(width) + 1, 10):
        pdf.line(x, 0, x, height)
        pdf.text(x + 0.5, 3, str(x))
    for y in range(0, int(height) + 1, 10):
        pdf.line(0, y, width, y)
        pdf.text(0.5, y - 0.5, str(y))
    pdf.set_draw_color(30, 90, 200)
    pdf.set_text_color(0, 0, 0)
    dx, dy = float(layout.offset_x_mm), float(layout.offset_y_mm)
    pdf.c_margin = 0
    for f in fields:
        pdf.set_font("Viet", "B" if f.bold else "", f.font_size)
        x, y = float(f.x_mm) + dx, float(f.y_mm) + dy
        lines = max(
            1,
            len(
                pdf.multi_cell(
                    float(f.width_mm), line_height(f.font_size), SAMPLE[f.field], dry_run=True, output="LINES"
                )
            ),
        )
        pdf.rect(x, y, float(f.width_mm), lines * line_height(f.font_size))
        pdf.set_xy(x, y)
        pdf.multi_cell(float(f.width_mm), line_height(f.font_size), SAMPLE[f.field], align=f.align)
    return bytes(pdf.output())


# The batch -----------------------------------------------------------------------------------
def entries_of(batch: CertificateBatch):
    """The entries a batch prints: not revoked, in golden-book order, only the awards the blank is for."""
    entries = (
        batch.decision.entries.filter(revoked_at__isnull=True)
        .select_related(
            "decision__body",
            "nomination__award_type",
            "nomination__person",
            "nomination__subject_unit",
            "nomination__unit",
        )
        .order_by("ordinal")
    )
    if batch.layout_id:
        awards = list(batch.layout.award_types.values_list("pk", flat=True))
        if awards:
            entries = entries.filter(nomination__award_type__in=awards)
    return entries


def render(batch: CertificateBatch, entries: list[DecisionEntry], progress=None) -> bytes:
    """The PDF of the entries in the batch's layout; ``progress(done)`` now and then."""
    layout = batch.layout
    pdf = new_pdf()
    pdf.set_title(f"Giấy chứng nhận – Quyết định {batch.decision.number}")
    fields = list(layout.fields.all()) if layout else []
    for done, entry in enumerate(entries, start=1):
        if layout is None:
            draw_own(pdf, entry, absolute_url(entry.get_verify_url()))
        else:
            draw_blank(pdf, layout, fields, values_for(entry))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    return bytes(pdf.output())


def build(batch_id: int) -> None:
    """Claim a queued batch (one UPDATE: a second message finds it taken), render, store the PDF."""
    claimed = CertificateBatch.objects.filter(pk=batch_id, status=BatchStatus.QUEUED).update(status=BatchStatus.RUNNING)
    batch = CertificateBatch.objects.filter(pk=batch_id).select_related("decision__body", "layout").first()
    if not claimed or batch is None:
        return
    try:
        entries = list(entries_of(batch))
        CertificateBatch.objects.filter(pk=batch_id).update(total=len(entries))
        data = render(
            batch, entries, progress=lambda done: CertificateBatch.objects.filter(pk=batch_id).update(done=done)
        )
        decision = batch.decision
        data = signing.sign(data, decision.body.code, reason=f"Giấy chứng nhận – Quyết định {decision.number}")
        name = private_storage().save(f"{FOLDER}/{secrets.token_hex(16)}.pdf", ContentFile(data))
    except Exception:
        logger.exception("certificate batch %s failed", batch_id)
        CertificateBatch.objects.filter(pk=batch_id).update(
            status=BatchStatus.FAILED,
            finished_at=timezone.now(),
            error="Lỗi hệ thống khi tạo giấy chứng nhận. Hãy thử lại hoặc báo quản trị viên.",
        )
        return
    CertificateBatch.objects.filter(pk=batch_id).update(
        status=BatchStatus.DONE, done=len(entries), file=name, finished_at=timezone.now()
    )
