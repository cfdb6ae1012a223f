"""``/healthz``: the process and the database answer (for load balancers and monitoring)."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("gongkai.health")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when a trivial query succeeds, 503 with a Chinese message otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database does not answer")
        return JsonResponse(
            {"status": "error", "database": "error", "message": "数据库无法连接。"},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse({"status": "ok", "database": "ok"})
