"""Helpers shared by the benchmark parts: machine description, result files, percentiles."""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Above this one-minute load average before a timed part starts, something else shared the cores:
# the part's figures are flagged "shared" (README: reproduce on a quiet machine).
QUIET_LOAD = 0.5


def loadavg() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (zeros where the OS does not say)."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return [0.0, 0.0, 0.0]


def load_window(before: list[float], after: list[float] | None = None) -> dict:
    """The load average around a timed span and whether other work shared the cores."""
    after = after if after is not None else loadavg()
    return {"before": before, "after": after, "shared": before[0] > QUIET_LOAD}


def settle(limit: float | None = None) -> dict:
    """Wait (up to ``limit`` seconds, BENCH_SETTLE_SECONDS, default 90) until the one-minute load
    average falls to the quiet level, so that one timed span's own load does not count against
    the next. Each span records the load average around it (``load_window``)."""
    import time

    limit = float(os.environ.get("BENCH_SETTLE_SECONDS", 90)) if limit is None else limit
    started = time.monotonic()
    while loadavg()[0] > QUIET_LOAD and time.monotonic() - started < limit:
        time.sleep(5)
    return {"waited_s": round(time.monotonic() - started), "load": loadavg()}


# Every part runs in its own process: its load window starts when it imports this module.
PART_STARTED_LOAD = loadavg()
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


def results_dir() -> Path:
    path = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return "absent"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "absent"


def machine() -> dict:
    """What the figures were measured on."""
    import django

    bin_dir = Path(PYTHON).parent
    info = {
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": _version([str(bin_dir / "gunicorn"), "--version"]),
        "locust": _version([str(bin_dir / "locust"), "--version"]).split(" from ")[0],
        "postgresql": _version(["psql", "--version"]),
        "sqlite": __import__("sqlite3").sqlite_version,
    }
    return info


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def write_result(part: str, figures: dict, *, scale: dict | None = None) -> Path:
    """Write ``bench/results/<part>.json`` with the figures, the machine and the date."""
    payload = {
        "part": part,
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "quick": os.environ.get("BENCH_QUICK") == "1",
        "scale": scale or {},
        "machine": machine(),
        "load": load_window(PART_STARTED_LOAD),
        "figures": figures,
    }
    path = results_dir() / f"{part}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


def percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def setup_django(database_url: str | None = None) -> None:
    """Configure Django for an in-process part (``DATABASE_URL`` must be set before this)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songlo.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
