"""The campaigns' list pages as workbooks: the page's own rows (same scope, same filters)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from songlo.spreadsheets import list_xlsx_response


def _title_name(code: str) -> str:
    from campaigns.forms import COLLECTIVE_TITLES

    return str(COLLECTIVE_TITLES.get(code) or code) if code else ""


def registrations_response(movement, registrations, *, status_label: str = ""):
    """The registration list of a movement (its status filter applied), one column per target."""
    targets = list(movement.targets.all())

    def rows():
        for number, r in enumerate(registrations.iterator(chunk_size=2000), start=1):
            yield [
                number,
                r.unit.name,
                r.get_status_display(),
                _title_name(r.collective_title),
                r.ldtt_count,
                r.cstdcs_count,
                *[r.targets.get(str(t.pk), "") for t in targets],
                r.pledge,
                timezone.localtime(r.registered_at).strftime("%d/%m/%Y %H:%M") if r.registered_at else "",
                str(r.registered_by or ""),
            ]

    caption = [movement.title]
    if status_label:
        caption.append(_("Trạng thái: %(status)s") % {"status": status_label})
    return list_xlsx_response(
        filename=f"dang-ky-thi-dua-{movement.pk}.xlsx",
        title=_("Đăng ký thi đua"),
        caption=caption,
        header=[
            _("STT"),
            _("Đơn vị"),
            _("Trạng thái"),
            _("Danh hiệu tập thể đăng ký"),
            _("Số cá nhân đăng ký Lao động tiên tiến"),
            _("Số cá nhân đăng ký Chiến sĩ thi đua cơ sở"),
            *[f"{t.name} ({t.measure})" if t.measure else t.name for t in targets],
            _("Nội dung giao ước"),
            _("Ngày đăng ký"),
            _("Người đăng ký"),
        ],
        rows=rows(),
        widths=[6, 36, 14, 30, 14, 14, *[20 for _t in targets], 40, 16, 24],
    )
