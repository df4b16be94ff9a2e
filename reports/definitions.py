"""The statistics forms of emulation and commendation work, as data: rows ("Mã số"), columns, and
which records each row and column counts (a ``Q`` on the form's source).

Forms 0601.N to 0605.N of Circular 02/2023/TT-BNV (Bộ Nội vụ, 23/3/2023; the sector's statistics
reports, due 15 December of the reporting year). Rows and columns follow the circular's templates
as the open-source provincial system lifephongphanmem/thiduakhenthuong prints them (its 0602.N
numbers the rows 01–03 and 06–21: we keep those codes; its 0605.N repeats 14 for the last row,
which is 15 here).

Circular 18/2025/TT-BNV (Bộ Nội vụ, 08/10/2025) sets a new statistics regime for the home affairs
sector, emulation and commendation included, and governs the reports from 2025 on
(``CIRCULAR_18_2025``). Its forms could not be obtained (README "Statistics forms: which circular"):
it is listed without forms, so ``circular_for(year)`` still lays those years out as 02/2023 while
``circular_in_force(year)`` names 18/2025, and the page, the exports and the JSON say so
(``layout_note``). Adding its forms to ``CIRCULAR_18_2025`` switches those years to them.

What Songlo does not record is counted as a gap beside the form (e.g. people without a subject
class), never guessed: a row the data cannot tell apart stays 0 and says why in its ``note``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.enums import AwardKind, AwardLevel, SubjectClass
from campaigns.enums import MovementKind
from organisation.enums import UnitKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A condition no record meets (a row of the circular that Songlo's records cannot fill).
NEVER = Q(pk__lt=0)


@dataclass(frozen=True)
class Line:
    """A row of the form. A heading (no code) only groups the rows below it."""

    code: str
    label: StrOrPromise
    q: Q | None = None  # None: every record of the form
    measure: StrOrPromise = ""  # đơn vị tính (column C of the award forms)
    indent: int = 0
    note: StrOrPromise = ""  # why the row may stay 0

    @property
    def heading(self) -> bool:
        return not self.code


@dataclass(frozen=True)
class Column:
    key: str  # the circular's column number ("1", "2"; "7a"/"7b" for its collective/individual halves)
    label: StrOrPromise
    q: Q | None = None
    group: StrOrPromise = ""  # the header above a split column

    @property
    def number(self) -> str:
        return self.key.rstrip("ab")

    @property
    def full_label(self) -> str:
        return f"{self.group} – {self.label}" if self.group else str(self.label)


@dataclass(frozen=True)
class Gap:
    """Records of the form that lack a fact some row needs: shown (and listed) beside the form."""

    key: str
    label: StrOrPromise
    q: Q


@dataclass(frozen=True)
class StatForm:
    code: str  # "0603.N"
    title: StrOrPromise
    source: str  # what is counted: "awards", "movements", "office_units", "office_staff"
    measure: StrOrPromise  # đơn vị tính of the whole form
    lines: tuple[Line, ...]
    columns: tuple[Column, ...]
    gaps: tuple[Gap, ...] = ()
    orientation: str = "landscape"
    years: tuple[int, ...] = ()  # a stage's years (the summary's tables); empty: the report's one year

    @property
    def coded_lines(self) -> list[Line]:
        return [line for line in self.lines if not line.heading]

    @property
    def has_measure(self) -> bool:
        return any(line.measure for line in self.lines)

    def line(self, code: str) -> Line | None:
        return next((line for line in self.coded_lines if line.code == code), None)

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)

    def gap(self, key: str) -> Gap | None:
        return next((gap for gap in self.gaps if gap.key == key), None)


@dataclass(frozen=True)
class Circular:
    """A circular setting the statistics forms. One whose ``forms`` are empty is known to govern the
    years from ``first_year`` but its forms are not in Songlo yet: those years keep the layout of
    the latest circular that has forms, and say so (``layout_note``)."""

    number: str  # "02/2023/TT-BNV"
    issued: datetime.date
    first_year: int  # the first reporting year it governs
    forms: dict[str, StatForm] = field(default_factory=dict)

    @property
    def basis(self) -> str:
        return f"Ban hành theo Thông tư số {self.number} ngày {self.issued:%d/%m/%Y}"

    def form_number(self, form: StatForm) -> str:
        return f"{form.code}/BNV-TĐKT"


# Award records ------------------------------------------------------------------------------
COLLECTIVE = Q(unit__isnull=False)
INDIVIDUAL = Q(person__isnull=False)
# Songlo's award records have a person or a unit: a household's award (GDVH) is not one of them.
HOUSEHOLD = NEVER
ENTERPRISE = Q(unit__kind=UnitKind.ENTERPRISE)


def _kind(kind: str) -> Q:
    return Q(kind=kind)


def _class(value: str) -> Q:
    return Q(person__subject_class=value)


def _codes(*codes: str) -> Q:
    return Q(award_type__code__in=codes)


# State-level forms of 0602.N that Songlo's catalogue may hold (stable codes, docs/domain.md).
ORDERS = Q(award_type__code__startswith="HC")  # huân chương, huy chương: HCLD1, HCLD2, HCLD3...
HCM_PRIZE, STATE_PRIZE = _codes("GT_HCM"), _codes("GT_NN")
HONOURS = _codes("AHLD", "AHLLVT", "BMVNAH", "NGND", "NGUT", "TTND", "TTUT", "NND", "NNUT", "NMND", "NMUT")
NAMED_0602 = ORDERS | HCM_PRIZE | STATE_PRIZE | HONOURS | _codes("CO_CP", "BK_TTG", "CSTD_TQ")

SUBJECT_LINES = (
    Line("", _("1. Chia theo đối tượng khen thưởng")),
    Line("{0}", _("Tập thể"), COLLECTIVE, _("Tập thể"), 1),
    Line("{1}", _("Trong đó: Doanh nghiệp"), COLLECTIVE & ENTERPRISE, _("Doanh nghiệp"), 2),
    Line(
        "{2}",
        _("Hộ gia đình"),
        HOUSEHOLD,
        _("Hộ"),
        1,
        _("Khen thưởng hộ gia đình chưa được ghi vào lịch sử khen thưởng của Songlo."),
    ),
    Line("{3}", _("Cá nhân"), INDIVIDUAL, _("Người"), 1),
    Line("{4}", SubjectClass.PROVINCE_LEADER.label, _class(SubjectClass.PROVINCE_LEADER), _("Người"), 2),
    Line("{5}", SubjectClass.DEPARTMENT_LEADER.label, _class(SubjectClass.DEPARTMENT_LEADER), _("Người"), 2),
    Line("{6}", SubjectClass.ENTREPRENEUR.label, _class(SubjectClass.ENTREPRENEUR), _("Người"), 2),
    Line("{7}", SubjectClass.OTHER_LEADER.label, _class(SubjectClass.OTHER_LEADER), _("Người"), 2),
    Line("{8}", SubjectClass.WORKER.label, _class(SubjectClass.WORKER), _("Người"), 2),
)
KIND_LINES = (
    Line("", _("Chia theo phương thức khen thưởng")),
    Line("{0}", _("Thường xuyên"), _kind(AwardKind.MERIT), indent=1),
    Line("{1}", _("Chuyên đề"), _kind(AwardKind.MOVEMENT), indent=1),
    Line("{2}", _("Đột xuất"), _kind(AwardKind.AD_HOC), indent=1),
    Line("{3}", _("Đối ngoại"), _kind(AwardKind.FOREIGN), indent=1),
    Line("{4}", _("Cống hiến"), _kind(AwardKind.SERVICE), indent=1),
    Line("{5}", _("Niên hạn"), _kind(AwardKind.SENIORITY), indent=1),
    Line("{6}", _("Kháng chiến"), _kind(AwardKind.RESISTANCE), indent=1),
)


def _numbered(lines: tuple[Line, ...], first: int, heading: StrOrPromise | None = None) -> list[Line]:
    """``lines`` with their "{i}" codes numbered from ``first`` (two digits)."""
    out = []
    index = 0
    for line in lines:
        if line.heading:
            out.append(Line("", heading or line.label))
            continue
        out.append(Line(f"{first + index:02d}", line.label, line.q, line.measure, line.indent, line.note))
        index += 1
    return out


UNCLASSIFIED = Gap(
    "unclassified",
    _("Cá nhân chưa có phân loại đối tượng (không vào được các dòng “Lãnh đạo…”, “Doanh nhân”, “Người trực tiếp…”)"),
    INDIVIDUAL & Q(person__subject_class=""),
)

FORM_0602 = StatForm(
    code="0602.N",
    title=_("Số lượng khen thưởng cấp Nhà nước"),
    source="awards",
    measure="",
    lines=(
        Line("01", _("Tổng số")),
        Line("", _("1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng")),
        Line(
            "02",
            _("Bộ, ban, ngành, đoàn thể Trung ương"),
            NEVER,
            _("Bộ, ngành"),
            1,
            _("Khen thưởng cấp Nhà nước của địa phương do tỉnh trình: dòng này bằng 0."),
        ),
        Line("03", _("Tỉnh, thành phố trực thuộc Trung ương"), None, _("Tỉnh, TP"), 1),
        *_numbered(SUBJECT_LINES, 6, _("2. Chia theo đối tượng khen thưởng")),
        *_numbered(KIND_LINES, 15, _("3. Chia theo phương thức khen thưởng")),
    ),
    columns=(
        Column("1", _("Tổng số")),
        Column("2a", _("Tập thể"), ORDERS & COLLECTIVE, _("Các loại huân chương, huy chương")),
        Column("2b", _("Cá nhân"), ORDERS & INDIVIDUAL, _("Các loại huân chương, huy chương")),
        Column("3", _("Giải thưởng Hồ Chí Minh"), HCM_PRIZE),
        Column("4", _("Giải thưởng Nhà nước"), STATE_PRIZE),
        Column("5a", _("Tập thể"), HONOURS & COLLECTIVE, _("Danh hiệu vinh dự Nhà nước")),
        Column("5b", _("Cá nhân"), HONOURS & INDIVIDUAL, _("Danh hiệu vinh dự Nhà nước")),
        Column("6", _("Cờ thi đua của Chính phủ"), _codes("CO_CP")),
        Column("7a", _("Tập thể"), _codes("BK_TTG") & COLLECTIVE, _("Bằng khen của Thủ tướng Chính phủ")),
        Column("7b", _("Cá nhân"), _codes("BK_TTG") & INDIVIDUAL, _("Bằng khen của Thủ tướng Chính phủ")),
        Column("8", _("Chiến sĩ thi đua toàn quốc"), _codes("CSTD_TQ")),
        Column("9a", _("Tập thể"), ~NAMED_0602 & COLLECTIVE, _("Các hình thức khen thưởng khác")),
        Column("9b", _("Cá nhân"), ~NAMED_0602 & INDIVIDUAL, _("Các hình thức khen thưởng khác")),
    ),
    gaps=(UNCLASSIFIED,),
)
# Which award records each award form counts (beyond the body's subtree, the year, not revoked).
FORM_0602_SCOPE = Q(award_type__level=AwardLevel.NATIONAL)

FORM_0603 = StatForm(
    code="0603.N",
    title=_("Số lượng khen thưởng cấp bộ, ban, ngành, đoàn thể Trung ương và tỉnh, thành phố trực thuộc Trung ương"),
    source="awards",
    measure="",
    lines=(
        Line("01", _("Tổng số")),
        *_numbered(SUBJECT_LINES, 2),
        *_numbered(KIND_LINES, 11, _("2. Chia theo phương thức khen thưởng")),
    ),
    columns=(
        Column("1", _("Tổng số")),
        Column("2", _("Bằng khen"), _codes("BK_TINH"), _("Chia ra")),
        Column("3", _("Chiến sĩ thi đua cấp bộ, cấp tỉnh"), _codes("CSTD_TINH"), _("Chia ra")),
        Column(
            "4",
            _("Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
            _codes("CO_TINH"),
            _("Chia ra"),
        ),
        Column(
            "5",
            _(
                "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, "
                "tỉnh, thành phố trực thuộc Trung ương"
            ),
            _codes("KNC"),
            _("Chia ra"),
        ),
    ),
    gaps=(UNCLASSIFIED,),
)
FORM_0603_SCOPE = _codes("BK_TINH", "CSTD_TINH", "CO_TINH", "KNC")

AWARD_SCOPES = {"0602.N": FORM_0602_SCOPE, "0603.N": FORM_0603_SCOPE}


# Movements ----------------------------------------------------------------------------------
PROVINCE_OWNED = Q(owner__kind=UnitKind.PROVINCE)
# A yearly movement runs 01/01–31/12 (364 days between the dates): "1 năm" is 11 to 13 months, and
# "3 năm", "5 năm" are reached a few days short of 3 × 365 and 5 × 365 (the last day is inclusive).
ONE_YEAR_LOW, ONE_YEAR_HIGH = datetime.timedelta(days=330), datetime.timedelta(days=395)
THREE_YEARS, FIVE_YEARS = datetime.timedelta(days=3 * 365 - 5), datetime.timedelta(days=5 * 365 - 5)

FORM_0601 = StatForm(
    code="0601.N",
    title=_("Số phong trào thi đua"),
    source="movements",
    measure=_("Phong trào"),
    lines=(
        Line("01", _("Tổng số")),
        Line("", _("1. Chia theo phạm vi tổ chức thi đua")),
        Line("02", _("Toàn quốc"), NEVER, indent=1, note=_("Songlo ghi phong trào của địa phương: dòng này bằng 0.")),
        Line("03", _("Bộ, ban, ngành đoàn thể, địa phương"), PROVINCE_OWNED, indent=1),
        Line(
            "04",
            _("Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức"),
            NEVER,
            indent=1,
            note=_("Cụm, khối trong Songlo không phát động phong trào riêng: dòng này bằng 0."),
        ),
        Line("05", _("Cơ quan, tổ chức, đơn vị"), ~PROVINCE_OWNED, indent=1),
        Line("", _("2. Chia theo thời hạn thi đua")),
        Line("06", _("Dưới 1 năm"), Q(span__lt=ONE_YEAR_LOW), indent=1),
        Line("07", _("1 năm"), Q(span__gte=ONE_YEAR_LOW, span__lte=ONE_YEAR_HIGH), indent=1),
        Line("08", _("Từ 1 năm đến dưới 3 năm"), Q(span__gt=ONE_YEAR_HIGH, span__lt=THREE_YEARS), indent=1),
        Line("09", _("Từ 3 năm đến dưới 5 năm"), Q(span__gte=THREE_YEARS, span__lt=FIVE_YEARS), indent=1),
        Line("10", _("Từ 5 năm trở lên"), Q(span__gte=FIVE_YEARS), indent=1),
        Line("", _("3. Chia theo phương thức tổ chức phong trào thi đua")),
        Line("11", _("Thi đua theo chuyên đề"), Q(kind=MovementKind.THEMATIC), indent=1),
        Line("12", _("Thi đua thường xuyên hằng năm"), Q(kind=MovementKind.REGULAR), indent=1),
    ),
    columns=(
        Column("1", _("Tổng số")),
        Column(
            "2",
            _("Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"),
            NEVER,
            _("Chia theo cấp chủ trì phát động"),
        ),
        Column(
            "3",
            _("Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương"),
            PROVINCE_OWNED,
            _("Chia theo cấp chủ trì phát động"),
        ),
        Column("4", _("Cơ quan, tổ chức, đơn vị"), ~PROVINCE_OWNED, _("Chia theo cấp chủ trì phát động")),
    ),
)


# The office: its units and its staff --------------------------------------------------------
FORM_0604 = StatForm(
    code="0604.N",
    title=_("Số lượng tổ chức làm công tác thi đua, khen thưởng"),
    source="office_units",
    measure=_("Tổ chức"),
    orientation="portrait",
    lines=(
        Line("01", _("Tổng số"), None, _("Tổ chức")),
        Line("", _("Chia theo cơ cấu tổ chức bộ máy")),
        Line("02", _("Cấp Vụ thuộc bộ, ban, ngành, đoàn thể Trung ương"), NEVER, _("Vụ"), 1),
        Line("03", _("Cấp phòng, ban hoặc bộ phận thuộc Vụ"), NEVER, _("Phòng"), 1),
        Line("04", _("Cấp ban thuộc Sở Nội vụ"), Q(kind=UnitKind.PROVINCE), _("Ban"), 1),
        Line("05", _("Cấp phòng thuộc Sở Nội vụ"), NEVER, _("Phòng"), 1),
    ),
    columns=(Column("1", _("Số lượng")),),
    gaps=(
        Gap(
            "outside",
            _("Bộ phận thi đua của đơn vị cấp huyện, cấp xã, cơ quan (không thuộc cơ cấu của biểu)"),
            ~Q(kind=UnitKind.PROVINCE),
        ),
    ),
)

FORM_0605 = StatForm(
    code="0605.N",
    title=_("Số lượng công chức làm công tác thi đua, khen thưởng"),
    source="office_staff",
    measure=_("Người"),
    orientation="portrait",
    lines=(
        Line("01", _("Tổng số")),
        Line("", _("1. Chia theo độ tuổi")),
        *(
            Line(code, label, NEVER, indent=1)
            for code, label in (
                ("02", _("Từ 30 trở xuống")),
                ("03", _("Từ 31 đến 40")),
                ("04", _("Từ 41 đến 50")),
                ("05", _("Từ 51 đến 55")),
                ("06", _("Từ 56 đến 60")),
                ("07", _("Trên 60 tuổi")),
            )
        ),
        Line("", _("2. Chia theo trình độ đào tạo")),
        *(
            Line(code, label, NEVER, indent=1)
            for code, label in (
                ("08", _("Sơ cấp")),
                ("09", _("Trung cấp")),
                ("10", _("Cao đẳng")),
                ("11", _("Đại học")),
                ("12", _("Trên đại học")),
            )
        ),
        Line("", _("3. Chia theo thâm niên công tác trong lĩnh vực thi đua, khen thưởng")),
        *(
            Line(code, label, NEVER, indent=1)
            for code, label in (("13", _("Dưới 5 năm")), ("14", _("Từ 5 đến 10 năm")), ("15", _("Từ 10 năm trở lên")))
        ),
    ),
    columns=(Column("1", _("Tổng số")), Column("2", _("Trong đó: Nữ"), NEVER)),
    gaps=(
        Gap(
            "no_profile",
            _("Cán bộ thường trực thi đua chưa có ngày sinh, giới tính, trình độ đào tạo, thâm niên trong Songlo"),
            Q(pk__gt=0),
        ),
    ),
)

CIRCULAR_02_2023 = Circular(
    number="02/2023/TT-BNV",
    issued=datetime.date(2023, 3, 23),
    first_year=2023,
    forms={f.code: f for f in (FORM_0601, FORM_0602, FORM_0603, FORM_0604, FORM_0605)},
)
# Issued 08/10/2025; its effective date was not obtainable (README "Statistics forms: which
# circular"): 2025, the first report due after its issue (15/12/2025), is taken as the first year it
# governs, so that no year it may govern goes without the note. Its forms are not at hand.
CIRCULAR_18_2025 = Circular(number="18/2025/TT-BNV", issued=datetime.date(2025, 10, 8), first_year=2025)
# Oldest first. A later circular is appended with its first reporting year (and its forms once known).
CIRCULARS = [CIRCULAR_02_2023, CIRCULAR_18_2025]
FORM_CODES = list(CIRCULAR_02_2023.forms)


def circular_in_force(year: int) -> Circular:
    """The circular that governs the reports of ``year`` (the first one before it existed)."""
    found = CIRCULARS[0]
    for circular in CIRCULARS:
        if circular.first_year <= year:
            found = circular
    return found


def circular_for(year: int) -> Circular:
    """The circular whose forms lay out the reports of ``year``: the one in force, or, while its
    forms are not in Songlo, the latest one before it that has forms."""
    found = CIRCULARS[0]
    for circular in CIRCULARS:
        if circular.first_year <= year and circular.forms:
            found = circular
    return found


def layout_note(year: int) -> str:
    """Why the reports of ``year`` use another circular's layout than the one in force ("" when not)."""
    used, in_force = circular_for(year), circular_in_force(year)
    if used is in_force:
        return ""
    return gettext(
        "Báo cáo năm %(year)s thuộc chế độ báo cáo thống kê ngành Nội vụ của Thông tư số %(new)s ngày "
        "%(issued)s. Songlo chưa có biểu mẫu của Thông tư này nên biểu vẫn lập theo mẫu của Thông tư số "
        "%(old)s: đối chiếu với biểu mẫu của Thông tư số %(new)s trước khi gửi."
    ) % {"year": year, "new": in_force.number, "issued": f"{in_force.issued:%d/%m/%Y}", "old": used.number}
