"""Locust users for the load benchmark: every user GETs one page as one logged-in account.

Configured by environment (bench/load.py sets it): BENCH_PATH, BENCH_NAME, BENCH_USERNAME,
BENCH_PASSWORD (empty username: anonymous). The login happens once, before the users start,
so that password hashing does not land inside the measured window; users share that session.
"""

import json
import os
import re
import time

import requests
from locust import HttpUser, constant, events, task

PATH = os.environ.get("BENCH_PATH", "/healthz")
NAME = os.environ.get("BENCH_NAME", PATH)
SESSION: dict = {}
# Every request's (response time in ms, ok, end time): written to BENCH_OUT when Locust quits, so
# that bench/load.py computes exact percentiles over the whole run (Locust's CSV is written on a
# timer and can miss the last seconds of a short run).
SAMPLES: list = []


@events.request.add_listener
def record(name, response_time, exception, **_kwargs):
    if name == NAME:
        SAMPLES.append((response_time, exception is None, time.time()))


@events.quitting.add_listener
def dump(environment, **_kwargs):
    out = os.environ.get("BENCH_OUT")
    if out:
        with open(out, "w") as handle:
            json.dump(SAMPLES, handle)


@events.test_start.add_listener
def login(environment, **_kwargs):
    username = os.environ.get("BENCH_USERNAME")
    if not username:
        return
    http = requests.Session()
    page = http.get(f"{environment.host}/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    response = http.post(
        f"{environment.host}/login/",
        data={
            "username": username,
            "password": os.environ.get("BENCH_PASSWORD", ""),
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": f"{environment.host}/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302 or "sessionid" not in http.cookies:
        raise RuntimeError(f"login as {username} failed: HTTP {response.status_code}")
    SESSION.update(http.cookies.get_dict())


class PageUser(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        for key, value in SESSION.items():
            self.client.cookies.set(key, value)

    @task
    def page(self):
        with self.client.get(PATH, name=NAME, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
