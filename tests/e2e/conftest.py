"""End-to-end tests: Playwright drives Debian's headless Chromium against a live test server.

No browser is downloaded: `.ci/run` installs the `chromium` package with apt.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.catalogue import restore_catalogue

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by
# fixtures in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The hasher the tests use (tests/conftest.py): demo accounts must log in under it.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, demo_data):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860}, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert violations == [], "the page broke its Content-Security-Policy"


@pytest.fixture(scope="package")
def live_server(django_db_setup, django_db_blocker):
    """One live server over one database seeded with the demo, committed, for every browser test.

    The browser tests share it: each works on demo records no other one changes (its own nomination,
    review or council session), so they pass alone and in any order. The database is flushed after
    the last of them, then holds the catalogue again, as migrations left it. This replaces
    pytest-django's `live_server`, with which every test is transactional: the database flushed,
    so reseeded, after each."""
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        restore_catalogue()
        with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
            call_command("seed_demo", i_know_this_is_a_demo=True, verbosity=0)
    server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    yield server
    server.stop()
    with django_db_blocker.unblock():
        call_command("flush", verbosity=0, interactive=False)
        # Leave the database as migrations made it, for the tests that run after.
        restore_catalogue()


@pytest.fixture(autouse=True)
def _live_server_helper():
    """Replaces pytest-django's helper of that name, which makes a test that uses `live_server`
    transactional: here the tests share the demo database instead (`demo_data`)."""
    yield


@pytest.fixture
def demo_data(live_server, django_db_blocker):
    """Database access for the test and the live server, over the shared demo database."""
    live_server._live_server_modified_settings.enable()
    with django_db_blocker.unblock():
        yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture
def login(page):
    """Log in through the real form, as a person would."""

    def do(username: str, password: str = "songlo2025"):
        page.goto("/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        return page

    return do


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
