"""Public pages render in Chinese, list every body, and load no asset from outside the server."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from pytest import MonkeyPatch
from pytest_django import DjangoAssertNumQueries

from gongkai.organizations.demo import DemoResult, demo_load
from gongkai.organizations.models import Body, BodyKind, User
from gongkai.organizations.services import body_create, body_update
from gongkai.portal import selectors
from gongkai.portal.models import DirectoryVersion
from gongkai.portal.selectors import directory_version
from gongkai.portal.views import public_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts without cached body lists (the memory cache outlives a test's rollback)."""
    cache.clear()


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


def test_home_needs_two_queries_then_one(
    client: Client, demo: DemoResult, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # First request: the directory version, then every body; later ones: the version only.
    with django_assert_num_queries(2):
        assert client.get("/").status_code == 200
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
    if slug == "on-request":  # the 依申请公开 part links to the application form
        assert f'href="/bodies/{body_id("南郊镇人民政府")}/apply/"' in html
    elif slug == "annual-reports":  # filled by issue 6
        assert "本栏目暂无内容" in html
    else:  # filled from the records (tests/web/test_portal_publications.py)
        assert "本栏目暂无内容" not in html


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


def region_url(name: str) -> str:
    return f"/regions/{quote(name)}/"


def big_tree(
    cities: int = 3, districts: int = 3, offices: int = 4, province: str = "测试省"
) -> list[Body]:
    """Cities over districts over offices, through the real service; returns the offices."""
    offices_made = []
    for c in range(cities):
        division = f"{province}第{c}市"
        city = body_create(
            name=f"{province}第{c}市人民政府", kind=BodyKind.GOVERNMENT, division=division
        )
        for d in range(districts):
            district = body_create(
                name=f"第{c}市第{d}区人民政府",
                kind=BodyKind.GOVERNMENT,
                parent=city,
                division=f"{division}第{d}区",
            )
            for o in range(offices):
                offices_made.append(
                    body_create(
                        name=f"第{c}市第{d}区第{o}街道办事处",
                        kind=BodyKind.SUBDISTRICT,
                        parent=district,
                        division=f"{division}第{d}区",
                    )
                )
    return offices_made


def test_home_shows_two_levels_and_links_each_region_to_all_its_bodies(client: Client) -> None:
    big_tree()
    html = client.get("/").content.decode()
    assert "平台上共有 48 个机关" in html
    assert '<a href="#region-1">测试省第0市</a>' in html
    assert f'href="/bodies/{body_id("测试省第0市人民政府")}/">测试省第0市人民政府</a>' in html
    assert f'href="/bodies/{body_id("第0市第2区人民政府")}/">第0市第2区人民政府</a>' in html
    assert "街道办事处" not in html  # the third level is on the region page
    assert f'<a href="{region_url("测试省第1市")}">测试省第1市全部 16 个机关</a>' in html

    region = client.get(region_url("测试省第1市"))
    page = region.content.decode()
    assert region.status_code == 200
    assert "<h1>测试省第1市</h1>" in page and "测试省第1市共有 16 个机关" in page
    for name in ["测试省第1市人民政府", "第1市第0区人民政府", "第1市第2区第3街道办事处"]:
        assert f'href="/bodies/{body_id(name)}/">{name}</a>' in page
    assert "第0市" not in page.replace("测试省第0市", "") and "第2市" not in page


def test_home_and_region_cost_one_query_whatever_the_tree_size(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    for province, size in [("小省", (1, 1, 1)), ("大省", (4, 5, 6))]:
        big_tree(*size, province=province)
        for path in ["/", region_url(f"{province}第0市")]:
            with django_assert_num_queries(2):  # version, then every body (rendered once)
                assert client.get(path).status_code == 200
            with django_assert_num_queries(1):  # version only: the list comes from the cache
                assert client.get(path).status_code == 200


def test_column_pages_cost_one_query_whatever_the_tree_size(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    small = big_tree(1, 1, 1, province="小省")[0]
    office = big_tree(5, 4, 5, province="大省")[-1]
    for body in [small, office]:
        # versions, the body with its parent (the guide: and its page, item groups, topics)
        for path, queries in [(f"/bodies/{body.pk}/", 2), (f"/bodies/{body.pk}/guide/", 5)]:
            with django_assert_num_queries(queries):
                assert client.get(path).status_code == 200
            with django_assert_num_queries(1):  # versions only: the page comes from the cache
                assert client.get(path).status_code == 200


def test_a_changed_contact_block_or_parent_name_shows_at_once(
    client: Client, demo: DemoResult
) -> None:
    street = Body.objects.get(name="南关区长通街道办事处")
    path = f"/bodies/{street.pk}/"
    assert "82864536" in client.get(path).content.decode()
    assert "82864536" in client.get(f"{path}guide/").content.decode()
    body_update(body=street, changes={"phone": "0431-88886666"})
    assert "0431-88886666" in client.get(path).content.decode()
    assert "0431-88886666" in client.get(f"{path}guide/").content.decode()
    parent = Body.objects.get(name="长春市南关区人民政府")
    body_update(body=parent, changes={"name": "长春市南关区政府"})
    assert "上级机关：<a" in (html := client.get(path).content.decode())
    assert "长春市南关区政府</a>" in html and "长春市南关区人民政府" not in html


def test_signed_in_staff_get_their_own_header_not_the_cached_page(
    client: Client, demo: DemoResult, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    street = Body.objects.get(name="南关区长通街道办事处")
    for path in ["/", f"/bodies/{street.pk}/", region_url("吉林省长春市南关区")]:
        anonymous = client.get(path).content.decode()
        assert "工作人员登录" in anonymous and "退出登录" not in anonymous
        client.force_login(demo_admin())
        with django_assert_max_num_queries(4):  # session, user, version (+ the body)
            staff = client.get(path).content.decode()
        assert (
            "退出登录" in staff and "csrfmiddlewaretoken" in staff and "工作人员登录" not in staff
        )
        client.logout()
        again = client.get(path).content.decode()
        assert "工作人员登录" in again and "csrfmiddlewaretoken" not in again


def test_a_page_that_asks_for_a_csrf_token_is_not_cached(
    rf: RequestFactory, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    calls: list[str] = []

    def form_page(request: HttpRequest) -> HttpResponse:
        calls.append(get_token(request))
        return HttpResponse(calls[-1])

    view = public_page(form_page)
    for _ in range(2):
        request = rf.get("/form/")
        request.user = AnonymousUser()
        view(request)
    assert len(calls) == 2 and calls[0] != calls[1]

    plain = public_page(lambda request: HttpResponse(str(len(calls))))
    first, second = rf.get("/"), rf.get("/")
    first.user = second.user = AnonymousUser()
    assert plain(first).content == plain(second).content == b"2"
    calls.append("x")
    assert plain(second).content == b"2"  # served from the cache


def test_a_created_body_shows_at_once(client: Client, demo: DemoResult) -> None:
    assert "南关区财政局" not in client.get("/").content.decode()
    before = directory_version()
    parent = Body.objects.get(name="长春市南关区人民政府")
    body = body_create(
        name="南关区财政局", kind=BodyKind.DEPARTMENT, parent=parent, division="吉林省长春市南关区"
    )
    assert directory_version() != before
    assert f'href="/bodies/{body.pk}/">南关区财政局</a>' in client.get("/").content.decode()
    region = client.get(region_url("吉林省长春市南关区")).content.decode()
    assert f'href="/bodies/{body.pk}/">南关区财政局</a>' in region
    assert "吉林省长春市南关区共有 4 个机关" in region


def test_a_renamed_or_moved_body_shows_at_once(client: Client, demo: DemoResult) -> None:
    client.get("/")
    client.get(region_url("河南省洛阳市洛龙区"))
    body = Body.objects.get(name="洛龙区学府街道办事处")
    body_update(body=body, changes={"name": "洛龙区学府街道"})
    home = client.get("/").content.decode()
    assert f'href="/bodies/{body.pk}/">洛龙区学府街道</a>' in home
    assert "洛龙区学府街道办事处" not in home
    assert "洛龙区学府街道</a>" in client.get(region_url("河南省洛阳市洛龙区")).content.decode()

    nanguan = Body.objects.get(name="长春市南关区人民政府")
    body_update(body=body, changes={"parent": nanguan})
    moved = client.get(region_url("吉林省长春市南关区")).content.decode()
    assert "洛龙区学府街道</a>" in moved
    assert "洛龙区学府街道</a>" not in client.get(region_url("河南省洛阳市洛龙区")).content.decode()


def test_a_deleted_body_disappears_at_once(client: Client, demo: DemoResult) -> None:
    # No service deletes a body yet (its audit events protect it); the signal covers any deletion,
    # so a body without history is made and deleted directly.
    parent = Body.objects.get(name="长春市南关区人民政府")
    body = Body.objects.create(name="南关区临时机构", kind=BodyKind.OTHER, parent=parent)
    assert "南关区临时机构" in client.get("/").content.decode()
    body.delete()
    assert "南关区临时机构" not in client.get("/").content.decode()


def test_a_rolled_back_change_leaves_the_lists_as_they_were(
    client: Client, demo: DemoResult
) -> None:
    before = directory_version()
    client.get("/")
    with pytest.raises(RuntimeError), transaction.atomic():
        body_create(name="回滚机关", kind=BodyKind.OTHER)
        raise RuntimeError
    assert directory_version() == before
    assert "回滚机关" not in client.get("/").content.decode()


def test_the_lists_work_without_the_version_row(
    client: Client, demo: DemoResult, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    # Without the version row (deleted by hand), pages render uncached.
    DirectoryVersion.objects.all().delete()
    for _ in range(2):
        with django_assert_num_queries(2):
            assert "南关区民政局" in client.get("/").content.decode()
    body_create(name="新建机关", kind=BodyKind.OTHER)  # the signal puts the row back
    assert directory_version() is not None
    assert "新建机关" in client.get("/").content.decode()


@pytest.mark.parametrize("name", ["不存在的地区", "吉林省长春市", "a/b"])
def test_unknown_regions_are_404(client: Client, demo: DemoResult, name: str) -> None:
    response = client.get(region_url(name))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_bodies_without_a_division_have_a_region_page(client: Client, demo: DemoResult) -> None:
    html = client.get("/").content.decode()
    assert f'<a href="{region_url("未注明行政区划")}">未注明行政区划全部 2 个机关</a>' in html
    page = client.get(region_url("未注明行政区划")).content.decode()
    assert "徐家营街道办事处" in page and "南郊镇人民政府" in page


def test_a_division_with_a_slash_has_a_region_page(client: Client) -> None:
    body_create(name="某开发区管委会", kind=BodyKind.OTHER, division="某市/某开发区")
    html = client.get("/").content.decode()
    assert f'href="{region_url("某市/某开发区")}"' in html
    assert "某开发区管委会" in client.get(region_url("某市/某开发区")).content.decode()


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_process_trusts_the_version_for_a_second(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries, monkeypatch: MonkeyPatch
) -> None:
    # As under gunicorn: no transaction around the request, so the version read is remembered.
    demo_load()
    clock = [1000.0]
    monkeypatch.setattr(selectors.time, "monotonic", lambda: clock[0])
    selectors.directory_version_forget()
    assert "南关区民政局</a>" in client.get("/").content.decode()
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200

    # Another process renames a body (no signal in this one): seen after at most a second.
    Body.objects.filter(name="南关区民政局").update(name="南关区民政和社会事务局")
    DirectoryVersion.objects.update(token="changed-elsewhere")
    assert "南关区民政局</a>" in client.get("/").content.decode()
    clock[0] += selectors.VERSION_SECONDS + 0.1
    with django_assert_num_queries(2):
        assert "南关区民政和社会事务局</a>" in client.get("/").content.decode()

    # A change made in this process is seen at once.
    body_create(name="新设机关", kind=BodyKind.OTHER)
    assert "新设机关</a>" in client.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_its_version_row_back() -> None:
    assert directory_version() is not None  # the flush before this test emitted post_migrate
    DirectoryVersion.objects.all().delete()
    call_command("flush", interactive=False, verbosity=0)
    assert DirectoryVersion.objects.count() == 1


def test_home_folds_a_long_list_of_departments_into_the_region_page(client: Client) -> None:
    city = body_create(name="测试市人民政府", kind=BodyKind.GOVERNMENT, division="测试省测试市")
    district = body_create(name="测试市东区人民政府", kind=BodyKind.GOVERNMENT, parent=city)
    few = body_create(name="测试市东区民政局", kind=BodyKind.DEPARTMENT, parent=district)
    departments = [
        body_create(name=f"测试市第{n}局", kind=BodyKind.DEPARTMENT, parent=city)
        for n in range(selectors.HOME_DEPARTMENTS_AT_MOST + 1)
    ]
    other = body_create(name="东区", kind=BodyKind.GOVERNMENT, division="测试省测试市东区")
    listed = body_create(name="东区民政局", kind=BodyKind.DEPARTMENT, parent=other)
    html = client.get("/").content.decode()
    region = region_url("测试省测试市")
    assert f'href="/bodies/{district.pk}/">测试市东区人民政府</a>' in html
    assert f'<a href="{region}#body-{city.pk}">工作部门等 13 个机关</a>' in html
    assert "测试市第0局" not in html and few.name not in html  # third level: region page
    assert f'href="/bodies/{listed.pk}/">东区民政局</a>' in html  # a short list is named

    page = client.get(region).content.decode()
    assert f'<li id="body-{city.pk}">' in page
    # Under the city its departments come first, then the district with its own bodies.
    positions = [page.index(f'href="/bodies/{b.pk}/"') for b in [*departments, district, few]]
    assert positions == sorted(positions)
