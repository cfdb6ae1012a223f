"""``gongkai backup`` / ``gongkai restore``: archive, checks, round trips across engines.

The source is the test database (SQLite, or PostgreSQL with ``DATABASE_URL``) holding the demo and
extra rows made through the services. Targets are fresh databases opened under a second alias: a
SQLite file always, and a scratch PostgreSQL database (``gongkai_restore_test_<pid>``, dropped
afterwards) when a server answers at 127.0.0.1:5432 — so a SQLite run also restores SQLite →
PostgreSQL and a PostgreSQL run PostgreSQL → SQLite.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from pytest_django import Settings

from gongkai.audit.models import AuditEvent
from gongkai.cli import main as gongkai_main
from gongkai.ops import dataset
from gongkai.ops.backup import BackupResult, backup_create
from gongkai.ops.errors import BackupError
from gongkai.ops.restore import backup_restore
from gongkai.organizations.demo import DEMO_PASSWORD, demo_load
from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import (
    body_create,
    body_update,
    membership_grant,
    membership_revoke,
    user_create,
)

REPO = Path(__file__).resolve().parents[2]
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TARGET = "restore_target"


def postgres_answers() -> bool:
    try:
        with psycopg.connect(PG_ADMIN, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


PG_UP = postgres_answers()
TARGETS = ["sqlite", *(["postgresql"] if PG_UP else [])]

pytestmark = pytest.mark.django_db(transaction=True)


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def media(tmp_path: Path, settings: Settings) -> FileSystemStorage:
    """The default storage in a fresh directory."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    storage = storages["default"]
    assert isinstance(storage, FileSystemStorage)
    return storage


@pytest.fixture
def source(media: FileSystemStorage) -> dict[str, Any]:
    """The demo plus rows of every kind, through the services; a media file with a Chinese name."""
    demo_load()
    admin = User.objects.get(username="demo-admin")
    district = Body.objects.get(name="长春市南关区人民政府")
    office = body_create(
        name="南关区政务服务和数字化建设管理局",
        kind=BodyKind.DEPARTMENT,
        parent=district,
        phone="0431-88888888",
        actor=admin,
    )
    body_update(body=office, changes={"address": "长春市南关区民康路"}, actor=admin)
    clerk = user_create(
        username="zhang.san", password="zhang-san-password-1", full_name="张三", actor=admin
    )
    membership = membership_grant(user=clerk, body=office, role=Role.CLERK, actor=admin)
    membership_revoke(membership=membership, actor=admin)
    membership_grant(user=clerk, body=office, role=Role.REVIEWER, actor=admin)
    # Groups and permissions (no service yet: Django's own API) exercise natural keys.
    group = Group.objects.create(name="公开办")
    group.permissions.add(Permission.objects.get(codename="change_body"))
    clerk.groups.add(group)
    clerk.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    media.save("uploads/2024/政府信息公开指南.pdf", ContentFile("%PDF-1.4 示例".encode()))
    media.save("uploads/readme.txt", ContentFile(b"gongkai"))
    return {"clerk": clerk, "office": office}


def database_config(url: str) -> dict[str, Any]:
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {"timeout": 1}  # a locked database answers after 1 s, not 5
    complete: dict[str, Any] = connections.configure_settings(
        {DEFAULT_DB_ALIAS: {"ENGINE": "django.db.backends.dummy"}, "extra": config}
    )["extra"]
    return complete


@contextmanager
def extra_database(alias: str, url: str) -> Iterator[str]:
    """Open database ``url`` under ``alias`` (in this thread) for the duration.

    The connection is registered directly, not in the settings: Django's test case allows such
    dynamically created connections, and the test database of ``default`` stays untouched.
    """
    config = database_config(url)
    connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


