"""The CPU one submission of the deadline rush costs the server: a unit head's GET of the review
form and POST of it with "submit", called in-process through the same WSGI application and
settings gunicorn serves in the rush (bench/wsgi.py, DEBUG off), one request at a time, warm.

Reports per request the process CPU time (median and mean), the queries and their time (wall
time inside the database calls), over ``--n`` heads of a fresh period (bench.rush.prepare),
after ``--warm`` submissions not counted. ``--profile`` prints cProfile's top functions.

``python -m bench.rush_cpu --database URL [--n 60] [--warm 10] [--profile 40]``
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.load import server_env


def _environ(method: str, path: str, cookies: dict, data: dict | None = None) -> dict:
    body = urlencode(data or {}).encode()
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "HTTP_REFERER": f"http://127.0.0.1{path}",
        "CONTENT_TYPE": "application/x-www-form-urlencoded" if data is not None else "",
        "CONTENT_LENGTH": str(len(body)) if data is not None else "",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


class Browser:
    """One head's cookies against the WSGI application, as gunicorn would call it."""

    def __init__(self, application, cookies: dict):
        self.application = application
        self.cookies = dict(cookies)

    def call(self, method: str, path: str, data: dict | None = None) -> tuple[int, str]:
        seen: dict = {}

        def start_response(status, headers, exc_info=None):
            seen["status"] = int(status.split()[0])
            for name, value in headers:
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]

        response = self.application(_environ(method, path, self.cookies, data), start_response)
        try:
            body = b"".join(response)
        finally:
            if hasattr(response, "close"):
                response.close()
        return seen["status"], body.decode()


class Counter:
    """Queries and their wall time, through a connection execute wrapper."""

    def __init__(self):
        self.queries = 0
        self.seconds = 0.0
        self.log: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1
            self.log.append(f"{(time.perf_counter() - started) * 1000:6.2f} ms  {sql[:300]}")


def submission(browser: Browser, form_path: str, counter: Counter) -> dict:
    from bench.htmlforms import review_form

    figures = {}
    for step in ("get", "post"):
        counter.queries, counter.seconds, counter.log = 0, 0.0, []
        started = time.process_time()
        if step == "get":
            status, html = browser.call("GET", form_path)
            cpu = time.process_time() - started  # parsing the page below is the client's work
            form = review_form(html) if status == 200 else None
            browser.last_html = html
            if form is None:
                raise SystemExit(f"rush_cpu: no form at {form_path} (HTTP {status})")
            data = {**form["fields"], "submit": "1"}
        else:
            status, _html = browser.call("POST", form["action"] or form_path, data)
            cpu = time.process_time() - started
            if status not in (302, 303):
                raise SystemExit(f"rush_cpu: the submit of {form_path} answered HTTP {status}")
        if step == "get":
            counter.get_log = counter.log
        else:
            counter.post_log = counter.log
        figures[step] = {"cpu_ms": cpu * 1000, "queries": counter.queries, "sql_ms": counter.seconds * 1000}
    return figures


def _bare_path() -> str | None:
    """The bare page in the base template (``bench_bare``, bench/urls.py), when the harness has it."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("bench_bare")
    except NoReverseMatch:
        return None


def bare_request(browser: Browser, path: str, counter: Counter) -> dict:
    """One request of the bare page by the same head, just before their form (same conditions)."""
    counter.queries, counter.seconds = 0, 0.0
    started = time.process_time()
    status, _html = browser.call("GET", path)
    cpu = time.process_time() - started
    if status != 200:
        raise SystemExit(f"rush_cpu: the bare page answered HTTP {status}")
    return {"cpu_ms": cpu * 1000, "queries": counter.queries, "sql_ms": counter.seconds * 1000}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--warm", type=int, default=10)
    parser.add_argument("--profile", type=int, default=0, help="print this many functions of cProfile")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--sql", action="store_true", help="print the queries of the last submission")
    parser.add_argument("--html", default="", help="write the last review form page (GET) to this file")
    args = parser.parse_args(argv)
    os.environ.update(server_env(args.database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "songlo.settings"
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from bench.rush import DEFAULT_URL_NAME, prepare
    from bench.wsgi import application

    _period_id, plan = prepare(args.n + args.warm, DEFAULT_URL_NAME)
    users = get_user_model().objects.in_bulk([row["username"] for row in plan], field_name="username")
    browsers = []
    for row in plan:
        client = Client()
        client.force_login(users[row["username"]])
        browsers.append((Browser(application, {k: m.value for k, m in client.cookies.items()}), row["form_path"]))
    connection.close()
    counter = Counter()
    rows: list[dict] = []
    bares: list[dict] = []
    bare_path = _bare_path()
    profiler = None
    with connection.execute_wrapper(counter):
        for i, (browser, path) in enumerate(browsers):
            if i == args.warm and args.profile:
                import cProfile

                profiler = cProfile.Profile(time.process_time)  # CPU, not waits on the database
                profiler.enable()
            bare = bare_request(browser, bare_path, counter) if bare_path else None
            figures = submission(browser, path, counter)
            if i >= args.warm:
                rows.append(figures)
                if bare:
                    bares.append(bare)
    if args.html:
        Path(args.html).write_text(browsers[-1][0].last_html)
    if args.sql:
        print("\n".join(["GET", *counter.get_log, "POST", *counter.post_log]))
    if profiler is not None:
        import pstats

        profiler.disable()
        if os.environ.get("BENCH_PROFILE_OUT"):
            profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    result = {}
    for step in ("get", "post"):
        cpu = [r[step]["cpu_ms"] for r in rows]
        result[step] = {
            "cpu_ms_median": round(statistics.median(cpu), 2),
            "cpu_ms_mean": round(statistics.fmean(cpu), 2),
            # The quickest tenth: the least disturbed by other work on a shared machine.
            "cpu_ms_p10": round(sorted(cpu)[len(cpu) // 10], 2),
            "queries": max(r[step]["queries"] for r in rows),
            "sql_ms_median": round(statistics.median(r[step]["sql_ms"] for r in rows), 2),
        }
    if bares:
        # Issue 16's floor: the review form's GET and POST against the bare page of the same
        # heads, each bare request just before the head's form.
        result["bare"] = {
            "cpu_ms_median": round(statistics.median(r["cpu_ms"] for r in bares), 2),
            "queries": max(r["queries"] for r in bares),
            "sql_ms_median": round(statistics.median(r["sql_ms"] for r in bares), 2),
        }
        for step in ("get", "post"):
            result[step]["x_bare"] = round(result[step]["cpu_ms_median"] / result["bare"]["cpu_ms_median"], 2)
    total = [r["get"]["cpu_ms"] + r["post"]["cpu_ms"] for r in rows]
    result["submission_cpu_ms_median"] = round(statistics.median(total), 2)
    result["submission_cpu_ms_mean"] = round(statistics.fmean(total), 2)
    result["submission_cpu_ms_p10"] = round(sorted(total)[len(total) // 10], 2)
    result["one_core_ceiling_per_s"] = round(1000 / statistics.fmean(total), 1)
    result["n"] = len(rows)
    result["load_average"] = os.getloadavg()
    print(result)
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
