"""Who may read which audit events: a body's 机关管理员, and 监督员 over its subtree."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.audit.models import AuditEvent
from gongkai.organizations.models import Membership, Role, User
from gongkai.organizations.selectors import body_subtree_ids

AUDIT_PAGE_SIZE = 200


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


def audit_events_for_user(*, body_ids: set[int] | None) -> QuerySet[AuditEvent]:
    """The newest events of the given bodies (``None``: all), with actor and body."""
    events = AuditEvent.objects.select_related("actor", "body")
    if body_ids is not None:
        events = events.filter(body_id__in=body_ids)
    return events.order_by("-at", "-id")[:AUDIT_PAGE_SIZE]