@contextmanager
def scratch_postgres() -> Iterator[str]:
    name = f"gongkai_restore_test_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0 "
            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        )
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=TARGETS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database under the alias ``restore_target``."""
    if request.param == "sqlite":
        with extra_database(TARGET, f"sqlite:///{tmp_path / 'target.sqlite3'}") as alias:
            yield alias
    else:
        with scratch_postgres() as url, extra_database(TARGET, url) as alias:
            yield alias


@pytest.fixture
def target_media(tmp_path: Path) -> FileSystemStorage:
    return FileSystemStorage(location=str(tmp_path / "target-media"))


# -- helpers -------------------------------------------------------------------------------------


def snapshot(alias: str) -> dict[str, Any]:
    """Every backed-up row of database ``alias`` as Python values; many-to-many as sorted keys."""
    data: dict[str, Any] = {}
    for model in dataset.backup_models():
        label = dataset.model_label(model)
        data[label] = list(model._base_manager.using(alias).order_by("pk").values())
        for field in model._meta.local_many_to_many:
            links = []
            for obj in model._base_manager.using(alias).order_by("pk"):
                for related in getattr(obj, field.name).all():
                    key = related.natural_key() if isinstance(related, Permission) else related.pk
                    links.append((obj.pk, key))
            data[f"{label}.{field.name}"] = sorted(links)
    return data


def serialized(alias: str) -> dict[str, str]:
    out = {}
    for model in dataset.backup_models():
        stream = io.StringIO()
        dataset.model_write(model, stream, using=alias)
        out[dataset.model_label(model)] = stream.getvalue()
    return out


def rewrite(
    archive: Path,
    output: Path,
    *,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    members: Callable[[str, bytes], bytes] | None = None,
    checksums: bool = True,
) -> Path:
    """Copy ``archive`` with edited manifest or members, re-computing checksums if asked."""
    with tarfile.open(archive, "r:gz") as tar:
        contents = {}
        for info in tar:
            handle = tar.extractfile(info)
            assert handle is not None
            contents[info.name] = handle.read()
    data = json.loads(contents.pop("manifest.json"))
    if members is not None:
        contents = {name: members(name, content) for name, content in contents.items()}
    if checksums:
        for name, content in contents.items():
            data["members"][name] = {
                "sha256": hashlib.sha256(content).hexdigest(),
                "size": len(content),
            }
    if manifest is not None:
        manifest(data)
    contents = {"manifest.json": json.dumps(data, ensure_ascii=False).encode(), **contents}
    with tarfile.open(output, "w:gz") as tar:
        for name, content in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return output


def take_backup(tmp_path: Path, name: str = "backup.tar.gz") -> BackupResult:
    return backup_create(output=tmp_path / name)


# -- the archive ---------------------------------------------------------------------------------


def test_archive_holds_manifest_database_and_media(source: dict[str, Any], tmp_path: Path) -> None:
    result = backup_create(output=tmp_path)  # a directory: the file gets the default name
    assert re.fullmatch(r"gongkai-backup-\d{8}-\d{6}\.tar\.gz", result.path.name)
    assert result.path.parent == tmp_path
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600  # password hashes inside
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers

    with tarfile.open(result.path, "r:gz") as tar:
        names = tar.getnames()
        assert names[0] == "manifest.json"
        contents = {}
        for info in tar:
            handle = tar.extractfile(info)
            assert handle is not None
            contents[info.name] = handle.read()
    manifest = json.loads(contents["manifest.json"])
    assert manifest["format"] == "gongkai-backup"
    assert manifest["format_version"] == 1
    assert manifest["gongkai_version"]
    assert manifest["created_at"]
    assert manifest["database"]["vendor"] == connection.vendor
    applied = MigrationRecorder(connection).applied_migrations()
    assert {(app, name) for app, names in manifest["migrations"].items() for name in names} == (
        set(applied)
    )
    # Counts per model equal the database's; every member is listed with its checksum.
    for entry in manifest["models"]:
        model = next(m for m in dataset.backup_models() if dataset.model_label(m) == entry["model"])
        assert entry["count"] == model._base_manager.count()
        assert len(json.loads(contents[entry["file"]])) == entry["count"]
    assert {e["model"] for e in manifest["models"]} >= {
        "organizations.user",
        "organizations.body",
        "organizations.membership",
        "audit.auditevent",
        "auth.group",
    }
    assert set(manifest["excluded_models"]) == set(dataset.EXCLUDED_MODELS)
    assert set(manifest["members"]) == set(contents) - {"manifest.json"}
    for name, info in manifest["members"].items():
        assert info == {
            "sha256": hashlib.sha256(contents[name]).hexdigest(),
            "size": len(contents[name]),
        }
    assert contents["media/uploads/2024/政府信息公开指南.pdf"] == "%PDF-1.4 示例".encode()
    assert manifest["media"] == {"files": 2, "bytes": len("%PDF-1.4 示例".encode()) + 7}
    # Password hashes are kept; references to permissions use natural keys.
    users = json.loads(contents["database/organizations.user.json"])
    clerk = next(u for u in users if u["fields"]["username"] == "zhang.san")
    assert clerk["fields"]["password"] == source["clerk"].password
    assert clerk["fields"]["user_permissions"] == [["view_auditevent", "audit", "auditevent"]]
    assert result.rows == sum(e["count"] for e in manifest["models"])


def test_an_existing_file_is_never_overwritten(source: dict[str, Any], tmp_path: Path) -> None:
    existing = tmp_path / "backup.tar.gz"
    existing.write_bytes(b"keep me")
    with pytest.raises(BackupError, match="文件已存在"):
        backup_create(output=existing)
    assert existing.read_bytes() == b"keep me"


def test_the_database_is_read_as_one_snapshot(
    source: dict[str, Any],
    tmp_path: Path,
    target: str,
    target_media: FileSystemStorage,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A row written by another connection while the backup runs is not in the backup.

    Run on a restored file database (SQLite file or PostgreSQL): an in-memory SQLite test database
    shares one cache between connections and has no snapshots at all.
    """
    backup_restore(archive=take_backup(tmp_path).path, using=target, storage=target_media)
    events_before = AuditEvent.objects.using(target).count()
    outcome: dict[str, Any] = {}
    original = dataset.model_write

    config = connections[target].settings_dict

    def writer() -> None:
        """Another app server: its own connection, committing one audit event."""
        other = load_backend(config["ENGINE"]).DatabaseWrapper(config, "restore_writer")
        try:
            with other.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO audit_auditevent (action, object_type, object_id, old_values,"
                    " new_values, at) VALUES ('body_create', 'Body', 'new', '{}', '{}',"
                    " CURRENT_TIMESTAMP)"
                )
            outcome["committed"] = True
        except DatabaseError as error:  # SQLite: the reader's lock refuses the writer
            outcome["committed"] = False
            outcome["error"] = str(error)
        finally:
            other.close()

    def write_then_interfere(model: Any, stream: Any, *, using: str) -> int:
        count = original(model, stream, using=using)
        if dataset.model_label(model) == "organizations.user" and "committed" not in outcome:
            thread = threading.Thread(target=writer)
            thread.start()
            thread.join(timeout=30)
        return count

    monkeypatch.setattr("gongkai.ops.backup.model_write", write_then_interfere)
    result = backup_create(output=tmp_path / "during.tar.gz", using=target, storage=target_media)
    assert "committed" in outcome
    assert result.counts["audit.auditevent"] == events_before
    if connections[target].vendor == "postgresql":
        # The write really happened during the backup; the snapshot did not see it.
        assert outcome["committed"] is True
        assert AuditEvent.objects.using(target).count() == events_before + 1
    else:
        assert outcome["committed"] is False
        assert "locked" in outcome["error"]


