"""``/api/v1/staff/…``: a body's staff list, read and act on cases with a bearer token.

A token acts with exactly its owner's roles: the same permission-checked fetches as the staff pages
(``body_get_for_user``, ``application_get_for_user``), the same action handlers and services
(``views_staff.HANDLERS``), the same masking of personal data. Session cookies never authenticate
these endpoints, so they need no CSRF token.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from gongkai.api.models import ActionIdempotencyKey
from gongkai.api.responses import json_error, json_ok
from gongkai.api.services import TokenRefused, api_token_authenticate
from gongkai.api.views import BODY_MAX_BYTES, RequestError, _idempotency_key, _request_hash, methods
from gongkai.applications import services
from gongkai.applications.models import Application, Status
from gongkai.applications.selectors import (
    application_actions,
    application_all_events,
    application_clock,
    application_fee_quote,
    application_get_for_user,
    application_ledger,
    application_list_for_body,
    fee_earlier_pieces,
    mask,
    may_see_personal_data,
    roles_in_body,
    work_calendar,
)
from gongkai.applications.views_staff import DUE_FILTERS, HANDLERS, PAGE_SIZE, _days_left
from gongkai.applications.workflow import transition_get
from gongkai.law.calendar import WorkCalendar
from gongkai.law.fees import FeeError, FeeMethod, fee_schedule_lines
from gongkai.law.rules import outcome as outcome_rule
from gongkai.organizations.models import Membership, User
from gongkai.organizations.selectors import bodies_visible_to, body_get_for_user

FORBIDDEN = "您无权访问该机关或该申请。"
StaffView = Callable[..., HttpResponse]


def bearer(view: StaffView) -> StaffView:
    """Authenticate ``Authorization: Bearer …`` (401 otherwise) and pass the token's owner on.

    ``PermissionDenied`` becomes 403 and ``RequestError`` its own status, in the API's shape.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            user = api_token_authenticate(header=request.headers.get("Authorization"))
        except TokenRefused as refused:
            response: HttpResponse = json_error(401, "unauthorized", refused.message)
            response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
        else:
            try:
                response = view(request, user, *args, **kwargs)
            except PermissionDenied:
                response = json_error(403, "forbidden", FORBIDDEN)
            except RequestError as error:
                response = json_error(error.status, error.code, error.message)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, private"
        return response

    return wrapper


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": str(user)}


def _case(user: User, body_id: int, application_id: int) -> Application:
    body = body_get_for_user(user=user, body_id=body_id)
    return application_get_for_user(user=user, body=body, application_id=application_id)


# --- who am I --------------------------------------------------------------------------------


@methods("GET")
@bearer
def me(request: HttpRequest, user: User) -> HttpResponse:
    """``GET /api/v1/staff/me``: the token's owner and the bodies it may act for."""
    roles: dict[int, list[str]] = {}
    for body_id, role in Membership.objects.filter(user=user).values_list("body_id", "role"):
        roles.setdefault(body_id, []).append(role)
    bodies = [
        {"id": body.pk, "name": body.name, "roles": sorted(roles.get(body.pk, []))}
        for body in bodies_visible_to(user=user).order_by("pk").only("pk", "name")
    ]
    return json_ok(
        {"id": user.pk, "username": user.username, "full_name": user.full_name, "bodies": bodies}
    )


# --- the work queue --------------------------------------------------------------------------


def _choice(request: HttpRequest, name: str, allowed: list[str], label: str) -> str:
    value = str(request.GET.get(name, ""))
    if value not in allowed:
        choices = "、".join(v for v in allowed if v) or "空"
        raise RequestError("invalid", f"参数 {name}（{label}）只能是：{choices}。")
    return value


