"""``gongkai backup``: one ``.tar.gz`` with a manifest, the database as JSON and the media files.

Archive layout::

    manifest.json                       format, versions, time, vendor, migrations, counts, SHA-256
    database/<app>.<model>.json         one JSON array per model, in load order
    media/<storage name>                every file of the default storage

The whole database is read in one transaction: on PostgreSQL ``REPEATABLE READ, READ ONLY`` (one
snapshot for every table), on SQLite one read transaction. A backup taken while the site runs is
therefore consistent. Media files are copied after the snapshot (uploads get new names and are
not deleted by the application, so every file the snapshot names is there). The archive is written
to a temporary file beside the target, with mode 600 (it holds password hashes), and renamed into
place only when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import django
from django.core.files.storage import Storage, storages
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from gongkai import __version__
from gongkai.ops.dataset import EXCLUDED_MODELS, backup_models, model_label, model_write
from gongkai.ops.errors import BackupError

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupResult:
    """What ``backup_create`` wrote."""

    path: Path
    size: int
    counts: dict[str, int]
    media_files: int
    media_bytes: int
    seconds: float
    manifest: dict[str, Any] = field(repr=False)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def default_name(now: Any = None) -> str:
    """``gongkai-backup-YYYYmmdd-HHMMSS.tar.gz`` in local time."""
    moment = timezone.localtime(now or timezone.now())
    return f"gongkai-backup-{moment:%Y%m%d-%H%M%S}.tar.gz"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _snapshot_database(staging: Path, using: str) -> dict[str, Any]:
    """Write every model's rows under ``staging/database`` in one read-only transaction."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("备份必须在事务之外运行（需要独立的一致性快照）。")
    (staging / "database").mkdir()
    entries = []
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            applied = MigrationRecorder(connection).applied_migrations()
        if not applied:
            raise BackupError("数据库尚未初始化（从未运行 migrate），没有可备份的数据。")
        for model in backup_models():
            label = model_label(model)
            member = f"database/{label}.json"
            with (staging / member).open("w", encoding="utf-8") as stream:
                count = model_write(model, stream, using=using)
            entries.append({"model": label, "file": member, "count": count})
    migrations: dict[str, list[str]] = {}
    for app_label, name in sorted(applied):
        migrations.setdefault(app_label, []).append(name)
    return {"vendor": connection.vendor, "migrations": migrations, "models": entries}


def _walk(storage: Storage, directory: str = "") -> list[str]:
    directories, files = storage.listdir(directory)
    names = [f"{directory}{name}" for name in files]
    for sub in directories:
        names.extend(_walk(storage, f"{directory}{sub}/"))
    return names


def _copy_media(staging: Path, storage: Storage) -> list[str]:
    """Copy every file of ``storage`` under ``staging/media``; return the member names."""
    try:
        names = sorted(_walk(storage))
    except FileNotFoundError:  # MEDIA_ROOT not created yet: no uploads
        return []
    members = []
    for name in names:
        member = f"media/{name}"
        target = staging / member
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK)
        members.append(member)
    return members


def _write_archive(staging: Path, manifest: dict[str, Any], members: list[str], tmp: Path) -> None:
    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    (staging / MANIFEST).write_bytes(data)
    mtime = int(time.time())
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as raw:
        with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as archive:
            for member in [MANIFEST, *members]:
                info = tarfile.TarInfo(member)
                info.size = (staging / member).stat().st_size
                info.mtime = mtime
                info.mode = 0o600
                with (staging / member).open("rb") as handle:
                    archive.addfile(info, handle)
        raw.flush()
        os.fsync(raw.fileno())


def backup_create(
    *,
    output: Path,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
) -> BackupResult:
    """Write a backup of database ``using`` and the media ``storage`` to ``output``.

    ``output`` may be a directory (the file is named ``gongkai-backup-YYYYmmdd-HHMMSS.tar.gz``
    inside it). An existing file is never overwritten.
    """
    started = time.monotonic()
    output = Path(output)
    if output.is_dir():
        output = output / default_name()
    if output.exists():
        raise BackupError(f"文件已存在，不会覆盖：{output}")
    if not output.parent.is_dir():
        raise BackupError(f"目录不存在：{output.parent}")
    media_storage = storage if storage is not None else storages["default"]
    staging = Path(tempfile.mkdtemp(prefix=".gongkai-backup-", dir=output.parent))
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        database = _snapshot_database(staging, using)
        media = _copy_media(staging, media_storage)
        members = [entry["file"] for entry in database["models"]] + media
        checksums = {
            member: {
                "sha256": file_sha256(staging / member),
                "size": (staging / member).stat().st_size,
            }
            for member in members
        }
        media_bytes = sum(checksums[member]["size"] for member in media)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "gongkai_version": __version__,
            "django_version": django.get_version(),
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": database["vendor"]},
            "migrations": database["migrations"],
            "models": database["models"],
            "excluded_models": EXCLUDED_MODELS,
            "media": {"files": len(media), "bytes": media_bytes},
            "members": checksums,
        }
        _write_archive(staging, manifest, members, tmp)
        os.replace(tmp, output)
        dir_fd = os.open(output.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as error:
        raise BackupError(f"无法写入备份文件 {output}：{error.strerror or error}") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        tmp.unlink(missing_ok=True)
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        counts={entry["model"]: entry["count"] for entry in manifest["models"]},
        media_files=len(media),
        media_bytes=media_bytes,
        seconds=time.monotonic() - started,
        manifest=manifest,
    )
