import pytest
from django.urls import reverse

from tests.factories import OrgUnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", 302),
        ("unit_head", 200),
        ("stranger", 404),
        ("office", 200),
        ("council_member", 200),
        ("chair", 200),
        ("admin", 200),
    ],
)
def test_unit_detail_permission_matrix(client_for, actor, expected):
    response = client_for(actor).get(reverse("organisation:unit_detail", args=["xa-a"]))

    assert response.status_code == expected


def test_unit_list_is_scoped_to_the_head(client_for):
    response = client_for("unit_head").get(reverse("organisation:unit_list"))

    codes = [unit.code for unit in response.context["page"].object_list]
    assert codes == ["xa-a", "thon-a1"]


def test_unit_list_queries_do_not_grow(client_for, district, django_assert_num_queries):
    client = client_for("office")
    client.get(reverse("organisation:unit_list"))  # warm up the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("organisation:unit_list"))
    for i in range(20):
        OrgUnitFactory(code=f"xa-them-{i}", parent=district.district)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("organisation:unit_list"))


@pytest.mark.parametrize(
    ("actor", "section"),
    [
        ("unit_head", "Việc cần làm của đơn vị"),
        ("office", "Thường trực thi đua"),
        ("council_member", "Hội đồng Thi đua - Khen thưởng"),
    ],
)
def test_home_shows_the_role_section(client_for, actor, section):
    response = client_for(actor).get(reverse("home"))

    assert section in response.content.decode()


def test_home_without_role_explains(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="moi"))
    response = client.get(reverse("home"))

    assert "Tài khoản chưa được giao vai trò" in response.content.decode()


def test_404_page_is_friendly(client_for):
    response = client_for("unit_head").get("/khong-co/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
