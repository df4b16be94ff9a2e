"""Reading an import source safely: an .xlsx workbook or a folder of CSV files, within caps.

A workbook comes from a person's upload and may be large or hostile. Before openpyxl parses
anything, the zip must open, the declared uncompressed size of its members must stay within the
cap (Python's ``zipfile`` never inflates a member past its declared size: a lying header fails
its CRC check), and a streaming scan of each worksheet's XML counts its rows and cells in memory
that does not grow with the file. Only then is the workbook read with openpyxl in read-only
mode, values only, row by row, with the caps enforced again, characters per cell and a total
reading time. Every cell is trimmed and normalised to Unicode NFC.

The caps are settings (``IMPORT_MAX_*``); past one, the whole file is refused with a Vietnamese
message that names the sheet and the cap. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import logging
import posixpath
import re
import time
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from defusedxml import ElementTree
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Columns read from each row: the import's sheets have at most eight, and a cell far to the right
# (column XFD) must not turn every row into 16,384 values.
MAX_COLUMNS = 64
# Numbered rows of one sheet: (row number, cell values, trimmed and NFC).
Rows = Iterator[tuple[int, list[Any]]]
# Called every few thousand rows with (rows read, rows counted in the sheets to read or 0 when
# unknown, False), and once at the end with True.
Progress = Callable[[int, int, bool], None]
progress_hook: ContextVar[Progress | None] = ContextVar("import_progress_hook", default=None)

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
# Row and cell start tags: counted fast as plain bytes, and with a pattern only in the rare files
# whose elements carry a namespace prefix (<x:row ...>).
_ROW_TAGS = (b"<row ", b"<row>")
_CELL_TAGS = (b"<c ", b"<c>")
_PREFIXED = re.compile(rb"<[A-Za-z_][-.\w]{0,30}:(row|c)[\s/>]")
_TAG_MAX = 40  # longest tag counted: a chunk keeps this many bytes for the next one
_CHUNK = 1 << 20
_PROGRESS_EVERY = 2000


class Unreadable(Exception):
    """The source cannot be read within the caps; ``problems`` are Vietnamese sentences."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Limits:
    rows: int  # per sheet, header included
    cells: int  # in the whole source
    cell_chars: int
    uncompressed_bytes: int
    seconds: float

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            cells=settings.IMPORT_MAX_CELLS,
            cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_MB * 1024 * 1024,
            seconds=settings.IMPORT_MAX_READ_SECONDS,
        )


