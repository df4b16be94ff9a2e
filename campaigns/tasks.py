"""Thin Celery tasks: the logic lives in campaigns.reminders. Both are safe to run twice."""

from celery import shared_task

from campaigns import events, reminders


@shared_task(name="campaigns.scan_reminders")
def task_scan_reminders() -> int:
    """Write the reminders due now into the outbox, then have them sent by as many send passes
    as the rows need (``reminders.senders_for``), which the workers run side by side."""
    result = reminders.scan()
    for _ in range(reminders.senders_for(result.queued)):
        task_send_reminders.delay()
    return result.queued


@shared_task(name="campaigns.send_reminders")
def task_send_reminders() -> int:
    """Send every claimable outbox row (new ones, retries whose backoff is over, rows of a dead worker)."""
    return reminders.send_due().sent


@shared_task(name="campaigns.send_digests")
def task_send_digests() -> int:
    """The daily digest: held event rows become sendable, then everything due is sent."""
    events.digest_release()
    return reminders.send_due().sent
