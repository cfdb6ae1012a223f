"""``/api/v1/``: the bodies list exactly as shared/spec/api.md, errors in its shape, OpenAPI."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body

pytestmark = pytest.mark.django_db


def ids() -> dict[str, int]:
    return {body.name: body.pk for body in Body.objects.all()}


def test_bodies_lists_every_body_in_the_spec_shape(client: Client, demo: DemoResult) -> None:
    response = client.get("/api/v1/bodies")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    by_name = ids()
    expected = [
        ("长春市南关区人民政府", "人民政府", None),
        ("南关区长通街道办事处", "街道办事处", "长春市南关区人民政府"),
        ("南关区民政局", "政府部门", "长春市南关区人民政府"),
        ("洛阳市洛龙区人民政府", "人民政府", None),
        ("洛龙区学府街道办事处", "街道办事处", "洛阳市洛龙区人民政府"),
        ("徐家营街道办事处", "街道办事处", None),
        ("南郊镇人民政府", "乡镇人民政府", None),
    ]
    assert response.json() == [
        {
            "id": by_name[name],
            "name": name,
            "kind": kind,
            "parent_id": by_name[parent] if parent else None,
        }
        for name, kind, parent in expected
    ]


def test_bodies_is_utf8_json_without_escapes(client: Client, demo: DemoResult) -> None:
    raw = client.get("/api/v1/bodies").content
    assert "南郊镇人民政府".encode() in raw
    assert b"\\u" not in raw


def test_bodies_is_empty_list_without_bodies(client: Client) -> None:
    assert client.get("/api/v1/bodies").json() == []


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_other_methods_get_405_in_the_error_shape(client: Client, method: str) -> None:
    csrf_client = Client(enforce_csrf_checks=True)
    response = getattr(csrf_client, method)("/api/v1/bodies")
    assert response.status_code == 405
    assert response.json() == {"error": "method_not_allowed", "message": "此接口只接受 GET 请求。"}
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing", "/api/v1/bodies/1/x"])
def test_unknown_api_paths_are_404_in_the_error_shape(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "没有这个接口。"}


def test_openapi_document_describes_what_exists(client: Client, demo: DemoResult) -> None:
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert sorted(document["paths"]) == [
        "/applications",
        "/applications/{number}",
        "/bodies",
        "/bodies/{id}/reports/{year}",
        "/bodies/{id}/statistics/{year}",
        "/openapi.json",
        "/publications",
        "/publications/search",
        "/publications/{id}",
        "/staff/bodies/{body_id}/applications",
        "/staff/bodies/{body_id}/applications/{application_id}",
        "/staff/bodies/{body_id}/applications/{application_id}/actions/{action}",
        "/staff/bodies/{body_id}/applications/{application_id}/fee-quote",
        "/staff/me",
    ]
    schema = document["components"]["schemas"]["Body"]
    assert schema["properties"]["kind"]["enum"] == [
        "人民政府",
        "政府部门",
        "街道办事处",
        "乡镇人民政府",
        "其他",
    ]
    item = client.get("/api/v1/bodies").json()[0]
    assert sorted(schema["required"]) == sorted(item) == ["id", "kind", "name", "parent_id"]
    refs = json.dumps(document["paths"])
    assert "#/components/schemas/Body" in refs and "#/components/schemas/Error" in refs
