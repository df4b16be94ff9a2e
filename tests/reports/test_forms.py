"""The statistics forms against counts computed here, independently of their definitions: every
cell of 0602.N and 0603.N, the identities between rows, columns and forms, and the gaps."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from dataclasses import dataclass

import pytest

from awards.enums import AwardKind, AwardLevel, SubjectClass
from awards.models import AwardRecord, AwardType
from campaigns.enums import MovementKind, MovementStatus
from campaigns.models import Movement
from organisation.enums import Role, UnitKind
from reports.compute import cell_records, compute, form_for
from reports.definitions import FORM_CODES
from tests.awards.factories import PersonFactory, give
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

YEAR = 2024
CLASS_ROWS_0603 = dict(zip(SubjectClass.values, ["06", "07", "08", "09", "10"], strict=True))
KIND_ORDER = [
    AwardKind.MERIT,
    AwardKind.MOVEMENT,
    AwardKind.AD_HOC,
    AwardKind.FOREIGN,
    AwardKind.SERVICE,
    AwardKind.SENIORITY,
    AwardKind.RESISTANCE,
]


@dataclass(frozen=True)
class Spec:
    """One award record to make: who (collective, enterprise or person of a class), what, which kind."""

    code: str
    subject: str  # "unit", "enterprise", or a SubjectClass value, or "" (a person without a class)
    kind: str

    @property
    def individual(self) -> bool:
        return self.subject not in ("unit", "enterprise")


def _extra_types() -> None:
    """State-level types beyond the seeded catalogue: a prize, an honour, and one the form lists as "other"."""
    for code, name, individual, collective in [
        ("GT_HCM", "Giải thưởng Hồ Chí Minh", True, False),
        ("NGUT", "Nhà giáo ưu tú", True, False),
        ("HCKC", "Huy chương Kháng chiến", True, True),
        ("DH_KHAC", "Danh hiệu cấp Nhà nước khác", True, True),
    ]:
        AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": "form",
                "for_individual": individual,
                "for_collective": collective,
                "level": AwardLevel.NATIONAL,
            },
        )


def _specs() -> list[Spec]:
    """Every award of both forms for every kind of subject, under varied kinds, some twice."""
    people = [*SubjectClass.values, ""]
    specs = []
    kinds = itertools.cycle(KIND_ORDER)
    for code in ["BK_TINH", "CSTD_TINH", "KNC", "HCLD3", "HCLD1", "CSTD_TQ", "GT_HCM", "NGUT", "DH_KHAC", "BK_TTG"]:
        for subject in people:
            specs.append(Spec(code, subject, next(kinds)))
    for code in ["BK_TINH", "CO_TINH", "HCLD3", "HCKC", "CO_CP", "BK_TTG", "DH_KHAC"]:
        for subject in ("unit", "enterprise", "unit"):
            specs.append(Spec(code, subject, next(kinds)))
    return specs


@pytest.fixture
def records(district):
    """The specs recorded in Xã A's subtree for 2024, and records the forms must not count:
    another district, another year, revoked, and base-level titles."""
    _extra_types()
    commune, village = district.commune, district.village
    made: list[Spec] = []
    for index, spec in enumerate(_specs()):
        if spec.subject in ("unit", "enterprise"):
            kind = UnitKind.ENTERPRISE if spec.subject == "enterprise" else UnitKind.COMMUNE
            subject = OrgUnitFactory(code=f"tt-{index}", name=f"Tập thể {index}", kind=kind, parent=village)
        else:
            subject = PersonFactory(
                code=f"cn-{index}", unit=village if index % 2 else commune, subject_class=spec.subject
            )
        give(subject, spec.code, YEAR, kind=spec.kind)
        made.append(spec)
    elsewhere = OrgUnitFactory(code="huyen-khac", name="Huyện Khác", kind=UnitKind.DISTRICT)
    outsider = PersonFactory(code="ngoai", unit=elsewhere, subject_class=SubjectClass.WORKER)
    give(outsider, "BK_TINH", YEAR)
    give(elsewhere, "CO_TINH", YEAR)
    insider = PersonFactory(code="trong", unit=commune, subject_class=SubjectClass.WORKER)
    give(insider, "BK_TINH", YEAR - 1)
    give(insider, "HCLD3", YEAR + 1)
    give(insider, "CSTD_TQ", YEAR, revoked=True)
    give(insider, "LDTT", YEAR)
    give(commune, "TTLDXS", YEAR)
    return made


def _expected(specs: list[Spec], rows_of, columns_of) -> dict[str, Counter]:
    table: dict[str, Counter] = {}
    for spec in specs:
        for row in rows_of(spec):
            table.setdefault(row, Counter()).update(columns_of(spec))
    return table


def _subject_rows(spec: Spec, first: int) -> set[str]:
    """Rows of "by subject": collective (first), enterprise (first+1), household (first+2),
    individual (first+3) and its class (first+4…first+8)."""
    if not spec.individual:
        return {f"{first:02d}"} | ({f"{first + 1:02d}"} if spec.subject == "enterprise" else set())
    rows = {f"{first + 3:02d}"}
    if spec.subject:
        rows.add(f"{first + 4 + SubjectClass.values.index(spec.subject):02d}")
    return rows


def _kind_row(spec: Spec, first: int) -> str:
    return f"{first + KIND_ORDER.index(spec.kind):02d}"


def _assert_every_cell(table, expected: dict[str, Counter]) -> None:
    for line in table.form.coded_lines:
        for column in table.form.columns:
            want = expected.get(line.code, Counter())[column.key]
            assert table.value(line.code, column.key) == want, (line.code, column.key)


def test_0603_every_cell_counts_the_province_level_awards_of_the_body_and_year(district, records):
    columns = {"BK_TINH": "2", "CSTD_TINH": "3", "CO_TINH": "4", "KNC": "5"}
    specs = [s for s in records if s.code in columns]

    table = compute(form_for("0603.N", YEAR), district.district, YEAR)

    expected = _expected(
        specs,
        lambda s: {"01", _kind_row(s, 11)} | _subject_rows(s, 2),
        lambda s: {"1", columns[s.code]},
    )
    _assert_every_cell(table, expected)
    assert table.value("01", "1") == len(specs) == 24
    assert {gap.key: count for gap, count in table.gaps} == {"unclassified": 3}


def test_0602_every_cell_counts_the_state_level_awards_of_the_body_and_year(district, records):
    def columns_of(spec: Spec) -> set[str]:
        half = "b" if spec.individual else "a"
        by_code = {"CO_CP": "6", "CSTD_TQ": "8", "GT_HCM": "3", "GT_NN": "4"}
        if spec.code.startswith("HC"):
            return {"1", "2" + half}
        if spec.code == "NGUT":
            return {"1", "5" + half}
        if spec.code == "BK_TTG":
            return {"1", "7" + half}
        return {"1", by_code.get(spec.code, "9" + half)}

    specs = [s for s in records if AwardType.objects.get(code=s.code).level == AwardLevel.NATIONAL]

    table = compute(form_for("0602.N", YEAR), district.district, YEAR)

    expected = _expected(specs, lambda s: {"01", "03", _kind_row(s, 15)} | _subject_rows(s, 6), columns_of)
    _assert_every_cell(table, expected)
    assert table.value("01", "1") == len(specs) == 57
    assert table.value("01", "9a") == 3 and table.value("01", "9b") == 6


def test_a_commune_reports_only_its_own_subtree(district, records):
    commune_only = compute(form_for("0603.N", YEAR), district.commune, YEAR)
    other = compute(form_for("0603.N", YEAR), district.other_commune, YEAR)

    assert commune_only.value("01", "1") == 24
    assert other.value("01", "1") == 0


def identities(table) -> list[tuple[str, int, int]]:
    """(what, left, right) for every identity of the form that must hold: totals equal their parts."""
    form, v = table.form, table.values
    found = []
    parts = [c.key for c in form.columns if c.key != "1"]
    for line in form.coded_lines:
        if parts and form.code != "0605.N":
            found.append((f"{line.code}: 1 = Σ", v[line.code]["1"], sum(v[line.code][k] for k in parts)))
    gaps = {gap.key: count for gap, count in table.gaps}

    def rows(*codes):
        return {k.key: sum(v[c][k.key] for c in codes) for k in form.columns}

    def same(label, left, right):
        for key in left:
            found.append((f"{label} [{key}]", left[key], right[key]))

    if form.code in ("0602.N", "0603.N"):
        first = 6 if form.code == "0602.N" else 2
        codes = [f"{first + i:02d}" for i in range(9)]
        kinds = [f"{(15 if form.code == '0602.N' else 11) + i:02d}" for i in range(7)]
        same("01 = tập thể + hộ + cá nhân", v["01"], rows(codes[0], codes[2], codes[3]))
        same("01 = Σ loại hình", v["01"], rows(*kinds))
        unclassified = cell_records(form, table.body, table.year, gap="unclassified")
        for key in v["01"]:
            left = v[codes[3]][key]
            column_q = form.column(key).q
            lacking = (unclassified.filter(column_q) if column_q is not None else unclassified).count()
            right = rows(*codes[4:])[key] + lacking
            found.append((f"cá nhân = Σ phân loại + chưa phân loại [{key}]", left, right))
            found.append(("doanh nghiệp ≤ tập thể", min(v[codes[1]][key], v[codes[0]][key]), v[codes[1]][key]))
        if form.code == "0602.N":
            same("01 = 02 + 03", v["01"], rows("02", "03"))
    if form.code == "0601.N":
        same("01 = 02 + 03 + 04 + 05", v["01"], rows("02", "03", "04", "05"))
        same("01 = Σ thời hạn", v["01"], rows("06", "07", "08", "09", "10"))
        same("01 = 11 + 12", v["01"], rows("11", "12"))
    if form.code == "0604.N":
        found.append(
            (
                "01 = Σ cơ cấu + ngoài cơ cấu",
                v["01"]["1"],
                sum(v[c]["1"] for c in ("02", "03", "04", "05")) + gaps["outside"],
            )
        )
    # Every number is the count of the records listed behind it.
    for line in form.coded_lines:
        for column in form.columns:
            listed = cell_records(form, table.body, table.year, row=line.code, column=column.key).count()
            found.append((f"{line.code}/{column.key} = số hồ sơ", v[line.code][column.key], listed))
    return found


def _check_identities(body, year) -> dict[str, object]:
    tables = {code: compute(form_for(code, year), body, year) for code in FORM_CODES}
    for table in tables.values():
        broken = [item for item in identities(table) if item[1] != item[2]]
        assert broken == [], (table.form.code, broken)
    # Across forms: the award forms share no record, and together count every award of their types.
    both = tables["0602.N"].value("01", "1") + tables["0603.N"].value("01", "1")
    scoped = AwardRecord.objects.filter(year=year, revoked=False).filter(
        award_type__in=AwardType.objects.filter(level=AwardLevel.NATIONAL)
        | AwardType.objects.filter(code__in=["BK_TINH", "CSTD_TINH", "CO_TINH", "KNC"])
    )
    in_body = scoped.filter(unit__path__startswith=body.path) | scoped.filter(person__unit__path__startswith=body.path)
    assert both == in_body.count()
    return tables


def test_every_identity_holds_on_generated_data(district, records):
    _check_identities(district.district, YEAR)
    _check_identities(district.commune, YEAR)


@pytest.mark.parametrize("year", [2020, 2022, 2023, 2024])
def test_every_identity_holds_on_the_demo(demo, year):
    from organisation.models import OrgUnit

    for code in ("song-lo", "vinh-phuc", "tam-son"):
        _check_identities(OrgUnit.objects.get(code=code), year)


def test_demo_0603_for_2024_tells_the_story(demo):
    from organisation.models import OrgUnit

    table = compute(form_for("0603.N", 2024), OrgUnit.objects.get(code="song-lo"), 2024)

    assert table.value("01", "1") == 8
    assert (table.value("02", "2"), table.value("05", "2"), table.value("05", "5")) == (2, 4, 2)
    assert {gap.key: count for gap, count in table.gaps} == {"unclassified": 1}


def test_0601_counts_launched_movements_by_scope_duration_and_kind(district):
    def movement(title, owner, kind, start, end, status=MovementStatus.LAUNCHED):
        return Movement.objects.create(title=title, owner=owner, kind=kind, starts_on=start, ends_on=end, status=status)

    province = OrgUnitFactory(code="tinh-thu", name="Tỉnh Thử", kind=UnitKind.PROVINCE)
    district.district.parent = province
    district.district.save()
    d = datetime.date
    movement("Năm 2024", district.district, MovementKind.REGULAR, d(2024, 1, 1), d(2024, 12, 31))
    movement("Chuyên đề ngắn", district.commune, MovementKind.THEMATIC, d(2024, 3, 1), d(2024, 6, 30))
    movement("Chuyên đề 2024-2025", district.district, MovementKind.THEMATIC, d(2024, 5, 1), d(2025, 12, 31))
    movement("Giai đoạn 2024-2026", province, MovementKind.THEMATIC, d(2024, 1, 1), d(2026, 12, 31))
    movement("Giai đoạn 2024-2028", province, MovementKind.THEMATIC, d(2024, 1, 1), d(2028, 12, 31))
    movement("Dự thảo", district.district, MovementKind.REGULAR, d(2024, 1, 1), d(2024, 12, 31), MovementStatus.DRAFT)
    movement("Năm 2023", district.district, MovementKind.REGULAR, d(2023, 1, 1), d(2023, 12, 31))

    table = compute(form_for("0601.N", YEAR), province, YEAR)
    district_only = compute(form_for("0601.N", YEAR), district.district, YEAR)

    column = {line.code: table.value(line.code, "1") for line in table.form.coded_lines}
    assert column == {
        "01": 5, "02": 0, "03": 2, "04": 0, "05": 3,
        "06": 1, "07": 1, "08": 1, "09": 1, "10": 1,
        "11": 4, "12": 1,
    }  # fmt: skip
    assert (table.value("01", "3"), table.value("01", "4"), table.value("11", "3")) == (2, 3, 2)
    assert district_only.value("01", "1") == 3


def test_0604_and_0605_count_the_office_and_its_staff(district, office):
    MembershipFactory(user=UserFactory(username="vanphong2"), unit=district.district, role=Role.OFFICE)
    MembershipFactory(user=UserFactory(username="vanphong-xa"), unit=district.commune, role=Role.OFFICE)

    units = compute(form_for("0604.N", YEAR), district.district, YEAR)
    staff = compute(form_for("0605.N", YEAR), district.district, YEAR)

    assert units.value("01", "1") == 2 and units.value("04", "1") == 0
    assert {gap.key: n for gap, n in units.gaps} == {"outside": 2}
    assert staff.value("01", "1") == 3 and staff.value("02", "1") == 0
    assert {gap.key: n for gap, n in staff.gaps} == {"no_profile": 3}
