"""Writes of 主动公开: one keyword-only service per action of ``workflow.TRANSITIONS``.

Every action service locks the item (``select_for_update``), looks its action up in the table,
checks the item's status and version and the actor's role in the item's body, then writes the
change, a version snapshot and an audit event — all in one transaction, so a failure leaves
nothing half-written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.applications.selectors import roles_in_body, work_calendar
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record
from gongkai.law.calendar import CalendarYearUnknownError
from gongkai.law.proactive import (
    ARTICLE_20_ITEMS,
    LOCAL_ITEMS,
    WITHHOLDING_REASONS,
    format_index_number,
    is_late,
)
from gongkai.organizations.models import Body, Role, User
from gongkai.portal.services import body_version_bump
from gongkai.publications.models import (
    REVIEW_STATUSES,
    BodyPage,
    BodyPageKind,
    Channel,
    ChannelKind,
    Decision,
    Disclosure,
    IndexCounter,
    Publication,
    PublicationAttachment,
    PublicationVersion,
    PublishingSettings,
    Release,
    ReviewStage,
    ReviewStep,
    Secrecy,
    Status,
    TopicCategory,
    Validity,
)
from gongkai.publications.notices import approvers_notify
from gongkai.publications.selectors import hits_as_json, publication_scan
from gongkai.publications.signals import WEBSITE_CHANNEL_NAME
from gongkai.publications.workflow import SYSTEM, roles_for, transition_get
from gongkai.publishing.sanitize import html_to_text, sanitize_html
from gongkai.publishing.scan import ExtractionError, extract_text
from gongkai.publishing.sniff import AttachmentRefused, sniff_attachment

STALE_MESSAGE = "该信息已被他人处理，请刷新后重试。"
NO_CHANNEL_MESSAGE = "请至少选择一个发布渠道。"
PAGE_STALE_MESSAGE = "该页面已被他人修改，请刷新后在最新内容上修改。"
#: Statuses whose changes the public pages show (a published item, or one just withdrawn).
PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.WITHDRAWN})
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ITEM_CODES = frozenset(item.code for item in (*ARTICLE_20_ITEMS, *LOCAL_ITEMS))
REASON_CODES = frozenset(reason.code for reason in WITHHOLDING_REASONS)
INDEX_CODE_PATTERN = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")
SETUP_ROLES = frozenset({Role.CLERK, Role.BODY_ADMIN})


class PublicationStaleError(Exception):
    """Someone else acted on the item since the actor's page was loaded."""

    def __init__(self, message: str = STALE_MESSAGE) -> None:
        super().__init__(message)


class PublicationStateError(Exception):
    """The action is not possible in the item's current status."""


def clock_now() -> datetime:
    """Now: the one seam tests move the clock through."""
    return timezone.now()


def clock_today() -> date:
    """Today in the platform's time zone."""
    return timezone.localdate(clock_now())


@dataclass(frozen=True)
class PublicationDraft:
    """The fields a clerk writes at drafting (公开属性 included)."""

    title: str
    formed_on: date
    issuer: str = ""
    written_on: date | None = None
    document_number: str = ""
    topic: TopicCategory | None = None
    article_item: str = ""
    disclosure: str = Disclosure.PROACTIVE
    withholding_reason: str = ""
    summary: str = ""
    body_html: str = ""
    interprets: Sequence[Publication] = field(default_factory=tuple)


# --- helpers --------------------------------------------------------------------------------


def _require_roles(actor: User, body: Body, roles: frozenset[str] | set[str]) -> None:
    if not roles_in_body(user=actor, body=body) & set(roles):
        raise PermissionDenied("您没有进行此操作的权限。")


