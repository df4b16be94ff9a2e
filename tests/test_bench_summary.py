"""The benchmark harness's table, from the JSON each part writes.

`make bench-quick` runs the harness end to end, as a step of its own in `.ci/run` (not inside
pytest: it takes minutes). Here only the summary it prints is checked, on results written by hand.
"""

import json

from bench.run import summary


def _write(directory, part: str, figures: dict) -> None:
    (directory / f"{part}.json").write_text(json.dumps({"part": part, "figures": figures}, ensure_ascii=False))


def test_bench_summary_has_one_row_per_figure_of_the_parts_written(tmp_path):
    _write(
        tmp_path,
        "queries",
        {
            "pages": [
                {"label": "Trang chủ – thủ trưởng", "state": "ok", "status": 200, "queries_small": 14,
                 "queries_scale": 14, "grows": False},
                {"label": "Danh sách hồ sơ", "state": "ok", "status": 200, "queries_small": 9,
                 "queries_scale": 31, "grows": True},
            ]
        },
    )  # fmt: skip
    _write(
        tmp_path,
        "rush_sqlite",
        {
            "state": "ok",
            "users": 4,
            "submissions_per_s": 12.5,
            "error_rate": 0.0,
            "lost": 0,
            "duplicated": 0,
            "cpu_ms_per_submission": 21.3,
            "gunicorn_workers": 3,
            "load_average_before": [0.52, 0.4, 0.3],
        },
    )
    _write(tmp_path, "eligibility", {"people": 150, "verdicts": 300, "seconds": 0.25, "queries": 6})

    assert summary(tmp_path).splitlines() == [
        "| part | what | figure |",
        "|---|---|---|",
        "| queries | Trang chủ – thủ trưởng | 14 → 14 (HTTP 200) |",
        "| queries | Danh sách hồ sơ | 9 → 31 **grows** (HTTP 200) |",
        "| rush (sqlite) | 4 heads submit | 12.5/s, errors 0, lost 0, duplicated 0; server CPU 21.3 ms a submission "
        "(GET + POST), 3 workers, load 0.52 |",
        "| eligibility | people, verdicts, seconds, queries | 150, 300, 0.25, 6 |",
    ]
