"""Council documents in the layout of Vietnamese administrative papers: the decision and the
minutes (DOCX, python-docx), and one certificate per awardee (PDF A4 landscape, fpdf2) with a
QR code (segno) to the public verification page.

The PDF needs a TrueType font with Vietnamese glyphs. None is committed: Debian's
fonts-noto-core (or fonts-dejavu-core) provides one; ``SONGLO_FONT_DIR`` may point elsewhere.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from council.enums import BatchStatus, DocumentKind
from council.models import CouncilSession, Decision, DecisionEntry, PdfJob
from council.selectors import entries_for_decision, minutes_items
from organisation.documents import template_for
from songlo import signing
from songlo.docx import DocumentTemplateError, libreoffice, render, to_pdf, vn_date
from songlo.uploads import private_storage

logger = logging.getLogger(__name__)

FONT_CANDIDATES = [
    ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSerif-Italic.ttf"),
    ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
]
FONT_DIRS = ["/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/dejavu", "/usr/share/fonts"]


class FontMissing(RuntimeError):
    pass


def place_of(body) -> str:
    """ "Huyện Sông Lô" -> "Sông Lô": the place name written before the date."""
    return body.name.split(" ", 1)[-1] if body.name else ""


def place_date(body, day) -> str:
    """ "Sông Lô, ngày 20 tháng 3 năm 2025" (Decree 30/2020: leading zeros per ``vn_date``)."""
    return f"{place_of(body)}, {vn_date(day)}"


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
def _issuer(body) -> str:
    return f"ỦY BAN NHÂN DÂN {body.name}".upper()


def _signing_for(title: str) -> str:
    """ "TM. ỦY BAN NHÂN DÂN" above the chair, "KT. CHỦ TỊCH" above a deputy (Decree 30, Art. 13)."""
    lowered = title.strip().lower()
    if lowered.startswith("phó chủ tịch"):
        return "KT. CHỦ TỊCH"
    if lowered.startswith("chủ tịch"):
        return "TM. ỦY BAN NHÂN DÂN"
    return ""


def decision_context(decision: Decision, entries) -> dict:
    from awards.catalogue import base_salary_on, legal_version_on
    from songlo.numbers import money_in_words

    entries = list(entries)
    total = sum(e.reward or 0 for e in entries)
    law = legal_version_on(decision.date).name.split(" (", 1)[0]
    return {
        "issuer_parent": "",
        "issuer": _issuer(decision.body),
        "number": decision.number,
        "place": place_of(decision.body),
        "date": decision.date,
        "summary": decision.summary,
        "legal_basis": f"{law} quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "session_date": timezone.localtime(decision.session.date).date() if decision.session else None,
        "base_salary": next((e.base_salary for e in entries if e.base_salary), None) or base_salary_on(decision.date),
        "total": total,
        "total_in_words": money_in_words(total).lower(),
        "signing_for": _signing_for(decision.signer_title),
        "signer_title": decision.signer_title,
        "signer_name": decision.signer_name,
        "office_short": "VP",
        "entries": [
            {
                "ordinal": e.ordinal,
                "subject": str(e.nomination.subject),
                "unit": e.nomination.unit.name,
                "award": e.nomination.award_type.name,
                "year": e.nomination.year,
                "reward": e.reward,
            }
            for e in entries
        ],
    }


def sample_context(kind: str) -> dict:
    """A context with every value a template of that kind may use: uploads are checked with it."""
    import datetime

    day = datetime.date(2025, 12, 20)
    common = {"issuer_parent": "", "issuer": "ỦY BAN NHÂN DÂN HUYỆN MẪU", "place": "Mẫu", "date": day}
    if kind == DocumentKind.DECISION:
        entry = {"ordinal": 1, "subject": "Nguyễn Văn A", "unit": "Xã B", "award": "Lao động tiên tiến", "year": 2025,
                 "reward": 702_000}  # fmt: skip
        return {
            **common,
            "number": "1/QĐ-UBND",
            "summary": "Về việc khen thưởng",
            "legal_basis": "Nghị định mẫu",
            "session_date": day,
            "base_salary": 2_340_000,
            "total": 702_000,
            "total_in_words": "bảy trăm linh hai nghìn đồng",
            "signing_for": "TM. ỦY BAN NHÂN DÂN",
            "signer_title": "Chủ tịch",
            "signer_name": "Trần Văn C",
            "office_short": "VP",
            "entries": [entry],
        }
    if kind == DocumentKind.BUNDLE:
        line = {"number": 1, "subject": "Nguyễn Văn A", "unit": "Xã B", "award": "Bằng khen", "year": 2025}
        return {
            **common,
            "number": "1/TTr-UBND",
            "recipient": "Ủy ban nhân dân tỉnh",
            "authority": "Chủ tịch UBND cấp tỉnh",
            "individuals": 1,
            "collectives": 0,
            "signer_title": "Chủ tịch",
            "lines": [line],
        }
    item = {"number": 1, "subject": "Nguyễn Văn A", "award": "Chiến sĩ thi đua cơ sở", "year": 2025, "agree": 2,
            "disagree": 1, "percent": 66.67, "base": 3, "rule": "≥ 70%", "result": "Không thông qua", "lines": 0,
            "names": []}  # fmt: skip
    line = {"list": 2, "number": 1, "subject": "Trần Thị B", "unit": "Xã B", "award": "Lao động tiên tiến",
            "year": 2025, "result": "Thông qua"}  # fmt: skip
    return {
        **common,
        "issuer": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "time": "08 giờ 00",
        "venue": "Hội trường",
        "member_count": 3,
        "present_count": 3,
        "absent_count": 0,
        "quorum_text": "đủ",
        "quorum": "2/3",
        "present_names": "A, B, C",
        "chair_name": "Trần Văn C",
        "closed_time": "10 giờ 00",
        "items": [item],
        "list_lines": [line],
    }


def decision_docx(decision: Decision, entries) -> bytes:
    """The decision and its attached list, from the body's template (A4, Decree 30/2020)."""
    return render(template_for(decision.body, DocumentKind.DECISION), decision_context(decision, entries))


