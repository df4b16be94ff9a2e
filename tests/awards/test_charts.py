"""Point 6 of issue 14: charts on the office's home and on a unit's page, each with its numbers
in a table, drawn from a json_script by a static script (no inline code), counted in SQL with a
number of queries that does not grow with the data."""

# ruff: noqa: F811 (the campaigns fixtures cycle and frozen, imported, are arguments of the tests)

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.charts import home_charts, office_charts, unit_charts
from awards.enums import NominationStatus
from campaigns import services
from campaigns.enums import RegistrationStatus, ReviewStatus
from campaigns.models import Registration, Review
from organisation.enums import Role
from organisation.selectors import user_grants
from tests.awards.factories import NominationFactory, PersonFactory, give
from tests.campaigns.conftest import TODAY, cycle, frozen, full_content, full_scores, make_movement  # noqa: F401
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _chart(page: str, key: str) -> dict:
    match = re.search(rf'<script id="chart-{key}-data" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no data for chart {key}"
    return json.loads(match.group(1))


def _section(request_user, rf):
    """The office's charts as the statistics page counts them, or None for whoever may not see them."""
    request = rf.get("/")
    request.user = request_user
    if home_charts(request) is None:
        return None
    return {"charts": office_charts(request_user)}


@pytest.fixture
def history(district):
    """Award records of the district's units and people over the years, one elsewhere."""
    mai = PersonFactory(code="cb-a1", unit=district.commune)
    lan = PersonFactory(code="cb-a2", unit=district.village)
    give(mai, "LDTT", 2024)
    give(lan, "LDTT", 2024)
    give(mai, "CSTDCS", 2024)
    give(mai, "BK_TINH", 2023)
    give(district.commune, "TTLDTT", 2024)
    give(district.commune, "TTLDTT", 2022, revoked=True)  # revoked: not counted
    elsewhere = OrgUnitFactory(code="huyen-khac", name="Huyện Khác")
    give(PersonFactory(code="cb-x", unit=elsewhere), "LDTT", 2024)


def test_home_charts_count_awards_by_level_and_year_in_the_office_scope(history, office, rf, frozen):
    charts = {c.key: c for c in _section(office, rf)["charts"]}

    by_level = charts["awards-by-level"]
    assert by_level.labels == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert {d["label"]: d["data"] for d in by_level.datasets} == {
        "Cơ sở": [0, 0, 0, 0, 4, 0],
        "Cấp huyện": [0, 0, 0, 0, 0, 0],
        "Cấp tỉnh, bộ": [0, 0, 0, 1, 0, 0],
        "Toàn quốc, Nhà nước": [0, 0, 0, 0, 0, 0],
    }


def test_home_charts_are_the_offices_only(history, unit_head, council_member, rf, frozen):
    assert _section(unit_head, rf) is None
    assert _section(council_member, rf) is None


def test_home_chart_of_submissions_by_period(cycle, unit_head, office, rf):
    services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))

    chart = {c.key: c for c in _section(office, rf)["charts"]}["submissions"]

    assert chart.labels == ["Sơ kết 6 tháng đầu năm 2025 (06/2025)"]
    assert chart.rows == [{"label": chart.labels[0], "values": [1, 0, 1]}]
    assert [d["label"] for d in chart.datasets] == ["Đúng hạn", "Nộp muộn", "Chưa nộp"]


def test_home_chart_of_registered_against_achieved(cycle, unit_head, office, district, rf):
    registration = cycle.movement.registrations.get(unit=district.commune)
    with time_machine.travel(datetime.datetime(2025, 3, 1, 9, tzinfo=TODAY.tzinfo), tick=False):
        services.registration_submit(
            actor=unit_head,
            registration=registration,
            data={"collective_title": "TTLDTT", "ldtt_count": 20, "cstdcs_count": 3, "pledge": ""},
        )
    for i in range(12):
        give(PersonFactory(code=f"cb-{i}", unit=district.commune), "LDTT", 2025)
    give(district.commune, "TTLDTT", 2025)

    chart = {c.key: c for c in _section(office, rf)["charts"]}["registered-achieved"]

    assert chart.title == "Đăng ký và đạt được năm 2025"
    assert chart.rows == [
        {"label": "Lao động tiên tiến", "values": [20, 12]},
        {"label": "Chiến sĩ thi đua cơ sở", "values": [3, 0]},
        {"label": "Tập thể lao động tiên tiến", "values": [1, 1]},
    ]


