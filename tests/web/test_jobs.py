"""Background jobs: the daily reminder task, the command that enqueues it, the database worker."""

from __future__ import annotations

import logging
from datetime import timedelta
from io import StringIO
from uuid import UUID

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from gongkai.organizations.demo import DemoResult
from gongkai.organizations.tasks import daily_reminders, prune_task_results

TASK_PATH = "gongkai.organizations.tasks.daily_reminders"
PRUNE_PATH = "gongkai.organizations.tasks.prune_task_results"
REMINDERS_PATH = "gongkai.applications.tasks.application_reminders"
PUBLISH_PATH = "gongkai.publications.tasks.publications_publish_scheduled"
REPORTS_PATH = "gongkai.annual_reports.tasks.annual_report_reminders"


def test_daily_reminders_counts_bodies_and_logs(
    demo: DemoResult, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="gongkai.tasks"):
        outcome = daily_reminders.call()
    assert outcome == {"bodies": 7}
    [record] = [r for r in caplog.records if r.name == "gongkai.tasks"]
    assert record.getMessage() == "daily_reminders done"
    assert record.__dict__["bodies"] == 7


def test_immediate_backend_runs_the_task(demo: DemoResult, settings: Settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    result = daily_reminders.using(backend="default").enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"bodies": 7}


@pytest.mark.django_db(transaction=True)
def test_command_enqueues_and_db_worker_runs_it() -> None:
    out = StringIO()
    call_command("gongkai_daily", stdout=out)
    rows = {row.task_path: row for row in DBTaskResult.objects.all()}
    assert set(rows) == {TASK_PATH, REMINDERS_PATH, PUBLISH_PATH, REPORTS_PATH, PRUNE_PATH}
    for row in rows.values():
        assert row.status == TaskResultStatus.READY
        assert str(row.id) in out.getvalue()
    assert out.getvalue().count("每日任务已加入队列") == 5

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    for row in rows.values():
        row.refresh_from_db()
        assert row.status == TaskResultStatus.SUCCESSFUL
    assert rows[TASK_PATH].return_value == {"bodies": 0}
    assert rows[PRUNE_PATH].return_value == {"deleted": 0}
    assert rows[REMINDERS_PATH].return_value["open_cases"] == 0
    assert rows[PUBLISH_PATH].return_value == {"published": 0}
    assert rows[REPORTS_PATH].return_value["notices"] == 0


def _finished_result(*, status: TaskResultStatus, days_ago: int) -> DBTaskResult:
    """A finished result row as the worker leaves it, finished ``days_ago`` days ago."""
    result = daily_reminders.enqueue()
    finished = timezone.now() - timedelta(days=days_ago)
    DBTaskResult.objects.filter(pk=result.id).update(status=status, finished_at=finished)
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_prune_keeps_recent_results_and_failed_ones_longer() -> None:
    kept = [
        _finished_result(status=TaskResultStatus.SUCCESSFUL, days_ago=29),
        _finished_result(status=TaskResultStatus.FAILED, days_ago=89),
    ]
    pruned = [
        _finished_result(status=TaskResultStatus.SUCCESSFUL, days_ago=31),
        _finished_result(status=TaskResultStatus.FAILED, days_ago=91),
    ]
    waiting = daily_reminders.enqueue()
    assert prune_task_results.call() == {"deleted": 2}
    remaining = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert remaining == {row.pk for row in kept} | {UUID(waiting.id)}
    assert not remaining & {row.pk for row in pruned}
