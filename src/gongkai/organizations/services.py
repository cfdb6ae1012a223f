"""Writes of bodies, users and memberships: one function per state change, each in a transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.organizations.models import Body, BodyKind, Membership, Role, User
from gongkai.organizations.selectors import body_subtree_ids

BODY_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "kind",
        "parent",
        "division",
        "address",
        "phone",
        "postcode",
        "website",
        "has_regulation_power",
    }
)


@transaction.atomic
def body_create(
    *,
    name: str,
    kind: BodyKind | str,
    parent: Body | None = None,
    short_name: str = "",
    division: str = "",
    address: str = "",
    phone: str = "",
    postcode: str = "",
    website: str = "",
    has_regulation_power: bool = False,
) -> Body:
    """Create a body after validating every field."""
    body = Body(
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        division=division,
        address=address,
        phone=phone,
        postcode=postcode,
        website=website,
        has_regulation_power=has_regulation_power,
    )
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_update(*, body: Body, changes: dict[str, object]) -> Body:
    """Change some fields of a body; a body may not move below itself."""
    unknown = set(changes) - BODY_FIELDS
    if unknown:
        raise ValueError(f"unknown body fields: {sorted(unknown)}")
    body = Body.objects.select_for_update().get(pk=body.pk)
    parent = changes.get("parent")
    if isinstance(parent, Body) and parent.pk in body_subtree_ids(body=body):
        raise ValidationError({"parent": "上级机关不能是本机关或其下级机关。"})
    for field, value in changes.items():
        setattr(body, field, value)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def user_create(
    *, username: str, password: str | None, full_name: str = "", email: str = ""
) -> User:
    """Create a staff user; ``password=None`` leaves the account without a usable password."""
    user = User(username=username, full_name=full_name, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def membership_grant(*, user: User, body: Body, role: Role | str) -> Membership:
    """Give ``user`` a role in ``body`` (no-op when already held)."""
    membership, _ = Membership.objects.get_or_create(user=user, body=body, role=Role(role))
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership) -> None:
    """Take a role away."""
    membership.delete()