# -- round trips ---------------------------------------------------------------------------------


def test_round_trip_into_a_fresh_database(
    source: dict[str, Any], tmp_path: Path, target: str, target_media: FileSystemStorage
) -> None:
    backup = take_backup(tmp_path)
    result = backup_restore(archive=backup.path, using=target, storage=target_media)
    assert result.counts == backup.counts
    assert snapshot(target) == snapshot(DEFAULT_DB_ALIAS)
    assert serialized(target) == serialized(DEFAULT_DB_ALIAS)

    # Passwords still work.
    restored = User.objects.db_manager(target)
    assert restored.get(username="demo-jingban").check_password(DEMO_PASSWORD)
    assert restored.get(username="zhang.san").check_password("zhang-san-password-1")
    assert not restored.get(username="zhang.san").check_password("wrong")
    # Media files, byte for byte.
    for name in ["uploads/2024/政府信息公开指南.pdf", "uploads/readme.txt"]:
        with target_media.open(name, "rb") as restored_file, storages["default"].open(name) as f:
            assert restored_file.read() == f.read()
    # New rows continue after the restored ids (sequences reset); the audit guard still holds.
    newest = AuditEvent.objects.using(target).order_by("-pk").first()
    assert newest is not None
    event = AuditEvent(action="body_create", object_type="Body", object_id="0")
    event.save(using=target)
    assert event.pk > newest.pk
    new_body = Body(name="恢复后新建", kind=BodyKind.OTHER)
    new_body.save(using=target)
    assert new_body.pk > max(Body.objects.values_list("pk", flat=True))
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(using=target),
        connections[target].cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET object_id = 'x'")


def test_restore_refuses_a_database_with_data(
    source: dict[str, Any], tmp_path: Path, target: str, target_media: FileSystemStorage
) -> None:
    backup = take_backup(tmp_path)
    backup_restore(archive=backup.path, using=target, storage=target_media)
    before = snapshot(target)
    with pytest.raises(BackupError, match=r"目标数据库不是空的.*--replace"):
        backup_restore(archive=backup.path, using=target, storage=target_media)
    assert snapshot(target) == before


