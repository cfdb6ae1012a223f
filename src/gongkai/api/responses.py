"""JSON responses in the API's shapes: UTF-8 without escapes, errors as ``{error, message}``."""

from __future__ import annotations

from django.http import JsonResponse

JSON_OPTIONS = {"ensure_ascii": False}


def json_ok(data: object, *, status: int = 200) -> JsonResponse:
    """A JSON body (object or array)."""
    return JsonResponse(data, status=status, safe=False, json_dumps_params=JSON_OPTIONS)


def json_error(status: int, code: str, message: str) -> JsonResponse:
    """An error in the spec's shape."""
    body = {"error": code, "message": message}
    return JsonResponse(body, status=status, json_dumps_params=JSON_OPTIONS)
