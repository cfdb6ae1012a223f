"""Marking the signed-in person's notices (我的提醒) read; the list itself is on /workspace/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongkai.applications.notifications import notice_mark_read
from gongkai.organizations.models import User


@require_POST
@login_required
def notices_read(request: HttpRequest) -> HttpResponse:
    """Mark one notice (``notice`` in the form) or all of the user's notices read."""
    assert isinstance(request.user, User)
    raw = request.POST.get("notice", "")
    notice_id = int(raw) if raw.isdigit() else None
    notice_mark_read(user=request.user, notice_id=notice_id)
    return redirect("workspace:index")
