from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from songlo.limits import RequestTooLarge
from songlo.text import normalised_querydict


def chosen_language(request) -> str:
    """The language of the language switch's cookie, else Vietnamese."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose otherwise with the language switch.

    The browser's Accept-Language is ignored on purpose: many officials use an English
    browser and still expect the Vietnamese interface.
    """

    def process_request(self, request):
        code = chosen_language(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy that keeps Songlo's pages free of inline code, and a
    Permissions-Policy that turns off the browser features no page uses (camera, microphone,
    geolocation...), on every response including the 400 and 413 pages of the middlewares below.

    Assets are served from this site only (no CDN); the Django admin keeps its own CSP defaults.
    """

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer",
            "autoplay",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "usb",
            "xr-spatial-tracking",
        )
    )

    POLICY = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than ``settings.MAX_REQUEST_BYTES`` before reading it: 413.

    The declared ``Content-Length`` is checked first, so a 200 MB upload is refused without
    reading a byte of it. A multipart body is then parsed here, through the upload handlers:
    ``songlo.limits.RequestBodyCapHandler`` counts the bytes actually received and stops past the
    cap, whatever the declared length said. The proxy in front should refuse such bodies even
    earlier (nginx ``client_max_body_size``, docs/security.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads nothing of a body whose length it cannot read
        if declared > settings.MAX_REQUEST_BYTES:
            return too_large(request)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - parse now, through the upload handlers that stop past the cap
            except RequestTooLarge:
                return too_large(request)
        return self.get_response(request)


class NulCharacterMiddleware:
    """Refuse with a 400 a request whose path, query string or form text holds a NUL character.

    No text Songlo stores or looks up may contain one (PostgreSQL refuses it in any text value),
    and no person types one: it is either an attack or a broken client.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return bad_request(request)
        return self.get_response(request)


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)  # parsed once here; the views read the same QueryDict
    return any(
        "\x00" in key or any("\x00" in value for value in source.getlist(key)) for source in sources for key in source
    )


def bad_request(request):
    """The 400 page: standalone, like the 413 page."""
    with translation.override(chosen_language(request)):
        return render(request, "400.html", status=400)


def too_large(request):
    """The 413 page: standalone (no context processor, no session: nothing was read)."""
    limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
    with translation.override(chosen_language(request)):  # the language middleware has not run yet
        return render(request, "413.html", {"limit_mb": limit}, status=413)


class NoStoreForUsersMiddleware:
    """``Cache-Control: no-store`` on every response to a logged-in person: their pages, exports and
    downloads must stay in no shared proxy cache, nor in the browser's cache after logging out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class TextInputMiddleware:
    """Query strings and form posts reach views, forms and the admin in NFC (songlo/text.py).

    Forms then validate, search and check uniqueness on the same string that is stored.
    Passwords are left as typed: they are hashed byte for byte.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = normalised_querydict(request.GET)
        if request.method == "POST":
            request.POST = normalised_querydict(request.POST)
        return self.get_response(request)
