"""Public API of published 主动公开 items: the list with filters, one item, and search.

Only published items are ever read (drafts, items under review, 待发布, 已审定（不上网） and
withdrawn items answer exactly like unknown ids). Answers are public: ``Cache-Control: public``
with a short ``max-age`` and an ``ETag`` over the body, so a client's ``If-None-Match`` gets 304.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.cache import get_conditional_response, patch_cache_control

from gongkai.api import throttle
from gongkai.api.responses import json_error, json_ok
from gongkai.api.selectors import (
    PublicationFilters,
    publication_published_get,
    publications_published,
    publications_published_count,
)
from gongkai.api.views import RequestError, get_only
from gongkai.law.proactive import disclosure_item
from gongkai.publications.models import Publication, PublicationAttachment, Validity
from gongkai.search.selectors import TOTAL_CAP as SEARCH_TOTAL_CAP
from gongkai.search.selectors import SearchItem, search_publications
from gongkai.web.proxy import client_ip

#: Items per page of the list.
PAGE_SIZE = 50
#: The list counts no further than this; ``count_capped`` says when there are more. Pages beyond
#: the cap are not served (deep offsets are slow and no person reads them: filter instead).
COUNT_CAP = 10_000
#: How long shared caches and clients may keep a public answer.
MAX_AGE_SECONDS = 300
#: Longest accepted text filter.
TEXT_FILTER_MAX = 100
NOT_FOUND_PUBLICATION = "没有这条已发布的信息。"
#: Most bodies one search may name.
MAX_SEARCH_BODIES = 50


def _throttled(request: HttpRequest, kind: str) -> HttpResponse | None:
    """A 429 answer when the client address is over its hourly ``kind`` limit."""
    if throttle.hit(kind=kind, address=client_ip(request)):
        return None
    response = json_error(429, "rate_limited", "请求过于频繁，请稍后再试。")
    response["Retry-After"] = str(throttle.WINDOW_SECONDS)
    return response


def _public(request: HttpRequest, data: object) -> HttpResponse:
    """A cacheable JSON answer with an ``ETag``; 304 when the client already has it."""
    response = json_ok(data)
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
    conditional = get_conditional_response(request, etag=etag, response=response)
    return conditional if conditional is not None else response


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer :class:`RequestError` in the error shape."""

    def run(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except RequestError as error:
            return json_error(error.status, error.code, error.message)

    return run


# --- input ------------------------------------------------------------------------------------


def _integer(request: HttpRequest, name: str, label: str, *, low: int, high: int) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise RequestError("invalid", f"参数 {name}（{label}）应为{low}至{high}的整数。")
    return int(raw)


def _text(request: HttpRequest, name: str, label: str) -> str:
    value = request.GET.get(name, "").strip()
    if len(value) > TEXT_FILTER_MAX:
        raise RequestError("invalid", f"参数 {name}（{label}）过长。")
    return value


def _filters(request: HttpRequest) -> PublicationFilters:
    article_item = _text(request, "article_item", "公开事项")
    if article_item:
        try:
            disclosure_item(article_item)
        except KeyError:
            raise RequestError(
                "invalid", f"参数 article_item 应为公开事项的代码，如 20.1；没有“{article_item}”。"
            ) from None
    validity = _text(request, "validity", "有效性")
    if validity and validity not in Validity.values:
        raise RequestError("invalid", f"参数 validity 应为{'、'.join(Validity.values)}之一。")
    topic = _text(request, "topic", "主题分类")
    topic_id = int(topic) if topic.isascii() and topic.isdigit() and int(topic) < 2**31 else None
    return PublicationFilters(
        body_id=_integer(request, "body_id", "机关 id", low=1, high=2**31 - 1),
        year=_integer(request, "year", "发布年度", low=1949, high=9998),
        article_item=article_item,
        topic_id=topic_id,
        topic_name="" if topic_id is not None else topic,
        validity=validity,
        document_number=_text(request, "document_number", "文号"),
    )


def _page_number(request: HttpRequest) -> int:
    last = COUNT_CAP // PAGE_SIZE
    page = _integer(request, "page", "页码", low=1, high=last)
    return 1 if page is None else page


# --- output -----------------------------------------------------------------------------------


def _portal_path(name: str, kwargs: dict[str, int], fallback: str) -> str:
    """The portal's route when it exists, else the path agreed with the portal."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return fallback


def publication_path(publication: Publication) -> str:
    """The portal page of a published item (route ``portal:item``)."""
    return _item_path(publication.body_id, publication.pk)


def _item_path(body_id: int, publication_id: int) -> str:
    kwargs = {"body_id": body_id, "publication_id": publication_id}
    return _portal_path("portal:item", kwargs, f"/bodies/{body_id}/items/{publication_id}/")


def attachment_path(publication: Publication, attachment: PublicationAttachment) -> str:
    """The public download of an attachment (route ``portal:attachment``)."""
    kwargs = {
        "body_id": publication.body_id,
        "publication_id": publication.pk,
        "attachment_id": attachment.pk,
    }
    fallback = f"{publication_path(publication)}attachments/{attachment.pk}/"
    return _portal_path("portal:attachment", kwargs, fallback)


def _article_item(code: str) -> dict[str, str] | None:
    if not code:
        return None
    try:
        label = disclosure_item(code).label
    except KeyError:  # a code the law data no longer has: still shown as stored
        label = code
    return {"code": code, "label": label}


def _item(request: HttpRequest, publication: Publication) -> dict[str, Any]:
    topic = publication.topic
    return {
        "id": publication.pk,
        "index_number": publication.index_number,
        "title": publication.title,
        "body": {"id": publication.body_id, "name": publication.body.name},
        "issuer": publication.issuer,
        "written_on": _iso(publication.written_on),
        "published_on": _iso(publication.published_on),
        "document_number": publication.document_number,
        "topic": {"id": topic.pk, "name": topic.name} if topic is not None else None,
        "article_item": _article_item(publication.article_item),
        "validity": publication.validity,
        "url": request.build_absolute_uri(publication_path(publication)),
        "attachments": [
            {
                "name": attachment.name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "url": request.build_absolute_uri(attachment_path(publication, attachment)),
            }
            for attachment in publication.attachments.all()
        ],
    }


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _page_link(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    pairs = [(key, value) for key, values in query.lists() for value in values]
    return request.build_absolute_uri(f"{request.path}?{urlencode(pairs)}")


# --- endpoints --------------------------------------------------------------------------------


@get_only
@_guarded
def publication_list(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/publications``: published items, newest first, 50 a page."""
    refused = _throttled(request, "read")
    if refused is not None:
        return refused
    filters = _filters(request)
    page = _page_number(request)
    items = publications_published(filters=filters)
    count = publications_published_count(items=items, cap=COUNT_CAP)
    capped = count > COUNT_CAP
    pages = max(1, math.ceil(min(count, COUNT_CAP) / PAGE_SIZE))
    if page > pages:
        raise RequestError("invalid_page", f"页码应为1至{pages}的整数。")
    start = (page - 1) * PAGE_SIZE
    rows = items[start : start + PAGE_SIZE]
    return _public(
        request,
        {
            "count": min(count, COUNT_CAP),
            "count_capped": capped,
            "page": page,
            "pages": pages,
            "page_size": PAGE_SIZE,
            "next": _page_link(request, page + 1) if page < pages else None,
            "previous": _page_link(request, page - 1) if page > 1 else None,
            "results": [_item(request, publication) for publication in rows],
        },
    )


@get_only
def publication_detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    """``GET /api/v1/publications/{id}``: one published item with its text."""
    refused = _throttled(request, "read")
    if refused is not None:
        return refused
    publication = publication_published_get(publication_id=publication_id)
    if publication is None:
        return json_error(404, "not_found", NOT_FOUND_PUBLICATION)
    answer = _item(request, publication)
    answer.update(
        {
            "summary": publication.summary,
            "body_html": publication.body_html,
            "interprets": [item.pk for item in publication.interprets.all()],
            "interpreted_by": [item.pk for item in publication.interpretations.all()],
        }
    )
    return _public(request, answer)


@get_only
@_guarded
def publication_search(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/publications/search?q=…``: full-text search of published items, best first."""
    refused = _throttled(request, "search")
    if refused is not None:
        return refused
    query = request.GET.get("q", "")
    body_ids = _body_ids(request)
    page = _integer(request, "page", "页码", low=1, high=SEARCH_TOTAL_CAP // PAGE_SIZE)
    found = search_publications(query=query, body_ids=body_ids, page=page or 1, per_page=PAGE_SIZE)
    if found.message:
        raise RequestError("invalid_query", found.message)
    return _public(
        request,
        {
            "query": found.query,
            "count": found.total,
            "count_capped": found.total_capped,
            "page": found.page,
            "page_size": found.per_page,
            "next": _page_link(request, found.page + 1) if found.has_next else None,
            "previous": _page_link(request, found.page - 1) if found.page > 1 else None,
            "results": [_hit(request, item) for item in found.items],
        },
    )


def _body_ids(request: HttpRequest) -> list[int] | None:
    """``body_id`` (repeatable): the bodies to search in; ``None`` for the whole platform."""
    values = [value.strip() for value in request.GET.getlist("body_id") if value.strip()]
    if not values:
        return None
    if len(values) > MAX_SEARCH_BODIES:
        raise RequestError("invalid", f"参数 body_id 最多{MAX_SEARCH_BODIES}个。")
    if not all(value.isascii() and value.isdigit() and 0 < int(value) < 2**31 for value in values):
        raise RequestError("invalid", "参数 body_id（机关 id）应为正整数。")
    return sorted({int(value) for value in values})


def _hit(request: HttpRequest, item: SearchItem) -> dict[str, Any]:
    return {
        "id": item.publication_id,
        "title": item.title,
        "body": {"id": item.body_id, "name": item.body_name},
        "published_on": item.published_on.isoformat(),
        "index_number": item.index_number,
        "snippet_html": str(item.snippet),
        "score": item.score,
        "url": request.build_absolute_uri(_item_path(item.body_id, item.publication_id)),
    }
