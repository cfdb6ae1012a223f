"""Reads of applications: permission-checked fetches, work queues, the clock and the calendar."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Q, QuerySet, Sum, Value, When

from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    CalendarYear,
    CaseEvent,
    ClockEntry,
    FeeMethod,
)
from gongkai.applications.workflow import Transition, actions_allowed
from gongkai.law.calendar import CalendarYearUnknownError, WorkCalendar, YearArrangement
from gongkai.law.clock import ClockError, ClockEvent, ClockEventKind, Deadline, compute_deadline
from gongkai.law.fees import FeeQuote, fee_quote
from gongkai.organizations.models import Body, Membership, Role, User

#: Roles that handle a body's cases and see its applicants' personal data (not 监督员).
STAFF_ROLES = frozenset({Role.CLERK, Role.REVIEWER, Role.APPROVER, Role.BODY_ADMIN})


def roles_in_body(*, user: User, body: Body) -> frozenset[str]:
    """The roles ``user`` holds in exactly ``body`` (a 监督员 above it holds none here)."""
    if not user.is_active:
        return frozenset()
    return frozenset(Membership.objects.filter(user=user, body=body).values_list("role", flat=True))


def application_actions(*, application: Application, roles: frozenset[str]) -> list[Transition]:
    """The actions ``roles`` may take on ``application`` now, in table order.

    The state machine's (``actions_allowed``), less a 收费通知 once one has been sent: the law
    core refuses a second notice on a case (``gongkai.law.clock``), so it is not offered.
    """
    allowed = actions_allowed(status=application.status, roles=roles)
    if any(t.action == "fee_notice" for t in allowed) and application_fee_notice_sent(
        application=application
    ):
        allowed = [t for t in allowed if t.action != "fee_notice"]
    return allowed


def application_fee_notice_sent(*, application: Application) -> bool:
    """Whether the case's ledger holds a 收费通知 (``FEE_NOTICE_SENT``)."""
    entries = ClockEntry.objects.filter(application=application)
    return entries.filter(kind=ClockEventKind.FEE_NOTICE_SENT.value).exists()


def may_see_personal_data(*, roles: frozenset[str]) -> bool:
    """Only the handling body's own staff see an applicant's ID number, phone and address."""
    return bool(roles & STAFF_ROLES)


def work_calendar() -> WorkCalendar:
    """The working-day calendar: entered years win over the built-in ones (one query)."""
    arrangements = {
        row.year: YearArrangement(
            year=row.year,
            holidays=frozenset(date.fromisoformat(day) for day in row.holidays),
            make_up_workdays=frozenset(date.fromisoformat(day) for day in row.make_up_workdays),
            source=row.source,
        )
        for row in CalendarYear.objects.all()
    }
    return WorkCalendar(arrangements)


#: How long a process shows the calendar it read before reading it again (``work_calendar_shown``).
CALENDAR_SHOWN_SECONDS = 10.0


@dataclass(frozen=True)
class _ShownCalendar:
    calendar: WorkCalendar
    until: float


_shown: _ShownCalendar | None = None


def work_calendar_shown() -> WorkCalendar:
    """``work_calendar()`` for pages that only show working days left (the work queue).

    A process reuses the calendar it read for ``CALENDAR_SHOWN_SECONDS``: a year saved in this
    process is seen at once (saving or deleting a ``CalendarYear`` forgets it, see ``apps.py``),
    one saved by another process within that time. Stored due dates never come from here: the
    services read ``work_calendar()`` in their transaction.
    """
    global _shown
    shown, now = _shown, time.monotonic()
    if shown is not None and now < shown.until:
        return shown.calendar
    calendar = work_calendar()
    _shown = _ShownCalendar(calendar, now + CALENDAR_SHOWN_SECONDS)
    return calendar


def work_calendar_forget() -> None:
    """Make the next ``work_calendar_shown()`` of this process read the database."""
    global _shown
    _shown = None


