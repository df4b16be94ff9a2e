"""Queries per page, at the small data and at scale, side by side.

``python -m bench.queries --small URL --scale URL`` measures every registered page in two
databases (one subprocess each, since Django binds one database per process) and writes
``bench/results/queries.json``. A page whose count at scale is higher than at the small data
is flagged: its query count grows with the data.

A third leg, in the scale database with the production settings (DEBUG off), measures each
page's cost per request, warm, the median of N requests: the process CPU time (client and
server share the process; the client's part is the same for every page) and the SQL time (the
wall time around each statement, as the database connection sees it, plus the database
backend's own CPU time read from /proc when the server is local). Beside each page: the same
figures for a bare page in the base template (``/bench/bare/``, bench/urls.py) seen by the same
user, measured in the same run, and the load average around the page (shared cores flagged).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from bench.common import PYTHON, ROOT, load_window, loadavg, write_result

BARE_URL_NAME = "bench_bare"
REPEAT = 15  # requests per page, after two warm-up requests (BENCH_REPEAT overrides)
SLOW_CPU_S = 1.0  # a page whose warm-up takes more CPU than this is measured 3 times, not N
# The aims of issue 16: these pages cost at most CPU_FACTOR × the bare page and SQL_MS of SQL.
CPU_FACTOR, SQL_MS = 2.0, 20.0


def measure() -> list[dict]:
    """Visit every page in the database of this process; the second visit's queries count."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from bench.pages import OK, all_pages, resolve

    setup_test_environment()  # lets the test client read responses; does not touch the database
    User = get_user_model()
    rows = []
    for page in all_pages():
        resolved = resolve(page)
        row = {"label": page.label, "url_name": page.url_name, "state": resolved.state}
        if resolved.state == OK:
            client = Client()
            if resolved.username:
                client.force_login(User.objects.get(username=resolved.username))
            client.get(resolved.url)  # warm caches (content types, translations, templates)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(resolved.url)
                elapsed = time.perf_counter() - started
            row.update(
                url=resolved.url,
                user=resolved.username,
                status=response.status_code,
                queries=len(captured),
                ms=round(elapsed * 1000, 1),
            )
        rows.append(row)
    return rows


class SqlTimer:
    """Sums the wall time of every statement the connection executes (an execute wrapper) and
    keeps the statements, to be timed again by the database itself (``explained_ms``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1
            if not many:
                self.statements.append((sql, params))


def explained_ms(statements: list[tuple[str, object]]) -> float | None:
    """The database's own time (planning + execution, EXPLAIN ANALYZE) for a request's SELECTs:
    unlike the wall time around each statement, it leaves out the round trips and the time the
    client process waited for a core on a busy machine. PostgreSQL only."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    total = 0.0
    with connection.cursor() as cursor:
        for sql, params in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
            total += plan.get("Planning Time", 0) + plan.get("Execution Time", 0)
    return round(total, 1)


def backend_cpu_seconds(pid: int | None) -> float | None:
    """The CPU time (user + system) the database backend process has used, when it is local."""
    if not pid:
        return None
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend_pid() -> int | None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def cost(client, url: str, repeat: int) -> dict:
    """CPU and SQL time per request for ``url``, warm: the median of ``repeat`` requests."""
    from django.db import connection

    before_load = loadavg()
    started = time.process_time()
    client.get(url)  # warm: templates, translations, content types
    if time.process_time() - started > SLOW_CPU_S:
        repeat = min(repeat, 3)
    client.get(url)
    pid = backend_pid()
    db_before = backend_cpu_seconds(pid)
    cpu, sql, counts, status = [], [], [], None
    for _ in range(repeat):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - started) * 1000)
        sql.append(timer.seconds * 1000)
        counts.append(timer.count)
        status = response.status_code
    db_after = backend_cpu_seconds(pid)
    explained = explained_ms(timer.statements)
    db_cpu = None
    if db_before is not None and db_after is not None and backend_pid() == pid:
        db_cpu = round((db_after - db_before) * 1000 / repeat, 1)
    return {
        "status": status,
        "repeat": repeat,
        "cpu_ms": round(median(cpu), 1),
        "sql_ms": round(median(sql), 1),
        "db_cpu_ms": db_cpu,
        "sql_explain_ms": explained,
        "sql_queries": max(counts),
        "load": load_window(before_load),
    }


