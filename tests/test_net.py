"""The client address behind trusted proxies (songlo/net.py)."""

import pytest
from django.test import RequestFactory, override_settings

from songlo.net import client_ip
from tests.test_settings import STRONG_KEY, run_django


def request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(TRUSTED_PROXIES=0)
def test_without_trusted_proxies_the_forwarded_header_is_ignored():
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize(
    ("trusted", "forwarded", "expected"),
    [
        # One proxy: the client is the last entry the proxy appended; a forged first entry is ignored.
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (1, "198.51.100.7", "198.51.100.7"),
        # Two proxies: the entry before the inner proxy's.
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        # Garbage where the client should be: the proxy's own address, never the garbage.
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_trusted_proxies_pick_the_client_from_the_right(trusted, forwarded, expected):
    with override_settings(TRUSTED_PROXIES=trusted):
        assert client_ip(request("10.0.0.1", forwarded)) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "None"),
        ({"TRUSTED_PROXIES": "1"}, "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({"BEHIND_PROXY": "true"}, "('HTTP_X_FORWARDED_PROTO', 'https')"),
    ],
)
def test_forwarded_proto_is_believed_only_behind_a_configured_proxy(env, expected):
    """Production settings (DEBUG off) no longer trust X-Forwarded-Proto unless told to."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = run_django({"DEBUG": "false", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "x", **env}, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
