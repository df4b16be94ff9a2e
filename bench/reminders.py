"""Benchmark (not a test): reminders for 10,000 pending units.

Builds, in a throwaway database (``test_<name>`` of DATABASE_URL's database, created and
dropped here), 10,000 communes each with one head and a review due in 3 days, then times:
  1. the scan that writes the outbox (aim: <= 10 s),
  2. handing every digest to a local SMTP sink (aiosmtpd in its own process; aim: <= 60 s), from
     8 sender processes, as the send passes a scan queues (REMINDER_SENDERS, the worker's
     processes: 8 on two cores) run side by side in a Celery worker.
Prints the figures and writes bench/results/reminders.json.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/songlo .venv/bin/python bench/reminders.py [--units N]
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import sys
import time
from pathlib import Path

from bench.common import write_result

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songlo.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")


def run_sink(port_queue, stop_event, result_queue) -> None:
    """Child process: an aiosmtpd sink; reports how many messages it accepted when stopped."""
    from tests.smtp_sink import SmtpSink

    sink = SmtpSink().start()
    port_queue.put(sink.port)
    stop_event.wait()
    sink.stop()
    result_queue.put(
        {"messages": len(sink.messages), "connections": sink.connections, "cpu_seconds": time.process_time()}
    )


def build(units: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from campaigns.enums import MovementStatus, PeriodKind, PeriodStatus
    from campaigns.models import Movement, Review, ReviewPeriod
    from organisation.enums import Role, UnitKind
    from organisation.models import Membership, OrgUnit

    user_model = get_user_model()
    district = OrgUnit.objects.create(code="huyen-bench", name="Huyện Đo Tải", kind=UnitKind.DISTRICT)
    # bulk_create skips save(): the materialised path is set here as save() would.
    OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"xa-{i:05d}",
                name=f"Xã Đo Tải {i}",
                kind=UnitKind.COMMUNE,
                parent=district,
                path=f"{district.path}xa-{i:05d}/",
                depth=1,
            )
            for i in range(units)
        ],
        batch_size=2000,
    )
    password = make_password(None)
    user_model.objects.bulk_create(
        [
            user_model(
                username=f"truong.xa-{i:05d}",
                full_name=f"Trưởng Xã {i}",
                email=f"xa{i}@bench.example",
                password=password,
            )
            for i in range(units)
        ],
        batch_size=2000,
    )
    unit_ids = dict(OrgUnit.objects.filter(depth=1).values_list("code", "pk"))
    user_ids = dict(user_model.objects.filter(username__startswith="truong.xa-").values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=user_ids[f"truong.{code}"], unit_id=pk, role=Role.UNIT_HEAD)
            for code, pk in unit_ids.items()
        ],
        batch_size=2000,
    )
    now = timezone.now()
    movement = Movement.objects.create(
        title="Phong trào đo tải",
        kind="regular",
        owner=district,
        starts_on=datetime.date(now.year, 1, 1),
        ends_on=datetime.date(now.year, 12, 31),
        status=MovementStatus.LAUNCHED,
    )
    period = ReviewPeriod.objects.create(
        movement=movement,
        name="Sơ kết đo tải",
        kind=PeriodKind.MIDTERM,
        opens_at=now - datetime.timedelta(days=30),
        deadline=now + datetime.timedelta(days=3, hours=-1),
        status=PeriodStatus.OPEN,
    )
    Review.objects.bulk_create([Review(period=period, unit_id=pk) for pk in unit_ids.values()], batch_size=2000)


def use_sink(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


_GO = None


def prepare_sender(database_url: str, database_name: str, port: int, ready, go) -> None:
    """Child process start: Django set up on the throwaway database, then wait for the go, as
    a Celery worker process is up and waiting when the beat hands it the task."""
    global _GO
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    connection.settings_dict["NAME"] = database_name
    use_sink(settings, port)
    _GO = go
    ready.put(os.getpid())


def send_pass(_index: int):
    """One Celery worker process's send pass."""
    from django.db import connection

    from campaigns import reminders

    _GO.wait()
    cpu = time.process_time()
    try:
        result = reminders.send_due()
    finally:
        connection.close()
    return result.emails, result.sent, result.errors, time.process_time() - cpu


