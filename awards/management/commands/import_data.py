from django.core.management.base import BaseCommand, CommandError

from awards.importer import ImportProblems, run_import


class Command(BaseCommand):
    help = "Import units, people, ratings, initiatives, award history and discipline (all or nothing; upsert by code)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="An .xlsx workbook or a folder of .csv files")
        parser.add_argument("--dry-run", action="store_true", help="Only say what would change.")

    def handle(self, *args, path, dry_run, **options):
        try:
            report = run_import(path, dry_run=dry_run)
        except ImportProblems as problems:
            raise CommandError(
                "Không nhập được, chưa ghi gì vào cơ sở dữ liệu:\n" + "\n".join(problems.problems)
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Thử nhập xong (chưa ghi)." if dry_run else "Đã nhập xong."))
