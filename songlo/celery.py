"""The Celery app and the one beat schedule: every periodic job is declared here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songlo.settings")

app = Celery("songlo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each entry must be safe to run twice or to miss once: the tasks claim stored state.
app.conf.beat_schedule = {}


@app.task(name="songlo.ping", ignore_result=False)
def task_ping() -> str:
    """Round trip used by /healthz-style checks and the worker integration test."""
    return "pong"
