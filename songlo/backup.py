"""Backups that restore: the database and the stored files in one archive with a manifest.

The archive is a ``.tar.gz`` holding ``manifest.json`` (first), the database
(``database.dump``: ``pg_dump --format=custom``; or ``database.sqlite3``: a copy made with
SQLite's online backup API) and every file under ``MEDIA_ROOT`` as ``media/<path>``. The manifest
says what was saved: Songlo's version, the migrations applied, the database vendor, when, and
a SHA-256 of the database copy and of every file, which ``restore`` checks.

Consistency: the database copy is one snapshot (pg_dump runs in one repeatable-read transaction;
the SQLite backup API copies a consistent image). Files are copied after it: stored files never
change once written (random names), so every file the snapshot refers to is there, except one
deleted in the seconds between the two (a row deleted after the snapshot).
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or a restore cannot be done, in words an operator can act on."""


@dataclass
class Restored:
    tables: int
    files: int
    pending_migrations: list[str]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path) -> Iterator[tuple[str, Path]]:
    """(archive name, path) of every regular file under ``root``, in a stable order."""
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield PurePosixPath(MEDIA, *path.relative_to(root).parts).as_posix(), path


def songlo_version() -> str:
    try:
        return metadata.version("songlo")
    except metadata.PackageNotFoundError:
        return _pyproject_version()


def _pyproject_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _outside_transaction(connection: BaseDatabaseWrapper) -> None:
    # pg_dump would not see what the open transaction wrote, and SQLite's backup would wait on
    # the transaction's own lock for ever.
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu, khôi phục bên trong một giao dịch (transaction) đang mở.")


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_FILE:
        raise BackupError(f"Sao lưu chỉ hỗ trợ PostgreSQL và SQLite, không hỗ trợ {connection.vendor}.")
    return connection.vendor


