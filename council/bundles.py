"""A bundle's downloads (tờ trình DOCX, the list as XLSX in the province's layout, a ZIP of the
dossiers) and the reading of the higher level's decision list (XLSX) matched to its lines.

The list's layout is the province's (the filled form offices send up, "DANHSACH"): the title in
A1 merged over A1:F1, a blank row, the header on row 3, one row per line from row 4.
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import SubjectKind
from council.documents import _issuer, place_of, template_for
from council.enums import DocumentKind
from council.models import BundleLine, HigherProposal, ProposalBundle
from songlo.docx import render
from songlo.spreadsheets import append_row, workbook, xlsx_bytes
from songlo.text import unaccent

LIST_TITLE = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
LIST_HEADER = [
    "STT",
    "Phân loại khen thưởng",
    "Tên tập thể/cá nhân/hộ gia đình",
    "Chức vụ",
    "Đơn vị công tác",
    "Danh hiệu thi đua/Hình thức khen thưởng",
    "Phân loại đối tượng",
    "Lĩnh vực hoạt động",
]
LIST_WIDTHS = [5.6, 18.9, 44.3, 22.2, 22.2, 24.4, 21.3, 20]
# The province's codes of the kind of subject (column B).
KIND_CODES = {SubjectKind.INDIVIDUAL: "CANHAN", SubjectKind.COLLECTIVE: "TAPTHE", SubjectKind.HOUSEHOLD: "HOGIADINH"}
# The authority to whom a bundle is addressed (Kính gửi).
RECIPIENTS = {
    "province_chair": "Ủy ban nhân dân tỉnh",
    "prime_minister": "Thủ tướng Chính phủ",
    "president": "Chủ tịch nước",
}


def lines_of(bundle: ProposalBundle):
    """The bundle's lines in order, with everything the pages and downloads show (constant queries)."""
    return (
        BundleLine.objects.filter(bundle=bundle)
        .select_related(
            "proposal__nomination__award_type",
            "proposal__nomination__person__unit",
            "proposal__nomination__subject_unit__parent",
            "proposal__nomination__unit",
            "proposal__award_record",
        )
        .order_by("order")
    )


def _kind(proposal: HigherProposal) -> str:
    nomination = proposal.nomination
    if nomination.person_id:
        return SubjectKind.INDIVIDUAL
    award = nomination.award_type
    if award.for_household and not award.for_collective:
        return SubjectKind.HOUSEHOLD
    return SubjectKind.COLLECTIVE


@dataclass
class Row:
    order: int
    kind: str
    name: str
    position: str
    unit: str
    award: str
    year: int
    subject_class: str
    line: BundleLine = field(repr=False)


def rows(bundle: ProposalBundle, lines=None) -> list[Row]:
    """One row per line, numbered as sent: a line returned later stays in the documents of the
    bundle that carried it (a returned line only exists once the bundle was sent)."""
    result = []
    for line in lines if lines is not None else lines_of(bundle):
        nomination = line.proposal.nomination
        person = nomination.person if nomination.person_id else None
        if person is not None:
            name, position, unit = person.full_name, person.position, person.unit.name
            subject_class = person.get_subject_class_display() if person.subject_class else ""
        else:
            subject = nomination.subject_unit
            name, position, subject_class = subject.name, "", ""
            unit = subject.parent.name if subject.parent_id else ""
        result.append(
            Row(
                order=line.order,
                kind=_kind(line.proposal),
                name=name,
                position=position,
                unit=unit,
                award=nomination.award_type.name,
                year=nomination.year,
                subject_class=subject_class,
                line=line,
            )
        )
    return result


