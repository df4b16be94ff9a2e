"""Sông Lô demo: people, ratings, initiatives and award history 2020-2024, and nominations in every state.

Keyed by codes so that loading twice changes nothing. The story: in each commune the chair
(person 0) has CSTĐCS in 2022 and 2023, HTXSNV in 2024 and a province-level initiative, so is a
CSTĐ cấp tỉnh candidate for 2024; person 1 has a gap (no CSTĐCS in 2023); person 2 has only a
base-level initiative; the others are mostly LĐTT.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from awards import services
from awards.enums import NominationStatus
from awards.models import Acclamation, AwardRecord, AwardType, Initiative, Nomination, Person, Rating
from campaigns.demo import COMMUNES, DemoOrganisation, vietnamese_name
from campaigns.models import EmulationBlock

YEARS = range(2020, 2025)
POSITIONS = [
    "Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Công chức Văn phòng - Thống kê",
    "Công chức Tư pháp - Hộ tịch",
    "Công chức Địa chính - Xây dựng",
    "Công chức Văn hóa - Xã hội",
]
DEMO_DOSSIER = {
    "letter_number": "15/TTr-UBND",
    "letter_date": datetime.date(2024, 12, 2),
    "letter_signer": "Chủ tịch UBND",
    "letter_summary": "Đề nghị Chủ tịch UBND huyện tặng danh hiệu thi đua năm 2024.",
    "report_situation": "Công chức cấp xã, công tác liên tục từ năm 2015.",
    "report_achievements": "Hoàn thành xuất sắc nhiệm vụ được giao; tích cực xây dựng nông thôn mới.",
    "report_measures": "Chủ động tham mưu, cải cách thủ tục hành chính.",
    "minutes_date": datetime.date(2024, 11, 28),
    "minutes_members": 9,
    "minutes_attendees": 9,
    "minutes_votes_for": 9,
}


def _record(person, code: str, year: int, awards: dict[str, AwardType]) -> None:
    AwardRecord.objects.get_or_create(
        person=person,
        award_type=awards[code],
        year=year,
        defaults={"decision_number": f"{200 + year % 100}/QĐ-UBND", "decision_date": datetime.date(year, 12, 25)},
    )


def seed_people(org: DemoOrganisation) -> list[Person]:
    awards = {a.code: a for a in AwardType.objects.all()}
    people = []
    n = 0
    for unit_index, (code, _name, _kind) in enumerate(COMMUNES):
        unit = org.units[code]
        for i, position in enumerate(POSITIONS):
            n += 1
            name = vietnamese_name(300 + n)
            person, _ = Person.objects.update_or_create(
                code=f"{code}-{i + 1:02d}",
                defaults={
                    "full_name": name,
                    "gender": "nữ" if " Thị " in name or " Thu " in name else "nam",
                    "unit": unit,
                    "position": position,
                    "joined_on": datetime.date(2010 + (n % 10), 1 + n % 12, 1),
                },
            )
            people.append(person)
            for year in YEARS:
                if i == 0 or (i == 1 and year != 2023) or (i == 2 and year >= 2022):
                    rating = "HTXSNV"
                elif (n + year) % 7 == 0:
                    rating = "HTNV"
                else:
                    rating = "HTTNV"
                Rating.objects.update_or_create(person=person, year=year, defaults={"rating": rating})
                if year < 2024 and rating in ("HTXSNV", "HTTNV"):
                    _record(person, "LDTT", year, awards)
            if i == 0:
                for year in (2022, 2023):
                    _record(person, "CSTDCS", year, awards)
                level = "tinh" if unit_index % 3 != 2 else "co_so"
                _initiative(f"SK-{code}-2024", f"Giải pháp số hóa hồ sơ một cửa xã {unit.name}", person, level, 2024)
            elif i == 1:
                _record(person, "CSTDCS", 2022, awards)
                _initiative(f"SK-{code}-2024b", "Mô hình dân vận khéo trong dồn điền đổi thửa", person, "tinh", 2024)
            elif i == 2:
                for year in (2022, 2023):
                    _record(person, "CSTDCS", year, awards)
                _initiative(f"SK-{code}-2023", "Cải tiến sổ theo dõi hộ tịch", person, "co_so", 2023)
        for year in YEARS:
            rating = "HTXSNV" if (unit_index + year) % 3 == 0 else "HTTNV"
            Rating.objects.update_or_create(unit=unit, year=year, defaults={"rating": rating})
    for block_code, year, unit_code in [
        ("cum-1", 2024, "duc-bac"),
        ("cum-2", 2024, "nhan-dao"),
        ("cum-1", 2023, "hai-luu"),
    ]:
        Acclamation.objects.update_or_create(
            block=EmulationBlock.objects.get(code=block_code), year=year, defaults={"unit": org.units[unit_code]}
        )
    return people


def _initiative(code, title, person, level, year) -> None:
    item, _ = Initiative.objects.update_or_create(code=code, defaults={"title": title, "level": level, "year": year})
    item.authors.set([person])


def seed_nominations(org: DemoOrganisation) -> None:
    """A handful of 2024 nominations in each state (later states set directly until the council exists)."""
    User = get_user_model()
    office = User.objects.get(username="vanphong")
    plan = [
        ("tam-son", 3, NominationStatus.DRAFT),
        ("bach-luu", 3, NominationStatus.SUBMITTED),
        ("cao-phong", 3, NominationStatus.SUBMITTED),
        ("don-nhan", 3, NominationStatus.SCREENED),
        ("dong-que", 3, NominationStatus.RETURNED),
        ("dong-thinh", 3, NominationStatus.IN_COUNCIL),
        ("duc-bac", 3, NominationStatus.APPROVED),
        ("hai-luu", 3, NominationStatus.REJECTED),
        ("lang-cong", 3, NominationStatus.DECIDED),
        ("nhao-son", 3, NominationStatus.REVOKED),
    ]
    ldtt = AwardType.objects.get(code="LDTT")
    for unit_code, index, status in plan:
        person = Person.objects.get(code=f"{unit_code}-{index + 1:02d}")
        if Nomination.objects.filter(person=person, award_type=ldtt, year=2024).exists():
            continue
        head = User.objects.get(username=f"truong.{unit_code}")
        nomination = services.nomination_create(actor=head, unit=person.unit, award=ldtt, year=2024, person=person)
        if status == NominationStatus.DRAFT:
            continue
        services.nomination_update(actor=head, nomination=nomination, data=DEMO_DOSSIER)
        services.nomination_submit(actor=head, nomination=nomination)
        if status == NominationStatus.SUBMITTED:
            continue
        if status == NominationStatus.RETURNED:
            services.nomination_return(
                actor=office, nomination=nomination, reason="Tờ trình chưa có chữ ký, đóng dấu; bổ sung bản ký."
            )
            continue
        services.nomination_screen(actor=office, nomination=nomination, override_reason="Hồ sơ mẫu")
        if status != NominationStatus.SCREENED:
            Nomination.objects.filter(pk=nomination.pk).update(status=status)


def seed(org: DemoOrganisation) -> int:
    people = seed_people(org)
    seed_nominations(org)
    return len(people)
