"""Writes of bodies, users and memberships: one function per state change, each in a transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record, audit_values
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
    actor: User | None = None,
) -> Body:
    """Create a body after validating every field; ``actor`` is recorded in the audit log."""
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
    audit_event_record(
        actor=actor,
        body=body,
        action=AuditAction.BODY_CREATE,
        instance=body,
        new_values=audit_values(body, sorted(BODY_FIELDS)),
    )
    return body


@transaction.atomic
def body_update(*, body: Body, changes: dict[str, object], actor: User | None = None) -> Body:
    """Change some fields of a body; a body may not move below itself."""
    unknown = set(changes) - BODY_FIELDS
    if unknown:
        raise ValueError(f"unknown body fields: {sorted(unknown)}")
    body = Body.objects.select_for_update().get(pk=body.pk)
    parent = changes.get("parent")
    if isinstance(parent, Body) and parent.pk in body_subtree_ids(body=body):
        raise ValidationError({"parent": "上级机关不能是本机关或其下级机关。"})
    old_values = audit_values(body, sorted(changes))
    for field, value in changes.items():
        setattr(body, field, value)
    body.full_clean()
    body.save()
    new_values = audit_values(body, sorted(changes))
    changed = [field for field in sorted(changes) if old_values[field] != new_values[field]]
    if changed:
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.BODY_UPDATE,
            instance=body,
            old_values={field: old_values[field] for field in changed},
            new_values={field: new_values[field] for field in changed},
        )
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
def membership_grant(
    *, user: User, body: Body, role: Role | str, actor: User | None = None
) -> Membership:
    """Give ``user`` a role in ``body`` (no-op, and no audit event, when already held)."""
    membership, created = Membership.objects.get_or_create(user=user, body=body, role=Role(role))
    if created:
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.MEMBERSHIP_GRANT,
            instance=membership,
            new_values=_membership_values(membership),
        )
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User | None = None) -> None:
    """Take a role away."""
    audit_event_record(
        actor=actor,
        body=membership.body,
        action=AuditAction.MEMBERSHIP_REVOKE,
        instance=membership,
        old_values=_membership_values(membership),
    )
    membership.delete()


def _membership_values(membership: Membership) -> dict[str, object]:
    return {
        "user": membership.user.username,
        "body": membership.body.name,
        "role": str(membership.role),
    }
