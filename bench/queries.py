"""Queries per page, at the small data and at scale, side by side.

``python -m bench.queries --small URL --scale URL`` measures every registered page in two
databases (one subprocess each, since Django binds one database per process) and writes
``bench/results/queries.json``. A page whose count at scale is higher than at the small data
is flagged: its query count grows with the data.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from bench.common import PYTHON, ROOT, write_result


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


def run_leg(database_url: str) -> list[dict]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true", "ALLOWED_HOSTS": "testserver"}
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "bench.queries", "--measure", out], cwd=ROOT, env=env, check=True
    )
    with open(out) as handle:
        rows = json.load(handle)
    os.unlink(out)
    return rows


def compare(small: list[dict], scale: list[dict]) -> dict:
    by_label = {row["label"]: row for row in small}
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
        entry["grows"] = (
            entry["queries_small"] is not None
            and entry["queries_scale"] is not None
            and entry["queries_scale"] > entry["queries_small"]
        )
        pages.append(entry)
    measured = [p for p in pages if p["queries_scale"] is not None]
    return {
        "pages": pages,
        "measured": len(measured),
        "absent": [p["label"] for p in pages if p["state"] == "absent"],
        "grows": [p["label"] for p in pages if p["grows"]],
        "errors": [p["label"] for p in measured if p["status"] and p["status"] >= 400],
        "constant": bool(measured) and not any(p["grows"] for p in pages),
    }


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measure", metavar="OUT", help="measure in this process's DATABASE_URL, write JSON rows")
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
    figures = compare(run_leg(args.small), run_leg(args.scale))
    write_result("queries", figures)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
