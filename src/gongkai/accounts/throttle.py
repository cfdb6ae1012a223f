"""Login throttling: after repeated failures for one username from one address, refuse for a while.

Counts live in Django's cache (per process in the embedded mode, shared through the cache backend
in production: ``CACHE_BACKEND=django.core.cache.backends.redis.RedisCache``). The key is a hash of
the lower-cased username and the client address — ``gongkai.web.proxy.client_ip``: ``REMOTE_ADDR``,
or the ``X-Forwarded-For`` address written by a proxy listed in ``GONGKAI_TRUSTED_PROXIES``.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60


def _key(kind: str, username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}\x00{address}".encode()).hexdigest()
    return f"gongkai:login:{kind}:{digest}"


def login_is_locked(*, username: str, address: str) -> bool:
    """Whether sign-in for ``username`` from ``address`` is currently refused."""
    return cache.get(_key("lock", username, address)) is not None


def login_failure_record(*, username: str, address: str) -> bool:
    """Count one failed sign-in; return whether it locked the pair."""
    count_key = _key("fail", username, address)
    cache.add(count_key, 0, WINDOW_SECONDS)
    try:
        failures = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, WINDOW_SECONDS)
        failures = 1
    if failures >= MAX_FAILURES:
        cache.set(_key("lock", username, address), True, LOCK_SECONDS)
        cache.delete(count_key)
        return True
    return False


def login_success_record(*, username: str, address: str) -> None:
    """Forget earlier failures after a successful sign-in."""
    cache.delete(_key("fail", username, address))
