"""Background tasks of the organizations app (``django.tasks`` API, run by ``db_worker``)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from gongkai.annual_reports.tasks import annual_report_reminders
from gongkai.applications.tasks import application_reminders
from gongkai.organizations.models import Body
from gongkai.publications.tasks import publications_publish_scheduled

logger = logging.getLogger("gongkai.tasks")


@task()
def daily_reminders() -> dict[str, int]:
    """Run the daily reminder pass; for now count the bodies and log one structured line."""
    bodies = Body.objects.count()
    logger.info("daily_reminders done", extra={"event": "daily_reminders", "bodies": bodies})
    return {"bodies": bodies}


TASK_RESULTS_KEPT_DAYS = 30
FAILED_TASK_RESULTS_KEPT_DAYS = 90


@task()
def prune_task_results() -> dict[str, int]:
    """Delete finished task results after 30 days (failed ones after 90, kept for diagnosis)."""
    now = timezone.now()
    finished = DBTaskResult.objects.finished()
    old = finished.filter(
        Q(
            status=TaskResultStatus.SUCCESSFUL,
            finished_at__lte=now - timedelta(TASK_RESULTS_KEPT_DAYS),
        )
        | Q(
            status=TaskResultStatus.FAILED,
            finished_at__lte=now - timedelta(FAILED_TASK_RESULTS_KEPT_DAYS),
        )
    )
    deleted, _ = old.delete()
    logger.info(
        "prune_task_results done", extra={"event": "prune_task_results", "deleted": deleted}
    )
    return {"deleted": deleted}


DAILY_TASKS = (
    daily_reminders,
    application_reminders,
    publications_publish_scheduled,
    annual_report_reminders,
    prune_task_results,
)
