"""Every eligibility rule of docs/domain.md (rules 1-12) with a passing and a failing case."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.catalogue import base_salary_on, legal_version_on, reward_amount, rule_for
from awards.eligibility import evaluate, evaluate_code, order_for_ties
from awards.enums import Authority
from awards.models import Acclamation, AwardRule, Household, Person, Rating
from organisation.enums import UnitKind
from organisation.models import OrgUnit
from tests.awards.factories import NominationFactory, PersonFactory, award, discipline, give, initiative, rate
from tests.factories import EmulationBlockFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def verdict(code, award, year=2024, **kw):
    return evaluate_code(code, award, year, **kw)


@pytest.fixture
def unit():
    return OrgUnitFactory(code="xa-thu", name="Xã Thử")


@pytest.fixture
def person(unit):
    return PersonFactory(code="cb-01", full_name="Trần Thị Lan", unit=unit)


# Rule 2: LDTT -------------------------------------------------------------------------------
def test_ldtt_good_rating_is_eligible(person):
    rate(person, 2024, "HTTNV")

    v = verdict("cb-01", "LDTT")

    assert v.eligible is True
    assert "cần xếp loại HTTNV trở lên năm 2024: HTTNV" in v.reasons


def test_ldtt_completed_rating_is_not_enough(person):
    rate(person, 2024, "HTNV")

    v = verdict("cb-01", "LDTT")

    assert v.eligible is False
    assert v.failed == ["cần xếp loại HTTNV trở lên năm 2024: HTNV"]


def test_ldtt_without_rating_says_missing(person):
    assert verdict("cb-01", "LDTT").failed == ["cần xếp loại HTTNV trở lên năm 2024: chưa có"]


def test_ldtt_short_service_fails(person):
    person.joined_on = datetime.date(2024, 9, 1)
    person.save()
    rate(person, 2024, "HTXSNV")

    v = verdict("cb-01", "LDTT")

    assert v.failed == ["cần công tác từ 6 tháng trở lên trong năm 2024: chưa đủ, từ 01/09/2024"]


def test_ldtt_six_months_of_service_passes(person):
    person.joined_on = datetime.date(2024, 7, 1)
    person.save()
    rate(person, 2024, "HTTNV")

    assert verdict("cb-01", "LDTT").eligible is True


def test_yearly_title_only_once_per_year(person):
    rate(person, 2024, "HTTNV")
    give(person, "LDTT", 2024)

    v = verdict("cb-01", "LDTT")

    assert v.failed == ["mỗi năm chỉ được tặng LĐTT một lần (năm 2024): đã được tặng (QĐ 2024/QĐ-UBND)"]


# Rule 1: subject kinds ----------------------------------------------------------------------
def test_individual_title_for_a_unit_is_the_wrong_kind(unit):
    v = verdict("xa-thu", "CSTDCS")

    assert v.eligible is False
    assert v.reasons == ["chỉ dành cho cá nhân: đối tượng là tập thể"]


def test_collective_title_for_a_person_is_the_wrong_kind(person):
    assert verdict("cb-01", "TTLDTT").reasons == ["chỉ dành cho tập thể: đối tượng là cá nhân"]


def test_household_title_for_a_person_is_the_wrong_kind(person):
    assert verdict("cb-01", "GDVH").reasons == ["chỉ dành cho hộ gia đình: đối tượng là cá nhân"]


@pytest.fixture
def household(unit):
    village = OrgUnitFactory(code="thon-dong", name="Thôn Đồng", kind=UnitKind.VILLAGE, parent=unit)
    return Household.objects.create(code="ho-01", head_name="Nguyễn Văn Sơn", unit=village)


def test_gdvh_for_a_household_is_left_to_the_office(household):
    v = verdict("ho-01", "GDVH")

    assert v.eligible is True
    assert v.subject.name == "Hộ Nguyễn Văn Sơn"
    assert v.reasons == [
        "dành cho hộ gia đình: đúng đối tượng",
        "mỗi năm chỉ được tặng GĐVH một lần (năm 2024): "
        "chưa lưu lịch sử khen thưởng của hộ gia đình, cơ quan thi đua đối chiếu",
        "không đang bị xem xét kỷ luật: đạt",
        "tiêu chí Gia đình văn hóa năm 2024 do thôn, tổ dân phố bình xét: cơ quan thi đua xem xét",
    ]


def test_individual_title_for_a_household_is_the_wrong_kind(household):
    assert verdict("ho-01", "LDTT").reasons == ["chỉ dành cho cá nhân: đối tượng là hộ gia đình"]


def test_collective_title_for_a_household_is_the_wrong_kind(household):
    assert verdict("ho-01", "TTLDTT").reasons == ["chỉ dành cho tập thể: đối tượng là hộ gia đình"]


def test_eligibility_command_lists_households_for_gdvh_only(household, person):
    gdvh, ldtt = StringIO(), StringIO()

    call_command("eligibility", "--year", "2024", "--award", "GDVH", "--format", "json", stdout=gdvh)
    call_command("eligibility", "--year", "2024", "--award", "LDTT", "--format", "json", stdout=ldtt)

    assert [(r["subject"], r["eligible"]) for r in json.loads(gdvh.getvalue())] == [
        ("ho-01", True),
        ("cb-01", False),
        ("xa-thu", False),
        ("thon-dong", False),
    ]
    assert "ho-01" not in {r["subject"] for r in json.loads(ldtt.getvalue())}


# Rule 3: CSTDCS -----------------------------------------------------------------------------
def test_cstdcs_with_ldtt_and_excellent_rating_is_eligible(person):
    rate(person, 2024, "HTXSNV")
    give(person, "LDTT", 2024)

    v = verdict("cb-01", "CSTDCS")

    assert v.eligible is True
    assert "cần LĐTT năm 2024: có (QĐ 2024/QĐ-UBND)" in v.reasons
    assert "cần HTXSNV, sáng kiến hoặc đề tài khoa học năm 2024: HTXSNV" in v.reasons


def test_cstdcs_ldtt_met_in_the_same_year_counts(person):
    rate(person, 2024, "HTXSNV")

    v = verdict("cb-01", "CSTDCS")

    assert v.eligible is True
    assert "cần LĐTT năm 2024: chưa có quyết định, đủ điều kiện trong năm" in v.reasons


def test_cstdcs_initiative_instead_of_excellence(person):
    rate(person, 2024, "HTTNV")
    initiative(person, 2024, code="SK-7")

    v = verdict("cb-01", "CSTDCS")

    assert v.eligible is True
    assert "cần HTXSNV, sáng kiến hoặc đề tài khoa học năm 2024: sáng kiến SK-7" in v.reasons


def test_cstdcs_science_work_counts(person):
    rate(person, 2024, "HTTNV")
    initiative(person, 2024, code="DT-1", kind="de_tai")

    assert verdict("cb-01", "CSTDCS").eligible is True


def test_cstdcs_good_rating_without_initiative_fails(person):
    rate(person, 2024, "HTTNV")

    assert verdict("cb-01", "CSTDCS").failed == ["cần HTXSNV, sáng kiến hoặc đề tài khoa học năm 2024: chưa có"]


def test_cstdcs_without_ldtt_fails(person):
    rate(person, 2024, "HTNV")
    initiative(person, 2024)

    assert verdict("cb-01", "CSTDCS").failed == ["cần LĐTT năm 2024: chưa có"]


def test_cstdcs_cap_is_off_by_default_and_applies_when_switched_on(unit, person):
    colleague = PersonFactory(code="cb-02", unit=unit)
    for p in (person, colleague):
        rate(p, 2024, "HTXSNV")
    give(colleague, "CSTDCS", 2024)
    assert verdict("cb-01", "CSTDCS").eligible is True

    AwardRule.objects.filter(award_type__code="CSTDCS").update(
        conditions={"cap_percent_of_ldtt": {"on": True, "value": 15}}
    )

    assert verdict("cb-01", "CSTDCS").failed == ["cần số CSTĐCS không quá 15% số LĐTT của đơn vị năm 2024: 2/2"]


# Rule 4: CSTD_TINH --------------------------------------------------------------------------
def test_cstd_tinh_three_consecutive_cstdcs_and_province_initiative(person):
    for year in (2022, 2023, 2024):
        give(person, "CSTDCS", year)
    initiative(person, 2023, level="tinh", code="SK-T1")

    v = verdict("cb-01", "CSTD_TINH")

    assert v.eligible is True
    assert "cần sáng kiến cấp tỉnh trở lên trong 2022–2024: có (SK-T1, cấp tỉnh)" in v.reasons


def test_cstd_tinh_gap_in_consecutive_years_fails(person):
    give(person, "CSTDCS", 2022)
    give(person, "CSTDCS", 2024)
    initiative(person, 2023, level="tinh")

    assert verdict("cb-01", "CSTD_TINH").failed == ["cần CSTĐCS năm 2023: chưa có"]


def test_cstd_tinh_base_level_initiative_is_the_wrong_level(person):
    for year in (2022, 2023, 2024):
        give(person, "CSTDCS", year)
    initiative(person, 2024, level="co_so", code="SK-C")

    assert verdict("cb-01", "CSTD_TINH").failed == [
        "cần sáng kiến cấp tỉnh trở lên trong 2022–2024: chưa có (chỉ có SK-C cấp cơ sở)"
    ]


def test_cstd_tinh_thematic_award_does_not_count(person):
    give(person, "CSTDCS", 2022, kind="phong_trao")
    give(person, "CSTDCS", 2023)
    give(person, "CSTDCS", 2024)
    initiative(person, 2024, level="tinh")

    assert verdict("cb-01", "CSTD_TINH").failed == [
        "cần CSTĐCS năm 2022: CSTĐCS 2022 theo loại hình “Theo phong trào, chuyên đề”: không tính"
    ]


# Rule 5: CSTD_TQ ----------------------------------------------------------------------------
def test_cstd_tq_twice_cstd_tinh_and_national_initiative(person):
    give(person, "CSTD_TINH", 2021)
    give(person, "CSTD_TINH", 2024)
    initiative(person, 2023, level="toan_quoc")

    assert verdict("cb-01", "CSTD_TQ").eligible is True


def test_cstd_tq_province_initiative_is_not_enough(person):
    give(person, "CSTD_TINH", 2021)
    give(person, "CSTD_TINH", 2024)
    initiative(person, 2023, level="tinh", code="SK-T")

    assert verdict("cb-01", "CSTD_TQ").failed == [
        "cần sáng kiến toàn quốc trở lên trong 2019–2024: chưa có (chỉ có SK-T cấp tỉnh)"
    ]


# Rule 10: discipline ------------------------------------------------------------------------
def test_pending_discipline_blocks(person):
    rate(person, 2024, "HTXSNV")
    discipline(person, "khien_trach", datetime.date(2024, 3, 1))

    assert verdict("cb-01", "LDTT").failed == [
        "không đang bị xem xét kỷ luật: đang xem xét hình thức khiển trách từ 01/03/2024"
    ]


def test_finished_discipline_earlier_achievements_no_longer_count(person):
    for year in (2022, 2023, 2024):
        give(person, "CSTDCS", year)
    initiative(person, 2024, level="tinh")
    discipline(person, "khien_trach", datetime.date(2022, 5, 1), datetime.date(2022, 11, 1))

    v = verdict("cb-01", "CSTD_TINH")

    assert v.failed == ["cần CSTĐCS năm 2022: không tính (kỷ luật năm 2022)"]
    assert "không đang bị xem xét kỷ luật: đạt" in v.reasons


# Rule 6: collectives ------------------------------------------------------------------------
def _staff(unit, ratings):
    people = []
    for i, rating in enumerate(ratings):
        p = PersonFactory(code=f"{unit.code}-{i}", unit=unit)
        if rating:
            rate(p, 2024, rating)
        people.append(p)
    return people


def test_ttldtt_seventy_percent_ldtt_is_eligible(unit):
    _staff(unit, ["HTTNV"] * 7 + ["HTNV"] * 3)

    v = verdict("xa-thu", "TTLDTT")

    assert v.eligible is True
    assert "cần ≥ 70% cán bộ đạt LĐTT năm 2024: 7/10 (70%)" in v.reasons


def test_ttldtt_sixty_percent_ldtt_fails(unit):
    _staff(unit, ["HTTNV"] * 6 + ["HTNV"] * 4)

    assert verdict("xa-thu", "TTLDTT").failed == ["cần ≥ 70% cán bộ đạt LĐTT năm 2024: 6/10 (60%)"]


def test_ttldtt_member_with_warning_fails(unit):
    staff = _staff(unit, ["HTTNV"] * 4)
    staff[0].full_name = "Lê Văn Hùng"
    staff[0].save()
    discipline(staff[0], "canh_cao", datetime.date(2024, 2, 1), datetime.date(2024, 8, 1))

    assert verdict("xa-thu", "TTLDTT").failed == [
        "không có cán bộ bị kỷ luật từ mức cảnh cáo trở lên năm 2024: có 1 người (Lê Văn Hùng)"
    ]


def test_ttldtt_member_with_reprimand_does_not_block(unit):
    staff = _staff(unit, ["HTTNV"] * 4)
    discipline(staff[0], "khien_trach", datetime.date(2023, 2, 1), datetime.date(2023, 8, 1))

    assert verdict("xa-thu", "TTLDTT").eligible is True


def test_ttldtt_without_members_fails(unit):
    assert verdict("xa-thu", "TTLDTT").failed == ["cần ≥ 70% cán bộ đạt LĐTT năm 2024: đơn vị chưa có danh sách cán bộ"]


def test_ttldxs_excellent_unit_with_a_cstdcs_is_eligible(unit):
    staff = _staff(unit, ["HTXSNV"] + ["HTTNV"] * 3)
    give(staff[0], "CSTDCS", 2024)
    rate(unit, 2024, "HTXSNV")

    assert verdict("xa-thu", "TTLDXS").eligible is True


def test_ttldxs_member_not_completing_fails(unit):
    staff = _staff(unit, ["HTXSNV"] + ["HTTNV"] * 3 + ["KHTNV"])
    give(staff[0], "CSTDCS", 2024)
    rate(unit, 2024, "HTXSNV")

    assert verdict("xa-thu", "TTLDXS").failed == ["cần ≥ 100% cán bộ hoàn thành nhiệm vụ năm 2024: 4/5 (80%)"]


def test_ttldxs_good_unit_rating_fails(unit):
    staff = _staff(unit, ["HTXSNV"] * 2)
    give(staff[0], "CSTDCS", 2024)
    rate(unit, 2024, "HTTNV")

    assert verdict("xa-thu", "TTLDXS").failed == ["cần đơn vị xếp loại HTXSNV năm 2024: HTTNV"]


def test_ttldxs_rule_switched_off_in_the_catalogue(unit):
    staff = _staff(unit, ["HTXSNV"] * 2)
    give(staff[0], "CSTDCS", 2024)
    rate(unit, 2024, "HTTNV")
    rule = AwardRule.objects.get(award_type__code="TTLDXS", legal_version__code="nd-98-2023")
    rule.conditions["unit_rating"]["on"] = False
    rule.save()

    assert verdict("xa-thu", "TTLDXS").eligible is True


# Rule 7: BK_TINH ----------------------------------------------------------------------------
def test_bk_tinh_individual_two_consecutive_cstdcs(person):
    give(person, "CSTDCS", 2023)
    give(person, "CSTDCS", 2024)

    assert verdict("cb-01", "BK_TINH").eligible is True


def test_bk_tinh_individual_one_cstdcs_fails(person):
    give(person, "CSTDCS", 2024)

    assert verdict("cb-01", "BK_TINH").failed == [
        "cần 2 năm liền CSTĐCS, hoặc 2 năm liền HTXSNV và 2 sáng kiến (2023–2024): "
        "CSTĐCS 1/2 năm; HTXSNV 0/2 năm, 0 sáng kiến"
    ]


def test_bk_tinh_individual_excellent_years_with_two_initiatives(person):
    rate(person, 2023, "HTXSNV")
    rate(person, 2024, "HTXSNV")
    initiative(person, 2023, code="SK-A")
    initiative(person, 2024, code="SK-B")

    assert verdict("cb-01", "BK_TINH").eligible is True


def test_bk_tinh_collective_two_excellent_years(unit):
    rate(unit, 2023, "HTXSNV")
    give(unit, "TTLDXS", 2024)

    assert verdict("xa-thu", "BK_TINH").eligible is True


def test_bk_tinh_collective_one_excellent_year_fails(unit):
    rate(unit, 2024, "HTXSNV")
    rate(unit, 2023, "HTTNV")

    assert verdict("xa-thu", "BK_TINH").failed == ["cần 2 năm liền HTXSNV hoặc TTLĐXS (2023–2024): 1/2 năm"]


# Rule 8: CO_TINH ----------------------------------------------------------------------------
def test_co_tinh_block_leader_is_eligible(unit):
    block = EmulationBlockFactory(name="Cụm thi đua số 1")
    Acclamation.objects.create(block=block, year=2024, unit=unit)

    v = verdict("xa-thu", "CO_TINH")

    assert v.eligible is True
    assert "cần được suy tôn dẫn đầu cụm, khối năm 2024: có (Cụm thi đua số 1)" in v.reasons


def test_co_tinh_without_acclamation_fails(unit):
    assert verdict("xa-thu", "CO_TINH").failed == ["cần được suy tôn dẫn đầu cụm, khối năm 2024: chưa có"]


# Rule 11: mergers ---------------------------------------------------------------------------
def test_merger_chain_carries_history_to_the_successor():
    new = OrgUnitFactory(code="xa-song-lo", name="Xã Sông Lô")
    middle = OrgUnitFactory(code="xa-giua", name="Xã Giữa", successor=new, valid_to=datetime.date(2024, 12, 31))
    old = OrgUnitFactory(code="xa-cu", name="Xã Cũ", successor=middle, valid_to=datetime.date(2023, 12, 31))
    rate(old, 2023, "HTXSNV")
    rate(middle, 2024, "HTXSNV")
    rate(new, 2025, "HTXSNV")

    v = verdict("xa-song-lo", "BK_TINH", 2025)
    unlinked = verdict("xa-giua", "BK_TINH", 2025)

    assert v.eligible is True
    assert "cần 2 năm liền HTXSNV hoặc TTLĐXS (2024–2025): 2/2 năm" in v.reasons
    assert unlinked.failed == ["cần 2 năm liền HTXSNV hoặc TTLĐXS (2024–2025): 1/2 năm"]


# Legal versions -----------------------------------------------------------------------------
def test_legal_version_switches_on_1_july_2025():
    assert legal_version_on(datetime.date(2025, 6, 30)).code == "nd-98-2023"
    assert legal_version_on(datetime.date(2025, 7, 1)).code == "nd-152-2025"
    assert rule_for("CSTDCS", datetime.date(2025, 6, 30)).authority == Authority.DISTRICT_CHAIR
    assert rule_for("CSTDCS", datetime.date(2025, 7, 1)).authority == Authority.COMMUNE_CHAIR
    assert rule_for("CSTD_TINH", datetime.date(2025, 7, 1)).pass_mark == 90
    assert rule_for("CSTD_TINH", datetime.date(2025, 7, 1)).ballot_required is True
    assert rule_for("LDTT", datetime.date(2025, 7, 1)).ballot_required is False


def test_eligibility_uses_the_version_in_force(person):
    person.joined_on = datetime.date(2025, 9, 1)
    person.save()
    rate(person, 2025, "HTTNV")
    rule = AwardRule.objects.get(award_type__code="LDTT", legal_version__code="nd-152-2025")
    rule.conditions["min_service_months"] = {"on": False, "value": 6}
    rule.save()

    under_98 = verdict("cb-01", "LDTT", 2025, on_date=datetime.date(2025, 6, 30))
    under_152 = verdict("cb-01", "LDTT", 2025)

    assert under_98.failed == ["cần công tác từ 6 tháng trở lên trong năm 2025: chưa đủ, từ 01/09/2025"]
    assert under_152.eligible is True


# Money --------------------------------------------------------------------------------------
def test_base_salary_and_reward_amounts():
    assert base_salary_on(datetime.date(2024, 6, 30)) == 1_800_000
    assert base_salary_on(datetime.date(2024, 7, 1)) == 2_340_000
    assert reward_amount("CSTDCS", "individual", datetime.date(2024, 12, 20)) == 2_340_000
    assert reward_amount("CO_TINH", "collective", datetime.date(2024, 12, 20)) == 18_720_000
    assert reward_amount("LDTT", "household", datetime.date(2024, 12, 20)) == 1_053_000
    assert reward_amount("HCLD3", "individual", datetime.date(2024, 12, 20)) is None


# The command --------------------------------------------------------------------------------
# Rule 9: one initiative backs at most one commendation form ----------------------------------
def _excellent_with_two_initiatives(person):
    rate(person, 2023, "HTXSNV")
    rate(person, 2024, "HTXSNV")
    return initiative(person, 2023, code="SK-A"), initiative(person, 2024, code="SK-B")


def test_bk_tinh_initiative_used_for_another_form_does_not_count(person):
    first, _ = _excellent_with_two_initiatives(person)
    give(person, "GIAY_KHEN", 2023).initiatives.add(first)

    assert verdict("cb-01", "BK_TINH").failed == [
        "cần 2 năm liền CSTĐCS, hoặc 2 năm liền HTXSNV và 2 sáng kiến (2023–2024): "
        "CSTĐCS 1/2 năm; HTXSNV 2/2 năm, 1 sáng kiến (sáng kiến SK-A đã dùng cho Giấy khen năm 2023)"
    ]


def test_bk_tinh_initiative_in_another_form_nomination_under_way_does_not_count(person):
    first, _ = _excellent_with_two_initiatives(person)
    other = NominationFactory(person=person, award_type=award("BK_TTG"), year=2024, status="submitted")
    other.initiatives.add(first)

    assert verdict("cb-01", "BK_TINH").failed == [
        "cần 2 năm liền CSTĐCS, hoặc 2 năm liền HTXSNV và 2 sáng kiến (2023–2024): "
        "CSTĐCS 1/2 năm; HTXSNV 2/2 năm, 1 sáng kiến (sáng kiến SK-A đã dùng cho đề nghị Bằng khen TTg năm 2024)"
    ]


def test_bk_tinh_initiative_of_its_own_nomination_still_counts(person):
    first, second = _excellent_with_two_initiatives(person)
    own = NominationFactory(person=person, award_type=award("BK_TINH"), year=2024, status="submitted")
    own.initiatives.add(first, second)

    assert verdict("cb-01", "BK_TINH").eligible is True


def test_bk_tinh_initiative_behind_a_title_still_counts(person):
    first, _ = _excellent_with_two_initiatives(person)
    give(person, "CSTDCS", 2023).initiatives.add(first)

    assert verdict("cb-01", "BK_TINH").eligible is True


def test_bk_tinh_initiative_behind_a_revoked_form_counts_again(person):
    first, _ = _excellent_with_two_initiatives(person)
    give(person, "GIAY_KHEN", 2023, revoked=True).initiatives.add(first)

    assert verdict("cb-01", "BK_TINH").eligible is True


def test_bk_tinh_initiative_reuse_switched_off_in_the_catalogue(person):
    first, _ = _excellent_with_two_initiatives(person)
    give(person, "GIAY_KHEN", 2023).initiatives.add(first)
    rule = AwardRule.objects.get(award_type__code="BK_TINH", legal_version__code="nd-98-2023")
    rule.conditions["initiative_once_per_form"] = {"on": False}
    rule.save()

    assert verdict("cb-01", "BK_TINH").eligible is True


def test_eligibility_command_prints_the_json_array(person):
    rate(person, 2024, "HTXSNV")
    out = StringIO()

    call_command(
        "eligibility", "--year", "2024", "--award", "LDTT", "--subject", "cb-01", "--format", "json", stdout=out
    )

    assert json.loads(out.getvalue()) == [
        {
            "subject": "cb-01",
            "award": "LDTT",
            "year": 2024,
            "eligible": True,
            "reasons": [
                "dành cho cá nhân: đúng đối tượng",
                "mỗi năm chỉ được tặng LĐTT một lần (năm 2024): chưa được tặng",
                "không đang bị xem xét kỷ luật: đạt",
                "cần xếp loại HTTNV trở lên năm 2024: HTXSNV",
                "cần công tác từ 6 tháng trở lên trong năm 2024: từ 01/01/2015",
            ],
        }
    ]


def test_eligibility_command_without_award_suggests_by_subject_kind(person, unit):
    out = StringIO()

    call_command("eligibility", "--year", "2024", "--format", "json", stdout=out)

    pairs = {(row["subject"], row["award"]) for row in json.loads(out.getvalue())}
    assert pairs == {
        *(("cb-01", code) for code in ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "BK_TINH")),
        *(("xa-thu", code) for code in ("TTLDTT", "TTLDXS", "BK_TINH", "CO_TINH")),
    }


# Rule 10: on ties, women and collectives with >= 70% women first ----------------------------
def _colleague(unit, code, name, gender, rating="HTTNV"):
    p = PersonFactory(code=code, full_name=name, gender=gender, unit=unit)
    rate(p, 2024, rating)
    return p


def test_eligibility_command_puts_women_first_among_equals(unit):
    _colleague(unit, "cb-01", "Nguyễn Văn An", "nam")
    _colleague(unit, "cb-02", "Trần Thị Bình", "nữ")
    _colleague(unit, "cb-03", "Lê Văn Cường", "nam", rating="HTNV")
    _colleague(unit, "cb-04", "Phạm Thị Dung", "nữ")
    out = StringIO()

    call_command("eligibility", "--year", "2024", "--award", "LDTT", "--format", "json", stdout=out)

    rows = [(row["subject"], row["eligible"]) for row in json.loads(out.getvalue())]
    # Eligible women, eligible men (each by name), then the ineligible (the unit is the wrong kind).
    assert rows == [("cb-04", True), ("cb-02", True), ("cb-01", True), ("cb-03", False), ("xa-thu", False)]


def test_collective_with_70_percent_women_comes_first_among_equals():
    men = OrgUnitFactory(code="xa-nam", name="Xã Nam")
    women = OrgUnitFactory(code="xa-nu", name="Xã Nữ")
    for i, gender in enumerate(["nam", "nam", "nữ"]):
        PersonFactory(code=f"nam-{i}", gender=gender, unit=men)
    for i, gender in enumerate(["nữ", "nữ", "nữ", "nam"]):
        PersonFactory(code=f"nu-{i}", gender=gender, unit=women)
    for u in (men, women):
        Acclamation.objects.create(block=EmulationBlockFactory(), year=2024, unit=u)

    verdicts = order_for_ties(
        evaluate(
            year=2024,
            persons=Person.objects.none(),
            units=OrgUnit.objects.filter(code__startswith="xa-n"),
            awards=["CO_TINH"],
        )
    )

    assert [(v.subject.code, v.subject.preferred, v.eligible) for v in verdicts] == [
        ("xa-nu", True, True),
        ("xa-nam", False, True),
    ]


# Bounded queries ----------------------------------------------------------------------------
def _people(unit, count, start=0):
    people = Person.objects.bulk_create(
        Person(code=f"bulk-{i:05d}", full_name=f"Người {i}", gender="nam", unit=unit)
        for i in range(start, start + count)
    )
    Rating.objects.bulk_create(Rating(person=p, year=2024, rating="HTXSNV") for p in people)
    return people


def _count_queries(year=2024):
    with CaptureQueriesContext(connection) as ctx:
        verdicts = evaluate(year=year, persons=Person.objects.all(), units=OrgUnitFactory._meta.model.objects.all())
    return len(ctx.captured_queries), verdicts


def test_evaluating_1000_people_runs_a_bounded_number_of_queries():
    unit = OrgUnitFactory(code="xa-lon", kind=UnitKind.COMMUNE)
    _people(unit, 5)
    few, _ = _count_queries()

    _people(unit, 995, start=5)
    many, verdicts = _count_queries()

    assert many == few
    assert many <= 15
    assert sum(1 for v in verdicts if v.award == "LDTT" and v.eligible) == 1000
