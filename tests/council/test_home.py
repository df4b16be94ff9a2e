"""The council's section of the home page (contributed through songlo.home): what a member,
the chair and the office see, and a query count that does not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from awards.enums import NominationStatus
from council import services as council_services
from council.models import AgendaItem, Objection
from songlo.sections import HOME_SECTIONS
from tests.council.helpers import council, opened, planned, screened

pytestmark = pytest.mark.django_db


def home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_council_section_is_registered():
    assert "council" in HOME_SECTIONS


def test_home_member_sees_next_session_dossiers_and_ballots_to_cast(district, office, chair):
    members = council(district.district, chair, 3)
    nominations = [screened(district.commune, "LDTT"), screened(district.commune, "LDTT")]
    session = opened(office, chair, district.district, nominations, members)
    first = AgendaItem.objects.filter(session=session).order_by("order").first()
    council_services.ballot_cast(actor=members[1], item=first, choice="agree")

    page = home(members[1])

    assert 'data-testid="home-council"' in page
    assert session.title in page
    assert "2 hồ sơ cần đọc" in page
    assert "1 nội dung bạn chưa bỏ phiếu" in page
    assert 'href="/council/"' in page


def test_home_member_of_planned_session_reads_dossiers_first(district, office, chair):
    members = council(district.district, chair, 3)
    planned(office, district.district, [screened(district.commune, "LDTT")])

    page = home(members[1])

    assert "1 hồ sơ cần đọc" in page
    assert "Phiên họp chưa khai mạc: đọc trước hồ sơ." in page
    assert "chưa bỏ phiếu" not in page


def test_home_member_without_session_sees_the_empty_state(council_member):
    page = home(council_member)

    assert "Chưa có phiên họp nào sắp tới" in page


def test_home_chair_sees_sessions_to_open_and_to_close(district, office, chair):
    members = council(district.district, chair, 3)
    to_close = opened(office, chair, district.district, [screened(district.commune, "LDTT")], members)
    to_open = planned(office, district.district, [screened(district.commune, "LDTT")])

    page = home(chair)

    assert 'data-testid="home-council-chair"' in page
    assert f"Kết thúc và kiểm phiếu: {to_close.title}" in page
    assert f"Khai mạc: {to_open.title}" in page
    assert to_open.get_absolute_url() in page and to_close.get_absolute_url() in page


def test_home_office_sees_screened_nominations_and_open_objections(district, office):
    screened(district.commune, "LDTT")
    approved = screened(district.other_commune, "LDTT")
    approved.status = NominationStatus.APPROVED
    approved.save()
    Objection.objects.create(nomination=approved, name="Nguyễn Văn Dân", contact="0912345678", text="Chưa đúng.")

    page = home(office)

    assert "1 hồ sơ hợp lệ chờ đưa ra Hội đồng" in page
    assert "1 phản ánh của người dân chưa giải quyết" in page
    assert 'href="/council/sessions/new/"' in page and 'href="/council/objections/"' in page


def test_home_office_with_nothing_for_the_council_has_no_council_section(district, office):
    assert 'data-testid="home-council"' not in home(office)


def test_home_unit_head_has_no_council_section(unit_head):
    assert 'data-testid="home-council"' not in home(unit_head)


def count_queries(user) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_home_council_query_count_is_constant_in_rows(district, office, chair):
    members = council(district.district, chair, 3)
    opened(office, chair, district.district, [screened(district.commune, "LDTT")], members)
    planned(office, district.district, [screened(district.commune, "LDTT")])
    screened(district.commune, "LDTT")
    few = {user.username: count_queries(user) for user in (members[1], chair, office)}

    opened(office, chair, district.district, [screened(district.commune, "LDTT") for _ in range(4)], members)
    for _ in range(3):
        planned(office, district.district, [screened(district.commune, "LDTT") for _ in range(3)])
    for _ in range(5):
        screened(district.other_commune, "LDTT")
    many = {user.username: count_queries(user) for user in (members[1], chair, office)}

    assert many == few
