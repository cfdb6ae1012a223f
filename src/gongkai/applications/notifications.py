"""In-app notices (我的提醒) and the supervisors' overdue counts, shown on /workspace/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.utils import timezone

from gongkai.applications.models import OPEN_STATUSES, Application, Notice
from gongkai.organizations.models import Body, Membership, Role, User
from gongkai.organizations.selectors import bodies_subtree_ids

NOTICES_SHOWN = 20


def notice_list_for_user(*, user: User) -> QuerySet[Notice]:
    """The user's latest notices, unread first (the page shows ``NOTICES_SHOWN``)."""
    return (
        Notice.objects.filter(recipient=user)
        .select_related("application")
        .order_by("-read_at", "-day", "-id")
    )


def notice_unread_count(*, user: User) -> int:
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count()


def notice_mark_read(*, user: User, notice_id: int | None = None) -> int:
    """Mark one of the user's notices (or all of them) read; the number of rows changed.

    Another person's notice and a missing one give the same ``PermissionDenied``.
    """
    notices = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notice_id is not None:
        if not Notice.objects.filter(pk=notice_id, recipient=user).exists():
            raise PermissionDenied
        notices = notices.filter(pk=notice_id)
    return notices.update(read_at=timezone.now())


@dataclass(frozen=True)
class OverdueRow:
    body: Body
    overdue: int


def overdue_counts_for_supervisor(*, user: User, today: date) -> list[OverdueRow]:
    """Overdue open cases per body of the subtrees the user supervises (监督员), most first.

    One aggregate query over the cases (the subtree walk is one query per tree level).
    """
    roots = set(
        Membership.objects.filter(user=user, role=Role.SUPERVISOR).values_list("body_id", flat=True)
    )
    if not roots or not user.is_active:
        return []
    ids = bodies_subtree_ids(root_ids=roots)
    counts = (
        Application.objects.filter(body_id__in=ids, status__in=OPEN_STATUSES, due_on__lt=today)
        .values("body_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_body = {row["body_id"]: row["n"] for row in counts}
    bodies = Body.objects.filter(pk__in=by_body).only("pk", "name")
    rows = [OverdueRow(body, by_body[body.pk]) for body in bodies]
    return sorted(rows, key=lambda row: (-row.overdue, row.body.name))
