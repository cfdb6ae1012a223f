"""``gongkai restore``: load a backup into a database of either engine, all or nothing.

Order of work, each step refusing with a Chinese message (exit 2) before anything is changed:

1. unpack the archive into a private temporary directory, checking every member's SHA-256 and
   size against the manifest, the format and its version (a wrong, truncated or altered file is
   refused);
2. refuse a target database that already holds data, unless ``replace``;
3. refuse a backup whose migrations this program does not have (made by a newer gongkai);
4. ``migrate`` the target when it lacks migrations (a migrated one is left alone), then require
   that its applied migrations equal the backup's for every app in the backup (an older backup is
   restored with the gongkai version that made it, then upgraded with ``migrate``);
5. in ONE transaction: empty the backed-up tables (``TRUNCATE`` on PostgreSQL, which the audit
   log's append-only trigger allows; ``DELETE`` on SQLite, whose trigger guards only ``UPDATE``) —
   without ``replace`` they hold at most the rows ``migrate`` wrote itself (the portal's directory
   version); with ``replace`` also sessions and task results; insert every row with its primary
   key (``INSERT`` only: audit events are never updated); reset the id sequences; check the counts.
   Any failure rolls the whole transaction back and leaves the old data as it was;
6. write the media files into the default storage (same names; files not in the backup are kept).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import tempfile
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from gongkai.ops.backup import CHUNK, FORMAT, FORMAT_VERSION, MANIFEST
from gongkai.ops.dataset import (
    CLEARED_WITH_REPLACE,
    SEEDED_BY_MIGRATE,
    backup_models,
    m2m_tables,
    model_label,
)
from gongkai.ops.errors import BackupError

BATCH = 500


@dataclass(frozen=True)
class RestoreResult:
    """What ``backup_restore`` loaded."""

    counts: dict[str, int]
    media_files: int
    replaced: bool
    seconds: float
    manifest: dict[str, Any]

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


# -- 1. unpack and verify ------------------------------------------------------------------------


def _member_name_ok(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or "\\" in name or any(part in {"", ".", ".."} for part in path.parts):
        return False
    return name == MANIFEST or (len(path.parts) > 1 and path.parts[0] in {"database", "media"})


def _unpack(archive: Path, staging: Path) -> dict[str, tuple[str, int]]:
    """Extract regular files with safe names into ``staging``; return their SHA-256 and size."""
    if not archive.is_file():
        raise BackupError(f"找不到备份文件：{archive}")
    found: dict[str, tuple[str, int]] = {}
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for info in tar:
                if not info.isfile() or not _member_name_ok(info.name):
                    raise BackupError(f"备份文件 {archive} 中有不应出现的条目“{info.name}”。")
                if info.name in found:
                    raise BackupError(f"备份文件 {archive} 中“{info.name}”出现了两次。")
                source = tar.extractfile(info)
                if source is None:  # pragma: no cover - regular files always have content
                    raise BackupError(f"备份文件 {archive} 中“{info.name}”无法读取。")
                target = staging / info.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with source, target.open("wb") as sink:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        sink.write(chunk)
                found[info.name] = (digest.hexdigest(), size)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"无法读取备份文件 {archive}：文件已损坏或不是 gongkai 备份（{error}）。"
        ) from error
    return found


def _verify(archive: Path, staging: Path, found: dict[str, tuple[str, int]]) -> dict[str, Any]:
    """The manifest, after checking the format and every member against it."""
    if MANIFEST not in found:
        raise BackupError(f"{archive} 不是 gongkai 备份文件（缺少 {MANIFEST}）。")
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"备份文件 {archive} 的清单无法读取（{error}）。") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} 不是 gongkai 备份文件（清单格式不符）。")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"备份格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新：请用较新的 gongkai 恢复。"
        )
    try:
        members: dict[str, dict[str, Any]] = manifest["members"]
        for name, expected in members.items():
            if name not in found:
                raise BackupError(f"备份文件 {archive} 不完整：缺少“{name}”。")
            if found[name] != (expected["sha256"], expected["size"]):
                raise BackupError(f"备份文件 {archive} 已损坏：“{name}”的校验和不符。")
        extra = sorted(set(found) - set(members) - {MANIFEST})
        if extra:
            raise BackupError(f"备份文件 {archive} 中有清单未列出的条目“{extra[0]}”。")
        for entry in manifest["models"]:
            if entry["file"] not in members or not isinstance(entry["count"], int):
                raise BackupError(f"备份文件 {archive} 的清单有误：“{entry['model']}”。")
        if not isinstance(manifest["migrations"], dict):
            raise TypeError("migrations")
    except (KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"备份文件 {archive} 的清单不完整或格式错误（{error}）。") from error
    return manifest


# -- 2.-4. the target database -------------------------------------------------------------------


def _models_of(manifest: dict[str, Any]) -> list[tuple[type[models.Model], dict[str, Any]]]:
    chosen = []
    for entry in manifest["models"]:
        try:
            model = apps.get_model(entry["model"])
        except (LookupError, ValueError):
            raise BackupError(
                f"备份中的数据表“{entry['model']}”在本程序中不存在：请用生成备份的 gongkai 版本"
                f"（{manifest.get('gongkai_version')}）恢复。"
            ) from None
        chosen.append((model, entry))
    return chosen


def _rows_present(using: str) -> list[str]:
    """Labels of the backed-up models that already hold rows in database ``using``, except the
    rows ``migrate`` writes itself."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    return [
        model_label(model)
        for model in backup_models()
        if model_label(model) not in SEEDED_BY_MIGRATE
        and model._meta.db_table in tables
        and model._base_manager.using(using).exists()
    ]


