import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
