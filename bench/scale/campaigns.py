"""Scale data for the benchmarks: a province-sized organisation and years of emulation cycles.

Built with ``bulk_create`` in batches (never one query per row). The content depends only on
the seed and the reference day, so two runs with the same arguments build the same rows.
Unit codes start with ``sc-`` and accounts with ``truong.sc-`` / ``*.scale`` so that the scale
data never collides with the Sông Lô demo, which can live in the same database.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from campaigns.enums import (
    LatePolicy,
    MovementKind,
    MovementStatus,
    PeriodKind,
    PeriodStatus,
    RegistrationStatus,
    ReviewStatus,
)
from campaigns.models import (
    BlockTerm,
    Criterion,
    EmulationBlock,
    Extension,
    Movement,
    MovementTarget,
    Participation,
    Registration,
    Review,
    ReviewPeriod,
    ReviewScore,
    ReviewVersion,
    Stage,
)
from demo.campaigns import DEMO_PASSWORD, vietnamese_name
from organisation.enums import Role, UnitKind
from organisation.models import Membership, OrgUnit

BATCH = 2000
PROVINCE_CODE = "sc-tinh"
OFFICE_USERNAME = "vanphong.scale"
CHAIR_USERNAME = "chutich.scale"
ADMIN_USERNAME = "quantri.scale"
COUNCIL_USERNAMES = [f"hoidong.scale{i}" for i in range(1, 8)]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

PLACES = [
    "An", "Bình", "Cao", "Đại", "Đông", "Đồng", "Hải", "Hòa", "Hồng", "Hưng", "Kim", "Lạc", "Lãng", "Liên",
    "Minh", "Nam", "Nhân", "Phú", "Phúc", "Quang", "Sơn", "Tam", "Tân", "Thái", "Thanh", "Thịnh", "Trung",
    "Tứ", "Văn", "Vĩnh", "Xuân", "Yên",
]  # fmt: skip
AGENCY_NAMES = [
    "Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Phòng Giáo dục và Đào tạo",
    "Phòng Nông nghiệp", "Phòng Tư pháp", "Phòng Y tế", "Phòng Văn hóa - Thông tin", "Trung tâm Y tế",
    "Phòng Tài nguyên và Môi trường", "Phòng Kinh tế - Hạ tầng", "Thanh tra", "Phòng Lao động",
]  # fmt: skip
SCHOOL_LEVELS = [("mn", "Trường Mầm non"), ("th", "Trường Tiểu học"), ("thcs", "Trường THCS")]
RUBRIC = [
    ("I. Thực hiện nhiệm vụ chính trị", "Hoàn thành các chỉ tiêu kinh tế - xã hội", Decimal("40"), Decimal("40")),
    ("I. Thực hiện nhiệm vụ chính trị", "Cải cách hành chính", Decimal("20"), Decimal("20")),
    ("II. Công tác thi đua, khen thưởng", "Tổ chức phong trào thi đua", Decimal("20"), Decimal("20")),
    ("III. Xây dựng tổ chức", "Xây dựng Đảng, đoàn thể vững mạnh", Decimal("20"), Decimal("20")),
]


def batched(items: Iterable, size: int = BATCH) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def bulk(model, rows: list, size: int = BATCH) -> list:
    """Insert ``rows`` in batches; the returned objects carry their primary keys."""
    created = []
    for chunk in batched(rows, size):
        created.extend(model.objects.bulk_create(chunk, batch_size=size))
    return created


def aware(day: datetime.date, hour: int = 17) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class ScaleOrganisation:
    province: OrgUnit
    districts: list[OrgUnit]
    reporting: list[OrgUnit]  # units that register and report: communes, agencies, schools
    communes: list[OrgUnit]
    units: list[OrgUnit] = field(default_factory=list)  # every unit below the province
    heads: dict[int, int] = field(default_factory=dict)  # unit id -> head user id
    office_id: int = 0


def _place(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)} {rng.choice(PLACES)}"


def _split(total: int, ratios: list[int]) -> list[int]:
    """Split ``total`` by integer ``ratios``; rounding leftovers go to the first share."""
    shares = [total * r // sum(ratios) for r in ratios]
    shares[0] += total - sum(shares)
    return shares


def _child(parent: OrgUnit, code: str, name: str, kind: str) -> OrgUnit:
    # bulk_create skips save(): the materialised path is set here, as save() would.
    path = f"{parent.path}{code}/"
    return OrgUnit(code=code, name=name, kind=kind, parent=parent, path=path, depth=path.count("/") - 2)


def build_organisation(*, units: int, rng: random.Random) -> ScaleOrganisation:
    """A province with districts; in each district agencies, communes (with villages) and schools.

    ``units`` counts every unit below the province. Proportions follow a real province:
    about one district per 800 units; inside a district 10% agencies, 25% communes, 40%
    schools (under the district's education office) and 25% villages (under the communes).
    """
    province = OrgUnit(code=PROVINCE_CODE, name="Tỉnh Thử Nghiệm", kind=UnitKind.PROVINCE)
    province.save()
    n_districts = max(1, round(units / 800))
    n_departments = max(1, units // 500)
    rest = max(0, units - n_districts - n_departments)
    departments = [
        _child(province, f"sc-so-{i + 1}", f"Sở {AGENCY_NAMES[i % len(AGENCY_NAMES)]} {i + 1}", UnitKind.AGENCY)
        for i in range(n_departments)
    ]
    districts = [
        _child(province, f"sc-h{d + 1}", f"Huyện {_place(rng)} {d + 1}", UnitKind.DISTRICT) for d in range(n_districts)
    ]
    created = bulk(OrgUnit, departments + districts)
    departments, districts = created[:n_departments], created[n_departments:]
    level2, per_district_plan = [], []
    for d, district in enumerate(districts):
        share = rest // n_districts + (1 if d < rest % n_districts else 0)
        n_agencies, n_communes, n_schools, n_villages = _split(share, [10, 25, 40, 25])
        n_agencies = max(n_agencies, 1 if n_schools else 0)  # schools need the education office
        prefix = f"sc-h{d + 1}"
        agencies = [
            _child(
                district, f"{prefix}-cq{a + 1}", f"{AGENCY_NAMES[(a + 3) % len(AGENCY_NAMES)]} {a + 1}", UnitKind.AGENCY
            )
            for a in range(n_agencies)
        ]
        # The education office is the district's first agency: the schools sit under it.
        if agencies:
            agencies[0].name = f"Phòng Giáo dục và Đào tạo {district.name.removeprefix('Huyện ')}"
        communes = [
            _child(
                district,
                f"{prefix}-x{c + 1}",
                f"{'Thị trấn' if c == 0 else 'Xã'} {_place(rng)}",
                UnitKind.TOWNSHIP if c == 0 else UnitKind.COMMUNE,
            )
            for c in range(n_communes)
        ]
        level2.extend(agencies + communes)
        per_district_plan.append((prefix, len(agencies), len(communes), n_schools, n_villages))
    level2 = bulk(OrgUnit, level2)
    level3, cursor = [], 0
    for prefix, n_agencies, n_communes, n_schools, n_villages in per_district_plan:
        agencies = level2[cursor : cursor + n_agencies]
        communes = level2[cursor + n_agencies : cursor + n_agencies + n_communes]
        cursor += n_agencies + n_communes
        for s in range(n_schools):
            level_code, level_name = SCHOOL_LEVELS[s % len(SCHOOL_LEVELS)]
            home = communes[s % len(communes)] if communes else None
            label = home.name.split(" ", 1)[-1] if home else prefix
            level3.append(
                _child(agencies[0], f"{prefix}-{level_code}{s + 1}", f"{level_name} {label} {s + 1}", UnitKind.SCHOOL)
            )
        for v in range(n_villages):
            commune = communes[v % len(communes)] if communes else agencies[0]
            level3.append(_child(commune, f"{commune.code}-t{v + 1}", f"Thôn {v + 1}", UnitKind.VILLAGE))
    level3 = bulk(OrgUnit, level3)
    everything = departments + districts + level2 + level3
    reporting = [u for u in everything if u.kind not in (UnitKind.VILLAGE, UnitKind.DISTRICT)]
    communes = [u for u in level2 if u.kind in (UnitKind.COMMUNE, UnitKind.TOWNSHIP)]
    return ScaleOrganisation(province, districts, reporting, communes, everything)


def build_accounts(org: ScaleOrganisation) -> None:
    """The province's office, chair and council, and one head per reporting unit (demo password)."""
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every scale account
    body = [
        (OFFICE_USERNAME, "Phạm Thị Thường Trực", Role.OFFICE),
        (CHAIR_USERNAME, "Lê Văn Chủ Tịch", Role.COUNCIL_CHAIR),
    ]
    body += [(name, vietnamese_name(200 + i), Role.COUNCIL_MEMBER) for i, name in enumerate(COUNCIL_USERNAMES)]
    users = [User(username=u, full_name=n, email=f"{u}@scale.example", password=password) for u, n, _ in body]
    admin = User(
        username=ADMIN_USERNAME, full_name="Quản trị quy mô lớn", password=password, is_staff=True, is_superuser=True
    )
    heads = [
        User(
            username=f"truong.{unit.code}",
            full_name=vietnamese_name(i),
            email=f"{unit.code}@scale.example",
            password=password,
        )
        for i, unit in enumerate(org.reporting)
    ]
    created = bulk(User, [*users, *heads, admin])[:-1]
    body_users, head_users = created[: len(users)], created[len(users) :]
    memberships = [
        Membership(user=u, unit=org.province, role=role) for u, (_, _, role) in zip(body_users, body, strict=True)
    ]
    memberships += [
        Membership(user=u, unit=unit, role=Role.UNIT_HEAD) for u, unit in zip(head_users, org.reporting, strict=True)
    ]
    bulk(Membership, memberships)
    org.office_id = body_users[0].pk
    org.heads = {unit.pk: u.pk for u, unit in zip(head_users, org.reporting, strict=True)}


def build_blocks(org: ScaleOrganisation, *, years: list[int]) -> None:
    """Clusters of about ten communes per district, one block of each district's agencies and schools."""
    groups: list[tuple[str, str, str, OrgUnit, list[OrgUnit]]] = []
    by_parent: dict[int, list[OrgUnit]] = {}
    for unit in org.reporting:
        by_parent.setdefault(unit.parent_id, []).append(unit)
    for d, district in enumerate(org.districts):
        communes = [u for u in by_parent.get(district.pk, []) if u.kind in (UnitKind.COMMUNE, UnitKind.TOWNSHIP)]
        agencies = [u for u in by_parent.get(district.pk, []) if u.kind == UnitKind.AGENCY]
        schools = by_parent.get(agencies[0].pk, []) if agencies else []
        for c, start in enumerate(range(0, len(communes), 10)):
            members = communes[start : start + 10]
            groups.append(
                (f"sc-h{d + 1}-cum{c + 1}", f"Cụm thi đua số {c + 1} – {district.name}", "cluster", district, members)
            )
        groups.append((f"sc-h{d + 1}-khoi-cq", f"Khối cơ quan – {district.name}", "block", district, agencies))
        for s, start in enumerate(range(0, len(schools), 25)):
            members = schools[start : start + 25]
            groups.append(
                (
                    f"sc-h{d + 1}-khoi-th{s + 1}",
                    f"Khối trường học {s + 1} – {district.name}",
                    "block",
                    district,
                    members,
                )
            )
    groups = [g for g in groups if len(g[4]) >= 2]
    blocks = bulk(EmulationBlock, [EmulationBlock(code=c, name=n, kind=k, owner=o) for c, n, k, o, _ in groups])
    through = EmulationBlock.members.through
    bulk(
        through,
        [through(emulationblock_id=b.pk, orgunit_id=u.pk) for b, g in zip(blocks, groups, strict=True) for u in g[4]],
    )
    terms = []
    for block, (*_, members) in zip(blocks, groups, strict=True):
        for i, year in enumerate(years):
            leader, deputy = members[i % len(members)], members[(i + 1) % len(members)]
            terms.append(BlockTerm(block=block, year=year, leader=leader, deputy=deputy))
    bulk(BlockTerm, terms)


# Review states by period status: (status, share in percent).
CLOSED_MIX = [
    (ReviewStatus.ACCEPTED, 85),
    (ReviewStatus.SUBMITTED, 5),
    (ReviewStatus.RETURNED, 3),
    (ReviewStatus.DRAFT, 2),
    (ReviewStatus.NOT_STARTED, 5),
]
OPEN_MIX = [
    (ReviewStatus.NOT_STARTED, 30),
    (ReviewStatus.DRAFT, 20),
    (ReviewStatus.SUBMITTED, 25),
    (ReviewStatus.RETURNED, 5),
    (ReviewStatus.ACCEPTED, 20),
]


def _pick(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    roll, total = rng.randrange(100), 0
    for value, share in mix:
        total += share
        if roll < total:
            return value
    return mix[-1][0]


@dataclass
class CycleFigures:
    movements: int = 0
    periods: int = 0
    reviews: int = 0
    scores: int = 0
    registrations: int = 0


def build_cycles(org: ScaleOrganisation, *, years: list[int], today: datetime.date, rng: random.Random) -> CycleFigures:
    """Per year: the regular movement (every reporting unit, a midterm and a final period) and a
    thematic one (the communes, a final period). Past periods are closed, this year's final
    period is open with reviews in every state, so dashboards and reminders have work to show."""
    figures = CycleFigures()
    stage = Stage.objects.create(
        name=f"Giai đoạn {years[0]}-{years[-1]}", start_year=years[0], end_year=years[-1], owner=org.province
    )
    for year in years:
        current = year == years[-1]
        plans = [
            (f"Phong trào thi đua yêu nước năm {year}", MovementKind.REGULAR, org.reporting, ["so_ket", "tong_ket"]),
            (f"Chung sức xây dựng nông thôn mới năm {year}", MovementKind.THEMATIC, org.communes, ["tong_ket"]),
        ]
        for title, kind, participants, period_kinds in plans:
            if not participants:
                continue
            with transaction.atomic():
                _build_movement(org, stage, year, current, title, kind, participants, period_kinds, today, rng, figures)
    return figures


def _build_movement(org, stage, year, current, title, kind, participants, period_kinds, today, rng, figures) -> None:
    starts = datetime.date(year, 1, 15)
    movement = Movement.objects.create(
        title=title,
        kind=kind,
        owner=org.province,
        stage=stage,
        year=year,
        starts_on=starts,
        ends_on=datetime.date(year, 12, 31),
        registration_deadline=aware(datetime.date(year, 2, 28)),
        status=MovementStatus.LAUNCHED if current else MovementStatus.CLOSED,
        launched_at=aware(starts, 9),
        description="Thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao.",
    )
    figures.movements += 1
    targets = bulk(
        MovementTarget,
        [
            MovementTarget(movement=movement, name=name, measure=measure, order=i)
            for i, (name, measure) in enumerate(
                [("Tỷ lệ hộ gia đình văn hóa", "%"), ("Thu ngân sách", "triệu đồng"), ("Số sáng kiến", "sáng kiến")]
            )
        ],
    )
    bulk(Participation, [Participation(movement=movement, unit=u, added_by_id=org.office_id) for u in participants])
    registrations = []
    for unit in participants:
        status = RegistrationStatus.REGISTERED
        if current:
            status = _pick(
                rng,
                [
                    (RegistrationStatus.REGISTERED, 85),
                    (RegistrationStatus.PENDING, 12),
                    (RegistrationStatus.REOPENED, 3),
                ],
            )
        done = status != RegistrationStatus.PENDING
        registrations.append(
            Registration(
                movement=movement,
                unit=unit,
                status=status,
                collective_title="tap_the_ld_tien_tien" if done else "",
                ldtt_count=rng.randrange(5, 60) if done else 0,
                cstdcs_count=rng.randrange(0, 6) if done else 0,
                targets={str(t.pk): rng.randrange(50, 100) for t in targets} if done else {},
                registered_at=aware(datetime.date(year, 2, rng.randrange(1, 28))) if done else None,
                registered_by_id=org.heads.get(unit.pk) if done else None,
            )
        )
    figures.registrations += len(bulk(Registration, registrations))
    for period_kind in period_kinds:
        final = period_kind == PeriodKind.FINAL
        is_open = current and final
        if is_open:
            opens, deadline = today - datetime.timedelta(days=20), today + datetime.timedelta(days=10)
        elif final:
            opens, deadline = datetime.date(year, 11, 15), datetime.date(year, 12, 15)
        else:
            opens, deadline = datetime.date(year, 6, 1), datetime.date(year, 6, 30)
        period = ReviewPeriod.objects.create(
            movement=movement,
            name=f"{'Tổng kết' if final else 'Sơ kết 6 tháng'} năm {year}",
            kind=period_kind,
            opens_at=aware(opens, 8),
            deadline=aware(deadline),
            late_policy=LatePolicy.ACCEPT_FLAG,
            status=PeriodStatus.OPEN if is_open else PeriodStatus.CLOSED,
        )
        figures.periods += 1
        criteria = bulk(
            Criterion,
            [
                Criterion(period=period, group=g, name=n, max_points=m, weight=w, order=i)
                for i, (g, n, m, w) in enumerate(RUBRIC)
            ],
        )
        _build_reviews(org, period, criteria, targets, is_open, rng, figures)


def _build_reviews(org, period, criteria, targets, is_open, rng, figures) -> None:
    mix = OPEN_MIX if is_open else CLOSED_MIX
    participants = list(Participation.objects.filter(movement_id=period.movement_id).values_list("unit_id", flat=True))
    reviews = []
    for unit_id in participants:
        status = _pick(rng, mix)
        head = org.heads.get(unit_id)
        review = Review(period=period, unit_id=unit_id, status=status)
        if status != ReviewStatus.NOT_STARTED:
            review.results = "Hoàn thành các chỉ tiêu chủ yếu; phong trào thi đua được triển khai rộng khắp."
            review.limitations = "Một số chỉ tiêu còn thấp so với kế hoạch."
            review.direction = "Tiếp tục đẩy mạnh phong trào thi đua trong kỳ tới."
            review.figures = {str(t.pk): rng.randrange(40, 100) for t in targets}
        if status in (ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED, ReviewStatus.RETURNED):
            late = rng.randrange(100) < 8
            review.version = 2 if status == ReviewStatus.RETURNED and rng.randrange(2) else 1
            review.is_late = late
            days = rng.randrange(1, 5)
            review.submitted_at = (
                period.deadline + datetime.timedelta(days=days)
                if late
                else period.deadline - datetime.timedelta(days=days)
            )
            review.submitted_by_id = head
        if status in (ReviewStatus.ACCEPTED, ReviewStatus.RETURNED):
            review.decided_at = review.submitted_at + datetime.timedelta(days=2)
            review.decided_by_id = org.office_id
            if status == ReviewStatus.RETURNED:
                review.office_comment = "Bổ sung số liệu và minh chứng."
        if is_open and status in (ReviewStatus.NOT_STARTED, ReviewStatus.DRAFT) and rng.randrange(100) < 2:
            review.extended_deadline = period.deadline + datetime.timedelta(days=7)
        reviews.append(review)
    reviews = bulk(Review, reviews)
    figures.reviews += len(reviews)
    scores, versions, extensions = [], [], []
    for review in reviews:
        if review.status != ReviewStatus.NOT_STARTED:
            for criterion in criteria:
                self_score = Decimal(rng.randrange(int(criterion.max_points) // 2, int(criterion.max_points) + 1))
                office = self_score - rng.randrange(0, 3) if review.status == ReviewStatus.ACCEPTED else None
                scores.append(
                    ReviewScore(review=review, criterion=criterion, self_score=self_score, office_score=office)
                )
        if review.status == ReviewStatus.RETURNED:
            versions.append(
                ReviewVersion(
                    review=review,
                    number=review.version,
                    snapshot={"results": review.results, "figures": review.figures},
                    submitted_at=review.submitted_at,
                    returned_by_id=org.office_id,
                    comment=review.office_comment,
                )
            )
        if review.extended_deadline:
            extensions.append(
                Extension(
                    review=review,
                    new_deadline=review.extended_deadline,
                    reason="Đơn vị có văn bản xin gia hạn.",
                    granted_by_id=org.office_id,
                )
            )
    figures.scores += len(bulk(ReviewScore, scores, size=5000))
    bulk(ReviewVersion, versions)
    bulk(Extension, extensions)


def build(*, units: int, years: int, seed: int, today: datetime.date) -> dict:
    """Build the whole campaigns side of the scale data; returns the counts."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    year_list = list(range(today.year - years + 1, today.year + 1))
    with transaction.atomic():
        org = build_organisation(units=units, rng=rng)
        build_accounts(org)
        build_blocks(org, years=year_list)
    figures = build_cycles(org, years=year_list, today=today, rng=rng)
    return {
        "org": org,
        "units": len(org.units) + 1,
        "reporting_units": len(org.reporting),
        "movements": figures.movements,
        "periods": figures.periods,
        "reviews": figures.reviews,
        "review_scores": figures.scores,
        "registrations": figures.registrations,
        "years": year_list,
    }


def exists() -> bool:
    return OrgUnit.objects.filter(code=PROVINCE_CODE).exists()