def minutes_context(session: CouncilSession, items, members) -> dict:
    day = timezone.localtime(session.date)
    members = list(members)
    present = [m for m in members if m.present]
    chair = next((m for m in members if m.is_chair), None)
    closed = timezone.localtime(session.closed_at) if session.closed_at else None
    return {
        "issuer_parent": _issuer(session.body),
        "issuer": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "place": place_of(session.body),
        "date": day.date(),
        "time": f"{day:%H} giờ {day:%M}",
        "venue": session.place,
        "member_count": session.member_count,
        "present_count": session.present_count or 0,
        "absent_count": session.member_count - (session.present_count or 0),
        "quorum_text": "đủ" if session.quorum_met else "không đủ",
        "quorum": f"{session.quorum_numerator}/{session.quorum_denominator}",
        "present_names": ", ".join(m.user.full_name or m.user.username for m in present),
        "chair_name": (chair.user.full_name or chair.user.username) if chair else "",
        "closed_time": f"{closed:%H} giờ {closed:%M}" if closed else "",
        **_minutes_items(items),
    }


def _minutes_items(items) -> dict:
    """One row per item voted on: a nomination, a list (its count of lines, each line named in
    ``list_lines``), an exception pulled out of a list (named as such, with its own result)."""
    rows, list_lines = [], []
    voted = [item for item in items if item.parent_id is None]
    for number, item in enumerate(voted, start=1):
        lines = list(item.lines.all()) if item.is_list else []
        if item.is_list:
            subject = f"{item.title}: {len(lines)} hồ sơ, biểu quyết một lần"
            exceptions = list(item.exceptions.all())
            if exceptions:
                subject += f" (không gồm {len(exceptions)} hồ sơ xét riêng)"
            awards = sorted({line.nomination.award_type.name for line in lines})
            award, year = ", ".join(awards), (lines[0].nomination.year if lines else "")
        else:
            subject = str(item.nomination.subject)
            if item.excepted_from_id:
                subject += f" (xét riêng, tách khỏi danh sách số {item.excepted_from.order})"
            award, year = item.nomination.award_type.name, item.nomination.year
        rows.append(
            {
                "number": number,
                "subject": subject,
                "award": award,
                "year": year,
                "agree": "" if item.votes_agree is None else item.votes_agree,
                "disagree": "" if item.votes_disagree is None else item.votes_disagree,
                "percent": item.percent_agree,
                "base": item.base_count,
                "rule": item.rule_text + (" (phiếu giấy)" if item.has_paper_tally else ""),
                "result": item.get_result_display(),
                "lines": len(lines),
                "names": [str(line.nomination.subject) for line in lines],
            }
        )
        list_lines += [
            {
                "list": number,
                "number": n,
                "subject": str(line.nomination.subject),
                "unit": line.nomination.unit.name,
                "award": line.nomination.award_type.name,
                "year": line.nomination.year,
                "result": line.get_result_display() or item.get_result_display(),
            }
            for n, line in enumerate(lines, start=1)
        ]
    return {"items": rows, "list_lines": list_lines}


