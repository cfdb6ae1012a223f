"""Web tests: a fast password hasher and the demo data built through the real service."""

from __future__ import annotations

import pytest
from pytest_django import Settings

from gongkai.applications.selectors import work_calendar_forget
from gongkai.organizations.demo import DemoResult, demo_load


@pytest.fixture(autouse=True)
def fast_hasher(settings: Settings) -> None:
    """Argon2 is deliberately slow; tests hash with MD5."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> DemoResult:
    """The demo bodies and users."""
    return demo_load()


@pytest.fixture(autouse=True)
def calendar_forgotten() -> None:
    """A test's calendar years roll back with it; no page may keep showing them afterwards."""
    work_calendar_forget()
