"""The registers an office keeps after its decisions: the golden book (sổ vàng), the payout sheet
of each decision (bảng kê chi tiền thưởng) and the reward fund's ledger (quỹ thi đua, khen thưởng).

Reads only. The golden book is the body's decision entries in ordinal order (the ordinal is
taken under the body's lock in ``services.decision_issue``, so it has no gap). The fund's
payouts and recoveries are read from the decisions, its income from ``FundIncome``: nothing is
entered twice, so the ledger cannot disagree with the decisions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from council.enums import RecoveryStatus
from council.models import Decision, DecisionEntry, FundIncome
from organisation.models import OrgUnit
from songlo.docx import vn_decimal, vn_number
from songlo.numbers import money_in_words
from songlo.spreadsheets import append_row, workbook, xlsx_bytes
from songlo.text import search_q

ENTRY_RELATED = (
    "decision",
    "nomination__award_type",
    "nomination__person",
    "nomination__subject_unit",
    "nomination__unit",
)


# Golden book ---------------------------------------------------------------------------------
def golden_book(body: OrgUnit, year: int, query: str = "") -> QuerySet[DecisionEntry]:
    """Every award the body decided in the year, in ordinal order; ``query`` by any spelling."""
    entries = DecisionEntry.objects.filter(body=body, year=year).select_related(*ENTRY_RELATED)
    if query.strip():
        entries = entries.filter(
            search_q(
                query,
                "nomination__person__full_name",
                "nomination__subject_unit__name",
                "nomination__unit__name",
                "decision__number",
            )
        )
    return entries.order_by("ordinal")


def golden_book_years(body: OrgUnit) -> list[int]:
    return list(DecisionEntry.objects.filter(body=body).values_list("year", flat=True).distinct().order_by("-year"))


GOLDEN_BOOK_HEADERS = (
    "Số sổ vàng",
    "Họ và tên, tên tập thể",
    "Đơn vị",
    "Danh hiệu, hình thức khen thưởng",
    "Năm thành tích",
    "Số quyết định",
    "Ngày quyết định",
    "Ghi chú",
)


def golden_book_xlsx(body: OrgUnit, year: int, entries) -> bytes:
    book, sheet = workbook()
    sheet.title = f"So vang {year}"
    append_row(sheet, [f"SỔ VÀNG KHEN THƯỞNG NĂM {year} – {body.name.upper()}"])
    append_row(sheet, [])
    append_row(sheet, list(GOLDEN_BOOK_HEADERS))
    for e in entries:
        n = e.nomination
        append_row(
            sheet,
            [
                e.ordinal,
                str(n.subject),
                n.unit.name,
                n.award_type.name,
                n.year,
                e.decision.number,
                e.decision.date.strftime("%d/%m/%Y"),
                _("Đã hủy bỏ") if e.revoked else "",
            ],
        )
    return xlsx_bytes(book)


# Payout sheet --------------------------------------------------------------------------------
@dataclass
class PayoutLine:
    number: int  # STT
    name: str
    unit: str
    award: str
    multiplier: object
    base_salary: int | None
    amount: int
    revoked: bool


@dataclass
class PayoutSheet:
    decision: Decision
    lines: list[PayoutLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def total_in_words(self) -> str:
        return money_in_words(self.total)


def payout_sheet(decision: Decision) -> PayoutSheet:
    """The treasury's list of the decision's rewards, in golden-book order; entries without a
    reward (no multiplier for the award) are left out, as nothing is paid for them."""
    sheet = PayoutSheet(decision)
    entries = decision.entries.filter(reward__isnull=False).select_related(*ENTRY_RELATED).order_by("ordinal")
    for number, e in enumerate(entries, start=1):
        n = e.nomination
        sheet.lines.append(
            PayoutLine(
                number=number,
                name=str(n.subject),
                unit=n.unit.name,
                award=n.award_type.name,
                multiplier=e.multiplier,
                base_salary=e.base_salary,
                amount=e.reward or 0,
                revoked=e.revoked,
            )
        )
    return sheet


PAYOUT_HEADERS = ("STT", "Họ và tên, tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Hệ số",
                  "Lương cơ sở (đồng)", "Số tiền (đồng)", "Ký nhận")  # fmt: skip


def payout_title(decision: Decision) -> str:
    return (
        f"BẢNG KÊ CHI TIỀN THƯỞNG kèm theo Quyết định số {decision.number} "
        f"ngày {decision.date:%d/%m/%Y} của {decision.body.name}"
    )


def payout_xlsx(sheet_data: PayoutSheet) -> bytes:
    decision = sheet_data.decision
    book, sheet = workbook()
    sheet.title = "Bang ke"
    append_row(sheet, [decision.body.name.upper()])
    append_row(sheet, [payout_title(decision)])
    append_row(sheet, [])
    append_row(sheet, list(PAYOUT_HEADERS))
    for line in sheet_data.lines:
        append_row(
            sheet,
            [line.number, line.name, line.unit, line.award, line.multiplier, line.base_salary, line.amount, ""],
        )
    append_row(sheet, ["", "Tổng cộng", "", "", "", "", sheet_data.total, ""])
    append_row(sheet, [])
    append_row(sheet, [f"Bằng chữ: {sheet_data.total_in_words}."])
    append_row(sheet, [])
    append_row(sheet, ["", "NGƯỜI LẬP BIỂU", "", "KẾ TOÁN", "", "", "THỦ TRƯỞNG ĐƠN VỊ"])
    for column, width in zip("ABCDEFGH", (6, 30, 28, 30, 8, 16, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=5, min_col=5, max_col=7):
        for cell in row:
            cell.number_format = "#,##0.00" if cell.column == 5 else "#,##0"
    return xlsx_bytes(book)


def payout_pdf(sheet_data: PayoutSheet) -> bytes:
    """The payout sheet on A4 landscape, the header repeated on every page."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    from council.documents import find_font

    regular, bold, italic = find_font()
    decision = sheet_data.decision
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font("Viet", "", str(regular))
    pdf.add_font("Viet", "B", str(bold))
    pdf.add_font("Viet", "I", str(italic))
    pdf.set_title(payout_title(decision))
    pdf.add_page()
    pdf.set_font("Viet", "B", 11)
    pdf.cell(0, 6, decision.body.name.upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Viet", "B", 13)
    pdf.multi_cell(0, 7, payout_title(decision), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Viet", "", 9.5)
    widths = (10, 60, 58, 58, 12, 26, 26, 23)
    aligns = ("C", "L", "L", "L", "C", "R", "R", "C")
    with pdf.table(
        col_widths=widths,
        text_align=aligns,
        headings_style=FontFace(emphasis="BOLD"),
        repeat_headings=1,
        line_height=5,
    ) as table:
        table.row(list(PAYOUT_HEADERS))
        for line in sheet_data.lines:
            table.row(
                [
                    str(line.number),
                    line.name,
                    line.unit,
                    line.award,
                    vn_decimal(line.multiplier),
                    vn_number(line.base_salary),
                    vn_number(line.amount),
                    "",
                ]
            )
        total = table.row()
        total.cell("")
        total.cell("Tổng cộng", colspan=5, style=FontFace(emphasis="BOLD"))
        total.cell(vn_number(sheet_data.total), style=FontFace(emphasis="BOLD"))
        total.cell("")
    pdf.ln(3)
    pdf.set_font("Viet", "I", 11)
    pdf.multi_cell(0, 6, f"Bằng chữ: {sheet_data.total_in_words}.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Viet", "B", 11)
    third = (pdf.w - 24) / 3
    for label in ("NGƯỜI LẬP BIỂU", "KẾ TOÁN", "THỦ TRƯỞNG ĐƠN VỊ"):
        pdf.cell(third, 6, label, align="C")
    pdf.ln(6)
    pdf.set_font("Viet", "I", 10)
    for _label in range(3):
        pdf.cell(third, 6, "(Ký, ghi rõ họ tên)", align="C")
    return bytes(pdf.output())


# Reward fund ---------------------------------------------------------------------------------
@dataclass
class FundYear:
    year: int
    opening: int
    income: int
    payouts: int
    recoveries: int

    @property
    def closing(self) -> int:
        return self.opening + self.income - self.payouts + self.recoveries


@dataclass
class FundLine:
    date: datetime.date
    kind: str  # "income" | "payout" | "recovery"
    label: str
    reference: str
    amount: int  # signed: what it does to the balance
    url: str = ""


def _by_year(rows) -> dict[int, int]:
    return {row["y"]: row["total"] or 0 for row in rows}


def fund_years(body: OrgUnit) -> list[FundYear]:
    """The fund's yearly summary from its first year to this one: three grouped queries."""
    income = _by_year(
        FundIncome.objects.filter(body=body).annotate(y=ExtractYear("date")).values("y").annotate(total=Sum("amount"))
    )
    payouts = _by_year(
        DecisionEntry.objects.filter(body=body, reward__isnull=False)
        .annotate(y=ExtractYear("decision__date"))
        .values("y")
        .annotate(total=Sum("reward"))
    )
    recoveries = _by_year(
        DecisionEntry.objects.filter(body=body, recovery=RecoveryStatus.RECOVERED, reward__isnull=False)
        .annotate(y=ExtractYear("recovered_on"))
        .values("y")
        .annotate(total=Sum("reward"))
    )
    years = set(income) | set(payouts) | set(recoveries)
    if not years:
        return []
    out: list[FundYear] = []
    balance = 0
    for year in range(min(years), max(years | {datetime.date.today().year}) + 1):
        summary = FundYear(year, balance, income.get(year, 0), payouts.get(year, 0), recoveries.get(year, 0))
        balance = summary.closing
        out.append(summary)
    return out


def fund_lines(body: OrgUnit, year: int) -> list[FundLine]:
    """The year's movements of the fund, by date: income rows, one payout per decision, one
    recovery per recovered reward. Three queries whatever the number of decisions."""
    lines = [
        FundLine(i.date, "income", i.source, i.reference, i.amount)
        for i in FundIncome.objects.filter(body=body, date__year=year)
    ]
    decisions = (
        Decision.objects.filter(body=body, date__year=year)
        .annotate(total=Sum("entries__reward"))
        .filter(total__gt=0)
        .order_by("date", "pk")
    )
    lines += [FundLine(d.date, "payout", d.summary, d.number, -(d.total or 0), d.get_absolute_url()) for d in decisions]
    recovered = (
        DecisionEntry.objects.filter(
            Q(body=body, recovery=RecoveryStatus.RECOVERED, recovered_on__year=year), reward__isnull=False
        )
        .select_related(*ENTRY_RELATED)
        .order_by("recovered_on", "pk")
    )
    lines += [
        FundLine(
            e.recovered_on,
            "recovery",
            f"{e.nomination.subject} – {e.nomination.award_type.name}",
            e.decision.number,
            e.reward or 0,
            e.decision.get_absolute_url(),
        )
        for e in recovered
    ]
    order = {"income": 0, "recovery": 1, "payout": 2}
    return sorted(lines, key=lambda line: (line.date, order[line.kind]))


def to_recover(body: OrgUnit) -> QuerySet[DecisionEntry]:
    """Rewards of revoked awards not yet paid back."""
    return (
        DecisionEntry.objects.filter(body=body, recovery=RecoveryStatus.TO_RECOVER)
        .select_related(*ENTRY_RELATED)
        .order_by("decision__date", "ordinal")
    )
