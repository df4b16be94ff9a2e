"""The default DOCX templates of a unit's dossier papers, laid out per Decree 30/2020/NĐ-CP with
the kernel's helpers (``songlo.docx_layout``): the submission letter (tờ trình), the achievement
reports (báo cáo thành tích) of an individual and of a collective in the appendix forms of the
decree in force, and the minutes of the unit's review meeting (biên bản họp bình xét).

An office downloads one from the admin (Mẫu văn bản), edits it in Word and uploads it for its
body: every unit below it then uses it (``organisation.documents.template_for``).

The submission letter takes a list of ``lines`` (STT, name, position and unit, award): one line
for one nomination, as many as a submission carries.
"""

from __future__ import annotations

from functools import cache

from songlo.docx_layout import CENTER, JUSTIFY, bytes_, document, header, paragraph, signature, table, title

LINES_TABLE = {
    "headers": ["STT", "Họ và tên, tên tập thể", "Chức vụ, đơn vị", "Danh hiệu, hình thức đề nghị"],
    "cells": ["{{ l.number }}", "{{ l.name }}", "{{ l.position }}", "{{ l.award }} năm {{ l.year }}"],
    "loop": "for l in lines",
    "widths_mm": [12, 50, 55, 48],
}


@cache
def submission_template() -> bytes:
    """Tờ trình của đơn vị đề nghị khen thưởng, with its list of one or many lines."""
    doc = document()
    header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="Số: {{ number }}")
    title(doc, "TỜ TRÌNH", "Về việc đề nghị khen thưởng năm {{ year }}")
    paragraph(doc, "Kính gửi: {{ recipient }}.", align=CENTER)
    paragraph(
        doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True, align=JUSTIFY, indent=True
    )
    paragraph(doc, "Căn cứ {{ legal_basis }};", italic=True, align=JUSTIFY, indent=True)
    paragraph(
        doc,
        "Căn cứ kết quả họp bình xét thi đua, khen thưởng của {{ unit }}{% if review_date %} "
        "{{ review_date|vn_date }}{% endif %},",
        italic=True,
        align=JUSTIFY,
        indent=True,
    )
    paragraph(
        doc,
        "{{ unit }} kính trình {{ recipient }} xem xét, đề nghị khen thưởng cho {{ individuals }} cá nhân"
        "{% if households %}, {{ collectives }} tập thể và {{ households }} hộ gia đình"
        "{% else %} và {{ collectives }} tập thể{% endif %} có tên trong danh sách dưới đây:",
        align=JUSTIFY,
        indent=True,
    )
    table(doc, **LINES_TABLE)
    paragraph(doc, "{{ summary }}", align=JUSTIFY, indent=True)
    paragraph(doc, "Kính trình {{ recipient }} xem xét, quyết định./.", align=JUSTIFY, indent=True)
    signature(
        doc,
        recipients=["- Như trên;", "- Lưu: VT."],
        lines=[("THỦ TRƯỞNG ĐƠN VỊ", True), ("", False), ("", False), ("", False), ("{{ signer_name }}", True)],
    )
    return bytes_(doc)


def _report_header(doc, subject: str) -> None:
    """The report's top: the unit and the motto, the place and date, the form and the decree."""
    header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="")
    paragraph(doc, "{{ form }} – Phụ lục ban hành kèm theo {{ decree }}", italic=True, size=11, align=CENTER)
    title(doc, "BÁO CÁO THÀNH TÍCH", subject)


@cache
def individual_report_template() -> bytes:
    """Báo cáo thành tích của cá nhân (the decree's appendix form for an individual)."""
    doc = document()
    _report_header(doc, "Đề nghị tặng {{ award }} năm {{ year }}")
    paragraph(doc, "I. SƠ LƯỢC LÝ LỊCH", bold=True, align=JUSTIFY)
    for line in (
        "- Họ và tên: {{ name }}; giới tính: {{ gender }}.",
        "- Ngày, tháng, năm sinh: {{ birth_date }}.",
        "- Chức vụ, đơn vị công tác: {{ position }}.",
        "- Ngày bắt đầu công tác: {{ joined_on }}.",
        "{{ situation }}",
    ):
        paragraph(doc, line, align=JUSTIFY, indent=True)
    paragraph(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, align=JUSTIFY)
    paragraph(doc, "1. Kết quả thực hiện nhiệm vụ được giao: {{ achievements }}", align=JUSTIFY, indent=True)
    paragraph(doc, "2. Các biện pháp, giải pháp đã thực hiện: {{ measures }}", align=JUSTIFY, indent=True)
    paragraph(doc, "3. Sáng kiến, đề tài, giải pháp: {{ initiatives }}", align=JUSTIFY, indent=True)
    paragraph(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, align=JUSTIFY)
    paragraph(doc, "{{ prior_awards }}", align=JUSTIFY, indent=True)
    paragraph(doc, "Kỷ luật: {{ discipline }}", align=JUSTIFY, indent=True)
    _report_signatures(
        doc, left="THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN", right="NGƯỜI BÁO CÁO THÀNH TÍCH", right_name="{{ name }}"
    )
    return bytes_(doc)


