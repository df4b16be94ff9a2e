"""TOTP two-step verification: a policy an admin sets, setup with a QR code, a code after the password."""

import base64
import datetime
import hashlib
import hmac
import re
import struct
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent, TwoFactorPolicy

pytestmark = pytest.mark.django_db

PASSWORD = "songlo2025"
T0 = datetime.datetime(2026, 3, 2, 8, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    """The tests run at T0, the clock still; `clock.shift(seconds)` moves it on."""
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def totp(secret: str) -> str:
    """RFC 6238 (SHA-1, 30 s, 6 digits) at the current time, written here from the RFC: not the code under test."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time()) // 30
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"


def require(*groups):
    TwoFactorPolicy.objects.update_or_create(pk=1, defaults={"required_groups": list(groups)})


def form_login(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def secret_on(page: str) -> str:
    return re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page).group(1)


def set_up(client) -> str:
    """Open the setup page, read the key shown, confirm with a code from it; the key."""
    page = client.get(reverse("two_factor_setup")).content.decode()
    secret = secret_on(page)
    response = client.post(reverse("two_factor_setup"), {"code": totp(secret)})
    assert response.status_code == 302, response.content.decode()[:800]
    return secret


def test_a_required_office_user_is_sent_to_setup_before_any_page(client, office):
    require("office")
    form_login(client, office)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    for name in ("profile", "organisation:unit_list"):
        assert client.get(reverse(name))["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="two-factor-required"' in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "style=" not in svg and "<script" not in page.split("</main>")[0]  # inline SVG, CSP-clean
    assert not TOTPDevice.objects.get(user=office).confirmed


def test_setup_then_every_login_asks_for_a_code(client, office, clock):
    require("office")
    form_login(client, office)

    secret = set_up(client)

    assert TOTPDevice.objects.get(user=office).confirmed
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="account.two_factor_on", object_id=str(office.pk)).exists()

    client.post(reverse("logout"))
    clock.shift(300)
    form_login(client, office)
    gated = client.get(reverse("home"))
    assert gated["Location"] == f"{reverse('two_factor_verify')}?next=%2F"
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000", "next": "/"})
    assert "Mã không đúng" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302

    clock.shift(30)  # django-otp pauses after a wrong code
    code = totp(secret)
    response = client.post(reverse("two_factor_verify"), {"code": code, "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200
    # The same code cannot be used twice.
    client.post(reverse("logout"))
    form_login(client, office)
    again = client.post(reverse("two_factor_verify"), {"code": code, "next": "/"})
    assert again.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_a_wrong_first_code_leaves_the_device_unconfirmed(client, office):
    require("office")
    form_login(client, office)
    client.get(reverse("two_factor_setup"))

    response = client.post(reverse("two_factor_setup"), {"code": "12345x"})

    assert response.status_code == 200
    assert "sáu chữ số" in response.content.decode()
    assert not TOTPDevice.objects.get(user=office).confirmed
    assert client.get(reverse("home")).status_code == 302


def test_council_members_when_the_council_is_required_and_others_not(client, council_member, unit_head):
    require("council")
    form_login(client, council_member)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))

    other = Client()
    form_login(other, unit_head)
    assert other.get(reverse("home")).status_code == 200


def test_the_admin_site_when_admin_users_are_required(client, superuser):
    require("admin")
    response = client.post(reverse("admin:login"), {"username": superuser.username, "password": PASSWORD})
    assert response.status_code == 302

    response = client.get(reverse("admin:index"))

    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_anyone_may_opt_in_from_the_profile_and_turn_it_off(client, unit_head, clock):
    form_login(client, unit_head)
    assert reverse("two_factor") in client.get(reverse("profile")).content.decode()
    assert 'data-testid="two-factor-off"' in client.get(reverse("two_factor")).content.decode()

    secret = set_up(client)

    assert 'data-testid="two-factor-on"' in client.get(reverse("two_factor")).content.decode()
    clock.shift(120)
    client.post(reverse("logout"))
    form_login(client, unit_head)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    client.post(reverse("two_factor_verify"), {"code": totp(secret)})
    assert client.get(reverse("home")).status_code == 200

    bad = client.post(reverse("two_factor_disable"), {"code": "000000"}, follow=True)
    assert "vẫn bật" in bad.content.decode()
    clock.shift(60)
    client.post(reverse("two_factor_disable"), {"code": totp(secret)})
    assert not TOTPDevice.objects.filter(user=unit_head).exists()
    client.post(reverse("logout"))
    form_login(client, unit_head)
    assert client.get(reverse("home")).status_code == 200


def test_a_required_user_cannot_turn_it_off(client, office, clock):
    require("office")
    form_login(client, office)
    secret = set_up(client)

    clock.shift(60)
    response = client.post(reverse("two_factor_disable"), {"code": totp(secret)}, follow=True)

    assert "không thể tắt" in response.content.decode()
    assert TOTPDevice.objects.filter(user=office, confirmed=True).exists()


def test_the_policy_is_edited_in_the_admin(admin_client, office, client):
    add = admin_client.get(reverse("admin:accounts_twofactorpolicy_add")).content.decode()
    for label in ("Người dùng trang quản trị", "Thường trực thi đua", "Thành viên Hội đồng thi đua, khen thưởng"):
        assert label in add

    response = admin_client.post(reverse("admin:accounts_twofactorpolicy_add"), {"required_groups": ["office"]})

    assert response.status_code == 302
    assert TwoFactorPolicy.load().required_groups == ["office"]
    assert admin_client.get(reverse("admin:accounts_twofactorpolicy_add")).status_code == 403  # one policy
    form_login(client, office)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_an_admin_removes_a_lost_device(admin_client, unit_head, client):
    form_login(client, unit_head)
    set_up(client)

    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "remove_two_factor", "_selected_action": [unit_head.pk]},
    )

    assert not TOTPDevice.objects.filter(user=unit_head).exists()
    client.post(reverse("logout"))
    form_login(client, unit_head)
    assert client.get(reverse("home")).status_code == 200
