"""Background tasks of 主动公开 (``django.tasks`` API, run by ``db_worker``)."""

from __future__ import annotations

import logging

from django_tasks import task

from gongkai.publications.services import publications_publish_due

logger = logging.getLogger("gongkai.tasks")


@task()
def publications_publish_scheduled() -> dict[str, int]:
    """Publish every 待发布 item whose scheduled time has passed."""
    published = publications_publish_due()
    logger.info(
        "publications_publish_scheduled done",
        extra={"event": "publications_publish_scheduled", "published": published},
    )
    return {"published": published}
