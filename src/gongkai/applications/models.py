"""Disclosure applications (依申请公开), their clock ledger, timeline, attachments and calendar.

The due date is never typed in: it is a pure function (``gongkai.law.clock.compute_deadline``) of
the case's ``ClockEntry`` rows and the working-day calendar. ``Application.due_on`` is a copy of
that answer, refreshed by every service that writes the ledger, so work queues can filter and sort
on it in the database.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from gongkai.law.fees import FeeMethod as LawFeeMethod


class Status(models.TextChoices):
    """Where a case stands (the workflow of 《条例》第四十五条: 登记、审核、办理、答复、归档)."""

    REGISTERED = "registered", "登记"
    REVIEW = "review", "审核"
    CORRECTION = "correction", "补正中"
    PROCESSING = "processing", "办理"
    REPLY_REVIEW = "reply_review", "答复待审核"
    REPLY_SIGN = "reply_sign", "答复待审发"
    REPLY_SIGNED = "reply_signed", "答复已签发"
    DELIVERED = "delivered", "已送达"
    ARCHIVED = "archived", "已归档"
    WITHDRAWN = "withdrawn", "已撤回"
    LAPSED = "lapsed", "逾期未补正"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费"


#: Statuses of a case that is still running (counted as open, shown in the work queue).
OPEN_STATUSES = (
    Status.REGISTERED,
    Status.REVIEW,
    Status.CORRECTION,
    Status.PROCESSING,
    Status.REPLY_REVIEW,
    Status.REPLY_SIGN,
    Status.REPLY_SIGNED,
)


class ApplicantKind(models.TextChoices):
    """The applicant columns of table 三."""

    PERSON = "自然人", "自然人"
    BUSINESS = "商业企业", "商业企业"
    RESEARCH = "科研机构", "科研机构"
    WELFARE = "社会公益组织", "社会公益组织"
    LEGAL = "法律服务机构", "法律服务机构"
    OTHER = "其他", "其他"


class IdType(models.TextChoices):
    """The identity document an applicant gives (第二十九条（一）身份证明)."""

    RESIDENT_ID = "居民身份证", "居民身份证"
    CREDIT_CODE = "统一社会信用代码", "统一社会信用代码"
    PASSPORT = "护照", "护照"
    PERMIT = "港澳台居民证件", "港澳居民来往内地通行证/台湾居民来往大陆通行证/居住证"
    OTHER = "其他证件", "其他证件"


class InfoForm(models.TextChoices):
    """The form in which the information is wanted."""

    PAPER = "纸质", "纸质"
    ELECTRONIC = "电子", "电子"


class Delivery(models.TextChoices):
    """How the applicant wants to obtain the information."""

    PICKUP = "自行领取", "自行领取"
    POST = "邮寄", "邮寄"
    EMAIL = "电子邮件", "电子邮件"
    ONLINE = "网上", "网上"


class Channel(models.TextChoices):
    """How the application reached the body; decides the date of receipt (第三十一条)."""

    ONLINE = "网上", "网上申请"
    REGISTERED_LETTER = "信函（挂号/EMS）", "信函（挂号/EMS，以签收日为收到日）"
    ORDINARY_LETTER = "信函（平信）", "信函（平信，以与申请人确认日为收到日）"
    IN_PERSON = "当面", "当面提交（以提交日为收到日）"
    FAX = "传真", "传真（以双方确认日为收到日）"
    EMAIL = "电子邮件", "电子邮件（以双方确认日为收到日）"


class FeeMethod(models.TextChoices):
    """The one method of 信息处理费 chosen for a case (109号第三条); values of the law core's."""

    PIECES = LawFeeMethod.PIECES.value, LawFeeMethod.PIECES.label
    PAGES = LawFeeMethod.PAGES.value, LawFeeMethod.PAGES.label


