"""``manage.py gongkai_daily``: enqueue the daily jobs (run by cron or a systemd timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.organizations.tasks import DAILY_TASKS


class Command(BaseCommand):
    help = "将每日任务（提醒、清理过期任务记录）加入后台任务队列，由 db_worker 执行。"

    def handle(self, *args: Any, **options: Any) -> None:
        for daily_task in DAILY_TASKS:
            result = daily_task.enqueue()
            self.stdout.write(f"每日任务已加入队列：{daily_task.name}（编号 {result.id}）。")
