"""The request body cap (``settings.MAX_REQUEST_BYTES``), for bodies whose length was not declared.

``songlo.middleware.RequestSizeLimitMiddleware`` refuses a declared ``Content-Length`` above the
cap before reading anything. This upload handler, first in ``FILE_UPLOAD_HANDLERS``, counts the
bytes of the uploaded files as they arrive and stops the upload past the cap: a body sent without
a length (chunked) or with a false one is never read to its end.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler


class RequestTooLarge(Exception):
    """The body is larger than ``settings.MAX_REQUEST_BYTES`` (the middleware answers 413)."""


class RequestBodyCapHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.MAX_REQUEST_BYTES:
            raise RequestTooLarge
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers store the file
