"""The daily reminder pass of 依申请公开: due-soon and overdue notices, the Monday digest.

For every open case the job takes the due date stored on the case (``Application.due_on``, kept
current by every service that writes the ledger) and, for cases whose clock is stopped or waiting
for a year (``due_on`` empty), replays the ledger with the law core's fast path
(``compute_deadline(explain=False)``), because an unanswered consultation resumes by itself when
its window ends. Then, on working days:

* ``due_soon``: once per due date, when at most ``GONGKAI_REMINDER_WORKDAYS`` (default 3) working
  days are left (0 = due today);
* ``overdue``: every working day while the case is past its due date;

to the assigned handler, or to every active 经办人 of the body when the case is unassigned. On
Mondays every 审发人 and 机关管理员 of a body with cases due this week or overdue gets one digest.

Each notice is one row (in-app, ``Notice``) and one e-mail when the person has an address. A
unique constraint allows one notice per case, person, kind and day, so a second run on the same
day writes and sends nothing. The work is a constant number of queries, whatever the case count.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import Q

from gongkai.applications import services
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    ClockEntry,
    Notice,
    NoticeKind,
    Status,
)
from gongkai.applications.selectors import clock_events, work_calendar
from gongkai.law.calendar import CalendarYearUnknownError, WorkCalendar
from gongkai.law.clock import ClockError, compute_deadline
from gongkai.organizations.models import Body, Membership, Role, User

logger = logging.getLogger("gongkai.tasks")

REMINDER_WORKDAYS_DEFAULT = 3
CHUNK = 5000
#: Statuses whose next step is the body's (a case waiting for the applicant's 补正 is not).
STAFF_TURN = tuple(status for status in OPEN_STATUSES if status != Status.CORRECTION)


def reminder_workdays() -> int:
    """How many working days before the due date the handler is reminded (a setting)."""
    return int(getattr(settings, "GONGKAI_REMINDER_WORKDAYS", REMINDER_WORKDAYS_DEFAULT))


@dataclass
class _Case:
    id: int
    body_id: int
    assignee_id: int | None
    number: str
    due: date
    left: int  # working days left after today; 0 = due today, negative = overdue


@dataclass
class ReminderResult:
    """What one run did (logged and returned by the task)."""

    open_cases: int = 0
    recomputed: int = 0
    notices: int = 0
    emails: int = 0
    digests: int = 0
    skipped_non_workday: bool = False
    unknown_year: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {
            "open_cases": self.open_cases,
            "recomputed": self.recomputed,
            "notices": self.notices,
            "emails": self.emails,
            "digests": self.digests,
            "unknown_year": self.unknown_year,
            "skipped_non_workday": int(self.skipped_non_workday),
        }


class _Left:
    """Working days from ``today`` to a due date, memoised per due date (few distinct dates)."""

    def __init__(self, calendar: WorkCalendar, today: date) -> None:
        self.calendar = calendar
        self.today = today
        self.memo: dict[date, int] = {}

    def __call__(self, due: date) -> int:
        left = self.memo.get(due)
        if left is None:
            if due >= self.today:
                left = self.calendar.workdays_between(self.today, due)
            else:
                left = -self.calendar.workdays_between(due, self.today)
            self.memo[due] = left
        return left


def _open_cases(
    calendar: WorkCalendar, today: date, result: ReminderResult
) -> Iterator[tuple[int, int, int | None, str, date]]:
    """(id, body, assignee, number, due) of every open case in the body's hands.

    The stored due date is used as it is; a case without one is replayed (fast path): its
    ledger rows come in one ordered query for all of them.
    """
    rows = (
        Application.objects.filter(status__in=STAFF_TURN, received_on__isnull=False)
        .values_list("id", "body_id", "assignee_id", "number", "due_on")
        .order_by()
    )
    waiting: dict[int, tuple[int, int | None, str]] = {}
    for pk, body_id, assignee_id, number, due in rows.iterator(chunk_size=CHUNK):
        result.open_cases += 1
        if due is not None:
            yield pk, body_id, assignee_id, number, due
        else:
            waiting[pk] = (body_id, assignee_id, number)
    if not waiting:
        return
    ledgers: dict[int, list[ClockEntry]] = defaultdict(list)
    entries = ClockEntry.objects.filter(
        application__status__in=STAFF_TURN, application__due_on__isnull=True
    ).order_by("application_id", "id")
    for entry in entries.iterator(chunk_size=CHUNK):
        if entry.application_id in waiting:
            ledgers[entry.application_id].append(entry)
    for case_id, (case_body, case_assignee, case_number) in waiting.items():
        result.recomputed += 1
        try:
            deadline = compute_deadline(
                clock_events(entries=ledgers.get(case_id, [])), calendar, today=today, explain=False
            )
        except CalendarYearUnknownError:
            result.unknown_year += 1
            continue
        except ClockError:  # pragma: no cover - services validate every entry before saving
            continue
        if deadline.due is not None and not deadline.closed:
            yield case_id, case_body, case_assignee, case_number, deadline.due


def _clerks_by_body() -> dict[int, list[int]]:
    clerks: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.CLERK, user__is_active=True).values_list(
        "body_id", "user_id"
    )
    for body_id, user_id in rows.order_by("body_id", "user_id"):
        clerks[body_id].append(user_id)
    return clerks


def _notice_title(kind: NoticeKind, case: _Case) -> tuple[str, str]:
    if kind == NoticeKind.OVERDUE:
        return (
            f"申请{case.number}已逾期{-case.left}个工作日",
            f"申请{case.number}的答复期限为{case.due:%Y-%m-%d}，已逾期{-case.left}个工作日，"
            "请尽快答复。",
        )
    when = "今日到期" if case.left == 0 else f"还有{case.left}个工作日到期"
    return (
        f"申请{case.number}{when}",
        f"申请{case.number}的答复期限为{case.due:%Y-%m-%d}，{when}。",
    )


def reminders_run(*, today: date | None = None) -> ReminderResult:
    """Write today's notices and send their e-mails; idempotent for one day."""
    today = today or services.clock_today()
    result = ReminderResult()
    calendar = work_calendar()
    try:
        workday = calendar.is_workday(today)
    except CalendarYearUnknownError:
        workday = today.weekday() < 5
    if today.weekday() == 0:
        _digest(calendar, today, result)
    if not workday:
        result.skipped_non_workday = True
        return result
    window = reminder_workdays()
    left_of = _Left(calendar, today)
    candidates: list[_Case] = []
    for pk, body_id, assignee_id, number, due in _open_cases(calendar, today, result):
        try:
            left = left_of(due)
        except CalendarYearUnknownError:
            result.unknown_year += 1
            continue
        if left <= window:
            candidates.append(_Case(pk, body_id, assignee_id, number, due, left))
    if not candidates:
        return result
    clerks = _clerks_by_body()
    ids = [case.id for case in candidates]
    already: set[tuple[int, int, str, date | None]] = set()
    for start in range(0, len(ids), CHUNK):
        already.update(
            (pk, recipient, kind, due if kind == NoticeKind.DUE_SOON else None)
            for pk, recipient, kind, due in Notice.objects.filter(
                Q(day=today) | Q(kind=NoticeKind.DUE_SOON, due_on__gte=today),
                application_id__in=ids[start : start + CHUNK],
                kind__in=(NoticeKind.DUE_SOON, NoticeKind.OVERDUE),
            ).values_list("application_id", "recipient_id", "kind", "due_on")
        )
    notices: list[Notice] = []
    for case in candidates:
        recipients = [case.assignee_id] if case.assignee_id else clerks.get(case.body_id, [])
        kind = NoticeKind.OVERDUE if case.left < 0 else NoticeKind.DUE_SOON
        key_due = case.due if kind == NoticeKind.DUE_SOON else None
        title, text = _notice_title(kind, case)
        for recipient in recipients:
            if (case.id, recipient, kind, key_due) in already:
                continue  # due-soon: once per due date; overdue: once per day
            notices.append(
                Notice(
                    recipient_id=recipient,
                    application_id=case.id,
                    kind=kind,
                    day=today,
                    due_on=case.due,
                    title=title,
                    text=text,
                )
            )
    _store_and_send(notices, today, result)
    logger.info("application reminders done", extra={"event": "reminders", **result.as_dict()})
    return result


