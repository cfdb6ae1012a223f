"""Staff pages of 主动公开: the list, drafting, review, history, channels and settings.

Every view fetches the body through ``body_get_for_user`` (403 for anybody else; a 监督员 above
the body reads) and the item through ``publication_get_for_user``; every write is one service
call with ``actor=`` the user, which checks the role again under the row lock.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.law.proactive import ARTICLE_20_ITEMS, LOCAL_ITEMS, WITHHOLDING_REASONS
from gongkai.organizations.forms import ImportForm
from gongkai.organizations.imports import MAX_ROWS, ImportFileError, read_table
from gongkai.organizations.models import Body, Role, User
from gongkai.organizations.selectors import body_get_for_user
from gongkai.publications import imports, services
from gongkai.publications.forms import (
    SECRECY_CHOICES,
    VALIDITY_CHOICES,
    AttachmentForm,
    BodyPageForm,
    ChannelForm,
    PublicationForm,
    ReleaseForm,
    SettingsForm,
    TopicForm,
    form_errors_add,
    initial_from,
)
from gongkai.publications.forms_releases import BulkReleaseForm
from gongkai.publications.models import (
    REVIEW_STATUSES,
    BodyPageKind,
    ChannelKind,
    Publication,
    PublicationAttachment,
    Release,
    ReviewStep,
    Status,
)
from gongkai.publications.selectors import (
    body_page_get,
    channels_for_body,
    publication_get_for_user,
    publication_history,
    publication_list_for_body,
    publication_releases,
    publication_scan,
    publication_status_counts,
    publication_steps,
    release_counts,
    roles_in_body,
    settings_for_body,
    topics_for_body,
)
from gongkai.publications.workflow import actions_allowed

PAGE_SIZE = 50
WRITERS = frozenset({Role.CLERK, Role.BODY_ADMIN})
#: Actions on the detail page that have their own pages or sections.
SEPARATE = frozenset({"edit", "attach", "detach", "publish_due"})
ITEM_LABELS = {item.code: item.label for item in (*ARTICLE_20_ITEMS, *LOCAL_ITEMS)}
REASON_LABELS = {
    reason.code: f"{reason.label}（{reason.article}）" for reason in WITHHOLDING_REASONS
}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _detail_url(body: Body, publication: Publication) -> str:
    return reverse(
        "publications:detail", kwargs={"body_id": body.pk, "publication_id": publication.pk}
    )


def _policies(body: Body, exclude: Publication | None = None) -> Any:
    policies = Publication.objects.filter(body=body).order_by("-created_at", "-pk")
    return policies.exclude(pk=exclude.pk) if exclude is not None else policies


@require_safe
@login_required
def item_list(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's items with a count per status and a status filter."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    status = str(request.GET.get("status", ""))
    status = status if status in Status.values else ""
    counts = publication_status_counts(body=body)
    page = Paginator(publication_list_for_body(body=body, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    roles = roles_in_body(user=user, body=body)
    context = {
        "body": body,
        "page": page,
        "status": status,
        "statuses": [(s.value, s.label, counts[s.value]) for s in Status],
        "total": sum(counts.values()),
        "may_create": bool(roles & WRITERS),
        "may_setup": bool(roles & WRITERS),
        "is_admin": Role.BODY_ADMIN in roles,
    }
    return render(request, "publications/list.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def item_create(request: HttpRequest, body_id: int) -> HttpResponse:
    """Draft a new item (拟稿); it gets its 索引号 when saved."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if not roles_in_body(user=user, body=body) & WRITERS:
        raise PermissionDenied
    form = PublicationForm(
        request.POST or None,
        body=body,
        topics=topics_for_body(body=body),
        policies=_policies(body),
        initial={"issuer": body.name, "formed_on": services.clock_today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.publication_create(body=body, actor=user, draft=form.draft())
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, f"已保存，索引号 {publication.index_number}。")
            return redirect(_detail_url(body, publication))
    status = 400 if request.method == "POST" else 200
    context = {"body": body, "form": form, "publication": None}
    return render(request, "publications/form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def item_edit(request: HttpRequest, body_id: int, publication_id: int) -> HttpResponse:
    """Change a draft; a stale form keeps the input and says so."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    publication = publication_get_for_user(user=user, body=body, publication_id=publication_id)
    if not roles_in_body(user=user, body=body) & WRITERS:
        raise PermissionDenied
    if publication.status != Status.DRAFT and request.method != "POST":
        status_label = Status(publication.status).label
        messages.error(request, f"该信息当前状态为“{status_label}”，不能修改。")
        return redirect(_detail_url(body, publication))
    form = PublicationForm(
        request.POST or None,
        body=body,
        topics=topics_for_body(body=body),
        policies=_policies(body, exclude=publication),
        initial=initial_from(publication),
    )
    version = publication.version
    if request.method == "POST":
        version = _version(request.POST) or 0
        if form.is_valid():
            try:
                services.publication_edit(
                    publication_id=publication.pk,
                    actor=user,
                    expected_version=version,
                    draft=form.draft(),
                )
            except (services.PublicationStaleError, services.PublicationStateError) as error:
                form.add_error(None, str(error))
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, "已保存。")
                return redirect(_detail_url(body, publication))
    status = 400 if request.method == "POST" else 200
    context = {"body": body, "form": form, "publication": publication, "version": version}
    return render(request, "publications/form.html", context, status=status)


@require_safe
@login_required
def item_detail(request: HttpRequest, body_id: int, publication_id: int) -> HttpResponse:
    """One item: its catalogue fields, attachments, the scan (under review), steps, actions."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    publication = publication_get_for_user(user=user, body=body, publication_id=publication_id)
    roles = roles_in_body(user=user, body=body)
    actions = [
        t
        for t in actions_allowed(status=publication.status, roles=roles)
        if t.action not in SEPARATE
    ]
    under_review = publication.status in REVIEW_STATUSES
    context = {
        "body": body,
        "publication": publication,
        "item_label": ITEM_LABELS.get(publication.article_item, ""),
        "reason_label": REASON_LABELS.get(publication.withholding_reason, ""),
        "attachments": publication.attachments.all(),
        "interprets": publication.interprets.all(),
        "interpretations": publication.interpretations.all(),
        "hits": publication_scan(publication=publication) if under_review else [],
        "under_review": under_review,
        "steps": _steps_with_channels(publication),
        "releases": publication_releases(publication=publication),
        "actions": actions,
        "may_edit": publication.status == Status.DRAFT and bool(roles & WRITERS),
        "attachment_form": AttachmentForm(),
        "release_form": ReleaseForm(
            channels=channels_for_body(body=body, active_only=True).exclude(
                kind=ChannelKind.WEBSITE
            ),
            initial={"released_on": services.clock_today()},
        ),
        "sign_channels": (_sign_channels(body) if any(t.action == "sign" for t in actions) else []),
        "secrecy_choices": SECRECY_CHOICES,
        "validity_choices": VALIDITY_CHOICES,
        "successors": _policies(body, exclude=publication).filter(
            status__in=[Status.PUBLISHED, Status.FILED]
        ),
        "last_return": (
            publication_steps(publication=publication).filter(decision="退回").last()
            if publication.status == Status.DRAFT
            else None
        ),
    }
    return render(request, "publications/detail.html", context)


def _steps_with_channels(publication: Publication) -> list[tuple[ReviewStep, list[str]]]:
    """The item's review steps, each with the channels its 审发 chose (two queries, however
    many steps)."""
    steps = list(publication_steps(publication=publication))
    chosen: dict[int, list[str]] = {}
    links = ReviewStep.channels.through.objects.filter(
        reviewstep__publication=publication
    ).select_related("channel")
    for link in links.order_by("channel__kind", "channel__name", "pk"):
        chosen.setdefault(link.reviewstep_id, []).append(str(link.channel))
    return [(step, chosen.get(step.pk, [])) for step in steps]


def _sign_channels(body: Body) -> list[Any]:
    """The body's channels in use, 政府网站专栏 first (ticked by default at 审发)."""
    return sorted(
        channels_for_body(body=body, active_only=True),
        key=lambda channel: (channel.kind != ChannelKind.WEBSITE, channel.kind, channel.name),
    )


@require_safe
@login_required
def item_history(request: HttpRequest, body_id: int, publication_id: int) -> HttpResponse:
    """Every version with its differences from the one before."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    publication = publication_get_for_user(user=user, body=body, publication_id=publication_id)
    context = {
        "body": body,
        "publication": publication,
        "history": publication_history(publication=publication),
    }
    return render(request, "publications/history.html", context)


# --- attachments ----------------------------------------------------------------------------


def _version(data: Mapping[str, Any]) -> int | None:
    try:
        return int(str(data.get("version", "")))
    except ValueError:
        return None


@require_POST
@login_required
def attachment_upload(request: HttpRequest, body_id: int, publication_id: int) -> HttpResponse:
    """Upload a file to a draft; a refusal says why (type, size, macros, active content)."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    publication = publication_get_for_user(user=user, body=body, publication_id=publication_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件。")
    else:
        upload = form.cleaned_data["file"]
        max_bytes = services.ATTACHMENT_MAX_BYTES
        if (upload.size or 0) > max_bytes:
            messages.error(request, f"附件未上传：文件超过{max_bytes // (1024 * 1024)}MB。")
        else:
            try:
                services.publication_attachment_add(
                    publication_id=publication.pk,
                    actor=user,
                    expected_version=_version(request.POST),
                    data=upload.read(),
                    filename=upload.name or "附件",
                )
            except (services.PublicationStaleError, services.PublicationStateError) as error:
                messages.error(request, str(error))
            except ValidationError as error:
                messages.error(request, "附件未上传：" + "；".join(error.messages))
            else:
                messages.success(request, "附件已上传。")
    return redirect(_detail_url(body, publication))


@require_safe
@login_required
def attachment_download(
    request: HttpRequest, body_id: int, publication_id: int, attachment_id: int
) -> FileResponse:
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    publication = publication_get_for_user(user=user, body=body, publication_id=publication_id)
    found = PublicationAttachment.objects.filter(pk=attachment_id, publication=publication).first()
    if found is None:
        raise PermissionDenied
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def attachment_remove(
    request: HttpRequest, body_id: int, publication_id: int, attachment_id: int
) -> HttpResponse:
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    publication = publication_get_for_user(user=user, body=body, publication_id=publication_id)
    try:
        services.publication_attachment_remove(
            publication_id=publication.pk,
            actor=user,
            expected_version=_version(request.POST),
            attachment_id=attachment_id,
        )
    except (services.PublicationStaleError, services.PublicationStateError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "附件已删除。")
    return redirect(_detail_url(body, publication))


# --- actions ----------------------------------------------------------------------------------


def _text(data: Mapping[str, Any], name: str) -> str:
    return str(data.get(name, ""))


def _date(data: Mapping[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(_text(data, name).strip())
    except ValueError:
        raise ValidationError({name: "请填写正确的日期（年-月-日）。"}) from None


def _datetime_or_none(data: Mapping[str, Any], name: str) -> datetime | None:
    raw = _text(data, name).strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: "请填写正确的定时发布时间。"}) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _channel_ids(data: Mapping[str, Any]) -> list[int] | None:
    """The channels ticked at 审发; ``None`` when the form offered no choice (the 专栏 then)."""
    if _text(data, "channel_choice") != "1":
        return None
    raw = data.getlist("channels") if isinstance(data, QueryDict) else []
    try:
        return [int(value) for value in raw]
    except ValueError:
        raise ValidationError({"channels": "请选择本机关使用中的发布渠道。"}) from None


def _ack(data: Mapping[str, Any]) -> bool:
    return _text(data, "scan_acknowledged") == "1"


def _successor(data: Mapping[str, Any], p: Publication) -> Publication | None:
    raw = _text(data, "successor").strip()
    if not raw:
        return None
    found = Publication.objects.filter(pk=int(raw), body=p.body).first() if raw.isdigit() else None
    if found is None:
        raise ValidationError({"successor": "请选择本机关的文件。"})
    return found


def _release(data: Mapping[str, Any], p: Publication, u: User) -> object:
    raw = _text(data, "channel").strip()
    channel = channels_for_body(body=p.body).filter(pk=int(raw)).first() if raw.isdigit() else None
    if channel is None:
        raise ValidationError({"channel": "请选择本机关的渠道。"})
    return services.release_record(
        publication_id=p.pk, actor=u, channel=channel, released_on=_date(data, "released_on")
    )


Handler = Callable[[Mapping[str, Any], Publication, User, int | None], object]

HANDLERS: dict[str, Handler] = {
    "submit": lambda r, p, u, v: services.publication_submit(
        publication_id=p.pk, actor=u, expected_version=v
    ),
    "first_approve": lambda r, p, u, v: services.publication_first_approve(
        publication_id=p.pk,
        actor=u,
        expected_version=v,
        comment=_text(r, "comment"),
        scan_acknowledged=_ack(r),
    ),
    "review_approve": lambda r, p, u, v: services.publication_review_approve(
        publication_id=p.pk,
        actor=u,
        expected_version=v,
        comment=_text(r, "comment"),
        scan_acknowledged=_ack(r),
    ),
    "sign": lambda r, p, u, v: services.publication_sign(
        publication_id=p.pk,
        actor=u,
        expected_version=v,
        secrecy=_text(r, "secrecy"),
        comment=_text(r, "comment"),
        scan_acknowledged=_ack(r),
        scheduled_at=_datetime_or_none(r, "scheduled_at"),
        channel_ids=_channel_ids(r),
    ),
    "return": lambda r, p, u, v: services.publication_return(
        publication_id=p.pk, actor=u, expected_version=v, comment=_text(r, "comment")
    ),
    "withdraw": lambda r, p, u, v: services.publication_withdraw(
        publication_id=p.pk, actor=u, expected_version=v, reason=_text(r, "reason")
    ),
    "validity": lambda r, p, u, v: services.publication_validity_set(
        publication_id=p.pk,
        actor=u,
        expected_version=v,
        validity=_text(r, "validity"),
        successor=_successor(r, p),
    ),
    "release": lambda r, p, u, v: _release(r, p, u),
}
DONE = {"release": "发布渠道已登记。", "submit": "已提交初审。", "return": "已退回拟稿人。"}
UNVERSIONED = frozenset({"release"})


@require_POST
@login_required
def act(request: HttpRequest, body_id: int, publication_id: int, action: str) -> HttpResponse:
    """Take one action on the item; the outcome is told on the item's page."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    publication = publication_get_for_user(user=user, body=body, publication_id=publication_id)
    handler = HANDLERS.get(action)
    if handler is None:
        raise PermissionDenied
    version = _version(request.POST)
    if action not in UNVERSIONED and version != publication.version:  # again under the lock
        messages.error(request, services.STALE_MESSAGE)
    else:
        try:
            handler(request.POST, publication, user, version)
        except (services.PublicationStaleError, services.PublicationStateError) as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, DONE.get(action, "操作已完成。"))
    return redirect(_detail_url(body, publication))


# --- channels, topics, settings -------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def channels(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's channels and 主题分类; 经办人 and 机关管理员 add and stop them."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    may_setup = bool(roles_in_body(user=user, body=body) & WRITERS)
    channel_form = ChannelForm(prefix="channel")
    topic_form = TopicForm(prefix="topic")
    status = 200
    if request.method == "POST":
        if not may_setup:
            raise PermissionDenied
        which = _text(request.POST, "form")
        try:
            if which == "channel":
                channel_form = ChannelForm(request.POST, prefix="channel")
                if channel_form.is_valid():
                    services.channel_create(body=body, actor=user, **channel_form.cleaned_data)
                    messages.success(request, "渠道已添加。")
                    return redirect(reverse("publications:channels", args=[body.pk]))
            elif which == "topic":
                topic_form = TopicForm(request.POST, prefix="topic")
                if topic_form.is_valid():
                    services.topic_create(body=body, actor=user, **topic_form.cleaned_data)
                    messages.success(request, "主题分类已添加。")
                    return redirect(reverse("publications:channels", args=[body.pk]))
            elif which == "active":
                raw = _text(request.POST, "channel")
                services.channel_set_active(
                    channel_id=int(raw) if raw.isdigit() else 0,
                    body=body,
                    actor=user,
                    active=_text(request.POST, "active") == "1",
                )
                messages.success(request, "渠道状态已更新。")
                return redirect(reverse("publications:channels", args=[body.pk]))
        except ValidationError as error:
            form_errors_add(topic_form if which == "topic" else channel_form, error)
        status = 400
    context = {
        "body": body,
        "channels": channels_for_body(body=body),
        "topics": topics_for_body(body=body),
        "channel_form": channel_form,
        "topic_form": topic_form,
        "may_setup": may_setup,
    }
    return render(request, "publications/channels.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def settings_edit(request: HttpRequest, body_id: int) -> HttpResponse:
    """The 索引号 code and the sensitive-word list (机关管理员 of the body)."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if Role.BODY_ADMIN not in roles_in_body(user=user, body=body):
        raise PermissionDenied
    current = settings_for_body(body=body)
    initial = (
        {"index_code": current.index_code, "sensitive_words": current.sensitive_words}
        if current is not None
        else {"index_code": services.index_code_default(body)}
    )
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(body=body, actor=user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, "设置已保存。")
            return redirect(reverse("publications:settings", args=[body.pk]))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "publications/settings.html", {"body": body, "form": form}, status=status
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def page_edit(request: HttpRequest, body_id: int, kind: str) -> HttpResponse:
    """The body's 信息公开指南 or 信息公开制度 (经办人, 审发人, 机关管理员 of the body)."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if kind not in BodyPageKind.values:
        raise PermissionDenied
    if not roles_in_body(user=user, body=body) & services.PAGE_ROLES:
        raise PermissionDenied
    page = body_page_get(body=body, kind=kind)
    form = BodyPageForm(request.POST or None, initial={"html": page.html if page else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.body_page_save(
                body=body,
                actor=user,
                kind=kind,
                html=form.cleaned_data["html"],
                expected_version=_version(request.POST),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        except services.PublicationStaleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{BodyPageKind(kind).label}已保存并在专栏公开。")
            return redirect(reverse("publications:page", args=[body.pk, kind]))
    context = {
        "body": body,
        "form": form,
        "page": page,
        "kind": BodyPageKind(kind),
        "version": page.version if page is not None else "",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "publications/page_edit.html", context, status=status)


# --- releases on other channels, in bulk ----------------------------------------------------

#: Published items listed for picking on the bulk page (a title filter narrows them).
BULK_SHOWN = 200


def _year_param(request: HttpRequest) -> int:
    raw = str(request.GET.get("year", ""))
    this_year = services.clock_today().year
    year = int(raw) if raw.isdigit() else this_year
    return year if services.RELEASE_DAY_MIN.year <= year <= this_year else this_year


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def releases_bulk(request: HttpRequest, body_id: int) -> HttpResponse:
    """Record releases on the body's other channels in bulk: pick published items, or import a
    file of posts that exist only on a channel; the year's per-channel counts underneath."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    may_record = bool(roles_in_body(user=user, body=body) & services.RELEASE_ROLES)
    published = Publication.objects.filter(body=body, status=Status.PUBLISHED)
    other_channels = channels_for_body(body=body, active_only=True).exclude(
        kind=ChannelKind.WEBSITE
    )
    posted = request.POST if request.method == "POST" else None
    which = _text(request.POST, "form") if posted is not None else ""
    pick_form = BulkReleaseForm(
        posted if which == "pick" else None,
        items=published,
        channels=other_channels,
        initial={"released_on": services.clock_today()},
        prefix="pick",
    )
    import_form = ImportForm(
        posted if which == "import" else None,
        request.FILES if which == "import" else None,
        prefix="import",
    )
    plan = None
    status = 200
    if posted is not None:
        if not may_record:
            raise PermissionDenied
        if which == "pick" and pick_form.is_valid():
            data = pick_form.cleaned_data
            try:
                result = services.releases_record_bulk(
                    body=body,
                    actor=user,
                    publication_ids=[item.pk for item in data["publications"]],
                    channel_id=data["channel"].pk,
                    released_on=data["released_on"],
                )
            except ValidationError as error:
                form_errors_add(pick_form, error)
            else:
                messages.success(
                    request, f"已登记在“{data['channel']}”的发布：{result.summary()}。"
                )
                return redirect(reverse("publications:releases", args=[body.pk]))
        elif which == "import" and import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            try:
                table = read_table(
                    upload.read(),
                    upload.name or "",
                    columns=imports.COLUMNS,
                    required=imports.REQUIRED,
                    what=imports.WHAT,
                )
            except ImportFileError as error:
                import_form.add_error("file", error.message)
            else:
                plan = imports.plan_post_import(table, channels=list(channels_for_body(body=body)))
                if plan.ok and not import_form.cleaned_data["dry_run"]:
                    try:
                        result = services.release_posts_import(
                            body=body, actor=user, rows=plan.rows, filename=upload.name or ""
                        )
                    except ValidationError as error:
                        import_form.add_error(None, "未导入任何数据：" + "；".join(error.messages))
                    else:
                        messages.success(request, f"导入完成：{result.summary()}。")
                        return redirect(reverse("publications:releases", args=[body.pk]))
        status = 400
        if plan is not None and plan.ok and import_form.cleaned_data.get("dry_run"):
            status = 200
    query = str(request.GET.get("q", "")).strip()[:100]
    shown = published.order_by("-published_on", "-pk")
    if query:
        shown = shown.filter(title__icontains=query)
    year = _year_param(request)
    context = {
        "body": body,
        "may_record": may_record,
        "pick_form": pick_form,
        "import_form": import_form,
        "plan": plan,
        "dry_run": bool(
            import_form.is_bound
            and import_form.is_valid()
            and import_form.cleaned_data.get("dry_run")
        ),
        "selected": {str(pk) for pk in (posted.getlist("pick-publications") if posted else [])},
        "shown": list(shown[:BULK_SHOWN]),
        "shown_max": BULK_SHOWN,
        "query": query,
        "columns": imports.COLUMNS,
        "max_rows": MAX_ROWS,
        "year": year,
        "years": range(services.clock_today().year, services.RELEASE_DAY_MIN.year - 1, -1),
        "counts": [
            (ChannelKind(row.kind).label, row) for row in release_counts(body=body, year=year)
        ],
        "posts": Release.objects.filter(channel__body=body, publication__isnull=True)
        .select_related("channel", "recorded_by")
        .order_by("-released_on", "-pk")[:20],
    }
    return render(request, "publications/releases.html", context, status=status)


@require_safe
@login_required
def releases_template(request: HttpRequest, body_id: int) -> HttpResponse:
    """The CSV template of the posts' import, UTF-8 with BOM."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if not roles_in_body(user=user, body=body) & services.RELEASE_ROLES:
        raise PermissionDenied
    data = imports.template_csv(list(channels_for_body(body=body, active_only=True)))
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        'attachment; filename="releases-template.csv"; '
        f"filename*=UTF-8''{quote(imports.TEMPLATE_NAME)}"
    )
    return response
