"""``POST /api/v1/applications``, ``GET /api/v1/applications/{number}`` and the statistics
endpoint: shapes of api.md, validation as the public form, idempotency, privacy, rate limits."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from applications_world import (  # noqa: F401 (fixtures)
    RESIDENT_ID,
    TODAY,
    World,
    credit_code,
    empty_cache_fixture,
    today_fixture,
    world_fixture,
)
from django.db import connection
from django.test import Client
from pytest_django import Settings

from gongkai.api import views
from gongkai.api.models import IdempotencyKey
from gongkai.api.openapi import openapi_document
from gongkai.applications import services
from gongkai.applications.models import Application, Status
from gongkai.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

URL = "/api/v1/applications"


def payload(world: World, **changes: Any) -> dict[str, Any]:
    applicant = {
        "kind": "自然人",
        "name": "张三",
        "id_type": "居民身份证",
        "id_number": RESIDENT_ID,
        "phone": "13800138000",
        "email": "zs@example.com",
        "address": "北京市朝阳区某街1号",
    }
    extra = changes.pop("applicant", {})
    data = {
        "body_id": world.town.pk,
        "applicant": None if extra is None else {**applicant, **extra},
        "description": "2025年本镇道路维修工程的招标公告和中标结果",
        "form": "电子",
        "delivery": "电子邮件",
    }
    data.update(changes)
    return data


def post(client: Client, data: object, key: str | None = None, **extra: Any) -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    body = data if isinstance(data, str | bytes) else json.dumps(data, ensure_ascii=False)
    return client.post(URL, body, content_type="application/json", headers=headers, **extra)


# --- a tiny JSON Schema check for the subset openapi.py uses ---------------------------------


def conforms(value: object, schema: dict[str, Any], document: dict[str, Any]) -> bool:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return conforms(value, document["components"]["schemas"][name], document)
    if "oneOf" in schema:
        return sum(conforms(value, option, document) for option in schema["oneOf"]) == 1
    if "const" in schema and value != schema["const"]:
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    types = schema.get("type")
    if types is not None:
        names = types if isinstance(types, list) else [types]
        checks = {
            "object": lambda v: isinstance(v, dict),
            "array": lambda v: isinstance(v, list),
            "string": lambda v: isinstance(v, str),
            "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
            "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
            "null": lambda v: v is None,
            "boolean": lambda v: isinstance(v, bool),
        }
        if not any(checks[name](value) for name in names):
            return False
    if isinstance(value, dict):
        if any(key not in value for key in schema.get("required", [])):
            return False
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is False and set(value) - set(properties):
            return False
        return all(conforms(value[k], s, document) for k, s in properties.items() if k in value)
    if isinstance(value, list):
        if not schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", len(value)):
            return False
        return all(conforms(item, schema.get("items", {}), document) for item in value)
    return not (isinstance(value, int) and value < schema.get("minimum", value))


# --- POST -------------------------------------------------------------------------------------


def test_submit_answers_201_in_the_spec_shape(client: Client, world: World) -> None:
    response = post(client, payload(world))
    assert response.status_code == 201
    answer = response.json()
    assert {"number", "query_code", "received_on", "status"} <= set(answer)
    assert answer["received_on"] is None and answer["status"] == Status.REGISTERED
    document = openapi_document()
    assert conforms(answer, {"$ref": "#/components/schemas/ApplicationCreated"}, document)
    case = Application.objects.get(number=answer["number"])
    assert case.body == world.town and case.id_number == RESIDENT_ID
    assert services.query_code_matches(case, answer["query_code"])
    assert case.events.get().what == "网上提交申请"
    assert AuditEvent.objects.filter(object_id=str(case.pk)).exists()


def test_an_organization_applies_with_its_credit_code(client: Client, world: World) -> None:
    code = credit_code("91110000600037341")
    data = payload(
        world,
        applicant={
            "kind": "商业企业",
            "name": "某某有限公司",
            "id_type": "统一社会信用代码",
            "id_number": code,
            "contact_person": "李四",
        },
    )
    response = post(client, data)
    assert response.status_code == 201, response.json()
    case = Application.objects.get(number=response.json()["number"])
    assert (case.applicant_kind, case.contact_person) == ("商业企业", "李四")


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"applicant": {"id_number": "110105194912310021"}}, "applicant.id_number"),
        ({"description": "   "}, "description"),
        ({"form": "胶片"}, "form"),
        ({"delivery": "飞鸽"}, "delivery"),
        ({"applicant": {"kind": "外星人"}}, "applicant.kind"),
        ({"applicant": {"email": ""}}, "电子邮件"),
        ({"body_id": 999999}, "机关"),
        ({"body_id": 99999999999999999999}, "机关"),
        ({"body_id": "1"}, "body_id"),
        ({"applicant": {"name": 5}}, "applicant.name"),
        ({"applicant": None}, "applicant"),
        ({"description": None}, "description"),
    ],
)
def test_bad_input_is_400_in_chinese_and_writes_nothing(
    client: Client, world: World, changes: dict[str, Any], words: str
) -> None:
    response = post(client, payload(world, **changes), key="k-bad")
    assert response.status_code == 400
    answer = response.json()
    assert set(answer) == {"error", "message"} and words in answer["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["message"])
    assert not Application.objects.exists() and not IdempotencyKey.objects.exists()


@pytest.mark.parametrize("body", ["{", "[]", "null", b"\xff\xfe", '"x"'])
def test_broken_json_is_400(client: Client, world: World, body: str | bytes) -> None:
    response = post(client, body)
    assert response.status_code == 400 and response.json()["error"] in ("invalid_json", "invalid")


def test_the_same_key_and_body_return_the_same_application(client: Client, world: World) -> None:
    first = post(client, payload(world), key="abc-123")
    again = post(client, payload(world), key="abc-123")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1 and IdempotencyKey.objects.get().key == "abc-123"
    # key order and whitespace do not matter: the JSON is compared in canonical form
    reordered = json.dumps(dict(reversed(list(payload(world).items()))), indent=2)
    assert post(client, reordered, key="abc-123").json() == first.json()
    # without a key, or with another key, a new application
    assert post(client, payload(world)).json()["number"] != first.json()["number"]
    assert post(client, payload(world), key="abc-124").json()["number"] != first.json()["number"]
    assert Application.objects.count() == 3


def test_the_same_key_with_another_body_is_422(client: Client, world: World) -> None:
    post(client, payload(world), key="abc-123")
    response = post(client, payload(world, description="另一件事"), key="abc-123")
    assert response.status_code == 422
    assert response.json()["error"] == "idempotency_key_reused"
    assert "Idempotency-Key" in response.json()["message"]
    assert Application.objects.count() == 1


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "键"])
def test_bad_idempotency_keys_are_400(client: Client, world: World, key: str) -> None:
    response = post(client, payload(world), key=key)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_idempotency_key"
    assert not Application.objects.exists()


def test_a_key_committed_meanwhile_wins_and_ours_is_rolled_back(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race, step by step: our look-up missed the key, another request committed it before
    our insert; the unique constraint refuses ours, our application is rolled back, the
    winner's answer is replayed."""
    winner = post(client, payload(world), key="race-1").json()
    looked_up: list[str] = []

    def missed(key: str) -> None:
        looked_up.append(key)

    monkeypatch.setattr(views, "_stored", missed)
    again = post(client, payload(world), key="race-1")
    assert looked_up == ["race-1"]
    assert again.status_code == 201 and again.json() == winner
    assert Application.objects.count() == IdempotencyKey.objects.count() == 1
    assert not Application.objects.exclude(number=winner["number"]).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_make_one_application(world: World) -> None:
    # SQLite's shared in-memory test database locks tables between threads, and SQLite
    # serialises writers anyway: there the same requests run one after another.
    workers = 1 if connection.vendor == "sqlite" else 4
    data = payload(world)

    def one(_: int) -> tuple[int, str]:
        try:
            response = post(Client(), data, key="race-1")
            return response.status_code, response.json()["number"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, range(8)))
    assert {status for status, _ in results} == {201}
    assert len({number for _, number in results}) == 1
    assert Application.objects.count() == IdempotencyKey.objects.count() == 1