class Application(models.Model):
    """One disclosure application to one body."""

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    number = models.CharField("申请编号", max_length=20, unique=True)
    query_code_hash = models.CharField("查询码摘要", max_length=64)
    idempotency_key = models.CharField(
        "提交标识", max_length=64, unique=True, null=True, blank=True, editable=False
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.REGISTERED
    )
    applicant_kind = models.CharField("申请人类型", max_length=10, choices=ApplicantKind.choices)
    name = models.CharField("申请人姓名或名称", max_length=200)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = models.CharField("证件号码", max_length=50)
    phone = models.CharField("联系电话", max_length=50)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    description = models.TextField("所需政府信息的名称、文号或其他特征性描述")
    purpose = models.TextField("备注", blank=True)
    form = models.CharField("信息的载体形式", max_length=10, choices=InfoForm.choices)
    delivery = models.CharField("获取信息的方式", max_length=10, choices=Delivery.choices)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请日期", null=True, blank=True)
    receipt_evidence = models.CharField("收到日依据", max_length=300, blank=True)
    due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    correction_request = models.TextField("补正事项", blank=True)
    correction_text = models.TextField("补正内容", blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_applications",
    )
    outcome = models.CharField("办理结果", max_length=10, blank=True)
    outcome_basis = models.CharField("法律依据", max_length=300, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    delivery_method = models.CharField("送达方式", max_length=50, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    fee_method = models.CharField("计费方式", max_length=10, choices=FeeMethod.choices, blank=True)
    fee_count = models.PositiveIntegerField("计费件数或页数", null=True, blank=True)
    fee_earlier_pieces = models.PositiveIntegerField(
        "同一申请人本月此前累计件数", null=True, blank=True
    )
    fee_amount = models.PositiveBigIntegerField("信息处理费（元）", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The work queue's order (``application_list_for_body``) within a body's open
            # statuses: the page's ids come from this index alone, without reading the rows.
            models.Index(
                fields=["body", "status", "due_on", "created_at", "id"],
                name="application_queue_order",
            ),
            models.Index(fields=["body", "created_at"], name="application_body_created"),
            # Table 三 (``applications.statistics``): every column it reads, led by the closing
            # date, so a year's counts are a range of this index and never touch the rows.
            models.Index(
                fields=["body", "closed_on", "received_on", "applicant_kind", "outcome"],
                name="application_statistics",
            ),
            # Overdue cases of many bodies (the supervisor's dashboard and overdue counts):
            # only the open cases, by due date, so a subtree's count never reads closed ones.
            models.Index(
                fields=["due_on", "body"],
                condition=Q(status__in=OPEN_STATUSES),
                name="application_open_due",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ClockEventKind(models.TextChoices):
    """The kinds of ledger entry; the values are ``gongkai.law.clock.ClockEventKind`` values."""

    RECEIVED = "received", "收到申请"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTION_RECEIVED = "correction_received", "收到补正"
    CORRECTION_LAPSED = "correction_lapsed", "逾期未补正"
    PAUSE_STARTED = "pause_started", "开始征求意见"
    PAUSE_ENDED = "pause_ended", "征求意见结束"
    EXTENDED = "extended", "延长答复期限"
    DELAYED = "delayed", "合理延迟答复（第三十五条）"
    FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳费用"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费"
    CLOSED = "closed", "办结"


class ClockEntry(models.Model):
    """One dated fact of a case's statutory clock; entries are only ever appended."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="clock_entries"
    )
    kind = models.CharField("类型", max_length=30, choices=ClockEventKind.choices)
    on = models.DateField("日期")
    pause_kind = models.CharField("暂停事由", max_length=50, blank=True)
    workdays = models.PositiveSmallIntegerField("工作日数", default=0)
    note = models.CharField("说明", max_length=300, blank=True)
    #: EXTENDED: the name of the 政府信息公开工作机构负责人 who agreed (the reason is ``note``).
    approver = models.CharField("批准人", max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "期限台账"
        verbose_name_plural = "期限台账"
        ordering = ["application", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class CaseEvent(models.Model):
    """One line of a case's timeline: public (shown to the applicant) or an internal note."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="events"
    )
    what = models.CharField("事项", max_length=200)
    text = models.TextField("内容", blank=True)
    public = models.BooleanField("申请人可见", default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.what


def _attachment_path(instance: Attachment, filename: str) -> str:
    """Files by month, under a random name (the original name is kept in ``name``)."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{suffix}"


class Attachment(models.Model):
    """A file sent with an application (or a staff scan of a paper application)."""

    application = models.ForeignKey(
        Application, verbose_name="申请", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=_attachment_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
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
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class CalendarYear(models.Model):
    """One year's holiday arrangement (国务院办公厅放假安排通知), entered by an administrator.

    An entered year wins over the built-in calendar; a year neither knows stops the clock with a
    message naming the year, never a guess.
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    holidays = models.JSONField("放假日期", default=list)
    make_up_workdays = models.JSONField("调休上班日期", default=list)
    source = models.CharField("依据", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="calendar_year_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class NumberSequence(models.Model):
    """The last 申请编号 given out in a year (numbers run per year across the platform)."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    last = models.PositiveIntegerField("最后编号", default=0)

    class Meta:
        verbose_name = "申请编号序列"
        verbose_name_plural = "申请编号序列"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class NoticeKind(models.TextChoices):
    """What an in-app notice (and its e-mail) is about."""

    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "已逾期"
    DIGEST = "digest", "每周汇总"
    REPORT_DUE = "report_due", "年度报告提醒"


class Notice(models.Model):
    """An in-app reminder to one person (written by the daily job, ``applications.reminders``).

    At most one notice of a kind per case, person and day (and one digest per person and day), so
    running the job twice on one day sends nothing new.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notices",
    )
    application = models.ForeignKey(
        Application,
        verbose_name="申请",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    kind = models.CharField("类型", max_length=10, choices=NoticeKind.choices)
    day = models.DateField("日期")
    due_on = models.DateField("答复期限", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("内容", blank=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", default=timezone.now)

    class Meta:
        verbose_name = "提醒"
        verbose_name_plural = "提醒"
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "recipient", "kind", "day"],
                condition=Q(application__isnull=False),
                name="notice_once_per_case_day",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "day"],
                condition=Q(application__isnull=True),
                name="notice_digest_once_per_day",
            ),
        ]

    def __str__(self) -> str:
        return self.title
