from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from awards.enums import NOMINATION_BADGES, NominationStatus
from songlo.labels import enum_label

register = template.Library()


@register.simple_tag
def nomination_badge(status: str):
    """A status badge that carries words (never colour alone)."""
    return format_html(
        '<span class="badge {}">{}</span>',
        NOMINATION_BADGES.get(status, "text-bg-secondary"),
        enum_label(NominationStatus, status),
    )


@register.simple_tag
def eligibility_badge(eligible):
    if eligible is None:
        return ""
    if eligible:
        return format_html('<span class="badge text-bg-success">{}</span>', _("Đủ điều kiện"))
    return format_html('<span class="badge text-bg-danger">{}</span>', _("Chưa đủ điều kiện"))
