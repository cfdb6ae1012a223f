"""The OpenAPI 3.1 document of the endpoints that exist, written as data."""

from __future__ import annotations

from typing import Any

from gongkai.applications.models import ApplicantKind, Delivery, IdType, InfoForm, Status
from gongkai.applications.workflow import TRANSITIONS
from gongkai.organizations.models import BodyKind, Role
from gongkai.publications.models import Validity
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
#: A published report: what it prints (blank cells null, rows it lacks absent).
REPORT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "annual-report-json.md（gongkai.annual-report/1）：报告所印的数字；"
    "空白格为 null，报告没有的行或表不出现。",
    "required": ["format", "organ", "year", "template"],
    "properties": {
        "format": {"const": FORMAT_ID},
        "organ": {"type": ["string", "null"]},
        "year": {"type": "integer"},
        "template": {"enum": ["2021", "2019"]},
        "proactive": {"type": "object"},
        "applications": {"type": "object"},
        "reviews_litigation": {"type": "object"},
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
                            "description": "答复告知书（PDF）的下载地址，无需登录，在有效天数内"
                            "可用（默认30天，GONGKAI_REPLY_LINK_DAYS）；尚未生成答复告知书时为"
                            " null",
                        },
                    },
                },
            ]
        },
    },
}


# --- published publications (public) ---------------------------------------------------------

ATTACHMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "content_type", "size", "sha256", "url"],
    "properties": {
        "name": {"type": "string", "description": "原文件名"},
        "content_type": {"type": "string", "examples": ["application/pdf"]},
        "size": {"type": "integer", "minimum": 0, "description": "字节数"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "url": {"type": "string", "format": "uri", "description": "公开下载地址"},
    },
}
PUBLICATION_FIELDS: dict[str, Any] = {
    "id": {"type": "integer"},
    "index_number": {"type": "string", "description": "索引号", "examples": ["NJZ-2026-00071"]},
    "title": {"type": "string"},
    "body": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    },
    "issuer": {"type": "string", "description": "发布机构"},
    "written_on": {**DATE_OR_NULL, "description": "成文日期"},
    "published_on": {"type": "string", "format": "date", "description": "发布日期"},
    "document_number": {"type": "string", "description": "文号；没有文号时为空字符串"},
    "topic": {
        "type": ["object", "null"],
        "description": "主题分类（机关自定）",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    },
    "article_item": {
        "type": ["object", "null"],
        "description": "《条例》第二十条、第二十一条的公开事项",
        "required": ["code", "label"],
        "properties": {
            "code": {"type": "string", "examples": ["20.1"]},
            "label": {"type": "string"},
        },
    },
    "validity": {"enum": list(Validity.values), "description": "有效性"},
    "url": {"type": "string", "format": "uri", "description": "门户网站上的页面"},
    "attachments": {"type": "array", "items": {"$ref": "#/components/schemas/Attachment"}},
}
PUBLICATION_SUMMARY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "一条已发布的主动公开信息（列表中的一项）",
    "required": list(PUBLICATION_FIELDS),
    "properties": PUBLICATION_FIELDS,
}
PUBLICATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "一条已发布的主动公开信息及其正文",
    "required": [*PUBLICATION_FIELDS, "summary", "body_html", "interprets", "interpreted_by"],
    "properties": {
        **PUBLICATION_FIELDS,
        "summary": {"type": "string", "description": "内容概述"},
        "body_html": {
            "type": "string",
            "description": "正文 HTML，已按白名单清理（p、br、h2–h4、strong、em、u、列表、表格、"
            "a、img）",
        },
        "interprets": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "本信息（政策解读）所解读的已发布文件的 id",
        },
        "interpreted_by": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "解读本文件的已发布信息的 id",
        },
    },
}
PAGE_LINK: dict[str, Any] = {"type": ["string", "null"], "format": "uri"}
PUBLICATION_LIST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "count",
        "count_capped",
        "page",
        "pages",
        "page_size",
        "next",
        "previous",
        "results",
    ],
    "properties": {
        "count": {
            "type": "integer",
            "minimum": 0,
            "description": "符合条件的信息数，最多计到 10000",
        },
        "count_capped": {
            "type": "boolean",
            "description": "为 true 时实际数量超过 count，只提供前 10000 条的页",
        },
        "page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1},
        "next": {**PAGE_LINK, "description": "下一页的地址；最后一页为 null"},
        "previous": {**PAGE_LINK, "description": "上一页的地址；第一页为 null"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/PublicationSummary"}},
    },
}
SEARCH_HIT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "id",
        "title",
        "body",
        "published_on",
        "index_number",
        "snippet_html",
        "score",
        "url",
    ],
    "properties": {
        "id": {"type": "integer", "description": "信息的 id（GET /publications/{id}）"},
        "title": {"type": "string"},
        "body": PUBLICATION_FIELDS["body"],
        "published_on": {"type": "string", "format": "date"},
        "index_number": {"type": "string"},
        "snippet_html": {
            "type": "string",
            "description": "正文片段（HTML 已转义），命中的词语在 <mark> 中",
        },
        "score": {"type": "number", "description": "相关度，越大越相关（只用于排序）"},
        "url": {"type": "string", "format": "uri", "description": "门户网站上的页面"},
    },
}
SEARCH_RESULTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "query",
        "count",
        "count_capped",
        "page",
        "page_size",
        "next",
        "previous",
        "results",
    ],
    "properties": {
        "query": {"type": "string", "description": "整理空白后的检索词"},
        "count": {"type": "integer", "minimum": 0, "description": "命中数，最多计到 1000"},
        "count_capped": {"type": "boolean", "description": "为 true 时实际命中数超过 count"},
        "page": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1},
        "next": {**PAGE_LINK, "description": "下一页的地址；没有下一页时为 null"},
        "previous": {**PAGE_LINK, "description": "上一页的地址；第一页为 null"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
    },
}
PUBLIC_CACHE_HEADERS: dict[str, Any] = {
    "Cache-Control": {
        "description": "public, max-age=300",
        "schema": {"type": "string"},
    },
    "ETag": {
        "description": "应答内容的标识；请求时以 If-None-Match 提交，未变化时返回 304",
        "schema": {"type": "string"},
    },
}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


