"""Writing audit events; called by other services inside their own transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.organizations.models import Body, User


def audit_values(instance: Model, fields: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """JSON-ready values of ``fields`` (foreign keys as their ids)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)  # type: ignore[union-attr]
        values[name] = value if isinstance(value, str | int | bool | None) else str(value)
    return values


def audit_event_record(
    *,
    actor: User | None,
    body: Body | None,
    action: AuditAction,
    instance: Model,
    old_values: dict[str, Any] | None = None,
    new_values: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event about ``instance`` (the caller's transaction makes it all-or-nothing)."""
    return AuditEvent.objects.create(
        actor=actor,
        body=body,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        old_values=old_values or {},
        new_values=new_values or {},
    )
