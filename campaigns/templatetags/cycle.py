"""Badges and deadline helpers for the emulation cycle's templates."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.db.models import Model
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.enums import REVIEW_PENDING, MovementStatus, PeriodStatus, RegistrationStatus, ReviewStatus
from songlo.labels import choice_label
from songlo.templatefilters import date as date_filter

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
    label = choice_label(obj, field) if isinstance(obj, Model) else getattr(obj, f"get_{field}_display")()
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


DASH = "—"


@register.simple_tag
def dashboard_row(r, can_accept: bool, now):
    """One row of the period dashboard's table, written in Python: the markup the row template
    gave (``templates/campaigns/period_detail.html``), without fifty variable lookups per row."""
    e = conditional_escape
    pk = r.pk
    unit = e(r.unit.name)
    check = ""
    if can_accept:
        box = ""
        if r.status == ReviewStatus.SUBMITTED:
            label = _("Chọn báo cáo của %(unit)s") % {"unit": unit}
            box = (
                f'<input class="form-check-input" type="checkbox" form="accept-many" name="reviews" '
                f'value="{pk}" id="accept-{pk}" aria-label="{label}">'
            )
        check = f"<td>{box}</td>"
    state = status_badge(r)
    if r.is_late:
        state += f" {late_badge()}"
    if r.status in REVIEW_PENDING and r.effective_deadline < now:
        state += f' <span class="badge text-bg-danger">{e(_("Quá hạn"))}</span>'
    deadline = e(date_filter(timezone.localtime(r.effective_deadline), "d/m/Y H:i"))
    if r.extended_deadline:
        deadline += f' <span class="badge text-bg-info">{e(_("Gia hạn"))}</span>'
    submitted = e(date_filter(timezone.localtime(r.submitted_at), "d/m/Y H:i")) if r.submitted_at else DASH
    own = floatformat(r.self_total, 1) if r.self_total is not None else DASH
    office = floatformat(r.office_total, 1) if r.office_total is not None else DASH
    return mark_safe(  # every value escaped above; the labels are ours
        f"\n    <tr>\n      {check}\n"
        f'      <td><a href="{e(r.get_absolute_url())}">{unit}</a></td>\n'
        f'      <td class="small">{e(r.block_names or DASH)}</td>\n'
        f"      <td>{state}</td>\n"
        f"      <td>{deadline}</td>\n"
        f"      <td>{submitted}</td>\n"
        f'      <td class="text-end">{own}</td>\n'
        f'      <td class="text-end">{office}</td>\n'
        "    </tr>\n  "
    )