def test_replace_swaps_all_data_including_the_audit_log(
    source: dict[str, Any], tmp_path: Path, target: str, target_media: FileSystemStorage
) -> None:
    first = take_backup(tmp_path, "first.tar.gz")
    backup_restore(archive=first.path, using=target, storage=target_media)
    # The source moves on: a new body, a new event; then a second backup replaces the target.
    admin = User.objects.get(username="demo-admin")
    body_create(name="第二次备份前新建的机关", kind=BodyKind.OTHER, actor=admin)
    second = take_backup(tmp_path, "second.tar.gz")
    assert second.counts["audit.auditevent"] == first.counts["audit.auditevent"] + 1
    backup_restore(archive=second.path, using=target, replace=True, storage=target_media)
    assert snapshot(target) == snapshot(DEFAULT_DB_ALIAS)
    # And back again: --replace also empties rows the older backup does not have.
    backup_restore(archive=first.path, using=target, replace=True, storage=target_media)
    assert not Body.objects.using(target).filter(name="第二次备份前新建的机关").exists()
    assert AuditEvent.objects.using(target).count() == first.counts["audit.auditevent"]


def test_a_failure_mid_load_leaves_the_old_data(
    source: dict[str, Any], tmp_path: Path, target: str, target_media: FileSystemStorage
) -> None:
    good = take_backup(tmp_path)
    backup_restore(archive=good.path, using=target, storage=target_media)
    before = snapshot(target)

    def duplicate_last_event(name: str, content: bytes) -> bytes:
        if name != "database/audit.auditevent.json":
            return content
        rows = json.loads(content)
        return json.dumps([*rows, rows[-1]], ensure_ascii=False).encode()

    def count_it(data: dict[str, Any]) -> None:
        for entry in data["models"]:
            if entry["model"] == "audit.auditevent":
                entry["count"] += 1

    broken = rewrite(
        good.path, tmp_path / "broken.tar.gz", members=duplicate_last_event, manifest=count_it
    )
    with pytest.raises(BackupError, match="恢复失败，数据库保持原样"):
        backup_restore(archive=broken, using=target, replace=True, storage=target_media)
    assert snapshot(target) == before


# -- refused archives ----------------------------------------------------------------------------


def refused(capsys: pytest.CaptureFixture[str], archive: Path, *extra: str) -> str:
    code = gongkai_main(["restore", str(archive), *extra])
    err = capsys.readouterr().err
    assert code == 2, err
    assert err.startswith("gongkai：")
    assert len(err.strip().splitlines()) == 1
    return err


