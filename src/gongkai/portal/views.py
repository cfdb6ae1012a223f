"""Public pages: the home page and each body's 政府信息公开专栏."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from gongkai.organizations.models import Body
from gongkai.portal.parts import PARTS, PARTS_BY_SLUG
from gongkai.portal.selectors import regions_with_bodies


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Every body on the platform, grouped by region."""
    return render(request, "portal/home.html", {"regions": regions_with_bodies()})


@require_safe
def column(request: HttpRequest, body_id: int) -> HttpResponse:
    """A body's 政府信息公开专栏: its contact block and its standard parts."""
    body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    return render(request, "portal/column.html", {"body": body, "parts": PARTS})


@require_safe
def column_part(request: HttpRequest, body_id: int, part: str) -> HttpResponse:
    """One standard part of a body's 专栏 (a placeholder until its issue fills it)."""
    if part not in PARTS_BY_SLUG:
        raise Http404("没有这个栏目。")
    body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    context = {"body": body, "parts": PARTS, "part": PARTS_BY_SLUG[part]}
    return render(request, "portal/part.html", context)
