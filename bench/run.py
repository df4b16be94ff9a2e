"""``make bench`` / ``make bench-quick``: prepare the databases, run every part, print one table.

Full run: the scale data in PostgreSQL (BENCH_DATABASE_URL, default the local server's
``songlo_bench``), seeded once at the default scale and reused until ``--reseed``; the small
data (demo + a tiny scale tree) in a SQLite file. Quick run: everything tiny, in SQLite files
under ``bench/results/quick/``, in well under a minute.

``python -m bench.run [--quick] [--parts seed,queries,load,rush,reminders,eligibility] [--reseed]``
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PYTHON, ROOT

PARTS = ["seed", "queries", "load", "rush", "reminders", "eligibility"]
FULL = {"units": 10_000, "people": 50_000, "years": 6, "users": 20, "seconds": 60, "rush_users": 200}
QUICK = {"units": 120, "people": 150, "years": 2, "users": 2, "seconds": 3, "rush_users": 4}
SHOWN = {
    "reminders": [
        "units",
        "outbox_rows",
        "outbox_seconds",
        "emails_sent",
        "sink_messages",
        "send_seconds",
        "send_errors",
    ],
    "eligibility": ["people", "verdicts", "seconds", "queries", "queries_constant"],
}
SMALL = ["--units", "40", "--people", "100", "--years", "2"]


def manage(database_url: str, *args: str, capture: bool = False) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )
    return result.stdout if capture else ""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    url = sqlite_url(path)
    manage(url, "migrate", "--no-input", "-v", "0")
    manage(url, "createcachetable")
    return url


def _pg(database_url: str, statement: str) -> None:
    import psycopg

    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


def scale_seeded(database_url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(database_url) as conn:
            row = conn.execute("SELECT 1 FROM organisation_orgunit WHERE code = 'sc-tinh'").fetchone()
            return row is not None
    except (psycopg.OperationalError, psycopg.errors.UndefinedTable):
        return False


def seed(database_url: str, scale: dict, results: Path) -> dict:
    manage(database_url, "seed_demo")
    started = time.perf_counter()
    out = manage(
        database_url,
        "seed_scale",
        "--units", str(scale["units"]), "--people", str(scale["people"]), "--years", str(scale["years"]),
        capture=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    counts = {}
    for line in out.splitlines():
        key, _, value = line.strip().partition(": ")
        if value and key != "seed_scale":
            counts[key] = value
    return {
        "seconds": round(seconds, 1),
        "counts": counts,
        "arguments": {k: scale[k] for k in ("units", "people", "years")},
    }


def prepare(quick: bool, reseed: bool, results: Path, scale: dict, want_seed: bool) -> tuple[str, str, dict | None]:
    """The small and the scale database URLs; the seed figures when seeding happened now."""
    small = fresh_sqlite(results / "small.sqlite3")
    manage(small, "seed_demo")
    manage(small, "seed_scale", *SMALL)
    seeded = None
    if quick:
        big = fresh_sqlite(results / "scale.sqlite3")
        seeded = seed(big, scale, results)
        return small, big, seeded
    big = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/songlo_bench")
    name = big.rsplit("/", 1)[1]
    if reseed or (want_seed and not scale_seeded(big)):
        _pg(big, f'DROP DATABASE IF EXISTS "{name}"')
        _pg(big, f'CREATE DATABASE "{name}"')
        manage(big, "migrate", "--no-input", "-v", "0")
        seeded = seed(big, scale, results)
    else:
        manage(big, "migrate", "--no-input", "-v", "0")
    manage(big, "createcachetable")
    return small, big, seeded


def run_part(module: str, *args: str) -> int:
    from bench.common import QUIET_LOAD, settle

    settled = settle()
    quiet = "" if settled["load"][0] <= QUIET_LOAD else " (cores still busy: its figures will be flagged)"
    print(f"== {module} {' '.join(args)}: load {settled['load'][0]} after {settled['waited_s']} s{quiet}", flush=True)
    return subprocess.run([PYTHON, "-m", module, *args], cwd=ROOT, check=False).returncode  # noqa: S603


def absent(part: str, why: str) -> None:
    from bench.common import setup_django, write_result

    setup_django()
    write_result(part, {"state": "absent", "why": why})


def load_json(results: Path, part: str) -> dict:
    path = results / f"{part}.json"
    return json.loads(path.read_text()) if path.exists() else {}


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        value = f"{value:g}"
    return f"{value}{unit}"


def shared_text(load: dict | None) -> str:
    """ ", cores shared (load 1.2 → 1.5)" when other work ran while the figure was taken."""
    if not load or not load.get("shared"):
        return ""
    return f", **cores shared** (load {fmt(load['before'][0])} → {fmt(load['after'][0])})"


def cost_text(page: dict) -> str:
    """A page's CPU and SQL time per request beside the bare page of the same user."""
    if page.get("cpu_ms") is None:
        return ""
    text = f"; {fmt(page['cpu_ms'])} ms CPU"
    if page.get("cpu_ratio") is not None:
        text += f" ({fmt(page['cpu_ratio'])} × bare {fmt(page.get('bare_cpu_ms'))})"
    text += f", {fmt(page.get('sql_ms'))} ms SQL"
    database = [
        f"{label} {fmt(page[key])}"
        for key, label in (("sql_explain_ms", "EXPLAIN ANALYZE"), ("db_cpu_ms", "database CPU"))
        if page.get(key) is not None
    ]
    if database:
        text += f" ({', '.join(database)})"
    if page.get("shared"):
        text += ", **cores shared**"
    return text


