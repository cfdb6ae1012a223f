"""``manage.py search_rebuild [--body ID]``: write the search entries again from the
publications, in batches; prints how many and how long."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.organizations.models import Body
from gongkai.search.services import index_rebuild


class Command(BaseCommand):
    help = "重建全文检索索引（全部机关，或用 --body 指定一个机关）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--body", type=int, default=None, help="只重建该机关（编号）的条目。")

    def handle(self, *args: Any, **options: Any) -> None:
        body_id: int | None = options["body"]
        if body_id is not None and not Body.objects.filter(pk=body_id).exists():
            raise CommandError(f"没有编号为 {body_id} 的机关。")
        result = index_rebuild(body_id=body_id)
        self.stdout.write(f"已重建 {result.entries} 条检索条目，用时 {result.seconds:.2f} 秒。")
