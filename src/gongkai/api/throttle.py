"""Per-client-address limits of the public API on Django's cache (shared by servers on Redis)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
#: ``POST /api/v1/applications`` per client address per hour (setting ``GONGKAI_API_APPLY_LIMIT``).
APPLY_LIMIT = 20
#: ``GET /api/v1/applications/{number}`` per client address per hour (``GONGKAI_API_TRACK_LIMIT``).
TRACK_LIMIT = 120
#: ``GET /api/v1/publications`` and ``…/publications/{id}`` per client address per hour
#: (``GONGKAI_API_READ_LIMIT``).
READ_LIMIT = 1200
#: ``GET /api/v1/publications/search`` per client address per hour (``GONGKAI_API_SEARCH_LIMIT``).
SEARCH_LIMIT = 300
DEFAULT_LIMITS = {
    "apply": APPLY_LIMIT,
    "track": TRACK_LIMIT,
    "read": READ_LIMIT,
    "search": SEARCH_LIMIT,
}


def limit(kind: str) -> int:
    """The hourly limit of ``kind`` (a key of ``DEFAULT_LIMITS``), from the settings when set
    there."""
    default = DEFAULT_LIMITS[kind]
    return int(getattr(settings, f"GONGKAI_API_{kind.upper()}_LIMIT", default))


def hit(*, kind: str, address: str) -> bool:
    """Count one request from ``address``; whether it is still within the hour's limit."""
    digest = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"gongkai:api:{kind}:{digest}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit(kind)
