"""Background tasks of the annual reports (``django.tasks`` API, run by ``db_worker``)."""

from __future__ import annotations

import logging

from django_tasks import task

from gongkai.annual_reports.reminders import report_reminders
from gongkai.applications.services import clock_today

logger = logging.getLogger("gongkai.tasks")


@task()
def annual_report_reminders() -> dict[str, int]:
    """Remind the people who must publish a report that is due soon (第四十九条)."""
    result = report_reminders(today=clock_today())
    logger.info(
        "annual_report_reminders done",
        extra={"event": "annual_report_reminders", "notices": result.notices},
    )
    return {"bodies": result.bodies, "notices": result.notices, "emails": result.emails}
