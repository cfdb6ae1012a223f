"""``manage.py publications_publish_due``: enqueue the scheduled-publication task.

``gongkai_daily`` runs it once a day with the other daily jobs; run this command more often
(e.g. every 10 minutes from cron) for items scheduled at a time of day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.publications.tasks import publications_publish_scheduled


class Command(BaseCommand):
    help = "将“发布到期的待发布信息”任务加入后台任务队列，由 db_worker 执行。"

    def handle(self, *args: Any, **options: Any) -> None:
        result = publications_publish_scheduled.enqueue()
        self.stdout.write(
            f"任务已加入队列：{publications_publish_scheduled.name}（编号 {result.id}）。"
        )
