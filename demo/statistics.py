"""Sông Lô demo: what the statistics forms (reports, 0602.N and 0603.N) count, told as the district's
2020–2024 story: the Labour Order 3rd class for the district (2020), the Prime Minister's
certificate for Tam Sơn (2022), the province's flag for Hải Lựu (2023, after the block's vote),
the province chair's certificates (Bằng khen) for communes and people in 2023 and 2024 — regular,
for the new-rural movement (thematic) and one ad hoc — and commemorative medals (KNC) in 2024.

People get a subject class (the communes' chairs and deputy chairs: "other leaders"; civil servants:
"direct workers") and a birth date, except the Yên Thạch people, left without a class so that the
forms show how many records lack it. Keyed by codes: loading twice changes nothing.
"""

from __future__ import annotations

import datetime

from awards.enums import AwardKind, SubjectClass
from awards.models import AwardRecord, AwardType, Person
from organisation.models import OrgUnit

# (year, award, subject code: a unit's or a person's, kind, decision)
AWARDS = [
    (2020, "HCLD3", "song-lo", AwardKind.MERIT, "1520/QĐ-CTN"),
    (2022, "BK_TTG", "tam-son", AwardKind.MERIT, "845/QĐ-TTg"),
    (2022, "BK_TTG", "tam-son-01", AwardKind.MOVEMENT, "845/QĐ-TTg"),
    (2023, "CO_TINH", "hai-luu", AwardKind.MERIT, "3120/QĐ-UBND"),
    (2023, "BK_TINH", "duc-bac", AwardKind.MERIT, "3121/QĐ-UBND"),
    (2024, "BK_TINH", "nhan-dao", AwardKind.MERIT, "2980/QĐ-UBND"),
    (2024, "BK_TINH", "quang-yen", AwardKind.MOVEMENT, "1875/QĐ-UBND"),
    (2024, "BK_TINH", "duc-bac-01", AwardKind.MERIT, "2980/QĐ-UBND"),
    (2024, "BK_TINH", "hai-luu-03", AwardKind.MOVEMENT, "1875/QĐ-UBND"),
    (2024, "BK_TINH", "lang-cong-04", AwardKind.AD_HOC, "1402/QĐ-UBND"),
    (2024, "BK_TINH", "yen-thach-01", AwardKind.MERIT, "2980/QĐ-UBND"),
    (2024, "KNC", "tam-son-02", AwardKind.MERIT, "3011/QĐ-UBND"),
    (2024, "KNC", "nhu-thuy-05", AwardKind.MERIT, "3011/QĐ-UBND"),
]
LEADERS = ("-01", "-02")  # the chair and the deputy chair of each commune (demo.awards.POSITIONS)
UNCLASSIFIED_UNIT = "yen-thach"


def seed_statistics() -> None:
    for person in Person.objects.filter(code__contains="-").exclude(unit__code=UNCLASSIFIED_UNIT):
        number = int(person.code.rsplit("-", 1)[1]) if person.code.rsplit("-", 1)[1].isdigit() else 0
        subject_class = SubjectClass.OTHER_LEADER if person.code.endswith(LEADERS) else SubjectClass.WORKER
        changed = {}
        if not person.subject_class:
            changed["subject_class"] = subject_class
        if person.birth_date is None:
            changed["birth_date"] = datetime.date(
                1968 + (person.pk + number) % 30, 1 + person.pk % 12, 1 + person.pk % 28
            )
        if changed:
            Person.objects.filter(pk=person.pk).update(**changed)
    types = {a.code: a for a in AwardType.objects.filter(code__in={code for _y, code, *_ in AWARDS})}
    units = OrgUnit.objects.in_bulk([s for *_x, s, _k, _d in AWARDS], field_name="code")
    people = Person.objects.in_bulk([s for *_x, s, _k, _d in AWARDS], field_name="code")
    for year, code, subject, kind, decision in AWARDS:
        subject_fields = {"person": people[subject]} if subject in people else {"unit": units[subject]}
        AwardRecord.objects.get_or_create(
            award_type=types[code],
            year=year,
            **subject_fields,
            defaults={"kind": kind, "decision_number": decision, "decision_date": datetime.date(year, 11, 20)},
        )