def _check_known_migrations(manifest: dict[str, Any]) -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in loader.disk_migrations
    )
    if unknown:
        raise BackupError(
            f"备份来自较新的 gongkai（{manifest.get('gongkai_version')}），本程序没有其数据库迁移"
            f"（{'、'.join(unknown[:5])}）：请升级 gongkai 后再恢复。"
        )


def _migrations_pending(using: str) -> bool:
    executor = MigrationExecutor(connections[using])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _check_applied_migrations(manifest: dict[str, Any], using: str) -> None:
    applied: dict[str, set[str]] = defaultdict(set)
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied[app].add(name)
    missing = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in applied[app] - set(names)
    )
    if missing:
        raise BackupError(
            f"备份的数据库结构较旧（缺少迁移 {'、'.join(missing[:5])}）：请用生成备份的 gongkai "
            f"版本（{manifest.get('gongkai_version')}）恢复，再升级并运行 migrate。"
        )


# -- 5. one transaction --------------------------------------------------------------------------


def _clear(using: str, *, transient: bool) -> None:
    """Empty every backed-up table of ``using`` (with ``transient``, sessions and task results
    too), within the caller's transaction."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    chosen: list[type[models.Model]] = []
    for model in backup_models():
        chosen.extend([model, *m2m_tables(model)])
    for label in CLEARED_WITH_REPLACE if transient else ():
        try:
            chosen.append(apps.get_model(label))
        except LookupError:
            continue
    tables = [model._meta.db_table for model in chosen if model._meta.db_table in existing]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
            cursor.execute(sql)


def _m2m_row(field: Any, source_pk: Any, target_pk: Any) -> models.Model:
    through: type[models.Model] = field.remote_field.through
    source = field.m2m_column_name()
    target = field.m2m_reverse_name()
    return through(**{source: source_pk, target: target_pk})


def _insert(model: type[models.Model], rows: list[models.Model], using: str) -> None:
    """``INSERT`` rows as they are, like ``loaddata``: raw, so ``auto_now`` fields and ``save()``
    overrides leave the stored values alone and no signal is sent."""
    if not rows:
        return
    opts = model._meta
    fields = [
        field
        for field in opts.local_concrete_fields
        if rows[0].pk is not None or field is not opts.auto_field
    ]
    size = max(1, connections[using].ops.bulk_batch_size(fields, rows) or len(rows))
    manager = model._base_manager.db_manager(using)
    for start in range(0, len(rows), size):
        # The raw INSERT that Model.save_base uses for raw saves (loaddata); not in the stubs.
        manager._insert(  # type: ignore[attr-defined]
            rows[start : start + size], fields=fields, raw=True, using=using
        )


def _load_model(model: type[models.Model], path: Path, using: str) -> int:
    """Insert every row of one model file; return the number of rows."""
    batch: list[models.Model] = []
    links: dict[Any, list[models.Model]] = defaultdict(list)
    count = 0
    with path.open("rb") as stream:
        for item in serializers.deserialize(
            "json", stream, using=using, handle_forward_references=False
        ):
            instance = item.object
            if type(instance) is not model:
                raise BackupError(
                    f"备份数据有误：{path.name} 中有“{model_label(type(instance))}”。"
                )
            count += 1
            if model._meta.parents:  # multi-table inheritance: one raw save per row
                item.save(using=using, force_insert=True)
                continue
            batch.append(instance)
            for name, values in (item.m2m_data or {}).items():
                field = model._meta.get_field(name)
                links[field].extend(_m2m_row(field, instance.pk, value) for value in values)
            if len(batch) >= BATCH:
                _insert(model, batch, using)
                batch = []
    _insert(model, batch, using)
    for field, rows in links.items():
        _insert(field.remote_field.through, rows, using)
    return count


def _load(
    chosen: list[tuple[type[models.Model], dict[str, Any]]],
    staging: Path,
    using: str,
    replace: bool,
) -> dict[str, int]:
    connection = connections[using]
    counts: dict[str, int] = {}
    with transaction.atomic(using=using):
        # Without ``replace`` the tables hold at most the rows migrate wrote; they give way too.
        _clear(using, transient=replace)
        for model, entry in chosen:
            loaded = _load_model(model, staging / entry["file"], using)
            if loaded != entry["count"]:
                raise BackupError(
                    f"备份数据与清单不符：“{entry['model']}”清单记 {entry['count']} 条，"
                    f"文件中有 {loaded} 条。"
                )
            counts[entry["model"]] = loaded
        sequenced: list[type[models.Model]] = []
        for model, _entry in chosen:
            sequenced.extend([model, *m2m_tables(model)])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), sequenced):
                cursor.execute(sql)
        for model, entry in chosen:
            if model._base_manager.using(using).count() != entry["count"]:
                raise BackupError(f"恢复后“{entry['model']}”的记录数与备份不符。")
    return counts


# -- 6. media ------------------------------------------------------------------------------------


def _restore_media(staging: Path, manifest: dict[str, Any], storage: Storage) -> int:
    names = sorted(name for name in manifest["members"] if name.startswith("media/"))
    for member in names:
        name = member.removeprefix("media/")
        if storage.exists(name):
            storage.delete(name)
        with (staging / member).open("rb") as handle:
            saved = storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"上传文件“{name}”被存储改名为“{saved}”，恢复中止。")
    return len(names)


def backup_restore(
    *,
    archive: Path,
    using: str = DEFAULT_DB_ALIAS,
    replace: bool = False,
    storage: Storage | None = None,
) -> RestoreResult:
    """Restore ``archive`` into database ``using`` and the media ``storage``."""
    started = time.monotonic()
    archive = Path(archive)
    staging = Path(tempfile.mkdtemp(prefix="gongkai-restore-"))
    try:
        manifest = _verify(archive, staging, _unpack(archive, staging))
        chosen = _models_of(manifest)
        present = _rows_present(using)
        if present and not replace:
            raise BackupError(
                f"目标数据库不是空的（{'、'.join(present[:3])} 已有数据）。"
                "要用备份替换其中的全部数据，请加 --replace。"
            )
        _check_known_migrations(manifest)
        if _migrations_pending(using):  # a migrated target is not touched before the load
            call_command("migrate", database=using, interactive=False, verbosity=0)
        _check_applied_migrations(manifest, using)
        try:
            counts = _load(chosen, staging, using, replace)
        except (DatabaseError, DeserializationError, ValueError) as error:
            raise BackupError(f"恢复失败，数据库保持原样：{error}") from error
        media_storage = storage if storage is not None else storages["default"]
        try:
            media_files = _restore_media(staging, manifest, media_storage)
        except OSError as error:
            raise BackupError(
                f"数据库已恢复，但上传文件未能全部写入（{error}）：请修复存储后重新运行"
                " gongkai restore --replace。"
            ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreResult(
        counts=counts,
        media_files=media_files,
        replaced=replace,
        seconds=time.monotonic() - started,
        manifest=manifest,
    )
