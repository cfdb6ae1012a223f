"""Writes of bodies, users and memberships: one function per state change, each in a transaction."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record, audit_values
from gongkai.organizations.imports import POSTCODE, POSTCODE_MESSAGE, ImportPlan, Outcome
from gongkai.organizations.models import Body, BodyKind, Membership, Role, User
from gongkai.organizations.selectors import body_subtree_ids

BODY_EDITABLE_FIELDS = (
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
)
"""The fields of a body a person may set, in the order forms show them."""
BODY_FIELDS = frozenset(BODY_EDITABLE_FIELDS)
STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"


class BodyChangedError(Exception):
    """The body was changed by someone else since the editor loaded it."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE)


def _body_full_clean(body: Body) -> None:
    """Django's validation plus the 6-digit postcode rule."""
    errors: dict[str, list[str]] = {}
    try:
        body.full_clean()
    except ValidationError as error:
        errors = {field: list(messages) for field, messages in error.message_dict.items()}
    if body.postcode and not POSTCODE.fullmatch(body.postcode):
        errors.setdefault("postcode", []).append(POSTCODE_MESSAGE)
    if errors:
        raise ValidationError(errors)


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
    _body_full_clean(body)
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
def body_update(
    *,
    body: Body,
    changes: dict[str, object],
    actor: User | None = None,
    expected_updated_at: datetime | None = None,
) -> Body:
    """Change some fields of a body; a body may not move below itself.

    With ``expected_updated_at`` (the ``updated_at`` the editor saw) a body changed since then is
    left alone and ``BodyChangedError`` is raised, so one editor never overwrites another's save.
    """
    unknown = set(changes) - BODY_FIELDS
    if unknown:
        raise ValueError(f"unknown body fields: {sorted(unknown)}")
    body = Body.objects.select_for_update().get(pk=body.pk)
    if expected_updated_at is not None and body.updated_at != expected_updated_at:
        raise BodyChangedError
    parent = changes.get("parent")
    if isinstance(parent, Body) and parent.pk in body_subtree_ids(body=body):
        raise ValidationError({"parent": "上级机关不能是本机关或其下级机关。"})
    old_values = audit_values(body, sorted(changes))
    for field, value in changes.items():
        setattr(body, field, value)
    _body_full_clean(body)
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


USER_AUDIT_FIELDS = ("username", "full_name", "email")


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    actor: User | None = None,
    body: Body | None = None,
) -> User:
    """Create a staff user; ``password=None`` leaves the account without a usable password.

    With an ``actor`` an audit event is written (never the password), filed under ``body``: the
    body in whose people list the user was created, so that body's administrators can read it.
    """
    user = User(username=username, full_name=full_name, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    if actor is not None:
        audit_event_record(
            actor=actor,
            body=body,
            action=AuditAction.USER_CREATE,
            instance=user,
            new_values=audit_values(user, USER_AUDIT_FIELDS),
        )
    return user


@transaction.atomic
def user_create_in_body(
    *,
    body: Body,
    role: Role | str,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    actor: User | None = None,
) -> Membership:
    """Create a user and give it its first role in ``body``, both or neither."""
    user = user_create(
        username=username,
        password=password,
        full_name=full_name,
        email=email,
        actor=actor,
        body=body,
    )
    return membership_grant(user=user, body=body, role=role, actor=actor)


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


@transaction.atomic
def body_import_apply(*, plan: ImportPlan, actor: User | None = None) -> dict[Outcome, int]:
    """Carry out a checked import plan in one transaction: every row or none.

    Each body goes through ``body_create``/``body_update``, so every change is validated again
    and audited with ``actor``; a ``ValidationError`` (the data changed since the check) undoes
    the whole import.
    """
    if not plan.ok:
        raise ValueError("an import plan with errors cannot be applied")
    parent_ids = {row.parent_id for row in plan.rows if row.parent_id is not None}
    parents = Body.objects.in_bulk(parent_ids)
    created: dict[int, Body] = {}
    for row in plan.rows:
        if row.outcome == Outcome.CREATE:
            parent = (
                created[row.parent_line]
                if row.parent_line is not None
                else parents[row.parent_id]
                if row.parent_id is not None
                else None
            )
            created[row.line] = body_create(parent=parent, actor=actor, **row.values)
        elif row.outcome == Outcome.UPDATE:
            assert row.body_id is not None
            body_update(body=Body(pk=row.body_id), changes=row.changes, actor=actor)
    return {outcome: plan.count(outcome) for outcome in Outcome}
