import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_then_home_in_vietnamese(client, unit_head):
    response = client.post(reverse("login"), {"username": "truong.xa-a", "password": "songlo2025"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("home")
    content = response.content.decode()
    assert "Việc cần làm của đơn vị" in content
    assert '<html lang="vi">' in content


def test_login_wrong_password_says_so_in_vietnamese(client, unit_head):
    response = client.post(reverse("login"), {"username": "truong.xa-a", "password": "sai"})

    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only_and_ends_session(client, unit_head):
    client.force_login(unit_head)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change(client, unit_head):
    client.force_login(unit_head)

    response = client.post(
        reverse("password_change"),
        {"old_password": "songlo2025", "new_password1": "Thi-dua-2026!", "new_password2": "Thi-dua-2026!"},
    )

    assert response.status_code == 302
    unit_head.refresh_from_db()
    assert unit_head.check_password("Thi-dua-2026!")


def test_language_switch_to_english(client, office):
    client.force_login(office)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))

    assert '<html lang="en">' in response.content.decode()
    assert "Emulation office" in response.content.decode()


def test_vietnamese_is_the_default_even_for_an_english_browser(client, office):
    client.force_login(office)

    response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})

    assert '<html lang="vi">' in response.content.decode()
