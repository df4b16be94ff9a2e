"""The pages the benchmarks visit: one line per page.

A page names the URL (``django.urls.reverse`` name), who looks at it, and how to find the
object it shows in the scale data. A URL name that does not exist yet (its branch is not
merged) makes the page "absent", not an error, so pages light up as they are built.
Every admin changelist registered on the admin site is added automatically.

Pages measured without an object in the data say "no object"; a URL name that does not exist
says "absent" (a renamed URL shows up that way: keep this list in step with the urls.py files).

Adding a page: append ``Page("label", "app:url_name", OFFICE, finder)`` to ``PAGES``, where
``finder`` returns the ``reverse`` args (a list) or None when the data has no such object.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from bench.scale.campaigns import ADMIN_USERNAME, CHAIR_USERNAME, COUNCIL_USERNAMES, OFFICE_USERNAME, PROVINCE_CODE

OFFICE, CHAIR, COUNCIL, ADMIN = OFFICE_USERNAME, CHAIR_USERNAME, COUNCIL_USERNAMES[0], ADMIN_USERNAME
HEAD = "<head>"  # the head of a unit with a review to write in the open period (found in the data)
ANONYMOUS = ""  # a public page, visited without logging in

ABSENT, NO_OBJECT, OK = "absent", "no object", "ok"


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def open_period() -> list | None:
    """The open period of the province's regular movement: the biggest dashboard."""
    ReviewPeriod = _model("campaigns.ReviewPeriod")
    period = (
        ReviewPeriod.objects.filter(status="open", movement__owner__code=PROVINCE_CODE, movement__kind="regular")
        .order_by("pk")
        .first()
    )
    return [period.pk] if period else None


def head_review() -> list | None:
    review = _head_review()
    return [review.pk] if review else None


def _head_review():
    Review = _model("campaigns.Review")
    return (
        Review.objects.filter(period__status="open", status__in=["not_started", "draft"], unit__code__startswith="sc-")
        .order_by("period_id", "unit__path")
        .first()
    )


def head_username() -> str | None:
    review = _head_review()
    if review is None:
        return None
    Membership = _model("organisation.Membership")
    head = Membership.objects.filter(unit_id=review.unit_id, role="unit_head").select_related("user").first()
    return head.user.username if head else None


def submitted_review() -> list | None:
    Review = _model("campaigns.Review")
    review = (
        Review.objects.filter(period__status="open", status="submitted", unit__code__startswith="sc-")
        .order_by("pk")
        .first()
    )
    return [review.pk] if review else None


def current_movement() -> list | None:
    Movement = _model("campaigns.Movement")
    movement = Movement.objects.filter(status="launched", owner__code=PROVINCE_CODE).order_by("pk").first()
    return [movement.pk] if movement else None


def head_registration() -> list | None:
    review = _head_review()
    Registration = _model("campaigns.Registration")
    if review is None:
        return None
    registration = Registration.objects.filter(unit_id=review.unit_id, movement__status="launched").first()
    return [registration.pk] if registration else None


def a_district() -> list | None:
    OrgUnit = _model("organisation.OrgUnit")
    unit = OrgUnit.objects.filter(kind="district", code__startswith="sc-").order_by("path").first()
    return [unit.code] if unit else None


def a_commune() -> list | None:
    OrgUnit = _model("organisation.OrgUnit")
    unit = OrgUnit.objects.filter(kind="commune", code__startswith="sc-").order_by("path").first()
    return [unit.code] if unit else None


def current_block() -> list | None:
    BlockTerm = _model("campaigns.BlockTerm")
    term = (
        BlockTerm.objects.filter(block__code__startswith="sc-")
        .select_related("block")
        .order_by("-year", "block__code")
        .first()
    )
    return [term.block.code, term.year] if term else None


def a_person() -> list | None:
    Person = _model("awards.Person")
    person = Person.objects.filter(code__startswith="sc-p").order_by("pk").first() if Person else None
    return [person.code] if person else None


def province_session(status: str) -> Callable[[], list | None]:
    def finder() -> list | None:
        Session = _model("council.CouncilSession")
        session = Session.objects.filter(body__code=PROVINCE_CODE, status=status).order_by("pk").first()
        return [session.pk] if session else None

    return finder


