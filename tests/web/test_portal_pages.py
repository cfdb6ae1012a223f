"""Public pages render in Chinese, list every body, and load no asset from outside the server."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body, User

pytestmark = pytest.mark.django_db

PART_TITLES = ["信息公开指南", "信息公开制度", "法定主动公开内容", "依申请公开", "政府信息公开年报"]
PART_SLUGS = ["guide", "rules", "proactive", "on-request", "annual-reports"]
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


class AssetCollector(HTMLParser):
    """Collects the URLs a browser would fetch to render a page (not plain links)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            self.urls.append(values.get("href", ""))
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"}:
            self.urls.append(values.get("src", ""))
        if "style" in values:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values["style"])

    def handle_data(self, data: str) -> None:
        # Inline <style> text: url(...) and @import "...".
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", data)
        self.urls += re.findall(r"@import\s+['\"]([^'\"]+)", data)


def asset_urls(html: str) -> list[str]:
    collector = AssetCollector()
    collector.feed(html)
    return collector.urls


def body_id(name: str) -> int:
    return Body.objects.get(name=name).pk


def test_home_lists_bodies_by_region(client: Client, demo: DemoResult) -> None:
    html = client.get("/").content.decode()
    headings = re.findall(r"<h2 id=\"region-\d+\">([^<]+)</h2>", html)
    assert headings == ["吉林省长春市南关区", "河南省洛阳市洛龙区", "未注明行政区划"]
    for name in ["南关区长通街道办事处", "南关区民政局", "洛龙区学府街道办事处", "南郊镇人民政府"]:
        assert f'href="/bodies/{body_id(name)}/">{name}</a>' in html
    assert '<html lang="zh-Hans">' in html


def test_home_needs_one_query(
    client: Client, demo: DemoResult, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200


def test_column_page_has_five_parts_and_the_contact_block(client: Client, demo: DemoResult) -> None:
    response = client.get(f"/bodies/{body_id('南关区长通街道办事处')}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>南关区长通街道办事处政府信息公开专栏</h1>" in html
    titles = re.findall(r'<h2 id="part-[a-z-]+"><a href="[^"]+">([^<]+)</a></h2>', html)
    assert titles == PART_TITLES
    for text in ["长春市亚泰大街1055号", "82864536", "130042", "上级机关", "长春市南关区人民政府"]:
        assert text in html


@pytest.mark.parametrize(("slug", "title"), list(zip(PART_SLUGS, PART_TITLES, strict=True)))
def test_each_part_has_its_page(client: Client, demo: DemoResult, slug: str, title: str) -> None:
    response = client.get(f"/bodies/{body_id('南郊镇人民政府')}/{slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in html
    assert f'aria-current="page">{title}</a>' in html
    assert "本栏目暂无内容" in html


@pytest.mark.parametrize("path", ["/bodies/999999/", "/bodies/1/nonsense/", "/no-such-page/"])
def test_unknown_pages_are_404_in_chinese(client: Client, demo: DemoResult, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_pages_refuse_post(client: Client, demo: DemoResult) -> None:
    assert client.post("/").status_code == 405


def all_page_paths() -> list[str]:
    paths = ["/", "/no-such-page/"]
    for body in Body.objects.all():
        paths.append(f"/bodies/{body.pk}/")
        paths += [f"/bodies/{body.pk}/{slug}/" for slug in PART_SLUGS]
    return paths


def test_no_page_loads_an_external_asset(client: Client, demo: DemoResult) -> None:
    paths = all_page_paths()
    assert len(paths) == 2 + 7 * 6
    for path in paths:
        urls = asset_urls(client.get(path).content.decode())
        assert "/static/portal/gongkai.css" in urls, path
        assert [url for url in urls if EXTERNAL.match(url)] == [], path


def test_the_collector_sees_external_assets() -> None:
    html = (
        '<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<script src="//cdn.example/x.js"></script><div style="background:url(http://a/b.png)">'
        '<a href="http://www.nanguan.gov.cn/">site</a>'
    )
    assert asset_urls(html) == ["https://cdn.example/x.css", "//cdn.example/x.js", "http://a/b.png"]


def test_stylesheet_is_local_and_imports_nothing() -> None:
    found = finders.find("portal/gongkai.css")
    assert isinstance(found, str)
    css = Path(found).read_text(encoding="utf-8")
    assert "@import" not in css and "@font-face" not in css
    assert "http" not in css and "url(" not in css


def test_no_staff_page_loads_an_external_asset(client: Client, demo: DemoResult) -> None:
    public = ["/accounts/login/", "/accounts/password-reset/", "/accounts/password-reset/sent/"]
    staff = ["/workspace/", f"/workspace/bodies/{body_id('南关区民政局')}/", "/workspace/audit/"]
    for path in public + staff:
        if path == staff[0]:
            client.force_login(demo_admin())
        response = client.get(path)
        assert response.status_code == 200, path
        urls = asset_urls(response.content.decode())
        assert "/static/portal/gongkai.css" in urls, path
        assert [url for url in urls if EXTERNAL.match(url)] == [], path


def demo_admin() -> User:
    return User.objects.get(username="demo-admin")
