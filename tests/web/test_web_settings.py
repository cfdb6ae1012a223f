"""Settings helpers and the security-relevant values of the default settings."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from gongkai.web import settings


def test_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret_key"
    first = settings.embedded_secret_key(path)
    assert len(first) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert settings.embedded_secret_key(path) == first


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), ("on", True), ("0", False), ("", False)]
)
def test_env_flag(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("GONGKAI_TEST_FLAG", value)
    assert settings.env_flag("GONGKAI_TEST_FLAG") is expected


def test_env_flag_default_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGKAI_TEST_FLAG", raising=False)
    assert settings.env_flag("GONGKAI_TEST_FLAG") is False


def test_env_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_TEST_LIST", " a.example , b.example,,")
    assert settings.env_list("GONGKAI_TEST_LIST", "") == ["a.example", "b.example"]


def test_security_defaults() -> None:
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.X_FRAME_OPTIONS == "DENY"
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_the_process_cache_holds_a_region_of_pages() -> None:
    """LocMem's default of 300 entries would make the portal's pages push each other out."""
    from django.conf import settings

    options = settings.CACHES["default"].get("OPTIONS", {})
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        assert options["MAX_ENTRIES"] >= 3000
    else:  # another backend (Redis, memcached) is not given LocMem's option
        assert "MAX_ENTRIES" not in options