def send_concurrently(senders: int, port: int, database_url: str):
    """Run ``senders`` send passes at once, in processes as Celery's prefork workers are (each
    with its own database and SMTP connection); the claims keep them from sending a row twice.
    Returns (result, seconds from the go to the last pass's end)."""
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connection

    from campaigns import reminders

    ctx = multiprocessing.get_context("spawn")
    ready, go = ctx.Queue(), ctx.Event()
    initargs = (database_url, connection.settings_dict["NAME"], port, ready, go)
    with ProcessPoolExecutor(
        max_workers=senders, mp_context=ctx, initializer=prepare_sender, initargs=initargs
    ) as pool:
        futures = [pool.submit(send_pass, index) for index in range(senders)]
        for _ in range(senders):
            ready.get(timeout=120)
        started = time.perf_counter()
        go.set()
        results = [future.result() for future in futures]
        seconds = time.perf_counter() - started
    total = reminders.SendResult()
    cpu_seconds = 0.0
    for emails, sent, errors, cpu in results:
        total.emails += emails
        total.sent += sent
        total.errors += errors
        cpu_seconds += cpu
    return total, seconds, cpu_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument(
        "--senders", type=int, default=8, help="concurrent sender processes, as many as Celery worker processes"
    )
    parser.add_argument("--outbox-only", action="store_true", help="time the scan only")
    parser.add_argument("--database", help="DATABASE_URL to build the throwaway test database beside")
    parser.add_argument("--quick", action="store_true", help="a tiny run that checks the harness, not the speed")
    args = parser.parse_args()
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    if args.quick:
        args.units, args.senders = min(args.units, 30), 2

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from campaigns import reminders
    from campaigns.models import ReminderOutbox

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        # Sender threads need one shared database file, not per-connection memory.
        test_file = BASE_DIR / "bench" / "results" / "quick" / "reminders.sqlite3"
        test_file.parent.mkdir(parents=True, exist_ok=True)
        connection.settings_dict["TEST"]["NAME"] = str(test_file)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    ctx = multiprocessing.get_context("spawn")
    port_queue, result_queue, stop_event = ctx.Queue(), ctx.Queue(), ctx.Event()
    sink_process = ctx.Process(target=run_sink, args=(port_queue, stop_event, result_queue))
    try:
        started = time.perf_counter()
        build(args.units)
        build_seconds = time.perf_counter() - started

        started = time.perf_counter()
        scanned = reminders.scan()
        outbox_seconds = time.perf_counter() - started

        if args.outbox_only:
            print(f"outbox: {ReminderOutbox.objects.count()} rows in {outbox_seconds:.2f} s")
            return 0
        sink_process.start()
        port = port_queue.get(timeout=30)
        use_sink(settings, port)
        sent, send_seconds, senders_cpu = send_concurrently(args.senders, port, os.environ.get("DATABASE_URL", ""))
        stop_event.set()
        sink = result_queue.get(timeout=60)
        sink_process.join(timeout=30)

        figures = {
            "units": args.units,
            "database": connection.vendor,
            "build_data_seconds": round(build_seconds, 2),
            "outbox_rows": ReminderOutbox.objects.count(),
            "outbox_queued": scanned.queued,
            "outbox_seconds": round(outbox_seconds, 2),
            "outbox_aim_seconds": 10,
            "senders": args.senders,
            "emails_sent": sent.emails,
            "rows_marked_sent": sent.sent,
            "send_errors": len(sent.errors),
            "sink_messages": sink["messages"],
            "sink_connections": sink["connections"],
            "send_seconds": round(send_seconds, 2),
            "send_per_second": round(sent.emails / send_seconds, 1) if send_seconds else None,
            # CPU per digest of our senders (after their start) and of the SMTP sink, in ms.
            "sender_cpu_ms_per_email": round(senders_cpu / max(sent.emails, 1) * 1000, 2),
            "sink_cpu_ms_per_email": round(sink["cpu_seconds"] / max(sent.emails, 1) * 1000, 2),
            "send_aim_seconds": 60,
            # Other work on the machine (a shared 2-core box) slows every figure above.
            "load_average_1min": round(os.getloadavg()[0], 2),
        }
    finally:
        stop_event.set()
        if sink_process.is_alive():
            sink_process.join(timeout=10)
        connection.creation.destroy_test_db(old_name, verbosity=0)

    output = write_result("reminders", figures, scale={"units": args.units})
    print(f"Reminders for {args.units} pending units ({figures['database']})")
    print(f"  outbox: {figures['outbox_rows']} rows in {figures['outbox_seconds']} s (aim <= 10 s)")
    print(
        f"  send:   {figures['emails_sent']} emails to the SMTP sink in {figures['send_seconds']} s "
        f"({figures['send_per_second']}/s, {args.senders} senders, {figures['sink_connections']} SMTP connections; "
        "aim <= 60 s)"
    )
    print(
        f"  CPU per email: senders {figures['sender_cpu_ms_per_email']} ms, "
        f"the SMTP sink {figures['sink_cpu_ms_per_email']} ms"
    )
    print(f"  sink accepted {figures['sink_messages']} messages; written to {output}")
    ok = figures["sink_messages"] == args.units == figures["rows_marked_sent"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
