"""The OpenAPI 3.1 document of the endpoints that exist, written as data."""

from __future__ import annotations

from typing import Any

from gongkai.organizations.models import BodyKind

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "机器可读的错误代码"},
        "message": {"type": "string", "description": "中文说明"},
    },
}

BODY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "name", "kind", "parent_id"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string", "examples": ["南郊镇人民政府"]},
        "kind": {"type": "string", "enum": list(BodyKind.values)},
        "parent_id": {"type": ["integer", "null"], "description": "上级机关的 id；顶层机关为 null"},
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def openapi_document() -> dict[str, Any]:
    """The document served at ``/api/v1/openapi.json``."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "gongkai API",
            "version": "1",
            "description": "政府信息公开平台接口。所有响应均为 UTF-8 JSON；"
            "错误返回 4xx 状态码和 {error, message}。",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": {
            "/bodies": {
                "get": {
                    "operationId": "listBodies",
                    "summary": "平台上的全部机关",
                    "responses": {
                        "200": {
                            "description": "机关列表，按 id 排序",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Body"},
                                    }
                                }
                            },
                        },
                        "405": _error("只接受 GET"),
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "本文档",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1 文档",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": {"Body": BODY_SCHEMA, "Error": ERROR_SCHEMA}},
    }
