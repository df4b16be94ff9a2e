"""The Sông Lô demo organisation (stage 2020-2025), loaded by ``seed_demo``.

Everything is keyed by code or username so that loading twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from campaigns.enums import Role, UnitKind
from campaigns.models import BlockTerm, EmulationBlock, Membership, OrgUnit

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