def test_submissions_are_rate_limited_per_client_address(
    client: Client, world: World, settings: Settings
) -> None:
    settings.GONGKAI_API_APPLY_LIMIT = 2
    assert post(client, payload(world)).status_code == 201
    assert post(client, payload(world)).status_code == 201
    limited = post(client, payload(world))
    assert limited.status_code == 429 and limited.json()["error"] == "rate_limited"
    assert int(limited["Retry-After"]) > 0
    assert post(client, payload(world), REMOTE_ADDR="10.0.0.9").status_code == 201
    assert Application.objects.count() == 3


def test_post_needs_no_csrf_token_and_get_is_405(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    assert post(client, payload(world)).status_code == 201
    response = client.get(URL)
    assert response.status_code == 405 and response["Allow"] == "POST"


# --- GET status -------------------------------------------------------------------------------


def test_status_shows_the_public_timeline_and_no_personal_data(
    client: Client, world: World
) -> None:
    created = post(client, payload(world)).json()
    case = Application.objects.get(number=created["number"])
    services.application_register(
        application_id=case.pk, actor=world.clerk, expected_version=None, received_on=TODAY
    )
    services.application_note_add(application_id=case.pk, actor=world.clerk, text="内部：张三来电")
    response = client.get(f"{URL}/{created['number']}", {"query_code": created["query_code"]})
    assert response.status_code == 200
    answer = response.json()
    document = openapi_document()
    assert conforms(answer, {"$ref": "#/components/schemas/ApplicationStatus"}, document)
    assert answer["status"] == Status.REVIEW and answer["received_on"] == TODAY.isoformat()
    assert answer["due_on"] is not None and answer["reply"] is None
    assert answer["events"][0]["what"] == "网上提交申请"
    text = response.content.decode()
    for secret in (RESIDENT_ID, "13800138000", "张三", "zs@example.com", "朝阳区", "内部"):
        assert secret not in text


def test_wrong_code_and_unknown_number_give_the_same_404(client: Client, world: World) -> None:
    created = post(client, payload(world)).json()
    answers = [
        client.get(f"{URL}/{created['number']}", {"query_code": "WRONGCODE1"}),
        client.get(f"{URL}/{created['number']}"),
        client.get(f"{URL}/2099-999999", {"query_code": created["query_code"]}),
        client.get(f"{URL}/{'9' * 300}", {"query_code": created["query_code"]}),
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1


def test_a_delivered_case_shows_its_outcome(client: Client, world: World) -> None:
    created = post(client, payload(world)).json()
    case_id = Application.objects.get(number=created["number"]).pk
    today = TODAY
    services.application_register(
        application_id=case_id, actor=world.clerk, expected_version=None, received_on=today
    )
    services.application_reply_draft(
        application_id=case_id, actor=world.clerk, expected_version=None, outcome="3.4.1"
    )
    services.application_reply_approve(
        application_id=case_id, actor=world.reviewer, expected_version=None
    )
    services.application_reply_sign(
        application_id=case_id, actor=world.approver, expected_version=None
    )
    services.application_deliver(
        application_id=case_id, actor=world.clerk, expected_version=None, method="邮寄", on=today
    )
    answer = client.get(f"{URL}/{created['number']}", {"query_code": created["query_code"]}).json()
    assert answer["status"] == Status.DELIVERED
    assert answer["reply"]["outcome"] == "3.4.1" and "document_url" in answer["reply"]


# --- statistics -------------------------------------------------------------------------------


def test_statistics_shape_by_template(client: Client, world: World) -> None:
    document = openapi_document()
    schema = {"$ref": "#/components/schemas/Statistics"}
    new = client.get(f"/api/v1/bodies/{world.town.pk}/statistics/2024").json()
    assert conforms(new, schema, document) and new["template"] == "2021"
    assert new["organ"] == world.town.name and new["year"] == 2024
    assert "3.6.3" in new["applications"] and "3.6" not in new["applications"]
    assert set(new["proactive"]["regulations"]) == {"issued", "repealed", "in_force"}
    old = client.get(f"/api/v1/bodies/{world.town.pk}/statistics/2020").json()
    assert conforms(old, schema, document) and old["template"] == "2019"
    assert "3.6" in old["applications"] and "3.6.1" not in old["applications"]
    assert set(old["proactive"]["procurement"]) == {"projects", "amount"}
    assert old["reviews_litigation"]["review"] == [0, 0, 0, 0, 0]


def test_statistics_counts_cases_received_this_year(client: Client, world: World) -> None:
    created = post(client, payload(world)).json()
    case_id = Application.objects.get(number=created["number"]).pk
    services.application_register(
        application_id=case_id, actor=world.clerk, expected_version=None, received_on=TODAY
    )
    table = client.get(f"/api/v1/bodies/{world.town.pk}/statistics/{TODAY.year}").json()
    assert table["applications"]["1"] == table["applications"]["4"] == [1, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize(
    ("year", "code"), [("2018", 400), ("2100", 400), ("20x1", 400), ("21", 400), ("٢٠٢١", 400)]
)
def test_statistics_bad_years_are_400(client: Client, world: World, year: str, code: int) -> None:
    response = client.get(f"/api/v1/bodies/{world.town.pk}/statistics/{year}")
    assert response.status_code == code
    assert response.json()["error"] == "invalid_year"


@pytest.mark.parametrize("body_id", ["999999", "99999999999999999999"])
def test_statistics_unknown_body_is_404(client: Client, world: World, body_id: str) -> None:
    response = client.get(f"/api/v1/bodies/{body_id}/statistics/2021")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "没有这个机关。"}
