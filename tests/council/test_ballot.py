"""Sessions, the secret ballot and the tally against the legal thresholds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from awards.enums import NominationStatus
from awards.models import AwardRule, LegalVersion
from council import services
from council.forms import SessionPlanForm
from council.models import AgendaItem, BallotBox, BallotReceipt, CouncilSession, SessionMember
from organisation.models import OrgUnit
from songlo.exceptions import DomainError, InvalidTransition, NotAllowed
from tests.council.helpers import AFTER, box_counts, council, item_of, opened, planned, screened, vote_all

pytestmark = pytest.mark.django_db


# Planning and quorum -------------------------------------------------------------------------
def test_session_plan_takes_council_members_and_moves_nominations_in_council(district, office, chair):
    members = council(district.district, chair, 5)
    nomination = screened(district.commune)

    session = planned(office, district.district, [nomination])

    assert session.status == "planned"
    assert session.member_count == 5
    assert set(SessionMember.objects.filter(session=session).values_list("user_id", flat=True)) == {
        u.pk for u in members
    }
    assert SessionMember.objects.get(session=session, user=chair).is_chair is True
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.IN_COUNCIL


def test_session_plan_refuses_unscreened_nomination(district, office, chair):
    council(district.district, chair, 3)
    nomination = screened(district.commune)
    nomination.status = NominationStatus.SUBMITTED
    nomination.save()

    with pytest.raises(InvalidTransition):
        planned(office, district.district, [nomination])

    assert CouncilSession.objects.count() == 0


def test_session_open_with_exactly_two_thirds_present_records_quorum(district, office, chair):
    members = council(district.district, chair, 9)
    nomination = screened(district.commune)

    session = opened(office, chair, district.district, [nomination], members, present=members[:6])

    assert (session.status, session.present_count, session.member_count, session.quorum_met) == ("open", 6, 9, True)
    assert SessionMember.objects.filter(session=session, present=True).count() == 6


def test_session_open_below_quorum_is_refused_and_nothing_changes(district, office, chair):
    members = council(district.district, chair, 9)
    session = planned(office, district.district, [screened(district.commune)])

    with pytest.raises(DomainError, match="Không đủ số lượng thành viên có mặt: 5/9"):
        services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members[:5]])

    session.refresh_from_db()
    assert (session.status, session.present_count, session.quorum_met) == ("planned", None, None)
    assert SessionMember.objects.filter(session=session, present=True).count() == 0


def test_session_open_quorum_is_configurable(district, office, chair):
    members = council(district.district, chair, 4)
    session = planned(office, district.district, [screened(district.commune)], quorum=(3, 4))

    with pytest.raises(DomainError):
        services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members[:2]])
    session = services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members[:3]])

    assert session.quorum_met is True


def test_session_plan_refuses_a_quorum_below_the_legal_floor(district, office, chair):
    council(district.district, chair, 9)
    nomination = screened(district.commune)

    with pytest.raises(DomainError, match="1/100 thấp hơn mức tối thiểu 2/3 tổng số thành viên theo"):
        planned(office, district.district, [nomination], quorum=(1, 100))

    assert CouncilSession.objects.count() == 0
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SCREENED


@pytest.mark.parametrize("quorum", [(0, 3), (4, 3), (-1, 3)], ids=["zero", "above-one", "negative"])
def test_session_plan_refuses_a_quorum_that_is_not_a_share(district, office, chair, quorum):
    council(district.district, chair, 3)

    with pytest.raises(DomainError, match="không hợp lệ"):
        planned(office, district.district, [screened(district.commune)], quorum=quorum)

    assert CouncilSession.objects.count() == 0


def test_session_plan_quorum_floor_is_the_legal_version_in_force_on_the_session_date(district, office, chair):
    LegalVersion.objects.filter(code="nd-152-2025").update(quorum_numerator=3, quorum_denominator=4)
    council(district.district, chair, 4)

    with pytest.raises(DomainError, match="mức tối thiểu 3/4"):
        planned(office, district.district, [screened(district.commune)], date=AFTER)
    before = planned(office, district.district, [screened(district.commune)])  # Decree 98: 2/3
    after = planned(office, district.district, [screened(district.commune)], date=AFTER, quorum=(4, 5))

    assert [(s.quorum_numerator, s.quorum_denominator) for s in (before, after)] == [(2, 3), (4, 5)]


def test_session_open_holds_a_session_planned_below_the_floor_to_the_floor(district, office, chair):
    # A session planned before the floor existed, or written past the checks, opens on the floor.
    members = council(district.district, chair, 9)
    session = planned(office, district.district, [screened(district.commune)])
    CouncilSession.objects.filter(pk=session.pk).update(quorum_numerator=1, quorum_denominator=100)

    with pytest.raises(DomainError, match="5/9, cần ít nhất 2/3"):
        services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members[:5]])
    session = services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members[:6]])

    assert session.status == "open"


@pytest.mark.parametrize("floor", [(1, 2), (1, 100), (4, 3), (0, 0)], ids=["half", "1-of-100", "above-one", "zero"])
def test_legal_version_floor_must_be_more_than_half(floor):
    version = LegalVersion.objects.get(code="nd-152-2025")
    version.quorum_numerator, version.quorum_denominator = floor

    with pytest.raises(ValidationError, match="lớn hơn một nửa"):
        version.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        version.save()


def test_plan_form_offers_quorums_as_fractions_never_below_the_floor(district, office):
    LegalVersion.objects.filter(code="nd-152-2025").update(quorum_numerator=3, quorum_denominator=4)
    bodies = OrgUnit.objects.filter(pk=district.district.pk)
    data = {
        "body": district.district.pk,
        "title": "Phiên họp",
        "date": "2025-09-10T08:00",
        "place": "Hội trường",
        "nominations": [],
        "quorum": "2/3",
        "notice_days": 7,
    }

    below = SessionPlanForm(data, bodies=bodies, user=office)
    typed = SessionPlanForm({**data, "quorum": "1/100"}, bodies=bodies, user=office)
    enough = SessionPlanForm({**data, "quorum": "4/5"}, bodies=bodies, user=office)

    assert not below.is_valid()
    assert "2/3 thấp hơn mức tối thiểu 3/4" in str(below.errors["quorum"])
    assert not typed.is_valid() and "quorum" in typed.errors
    enough.is_valid()
    assert "quorum" not in enough.errors
    assert (enough.cleaned_data["quorum_numerator"], enough.cleaned_data["quorum_denominator"]) == (4, 5)


def test_plan_form_chooses_the_only_council(district, office):
    bodies = OrgUnit.objects.filter(pk=district.district.pk)

    html = str(SessionPlanForm(bodies=bodies, user=office)["body"])

    assert "---------" not in html
    assert f'<option value="{district.district.pk}" selected>' in html


def test_admin_refuses_a_session_quorum_below_the_floor(district, office, chair, superuser, client):
    council(district.district, chair, 3)
    session = planned(office, district.district, [screened(district.commune)])
    client.force_login(superuser)
    url = reverse("admin:council_councilsession_change", args=[session.pk])
    local = timezone.localtime(session.date)
    data = {
        "body": session.body_id,
        "title": session.title,
        "date_0": f"{local:%d/%m/%Y}",
        "date_1": f"{local:%H:%M:%S}",
        "place": session.place,
        "quorum_numerator": 1,
        "quorum_denominator": 100,
        "notice_days": 7,
        **_inline_management(client.get(url).context["inline_admin_formsets"]),
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "1/100 thấp hơn mức tối thiểu 2/3" in response.content.decode()
    session.refresh_from_db()
    assert (session.quorum_numerator, session.quorum_denominator) == (2, 3)
    data.update(quorum_numerator=3, quorum_denominator=4)
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.quorum_numerator, session.quorum_denominator) == (3, 4)


def _inline_management(formsets) -> dict:
    data = {}
    for inline in formsets:
        management = inline.formset.management_form
        for name, field in management.fields.items():
            data[f"{management.prefix}-{name}"] = management.initial.get(name, field.initial)
        for form in inline.formset.initial_forms:
            data[f"{form.prefix}-id"] = form.instance.pk
            data[f"{form.prefix}-{inline.formset.fk.name}"] = inline.formset.instance.pk
    return data


# Tally edge cases ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("agree", "expected"),
    [(8, NominationStatus.APPROVED), (7, NominationStatus.REJECTED)],
    ids=["exactly-80-percent-passes", "one-vote-under-fails"],
)
def test_close_cstdcs_counts_on_all_members(district, office, chair, agree, expected):
    members = council(district.district, chair, 10)
    nomination = screened(district.commune, "CSTDCS")
    session = opened(office, chair, district.district, [nomination], members)
    vote_all(item_of(session, nomination), members, agree)

    services.session_close(actor=chair, session=session)

    item = item_of(session, nomination)
    nomination.refresh_from_db()
    assert nomination.status == expected
    assert (item.votes_agree, item.votes_disagree, item.base_count, item.pass_mark) == (
        agree,
        10 - agree,
        10,
        Decimal("80.00"),
    )


def test_close_cstd_tinh_needs_ninety_percent(district, office, chair):
    members = council(district.district, chair, 10)
    nine, eight = screened(district.commune, "CSTD_TINH"), screened(district.commune, "CSTD_TINH")
    session = opened(office, chair, district.district, [nine, eight], members)
    vote_all(item_of(session, nine), members, 9)
    vote_all(item_of(session, eight), members, 8)

    services.session_close(actor=chair, session=session)

    nine.refresh_from_db()
    eight.refresh_from_db()
    assert (nine.status, eight.status) == (NominationStatus.APPROVED, NominationStatus.REJECTED)


def test_close_absent_members_count_against_the_pass_mark(district, office, chair):
    # 7 present, all agree: 100% of those present but 70% of all members, so it fails.
    members = council(district.district, chair, 10)
    nomination = screened(district.commune, "CSTDCS")
    session = opened(office, chair, district.district, [nomination], members, present=members[:7])
    vote_all(item_of(session, nomination), members[:7], 7)

    services.session_close(actor=chair, session=session)

    nomination.refresh_from_db()
    item = item_of(session, nomination)
    assert nomination.status == NominationStatus.REJECTED
    assert (item.votes_agree, item.votes_missing, item.base_count) == (7, 3, 10)


def test_close_written_votes_of_absent_members_count(district, office, chair):
    members = council(district.district, chair, 10)
    nomination = screened(district.commune, "CSTDCS")
    session = opened(office, chair, district.district, [nomination], members, present=members[:7])
    item = item_of(session, nomination)
    vote_all(item, members[:7], 7)
    services.ballot_enter_written(actor=office, item=item, member=members[7], choice="agree")

    services.session_close(actor=chair, session=session)

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED
    receipt = BallotReceipt.objects.get(item=item, member=members[7])
    assert (receipt.method, receipt.entered_by) == ("written", office)


def test_close_members_not_voting_count_as_not_agreeing(district, office, chair):
    members = council(district.district, chair, 5)
    nomination = screened(district.commune, "CSTDCS")
    session = opened(office, chair, district.district, [nomination], members)
    vote_all(item_of(session, nomination), members[:4], 4)  # 80%, the fifth abstains

    services.session_close(actor=chair, session=session)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED
    assert item_of(session, nomination).votes_missing == 1


@pytest.mark.parametrize(("agree", "passed"), [(3, True), (2, False)], ids=["majority", "half-is-not-majority"])
def test_close_ldtt_simple_majority_of_present(district, office, chair, agree, passed):
    members = council(district.district, chair, 6)
    nomination = screened(district.commune, "LDTT")
    session = opened(office, chair, district.district, [nomination], members, present=members[:4])
    vote_all(item_of(session, nomination), members[:4], agree)

    services.session_close(actor=chair, session=session)

    nomination.refresh_from_db()
    item = item_of(session, nomination)
    assert nomination.status == (NominationStatus.APPROVED if passed else NominationStatus.REJECTED)
    assert (item.base_count, item.pass_mark) == (4, None)


def test_close_reads_pass_mark_from_the_legal_version_in_force(district, office, chair):
    AwardRule.objects.filter(award_type__code="CSTDCS", legal_version__code="nd-152-2025").update(
        pass_mark=Decimal("70")
    )
    members = council(district.district, chair, 10)
    nomination = screened(district.commune, "CSTDCS")
    session = opened(office, chair, district.district, [nomination], members, date=AFTER)
    vote_all(item_of(session, nomination), members, 7)

    services.session_close(actor=chair, session=session)

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.APPROVED
    assert item_of(session, nomination).pass_mark == Decimal("70.00")


def test_paper_tally_is_used_and_refuses_online_votes(district, office, chair):
    members = council(district.district, chair, 10)
    nomination = screened(district.commune, "CSTDCS")
    session = opened(office, chair, district.district, [nomination], members)
    item = services.ballot_enter_paper(actor=office, item=item_of(session, nomination), agree=9, disagree=1)

    with pytest.raises(InvalidTransition, match="phiếu giấy"):
        services.ballot_cast(actor=members[1], item=item, choice="agree")
    services.session_close(actor=chair, session=session)

    item.refresh_from_db()
    assert (item.votes_agree, item.result, item.paper_entered_by) == (9, "passed", office)


def test_paper_tally_over_member_count_is_refused(district, office, chair):
    members = council(district.district, chair, 5)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)

    with pytest.raises(DomainError, match="5 thành viên"):
        services.ballot_enter_paper(actor=office, item=item_of(session, nomination), agree=5, disagree=1)


# Ballot rules ----------------------------------------------------------------------------------
def test_ballot_second_vote_is_refused_clearly(district, office, chair):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    item = item_of(session, nomination)
    services.ballot_cast(actor=members[1], item=item, choice="agree")

    with pytest.raises(InvalidTransition, match="đã bỏ phiếu"):
        services.ballot_cast(actor=members[1], item=item, choice="disagree")

    assert box_counts(item) == {"agree": 1, "disagree": 0}
    assert BallotReceipt.objects.filter(item=item).count() == 1


def test_ballot_absent_member_or_outsider_cannot_vote(district, office, chair, stranger):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members, present=members[:2])
    item = item_of(session, nomination)

    with pytest.raises(NotAllowed):
        services.ballot_cast(actor=members[2], item=item, choice="agree")
    with pytest.raises(NotAllowed):
        services.ballot_cast(actor=stranger, item=item, choice="agree")
    assert BallotBox.objects.count() == 0


def test_ballot_before_open_and_after_close_is_refused(district, office, chair):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = planned(office, district.district, [nomination])
    with pytest.raises(InvalidTransition):
        services.ballot_cast(actor=chair, item=item_of(session, nomination), choice="agree")
    session = services.session_open(actor=chair, session=session, present_user_ids=[u.pk for u in members])
    services.session_close(actor=chair, session=session)

    with pytest.raises(InvalidTransition):
        services.ballot_cast(actor=chair, item=item_of(session, nomination), choice="agree")


def test_written_vote_refused_for_majority_items(district, office, chair):
    members = council(district.district, chair, 4)
    nomination = screened(district.commune, "LDTT")
    session = opened(office, chair, district.district, [nomination], members, present=members[:3])

    with pytest.raises(DomainError, match="đa số"):
        services.ballot_enter_written(
            actor=office, item=item_of(session, nomination), member=members[3], choice="agree"
        )


def test_ballot_audit_says_who_voted_not_how(district, office, chair):
    members = council(district.district, chair, 3)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    services.ballot_cast(actor=members[1], item=item_of(session, nomination), choice="disagree")

    event = AuditEvent.objects.get(action="council.ballot_cast")
    assert event.data == {}
    assert "disagree" not in str(event.data) and "agree" not in str(event.data)


# Closing ---------------------------------------------------------------------------------------
def test_close_twice_changes_nothing(district, office, chair):
    members = council(district.district, chair, 5)
    nomination = screened(district.commune)
    session = opened(office, chair, district.district, [nomination], members)
    vote_all(item_of(session, nomination), members, 5)
    first = services.session_close(actor=chair, session=session)

    second = services.session_close(actor=chair, session=session)

    assert (second.status, second.closed_at, second.closed_by) == ("closed", first.closed_at, chair)
    assert AuditEvent.objects.filter(action="council.session_close").count() == 1
    assert AgendaItem.objects.get(session=session).votes_agree == 5


def test_close_before_open_is_refused(district, office, chair):
    council(district.district, chair, 3)
    session = planned(office, district.district, [screened(district.commune)])

    with pytest.raises(InvalidTransition):
        services.session_close(actor=chair, session=session)