def test_registered_against_achieved_looks_back_to_a_year_whose_awards_are_decided(office, district, rf, frozen):
    for year, ldtt in ((2024, 30), (2025, 40)):
        movement = make_movement(office, district, title=f"Phong trào năm {year}", year=year)
        Registration.objects.create(
            movement=movement, unit=district.commune, status=RegistrationStatus.REGISTERED, ldtt_count=ldtt
        )
    for i in range(7):
        give(PersonFactory(code=f"cb-{i}", unit=district.commune), "LDTT", 2024)

    chart = {c.key: c for c in _section(office, rf)["charts"]}["registered-achieved"]

    assert chart.title == "Đăng ký và đạt được năm 2024"  # 2025's awards are not decided yet
    assert chart.rows == [
        {"label": "Lao động tiên tiến", "values": [30, 7]},
        {"label": "Chiến sĩ thi đua cơ sở", "values": [0, 0]},
    ]


def test_home_chart_of_the_nomination_pipeline_of_the_latest_year(district, office, rf, frozen):
    for status, count in ((NominationStatus.DRAFT, 2), (NominationStatus.SCREENED, 3), (NominationStatus.DECIDED, 1)):
        for _ in range(count):
            NominationFactory(person=PersonFactory(unit=district.commune), year=2025, status=status)
    NominationFactory(person=PersonFactory(unit=district.commune), year=2024, status=NominationStatus.DECIDED)

    chart = {c.key: c for c in _section(office, rf)["charts"]}["pipeline"]

    assert chart.title == "Hồ sơ đề nghị khen thưởng năm 2025 theo bước xử lý"
    assert dict(zip(chart.labels, chart.datasets[0]["data"], strict=True)) == {
        "Đang soạn": 2,
        "Đã nộp": 0,
        "Trả lại": 0,
        "Hợp lệ": 3,
        "Trình Hội đồng": 0,
        "Hội đồng thông qua": 0,
        "Không được thông qua": 0,
        "Đã có quyết định": 1,
    }


def test_home_page_loads_the_charts_after_the_page_without_counting_them(history, client_for, frozen):
    client = client_for("office")
    with CaptureQueriesContext(connection) as with_section:
        page = client.get(reverse("home")).content.decode()

    assert 'data-testid="home-charts"' in page
    assert f'hx-get="{reverse("awards:statistics")}" hx-trigger="load"' in page
    assert f'<a href="{reverse("awards:statistics")}">Xem biểu đồ số liệu</a>' in page  # without JavaScript
    assert "/static/js/charts.js" in page and "/static/vendor/chartjs/chart.umd.min.js" in page
    assert not any("awards_awardrecord" in q["sql"] for q in with_section.captured_queries)


def test_statistics_page_draws_each_chart_from_json_with_its_table_and_no_inline_code(history, client_for, frozen):
    response = client_for("office").get(reverse("awards:statistics"))
    page = response.content.decode()

    assert "Số liệu tính lúc" in page
    data = _chart(page, "awards-by-level")
    assert data["type"] == "bar" and data["stacked"] is True
    assert data["labels"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert 'data-chart="chart-awards-by-level-data"' in page
    assert '<caption class="visually-hidden">Khen thưởng theo cấp qua các năm</caption>' in page
    assert '<th scope="row" class="fw-normal">2024</th><td class="text-end">4</td>' in page
    # Every <script> has a src or holds JSON: nothing for the Content-Security-Policy to block.
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("unit_head", 403), ("council_member", 403), ("chair", 403), ("office", 200), ("admin", 200)],
)
def test_statistics_page_is_the_offices(client_for, who, expected):
    assert client_for(who).get(reverse("awards:statistics")).status_code == expected


