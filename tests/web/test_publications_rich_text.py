"""The rich-text editor of 主动公开 bodies and of the 指南/制度 pages (django-prose-editor).

Its scripts, styles and icon font are this server's own static files (no CDN: intranets have no
internet); the field stays a ``<textarea>`` for browsers without JavaScript; what it can make is
exactly what the sanitizer keeps; and what is posted is sanitized again, whatever the browser sent.
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions
from publications_world import (  # noqa: F401
    PASSWORD,
    TODAY,
    Clock,
    World,
    clock_fixture,
    create,
    world_fixture,
)

from gongkai.publications.forms import RICH_TEXT_EXTENSIONS
from gongkai.publications.models import BodyPage, Publication
from gongkai.publishing.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

DIRTY = (
    '<p onclick="steal()">通知<script>alert(1)</script></p>'
    '<img src="/media/a.png" alt="图" onerror="alert(2)">'
    '<a href="javascript:alert(3)" onmouseover="alert(4)">链接</a>'
)
CLEAN = '<p>通知</p><img src="/media/a.png" alt="图"><a rel="noopener">链接</a>'


def login(client: Client, world: World) -> Client:
    assert client.login(username=str(world.clerk), password=PASSWORD)
    return client


def create_url(world: World) -> str:
    return reverse("publications:create", kwargs={"body_id": world.town.pk})


def page_url(world: World, kind: str) -> str:
    return reverse("publications:page", kwargs={"body_id": world.town.pk, "kind": kind})


def asset_urls(html: str) -> list[str]:
    """Every script, stylesheet and import-map address of a page."""
    tree = lxml.html.fromstring(html)
    urls = [str(src) for src in tree.xpath("//script/@src")]
    urls += [str(href) for href in tree.xpath("//link[@rel='stylesheet']/@href")]
    for importmap in tree.xpath("//script[@type='importmap']"):
        urls += json.loads(importmap.text_content())["imports"].values()
    return urls


@pytest.mark.parametrize("form", ["create", "guide", "rules"])
def test_editor_assets_are_local_static_files(client: Client, world: World, form: str) -> None:
    login(client, world)
    url = create_url(world) if form == "create" else page_url(world, form)
    urls = asset_urls(client.get(url).content.decode())
    for needed in (
        "/static/django_prose_editor/editor.js",
        "/static/django_prose_editor/configurable.js",
        "/static/django_prose_editor/editor.css",
        "/static/django_prose_editor/material-icons.css",
        "/static/publications/rich_text.js",
    ):
        assert needed in urls
    for asset in urls:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")) is not None, asset
    # The icon font is the package's own file, next to its stylesheet.
    css_path = finders.find("django_prose_editor/material-icons.css")
    assert isinstance(css_path, str)
    with open(css_path, encoding="utf-8") as css:
        fonts = re.findall(r"url\(([^)]+)\)", css.read())
    assert fonts == ["./material-icons.woff2"]
    assert finders.find("django_prose_editor/material-icons.woff2") is not None


def test_editor_makes_exactly_what_the_sanitizer_keeps() -> None:
    allowed = allowlist_from_extensions(RICH_TEXT_EXTENSIONS)
    assert allowed["tags"] == set(ALLOWED_TAGS)
    for tag, names in ALLOWED_ATTRIBUTES.items():
        assert names <= allowed["attributes"].get(tag, set()), tag
    assert allowed["url_schemes"] == {"http", "https", "mailto"}


def test_without_javascript_the_field_is_a_labelled_textarea(client: Client, world: World) -> None:
    item = create(world, body_html="<p>原有<strong>正文</strong></p>")
    login(client, world)
    edit = reverse(
        "publications:edit", kwargs={"body_id": world.town.pk, "publication_id": item.pk}
    )
    tree = lxml.html.fromstring(client.get(edit).content.decode())
    (textarea,) = tree.xpath("//textarea[@name='body_html']")
    assert textarea.text_content().strip() == "<p>原有<strong>正文</strong></p>"
    assert tree.xpath(f"//label[@for='{textarea.get('id')}']")[0].text_content() == "正文"
    assert "data-django-prose-editor-configurable" in textarea.attrib


def test_posted_body_is_sanitized_again(client: Client, world: World) -> None:
    login(client, world)
    response = client.post(
        create_url(world),
        {
            "title": "乙镇防汛通知",
            "formed_on": TODAY.isoformat(),
            "disclosure": "主动公开",
            "body_html": DIRTY,
        },
    )
    assert response.status_code == 302
    assert Publication.objects.get(title="乙镇防汛通知").body_html == CLEAN


def test_posted_page_is_sanitized_again(client: Client, world: World) -> None:
    login(client, world)
    response = client.post(page_url(world, "rules"), {"html": DIRTY, "version": ""})
    assert response.status_code == 302
    assert BodyPage.objects.get(body=world.town, kind="rules").html == CLEAN
