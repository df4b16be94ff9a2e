"""Issue 16, point 6: the session plan and the public notice do not grow with the body.

The plan form searches the screened dossiers (or takes every screened dossier of chosen awards)
instead of listing thousands of checkboxes; the public notice is filtered in SQL, paged and
searchable, with a number of queries that does not depend on how many are on notice.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.enums import NominationStatus
from awards.models import Nomination
from council.enums import SessionStatus
from council.models import CouncilSession
from songlo.choosers import MAX_OPTIONS
from tests.council.helpers import council, planned, screened
from tests.test_choosers import options_in

pytestmark = pytest.mark.django_db


def _plan_data(**extra):
    return {
        "body": "",
        "title": "Phiên họp cuối năm",
        "date": "10/03/2025 08:00",
        "place": "Hội trường",
        "quorum": "2/3",
        "notice_days": "7",
        **extra,
    }


@pytest.fixture
def waiting(district, chair):
    council(district.district, chair, 3)
    return [screened(district.commune, "LDTT") for _ in range(MAX_OPTIONS + 5)] + [screened(district.commune, "CSTDCS")]


def test_plan_page_lists_no_dossier_but_counts_them_by_award(client_for, waiting, django_assert_max_num_queries):
    client = client_for("office")
    client.get(reverse("council:session_plan"))

    with django_assert_max_num_queries(12):
        html = client.get(reverse("council:session_plan")).content.decode()

    assert options_in(html) < MAX_OPTIONS
    assert "Lao động tiên tiến (105 hồ sơ)" in html and "(1 hồ sơ)" in html
    assert 'hx-get="/choose/session-nominations/"' in html


def test_plan_takes_every_screened_dossier_of_an_award_and_the_searched_ones(client_for, district, waiting):
    cstdcs = Nomination.objects.get(award_type__code="CSTDCS")
    ldtt = Nomination.objects.filter(award_type__code="LDTT")

    response = client_for("office").post(
        reverse("council:session_plan"),
        _plan_data(body=district.district.pk, awards=[ldtt[0].award_type_id], nominations=[cstdcs.pk]),
    )

    assert response.status_code == 302
    session = CouncilSession.objects.get()
    assert session.items.count() == len(waiting)
    assert not Nomination.objects.filter(status=NominationStatus.SCREENED).exists()


def test_plan_refuses_a_forged_dossier_and_saves_nothing(client_for, district, waiting):
    draft = Nomination.objects.filter(award_type__code="CSTDCS").get()
    Nomination.objects.filter(pk=draft.pk).update(status=NominationStatus.DRAFT)

    response = client_for("office").post(
        reverse("council:session_plan"), _plan_data(body=district.district.pk, nominations=[draft.pk])
    )

    assert response.status_code == 200
    assert "không có trong danh sách bạn được chọn" in response.content.decode()
    assert not CouncilSession.objects.exists()


def test_plan_without_any_dossier_says_so(client_for, district, waiting):
    response = client_for("office").post(reverse("council:session_plan"), _plan_data(body=district.district.pk))

    assert "Chọn ít nhất một hồ sơ đã thẩm định" in response.content.decode()
    assert not CouncilSession.objects.exists()


def test_search_of_dossiers_is_the_office_s_only(client_for, waiting):
    url = reverse("choose", args=["session-nominations"])

    office = client_for("office").get(url, {"q": "lao dong"}).content.decode()
    head = client_for("unit_head").get(url, {"q": "lao dong"}).content.decode()

    assert office.count('role="option"') == 20 and "gõ thêm để thu hẹp" in office
    assert 'role="option"' not in head


# The public notice ---------------------------------------------------------------------------
def _on_notice(office, district, count: int, title: str):
    nominations = [screened(district.commune, "LDTT") for _ in range(count)]
    session = planned(office, district.district, nominations)
    CouncilSession.objects.filter(pk=session.pk).update(title=title)
    CouncilSession.objects.filter(pk=session.pk).update(
        status=SessionStatus.CLOSED, closed_at=timezone.now(), notice_days=7
    )
    Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(status=NominationStatus.APPROVED)
    return nominations


def _queries(url, **params) -> tuple[int, str]:
    client = Client()
    client.get(url, params)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url, params).content.decode()
    return len(captured), html


def test_public_notice_is_paged_searchable_and_its_queries_do_not_grow(district, office, chair):
    council(district.district, chair, 3)
    url = reverse("public:notice")
    first = _on_notice(office, district, 2, "Phiên một")
    few, _html = _queries(url)
    _on_notice(office, district, 60, "Phiên hai")

    many, html = _queries(url)
    searched_count, searched = _queries(url, q=first[0].person.full_name.upper())

    assert many == few
    assert "trên tổng số 62" in html and html.count("Gửi phản ánh<span") == 50
    assert searched.count("Gửi phản ánh<span") == 1 and first[0].person.full_name in searched
    assert searched_count == few


def test_public_notice_leaves_out_a_notice_that_has_ended(district, office, chair):
    council(district.district, chair, 3)
    ended = _on_notice(office, district, 1, "Phiên cũ")
    CouncilSession.objects.filter(items__nomination=ended[0]).update(
        closed_at=timezone.now() - datetime.timedelta(days=7, minutes=1)
    )
    current = _on_notice(office, district, 1, "Phiên mới")

    html = Client().get(reverse("public:notice")).content.decode()

    assert current[0].person.full_name in html and ended[0].person.full_name not in html
