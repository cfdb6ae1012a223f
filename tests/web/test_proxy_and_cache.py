"""The client address behind trusted proxies, and login throttling on a shared (Redis) cache.

The Redis cases are parametrized only when Redis answers at 127.0.0.1:6379 (it does on the
development machine and in CI; ``GONGKAI_REQUIRE_REDIS=1`` turns its absence into a failure). The
LocMem cases always run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.cache import BaseCache, caches
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings

from gongkai.accounts import throttle
from gongkai.organizations.demo import DEMO_PASSWORD, DemoResult
from gongkai.web.proxy import address_parse, client_ip, trusted_proxies_parse

REDIS_URL = "redis://127.0.0.1:6379/15"
GENERIC = "用户名或密码不正确。"
LOCKED = "登录失败次数过多，请15分钟后再试。"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


REDIS_UP = redis_answers()
BACKENDS = ["locmem", *(["redis"] if REDIS_UP else [])]


def ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


# -- client_ip -----------------------------------------------------------------------------------


def test_without_trusted_proxies_forwarded_for_is_ignored() -> None:
    with override_settings(GONGKAI_TRUSTED_PROXIES=[]):
        assert ip("198.51.100.9", "203.0.113.1") == "198.51.100.9"


def test_a_client_that_is_not_a_proxy_cannot_choose_its_address() -> None:
    with override_settings(GONGKAI_TRUSTED_PROXIES=["10.0.0.1"]):
        assert ip("198.51.100.9", "203.0.113.1") == "198.51.100.9"
        assert ip("198.51.100.9", "10.0.0.1") == "198.51.100.9"


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # nginx appended the real client
        ("10.0.0.1", "203.0.113.7", "203.0.113.7"),
        # the client forged entries on the left: they are ignored
        ("10.0.0.1", "1.1.1.1, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", "127.0.0.1,10.0.0.1, 203.0.113.7", "203.0.113.7"),
        # two proxy layers inside the trusted network
        ("10.0.0.2", "8.8.8.8, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        # malformed values written by the client are never reached or used
        ("10.0.0.1", "not-an-ip, 203.0.113.7", "203.0.113.7"),
        ("10.0.0.1", "<script>, 203.0.113.7", "203.0.113.7"),
        # a malformed value where a trusted proxy should have written: the last trusted hop
        ("10.0.0.1", "203.0.113.7, unknown", "10.0.0.1"),
        ("10.0.0.2", "203.0.113.7, garbage, 10.0.0.1", "10.0.0.1"),
        # no header, an empty header: the proxy itself
        ("10.0.0.1", None, "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        # ports and IPv6
        ("10.0.0.1", "203.0.113.7:51234", "203.0.113.7"),
        ("10.0.0.1", "[2001:db8::7]:443", "2001:db8::7"),
        ("10.0.0.1", "2001:db8::7", "2001:db8::7"),
        ("::ffff:10.0.0.1", "203.0.113.7", "203.0.113.7"),
    ],
)
def test_behind_trusted_proxies_the_right_most_untrusted_address_counts(
    remote: str, forwarded: str | None, expected: str
) -> None:
    with override_settings(GONGKAI_TRUSTED_PROXIES=["10.0.0.0/24", "fd00::/8"]):
        assert ip(remote, forwarded) == expected


def test_ipv6_proxy_network() -> None:
    with override_settings(GONGKAI_TRUSTED_PROXIES=["fd00::/8"]):
        assert ip("fd00::1", "2001:db8::7, 203.0.113.9") == "203.0.113.9"
        assert ip("2001:db8::1", "203.0.113.9") == "2001:db8::1"


def test_address_parse_rejects_garbage() -> None:
    for value in ["", "unknown", "1.2.3", "[::1", "1.2.3.4.5", "a:b:c"]:
        assert address_parse(value) is None
    assert str(address_parse(" 1.2.3.4 ")) == "1.2.3.4"


def test_malformed_trusted_proxy_setting_is_a_configuration_error() -> None:
    assert [str(n) for n in trusted_proxies_parse(["10.0.0.5", " 10.1.0.0/16 ", ""])] == [
        "10.0.0.5/32",
        "10.1.0.0/16",
    ]
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_TRUSTED_PROXIES"):
        trusted_proxies_parse(["10.0.0.5", "nginx.local"])


# -- the throttle behind a proxy -----------------------------------------------------------------


def sign_in(client: Client, username: str, password: str, **meta: str) -> str:
    response = client.post("/accounts/login/", {"username": username, "password": password}, **meta)
    return response.content.decode() if response.status_code == 200 else response["Location"]


@pytest.fixture
def locmem() -> Iterator[None]:
    location = f"gongkai-test-{uuid.uuid4().hex}"
    config = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    config["default"]["LOCATION"] = location
    with override_settings(CACHES=config):
        yield
        caches["default"].clear()


def via_proxy(client: Client, password: str, forwarded: str) -> str:
    meta = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}
    return sign_in(client, "demo-jingban", password, **meta)


@pytest.mark.django_db
@override_settings(GONGKAI_TRUSTED_PROXIES=["10.0.0.1"])
def test_spoofed_forwarded_for_does_not_escape_the_lock(
    client: Client, demo: DemoResult, locmem: None
) -> None:
    # An attacker behind the proxy writes a new fake address in each request.
    for attempt in range(4):
        forged = f"192.0.2.{attempt}, 198.51.100.9"
        assert GENERIC in via_proxy(client, "wrong", forged)
    assert LOCKED in via_proxy(client, "wrong", "192.0.2.99, 198.51.100.9")
    assert LOCKED in via_proxy(client, DEMO_PASSWORD, "198.51.100.9")
    # The real person at another address, behind the same proxy, still signs in.
    assert via_proxy(client, DEMO_PASSWORD, "203.0.113.50") == "/workspace/"


@pytest.mark.django_db
@override_settings(GONGKAI_TRUSTED_PROXIES=["10.0.0.1"])
def test_a_direct_client_cannot_rotate_forwarded_for(
    client: Client, demo: DemoResult, locmem: None
) -> None:
    for attempt in range(5):
        meta = {"REMOTE_ADDR": "198.51.100.9", "HTTP_X_FORWARDED_FOR": f"203.0.113.{attempt}"}
        page = sign_in(client, "demo-shenhe", "wrong", **meta)
    assert LOCKED in page
    assert LOCKED in sign_in(client, "demo-shenhe", DEMO_PASSWORD, REMOTE_ADDR="198.51.100.9")


# -- cache backends: LocMem always, Redis when it answers ----------------------------------------


def test_redis_is_tested_when_it_answers() -> None:
    """The Redis cases below exist exactly when Redis answers; CI may require it."""
    assert ("redis" in BACKENDS) is REDIS_UP
    if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
        assert REDIS_UP, "Redis does not answer at 127.0.0.1:6379"


def cache_config(backend: str, prefix: str) -> dict[str, Any]:
    if backend == "redis":
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": prefix}


@pytest.fixture(params=BACKENDS)
def cache_backend(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Django's default cache on ``request.param``, under a key prefix of this test's own."""
    prefix = f"gongkai-test-{uuid.uuid4().hex}"
    config = cache_config(request.param, prefix)
    with override_settings(CACHES={"default": config}):
        yield config
        if request.param == "locmem":
            caches["default"].clear()
    if request.param == "redis":  # only this test's keys; db 15 may be shared
        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        assert not list(client.scan_iter(match=f"{prefix}:*"))


