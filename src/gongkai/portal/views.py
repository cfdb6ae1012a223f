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
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from gongkai.annual_reports.views_public import annual_reports_part
from gongkai.organizations.models import Body
from gongkai.portal.feeds import BodyFeed
from gongkai.portal.parts import PARTS, PARTS_BY_SLUG
from gongkai.portal.selectors import (
    HOME_DEPARTMENTS_AT_MOST,
    ITEM_ARTICLES,
    ITEM_LABELS,
    LIST_KINDS,
    CatalogueFilters,
    body_pages,
    catalogue_groups,
    catalogue_page,
    directory_version,
    page_versions,
    public_attachment_get,
    public_item_get,
    public_item_links,
    region_get,
    regions_with_bodies,
)
from gongkai.publications.models import BodyPageKind, Status, TopicCategory, Validity

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


def _query_none(request: HttpRequest) -> object:
    return None


def _cached(view: View, query: Callable[[HttpRequest], object]) -> View:
    """Serve ``view``'s page to anonymous visitors from the cache (see ``public_page``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, **kwargs)
        body_id = kwargs.get("body_id")
        if isinstance(body_id, int):  # a body's page: both versions in one query
            version, content_version = page_versions(body_id=body_id)
            setattr(request, VERSION_ATTRIBUTE, version)
        else:
            version, content_version = _version(request), ""
        if version is None:  # the version row is gone (a flushed database): no caching
            return view(request, **kwargs)
        key = _key(
            "page", version, content_version, view.__name__, sorted(kwargs.items()), query(request)
        )
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, **kwargs)
        if response.status_code == 200 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        return response

    return wrapper


def public_page(view: View) -> View:
    """Serve ``view``'s page to anonymous visitors from the cache, per directory version.

    Only 200 answers are kept, under the view's name and arguments (not the raw path, so odd
    spellings of a URL cannot fill the cache), and never a page that asked for a CSRF token. A
    page of one body's 专栏 is also keyed by the body's content version (``BodyVersion``), which
    the publications services change in the transaction that publishes, withdraws or edits.
    """
    return _cached(view, _query_none)


def _filters_key(request: HttpRequest) -> object:
    return CatalogueFilters.from_query(request.GET)


def public_list_page(view: View) -> View:
    """``public_page`` for the catalogue: keyed also by its parsed filters (junk dropped)."""
    return _cached(view, _filters_key)


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


def _body(body_id: int) -> Body:
    found: Body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    return found


@require_safe
@public_page
def column_part(request: HttpRequest, body_id: int, part: str) -> HttpResponse:
    """One standard part of a body's 专栏, filled from the records.

    指南 and 制度: the page the body wrote, else a default marked as such; 法定主动公开内容: the
    第二十条 items with their counts and the latest items; 依申请公开: the forms' links; 年报: the
    published annual reports (``annual_reports.views_public``).
    """
    if part not in PARTS_BY_SLUG:
        raise Http404("没有这个栏目。")
    body = _body(body_id)
    context: dict[str, Any] = {"body": body, "parts": PARTS, "part": PARTS_BY_SLUG[part]}
    if part in BodyPageKind.values:
        context["page"] = body_pages(body_id=body.pk).get(part)
        context["kind"] = BodyPageKind(part)
        context["items"] = catalogue_groups(body_id=body.pk, body_kind=body.kind)
        context["topics"] = _topics(body.pk)
        return render(request, "portal/part_page.html", context)
    if part == "proactive":
        context["groups"] = catalogue_groups(body_id=body.pk, body_kind=body.kind)
        context["latest"] = catalogue_page(body_id=body.pk, filters=CatalogueFilters())
        context["kinds"] = LIST_KINDS
        return render(request, "portal/part_proactive.html", context)
    if part == "annual-reports":
        return annual_reports_part(request, body)
    return render(request, "portal/part.html", context)


def _topics(body_id: int) -> list[TopicCategory]:
    return list(TopicCategory.objects.filter(body_id=body_id).order_by("order", "name", "pk"))


@require_safe
@public_list_page
def catalogue(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's published items, 20 a page, filtered by GET parameters (no JavaScript)."""
    body = _body(body_id)
    filters = CatalogueFilters.from_query(request.GET)
    page = catalogue_page(body_id=body.pk, filters=filters)
    if page.too_deep:
        raise Http404("页码过大，请使用筛选条件缩小范围。")
    if filters.kind:
        title = LIST_KINDS[filters.kind]
    elif filters.item == "none":
        title = "其他主动公开信息"
    elif filters.item:
        title = ITEM_LABELS[filters.item]
    else:
        title = "政府信息公开目录"
    context = {
        "body": body,
        "parts": PARTS,
        "part": PARTS_BY_SLUG["proactive"],
        "page": page,
        "filters": filters,
        "title": title,
        "article": ITEM_ARTICLES.get(filters.item, ""),
        "topics": _topics(body.pk),
        "groups": catalogue_groups(body_id=body.pk, body_kind=body.kind),
        "years": range(timezone.localdate().year, timezone.localdate().year - 15, -1),
        "validities": Validity.values,
        "kinds": LIST_KINDS,
    }
    return render(request, "portal/catalogue.html", context)


@require_safe
@public_page
def item(request: HttpRequest, body_id: int, publication_id: int) -> HttpResponse:
    """A published item with its 目录 fields, text, files and 政策解读 (410 once withdrawn)."""
    found = public_item_get(body_id=body_id, publication_id=publication_id)
    if found is None or found.status not in (Status.PUBLISHED, Status.WITHDRAWN):
        raise Http404("没有这条信息。")
    if found.status == Status.PUBLISHED and not found.on_website:
        raise Http404("没有这条信息。")
    context: dict[str, Any] = {"body": found.body, "parts": PARTS, "item": found}
    if found.status == Status.WITHDRAWN:
        return render(request, "portal/item_withdrawn.html", context, status=410)
    context["links"] = public_item_links(publication=found)
    context["article_label"] = ITEM_LABELS.get(found.article_item, "")
    context["successor_public"] = (
        found.successor is not None
        and found.successor.status == Status.PUBLISHED
        and found.successor.on_website
    )
    return render(request, "portal/item.html", context)


@require_safe
def attachment(
    request: HttpRequest, body_id: int, publication_id: int, attachment_id: int
) -> FileResponse:
    """A file of a published item, under its original name and sniffed type, never sniffed again."""
    found = public_attachment_get(
        body_id=body_id, publication_id=publication_id, attachment_id=attachment_id
    )
    if found is None:
        raise Http404("没有这个附件。")
    response = FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
    response["Content-Type"] = found.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@public_page
def feed(request: HttpRequest, body_id: int) -> HttpResponse:
    """The body's Atom feed (Django's syndication framework), cached like the pages."""
    return BodyFeed()(request, body_id=body_id)
