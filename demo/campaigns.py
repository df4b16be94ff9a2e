"""The Sông Lô demo organisation (stage 2020-2025), loaded by ``seed_demo``.

Everything is keyed by code or username so that loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from campaigns.enums import (
    IndicatorTotal,
    LatePolicy,
    MovementKind,
    MovementStatus,
    PeriodKind,
    PeriodStatus,
    RegistrationStatus,
    ReviewStatus,
)
from campaigns.models import (
    BlockCriterion,
    BlockPeerScore,
    BlockTerm,
    BlockVote,
    Criterion,
    EmulationBlock,
    Extension,
    Movement,
    MovementTarget,
    Participation,
    Registration,
    Review,
    ReviewFigure,
    ReviewPeriod,
    ReviewScore,
    ReviewVersion,
    Stage,
)
from organisation.enums import Role, UnitKind
from organisation.models import Membership, OrgUnit

DEMO_PASSWORD = "songlo2025"  # noqa: S105 - the documented demo password

PROVINCE = ("vinh-phuc", "Tỉnh Vĩnh Phúc", UnitKind.PROVINCE)
DISTRICT = ("song-lo", "Huyện Sông Lô", UnitKind.DISTRICT)
# The township and the 16 communes of the district before 07/2025.
COMMUNES = [
    ("tam-son", "Thị trấn Tam Sơn", UnitKind.TOWNSHIP),
    ("bach-luu", "Xã Bạch Lưu", UnitKind.COMMUNE),
    ("cao-phong", "Xã Cao Phong", UnitKind.COMMUNE),
    ("don-nhan", "Xã Đôn Nhân", UnitKind.COMMUNE),
    ("dong-que", "Xã Đồng Quế", UnitKind.COMMUNE),
    ("dong-thinh", "Xã Đồng Thịnh", UnitKind.COMMUNE),
    ("duc-bac", "Xã Đức Bác", UnitKind.COMMUNE),
    ("hai-luu", "Xã Hải Lựu", UnitKind.COMMUNE),
    ("lang-cong", "Xã Lãng Công", UnitKind.COMMUNE),
    ("nhao-son", "Xã Nhạo Sơn", UnitKind.COMMUNE),
    ("nhan-dao", "Xã Nhân Đạo", UnitKind.COMMUNE),
    ("nhu-thuy", "Xã Như Thụy", UnitKind.COMMUNE),
    ("phuong-khoan", "Xã Phương Khoan", UnitKind.COMMUNE),
    ("quang-yen", "Xã Quang Yên", UnitKind.COMMUNE),
    ("tan-lap", "Xã Tân Lập", UnitKind.COMMUNE),
    ("tu-yen", "Xã Tứ Yên", UnitKind.COMMUNE),
    ("yen-thach", "Xã Yên Thạch", UnitKind.COMMUNE),
]
AGENCIES = [
    ("vp-hdnd-ubnd", "Văn phòng HĐND và UBND huyện", UnitKind.AGENCY),
    ("phong-noi-vu", "Phòng Nội vụ", UnitKind.AGENCY),
    ("phong-tckh", "Phòng Tài chính - Kế hoạch", UnitKind.AGENCY),
    ("phong-nnptnt", "Phòng Nông nghiệp và Phát triển nông thôn", UnitKind.AGENCY),
    ("phong-gddt", "Phòng Giáo dục và Đào tạo", UnitKind.AGENCY),
    ("trung-tam-y-te", "Trung tâm Y tế huyện Sông Lô", UnitKind.AGENCY),
]
# Schools sit under the education office, whose head therefore acts for them too.
SCHOOLS = [
    ("thcs-tam-son", "Trường THCS Tam Sơn", UnitKind.SCHOOL),
    ("th-duc-bac", "Trường Tiểu học Đức Bác", UnitKind.SCHOOL),
    ("mn-hai-luu", "Trường Mầm non Hải Lựu", UnitKind.SCHOOL),
]

BLOCKS = [
    # code, name, kind, member codes, {year: (leader, deputy)}
    (
        "cum-1",
        "Cụm thi đua số 1 (các xã phía Bắc)",
        EmulationBlock.Kind.CLUSTER,
        ["tam-son", "bach-luu", "cao-phong", "don-nhan", "duc-bac", "hai-luu", "lang-cong", "quang-yen", "tu-yen"],
        {2024: ("hai-luu", "duc-bac"), 2025: ("duc-bac", "tam-son")},
    ),
    (
        "cum-2",
        "Cụm thi đua số 2 (các xã phía Nam)",
        EmulationBlock.Kind.CLUSTER,
        ["dong-que", "dong-thinh", "nhao-son", "nhan-dao", "nhu-thuy", "phuong-khoan", "tan-lap", "yen-thach"],
        {2024: ("nhan-dao", "dong-que"), 2025: ("dong-thinh", "nhan-dao")},
    ),
    (
        "khoi-co-quan",
        "Khối các cơ quan huyện",
        EmulationBlock.Kind.BLOCK,
        ["vp-hdnd-ubnd", "phong-noi-vu", "phong-tckh", "phong-nnptnt", "phong-gddt", "trung-tam-y-te"],
        {2024: ("phong-noi-vu", "vp-hdnd-ubnd"), 2025: ("vp-hdnd-ubnd", "phong-tckh")},
    ),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Thanh", "Hồng"]
GIVEN = ["Hùng", "Lan", "Dũng", "Hương", "Tuấn", "Mai", "Sơn", "Hà", "Long", "Nga", "Thắng", "Yến"]


def vietnamese_name(i: int) -> str:
    return f"{SURNAMES[i % len(SURNAMES)]} {MIDDLE[(i // 3) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}"


@dataclass
class DemoOrganisation:
    district: OrgUnit
    units: dict[str, OrgUnit]


def _unit(code: str, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
    unit, _ = OrgUnit.objects.update_or_create(code=code, defaults={"name": name, "kind": kind, "parent": parent})
    return unit


def seed_organisation() -> DemoOrganisation:
    province = _unit(*PROVINCE, parent=None)
    district = _unit(*DISTRICT, parent=province)
    units = {province.code: province, district.code: district}
    for code, name, kind in COMMUNES + AGENCIES:
        units[code] = _unit(code, name, kind, district)
    for code, name, kind in SCHOOLS:
        units[code] = _unit(code, name, kind, units["phong-gddt"])
    for code, name, kind, members, terms in BLOCKS:
        block, _ = EmulationBlock.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "owner": district}
        )
        block.members.set([units[c] for c in members])
        for year, (leader, deputy) in terms.items():
            BlockTerm.objects.update_or_create(
                block=block, year=year, defaults={"leader": units[leader], "deputy": units[deputy]}
            )
    return DemoOrganisation(district=district, units=units)


def seed_accounts(org: DemoOrganisation) -> None:
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo account

    def account(username: str, full_name: str, **extra) -> User:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@songlo.example", "password": password, **extra},
        )
        return user

    account("admin", "Quản trị hệ thống", is_staff=True, is_superuser=True)
    office = account("vanphong", "Nguyễn Thị Thu Hà")
    chair = account("chutich", "Trần Quang Minh")
    roles = [(office, Role.OFFICE), (chair, Role.COUNCIL_CHAIR)]
    for i in range(1, 7):
        roles.append((account(f"hoidong{i}", vietnamese_name(100 + i)), Role.COUNCIL_MEMBER))
    for user, role in roles:
        Membership.objects.get_or_create(user=user, unit=org.district, role=role)
    heads = [code for code, *_ in COMMUNES + AGENCIES + SCHOOLS]
    for i, code in enumerate(heads):
        head = account(f"truong.{code}", vietnamese_name(i))
        Membership.objects.get_or_create(user=head, unit=org.units[code], role=Role.UNIT_HEAD)


# --- The emulation cycle (stage 2020-2025) ----------------------------------------------

STAGE_NAME = "Giai đoạn 2020–2025"
LEGAL_BASIS = (
    "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 98/2023/NĐ-CP; "
    "Kế hoạch số 45/KH-UBND của UBND huyện Sông Lô về tổ chức các phong trào thi đua giai đoạn 2020–2025."
)
RUBRIC = [
    ("Thực hiện nhiệm vụ chính trị", "Hoàn thành các chỉ tiêu kinh tế - xã hội được giao", 50, 50),
    (
        "Công tác thi đua, khen thưởng",
        "Tổ chức, hưởng ứng các phong trào thi đua; phát hiện, nhân rộng điển hình",
        30,
        30,
    ),
    ("Xây dựng hệ thống chính trị", "Xây dựng Đảng, chính quyền, đoàn thể trong sạch, vững mạnh", 20, 20),
]
# (target, unit of measure, number to reach, how units' figures add up, the largest figure a unit reports)
YEARLY_TARGETS = [
    ("Tỷ lệ hộ gia đình đạt danh hiệu Gia đình văn hóa", "%", 90, IndicatorTotal.AVERAGE, 100),
    ("Tỷ lệ thôn, tổ dân phố đạt danh hiệu văn hóa", "%", 85, IndicatorTotal.AVERAGE, 100),
    ("Thu ngân sách trên địa bàn", "triệu đồng", 12000, IndicatorTotal.SUM, 15000),
]
NTM_TARGETS = [
    ("Số tiêu chí nông thôn mới nâng cao đạt được", "tiêu chí", 19, IndicatorTotal.AVERAGE, 19),
    ("Thu nhập bình quân đầu người", "triệu đồng/năm", 65, IndicatorTotal.AVERAGE, 80),
    ("Tỷ lệ đường giao thông nông thôn được cứng hóa", "%", 95, IndicatorTotal.AVERAGE, 100),
]
FIGURE_MAXIMA = {name: maximum for name, *_rest, maximum in YEARLY_TARGETS + NTM_TARGETS}
NARRATIVE = {
    "results": (
        "Đơn vị đã tổ chức quán triệt, triển khai kế hoạch thi đua tới toàn thể cán bộ, công chức; "
        "hoàn thành {done}/12 chỉ tiêu kinh tế - xã hội; nhiều mô hình hay được nhân rộng."
    ),
    "limitations": "Một số chỉ tiêu về thu ngân sách chưa đạt; công tác phát hiện điển hình tiên tiến còn chậm.",
    "lessons": "Phát huy vai trò người đứng đầu; gắn phong trào thi đua với nhiệm vụ chính trị của đơn vị.",
    "direction": "Tiếp tục đẩy mạnh phong trào, chú trọng khen thưởng người trực tiếp lao động, sản xuất.",
}


def _score(code: str, salt: int, maximum: int) -> Decimal:
    """A stable, plausible score between 70% and 100% of the maximum for a unit."""
    digest = hashlib.sha256(f"{code}:{salt}".encode()).digest()
    share = 70 + digest[0] % 31
    return (Decimal(maximum) * share / 100).quantize(Decimal("0.5"))


def _movement(title: str, **fields) -> Movement:
    movement, _ = Movement.objects.update_or_create(title=title, defaults=fields)
    return movement


def _targets(movement: Movement, rows) -> list[MovementTarget]:
    targets = []
    for i, (name, measure, number, total, _maximum) in enumerate(rows):
        target = MovementTarget.objects.update_or_create(
            movement=movement,
            order=i,
            defaults={"name": name, "measure": measure, "target": Decimal(number), "total": total},
        )[0]
        targets.append(target)
    return targets


def _figure(code: str, salt: int, target: MovementTarget) -> Decimal:
    """A unit's plausible figure for a target: 70% to 100% of the largest one, whole for counts."""
    value = _score(code, salt + target.pk, FIGURE_MAXIMA[target.name])
    return value.quantize(Decimal(1)) if target.measure == "tiêu chí" else value


