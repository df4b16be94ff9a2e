"""What every document's PDF must be: A4, every font embedded, and its text as typed (the text
extracted from the PDF holds every paragraph of the DOCX, and every word of its table cells,
diacritics included: a cell that wraps over lines is read interleaved with its neighbours)."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable

from docx import Document
from pypdf import PdfReader

from songlo.docx import to_pdf

A4 = {(595, 842), (842, 595)}


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def docx_texts(data: bytes) -> tuple[list[str], set[str]]:
    """The DOCX's paragraphs (whitespace folded) and the words of its table cells."""
    doc = Document(io.BytesIO(data))
    paragraphs = [flat for p in doc.paragraphs if (flat := _flat(p.text))]
    words = {w for t in doc.tables for row in t.rows for c in row.cells for w in _flat(c.text).split()}
    return paragraphs, words


def assert_pdf(pdf: bytes, expected: Iterable[str], words: Iterable[str] = ()) -> str:
    """Check a PDF: A4 pages, fonts embedded, the expected texts and words in it. Returns its text."""
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert (round(page.mediabox.width), round(page.mediabox.height)) in A4
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()), font.get("/BaseFont")
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    missing = [t for t in expected if t not in text]
    assert not missing, f"not in the PDF's text: {missing[:5]}"
    # A long token in a narrow cell breaks after "/" or "-": its pieces are read apart.
    compact = "".join(text.split())
    missing_words = {w for w in words if w not in compact and not all(p in compact for p in re.split(r"(?<=[/-])", w))}
    assert not missing_words, f"words not in the PDF's text: {sorted(missing_words)[:10]}"
    return text


def assert_pdf_matches_docx(data: bytes) -> str:
    """Convert a DOCX with LibreOffice and check the PDF against the DOCX's own text."""
    paragraphs, words = docx_texts(data)
    return assert_pdf(to_pdf(data), paragraphs, words)
