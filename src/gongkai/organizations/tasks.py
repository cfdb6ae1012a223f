"""Background tasks of the organizations app (``django.tasks`` API, run by ``db_worker``)."""

from __future__ import annotations

import logging

from django_tasks import task

from gongkai.organizations.models import Body

logger = logging.getLogger("gongkai.tasks")


@task()
def daily_reminders() -> dict[str, int]:
    """Run the daily reminder pass; for now count the bodies and log one structured line."""
    bodies = Body.objects.count()
    logger.info("daily_reminders done", extra={"event": "daily_reminders", "bodies": bodies})
    return {"bodies": bodies}
