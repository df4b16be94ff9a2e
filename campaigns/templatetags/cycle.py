"""Badges and deadline helpers for the emulation cycle's templates."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.enums import MovementStatus, PeriodStatus, RegistrationStatus, ReviewStatus

register = template.Library()

# One colour per meaning, everywhere the same.
BADGE_CLASSES = {
    ReviewStatus.NOT_STARTED: "text-bg-light border",
    ReviewStatus.DRAFT: "text-bg-secondary",
    ReviewStatus.SUBMITTED: "text-bg-primary",
    ReviewStatus.RETURNED: "text-bg-warning",
    ReviewStatus.ACCEPTED: "text-bg-success",
    "late": "text-bg-danger",
    MovementStatus.DRAFT: "text-bg-secondary",
    MovementStatus.LAUNCHED: "text-bg-primary",
    MovementStatus.CLOSED: "text-bg-dark",
    PeriodStatus.SCHEDULED: "text-bg-secondary",
    PeriodStatus.OPEN: "text-bg-primary",
    RegistrationStatus.PENDING: "text-bg-light border",
    RegistrationStatus.REGISTERED: "text-bg-success",
    RegistrationStatus.REOPENED: "text-bg-warning",
}


@register.filter
def collective_title_name(code: str) -> str:
    """The collective title's name (registered by the awards app), never its code on screen."""
    from campaigns.forms import COLLECTIVE_TITLES

    return str(COLLECTIVE_TITLES.get(code) or code) if code else ""


@register.simple_tag
def status_badge(obj, field: str = "status"):
    """A badge with the status in words, coloured by its meaning."""
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return format_html('<span class="badge {}">{}</span>', BADGE_CLASSES.get(value, "text-bg-light border"), label)


@register.simple_tag
def late_badge():
    return format_html('<span class="badge text-bg-danger">{}</span>', _("Nộp muộn"))


def days_left(deadline: datetime.datetime, now: datetime.datetime | None = None) -> int:
    """Whole calendar days from today to the deadline's day, in local time (negative when late)."""
    now = now or timezone.now()
    return (timezone.localtime(deadline).date() - timezone.localtime(now).date()).days


@register.simple_tag
def deadline_hint(deadline, done: bool = False):
    """“Còn 5 ngày” (amber within 3 days), “Quá hạn 2 ngày” in red; nothing once done."""
    if deadline is None or done:
        return ""
    now = timezone.now()
    days = days_left(deadline, now)
    if deadline < now:
        late = max(-days, 0)
        text = (
            _("Quá hạn hôm nay")
            if late == 0
            else ngettext("Quá hạn %(n)d ngày", "Quá hạn %(n)d ngày", late) % {"n": late}
        )
        return format_html(
            '<span class="days-late"><i class="bi bi-exclamation-triangle" aria-hidden="true"></i> {}</span>', text
        )
    text = _("Hạn cuối hôm nay") if days == 0 else ngettext("Còn %(n)d ngày", "Còn %(n)d ngày", days) % {"n": days}
    css = "days-soon" if days <= 3 else "text-muted"
    return format_html('<span class="{}">{}</span>', css, text)


@register.filter
def get_item(mapping, key):
    if not mapping:
        return ""
    return mapping.get(str(key), "")


@register.filter
def figure(value) -> str:
    """A figure the reader's way, without useless decimals: 1.250 and 44,5 in Vietnamese."""
    if value is None or value == "":
        return ""
    number = Decimal(value).quantize(Decimal("0.01")).normalize()
    return number_format(number, force_grouping=True)
