"""Latency under load: gunicorn (3 sync workers, pinned to core 0) serving the app, Locust
(headless, pinned to core 1) with N users for T seconds on each target in turn.

Targets: the pages tagged "load" in bench/pages.py (the office's period dashboard, the
nomination list, a unit head's home) and, in the same run, two baselines for the dashboard's
rows: the Django admin changelist of reviews (the project's if it registers reviews, else a
stock ModelAdmin) and the raw SQL behind the dashboard served through the same HTTP stack.

``python -m bench.load --database URL [--users 20] [--seconds 60] [--workers 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import PYTHON, ROOT, load_window, loadavg, percentile, settle, write_result

BIN = Path(PYTHON).parent
PASSWORD = "songlo2025"  # noqa: S105 - the demo password of the scale accounts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pinned(core: int, command: list[str]) -> list[str]:
    """Pin to one core when taskset exists and the machine has more than one."""
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", str(core), *command]
    return command


def server_env(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "BEHIND_PROXY": "false",
        "LOG_LEVEL": "WARNING",
        "DATABASE_POOL_MAX": "4",
        "WEB_ACCESS_LOG": "",
    }


def resolve_targets() -> list[dict]:
    """The pages to load and the two baselines, with their URLs in this database."""
    from django.urls import NoReverseMatch, reverse

    from bench.pages import ADMIN, OK, PAGES, open_period, resolve

    targets = []
    for page in PAGES:
        if "load" not in page.tags:
            continue
        resolved = resolve(page)
        targets.append(
            {
                "name": page.label,
                "kind": "dashboard" if "dashboard" in page.tags else "page",
                "state": resolved.state,
                "path": resolved.url,
                "username": resolved.username,
            }
        )
    period = open_period()
    if period is None:
        return targets
    try:
        admin_path = reverse("admin:campaigns_review_changelist")
        admin_name = "Quản trị: báo cáo (admin của dự án)"
    except NoReverseMatch:
        admin_path = "/bench/admin/campaigns/review/"
        admin_name = "Quản trị: báo cáo (ModelAdmin mặc định)"
    targets.append(
        {
            "name": admin_name,
            "kind": "admin",
            "state": OK,
            "path": f"{admin_path}?period__id__exact={period[0]}",
            "username": ADMIN,
        }
    )
    targets.append(
        {
            "name": "SQL thuần của bảng theo dõi",
            "kind": "sql",
            "state": OK,
            "path": f"/bench/sql/period/{period[0]}/",
            "username": "",
        }
    )
    return targets


def start_server(
    database_url: str, port: int, workers: int | None = None, threads: int | None = None
) -> subprocess.Popen:
    """gunicorn with the project's gunicorn.conf.py (the production defaults, worked out for the
    one core it is pinned to), or ``workers`` and ``threads`` when given."""
    options = ["--workers", str(workers)] if workers else []
    if threads:
        options += ["--threads", str(threads), "--worker-class", "gthread" if threads > 1 else "sync"]
    command = pinned(
        0,
        [str(BIN / "gunicorn"), "bench.wsgi:application", "--config", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning", *options],
    )  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=server_env(database_url), start_new_session=True)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
        if server.poll() is not None:
            break
    stop_server(server)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_locust(target: dict, port: int, users: int, seconds: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "samples.json"
        command = pinned(
            1,
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--users", str(users),
             "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--host", f"http://127.0.0.1:{port}",
             "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
        )  # fmt: skip
        env = {
            **os.environ,
            "BENCH_PATH": target["path"],
            "BENCH_NAME": target["name"],
            "BENCH_USERNAME": target["username"],
            "BENCH_PASSWORD": PASSWORD,
            "BENCH_OUT": str(out),
        }
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        if not out.exists():
            return {"error": (result.stderr or result.stdout)[-2000:]}
        samples = json.loads(out.read_text())
    if not samples:
        return {"error": (result.stderr or "no requests")[-2000:]}
    times = [ms for ms, _ok, _end in samples]
    failures = sum(1 for _ms, ok, _end in samples if not ok)
    # From the first request sent to the last answered (Locust's start-up and login excluded).
    window = max(end for _ms, _ok, end in samples) - min(end - ms / 1000 for ms, _ok, end in samples)
    return {
        "requests": len(samples),
        "failures": failures,
        "error_rate": round(failures / len(samples), 4),
        "rps": round(len(samples) / window, 1) if window > 0 else None,
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "p99_ms": round(percentile(times, 99), 1),
        "avg_ms": round(sum(times) / len(times), 1),
    }


def ratio(top: float | None, bottom: float | None) -> float | None:
    return round(top / bottom, 2) if top and bottom else None


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database
    from bench.common import setup_django

    setup_django()
    targets = resolve_targets()
    port = free_port()
    server = start_server(args.database, port, args.workers)
    try:
        for target in targets:
            if target["state"] == "ok":
                settle()  # the previous target's load must not count against this one
                before = loadavg()
                target.update(run_locust(target, port, args.users, args.seconds))
                target["load"] = load_window(before)
                print(f"  load: {target['name']}: p95 {target.get('p95_ms')} ms, {target.get('rps')} req/s", flush=True)
    finally:
        stop_server(server)
    by_kind = {t["kind"]: t for t in targets}
    dashboard, admin_, sql = by_kind.get("dashboard"), by_kind.get("admin"), by_kind.get("sql")
    figures = {
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "database": args.database.split("://")[0],
        "targets": targets,
        "dashboard_vs_admin_p95": ratio(dashboard and dashboard.get("p95_ms"), admin_ and admin_.get("p95_ms")),
        "dashboard_vs_sql_p95": ratio(dashboard and dashboard.get("p95_ms"), sql and sql.get("p95_ms")),
    }
    write_result("load", figures)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