def _participate(movement: Movement, units: list[OrgUnit], office, registered: set[str] | None = None) -> None:
    """Participants and registrations; ``registered`` (None: everyone) have registered."""
    Participation.objects.bulk_create(
        [Participation(movement=movement, unit=u, added_by=office) for u in units], ignore_conflicts=True
    )
    when = movement.registration_deadline or timezone.now()
    for u in units:
        done = registered is None or u.code in registered
        Registration.objects.get_or_create(
            movement=movement,
            unit=u,
            defaults={
                "status": RegistrationStatus.REGISTERED if done else RegistrationStatus.PENDING,
                "collective_title": ("TTLDXS" if u.code in {"tam-son", "duc-bac", "hai-luu"} else "TTLDTT")
                if done
                else "",
                "ldtt_count": 15 + len(u.code) if done else 0,
                "cstdcs_count": 2 if done else 0,
                "pledge": "Thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm; không có cán bộ vi phạm kỷ luật."
                if done
                else "",
                "registered_at": when - datetime.timedelta(days=5) if done else None,
            },
        )


def _period(movement: Movement, name: str, kind: str, opens_at, deadline, status: str, policy=LatePolicy.ACCEPT_FLAG):
    period, _ = ReviewPeriod.objects.update_or_create(
        movement=movement,
        name=name,
        defaults={"kind": kind, "opens_at": opens_at, "deadline": deadline, "status": status, "late_policy": policy},
    )
    if not period.criteria.exists():
        Criterion.objects.bulk_create(
            [
                Criterion(period=period, group=g, name=n, max_points=mx, weight=w, order=i)
                for i, (g, n, mx, w) in enumerate(RUBRIC)
            ]
        )
    return period


