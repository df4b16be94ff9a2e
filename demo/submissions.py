"""Sông Lô demo: the 2025 year end in progress, with submissions (tờ trình) carrying lists.

- Xã Đức Bác: a list built from the year's ratings (everyone rated HTTNV or better → LĐTT) and
  three households for Gia đình văn hóa; submitted on 18/11/2025; the office returned one line.
- Xã Hải Lựu: a list imported from the spreadsheet offices exchange (the real layout: title row,
  header on row 3, CANHAN/HOGIADINH), through the import's own matcher: two names are
  ambiguous (two people of each name in the commune) and were resolved, one row was not found;
  still a draft.
- Xã Nhân Đạo: a list of the thematic movement "Sông Lô chung sức xây dựng nông thôn mới"
  (lines of kind "theo phong trào"), submitted before the movement's deadline; and the
  movement's 2023 Giấy khen recorded with their kind (they do not count towards later titles).

Idempotent: each list is keyed by its unit and title.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from awards import list_matching, submissions
from awards.enums import AwardKind
from awards.models import AwardRecord, AwardType, Household, Person, Rating, Submission
from campaigns.enums import MovementKind
from campaigns.models import Movement
from demo.campaigns import DemoOrganisation
from songlo.spreadsheets import append_row, workbook, xlsx_bytes

YEAR = 2025
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UNITS = ("duc-bac", "hai-luu", "nhan-dao")
TITLES = {
    "duc-bac": "Tờ trình số 42/TTr-UBND đề nghị công nhận danh hiệu thi đua năm 2025",
    "hai-luu": "Tờ trình đề nghị công nhận Lao động tiên tiến năm 2025 (danh sách nhập từ Excel)",
    "nhan-dao": "Tờ trình đề nghị khen thưởng phong trào chung sức xây dựng nông thôn mới",
}
HOUSEHOLDS = [
    ("hgd-duc-bac-01", "Nguyễn Văn Thắng", "Thôn Đồng Bùa, xã Đức Bác", 5),
    ("hgd-duc-bac-02", "Trần Thị Lan", "Thôn Phương Châu, xã Đức Bác", 4),
    ("hgd-duc-bac-03", "Lê Văn Bình", "Thôn Đồng Chằm, xã Đức Bác", 6),
]
# Two more people of Hải Lựu who share their names with colleagues: the imported list is ambiguous.
NAMESAKES = [
    ("hai-luu-07", "hai-luu-02", "Công chức Văn phòng - Thống kê (hợp đồng)"),
    ("hai-luu-08", "hai-luu-03", "Cán bộ Đoàn xã"),
]
NOT_IN_COMMUNE = "Bà Phan Thị Vắng"


def _letter(number: str, day: datetime.date, summary: str) -> dict:
    return {"letter_number": number, "letter_date": day, "letter_signer": "Chủ tịch UBND", "letter_summary": summary}


def _moment(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _ratings(org: DemoOrganisation) -> None:
    """The 2025 ratings of the three communes' people (the year-end review just done)."""
    for code in UNITS:
        for person in Person.objects.filter(unit=org.units[code]):
            value = "HTNV" if person.code.endswith("-05") else ("HTXSNV" if person.code.endswith("-01") else "HTTNV")
            Rating.objects.update_or_create(person=person, year=YEAR, defaults={"rating": value})


def seed_submissions(org: DemoOrganisation) -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="truong.")}
    office = get_user_model().objects.get(username="vanphong")
    for twin, original, position in NAMESAKES:
        source = Person.objects.get(code=original)
        Person.objects.update_or_create(
            code=twin,
            defaults={
                "full_name": source.full_name,
                "gender": source.gender,
                "unit": source.unit,
                "position": position,
                "joined_on": datetime.date(2019, 3, 1),
            },
        )
    _ratings(org)
    _duc_bac(org, users["truong.duc-bac"], office)
    _hai_luu(org, users["truong.hai-luu"])
    _nhan_dao(org, users["truong.nhan-dao"])


def _duc_bac(org: DemoOrganisation, head, office) -> None:
    unit = org.units["duc-bac"]
    if Submission.objects.filter(unit=unit, title=TITLES["duc-bac"]).exists():
        return
    homes = []
    for code, name, address, members in HOUSEHOLDS:
        home, _ = Household.objects.update_or_create(
            code=code, defaults={"head_name": name, "unit": unit, "address": address, "members_count": members}
        )
        homes.append(home)
    day = datetime.date(YEAR, 11, 17)
    submission = submissions.submission_create(
        actor=head,
        unit=unit,
        year=YEAR,
        data={
            "title": TITLES["duc-bac"],
            **_letter("42/TTr-UBND", day, "Đề nghị công nhận Lao động tiên tiến và Gia đình văn hóa năm 2025."),
        },
    )
    ldtt, gdvh = AwardType.objects.get(code="LDTT"), AwardType.objects.get(code="GDVH")
    submissions.submission_add_lines(
        actor=head, submission=submission, specs=submissions.rated_specs(submission, ldtt, "HTTNV")
    )
    submissions.submission_add_lines(
        actor=head, submission=submission, specs=[submissions.LineSpec(award=gdvh, household=h) for h in homes]
    )
    submissions.submission_submit(actor=head, submission=submission, now=_moment(datetime.date(YEAR, 11, 18)))
    line = submission.lines.get(household__code="hgd-duc-bac-02")
    submissions.submission_return_lines(
        actor=office,
        submission=submission,
        line_ids=[line.pk],
        reason="Thiếu biên bản bình xét Gia đình văn hóa của thôn Phương Châu; bổ sung rồi nộp lại.",
    )


