"""The default DOCX templates of the council's documents, laid out per Decree 30/2020/NĐ-CP on
administrative documents with the kernel's helpers (``songlo.docx_layout``).

An office downloads one from the admin (Mẫu văn bản), edits it in Word and uploads its own
version (``organisation.DocumentTemplate``), which then replaces the default for its body. The
tags inside are docxtpl/Jinja (``songlo.docx``).
"""

from __future__ import annotations

from functools import cache

from docx.enum.text import WD_ALIGN_PARAGRAPH

from songlo.docx_layout import bytes_, document, header, paragraph, signature, table, title


@cache
def decision_template() -> bytes:
    """Quyết định khen thưởng, with its list attached on a new page."""
    doc = document()
    header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="Số: {{ number }}")
    title(doc, "QUYẾT ĐỊNH", "{{ summary }}")
    paragraph(doc, "{{ signer_title|upper }} {{ issuer|upper }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True, align=body, indent=True)
    paragraph(doc, "Căn cứ {{ legal_basis }};", italic=True, align=body, indent=True)
    paragraph(
        doc,
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng{% if session_date %} tại phiên họp {{ session_date|vn_date }}"
        "{% endif %},",
        italic=True,
        align=body,
        indent=True,
    )
    paragraph(doc, "QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(
        doc,
        "Điều 1. Tặng danh hiệu thi đua, hình thức khen thưởng cho {{ entries|length }} cá nhân, tập thể có tên "
        "trong danh sách kèm theo Quyết định này.",
        align=body,
        indent=True,
    )
    paragraph(
        doc,
        "Điều 2. Tiền thưởng kèm theo bằng hệ số nhân với mức lương cơ sở {{ base_salary|vn_number }} đồng "
        "áp dụng tại thời điểm ban hành quyết định; tổng số tiền thưởng là {{ total|vn_number }} đồng "
        "({{ total_in_words }}), chi từ quỹ thi đua, khen thưởng theo quy định.",
        align=body,
        indent=True,
    )
    paragraph(
        doc,
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Trưởng các cơ quan, đơn vị liên "
        "quan và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        align=body,
        indent=True,
    )
    signature(
        doc,
        recipients=["- Như Điều 3;", "- Lưu: VT, {{ office_short }}."],
        lines=[
            ("{{ signing_for }}", True),
            ("{{ signer_title|upper }}", True),
            ("", False),
            ("", False),
            ("", False),
            ("{{ signer_name }}", True),
        ],
    )
    doc.add_page_break()
    paragraph(doc, "DANH SÁCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(doc, "CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(
        doc,
        "(Kèm theo Quyết định số {{ number }} {{ date|vn_date }} của {{ signer_title }} {{ issuer }})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    table(
        doc,
        ["Số sổ vàng", "Họ và tên, tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Tiền thưởng (đồng)"],
        [
            "{{ e.ordinal }}",
            "{{ e.subject }}",
            "{{ e.unit }}",
            "{{ e.award }} năm {{ e.year }}",
            "{{ e.reward|vn_number }}",
        ],
        loop="for e in entries",
        widths_mm=[18, 50, 45, 45, 27],
    )
    return bytes_(doc)


@cache
def minutes_template() -> bytes:
    """Biên bản họp Hội đồng: attendance, quorum, the tally per item (never who voted what)."""
    doc = document()
    header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="")
    title(doc, "BIÊN BẢN", "Họp Hội đồng Thi đua - Khen thưởng")
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph(doc, "Thời gian: {{ time }} {{ date|vn_date }}. Địa điểm: {{ venue }}.", align=body, indent=True)
    paragraph(
        doc,
        "Thành viên Hội đồng: {{ member_count }}; có mặt: {{ present_count }}; vắng mặt: {{ absent_count }}. "
        "Phiên họp {{ quorum_text }} điều kiện tiến hành (tối thiểu {{ quorum }} tổng số thành viên).",
        align=body,
        indent=True,
    )
    paragraph(doc, "Thành viên có mặt: {{ present_names }}.", align=body, indent=True)
    paragraph(doc, "Kết quả bỏ phiếu kín:", align=body, indent=True)
    table(
        doc,
        ["TT", "Họ và tên, tên tập thể", "Danh hiệu, hình thức", "Đồng ý", "Không đồng ý", "Tỷ lệ, căn cứ", "Kết quả"],
        [
            "{{ i.number }}",
            "{{ i.subject }}",
            "{{ i.award }} năm {{ i.year }}",
            "{{ i.agree }}",
            "{{ i.disagree }}",
            "{% if i.percent is not none %}{{ i.percent|vn_percent }} / {{ i.base }}; {% endif %}{{ i.rule }}",
            "{{ i.result }}",
        ],
        loop="for i in items",
        widths_mm=[10, 40, 35, 15, 17, 32, 16],
    )
    paragraph(doc, "{%p if list_lines %}")
    paragraph(
        doc,
        "Danh sách biểu quyết một lần (các hồ sơ xét riêng đã được tách khỏi danh sách và ghi kết quả ở trên):",
        align=body,
        indent=True,
    )
    table(
        doc,
        ["Nội dung", "TT", "Họ và tên, tên tập thể, hộ gia đình", "Đơn vị", "Danh hiệu, hình thức", "Kết quả"],
        [
            "{{ l.list }}",
            "{{ l.number }}",
            "{{ l.subject }}",
            "{{ l.unit }}",
            "{{ l.award }} năm {{ l.year }}",
            "{{ l.result }}",
        ],
        loop="for l in list_lines",
        widths_mm=[18, 12, 50, 35, 35, 25],
    )
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "Biên bản kết thúc lúc {{ closed_time }} cùng ngày./.", align=body, indent=True)
    signature(
        doc,
        recipients=["- Thường trực Hội đồng;", "- Lưu: VT."],
        lines=[("CHỦ TỊCH HỘI ĐỒNG", True), ("", False), ("", False), ("", False), ("{{ chair_name }}", True)],
    )
    return bytes_(doc)


