"""行政复议 and 行政诉讼 cases about a body's disclosure work (table 四 of the annual report)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.law import remedies as law


class CaseKind(models.TextChoices):
    """The three groups of table 四 (values are the spec's group keys)."""

    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"


class Result(models.TextChoices):
    """The result column a case is counted in (总计 is their sum)."""

    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他"
    PENDING = "pending", "尚未审结"


DECISION_CHOICES = [(rule.decision.value, rule.label) for rule in law.DECISIONS]

# The choices repeat the law core's labels so that migrations see literals; a test pins them.


class RemedyCase(models.Model):
    """One 行政复议 or 行政诉讼 case in which ``body``'s disclosure work is challenged.

    Under 国办公开办函〔2016〕201号 a suit in which the 复议机关 is a co-defendant counts for the
    body whose disclosure conduct was challenged, not for the 复议机关: ``body`` is that body.
    """

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="被申请人（被告）机关",
        on_delete=models.PROTECT,
        related_name="remedy_cases",
    )
    kind = models.CharField("案件类型", max_length=30, choices=CaseKind.choices)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name="所涉政府信息公开申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="remedy_cases",
    )
    subject = models.TextField("所涉事项", blank=True)
    applicant_name = models.CharField("申请人（原告）", max_length=200)
    case_number = models.CharField("案号", max_length=100, blank=True)
    filed_on = models.DateField("申请（立案）日期")
    deciding_organ = models.CharField("复议机关（人民法院）", max_length=200)
    decided_on = models.DateField("决定（裁判）日期", null=True, blank=True)
    decision = models.CharField(
        "决定（裁判）方式", max_length=30, choices=DECISION_CHOICES, blank=True
    )
    result = models.CharField("结果", max_length=20, choices=Result.choices, default=Result.PENDING)
    review_case = models.ForeignKey(
        "self",
        verbose_name="此前的行政复议案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_suits",
    )
    notes = models.TextField("备注", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-id"]
        indexes = [
            models.Index(fields=["body", "filed_on"], name="remedy_body_filed"),
            models.Index(fields=["body", "decided_on"], name="remedy_body_decided"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.case_number or self.pk}"
