"""The council's list pages as workbooks: the page's own rows (same scope)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from songlo.spreadsheets import list_xlsx_response


def decisions_response(decisions):
    """The decision list, newest first, with the number of people and collectives of each."""
    rows = (
        [
            number,
            d.number,
            d.date.strftime("%d/%m/%Y"),
            d.body.name,
            d.summary,
            d.signer_name,
            d.signer_title,
            d.n_entries,
        ]
        for number, d in enumerate(decisions.iterator(chunk_size=2000), start=1)
    )
    return list_xlsx_response(
        filename="quyet-dinh-khen-thuong.xlsx",
        title=_("Quyết định khen thưởng"),
        header=[
            _("STT"),
            _("Số quyết định"),
            _("Ngày quyết định"),
            _("Cơ quan ban hành"),
            _("Trích yếu"),
            _("Người ký"),
            _("Chức vụ người ký"),
            _("Số người, tập thể"),
        ],
        rows=rows,
        widths=[6, 16, 14, 30, 60, 24, 24, 12],
    )