def _row(case: Application, calendar: WorkCalendar, today: Any) -> dict[str, Any]:
    """One line of the list, masked as in the staff queue (name shown, phone masked)."""
    left = _days_left(calendar, today, case.due_on)
    return {
        "id": case.pk,
        "number": case.number,
        "version": case.version,
        "status": case.status,
        "status_label": Status(case.status).label,
        "applicant_name": case.name,
        "phone": mask(case.phone),
        "assignee": _person(case.assignee),
        "received_on": _iso(case.received_on),
        "due_on": _iso(case.due_on),
        "days_left": left,
        "overdue": left is not None and left < 0,
    }


@methods("GET")
@bearer
def queue(request: HttpRequest, user: User, body_id: int) -> HttpResponse:
    """``GET /api/v1/staff/bodies/{id}/applications``: the body's cases, soonest due first."""
    body = body_get_for_user(user=user, body_id=body_id)
    due = _choice(request, "due", [value for value, _label in DUE_FILTERS], "到期")
    mine = _choice(request, "mine", ["", "0", "1"], "我的") == "1"
    status = _choice(request, "status", ["", *Status.values], "状态")
    today = services.clock_today()
    cases = application_list_for_body(
        body=body, today=today, due=due, mine=user if mine else None, status=status
    )
    paginator = Paginator(cases, PAGE_SIZE)
    try:
        page = paginator.page(str(request.GET.get("page", "1")))
    except InvalidPage:
        raise RequestError("invalid_page", f"页码应为1至{paginator.num_pages}的整数。") from None
    calendar = work_calendar()
    return json_ok(
        {
            "body": {"id": body.pk, "name": body.name},
            "today": today.isoformat(),
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "page_size": PAGE_SIZE,
            "results": [_row(case, calendar, today) for case in page],
        }
    )


# --- one case --------------------------------------------------------------------------------


def _applicant(application: Application, *, personal: bool) -> dict[str, Any]:
    """The applicant: everything for the handling body's staff; masked for a 监督员 above it."""
    answer: dict[str, Any] = {
        "kind": application.applicant_kind,
        "name": application.name,
        "contact_person": application.contact_person,
        "id_type": application.id_type,
    }
    if personal:
        answer.update(
            id_number=application.id_number,
            phone=application.phone,
            email=application.email,
            address=application.address,
            postcode=application.postcode,
        )
    else:
        answer.update(
            id_number=mask(application.id_number),
            phone=mask(application.phone),
            email=None,
            address=None,
            postcode=None,
        )
    return answer


def _clock(application: Application, calendar: WorkCalendar, today: Any) -> dict[str, Any]:
    view = application_clock(application=application, today=today, calendar=calendar)
    deadline = view.deadline
    if deadline is None:
        return {"due": None, "error": view.error, "lines": []}
    return {
        "due": _iso(deadline.due),
        "error": "",
        "stopped": deadline.stopped,
        "closed": deadline.closed,
        "overdue": deadline.overdue,
        "extended": deadline.extended,
        "workdays_used": deadline.workdays_used,
        "workdays_left": deadline.workdays_left,
        "waiting_for": deadline.waiting_for,
        "waiting_until": _iso(deadline.waiting_until),
        "lines": [{"on": _iso(line.on), "text": line.text} for line in deadline.lines],
    }


def _fee_schedule(application: Application) -> dict[str, Any]:
    """What the case page shows next to the fee form: the bands and the applicant's earlier 件."""
    return {
        "earlier_pieces": fee_earlier_pieces(application=application),
        "methods": [
            {
                "method": choice.value,
                "label": choice.label,
                "unit": choice.unit,
                "bands": list(fee_schedule_lines(choice.value)),
            }
            for choice in FeeMethod
        ],
    }