def _first(label: str, **filters) -> Callable[[], list | None]:
    def finder() -> list | None:
        model = _model(label)
        if model is None:
            return None
        obj = model.objects.filter(**filters).order_by("pk").first()
        return [obj.pk] if obj else None

    return finder


def no_args() -> list:
    return []


@dataclass(frozen=True)
class Page:
    label: str
    url_name: str
    username: str
    finder: Callable[[], list | None] = no_args
    query: str = ""
    tags: tuple[str, ...] = field(default=())


SCALE_UNIT = {"unit__code__startswith": "sc-"}
REPORT_QUERY = f"year=2024&body={PROVINCE_CODE}"

PAGES: list[Page] = [
    # Each role's home and the organisation.
    Page("Trang chủ – thủ trưởng", "home", HEAD, tags=("load",)),
    Page("Trang chủ – thường trực", "home", OFFICE),
    Page("Trang chủ – thành viên HĐ", "home", COUNCIL),
    Page("Trang chủ – chủ tịch HĐ", "home", CHAIR),
    Page("Danh sách đơn vị – thường trực", "organisation:unit_list", OFFICE),
    Page("Danh sách đơn vị – thủ trưởng", "organisation:unit_list", HEAD),
    Page("Chi tiết đơn vị (huyện)", "organisation:unit_detail", OFFICE, a_district),
    Page("Thông báo – thủ trưởng", "campaigns:notification_list", HEAD),
    # The emulation cycle: movements, registrations, periods, reviews, blocks.
    Page("Giai đoạn thi đua – danh sách", "campaigns:stage_list", OFFICE),
    Page(
        "Giai đoạn thi đua – chi tiết",
        "campaigns:stage_detail",
        OFFICE,
        _first("campaigns.Stage", owner__code=PROVINCE_CODE),
    ),
    Page("Phong trào – danh sách (thường trực)", "campaigns:movement_list", OFFICE),
    Page("Phong trào – danh sách (thủ trưởng)", "campaigns:movement_list", HEAD),
    Page("Phong trào – chi tiết", "campaigns:movement_detail", OFFICE, current_movement),
    Page("Phong trào – đơn vị tham gia", "campaigns:movement_participants", OFFICE, current_movement),
    Page("Đăng ký thi đua – tình hình", "campaigns:registration_status", OFFICE, current_movement),
    Page("Đăng ký thi đua – biểu mẫu", "campaigns:registration_edit", HEAD, head_registration),
    Page("Kỳ báo cáo – danh sách", "campaigns:period_list", OFFICE),
    Page("Kỳ báo cáo – bảng theo dõi", "campaigns:period_detail", OFFICE, open_period, tags=("load", "dashboard")),
    Page("Báo cáo – danh sách (thường trực)", "campaigns:review_list", OFFICE),
    Page("Báo cáo – danh sách (thủ trưởng)", "campaigns:review_list", HEAD),
    Page("Báo cáo – chi tiết", "campaigns:review_detail", OFFICE, submitted_review),
    Page("Báo cáo – biểu mẫu", "campaigns:review_edit", HEAD, head_review),
    Page("Cụm, khối thi đua", "campaigns:block_list", OFFICE),
    Page("Cụm, khối – năm", "campaigns:block_year", OFFICE, current_block),
    # Awards: nominations, eligibility, people, history, import.
    Page("Đề nghị khen thưởng – danh sách", "awards:nomination_list", OFFICE, tags=("load",)),
    Page("Đề nghị khen thưởng – danh sách (thủ trưởng)", "awards:nomination_list", HEAD),
    Page(
        "Đề nghị khen thưởng – chi tiết",
        "awards:nomination_detail",
        OFFICE,
        _first("awards.Nomination", status="submitted", **SCALE_UNIT),
    ),
    Page(
        "Đề nghị khen thưởng – chi tiết (trả lại)",
        "awards:nomination_detail",
        OFFICE,
        _first("awards.Nomination", status="returned", **SCALE_UNIT),
    ),
    Page("Đề nghị khen thưởng – lập mới", "awards:nomination_create", HEAD),
    Page("Xét điều kiện – thường trực (toàn tỉnh)", "awards:eligibility", OFFICE),
    Page("Xét điều kiện – thủ trưởng", "awards:eligibility", HEAD),
    Page("Cá nhân – danh sách", "awards:people", OFFICE),
    Page("Cá nhân – quá trình", "awards:person_detail", OFFICE, a_person),
    Page("Đơn vị – lịch sử khen thưởng", "awards:unit_history", OFFICE, a_commune),
    Page("Nhập dữ liệu", "awards:import", OFFICE),
    Page("Nhập dữ liệu – lịch sử", "awards:import_history", OFFICE),
    # The council.
    Page("Hội đồng – trang thành viên", "council:my_council", COUNCIL),
    Page("Hội đồng – trang chủ tịch", "council:my_council", CHAIR),
    Page("Phiên họp Hội đồng – danh sách", "council:session_list", COUNCIL),
    Page("Phiên họp Hội đồng – lên kế hoạch", "council:session_plan", OFFICE),
    Page("Phiên họp Hội đồng – đã kết thúc", "council:session_detail", COUNCIL, province_session("closed")),
    Page("Phiên họp Hội đồng – đang bỏ phiếu", "council:session_detail", COUNCIL, province_session("open")),
    Page("Quyết định khen thưởng – danh sách", "council:decision_list", OFFICE),
    Page(
        "Quyết định khen thưởng – chi tiết",
        "council:decision_detail",
        OFFICE,
        _first("council.Decision", body__code=PROVINCE_CODE),
    ),
    Page("Đề nghị cấp trên khen thưởng", "council:proposal_list", OFFICE),
    Page("Phản ánh, kiến nghị", "council:objection_list", OFFICE),
    Page("Công khai danh sách (không đăng nhập)", "public:notice", ANONYMOUS),
    # The statistics forms of the whole province (Circular 02/2023/TT-BNV), 2024.
    Page("Biểu thống kê 0601.N – toàn tỉnh", "reports:form", OFFICE, lambda: ["0601.N"], REPORT_QUERY),
    Page("Biểu thống kê 0602.N – toàn tỉnh", "reports:form", OFFICE, lambda: ["0602.N"], REPORT_QUERY),
    Page("Biểu thống kê 0603.N – toàn tỉnh", "reports:form", OFFICE, lambda: ["0603.N"], REPORT_QUERY),
    Page("Biểu thống kê 0604.N – toàn tỉnh", "reports:form", OFFICE, lambda: ["0604.N"], REPORT_QUERY),
    Page("Biểu thống kê 0605.N – toàn tỉnh", "reports:form", OFFICE, lambda: ["0605.N"], REPORT_QUERY),
]


