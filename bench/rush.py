"""Deadline rush: N unit heads log in and submit their review for the same period at once.

A fresh open period is added to the province's current movement with one review for each of
N units; gunicorn serves the app, Locust (one user per head) logs everyone in, waits until all
are in, then each opens the review form and submits it. Afterwards the database is checked
against the responses: every successful response is a stored submission, none duplicated,
none lost. Reported "absent" while the submit page does not exist.

``python -m bench.rush --database URL [--users 200] [--url-name campaigns:review_edit]``
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, write_result
from bench.load import BIN, PASSWORD, free_port, pinned, start_server, stop_server

DEFAULT_URL_NAME = "campaigns:review_edit"


def prepare(users: int, url_name: str) -> tuple[int, list[dict]]:
    """A new open period with a not-started review for ``users`` units that have a head."""
    from django.db import transaction
    from django.urls import reverse
    from django.utils import timezone

    from bench.scale.campaigns import PROVINCE_CODE, RUBRIC
    from campaigns.enums import PeriodKind, PeriodStatus
    from campaigns.models import Criterion, Movement, Review, ReviewPeriod
    from organisation.enums import Role
    from organisation.models import Membership

    movement = (
        Movement.objects.filter(owner__code=PROVINCE_CODE, status="launched", kind="regular").order_by("pk").first()
    )
    if movement is None:
        raise SystemExit("rush: no launched movement in the scale data (run seed_scale first)")
    heads = list(
        Membership.objects.filter(role=Role.UNIT_HEAD, unit__participations__movement=movement)
        .select_related("user")
        .order_by("unit__path")[:users]
    )
    now = timezone.now()
    with transaction.atomic():
        period = ReviewPeriod.objects.create(
            movement=movement,
            name=f"Hạn chót thử tải {now:%Y%m%d-%H%M%S}",
            kind=PeriodKind.MIDTERM,
            opens_at=now - datetime.timedelta(days=10),
            deadline=now + datetime.timedelta(days=1),
            status=PeriodStatus.OPEN,
        )
        Criterion.objects.bulk_create(
            [
                Criterion(period=period, group=g, name=n, max_points=m, weight=w, order=i)
                for i, (g, n, m, w) in enumerate(RUBRIC)
            ]
        )
        reviews = Review.objects.bulk_create([Review(period=period, unit_id=m.unit_id) for m in heads])
    plan = [
        {"username": m.user.username, "review_id": r.pk, "form_path": reverse(url_name, args=[r.pk])}
        for m, r in zip(heads, reviews, strict=True)
    ]
    return period.pk, plan


def check(period_id: int, results: list[dict]) -> dict:
    """Compare the stored reviews with what the users were told."""
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import AuditEvent
    from campaigns.models import Review

    stored = {r.pk: r for r in Review.objects.filter(period_id=period_id)}
    said_ok = {row["review_id"] for row in results if row.get("ok")}
    submitted = {pk for pk, r in stored.items() if r.status == "submitted"}
    review_type = ContentType.objects.get_for_model(Review)
    audit_counts: dict[str, int] = {}
    for object_id in AuditEvent.objects.filter(
        content_type=review_type, object_id__in=[str(pk) for pk in stored], action__icontains="submit"
    ).values_list("object_id", flat=True):
        audit_counts[object_id] = audit_counts.get(object_id, 0) + 1
    duplicated = {pk for pk, r in stored.items() if r.version > 1} | {int(k) for k, n in audit_counts.items() if n > 1}
    return {
        "responses_ok": len(said_ok),
        "responses_failed": len(results) - len(said_ok),
        "stored_submitted": len(submitted),
        "lost": len(said_ok - submitted),
        "unreported": len(submitted - said_ok),
        "duplicated": len(duplicated),
    }


def server_processes(group: int) -> list[list[str]]:
    """The /proc/<pid>/stat fields (after the command name) of gunicorn's process group."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:  # state, ppid, pgrp, ...
            found.append(fields)
    return found


def server_cpu_seconds(group: int) -> float:
    """CPU time (user + system: the 12th and 13th fields) of the master and its workers."""
    return sum(int(f[11]) + int(f[12]) for f in server_processes(group)) / os.sysconf("SC_CLK_TCK")


