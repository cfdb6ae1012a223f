"""Public search pages: site-wide ``/search/``, per body ``/bodies/<id>/search/``, and the JSON
suggestions the application form asks for while the applicant types."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gongkai.applications import throttle
from gongkai.organizations.models import Body
from gongkai.portal.parts import PARTS
from gongkai.search.links import publication_url
from gongkai.search.selectors import (
    MAX_QUERY_CHARS,
    SearchPage,
    search_publications,
    suggest_publications,
)
from gongkai.web.proxy import client_ip

#: Suggestion requests per client address per hour (the form asks at most once per pause).
SUGGEST_LIMIT = 240
TOO_MANY = "请求过于频繁，请稍后再试。"


def _page_number(request: HttpRequest) -> int:
    raw = str(request.GET.get("page", "1"))
    return int(raw) if raw.isdigit() and 0 < len(raw) < 6 else 1


def _results(request: HttpRequest, body: Body | None) -> tuple[str, SearchPage | None]:
    query = str(request.GET.get("q", ""))[: MAX_QUERY_CHARS * 4]
    if "q" not in request.GET:
        return "", None
    found = search_publications(
        query=query,
        body_ids=None if body is None else [body.pk],
        page=_page_number(request),
    )
    return query, found


def _context(query: str, found: SearchPage | None, body: Body | None) -> dict[str, Any]:
    hits = [] if found is None else found.items
    return {
        "query": query,
        "found": found,
        "body": body,
        "parts": PARTS,
        "hits": [
            (item, publication_url(body_id=item.body_id, publication_id=item.publication_id))
            for item in hits
        ],
        "first_number": 1 if found is None else (found.page - 1) * found.per_page + 1,
    }


@require_safe
def search_site(request: HttpRequest) -> HttpResponse:
    """Search every body's published items."""
    query, found = _results(request, None)
    return render(request, "search/results.html", _context(query, found, None))


@require_safe
def search_body(request: HttpRequest, body_id: int) -> HttpResponse:
    """Search one body's published items, inside its 专栏."""
    body = get_object_or_404(Body.objects.select_related("parent"), pk=body_id)
    query, found = _results(request, body)
    return render(request, "search/results.html", _context(query, found, body))


@require_safe
def suggest(request: HttpRequest, body_id: int) -> JsonResponse:
    """Up to 5 published items of the body for the text typed so far (``q``)."""
    body = get_object_or_404(Body, pk=body_id)
    if not throttle.hit(kind="search_suggest", address=client_ip(request), limit=SUGGEST_LIMIT):
        return JsonResponse({"items": [], "message": TOO_MANY}, status=429)
    items = suggest_publications(body_id=body.pk, text=str(request.GET.get("q", "")))
    return JsonResponse(
        {
            "items": [
                {
                    "title": item.title,
                    "url": publication_url(
                        body_id=item.body_id, publication_id=item.publication_id
                    ),
                    "published_on": item.published_on.isoformat(),
                    "index_number": item.index_number,
                }
                for item in items
            ],
            "search_url": reverse("search:body", args=[body.pk]),
        },
        headers={"Cache-Control": "no-store"},
    )
