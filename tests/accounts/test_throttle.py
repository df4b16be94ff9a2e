"""Login throttling (django-axes): per account and client address, behind trusted proxies only."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent
from tests.test_settings import STRONG_KEY, run_django

pytestmark = pytest.mark.django_db

PASSWORD = "songlo2025"
ATTACKER = "203.0.113.5"
ELSEWHERE = "198.51.100.7"
PROXY = "10.0.0.1"


def login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, **meta):
    return [login(client, username, "sai-mat-khau", **meta) for _ in range(times)]


def test_nine_wrong_passwords_do_not_lock(client, unit_head, settings):
    assert settings.AXES_FAILURE_LIMIT == 10

    responses = fail(client, unit_head.username, 9, REMOTE_ADDR=ATTACKER)

    assert {r.status_code for r in responses} == {200}
    response = login(client, unit_head.username, PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_tenth_wrong_password_locks_then_even_the_right_one_is_refused(client, unit_head):
    responses = fail(client, unit_head.username, 10, REMOTE_ADDR=ATTACKER)

    assert [r.status_code for r in responses] == [200] * 9 + [429]
    response = login(client, unit_head.username, PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "Hãy thử lại sau" in page
    assert "Mở khóa đăng nhập" in page  # whom to ask and how
    assert 'data-testid="lockout"' in page and "<html" in page  # the site's page, not a bare text


def test_a_lockout_is_per_account_and_address(client, unit_head, office):
    fail(client, unit_head.username, 10, REMOTE_ADDR=ATTACKER)

    same_account_elsewhere = Client()
    assert login(same_account_elsewhere, unit_head.username, PASSWORD, REMOTE_ADDR=ELSEWHERE).status_code == 302
    assert logged_in(same_account_elsewhere)
    other_account_same_address = Client()
    assert login(other_account_same_address, office.username, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302
    assert logged_in(other_account_same_address)


def test_a_success_before_the_limit_starts_the_count_again(client, unit_head):
    fail(client, unit_head.username, 9, REMOTE_ADDR=ATTACKER)
    login(client, unit_head.username, PASSWORD, REMOTE_ADDR=ATTACKER)
    client.post(reverse("logout"))

    responses = fail(client, unit_head.username, 9, REMOTE_ADDR=ATTACKER)

    assert {r.status_code for r in responses} == {200}


def test_behind_a_trusted_proxy_the_forwarded_client_is_the_key(client, unit_head, settings):
    settings.TRUSTED_PROXIES = 1
    fail(client, unit_head.username, 10, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)

    assert (
        login(client, unit_head.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    )
    other_client = Client()
    response = login(other_client, unit_head.username, PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert response.status_code == 302
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_without_trusted_proxies_a_forged_forwarded_header_changes_nothing(client, unit_head, settings):
    assert settings.TRUSTED_PROXIES == 0
    for n in range(10):
        login(client, unit_head.username, "sai", REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    response = login(client, unit_head.username, PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=ELSEWHERE)

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]


def test_the_admin_login_is_throttled_too(client, superuser):
    for _ in range(10):
        client.post(reverse("admin:login"), {"username": superuser.username, "password": "sai"}, REMOTE_ADDR=ATTACKER)

    response = client.post(
        reverse("admin:login"), {"username": superuser.username, "password": PASSWORD}, REMOTE_ADDR=ATTACKER
    )

    assert response.status_code == 429
    assert not logged_in(client)


def test_an_admin_unlocks_with_the_user_action(client, admin_client, unit_head):
    fail(client, unit_head.username, 10, REMOTE_ADDR=ATTACKER)
    assert login(client, unit_head.username, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429

    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [unit_head.pk]},
        follow=True,
    )

    assert "Đã mở khóa đăng nhập cho 1 tài khoản." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert login(client, unit_head.username, PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302
    assert logged_in(client)
    event = AuditEvent.objects.get(action="account.unlock")
    assert event.target == unit_head
    assert event.actor == get_user_model().objects.get(username="admin")


def test_axes_own_admin_lists_the_lockout(client, admin_client, unit_head):
    fail(client, unit_head.username, 10, REMOTE_ADDR=ATTACKER)

    response = admin_client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert ATTACKER in response.content.decode()


def test_a_login_from_code_is_not_throttled(unit_head):
    """The test client's login() passes no request: Axes lets it through to the password check."""
    client = Client()
    assert client.login(username=unit_head.username, password=PASSWORD)
    assert not client.login(username=unit_head.username, password="sai")


def test_the_limit_and_the_wait_come_from_the_environment():
    env = {"DEBUG": "false", "SECRET_KEY": STRONG_KEY, "LOGIN_FAILURE_LIMIT": "5", "LOGIN_LOCKOUT_MINUTES": "30"}
    code = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_CLIENT_IP_CALLABLE)"
    )
    result = run_django(env, "shell", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["5", "0:30:00", "songlo.net.axes_client_ip"]

    refused = run_django({**env, "LOGIN_FAILURE_LIMIT": "0"})
    assert refused.returncode != 0
    assert "LOGIN_FAILURE_LIMIT" in refused.stderr
