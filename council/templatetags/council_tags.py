from django import template
from django.utils.html import format_html

from council.enums import SessionStatus

register = template.Library()

SESSION_BADGES = {
    SessionStatus.PLANNED: "text-bg-secondary",
    SessionStatus.OPEN: "text-bg-primary",
    SessionStatus.CLOSED: "text-bg-dark",
}


@register.simple_tag
def session_badge(status: str):
    """A session status badge that carries words."""
    return format_html(
        '<span class="badge {}">{}</span>', SESSION_BADGES.get(status, "text-bg-secondary"), SessionStatus(status).label
    )


@register.filter
def money(amount):
    """2340000 -> 2.340.000 ₫"""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,} ₫".replace(",", ".")
