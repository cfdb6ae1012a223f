"""Letters of a case (staff: generate, download, record delivery; applicant: the reply PDF) and a
body's letter templates and settings page."""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.applications import documents
from gongkai.applications.models_letters import LetterKind, LetterSettings, LetterTemplate
from gongkai.applications.reply_links import ReplyLinkError, reply_link_check
from gongkai.applications.selectors import (
    application_find_public,
    application_get_for_user,
    roles_in_body,
)
from gongkai.applications.views_public import _tracked
from gongkai.law.letters import REMEDY_DEFAULT
from gongkai.organizations.models import User
from gongkai.organizations.selectors import body_get_for_user


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _messages(error: ValidationError) -> str:
    return "；".join(error.messages)


def _case_url(body_id: int, application_id: int) -> str:
    url = reverse(
        "applications:case", kwargs={"body_id": body_id, "application_id": application_id}
    )
    return f"{url}#letters"


@require_POST
@login_required
def letter_new(request: HttpRequest, body_id: int, application_id: int) -> HttpResponse:
    """Generate a letter of the chosen kind for the case."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    application = application_get_for_user(user=user, body=body, application_id=application_id)
    try:
        letter = documents.letter_generate(
            application_id=application.pk,
            actor=user,
            kind=str(request.POST.get("kind", "")),
            third_party=str(request.POST.get("third_party", "")),
        )
    except ValidationError as error:
        messages.error(request, _messages(error))
    else:
        messages.success(request, f"已生成{letter.title}（{letter.number}）。")
    return redirect(_case_url(body.pk, application.pk))


@require_safe
@login_required
def letter_file(
    request: HttpRequest, body_id: int, application_id: int, letter_id: int, fmt: str
) -> FileResponse:
    """Download a letter as DOCX or PDF (the handling body's staff only)."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    application = application_get_for_user(user=user, body=body, application_id=application_id)
    letter = documents.letter_get_for_staff(user=user, application=application, letter_id=letter_id)
    if fmt not in ("docx", "pdf"):
        raise Http404
    return documents.letter_file_response(letter, fmt)


@require_POST
@login_required
def letter_delivery(
    request: HttpRequest, body_id: int, application_id: int, letter_id: int
) -> HttpResponse:
    """Record the delivery (送达方式, 送达日期) of a letter."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    application = application_get_for_user(user=user, body=body, application_id=application_id)
    letter = documents.letter_get_for_staff(user=user, application=application, letter_id=letter_id)
    try:
        on = date.fromisoformat(str(request.POST.get("on", "")).strip())
        documents.letter_delivery_record(
            letter_id=letter.pk, actor=user, method=str(request.POST.get("method", "")), on=on
        )
    except ValueError:
        messages.error(request, "请填写正确的送达日期（年-月-日）。")
    except ValidationError as error:
        messages.error(request, _messages(error))
    else:
        messages.success(request, "送达情况已登记。")
    return redirect(_case_url(body.pk, application.pk))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def templates(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's letter settings (文号, remedy clause) and its templates per kind."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if not roles_in_body(user=user, body=body) & documents.LETTER_ROLES:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        action = str(request.POST.get("action", ""))
        kind = str(request.POST.get("kind", ""))
        try:
            if action == "settings":
                documents.letter_settings_update(
                    body=body,
                    actor=user,
                    number_prefix=str(request.POST.get("number_prefix", "")),
                    review_body=str(request.POST.get("review_body", "")),
                    court=str(request.POST.get("court", "")),
                    remedy_text=str(request.POST.get("remedy_text", "")),
                )
                done = "文书设置已保存。"
            elif action == "upload":
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError("请选择要上传的模板文件。")
                documents.letter_template_upload(body=body, actor=user, kind=kind, upload=upload)
                done = "模板已上传，之后生成的文书将使用该模板。"
            elif action == "reset":
                documents.letter_template_reset(body=body, actor=user, kind=kind)
                done = "已恢复为默认模板。"
            else:
                raise ValidationError("未知的操作。")
        except ValidationError as error:
            messages.error(request, _messages(error))
            status = 400
        else:
            messages.success(request, done)
            return redirect("applications:letter_templates", body_id=body.pk)
    own = {t.kind: t for t in LetterTemplate.objects.filter(body=body)}
    settings = documents.settings_for(body)
    context = {
        "body": body,
        "settings": settings,
        "prefix_default": documents.number_prefix(body, LetterSettings(body=body)),
        "review_default": documents.review_body_default(body),
        "remedy_default": REMEDY_DEFAULT,
        "kinds": [(kind, own.get(kind.value)) for kind in LetterKind],
        "placeholders": documents.PLACEHOLDERS.items(),
    }
    return render(request, "applications/letter_templates.html", context, status=status)


@require_safe
@login_required
def template_file(request: HttpRequest, body_id: int, kind: str) -> FileResponse:
    """Download the template in use for ``kind`` (the body's own, or the built-in one)."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if not roles_in_body(user=user, body=body) & documents.LETTER_ROLES:
        raise PermissionDenied
    if kind not in LetterKind.values:
        raise Http404
    data, _own = documents.template_for(body, kind)
    return documents.file_response(
        io.BytesIO(data),
        filename=f"{LetterKind(kind).label}模板.docx",
        content_type=documents.DOCX_TYPE,
    )


@never_cache
@require_safe
def track_reply(request: HttpRequest, number: str) -> HttpResponse | FileResponse:
    """The applicant downloads the reply letter (PDF) once it is delivered — 查询码 session only."""
    application = _tracked(request, number)
    if application is None:
        return redirect("applications:track")
    letter = documents.reply_letter_public(application)
    if letter is None:
        raise Http404("答复告知书尚未送达。")
    return documents.letter_file_response(letter, "pdf")


@never_cache
@require_safe
def reply_signed(request: HttpRequest, number: str, signature: str) -> HttpResponse | FileResponse:
    """The reply letter (PDF) by the signed link of the public API — no session needed."""
    try:
        reply_link_check(number, signature)
    except ReplyLinkError as error:
        return render(request, "applications/refused.html", {"message": str(error)}, status=403)
    application = application_find_public(number=number)
    letter = documents.reply_letter_public(application) if application is not None else None
    if letter is None:
        raise Http404("答复告知书尚未送达。")
    return documents.letter_file_response(letter, "pdf")
