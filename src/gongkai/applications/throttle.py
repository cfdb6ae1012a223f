"""Per-address limits on the public forms, on Django's cache (like ``accounts/throttle.py``)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
#: POSTs of the application form per client address per hour.
APPLY_LIMIT = 10
#: Look-ups on the tracking page per client address per hour.
TRACK_LIMIT = 30


def _key(kind: str, address: str) -> str:
    return f"gongkai:applications:{kind}:{hashlib.sha256(address.encode()).hexdigest()[:32]}"


def hit(*, kind: str, address: str, limit: int) -> bool:
    """Count one request; whether it is still within ``limit`` for this window."""
    key = _key(kind, address)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit
