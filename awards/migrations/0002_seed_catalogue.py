"""The award catalogue of docs/domain.md as data: legal versions, award types, per-version rules, base salary.

Everything here is editable in the admin afterwards; codes are stable interfaces.
"""

import datetime
from decimal import Decimal

from django.db import migrations

VERSIONS = [
    (
        "nd-98-2023",
        "Nghị định 98/2023/NĐ-CP (Luật Thi đua, khen thưởng 06/2022/QH15)",
        datetime.date(2024, 1, 1),
        datetime.date(2025, 6, 30),
        "Thông tư 01/2024/TT-BNV hướng dẫn.",
    ),
    (
        "nd-152-2025",
        "Nghị định 152/2025/NĐ-CP (chính quyền địa phương hai cấp)",
        datetime.date(2025, 7, 1),
        None,
        "Thông tư 15/2025/TT-BNV hướng dẫn. Cấp huyện thôi hoạt động: thẩm quyền của Chủ tịch UBND huyện "
        "chuyển cho Chủ tịch UBND cấp xã (Nghị định 129/2025). Tỷ lệ phiếu giữ như Nghị định 98: chưa kiểm chứng.",
    ),
]

# code, name, short name, category, (individual, collective, household), yearly, level,
# multiplier individual, multiplier collective
AWARDS = [
    ("LDTT", "Lao động tiên tiến", "LĐTT", "title", (1, 0, 0), True, "co_so", "0.3", None),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "title", (1, 0, 0), True, "co_so", "1.0", None),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "CSTĐ tỉnh", "title", (1, 0, 0), True, "tinh", "3.0", None),
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "CSTĐ toàn quốc", "title", (1, 0, 0), True, "toan_quoc", "4.5", None),
    ("TTLDTT", "Tập thể lao động tiên tiến", "TTLĐTT", "title", (0, 1, 0), True, "co_so", None, "0.8"),
    ("TTLDXS", "Tập thể lao động xuất sắc", "TTLĐXS", "title", (0, 1, 0), True, "tinh", None, "1.5"),
    ("CO_TINH", "Cờ thi đua cấp tỉnh", "Cờ thi đua tỉnh", "title", (0, 1, 0), True, "tinh", None, "8"),
    ("CO_CP", "Cờ thi đua của Chính phủ", "Cờ thi đua CP", "title", (0, 1, 0), True, "toan_quoc", None, "12"),
    ("XA_TIEU_BIEU", "Xã, phường, thị trấn tiêu biểu", "Xã tiêu biểu", "title", (0, 1, 0), True, "huyen", None, "2.0"),
    ("THON_VAN_HOA", "Thôn, tổ dân phố văn hóa", "Thôn văn hóa", "title", (0, 1, 0), True, "co_so", None, "1.5"),
    ("GDVH", "Gia đình văn hóa", "GĐVH", "title", (0, 0, 1), True, "co_so", None, None),
    ("GIAY_KHEN", "Giấy khen", "Giấy khen", "form", (1, 1, 0), False, "huyen", None, "0.6"),
    ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen tỉnh", "form", (1, 1, 0), False, "tinh", None, "3"),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "Bằng khen TTg", "form", (1, 1, 0), False, "toan_quoc", None, "7"),
    ("HCLD3", "Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", "form", (1, 1, 0), False, "toan_quoc", None, None),
    ("HCLD2", "Huân chương Lao động hạng Nhì", "HCLĐ hạng Nhì", "form", (1, 1, 0), False, "toan_quoc", None, None),
    ("HCLD1", "Huân chương Lao động hạng Nhất", "HCLĐ hạng Nhất", "form", (1, 1, 0), False, "toan_quoc", None, None),
    ("KNC", "Kỷ niệm chương", "KNC", "form", (1, 0, 0), False, "tinh", None, None),
]

# Authority per version: (Decree 98, Decree 152).
AUTHORITIES = {
    "LDTT": ("district_chair", "commune_chair"),
    "CSTDCS": ("district_chair", "commune_chair"),
    "TTLDTT": ("district_chair", "commune_chair"),
    "THON_VAN_HOA": ("district_chair", "commune_chair"),
    "GIAY_KHEN": ("district_chair", "commune_chair"),
    "GDVH": ("commune_chair", "commune_chair"),
    "XA_TIEU_BIEU": ("district_chair", "province_chair"),
    "TTLDXS": ("province_chair", "province_chair"),
    "BK_TINH": ("province_chair", "province_chair"),
    "CSTD_TINH": ("province_chair", "province_chair"),
    "CO_TINH": ("province_chair", "province_chair"),
    "KNC": ("province_chair", "province_chair"),
    "CSTD_TQ": ("prime_minister", "prime_minister"),
    "CO_CP": ("prime_minister", "prime_minister"),
    "BK_TTG": ("prime_minister", "prime_minister"),
    "HCLD3": ("president", "president"),
    "HCLD2": ("president", "president"),
    "HCLD1": ("president", "president"),
}

# Secret ballot and pass mark on all members (Decree 98 [V]; kept for Decree 152 [U]).
BALLOTS = {"CSTDCS": "80", "CO_TINH": "80", "CO_CP": "80", "CSTD_TINH": "90", "CSTD_TQ": "90"}

# Thresholds and switches of the eligibility conditions (see awards.eligibility.CONDITIONS).
CONDITIONS = {
    "LDTT": {"rating_min": {"on": True, "value": "HTTNV"}, "min_service_months": {"on": True, "value": 6}},
    "CSTDCS": {"cap_percent_of_ldtt": {"on": False, "value": 15}},
    "CSTD_TINH": {"consecutive_cstdcs": {"on": True, "value": 3}, "initiative_level": {"on": True, "value": "tinh"}},
    "CSTD_TQ": {"cstd_tinh_twice": {"on": True, "value": 3}, "initiative_level": {"on": True, "value": "toan_quoc"}},
    "TTLDTT": {
        "members_ldtt_percent": {"on": True, "value": 70},
        "members_discipline_max": {"on": True, "value": "canh_cao"},
    },
    "TTLDXS": {
        "unit_rating": {"on": True, "value": "HTXSNV"},
        "members_complete_percent": {"on": True, "value": 100},
        "members_ldtt_percent": {"on": True, "value": 70},
        "members_cstdcs_min": {"on": True, "value": 1},
    },
    "BK_TINH": {"bk_tinh_history": {"on": True, "value": 2}},
    "CO_TINH": {"block_leader": {"on": True}},
}

BASE_SALARIES = [
    (1_800_000, datetime.date(2023, 7, 1), "Nghị định 24/2023/NĐ-CP"),
    (2_340_000, datetime.date(2024, 7, 1), "Nghị định 73/2024/NĐ-CP"),
]


def seed(apps, schema_editor):
    LegalVersion = apps.get_model("awards", "LegalVersion")
    AwardType = apps.get_model("awards", "AwardType")
    AwardRule = apps.get_model("awards", "AwardRule")
    BaseSalary = apps.get_model("awards", "BaseSalary")

    versions = []
    for code, name, valid_from, valid_to, notes in VERSIONS:
        version, _ = LegalVersion.objects.update_or_create(
            code=code, defaults={"name": name, "valid_from": valid_from, "valid_to": valid_to, "notes": notes}
        )
        versions.append(version)
    for order, (code, name, short, category, kinds, yearly, level, m_ind, m_col) in enumerate(AWARDS, start=1):
        award, _ = AwardType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "category": category,
                "for_individual": bool(kinds[0]),
                "for_collective": bool(kinds[1]),
                "for_household": bool(kinds[2]),
                "yearly": yearly,
                "level": level,
                "multiplier_individual": Decimal(m_ind) if m_ind else None,
                "multiplier_collective": Decimal(m_col) if m_col else None,
                "order": order * 10,
            },
        )
        for version, authority in zip(versions, AUTHORITIES[code], strict=True):
            pass_mark = BALLOTS.get(code)
            AwardRule.objects.update_or_create(
                legal_version=version,
                award_type=award,
                defaults={
                    "authority": authority,
                    "ballot_required": pass_mark is not None,
                    "pass_mark": Decimal(pass_mark) if pass_mark else None,
                    "conditions": CONDITIONS.get(code, {}),
                    "legal_basis": version.name,
                },
            )
    for amount, valid_from, basis in BASE_SALARIES:
        BaseSalary.objects.update_or_create(valid_from=valid_from, defaults={"amount": amount, "legal_basis": basis})


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_catalogue_history_nominations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