def test_wrong_or_damaged_files_are_refused_and_nothing_changes(
    source: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = take_backup(tmp_path)
    data = good.path.read_bytes()
    before = snapshot(DEFAULT_DB_ALIAS)
    cases = {
        "missing": tmp_path / "nope.tar.gz",
        "not-an-archive": tmp_path / "random.tar.gz",
        "truncated": tmp_path / "truncated.tar.gz",
        "flipped-byte": tmp_path / "flipped.tar.gz",
    }
    cases["not-an-archive"].write_bytes(os.urandom(4096))
    cases["truncated"].write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    cases["flipped-byte"].write_bytes(bytes(flipped))
    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as tar:
        info = tarfile.TarInfo("database/notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    cases["no-manifest"] = other
    cases["altered-member"] = rewrite(
        good.path,
        tmp_path / "altered.tar.gz",
        members=lambda name, c: c.replace(b"zhang.san", b"li.si.xxx"),
        checksums=False,
    )
    cases["newer-format"] = rewrite(
        good.path,
        tmp_path / "newer.tar.gz",
        manifest=lambda m: m.update(format_version=99),
    )
    cases["foreign-format"] = rewrite(
        good.path, tmp_path / "foreign.tar.gz", manifest=lambda m: m.update(format="other")
    )
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("media/../../escape.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    cases["path-escape"] = evil
    expected = {
        "missing": "找不到备份文件",
        "not-an-archive": "文件已损坏或不是 gongkai 备份",
        "truncated": "文件已损坏或不是 gongkai 备份",
        "flipped-byte": "已损坏",  # gzip or the member checksum, whichever notices first
        "no-manifest": "不是 gongkai 备份文件",
        "altered-member": "校验和不符",
        "newer-format": "备份格式版本 99",
        "foreign-format": "不是 gongkai 备份文件",
        "path-escape": "不应出现的条目",
    }
    for case, path in cases.items():
        assert expected[case] in refused(capsys, path), case
    assert not (tmp_path.parent / "escape.txt").exists()
    # The database is untouched: the test database is not empty, and --replace is never reached.
    assert snapshot(DEFAULT_DB_ALIAS) == before


def test_migrations_must_match(
    source: dict[str, Any], tmp_path: Path, target: str, target_media: FileSystemStorage
) -> None:
    good = take_backup(tmp_path)

    def newer(data: dict[str, Any]) -> None:
        data["migrations"]["organizations"].append("9999_from_the_future")

    def older(data: dict[str, Any]) -> None:
        data["migrations"]["audit"].remove("0003_auditevent_user_create")

    with pytest.raises(BackupError, match=r"较新的 gongkai.*organizations\.9999_from_the_future"):
        backup_restore(
            archive=rewrite(good.path, tmp_path / "newer.tar.gz", manifest=newer),
            using=target,
            storage=target_media,
        )
    with pytest.raises(BackupError, match=r"结构较旧.*audit\.0003_auditevent_user_create"):
        backup_restore(
            archive=rewrite(good.path, tmp_path / "older.tar.gz", manifest=older),
            using=target,
            storage=target_media,
        )
    assert all(not rows for rows in snapshot(target).values() if isinstance(rows, list)) or (
        # migrate itself seeds the portal's directory version; nothing else was written
        {label for label, rows in snapshot(target).items() if rows} <= dataset.SEEDED_BY_MIGRATE
    )


# -- the command line ----------------------------------------------------------------------------


def cli_env(tmp_path: Path, database: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GONGKAI_", "DATABASE_"))
        and key not in {"MEDIA_ROOT", "SECRET_KEY"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / database}",
        GONGKAI_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / f"{database}-media"),
        SECRET_KEY="test-secret-key-for-the-backup-command-line-0123456789",
    )
    return env


def test_gongkai_backup_and_restore_commands(tmp_path: Path) -> None:
    """The installed ``gongkai`` entry point, settings module by default, SQLite files."""
    gongkai = str(Path(sys.executable).with_name("gongkai"))
    source_env = cli_env(tmp_path, "source.sqlite3")
    for command in (["migrate", "--no-input", "-v", "0"], ["demo_load"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            env=source_env,
            cwd=REPO,
            check=True,
            capture_output=True,
            timeout=120,
        )
    upload = tmp_path / "source.sqlite3-media" / "uploads" / "指南.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("信息公开指南", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    made = subprocess.run(
        [gongkai, "backup", "-o", str(out)],
        env=source_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    # the upload above, and the DOCX and PDF of the demo's two published annual reports
    assert "已写入备份" in made.stdout and "上传文件 5 个" in made.stdout
    (archive,) = out.iterdir()

    target_env = cli_env(tmp_path, "target.sqlite3")
    loaded = subprocess.run(
        [gongkai, "restore", str(archive)],
        env=target_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "已从" in loaded.stdout
    restored = tmp_path / "target.sqlite3-media" / "uploads" / "指南.txt"
    assert restored.read_text(encoding="utf-8") == "信息公开指南"
    again = subprocess.run(
        [gongkai, "restore", str(archive)],
        env=target_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 2
    assert "目标数据库不是空的" in again.stderr
    with (
        extra_database(TARGET, target_env["DATABASE_URL"]) as alias,
        extra_database("cli_source", source_env["DATABASE_URL"]) as source_alias,
    ):
        assert snapshot(alias) == snapshot(source_alias)


@pytest.mark.django_db(transaction=False)
def test_gongkai_report_stays_free_of_django() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from gongkai.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['report', 'rules']) == 0\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, cwd=REPO)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:9/none"}, "gongkai：数据库出错"),
        ({"GONGKAI_STORAGE": "s3"}, "gongkai：配置有误：GONGKAI_STORAGE=s3 需要设置"),
        ({}, "gongkai：数据库尚未初始化"),  # a database file that was never migrated
    ],
)
def test_commands_report_setup_problems_in_one_line(
    tmp_path: Path, extra: dict[str, str], message: str
) -> None:
    env = {**cli_env(tmp_path, "db.sqlite3"), **extra}
    gongkai = str(Path(sys.executable).with_name("gongkai"))
    result = subprocess.run(
        [gongkai, "backup", "-o", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.glob("*.tar.gz")) and not list(tmp_path.glob(".gongkai-backup-*"))
