"""Reads of 主动公开: permission-checked fetches, lists with counts, scan results, differences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet

from gongkai.applications.selectors import roles_in_body
from gongkai.organizations.models import Body, Role, User
from gongkai.publications.models import (
    BodyPage,
    Channel,
    ChannelKind,
    Publication,
    PublicationVersion,
    PublishingSettings,
    Release,
    ReviewStep,
    Status,
    TopicCategory,
)
from gongkai.publishing.diff import diff_lines
from gongkai.publishing.sanitize import html_to_text
from gongkai.publishing.scan import ScanHit, scan_text

__all__ = ["roles_in_body"]

#: Roles that write a body's publications (a 监督员 above the body only reads).
STAFF_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.BODY_ADMIN})


def publication_list_for_body(*, body: Body, status: str = "") -> QuerySet[Publication]:
    """A body's items, newest first; ``status`` one of ``Status`` or blank for all."""
    items = Publication.objects.filter(body=body).select_related("topic")
    if status:
        items = items.filter(status=status)
    return items.order_by("-created_at", "-pk")


def publication_status_counts(*, body: Body) -> dict[str, int]:
    """How many items of ``body`` are in each status (every status present, one query)."""
    counts = dict.fromkeys(Status.values, 0)
    rows = (
        Publication.objects.filter(body=body)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    for status, n in rows:
        counts[status] = n
    return counts


def publication_get_for_user(*, user: User, body: Body, publication_id: int) -> Publication:
    """Item ``publication_id`` of ``body`` (the caller checked the user's right to the body).

    An item of another body and a missing item give the same ``PermissionDenied``.
    """
    publication = (
        Publication.objects.filter(pk=publication_id, body=body)
        .select_related("body", "topic", "successor", "created_by")
        .first()
    )
    if publication is None:
        raise PermissionDenied
    return publication


def settings_for_body(*, body: Body) -> PublishingSettings | None:
    """The body's 主动公开 settings, if any were saved yet."""
    return PublishingSettings.objects.filter(body=body).first()


def sensitive_words(*, body: Body) -> list[str]:
    """The body's sensitive-word list (empty when it has none)."""
    found = settings_for_body(body=body)
    return found.word_list() if found is not None else []


def publication_scan(*, publication: Publication) -> list[ScanHit]:
    """The automatic check over the text and every attachment's extracted text."""
    words = sensitive_words(body=publication.body)
    hits = scan_text(html_to_text(publication.body_html), where="正文", sensitive_words=words)
    for attachment in publication.attachments.order_by("pk"):
        hits.extend(scan_text(attachment.text, where=attachment.name, sensitive_words=words))
    return hits


def hits_as_json(hits: list[ScanHit]) -> list[dict[str, Any]]:
    """Scan hits as stored with a review step."""
    return [
        {
            "kind": hit.kind,
            "start": hit.start,
            "end": hit.end,
            "excerpt": hit.excerpt,
            "where": hit.where,
        }
        for hit in hits
    ]


def body_page_get(*, body: Body, kind: str) -> BodyPage | None:
    """The body's 信息公开指南 or 信息公开制度, if it wrote one."""
    return BodyPage.objects.filter(body=body, kind=kind).select_related("updated_by").first()


def topics_for_body(*, body: Body) -> QuerySet[TopicCategory]:
    return TopicCategory.objects.filter(body=body).order_by("order", "name", "pk")


def channels_for_body(*, body: Body, active_only: bool = False) -> QuerySet[Channel]:
    channels = Channel.objects.filter(body=body)
    if active_only:
        channels = channels.filter(active=True)
    return channels.order_by("kind", "name", "pk")


def website_channel(*, body: Body) -> Channel | None:
    return Channel.objects.filter(body=body, kind=ChannelKind.WEBSITE).first()


def publication_steps(*, publication: Publication) -> QuerySet[ReviewStep]:
    return ReviewStep.objects.filter(publication=publication).select_related("actor")


def publication_releases(*, publication: Publication) -> QuerySet[Release]:
    return Release.objects.filter(publication=publication).select_related("channel", "recorded_by")


def publication_versions(*, publication: Publication) -> QuerySet[PublicationVersion]:
    return PublicationVersion.objects.filter(publication=publication).select_related("author")


#: The snapshot's fields in the order the history shows them, with their Chinese names.
VERSION_FIELDS = (
    ("title", "标题"),
    ("issuer", "发布机构"),
    ("written_on", "成文日期"),
    ("formed_on", "形成或变更日期"),
    ("published_on", "发布日期"),
    ("document_number", "文号"),
    ("topic", "主题分类"),
    ("article_item", "公开事项"),
    ("disclosure", "公开属性"),
    ("withholding_reason", "不予公开理由"),
    ("validity", "有效性"),
    ("successor", "修改或废止后的文件"),
    ("interprets", "解读的政策文件"),
    ("summary", "内容概述"),
    ("attachments", "附件"),
    ("status", "状态"),
    ("scheduled_at", "定时发布时间"),
    ("secrecy", "保密审查结论"),
    ("channels", "发布渠道"),
)


def version_lines(version: PublicationVersion) -> str:
    """A version as text for people: one ``名称：值`` line per field, then the text's lines."""
    lines = []
    for key, label in VERSION_FIELDS:
        value = version.fields.get(key, "")
        if isinstance(value, list):
            value = "、".join(str(item) for item in value)
        lines.append(f"{label}：{value if value not in (None, '') else '—'}")
    lines.append("正文：")
    lines.append(html_to_text(version.body_html))
    return "\n".join(lines)


@dataclass(frozen=True)
class VersionDiff:
    """One version and what changed since the one before it (the first: everything)."""

    version: PublicationVersion
    lines: list[tuple[str, str]]

    @property
    def changed(self) -> list[tuple[str, str]]:
        return [line for line in self.lines if line[0] != "="]


def publication_history(*, publication: Publication) -> list[VersionDiff]:
    """Every version, newest first, with its differences from the previous one."""
    versions = list(publication_versions(publication=publication).order_by("number"))
    diffs: list[VersionDiff] = []
    previous = ""
    for version in versions:
        text = version_lines(version)
        diffs.append(VersionDiff(version=version, lines=diff_lines(previous, text)))
        previous = text
    diffs.reverse()
    return diffs


@dataclass(frozen=True)
class TopicCount:
    """How many of a channel's releases of the year are in one 主题分类 (``None``: none)."""

    topic_id: int | None
    name: str
    count: int


@dataclass(frozen=True)
class ChannelCount:
    """A channel's releases of the year, in all and by 主题分类 (only categories with any)."""

    channel_id: int
    kind: str
    name: str
    count: int
    topics: tuple[TopicCount, ...]


UNCLASSIFIED = "未分类"


def release_counts(*, body: Body, year: int) -> list[ChannelCount]:
    """A body's releases of ``year`` by channel and, within each, by the item's 主题分类.

    Every channel of the body is listed (政府网站专栏 first, zero when nothing went out on it);
    topics follow the body's order, items without one last as 未分类. A release counts in the
    year of its 发布日期, also when the item was later withdrawn (it did go out). Three queries.
    """
    rows = (
        Release.objects.filter(
            channel__body=body,
            released_on__gte=date(year, 1, 1),
            released_on__lte=date(year, 12, 31),
        )
        .order_by()
        .values_list("channel_id", "publication__topic_id")
        .annotate(n=Count("pk"))
    )
    cells: dict[int, dict[int | None, int]] = {}
    for channel_id, topic_id, n in rows:
        cells.setdefault(channel_id, {})[topic_id] = n
    topics = list(topics_for_body(body=body).values_list("pk", "name"))
    channels = sorted(
        channels_for_body(body=body),
        key=lambda channel: (channel.kind != ChannelKind.WEBSITE, channel.kind, channel.name),
    )
    result = []
    for channel in channels:
        by_topic = cells.get(channel.pk, {})
        counted = [
            TopicCount(topic_id, name, by_topic[topic_id])
            for topic_id, name in topics
            if by_topic.get(topic_id)
        ]
        if by_topic.get(None):
            counted.append(TopicCount(None, UNCLASSIFIED, by_topic[None]))
        result.append(
            ChannelCount(
                channel_id=channel.pk,
                kind=channel.kind,
                name=channel.name,
                count=sum(by_topic.values()),
                topics=tuple(counted),
            )
        )
    return result
