"""The directory version: one row whose token changes whenever any body is saved or deleted.

The public pages cache their rendered body lists under this token. It lives in the database, not
in the cache, so that every process (several gunicorn workers, the task worker, a management
command) sees a change at once whatever cache backend is configured, and so that the change
commits or rolls back with the body write that caused it.
"""

from __future__ import annotations

from django.db import models


class DirectoryVersion(models.Model):
    """A single row (pk 1) holding a random token, replaced on every change to any body."""

    token = models.CharField("版本", max_length=32)

    class Meta:
        verbose_name = "机关目录版本"
        verbose_name_plural = "机关目录版本"

    def __str__(self) -> str:
        return self.token


class BodyVersion(models.Model):
    """A token per body that changes whenever what its 专栏 shows from the records changes.

    Written in the same transaction as the publication or page that changed; part of the cache
    key of the body's public pages, next to the directory version.
    """

    body = models.OneToOneField(
        "organizations.Body",
        verbose_name="机关",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField("版本", max_length=32)

    class Meta:
        verbose_name = "专栏内容版本"
        verbose_name_plural = "专栏内容版本"

    def __str__(self) -> str:
        return self.token
