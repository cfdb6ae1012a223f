"""The 第二十条 ledgers a body keeps for table 二 of its annual report.

* ``RegisteredDocument`` with its ``Amendment`` rows: the register of 规章 and of 行政规范性文件
  (第二十条第（一）项) — issued, in force, repealed;
* ``DecisionCount``: how many 行政许可 / 行政处罚 / 行政强制 decisions a body made in a month
  (第二十条第（五）（六）项);
* ``FeeAmount``: the 行政事业性收费 a body collected in a month, in 万元 (第二十条第（八）项);
* ``LedgerSheet``: the version of one body's year of counts or fees, so that a form loaded
  before somebody else saved (or imported) the same year is refused instead of overwriting it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from gongkai.organizations.models import Body

YEAR_MIN = 2000
YEAR_MAX = 2100


class DocumentKind(models.TextChoices):
    """The two registers of 第二十条第（一）项 that table 二 counts."""

    REGULATION = "规章", "规章"
    NORMATIVE = "行政规范性文件", "行政规范性文件"


class RegisteredDocument(models.Model):
    """One 规章 or 行政规范性文件 of a body: issued, perhaps in force later, perhaps repealed.

    ``power_warning`` keeps the warning given when a body without 规章-making power entered a
    规章 (the record is kept; the annual report shows the warning next to the count).
    A link to the publication that published the document belongs here later, as a nullable
    foreign key to ``publications.Publication`` (``on_delete=SET_NULL``).
    """

    body = models.ForeignKey(
        Body, verbose_name="机关", on_delete=models.PROTECT, related_name="registered_documents"
    )
    kind = models.CharField("类别", max_length=20, choices=DocumentKind.choices)
    title = models.CharField("标题", max_length=300)
    number = models.CharField("文号", max_length=100)
    issued_on = models.DateField("制发日期")
    effective_on = models.DateField("施行日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repeal_reason = models.CharField("废止原因", max_length=500, blank=True)
    power_warning = models.CharField("提示", max_length=300, blank=True)
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
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "规章和规范性文件"
        verbose_name_plural = "规章和规范性文件"
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["body", "kind", "issued_on"], name="ledger_doc_body_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | Q(repealed_on__gte=F("issued_on")),
                name="ledger_doc_repealed_after_issued",
            ),
            models.CheckConstraint(
                condition=Q(repealed_on__isnull=True) | ~Q(repeal_reason=""),
                name="ledger_doc_repeal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"


class Amendment(models.Model):
    """One 修改 of a document: when, by which 文号, what changed (counts do not change)."""

    document = models.ForeignKey(
        RegisteredDocument,
        verbose_name="文件",
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    amended_on = models.DateField("修改日期")
    number = models.CharField("修改文号", max_length=100, blank=True)
    note = models.CharField("修改说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "修改记录"
        verbose_name_plural = "修改记录"
        ordering = ["document", "amended_on", "id"]

    def __str__(self) -> str:
        return f"{self.amended_on} {self.number}"


class DecisionKind(models.TextChoices):
    """The decisions table 二 counts (第二十条第（五）（六）项)."""

    LICENSING = "行政许可", "行政许可"
    PUNISHMENT = "行政处罚", "行政处罚"
    COERCION = "行政强制", "行政强制"


def _year_month_range(prefix: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(year__gte=YEAR_MIN) & Q(year__lte=YEAR_MAX), name=f"{prefix}_year_range"
        ),
        models.CheckConstraint(
            condition=Q(month__gte=1) & Q(month__lte=12), name=f"{prefix}_month_range"
        ),
    ]


class DecisionCount(models.Model):
    """The number of decisions of one kind a body made in one month."""

    body = models.ForeignKey(
        Body, verbose_name="机关", on_delete=models.PROTECT, related_name="decision_counts"
    )
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份")
    kind = models.CharField("类别", max_length=10, choices=DecisionKind.choices)
    count = models.PositiveIntegerField("数量")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "处理决定数量"
        verbose_name_plural = "处理决定数量"
        ordering = ["body", "year", "month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "month", "kind"], name="ledger_decision_unique"
            ),
            *_year_month_range("ledger_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 {self.kind} {self.count}"


class FeeAmount(models.Model):
    """The 行政事业性收费 a body collected in one month, in 万元 (four decimals)."""

    body = models.ForeignKey(
        Body, verbose_name="机关", on_delete=models.PROTECT, related_name="fee_amounts"
    )
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份")
    amount = models.DecimalField("金额（万元）", max_digits=14, decimal_places=4)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "行政事业性收费"
        verbose_name_plural = "行政事业性收费"
        ordering = ["body", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "month"], name="ledger_fee_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="ledger_fee_not_negative"),
            *_year_month_range("ledger_fee"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 {self.amount} 万元"


class SheetKind(models.TextChoices):
    """The monthly ledgers that are edited a year at a time."""

    DECISIONS = "decisions", "处理决定数量"
    FEES = "fees", "行政事业性收费"


class LedgerSheet(models.Model):
    """The version of one body's year of one monthly ledger (raised by every save or import)."""

    body = models.ForeignKey(
        Body, verbose_name="机关", on_delete=models.PROTECT, related_name="ledger_sheets"
    )
    year = models.PositiveSmallIntegerField("年份")
    kind = models.CharField("台账", max_length=10, choices=SheetKind.choices)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = "月度台账"
        verbose_name_plural = "月度台账"
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "kind"], name="ledger_sheet_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.year} {self.kind} v{self.version}"
