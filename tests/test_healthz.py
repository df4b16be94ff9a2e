import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

# Runs the real view in a fresh process whose configuration points at services that do not answer.
PROBE = """
import django, json
django.setup()
from django.test import Client
response = Client().get('/healthz')
print(response.status_code, response.content.decode())
"""


@pytest.mark.django_db
def test_healthz_ok_when_database_answers(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize(
    ("env", "failing"),
    [
        ({"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "DATABASE_POOL_TIMEOUT": "2"}, "database"),
        ({"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}, "broker"),
    ],
)
def test_healthz_503_names_the_failing_part(env, failing):
    full_env = {**os.environ, "DEBUG": "true", "ALLOWED_HOSTS": "testserver", **env}

    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=full_env, capture_output=True, text=True, timeout=120
    )

    status, _, body = result.stdout.strip().partition(" ")
    assert status == "503", result.stderr
    payload = json.loads(body)
    assert payload["status"] == "fail"
    assert payload[failing].startswith("error: ")


@pytest.mark.django_db
def test_pages_send_a_content_security_policy_without_inline_code(client):
    response = client.get("/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_have_a_favicon(client):
    from django.contrib.staticfiles import finders

    login_page = client.get("/login/").content.decode()
    redirect = client.get("/favicon.ico")

    assert 'rel="icon" href="/static/img/favicon.svg"' in login_page
    assert redirect.status_code == 301 and redirect["Location"] == "/static/img/favicon.svg"
    assert finders.find("img/favicon.svg")
