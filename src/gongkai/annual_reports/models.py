"""政府信息公开工作年度报告 on the platform: written from the records, collected, or summarised.

One row per body, year and kind. Its six sections are text; its three tables are stored in the
canonical JSON shape (``gongkai.annual-report/1``: ``proactive``, ``applications``,
``reviews_litigation``), so the core reads, checks and writes it like any report
(``selectors.core_report``). A written report moves 草稿 → 待审核 → 待审发 → 已发布 (``workflow``);
a collected one is 已发布 elsewhere and read by the core from its file; a summary is written
like a body's own report from the reports of a subtree.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReportKind(models.TextChoices):
    """Where a report comes from."""

    WRITTEN = "written", "平台编制"
    COLLECTED = "collected", "收集"
    SUMMARY = "summary", "汇总"


class ReportStatus(models.TextChoices):
    """Where a report stands (a collected report is 已发布 by the body that published it)."""

    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "待审核"
    IN_APPROVAL = "in_approval", "待审发"
    PUBLISHED = "published", "已发布"


class AnnualReport(models.Model):
    """One annual report of ``body`` for ``year``."""

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("来源", max_length=10, choices=ReportKind.choices)
    status = models.CharField(
        "状态", max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    #: The national format: "2021" (国办公开办函〔2021〕30号) or "2019".
    template = models.CharField("格式", max_length=4)
    title = models.CharField("标题", max_length=200)
    #: Text between the title and section 一 (统计期限, contacts).
    preamble = models.TextField("导语", blank=True)
    #: {"1": text, …, "6": text}; sections 二–四 hold what is printed around their tables.
    sections = models.JSONField("正文", default=dict, blank=True)
    #: The three tables in the canonical JSON shape (cells: int, decimal string, text or null).
    tables = models.JSONField("统计表", default=dict, blank=True)
    #: The prose last drafted from the records, by section: a section still equal to it is
    #: drafted again on the next compile; one staff changed is kept.
    drafted = models.JSONField("上次起草的正文", default=dict, blank=True)
    #: Written explanations of warnings, by finding key (``rule|table|row|column``).
    explanations = models.JSONField("警告说明", default=dict, blank=True)
    #: The findings of the last check (``Finding.to_json``), kept for lists and dashboards.
    findings = models.JSONField("检查结果", default=list, blank=True)
    #: A summary's coverage: {"parts": [organ…], "missing": [organ…], "blanks": [[organ, table,
    #: row, column, reason]…], "bodies": [body id…]} as of its last compile.
    coverage = models.JSONField("汇总范围", default=dict, blank=True)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    compiled_at = models.DateTimeField("统计时间", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    docx = models.FileField("DOCX", upload_to="annual_reports/%Y/", blank=True)
    pdf = models.FileField("PDF", upload_to="annual_reports/%Y/", blank=True)
    #: Collected reports: the file as uploaded (or the pasted text) and what it was.
    source_file = models.FileField("原始文件", upload_to="annual_reports/sources/%Y/", blank=True)
    source_name = models.CharField("原始文件名", max_length=255, blank=True)
    source_kind = models.CharField("原始文件类型", max_length=10, blank=True)
    source_sha256 = models.CharField("原始文件校验值", max_length=64, blank=True)
    source_url = models.URLField("发布网址", max_length=500, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ("-year", "body_id")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "year", "kind"), name="annual_report_one_per_body_year_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ReportKind]), name="annual_report_kind"
            ),
        ]
        indexes = [models.Index(fields=("year", "status"), name="annual_report_year_status")]

    def __str__(self) -> str:
        return self.title


class StepAction(models.TextChoices):
    """What happened to a report (its history, shown beside it)."""

    COMPILE = "compile", "按记录统计"
    EDIT = "edit", "修改"
    SUBMIT = "submit", "提交审核"
    REVIEW = "review", "审核通过"
    RETURN = "return", "退回"
    APPROVE = "approve", "审发"
    PUBLISH = "publish", "发布"
    WITHDRAW = "withdraw", "撤回"
    COLLECT = "collect", "收集"
    CORRECT = "correct", "更正读取值"


class ReportStep(models.Model):
    """One step in a report's history, with who took it and why."""

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField("操作", max_length=10, choices=StepAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间")
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "报告处理记录"
        verbose_name_plural = "报告处理记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.report} {self.get_action_display()}"


class CellCorrection(models.Model):
    """A cell of a collected report corrected by hand: the value read stays beside it."""

    report = models.ForeignKey(
        AnnualReport, verbose_name="年度报告", on_delete=models.CASCADE, related_name="corrections"
    )
    table = models.CharField("表", max_length=20)
    row = models.CharField("行", max_length=40)
    column = models.CharField("列", max_length=40, blank=True)
    #: JSON text of the value the core read (``null`` for a blank).
    value_read = models.CharField("读取值", max_length=100)
    value = models.CharField("更正值", max_length=100)
    reason = models.TextField("更正理由")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    corrected_at = models.DateTimeField("更正时间")

    class Meta:
        verbose_name = "读取值更正"
        verbose_name_plural = "读取值更正"
        ordering = ("corrected_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("report", "table", "row", "column"), name="cell_correction_one_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.table}.{self.row}.{self.column}"
