from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from awards import reasons
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


@register.simple_tag
def nomination_row(n, can_screen: bool):
    """One row of the nomination list's table, written in Python: the markup the row template
    gave (``templates/awards/nomination_list.html``), without fifty variable lookups per row."""
    e = conditional_escape
    subject = e(n.subject)
    check = ""
    if can_screen:
        box = ""
        if n.status == NominationStatus.SUBMITTED:
            label = _("Chọn hồ sơ của %(subject)s") % {"subject": subject}
            box = (
                f'<input class="form-check-input" type="checkbox" form="screen-many" name="nominations" '
                f'value="{e(localize(n.pk))}" aria-label="{label}">'
            )
        check = f"<td>{box}</td>"
    condition = eligibility_badge(n.eligible)
    if n.override_reason:
        condition += f' <span class="badge text-bg-warning">{e(_("Chấp nhận có lý do"))}</span>'
    movement = e((n.movement.title if n.movement_id else "") or "—")
    return mark_safe(  # every value escaped above; the labels are ours
        f"\n    <tr>\n      {check}\n"
        f'      <td><a href="{e(n.get_absolute_url())}">{subject}</a></td>\n'
        f"      <td>{e(n.award_type.name)}</td><td>{e(localize(n.year))}</td><td>{e(n.unit.name)}</td>"
        f"<td>{movement}</td>\n"
        f"      <td>{condition}</td>\n"
        f"      <td>{nomination_badge(n.status)}</td>\n"
        "    </tr>\n  "
    )


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