def _store_and_send(notices: list[Notice], today: date, result: ReminderResult) -> None:
    """Insert the notices that are new today and e-mail exactly those."""
    if not notices:
        return
    with transaction.atomic():
        Notice.objects.bulk_create(notices, batch_size=1000, ignore_conflicts=True)
    # The rows were checked against today's notices above; ``ignore_conflicts`` only absorbs a
    # concurrent run (the unique constraints keep one row), which may then send one e-mail twice.
    recipients = {notice.recipient_id for notice in notices}
    emails = dict(
        User.objects.filter(pk__in=recipients, is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
    )
    messages = [
        mail.EmailMessage(
            subject=f"【政府信息公开】{notice.title}",
            body=notice.text + "\n\n请登录政府信息公开平台工作台办理。",
            to=[emails[notice.recipient_id]],
        )
        for notice in notices
        if notice.recipient_id in emails
    ]
    for notice in notices:
        result.by_kind[notice.kind] = result.by_kind.get(notice.kind, 0) + 1
    result.notices += len(notices)
    if messages:
        with mail.get_connection() as connection:
            result.emails += connection.send_messages(messages) or 0


def _digest(calendar: WorkCalendar, today: date, result: ReminderResult) -> None:
    """Monday: one notice to each 审发人 and 机关管理员 listing its bodies' week and overdue."""
    sunday = today + timedelta(days=6)
    rows = (
        Application.objects.filter(status__in=STAFF_TURN, due_on__isnull=False, due_on__lte=sunday)
        .values_list("body_id", "number", "due_on")
        .order_by("body_id", "due_on", "number")
    )
    week: dict[int, list[str]] = defaultdict(list)
    overdue: dict[int, list[str]] = defaultdict(list)
    for body_id, number, due in rows.iterator(chunk_size=CHUNK):
        assert due is not None  # filtered above
        (overdue if due < today else week)[body_id].append(f"{number}（{due:%Y-%m-%d}）")
    bodies = set(week) | set(overdue)
    if not bodies:
        return
    names = dict(Body.objects.filter(pk__in=bodies).values_list("pk", "name"))
    heads: dict[int, set[int]] = defaultdict(set)
    memberships = Membership.objects.filter(
        body_id__in=bodies, role__in=(Role.APPROVER, Role.BODY_ADMIN), user__is_active=True
    ).values_list("user_id", "body_id")
    for user_id, body_id in memberships:
        heads[user_id].add(body_id)
    done = set(
        Notice.objects.filter(
            kind=NoticeKind.DIGEST, day=today, application__isnull=True
        ).values_list("recipient_id", flat=True)
    )
    notices = []
    for user_id, body_ids in sorted(heads.items()):
        if user_id in done:
            continue
        parts = []
        for body_id in sorted(body_ids, key=lambda pk: names[pk]):
            parts.append(
                f"{names[body_id]}：本周到期{len(week[body_id])}件，已逾期{len(overdue[body_id])}件"
            )
            if overdue[body_id]:
                parts.append("  已逾期：" + "、".join(overdue[body_id][:50]))
            if week[body_id]:
                parts.append("  本周到期：" + "、".join(week[body_id][:50]))
        notices.append(
            Notice(
                recipient_id=user_id,
                kind=NoticeKind.DIGEST,
                day=today,
                title=f"依申请公开每周汇总（{today:%Y-%m-%d}）",
                text="\n".join(parts),
            )
        )
    before = result.notices
    _store_and_send(notices, today, result)
    result.digests += result.notices - before
