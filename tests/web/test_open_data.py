"""Open data: every published report of a region as one CSV and one JSON download, and the page
that defines each figure.

The five seed reports are collected through the real service for bodies of one city; the files
must hold exactly what the core reads from the seeds (the same bytes its writers produce).
"""

from __future__ import annotations

import csv
import io
import json
from html import unescape

import pytest
from applications_world import today_fixture  # noqa: F401
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from test_annual_report_collect import (  # noqa: F401
    NANJIAO,
    SEED_BODIES,
    Region,
    collect,
    media,
    region_fixture,
    seed_path,
)

from gongkai.annual_reports import services, services_collect
from gongkai.organizations.models import BodyKind, Role
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.report import formats, read, render
from gongkai.report.model import Report

SEED_ORDER = sorted(SEED_BODIES)  # the bodies were created in this order (ids ascending)


def content(response: object) -> bytes:
    assert getattr(response, "streaming", False)
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def seeds_read() -> list[Report]:
    return [read(seed_path(seed)) for seed in SEED_ORDER]


@pytest.fixture(name="collected")
def collected_fixture(region: Region) -> Region:
    for seed in SEED_ORDER:
        collect(region, seed)
    return region


def test_the_csv_of_a_region_is_the_core_csv_of_its_reports(collected: Region) -> None:
    response = Client().get(f"/open-data/reports.csv?region={collected.city.pk}&year=2021")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = content(response)
    assert data == render(seeds_read(), "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    # Typed from the seed: 南郊镇 received 4 applications from natural persons, 4 in all.
    nanjiao = {
        (r["table"], r["row_key"], r["column"]): r["value"] for r in rows if r["organ"] == "南郊镇"
    }
    assert nanjiao["applications", "1", "自然人"] == "4"
    assert nanjiao["applications", "1", "总计"] == "4"
    assert nanjiao["applications", "4", "总计"] == "1"
    assert {r["organ"] for r in rows} == {name for name, _ in SEED_BODIES.values()}


def test_the_json_of_a_region_is_the_array_of_its_reports(collected: Region) -> None:
    response = Client().get(f"/open-data/reports.json?region={collected.city.pk}&year=2021")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = content(response)
    assert data == render(seeds_read(), "json")
    answer = json.loads(data)
    assert answer == [report.to_canonical() for report in seeds_read()]
    stored = [collected.body(seed).annual_reports.get().tables for seed in SEED_ORDER]
    assert [{k: a[k] for k in stored[i]} for i, a in enumerate(answer)] == stored


def test_a_region_is_a_body_and_its_subtree(collected: Region) -> None:
    far = body_create(name="别区南郊镇", kind=BodyKind.TOWNSHIP, parent=collected.other_district)
    supervisor = user_create(username="far-sup", password="x-password-1", full_name="别区监督员")
    membership_grant(user=supervisor, body=collected.other_district, role=Role.SUPERVISOR)
    services_collect.report_collect(
        actor=supervisor,
        body=far,
        year=2021,
        data=seed_path(NANJIAO).read_bytes(),
        name=NANJIAO,
    )
    everything = json.loads(content(Client().get("/open-data/reports.json")))
    assert [r["organ"] for r in everything] == [
        *(SEED_BODIES[seed][0] for seed in SEED_ORDER),
        "别区南郊镇",
    ]
    district = json.loads(
        content(Client().get(f"/open-data/reports.json?region={collected.other_district.pk}"))
    )
    assert district == [{**read(seed_path(NANJIAO)).to_canonical(), "organ": "别区南郊镇"}]
    one_body = json.loads(
        content(Client().get(f"/open-data/reports.json?region={collected.body(NANJIAO).pk}"))
    )
    assert [r["organ"] for r in one_body] == ["南郊镇"]


def test_only_published_reports_of_the_year(collected: Region) -> None:
    # A report written on the platform and still a draft is not open data.
    services.report_compile(
        actor=collected.clerk,
        roles=frozenset({Role.CLERK}),
        body=collected.city,
        year=2022,
        sections={},
    )
    client = Client()
    assert content(client.get("/open-data/reports.json?year=2022")) == b"[]\n"
    empty_csv = content(client.get("/open-data/reports.csv?year=2022"))
    assert empty_csv == render([], "csv")
    header = "organ,year,table,row_key,row_label,column,value"
    assert empty_csv.decode("utf-8-sig").strip() == header
    assert len(json.loads(content(client.get("/open-data/reports.json?year=2021")))) == 5


@pytest.mark.parametrize(
    ("query", "status"),
    [("region=abc", 400), ("region=999999", 404), ("year=21", 400), ("year=二〇二一", 400)],
)
def test_bad_parameters(region: Region, query: str, status: int) -> None:
    for suffix in ("csv", "json"):
        response = Client().get(f"/open-data/reports.{suffix}?{query}")
        assert response.status_code == status
        assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_the_page_defines_every_figure_of_both_formats(region: Region) -> None:
    response = Client().get("/open-data/")
    assert response.status_code == 200
    page = unescape(response.content.decode())
    for template in formats.TEMPLATES.values():
        assert template.source in page
        for sub in template.proactive:
            assert sub.article in page
            for row in sub.rows:
                for column in sub.columns:
                    key = f"proactive.{row.key}" if sub.scalar else f"proactive.{row.key}."
                    key += "" if sub.scalar else column.key
                    assert f"<code>{key}</code>" in page
                    assert f"{row.label} · {column.label}" in page
                    assert f"<code>proactive / {row.key} / {column.label}</code>" in page
        for row_key in (*template.application_keys, "3.6"):
            for index, column in enumerate(formats.APPLICATION_COLUMNS):
                assert f"<code>applications.{row_key}[{index}]</code>" in page
                assert f"<code>applications / {row_key} / {column.label}</code>" in page
        for row in template.application_rows:
            assert row.flat_label in page
    for group in formats.REVIEW_GROUPS:
        for index, column in enumerate(formats.REVIEW_COLUMNS):
            assert f"<code>reviews_litigation.{group.key}[{index}]</code>" in page
            assert f"{group.label} · {column.label}" in page
    assert f'href="/open-data/reports.csv?region={region.city.pk}"' in page


def test_the_download_reads_the_reports_in_a_few_queries(collected: Region) -> None:
    # The body, its subtree (one query per level) and the reports: not one query per report.
    with CaptureQueriesContext(connection) as queries:
        data = content(Client().get(f"/open-data/reports.csv?region={collected.city.pk}"))
    assert data.count("南郊镇".encode()) > 0
    assert len(queries) <= 6
