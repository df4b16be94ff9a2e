"""Typed readers for the environment variables that configure Songlo.

Each helper fails loudly with ``ImproperlyConfigured`` naming the variable, so a
typo in production stops start-up instead of silently running with a default.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_config(name: str, base_dir: Path) -> dict[str, Any]:
    """Return Django's DATABASES['default'] from DATABASE_URL.

    Unset: a SQLite file in WAL mode with IMMEDIATE transactions, so that
    concurrent writers queue on the lock instead of failing half-way.
    Set: PostgreSQL through psycopg 3 with its connection pool.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return _sqlite(str(base_dir / "db.sqlite3"))
    parts = urlsplit(raw)
    if parts.scheme == "sqlite":
        try:
            config = dj_database_url.parse(raw)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} is malformed: {exc}") from None
        return _sqlite(config["NAME"])
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must start with postgres:// or sqlite:// (got {parts.scheme or 'nothing'!r})."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number.") from None
    if not parts.hostname or not parts.path.strip("/"):
        raise ImproperlyConfigured(f"{name} is malformed: expected postgres://user:password@host:port/database.")
    config = dj_database_url.parse(raw)
    config["ENGINE"] = "django.db.backends.postgresql"
    config["PORT"] = port or 5432
    config["CONN_MAX_AGE"] = 0  # the pool keeps connections, not Django
    config["CONN_HEALTH_CHECKS"] = False
    config["OPTIONS"] = {
        "pool": {
            "min_size": env_int("DATABASE_POOL_MIN", 1),
            # A cap per process, not a count: a thread holds one connection at a time, so a
            # synchronous gunicorn worker or a Celery process uses one (README, "Running at
            # scale"); the cap leaves room for code that runs threads (reminders, tests).
            "max_size": env_int("DATABASE_POOL_MAX", 10),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
        }
    }
    return dict(config)


def _sqlite(path: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
            ),
        },
    }


# EMAIL_URL schemes (as django-environ names them) and Django's backend for each.
EMAIL_SCHEMES = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "submission": "django.core.mail.backends.smtp.EmailBackend",
    "consolemail": "django.core.mail.backends.console.EmailBackend",
    "filemail": "django.core.mail.backends.filebased.EmailBackend",
    "memorymail": "django.core.mail.backends.locmem.EmailBackend",
    "dummymail": "django.core.mail.backends.dummy.EmailBackend",
}


def email_config(name: str, default: str) -> dict:
    """Translate EMAIL_URL into Django's EMAIL_* settings."""
    raw = os.environ.get(name, "").strip() or default
    parts = urlsplit(raw)
    scheme = parts.scheme
    if scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(f"{name}={raw!r}: use smtp://, consolemail://, filemail:///folder or memorymail://.")
    config: dict[str, Any] = {"EMAIL_BACKEND": EMAIL_SCHEMES[scheme]}
    if scheme == "filemail":
        if parts.netloc or not parts.path.startswith("/") or parts.path == "/":
            raise ImproperlyConfigured(
                f"{name}: filemail:// needs an absolute folder, e.g. filemail:///var/mail/songlo."
            )
        config["EMAIL_FILE_PATH"] = parts.path
    elif EMAIL_SCHEMES[scheme].endswith("smtp.EmailBackend"):
        try:
            smtp = dj_email_url.parse(raw)
        except (ValueError, KeyError) as exc:
            raise ImproperlyConfigured(f"{name} is malformed: {exc}") from None
        if not smtp.get("EMAIL_HOST"):
            raise ImproperlyConfigured(f"{name} is malformed: expected smtp://user:password@host:port.")
        config.update({key: value for key, value in smtp.items() if key != "EMAIL_FILE_PATH"})
        config["EMAIL_BACKEND"] = EMAIL_SCHEMES[scheme]
        config["EMAIL_TIMEOUT"] = config.get("EMAIL_TIMEOUT") or 30
    return config


CACHE_TABLE = "songlo_cache"


def cache_config(name: str) -> dict[str, Any]:
    """Django's CACHES['default'] from CACHE_URL: the cache every process shares (rate limits).

    Unset: the database cache (table ``songlo_cache``, made by ``manage.py createcachetable``),
    shared by every worker that uses the same database. ``redis://host:port/db`` (or rediss://):
    Redis. ``locmem://``: one process only, for development.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {"BACKEND": "songlo.cache.DatabaseCache", "LOCATION": CACHE_TABLE}
    scheme = urlsplit(raw).scheme
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"{name}={raw!r}: use redis://host:port/db, rediss://..., locmem:// or leave it unset.")
