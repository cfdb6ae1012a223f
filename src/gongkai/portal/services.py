"""Writes of the portal: the directory version behind the cached body lists."""

from __future__ import annotations

import secrets

from django.db import DEFAULT_DB_ALIAS, IntegrityError, transaction

from gongkai.portal.models import BodyVersion, DirectoryVersion

DIRECTORY_VERSION_PK = 1


def directory_version_bump(*, using: str = DEFAULT_DB_ALIAS) -> str:
    """Give the directory a new version token (inside the caller's transaction) and return it.

    A random token rather than a counter: after a rollback (or a test's rollback) a counter would
    come back to a value whose cached pages were rendered from other data.
    """
    token = secrets.token_hex(16)
    versions = DirectoryVersion.objects.using(using).filter(pk=DIRECTORY_VERSION_PK)
    if versions.update(token=token) == 0:
        try:
            with transaction.atomic(using=using):
                DirectoryVersion.objects.using(using).create(pk=DIRECTORY_VERSION_PK, token=token)
        except IntegrityError:  # another transaction created the row first
            versions.update(token=token)
    return token


def body_version_bump(*, body_id: int) -> str:
    """Give one body's 专栏 content a new version token (inside the caller's transaction).

    Called by the publications services whenever something the public pages show changes: an
    item published, withdrawn or changed while public, a 指南 or 制度 saved, a 主题分类 added.
    """
    token = secrets.token_hex(16)
    versions = BodyVersion.objects.filter(body_id=body_id)
    if versions.update(token=token) == 0:
        try:
            with transaction.atomic():
                BodyVersion.objects.create(body_id=body_id, token=token)
        except IntegrityError:  # another transaction created the row first
            versions.update(token=token)
    return token
