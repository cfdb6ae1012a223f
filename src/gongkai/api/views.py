"""API endpoints: each parses input, reads through a selector or writes through a service, and
returns JSON in the shapes of ``shared/spec/api.md``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from gongkai.api import throttle
from gongkai.api.models import IdempotencyKey
from gongkai.api.openapi import openapi_document
from gongkai.api.responses import json_error, json_ok
from gongkai.api.statistics import StatisticsYearError, statistics_document
from gongkai.applications import services
from gongkai.applications.documents import reply_letter_public
from gongkai.applications.models import Application, Status
from gongkai.applications.reply_links import reply_link_signature
from gongkai.applications.selectors import application_find_public, application_public_events
from gongkai.law.rules import outcome as outcome_rule
from gongkai.organizations.models import Body
from gongkai.organizations.selectors import body_list
from gongkai.web.proxy import client_ip

View = Callable[..., HttpResponse]

#: Longest accepted ``Idempotency-Key`` (printable ASCII).
IDEMPOTENCY_KEY_MAX = 255
#: Largest accepted request body of ``POST /api/v1/applications``.
BODY_MAX_BYTES = 64 * 1024
#: Applicant fields of the request and the service's names for them.
APPLICANT_FIELDS = {
    "kind": "applicant_kind",
    "name": "name",
    "id_type": "id_type",
    "id_number": "id_number",
    "phone": "phone",
    "email": "email",
    "address": "address",
    "postcode": "postcode",
    "contact_person": "contact_person",
}
TOP_FIELDS = {"description": "description", "form": "form", "delivery": "delivery"}
OPTIONAL_TOP_FIELDS = {"purpose": "purpose"}
#: The service's field names back to the request's paths, for error messages.
FIELD_PATHS = {
    **{name: f"applicant.{key}" for key, name in APPLICANT_FIELDS.items()},
    **{name: key for key, name in {**TOP_FIELDS, **OPTIONAL_TOP_FIELDS}.items()},
}
NOT_FOUND_APPLICATION = "没有找到该申请，请核对申请编号和查询码。"


def methods(*allowed: str) -> Callable[[View], View]:
    """Answer 405 in the API's error shape to other methods (no CSRF page: JSON clients)."""
    accepted = set(allowed) | ({"HEAD"} if "GET" in allowed else set())
    names = "、".join(allowed)

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method not in accepted:
                response = json_error(405, "method_not_allowed", f"此接口只接受 {names} 请求。")
                response["Allow"] = ", ".join(sorted(accepted, key=["GET", "HEAD", "POST"].index))
                return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


get_only = methods("GET")


