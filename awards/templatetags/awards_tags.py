from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from awards import reasons
from awards.enums import NOMINATION_BADGES, NominationStatus

register = template.Library()


@register.simple_tag
def nomination_badge(status: str):
    """A status badge that carries words (never colour alone)."""
    return format_html(
        '<span class="badge {}">{}</span>',
        NOMINATION_BADGES.get(status, "text-bg-secondary"),
        NominationStatus(status).label,
    )


@register.simple_tag
def eligibility_badge(eligible):
    if eligible is None:
        return ""
    if eligible:
        return format_html('<span class="badge text-bg-success">{}</span>', _("Đủ điều kiện"))
    return format_html('<span class="badge text-bg-danger">{}</span>', _("Chưa đủ điều kiện"))


@register.filter
def reason_text(item) -> str:
    """An eligibility reason stored with a nomination, in the reader's language."""
    return reasons.render_stored(item)


@register.filter
def reason_mark(item) -> str:
    """✓ or ✗ for a stored reason that says whether it is met (older rows do not)."""
    if isinstance(item, dict) and "ok" in item:
        return "✓" if item["ok"] else "✗"
    return ""


@register.simple_tag
def award_label(code: str, name: str = "") -> str:
    """An award's official name, with an English gloss when the page is in English."""
    return reasons.award_name(code, name)
