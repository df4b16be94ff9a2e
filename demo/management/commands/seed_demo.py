from django.core.management.base import BaseCommand
from django.db import transaction

from demo import awards as awards_demo
from demo import campaigns as campaigns_demo


class Command(BaseCommand):
    help = "Load the Sông Lô demo data (idempotent: running it again changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        org = campaigns_demo.seed_organisation()
        campaigns_demo.seed_accounts(org)
        campaigns_demo.seed_cycle(org)
        people = awards_demo.seed(org)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dữ liệu mẫu Sông Lô: {len(org.units)} đơn vị, {people} cá nhân; mật khẩu chung của tài khoản mẫu: "
                f"{campaigns_demo.DEMO_PASSWORD}"
            )
        )
