"""Songlo's benchmark harness: ``make bench`` (PostgreSQL, default scale) and ``make bench-quick``.

Timings go into ``bench/results/*.json`` and the printed summary, never into test assertions.
"""