def list_workbook(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    """A list in the layout offices exchange (title row, blank row, header on row 3)."""
    book, sheet = workbook()
    sheet.title = "DANHSACH"
    append_row(sheet, ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"])
    append_row(sheet, [])
    append_row(
        sheet,
        [
            "STT",
            "Phân loại khen thưởng",
            "Tên tập thể/cá nhân/hộ gia đình",
            "Chức vụ",
            "Đơn vị công tác",
            "Danh hiệu thi đua/Hình thức khen thưởng",
        ],
    )
    for number, row in enumerate(rows, start=1):
        append_row(sheet, [number, *row])
    return xlsx_bytes(book)


def _hai_luu(org: DemoOrganisation, head) -> None:
    unit = org.units["hai-luu"]
    if Submission.objects.filter(unit=unit, title=TITLES["hai-luu"]).exists():
        return
    submission = submissions.submission_create(
        actor=head,
        unit=unit,
        year=YEAR,
        data={
            "title": TITLES["hai-luu"],
            **_letter("51/TTr-UBND", datetime.date(YEAR, 11, 19), "Đề nghị công nhận Lao động tiên tiến năm 2025."),
        },
    )
    people = list(Person.objects.filter(unit=unit, code__regex=r"-0[1-6]$").order_by("code"))
    rows = [
        (
            "CANHAN",
            ("Ông " if p.gender == "nam" else "Bà ") + p.full_name.upper() if i == 3 else p.full_name,
            p.position,
            unit.name,
            "Lao động tiên tiến",
        )
        for i, p in enumerate(people)
        if not p.code.endswith("-05")
    ]
    rows.append(("CANHAN", NOT_IN_COMMUNE, "Công chức", unit.name, "Lao động tiên tiến"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "danh-sach-hai-luu.xlsx"
        path.write_bytes(list_workbook(rows))
        sheet = list_matching.read_list(path)
    matches = list_matching.match_rows(sheet.rows, scope=unit, codes=sheet.codes)
    # The head picks the colleague of the original code for each name found twice.
    originals = {f"p:{p.pk}" for p in people}
    choices = {
        m.row.number: next(key for key, _label in m.candidates if key in originals)
        for m in matches
        if m.status == list_matching.AMBIGUOUS
    }
    submissions.submission_import_lines(
        actor=head,
        submission=submission,
        rows=[m.as_data() for m in matches],
        choices=choices,
        file_name="danh-sach-hai-luu.xlsx",
    )


def _nhan_dao(org: DemoOrganisation, head) -> None:
    unit = org.units["nhan-dao"]
    movement = Movement.objects.filter(kind=MovementKind.THEMATIC, title__contains="nông thôn mới").first()
    if movement is None or Submission.objects.filter(unit=unit, title=TITLES["nhan-dao"]).exists():
        return
    giay_khen = AwardType.objects.get(code="GIAY_KHEN")
    for code in ("nhan-dao-02", "nhan-dao-03"):
        AwardRecord.objects.get_or_create(
            person=Person.objects.get(code=code),
            award_type=giay_khen,
            year=2023,
            defaults={
                "kind": AwardKind.MOVEMENT,
                "decision_number": "88/QĐ-UBND",
                "decision_date": datetime.date(2023, 11, 30),
            },
        )
    submission = submissions.submission_create(
        actor=head,
        unit=unit,
        year=YEAR,
        movement=movement,
        data={
            "title": TITLES["nhan-dao"],
            **_letter(
                "37/TTr-UBND",
                datetime.date(YEAR, 11, 4),
                "Đề nghị Chủ tịch UBND huyện tặng Giấy khen cho cá nhân có thành tích trong phong trào.",
            ),
        },
    )
    specs = [
        submissions.LineSpec(award=giay_khen, person=Person.objects.get(code=code))
        for code in ("nhan-dao-01", "nhan-dao-04")
    ]
    submissions.submission_add_lines(actor=head, submission=submission, specs=specs)
    submissions.submission_submit(actor=head, submission=submission, now=_moment(datetime.date(YEAR, 11, 5)))
