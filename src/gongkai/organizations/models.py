"""Bodies (机关) in a tree, users, and memberships (a role of a user in a body)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class User(AbstractUser):
    """A person who signs in; ``full_name`` holds a Chinese name in one field."""

    full_name = models.CharField("姓名", max_length=100, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username


class BodyKind(models.TextChoices):
    """The kinds of body the platform knows."""

    GOVERNMENT = "人民政府", "人民政府"
    DEPARTMENT = "政府部门", "政府部门"
    SUBDISTRICT = "街道办事处", "街道办事处"
    TOWNSHIP = "乡镇人民政府", "乡镇人民政府"
    OTHER = "其他", "其他"


class Body(models.Model):
    """A body (机关) with the contact block its annual report prints."""

    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("简称", max_length=100, blank=True)
    kind = models.CharField("类别", max_length=20, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    division = models.CharField(
        "行政区划", max_length=100, blank=True, help_text="如：吉林省长春市南关区"
    )
    address = models.CharField("办公地址", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    website = models.URLField("网站", blank=True)
    has_regulation_power = models.BooleanField("有规章制定权", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="body_name_unique_in_parent"),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="body_name_unique_at_top",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """A user's role in one body; a 监督员 covers the body's whole subtree."""

    CLERK = "经办人", "经办人"
    REVIEWER = "审核人", "审核人（科室负责人）"
    APPROVER = "审发人", "审发人（分管领导）"
    BODY_ADMIN = "机关管理员", "机关管理员"
    SUPERVISOR = "监督员", "监督员"


class Membership(models.Model):
    """One role of one user in one body; a user may hold roles in several bodies."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(
        Body, verbose_name="机关", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色"
        verbose_name_plural = "角色"
        constraints = [
            models.UniqueConstraint(fields=["user", "body", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.body} · {self.role}"