def _draft_clean(body: Body, draft: PublicationDraft) -> dict[str, Any]:
    """The draft's values ready to store; ``ValidationError`` naming the fields otherwise."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    title = draft.title.strip()
    if not title:
        add("title", "请填写标题。")
    elif len(title) > 300:
        add("title", "标题不能超过300字。")
    if draft.written_on is not None and draft.written_on > draft.formed_on:
        add("formed_on", "形成或变更日期不能早于成文日期。")
    if draft.formed_on > clock_today():
        add("formed_on", "形成或变更日期不能晚于今天。")
    if draft.topic is not None and draft.topic.body_id != body.pk:
        add("topic", "请选择本机关的主题分类。")
    if draft.article_item and draft.article_item not in ITEM_CODES:
        add("article_item", "请选择条例规定的公开事项。")
    if draft.disclosure not in Disclosure.values:
        add("disclosure", "请选择公开属性。")
    reason = draft.withholding_reason
    if draft.disclosure == Disclosure.WITHHELD:
        if reason not in REASON_CODES:
            add("withholding_reason", "不予公开的，请选择不予公开的理由及依据。")
    else:
        reason = ""
    for policy in draft.interprets:
        if policy.body_id != body.pk:
            add("interprets", "只能关联本机关的政策文件。")
            break
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "issuer": draft.issuer.strip()[:200] or body.name,
        "written_on": draft.written_on,
        "formed_on": draft.formed_on,
        "document_number": draft.document_number.strip()[:100],
        "topic": draft.topic,
        "article_item": draft.article_item,
        "disclosure": draft.disclosure,
        "withholding_reason": reason,
        "summary": draft.summary.strip(),
        "body_html": sanitize_html(draft.body_html),
    }


def _snapshot(publication: Publication) -> dict[str, Any]:
    """The item's fields as shown in its history (names, not ids)."""

    def day(value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        return value.isoformat()

    return {
        "title": publication.title,
        "issuer": publication.issuer,
        "written_on": day(publication.written_on),
        "formed_on": day(publication.formed_on),
        "published_on": day(publication.published_on),
        "document_number": publication.document_number,
        "topic": publication.topic.name if publication.topic is not None else "",
        "article_item": publication.article_item,
        "disclosure": publication.disclosure,
        "withholding_reason": publication.withholding_reason,
        "validity": publication.validity,
        "successor": (
            publication.successor.index_number if publication.successor is not None else ""
        ),
        "interprets": sorted(publication.interprets.values_list("index_number", flat=True)),
        "summary": publication.summary,
        "attachments": [
            f"{name}（{sha[:12]}）"
            for name, sha in publication.attachments.order_by("pk").values_list("name", "sha256")
        ],
        "status": Status(publication.status).label,
        "scheduled_at": day(publication.scheduled_at),
        "secrecy": publication.secrecy,
        "channels": _snapshot_channels(publication),
    }


def _snapshot_channels(publication: Publication) -> list[str]:
    """Where the item went out (its releases), or, while 待发布, where it will."""
    if publication.status == Status.SCHEDULED:
        return [str(channel) for channel in _planned_channels(publication)]
    if publication.status not in PUBLIC_STATUSES:
        return []
    releases = Release.objects.filter(publication=publication).select_related("channel")
    return [str(release.channel) for release in releases.order_by("released_on", "pk")]


def _version_append(publication: Publication, *, actor: User | None, note: str) -> None:
    PublicationVersion.objects.create(
        publication=publication,
        number=publication.version,
        fields=_snapshot(publication),
        body_html=publication.body_html,
        note=note,
        author=actor,
        at=clock_now(),
    )


def _audit(
    publication: Publication,
    *,
    action: AuditAction,
    actor: User | None,
    step: str,
    old_status: str = "",
    extra: dict[str, Any] | None = None,
) -> None:
    new_values: dict[str, Any] = {
        "index_number": publication.index_number,
        "step": step,
        "status": publication.status,
        "version": publication.version,
    }
    new_values.update(extra or {})
    audit_event_record(
        actor=actor,
        body=publication.body,
        action=action,
        instance=publication,
        old_values={"status": old_status} if old_status else {},
        new_values=new_values,
    )


def _lock(publication_id: int) -> Publication:
    publication = (
        Publication.objects.select_for_update(of=("self",))
        .select_related("body", "topic", "successor")
        .filter(pk=publication_id)
        .first()
    )
    if publication is None:
        raise PermissionDenied
    return publication


def _act(
    *,
    publication_id: int,
    action: str,
    actor: User | None,
    expected_version: int | None,
) -> Publication:
    """Lock the item and check the move, the version and the actor's role; the locked item.

    ``actor=None`` is the platform itself (the scheduled-publication task).
    """
    transition = transition_get(action)
    publication = _lock(publication_id)
    if actor is None:
        allowed = SYSTEM in transition.roles
    else:
        roles = (
            roles_for(transition, publication.status)
            if publication.status in transition.sources
            else transition.roles
        )
        allowed = bool(roles_in_body(user=actor, body=publication.body) & set(roles))
    if not allowed:
        raise PermissionDenied("您没有进行此操作的权限。")
    if expected_version is not None and publication.version != expected_version:
        raise PublicationStaleError
    if publication.status not in transition.sources:
        status = Status(publication.status).label
        raise PublicationStateError(f"该信息当前状态为“{status}”，不能{transition.label}。")
    return publication


def _save(
    publication: Publication,
    *,
    action: str,
    actor: User | None,
    old_status: str,
    fields: tuple[str, ...] = (),
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Publication:
    """Bump the version, save ``fields``, append the snapshot and the audit event."""
    publication.version += 1
    publication.save(update_fields=["status", "version", "updated_at", *fields])
    if publication.status in PUBLIC_STATUSES or old_status in PUBLIC_STATUSES:
        body_version_bump(body_id=publication.body_id)
    _version_append(publication, actor=actor, note=note or transition_get(action).label)
    _audit(
        publication,
        action=AuditAction.PUBLICATION_ACTION,
        actor=actor,
        step=action,
        old_status=old_status if old_status != publication.status else "",
        extra=extra,
    )
    if publication.status in REVIEW_STATUSES and old_status != publication.status:
        approvers_notify(publication=publication, actor=actor)
    return publication


# --- channels, topics, settings -------------------------------------------------------------


def channel_website_ensure(*, body: Body) -> Channel:
    """The body's 政府网站专栏 channel, created when missing (the data migration and the
    ``post_save`` receiver make it for every body; this is the fallback)."""
    channel, _ = Channel.objects.get_or_create(
        body=body, kind=ChannelKind.WEBSITE, defaults={"name": WEBSITE_CHANNEL_NAME}
    )
    return channel


def _setup_audit(
    *, actor: User, body: Body, instance: Any, step: str, values: dict[str, Any]
) -> None:
    audit_event_record(
        actor=actor,
        body=body,
        action=AuditAction.PUBLICATION_SETUP,
        instance=instance,
        new_values={"step": step, **values},
    )


@transaction.atomic
def channel_create(*, body: Body, actor: User, kind: str, name: str) -> Channel:
    """Add a channel (政务新媒体 by name, 公开栏/电子屏, 政府公报, 其他) to the body."""
    _require_roles(actor, body, SETUP_ROLES)
    name = name.strip()
    if kind not in ChannelKind.values or kind == ChannelKind.WEBSITE:
        raise ValidationError({"kind": "请选择渠道类型（政府网站专栏每个机关已有一个）。"})
    if not name or len(name) > 100:
        raise ValidationError({"name": "请填写渠道名称（不超过100字）。"})
    if Channel.objects.filter(body=body, kind=kind, name=name).exists():
        raise ValidationError({"name": "本机关已有同名的此类渠道。"})
    channel = Channel.objects.create(body=body, kind=kind, name=name)
    _setup_audit(
        actor=actor, body=body, instance=channel, step="channel_create", values={"name": name}
    )
    return channel


@transaction.atomic
def channel_set_active(*, channel_id: int, body: Body, actor: User, active: bool) -> Channel:
    """Stop or resume using a channel (its releases stay counted); the 专栏 is always in use."""
    _require_roles(actor, body, SETUP_ROLES)
    channel = Channel.objects.select_for_update().filter(pk=channel_id, body=body).first()
    if channel is None:
        raise PermissionDenied
    if channel.kind == ChannelKind.WEBSITE and not active:
        raise ValidationError("政府网站专栏不能停用。")
    if channel.active != active:
        channel.active = active
        channel.save(update_fields=["active", "updated_at"])
        _setup_audit(
            actor=actor,
            body=body,
            instance=channel,
            step="channel_active",
            values={"active": active},
        )
    return channel


@transaction.atomic
def topic_create(*, body: Body, actor: User, name: str, order: int = 0) -> TopicCategory:
    """Add a 主题分类 to the body's catalogue."""
    _require_roles(actor, body, SETUP_ROLES)
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationError({"name": "请填写主题分类名称（不超过100字）。"})
    if TopicCategory.objects.filter(body=body, name=name).exists():
        raise ValidationError({"name": "本机关已有此主题分类。"})
    topic = TopicCategory.objects.create(body=body, name=name, order=order)
    body_version_bump(body_id=body.pk)  # the public catalogue's 主题分类 filter
    _setup_audit(actor=actor, body=body, instance=topic, step="topic_create", values={"name": name})
    return topic


def index_code_default(body: Body) -> str:
    return f"JG{body.pk:06d}"


def settings_get_or_create(*, body: Body) -> PublishingSettings:
    """The body's settings, created with the default 索引号 code when missing."""
    found = PublishingSettings.objects.filter(body=body).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return PublishingSettings.objects.create(body=body, index_code=index_code_default(body))
    except IntegrityError:
        return PublishingSettings.objects.get(body=body)


@transaction.atomic
def settings_update(
    *, body: Body, actor: User, index_code: str, sensitive_words: str
) -> PublishingSettings:
    """Change the 索引号 code (later numbers only) and the sensitive-word list (机关管理员)."""
    _require_roles(actor, body, {Role.BODY_ADMIN})
    code = index_code.strip().upper()
    if len(code) > 30 or not INDEX_CODE_PATTERN.match(code):
        raise ValidationError(
            {"index_code": "索引号机关代码只能由大写字母、数字和连字符组成，不超过30个字符。"}
        )
    if PublishingSettings.objects.filter(index_code=code).exclude(body=body).exists():
        raise ValidationError({"index_code": "该代码已被其他机关使用。"})
    words = "\n".join(
        dict.fromkeys(word.strip() for word in sensitive_words.splitlines() if word.strip())
    )
    current = settings_get_or_create(body=body)
    current = PublishingSettings.objects.select_for_update().get(pk=current.pk)
    old = {"index_code": current.index_code, "words": len(current.word_list())}
    current.index_code = code
    current.sensitive_words = words
    current.save()
    audit_event_record(
        actor=actor,
        body=body,
        action=AuditAction.PUBLICATION_SETUP,
        instance=current,
        old_values=old,
        new_values={
            "step": "settings_update",
            "index_code": code,
            "words": len(current.word_list()),
        },
    )
    return current


# --- the 专栏's own pages ------------------------------------------------------------------

#: Who writes the body's 指南 and 制度.
PAGE_ROLES = frozenset({Role.CLERK, Role.APPROVER, Role.BODY_ADMIN})
PAGE_MAX_CHARS = 200_000


@transaction.atomic
def body_page_save(
    *, body: Body, actor: User, kind: str, html: str, expected_version: int | None
) -> BodyPage:
    """Write the body's 信息公开指南 or 信息公开制度 (sanitized); refuse a stale edit.

    ``expected_version`` is the version the editor loaded (``None`` when the page did not exist
    yet, so that two people writing the first text cannot both win).
    """
    _require_roles(actor, body, PAGE_ROLES)
    if kind not in BodyPageKind.values:
        raise ValidationError({"kind": "没有这个页面。"})
    clean = sanitize_html(html).strip()
    if not html_to_text(clean).strip():
        raise ValidationError({"html": "请填写页面内容。"})
    if len(clean) > PAGE_MAX_CHARS:
        raise ValidationError({"html": "页面内容过长，请精简后再保存。"})
    page = BodyPage.objects.select_for_update().filter(body=body, kind=kind).first()
    current = page.version if page is not None else None
    if current != expected_version:
        raise PublicationStaleError(PAGE_STALE_MESSAGE)
    old_length = len(page.html) if page is not None else 0
    if page is None:
        try:
            with transaction.atomic():
                page = BodyPage.objects.create(
                    body=body, kind=kind, html=clean, updated_by=actor, updated_at=clock_now()
                )
        except IntegrityError:  # written first by a concurrent transaction
            raise PublicationStaleError(PAGE_STALE_MESSAGE) from None
    else:
        page.html = clean
        page.version += 1
        page.updated_by = actor
        page.updated_at = clock_now()
        page.save(update_fields=["html", "version", "updated_by", "updated_at"])
    audit_event_record(
        actor=actor,
        body=body,
        action=AuditAction.PUBLICATION_SETUP,
        instance=page,
        old_values={"length": old_length} if old_length else {},
        new_values={"step": f"page_{kind}", "version": page.version, "length": len(clean)},
    )
    body_version_bump(body_id=body.pk)
    return page


# --- creating and editing -------------------------------------------------------------------


def _index_take(body: Body, year: int) -> int:
    """The next 索引号 sequence number of (body, year), under the counter row's lock.

    The counter is written *first* (``UPDATE … SET last = last + 1``): on PostgreSQL that takes
    the row lock, on SQLite the database's write lock, so a concurrent creation waits here until
    this transaction ends instead of reading the same value (decision 主动公开 14).
    """
    while True:
        if IndexCounter.objects.filter(body=body, year=year).update(last=F("last") + 1):
            break
        try:
            with transaction.atomic():
                IndexCounter.objects.create(body=body, year=year, last=1)
            break
        except IntegrityError:  # created by a concurrent transaction: take the next number
            continue
    return IndexCounter.objects.select_for_update().get(body=body, year=year).last


def publication_create(*, body: Body, actor: User, draft: PublicationDraft) -> Publication:
    """A new item in 拟稿 with its 索引号 (unique per body and year, never given twice)."""
    _require_roles(actor, body, {Role.CLERK, Role.BODY_ADMIN})
    values = _draft_clean(body, draft)
    interprets = list(draft.interprets)
    now = clock_now()
    year = timezone.localdate(now).year
    with transaction.atomic():
        seq = _index_take(body, year)
        code = settings_get_or_create(body=body).index_code
        publication = Publication.objects.create(
            body=body,
            index_number=format_index_number(code, year, seq),
            year=year,
            seq=seq,
            status=Status.DRAFT,
            created_by=actor,
            created_at=now,
            **values,
        )
        publication.interprets.set(interprets)
        _version_append(publication, actor=actor, note="拟稿")
        _audit(publication, action=AuditAction.PUBLICATION_CREATE, actor=actor, step="create")
    return publication


@transaction.atomic
def publication_edit(
    *, publication_id: int, actor: User, expected_version: int | None, draft: PublicationDraft
) -> Publication:
    """Change a draft's fields and text (sanitized); a new version."""
    publication = _act(
        publication_id=publication_id,
        action="edit",
        actor=actor,
        expected_version=expected_version,
    )
    values = _draft_clean(publication.body, draft)
    interprets = list(draft.interprets)
    if any(policy.pk == publication.pk for policy in interprets):
        raise ValidationError({"interprets": "不能关联信息本身。"})
    for name, value in values.items():
        setattr(publication, name, value)
    publication.interprets.set(interprets)
    return _save(
        publication,
        action="edit",
        actor=actor,
        old_status=publication.status,
        fields=tuple(values),
    )


@transaction.atomic
def publication_submit(
    *, publication_id: int, actor: User, expected_version: int | None
) -> Publication:
    """Hand a draft to 初审."""
    publication = _act(
        publication_id=publication_id,
        action="submit",
        actor=actor,
        expected_version=expected_version,
    )
    if not publication.body_html.strip() and not publication.attachments.exists():
        raise ValidationError("正文和附件不能都为空。")
    old = publication.status
    publication.status = Status.FIRST_REVIEW
    return _save(publication, action="submit", actor=actor, old_status=old)


# --- attachments ----------------------------------------------------------------------------


@contextmanager
def _file_removed_on_failure(attachment: PublicationAttachment) -> Iterator[None]:
    try:
        yield
    except BaseException:
        if attachment.file:
            attachment.file.delete(save=False)
        raise


@transaction.atomic
def publication_attachment_add(
    *,
    publication_id: int,
    actor: User,
    expected_version: int | None,
    data: bytes,
    filename: str,
    max_bytes: int = ATTACHMENT_MAX_BYTES,
) -> PublicationAttachment:
    """Accept a file after sniffing its content; keep its sha256 and extracted text."""
    publication = _act(
        publication_id=publication_id,
        action="attach",
        actor=actor,
        expected_version=expected_version,
    )
    try:
        sniffed = sniff_attachment(data, filename, max_bytes=max_bytes)
    except AttachmentRefused as refused:
        raise ValidationError({"file": refused.message}) from refused
    try:
        text = extract_text(data, filename)
    except ExtractionError:  # e.g. a scanned PDF: accepted, its text is not scanned
        text = ""
    name = (filename.replace("\\", "/").rsplit("/", 1)[-1] or "附件")[-200:]
    attachment = PublicationAttachment(
        publication=publication,
        name=name,
        kind=sniffed.kind,
        content_type=sniffed.content_type,
        size=sniffed.size,
        sha256=sniffed.sha256,
        text=text,
        uploaded_by=actor,
        at=clock_now(),
    )
    with _file_removed_on_failure(attachment):
        attachment.file.save(name, ContentFile(data), save=False)
        attachment.save()
        _save(
            publication,
            action="attach",
            actor=actor,
            old_status=publication.status,
            note=f"上传附件 {name}",
            extra={"attachment": name, "sha256": sniffed.sha256},
        )
    return attachment


@transaction.atomic
def publication_attachment_remove(
    *, publication_id: int, actor: User, expected_version: int | None, attachment_id: int
) -> Publication:
    """Remove an attachment of a draft (the file goes once the transaction commits)."""
    publication = _act(
        publication_id=publication_id,
        action="detach",
        actor=actor,
        expected_version=expected_version,
    )
    attachment = PublicationAttachment.objects.filter(
        pk=attachment_id, publication=publication
    ).first()
    if attachment is None:
        raise PermissionDenied
    name, stored, storage = attachment.name, attachment.file.name, attachment.file.storage
    attachment.delete()
    if not PublicationAttachment.objects.filter(file=stored).exists():
        transaction.on_commit(lambda: storage.delete(stored))
    return _save(
        publication,
        action="detach",
        actor=actor,
        old_status=publication.status,
        note=f"删除附件 {name}",
        extra={"attachment": name},
    )


# --- 三级审查 ------------------------------------------------------------------------------


def _review(
    publication: Publication,
    *,
    action: str,
    actor: User,
    decision: Decision,
    comment: str,
    scan_acknowledged: bool,
    secrecy: str = "",
) -> ReviewStep:
    """Run the scan, refuse an approval whose warnings were not acknowledged, record the step."""
    transition = transition_get(action)
    hits = publication_scan(publication=publication)
    if decision == Decision.APPROVED and hits and not scan_acknowledged:
        raise ValidationError(
            f"自动检查发现{len(hits)}处可能的个人信息或敏感词，请逐项核对后勾选“已核对自动检查提示”。"
        )
    stage = transition.stage
    assert stage is not None or action == "return"
    return ReviewStep.objects.create(
        publication=publication,
        stage=stage if stage is not None else _stage_of(publication.status),
        decision=decision,
        comment=comment.strip(),
        secrecy=secrecy,
        scan_hits=hits_as_json(hits),
        version=publication.version,
        actor=actor,
        at=clock_now(),
    )


def _stage_of(status: str) -> str:
    return {
        Status.FIRST_REVIEW: ReviewStage.FIRST,
        Status.REVIEW: ReviewStage.REVIEW,
        Status.SIGN: ReviewStage.SIGN,
    }[Status(status)]


@transaction.atomic
def publication_first_approve(
    *,
    publication_id: int,
    actor: User,
    expected_version: int | None,
    comment: str = "",
    scan_acknowledged: bool = False,
) -> Publication:
    """初审 by a 经办人: on to 待审核."""
    publication = _act(
        publication_id=publication_id,
        action="first_approve",
        actor=actor,
        expected_version=expected_version,
    )
    step = _review(
        publication,
        action="first_approve",
        actor=actor,
        decision=Decision.APPROVED,
        comment=comment,
        scan_acknowledged=scan_acknowledged,
    )
    old = publication.status
    publication.status = Status.REVIEW
    return _save(
        publication,
        action="first_approve",
        actor=actor,
        old_status=old,
        extra={"hits": len(step.scan_hits)},
    )


@transaction.atomic
def publication_review_approve(
    *,
    publication_id: int,
    actor: User,
    expected_version: int | None,
    comment: str = "",
    scan_acknowledged: bool = False,
) -> Publication:
    """审核 by a 审核人 (科室负责人): on to 待审发."""
    publication = _act(
        publication_id=publication_id,
        action="review_approve",
        actor=actor,
        expected_version=expected_version,
    )
    step = _review(
        publication,
        action="review_approve",
        actor=actor,
        decision=Decision.APPROVED,
        comment=comment,
        scan_acknowledged=scan_acknowledged,
    )
    old = publication.status
    publication.status = Status.SIGN
    return _save(
        publication,
        action="review_approve",
        actor=actor,
        old_status=old,
        extra={"hits": len(step.scan_hits)},
    )


def _late(formed_on: date, published_on: date) -> bool | None:
    """第二十六条: published more than 20 working days after formation (``None``: year unknown)."""
    try:
        return is_late(formed_on, published_on, work_calendar())
    except CalendarYearUnknownError:
        return None


def _publish(publication: Publication, *, actor: User | None, channels: Sequence[Channel]) -> None:
    """Mark the item published today and record one release per chosen channel.

    The item is on the website (portal, search, feed, API) only when the 政府网站专栏 is among
    the channels (decision 主动公开 33).
    """
    if publication.secrecy == Secrecy.CLASSIFIED or publication.disclosure != Disclosure.PROACTIVE:
        raise PublicationStateError("涉密或非主动公开的信息不能发布。")
    if not channels:
        raise ValidationError({"channels": NO_CHANNEL_MESSAGE})
    today = clock_today()
    publication.status = Status.PUBLISHED
    publication.published_on = today
    publication.late = _late(publication.formed_on, today)
    publication.on_website = any(channel.kind == ChannelKind.WEBSITE for channel in channels)
    for channel in channels:
        Release.objects.get_or_create(
            publication=publication,
            channel=channel,
            defaults={"released_on": today, "recorded_by": actor, "at": clock_now()},
        )


def _sign_channels(publication: Publication, channel_ids: Sequence[int] | None) -> list[Channel]:
    """The channels the 审发人 chose: active channels of the item's body, at least one.

    ``None`` (a caller that offers no choice) means the body's 政府网站专栏 only.
    """
    if channel_ids is None:
        return [channel_website_ensure(body=publication.body)]
    wanted = set(channel_ids)
    if not wanted:
        raise ValidationError({"channels": NO_CHANNEL_MESSAGE})
    found = list(
        Channel.objects.filter(pk__in=wanted, body_id=publication.body_id, active=True).order_by(
            "kind", "name", "pk"
        )
    )
    if len(found) != len(wanted):
        raise ValidationError({"channels": "请选择本机关使用中的发布渠道。"})
    return found


def _planned_channels(publication: Publication) -> list[Channel]:
    """The channels chosen at the item's last 审发 (the 专栏 when none were recorded)."""
    step = (
        ReviewStep.objects.filter(
            publication=publication, stage=ReviewStage.SIGN, decision=Decision.APPROVED
        )
        .order_by("-at", "-pk")
        .first()
    )
    # As chosen, also a channel stopped since: the 审发人 decided where the item goes out.
    channels = list(step.channels.order_by("kind", "name", "pk")) if step is not None else []
    return channels or [channel_website_ensure(body=publication.body)]


@transaction.atomic
def publication_sign(
    *,
    publication_id: int,
    actor: User,
    expected_version: int | None,
    secrecy: str,
    comment: str = "",
    scan_acknowledged: bool = False,
    scheduled_at: datetime | None = None,
    channel_ids: Sequence[int] | None = None,
) -> Publication:
    """审发 by a 审发人 (分管领导), with the 保密审查 conclusion and the channels.

    不涉密 and 主动公开: published now on the chosen channels (one release each), or 待发布 until
    ``scheduled_at`` (released on the chosen channels then). ``channel_ids`` ``None``: the
    政府网站专栏 only. 涉密 (涉密信息不上网), or a 公开属性 other than 主动公开: 已审定（不上网）—
    never published, released nowhere (the choice of channels is ignored).
    """
    publication = _act(
        publication_id=publication_id,
        action="sign",
        actor=actor,
        expected_version=expected_version,
    )
    if secrecy not in Secrecy.values:
        raise ValidationError({"secrecy": "请填写保密审查结论。"})
    now = clock_now()
    if scheduled_at is not None and scheduled_at <= now:
        raise ValidationError({"scheduled_at": "定时发布时间应晚于现在；立即发布请留空。"})
    filed = secrecy == Secrecy.CLASSIFIED or publication.disclosure != Disclosure.PROACTIVE
    channels = [] if filed else _sign_channels(publication, channel_ids)
    step = _review(
        publication,
        action="sign",
        actor=actor,
        decision=Decision.APPROVED,
        comment=comment,
        scan_acknowledged=scan_acknowledged,
        secrecy=secrecy,
    )
    step.channels.set(channels)
    old = publication.status
    publication.secrecy = secrecy
    if filed:
        publication.status = Status.FILED
        publication.scheduled_at = None
    elif scheduled_at is not None:
        publication.status = Status.SCHEDULED
        publication.scheduled_at = scheduled_at
    else:
        _publish(publication, actor=actor, channels=channels)
    return _save(
        publication,
        action="sign",
        actor=actor,
        old_status=old,
        fields=("secrecy", "scheduled_at", "published_on", "late", "on_website"),
        extra={
            "hits": len(step.scan_hits),
            "secrecy": secrecy,
            "channels": [str(channel) for channel in channels],
        },
    )


@transaction.atomic
def publication_return(
    *, publication_id: int, actor: User, expected_version: int | None, comment: str
) -> Publication:
    """退回 at any review stage, with the approver's comments: back to 拟稿."""
    if not comment.strip():
        raise ValidationError({"comment": "退回时请填写修改意见。"})
    publication = _act(
        publication_id=publication_id,
        action="return",
        actor=actor,
        expected_version=expected_version,
    )
    _review(
        publication,
        action="return",
        actor=actor,
        decision=Decision.RETURNED,
        comment=comment,
        scan_acknowledged=True,
    )
    old = publication.status
    publication.status = Status.DRAFT
    return _save(
        publication,
        action="return",
        actor=actor,
        old_status=old,
        extra={"comment": comment.strip()[:200]},
    )


@transaction.atomic
def publication_publish_scheduled(*, publication_id: int) -> Publication | None:
    """Publish one 待发布 item whose time has come (the task's step); ``None`` if not due."""
    publication = _lock(publication_id)
    transition = transition_get("publish_due")
    if publication.status not in transition.sources:
        return None
    if publication.scheduled_at is None or publication.scheduled_at > clock_now():
        return None
    old = publication.status
    _publish(publication, actor=None, channels=_planned_channels(publication))
    return _save(
        publication,
        action="publish_due",
        actor=None,
        old_status=old,
        fields=("published_on", "late", "on_website"),
    )


def publications_publish_due() -> int:
    """Publish every 待发布 item whose scheduled time has passed; how many were published.

    Each item in its own transaction, so one failure does not hold the others back.
    """
    due = Publication.objects.filter(
        status=Status.SCHEDULED, scheduled_at__lte=clock_now()
    ).values_list("pk", flat=True)
    published = 0
    for pk in list(due):
        if publication_publish_scheduled(publication_id=pk) is not None:
            published += 1
    return published


# --- after publication ----------------------------------------------------------------------


@transaction.atomic
def publication_withdraw(
    *, publication_id: int, actor: User, expected_version: int | None, reason: str
) -> Publication:
    """撤稿 with a reason (审发人 or 机关管理员); the releases stay as the record of what went
    out."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤稿理由。"})
    publication = _act(
        publication_id=publication_id,
        action="withdraw",
        actor=actor,
        expected_version=expected_version,
    )
    old = publication.status
    publication.status = Status.WITHDRAWN
    publication.withdrawal_reason = reason.strip()
    return _save(
        publication,
        action="withdraw",
        actor=actor,
        old_status=old,
        fields=("withdrawal_reason",),
        extra={"reason": reason.strip()[:200]},
    )


@transaction.atomic
def publication_validity_set(
    *,
    publication_id: int,
    actor: User,
    expected_version: int | None,
    validity: str,
    successor: Publication | None = None,
) -> Publication:
    """有效性: 有效 / 已修改 / 已废止, with the document that amends or replaces it."""
    publication = _act(
        publication_id=publication_id,
        action="validity",
        actor=actor,
        expected_version=expected_version,
    )
    if validity not in Validity.values:
        raise ValidationError({"validity": "请选择有效性。"})
    if successor is not None:
        if successor.body_id != publication.body_id or successor.pk == publication.pk:
            raise ValidationError({"successor": "请选择本机关的另一份文件。"})
        if validity == Validity.VALID:
            successor = None
    publication.validity = validity
    publication.successor = successor
    return _save(
        publication,
        action="validity",
        actor=actor,
        old_status=publication.status,
        fields=("validity", "successor"),
        extra={"validity": validity},
    )


@transaction.atomic
def release_record(
    *,
    publication_id: int,
    actor: User,
    channel: Channel,
    released_on: date,
) -> Release:
    """Record that a published item also went out on another channel of the body."""
    publication = _act(
        publication_id=publication_id, action="release", actor=actor, expected_version=None
    )
    if channel.body_id != publication.body_id or not channel.active:
        raise ValidationError({"channel": "请选择本机关使用中的渠道。"})
    # Releases on one channel are written in turns (as by ``releases_record_bulk``).
    Channel.objects.select_for_update().filter(pk=channel.pk).first()
    if channel.kind == ChannelKind.WEBSITE:
        raise ValidationError({"channel": "政府网站专栏的发布在审发时自动登记。"})
    if released_on > clock_today():
        raise ValidationError({"released_on": "发布日期不能晚于今天。"})
    if publication.published_on is not None and released_on < publication.formed_on:
        raise ValidationError({"released_on": "发布日期不能早于形成或变更日期。"})
    if Release.objects.filter(publication=publication, channel=channel).exists():
        raise ValidationError({"channel": "该信息在此渠道的发布已登记。"})
    release = Release.objects.create(
        publication=publication,
        channel=channel,
        released_on=released_on,
        recorded_by=actor,
        at=clock_now(),
    )
    _audit(
        publication,
        action=AuditAction.PUBLICATION_ACTION,
        actor=actor,
        step="release",
        extra={"channel": str(channel), "released_on": released_on.isoformat()},
    )
    return release


# --- releases on other channels, in bulk ----------------------------------------------------

#: Who records releases on other channels (as for one item: ``release`` in the workflow).
RELEASE_ROLES = frozenset(transition_get("release").roles)
#: The earliest 发布日期 a release may have (the 条例 took effect in 2008).
RELEASE_DAY_MIN = date(2008, 1, 1)
BULK_MAX_ITEMS = 500


@dataclass(frozen=True)
class BulkReleaseResult:
    """What a bulk recording did: rows written, and rows that were already recorded."""

    created: int
    existing: int

    def summary(self) -> str:
        return f"新登记 {self.created} 条，已登记过 {self.existing} 条（未重复计数）"


def _release_channel_lock(*, body: Body, channel_id: int) -> Channel:
    """The body's channel, locked: bulk writes to one channel take their turns."""
    channel = Channel.objects.select_for_update().filter(pk=channel_id, body=body).first()
    if channel is None:
        raise ValidationError({"channel": "请选择本机关的渠道。"})
    if channel.kind == ChannelKind.WEBSITE:
        raise ValidationError(
            {"channel": "政府网站专栏的发布在审发时登记，不能在此登记；请选择其他渠道。"}
        )
    return channel


def _release_day_check(released_on: date, *, name: str = "released_on") -> None:
    if released_on > clock_today():
        raise ValidationError({name: "发布日期不能晚于今天。"})
    if released_on < RELEASE_DAY_MIN:
        raise ValidationError({name: f"发布日期不能早于{RELEASE_DAY_MIN:%Y年%m月%d日}。"})


def _names(items: Sequence[Publication]) -> str:
    shown = "、".join(item.index_number for item in items[:10])
    return shown + (f"等{len(items)}条" if len(items) > 10 else "")


@transaction.atomic
def releases_record_bulk(
    *,
    body: Body,
    actor: User,
    publication_ids: Sequence[int],
    channel_id: int,
    released_on: date,
) -> BulkReleaseResult:
    """Record that several published items of the body went out on one of its other channels.

    All or nothing: an item of another body, an item not 已发布, or a day before an item's 形成或
    变更日期 refuses the whole batch. An item already recorded on the channel is left as it is
    (the unique constraint on item and channel keeps it counted once, also against a concurrent
    batch: the channel row is locked, and a conflicting insert is ignored).
    """
    _require_roles(actor, body, RELEASE_ROLES)
    ids = sorted(set(publication_ids))
    if not ids:
        raise ValidationError({"publications": "请至少选择一条已发布的信息。"})
    if len(ids) > BULK_MAX_ITEMS:
        raise ValidationError({"publications": f"一次最多登记{BULK_MAX_ITEMS}条信息。"})
    _release_day_check(released_on)
    channel = _release_channel_lock(body=body, channel_id=channel_id)
    if not channel.active:
        raise ValidationError({"channel": "该渠道已停用，请选择使用中的渠道。"})
    items = list(Publication.objects.filter(pk__in=ids, body=body).order_by("pk"))
    if len(items) != len(ids):
        raise ValidationError({"publications": "所选信息中有不属于本机关的信息。"})
    unpublished = [item for item in items if item.status != Status.PUBLISHED]
    if unpublished:
        raise ValidationError(
            {"publications": f"以下信息不是已发布状态，不能登记：{_names(unpublished)}。"}
        )
    too_early = [item for item in items if released_on < item.formed_on]
    if too_early:
        raise ValidationError(
            {"released_on": f"发布日期早于以下信息的形成或变更日期：{_names(too_early)}。"}
        )
    existing = set(
        Release.objects.filter(channel=channel, publication_id__in=ids).values_list(
            "publication_id", flat=True
        )
    )
    now = clock_now()
    new = [
        Release(
            publication=item,
            channel=channel,
            released_on=released_on,
            recorded_by=actor,
            at=now,
        )
        for item in items
        if item.pk not in existing
    ]
    Release.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    created = Release.objects.filter(channel=channel, publication_id__in=ids).count() - len(
        existing
    )
    if created:
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.PUBLICATION_ACTION,
            instance=channel,
            new_values={
                "step": "release_bulk",
                "channel": str(channel),
                "released_on": released_on.isoformat(),
                "created": created,
                "existing": len(items) - created,
                "index_numbers": [item.index_number for item in items if item.pk not in existing][
                    :100
                ],
            },
        )
    return BulkReleaseResult(created=created, existing=len(items) - created)


@dataclass(frozen=True)
class PostRow:
    """One checked row of an import: a post that went out only on one of the body's channels."""

    line: int
    title: str
    released_on: date
    channel_id: int
    url: str = ""


def _posts(channel_ids: list[int], titles: list[str]) -> set[tuple[int, str, date]]:
    """The stored posts (channel, title, day) of these channels with one of these titles."""
    found: set[tuple[int, str, date]] = set()
    for start in range(0, len(titles), 500):
        found.update(
            Release.objects.filter(
                channel_id__in=channel_ids,
                publication__isnull=True,
                title__in=titles[start : start + 500],
            ).values_list("channel_id", "title", "released_on")
        )
    return found


@transaction.atomic
def release_posts_import(
    *, body: Body, actor: User, rows: Sequence[PostRow], filename: str = ""
) -> BulkReleaseResult:
    """Record posts that exist only on a channel (标题, 发布日期, 渠道, 链接), all or nothing.

    A post already recorded (same channel, title and day) is left as it is, so importing the
    same file twice counts nothing twice (a partial unique constraint holds it, also against a
    concurrent import: the channels are locked in order and conflicting inserts ignored).
    """
    _require_roles(actor, body, RELEASE_ROLES)
    if not rows:
        raise ValidationError("文件中没有数据行。")
    seen: set[tuple[int, str, date]] = set()
    for row in rows:
        title = row.title.strip()
        if not title or len(title) > 300 or len(row.url) > 500:
            raise ValidationError(f"第{row.line}行的数据有误。")
        _release_day_check(row.released_on)
        key = (row.channel_id, title, row.released_on)
        if key in seen:
            raise ValidationError(f"第{row.line}行与前面的行重复。")
        seen.add(key)
    channels = {
        channel_id: _release_channel_lock(body=body, channel_id=channel_id)
        for channel_id in sorted({row.channel_id for row in rows})
    }
    titles = sorted({title for _, title, _ in seen})
    existing = {key for key in _posts(list(channels), titles) if key in seen}
    now = clock_now()
    new = [
        Release(
            channel=channels[row.channel_id],
            title=row.title.strip(),
            url=row.url,
            released_on=row.released_on,
            recorded_by=actor,
            at=now,
        )
        for row in rows
        if (row.channel_id, row.title.strip(), row.released_on) not in existing
    ]
    Release.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    created = len({key for key in _posts(list(channels), titles) if key in seen}) - len(existing)
    if created:
        first = channels[min(channels)]
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.PUBLICATION_ACTION,
            instance=first,
            new_values={
                "step": "release_import",
                "file": filename[:200],
                "rows": len(rows),
                "created": created,
                "existing": len(rows) - created,
                "channels": [str(channel) for channel in channels.values()],
            },
        )
    return BulkReleaseResult(created=created, existing=len(rows) - created)
