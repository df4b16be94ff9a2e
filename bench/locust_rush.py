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
import time
from html.parser import HTMLParser

import gevent
from gevent.event import Event
from locust import HttpUser, constant, events, task

PLAN = json.loads(open(os.environ.get("BENCH_RUSH_PLAN", "/dev/null")).read() or "[]")  # noqa: SIM115
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
SUBMIT_FIELD = os.environ.get("BENCH_SUBMIT_FIELD", "submit")
NEXT = itertools.count()
LOGGED_IN = {"count": 0}
ALL_IN = Event()
RESULTS: list[dict] = []
FILLER = "Nội dung báo cáo trong đợt nộp dồn trước hạn (thử tải)."


class Forms(HTMLParser):
    """The page's forms: their method, action and fields with a value to send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (a.get("method") or "get").lower(),
                    "action": a.get("action") or "",
                    "fields": {},
                    "multipart": "multipart" in (a.get("enctype") or ""),
                }
            )
            return
        if not self.forms or not a.get("name"):
            return
        fields = self.forms[-1]["fields"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[a["name"]] = a.get("value", "on")
                return
            value = a.get("value") or ""
            if not value and kind != "hidden":
                value = a.get("min") or "1" if kind == "number" else "1"
            fields[a["name"]] = value
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and self._select not in fields:
            fields[self._select] = a.get("value", "")

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            fields = self.forms[-1]["fields"]
            fields[self._textarea] = fields[self._textarea].strip() or FILLER
            self._textarea = None
        elif tag == "select":
            self._select = None


def review_form(html: str) -> dict | None:
    parser = Forms()
    parser.feed(html)
    candidates = [
        f for f in parser.forms if f["method"] == "post" and not f["multipart"] and "csrfmiddlewaretoken" in f["fields"]
    ]
    return max(candidates, key=lambda f: len(f["fields"]), default=None)


@events.quitting.add_listener
def write_results(environment, **_kwargs):
    with open(os.environ["BENCH_RUSH_OUT"], "w") as handle:
        json.dump(RESULTS, handle)


class UnitHead(HttpUser):
    wait_time = constant(0)

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
