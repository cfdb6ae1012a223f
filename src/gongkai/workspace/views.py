"""Workspace pages: every view checks the user's right to the body through a selector."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.annual_reports.services_collect import may_collect
from gongkai.applications.notifications import (
    NOTICES_SHOWN,
    notice_list_for_user,
    notice_unread_count,
    overdue_counts_for_supervisor,
)
from gongkai.applications.services import clock_today
from gongkai.organizations.models import Role, User
from gongkai.organizations.selectors import body_get_for_user
from gongkai.publications.notices import awaiting_for_user
from gongkai.workspace.panels import PANELS
from gongkai.workspace.selectors import workspace_bodies, workspace_roles


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The bodies the user may act for, with the user's roles."""
    user = _user(request)
    roles = list(workspace_roles(user=user))
    audit_roles = [m for m in roles if m.role in (Role.BODY_ADMIN, Role.SUPERVISOR)]
    context = {
        "bodies": workspace_bodies(user=user),
        "roles": roles,
        "audit_roles": audit_roles,
        "notices": list(notice_list_for_user(user=user)[:NOTICES_SHOWN]),
        "unread": notice_unread_count(user=user),
        "overdue_rows": overdue_counts_for_supervisor(user=user, today=clock_today()),
        "awaiting": awaiting_for_user(user=user, memberships=roles),
    }
    return render(request, "workspace/index.html", context)


@require_safe
@login_required
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    """One body's workspace page: its panels, with the links the user's roles open."""
    user = _user(request)
    body = body_get_for_user(user=user, body_id=body_id)
    context = {"body": body, "panels": PANELS, "may_collect": may_collect(user=user, body=body)}
    return render(request, "workspace/body.html", context)
