"""Council documents in the layout of Vietnamese administrative papers: the decision and the
minutes (DOCX, python-docx), and one certificate per awardee (PDF A4 landscape, fpdf2) with a
QR code (segno) to the public verification page.

The PDF needs a TrueType font with Vietnamese glyphs. None is committed: Debian's
fonts-noto-core (or fonts-dejavu-core) provides one; ``SONGLO_FONT_DIR`` may point elsewhere.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils import timezone

from council.models import CouncilSession, Decision, DecisionEntry

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT_CANDIDATES = [
    ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
]
FONT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts"]


class FontMissing(RuntimeError):
    pass


def money(amount: int | None) -> str:
    return "—" if amount is None else f"{amount:,}".replace(",", ".") + " đồng"


def place_date(body, day) -> str:
    place = body.name.split(" ", 1)[-1] if body.name else ""
    return f"{place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}"


def find_font() -> tuple[Path, Path, Path]:
    """(regular, bold, italic) TTF paths with Vietnamese glyphs, or a clear error."""
    dirs = [os.environ["SONGLO_FONT_DIR"]] if os.environ.get("SONGLO_FONT_DIR") else []
    dirs += FONT_DIRS
    for names in FONT_CANDIDATES:
        for base in dirs:
            found = [next(Path(base).rglob(n), None) if Path(base).is_dir() else None for n in names]
            if found[0] and found[1]:
                return found[0], found[1], found[2] or found[0]
    raise FontMissing(
        "Không tìm thấy phông chữ TrueType có dấu tiếng Việt: cài gói fonts-noto-core "
        "(apt-get install fonts-noto-core) hoặc đặt SONGLO_FONT_DIR."
    )


# DOCX ----------------------------------------------------------------------------------------
def _docx_header(doc, issuer: str, number: str, place_date: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = doc.add_table(rows=2, cols=2)
    left, right = table.rows[0].cells
    left.text, right.text = issuer.upper(), NATION
    table.rows[1].cells[0].text = f"Số: {number}" if number else ""
    table.rows[1].cells[1].text = MOTTO
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in p.runs:
                    run.font.size = Pt(12)
                    run.bold = True
    para = doc.add_paragraph(place_date)
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para.runs[0].italic = True


def _docx_bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def decision_docx(decision: Decision, entries) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    _docx_header(
        doc, f"ỦY BAN NHÂN DÂN {decision.body.name}", decision.number, place_date(decision.body, decision.date)
    )
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("QUYẾT ĐỊNH").bold = True
    summary = doc.add_paragraph(decision.summary)
    summary.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15; căn cứ các văn bản hướng dẫn thi hành; "
        "xét đề nghị của Hội đồng Thi đua - Khen thưởng"
        + (f" tại phiên họp ngày {timezone.localtime(decision.session.date):%d/%m/%Y}" if decision.session else "")
        + "."
    )
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("QUYẾT ĐỊNH:").bold = True
    doc.add_paragraph("Điều 1. Tặng danh hiệu thi đua, hình thức khen thưởng cho các cá nhân, tập thể sau:")
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        ["Số sổ vàng", "Họ tên / Tập thể", "Đơn vị", "Danh hiệu, hình thức", "Tiền thưởng"],
        strict=True,
    ):
        cell.text = text
    total = 0
    for entry in entries:
        n = entry.nomination
        row = table.add_row().cells
        row[0].text = str(entry.ordinal)
        row[1].text = str(n.subject)
        row[2].text = n.unit.name
        row[3].text = f"{n.award_type.name} năm {n.year}"
        row[4].text = money(entry.reward)
        total += entry.reward or 0
    doc.add_paragraph(
        f"Điều 2. Mức tiền thưởng bằng hệ số nhân với mức lương cơ sở áp dụng ngày {decision.date:%d/%m/%Y}; "
        f"tổng cộng {money(total)}."
    )
    doc.add_paragraph(
        "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Các cơ quan, đơn vị và cá nhân có tên tại Điều 1 "
        "chịu trách nhiệm thi hành."
    )
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run(f"{decision.signer_title.upper()}\n\n\n\n").bold = True
    sign.add_run(decision.signer_name).bold = True
    return _docx_bytes(doc)


def minutes_docx(session: CouncilSession, items, members) -> bytes:
    """Biên bản: attendance and, per item, the tally (never who voted what)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    day = timezone.localtime(session.date)
    _docx_header(doc, f"HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG {session.body.name}", "", place_date(session.body, day))
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG").bold = True
    doc.add_paragraph(f"Thời gian: {day:%H:%M} ngày {day:%d/%m/%Y}. Địa điểm: {session.place}.")
    present = [m for m in members if m.present]
    doc.add_paragraph(
        f"Thành viên Hội đồng: {session.member_count}; có mặt: {session.present_count or 0}; "
        f"vắng mặt: {session.member_count - (session.present_count or 0)}. "
        f"Phiên họp {'đủ' if session.quorum_met else 'không đủ'} điều kiện tiến hành "
        f"(tối thiểu {session.quorum_numerator}/{session.quorum_denominator} tổng số thành viên có mặt)."
    )
    doc.add_paragraph("Thành viên có mặt: " + ", ".join(m.user.full_name or m.user.username for m in present) + ".")
    doc.add_paragraph("Kết quả bỏ phiếu kín:")
    table = doc.add_table(rows=1, cols=7)
    table.style = "Table Grid"
    headers = ["TT", "Họ tên / Tập thể", "Danh hiệu, hình thức", "Đồng ý", "Không đồng ý", "Tỷ lệ, căn cứ", "Kết quả"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for i, item in enumerate(items, start=1):
        n = item.nomination
        row = table.add_row().cells
        row[0].text = str(i)
        row[1].text = str(n.subject)
        row[2].text = f"{n.award_type.name} năm {n.year}"
        row[3].text = "" if item.votes_agree is None else str(item.votes_agree)
        row[4].text = "" if item.votes_disagree is None else str(item.votes_disagree)
        percent = item.percent_agree
        row[5].text = (
            (f"{percent:g}% / {item.base_count}; " if percent is not None else "")
            + item.rule_text
            + (" (phiếu giấy)" if item.has_paper_tally else "")
        )
        row[6].text = item.get_result_display()
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run("CHỦ TỊCH HỘI ĐỒNG").bold = True
    return _docx_bytes(doc)


def docx_to_pdf(data: bytes) -> bytes | None:
    """PDF of a DOCX through LibreOffice when it is installed; None otherwise."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.docx"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed arguments, the file is ours
            [office, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        return (Path(folder) / "doc.pdf").read_bytes()


# Certificate ---------------------------------------------------------------------------------
def qr_png(url: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def certificate_pdf(entry: DecisionEntry, verify_url: str) -> bytes:
    """One certificate, A4 landscape, Vietnamese text, QR code to the verification page."""
    from council.certificates import draw_own, new_pdf

    pdf = new_pdf()
    pdf.set_title(f"{entry.nomination.award_type.name} – {entry.nomination.subject}")
    draw_own(pdf, entry, verify_url)
    return bytes(pdf.output())
