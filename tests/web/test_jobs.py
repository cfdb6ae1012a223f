"""Background jobs: the daily reminder task, the command that enqueues it, the database worker."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from pytest_django import Settings

from gongkai.organizations.demo import DemoResult
from gongkai.organizations.tasks import daily_reminders

TASK_PATH = "gongkai.organizations.tasks.daily_reminders"


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
    [row] = DBTaskResult.objects.all()
    assert row.task_path == TASK_PATH
    assert row.status == TaskResultStatus.READY
    assert "每日任务已加入队列" in out.getvalue()
    assert str(row.id) in out.getvalue()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == {"bodies": 0}
