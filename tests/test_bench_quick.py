"""`make bench-quick` end to end, so that the benchmark harness does not rot.

Only the shape of the results is checked: timings belong to the benchmark output, never to
assertions.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "quick"
PARTS = ["seed", "queries", "load", "rush_sqlite", "reminders", "eligibility"]


def test_bench_quick_writes_every_part():
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BENCH_DATABASE_URL")}
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "| part | what | figure |" in result.stdout
    for part in PARTS:
        payload = json.loads((RESULTS / f"{part}.json").read_text())
        assert {"part", "date", "machine", "figures"} <= payload.keys(), part
        assert {"cpu_count", "cpu_model", "python", "django"} <= payload["machine"].keys()
    queries = json.loads((RESULTS / "queries.json").read_text())["figures"]
    home = next(p for p in queries["pages"] if p["label"] == "Trang chủ – thủ trưởng")
    assert (home["state"], home["status"]) == ("ok", 200)
    assert home["queries_small"] is not None and home["queries_scale"] is not None
    load = json.loads((RESULTS / "load.json").read_text())["figures"]
    sql = next(t for t in load["targets"] if t["kind"] == "sql")
    assert sql["failures"] == 0 and sql["requests"] > 0
