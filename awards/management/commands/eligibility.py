import json

from django.core.management.base import BaseCommand, CommandError

from awards.eligibility import evaluate, order_for_ties
from awards.models import AwardType, Household, Person
from organisation.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Who is eligible for which award in a year, with the reason for every condition. Listed by award, "
        "eligible first; on ties women and collectives with at least 70% women come first (docs/domain.md#rule-10)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--award", help="Award code (docs/domain.md#rule-1), e.g. CSTDCS")
        parser.add_argument("--subject", help="Person, unit or household code")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, year, award, subject, format, **options):
        if award and not AwardType.objects.filter(code=award).exists():
            raise CommandError(f"Không có mã khen thưởng “{award}” trong danh mục.")
        persons, units = Person.objects.all(), OrgUnit.objects.all()
        # Households only for a household award (GDVH) or when asked for by code.
        households = Household.objects.all() if award and AwardType.objects.get(code=award).for_household else None
        if subject:
            persons, units = Person.objects.filter(code=subject), OrgUnit.objects.filter(code=subject)
            households = Household.objects.filter(code=subject)
            if not persons.exists() and not units.exists() and not households.exists():
                raise CommandError(f"Không có cá nhân, đơn vị hay hộ gia đình nào có mã “{subject}”.")
        verdicts = evaluate(
            year=year, persons=persons, units=units, households=households, awards=[award] if award else None
        )
        # docs/domain.md#rule-10: by award, eligible first; on ties women and collectives with ≥ 70% women first.
        verdicts = order_for_ties(verdicts)
        if format == "json":
            self.stdout.write(json.dumps([v.as_json() for v in verdicts], ensure_ascii=False, indent=1))
            return
        for verdict in verdicts:
            mark = "ĐỦ" if verdict.eligible else "CHƯA ĐỦ"
            self.stdout.write(f"{verdict.subject.code}\t{verdict.award}\t{verdict.year}\t{mark}")
            for reason in verdict.reasons:
                self.stdout.write(f"    - {reason}")
