"""API endpoints: each parses input, reads through a selector and returns JSON."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from gongkai.api.openapi import openapi_document
from gongkai.api.responses import json_error, json_ok
from gongkai.organizations.selectors import body_list

View = Callable[[HttpRequest], HttpResponse]


def get_only(view: View) -> View:
    """Answer 405 in the API's error shape to anything but GET and HEAD (no CSRF page first)."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = json_error(405, "method_not_allowed", "此接口只接受 GET 请求。")
            response["Allow"] = "GET, HEAD"
            return response
        return view(request)

    return wrapper


@get_only
def bodies(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/bodies``: every body on the platform."""
    rows = body_list().values("id", "name", "kind", "parent_id")
    return json_ok(list(rows))


@get_only
def openapi(request: HttpRequest) -> HttpResponse:
    """``GET /api/v1/openapi.json``."""
    return json_ok(openapi_document())


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under ``/api/v1/``."""
    return json_error(404, "not_found", "没有这个接口。")
