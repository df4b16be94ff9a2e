from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from campaigns import reminders


class Command(BaseCommand):
    help = "One pass of the reminder scan, then send the outbox in this process (for installs without a beat)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Pretend it is this moment (ISO 8601, e.g. 2025-06-27T08:00; without an offset: Asia/Ho_Chi_Minh).",
        )

    def handle(self, *args, now=None, **options):
        moment = timezone.now()
        if now:
            moment = parse_datetime(now)
            if moment is None:
                raise CommandError(f"--now={now!r} is not an ISO date-time (e.g. 2025-06-27T08:00).")
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
        scanned = reminders.scan(now=moment)
        sent = reminders.send_due(now=moment)
        self.stdout.write(
            f"Đã xếp hàng {scanned.queued} nhắc hạn; đã gửi {sent.sent} nhắc hạn trong {sent.emails} thư "
            f"(thử lại sau: {sent.retried}, lỗi: {sent.failed}, bỏ qua: {sent.skipped})."
        )
        for error in sent.errors[:5]:
            self.stderr.write(error)