def _fill(review: Review, criteria, targets, *, salt: int, office_scores: bool) -> None:
    """Narrative, figures and scores of a review that has been worked on."""
    code = review.unit.code
    done = 9 + int(_score(code, salt, 3)) % 4
    Review.objects.filter(pk=review.pk).update(
        results=NARRATIVE["results"].format(done=done),
        limitations=NARRATIVE["limitations"],
        lessons=NARRATIVE["lessons"],
        direction=NARRATIVE["direction"],
    )
    ReviewFigure.objects.bulk_create(
        [ReviewFigure(review=review, target=t, value=_figure(code, salt, t)) for t in targets], ignore_conflicts=True
    )
    ReviewScore.objects.bulk_create(
        [
            ReviewScore(
                review=review,
                criterion=c,
                self_score=_score(code, salt + i, int(c.max_points)),
                office_score=_score(code, salt + i + 7, int(c.max_points)) if office_scores else None,
            )
            for i, c in enumerate(criteria)
        ],
        ignore_conflicts=True,
    )


def _closed_period_reviews(period: ReviewPeriod, units, targets, office, salt: int) -> None:
    """Every unit submitted and the office accepted (a past period)."""
    criteria = list(period.criteria.all())
    Review.objects.bulk_create(
        [
            Review(
                period=period,
                unit=u,
                status=ReviewStatus.ACCEPTED,
                version=1,
                submitted_at=period.deadline - datetime.timedelta(days=2),
                decided_at=period.deadline + datetime.timedelta(days=5),
                decided_by=office,
            )
            for u in units
        ],
        ignore_conflicts=True,
    )
    for review in period.reviews.select_related("unit").filter(scores__isnull=True):
        _fill(review, criteria, targets, salt=salt, office_scores=True)