def profile(repeat: int, only: str = "") -> list[dict]:
    """Each page's CPU and SQL time per request beside the bare page of the same user."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import clear_url_caches, reverse

    # As gunicorn serves the app in the load benchmark (bench/wsgi.py): the bench URLs, no manifest.
    settings.ROOT_URLCONF = "bench.urls"
    clear_url_caches()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from bench.pages import OK, all_pages, resolve

    User = get_user_model()
    clients: dict[str, Client] = {}
    bare: dict[str, dict] = {}

    def client_for(username: str) -> Client:
        if username not in clients:
            client = Client()
            if username:
                client.force_login(User.objects.get(username=username))
            clients[username] = client
        return clients[username]

    rows = []
    for page in all_pages():
        if only and not any(word in f"{page.label} {page.url_name}" for word in only.split(",")):
            continue
        resolved = resolve(page)
        row = {"label": page.label, "url_name": page.url_name, "state": resolved.state, "tags": list(page.tags)}
        if resolved.state == OK:
            client = client_for(resolved.username)
            if resolved.username and resolved.username not in bare:
                bare[resolved.username] = cost(client, reverse(BARE_URL_NAME), repeat)
            row.update(cost(client, resolved.url, repeat), user=resolved.username)
            floor = bare.get(resolved.username)
            if floor:
                row.update(
                    bare_cpu_ms=floor["cpu_ms"],
                    bare_sql_ms=floor["sql_ms"],
                    cpu_ratio=round(row["cpu_ms"] / floor["cpu_ms"], 2) if floor["cpu_ms"] else None,
                )
            print(
                f"  cost: {page.label}: {row['cpu_ms']} ms CPU, {row['sql_ms']} ms SQL, "
                f"{row['sql_explain_ms']} ms explained, {row['db_cpu_ms']} ms database CPU"
                + (f" (bare {floor['cpu_ms']} / {floor['sql_ms']})" if floor else ""),
                flush=True,
            )
        rows.append(row)
    rows.extend(
        {"label": f"Trang trống (base.html) – {username}", "url_name": BARE_URL_NAME, "state": OK, "tags": ["bare"],
         "user": username, **figures}
        for username, figures in bare.items()
    )  # fmt: skip
    return rows


def _run(args: list[str], env: dict) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    subprocess.run([PYTHON, "-m", "bench.queries", *args, out], cwd=ROOT, env=env, check=True)  # noqa: S603
    with open(out) as handle:
        rows = json.load(handle)
    os.unlink(out)
    return rows


def run_profile(database_url: str) -> list[dict]:
    """The cost leg, with the production settings the load benchmark's gunicorn uses."""
    from bench.load import server_env

    env = {**server_env(database_url), "ALLOWED_HOSTS": "testserver"}
    return _run(["--profile"], env)


def run_leg(database_url: str) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", "ALLOWED_HOSTS": "testserver"}
    return _run(["--measure"], env)


COST_KEYS = (
    "cpu_ms",
    "sql_ms",
    "sql_explain_ms",
    "db_cpu_ms",
    "sql_queries",
    "bare_cpu_ms",
    "bare_sql_ms",
    "cpu_ratio",
    "repeat",
)


def sql_figure(entry: dict) -> float:
    """The SQL time an aim is judged on: the database's own (EXPLAIN ANALYZE) where measured,
    which a busy machine inflates less than the wall time around each statement."""
    explained = entry.get("sql_explain_ms")
    return explained if explained is not None else entry["sql_ms"]


def aimed(tags) -> bool:
    """The pages issue 16 holds to the floor: each role's home, the dashboard, every list, the forms."""
    return bool({"aim", "list", "dashboard"} & set(tags or ()))


def compare(small: list[dict], scale: list[dict], costs: list[dict] | None = None) -> dict:
    by_label = {row["label"]: row for row in small}
    cost_by_label = {row["label"]: row for row in costs or []}
    pages = []
    for row in scale:
        before = by_label.get(row["label"], {})
        entry = {
            "label": row["label"],
            "url_name": row["url_name"],
            "state": row["state"] if row["state"] != "ok" else before.get("state", "ok"),
            "status": row.get("status"),
            "queries_small": before.get("queries"),
            "queries_scale": row.get("queries"),
            "ms_small": before.get("ms"),
            "ms_scale": row.get("ms"),
        }
        measured_cost = cost_by_label.get(row["label"], {})
        for key in COST_KEYS:
            if key in measured_cost:
                entry[key] = measured_cost[key]
        if "load" in measured_cost:
            entry["shared"] = measured_cost["load"]["shared"]
        if aimed(measured_cost.get("tags")) and entry.get("cpu_ms") is not None:
            entry["aim"] = {
                "cpu": entry.get("cpu_ratio") is not None and entry["cpu_ratio"] <= CPU_FACTOR,
                "sql": sql_figure(entry) <= SQL_MS,
            }
        entry["grows"] = (
            entry["queries_small"] is not None
            and entry["queries_scale"] is not None
            and entry["queries_scale"] > entry["queries_small"]
        )
        pages.append(entry)
    measured = [p for p in pages if p["queries_scale"] is not None]
    bare = [row for row in costs or [] if row["url_name"] == BARE_URL_NAME]
    return {
        "pages": pages,
        "bare": bare,
        "measured": len(measured),
        "absent": [p["label"] for p in pages if p["state"] == "absent"],
        "grows": [p["label"] for p in pages if p["grows"]],
        "errors": [p["label"] for p in measured if p["status"] and p["status"] >= 400],
        "constant": bool(measured) and not any(p["grows"] for p in pages),
    }


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measure", metavar="OUT", help="measure in this process's DATABASE_URL, write JSON rows")
    parser.add_argument("--profile", metavar="OUT", help="CPU and SQL time per page in this process's database")
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", REPEAT)))
    parser.add_argument("--only", default="", help="with --profile: pages whose label or URL name has these words")
    parser.add_argument("--no-cost", action="store_true", help="skip the CPU and SQL time leg")
    parser.add_argument("--small", help="database URL of the small data")
    parser.add_argument("--scale", help="database URL of the scale data")
    args = parser.parse_args(argv)
    if args.measure:
        from bench.common import setup_django

        setup_django()
        rows = measure()
        with open(args.measure, "w") as handle:
            json.dump(rows, handle)
        return None
    if args.profile:
        from bench.common import setup_django

        setup_django()
        rows = profile(args.repeat, args.only)
        with open(args.profile, "w") as handle:
            json.dump(rows, handle)
        return None
    costs = None if args.no_cost else run_profile(args.scale)
    figures = compare(run_leg(args.small), run_leg(args.scale), costs)
    write_result("queries", figures)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