@cache
def bundle_template() -> bytes:
    """Tờ trình đề nghị cấp trên khen thưởng, with the list of the people and collectives proposed."""
    doc = document()
    header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="Số: {{ number }}")
    title(doc, "TỜ TRÌNH", "Về việc đề nghị {{ authority }} khen thưởng")
    paragraph(doc, "Kính gửi: {{ recipient }}.", align=WD_ALIGN_PARAGRAPH.CENTER)
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True, align=body, indent=True)
    paragraph(
        doc,
        "Căn cứ kết quả họp xét của Hội đồng Thi đua - Khen thưởng, {{ issuer }} kính trình {{ recipient }} "
        "xem xét, khen thưởng cho {{ individuals }} cá nhân và {{ collectives }} tập thể, hộ gia đình có tên "
        "trong danh sách kèm theo Tờ trình này (hồ sơ kèm theo).",
        align=body,
        indent=True,
    )
    paragraph(doc, "Kính trình {{ recipient }} xem xét, quyết định./.", align=body, indent=True)
    signature(
        doc,
        recipients=["- Như trên;", "- Lưu: VT."],
        lines=[("TM. ỦY BAN NHÂN DÂN", True), ("{{ signer_title|upper }}", True), ("", False), ("", False)],
    )
    doc.add_page_break()
    paragraph(doc, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph(
        doc,
        "(Kèm theo Tờ trình số {{ number }} {{ date|vn_date }} của {{ issuer }})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    table(
        doc,
        ["STT", "Họ và tên, tên tập thể", "Đơn vị", "Danh hiệu, hình thức"],
        ["{{ l.number }}", "{{ l.subject }}", "{{ l.unit }}", "{{ l.award }} năm {{ l.year }}"],
        loop="for l in lines",
        widths_mm=[12, 60, 50, 43],
    )
    return bytes_(doc)


@cache
def results_template() -> bytes:
    """Tờ trình kết quả họp Hội đồng: the office asks the chair to decide the approved lines."""
    doc = document()
    header(doc, issuer_parent="{{ issuer_parent }}", issuer="{{ issuer }}", number="Số: {{ number }}")
    title(doc, "TỜ TRÌNH", "Về việc đề nghị khen thưởng theo kết quả họp Hội đồng Thi đua - Khen thưởng")
    paragraph(doc, "Kính gửi: {{ recipient }}.", align=WD_ALIGN_PARAGRAPH.CENTER)
    body = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph(doc, "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", italic=True, align=body, indent=True)
    paragraph(doc, "Căn cứ {{ legal_basis }};", italic=True, align=body, indent=True)
    paragraph(
        doc,
        "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng {{ session_date|vn_date }} ({{ session_title }}), "
        "Thường trực Hội đồng kính trình {{ recipient }} xem xét, quyết định khen thưởng cho {{ individuals }} "
        "cá nhân và {{ collectives }} tập thể có tên trong danh sách dưới đây:",
        align=body,
        indent=True,
    )
    table(
        doc,
        ["STT", "Họ và tên, tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Tỷ lệ đồng ý"],
        [
            "{{ l.number }}",
            "{{ l.subject }}",
            "{{ l.unit }}",
            "{{ l.award }} năm {{ l.year }}",
            "{% if l.percent is not none %}{{ l.percent|vn_percent }}{% endif %}",
        ],
        loop="for l in lines",
        widths_mm=[12, 48, 45, 40, 20],
    )
    paragraph(doc, "Kính trình {{ recipient }} xem xét, quyết định./.", align=body, indent=True)
    signature(
        doc,
        recipients=["- Như trên;", "- Lưu: VT."],
        lines=[("TM. HỘI ĐỒNG", True), ("{{ signer_title|upper }}", True), ("", False), ("", False), ("", False),
               ("{{ signer_name }}", True)],
    )  # fmt: skip
    return bytes_(doc)
