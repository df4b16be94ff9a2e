from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from songlo.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar.gz) of the database (pg_dump, or SQLite's online backup) and every stored "
        "file, with a manifest: Songlo version, migrations, database vendor, time, SHA-256 of each file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive to write, e.g. /var/backups/songlo/2025-01-31.tar.gz")
        parser.add_argument("--database", default="default", help="Database alias (default: default)")

    def handle(self, *args, path: Path, database: str, **options):
        try:
            manifest = backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Đã sao lưu vào {path}: cơ sở dữ liệu {manifest['database']['vendor']} "
            f"({manifest['database']['size']} byte) và {len(manifest['files'])} tệp."
        )
