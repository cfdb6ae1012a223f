"""Who may read which audit events: a body's 机关管理员, and 监督员 over its subtree."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.organizations.models import Body, Membership, Role, User
from gongkai.organizations.selectors import body_subtree_ids

AUDIT_PAGE_SIZE = 50


def audit_body_ids_for_user(*, user: User) -> set[int] | None:
    """Ids of bodies whose events ``user`` may read; ``None`` means every body (superuser)."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return None
    ids: set[int] = set()
    roles = (Role.BODY_ADMIN, Role.SUPERVISOR)
    for membership in Membership.objects.filter(user=user, role__in=roles).select_related("body"):
        if membership.role == Role.SUPERVISOR:
            ids |= body_subtree_ids(body=membership.body)
        else:
            ids.add(membership.body_id)
    return ids


def audit_body_choices(*, body_ids: set[int] | None) -> list[tuple[int, str]]:
    """(id, name) of the bodies whose events may be read, by name, for the filter."""
    bodies = Body.objects.order_by("name")
    if body_ids is not None:
        bodies = bodies.filter(pk__in=body_ids)
    return list(bodies.values_list("pk", "name"))


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_events_for_user(
    *,
    body_ids: set[int] | None,
    body_id: int | None = None,
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events of the given bodies (``None``: all), newest first, narrowed by the filter.

    ``since`` and ``until`` are calendar days in the site's time zone, both included.
    """
    events = AuditEvent.objects.select_related("actor", "body")
    if body_ids is not None:
        events = events.filter(body_id__in=body_ids)
    if body_id is not None:
        events = events.filter(body_id=body_id)
    if action:
        events = events.filter(action=action)
    if since is not None:
        events = events.filter(at__gte=_day_start(since))
    if until is not None:
        events = events.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")
