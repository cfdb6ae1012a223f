"""Pages load and look right with every request outside 127.0.0.1 blocked: nothing from a CDN."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from browser.browsing import Watch, log_in
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body

BRAND_RED = "rgb(158, 27, 27)"  # --brand in portal/gongkai.css


def test_the_watch_blocks_and_records_requests_to_other_hosts(page: Page, watch: Watch) -> None:
    page.goto("/")
    with page.expect_event("requestfailed") as failed:
        page.evaluate(
            """() => {
                const img = document.createElement("img");
                img.src = "http://203.0.113.5/logo.png";
                document.body.append(img);
            }"""
        )
    assert failed.value.url == "http://203.0.113.5/logo.png"
    fetched = page.evaluate(
        "() => fetch('https://cdn.example.com/lib.js').then(() => 'loaded', () => 'refused')"
    )
    assert fetched == "refused"
    assert watch.blocked == ["http://203.0.113.5/logo.png", "https://cdn.example.com/lib.js"]
    assert watch.failed_requests == []  # blocked requests are not counted as local failures
    watch.forget()


def test_the_watch_records_missing_local_resources(
    page: Page, watch: Watch, caplog: pytest.LogCaptureFixture
) -> None:
    page.goto("/")
    with page.expect_response("**/static/portal/missing.css") as missing:
        page.evaluate(
            """() => {
                const link = document.createElement("link");
                link.rel = "stylesheet";
                link.href = "/static/portal/missing.css";
                document.head.append(link);
            }"""
        )
    assert missing.value.status == 404
    page.wait_for_timeout(100)  # let the console message arrive
    assert f"{missing.value.url}: HTTP 404" in watch.failed_requests
    assert [e for e in watch.console_errors if "404" in e] != []
    assert watch.blocked == []
    # Django's pages log their error answers; the server side of the watch reads that log.
    assert watch.problems(caplog.records)["server warnings"] == []  # static files log nothing
    assert page.evaluate("() => fetch('/no-such-page/').then((r) => r.status)") == 404
    server = watch.problems(caplog.records)["server warnings"]
    assert server == ["WARNING Not Found: /no-such-page/"]
    watch.forget()
    caplog.clear()


def test_pages_load_their_local_stylesheet_with_the_outside_blocked(
    page: Page, watch: Watch, demo: DemoResult
) -> None:
    body = Body.objects.get(name="南关区长通街道办事处")
    public = ["/", f"/bodies/{body.pk}/", f"/bodies/{body.pk}/guide/", "/accounts/login/"]
    for path in [*public, "/accounts/password-reset/"]:
        assert_styled_locally(page, watch, path)
    log_in(page, "demo-admin")
    for path in ["/workspace/", f"/workspace/bodies/{body.pk}/", "/workspace/audit/"]:
        assert_styled_locally(page, watch, path)
    assert watch.blocked == []


def assert_styled_locally(page: Page, watch: Watch, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    sheets = page.evaluate("() => Array.from(document.styleSheets, (sheet) => sheet.href)")
    assert sheets == [f"{watch.base_url}/static/portal/gongkai.css"], path
    banner = page.get_by_role("banner")
    assert banner.evaluate("(e) => getComputedStyle(e).backgroundColor") == BRAND_RED, path
