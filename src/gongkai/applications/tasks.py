"""Background tasks of 依申请公开 (``django.tasks`` API, run by ``db_worker``)."""

from __future__ import annotations

from django_tasks import task

from gongkai.applications.reminders import reminders_run


@task()
def application_reminders() -> dict[str, int]:
    """The daily reminder pass over every open case (see ``applications.reminders``)."""
    return reminders_run().as_dict()
