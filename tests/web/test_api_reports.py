"""``GET /api/v1/bodies/{id}/reports/{year}``: a body's published report (shared/spec/api.md).

Reports are collected through the real service from the seed files; the answer must be the
annual-report-json object the core reads from the file.
"""

from __future__ import annotations

from typing import Any

import pytest
from applications_world import today_fixture  # noqa: F401
from django.core.cache import cache
from django.test import Client
from pytest_django import Settings
from test_annual_report_collect import (  # noqa: F401
    NANJIAO,
    Region,
    collect,
    media,
    region_fixture,
    seed_path,
)
from test_api_applications import conforms

from gongkai.annual_reports import services
from gongkai.api.openapi import openapi_document
from gongkai.organizations.models import Role
from gongkai.report import read

NO_REPORT = {
    "error": "not_found",
    "message": "该机关没有已发布的该年度政府信息公开工作年度报告。",
}


@pytest.fixture(name="api")
def api_fixture(settings: Settings) -> Client:
    cache.clear()
    settings.GONGKAI_API_READ_LIMIT = 10_000
    return Client()


def url(body_id: int, year: object = 2021) -> str:
    return f"/api/v1/bodies/{body_id}/reports/{year}"


@pytest.mark.parametrize("seed", [NANJIAO, "002_29793b2c7988821a.txt"])
def test_a_collected_report_is_served_as_the_core_reads_its_file(
    api: Client, region: Region, seed: str
) -> None:
    collect(region, seed)
    response = api.get(url(region.body(seed).pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer: dict[str, Any] = response.json()
    direct = read(seed_path(seed)).to_canonical()
    assert answer == direct
    # In print order on every database (PostgreSQL's jsonb reorders stored keys).
    assert list(answer) == list(direct)
    assert list(answer["applications"]) == list(direct["applications"])
    assert conforms(answer, {"$ref": "#/components/schemas/AnnualReport"}, openapi_document())
    assert "public" in response["Cache-Control"]
    again = api.get(url(region.body(seed).pk), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_nanjiao_as_printed(api: Client, region: Region) -> None:
    collect(region, NANJIAO)
    answer = api.get(url(region.body(NANJIAO).pk)).json()
    # Typed from the seed: 4 received; 3 handled (2 本机关不掌握, 1 信访举报投诉类); 1 carried
    # into 2022; nothing in table 四.
    assert answer["format"] == "gongkai.annual-report/1"
    assert (answer["organ"], answer["year"], answer["template"]) == ("南郊镇", 2021, "2021")
    assert answer["applications"]["1"] == [4, 0, 0, 0, 0, 0, 4]
    assert answer["applications"]["3.1"] == [0, 0, 0, 0, 0, 0, 0]
    assert answer["applications"]["3.4.1"] == [2, 0, 0, 0, 0, 0, 2]
    assert answer["applications"]["3.5.1"] == [1, 0, 0, 0, 0, 0, 1]
    assert answer["applications"]["3.7"] == [3, 0, 0, 0, 0, 0, 3]
    assert answer["applications"]["4"] == [1, 0, 0, 0, 0, 0, 1]
    assert answer["reviews_litigation"]["review"] == [0, 0, 0, 0, 0]


def test_a_corrected_cell_is_served_corrected(api: Client, region: Region) -> None:
    from gongkai.annual_reports.services_collect import report_cell_correct

    report = collect(region, NANJIAO)
    report_cell_correct(
        actor=region.supervisor,
        report_id=report.pk,
        table="reviews_litigation",
        row="review",
        column="pending",
        value="1",
        reason="核对原文",
    )
    answer = api.get(url(region.body(NANJIAO).pk)).json()
    assert answer["reviews_litigation"]["review"] == [0, 0, 0, 1, 0]


def test_no_published_report_is_404_in_the_error_shape(api: Client, region: Region) -> None:
    body = region.body(NANJIAO)
    assert api.get(url(body.pk)).json() == NO_REPORT
    # A report written on the platform and still a draft is not published.
    services.report_compile(
        actor=region.clerk, roles=frozenset({Role.CLERK}), body=body, year=2021, sections={}
    )
    response = api.get(url(body.pk))
    assert response.status_code == 404 and response.json() == NO_REPORT
    collect(region, "003_d7a04d8f45e15f88.txt")
    other_year = api.get(url(region.body("003_d7a04d8f45e15f88.txt").pk, 2022))
    assert other_year.status_code == 404 and other_year.json() == NO_REPORT
    for unknown in (region.city.pk + 1000, 2**31, 2**63):
        missing = api.get(url(unknown))
        assert missing.status_code == 404
        assert missing.json() == {"error": "not_found", "message": "没有这个机关。"}


@pytest.mark.parametrize("year", ["21", "二〇二一", "20210"])
def test_a_bad_year_is_400(api: Client, region: Region, year: str) -> None:
    response = api.get(url(region.city.pk, year))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_year"


def test_only_get(api: Client, region: Region) -> None:
    response = api.post(url(region.city.pk))
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


def test_reads_are_rate_limited(api: Client, region: Region, settings: Settings) -> None:
    settings.GONGKAI_API_READ_LIMIT = 2
    collect(region, NANJIAO)
    answers = [api.get(url(region.body(NANJIAO).pk)).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_openapi_document_describes_the_endpoint(api: Client, region: Region) -> None:
    document = api.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/bodies/{id}/reports/{year}"]["get"]
    assert operation["operationId"] == "getBodyReport"
    assert sorted(operation["responses"]) == ["200", "400", "404", "429"]
    assert "AnnualReport" in document["components"]["schemas"]
