"""Eligibility at scale: every individual title for every person, for one year.

Calls the engine (``awards.eligibility.evaluate``, what the ``eligibility`` command and page
use) over every person, in the small and in the scale database, and reports time and number of
queries; the count must not grow with the number of people.

``python -m bench.eligibility --small URL --scale URL [--year Y]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

from bench.common import PYTHON, ROOT, write_result


def measure(year: int | None) -> dict:
    """Every individual title (the engine's suggested awards for a person) for every person."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from awards import eligibility_snapshots
    from awards.eligibility import evaluate
    from awards.models import Person

    people = Person.objects.count()
    # The last full year, as the eligibility page proposes by default.
    year = year or timezone.localdate().year - 1
    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        verdicts = evaluate(year=year, persons=Person.objects.all())
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # The office's page reads a snapshot of the year's eligible verdicts: what computing it costs.
    started, snapshot_cpu = time.perf_counter(), time.process_time()
    snapshot = eligibility_snapshots.refresh(year)
    snapshot_seconds, snapshot_cpu = time.perf_counter() - started, time.process_time() - snapshot_cpu
    return {
        "state": "ok",
        "year": year,
        "people": people,
        "verdicts": len(verdicts),
        "eligible": sum(1 for v in verdicts if v.eligible),
        "awards": sorted({v.award for v in verdicts}),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "queries": len(captured),
        "snapshot_eligible": snapshot.verdicts.count(),
        "snapshot_seconds": round(snapshot_seconds, 2),
        "snapshot_cpu_seconds": round(snapshot_cpu, 2),
    }


def run_leg(database_url: str, year: int | None) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "true"}
    command = [PYTHON, "-m", "bench.eligibility", "--measure", out] + (["--year", str(year)] if year else [])
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        return {"state": "error", "returncode": result.returncode}
    with open(out) as handle:
        figures = json.load(handle)
    os.unlink(out)
    return figures


def main(argv: list[str] | None = None) -> dict | None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--measure", metavar="OUT")
    parser.add_argument("--small")
    parser.add_argument("--scale")
    parser.add_argument("--year", type=int)
    args = parser.parse_args(argv)
    if args.measure:
        from bench.common import setup_django

        setup_django()
        with open(args.measure, "w") as handle:
            json.dump(measure(args.year), handle)
        return None
    small, scale = run_leg(args.small, args.year), run_leg(args.scale, args.year)
    state = scale.get("state", "error")
    figures = {"state": state, "small": small, "scale": scale}
    if state == "ok" and small.get("state") == "ok":
        figures["queries_constant"] = small["queries"] == scale["queries"]
        figures["people"] = scale["people"]
        figures["verdicts"] = scale["verdicts"]
        figures["seconds"] = scale["seconds"]
        figures["cpu_seconds"] = scale.get("cpu_seconds")
        figures["snapshot_seconds"] = scale.get("snapshot_seconds")
        figures["queries"] = scale["queries"]
    write_result("eligibility", figures)
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
