"""Reads of bodies: subtrees and what a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet

from gongkai.organizations.models import Body, Membership, Role, User


def body_subtree_ids(*, body: Body) -> set[int]:
    """Ids of ``body`` and every body below it (one query per level of the tree)."""
    return bodies_subtree_ids(root_ids={body.pk})


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


def body_get_for_user_with_roles(*, user: User, body_id: int) -> tuple[Body, frozenset[str]]:
    """``body_get_for_user`` and the roles ``user`` holds in exactly that body, read together.

    The memberships that decide whether the user may see the body also say which roles it holds
    there, and for a body's own staff carry the body itself: one query instead of three on a
    staff page (the work queue).
    """
    if not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        body = body_get_for_user(user=user, body_id=body_id)
        held = Membership.objects.filter(user=user, body=body).values_list("role", flat=True)
        return body, frozenset(held)
    memberships = list(Membership.objects.filter(user=user).select_related("body__parent"))
    roles = frozenset(m.role for m in memberships if m.body_id == body_id)
    if roles:
        own = next(m.body for m in memberships if m.body_id == body_id)
        return own, roles
    supervised = {m.body_id for m in memberships if m.role == Role.SUPERVISOR}
    if body_id not in bodies_subtree_ids(root_ids=supervised):
        raise PermissionDenied
    supervised_body = Body.objects.filter(pk=body_id).select_related("parent").first()
    if supervised_body is None:
        raise PermissionDenied
    return supervised_body, roles


# Managing bodies (机关管理): a superuser manages every body; a 机关管理员 manages the subtree
# below each body where it holds that role; nobody else manages anything. Every management
# screen, the import and the command ask these functions, and nothing else, who may do what.


def bodies_subtree_ids(*, root_ids: set[int]) -> set[int]:
    """Ids of the bodies in ``root_ids`` and every body below them (one query per tree level)."""
    ids = set(root_ids)
    level = list(root_ids)
    while level:
        level = [
            pk
            for pk in Body.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in ids
        ]
        ids.update(level)
    return ids


def body_ids_managed_by(*, user: User) -> set[int] | None:
    """Ids of the bodies ``user`` may manage; ``None`` means every body (superuser)."""
    if not user.is_active:
        return set()
    if user.is_superuser:
        return None
    roots = set(
        Membership.objects.filter(user=user, role=Role.BODY_ADMIN).values_list("body_id", flat=True)
    )
    return bodies_subtree_ids(root_ids=roots) if roots else set()


def body_may_manage(*, managed_ids: set[int] | None, body_id: int | None) -> bool:
    """Whether a body may be changed, created under (``body_id`` as parent) or staffed.

    ``body_id=None`` stands for the top of the tree, which only a superuser manages.
    """
    if managed_ids is None:
        return True
    return body_id is not None and body_id in managed_ids


def user_may_manage_bodies(*, user: User) -> bool:
    """Whether ``user`` may open the management screens at all."""
    managed = body_ids_managed_by(user=user)
    return managed is None or bool(managed)


def bodies_managed_by(*, managed_ids: set[int] | None) -> QuerySet[Body]:
    """The bodies in ``managed_ids`` (``None``: all), by name."""
    bodies = Body.objects.all() if managed_ids is None else Body.objects.filter(pk__in=managed_ids)
    return bodies.order_by("name", "pk")


def body_get_for_manager(*, user: User, body_id: int) -> tuple[Body, set[int] | None]:
    """The body ``body_id`` and the user's managed ids, if ``user`` may manage the body.

    ``PermissionDenied`` otherwise; a missing body gives the same answer as a forbidden one.
    """
    managed = body_ids_managed_by(user=user)
    if not body_may_manage(managed_ids=managed, body_id=body_id):
        raise PermissionDenied
    body = Body.objects.filter(pk=body_id).select_related("parent").first()
    if body is None:
        raise PermissionDenied
    return body, managed


@dataclass(frozen=True)
class BodyTreeNode:
    """One body of the management tree, its depth below the shown root, and its people count."""

    body: Body
    depth: int
    people: int


def body_tree_for_manager(*, managed_ids: set[int] | None) -> list[BodyTreeNode]:
    """The managed bodies in tree order (children by name), each with its count of people.

    One query whatever the number of bodies: the tree is put together in Python.
    """
    annotated = bodies_managed_by(managed_ids=managed_ids).annotate(
        people=Count("memberships__user", distinct=True)
    )
    people = {body.pk: body.people for body in annotated}
    bodies: list[Body] = list(annotated)
    bodies.sort(key=lambda body: (body.name, body.pk))  # the same order on every database
    present = {body.pk for body in bodies}
    children: dict[int | None, list[Body]] = {}
    for body in bodies:
        parent = body.parent_id if body.parent_id in present else None
        children.setdefault(parent, []).append(body)
    nodes: list[BodyTreeNode] = []
    stack: list[tuple[Body, int]] = [(body, 0) for body in reversed(children.get(None, []))]
    while stack:
        body, depth = stack.pop()
        nodes.append(BodyTreeNode(body=body, depth=depth, people=people[body.pk]))
        stack.extend((child, depth + 1) for child in reversed(children.get(body.pk, [])))
    return nodes


def body_people(*, body: Body) -> QuerySet[Membership]:
    """The memberships of ``body`` with their users, by user then role."""
    return (
        Membership.objects.filter(body=body)
        .select_related("user")
        .order_by("user__username", "role", "pk")
    )


def membership_get_for_manager(*, user: User, membership_id: int) -> Membership:
    """The membership ``membership_id`` if ``user`` may manage its body; 403 otherwise."""
    membership = Membership.objects.filter(pk=membership_id).select_related("user", "body").first()
    managed = body_ids_managed_by(user=user)
    if membership is None or not body_may_manage(managed_ids=managed, body_id=membership.body_id):
        raise PermissionDenied
    return membership
