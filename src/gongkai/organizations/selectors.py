"""Reads of bodies: subtrees and what a user may see."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from gongkai.organizations.models import Body, Membership, Role, User


def body_subtree_ids(*, body: Body) -> set[int]:
    """Ids of ``body`` and every body below it (one query per level of the tree)."""
    ids = {body.pk}
    level = [body.pk]
    while level:
        level = [
            pk
            for pk in Body.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in ids
        ]
        ids.update(level)
    return ids


def body_subtree(*, body: Body) -> QuerySet[Body]:
    """``body`` and every body below it."""
    return Body.objects.filter(pk__in=body_subtree_ids(body=body))


def bodies_visible_to(*, user: User) -> QuerySet[Body]:
    """Bodies whose staff pages ``user`` may see: own bodies, plus supervised subtrees."""
    if not user.is_active:
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.all()
    memberships = Membership.objects.filter(user=user).select_related("body")
    ids: set[int] = set()
    for membership in memberships:
        if membership.role == Role.SUPERVISOR:
            ids |= body_subtree_ids(body=membership.body)
        else:
            ids.add(membership.body_id)
    return Body.objects.filter(pk__in=ids)


def body_list() -> QuerySet[Body]:
    """Every body on the platform, by id."""
    return Body.objects.order_by("pk")


def body_may_act_for(*, user: User, body: Body) -> bool:
    """Whether ``user`` may open ``body``'s staff pages (own role, or a 监督员 above it)."""
    return bodies_visible_to(user=user).filter(pk=body.pk).exists()


def body_get_for_user(*, user: User, body_id: int) -> Body:
    """The body ``body_id`` if ``user`` may act for it; ``PermissionDenied`` otherwise.

    A body the user may not see and a body that does not exist give the same answer, so the
    response says nothing about other bodies.
    """
    body = bodies_visible_to(user=user).filter(pk=body_id).select_related("parent").first()
    if body is None:
        raise PermissionDenied
    return body
