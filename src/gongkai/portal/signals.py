"""Any saved or deleted body changes the directory version, so cached body lists go stale."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save

from gongkai.organizations.models import Body
from gongkai.portal.models import DirectoryVersion
from gongkai.portal.selectors import directory_version_forget
from gongkai.portal.services import directory_version_bump


def body_changed(sender: type[Body], **kwargs: Any) -> None:
    """Receiver for ``post_save`` and ``post_delete`` of ``Body``."""
    directory_version_bump()
    directory_version_forget()


def database_reset(sender: AppConfig, *, using: str, **kwargs: Any) -> None:
    """After ``migrate`` or ``flush``: a version row again, and no remembered token."""
    directory_version_forget()
    table = DirectoryVersion._meta.db_table
    if table in connections[using].introspection.table_names():
        directory_version_bump(using=using)


def connect(app: AppConfig) -> None:
    post_save.connect(body_changed, sender=Body, dispatch_uid="portal.body_saved")
    post_delete.connect(body_changed, sender=Body, dispatch_uid="portal.body_deleted")
    post_migrate.connect(database_reset, sender=app, dispatch_uid="portal.database_reset")