def clean(value: Any) -> Any:
    """A cell as the checks want it: None as "", text trimmed and in Unicode NFC, others as read."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    return value


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


class _Reader:
    """Counts what has been read against the caps, and reports progress."""

    def __init__(self, limits: Limits, progress: Progress | None):
        self.limits = limits
        self.progress = progress
        self.deadline = time.monotonic() + limits.seconds
        self.cells = 0
        self.rows_done = 0
        self.rows_total = 0

    def check_time(self) -> None:
        if time.monotonic() >= self.deadline:
            raise Unreadable(
                [
                    _(
                        "Đọc tệp quá %(seconds)s giây (giới hạn IMPORT_MAX_READ_SECONDS): tệp quá lớn hoặc quá phức "
                        "tạp. Hãy chia tệp thành nhiều tệp nhỏ hơn."
                    )
                    % {"seconds": _n(int(self.limits.seconds))}
                ]
            )

    def too_many_rows(self, sheet: str) -> Unreadable:
        return Unreadable(
            [
                _(
                    "Trang tính “%(sheet)s” có hơn %(limit)s dòng (giới hạn IMPORT_MAX_ROWS mỗi trang tính). "
                    "Hãy chia dữ liệu thành nhiều tệp, ví dụ mỗi năm một tệp."
                )
                % {"sheet": sheet, "limit": _n(self.limits.rows)}
            ]
        )

    def too_many_cells(self) -> Unreadable:
        return Unreadable(
            [
                _("Tệp có hơn %(limit)s ô dữ liệu (giới hạn IMPORT_MAX_CELLS). Hãy chia dữ liệu thành nhiều tệp.")
                % {"limit": _n(self.limits.cells)}
            ]
        )

    def row(self, sheet: str, number: int, values: Iterable[Any]) -> list[Any]:
        """One row read: checked against the caps, cleaned (trailing empty cells dropped), counted."""
        if number > self.limits.rows:
            raise self.too_many_rows(sheet)
        cells = []
        for column, value in enumerate(values, start=1):
            value = clean(value)
            if value != "":
                self.cells += 1
                if isinstance(value, str) and len(value) > self.limits.cell_chars:
                    raise Unreadable(
                        [
                            _(
                                "%(sheet)s, dòng %(row)s, cột %(column)s: ô dài hơn %(limit)s ký tự "
                                "(giới hạn IMPORT_MAX_CELL_CHARS)."
                            )
                            % {"sheet": sheet, "row": number, "column": column, "limit": _n(self.limits.cell_chars)}
                        ]
                    )
            cells.append(value)
        while cells and cells[-1] == "":  # openpyxl pads every row to MAX_COLUMNS
            cells.pop()
        if self.cells > self.limits.cells:
            raise self.too_many_cells()
        self.rows_done += 1
        if self.rows_done % _PROGRESS_EVERY == 0:
            self.check_time()
            if self.progress is not None:
                self.progress(self.rows_done, self.rows_total, False)
        return cells


def read_tables(
    path: str | Path, sheets: Iterable[str], *, limits: Limits | None = None, progress: Progress | None = None
) -> Iterator[tuple[str, Rows]]:
    """The known ``sheets`` found in an .xlsx workbook or a folder of ``<sheet>.csv`` files.

    Yields ``(sheet name, rows)`` where rows yields ``(row number, cleaned values)``, the header
    being row 1; consume each sheet's rows before asking for the next sheet. Raises Unreadable.
    """
    path = Path(path)
    wanted = list(sheets)
    reader = _Reader(limits or Limits.from_settings(), progress if progress is not None else progress_hook.get())
    if path.is_dir():
        yield from _csv_tables(path, wanted, reader)
    elif path.suffix.lower() == ".xlsx" and path.is_file():
        yield from _xlsx_tables(path, wanted, reader)
    else:
        raise Unreadable([_("%(path)s: không phải tệp .xlsx hay thư mục chứa các tệp .csv") % {"path": path}])
    if reader.progress is not None:
        reader.progress(reader.rows_done, reader.rows_total, True)


def _expected(wanted: list[str]) -> str:
    return ", ".join(wanted)


# CSV ----------------------------------------------------------------------------------------
def _csv_tables(folder: Path, wanted: list[str], reader: _Reader) -> Iterator[tuple[str, Rows]]:
    files = [(name, folder / f"{name}.csv") for name in wanted if (folder / f"{name}.csv").is_file()]
    if not files:
        raise Unreadable(
            [
                _("Thư mục %(folder)s không có tệp nào cần nhập: cần ít nhất một trong các tệp %(files)s.")
                % {"folder": folder, "files": ", ".join(f"{name}.csv" for name in wanted)}
            ]
        )
    for name, file in files:
        yield name, _csv_rows(name, file, reader)


def _csv_rows(name: str, file: Path, reader: _Reader) -> Rows:
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            for number, values in enumerate(csv.reader(handle), start=1):
                yield number, reader.row(name, number, values[:MAX_COLUMNS])
    except UnicodeDecodeError:
        raise Unreadable(
            [
                _(
                    "%(file)s: tệp không ở mã hóa UTF-8 (mã hóa cần dùng: UTF-8). Trong Excel, hãy lưu lại bằng "
                    "“CSV UTF-8 (Comma delimited)”."
                )
                % {"file": file.name}
            ]
        ) from None
    except csv.Error as error:
        raise Unreadable([_("%(file)s: tệp CSV hỏng (%(error)s).") % {"file": file.name, "error": error}]) from None


# XLSX ---------------------------------------------------------------------------------------
def _not_a_workbook() -> Unreadable:
    return Unreadable(
        [
            _(
                "Tệp không phải sổ tính Excel .xlsx đọc được (tệp hỏng, bị cắt cụt hoặc chỉ mang đuôi .xlsx). "
                "Hãy mở tệp bằng Excel, lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi tải lên lại."
            )
        ]
    )


def _xlsx_tables(path: Path, wanted: list[str], reader: _Reader) -> Iterator[tuple[str, Rows]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_workbook() from None
    with archive:
        declared = sum(member.file_size for member in archive.infolist())
        if declared > reader.limits.uncompressed_bytes:
            raise Unreadable(
                [
                    _(
                        "Tệp giải nén ra %(size)s MB, quá giới hạn %(limit)s MB (IMPORT_MAX_UNCOMPRESSED_MB). "
                        "Hãy chia dữ liệu thành nhiều tệp."
                    )
                    % {
                        "size": _n(declared // (1024 * 1024)),
                        "limit": _n(reader.limits.uncompressed_bytes // (1024 * 1024)),
                    }
                ]
            )
        parts = _worksheet_parts(archive)
        titles = {part: title.strip() for part, title in parts.items()}
        known = {part: title.lower() for part, title in titles.items() if title.lower() in wanted}
        if not known:
            raise Unreadable(
                [
                    _(
                        "Tệp không có trang tính nào cần nhập: cần ít nhất một trang tính tên %(expected)s "
                        "(hàng tiêu đề ở dòng 1). Các trang tính trong tệp: %(found)s."
                    )
                    % {"expected": _expected(wanted), "found": ", ".join(f"“{t}”" for t in titles.values()) or "—"}
                ]
            )
        # openpyxl parses every worksheet when it opens the workbook: scan them all first.
        cells = 0
        for part, title in titles.items():
            rows, part_cells = _scan(archive, part, title, reader)
            cells += part_cells
            if cells > reader.limits.cells:
                raise reader.too_many_cells()
            if part in known:
                reader.rows_total += rows
    yield from _openpyxl_tables(path, set(known.values()), reader)


def sheet_titles(path: str | Path) -> list[str]:
    """The titles of a workbook's sheets, without parsing them (for files whose sheets' names vary)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return [title.strip() for title in _worksheet_parts(archive).values()]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        raise _not_a_workbook() from None


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Member path -> sheet title, from the package's relationships and the workbook part."""
    try:
        workbook = "xl/workbook.xml"
        for rel in ElementTree.fromstring(archive.read("_rels/.rels")).iter(f"{{{_NS_PKG_REL}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook = _resolve("", rel.get("Target", ""))
        folder = posixpath.dirname(workbook)
        rels_name = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
        targets = {
            rel.get("Id"): _resolve(folder, rel.get("Target", ""))
            for rel in ElementTree.fromstring(archive.read(rels_name)).iter(f"{{{_NS_PKG_REL}}}Relationship")
        }
        parts = {}
        for sheet in ElementTree.fromstring(archive.read(workbook)).iter(f"{{{_NS_MAIN}}}sheet"):
            target = targets.get(sheet.get(f"{{{_NS_DOC_REL}}}id"))
            if target is None or target not in archive.NameToInfo:
                raise KeyError(target)
            parts[target] = sheet.get("name", "")
    except Exception as error:  # any malformed package (zip or XML errors, missing parts) is the same refusal
        logger.info("import: not a readable workbook: %r", error)
        raise _not_a_workbook() from None
    return parts


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target))