def seed_cycle(org: DemoOrganisation) -> dict[str, int]:
    """The 2020-2025 stage: yearly movements, a new-rural thematic movement, past periods with
    accepted reviews, and an open period due 3 days from today with submitted, draft and
    untouched reviews. Idempotent: keyed by titles and names; existing reviews are left as they are.
    """
    User = get_user_model()
    office = User.objects.get(username="vanphong")
    district = org.district
    tz = timezone.get_current_timezone()
    today = timezone.localdate()

    def moment(day: datetime.date, hour: int = 17) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=tz)

    stage, _ = Stage.objects.update_or_create(
        name=STAGE_NAME, owner=district, defaults={"start_year": 2020, "end_year": 2025}
    )
    participants = [org.units[c] for c, *_ in COMMUNES + AGENCIES + SCHOOLS]
    communes = [org.units[c] for c, *_ in COMMUNES]

    for year in range(2020, 2026):
        current = year == today.year or (year == 2025 and today.year > 2025)
        movement = _movement(
            f"Phong trào thi đua yêu nước năm {year}",
            kind=MovementKind.REGULAR,
            owner=district,
            stage=stage,
            year=year,
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            summary_on=datetime.date(year, 12, 20),
            legal_basis=LEGAL_BASIS,
            description=(
                "Thi đua thực hiện thắng lợi các mục tiêu phát triển kinh tế - xã hội năm "
                f"{year}; xây dựng hệ thống chính trị vững mạnh; phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến."
            ),
            registration_deadline=moment(datetime.date(year, 3, 31)),
            dossier_deadline=moment(datetime.date(year, 12, 10)),
            status=MovementStatus.LAUNCHED if current else MovementStatus.CLOSED,
            launched_at=moment(datetime.date(year, 1, 15), 8),
        )
        targets = _targets(movement, YEARLY_TARGETS)
        registered = None if not current else {c for c, *_ in (COMMUNES + AGENCIES)[:18]}
        _participate(movement, participants, office, registered)
        if year in (2023, 2024):
            period = _period(
                movement,
                f"Tổng kết phong trào thi đua năm {year}",
                PeriodKind.FINAL,
                moment(datetime.date(year, 11, 15), 8),
                moment(datetime.date(year, 12, 5)),
                PeriodStatus.CLOSED,
            )
            _closed_period_reviews(period, participants, targets, office, salt=year)
        if current:
            _open_period(movement, participants, targets, office, today, moment)

    ntm = _movement(
        "Phong trào thi đua “Sông Lô chung sức xây dựng nông thôn mới” giai đoạn 2021–2025",
        kind=MovementKind.THEMATIC,
        owner=district,
        stage=stage,
        year=None,
        starts_on=datetime.date(2021, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
        summary_on=datetime.date(2025, 11, 30),
        legal_basis="Quyết định số 1689/QĐ-TTg của Thủ tướng Chính phủ phát động phong trào thi đua "
        "“Cả nước chung sức xây dựng nông thôn mới” giai đoạn 2021–2025; " + LEGAL_BASIS,
        description=(
            "Thi đua xây dựng xã nông thôn mới nâng cao, nông thôn mới kiểu mẫu; mỗi xã ít nhất một thôn kiểu mẫu."
        ),
        registration_deadline=moment(datetime.date(2021, 3, 31)),
        quota_collectives=1,
        quota_individuals=3,
        dossier_deadline=moment(datetime.date(2025, 11, 10)),
        status=MovementStatus.LAUNCHED,
        launched_at=moment(datetime.date(2021, 2, 1), 8),
    )
    ntm_targets = _targets(ntm, NTM_TARGETS)
    _participate(ntm, communes, office)
    midterm = _period(
        ntm,
        "Sơ kết 3 năm thực hiện phong trào (2021–2023)",
        PeriodKind.MIDTERM,
        moment(datetime.date(2023, 10, 1), 8),
        moment(datetime.date(2023, 10, 31)),
        PeriodStatus.CLOSED,
    )
    _closed_period_reviews(midterm, communes, ntm_targets, office, salt=2123)
    _seed_block_year(org, office)
    return {"movements": Movement.objects.filter(owner=district).count()}


def _open_period(movement, participants, targets, office, today, moment) -> None:
    """Due 3 days from today: 10 units submitted (2 late-flagged never), 6 drafts, 1 returned, the rest not started."""
    period = _period(
        movement,
        f"Báo cáo kết quả phong trào thi đua năm {movement.year}",
        PeriodKind.FINAL,
        moment(today - datetime.timedelta(days=14), 8),
        moment(today + datetime.timedelta(days=3)),
        PeriodStatus.OPEN,
    )
    if period.reviews.exists():
        return
    criteria = list(period.criteria.all())
    heads = {m.unit_id: m.user for m in Membership.objects.heads().filter(unit__in=participants)}
    Review.objects.bulk_create([Review(period=period, unit=u) for u in participants])
    reviews = list(period.reviews.select_related("unit").order_by("unit__path"))
    submitted, drafts, returned = reviews[:10], reviews[10:16], reviews[16:17]
    for review in submitted + drafts + returned:
        _fill(review, criteria, targets, salt=movement.year, office_scores=False)
    for review in submitted:
        Review.objects.filter(pk=review.pk).update(
            status=ReviewStatus.SUBMITTED,
            version=1,
            submitted_at=period.opens_at + datetime.timedelta(days=5),
            submitted_by=heads.get(review.unit_id),
        )
    Review.objects.filter(pk__in=[r.pk for r in drafts]).update(status=ReviewStatus.DRAFT)
    for review in returned:
        comment = "Đề nghị bổ sung số liệu thu ngân sách và biên bản bình xét của đơn vị."
        Review.objects.filter(pk=review.pk).update(
            status=ReviewStatus.RETURNED,
            version=1,
            submitted_at=period.opens_at + datetime.timedelta(days=3),
            submitted_by=heads.get(review.unit_id),
            office_comment=comment,
            decided_at=period.opens_at + datetime.timedelta(days=6),
            decided_by=office,
        )
        review.refresh_from_db()
        ReviewVersion.objects.get_or_create(
            review=review,
            number=1,
            defaults={
                "snapshot": {
                    "results": review.results,
                    "limitations": review.limitations,
                    "lessons": review.lessons,
                    "direction": review.direction,
                    "figures": review.figures,
                    "scores": [],
                    "evidence": [],
                },
                "submitted_at": review.submitted_at,
                "returned_by": office,
                "comment": comment,
            },
        )
    # One unit hit by a storm has a week more.
    late_unit = reviews[-1]
    new_deadline = period.deadline + datetime.timedelta(days=7)
    Extension.objects.get_or_create(
        review=late_unit,
        defaults={"new_deadline": new_deadline, "reason": "Đơn vị khắc phục hậu quả mưa bão.", "granted_by": office},
    )
    Review.objects.filter(pk=late_unit.pk).update(extended_deadline=new_deadline)


def _seed_block_year(org: DemoOrganisation, office) -> None:
    """Cluster 1's year-end 2024: criteria, peer scores, and the vote that chose 2025's leader."""
    block = EmulationBlock.objects.get(code="cum-1")
    criteria = [
        BlockCriterion.objects.update_or_create(
            block=block, year=2024, order=i, defaults={"name": name, "max_points": mx}
        )[0]
        for i, (name, mx) in enumerate(
            [("Kết quả thực hiện nhiệm vụ chính trị", 60), ("Tổ chức phong trào thi đua trong cụm", 40)]
        )
    ]
    members = list(block.members.order_by("path"))
    BlockPeerScore.objects.bulk_create(
        [
            BlockPeerScore(
                criterion=c,
                scorer=s,
                target=t,
                points=_score(t.code, 2024 + c.order + (s.pk % 3), int(c.max_points))
                + (Decimal(3) if t.code == "hai-luu" else 0),
            )
            for c in criteria
            for s in members
            for t in members
            if s.pk != t.pk
        ],
        ignore_conflicts=True,
    )
    BlockVote.objects.get_or_create(
        block=block,
        year=2024,
        defaults={
            "leading_unit": org.units["hai-luu"],
            "next_leader": org.units["duc-bac"],
            "next_deputy": org.units["tam-son"],
            "minutes": "Hội nghị tổng kết Cụm thi đua số 1 ngày 18/12/2024, 9/9 đơn vị dự; biểu quyết 100%.",
            "recorded_by": office,
        },
    )