def load_lines(results: Path) -> list[str]:
    """The load average around each part: a figure taken while other work ran is flagged."""
    lines = []
    for path in sorted(results.glob("*.json")):
        data = json.loads(path.read_text())
        load = data.get("load")
        if not load:
            continue
        flag = " **cores shared: figures not comparable**" if load.get("shared") else ""
        lines.append(
            f"| load average | {data.get('part', path.stem)} | {fmt(load['before'][0])} before, "
            f"{fmt(load['after'][0])} after{flag} |"
        )
    return lines


def summary(results: Path) -> str:
    """One table over every part's JSON."""
    lines = ["| part | what | figure |", "|---|---|---|"]
    seed_ = load_json(results, "seed").get("figures", {})
    if seed_:
        counts = seed_.get("counts", {})
        lines.append(
            f"| seed_scale | {counts.get('units', '?')} units, {counts.get('reviews', '?')} reviews, "
            f"{counts.get('people', 'no')} people, {counts.get('award_records', 'no')} award records, "
            f"{counts.get('nominations', 'no')} nominations, {counts.get('council_sessions', 'no')} council sessions, "
            f"{counts.get('ballot_receipts', 'no')} ballots | {fmt(seed_.get('seconds'), ' s')} |"
        )
    queries = load_json(results, "queries").get("figures", {})
    if queries:
        for page in queries.get("pages", []):
            if page["state"] != "ok" and page["queries_scale"] is None:
                lines.append(f"| queries | {page['label']} | {page['state']} |")
                continue
            flag = " **grows**" if page["grows"] else ""
            lines.append(
                f"| queries | {page['label']} | {fmt(page['queries_small'])} → {fmt(page['queries_scale'])}{flag} "
                f"(HTTP {page['status']}){cost_text(page)} |"
            )
        for bare in queries.get("bare", []):
            lines.append(
                f"| cost | {bare['label']} | {fmt(bare.get('cpu_ms'))} ms CPU, {fmt(bare.get('sql_ms'))} ms SQL, "
                f"{fmt(bare.get('sql_queries'))} queries{shared_text(bare.get('load'))} |"
            )
    load = load_json(results, "load").get("figures", {})
    if load:
        for target in load.get("targets", []):
            if target["state"] != "ok":
                lines.append(f"| load ({load['users']} users) | {target['name']} | {target['state']} |")
                continue
            lines.append(
                f"| load ({load['users']} users, {load['seconds']} s) | {target['name']} | "
                f"p50 {fmt(target.get('p50_ms'))} / p95 {fmt(target.get('p95_ms'))} / "
                f"p99 {fmt(target.get('p99_ms'))} ms, "
                f"{fmt(target.get('rps'))} req/s, {fmt(target.get('failures'))} errors"
                f"{shared_text(target.get('load'))} |"
            )
        lines.append(f"| load | dashboard p95 / admin p95 | {fmt(load.get('dashboard_vs_admin_p95'))} |")
        lines.append(f"| load | dashboard p95 / raw SQL p95 | {fmt(load.get('dashboard_vs_sql_p95'))} |")
    for backend in ("postgresql", "sqlite"):
        rush = load_json(results, f"rush_{backend}").get("figures", {})
        if not rush:
            continue
        if rush.get("state") != "ok":
            lines.append(f"| rush ({backend}) | {rush.get('users')} heads | {rush.get('state')} |")
            continue
        lines.append(
            f"| rush ({backend}) | {rush['users']} heads submit | {fmt(rush.get('submissions_per_s'))}/s, "
            f"errors {fmt(rush.get('error_rate'))}, lost {rush['lost']}, duplicated {rush['duplicated']}; "
            f"server CPU {fmt(rush.get('cpu_ms_per_submission'), ' ms')} a submission (GET + POST), "
            f"{fmt(rush.get('gunicorn_workers'))} workers, load {fmt((rush.get('load_average_before') or [None])[0])} |"
        )
    for part in ("reminders", "eligibility"):
        data = load_json(results, part).get("figures", {})
        if not data:
            continue
        if data.get("state") not in (None, "ok"):
            lines.append(f"| {part} | – | {data.get('state')} |")
            continue
        keys = SHOWN.get(part) or [k for k, v in data.items() if isinstance(v, int | float | bool)]
        shown = {k: data[k] for k in keys if k in data}
        lines.append(f"| {part} | {', '.join(shown)} | {', '.join(fmt(v) for v in shown.values())} |")
    lines.extend(load_lines(results))
    return "\n".join(lines)


