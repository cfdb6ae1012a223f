"""What the API stores: idempotency keys of submissions and staff actions, and staff API tokens."""

from __future__ import annotations

from django.conf import settings
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


class ApiToken(models.Model):
    """A personal token for ``Authorization: Bearer …``: it acts with exactly its owner's roles.

    Only the SHA-256 of the secret is stored; the secret is shown once, when the token is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="所有人",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("名称", max_length=100)
    digest = models.CharField("令牌摘要", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class ActionIdempotencyKey(models.Model):
    """One ``Idempotency-Key`` of a staff action through the API, per token owner.

    The first successful answer is replayed to a retry with the same key and the same request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField("幂等键", max_length=255)
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
        verbose_name = "办理操作幂等键"
        verbose_name_plural = "办理操作幂等键"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_action_key_per_user")
        ]

    def __str__(self) -> str:
        return self.key