def results_context(session: CouncilSession) -> dict:
    """The office's submission of a closed session's approved lines to the chair."""
    from awards.catalogue import legal_version_on
    from council.enums import ItemResult

    day = timezone.localtime(session.date).date()
    items = [
        i
        # A list's head carries no nomination: its lines, which took its result, are listed.
        for i in session.items.filter(nomination__isnull=False).select_related(
            "nomination__award_type", "nomination__person", "nomination__subject_unit", "nomination__unit"
        )
        if i.result == ItemResult.PASSED
    ]
    chair = next((m for m in session.members.select_related("user") if m.is_chair), None)
    law = legal_version_on(day).name.split(" (", 1)[0]
    return {
        "issuer_parent": _issuer(session.body),
        "issuer": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "number": "......../TTr-HĐTĐKT",
        "place": place_of(session.body),
        "date": timezone.localtime(session.closed_at).date() if session.closed_at else day,
        "recipient": f"Chủ tịch Ủy ban nhân dân {session.body.name}",
        "legal_basis": f"{law} quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "session_date": day,
        "session_title": session.title,
        "individuals": sum(1 for i in items if i.nomination.person_id),
        "collectives": sum(1 for i in items if not i.nomination.person_id),
        "signer_title": "Chủ tịch Hội đồng",
        "signer_name": (chair.user.full_name or chair.user.username) if chair else "",
        "lines": [
            {
                "number": number,
                "subject": str(item.nomination.subject),
                "unit": item.nomination.unit.name,
                "award": item.nomination.award_type.name,
                "year": item.nomination.year,
                "percent": item.percent_agree,
            }
            for number, item in enumerate(items, start=1)
        ],
    }


def sample_results() -> dict:
    import datetime

    line = {"number": 1, "subject": "Nguyễn Văn A", "unit": "Xã B", "award": "Lao động tiên tiến", "year": 2025,
            "percent": 100}  # fmt: skip
    return {
        "issuer_parent": "ỦY BAN NHÂN DÂN HUYỆN MẪU",
        "issuer": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "number": "1/TTr-HĐTĐKT",
        "place": "Mẫu",
        "date": datetime.date(2025, 12, 20),
        "recipient": "Chủ tịch Ủy ban nhân dân huyện Mẫu",
        "legal_basis": "Nghị định mẫu",
        "session_date": datetime.date(2025, 12, 20),
        "session_title": "Phiên họp mẫu",
        "individuals": 1,
        "collectives": 0,
        "signer_title": "Chủ tịch Hội đồng",
        "signer_name": "Trần Văn C",
        "lines": [line],
    }


