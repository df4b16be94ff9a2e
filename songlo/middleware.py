from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from songlo.text import normalised_querydict


class LanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the person chose otherwise with the language switch.

    The browser's Accept-Language is ignored on purpose: many officials use an English
    browser and still expect the Vietnamese interface.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy that keeps Songlo's pages free of inline code.

    Assets are served from this site only (no CDN); the Django admin keeps its own defaults.
    """

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
