"""Evidence uploads: checked by content (magic bytes), stored privately under random names.

Shared by reviews and nomination dossiers. Files are never served by the web server:
``MEDIA_ROOT`` is outside the static tree and only permission-checking views stream them.
"""

from __future__ import annotations

import secrets
import zipfile
from pathlib import Path, PurePath

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from songlo.exceptions import DomainError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ACCEPTED_EXTENSIONS = {"pdf", "docx", "xlsx", "jpg", "jpeg", "png"}
ACCEPT_ATTR = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
HELP_TEXT = _("Chỉ nhận PDF, DOCX, XLSX, JPG, PNG; tối đa 10 MB mỗi tệp.")

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def sniff_kind(uploaded) -> str | None:
    """The real type of a file from its first bytes (and, for Office files, the zip's parts)."""
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def validate_evidence(uploaded) -> str:
    """Raise a Vietnamese ValidationError unless the file is an accepted type within the size limit.

    Returns the detected kind ("pdf", "docx", ...).
    """
    name = PurePath(uploaded.name or "").name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Tệp “%(name)s” lớn hơn 10 MB."), code="too_large", params={"name": name})
    if extension not in ACCEPTED_EXTENSIONS:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng loại: chỉ nhận PDF, DOCX, XLSX, JPG, PNG."),
            code="bad_extension",
            params={"name": name},
        )
    kind = sniff_kind(uploaded)
    expected = "jpg" if extension == "jpeg" else extension
    if kind != expected:
        raise ValidationError(
            _("Nội dung tệp “%(name)s” không phải là %(ext)s (tệp có thể đã bị đổi đuôi)."),
            code="bad_content",
            params={"name": name, "ext": extension.upper()},
        )
    return kind


def upload_kind(uploaded) -> str:
    """``validate_evidence`` for services: the detected kind, or a DomainError with the same message.

    Forms keep ``validate_evidence`` (a ValidationError becomes a field error); a service must
    raise a DomainError so that its callers need to handle one kind of refusal only.
    """
    try:
        return validate_evidence(uploaded)
    except ValidationError as error:
        raise DomainError(error.messages[0]) from error


@deconstructible
class RandomName:
    """upload_to callable: a random file name under a folder, keeping only a safe extension."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        if extension not in ACCEPTED_EXTENSIONS:
            extension = "bin"
        return f"{self.folder}/{secrets.token_hex(16)}.{extension}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def private_storage() -> FileSystemStorage:
    """Storage for evidence and dossiers, outside anything the web server serves.

    A callable so that migrations do not freeze the path (Django calls it at start-up).
    """
    from django.conf import settings

    return FileSystemStorage(location=Path(settings.MEDIA_ROOT) / "private", base_url=None)
