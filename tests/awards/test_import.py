"""import_data: all or nothing, idempotent, problems named by sheet, row and column."""

import csv
import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from awards.importer import ImportProblems, run_import
from awards.models import AwardRecord, Discipline, Household, Initiative, Person, Rating
from organisation.models import OrgUnit
from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "units": [
        ["code", "name", "kind", "parent_code", "block_code", "valid_from", "valid_to", "successor_code"],
        ["xa-moi", "Xã Sông Lô", "commune", "huyen", "", "2025-07-01", "", ""],
        ["xa-cu", "Xã Cũ", "commune", "huyen", "cum-1", "", "30/06/2025", "xa-moi"],
        ["thon-1", "Thôn 1", "village", "xa-cu", "", "", "", ""],
    ],
    "people": [
        ["code", "full_name", "gender", "unit_code", "position", "joined_on"],
        ["cb-001", "Nguyễn Thị Hương", "nữ", "xa-cu", "Chủ tịch UBND xã", "01/03/2012"],
        ["cb-002", "Trần Văn Dũng", "nam", "xa-moi", "Công chức", "2019-09-01"],
    ],
    "ratings": [
        ["year", "subject_code", "rating"],
        ["2023", "cb-001", "HTXSNV"],
        ["2024", "cb-001", "HTXSNV"],
        ["2024", "xa-cu", "HTTNV"],
    ],
    "initiatives": [
        ["code", "title", "author_codes", "level", "year"],
        ["SK-2024-01", "Số hóa hồ sơ một cửa", "cb-001;cb-002", "tinh", "2024"],
    ],
    "awards": [
        ["year", "award_code", "subject_code", "decision_number", "decision_date"],
        ["2023", "CSTDCS", "cb-001", "125/QĐ-UBND", "2023-12-20"],
        ["2024", "TTLDTT", "xa-cu", "130/QĐ-UBND", "20/12/2024"],
    ],
    "disciplines": [
        ["subject_code", "level", "start", "end"],
        ["cb-002", "khien_trach", "2024-04-01", ""],
    ],
}


@pytest.fixture
def base(db):
    district = OrgUnitFactory(code="huyen", name="Huyện Thử", kind="district")
    EmulationBlockFactory(code="cum-1", owner=district)
    return district


