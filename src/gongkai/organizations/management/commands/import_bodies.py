"""``manage.py import_bodies FILE [--dry-run] [--actor USERNAME]``: import bodies from CSV/XLSX.

The same reading and checking as the web page (``gongkai.organizations.imports``). Every bad
row is printed and nothing is imported (exit status 1); otherwise all rows are imported in one
transaction. ``--actor`` records that user in the audit log and limits the import to the bodies
the user may manage; without it the import runs with the rights of the operator (all bodies).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError

from gongkai.organizations.imports import MAX_BYTES, ImportFileError, plan_import, read_table
from gongkai.organizations.models import User
from gongkai.organizations.selectors import body_ids_managed_by
from gongkai.organizations.services import body_import_apply


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 文件导入机关；有任何一行出错则全部不导入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV（UTF-8 或 GBK）或 XLSX 文件")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--actor", help="记入操作记录的用户名，导入范围以其管理的机关为限")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        actor: User | None = None
        managed: set[int] | None = None
        if options["actor"]:
            actor = User.objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"找不到用户：{options['actor']}")
            managed = body_ids_managed_by(user=actor)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ImportFileError(f"文件超过 {MAX_BYTES // (1024 * 1024)} MB，请分批导入。")
            table = read_table(path.read_bytes(), path.name)
        except OSError as error:
            raise CommandError(f"无法读取文件：{error.strerror or error}") from None
        except ImportFileError as error:
            raise CommandError(error.message) from None
        plan = plan_import(table, managed_ids=managed)
        if not plan.ok:
            for row_error in plan.errors:
                self.stderr.write(str(row_error))
            raise CommandError(f"共 {len(plan.errors)} 处错误，未导入任何机关。")
        if options["dry_run"]:
            self.stdout.write(f"检查通过（未写入）：将{plan.summary()}。")
            return
        try:
            body_import_apply(plan=plan, actor=actor)
        except (ValidationError, IntegrityError):
            raise CommandError("导入期间机关数据已被修改，未导入任何机关，请重新导入。") from None
        self.stdout.write(f"导入完成：{plan.summary()}。")
