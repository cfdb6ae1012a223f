"""Reads for the workspace."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.organizations.models import Body, Membership, User
from gongkai.organizations.selectors import bodies_visible_to


def workspace_bodies(*, user: User) -> QuerySet[Body]:
    """The bodies ``user`` may act for, with their parents, by name."""
    return bodies_visible_to(user=user).select_related("parent").order_by("name")


def workspace_roles(*, user: User) -> QuerySet[Membership]:
    """The user's own memberships, with their bodies."""
    return Membership.objects.filter(user=user).select_related("body").order_by("body__name")
