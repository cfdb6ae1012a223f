"""``reply.document_url`` of ``GET /api/v1/applications/{number}``: a signed link that downloads
the delivered reply letter without a session, refused when tampered with or expired."""

from __future__ import annotations

import time
from typing import Any

import pytest
from applications_world import (  # noqa: F401 (fixtures)
    APPLICANT,
    RESIDENT_ID,
    World,
    empty_cache_fixture,
    today_fixture,
    world_fixture,
)
from django.core import signing
from django.test import Client
from pytest_django import Settings
from test_api_applications import conforms
from test_application_documents import (  # noqa: F401 (the media fixture)
    _client,
    _deliver,
    _flat,
    _generate,
    _pdf_text,
    _signed,
    media,
)

from gongkai.api.openapi import openapi_document
from gongkai.applications.reply_links import reply_link_signature

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def _status(number: str, code: str) -> Any:
    return Client().get(f"/api/v1/applications/{number}", {"query_code": code})


def _delivered_with_letter(world: World) -> tuple[str, str]:
    application, code = _signed(world)
    _generate(_client(world.clerk), world, application, "reply")
    _deliver(world, application)
    return application.number, code


def test_the_document_url_downloads_the_reply_without_a_session(world: World) -> None:
    number, code = _delivered_with_letter(world)
    response = _status(number, code)
    answer = response.json()
    assert conforms(answer, {"$ref": "#/components/schemas/ApplicationStatus"}, openapi_document())
    url = answer["reply"]["document_url"]
    assert url.startswith(f"http://testserver/applications/track/{number}/reply/")
    assert url.endswith(".pdf")
    text = response.content.decode()
    for secret in (RESIDENT_ID, APPLICANT["phone"], APPLICANT["name"], APPLICANT["email"]):
        assert secret not in text
    download = Client().get(url.removeprefix("http://testserver"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert APPLICANT["name"] in _flat(_pdf_text(b"".join(download.streaming_content)))


def test_no_url_before_the_reply_letter_is_delivered(world: World) -> None:
    application, code = _signed(world)
    _generate(_client(world.clerk), world, application, "reply")
    assert _status(application.number, code).json()["reply"] is None  # signed, not delivered
    early = f"/applications/track/{application.number}/reply/"
    early += f"{reply_link_signature(application.number)}.pdf"
    assert Client().get(early).status_code == 404  # a valid link, but nothing to hand out yet
    _deliver(world, application)
    assert _status(application.number, code).json()["reply"]["document_url"] is not None


def test_a_delivered_case_without_a_letter_has_no_url(world: World) -> None:
    application, code = _signed(world)
    _deliver(world, application)
    reply = _status(application.number, code).json()["reply"]
    assert reply["outcome"] == "3.2" and reply["document_url"] is None


def test_a_tampered_link_is_refused(world: World) -> None:
    number, code = _delivered_with_letter(world)
    other, _other_code = _delivered_with_letter(world)
    path = _status(number, code).json()["reply"]["document_url"].removeprefix("http://testserver")
    signature = path.rsplit("/", 1)[1].removesuffix(".pdf")
    stamp, mac = signature.split(":")
    forged = [
        path.replace(mac, mac[:-1] + ("A" if mac[-1] != "A" else "B")),
        path.replace(stamp, stamp[:-1] + ("1" if stamp[-1] != "1" else "2")),
        path.replace(f"/{number}/", f"/{other}/"),  # the link of one case for another
        f"/applications/track/{number}/reply/nonsense.pdf",
    ]
    for url in forged:
        response = Client().get(url)
        assert response.status_code == 403, url
        assert "下载链接无效。" in response.content.decode()


def test_an_expired_link_is_refused(
    world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    number, _code = _delivered_with_letter(world)
    settings.GONGKAI_REPLY_LINK_DAYS = 2
    now = time.time()
    with monkeypatch.context() as past:
        past.setattr(signing.time, "time", lambda: now - 3 * 24 * 60 * 60)
        old = reply_link_signature(number)
    with monkeypatch.context() as recent:
        recent.setattr(signing.time, "time", lambda: now - 1 * 24 * 60 * 60)
        fresh = reply_link_signature(number)
    base = f"/applications/track/{number}/reply/"
    expired = Client().get(f"{base}{old}.pdf")
    assert expired.status_code == 403 and "下载链接已过期" in expired.content.decode()
    assert Client().get(f"{base}{fresh}.pdf").status_code == 200
