"""`make run` as a newcomer runs it: the web server and a real Celery worker with beat on the
embedded broker (scripts/dev.sh). A deadline reminder reaches a unit head's bell, and its email
the mail folder, without anyone running a command by hand."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# A head whose review the demo makes due in three days (demo/campaigns.py): the 3-day reminder.
HEAD = "truong.tan-lap"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unread_reminders(database: Path, username: str) -> int:
    # Deadline reminders only: the seeded history's events (key set) are in the bell from the start.
    with sqlite3.connect(database) as db:
        (count,) = db.execute(
            "SELECT COUNT(*) FROM campaigns_notification n JOIN accounts_user u ON u.id = n.user_id "
            "WHERE u.username = ? AND n.read_at IS NULL AND n.key = ''",
            (username,),
        ).fetchone()
    return count


@pytest.fixture
def stack(tmp_path):
    """A seeded SQLite demo in tmp_path, served by scripts/dev.sh on a free port."""
    port = _free_port()
    database = tmp_path / "demo.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"}},
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PORT": str(port),
        "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
        "EMAIL_URL": f"filemail://{tmp_path / 'mail'}",
        "REMINDER_SCAN_SECONDS": "5",
        "RUNSERVER_ARGS": "--noreload",
    }
    (tmp_path / "mail").mkdir()
    for command in (["migrate", "--no-input", "-v", "0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = open(tmp_path / "dev.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        ["bash", "scripts/dev.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310 - our own local server
            break
        except OSError:
            time.sleep(0.5)
    yield {"url": url, "database": database, "mail": tmp_path / "mail", "log": tmp_path / "dev.log"}
    os.killpg(process.pid, 15)
    process.wait(timeout=30)
    log.close()


def test_a_deadline_reminder_reaches_the_bell_in_the_demo_stack(browser, stack):
    assert _unread_reminders(stack["database"], HEAD) == 0  # nothing before the worker's first scan
    context = browser.new_context(base_url=stack["url"], locale="vi-VN")
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Tên đăng nhập").fill(HEAD)
    page.get_by_label("Mật khẩu").fill("songlo2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/")

    bell = page.get_by_test_id("unread-count")
    for _ in range(60):
        if _unread_reminders(stack["database"], HEAD):
            break
        time.sleep(1)
    page.reload()

    assert bell.count() and _unread_reminders(stack["database"], HEAD), stack["log"].read_text()[-3000:]
    page.get_by_test_id("notification-bell").click()
    with sqlite3.connect(stack["database"]) as db:
        email, text = db.execute(
            "SELECT u.email, n.text FROM campaigns_notification n JOIN accounts_user u ON u.id = n.user_id "
            "WHERE u.username = ? AND n.key = ''",
            (HEAD,),
        ).fetchone()
        (message_id,) = db.execute(
            "SELECT r.message_id FROM campaigns_reminderoutbox r JOIN accounts_user u ON u.id = r.recipient_id "
            "WHERE u.username = ? AND r.notification_id IS NULL AND r.status = 'sent'",
            (HEAD,),
        ).fetchone()
    mails = "".join(path.read_text() for path in stack["mail"].iterdir())
    assert text in page.get_by_role("main").inner_text()
    # The reminder's own email (the seeded history's events were emailed too, in other messages).
    assert email and message_id and f"To: {email}" in mails and message_id in mails
    context.close()
