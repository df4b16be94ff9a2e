"""Accounts an admin created or imported: their person chooses their own password at first login."""

import pytest
import tablib
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.admin import UserResource
from accounts.models import AuditEvent

pytestmark = pytest.mark.django_db

TEMPORARY = "Tam-thoi-2026!"
OWN = "Rieng-cua-toi-77"


def test_an_account_an_admin_adds_must_choose_its_password(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "canbo.moi",
            "full_name": "Cán Bộ Mới",
            "email": "moi@example.org",
            "password1": TEMPORARY,
            "password2": TEMPORARY,
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    user = get_user_model().objects.get(username="canbo.moi")
    assert user.must_change_password

    client = Client()
    client.post(reverse("login"), {"username": "canbo.moi", "password": TEMPORARY})
    for name in ("home", "profile", "two_factor"):
        assert client.get(reverse(name))["Location"].startswith(reverse("password_change")), name
    page = client.get(reverse("password_change")).content.decode()
    assert 'data-testid="password-forced"' in page

    same = client.post(
        reverse("password_change"),
        {"old_password": TEMPORARY, "new_password1": TEMPORARY, "new_password2": TEMPORARY},
    )
    assert "Mật khẩu mới phải khác mật khẩu cũ." in same.content.decode()

    done = client.post(
        reverse("password_change"), {"old_password": TEMPORARY, "new_password1": OWN, "new_password2": OWN}
    )
    assert done["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(OWN)
    assert AuditEvent.objects.filter(action="account.password_changed", object_id=str(user.pk)).exists()


def test_an_admin_setting_someone_s_password_makes_them_choose_again(admin_client, unit_head):
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[unit_head.pk]),
        {"password1": TEMPORARY, "password2": TEMPORARY, "usable_password": "true"},
    )

    assert response.status_code == 302
    unit_head.refresh_from_db()
    assert unit_head.must_change_password
    client = Client()
    client.post(reverse("login"), {"username": unit_head.username, "password": TEMPORARY})
    assert client.get(reverse("home"))["Location"].startswith(reverse("password_change"))


def test_imported_accounts_must_choose_their_password():
    dataset = tablib.Dataset(headers=["username", "full_name", "email", "phone", "is_active"])
    dataset.append(["nhap.moi", "Người Nhập", "nhap@example.org", "", "1"])

    result = UserResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    user = get_user_model().objects.get(username="nhap.moi")
    assert user.must_change_password
    assert not user.has_usable_password()


def test_createsuperuser_is_not_forced(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", OWN)
    call_command("createsuperuser", interactive=False, username="quantri", email="qt@example.org", verbosity=0)

    assert not get_user_model().objects.get(username="quantri").must_change_password


def test_an_account_that_is_not_flagged_is_not_asked(client, unit_head):
    client.post(reverse("login"), {"username": unit_head.username, "password": "songlo2025"})

    assert client.get(reverse("home")).status_code == 200
