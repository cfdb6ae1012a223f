"""Helpers for the browser tests: the request watch, signing in, opening error pages."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, Response, Route

from gongkai.organizations.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})
TIMEOUT_MS = 5_000


def is_local(url: str) -> bool:
    """Whether ``url`` points at this machine (data: and blob: URLs never leave it either)."""
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOCAL_HOSTS


@dataclass
class Watch:
    """What the pages of one test did that they should not have."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    expected_errors: set[str] = field(default_factory=set)
    base_url: str = ""

    def route(self, route: Route, request: Request) -> None:
        """Let local requests through; abort and record the rest."""
        if is_local(request.url):
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort("blockedbyclient")

    def attach(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console_errors.append(f"page error: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def expect_error_status(self, url: str) -> None:
        """The test itself asks for ``url`` and expects an error status (403, 404)."""
        self.expected_errors.add(url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if url in self.expected_errors and message.text.startswith("Failed to load resource"):
            return  # Chromium logs the error status of a page the test opened on purpose.
        self.console_errors.append(f"{message.text} ({url})")

    def _request_failed(self, request: Request) -> None:
        # ERR_ABORTED is the browser cancelling a request because the page moved on (a test
        # clicks as soon as the text it waits for is there, maybe before the stylesheet came).
        if is_local(request.url) and request.failure != "net::ERR_ABORTED":
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.url not in self.expected_errors:
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def problems(self, server_log: list[logging.LogRecord]) -> dict[str, list[str]]:
        """Everything that went wrong, the server's side (``django.request``'s log) included."""
        return {
            "blocked non-local requests": self.blocked,
            "console errors": self.console_errors,
            "failed local requests": self.failed_requests,
            "server warnings": [
                f"{record.levelname} {record.getMessage()}"
                for record in server_log
                if record.name == "django.request" and not self._expected(record)
            ],
        }

    def _expected(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is None or record.levelno >= logging.ERROR:
            return False
        return urljoin(self.base_url, request.get_full_path()) in self.expected_errors

    def forget(self) -> None:
        """Clear the records (for the test that checks the watch itself)."""
        self.blocked.clear()
        self.console_errors.clear()
        self.failed_requests.clear()


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the login form, the way a person does."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录", exact=True).click()


def open_expecting(page: Page, watch: Watch, path: str, status: int) -> None:
    """Open ``path`` directly and check that it answers ``status``."""
    url = urljoin(watch.base_url, path)
    watch.expect_error_status(url)
    response = page.goto(url)
    assert response is not None and response.status == status, url