@get_only
def bodies(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/bodies``: every body on the platform."""
    rows = body_list().values("id", "name", "kind", "parent_id")
    return json_ok(list(rows))


@get_only
def openapi(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/openapi.json``."""
    return json_ok(openapi_document())


@never_cache
@get_only
def body_statistics(request: HttpRequest, body_id: int, year: str) -> HttpResponse:
    """``GET /api/v1/bodies/{id}/statistics/{year}``: the tables computed from the records now."""
    body = Body.objects.filter(pk=body_id).only("id", "name").first() if body_id < 2**31 else None
    if body is None:
        return json_error(404, "not_found", "没有这个机关。")
    try:
        document = statistics_document(body=body, year_text=year, today=timezone.localdate())
    except StatisticsYearError as error:
        return json_error(400, "invalid_year", str(error))
    return json_ok(document)


# --- applications ----------------------------------------------------------------------------


class RequestError(Exception):
    """Bad input: the HTTP status, the error code and the Chinese message."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _text(data: dict[str, Any], key: str, path: str, *, required: bool) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise RequestError("invalid", f"缺少字段 {path}。")
        return ""
    if not isinstance(value, str):
        raise RequestError("invalid", f"字段 {path} 应为字符串。")
    if len(value) > 10000:
        raise RequestError("invalid", f"字段 {path} 过长。")
    return value


def _submission(payload: object) -> tuple[int, dict[str, str]]:
    """The body id and the service's keyword arguments from the request's JSON."""
    if not isinstance(payload, dict):
        raise RequestError("invalid", "请求体应为 JSON 对象。")
    body_id = payload.get("body_id")
    if isinstance(body_id, bool) or not isinstance(body_id, int):
        raise RequestError("invalid", "字段 body_id 应为机关的整数 id。")
    applicant = payload.get("applicant")
    if not isinstance(applicant, dict):
        raise RequestError("invalid", "缺少申请人信息 applicant（JSON 对象）。")
    fields: dict[str, str] = {}
    for key, name in APPLICANT_FIELDS.items():
        required = key in ("kind", "name", "id_type", "id_number", "phone")
        fields[name] = _text(applicant, key, f"applicant.{key}", required=required)
    for key, name in TOP_FIELDS.items():
        fields[name] = _text(payload, key, key, required=True)
    for key, name in OPTIONAL_TOP_FIELDS.items():
        fields[name] = _text(payload, key, key, required=False)
    return body_id, fields


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        parts: list[str] = []
        for field, messages in error.message_dict.items():
            path = FIELD_PATHS.get(field, field)
            parts.extend(f"{path}：{message}" for message in messages)
        return "；".join(parts)
    return "；".join(error.messages)


def _request_hash(payload: object) -> str:
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _idempotency_key(request: HttpRequest) -> str | None:
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return None
    key = raw.strip()
    if not key or len(key) > IDEMPOTENCY_KEY_MAX or not key.isascii() or not key.isprintable():
        raise RequestError(
            "invalid_idempotency_key", "Idempotency-Key 应为1至255个可打印的 ASCII 字符。"
        )
    return key


def _stored(key: str) -> IdempotencyKey | None:
    """The key's row if a request with it has already been committed."""
    return IdempotencyKey.objects.filter(key=key).first()


def _replay(stored: IdempotencyKey, request_hash: str) -> HttpResponse:
    if stored.request_hash != request_hash:
        return json_error(
            422,
            "idempotency_key_reused",
            "该 Idempotency-Key 已用于内容不同的另一次提交，请换用新的键。",
        )
    response = json_ok(stored.response, status=201)
    response["Idempotent-Replayed"] = "true"
    return response


def _created_answer(application: Application, code: str | None) -> dict[str, Any]:
    return {
        "number": application.number,
        "query_code": code,
        "received_on": application.received_on.isoformat() if application.received_on else None,
        "status": application.status,
        "status_label": Status(application.status).label,
    }


@csrf_exempt
def applications(request: HttpRequest) -> HttpResponse:
    """``POST /api/v1/applications``: submit an application, as the public form does."""
    if request.method != "POST":
        response = json_error(405, "method_not_allowed", "此接口只接受 POST 请求。")
        response["Allow"] = "POST"
        return response
    if not throttle.hit(kind="apply", address=client_ip(request)):
        response = json_error(429, "rate_limited", "提交过于频繁，请一小时后再试。")
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    try:
        return _apply(request)
    except RequestError as error:
        return json_error(error.status, error.code, error.message)


def _apply(request: HttpRequest) -> HttpResponse:
    if len(request.body) > BODY_MAX_BYTES:
        raise RequestError("too_large", "请求体过大。", status=413)
    try:
        payload = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise RequestError("invalid_json", "请求体不是有效的 UTF-8 JSON。") from error
    key = _idempotency_key(request)
    body_id, fields = _submission(payload)
    request_hash = _request_hash(payload)
    if key is not None:
        stored = _stored(key)
        if stored is not None:
            return _replay(stored, request_hash)
    body = Body.objects.filter(pk=body_id).first() if 0 < body_id < 2**31 else None
    if body is None:
        raise RequestError("unknown_body", "没有这个机关（body_id）。")
    try:
        with transaction.atomic():
            application, code = services.application_submit(
                body=body,
                applicant_kind=fields["applicant_kind"],
                name=fields["name"],
                id_type=fields["id_type"],
                id_number=fields["id_number"],
                phone=fields["phone"],
                email=fields["email"],
                address=fields["address"],
                postcode=fields["postcode"],
                contact_person=fields["contact_person"],
                description=fields["description"],
                form=fields["form"],
                delivery=fields["delivery"],
                purpose=fields["purpose"],
            )
            answer = _created_answer(application, code)
            if key is not None:
                IdempotencyKey.objects.create(
                    key=key, request_hash=request_hash, application=application, response=answer
                )
    except ValidationError as error:
        raise RequestError("invalid", _validation_message(error)) from error
    except IntegrityError:
        # A concurrent request with the same key won: answer as its replay.
        stored = IdempotencyKey.objects.filter(key=key).first() if key else None
        if stored is None:  # not a key collision
            raise
        return _replay(stored, request_hash)
    response = json_ok(answer, status=201)
    response["Location"] = f"/api/v1/applications/{application.number}"
    return response


@never_cache
@get_only
def application_status(request: HttpRequest, number: str) -> HttpResponse:
    """``GET /api/v1/applications/{number}?query_code=…``: status and public timeline only."""
    if not throttle.hit(kind="track", address=client_ip(request)):
        response = json_error(429, "rate_limited", "查询过于频繁，请一小时后再试。")
        response["Retry-After"] = str(throttle.WINDOW_SECONDS)
        return response
    code = request.GET.get("query_code", "")
    application = application_find_public(number=number) if code and len(number) <= 20 else None
    if application is None or not services.query_code_matches(application, code):
        return json_error(404, "not_found", NOT_FOUND_APPLICATION)
    events = [
        {"at": timezone.localtime(event.at).isoformat(), "what": event.what}
        for event in application_public_events(application=application)
    ]
    reply = None
    if application.outcome and application.status in (Status.DELIVERED, Status.ARCHIVED):
        reply = {
            "outcome": application.outcome,
            "outcome_label": outcome_rule(application.outcome).label,
            "document_url": _document_url(request, application),
        }
    return json_ok(
        {
            "number": application.number,
            "status": application.status,
            "status_label": Status(application.status).label,
            "received_on": _iso(application.received_on),
            "due_on": _iso(application.due_on),
            "events": events,
            "reply": reply,
        }
    )


def _document_url(request: HttpRequest, application: Application) -> str | None:
    """A signed link to the delivered reply letter's PDF (``None`` while there is no letter)."""
    if reply_letter_public(application) is None:
        return None
    path = reverse(
        "applications:reply_signed",
        kwargs={
            "number": application.number,
            "signature": reply_link_signature(application.number),
        },
    )
    return request.build_absolute_uri(path)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under ``/api/v1/``."""
    return json_error(404, "not_found", "没有这个接口。")
