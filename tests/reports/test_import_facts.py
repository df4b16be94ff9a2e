"""The facts the statistics forms need, through the import: people's birth date and subject class,
awards' kind; optional columns that a file without them leaves as they are."""

from __future__ import annotations

import datetime

import pytest

from awards.importer import ImportProblems, run_import
from awards.models import AwardRecord, Person
from tests.awards.test_import import GOOD, snapshot, write_csvs
from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def base(db):
    """The district and block the import's GOOD workbook hangs from (as in tests/awards/test_import.py)."""
    district = OrgUnitFactory(code="huyen", name="Huyện Thử", kind="district")
    EmulationBlockFactory(code="cum-1", owner=district)
    return district


PEOPLE = [
    [*GOOD["people"][0], "birth_date", "subject_class"],
    [*GOOD["people"][1], "12/05/1975", "lanh_dao_khac"],
    [*GOOD["people"][2], "", ""],
]
AWARDS = [
    [*GOOD["awards"][0], "kind"],
    [*GOOD["awards"][1], "dot_xuat"],
    [*GOOD["awards"][2], ""],
]


def test_import_reads_birth_date_subject_class_and_award_kind(base, tmp_path):
    run_import(write_csvs(tmp_path / "data", {**GOOD, "people": PEOPLE, "awards": AWARDS}))

    people = {p.code: (p.birth_date, p.subject_class) for p in Person.objects.all()}
    kinds = dict(AwardRecord.objects.values_list("award_type__code", "kind"))
    assert people == {"cb-001": (datetime.date(1975, 5, 12), "lanh_dao_khac"), "cb-002": (None, "")}
    assert kinds == {"CSTDCS": "dot_xuat", "TTLDTT": "cong_trang"}


def test_a_file_without_the_columns_keeps_what_is_stored(base, tmp_path):
    run_import(write_csvs(tmp_path / "first", {**GOOD, "people": PEOPLE, "awards": AWARDS}))
    run_import(write_csvs(tmp_path / "again", GOOD))

    assert Person.objects.get(code="cb-001").subject_class == "lanh_dao_khac"
    assert AwardRecord.objects.get(award_type__code="CSTDCS").kind == "dot_xuat"


@pytest.mark.parametrize(
    ("sheet", "rows", "problem"),
    [
        (
            "people",
            [PEOPLE[0], [*GOOD["people"][1], "", "giam_doc"], PEOPLE[2]],
            "people, dòng 2, cột subject_class: “giam_doc” không hợp lệ (chọn một trong: lanh_dao_tinh, "
            "lanh_dao_so, doanh_nhan, lanh_dao_khac, truc_tiep)",
        ),
        (
            "awards",
            [AWARDS[0], [*GOOD["awards"][1], "thuong_xuyen"]],
            "awards, dòng 2, cột kind: “thuong_xuyen” không hợp lệ (chọn một trong: cong_trang, phong_trao, "
            "dot_xuat, cong_hien, doi_ngoai, nien_han, khang_chien)",
        ),
    ],
    ids=["bad-class", "bad-kind"],
)
def test_a_bad_class_or_kind_stops_the_import(base, tmp_path, sheet, rows, problem):
    before = snapshot()
    with pytest.raises(ImportProblems) as caught:
        run_import(write_csvs(tmp_path / "data", {**GOOD, sheet: rows}))

    assert caught.value.problems == [problem]
    assert snapshot() == before
