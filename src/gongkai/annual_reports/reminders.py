"""Reminders before the annual reports are due (《条例》第四十九条, ``gongkai.law.reports``).

On each reminder day (14, 7, 3 and 1 days before 31 January) every body without a published
report of its own on the previous year (written here or collected) reminds its 经办人 and 审发人;
before 31 March every 人民政府 with bodies below it and no published summary reminds its 监督员.
Each person gets at most one in-app notice (``applications.Notice``, kind 年度报告提醒) a day,
listing all their bodies, and one e-mail when they have an address; a second run the same day
writes and sends nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core import mail
from django.db import IntegrityError, transaction

from gongkai.annual_reports.models import AnnualReport, ReportKind, ReportStatus
from gongkai.applications.models import Notice, NoticeKind
from gongkai.law import reports as law
from gongkai.organizations.models import Body, BodyKind, Membership, Role

logger = logging.getLogger("gongkai.tasks")


@dataclass
class ReportReminderResult:
    """What one run did."""

    bodies: int = 0
    notices: int = 0
    emails: int = 0


def _pending_bodies(year: int) -> list[Body]:
    done = AnnualReport.objects.filter(
        year=year,
        status=ReportStatus.PUBLISHED,
        kind__in=[ReportKind.WRITTEN, ReportKind.COLLECTED],
    ).values("body_id")
    return list(Body.objects.exclude(pk__in=done).order_by("pk"))


def _pending_summaries(year: int) -> list[Body]:
    done = AnnualReport.objects.filter(
        year=year, status=ReportStatus.PUBLISHED, kind=ReportKind.SUMMARY
    ).values("body_id")
    return list(
        Body.objects.filter(kind=BodyKind.GOVERNMENT, children__isnull=False)
        .exclude(pk__in=done)
        .distinct()
        .order_by("pk")
    )


def report_reminders(*, today: date) -> ReportReminderResult:
    """Write today's reminders (nothing on other days)."""
    result = ReportReminderResult()
    year = today.year - 1
    wanted: dict[int, list[str]] = defaultdict(list)
    for deadline, bodies, roles in (
        (law.BODY_REPORT, _pending_bodies, (Role.CLERK, Role.APPROVER)),
        (law.SUMMARY_REPORT, _pending_summaries, (Role.SUPERVISOR,)),
    ):
        left = law.reminder_due(deadline, year, today=today)
        if left is None:
            continue
        pending = bodies(year)
        result.bodies += len(pending)
        due = law.due_on(deadline, year)
        names = {body.pk: body.name for body in pending}
        members = Membership.objects.filter(
            body_id__in=names, role__in=roles, user__is_active=True
        ).values_list("user_id", "body_id")
        for user_id, body_id in members:
            line = (
                f"{names[body_id]}{year}年{deadline.label}应于{due.month}月{due.day}日前发布"
                f"（{deadline.article}），还有{left}天。"
            )
            if line not in wanted[user_id]:
                wanted[user_id].append(line)
    if not wanted:
        return result
    from gongkai.organizations.models import User

    users = {u.pk: u for u in User.objects.filter(pk__in=wanted)}
    for user_id, lines in wanted.items():
        try:
            with transaction.atomic():
                Notice.objects.create(
                    recipient_id=user_id,
                    kind=NoticeKind.REPORT_DUE,
                    day=today,
                    title=f"{year}年政府信息公开工作年度报告即将到期",
                    text="\n".join(lines),
                )
        except IntegrityError:  # already reminded today
            continue
        result.notices += 1
        user = users[user_id]
        if user.email:
            try:
                mail.EmailMessage(
                    subject=f"【提醒】{year}年政府信息公开工作年度报告即将到期",
                    body="\n".join(lines),
                    to=[user.email],
                ).send()
                result.emails += 1
            except OSError:
                logger.exception("report reminder e-mail failed", extra={"user": user_id})
    return result