def clock_events(
    *, application: Application | None = None, entries: Iterable[ClockEntry] | None = None
) -> list[ClockEvent]:
    """The law core's events for a case's ledger (or for the given entries), in order."""
    rows = (
        entries
        if entries is not None
        else ClockEntry.objects.filter(application=application).order_by("id")
    )
    return [
        ClockEvent(
            kind=ClockEventKind(row.kind),
            on=row.on,
            pause_kind=row.pause_kind,
            workdays=row.workdays,
            note=row.note,
            approver=row.approver,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ClockView:
    """A case's deadline, or the Chinese reason it cannot be computed (e.g. an unknown year)."""

    deadline: Deadline | None
    error: str = ""


def application_clock(
    *, application: Application, today: date, calendar: WorkCalendar | None = None
) -> ClockView:
    """The due date of ``application`` computed from its stored ledger, with its explanation."""
    events = clock_events(application=application)
    if not events:
        return ClockView(deadline=None, error="尚未确认收到申请，答复期限未开始计算。")
    try:
        deadline = compute_deadline(events, calendar or work_calendar(), today=today)
    except (ClockError, CalendarYearUnknownError) as error:
        return ClockView(deadline=None, error=str(error))
    return ClockView(deadline=deadline)


def application_list_for_body(
    *,
    body: Body,
    today: date,
    due: str = "",
    mine: User | None = None,
    open_only: bool = True,
    status: str = "",
) -> QuerySet[Application]:
    """A body's cases for the work queue, soonest due first.

    ``due``: ``"today"`` (今日到期), ``"week"`` (本周到期, to Sunday), ``"overdue"`` (已逾期);
    ``mine``: only the cases assigned to that user; ``status``: only cases in that status (open or
    closed; ``open_only`` is then ignored).
    """
    cases = Application.objects.filter(body=body).select_related("assignee")
    if status:
        cases = cases.filter(status=status)
    elif open_only:
        cases = cases.filter(status__in=OPEN_STATUSES)
    if due == "today":
        cases = cases.filter(due_on=today)
    elif due == "week":
        sunday = today + timedelta(days=6 - today.weekday())
        cases = cases.filter(due_on__gte=today, due_on__lte=sunday)
    elif due == "overdue":
        cases = cases.filter(due_on__lt=today)
    if mine is not None:
        cases = cases.filter(assignee=mine)
    return cases.order_by(F("due_on").asc(nulls_last=True), "created_at", "pk")


#: What a work queue's row shows of a case (``application_queue_page``).
QUEUE_COLUMNS = (
    "pk",
    "number",
    "name",
    "phone",
    "status",
    "received_on",
    "due_on",
    "assignee__full_name",
    "assignee__username",
)


def application_queue_page(
    *, cases: QuerySet[Application], number: int | str | None, per_page: int
) -> tuple[Page[int], list[dict[str, Any]]]:
    """Page ``number`` of a work queue (``application_list_for_body``) and its rows.

    The page's ids are read first — from the index ``application_queue_order`` alone, without
    reading a row — then only the ``QUEUE_COLUMNS`` of those cases, in the queue's order: sorting
    a busy body's thousand open cases as whole rows, and building fifty model instances, made the
    page several times slower (``bench/bench_applications.py``).
    """
    page = Paginator(cases.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    if not ids:
        return page, []
    return page, list(cases.filter(pk__in=ids).values(*QUEUE_COLUMNS))


def application_get_for_user(*, user: User, body: Body, application_id: int) -> Application:
    """Case ``application_id`` of ``body`` (the caller checked the user's right to the body).

    A case of another body and a missing case give the same ``PermissionDenied``.
    """
    application = (
        Application.objects.filter(pk=application_id, body=body)
        .select_related("body", "assignee")
        .first()
    )
    if application is None:
        raise PermissionDenied
    return application


def application_find_public(*, number: str) -> Application | None:
    """The case with ``number`` (the caller must check the 查询码 before showing anything)."""
    return Application.objects.filter(number=number.strip()).select_related("body").first()


def application_public_events(*, application: Application) -> QuerySet[CaseEvent]:
    """The timeline lines the applicant may see."""
    return CaseEvent.objects.filter(application=application, public=True).order_by("at", "id")


def application_all_events(*, application: Application) -> QuerySet[CaseEvent]:
    """Every timeline line and internal note, for the handling staff."""
    return (
        CaseEvent.objects.filter(application=application)
        .select_related("actor")
        .order_by("at", "id")
    )


def application_ledger(*, application: Application) -> QuerySet[ClockEntry]:
    """The stored clock entries of a case, with who recorded them."""
    return ClockEntry.objects.filter(application=application).select_related("actor").order_by("id")


def body_staff(*, body: Body, roles: Iterable[str]) -> QuerySet[User]:
    """Active users holding one of ``roles`` in ``body``, by name."""
    return (
        User.objects.filter(
            memberships__body=body, memberships__role__in=list(roles), is_active=True
        )
        .distinct()
        .order_by("username")
    )


def mask(value: str, *, keep_start: int = 3, keep_end: int = 4) -> str:
    """``value`` with its middle hidden (for lists): ``110105********002X``."""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        return value[:1] + "*" * (len(value) - 1)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def fee_earlier_pieces(*, application: Application) -> int:
    """件 of the same applicant to the same body received earlier in the same 自然月 (109号第四条).

    The applicant is the ID type and number (case-insensitive); "earlier" is the order of receipt
    (``received_on``, then the case id on the same day), so the count of a case never depends on
    when its fee is decided. A case counts its recorded 按件 count, any other case one 件.
    """
    received = application.received_on
    if received is None:
        return 0
    earlier = Application.objects.filter(
        Q(received_on__lt=received) | Q(received_on=received, pk__lt=application.pk),
        body_id=application.body_id,
        id_type=application.id_type,
        id_number__iexact=application.id_number,
        received_on__gte=received.replace(day=1),
    ).exclude(pk=application.pk)
    pieces = Case(
        When(fee_method=FeeMethod.PIECES, fee_count__gt=0, then=F("fee_count")),
        default=Value(1),
        output_field=IntegerField(),
    )
    total = earlier.aggregate(n=Sum(pieces))["n"]
    return int(total or 0)


def application_fee_quote(*, application: Application, method: str, count: int) -> FeeQuote:
    """The fee ``application`` would be charged by ``method`` for ``count`` 件 or 页.

    ``FeeError`` (Chinese) for a method or count the law core refuses.
    """
    earlier = fee_earlier_pieces(application=application) if method == FeeMethod.PIECES else 0
    return fee_quote(method=method, count=count, earlier_pieces=earlier)


def application_fee_recorded(*, application: Application) -> FeeQuote | None:
    """The fee stored on the case, with its arithmetic (``None`` without a computed fee)."""
    if not application.fee_method or not application.fee_count:
        return None
    return fee_quote(
        method=application.fee_method,
        count=application.fee_count,
        earlier_pieces=application.fee_earlier_pieces or 0,
    )
