"""Documents from editable DOCX templates (docxtpl: Jinja tags inside a Word file), written the
way Vietnamese administrative papers write numbers and dates, and their PDF through LibreOffice.

A template is an ordinary .docx that an office can open in Word, change (wording, signature
block, "Nơi nhận") and upload again; the tags (``{{ number }}``, ``{%tr for e in entries %}``…)
are filled from a context of plain values. The filters below are available in every template:

- ``vn_date``: 05/02/2025 -> "ngày 05 tháng 02 năm 2025" (Decree 30/2020, Appendix I: a day
  below 10 and the months 1 and 2 take a leading zero; 25/12/2024 -> "ngày 25 tháng 12 năm 2024");
- ``vn_number``: 1234567 -> "1.234.567"; ``vn_decimal``: 0.3 -> "0,3";
- ``vn_percent``: 66.666… -> "66,67%".

Every kind of document is registered in ``DOCUMENTS`` by the app that owns it (its
``AppConfig.ready()``): its label, its default template and a sample context (an uploaded template
is checked against it). The templates themselves are stored below every app that owns documents,
in ``organisation.DocumentTemplate`` (one per body and kind; the admin lists every registered
kind). A kind that also gives ``queryset``/``perm``/``body``/``context`` is served by the generic
views of ``organisation.document_views`` (DOCX at once, PDF in a task), scoped as its pages are.
"""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from songlo.registry import Registry


class DocumentTemplateError(ValueError):
    """A template that cannot be filled: the message says where, for the person who uploaded it."""


@dataclass(frozen=True)
class DocumentSpec:
    """One kind of document: what the admin lists, and, for the generic views, how to fill it.

    ``queryset(user)`` are the objects the user may read the document of (``None``: all, for the
    task), ``perm`` the object permission its page requires, ``body(obj)`` the unit whose template
    applies (its own upload, else the nearest ancestor's, else the default), ``context(obj)`` the
    values, ``filename(obj)`` the download's name without extension, and ``changed_at(obj)`` when
    the data last changed (a PDF made before is made again).
    """

    label: Any  # lazy translated text
    default: Callable[[], bytes]
    sample: Callable[[], dict]
    queryset: Callable[[Any], Any] | None = None
    perm: str = ""
    body: Callable[[Any], Any] | None = None
    context: Callable[[Any], dict] | None = None
    filename: Callable[[Any], str] | None = None
    changed_at: Callable[[Any], datetime.datetime | None] | None = None
    available: Callable[[Any], bool] | None = None  # e.g. only once the session is closed
    # Another kind whose template this one fills (one uploaded template serves both): e.g. the
    # submission letter of a list and of a single dossier. Not listed apart in the admin.
    template: str = ""

    @property
    def served(self) -> bool:
        return self.queryset is not None and self.context is not None


DOCUMENTS: Registry[DocumentSpec] = Registry("documents")


def labelled(kinds) -> list[tuple[str, Any]]:
    """(kind, label) of those kinds that are registered, in the order given: a page's links."""
    return [(kind, spec.label) for kind in kinds if (spec := DOCUMENTS.get(kind)) is not None]


def document_choices() -> list[tuple[str, Any]]:
    """(kind, label) of every registered document: the choices of a template's kind."""
    return [(key, spec.label) for key, spec in DOCUMENTS.items()]


def template_kinds() -> list[tuple[str, Any]]:
    """(kind, label) of the documents with a template of their own (not filling another's):
    what a body uploads its own version of."""
    return [(key, spec.label) for key, spec in DOCUMENTS.items() if not spec.template]


def vn_date(day: datetime.date | None) -> str:
    if day is None:
        return ""
    day_text = f"{day.day:02d}" if day.day < 10 else str(day.day)
    month_text = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day_text} tháng {month_text} năm {day.year}"


def vn_number(value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")


def vn_decimal(value: Any, places: int | None = None) -> str:
    """0.30 -> "0,3"; 1234.5 -> "1.234,5"; ``places`` fixes the decimals."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    text = f"{number:,.{places}f}" if places is not None else f"{number.normalize():,f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def vn_percent(value: Any, places: int = 2) -> str:
    """66.6666 -> "66,67%"; 100 -> "100%"; trailing zeros dropped."""
    if value is None or value == "":
        return ""
    text = vn_decimal(round(Decimal(str(value)), places), places)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return f"{text}%"


FILTERS = {"vn_date": vn_date, "vn_number": vn_number, "vn_decimal": vn_decimal, "vn_percent": vn_percent}


def render(template: bytes, context: dict[str, Any]) -> bytes:
    """The filled document. A template that Jinja cannot read or fill raises DocumentTemplateError."""
    import jinja2
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(io.BytesIO(template))
        environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
        environment.filters.update(FILTERS)
        document.render(context, environment)
    except jinja2.TemplateSyntaxError as error:
        raise DocumentTemplateError(f"Mẫu có thẻ sai cú pháp (dòng {error.lineno}): {error.message}") from error
    except jinja2.UndefinedError as error:
        raise DocumentTemplateError(f"Mẫu dùng một giá trị không có: {error.message}") from error
    except Exception as error:  # not a .docx at all, a damaged file
        raise DocumentTemplateError("Tệp mẫu không đọc được như một tệp Word (.docx).") from error
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, *, timeout: int = 180) -> bytes:
    """PDF of a DOCX through LibreOffice headless (fonts embedded by LibreOffice's PDF export).

    Raises RuntimeError when LibreOffice is not installed (``apt-get install libreoffice-writer``).
    """
    office = libreoffice()
    if office is None:
        raise RuntimeError("LibreOffice chưa được cài trên máy chủ (apt-get install libreoffice-writer).")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.docx"
        source.write_bytes(data)
        subprocess.run(  # noqa: S603 - fixed arguments, the file is ours
            [
                office,
                f"-env:UserInstallation=file://{folder}/profile",  # one profile per run: runs in parallel
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            timeout=timeout,
            capture_output=True,
        )
        return (Path(folder) / "doc.pdf").read_bytes()
