"""Private uploaded files: one abstract model for every file a person attaches to something.

A file is checked by its content before it is stored, stored under a random name outside
anything the web server serves, streamed only by views that have checked the reader's
permission, and removed from storage together with its row.
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from songlo.uploads import CONTENT_TYPES, RandomName, private_storage, upload_kind


def private_file_field(folder: str) -> models.FileField:
    """The ``file`` field of a private file: a random name under ``folder``, in private storage."""
    return models.FileField(_("tệp"), upload_to=RandomName(folder), storage=private_storage)


class PrivateFile(models.Model):
    """An uploaded file and what is known of it. Subclasses add their owner and their folder.

    ``version`` is the submission the file belongs to: a file attached before submission N is
    part of version N and is frozen with it.
    """

    file = private_file_field("files")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    kind = models.CharField(_("loại tệp"), max_length=10)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    version = models.PositiveIntegerField(_("thuộc lần nộp"), default=0)
    uploaded_at = models.DateTimeField(_("ngày tải lên"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        """From the kind found in the content at upload, never from the name the person gave."""
        return CONTENT_TYPES.get(self.kind, "application/octet-stream")

    @classmethod
    def store(cls, uploaded, *, uploaded_by, **fields) -> Self:
        """Check ``uploaded`` by content and size, store it under a random name and save the row.

        Raises DomainError (with the Vietnamese reason) for a refused file; nothing is stored then.
        """
        kind = upload_kind(uploaded)
        item = cls(original_name=uploaded.name[:255], kind=kind, size=uploaded.size, uploaded_by=uploaded_by, **fields)
        item.file.save(uploaded.name, uploaded, save=False)
        item.save()
        return item

    def remove(self) -> bool:
        """Delete the row, and the stored file once the transaction commits.

        A rolled-back delete keeps its file. Returns False if the row was already gone.
        """
        storage, name = self.file.storage, self.file.name
        deleted, _by_model = type(self)._default_manager.filter(pk=self.pk).delete()
        if deleted and name:
            transaction.on_commit(lambda: storage.delete(name))
        return bool(deleted)


def private_file_response(item: PrivateFile) -> FileResponse:
    """Stream a private file as an attachment under its original name; 404 if it is missing on disk.

    The caller has checked that the reader may see it; the response is ``Cache-Control: no-store``.
    The name is sent RFC 6266/5987-encoded (``filename*=utf-8''...``) when it is not plain ASCII.
    """
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=item.original_name, content_type=item.content_type)
    add_never_cache_headers(response)  # a private file stays in no cache, shared or not
    return response


def stored_file_response(field_file, filename: str) -> FileResponse:
    """Stream a private file kept in a plain FileField (no PrivateFile row) under ``filename``.

    The type comes from the extension chosen at upload (``RandomName`` keeps only accepted ones,
    checked by content then); the caller has checked that the reader may see it.
    """
    extension = field_file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{filename}.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    add_never_cache_headers(response)
    return response
