"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Every page is opened in a fresh browser context whose ``route("**/*")`` lets through only requests
to 127.0.0.1/localhost; anything else is aborted and recorded. When a test ends, the ``watch``
asserts that nothing was blocked, that no page logged a console error or raised, that no local
request failed or answered with an error status the test did not ask for (e.g. a 404 stylesheet),
and that the server logged no such answer either (``django.request``'s warnings and errors).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from browser.browsing import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, Watch
from gongkai.organizations.demo import DemoResult, demo_load


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One chromium for the browser tests of an xdist worker.

    Playwright's sync API keeps an event loop running in the test thread while it lives: Django
    refuses database calls from such a thread unless told otherwise, and ``asyncio.run`` fails.
    Package scope stops it (and restores the setting) before the worker runs other tests.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def watch(live_server: LiveServer) -> Watch:
    return Watch(base_url=live_server.url)


@pytest.fixture
def new_page(
    browser: Browser, live_server: LiveServer, watch: Watch, caplog: pytest.LogCaptureFixture
) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh context (options such as ``viewport`` go to the context)."""
    contexts = []

    def make(**options: Any) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **options
        )
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", watch.route)
        page = context.new_page()
        watch.attach(page)
        return page

    yield make
    for context in contexts:
        context.close()
    assert watch.problems(caplog.records) == {
        "blocked non-local requests": [],
        "console errors": [],
        "failed local requests": [],
        "server warnings": [],
    }


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop-sized page in a fresh context."""
    return new_page()


@pytest.fixture
def demo(transactional_db: None, settings: Settings) -> DemoResult:
    """The demo bodies and users, loaded by the real service into the live server's database."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # login throttling counts
    return demo_load()
