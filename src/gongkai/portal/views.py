"""Public pages: the home page, each region's bodies, and each body's 政府信息公开专栏.

The body lists (home page and region pages) are rendered once per directory version and kept
in Django's cache; a request then costs one query, the version read. A saved or deleted body
gives the directory a new version (``signals.py``), so the next request renders afresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from gongkai.organizations.models import Body
from gongkai.portal.parts import PARTS, PARTS_BY_SLUG
from gongkai.portal.selectors import (
    directory_version,
    region_get,
    regions_with_bodies,
)

CACHE_SECONDS = 24 * 60 * 60


def _cached_fragment(key: str, build: Callable[[], str | None]) -> SafeString | None:
    """The HTML ``build`` returns, cached under ``key`` and the current directory version."""
    version = directory_version()
    if version is None:  # the version row is gone (a flushed database): no caching
        html = build()
        return None if html is None else mark_safe(html)
    full_key = f"portal:{key}:{version}"
    html = cache.get(full_key)
    if html is None:
        html = build()
        cache.set(full_key, html, CACHE_SECONDS)
    return None if html is None else mark_safe(html)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Regions, each with its top bodies and the bodies directly below them."""

    def build() -> str:
        regions = regions_with_bodies()
        total = sum(region.count for region in regions)
        context = {"regions": regions, "total": total}
        return render_to_string("portal/home_directory.html", context)

    return render(request, "portal/home.html", {"directory": _cached_fragment("home", build)})


@require_safe
def region(request: HttpRequest, name: str) -> HttpResponse:
    """Every body of one region, as trees."""

    def build() -> str | None:
        found = region_get(name=name)
        if found is None:
            return None
        return render_to_string("portal/region_tree.html", {"region": found})

    digest = hashlib.sha256(name.encode()).hexdigest()[:32]
    tree = _cached_fragment(f"region:{digest}", build)
    if tree is None:
        raise Http404("没有这个地区。")
    return render(request, "portal/region.html", {"name": name, "tree": tree})


@require_safe
def column(request: HttpRequest, body_id: int) -> HttpResponse:
    """A body's 政府信息公开专栏: its contact block and its standard parts (one query)."""
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
