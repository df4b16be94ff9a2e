"""`backup` writes one archive that `restore` brings back elsewhere, row for row and byte for byte."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from songlo.backup import MANIFEST, media_files
from tests.catalogue import restore_catalogue

FILES = {
    "private/evidence/bao-cao.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 40,
    "private/dossiers/ảnh tập thể.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 1000,
    "private/dossiers/empty.bin": b"",
}


def checksums(root: Path) -> dict[str, str]:
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in media_files(root)}


def table_rows(wrapper) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with wrapper.cursor() as cursor:
        tables = wrapper.introspection.table_names(cursor)
        rows = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {wrapper.ops.quote_name(table)}")  # noqa: S608 (names from the schema)
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


class Scratch:
    """A database to restore into: a new SQLite file, or a new PostgreSQL database (dropped after)."""

    def __init__(self, tmp_path: Path):
        params = connection.settings_dict
        if connection.vendor == "sqlite":
            self.name = str(tmp_path / "restored.sqlite3")
            self.url = f"sqlite:///{self.name}"
        else:
            self.name = f"{params['NAME']}_restore"
            password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
            self.url = f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT']}/{self.name}"
        self.wrapper = type(connections[DEFAULT_DB_ALIAS])(
            {**params, "NAME": self.name, "OPTIONS": {}}, alias="restored"
        )

    def __enter__(self) -> Scratch:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)}")
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(self.name)}")
        return self

    def __exit__(self, *exc) -> None:
        self.wrapper.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)}")


def manage(*args: str, url: str, media: Path) -> subprocess.CompletedProcess:
    """Run manage.py in a process of its own, on another database and media folder."""
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media), "DEBUG": "true"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_of_the_seeded_data_restores_every_row_and_file_elsewhere(tmp_path, settings):
    restore_catalogue()
    call_command("seed_demo", i_know_this_is_a_demo=True, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, content in FILES.items():
        (settings.MEDIA_ROOT / name).parent.mkdir(parents=True, exist_ok=True)
        (settings.MEDIA_ROOT / name).write_bytes(content)
    archive = tmp_path / "songlo.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())
    with Scratch(tmp_path) as scratch:
        restored = manage("restore", str(archive), url=scratch.url, media=tmp_path / "restored-media")
        again = manage("restore", str(archive), url=scratch.url, media=tmp_path / "restored-media")
        source_rows, restored_rows = table_rows(connection), table_rows(scratch.wrapper)

    assert restored.returncode == 0, restored.stderr
    assert f"Đã khôi phục {len(source_rows)} bảng và 3 tệp" in restored.stdout
    assert len(source_rows["awards_person"]) == 104  # the demo people, with the two namesakes of the imported list
    assert restored_rows == source_rows
    assert checksums(tmp_path / "restored-media") == checksums(settings.MEDIA_ROOT)
    assert len(checksums(settings.MEDIA_ROOT)) == 3
    assert again.returncode == 1
    assert "chỉ khôi phục vào cơ sở dữ liệu trống" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_manifest_names_version_migrations_vendor_and_file_checksums(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "private").mkdir(parents=True)
    (settings.MEDIA_ROOT / "private" / "a.txt").write_bytes(b"abc")
    archive = tmp_path / "b.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        names = tar.getnames()
    assert names[0] == MANIFEST
    assert archive.stat().st_mode & 0o777 == 0o600
    assert set(names) == {MANIFEST, manifest["database"]["file"], "media/private/a.txt"}
    assert (manifest["format"], manifest["songlo_version"], manifest["database"]["vendor"]) == (
        1,
        "0.1.0",
        connection.vendor,
    )
    assert manifest["migrations"]["awards"][0] == "0001_catalogue_history_nominations"
    assert manifest["files"] == {"media/private/a.txt": hashlib.sha256(b"abc").hexdigest()}


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    archive = tmp_path / "c.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with pytest.raises(CommandError, match="chỉ khôi phục vào cơ sở dữ liệu trống"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_backup_refuses_to_run_inside_an_open_transaction(tmp_path):
    with pytest.raises(CommandError, match="bên trong một giao dịch"):
        call_command("backup", str(tmp_path / "d.tar.gz"))

    assert list(tmp_path.iterdir()) == []


def _archive_with(tmp_path: Path, manifest: dict, members: dict[str, bytes]) -> Path:
    path = tmp_path / "made.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {MANIFEST: json.dumps(manifest).encode(), **members}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_no_backup(tmp_path):
    path = _archive_with(tmp_path, {"hello": 1}, {})

    with pytest.raises(CommandError, match="không phải bản sao lưu Songlo"):
        call_command("restore", str(path), "--force")


@pytest.mark.django_db
def test_restore_refuses_a_file_outside_the_media_folder_before_touching_anything(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    manifest = {
        "format": 1,
        "songlo_version": "0.1.0",
        "database": {"vendor": connection.vendor, "file": "database.x", "sha256": "0", "size": 0},
        "migrations": {},
        "files": {"media/../../escape.txt": "0"},
    }
    path = _archive_with(tmp_path, manifest, {"media/../../escape.txt": b"x"})

    with pytest.raises(CommandError, match="tệp nằm ngoài thư mục media"):
        call_command("restore", str(path), "--force")
    assert connection.introspection.table_names() != []


@pytest.mark.django_db
def test_restore_refuses_an_archive_of_a_newer_songlo(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    manifest = {
        "format": 1,
        "songlo_version": "9.0.0",
        "database": {"vendor": connection.vendor, "file": "database.x", "sha256": "0", "size": 0},
        "migrations": {"awards": ["0001_catalogue_history_nominations", "0999_from_the_future"]},
        "files": {},
    }
    path = _archive_with(tmp_path, manifest, {})

    with pytest.raises(CommandError, match=r"awards\.0999_from_the_future"):
        call_command("restore", str(path), "--force")