@pytest.mark.django_db
def test_lockout_on_the_configured_cache(
    client: Client, demo: DemoResult, cache_backend: dict[str, Any]
) -> None:
    assert caches["default"].__class__.__module__.rsplit(".", 1)[-1] in {"redis", "locmem"}
    for _ in range(4):
        assert GENERIC in sign_in(client, "demo-jingban", "wrong", REMOTE_ADDR="10.0.0.1")
    assert LOCKED in sign_in(client, "demo-jingban", "wrong", REMOTE_ADDR="10.0.0.1")
    assert LOCKED in sign_in(client, "demo-jingban", DEMO_PASSWORD, REMOTE_ADDR="10.0.0.1")
    assert sign_in(client, "demo-jingban", DEMO_PASSWORD, REMOTE_ADDR="10.0.0.2") == "/workspace/"
    if cache_backend["BACKEND"].endswith("RedisCache"):
        keys = redis.Redis.from_url(REDIS_URL).keys(f"{cache_backend['KEY_PREFIX']}:*")
        assert any(b"gongkai:login:lock:" in key for key in keys)


def test_failures_counted_by_two_app_servers_add_up(
    cache_backend: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two cache clients (two app servers) record failures; both see one count and one lock.

    Each Redis client has its own connection pool, so only the Redis server is shared. (Two LocMem
    clients share only because they live in one process: separate processes would not.)
    """
    server_a: BaseCache = caches.create_connection("default")
    server_b: BaseCache = caches.create_connection("default")
    assert server_a is not server_b
    who = {"username": "demo-jingban", "address": "203.0.113.7"}
    for attempt in range(throttle.MAX_FAILURES):
        monkeypatch.setattr(throttle, "cache", server_a if attempt % 2 == 0 else server_b)
        locked = throttle.login_failure_record(**who)
        assert locked is (attempt == throttle.MAX_FAILURES - 1)
        if not locked:  # the other server reads the same count
            other = server_b if attempt % 2 == 0 else server_a
            assert other.get(throttle._key("fail", who["username"], who["address"])) == attempt + 1
    for server in (server_a, server_b):
        monkeypatch.setattr(throttle, "cache", server)
        assert throttle.login_is_locked(**who)
        assert not throttle.login_is_locked(username="demo-jingban", address="203.0.113.8")