@cache
def collective_report_template() -> bytes:
    """Báo cáo thành tích của tập thể (the decree's appendix form for a collective)."""
    doc = document()
    _report_header(doc, "Đề nghị tặng {{ award }} năm {{ year }}")
    paragraph(doc, "Tên tập thể: {{ name }}", bold=True, align=JUSTIFY)
    paragraph(doc, "I. ĐẶC ĐIỂM, TÌNH HÌNH", bold=True, align=JUSTIFY)
    paragraph(doc, "{{ situation }}", align=JUSTIFY, indent=True)
    paragraph(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, align=JUSTIFY)
    paragraph(doc, "1. Kết quả thực hiện nhiệm vụ: {{ achievements }}", align=JUSTIFY, indent=True)
    paragraph(doc, "2. Các biện pháp, giải pháp đã thực hiện: {{ measures }}", align=JUSTIFY, indent=True)
    paragraph(doc, "3. Sáng kiến, đề tài, giải pháp: {{ initiatives }}", align=JUSTIFY, indent=True)
    paragraph(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True, align=JUSTIFY)
    paragraph(doc, "{{ prior_awards }}", align=JUSTIFY, indent=True)
    paragraph(doc, "Kỷ luật: {{ discipline }}", align=JUSTIFY, indent=True)
    _report_signatures(
        doc, left="THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN XÁC NHẬN", right="THỦ TRƯỞNG ĐƠN VỊ", right_name="{{ signer_name }}"
    )
    return bytes_(doc)


def _report_signatures(doc, *, left: str, right: str, right_name: str) -> None:
    """The report's two signatures side by side: who confirms on the left, who reports on the right."""
    from songlo.docx_layout import cell_text, no_borders

    grid = doc.add_table(rows=1, cols=2)
    no_borders(grid)
    cell_text(grid.rows[0].cells[0], [(left, True, False), ("", False, False), ("", False, False)])
    cell_text(
        grid.rows[0].cells[1],
        [(right, True, False), ("", False, False), ("", False, False), (right_name, True, False)],
    )


@cache
def review_minutes_template() -> bytes:
    """Biên bản họp bình xét thi đua, khen thưởng của đơn vị."""
    doc = document()
    header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="")
    title(doc, "BIÊN BẢN", "Họp bình xét thi đua, khen thưởng năm {{ year }}")
    paragraph(doc, "Thời gian: {{ date|vn_date }}. Địa điểm: {{ unit }}.", align=JUSTIFY, indent=True)
    paragraph(
        doc,
        "Thành phần: {{ attendees }}/{{ members }} thành viên có mặt.",
        align=JUSTIFY,
        indent=True,
    )
    paragraph(doc, "Nội dung: {{ summary }}", align=JUSTIFY, indent=True)
    paragraph(
        doc,
        "Kết quả bỏ phiếu kín: {{ votes_for }}/{{ members }} phiếu đồng ý, đạt tỷ lệ {{ percent|vn_percent }}"
        " tổng số thành viên; đề nghị khen thưởng cho các cá nhân, tập thể sau:",
        align=JUSTIFY,
        indent=True,
    )
    table(doc, **LINES_TABLE)
    paragraph(doc, "Biên bản được lập xong và thông qua tại cuộc họp./.", align=JUSTIFY, indent=True)
    signature(
        doc,
        recipients=["- Hồ sơ đề nghị khen thưởng;", "- Lưu: VT."],
        lines=[("CHỦ TRÌ CUỘC HỌP", True), ("", False), ("", False), ("", False), ("{{ signer_name }}", True)],
    )
    return bytes_(doc)
