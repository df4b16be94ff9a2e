"""Real services for the integration suite: PostgreSQL, Redis and a `celery worker` process.

Runs in the PostgreSQL pass of `make test` (CELERY_TEST_BROKER_URL and a postgres
DATABASE_URL set). Outside it the tests skip; in CI a skip is a failure.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def broker_url() -> str:
    url = os.environ.get("CELERY_TEST_BROKER_URL", "")
    if not url:
        pytest.skip("CELERY_TEST_BROKER_URL is not set: the integration suite needs Redis")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def postgres_url(transactional_db) -> str:
    """The URL of the test database, for processes started by the test."""
    if connection.vendor != "postgresql":
        pytest.skip("the integration suite needs PostgreSQL (DATABASE_URL=postgres://...)")
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def clean_broker(broker_url) -> str:
    redis.Redis.from_url(broker_url).flushdb()
    return broker_url


@pytest.fixture
def client_app(clean_broker) -> Celery:
    """A Celery client bound to the test broker, with results, to talk to the worker."""
    app = Celery("songlo-test-client", broker=clean_broker, backend=clean_broker)
    yield app
    app.close()


class WorkerProcess:
    """A real `celery -A songlo worker` in its own process group, stoppable with any signal."""

    def __init__(self, env: dict[str, str], concurrency: int, log_path: Path, name: str):
        command = [
            sys.executable, "-m", "celery", "-A", "songlo", "worker",
            "--loglevel=INFO", f"--concurrency={concurrency}", "--pool=prefork",
            "--without-gossip", "--without-mingle", "--without-heartbeat", f"--hostname={name}@%h",
        ]  # fmt: skip
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"ready." in self.log_path.read_bytes():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"celery worker exited early:\n{self.log()}")
            time.sleep(0.2)
        raise TimeoutError(f"celery worker not ready after {timeout}s:\n{self.log()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


@pytest.fixture
def start_worker(postgres_url, clean_broker, tmp_path):
    """Start real worker processes on the test database and broker; all are stopped after the test."""
    workers: list[WorkerProcess] = []

    def start(concurrency: int = 1, extra_env: dict[str, str] | None = None) -> WorkerProcess:
        env = {
            **os.environ,
            "DATABASE_URL": postgres_url,
            "CELERY_BROKER_URL": clean_broker,
            "CELERY_RESULT_BACKEND": clean_broker,
            **(extra_env or {}),
        }
        name = f"w{len(workers)}"
        worker = WorkerProcess(env, concurrency, tmp_path / f"worker-{name}.log", name)
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start
    for worker in workers:
        worker.stop()