def run_measured(command: list[str], env: dict, group: int, window_file: Path, timeout: int) -> dict:
    """Run Locust; read the server's CPU time when every head is logged in and when Locust ends
    (the logins, 0.3-0.5 s of PBKDF2 each, stay out of the figure)."""
    locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    started, deadline = None, time.monotonic() + timeout
    # The master and the workers (taskset, when it pins the server, has exec'd into the master).
    workers = len(server_processes(group)) - 1
    client_started = client_last = None
    while locust.poll() is None and time.monotonic() < deadline:
        if started is None and window_file.exists():
            started, client_started = server_cpu_seconds(group), process_cpu_seconds(locust.pid)
        elif started is not None:
            client_last = process_cpu_seconds(locust.pid) or client_last
        time.sleep(0.02)
    ended = server_cpu_seconds(group)
    if locust.poll() is None:
        locust.kill()
    locust.wait()
    return {
        "server_cpu_s": None if started is None else ended - started,
        "client_cpu_s": None if client_started is None or client_last is None else client_last - client_started,
        "gunicorn_workers": workers,
    }


def process_cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--url-name", default=os.environ.get("BENCH_SUBMIT_URL_NAME", DEFAULT_URL_NAME))
    parser.add_argument("--submit-field", default=os.environ.get("BENCH_SUBMIT_FIELD", "submit"))
    parser.add_argument("--label", default=None, help="result file suffix (default: the database kind)")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--workers", type=int, default=None, help="default: gunicorn.conf.py's for one core")
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    backend = "postgresql" if args.database.startswith("postgres") else "sqlite"
    part = f"rush_{args.label or backend}"
    os.environ["DATABASE_URL"] = args.database
    from bench.common import setup_django

    setup_django()
    from bench.pages import url_exists

    if not url_exists(args.url_name):
        figures = {"state": "absent", "backend": backend, "url_name": args.url_name, "users": args.users}
        write_result(part, figures)
        return figures
    period_id, plan = prepare(args.users, args.url_name)
    load_before = os.getloadavg()
    port = free_port()
    server = start_server(args.database, port, args.workers, args.threads)
    try:
        with tempfile.TemporaryDirectory() as folder:
            plan_file, out_file = Path(folder) / "plan.json", Path(folder) / "out.json"
            plan_file.write_text(json.dumps(plan))
            command = pinned(
                1,
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locust_rush.py"), "--headless", "--users",
                 str(len(plan)), "--spawn-rate", str(len(plan)), "--run-time", f"{args.timeout}s", "--host",
                 f"http://127.0.0.1:{port}", "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "30"],
            )  # fmt: skip
            env = {
                **os.environ,
                "BENCH_RUSH_PLAN": str(plan_file),
                "BENCH_RUSH_OUT": str(out_file),
                "BENCH_PASSWORD": PASSWORD,
                "BENCH_SUBMIT_FIELD": args.submit_field,
            }
            cpu = run_measured(command, env, server.pid, Path(f"{out_file}.window"), args.timeout + 120)
            results = json.loads(out_file.read_text()) if out_file.exists() else []
    finally:
        stop_server(server)
    figures: dict = {
        "state": "ok",
        "backend": backend,
        "url_name": args.url_name,
        "users": len(plan),
        "period_id": period_id,
        "gunicorn_workers": cpu["gunicorn_workers"],
        "gunicorn_threads": args.threads or int(os.environ.get("WEB_THREADS", "1")),
    }
    figures["load_average_before"] = [round(x, 2) for x in load_before]
    figures["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    figures.update(check(period_id, results))
    ok_rows = [row for row in results if row.get("ok")]
    if results:
        window = max(r["finished"] for r in results) - min(r["started"] for r in results)
        figures["seconds"] = round(window, 2)
        figures["submissions_per_s"] = round(len(ok_rows) / window, 1) if window > 0 else None
        figures["error_rate"] = round(1 - len(ok_rows) / len(plan), 4) if plan else None
        # One submission is a GET of the form and its POST: the server's CPU in the window per
        # stored submission (bench/rush_cpu.py splits it per request, in-process).
        if cpu["server_cpu_s"] is not None and ok_rows:
            figures["server_cpu_s"] = round(cpu["server_cpu_s"], 2)
            figures["cpu_ms_per_submission"] = round(1000 * cpu["server_cpu_s"] / len(ok_rows), 1)
        if cpu["client_cpu_s"] is not None and ok_rows:
            # Locust's own CPU (on the other core): it must stay below the server's to measure it.
            figures["locust_cpu_ms_per_submission"] = round(1000 * cpu["client_cpu_s"] / len(ok_rows), 1)
    else:
        figures["state"] = "no results"
    write_result(part, figures)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
