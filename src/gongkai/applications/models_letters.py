"""Letters of a case (答复告知书, 补正告知书, …) and each body's letter settings and templates.

Loaded with the app's models (``ApplicationsConfig.import_models``). The wording is the pure
``gongkai.law.letters``; writing DOCX and PDF is ``gongkai.applications.documents``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.law.letters import LETTER_KINDS


class LetterKind(models.TextChoices):
    """The kinds of letter (values are ``gongkai.law.letters.LetterKind`` values)."""

    REPLY = "reply", "答复告知书"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "征求第三方意见函"
    FEE = "fee", "收费通知书"


assert [k.value for k in LetterKind] == [spec.kind.value for spec in LETTER_KINDS]


def _letter_path(instance: object, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"letters/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{suffix}"


class LetterSettings(models.Model):
    """A body's 文号 prefix and the names in its remedy clause (行政复议 / 行政诉讼)."""

    body = models.OneToOneField(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="letter_settings",
    )
    number_prefix = models.CharField("文号机关代字", max_length=50, blank=True)
    review_body = models.CharField("行政复议机关", max_length=200, blank=True)
    court = models.CharField("人民法院", max_length=200, blank=True)
    remedy_text = models.TextField("救济途径告知", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return f"{self.body}文书设置"


class LetterTemplate(models.Model):
    """A body's own DOCX template for one kind of letter (overrides the built-in one)."""

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="letter_templates",
    )
    kind = models.CharField("文书类型", max_length=20, choices=LetterKind.choices)
    file = models.FileField("模板文件", upload_to=_letter_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = (
            models.UniqueConstraint(fields=["body", "kind"], name="letter_template_one_per_kind"),
        )

    def __str__(self) -> str:
        return f"{self.body} {self.get_kind_display()}"


class LetterSequence(models.Model):
    """The last 文号 number a body gave out in a year (all its letters share one sequence)."""

    body = models.ForeignKey(
        "organizations.Body", verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年份")
    last = models.PositiveIntegerField("最后编号", default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = (
            models.UniqueConstraint(fields=["body", "year"], name="letter_sequence_body_year"),
        )

    def __str__(self) -> str:
        return f"{self.body} {self.year}: {self.last}"


class Letter(models.Model):
    """One letter generated for a case: its 文号, DOCX and PDF, and its delivery (送达)."""

    application = models.ForeignKey(
        "applications.Application",
        verbose_name="申请",
        on_delete=models.CASCADE,
        related_name="letters",
    )
    kind = models.CharField("文书类型", max_length=20, choices=LetterKind.choices)
    number = models.CharField("文号", max_length=100)
    title = models.CharField("标题", max_length=100)
    addressee = models.CharField("收件人", max_length=200)
    docx = models.FileField("DOCX", upload_to=_letter_path, max_length=200)
    pdf = models.FileField("PDF", upload_to=_letter_path, max_length=200)
    delivery_method = models.CharField("送达方式", max_length=50, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="制作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("制作时间", default=timezone.now)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ("application", "id")

    def __str__(self) -> str:
        return f"{self.title} {self.number}"
