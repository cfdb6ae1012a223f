"""Template filter telling the workspace home whether to link to the supervision dashboard."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from gongkai.organizations.models import Membership, Role

register = template.Library()


@register.filter
def holds_supervisor_role(memberships: Iterable[Membership]) -> bool:
    """Whether any of these (already loaded) memberships is a 监督员 role: no query."""
    return any(membership.role == Role.SUPERVISOR for membership in memberships)
