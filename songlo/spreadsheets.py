"""Every spreadsheet Songlo writes goes through here, so that none can carry a formula.

A unit, a person or a movement may be named ``=HYPERLINK("http://...")``: written as is, a
spreadsheet program runs it when the export is opened (CSV/formula injection). So every text
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written as text:

- in XLSX, as a string cell (never a formula cell) with Excel's "quote prefix" set, so that it
  stays text even when someone edits the cell;
- in CSV, which has no types, prefixed with an apostrophe, which spreadsheet programs read as
  "this is text" (the OWASP advice).

Numbers stay numbers (``-5`` is a number, not text). Characters that XLSX cannot hold (control
characters, NUL) are replaced instead of making the export fail.

The workbooks of the pages (``workbook``, ``append_row``, ``xlsx_response``) and the admin's
import-export formats (``SafeCSV``, ``SafeXLSX``, set in ``settings.EXPORT_FORMATS``) share
``cell_text``/``csv_text``. tests/test_exports.py checks that no other code writes a workbook
or a CSV and reads every export back.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import FileResponse, HttpResponse
from django.utils.functional import Promise
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# A number as CSV writes it: a sign is not a formula then.
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv"


def looks_like_formula(value: Any) -> bool:
    """A text a spreadsheet program could take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _printable(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)


def csv_text(value: Any) -> Any:
    """A CSV cell: a formula-like text gets a leading apostrophe; anything else is unchanged.

    A number written as text (``-5``, ``+3.5``: CSV has no other way) stays a number.
    """
    if looks_like_formula(value) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def cell_for(sheet: Worksheet, value: Any) -> Any:
    """What to append to ``sheet`` for ``value``: a text cell for a formula-like text, else the value."""
    if isinstance(value, str):
        value = _printable(value)
        if looks_like_formula(value):
            cell = Cell(sheet, value=value)
            cell.data_type = "s"  # openpyxl made it a formula ("f") because it starts with "="
            cell.quotePrefix = True
            return cell
    return value


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` that never writes a formula."""
    sheet.append([cell_for(sheet, value) for value in values])


def workbook() -> tuple[Workbook, Worksheet]:
    """A new workbook and its first sheet. Fill it with ``append_row`` only."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    return book, sheet


def xlsx_bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(book: Workbook | bytes, filename: str) -> HttpResponse:
    """The workbook (or its saved bytes) as a download named ``filename`` (ASCII)."""
    data = book if isinstance(book, bytes) else xlsx_bytes(book)
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Lists of any length: written row by row, never held in memory --------------------------------
def _write_only_cell(sheet, value: Any, *, bold: bool = False) -> Any:
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str):
        value = _printable(value)
    if not bold and not looks_like_formula(value):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def list_xlsx_response(
    *,
    filename: str,
    title: str,
    header: Sequence[str],
    rows: Iterable[Iterable[Any]],
    widths: Sequence[int] = (),
    caption: Sequence[Any] = (),
) -> FileResponse:
    """A list page's rows as a one-sheet workbook download: ``caption`` (a line saying what the
    list holds, e.g. its filters) then a blank line if given, the bold ``header``, one line per row.

    The workbook is written in openpyxl's write-only mode to a temporary file and streamed from
    there, so memory stays bounded whatever the length of ``rows`` (pass an ``.iterator()``).
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    if caption:
        sheet.append([_write_only_cell(sheet, value, bold=True) for value in caption])
        sheet.append([])
    sheet.append([_write_only_cell(sheet, value, bold=True) for value in header])
    for row in rows:
        sheet.append([_write_only_cell(sheet, value) for value in row])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
    book.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


# The admin's exports (django-import-export) ---------------------------------------------------
def _dataset_rows(dataset) -> list[list[Any]]:
    return [list(row) for row in dataset]


class SafeCSV(base_formats.CSV):
    """CSV export of the admin: formula-like texts get a leading apostrophe."""

    def export_data(self, dataset, **kwargs):
        escaped = dataset.__class__(headers=[csv_text(h) for h in dataset.headers or []])
        for row in _dataset_rows(dataset):
            escaped.append([csv_text(value) for value in row])
        escaped.title = dataset.title
        return escaped.export(self.get_title(), **kwargs)


class SafeXLSX(base_formats.XLSX):
    """XLSX export of the admin, written by ``append_row``: no formula cell, ever."""

    def export_data(self, dataset, **kwargs) -> bytes:
        book, sheet = workbook()
        if dataset.headers:
            append_row(sheet, dataset.headers)
        for row in _dataset_rows(dataset):
            append_row(sheet, row)
        return xlsx_bytes(book)


# django-import-export writes native values (numbers as numbers) only for the formats it lists as
# binary, by exact type: SafeXLSX must be on that list, or every number would become text.
base_formats.BINARY_FORMATS.append(SafeXLSX)