PAGE_PARAMETER = _query("page", {"type": "integer", "minimum": 1, "maximum": 200}, "页码，每页50条")


def _publication_paths() -> dict[str, Any]:
    not_modified = {"description": "内容未变化（If-None-Match 与 ETag 相同）"}
    rate_limited = _error("同一地址请求过于频繁")
    return {
        "/publications": {
            "get": {
                "operationId": "listPublications",
                "summary": "已发布的主动公开信息，按发布日期从新到旧",
                "parameters": [
                    _query("body_id", {"type": "integer", "minimum": 1}, "只看该机关的信息"),
                    _query(
                        "year",
                        {"type": "integer", "minimum": 1949},
                        "只看该年度发布的信息（按发布日期）",
                    ),
                    _query(
                        "article_item",
                        {"type": "string"},
                        "公开事项的代码（第二十条为 20.1–20.15，第二十一条见条例数据）",
                    ),
                    _query(
                        "topic",
                        {"type": "string"},
                        "主题分类：数字为分类的 id，其他为分类名称（完全相同）",
                    ),
                    _query("validity", {"enum": list(Validity.values)}, "有效性"),
                    _query(
                        "document_number",
                        {"type": "string", "maxLength": 100},
                        "文号中包含的文字，如 〔2026〕3号",
                    ),
                    PAGE_PARAMETER,
                ],
                "responses": {
                    "200": {
                        **_json("信息列表", "PublicationList"),
                        "headers": PUBLIC_CACHE_HEADERS,
                    },
                    "304": not_modified,
                    "400": _error("参数无效（机关 id、年度、公开事项、有效性或页码）"),
                    "429": rate_limited,
                },
            }
        },
        "/publications/search": {
            "get": {
                "operationId": "searchPublications",
                "summary": "全文检索已发布的主动公开信息（标题和正文、附件文字），相关度高的在前",
                "description": "检索词按空格分为多个词语，每个词语都须出现"
                "（中文按连续的字词匹配）；单个汉字只在标题中查找（指定机关时也在正文中查找）。",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "maxLength": 100},
                        "description": "检索词，最多100个字、10个词语",
                    },
                    {
                        "name": "body_id",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "array", "items": {"type": "integer"}, "maxItems": 50},
                        "style": "form",
                        "explode": True,
                        "description": "只在这些机关的信息中检索（可重复）；不填时检索全平台",
                    },
                    _query(
                        "page", {"type": "integer", "minimum": 1, "maximum": 20}, "页码，每页50条"
                    ),
                ],
                "responses": {
                    "200": {**_json("检索结果", "SearchResults"), "headers": PUBLIC_CACHE_HEADERS},
                    "304": not_modified,
                    "400": _error("检索词为空、过长或没有可检索的字词，或机关 id、页码无效"),
                    "429": rate_limited,
                },
            }
        },
        "/publications/{id}": {
            "get": {
                "operationId": "getPublication",
                "summary": "一条已发布的主动公开信息及其正文",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {**_json("信息", "Publication"), "headers": PUBLIC_CACHE_HEADERS},
                    "304": not_modified,
                    "404": _error("没有这条已发布的信息（未发布、已撤稿和不存在的答复相同）"),
                    "429": rate_limited,
                },
            }
        },
    }


