"""``gongkai backup`` and ``gongkai restore``; Django is set up only when they run."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any


def add_parsers(sub: Any) -> None:
    """Add ``backup`` and ``restore`` to the ``gongkai`` command's subparsers."""
    backup = sub.add_parser(
        "backup",
        help="把数据库和上传文件写成一个一致的备份文件（.tar.gz）",
        description="在一个只读事务中读取整个数据库（一致性快照），连同上传文件写成一个备份文件。"
        "数据库由 DATABASE_URL 指定。",
    )
    backup.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("."),
        help="备份文件或目录（默认：当前目录下的 gongkai-backup-YYYYmmdd-HHMMSS.tar.gz）",
    )
    backup.set_defaults(handler=run_backup)
    restore = sub.add_parser(
        "restore",
        help="从备份文件恢复数据库和上传文件",
        description="校验备份文件，迁移目标数据库，在一个事务中载入全部数据，再写入上传文件。"
        "目标数据库由 DATABASE_URL 指定，须为空库，除非加 --replace。",
    )
    restore.add_argument("archive", type=Path, metavar="FILE", help="gongkai backup 写出的文件")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="目标数据库已有数据时，用备份替换其全部数据（在同一事务中清空并载入）",
    )
    restore.set_defaults(handler=run_restore)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    import django

    django.setup()


def _size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError  # pragma: no cover


def _run(action: Any) -> int:
    """Run ``action`` with Django set up; operator errors become one Chinese line and exit 2."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        _setup()
        from django.db import Error as DatabaseError

        from gongkai.ops.errors import BackupError

        try:
            action()
        except BackupError as error:
            print(f"gongkai：{error.message}", file=sys.stderr)
            return 2
        except DatabaseError as error:
            detail = " ".join(str(error).split())  # one line
            print(f"gongkai：数据库出错（{type(error).__name__}）：{detail}", file=sys.stderr)
            return 2
    except ImproperlyConfigured as error:
        print(f"gongkai：配置有误：{error}", file=sys.stderr)
        return 2
    return 0


def run_backup(args: argparse.Namespace) -> int:
    def action() -> None:
        from gongkai.ops.backup import backup_create

        result = backup_create(output=args.output)
        print(
            f"已写入备份 {result.path}（{_size(result.size)}；数据库 {result.rows} 条记录，"
            f"上传文件 {result.media_files} 个；用时 {result.seconds:.1f} 秒）"
        )

    return _run(action)


def run_restore(args: argparse.Namespace) -> int:
    def action() -> None:
        from gongkai.ops.restore import backup_restore

        result = backup_restore(archive=args.archive, replace=args.replace)
        made = result.manifest.get("created_at", "")
        print(
            f"已从 {args.archive} 恢复（备份时间 {made}）：数据库 {result.rows} 条记录，"
            f"上传文件 {result.media_files} 个；用时 {result.seconds:.1f} 秒"
        )

    return _run(action)