# The list (XLSX) --------------------------------------------------------------------------------
def list_xlsx(bundle: ProposalBundle) -> bytes:
    book, sheet = workbook()
    sheet.title = "DANHSACH"
    append_row(sheet, [LIST_TITLE])
    sheet.merge_cells("A1:F1")
    append_row(sheet, [])
    append_row(sheet, LIST_HEADER)
    for row in rows(bundle):
        append_row(
            sheet,
            [row.order, KIND_CODES[row.kind], row.name, row.position, row.unit, row.award, row.subject_class, ""],
        )
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, width in enumerate(LIST_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    return xlsx_bytes(book)


# The tờ trình (DOCX) ----------------------------------------------------------------------------
def bundle_context(bundle: ProposalBundle) -> dict:
    listed = rows(bundle)
    return {
        "issuer_parent": "",
        "issuer": _issuer(bundle.body),
        "number": bundle.number or "…",
        "place": place_of(bundle.body),
        "date": bundle.sent_on or timezone.localdate(),
        "recipient": RECIPIENTS.get(bundle.authority, bundle.get_authority_display()),
        "authority": bundle.get_authority_display(),
        "individuals": sum(1 for r in listed if r.kind == SubjectKind.INDIVIDUAL),
        "collectives": sum(1 for r in listed if r.kind != SubjectKind.INDIVIDUAL),
        "signer_title": "Chủ tịch",
        "lines": [
            {"number": r.order, "subject": r.name, "unit": r.unit, "award": r.award, "year": r.year} for r in listed
        ],
    }


def bundle_docx(bundle: ProposalBundle) -> bytes:
    return render(template_for(bundle.body, DocumentKind.BUNDLE), bundle_context(bundle))


# The dossiers (ZIP) -----------------------------------------------------------------------------
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _safe(name: str) -> str:
    return UNSAFE.sub("_", name).strip(" .") or "tep"


def dossier_zip(bundle: ProposalBundle) -> FileResponse:
    """Every carried line's dossier files, named "STT - Họ tên - tên tệp" as offices name them,
    written to a temporary file (never held in memory) and streamed from there."""
    from awards.models import DossierFile

    listed = rows(bundle)
    by_nomination: dict[int, list] = {}
    files = DossierFile.objects.filter(nomination__in=[r.line.proposal.nomination_id for r in listed]).order_by(
        "uploaded_at", "pk"
    )
    for dossier_file in files:
        by_nomination.setdefault(dossier_file.nomination_id, []).append(dossier_file)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    seen: set[str] = set()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in listed:
            for dossier_file in by_nomination.get(row.line.proposal.nomination_id, []):
                name = _safe(f"{row.order} - {row.name} - {dossier_file.original_name}")
                stem, dot, ext = name.rpartition(".")
                candidate, n = name, 1
                while candidate in seen:
                    n += 1
                    candidate = f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"
                seen.add(candidate)
                with dossier_file.file.open("rb") as source, archive.open(candidate, "w") as target:
                    while chunk := source.read(1 << 16):
                        target.write(chunk)
    output.seek(0)
    filename = f"ho-so-to-trinh-{bundle.pk}.zip"
    return FileResponse(output, as_attachment=True, filename=filename, content_type="application/zip")


# The higher level's decision list ---------------------------------------------------------------
NAME_HEADERS = {"ho ten", "ho va ten", "ten tap the/ca nhan/ho gia dinh", "ten", "ho va ten, ten tap the"}
UNIT_HEADERS = {"don vi", "don vi cong tac", "co quan, don vi"}
AWARD_HEADERS = {"danh hieu", "hinh thuc", "danh hieu thi dua/hinh thuc khen thuong", "danh hieu, hinh thuc"}


class DecisionListError(ValueError):
    pass


def _key(value) -> str:
    return " ".join(unaccent(str(value or "")).split())


@dataclass
class Match:
    name: str
    unit: str
    award: str
    line: BundleLine | None


def _cell(values, index: int | None) -> str:
    return str(values[index] or "").strip() if index is not None and index < len(values) else ""


def read_decision_list(data: bytes) -> list[tuple[str, str, str]]:
    """(name, unit, award) of each row of the first sheet, below the header row (found by its names)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # not an XLSX, a damaged file
        raise DecisionListError(_("Tệp không phải bảng tính Excel (.xlsx) đọc được.")) from error
    sheet = book.worksheets[0]
    columns: dict[str, int] | None = None
    found = []
    for values in sheet.iter_rows(values_only=True):
        keys = [_key(v) for v in values]
        if columns is None:
            spots = {
                what: next((i for i, k in enumerate(keys) if k in headers), None)
                for what, headers in (("name", NAME_HEADERS), ("unit", UNIT_HEADERS), ("award", AWARD_HEADERS))
            }
            if spots["name"] is not None and spots["award"] is not None:
                columns = {k: v for k, v in spots.items() if v is not None}
            continue
        name, unit, award = (_cell(values, columns.get(what)) for what in ("name", "unit", "award"))
        if not name:
            continue
        found.append((name, unit, award))
    book.close()
    if columns is None:
        raise DecisionListError(_("Không tìm thấy dòng tiêu đề có cột Họ tên và cột Danh hiệu, hình thức."))
    return found


def match_decision_list(bundle: ProposalBundle, entries: list[tuple[str, str, str]]) -> list[Match]:
    """Each entry with the pending line of the bundle it names (ignoring case and diacritics), or None."""
    from council.enums import ProposalStatus

    candidates = [
        r for r in rows(bundle) if r.line.returned_at is None and r.line.proposal.status == ProposalStatus.PENDING
    ]
    taken: set[int] = set()
    result = []
    for name, unit, award in entries:
        same = [
            r
            for r in candidates
            if r.line.pk not in taken and _key(r.name) == _key(name) and (not award or _key(r.award) == _key(award))
        ]
        if len(same) > 1 and unit:
            same = [r for r in same if _key(r.unit) == _key(unit)] or same
        line = same[0].line if same else None
        if line is not None:
            taken.add(line.pk)
        result.append(Match(name=name, unit=unit, award=award, line=line))
    return result
