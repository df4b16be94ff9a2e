"""Two-step verification (TOTP, django-otp): who must use it and the device a person sets up.

Who is required is an admin-edited policy (``TwoFactorPolicy``) naming groups of users. The
groups are a registry so that accounts needs no knowledge of roles: accounts registers the admin
site's users; organisation registers the emulation office and the council in its ``ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import segno
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import TwoFactorPolicy, User
from songlo.registry import Registry


@dataclass(frozen=True)
class TwoFactorGroup:
    label: Any  # a lazy translation
    contains: Callable[[User], bool]


# Groups an admin may require two-step verification for, by key.
TWO_FACTOR_GROUPS: Registry[TwoFactorGroup] = Registry("two-factor groups")


def group_choices() -> list[tuple[str, Any]]:
    return [(key, group.label) for key, group in TWO_FACTOR_GROUPS.items()]


def is_required(user: User) -> bool:
    """Does the policy require two-step verification of ``user``?"""
    for key in TwoFactorPolicy.load().required_groups:
        group = TWO_FACTOR_GROUPS.get(key)
        if group is not None and group.contains(user):
            return True
    return False


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up (created unconfirmed on first visit, same key until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Songlo", confirmed=False)
    return device


def secret(device: TOTPDevice) -> str:
    """The key as the base32 text an authenticator app accepts when typed in."""
    return device.config_url.split("secret=", 1)[1].split("&", 1)[0]


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as an inline SVG (no style attribute, no script: CSP-clean)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
    return mark_safe(svg)


def clean_code(raw: str) -> str:
    return "".join(ch for ch in raw if not ch.isspace())


def confirm(device: TOTPDevice, code: str) -> bool:
    """Confirm a device being set up with a code from the app; other devices of the user go."""
    with transaction.atomic():
        if not device.verify_token(clean_code(code)):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    return True


def verify(user: User, code: str) -> TOTPDevice | None:
    """The user's confirmed device if ``code`` is its current code (throttled by django-otp)."""
    device = confirmed_device(user)
    if device is None:
        return None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return device if device.verify_token(clean_code(code)) else None


def throttled(user: User) -> bool:
    """Has django-otp paused code checks for ``user`` after repeated wrong codes?"""
    device = confirmed_device(user)
    return device is not None and not device.verify_is_allowed()[0]