def admin_pages() -> list[Page]:
    """One page per admin changelist registered on the project's admin site."""
    from django.contrib import admin

    pages = []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        opts = model._meta
        pages.append(
            Page(f"Quản trị: {opts.label_lower}", f"admin:{opts.app_label}_{opts.model_name}_changelist", ADMIN)
        )
    return pages


def all_pages() -> list[Page]:
    return PAGES + admin_pages()


@dataclass
class Resolved:
    page: Page
    state: str  # ok, absent, no object
    url: str = ""
    username: str = ""


def url_exists(name: str) -> bool:
    """Is there a URL pattern called ``name`` (whatever arguments it takes)?"""
    try:
        reverse(name)
    except NoReverseMatch as error:
        # A pattern that exists but wants arguments says how many patterns it tried.
        return "pattern(s) tried" in str(error)
    return True


def resolve(page: Page) -> Resolved:
    """The page's URL and user in the current database, or why it cannot be visited."""
    if not url_exists(page.url_name):
        return Resolved(page, ABSENT)
    args = page.finder()
    if args is None:
        return Resolved(page, NO_OBJECT)
    username = head_username() if page.username == HEAD else page.username
    if username is None:
        return Resolved(page, NO_OBJECT)
    try:
        url = reverse(page.url_name, args=args)
    except NoReverseMatch:
        return Resolved(page, ABSENT)
    return Resolved(page, OK, url + (f"?{page.query}" if page.query else ""), username)
