"""主动公开: channels, topic categories, publications with their versions, review steps,
attachments and releases per channel.

A publication is one entry of a body's 政府信息公开目录. Its status only changes through the
services (``services.py``), one per transition of ``workflow.TRANSITIONS``; every save of its
content appends a ``PublicationVersion``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ChannelKind(models.TextChoices):
    """Where a body publishes (《条例》第二十三、二十四条; 表二's channels)."""

    WEBSITE = "政府网站专栏", "政府网站专栏"
    NEW_MEDIA = "政务新媒体", "政务新媒体"
    BOARD = "公开栏电子屏", "公开栏/电子屏"
    GAZETTE = "政府公报", "政府公报"
    OTHER = "其他", "其他"


class Channel(models.Model):
    """One channel of a body; every body has exactly one 政府网站专栏."""

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="publication_channels",
    )
    kind = models.CharField("类型", max_length=20, choices=ChannelKind.choices)
    name = models.CharField("名称", max_length=100)
    active = models.BooleanField("使用中", default=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公开渠道"
        verbose_name_plural = "公开渠道"
        ordering = ["body", "kind", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind", "name"], name="channel_name_unique"),
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(kind="政府网站专栏"),
                name="channel_one_website_per_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name}"


class TopicCategory(models.Model):
    """A 主题分类 of a body's catalogue (e.g. 南郊镇: 业务工作)."""

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="topic_categories",
    )
    name = models.CharField("名称", max_length=100)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"
        ordering = ["body", "order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="topic_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PublishingSettings(models.Model):
    """A body's settings for 主动公开: the 索引号 code and its sensitive-word list."""

    body = models.OneToOneField(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="publishing_settings",
    )
    index_code = models.CharField(
        "索引号机关代码",
        max_length=30,
        unique=True,
        help_text="索引号的第一段，如 NJZ；只能用大写字母、数字和连字符。",
    )
    sensitive_words = models.TextField("敏感词", blank=True, help_text="每行一个词。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "主动公开设置"
        verbose_name_plural = "主动公开设置"

    def __str__(self) -> str:
        return self.index_code

    def word_list(self) -> list[str]:
        """The sensitive words, one per line, blanks dropped."""
        return [word.strip() for word in self.sensitive_words.splitlines() if word.strip()]


class IndexCounter(models.Model):
    """The last 索引号 sequence number given out for a (body, year); taken under a row lock."""

    body = models.ForeignKey(
        "organizations.Body", verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "索引号计数"
        verbose_name_plural = "索引号计数"
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="index_counter_unique"),
        ]


class Status(models.TextChoices):
    """Where an item stands in 三级审查 (拟稿 → 初审 → 审核 → 审发 → 发布)."""

    DRAFT = "draft", "拟稿"
    FIRST_REVIEW = "first_review", "待初审"
    REVIEW = "review", "待审核"
    SIGN = "sign", "待审发"
    SCHEDULED = "scheduled", "待发布"
    PUBLISHED = "published", "已发布"
    FILED = "filed", "已审定（不上网）"
    WITHDRAWN = "withdrawn", "已撤稿"


#: Statuses in which the item is under review (the approver's queue).
REVIEW_STATUSES = (Status.FIRST_REVIEW, Status.REVIEW, Status.SIGN)


class Disclosure(models.TextChoices):
    """公开属性, decided at drafting (第十九、二十条; 第十四、十五、十六条 for 不予公开)."""

    PROACTIVE = "主动公开", "主动公开"
    ON_REQUEST = "依申请公开", "依申请公开"
    WITHHELD = "不予公开", "不予公开"


class Validity(models.TextChoices):
    """有效性 of a document."""

    VALID = "有效", "有效"
    AMENDED = "已修改", "已修改"
    REPEALED = "已废止", "已废止"


class Secrecy(models.TextChoices):
    """The 保密审查 conclusion recorded at 审发 (涉密信息不上网)."""

    NONE = "不涉密", "不涉密"
    CLASSIFIED = "涉密", "涉密"


# What the public sees: published and released on the 政府网站专栏. Items that went out only on
# another channel (a WeChat post, a 公开栏) are counted for the annual report, not listed online.
PUBLIC = Q(status="published", on_website=True)


class Publication(models.Model):
    """One item of a body's 政府信息公开目录."""

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="publications",
    )
    index_number = models.CharField("索引号", max_length=60, unique=True)
    year = models.PositiveSmallIntegerField("索引号年度")
    seq = models.PositiveIntegerField("索引号序号")
    title = models.CharField("标题", max_length=300)
    issuer = models.CharField("发布机构", max_length=200)
    written_on = models.DateField("成文日期", null=True, blank=True)
    formed_on = models.DateField("形成或变更日期")
    published_on = models.DateField("发布日期", null=True, blank=True, db_index=True)
    document_number = models.CharField("文号", max_length=100, blank=True)
    topic = models.ForeignKey(
        TopicCategory,
        verbose_name="主题分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    article_item = models.CharField("第二十条等公开事项", max_length=40, blank=True)
    disclosure = models.CharField(
        "公开属性", max_length=10, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    withholding_reason = models.CharField("不予公开理由", max_length=40, blank=True)
    validity = models.CharField(
        "有效性", max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    successor = models.ForeignKey(
        "self",
        verbose_name="修改或废止后的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    summary = models.TextField("内容概述", blank=True)
    body_html = models.TextField("正文", blank=True)
    interprets = models.ManyToManyField(
        "self",
        verbose_name="解读的政策文件",
        symmetrical=False,
        blank=True,
        related_name="interpretations",
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField("定时发布时间", null=True, blank=True, db_index=True)
    secrecy = models.CharField("保密审查结论", max_length=10, choices=Secrecy.choices, blank=True)
    late = models.BooleanField(
        "超过20个工作日发布",
        null=True,
        blank=True,
        help_text="第二十六条：形成或变更之日起20个工作日内公开；未知的年度节假日安排时为空。",
    )
    withdrawal_reason = models.TextField("撤稿理由", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    on_website = models.BooleanField(
        "在政府网站专栏发布",
        default=False,
        help_text="已发布且在政府网站专栏登记了发布：只有这样的信息出现在公开页面、检索和接口中。",
    )
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "主动公开信息"
        verbose_name_plural = "主动公开信息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "seq"], name="publication_seq_unique"),
            models.CheckConstraint(
                condition=~Q(secrecy="涉密") | ~Q(status__in=["published", "scheduled"]),
                name="publication_classified_never_published",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "status", "-created_at"], name="publication_body_status"),
            # The public catalogue: a body's published items, newest first (``portal``).
            models.Index(
                fields=["body", "status", "-published_on", "-id"], name="publication_public"
            ),
            models.Index(
                fields=["body", "status", "article_item", "-published_on", "-id"],
                name="publication_public_item",
            ),
            # The platform-wide list of the public API (no body named), newest first.
            models.Index(fields=["status", "-published_on", "-id"], name="publication_published"),
        ]

    def __str__(self) -> str:
        return f"{self.index_number} {self.title}"


class PublicationVersion(models.Model):
    """A snapshot of an item's fields and text, appended on every save."""

    publication = models.ForeignKey(
        Publication, verbose_name="信息", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("版本号")
    fields = models.JSONField("字段", default=dict)
    body_html = models.TextField("正文", blank=True)
    note = models.CharField("说明", max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "信息版本"
        verbose_name_plural = "信息版本"
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "number"], name="publication_version_unique"
            ),
        ]


class ReviewStage(models.TextChoices):
    FIRST = "初审", "初审"
    REVIEW = "审核", "审核"
    SIGN = "审发", "审发"


class Decision(models.TextChoices):
    APPROVED = "通过", "通过"
    RETURNED = "退回", "退回"


class ReviewStep(models.Model):
    """One decision of 三级审查, with the scan's warnings the approver saw."""

    publication = models.ForeignKey(
        Publication, verbose_name="信息", on_delete=models.CASCADE, related_name="review_steps"
    )
    stage = models.CharField("审查环节", max_length=10, choices=ReviewStage.choices)
    decision = models.CharField("结论", max_length=10, choices=Decision.choices)
    comment = models.TextField("意见", blank=True)
    secrecy = models.CharField("保密审查结论", max_length=10, choices=Secrecy.choices, blank=True)
    scan_hits = models.JSONField("自动检查提示", default=list, blank=True)
    channels = models.ManyToManyField(
        Channel,
        verbose_name="发布渠道",
        blank=True,
        related_name="+",
        help_text="审发时选定的发布渠道（定时发布的信息到时在这些渠道登记发布）。",
    )
    version = models.PositiveIntegerField("审查的版本")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审查人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "审查记录"
        verbose_name_plural = "审查记录"
        ordering = ["publication", "at", "pk"]


def attachment_path(instance: PublicationAttachment, filename: str) -> str:
    """Files by body, item and content hash: ``publications/<body>/<item>/<sha256>.<kind>``."""
    publication = instance.publication
    return f"publications/{publication.body_id}/{publication.pk}/{instance.sha256}.{instance.kind}"


class PublicationAttachment(models.Model):
    """A file of an item, accepted after its content was sniffed."""

    publication = models.ForeignKey(
        Publication, verbose_name="信息", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    name = models.CharField("原文件名", max_length=200)
    kind = models.CharField("类型", max_length=10)
    content_type = models.CharField("内容类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    text = models.TextField("提取的文字", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["publication", "at", "pk"]

    def __str__(self) -> str:
        return self.name


class Release(models.Model):
    """Where and when an item went out; a year's per-channel counts are counts of these rows.

    A release either belongs to an item of the catalogue (``publication``) or is a post that
    exists only on that channel (a WeChat article imported in bulk): no item, its ``title`` and
    ``url`` instead. Either way it is counted once: one row per (item, channel), one per
    (channel, title, day) for the posts without an item.
    """

    publication = models.ForeignKey(
        Publication,
        verbose_name="信息",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="releases",
    )
    channel = models.ForeignKey(
        Channel, verbose_name="渠道", on_delete=models.PROTECT, related_name="releases"
    )
    released_on = models.DateField("发布日期")
    title = models.CharField("标题", max_length=300, blank=True, help_text="仅在该渠道发布的内容。")
    url = models.URLField("链接", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        verbose_name = "发布记录"
        verbose_name_plural = "发布记录"
        ordering = ["publication", "released_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "channel"], name="release_unique"),
            models.UniqueConstraint(
                fields=["channel", "title", "released_on"],
                condition=Q(publication__isnull=True),
                name="release_post_unique",
            ),
            models.CheckConstraint(
                condition=Q(publication__isnull=False) | ~Q(title=""),
                name="release_item_or_title",
            ),
        ]
        indexes = [models.Index(fields=["channel", "released_on"], name="release_channel_day")]


class BodyPageKind(models.TextChoices):
    """The pages of the 专栏 a body writes itself."""

    GUIDE = "guide", "信息公开指南"
    RULES = "rules", "信息公开制度"


class BodyPage(models.Model):
    """A body's own 信息公开指南 (第十二条) or 信息公开制度, as sanitized HTML."""

    body = models.ForeignKey(
        "organizations.Body",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="portal_pages",
    )
    kind = models.CharField("页面", max_length=10, choices=BodyPageKind.choices)
    html = models.TextField("内容", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "专栏页面"
        verbose_name_plural = "专栏页面"
        ordering = ["body", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["body", "kind"], name="body_page_unique"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
