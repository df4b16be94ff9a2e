"""The Celery app and the one beat schedule: every periodic job is declared here."""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "songlo.settings")

app = Celery("songlo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Each entry must be safe to run twice or to miss once: the tasks claim stored state.
app.conf.beat_schedule = {
    # Writes the reminder outbox from the stored deadlines, then queues the sending.
    "reminders-scan": {
        "task": "campaigns.scan_reminders",
        "schedule": timedelta(seconds=settings.REMINDER_SCAN_SECONDS),
    },
    # Picks up retries whose backoff is over and rows left by a worker that died; idle otherwise.
    "reminders-send": {"task": "campaigns.send_reminders", "schedule": timedelta(minutes=1)},
    # The daily digest of events: makes held event rows sendable, then sends (one email each).
    "notifications-digest": {
        "task": "campaigns.send_digests",
        "schedule": crontab(hour=settings.NOTIFY_DIGEST_HOUR, minute=0),
    },
    # Deletes import uploads not confirmed within IMPORT_UPLOAD_MAX_AGE_HOURS; requeues stuck jobs.
    "imports-purge": {"task": "awards.purge_imports", "schedule": timedelta(hours=1)},
    # Computes again the eligibility snapshots whose inputs changed (readers never see a stale one).
    "eligibility-refresh": {"task": "awards.refresh_eligibility", "schedule": timedelta(minutes=1)},
}


@app.task(name="songlo.ping", ignore_result=False)
def task_ping() -> str:
    """Round trip used by /healthz-style checks and the worker integration test."""
    return "pong"
