"""The one helper that renders emails from template triplets under ``templates/emails/``:
``<name>-subject.txt``, ``<name>-body.txt`` and ``<name>-body.html``."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_email(name: str, context: dict, *, language: str | None = None) -> tuple[str, str, str]:
    """Return (subject, text body, HTML body), rendered in ``language`` (default: the site's)
    and in the site's time zone, whatever the worker's current settings."""
    with translation.override(language or settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        # A subject is one line: template newlines and indentation collapse to single spaces.
        subject = " ".join(render_to_string(f"emails/{name}-subject.txt", context).split())
        text = render_to_string(f"emails/{name}-body.txt", context)
        html = render_to_string(f"emails/{name}-body.html", context)
    return subject, text, html


def build_email(
    name: str,
    context: dict,
    *,
    to: list[str],
    message_id: str | None = None,
    connection=None,
    language: str | None = None,
) -> EmailMultiAlternatives:
    """An email (text with an HTML alternative) ready to send on ``connection``."""
    subject, text, html = render_email(name, context, language=language)
    headers = {"Message-ID": message_id} if message_id else {}
    message = EmailMultiAlternatives(subject, text, to=to, headers=headers, connection=connection)
    message.attach_alternative(html, "text/html")
    return message


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
