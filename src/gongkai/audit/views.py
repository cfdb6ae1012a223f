"""The audit log page: read-only, filtered and paged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongkai.audit.forms import AuditFilterForm
from gongkai.audit.selectors import (
    AUDIT_PAGE_SIZE,
    audit_body_choices,
    audit_body_ids_for_user,
    audit_events_for_user,
)
from gongkai.organizations.models import User


@require_safe
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    """The events of the bodies the user administers or supervises, newest first."""
    assert isinstance(request.user, User)
    body_ids = audit_body_ids_for_user(user=request.user)
    if body_ids is not None and not body_ids:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None, bodies=audit_body_choices(body_ids=body_ids))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events_for_user(
        body_ids=body_ids,
        body_id=filters.get("body"),
        action=filters.get("action", ""),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    if form.is_bound and not form.is_valid():
        events = events.none()
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "events": page.object_list, "query": query.urlencode()}
    return render(request, "audit/event_list.html", context)