def case_detail(application: Application, user: User) -> dict[str, Any]:
    """Everything the case page shows ``user``, as JSON."""
    roles = roles_in_body(user=user, body=application.body)
    personal = may_see_personal_data(roles=roles)
    today = services.clock_today()
    calendar = work_calendar()
    allowed = [
        t for t in application_actions(application=application, roles=roles) if t.action in HANDLERS
    ]
    return {
        "id": application.pk,
        "number": application.number,
        "version": application.version,
        "status": application.status,
        "status_label": Status(application.status).label,
        "body": {"id": application.body.pk, "name": application.body.name},
        "channel": application.channel,
        "created_at": timezone.localtime(application.created_at).isoformat(),
        "received_on": _iso(application.received_on),
        "receipt_evidence": application.receipt_evidence,
        "due_on": _iso(application.due_on),
        "days_left": _days_left(calendar, today, application.due_on),
        "personal_data": "full" if personal else "masked",
        "applicant": _applicant(application, personal=personal),
        "description": application.description,
        "purpose": application.purpose,
        "form": application.form,
        "delivery": application.delivery,
        "correction_request": application.correction_request,
        "correction_due": _iso(application.correction_due),
        "correction_text": application.correction_text,
        "outcome": application.outcome or None,
        "outcome_label": outcome_rule(application.outcome).label if application.outcome else None,
        "outcome_basis": application.outcome_basis,
        "reply_text": application.reply_text,
        "delivery_method": application.delivery_method,
        "delivered_on": _iso(application.delivered_on),
        "closed_on": _iso(application.closed_on),
        "assignee": _person(application.assignee),
        "clock": _clock(application, calendar, today),
        "ledger": [
            {
                "kind": entry.kind,
                "kind_label": entry.get_kind_display(),
                "on": entry.on.isoformat(),
                "pause_kind": entry.pause_kind,
                "workdays": entry.workdays,
                "note": entry.note,
                "approver": entry.approver,
                "actor": _person(entry.actor),
                "at": timezone.localtime(entry.at).isoformat(),
            }
            for entry in application_ledger(application=application)
        ],
        "events": [
            {
                "at": timezone.localtime(event.at).isoformat(),
                "what": event.what,
                "text": event.text,
                "public": event.public,
                "actor": _person(event.actor),
            }
            for event in application_all_events(application=application)
        ],
        "attachments": (
            [
                {"id": file.pk, "name": file.name, "size": file.size}
                for file in application.attachments.order_by("pk")
            ]
            if personal
            else []
        ),
        "actions": [{"action": t.action, "label": t.label} for t in allowed],
        "fee_schedule": (
            _fee_schedule(application) if any(t.action == "fee_notice" for t in allowed) else None
        ),
    }


@methods("GET")
@bearer
def case(request: HttpRequest, user: User, body_id: int, application_id: int) -> HttpResponse:
    """``GET /api/v1/staff/bodies/{id}/applications/{application_id}``."""
    application = _case(user, body_id, application_id)
    return json_ok(case_detail(application, user))


@methods("GET")
@bearer
def fee_quote(request: HttpRequest, user: User, body_id: int, application_id: int) -> HttpResponse:
    """``GET …/applications/{application_id}/fee-quote?method=&count=``: the fee to notify.

    The same quote as the case page's "计算金额": the amount to send back as ``expected_amount``
    of the ``fee_notice`` action, the bands used and the applicant's earlier 件 this month.
    """
    application = _case(user, body_id, application_id)
    transition = transition_get("fee_notice")
    if not roles_in_body(user=user, body=application.body) & set(transition.roles):
        raise PermissionDenied
    if application.status not in transition.sources:
        status = Status(application.status).label
        raise RequestError(
            "invalid_state", f"该申请当前状态为“{status}”，不能{transition.label}。", status=409
        )
    raw_count = str(request.GET.get("count", "")).strip()
    try:
        count = int(raw_count)
    except ValueError:
        raise RequestError("invalid", "参数 count（件数或页数）应为正整数。") from None
    try:
        quote = application_fee_quote(
            application=application, method=str(request.GET.get("method", "")), count=count
        )
    except FeeError as error:
        raise RequestError("invalid", str(error)) from None
    return json_ok(
        {
            "version": application.version,
            "method": quote.method.value,
            "method_label": quote.method.label,
            "count": quote.count,
            "unit": quote.method.unit,
            "earlier_pieces": quote.earlier_pieces,
            "amount": quote.amount,
            "lines": list(quote.lines),
            "basis": quote.basis,
            "chargeable": quote.amount > 0,
        }
    )