def write_csvs(folder, sheets):
    folder.mkdir(exist_ok=True)
    for name, rows in sheets.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def write_xlsx(path, sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def snapshot():
    def rows(qs):
        return sorted(tuple("" if v is None else str(v) for v in row) for row in qs)

    return {
        "units": rows(OrgUnit.objects.values_list("code", "name", "parent__code", "successor__code")),
        "people": rows(Person.objects.values_list("code", "full_name", "unit__code", "joined_on")),
        "ratings": rows(Rating.objects.values_list("year", "person__code", "unit__code", "rating")),
        "initiatives": rows(Initiative.objects.values_list("code", "authors__code")),
        "awards": rows(AwardRecord.objects.values_list("year", "award_type__code", "decision_number")),
        "disciplines": Discipline.objects.count(),
    }


def test_import_folder_of_csvs_writes_everything(base, tmp_path):
    report = run_import(write_csvs(tmp_path / "data", GOOD))

    assert report.lines() == [
        "units: thêm 3, sửa 0, giữ nguyên 0",
        "people: thêm 2, sửa 0, giữ nguyên 0",
        "ratings: thêm 3, sửa 0, giữ nguyên 0",
        "initiatives: thêm 1, sửa 0, giữ nguyên 0",
        "awards: thêm 2, sửa 0, giữ nguyên 0",
        "disciplines: thêm 1, sửa 0, giữ nguyên 0",
    ]
    old = OrgUnit.objects.get(code="xa-cu")
    assert old.successor.code == "xa-moi"
    assert old.valid_to == datetime.date(2025, 6, 30)
    assert old.blocks.get().code == "cum-1"
    assert OrgUnit.objects.get(code="thon-1").path == "/huyen/xa-cu/thon-1/"
    assert Person.objects.get(code="cb-001").joined_on == datetime.date(2012, 3, 1)
    assert set(Initiative.objects.get().authors.values_list("code", flat=True)) == {"cb-001", "cb-002"}
    assert AwardRecord.objects.get(award_type__code="TTLDTT").decision_date == datetime.date(2024, 12, 20)
    assert Discipline.objects.get().end is None


def test_import_twice_changes_nothing(base, tmp_path):
    folder = write_csvs(tmp_path / "data", GOOD)
    run_import(folder)
    first = snapshot()

    report = run_import(folder)

    assert snapshot() == first
    assert report.total_changes == 0


def test_import_upserts_by_code(base, tmp_path):
    run_import(write_csvs(tmp_path / "a", GOOD))
    changed = {"people": [GOOD["people"][0], ["cb-001", "Nguyễn Thị Hương", "nữ", "xa-moi", "Bí thư", "01/03/2012"]]}

    report = run_import(write_csvs(tmp_path / "b", changed))

    assert report.lines() == ["people: thêm 0, sửa 1, giữ nguyên 0"]
    assert Person.objects.get(code="cb-001").unit.code == "xa-moi"
    assert Person.objects.count() == 2


def test_import_xlsx_workbook_with_date_cells(base, tmp_path):
    sheets = {
        **GOOD,
        "people": [
            GOOD["people"][0],
            ["cb-001", "Nguyễn Thị Hương", "nữ", "xa-cu", "", datetime.datetime(2012, 3, 1)],
            GOOD["people"][2],
        ],
    }

    run_import(write_xlsx(tmp_path / "data.xlsx", sheets))

    assert Person.objects.get(code="cb-001").joined_on == datetime.date(2012, 3, 1)
    assert Rating.objects.count() == 3


def test_import_dry_run_reports_without_writing(base, tmp_path):
    report = run_import(write_csvs(tmp_path / "data", GOOD), dry_run=True)

    assert report.sheets["people"].changes == ["Thêm: cb-001 Nguyễn Thị Hương", "Thêm: cb-002 Trần Văn Dũng"]
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("sheet", "rows", "problem"),
    [
        (
            "people",
            [["code", "gender", "unit_code"], ["cb-001", "nữ", "xa-cu"]],
            "people, dòng 1, cột full_name: thiếu cột",
        ),
        (
            "awards",
            [GOOD["awards"][0], ["2024", "CSTD_HUYEN", "cb-001", "", ""]],
            "awards, dòng 2, cột award_code: mã khen thưởng “CSTD_HUYEN” không có trong danh mục",
        ),
        (
            "ratings",
            [GOOD["ratings"][0], ["2024", "cb-999", "HTTNV"]],
            "ratings, dòng 2, cột subject_code: không có cá nhân hay đơn vị mã “cb-999”",
        ),
        (
            "disciplines",
            [GOOD["disciplines"][0], ["cb-002", "canh_cao", "31/02/2024", ""]],
            "disciplines, dòng 2, cột start: ngày “31/02/2024” không hợp lệ (dùng YYYY-MM-DD hoặc dd/mm/yyyy)",
        ),
        (
            "people",
            [*GOOD["people"], ["cb-001", "Lê Văn Sơn", "nam", "xa-cu", "", ""]],
            "people, dòng 4, cột code: trùng với dòng 2",
        ),
        (
            "awards",
            [GOOD["awards"][0], ["2024", "LDTT", "xa-cu", "", ""]],
            "awards, dòng 2, cột award_code: “Lao động tiên tiến” không dành cho đối tượng “xa-cu”",
        ),
    ],
    ids=["missing-column", "unknown-award", "unknown-subject", "bad-date", "duplicate-code", "wrong-kind"],
)
def test_import_bad_row_leaves_the_database_unchanged(base, tmp_path, sheet, rows, problem):
    before = snapshot()
    folder = write_csvs(tmp_path / "data", {**GOOD, sheet: rows})

    with pytest.raises(ImportProblems) as caught:
        run_import(folder)

    assert caught.value.problems == [problem]
    assert snapshot() == before


