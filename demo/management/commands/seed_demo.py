from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import awards as awards_demo
from demo import campaigns as campaigns_demo
from demo import statistics as statistics_demo
from demo import submissions as submissions_demo


class Command(BaseCommand):
    help = (
        "Load the Sông Lô demo data (idempotent: running it again changes nothing). Its accounts share a "
        "published password, so with DEBUG off it runs only when given --i-know-this-is-a-demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-a-demo",
            action="store_true",
            help="Seed even with DEBUG off (a demo or test server, never production data).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["i_know_this_is_a_demo"]:
            raise CommandError(
                "seed_demo creates accounts whose password is published: with DEBUG off it refuses to run. "
                "On a demo or test server, pass --i-know-this-is-a-demo."
            )
        self.seed()

    @transaction.atomic
    def seed(self):
        org = campaigns_demo.seed_organisation()
        campaigns_demo.seed_accounts(org)
        campaigns_demo.seed_cycle(org)
        people = awards_demo.seed(org)
        submissions_demo.seed_submissions(org)
        statistics_demo.seed_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu Sông Lô: {len(org.units)} đơn vị, {people} cá nhân; mật khẩu chung của tài khoản mẫu: "
                f"{campaigns_demo.DEMO_PASSWORD}"
            )
        )
