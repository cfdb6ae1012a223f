"""The OpenAPI 3.1 document of the endpoints that exist, written as data."""

from __future__ import annotations

from typing import Any

from gongkai.applications.models import ApplicantKind, Delivery, IdType, InfoForm, Status
from gongkai.organizations.models import BodyKind
from gongkai.report.formats import FORMAT_ID, TEMPLATE_2019, TEMPLATE_2021

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


ROW7: dict[str, Any] = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0},
    "minItems": 7,
    "maxItems": 7,
    "description": "自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计",
}
ROW5: dict[str, Any] = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0},
    "minItems": 5,
    "maxItems": 5,
    "description": "结果维持, 结果纠正, 其他结果, 尚未审结, 总计",
}
STATISTICS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "annual-report-json.md（gongkai.annual-report/1）：由平台记录即时计算，"
    "每个单元格均为数字。表二（主动公开）和表四（复议诉讼）暂为 0。",
    "required": [
        "format",
        "organ",
        "year",
        "template",
        "proactive",
        "applications",
        "reviews_litigation",
    ],
    "properties": {
        "format": {"const": FORMAT_ID},
        "organ": {"type": "string"},
        "year": {"type": "integer", "minimum": 2019},
        "template": {"enum": ["2021", "2019"], "description": "2021年起为2021，2019、2020年为2019"},
        "proactive": {"type": "object"},
        "applications": {
            "type": "object",
            "description": "表三：每行7个数。2019格式以 3.6 一行代替 3.6.1–3.6.3。",
            "properties": {
                key: ROW7
                for key in dict.fromkeys(
                    TEMPLATE_2021.application_keys + TEMPLATE_2019.application_keys
                )
            },
            "additionalProperties": False,
        },
        "reviews_litigation": {
            "type": "object",
            "required": ["review", "litigation_direct", "litigation_after_review"],
            "properties": {
                "review": ROW5,
                "litigation_direct": ROW5,
                "litigation_after_review": ROW5,
            },
        },
    },
}
APPLICANT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["kind", "name", "id_type", "id_number", "phone"],
    "properties": {
        "kind": {"enum": list(ApplicantKind.values)},
        "name": {"type": "string", "description": "姓名或名称"},
        "id_type": {
            "enum": list(IdType.values),
            "description": "自然人：居民身份证等；法人或其他组织：统一社会信用代码",
        },
        "id_number": {"type": "string", "description": "居民身份证、统一社会信用代码核验校验位"},
        "phone": {"type": "string"},
        "email": {"type": "string", "description": "delivery 为电子邮件时必填"},
        "address": {"type": "string", "description": "delivery 为邮寄时必填"},
        "postcode": {"type": "string"},
        "contact_person": {"type": "string", "description": "法人或其他组织的联系人"},
    },
}
APPLICATION_NEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["body_id", "applicant", "description", "form", "delivery"],
    "properties": {
        "body_id": {"type": "integer"},
        "applicant": {"$ref": "#/components/schemas/Applicant"},
        "description": {
            "type": "string",
            "minLength": 1,
            "description": "所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
        },
        "form": {"enum": list(InfoForm.values)},
        "delivery": {"enum": list(Delivery.values)},
        "purpose": {"type": "string", "description": "备注（可选）"},
    },
}
STATUS_SCHEMA: dict[str, Any] = {
    "enum": list(Status.values),
    "description": "；".join(f"{status.value}={status.label}" for status in Status),
}
DATE_OR_NULL: dict[str, Any] = {"type": ["string", "null"], "format": "date"}
APPLICATION_CREATED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["number", "query_code", "received_on", "status"],
    "properties": {
        "number": {"type": "string", "description": "申请编号"},
        "query_code": {"type": "string", "description": "查询码（只在此应答中出现，请妥善保存）"},
        "received_on": {
            **DATE_OR_NULL,
            "description": "网上申请在机关确认收到之前为 null（《条例》第三十一条）",
        },
        "status": STATUS_SCHEMA,
        "status_label": {"type": "string"},
    },
}
APPLICATION_STATUS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["number", "status", "received_on", "due_on", "events", "reply"],
    "description": "不含申请人的任何个人信息。",
    "properties": {
        "number": {"type": "string"},
        "status": STATUS_SCHEMA,
        "status_label": {"type": "string"},
        "received_on": DATE_OR_NULL,
        "due_on": {
            **DATE_OR_NULL,
            "description": "答复期限；期限中止（补正、征求意见等）时为 null",
        },
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["at", "what"],
                "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "what": {"type": "string"},
                },
            },
        },
        "reply": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["outcome", "document_url"],
                    "properties": {
                        "outcome": {"type": "string", "description": "表三的行，如 3.4.1"},
                        "outcome_label": {"type": "string"},
                        "document_url": {
                            "type": ["string", "null"],
                            "description": "答复书下载地址（文书功能上线前为 null）",
                        },
                    },
                },
            ]
        },
    },
}


def _json(description: str, ref: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
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
            "/bodies/{id}/statistics/{year}": {
                "get": {
                    "operationId": "getBodyStatistics",
                    "summary": "某机关某年度的统计表（由平台记录即时计算）",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {
                            "name": "year",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
                            "description": "2019年至今年",
                        },
                    ],
                    "responses": {
                        "200": _json("年度报告统计表", "Statistics"),
                        "400": _error("年份无效（早于2019年、晚于今年或格式不对）"),
                        "404": _error("没有这个机关"),
                    },
                }
            },
            "/applications": {
                "post": {
                    "operationId": "submitApplication",
                    "summary": "提交政府信息公开申请",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": False,
                            "schema": {"type": "string", "maxLength": 255},
                            "description": "同一键、同一请求体重复提交时返回同一申请（201，"
                            "应答头 Idempotent-Replayed: true）；同一键、不同请求体返回 422。",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ApplicationNew"}
                            }
                        },
                    },
                    "responses": {
                        "201": _json("已提交（或重放的同一申请）", "ApplicationCreated"),
                        "400": _error("输入无效：机关不存在、证件号码校验不通过、描述为空等"),
                        "405": _error("只接受 POST"),
                        "413": _error("请求体过大"),
                        "422": _error("Idempotency-Key 已用于内容不同的提交"),
                        "429": _error("同一地址提交过于频繁"),
                    },
                }
            },
            "/applications/{number}": {
                "get": {
                    "operationId": "getApplicationStatus",
                    "summary": "凭申请编号和查询码查询办理情况",
                    "parameters": [
                        {
                            "name": "number",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {
                            "name": "query_code",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": _json("办理情况", "ApplicationStatus"),
                        "404": _error("编号不存在或查询码不对（两种情况答复相同）"),
                        "429": _error("查询过于频繁"),
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
        "components": {
            "schemas": {
                "Body": BODY_SCHEMA,
                "Error": ERROR_SCHEMA,
                "Statistics": STATISTICS_SCHEMA,
                "Applicant": APPLICANT_SCHEMA,
                "ApplicationNew": APPLICATION_NEW_SCHEMA,
                "ApplicationCreated": APPLICATION_CREATED_SCHEMA,
                "ApplicationStatus": APPLICATION_STATUS_SCHEMA,
            }
        },
    }
