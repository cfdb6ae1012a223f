"""Public pages: the home page, each region's bodies, and each body's 政府信息公开专栏.

What these pages show changes only when a body is saved or deleted, and every such write gives
the directory a new version (``signals.py``). So for anonymous visitors — nearly every visitor of
a public portal — each page is rendered once per version and then served from Django's cache at
the price of one query (the version read). Signed-in staff see their own header and get the page
rendered afresh, but the body lists of the home and region pages (5,000 bodies are many) still come
from the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from gongkai.organizations.models import Body
from gongkai.portal.parts import PARTS, PARTS_BY_SLUG
from gongkai.portal.selectors import (
    HOME_DEPARTMENTS_AT_MOST,
    directory_version,
    region_get,
    regions_with_bodies,
)

CACHE_SECONDS = 24 * 60 * 60
VERSION_ATTRIBUTE = "_gongkai_directory_version"
View = Callable[..., HttpResponse]


def _key(*parts: object) -> str:
    """A cache key safe for every backend (no spaces, no CJK, bounded length)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    return f"portal:{digest}"


def _version(request: HttpRequest) -> str | None:
    """The directory version, read once per request."""
    if not hasattr(request, VERSION_ATTRIBUTE):
        setattr(request, VERSION_ATTRIBUTE, directory_version())
    version: str | None = getattr(request, VERSION_ATTRIBUTE)
    return version


def public_page(view: View) -> View:
    """Serve ``view``'s page to anonymous visitors from the cache, per directory version.

    Only 200 answers are kept, under the view's name and arguments (not the raw path, so odd
    spellings of a URL cannot fill the cache), and never a page that asked for a CSRF token.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, **kwargs)
        version = _version(request)
        if version is None:  # the version row is gone (a flushed database): no caching
            return view(request, **kwargs)
        key = _key("page", version, view.__name__, sorted(kwargs.items()))
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, **kwargs)
        if response.status_code == 200 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.set(key, response.content, CACHE_SECONDS)
        return response

    return wrapper


def _cached_fragment(
    request: HttpRequest, build: Callable[[], str | None], *key: object
) -> SafeString | None:
    """The HTML ``build`` returns, cached under ``key`` and the current directory version."""
    version = _version(request)
    if version is None:
        html = build()
    else:
        full_key = _key("fragment", version, *key)
        html = cache.get(full_key)
        if html is None:
            html = build()
            cache.set(full_key, html, CACHE_SECONDS)
    return None if html is None else mark_safe(html)


@require_safe
@public_page
def home(request: HttpRequest) -> HttpResponse:
    """Regions, each with its top bodies and the bodies directly below them."""

    def build() -> str:
        regions = regions_with_bodies()
        total = sum(region.count for region in regions)
        context = {"regions": regions, "total": total, "at_most": HOME_DEPARTMENTS_AT_MOST}
        return render_to_string("portal/home_directory.html", context)

    return render(
        request, "portal/home.html", {"directory": _cached_fragment(request, build, "home")}
    )


@require_safe
@public_page
def region(request: HttpRequest, name: str) -> HttpResponse:
    """Every body of one region, as trees."""

    def build() -> str | None:
        found = region_get(name=name)
        if found is None:
            return None
        return render_to_string("portal/region_tree.html", {"region": found})

    tree = _cached_fragment(request, build, "region", name)
    if tree is None:
        raise Http404("没有这个地区。")
    return render(request, "portal/region.html", {"name": name, "tree": tree})


@require_safe
@public_page
def column(request: HttpRequest, body_id: int) -> HttpResponse:
    """A body's 政府信息公开专栏: its contact block and its standard parts (one query)."""
    body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    return render(request, "portal/column.html", {"body": body, "parts": PARTS})


@require_safe
@public_page
def column_part(request: HttpRequest, body_id: int, part: str) -> HttpResponse:
    """One standard part of a body's 专栏 (a placeholder until its issue fills it)."""
    if part not in PARTS_BY_SLUG:
        raise Http404("没有这个栏目。")
    body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    context = {"body": body, "parts": PARTS, "part": PARTS_BY_SLUG[part]}
    return render(request, "portal/part.html", context)
