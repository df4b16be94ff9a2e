"""gunicorn's settings for Songlo, read by `gunicorn songlo.wsgi` from the project folder (the
Procfile's web process, and the benchmarks' server: bench/load.py).

The defaults are those the benchmarks measured (README, "Running at scale"; docs/performance.md):
a request is bound by Python on one core (the deadline rush: 10-30 ms of CPU per submission,
a few ms of it waiting on PostgreSQL), so a core is kept busy by a few synchronous workers and
gains nothing from threads, which share one interpreter lock. Each default can be overridden
from the environment (.env.example).
"""

import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number.") from None
    if value < 1:
        raise SystemExit(f"{name} must be 1 or more.")
    return value


def cores() -> int:
    """The cores this process may run on (a `taskset` or a container's CPU set included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


WORKERS_PER_CORE = _int("WEB_WORKERS_PER_CORE", 3)
workers = _int("WEB_CONCURRENCY", WORKERS_PER_CORE * cores())
threads = _int("WEB_THREADS", 1)
# One thread: the synchronous worker (no keep-alive: nginx in front keeps the client's).
worker_class = "gthread" if threads > 1 else "sync"
bind = os.environ.get("WEB_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
timeout = _int("WEB_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# The access log costs a few microseconds a request; WEB_ACCESS_LOG= (empty) turns it off.
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