def _aim(lines: list, aim: str, value, met: bool | None, note: str = "") -> None:
    verdict = "–" if met is None else ("met" if met else "**missed**")
    lines.append(f"| {aim} | {fmt(value)} | {verdict} |{f' {note}' if note else ''}")


def aims(results: Path) -> str:
    """The issue's aims, each with the measured figure and whether it was met."""
    lines = ["| aim | measured | verdict |", "|---|---|---|"]
    queries = load_json(results, "queries").get("figures", {})
    if queries:
        grows = queries.get("grows", [])
        _aim(lines, "queries per page constant", f"{queries.get('measured')} pages, {len(grows)} grow", not grows)
        for page in queries.get("pages", []):
            aim = page.get("aim")
            if not aim:
                continue
            note = " (cores shared)" if page.get("shared") else ""
            _aim(
                lines,
                f"CPU ≤ 2 × bare page: {page['label']}",
                f"{fmt(page['cpu_ms'])} ms = {fmt(page.get('cpu_ratio'))} × {fmt(page.get('bare_cpu_ms'))}{note}",
                aim["cpu"],
            )
            explained = page.get("sql_explain_ms")
            sql = f"{fmt(page['sql_ms'])} ms" if explained is None else f"{fmt(explained)} ms (EXPLAIN ANALYZE)"
            _aim(lines, f"SQL ≤ 20 ms: {page['label']}", f"{sql}{note}", aim["sql"])
    load = load_json(results, "load").get("figures", {})
    for target in load.get("targets", []):
        if target.get("kind") in ("page", "dashboard") and target.get("p95_ms") is not None:
            p95 = target["p95_ms"]
            _aim(lines, f"p95 ≤ 150 ms at {load['users']} users: {target['name']}", f"{p95:g} ms", p95 <= 150)
    if load:
        admin_ratio, sql_ratio = load.get("dashboard_vs_admin_p95"), load.get("dashboard_vs_sql_p95")
        _aim(
            lines,
            "dashboard p95 ≤ 0.5 × admin changelist p95",
            admin_ratio,
            None if admin_ratio is None else admin_ratio <= 0.5,
        )
        _aim(lines, "dashboard p95 ≤ 3 × raw SQL p95", sql_ratio, None if sql_ratio is None else sql_ratio <= 3)
    for backend, floor in (("postgresql", 80), ("sqlite", 25)):
        rush = load_json(results, f"rush_{backend}").get("figures", {})
        if rush.get("state") == "ok":
            rate = rush.get("submissions_per_s")
            _aim(
                lines,
                f"rush on {backend} ≥ {floor} submissions/s",
                f"{fmt(rate)}/s",
                rate is not None and rate >= floor,
            )
            clean = rush.get("lost") == 0 and rush.get("duplicated") == 0
            _aim(
                lines,
                f"rush on {backend}: 0 lost, 0 duplicated",
                f"{rush.get('lost')} / {rush.get('duplicated')}",
                clean,
            )
    reminders = load_json(results, "reminders").get("figures", {})
    if reminders.get("outbox_seconds") is not None:
        units = reminders.get("units")
        _aim(
            lines,
            f"reminders outbox ≤ 5 s ({units} units)",
            f"{reminders['outbox_seconds']:g} s",
            reminders["outbox_seconds"] <= 5,
        )
        _aim(
            lines,
            f"reminders sent ≤ 60 s ({units} units)",
            f"{reminders['send_seconds']:g} s",
            reminders["send_seconds"] <= 60,
        )
    eligibility = load_json(results, "eligibility").get("figures", {})
    if eligibility.get("seconds") is not None:
        people = eligibility.get("people")
        _aim(
            lines,
            f"eligibility ≤ 15 s ({people} people)",
            f"{eligibility['seconds']:g} s",
            eligibility["seconds"] <= 15,
        )
        _aim(
            lines,
            "eligibility queries do not grow with people",
            f"{eligibility['small'].get('queries')} → {eligibility['scale'].get('queries')}",
            eligibility.get("queries_constant"),
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--reseed", action="store_true", help="drop and rebuild the scale database")
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--summary", action="store_true", help="print the tables of the last results and stop")
    args = parser.parse_args(argv)
    parts = [p for p in args.parts.split(",") if p]
    scale = QUICK if args.quick else FULL
    results = ROOT / "bench" / "results" / ("quick" if args.quick else "")
    results.mkdir(parents=True, exist_ok=True)
    if args.summary:
        print(summary(results) + "\n\n" + aims(results))
        return 0
    os.environ["BENCH_RESULTS"] = str(results)
    os.environ["BENCH_QUICK"] = "1" if args.quick else "0"
    if args.quick:
        os.environ.setdefault("BENCH_REPEAT", "3")
        os.environ.setdefault("BENCH_SETTLE_SECONDS", "0")
    started = time.perf_counter()
    small, big, seeded = prepare(args.quick, args.reseed, results, scale, "seed" in parts)
    failures = []
    if seeded is not None:
        from bench.common import setup_django, write_result

        setup_django(big)
        write_result("seed", seeded, scale=seeded["arguments"])
    if "queries" in parts and run_part("bench.queries", "--small", small, "--scale", big):
        failures.append("queries")
    if "load" in parts:
        load_args = ["--database", big, "--users", str(scale["users"]), "--seconds", str(scale["seconds"])]
        if run_part("bench.load", *load_args):
            failures.append("load")
    if "rush" in parts:
        if run_part("bench.rush", "--database", big, "--users", str(scale["rush_users"])):
            failures.append("rush")
        if not args.quick:
            rush_sqlite = fresh_sqlite(results / "rush.sqlite3")
            manage(
                rush_sqlite,
                "seed_scale",
                "--units",
                str(max(300, scale["rush_users"] * 2)),
                "--people",
                "0",
                "--years",
                "1",
            )
        else:
            rush_sqlite = big
        if big != rush_sqlite and run_part(
            "bench.rush", "--database", rush_sqlite, "--users", str(scale["rush_users"])
        ):
            failures.append("rush sqlite")
    if "reminders" in parts:
        if importlib.util.find_spec("bench.reminders") is not None:
            os.environ["DATABASE_URL"] = big
            if run_part("bench.reminders", "--database", big, *(["--quick"] if args.quick else [])):
                failures.append("reminders")
        else:
            absent_code = "from bench.run import absent; absent('reminders', 'bench/reminders.py not merged yet')"
            subprocess.run([PYTHON, "-c", absent_code], cwd=ROOT, env={**os.environ, "DATABASE_URL": big}, check=False)  # noqa: S603
    if "eligibility" in parts and run_part("bench.eligibility", "--small", small, "--scale", big):
        failures.append("eligibility")
    print()
    print(summary(results))
    print()
    print(aims(results))
    print(f"\nbench: {time.perf_counter() - started:.0f} s; results in {results}")
    if failures:
        print(f"bench: parts that failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
