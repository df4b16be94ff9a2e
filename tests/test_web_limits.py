"""Request body cap, Cache-Control on private pages, Permissions-Policy, links from SITE_URL only
(docs/security.md, "Rate limits, headers and limits")."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http.multipartparser import MultiPartParser
from django.test import Client, RequestFactory
from django.test.client import BOUNDARY, encode_multipart
from django.urls import reverse

from songlo.limits import RequestBodyCapHandler, RequestTooLarge
from songlo.middleware import NoStoreForUsersMiddleware, RequestSizeLimitMiddleware

ROOT = Path(__file__).resolve().parent.parent
# Not the test client's constant: with it, the client would encode the body again.
MULTIPART_CONTENT = f"multipart/form-data;boundary={BOUNDARY}"
CODE = ["songlo", "accounts", "organisation", "campaigns", "awards", "council", "reports"]


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def read(self, size=-1):
        pytest.fail("the body was read")

    readline = read


def _refuse(request):
    pytest.fail("the request reached the view")


def _multipart(size: int) -> bytes:
    return encode_multipart(BOUNDARY, {"file": io.BytesIO(b"x" * size), "name": "biên bản"})


def test_body_over_the_cap_is_refused_with_413_before_reading(settings):
    settings.MAX_REQUEST_BYTES = 10 * 1024 * 1024
    request = WSGIRequest(
        {
            **RequestFactory()._base_environ(),
            "REQUEST_METHOD": "POST",
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(200 * 1024 * 1024),
            "wsgi.input": Unreadable(),
        }
    )

    response = RequestSizeLimitMiddleware(_refuse)(request)

    assert response.status_code == 413
    page = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in page
    assert "tối đa 10 MB" in page


def test_body_at_the_cap_goes_through(client, settings):
    body = _multipart(2000)
    settings.MAX_REQUEST_BYTES = len(body)

    response = client.post(reverse("login"), body, content_type=MULTIPART_CONTENT)

    assert response.status_code == 200


def test_body_over_the_cap_through_the_whole_stack_is_413(client, settings):
    body = _multipart(2000)
    settings.MAX_REQUEST_BYTES = len(body) - 1

    response = client.post(reverse("login"), body, content_type=MULTIPART_CONTENT)

    assert response.status_code == 413
    assert "camera=()" in response["Permissions-Policy"]  # the early pages carry the headers too


def test_upload_handler_stops_an_upload_past_the_cap_whatever_the_declared_length(settings):
    settings.MAX_REQUEST_BYTES = 100 * 1024
    body = _multipart(2 * 1024 * 1024)
    stream = io.BytesIO(body)
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    handlers = [RequestBodyCapHandler(), MemoryFileUploadHandler()]

    with pytest.raises(RequestTooLarge):
        MultiPartParser(meta, stream, handlers).parse()

    assert stream.tell() < len(body) // 4  # stopped early, not read to its end


def test_body_longer_than_declared_is_cut_by_the_upload_handler_with_413(settings):
    """Under ASGI the body reaches Django as one unlimited stream: a client that declares 1 kB and
    sends 2 MB gets past the Content-Length check; the handler counts what arrives and stops it."""
    settings.MAX_REQUEST_BYTES = 100 * 1024
    body = _multipart(2 * 1024 * 1024)
    request = RequestFactory().post("/", body, content_type=MULTIPART_CONTENT)
    request._stream = io.BytesIO(body)  # what ASGIRequest reads from: not limited to the declared length
    request.META["CONTENT_LENGTH"] = "1000"

    response = RequestSizeLimitMiddleware(_refuse)(request)

    assert response.status_code == 413
    assert request._stream.tell() < len(body) // 4


@pytest.mark.django_db
def test_logged_in_pages_are_no_store_and_anonymous_pages_are_not(client_for):
    office = client_for("office")
    pages = [reverse("home"), reverse("campaigns:movement_list"), reverse("awards:nomination_list")]

    logged_in = [office.get(url)["Cache-Control"] for url in pages]
    anonymous = Client().get(reverse("public:notice"))

    assert all("no-store" in value for value in logged_in)
    assert "no-store" not in anonymous.get("Cache-Control", "")


@pytest.mark.django_db
def test_permissions_policy_turns_off_camera_microphone_geolocation_everywhere(client_for):
    responses = [
        Client().get(reverse("login")),
        client_for("office").get(reverse("home")),
        client_for("admin").get("/admin/"),
        Client().get("/khong-co-trang-nay/"),
    ]

    for response in responses:
        policy = response["Permissions-Policy"]
        assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(policy.split(", "))


def test_no_store_only_where_there_is_a_logged_in_user():
    request = RequestFactory().get("/")

    def view(request):
        from django.http import HttpResponse

        return HttpResponse("x")

    response = NoStoreForUsersMiddleware(view)(request)

    assert not response.has_header("Cache-Control")  # no user on the request: nothing to protect


def test_no_link_is_built_from_the_request_host():
    pattern = re.compile(r"build_absolute_uri|get_host\(|HTTP_HOST|SERVER_NAME")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for top in CODE
        for path in sorted((ROOT / top).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]

    assert found == []