# PostgreSQL -----------------------------------------------------------------------------------------
def _pg_command(program: str, connection: BaseDatabaseWrapper, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment for ``program`` (pg_dump, pg_restore) on ``connection``."""
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"Không tìm thấy {program}: cần cài PostgreSQL client (gói postgresql-client) cùng phiên bản với máy chủ."
        )
    params = connection.settings_dict
    command = [executable, "--no-password"]
    if params.get("HOST"):
        command += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        command += ["--port", str(params["PORT"])]
    if params.get("USER"):
        command += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return [*command, *args], env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} báo lỗi: {result.stderr.strip() or result.returncode}")


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    command, env = _pg_command(
        "pg_dump",
        connection,
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--file",
        str(target),
        "--dbname",
        str(connection.settings_dict["NAME"]),
    )
    _run(command, env)


def _pg_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    command, env = _pg_command(
        "pg_restore",
        connection,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        str(connection.settings_dict["NAME"]),
        str(source),
    )
    _run(command, env)


# SQLite ---------------------------------------------------------------------------------------------
def _sqlite_raw(connection: BaseDatabaseWrapper) -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    copy = sqlite3.connect(target)
    try:
        _sqlite_raw(connection).backup(copy)
    finally:
        copy.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    image = sqlite3.connect(source)
    try:
        image.backup(_sqlite_raw(connection))
    finally:
        image.close()


# Backup ---------------------------------------------------------------------------------------------
def backup(path: Path, *, using: str = DEFAULT_DB_ALIAS, media_root: Path | None = None) -> dict[str, Any]:
    """Write the archive to ``path`` (replaced only once complete). Returns the manifest."""
    connection = connections[using]
    vendor = _vendor(connection)
    _outside_transaction(connection)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="songlo-backup-", dir=path.parent) as work:
        database = Path(work) / DATABASE_FILE[vendor]
        (_pg_dump if vendor == "postgresql" else _sqlite_dump)(connection, database)
        files = [(name, source, sha256_of(source)) for name, source in media_files(media_root)]
        manifest = {
            "format": FORMAT,
            "songlo_version": songlo_version(),
            "created_at": timezone.now().isoformat(),
            "database": {
                "vendor": vendor,
                "file": database.name,
                "sha256": sha256_of(database),
                "size": database.stat().st_size,
            },
            "migrations": applied_migrations(connection),
            "files": {name: digest for name, _source, digest in files},
        }
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
            archive.add(database, arcname=database.name, recursive=False)
            for name, source, _digest in files:
                archive.add(source, arcname=name, recursive=False)
        # Personal data and password hashes: readable by the owner only.
        partial.chmod(0o600)
        os.replace(partial, path)
    return manifest


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


# Restore --------------------------------------------------------------------------------------------
def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
        handle = archive.extractfile(member)
        manifest = json.loads(handle.read()) if handle else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Tệp này không phải bản sao lưu Songlo (không đọc được manifest.json định dạng 1).")
    return manifest


def database_tables(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _drop_tables(connection: BaseDatabaseWrapper) -> None:
    tables = database_tables(connection)
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _copy_checked(archive: tarfile.TarFile, name: str, target: Path, expected: str) -> None:
    """Extract one member to ``target`` through a checksum; never follow the member's own path."""
    member = archive.getmember(name)
    if not member.isfile():
        raise BackupError(f"{name} trong bản sao lưu không phải là tệp thường.")
    source = archive.extractfile(member)
    if source is None:
        raise BackupError(f"Không đọc được {name} trong bản sao lưu.")
    digest = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while block := source.read(CHUNK):
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != expected:
        target.unlink()
        raise BackupError(f"{name} không khớp mã kiểm tra (SHA-256): bản sao lưu đã bị hỏng.")


def _safe_media_path(media_root: Path, name: str) -> Path:
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or parts[0] != MEDIA or any(p in {"..", ""} for p in parts) or PurePosixPath(name).is_absolute():
        raise BackupError(f"Bản sao lưu có tệp nằm ngoài thư mục media: {name}")
    return media_root.joinpath(*parts[1:])


def restore(
    path: Path, *, using: str = DEFAULT_DB_ALIAS, media_root: Path | None = None, force: bool = False
) -> Restored:
    """Bring the archive at ``path`` back into the database ``using`` and ``media_root``.

    Refuses (BackupError) a database that has tables or a media folder that has files, unless
    ``force`` (then the tables are dropped and the files overwritten), an archive of another
    database vendor, an archive with migrations this code does not know (made by a newer Songlo),
    and a damaged archive (checksums).
    """
    connection = connections[using]
    vendor = _vendor(connection)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the `with` below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Không mở được {path}: {error}") from None
    with archive:
        manifest = read_manifest(archive)
        targets = {name: _safe_media_path(media_root, name) for name in manifest["files"]}
        database = manifest["database"]
        if database["vendor"] != vendor:
            raise BackupError(
                f"Bản sao lưu này của cơ sở dữ liệu {database['vendor']}; cơ sở dữ liệu đang cấu hình là {vendor}."
            )
        known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        unknown = [f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names]
        unknown = [m for m in unknown if tuple(m.split(".", 1)) not in known]
        if unknown:
            raise BackupError(
                "Bản sao lưu được tạo bởi phiên bản Songlo mới hơn (có migration chưa biết: "
                f"{', '.join(unknown[:5])}). Hãy khôi phục bằng Songlo phiên bản {manifest['songlo_version']}."
            )
        tables = database_tables(connection)
        existing = list(media_files(media_root))
        if (tables or existing) and not force:
            raise BackupError(
                f"Cơ sở dữ liệu đang có {len(tables)} bảng và thư mục media có {len(existing)} tệp: chỉ khôi phục "
                "vào cơ sở dữ liệu trống và thư mục media trống. Hãy tạo cơ sở dữ liệu mới, hoặc dùng --force để "
                "xóa và thay toàn bộ dữ liệu hiện có."
            )
        names = [database["file"], *manifest["files"]]
        missing = [name for name in names if name not in archive.getnames()]
        if missing:
            raise BackupError(f"Bản sao lưu thiếu {', '.join(missing[:5])}: không đầy đủ.")
        _outside_transaction(connection)
        with tempfile.TemporaryDirectory(prefix="songlo-restore-") as work:
            image = Path(work) / Path(database["file"]).name
            _copy_checked(archive, database["file"], image, database["sha256"])
            if force:
                _drop_tables(connection)
            if vendor == "postgresql":
                connection.close()
                _pg_restore(connection, image)
            else:
                _sqlite_restore(connection, image)
        if force:
            for _name, old in existing:
                old.unlink()
        for name, digest in manifest["files"].items():
            _copy_checked(archive, name, targets[name], digest)
    connection.close()
    pending = [
        f"{app}.{name}"
        for app, name in sorted(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        if name not in manifest["migrations"].get(app, [])
    ]
    return Restored(tables=len(database_tables(connection)), files=len(manifest["files"]), pending_migrations=pending)
