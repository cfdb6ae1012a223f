"""Staff pages of a body's applications: the work queue, intake, the case page and its actions.

Every view fetches the body through ``body_get_for_user`` (403 for anybody else) and the case
through ``application_get_for_user``; every write is one service call with ``actor=`` the user,
which checks the role again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.applications import services
from gongkai.applications.forms import IntakeForm, form_errors_add
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    Attachment,
    FeeMethod,
    Status,
)
from gongkai.applications.selectors import (
    application_actions,
    application_all_events,
    application_clock,
    application_fee_quote,
    application_fee_recorded,
    application_get_for_user,
    application_ledger,
    application_list_for_body,
    application_queue_page,
    body_staff,
    fee_earlier_pieces,
    mask,
    may_see_personal_data,
    roles_in_body,
    work_calendar,
    work_calendar_shown,
)
from gongkai.law.calendar import CalendarYearUnknownError, WorkCalendar
from gongkai.law.fees import FeeError, fee_schedule_lines
from gongkai.law.rules import CORRECTION_PERIOD_DEFAULT, OUTCOMES, PAUSE_KINDS
from gongkai.organizations.models import Body, Role, User
from gongkai.organizations.selectors import (
    bodies_subtree_ids,
    body_get_for_user,
    body_get_for_user_with_roles,
)

PAGE_SIZE = 50
DUE_FILTERS = (("", "全部"), ("today", "今日到期"), ("week", "本周到期"), ("overdue", "已逾期"))
#: Actions with their own form on the case page (not in the action list).
SEPARATE = frozenset({"assign", "note", "withdraw", "correct_online"})


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _days_left(calendar: WorkCalendar, today: date, due: date | None) -> int | None:
    """Working days from ``today`` to ``due`` (negative when overdue); ``None`` if unknown."""
    if due is None:
        return None
    try:
        if due >= today:
            return calendar.workdays_between(today, due)
        return -calendar.workdays_between(due, today)
    except CalendarYearUnknownError:
        return None


STATUS_LABELS: dict[str, str] = dict(Status.choices)


def _workdays_left(calendar: WorkCalendar, today: date, dues: set[date]) -> dict[date, int | None]:
    """``_days_left`` for many due dates in one walk over the days between them and today."""
    if not dues:
        return {}
    first, last = min(*dues, today), max(*dues, today)
    counted: dict[date, int] = {}  # working days in (first, day]
    total = 0
    day = first
    try:
        while day <= last:
            if day > first and calendar.is_workday(day):
                total += 1
            counted[day] = total
            day += timedelta(days=1)
    except CalendarYearUnknownError:  # a year not yet known: from there on, no count
        if today not in counted:
            return {due: _days_left(calendar, today, due) for due in dues}
    return {due: counted[due] - counted[today] if due in counted else None for due in dues}


def _queue_rows(
    cases: list[dict[str, Any]], *, queue_url: str, calendar: WorkCalendar, today: date
) -> list[dict[str, object]]:
    """What the work queue shows of each case (``QUEUE_COLUMNS``), as plain values.

    Fifty rows a page: formatting here (date strings, choice labels, one walk over the days for
    the working days left, the case links from the queue's own URL) instead of in the template
    keeps the page cheap (``bench/bench_applications.py``).
    """
    left = _workdays_left(calendar, today, {c["due_on"] for c in cases if c["due_on"]})
    rows = []
    for case in cases:
        due, received = case["due_on"], case["received_on"]
        days = left[due] if due else None
        rows.append(
            {
                # the case page is ``<queue>/<id>/`` (urls.py); a test holds the two together
                "url": f"{queue_url}{case['pk']}/",
                "number": case["number"],
                "name": case["name"],
                "phone": mask(case["phone"]),
                "status": STATUS_LABELS.get(case["status"], case["status"]),
                "assignee": case["assignee__full_name"] or case["assignee__username"] or "未分配",
                "received": received.isoformat() if received else "待确认",
                "due": due.isoformat() if due else "—",
                "left": "—" if days is None else f"已逾期 {days}" if days < 0 else str(days),
                "overdue": days is not None and days < 0,
            }
        )
    return rows


@require_safe
@login_required
def queue(request: HttpRequest, body_id: int) -> HttpResponse:
    """Open cases of the body, soonest due first; filters 今日到期 / 本周到期 / 已逾期 / 我的."""
    user = _user(request)
    body, roles = body_get_for_user_with_roles(user=user, body_id=body_id)
    today = services.clock_today()
    due = str(request.GET.get("due", ""))
    due = due if due in dict(DUE_FILTERS) else ""
    mine = request.GET.get("mine") == "1"
    cases = application_list_for_body(body=body, today=today, due=due, mine=user if mine else None)
    page, listed = application_queue_page(
        cases=cases, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    queue_url = reverse("applications:queue", args=[body.pk])
    rows = _queue_rows(listed, queue_url=queue_url, calendar=work_calendar_shown(), today=today)
    context = {
        "body": body,
        "page": page,
        "rows": rows,
        "due": due,
        "mine": mine,
        "filters": DUE_FILTERS,
        "today": today,
        "may_intake": bool(roles & {Role.CLERK, Role.BODY_ADMIN}),
    }
    return render(request, "applications/queue.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def intake(request: HttpRequest, body_id: int) -> HttpResponse:
    """Register an application that came by letter, in person, fax or e-mail."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    if not roles_in_body(user=user, body=body) & {Role.CLERK, Role.BODY_ADMIN}:
        raise PermissionDenied
    form = IntakeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            application, code = services.application_intake(
                body=body,
                actor=user,
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                receipt_evidence=form.cleaned_data["receipt_evidence"],
                attachment=form.cleaned_data["attachment"],
                **form.applicant_data(),
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            context = {"body": body, "application": application, "code": code}
            return render(request, "applications/intake_done.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "applications/intake.html", {"body": body, "form": form}, status=status)


@require_safe
@login_required
def case(request: HttpRequest, body_id: int, application_id: int) -> HttpResponse:
    """One case: the applicant, the ledger and how the due date was computed, the actions."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    application = application_get_for_user(user=user, body=body, application_id=application_id)
    roles = roles_in_body(user=user, body=body)
    today = services.clock_today()
    calendar = work_calendar()
    clock = application_clock(application=application, today=today, calendar=calendar)
    actions = [
        t
        for t in application_actions(application=application, roles=roles)
        if t.action not in SEPARATE
    ]
    context = {
        "body": body,
        "application": application,
        "personal": may_see_personal_data(roles=roles),
        "masked": {
            "id_number": mask(application.id_number),
            "phone": mask(application.phone),
        },
        "clock": clock,
        "days_left": _days_left(calendar, today, application.due_on),
        "ledger": application_ledger(application=application),
        "events": application_all_events(application=application),
        "attachments": application.attachments.all(),
        "actions": actions,
        "is_open": application.status in OPEN_STATUSES,
        "may_assign": bool(roles & {Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.BODY_ADMIN}),
        "may_note": bool(roles & {Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.BODY_ADMIN}),
        "assignees": body_staff(body=body, roles=[Role.CLERK, Role.BODY_ADMIN]),
        "approvers": body_staff(body=body, roles=[Role.REVIEWER, Role.APPROVER]),
        "outcomes": OUTCOMES,
        "pause_kinds": [kind.label for kind in PAUSE_KINDS],
        "correction_period": CORRECTION_PERIOD_DEFAULT.workdays,
        "today": today,
        "transfer_targets": (
            _transfer_targets(body) if any(t.action == "transfer" for t in actions) else []
        ),
        "fee": application_fee_recorded(application=application),
        "fee_form": (
            _fee_form(request, application)
            if any(t.action == "fee_notice" for t in actions)
            else None
        ),
    }
    return render(request, "applications/case.html", context)


def _fee_form(request: HttpRequest, application: Application) -> dict[str, object]:
    """The fee notice's calculation: the bands, the applicant's 件 this month, the quote asked for.

    ``?fee_method=&fee_count=`` (a GET form on the case page) asks for a quote; the notice form
    then carries the method, the count and the amount shown.
    """
    method = str(request.GET.get("fee_method", ""))
    raw_count = str(request.GET.get("fee_count", "")).strip()
    quote, error = None, ""
    if method or raw_count:
        try:
            quote = application_fee_quote(
                application=application, method=method, count=int(raw_count)
            )
        except ValueError as problem:  # FeeError is a ValueError with a Chinese message
            error = str(problem) if isinstance(problem, FeeError) else "请填写数量（整数）。"
    return {
        "methods": [
            (choice, choice.label, fee_schedule_lines(choice.value)) for choice in FeeMethod
        ],
        "method": method,
        "count": raw_count,
        "earlier_pieces": fee_earlier_pieces(application=application),
        "month": application.received_on,
        "quote": quote,
        "error": error,
    }


def _transfer_targets(body: Body) -> list[Body]:
    """Bodies a case may be transferred to: the others in the same top-level government's tree."""
    root = body
    while root.parent_id is not None:
        parent = Body.objects.only("pk", "parent_id").get(pk=root.parent_id)
        root = parent
    ids = bodies_subtree_ids(root_ids={root.pk}) - {body.pk}
    return list(Body.objects.filter(pk__in=ids).only("pk", "name").order_by("name"))


@require_safe
@login_required
def attachment(
    request: HttpRequest, body_id: int, application_id: int, attachment_id: int
) -> FileResponse:
    """Download an attachment of a case (the handling body's staff only)."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    application = application_get_for_user(user=user, body=body, application_id=application_id)
    if not may_see_personal_data(roles=roles_in_body(user=user, body=body)):
        raise PermissionDenied
    found = Attachment.objects.filter(pk=attachment_id, application=application).first()
    if found is None:
        raise PermissionDenied
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)


# --- actions ----------------------------------------------------------------------------------


#: The submitted fields of an action: ``request.POST`` on the case page, a JSON object turned
#: into strings in the staff API (``gongkai.api.staff``), so both go through the same handlers.
Fields = Mapping[str, Any]


def _text(request: Fields, name: str) -> str:
    return str(request.get(name, ""))


def _date(request: Fields, name: str = "on") -> date:
    try:
        return date.fromisoformat(_text(request, name).strip())
    except ValueError:
        raise ValidationError("请填写正确的日期（年-月-日）。") from None


def _transfer_body(request: Fields) -> Body:
    """The receiving body of a 转办 (any body on the platform)."""
    raw = _text(request, "to_body").strip()
    body = Body.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if body is None:
        raise ValidationError({"to_body": "请选择平台内的接收机关。"})
    return body


def _int(request: Fields, name: str, label: str) -> int:
    try:
        return int(_text(request, name).strip())
    except ValueError:
        raise ValidationError(f"请填写{label}（整数）。") from None


def _staff_member(body: Body, request: Fields, name: str, roles: list[str]) -> User | None:
    raw = _text(request, name).strip()
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise ValidationError("请选择人员。") from None
    person = body_staff(body=body, roles=roles).filter(pk=pk).first()
    if person is None:
        raise ValidationError("请选择本机关的人员。")
    return person


Handler = Callable[[Fields, Application, User, int | None], object]


def _extend(request: Fields, a: Application, user: User, v: int | None) -> object:
    approver = _staff_member(a.body, request, "approver", [Role.REVIEWER, Role.APPROVER])
    if approver is None:
        raise ValidationError("请选择批准延期的负责人。")
    return services.application_extend(
        application_id=a.pk,
        actor=user,
        expected_version=v,
        on=_date(request),
        workdays=_int(request, "workdays", "延长的工作日数"),
        approver=approver,
        reason=_text(request, "reason"),
    )


def _fee_notice(request: Fields, a: Application, user: User, v: int | None) -> object:
    """The amount the clerk was shown must come along: nobody sends a figure unseen."""
    if not _text(request, "expected_amount").strip():
        raise ValidationError("请先计算信息处理费，核对计算过程后再发出收费通知。")
    return services.application_fee_notice(
        application_id=a.pk,
        actor=user,
        expected_version=v,
        on=_date(request),
        method=_text(request, "fee_method"),
        count=_int(request, "fee_count", "计费数量"),
        expected_amount=_int(request, "expected_amount", "收费金额"),
        note=_text(request, "note"),
    )


HANDLERS: dict[str, Handler] = {
    "register": lambda r, a, u, v: services.application_register(
        application_id=a.pk,
        actor=u,
        expected_version=v,
        received_on=_date(r, "received_on"),
        receipt_evidence=_text(r, "receipt_evidence"),
    ),
    "accept": lambda r, a, u, v: services.application_accept(
        application_id=a.pk, actor=u, expected_version=v
    ),
    "request_correction": lambda r, a, u, v: services.application_request_correction(
        application_id=a.pk,
        actor=u,
        expected_version=v,
        items=_text(r, "items"),
        period_workdays=_int(r, "period_workdays", "补正期限"),
        on=_date(r),
    ),
    "receive_correction": lambda r, a, u, v: services.application_correction_receive(
        application_id=a.pk, actor=u, expected_version=v, on=_date(r), text=_text(r, "text")
    ),
    "lapse": lambda r, a, u, v: services.application_lapse(
        application_id=a.pk, actor=u, expected_version=v
    ),
    "consultation_start": lambda r, a, u, v: services.application_consultation_start(
        application_id=a.pk,
        actor=u,
        expected_version=v,
        on=_date(r),
        pause_kind=_text(r, "pause_kind"),
        note=_text(r, "note"),
    ),
    "consultation_end": lambda r, a, u, v: services.application_consultation_end(
        application_id=a.pk, actor=u, expected_version=v, on=_date(r), note=_text(r, "note")
    ),
    "extend": _extend,
    "fee_notice": _fee_notice,
    "fee_paid": lambda r, a, u, v: services.application_fee_paid(
        application_id=a.pk, actor=u, expected_version=v, on=_date(r)
    ),
    "draft_reply": lambda r, a, u, v: services.application_reply_draft(
        application_id=a.pk,
        actor=u,
        expected_version=v,
        outcome=_text(r, "outcome"),
        basis=_text(r, "basis"),
        text=_text(r, "text"),
    ),
    "approve_reply": lambda r, a, u, v: services.application_reply_approve(
        application_id=a.pk, actor=u, expected_version=v
    ),
    "sign_reply": lambda r, a, u, v: services.application_reply_sign(
        application_id=a.pk, actor=u, expected_version=v
    ),
    "return_reply": lambda r, a, u, v: services.application_reply_return(
        application_id=a.pk, actor=u, expected_version=v, reason=_text(r, "reason")
    ),
    "deliver": lambda r, a, u, v: services.application_deliver(
        application_id=a.pk, actor=u, expected_version=v, method=_text(r, "method"), on=_date(r)
    ),
    "fee_lapse": lambda r, a, u, v: services.application_fee_lapse(
        application_id=a.pk, actor=u, expected_version=v
    ),
    "delay": lambda r, a, u, v: services.application_delay(
        application_id=a.pk,
        actor=u,
        expected_version=v,
        on=_date(r),
        workdays=_int(r, "workdays", "延迟工作日数"),
        reason=_text(r, "reason"),
    ),
    "transfer": lambda r, a, u, v: services.application_transfer(
        application_id=a.pk,
        actor=u,
        expected_version=v,
        to_body=_transfer_body(r),
        reason=_text(r, "reason"),
    ),
    "archive": lambda r, a, u, v: services.application_archive(
        application_id=a.pk, actor=u, expected_version=v
    ),
    "assign": lambda r, a, u, v: services.application_assign(
        application_id=a.pk,
        actor=u,
        expected_version=v,
        assignee=_staff_member(a.body, r, "assignee", [Role.CLERK, Role.BODY_ADMIN]),
    ),
    "note": lambda r, a, u, v: services.application_note_add(
        application_id=a.pk, actor=u, text=_text(r, "text")
    ),
}
DONE = {"note": "备注已保存。", "assign": "经办人已更新。"}


@require_POST
@login_required
def act(request: HttpRequest, body_id: int, application_id: int, action: str) -> HttpResponse:
    """Take one action on the case; the outcome is told on the case page."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    application = application_get_for_user(user=user, body=body, application_id=application_id)
    handler = HANDLERS.get(action)
    if handler is None:
        raise PermissionDenied
    try:
        version: int | None = int(_text(request.POST, "version"))
    except ValueError:
        version = None
    if action != "note" and version != application.version:  # checked again under the lock
        messages.error(request, services.STALE_MESSAGE)
    else:
        try:
            handler(request.POST, application, user, version)
        except (services.ApplicationStaleError, services.ApplicationStateError) as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, DONE.get(action, "操作已完成。"))
    return redirect(
        reverse("applications:case", kwargs={"body_id": body.pk, "application_id": application.pk})
    )
