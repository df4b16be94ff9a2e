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


def test_bench_summary_and_aims_show_each_page_cost_beside_the_bare_page_and_flag_shared_cores(tmp_path):
    from bench.run import aims

    bare = {
        "label": "Trang trống (base.html) – tt",
        "url_name": "bench_bare",
        "cpu_ms": 4.0,
        "sql_ms": 2.5,
        "sql_queries": 4,
        "load": {"before": [0.2, 0.3, 0.3], "after": [0.4, 0.3, 0.3], "shared": False},
    }
    pages = [
        {"label": "Trang chủ – thường trực", "state": "ok", "status": 200, "queries_small": 10,
         "queries_scale": 10, "grows": False, "cpu_ms": 7.5, "sql_ms": 12.0, "cpu_ratio": 1.88,
         "bare_cpu_ms": 4.0, "db_cpu_ms": 3.0, "sql_explain_ms": 9.5, "aim": {"cpu": True, "sql": True}},
        {"label": "Đề nghị – danh sách", "state": "ok", "status": 200, "queries_small": 11,
         "queries_scale": 11, "grows": False, "cpu_ms": 12.0, "sql_ms": 40.0, "cpu_ratio": 3.0,
         "bare_cpu_ms": 4.0, "shared": True, "aim": {"cpu": False, "sql": False}},
    ]  # fmt: skip
    (tmp_path / "queries.json").write_text(
        json.dumps(
            {"part": "queries", "load": {"before": [1.5, 1, 1], "after": [1.7, 1, 1], "shared": True},
             "figures": {"pages": pages, "bare": [bare], "measured": 2, "grows": []}},
            ensure_ascii=False,
        )
    )  # fmt: skip
    lines = summary(tmp_path).splitlines()
    assert lines[2] == (
        "| queries | Trang chủ – thường trực | 10 → 10 (HTTP 200); 7.5 ms CPU (1.88 × bare 4), "
        "12 ms SQL (EXPLAIN ANALYZE 9.5, database CPU 3) |"
    )
    assert lines[3] == (
        "| queries | Đề nghị – danh sách | 11 → 11 (HTTP 200); 12 ms CPU (3 × bare 4), 40 ms SQL, **cores shared** |"
    )
    assert lines[4] == "| cost | Trang trống (base.html) – tt | 4 ms CPU, 2.5 ms SQL, 4 queries |"
    assert lines[5] == "| load average | queries | 1.5 before, 1.7 after **cores shared: figures not comparable** |"
    verdicts = aims(tmp_path).splitlines()
    assert "| CPU ≤ 2 × bare page: Trang chủ – thường trực | 7.5 ms = 1.88 × 4 | met |" in verdicts
    assert "| SQL ≤ 20 ms: Trang chủ – thường trực | 9.5 ms (EXPLAIN ANALYZE) | met |" in verdicts
    assert "| CPU ≤ 2 × bare page: Đề nghị – danh sách | 12 ms = 3 × 4 (cores shared) | **missed** |" in verdicts
    assert "| SQL ≤ 20 ms: Đề nghị – danh sách | 40 ms (cores shared) | **missed** |" in verdicts


def test_a_page_is_held_to_the_floor_when_tagged():
    from bench.pages import PAGES
    from bench.queries import aimed

    held = {page.label for page in PAGES if aimed(page.tags)}
    assert {"Trang chủ – thủ trưởng", "Trang chủ – thường trực", "Kỳ báo cáo – bảng theo dõi",
            "Đề nghị khen thưởng – danh sách", "Báo cáo – biểu mẫu"} <= held  # fmt: skip
    assert "Cá nhân – quá trình" not in held
