"""The audit log page: read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.audit.selectors import audit_body_ids_for_user, audit_events_for_user
from gongkai.organizations.models import User


@require_safe
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The newest events of the bodies the user administers or supervises."""
    assert isinstance(request.user, User)
    body_ids = audit_body_ids_for_user(user=request.user)
    if body_ids is not None and not body_ids:
        raise PermissionDenied
    events = audit_events_for_user(body_ids=body_ids)
    return render(request, "audit/event_list.html", {"events": events})
