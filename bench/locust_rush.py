"""Locust users for the deadline rush: each user is one unit head who logs in, waits until
every head is logged in, then opens their review form and submits it once.

bench/rush.py writes BENCH_RUSH_PLAN (a JSON list of {username, form_path, review_id}) and
reads BENCH_RUSH_OUT (one JSON object per user: review id, status code, times) afterwards.
BENCH_SUBMIT_FIELD names the button that means "submit" (default "submit").
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import time
from pathlib import Path

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, events, task

# Locust puts bench/ on the path, not the project: the form parser is shared with bench/rush_cpu.py.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.htmlforms import review_form

PLAN = json.loads(open(os.environ.get("BENCH_RUSH_PLAN", "/dev/null")).read() or "[]")  # noqa: SIM115
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
SUBMIT_FIELD = os.environ.get("BENCH_SUBMIT_FIELD", "submit")
NEXT = itertools.count()
LOGGED_IN = {"count": 0}
ALL_IN = Event()
RESULTS: list[dict] = []


@events.quitting.add_listener
def write_results(environment, **_kwargs):
    with open(os.environ["BENCH_RUSH_OUT"], "w") as handle:
        json.dump(RESULTS, handle)


class UnitHead(FastHttpUser):
    """geventhttpclient rather than requests: a few ms of Locust's CPU less per request, so that
    one core of Locust keeps up with the server it measures (``locust_cpu_ms_per_submission``)."""

    wait_time = constant(0)
    # The logins queue on the server (PBKDF2): nothing may time out while waiting.
    connection_timeout = 900.0
    network_timeout = 900.0

    def on_start(self):
        index = next(NEXT)
        self.plan = PLAN[index] if index < len(PLAN) else None
        if self.plan is None:
            return
        page = self.client.get("/login/", name="login form")
        form = review_form(page.text) or {"fields": {}}
        token = form["fields"].get("csrfmiddlewaretoken", "")
        self.client.post(
            "/login/",
            data={"username": self.plan["username"], "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/login/"},
            name="login",
            allow_redirects=False,
        )
        LOGGED_IN["count"] += 1
        if LOGGED_IN["count"] >= len(PLAN):
            # Tells bench/rush.py that the window opens: it reads the server's CPU time now.
            with open(f"{os.environ['BENCH_RUSH_OUT']}.window", "w") as handle:
                handle.write(str(time.time()))
            ALL_IN.set()

    @task
    def submit(self):
        if self.plan is None:
            self.stop()
            return
        ALL_IN.wait(timeout=600)
        row = {"review_id": self.plan["review_id"], "started": time.time()}
        page = self.client.get(self.plan["form_path"], name="review form")
        form = review_form(page.text)
        if page.status_code != 200 or form is None:
            row.update(status=page.status_code, ok=False, reason="no form")
        else:
            data = {**form["fields"], SUBMIT_FIELD: "1"}
            with self.client.post(
                form["action"] or self.plan["form_path"],
                data=data,
                headers={"Referer": f"{self.host}{self.plan['form_path']}"},
                name="review submit",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                row.update(status=response.status_code, ok=response.status_code in (200, 201, 302, 303))
                # A 200 here is the form shown again with its errors: not a submission.
                if response.status_code == 200:
                    row.update(ok=False, reason="form errors")
                    response.failure("form shown again")
        row["finished"] = time.time()
        RESULTS.append(row)
        if len(RESULTS) >= len(PLAN):
            gevent.spawn_later(0.5, self.environment.runner.quit)
        self.stop()