RESULTS = "session_results"


def register() -> None:
    """The council's documents in the kernel's registry (the admin lists them; the session's
    submission of results is served by the generic document views)."""
    from django.utils.translation import gettext_lazy as _

    from council import docx_templates as t
    from council.enums import SessionStatus
    from council.selectors import sessions_for_user
    from songlo.docx import DOCUMENTS, DocumentSpec

    for order, (kind, default) in enumerate(
        [
            (DocumentKind.DECISION, t.decision_template),
            (DocumentKind.MINUTES, t.minutes_template),
            (DocumentKind.BUNDLE, t.bundle_template),
        ],
        start=20,
    ):
        DOCUMENTS.register(
            kind.value, DocumentSpec(kind.label, default, lambda kind=kind: sample_context(kind)), order=order
        )
    DOCUMENTS.register(
        RESULTS,
        DocumentSpec(
            _("Tờ trình kết quả họp Hội đồng đề nghị khen thưởng"),
            t.results_template,
            sample_results,
            queryset=lambda user: (
                CouncilSession.objects.select_related("body") if user is None else sessions_for_user(user)
            ),
            perm="council.view_session",
            body=lambda session: session.body,
            context=results_context,
            filename=lambda session: f"to-trinh-ket-qua-{session.pk}",
            changed_at=lambda session: session.closed_at,
            available=lambda session: session.status == SessionStatus.CLOSED,
        ),
        order=22,
    )


def minutes_docx(session: CouncilSession, items, members) -> bytes:
    """Biên bản: attendance and, per item, the tally (never who voted what)."""
    return render(template_for(session.body, DocumentKind.MINUTES), minutes_context(session, items, members))


def docx_to_pdf(data: bytes) -> bytes | None:
    """PDF of a DOCX through LibreOffice when it is installed; None otherwise."""
    if libreoffice() is None:
        return None
    return to_pdf(data)


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
    body = entry.decision.body
    return signing.sign(bytes(pdf.output()), body.code, reason=f"Quyết định {entry.decision.number}")


# PDF jobs ------------------------------------------------------------------------------------
def build_pdf(job_id: int) -> None:
    """Claim a queued PDF job (one UPDATE), fill the document's DOCX and convert it; store the PDF."""
    claimed = PdfJob.objects.filter(pk=job_id, status=BatchStatus.QUEUED).update(status=BatchStatus.RUNNING)
    job = PdfJob.objects.filter(pk=job_id).select_related("decision__body", "session__body").first()
    if not claimed or job is None:
        return
    try:
        if job.kind == DocumentKind.DECISION:
            decision = job.decision
            pdf = to_pdf(decision_docx(decision, entries_for_decision(decision)))
            # The decision carries the body's digital signature when it has a certificate.
            pdf = signing.sign(
                pdf, decision.body.code, reason=f"Quyết định {decision.number}", location=place_of(decision.body)
            )
        else:
            session = job.session
            items = minutes_items(session)
            pdf = to_pdf(minutes_docx(session, items, session.members.select_related("user")))
        name = private_storage().save(f"documents/{secrets.token_hex(16)}.pdf", ContentFile(pdf))
    except Exception as error:
        logger.exception("pdf job %s failed", job_id)
        message = str(error) if isinstance(error, (DocumentTemplateError, RuntimeError)) else ""
        PdfJob.objects.filter(pk=job_id).update(
            status=BatchStatus.FAILED,
            finished_at=timezone.now(),
            error=message or "Lỗi hệ thống khi tạo tệp PDF. Hãy thử lại hoặc báo quản trị viên.",
        )
        return
    PdfJob.objects.filter(pk=job_id).update(status=BatchStatus.DONE, file=name, finished_at=timezone.now())
