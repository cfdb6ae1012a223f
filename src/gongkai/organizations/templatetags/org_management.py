"""Template tags telling whether to show links to the body management screens."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from gongkai.organizations.models import Body, Membership, Role, User
from gongkai.organizations.selectors import body_ids_managed_by, body_may_manage

register = template.Library()


@register.filter
def holds_admin_role(memberships: Iterable[Membership]) -> bool:
    """Whether any of these (already loaded) memberships is a 机关管理员 role: no query."""
    return any(membership.role == Role.BODY_ADMIN for membership in memberships)


@register.simple_tag
def may_manage_body(user: object, body: Body) -> bool:
    """Whether ``user`` may edit ``body`` and its people."""
    if not isinstance(user, User):
        return False
    return body_may_manage(managed_ids=body_ids_managed_by(user=user), body_id=body.pk)