def _scan(archive: zipfile.ZipFile, part: str, title: str, reader: _Reader) -> tuple[int, int]:
    """Rows and cells of one worksheet, counted from its XML in fixed-size chunks."""
    rows = cells = 0
    tail = b""
    try:
        with archive.open(part) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                data = tail + chunk
                # A tag starting in the last _TAG_MAX bytes may be cut: count it with the next chunk.
                cut = max(len(data) - _TAG_MAX, 0) if chunk else len(data)
                rows += sum(data.count(tag, 0, cut + len(tag) - 1) for tag in _ROW_TAGS)
                cells += sum(data.count(tag, 0, cut + len(tag) - 1) for tag in _CELL_TAGS)
                if b":row" in data or b":c" in data:
                    for match in _PREFIXED.finditer(data, 0):
                        if match.start() >= cut:
                            break
                        if match.group(1) == b"row":
                            rows += 1
                        else:
                            cells += 1
                if rows > reader.limits.rows:
                    raise reader.too_many_rows(title)
                if cells > reader.limits.cells:
                    raise reader.too_many_cells()
                if not chunk:
                    return rows, cells
                tail = data[cut:]
                reader.check_time()
    except Unreadable:
        raise
    except Exception as error:  # a damaged member: zlib, CRC or truncation errors
        logger.info("import: worksheet %s unreadable: %r", part, error)
        raise _not_a_workbook() from None


def _openpyxl_tables(path: Path, known: set[str], reader: _Reader) -> Iterator[tuple[str, Rows]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds on malformed parts: all are "not a workbook"
        logger.info("import: openpyxl cannot open the workbook: %r", error)
        raise _not_a_workbook() from None
    try:
        for sheet in workbook.worksheets:
            name = sheet.title.strip().lower()
            if name in known:
                known.discard(name)  # a second sheet of the same name is not read twice
                yield name, _openpyxl_rows(name, sheet, reader)
    finally:
        workbook.close()


def _openpyxl_rows(name: str, sheet: Any, reader: _Reader) -> Rows:
    # The <dimension> a workbook declares may be wrong (or hostile): read every row there is.
    sheet.reset_dimensions()
    try:
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            yield number, reader.row(name, number, values)
    except Unreadable:
        raise
    except Exception as error:
        logger.info("import: sheet %s unreadable: %r", name, error)
        raise _not_a_workbook() from None
