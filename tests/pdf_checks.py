"""What every document's PDF must be: A4, every font embedded, and its text as typed (the text
extracted from the PDF holds every paragraph and table cell of the DOCX, diacritics included)."""

from __future__ import annotations

import io
import unicodedata

from docx import Document
from pypdf import PdfReader

from songlo.docx import to_pdf

A4 = {(595, 842), (842, 595)}


def _flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def docx_texts(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    texts += [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [flat for t in texts if (flat := _flat(t))]


def assert_pdf(pdf: bytes, expected: list[str]) -> str:
    """Check a PDF; returns its text (whitespace folded)."""
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
    return text


def assert_pdf_matches_docx(data: bytes) -> str:
    """Convert a DOCX with LibreOffice and check the PDF against the DOCX's own text."""
    return assert_pdf(to_pdf(data), docx_texts(data))