def test_statistics_page_queries_do_not_grow_with_the_records(district, client_for, frozen):
    client = client_for("office")
    url = reverse("awards:statistics")
    first = PersonFactory(code="cb-0", unit=district.commune)
    give(first, "LDTT", 2024)
    NominationFactory(person=first, year=2025, status=NominationStatus.SUBMITTED)
    client.get(url)  # the first load asks for the year's eligibility snapshot (stored once, empty)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(1, 30):
        person = PersonFactory(code=f"cb-{i}", unit=district.village if i % 2 else district.commune)
        give(person, "LDTT", 2020 + i % 6)
        NominationFactory(person=person, year=2025, status=NominationStatus.SUBMITTED)
    cache.clear()  # count again, not from the cache
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_statistics_are_counted_once_per_body_for_a_few_minutes(history, district, client_for, frozen):
    url = reverse("awards:statistics")
    client_for("office").get(url)
    with CaptureQueriesContext(connection) as again:
        page = client_for("office").get(url).content.decode()
    other_office = UserFactory(username="vanphong.khac")
    MembershipFactory(
        user=other_office, unit=OrgUnitFactory(code="huyen-khac-2", name="Huyện Khác 2"), role=Role.OFFICE
    )
    other = Client()
    other.force_login(other_office)
    with CaptureQueriesContext(connection) as elsewhere:
        other_page = other.get(url).content.decode()

    assert not any("awards_awardrecord" in q["sql"] for q in again.captured_queries)
    assert _chart(page, "awards-by-level")["datasets"][0]["data"][-2] == 4
    assert any("awards_awardrecord" in q["sql"] for q in elsewhere.captured_queries)  # another body: its own count
    assert 'data-testid="home-charts"' not in other_page and "chart-awards-by-level-data" not in other_page


def test_office_charts_run_a_bounded_number_of_queries(history, office, frozen, django_assert_max_num_queries):
    with django_assert_max_num_queries(18):
        office_charts(office)


# --- A unit's page -----------------------------------------------------------------------


def test_unit_page_charts_its_scores_and_awards_over_the_years(cycle, unit_head, office, district, rf):
    services.review_submit(actor=unit_head, review=cycle.review, content=full_content(), scores=full_scores(cycle))
    c1, c2 = cycle.criteria
    services.review_accept(
        actor=office,
        review=Review.objects.get(pk=cycle.review.pk),
        office_scores={c1.pk: Decimal(50), c2.pk: Decimal("30.5")},
    )
    give(district.commune, "TTLDTT", 2022)
    give(district.commune, "TTLDTT", 2024)
    give(PersonFactory(code="cb-a1", unit=district.commune), "LDTT", 2024)
    give(PersonFactory(code="cb-a9", unit=district.village), "LDTT", 2024)  # the village's, not the commune's
    request = rf.get("/")
    request.user = unit_head

    charts = {c.key: c for c in unit_charts(request, unit=district.commune)["charts"]}

    assert charts["unit-scores"].rows == [{"label": "Sơ kết 6 tháng đầu năm 2025 (06/2025)", "values": [90, 80.5]}]
    assert charts["unit-awards"].rows == [
        {"label": "2022", "values": [1, 0]},
        {"label": "2023", "values": [0, 0]},
        {"label": "2024", "values": [1, 1]},
    ]


def test_unit_page_shows_the_charts_and_tables_to_whoever_may_open_it(history, client_for, district, frozen):
    url = reverse("organisation:unit_detail", args=[district.commune.code])

    page = client_for("unit_head").get(url).content.decode()

    assert 'data-testid="unit-charts"' in page
    assert _chart(page, "unit-awards")["labels"] == ["2023", "2024"]
    assert client_for("stranger").get(url).status_code == 404


def test_unit_page_without_history_has_no_chart(client_for, district):
    page = (
        client_for("unit_head").get(reverse("organisation:unit_detail", args=[district.commune.code])).content.decode()
    )

    assert 'data-testid="unit-charts"' not in page


def test_unit_page_queries_do_not_grow_with_the_records(district, client_for):
    client = client_for("unit_head")
    url = reverse("organisation:unit_detail", args=[district.commune.code])
    give(district.commune, "TTLDTT", 2020)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for year in range(2021, 2026):
        give(district.commune, "TTLDTT", year)
        give(PersonFactory(code=f"cb-{year}", unit=district.commune), "LDTT", year)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)
    assert ReviewStatus.ACCEPTED  # the scores chart reads accepted and submitted reviews only


def test_home_section_of_the_charts_runs_no_query_of_its_own(office, rf, django_assert_num_queries):
    request = rf.get("/")
    request.user = office
    user_grants(office)  # read once per request by the page already

    with django_assert_num_queries(0):
        data = home_charts(request)

    assert data == {"url": reverse("awards:statistics")}
