"""What the API stores: the ``Idempotency-Key`` of each application submitted through it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """One ``Idempotency-Key`` of ``POST /api/v1/applications`` and the application it made.

    ``request_hash`` is the SHA-256 of the request body in canonical JSON, so the same key with a
    different body is told apart. ``response`` is the answer given the first time, replayed as it
    was (it holds the 查询码, which is otherwise stored only as a digest: the client that lost the
    first answer needs it).
    """

    key = models.CharField("幂等键", max_length=255, unique=True)
    request_hash = models.CharField("请求摘要", max_length=64)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="申请",
        on_delete=models.CASCADE,
        related_name="+",
    )
    response = models.JSONField("首次应答", default=dict)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "接口幂等键"
        verbose_name_plural = "接口幂等键"

    def __str__(self) -> str:
        return self.key