PUBLICATION_SCHEMAS: dict[str, Any] = {
    "Attachment": ATTACHMENT_SCHEMA,
    "PublicationSummary": PUBLICATION_SUMMARY_SCHEMA,
    "PublicationList": PUBLICATION_LIST_SCHEMA,
    "Publication": PUBLICATION_SCHEMA,
    "SearchHit": SEARCH_HIT_SCHEMA,
    "SearchResults": SEARCH_RESULTS_SCHEMA,
}


# --- staff endpoints (bearer token) ----------------------------------------------------------

BEARER: list[dict[str, list[str]]] = [{"bearerAuth": []}]
#: The fields each action of ``POST …/actions/{action}`` reads (besides ``version``), as the
#: case page's form sends them; a test keeps the keys equal to the actions the API takes.
STAFF_ACTION_FIELDS: dict[str, dict[str, str]] = {
    "register": {"received_on": "收到申请日期（年-月-日）", "receipt_evidence": "确认情况"},
    "accept": {},
    "request_correction": {
        "items": "补正事项",
        "period_workdays": "补正期限（工作日）",
        "on": "告知日期",
    },
    "receive_correction": {"on": "收到补正日期", "text": "补正内容"},
    "lapse": {},
    "consultation_start": {
        "on": "开始日期",
        "pause_kind": "暂停事由：第三方征求意见、其他机关征求意见等",
        "note": "说明",
    },
    "consultation_end": {"on": "结束日期", "note": "说明"},
    "extend": {
        "on": "延期日期",
        "workdays": "延长的工作日数",
        "approver": "批准延期的负责人（本机关审核人或签发人的用户 id）",
        "reason": "延期理由",
    },
    "fee_notice": {
        "on": "通知日期",
        "fee_method": "计费方式：pieces（按件计收）或 pages（按量计收）",
        "fee_count": "件数或页数",
        "expected_amount": "核对过的收费金额（元）：GET …/fee-quote 返回的 amount；"
        "与平台按109号文计算的金额不符时拒绝",
        "note": "说明",
    },
    "fee_paid": {"on": "缴费日期"},
    "fee_lapse": {},
    "delay": {"on": "日期", "workdays": "延迟工作日数", "reason": "理由"},
    "transfer": {"to_body": "接收机关的 id", "reason": "转办理由"},
    "draft_reply": {
        "outcome": "办理结果（表三的行，如 3.1）",
        "basis": "法律依据",
        "text": "答复内容",
    },
    "approve_reply": {},
    "sign_reply": {},
    "return_reply": {"reason": "退回理由"},
    "deliver": {"method": "送达方式", "on": "送达日期"},
    "archive": {},
    "assign": {"assignee": "经办人的用户 id；空字符串表示取消分配"},
    "note": {"text": "备注内容（不向申请人显示）"},
}
PERSON_SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}
STAFF_ME_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "username", "full_name", "bodies"],
    "properties": {
        "id": {"type": "integer"},
        "username": {"type": "string"},
        "full_name": {"type": "string"},
        "bodies": {
            "type": "array",
            "description": "令牌可以访问的机关：本人任职的机关，以及监督员所辖的下级机关",
            "items": {
                "type": "object",
                "required": ["id", "name", "roles"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "roles": {
                        "type": "array",
                        "items": {"enum": list(Role.values)},
                        "description": "本人在该机关担任的角色（所辖下级机关为空）",
                    },
                },
            },
        },
    },
}
STAFF_ROW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "列表中的一件申请；与工作台列表相同，联系电话经过遮盖，不含证件号码和地址。",
    "required": ["id", "number", "version", "status", "applicant_name", "phone", "due_on"],
    "properties": {
        "id": {"type": "integer"},
        "number": {"type": "string"},
        "version": {"type": "integer"},
        "status": STATUS_SCHEMA,
        "status_label": {"type": "string"},
        "applicant_name": {"type": "string"},
        "phone": {"type": "string", "description": "遮盖后的联系电话，如 138****8000"},
        "assignee": {"$ref": "#/components/schemas/Person"},
        "received_on": DATE_OR_NULL,
        "due_on": DATE_OR_NULL,
        "days_left": {
            "type": ["integer", "null"],
            "description": "距答复期限的工作日数，逾期为负数",
        },
        "overdue": {"type": "boolean"},
    },
}
STAFF_LIST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["body", "today", "count", "page", "pages", "page_size", "results"],
    "properties": {
        "body": {"type": "object"},
        "today": {"type": "string", "format": "date"},
        "count": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "page_size": {"type": "integer", "minimum": 1},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/StaffCaseRow"}},
    },
}
STAFF_CASE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "办理页面显示的全部内容。本机关的经办人、审核人、签发人和机关管理员看到申请人的"
    "完整信息（personal_data=full）；上级监督员看到遮盖后的证件号码和电话，看不到邮箱和地址"
    "（personal_data=masked），也看不到附件。",
    "required": [
        "id",
        "number",
        "version",
        "status",
        "body",
        "applicant",
        "personal_data",
        "due_on",
        "clock",
        "ledger",
        "events",
        "actions",
    ],
    "properties": {
        "id": {"type": "integer"},
        "number": {"type": "string"},
        "version": {
            "type": "integer",
            "description": "办理操作时原样提交，用于发现他人已先行处理（409）",
        },
        "status": STATUS_SCHEMA,
        "status_label": {"type": "string"},
        "body": {"type": "object"},
        "channel": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "received_on": DATE_OR_NULL,
        "receipt_evidence": {"type": "string"},
        "due_on": DATE_OR_NULL,
        "days_left": {"type": ["integer", "null"]},
        "personal_data": {"enum": ["full", "masked"]},
        "applicant": {
            "type": "object",
            "required": ["kind", "name", "id_type", "id_number", "phone"],
            "properties": {
                "kind": {"enum": list(ApplicantKind.values)},
                "name": {"type": "string"},
                "contact_person": {"type": "string"},
                "id_type": {"enum": list(IdType.values)},
                "id_number": {"type": "string"},
                "phone": {"type": "string"},
                "email": {"type": ["string", "null"]},
                "address": {"type": ["string", "null"]},
                "postcode": {"type": ["string", "null"]},
            },
        },
        "description": {"type": "string"},
        "purpose": {"type": "string"},
        "form": {"type": "string"},
        "delivery": {"type": "string"},
        "correction_request": {"type": "string"},
        "correction_due": DATE_OR_NULL,
        "correction_text": {"type": "string"},
        "outcome": {"type": ["string", "null"]},
        "outcome_label": {"type": ["string", "null"]},
        "outcome_basis": {"type": "string"},
        "reply_text": {"type": "string"},
        "delivery_method": {"type": "string"},
        "delivered_on": DATE_OR_NULL,
        "closed_on": DATE_OR_NULL,
        "assignee": {"$ref": "#/components/schemas/Person"},
        "clock": {
            "type": "object",
            "description": "答复期限及其计算说明（lines 为逐条说明）；无法计算时 due 为 null、"
            "error 说明原因",
            "required": ["due", "error", "lines"],
            "properties": {
                "due": DATE_OR_NULL,
                "error": {"type": "string"},
                "stopped": {"type": "boolean"},
                "closed": {"type": "boolean"},
                "overdue": {"type": "boolean"},
                "extended": {"type": "boolean"},
                "workdays_used": {"type": "integer"},
                "workdays_left": {"type": ["integer", "null"]},
                "waiting_for": {"type": "string"},
                "waiting_until": DATE_OR_NULL,
                "lines": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["on", "text"],
                        "properties": {"on": DATE_OR_NULL, "text": {"type": "string"}},
                    },
                },
            },
        },
        "ledger": {
            "type": "array",
            "description": "期限台账（收到、补正、征求意见、延期等记录）",
            "items": {
                "type": "object",
                "required": ["kind", "on"],
                "properties": {
                    "kind": {"type": "string"},
                    "kind_label": {"type": "string"},
                    "on": {"type": "string", "format": "date"},
                    "pause_kind": {"type": "string"},
                    "workdays": {"type": "integer"},
                    "note": {"type": "string", "description": "说明；延期时为延期理由"},
                    "approver": {
                        "type": "string",
                        "description": "延期时批准延期的政府信息公开工作机构负责人；其他事项为空",
                    },
                    "actor": {"$ref": "#/components/schemas/Person"},
                    "at": {"type": "string", "format": "date-time"},
                },
            },
        },
        "events": {
            "type": "array",
            "description": "办理记录，含内部备注（public=false）",
            "items": {
                "type": "object",
                "required": ["at", "what", "public"],
                "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "what": {"type": "string"},
                    "text": {"type": "string"},
                    "public": {"type": "boolean"},
                    "actor": {"$ref": "#/components/schemas/Person"},
                },
            },
        },
        "attachments": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "size": {"type": "integer"},
                },
            },
        },
        "fee_schedule": {
            "type": ["object", "null"],
            "description": "令牌所有人此刻可以发出收费通知时：收费标准（国办函〔2020〕109号）和"
            "同一申请人本自然月此前已提出的件数；否则为 null。金额用 GET …/fee-quote 计算。",
            "required": ["earlier_pieces", "methods"],
            "properties": {
                "earlier_pieces": {"type": "integer", "minimum": 0},
                "methods": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["method", "label", "unit", "bands"],
                        "properties": {
                            "method": {"enum": ["pieces", "pages"]},
                            "label": {"type": "string"},
                            "unit": {"type": "string"},
                            "bands": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
        },
        "actions": {
            "type": "array",
            "description": "令牌所有人此刻可以进行的办理操作",
            "items": {
                "type": "object",
                "required": ["action", "label"],
                "properties": {
                    "action": {"enum": list(STAFF_ACTION_FIELDS)},
                    "label": {"type": "string"},
                },
            },
        },
    },
}
STAFF_FEE_QUOTE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "按国办函〔2020〕109号计算的信息处理费。发出收费通知（fee_notice）时，以同样的"
    " method、count 和 amount（作为 expected_amount）提交。",
    "required": ["version", "method", "count", "earlier_pieces", "amount", "lines", "chargeable"],
    "properties": {
        "version": {"type": "integer", "description": "计算时申请的 version"},
        "method": {"enum": ["pieces", "pages"]},
        "method_label": {"type": "string", "description": "按件计收或按量计收"},
        "count": {"type": "integer", "minimum": 1},
        "unit": {"type": "string", "description": "件或页"},
        "earlier_pieces": {
            "type": "integer",
            "minimum": 0,
            "description": "按件计收时，同一申请人本自然月此前已向本机关提出的件数（按量计收为0）",
        },
        "amount": {"type": "integer", "minimum": 0, "description": "金额（元）"},
        "lines": {
            "type": "array",
            "items": {"type": "string"},
            "description": "计算过程：每个收费档次一行，最后一行为合计",
        },
        "basis": {"type": "string"},
        "chargeable": {"type": "boolean", "description": "金额为0时不能发出收费通知"},
    },
}
STAFF_ACTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "办理操作的字段（与办理页面的表单相同，值为字符串或整数）。除 note 外必须提供"
    " version。各操作使用的字段："
    + "；".join(
        f"{action}：{'、'.join(fields) if fields else '无'}"
        for action, fields in STAFF_ACTION_FIELDS.items()
    )
    + "。",
    "properties": {
        "version": {"type": "integer", "description": "读取申请时看到的 version"},
        **{
            name: {"type": ["string", "integer"], "description": description}
            for fields in STAFF_ACTION_FIELDS.values()
            for name, description in fields.items()
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


STAFF_ERRORS: dict[str, Any] = {
    "401": {
        "description": "缺少令牌，或令牌无效、已吊销、已过期，或所属账号已停用",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "403": {
        "description": "令牌所有人无权访问该机关或该申请（机关或申请不存在时答复相同）",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}
BODY_ID: dict[str, Any] = {
    "name": "body_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
}
APPLICATION_ID: dict[str, Any] = {
    "name": "application_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
}


def _staff_paths() -> dict[str, Any]:
    case = "/staff/bodies/{body_id}/applications/{application_id}"
    return {
        "/staff/me": {
            "get": {
                "operationId": "getStaffMe",
                "summary": "令牌所有人及其可以访问的机关",
                "security": BEARER,
                "responses": {"200": _json("令牌所有人", "StaffMe"), **STAFF_ERRORS},
            }
        },
        "/staff/bodies/{body_id}/applications": {
            "get": {
                "operationId": "listStaffApplications",
                "summary": "机关的申请列表（与工作台待办列表相同，答复期限最近的在前）",
                "security": BEARER,
                "parameters": [
                    BODY_ID,
                    {
                        "name": "due",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["", "today", "week", "overdue"]},
                        "description": "today=今日到期，week=本周到期，overdue=已逾期",
                    },
                    {
                        "name": "mine",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["", "0", "1"]},
                        "description": "1=只看分配给令牌所有人的申请",
                    },
                    {
                        "name": "status",
                        "in": "query",
                        "required": False,
                        "schema": {"enum": ["", *Status.values]},
                        "description": "只看该状态的申请（含已办结的状态）；不填时只列办理中的申请",
                    },
                    {
                        "name": "page",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1},
                        "description": "页码，每页50件",
                    },
                ],
                "responses": {
                    "200": _json("申请列表", "StaffCaseList"),
                    "400": _error("筛选参数或页码无效"),
                    **STAFF_ERRORS,
                },
            }
        },
        case: {
            "get": {
                "operationId": "getStaffApplication",
                "summary": "一件申请的全部办理信息（含期限台账和计算说明、办理记录）",
                "security": BEARER,
                "parameters": [BODY_ID, APPLICATION_ID],
                "responses": {"200": _json("申请", "StaffCase"), **STAFF_ERRORS},
            }
        },
        case + "/fee-quote": {
            "get": {
                "operationId": "quoteStaffApplicationFee",
                "summary": "计算信息处理费（发出收费通知前；与办理页面的“计算金额”相同）",
                "security": BEARER,
                "parameters": [
                    BODY_ID,
                    APPLICATION_ID,
                    {
                        "name": "method",
                        "in": "query",
                        "required": True,
                        "schema": {"enum": ["pieces", "pages"]},
                        "description": "pieces=按件计收，pages=按量计收",
                    },
                    {
                        "name": "count",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                        "description": "本申请的件数或页数",
                    },
                ],
                "responses": {
                    "200": _json("金额及计算过程", "StaffFeeQuote"),
                    "400": _error("计费方式或数量无效，中文说明原因"),
                    **STAFF_ERRORS,
                    "409": _error("申请当前状态不能发出收费通知（invalid_state）"),
                },
            }
        },
        case + "/actions/{action}": {
            "post": {
                "operationId": "actOnStaffApplication",
                "summary": "办理操作（与办理页面的操作相同，权限、校验和记录均相同）",
                "security": BEARER,
                "parameters": [
                    BODY_ID,
                    APPLICATION_ID,
                    {
                        "name": "action",
                        "in": "path",
                        "required": True,
                        "schema": {"enum": list(STAFF_ACTION_FIELDS)},
                        "description": "；".join(
                            f"{t.action}={t.label}"
                            for t in TRANSITIONS
                            if t.action in STAFF_ACTION_FIELDS
                        ),
                    },
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "maxLength": 255},
                        "description": "同一令牌所有人以同一键、同一请求重复提交时，返回第一次的"
                        "应答（应答头 Idempotent-Replayed: true），操作只进行一次；同一键、"
                        "不同请求返回 422。",
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/StaffAction"}}
                    },
                },
                "responses": {
                    "200": _json("操作已完成：操作后的申请", "StaffCase"),
                    "400": _error("输入无效（日期、天数、缺少 version 等），中文说明原因"),
                    **STAFF_ERRORS,
                    "404": _error("没有这个办理操作"),
                    "409": _error(
                        "version 已过时（他人已先行处理，stale）或申请当前状态不能进行该操作"
                        "（invalid_state）"
                    ),
                    "413": _error("请求体过大"),
                    "422": _error("Idempotency-Key 已用于内容不同的操作"),
                },
            }
        },
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
            "/bodies/{id}/reports/{year}": {
                "get": {
                    "operationId": "getBodyReport",
                    "summary": "某机关某年度已发布的年度报告统计表（平台编制或收集的）",
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
                        },
                    ],
                    "responses": {
                        "200": _json("已发布的年度报告（空白格为 null）", "AnnualReport"),
                        "400": _error("年份格式不对"),
                        "404": _error("没有这个机关，或该机关没有已发布的该年度报告"),
                        "429": _error("请求过于频繁"),
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
            **_publication_paths(),
            **_staff_paths(),
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
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "在工作台“接口令牌”页面创建的令牌，写作"
                    " Authorization: Bearer gk_…；令牌拥有其所有人的全部角色和权限。"
                    "会话 Cookie 不能访问这些接口。",
                }
            },
            "schemas": {
                "Body": BODY_SCHEMA,
                "Error": ERROR_SCHEMA,
                "Statistics": STATISTICS_SCHEMA,
                "AnnualReport": REPORT_SCHEMA,
                "Applicant": APPLICANT_SCHEMA,
                "ApplicationNew": APPLICATION_NEW_SCHEMA,
                "ApplicationCreated": APPLICATION_CREATED_SCHEMA,
                "ApplicationStatus": APPLICATION_STATUS_SCHEMA,
                **PUBLICATION_SCHEMAS,
                "Person": PERSON_SCHEMA,
                "StaffMe": STAFF_ME_SCHEMA,
                "StaffCaseRow": STAFF_ROW_SCHEMA,
                "StaffCaseList": STAFF_LIST_SCHEMA,
                "StaffCase": STAFF_CASE_SCHEMA,
                "StaffFeeQuote": STAFF_FEE_QUOTE_SCHEMA,
                "StaffAction": STAFF_ACTION_SCHEMA,
            },
        },
    }
