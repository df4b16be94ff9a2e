"""Thin Celery tasks: the logic lives in campaigns.reminders. Both are safe to run twice."""

from celery import shared_task

from campaigns import reminders


@shared_task(name="campaigns.scan_reminders")
def task_scan_reminders() -> int:
    """Write the reminders due now into the outbox, then have them sent."""
    result = reminders.scan()
    task_send_reminders.delay()
    return result.queued


@shared_task(name="campaigns.send_reminders")
def task_send_reminders() -> int:
    """Send every claimable outbox row (new ones, retries whose backoff is over, rows of a dead worker)."""
    return reminders.send_due().sent