# --- actions ---------------------------------------------------------------------------------


def _fields(payload: object) -> dict[str, str]:
    """The action's fields as the case page's form would send them (strings)."""
    if not isinstance(payload, dict):
        raise RequestError("invalid", "请求体应为 JSON 对象。")
    fields: dict[str, str] = {}
    for name, value in payload.items():
        if value is None:
            fields[name] = ""
        elif isinstance(value, str):
            fields[name] = value
        elif isinstance(value, int) and not isinstance(value, bool):
            fields[name] = str(value)
        else:
            raise RequestError("invalid", f"字段 {name} 应为字符串或整数。")
    return fields


def _version(payload: dict[str, Any], action: str) -> int | None:
    value = payload.get("version")
    if action == "note" and value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestError("invalid", "请提供 version：您看到的申请版本号（整数）。")
    return value


def _replay(stored: ActionIdempotencyKey, request_hash: str) -> HttpResponse:
    if stored.request_hash != request_hash:
        return json_error(
            422,
            "idempotency_key_reused",
            "该 Idempotency-Key 已用于内容不同的另一次操作，请换用新的键。",
        )
    response = json_ok(stored.response)
    response["Idempotent-Replayed"] = "true"
    return response


@methods("POST")
@bearer
def act(
    request: HttpRequest, user: User, body_id: int, application_id: int, action: str
) -> HttpResponse:
    """``POST …/applications/{application_id}/actions/{action}``: the case page's action."""
    application = _case(user, body_id, application_id)
    handler = HANDLERS.get(action)
    if handler is None:
        raise RequestError("unknown_action", f"没有“{action}”这个办理操作。", status=404)
    if len(request.body) > BODY_MAX_BYTES:
        raise RequestError("too_large", "请求体过大。", status=413)
    try:
        payload = json.loads(request.body.decode("utf-8")) if request.body else {}
    except (UnicodeDecodeError, ValueError) as error:
        raise RequestError("invalid_json", "请求体不是有效的 UTF-8 JSON。") from error
    fields = _fields(payload)
    version = _version(payload, action)
    key = _idempotency_key(request)
    request_hash = _request_hash({"case": application.pk, "action": action, "body": payload})
    if key is not None:
        stored = ActionIdempotencyKey.objects.filter(user=user, key=key).first()
        if stored is not None:
            return _replay(stored, request_hash)
    if version is not None and version != application.version:  # checked again under the lock
        return json_error(409, "stale", services.STALE_MESSAGE)
    try:
        with transaction.atomic():
            row = None
            if key is not None:  # first: a concurrent retry waits here, then replays
                row = ActionIdempotencyKey.objects.create(
                    user=user, key=key, request_hash=request_hash, application=application
                )
            handler(fields, application, user, version)
            # read as it is now, even if 转办 has moved it to a body the user may not open
            moved = Application.objects.select_related("body", "assignee").get(pk=application.pk)
            answer = case_detail(moved, user)
            if row is not None:
                row.response = answer
                row.save(update_fields=["response"])
    except services.ApplicationStaleError as error:
        return json_error(409, "stale", str(error))
    except services.ApplicationStateError as error:
        return json_error(409, "invalid_state", str(error))
    except ValidationError as error:
        return json_error(400, "invalid", "；".join(error.messages))
    except IntegrityError:
        stored = ActionIdempotencyKey.objects.filter(user=user, key=key).first() if key else None
        if stored is None:
            raise
        return _replay(stored, request_hash)
    return json_ok(answer)
