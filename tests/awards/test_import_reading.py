"""Reading import files safely: caps, hostile and malformed workbooks, encodings, NFC.

The workbooks here are written as raw XML into a zip (cheap even at a million rows), so that
the tests control exactly what a hostile file would contain.
"""

import tracemalloc
import unicodedata
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from awards.importer import ImportProblems, read_source

NOT_A_WORKBOOK = (
    "Tệp không phải sổ tính Excel .xlsx đọc được (tệp hỏng, bị cắt cụt hoặc chỉ mang đuôi .xlsx). "
    "Hãy mở tệp bằng Excel, lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại."
)
REAL_WORLD = next(
    path
    for path in (Path(__file__).resolve().parents[2].parent / "shared/real-world", Path("/work/shared/real-world"))
    if path.exists()
)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def text_row(*values: str, number: int | None = None) -> bytes:
    """One <row> of inline strings (no shared string table needed)."""
    cells = b"".join(
        b'<c t="inlineStr"><is><t>' + value.encode() + b"</t></is></c>" if value else b"<c/>" for value in values
    )
    return (b'<row r="%d">' % number if number else b"<row>") + cells + b"</row>"


def raw_workbook(path: Path, sheets: dict[str, object], extra: dict[str, bytes] | None = None) -> Path:
    """An .xlsx written by hand: ``sheets`` maps a title to bytes or to an iterable of byte blocks."""
    titles = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_SHEET_TYPE}"/>'
            for i in range(1, len(titles) + 1)
        )
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides=overrides))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{t}" sheetId="{i}" r:id="rId{i}"/>' for i, t in enumerate(titles, start=1))
            + "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(titles) + 1)
            )
            + "</Relationships>",
        )
        for i, title in enumerate(titles, start=1):
            body = sheets[title]
            with archive.open(f"xl/worksheets/sheet{i}.xml", "w") as stream:
                stream.write(_SHEET_HEAD)
                for block in [body] if isinstance(body, bytes) else body:
                    stream.write(block)
                stream.write(_SHEET_TAIL)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def ratings(rows: int) -> dict[str, object]:
    """A ratings sheet of ``rows`` data rows, written in blocks of a thousand identical rows."""
    block = text_row("2024", "cb-001", "HTTNV") * 1000
    return {"ratings": [text_row("year", "subject_code", "rating"), *([block] * (rows // 1000))]}


def problems_of(path) -> list[str]:
    with pytest.raises(ImportProblems) as caught:
        read_source(path)
    return caught.value.problems


def test_million_row_workbook_is_refused_with_flat_memory(tmp_path):
    path = raw_workbook(tmp_path / "million.xlsx", ratings(1_000_000))
    tracemalloc.start()
    try:
        problems = problems_of(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    print(f"\n1,000,000-row workbook ({path.stat().st_size // 1024} KB): refused, peak {peak / 1e6:.1f} MB traced")
    assert problems == [
        "Trang tính “ratings” có hơn 500.000 dòng (giới hạn IMPORT_MAX_ROWS mỗi trang tính). "
        "Hãy chia dữ liệu thành nhiều tệp, ví dụ mỗi năm một tệp."
    ]
    assert peak < 50 * 1024 * 1024


def test_zip_bomb_is_refused_from_the_declared_sizes(tmp_path, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    path = raw_workbook(tmp_path / "bomb.xlsx", ratings(0), extra={"xl/media/padding.bin": bytes(3 * 1024 * 1024)})

    assert path.stat().st_size < 64 * 1024
    assert problems_of(path) == [
        "Tệp giải nén ra 3 MB, quá giới hạn 1 MB (IMPORT_MAX_UNCOMPRESSED_MB). Hãy chia dữ liệu thành nhiều tệp."
    ]


def test_too_many_cells_are_refused_before_reading(tmp_path, settings):
    settings.IMPORT_MAX_CELLS = 10
    path = raw_workbook(tmp_path / "cells.xlsx", {"ratings": text_row("year", "subject_code", "rating") * 4})

    assert problems_of(path) == [
        "Tệp có hơn 10 ô dữ liệu (giới hạn IMPORT_MAX_CELLS). Hãy chia dữ liệu thành nhiều tệp."
    ]


def test_rows_hidden_behind_a_row_number_gap_are_counted(tmp_path, settings):
    """Two <row> elements, the second numbered 1000: openpyxl yields the 998 empty rows between."""
    settings.IMPORT_MAX_ROWS = 100
    sheet = text_row("year", "subject_code", "rating", number=1) + text_row("2024", "cb-001", "HTTNV", number=1000)
    path = raw_workbook(tmp_path / "gap.xlsx", {"ratings": sheet})

    assert problems_of(path) == [
        "Trang tính “ratings” có hơn 100 dòng (giới hạn IMPORT_MAX_ROWS mỗi trang tính). "
        "Hãy chia dữ liệu thành nhiều tệp, ví dụ mỗi năm một tệp."
    ]


def test_overlong_cell_is_refused_with_its_place(tmp_path, settings):
    settings.IMPORT_MAX_CELL_CHARS = 10
    sheet = text_row("code", "full_name") + text_row("cb-001", "Nguyễn Thị Hương")
    path = raw_workbook(tmp_path / "long.xlsx", {"people": sheet})

    assert problems_of(path) == ["people, dòng 2, cột 2: ô dài hơn 10 ký tự (giới hạn IMPORT_MAX_CELL_CHARS)."]


def test_reading_time_cap_refuses_the_file(tmp_path, settings):
    settings.IMPORT_MAX_READ_SECONDS = 0
    path = raw_workbook(tmp_path / "slow.xlsx", ratings(1000))

    assert problems_of(path) == [
        "Đọc tệp quá 0 giây (giới hạn IMPORT_MAX_READ_SECONDS): tệp quá lớn hoặc quá phức tạp. "
        "Hãy chia tệp thành nhiều tệp nhỏ hơn."
    ]


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    """It passes the upload's content check ([Content_Types].xml and an xl/ member) but has no workbook."""
    path = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/readme.txt", "not a workbook")

    assert problems_of(path) == [NOT_A_WORKBOOK]


def test_truncated_workbook_is_refused(tmp_path):
    whole = raw_workbook(tmp_path / "whole.xlsx", ratings(2000)).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])

    assert problems_of(path) == [NOT_A_WORKBOOK]


def test_workbook_with_a_damaged_sheet_is_refused(tmp_path):
    whole = bytearray(raw_workbook(tmp_path / "whole.xlsx", ratings(2000)).read_bytes())
    with zipfile.ZipFile(tmp_path / "whole.xlsx") as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 20, start + info.compress_size - 20, 7):
        whole[offset] ^= 0x5A
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(whole))

    assert problems_of(path) == [NOT_A_WORKBOOK]


def test_workbook_without_a_known_sheet_names_the_sheets_expected(tmp_path):
    path = raw_workbook(tmp_path / "other.xlsx", {"Sheet1": text_row("code"), "DANHMUC": text_row("ma")})

    assert problems_of(path) == [
        "Tệp không có trang tính nào cần nhập: cần ít nhất một trang tính tên units, people, ratings, "
        "initiatives, awards, disciplines, households (hàng tiêu đề ở dòng 1). "
        "Các trang tính trong tệp: “Sheet1”, “DANHMUC”."
    ]


def test_known_sheets_that_are_empty_are_refused(tmp_path):
    path = raw_workbook(tmp_path / "empty.xlsx", {"people": b"", "ratings": text_row("", "")})

    assert problems_of(path) == [
        "Không có dữ liệu để nhập: các trang tính units, people, ratings, initiatives, awards, disciplines, "
        "households đều trống (hàng tiêu đề phải ở dòng 1)."
    ]


@pytest.mark.parametrize("name", ["nomination-list-filled.xlsx", "import-template-with-catalogue.xlsx"])
def test_real_world_lists_are_refused_with_their_sheet_names(name):
    problems = problems_of(REAL_WORLD / name)

    assert len(problems) == 1
    assert problems[0].startswith("Tệp không có trang tính nào cần nhập: cần ít nhất một trang tính tên units,")
    assert "Các trang tính trong tệp: “" in problems[0]


def test_cells_are_trimmed_and_nfc_normalised(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hương")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = " People "
    sheet.append(["  Code ", "full_name", "gender"])
    sheet.append(["  cb-001\t", f"  {decomposed}  ", unicodedata.normalize("NFD", "nữ")])
    workbook.save(tmp_path / "nfd.xlsx")

    header, rows = read_source(tmp_path / "nfd.xlsx")["people"]

    assert header == ["code", "full_name", "gender"]
    assert rows == [(2, {"code": "cb-001", "full_name": "Nguyễn Thị Hương", "gender": "nữ"})]
    assert rows[0][1]["full_name"] != decomposed


def test_csv_cells_are_trimmed_and_nfc_normalised(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "people.csv").write_text(
        "code, full_name\n cb-001 ," + unicodedata.normalize("NFD", "Trần Văn Dũng") + " \n", encoding="utf-8"
    )

    assert read_source(folder)["people"] == (
        ["code", "full_name"],
        [(2, {"code": "cb-001", "full_name": "Trần Văn Dũng"})],
    )


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16"])
def test_csv_not_in_utf8_names_its_file_and_the_encoding(tmp_path, encoding):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "units.csv").write_text("code,name,kind\nxa-a,Xã A,commune\n", encoding="utf-8")
    (folder / "people.csv").write_text("code,full_name\ncb-001,Đào Văn Tân\n", encoding=encoding)

    assert problems_of(folder) == [
        "people.csv: tệp không ở mã hóa UTF-8 (mã hóa cần dùng: UTF-8). Trong Excel, hãy lưu lại bằng "
        "“CSV UTF-8 (Comma delimited)”."
    ]


@pytest.mark.django_db
def test_import_command_reports_a_csv_not_in_utf8_without_a_traceback(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "people.csv").write_text("code,full_name\ncb-001,Đào Văn Tân\n", encoding="cp1258")

    with pytest.raises(CommandError) as caught:
        call_command("import_data", str(folder), stdout=StringIO())

    assert str(caught.value) == (
        "Không nhập được, chưa ghi gì vào cơ sở dữ liệu:\n"
        "people.csv: tệp không ở mã hóa UTF-8 (mã hóa cần dùng: UTF-8). Trong Excel, hãy lưu lại bằng "
        "“CSV UTF-8 (Comma delimited)”."
    )


def test_folder_without_csv_files_names_the_files_expected(tmp_path):
    (tmp_path / "notes.txt").write_text("x")

    assert problems_of(tmp_path) == [
        f"Thư mục {tmp_path} không có tệp nào cần nhập: cần ít nhất một trong các tệp units.csv, people.csv, "
        "ratings.csv, initiatives.csv, awards.csv, disciplines.csv, households.csv."
    ]
