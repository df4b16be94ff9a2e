from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from songlo.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into an empty database and an empty media folder "
        "(--force: drop the tables and files that are there first). Checks every checksum."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive written by `manage.py backup`")
        parser.add_argument("--database", default="default", help="Database alias (default: default)")
        parser.add_argument(
            "--force", action="store_true", help="Replace the tables and files already there (they are lost)"
        )

    def handle(self, *args, path: Path, database: str, force: bool, **options):
        try:
            restored = restore(path, using=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Đã khôi phục {restored.tables} bảng và {restored.files} tệp từ {path}.")
        if restored.pending_migrations:
            self.stdout.write(
                f"Mã nguồn có {len(restored.pending_migrations)} migration mới hơn bản sao lưu: "
                "chạy `python manage.py migrate`."
            )
