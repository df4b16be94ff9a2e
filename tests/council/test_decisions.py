"""Decisions, rewards, authority by date, proposals to the higher level, objections, revocation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from awards.enums import NominationStatus
from awards.models import AwardRecord, AwardType, Nomination
from council import services
from council.models import DecisionEntry, HigherProposal, RecheckFlag
from organisation.enums import Role
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.awards.factories import give, initiative
from tests.council.helpers import AFTER, BEFORE, council, item_of, notice_over, opened, screened, vote_all
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def approve(office, chair, body, nominations, *, size=5, date=BEFORE):
    members = council(body, chair, size)
    session = opened(office, chair, body, nominations, members, date=date)
    for n in nominations:
        vote_all(item_of(session, n), members, size)
    return notice_over(services.session_close(actor=chair, session=session))


def issue(office, body, nominations, *, number="125/QĐ-UBND", date=datetime.date(2025, 3, 20), session=None):
    return services.decision_issue(
        actor=office,
        body=body,
        session=session,
        number=number,
        date=date,
        signer_name="Nguyễn Văn Chủ",
        signer_title="Chủ tịch",
        summary="Về việc tặng danh hiệu thi đua năm 2024",
        nominations=nominations,
    )


def test_decision_creates_award_records_ordinals_and_rewards(district, office, chair):
    ldtt, cstdcs = screened(district.commune, "LDTT"), screened(district.commune, "CSTDCS")
    session = approve(office, chair, district.district, [ldtt, cstdcs])

    decision = issue(office, district.district, [ldtt, cstdcs], session=session)

    entries = list(DecisionEntry.objects.filter(decision=decision).order_by("ordinal"))
    assert [(e.nomination_id, e.ordinal, e.multiplier, e.base_salary, e.reward) for e in entries] == [
        (ldtt.pk, 1, Decimal("0.30"), 2_340_000, 702_000),
        (cstdcs.pk, 2, Decimal("1.00"), 2_340_000, 2_340_000),
    ]
    records = AwardRecord.objects.filter(decision_number="125/QĐ-UBND").order_by("award_type__order")
    assert [(r.person_id, r.award_type.code, r.year, r.decision_date) for r in records] == [
        (ldtt.person_id, "LDTT", 2024, datetime.date(2025, 3, 20)),
        (cstdcs.person_id, "CSTDCS", 2024, datetime.date(2025, 3, 20)),
    ]
    assert set(Nomination.objects.values_list("status", flat=True)) == {NominationStatus.DECIDED}
    assert len({e.token for e in entries}) == 2 and all(len(e.token) >= 32 for e in entries)


def test_decision_carries_the_nominations_initiatives_to_the_award_record(district, office, chair):
    cstdcs = screened(district.commune, "CSTDCS")
    cstdcs.initiatives.add(initiative(cstdcs.person, 2024, code="SK-QD"))
    session = approve(office, chair, district.district, [cstdcs])

    issue(office, district.district, [cstdcs], session=session)

    record = AwardRecord.objects.get(person=cstdcs.person, award_type__code="CSTDCS", year=2024)
    assert list(record.initiatives.values_list("code", flat=True)) == ["SK-QD"]


def test_decision_ordinals_continue_through_the_year(district, office, chair):
    first, second = screened(district.commune, "LDTT"), screened(district.commune, "LDTT")
    approve(office, chair, district.district, [first, second])
    issue(office, district.district, [first], number="10/QĐ-UBND")

    decision = issue(office, district.district, [second], number="11/QĐ-UBND")

    assert decision.entries.get().ordinal == 2


def test_decision_reward_uses_base_salary_on_the_decision_date(district, office, chair):
    nomination = screened(district.commune, "LDTT", year=2023)
    approve(office, chair, district.district, [nomination], date=BEFORE.replace(year=2024, month=4))

    decision = issue(office, district.district, [nomination], date=datetime.date(2024, 5, 2))

    assert (decision.entries.get().base_salary, decision.entries.get().reward) == (1_800_000, 540_000)


def test_reward_collective_and_household_amounts(district):
    ttldtt = Nomination(subject_unit=district.village, award_type=AwardType.objects.get(code="TTLDTT"), year=2024)
    household_award = AwardType.objects.get(code="GDVH")
    household_award.multiplier_individual = Decimal("0.3")
    household_award.save()
    household = Nomination(subject_unit=district.village, award_type=household_award, year=2024)
    day = datetime.date(2025, 3, 20)

    assert services.reward_for(ttldtt, day) == (Decimal("0.80"), 2_340_000, 1_872_000)
    assert services.reward_for(household, day) == (Decimal("0.450"), 2_340_000, 1_053_000)


def test_decision_refuses_unapproved_and_reused_number(district, office, chair):
    approved_one = screened(district.commune, "LDTT")
    rejected = screened(district.commune, "LDTT")
    members = council(district.district, chair, 3)
    session = opened(office, chair, district.district, [approved_one, rejected], members)
    vote_all(item_of(session, approved_one), members, 3)
    vote_all(item_of(session, rejected), members, 1)
    notice_over(services.session_close(actor=chair, session=session))

    with pytest.raises(InvalidTransition):
        issue(office, district.district, [rejected])
    issue(office, district.district, [approved_one])
    with pytest.raises(DomainError, match="đã được dùng"):
        issue(office, district.district, [approved_one])


# Authority by date -----------------------------------------------------------------------------
@pytest.fixture
def commune_council(district):
    chair = UserFactory(username="chutich.xa-a")
    MembershipFactory(user=chair, unit=district.commune, role=Role.COUNCIL_CHAIR)
    clerk = UserFactory(username="vanphong.xa-a")
    MembershipFactory(user=clerk, unit=district.commune, role=Role.OFFICE)
    return chair, clerk


def test_commune_cstdcs_before_july_2025_goes_to_the_district(district, office, commune_council):
    chair, clerk = commune_council
    nomination = screened(district.commune, "CSTDCS")

    approve(clerk, chair, district.commune, [nomination], size=3, date=BEFORE)

    proposal = HigherProposal.objects.get(nomination=nomination)
    assert (proposal.from_body, proposal.to_body, proposal.authority) == (
        district.commune,
        district.district,
        "district_chair",
    )
    with pytest.raises(InvalidTransition):
        issue(clerk, district.commune, [nomination], date=datetime.date(2025, 3, 20))


def test_commune_cstdcs_after_july_2025_is_decided_by_the_commune(district, office, commune_council):
    chair, clerk = commune_council
    nomination = screened(district.commune, "CSTDCS")
    approve(clerk, chair, district.commune, [nomination], size=3, date=AFTER)

    decision = issue(clerk, district.commune, [nomination], number="5/QĐ-UBND", date=datetime.date(2025, 9, 20))

    assert not HigherProposal.objects.filter(nomination=nomination).exists()
    assert decision.entries.get().reward == 2_340_000


def test_district_xa_tieu_bieu_after_july_2025_needs_the_province(district, office, chair):
    nomination = Nomination.objects.create(
        unit=district.district,
        subject_unit=district.commune,
        award_type=AwardType.objects.get(code="XA_TIEU_BIEU"),
        year=2025,
        status=NominationStatus.SCREENED,
    )
    approve(office, chair, district.district, [nomination], date=AFTER)

    proposal = HigherProposal.objects.get(nomination=nomination)
    assert (proposal.to_body, proposal.authority) == (None, "province_chair")
    with pytest.raises(InvalidTransition):
        issue(office, district.district, [nomination], date=datetime.date(2025, 9, 20))


def test_proposal_outcome_recorded_creates_the_award_record(district, office, commune_council):
    chair, clerk = commune_council
    nomination = screened(district.commune, "CSTDCS")
    approve(clerk, chair, district.commune, [nomination], size=3, date=BEFORE)
    proposal = HigherProposal.objects.get(nomination=nomination)

    services.proposal_record_outcome(
        actor=office, proposal=proposal, awarded=True, number="88/QĐ-UBND", date=datetime.date(2025, 4, 1)
    )

    nomination.refresh_from_db()
    record = AwardRecord.objects.get(person=nomination.person, award_type__code="CSTDCS", year=2024)
    assert (nomination.status, record.decision_number, record.decision_date) == (
        NominationStatus.DECIDED,
        "88/QĐ-UBND",
        datetime.date(2025, 4, 1),
    )
    assert office.has_perm("council.record_outcome", proposal) is True
    assert clerk.has_perm("council.record_outcome", proposal) is False
    with pytest.raises(InvalidTransition):
        services.proposal_record_outcome(actor=office, proposal=proposal, awarded=False)


def test_proposal_refused_rejects_the_nomination(district, office, chair):
    nomination = Nomination.objects.create(
        unit=district.district,
        subject_unit=district.commune,
        award_type=AwardType.objects.get(code="XA_TIEU_BIEU"),
        year=2025,
        status=NominationStatus.SCREENED,
    )
    approve(office, chair, district.district, [nomination], date=AFTER)

    services.proposal_record_outcome(
        actor=office, proposal=HigherProposal.objects.get(nomination=nomination), awarded=False, note="Chưa đủ"
    )

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.REJECTED


# Objections block the decision -----------------------------------------------------------------
def test_open_objection_blocks_the_decision_until_resolved(district, office, chair):
    nomination = screened(district.commune, "LDTT")
    approve(office, chair, district.district, [nomination])
    objection = services.objection_submit(
        nomination=nomination, name="Trần Văn Dân", contact="0912345678", text="Thành tích kê khai chưa đúng sự thật."
    )

    with pytest.raises(DomainError, match="phản ánh"):
        issue(office, district.district, [nomination])
    services.objection_resolve(actor=office, objection=objection, resolution="Đã xác minh: thành tích đúng.")
    decision = issue(office, district.district, [nomination])

    assert decision.entries.count() == 1


# Revocation ------------------------------------------------------------------------------------
def test_revoke_marks_recovery_and_flags_dependent_awards(district, office, chair):
    nomination = screened(district.commune, "LDTT")
    approve(office, chair, district.district, [nomination])
    decision = issue(office, district.district, [nomination])
    entry = decision.entries.get()
    person = nomination.person
    cstdcs_same_year = give(person, "CSTDCS", 2024)
    cstd_tinh_later = give(person, "CSTD_TINH", 2026)
    cstdcs_earlier = give(person, "CSTDCS", 2023)
    unrelated = give(person, "GIAY_KHEN", 2024)
    unit_title = give(district.commune, "TTLDTT", 2024)
    other_unit_title = give(district.other_commune, "TTLDTT", 2024)

    services.award_revoke(actor=office, entry=entry, ground="false_dossier", note="Hồ sơ kê khai sai.")

    entry.refresh_from_db()
    nomination.refresh_from_db()
    assert (entry.revocation_ground, entry.recovery, entry.revoked_by) == ("false_dossier", "to_recover", office)
    assert AwardRecord.objects.get(pk=entry.award_record_id).revoked is True
    assert nomination.status == NominationStatus.REVOKED
    flagged = set(RecheckFlag.objects.values_list("award_record_id", flat=True))
    assert flagged == {cstdcs_same_year.pk, cstd_tinh_later.pk, unit_title.pk}
    assert not flagged & {cstdcs_earlier.pk, unrelated.pk, other_unit_title.pk}
    with pytest.raises(InvalidTransition):
        services.award_revoke(actor=office, entry=entry, ground="fraud", note="lần hai")


def test_revoke_needs_ground_and_note(district, office, chair):
    nomination = screened(district.commune, "LDTT")
    approve(office, chair, district.district, [nomination])
    entry = issue(office, district.district, [nomination]).entries.get()

    with pytest.raises(DomainError):
        services.award_revoke(actor=office, entry=entry, ground="whim", note="x")
    with pytest.raises(DomainError):
        services.award_revoke(actor=office, entry=entry, ground="fraud", note="  ")


def test_only_the_granting_body_may_revoke(district, office, chair, council_member, unit_head):
    nomination = screened(district.commune, "LDTT")
    approve(office, chair, district.district, [nomination])
    decision = issue(office, district.district, [nomination])
    province = OrgUnitFactory(code="tinh", name="Tỉnh Thử", kind="province")
    district.district.parent = province
    district.district.save()
    province_office = UserFactory(username="vanphong.tinh")
    MembershipFactory(user=province_office, unit=province, role=Role.OFFICE)
    commune_office = UserFactory(username="vanphong.xa-a")
    MembershipFactory(user=commune_office, unit=district.commune, role=Role.OFFICE)
    decision.refresh_from_db()

    allowed = {
        u.username
        for u in (office, chair, council_member, unit_head, province_office, commune_office)
        if u.has_perm("council.revoke", decision)
    }

    assert allowed == {"vanphong", "chutich"}


def test_decision_beyond_authority_on_its_date_is_refused(district, office, commune_council):
    chair, clerk = commune_council
    nomination = screened(district.commune, "CSTDCS")
    approve(clerk, chair, district.commune, [nomination], size=3, date=AFTER)

    with pytest.raises(NotAllowed, match="thẩm quyền"):
        issue(clerk, district.commune, [nomination], date=datetime.date(2025, 6, 30))


def test_service_refusals_speak_the_readers_language(district, office):
    from django.utils import translation

    with translation.override("en"), pytest.raises(DomainError, match="Choose at least one dossier the council"):
        issue(office, district.district, [])
    with translation.override("vi"), pytest.raises(DomainError, match="Chọn ít nhất một hồ sơ đã được Hội đồng"):
        issue(office, district.district, [])