def test_import_command_reports_problems_and_fails(base, tmp_path):
    folder = write_csvs(tmp_path / "data", {"ratings": [GOOD["ratings"][0], ["2024", "cb-001", "TOT"]]})

    with pytest.raises(CommandError) as caught:
        call_command("import_data", str(folder))

    assert "ratings, dòng 2, cột subject_code: không có cá nhân hay đơn vị mã “cb-001”" in str(caught.value)
    assert "ratings, dòng 2, cột rating: “TOT” không hợp lệ" in str(caught.value)


def test_import_command_prints_the_summary(base, tmp_path):
    out = StringIO()

    call_command("import_data", str(write_xlsx(tmp_path / "d.xlsx", GOOD)), stdout=out)

    assert "people: thêm 2, sửa 0, giữ nguyên 0" in out.getvalue()
    assert "Đã nhập xong." in out.getvalue()


# The optional households sheet (subjects of GDVH) -------------------------------------------
HOUSEHOLDS = {
    "households": [
        ["code", "head_name", "unit_code"],
        ["ho-001", "Nguyễn Văn Sơn", "thon-1"],
        ["ho-002", "Lê Thị Hoa", "thon-1"],
    ]
}


def test_import_households_sheet_upserts_by_code(base, tmp_path):
    report = run_import(write_csvs(tmp_path / "a", {**GOOD, **HOUSEHOLDS}))
    again = run_import(write_csvs(tmp_path / "b", {**GOOD, **HOUSEHOLDS}))

    assert "households: thêm 2, sửa 0, giữ nguyên 0" in report.lines()
    assert "households: thêm 0, sửa 0, giữ nguyên 2" in again.lines()
    assert sorted(Household.objects.values_list("code", "head_name", "unit__code")) == [
        ("ho-001", "Nguyễn Văn Sơn", "thon-1"),
        ("ho-002", "Lê Thị Hoa", "thon-1"),
    ]


def test_import_household_of_an_unknown_unit_writes_nothing(base, tmp_path):
    bad = {"households": [["code", "head_name", "unit_code"], ["ho-001", "Nguyễn Văn Sơn", "thon-9"]]}

    with pytest.raises(ImportProblems) as error:
        run_import(write_csvs(tmp_path / "data", {**GOOD, **bad}))

    assert error.value.problems == ["households, dòng 2, cột unit_code: không có đơn vị mã “thon-9”"]
    assert Household.objects.count() == 0
    assert OrgUnit.objects.count() == 1


def test_import_households_with_address_and_members_and_old_sheets_keep_them(base, tmp_path):
    full = {
        "households": [
            ["code", "head_name", "unit_code", "Địa chỉ", "members_count"],
            ["ho-001", "Nguyễn Văn Sơn", "thon-1", "Xóm 2, thôn 1", "5"],
        ]
    }
    run_import(write_csvs(tmp_path / "a", {**GOOD, **full}))
    old = {"households": [["code", "head_name", "unit_code"], ["ho-001", "Nguyễn Văn Sơn", "thon-1"]]}
    report = run_import(write_csvs(tmp_path / "b", {**GOOD, **old}))

    assert "households: thêm 0, sửa 0, giữ nguyên 1" in report.lines()
    assert Household.objects.values_list("address", "members_count").get() == ("Xóm 2, thôn 1", 5)


def test_import_household_members_count_must_be_a_whole_number(base, tmp_path):
    bad = {"households": [["code", "head_name", "unit_code", "members_count"], ["ho-001", "Sơn", "thon-1", "2,5"]]}

    with pytest.raises(ImportProblems) as error:
        run_import(write_csvs(tmp_path / "data", {**GOOD, **bad}))

    assert error.value.problems == [
        "households, dòng 2, cột members_count: số nhân khẩu “2,5” không hợp lệ (số nguyên từ 1 đến 100)"
    ]
