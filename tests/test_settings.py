import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from songlo.env import cache_config, database_config, email_config, env_bool

BASE_DIR = Path(__file__).resolve().parent.parent
STRONG_KEY = "x8$Kq2!vZr7@pL9#mW4^tY6&uB1*eN3(oH5)jD0-sF2+gA7=cR9"


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    ours = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    ours |= {"TRUSTED_PROXIES", "BEHIND_PROXY", "CACHE_URL", "MAX_REQUEST_BYTES"}
    clean = {k: v for k, v in os.environ.items() if k not in ours and not k.startswith("SECURE_")}
    clean.update(env)
    command = [sys.executable, "manage.py", *args] if args else [sys.executable, "-c", "import django; django.setup()"]
    return subprocess.run(command, cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe", "SECRET_KEY": STRONG_KEY}, "DEBUG='maybe'"),
        ({"DEBUG": "false"}, "SECRET_KEY is not set"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://nohost"}, "DATABASE_URL is malformed"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL must start with postgres://"),
        ({"DEBUG": "true", "DATABASE_URL": "postgres://u@h:port/db"}, "DATABASE_URL has a port that is not a number"),
        ({"DEBUG": "true", "EMAIL_URL": "carrier-pigeon://x"}, "EMAIL_URL='carrier-pigeon://x'"),
        ({"DEBUG": "true", "CACHE_URL": "memcached://h:11211"}, "CACHE_URL='memcached://h:11211'"),
        (
            {"DEBUG": "true", "DATABASE_URL": "postgres://u@h/db", "DATABASE_POOL_MAX": "lots"},
            "DATABASE_POOL_MAX='lots'",
        ),
    ],
)
def test_settings_nonsense_stops_startup_naming_the_variable(env, named):
    result = run_django(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_settings_production_values_pass_deploy_check(tmp_path):
    env = {
        "DEBUG": "false",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "thidua.songlo.gov.vn",
        "DATABASE_URL": f"sqlite:///{tmp_path}/prod.sqlite3",
        "EMAIL_URL": "smtp://songlo:secret@mail.songlo.gov.vn:587",
    }

    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("TRUE", True), ("1", True), ("false", False), ("", False)]
)
def test_env_bool_accepts_plain_words(monkeypatch, raw, expected):
    monkeypatch.setenv("SONGLO_FLAG", raw)

    assert env_bool("SONGLO_FLAG") is expected


def test_database_default_is_sqlite_wal_immediate(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    config = database_config("DATABASE_URL", tmp_path)

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_database_postgres_uses_psycopg_pool(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://songlo:pw@db.internal:6543/songlo")
    monkeypatch.delenv("DATABASE_POOL_MAX", raising=False)

    config = database_config("DATABASE_URL", tmp_path)

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.internal", 6543, "songlo", "songlo")
    assert config["OPTIONS"]["pool"]["max_size"] == 10


def _gunicorn_config(monkeypatch, **env) -> dict:
    import runpy

    from django.conf import settings

    for name in ("WEB_CONCURRENCY", "WEB_WORKERS_PER_CORE", "WEB_THREADS", "WEB_BIND", "PORT", "WEB_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))


def test_gunicorn_defaults_to_three_synchronous_workers_per_core(monkeypatch):
    config = _gunicorn_config(monkeypatch)

    assert config["workers"] == 3 * config["cores"]()
    assert (config["threads"], config["worker_class"], config["bind"], config["accesslog"]) == (
        1,
        "sync",
        "0.0.0.0:8000",
        "-",
    )


def test_gunicorn_settings_come_from_the_environment(monkeypatch):
    config = _gunicorn_config(monkeypatch, WEB_CONCURRENCY="5", WEB_THREADS="4", PORT="9000", WEB_ACCESS_LOG="")

    assert (config["workers"], config["threads"], config["worker_class"]) == (5, 4, "gthread")
    assert (config["bind"], config["accesslog"]) == ("0.0.0.0:9000", None)
    with pytest.raises(SystemExit, match="WEB_THREADS"):
        _gunicorn_config(monkeypatch, WEB_THREADS="many")


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("consolemail://", "django.core.mail.backends.console.EmailBackend"),
        ("memorymail://", "django.core.mail.backends.locmem.EmailBackend"),
        ("filemail:///var/mail/songlo", "django.core.mail.backends.filebased.EmailBackend"),
        ("smtp://u:p@mail.example.org:587", "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_email_url_schemes_choose_the_backend(monkeypatch, url, backend):
    monkeypatch.setenv("EMAIL_URL", url)

    config = email_config("EMAIL_URL", "consolemail://")

    assert config["EMAIL_BACKEND"] == backend
    if url.startswith("filemail"):
        assert config["EMAIL_FILE_PATH"] == "/var/mail/songlo"


def test_email_filemail_needs_a_folder(monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp://user:pw@mail.example.org:2525")
    assert email_config("EMAIL_URL", "consolemail://")["EMAIL_PORT"] == 2525
    monkeypatch.setenv("EMAIL_URL", "ftp://x")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_config("EMAIL_URL", "consolemail://")
    monkeypatch.setenv("EMAIL_URL", "filemail://relative/folder")
    with pytest.raises(ImproperlyConfigured, match="absolute folder"):
        email_config("EMAIL_URL", "consolemail://")


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "songlo.cache.DatabaseCache", "songlo_cache"),
        ("redis://127.0.0.1:6379/1", "django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/1"),
        (
            "rediss://cache.example:6380/2",
            "django.core.cache.backends.redis.RedisCache",
            "rediss://cache.example:6380/2",
        ),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", None),
    ],
)
def test_settings_cache_url_picks_the_shared_cache(monkeypatch, url, backend, location):
    monkeypatch.setenv("CACHE_URL", url)

    config = cache_config("CACHE_URL")

    assert (config["BACKEND"], config.get("LOCATION")) == (backend, location)
