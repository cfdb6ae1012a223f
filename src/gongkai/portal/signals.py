"""Any saved or deleted body changes the directory version, so cached body lists go stale."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from gongkai.organizations.models import Body
from gongkai.portal.services import directory_version_bump


def body_changed(sender: type[Body], **kwargs: Any) -> None:
    """Receiver for ``post_save`` and ``post_delete`` of ``Body``."""
    directory_version_bump()


def connect() -> None:
    post_save.connect(body_changed, sender=Body, dispatch_uid="portal.body_saved")
    post_delete.connect(body_changed, sender=Body, dispatch_uid="portal.body_deleted")
