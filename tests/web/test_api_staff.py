"""``/api/v1/staff/…`` with bearer tokens: the token page, refused tokens, the permission matrix,
masked lists, every action ending as on the case page, stale versions, idempotent retries."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from applications_world import (  # noqa: F401 (fixtures)
    APPLICANT,
    RESIDENT_ID,
    TODAY,
    World,
    empty_cache_fixture,
    submit,
    today_fixture,
    world_fixture,
)
from django.conf import settings
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from test_api_applications import conforms

from gongkai.api import services as api_services
from gongkai.api.models import ActionIdempotencyKey, ApiToken
from gongkai.api.openapi import STAFF_ACTION_FIELDS, openapi_document
from gongkai.applications import services
from gongkai.applications.models import Application, Status
from gongkai.applications.selectors import application_fee_quote
from gongkai.applications.views_staff import HANDLERS
from gongkai.applications.workflow import transition_get
from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.organizations.models import Role, User
from gongkai.organizations.services import membership_grant, membership_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

API = "/api/v1/staff"
PEOPLE = ("clerk", "reviewer", "approver", "admin", "supervisor", "other_clerk", "outsider")
#: People who may read the town's cases (as on the staff pages); everybody else gets 403.
READERS = {"clerk", "reviewer", "approver", "admin", "supervisor"}


def _received(world: World, on: date = TODAY, **changes: str) -> Application:
    application, _code = services.application_intake(
        body=world.town,
        actor=world.clerk,
        channel="当面",
        received_on=on,
        receipt_evidence="",
        **{**APPLICANT, **changes},
    )
    return application


def _token(user: User, **kw: Any) -> str:
    """A token of ``user``; one who holds no role gets it while holding one, then loses the role."""
    granted = None
    if not api_services.user_may_hold_tokens(user=user):
        granted = membership_grant(user=user, body=kw["world"].other, role=Role.CLERK)
    _row, secret = api_services.api_token_create(
        user=user, name=kw.pop("name", "测试"), expires_on=kw.pop("expires_on", None)
    )
    if granted is not None:
        membership_revoke(membership=granted)
    return secret


def _get(path: str, token: str | None, **params: str) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(path, params, headers=headers)


def _post(path: str, token: str | None, data: object, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if key is not None:
        headers["Idempotency-Key"] = key
    body = json.dumps(data, ensure_ascii=False)
    client = Client(enforce_csrf_checks=True)
    return client.post(path, body, content_type="application/json", headers=headers)


def _case_url(world: World, application: Application, body_id: int | None = None) -> str:
    return f"{API}/bodies/{body_id or world.town.pk}/applications/{application.pk}"


def _fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


# --- tokens -----------------------------------------------------------------------------------


def test_token_lifecycle_through_the_workspace_page(world: World) -> None:
    browser = Client()
    browser.force_login(world.clerk)
    assert 'href="/workspace/tokens/"' in browser.get("/workspace/").content.decode()
    assert browser.get("/workspace/tokens/").status_code == 200
    refused = browser.post("/workspace/tokens/", {"name": "", "expires_on": ""})
    assert refused.status_code == 400 and "请填写令牌名称。" in refused.content.decode()
    created = browser.post("/workspace/tokens/", {"name": "12345热线对接", "expires_on": ""})
    page = created.content.decode()
    token = ApiToken.objects.get()
    secret = page.split('<code id="token-secret">', 1)[1].split("</code>", 1)[0]
    assert created.status_code == 200 and secret.startswith("gk_") and len(secret) > 40
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(list(ApiToken.objects.values()), default=str)
    listed = browser.get("/workspace/tokens/").content.decode()
    assert "12345热线对接" in listed and secret not in listed and "从未使用" in listed

    me = _get(f"{API}/me", secret)
    assert me.status_code == 200 and me.json()["username"] == "clerk"
    assert me.json()["bodies"] == [
        {"id": world.town.pk, "name": world.town.name, "roles": [Role.CLERK]}
    ]
    token.refresh_from_db()
    assert token.last_used_at is not None

    other = Client()
    other.force_login(world.admin)
    assert other.post(f"/workspace/tokens/{token.pk}/revoke/").status_code == 403
    assert _get(f"{API}/me", secret).status_code == 200
    browser.post(f"/workspace/tokens/{token.pk}/revoke/")
    gone = _get(f"{API}/me", secret)
    assert gone.status_code == 401 and gone.json()["message"] == "接口令牌已吊销。"
    assert "已吊销" in browser.get("/workspace/tokens/").content.decode()

    events = AuditEvent.objects.filter(object_type="api.apitoken").order_by("id")
    assert [e.action for e in events] == [
        AuditAction.API_TOKEN_CREATE,
        AuditAction.API_TOKEN_REVOKE,
    ]
    assert all(e.actor == world.clerk for e in events)
    assert secret not in json.dumps([e.new_values for e in events])
    assert token.digest not in json.dumps([e.new_values for e in events])


def test_the_token_page_is_for_staff_only(world: World) -> None:
    assert Client().get("/workspace/tokens/")["Location"].startswith("/accounts/login/")
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get("/workspace/tokens/").status_code == 403
    assert outsider.post("/workspace/tokens/", {"name": "x"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_expiry_must_be_in_the_future(world: World) -> None:
    browser = Client()
    browser.force_login(world.clerk)
    past = browser.post("/workspace/tokens/", {"name": "x", "expires_on": "2026-03-02"})
    assert past.status_code == 400 and "有效期须晚于今天" in past.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    "case", ["missing", "scheme", "unknown", "revoked", "expired", "inactive", "session"]
)
def test_refused_tokens_are_401_in_chinese(
    world: World, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _token(world.clerk, expires_on=TODAY + timedelta(days=1))
    headers = {"Authorization": f"Bearer {secret}"}
    client = Client()
    if case == "missing":
        headers = {}
    elif case == "scheme":
        headers = {"Authorization": f"Token {secret}"}
    elif case == "unknown":
        headers = {"Authorization": "Bearer gk_" + "x" * 43}
    elif case == "revoked":
        api_services.api_token_revoke(user=world.clerk, token_id=ApiToken.objects.get().pk)
    elif case == "expired":
        later = datetime(2026, 3, 4, 9, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
        monkeypatch.setattr(services, "clock_now", lambda: later)
    elif case == "inactive":
        User.objects.filter(pk=world.clerk.pk).update(is_active=False)
    elif case == "session":  # a signed-in browser has no access to the staff API
        client.force_login(world.clerk)
        headers = {}
    response = client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    answer = response.json()
    assert set(answer) == {"error", "message"} and answer["error"] == "unauthorized"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["message"])
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_is_valid_through_its_last_day(world: World) -> None:
    secret = _token(world.clerk, expires_on=TODAY + timedelta(days=1))
    assert _get(f"{API}/me", secret).status_code == 200


# --- reading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["queue", "case"])
@pytest.mark.parametrize("person", PEOPLE)
def test_permission_matrix(world: World, what: str, person: str) -> None:
    application = _received(world)
    url = _case_url(world, application)
    url = url.rsplit("/", 1)[0] if what == "queue" else url
    response = _get(url, _token(world.user(person), world=world))
    if person in READERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert response.json()["error"] == "forbidden"
        assert application.number not in response.content.decode()


def test_a_case_through_another_body_or_missing_is_the_same_403(world: World) -> None:
    application = _received(world)
    secret = _token(world.other_clerk)
    through_own = _get(_case_url(world, application, body_id=world.other.pk), secret)
    missing = _get(f"{API}/bodies/{world.other.pk}/applications/999999", secret)
    unknown_body = _get(f"{API}/bodies/999999/applications", secret)
    assert through_own.status_code == missing.status_code == unknown_body.status_code == 403
    assert through_own.content == missing.content == unknown_body.content


def test_the_case_in_full_for_the_handling_body(world: World) -> None:
    application = _received(world)
    services.application_note_add(
        application_id=application.pk, actor=world.clerk, text="内部备注甲"
    )
    answer = _get(_case_url(world, application), _token(world.reviewer)).json()
    assert conforms(answer, {"$ref": "#/components/schemas/StaffCase"}, openapi_document())
    assert answer["personal_data"] == "full"
    assert answer["applicant"]["id_number"] == RESIDENT_ID
    assert answer["applicant"]["address"] == APPLICANT["address"]
    assert answer["due_on"] == answer["clock"]["due"] == "2026-03-30"
    assert answer["days_left"] == 20
    assert any("收到申请" in line["text"] for line in answer["clock"]["lines"])
    assert [entry["kind"] for entry in answer["ledger"]] == ["received"]
    assert {"what": "内部备注", "text": "内部备注甲", "public": False}.items() <= answer["events"][
        -1
    ].items()
    # before the reply is drafted the reviewer may only assign and note
    assert {a["action"] for a in answer["actions"]} == {"assign", "note"}
    clerk = _get(_case_url(world, application), _token(world.clerk)).json()
    assert {"accept", "request_correction", "draft_reply", "assign", "note"} <= {
        a["action"] for a in clerk["actions"]
    }


def test_the_supervisor_reads_masked_and_cannot_act(world: World) -> None:
    application = _received(world)
    secret = _token(world.supervisor)
    response = _get(_case_url(world, application), secret)
    text = response.content.decode()
    answer = response.json()
    assert answer["personal_data"] == "masked" and answer["actions"] == []
    assert answer["applicant"]["phone"] == "138****8000" and answer["attachments"] == []
    for secret_value in (RESIDENT_ID, "13800138000", APPLICANT["address"], APPLICANT["email"]):
        assert secret_value not in text
    refused = _post(
        _case_url(world, application) + "/actions/accept", secret, {"version": application.version}
    )
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert _fresh(application).status == Status.REVIEW


def test_the_list_is_masked_filtered_and_paged(world: World) -> None:
    late = _received(world, on=date(2026, 1, 5), name="王五")  # due before 春节 2026
    fresh = _received(world, name="赵六")
    secret = _token(world.clerk)
    url = f"{API}/bodies/{world.town.pk}/applications"
    response = _get(url, secret)
    answer = response.json()
    assert conforms(answer, {"$ref": "#/components/schemas/StaffCaseList"}, openapi_document())
    assert [row["number"] for row in answer["results"]] == [late.number, fresh.number]
    assert answer["results"][0]["overdue"] is True and answer["results"][1]["overdue"] is False
    assert answer["results"][0]["phone"] == "138****8000"
    text = response.content.decode()
    for secret_value in (RESIDENT_ID, "13800138000", APPLICANT["address"], APPLICANT["email"]):
        assert secret_value not in text

    def numbers(**params: str) -> list[str]:
        return [row["number"] for row in _get(url, secret, **params).json()["results"]]

    assert numbers(due="overdue") == [late.number]
    assert numbers(due="week") == []
    services.application_assign(
        application_id=fresh.pk, actor=world.admin, expected_version=fresh.version, assignee=None
    )
    assert numbers(mine="1") == [late.number]
    assert numbers(status=Status.REVIEW) == [late.number, fresh.number]
    assert numbers(status=Status.ARCHIVED) == []
    assert _get(url, secret, page="2").status_code == 400
    bad = _get(url, secret, due="tomorrow")
    assert bad.status_code == 400 and "today、week、overdue" in bad.json()["message"]


def test_the_list_query_count_does_not_grow_with_its_rows(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    secret = _token(world.clerk)
    url = f"{API}/bodies/{world.town.pk}/applications"
    for _ in range(3):
        _received(world)
    _get(url, secret)  # records last_used_at
    with django_assert_max_num_queries(10) as few:
        _get(url, secret)
    for _ in range(20):
        _received(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_get(url, secret).json()["results"]) == 23


# --- acting -----------------------------------------------------------------------------------


def _fee_fields(application: Application) -> dict[str, Any]:
    quote = application_fee_quote(application=_fresh(application), method="pages", count=120)
    return {
        "on": TODAY.isoformat(),
        "fee_method": "pages",
        "fee_count": 120,
        "expected_amount": quote.amount,
        "note": "",
    }


#: Scenarios: how the case starts, then (who, action, fields) — each run once through the API and
#: once through the case page on a twin case; both must end every step in the same state.
Step = tuple[str, str, Any]
SCENARIOS: dict[str, tuple[str, list[Step]]] = {
    "reply": (
        "intake",
        [
            ("admin", "assign", {"assignee": "{admin}"}),
            ("reviewer", "note", {"text": "请注意时限"}),
            ("clerk", "accept", {}),
            (
                "clerk",
                "consultation_start",
                {"on": TODAY.isoformat(), "pause_kind": "第三方征求意见", "note": "函询某公司"},
            ),
            ("clerk", "consultation_end", {"on": TODAY.isoformat(), "note": "已答复"}),
            (
                "clerk",
                "extend",
                {
                    "on": TODAY.isoformat(),
                    "workdays": 10,
                    "approver": "{reviewer}",
                    "reason": "量大",
                },
            ),
            ("clerk", "draft_reply", {"outcome": "3.1", "basis": "第二十七条", "text": "予以公开"}),
            ("reviewer", "return_reply", {"reason": "请补充依据"}),
            ("clerk", "draft_reply", {"outcome": "3.1", "basis": "第二十七条", "text": "予以公开"}),
            ("reviewer", "approve_reply", {}),
            ("approver", "sign_reply", {}),
            ("clerk", "deliver", {"method": "电子邮件", "on": TODAY.isoformat()}),
            ("clerk", "archive", {}),
        ],
    ),
    "online": (
        "online",
        [
            (
                "clerk",
                "register",
                {"received_on": TODAY.isoformat(), "receipt_evidence": "电话确认"},
            ),
            (
                "clerk",
                "request_correction",
                {"items": "请写明路段", "period_workdays": 15, "on": TODAY.isoformat()},
            ),
            ("clerk", "receive_correction", {"on": TODAY.isoformat(), "text": "某路"}),
            ("clerk", "fee_notice", _fee_fields),
            ("clerk", "fee_paid", {"on": TODAY.isoformat()}),
            ("clerk", "delay", {"on": TODAY.isoformat(), "workdays": 15, "reason": "重复申请量大"}),
            ("admin", "transfer", {"to_body": "{other}", "reason": "属丙镇职责"}),
        ],
    ),
    "lapse": (
        "january",
        [
            (
                "clerk",
                "request_correction",
                {"items": "请写明路段", "period_workdays": 15, "on": "2026-01-06"},
            ),
            ("clerk", "lapse", {}),
        ],
    ),
    "fee_lapse": (
        "january",
        [
            ("clerk", "accept", {}),
            (
                "clerk",
                "fee_notice",
                lambda a: {**_fee_fields(a), "on": "2026-01-06"},
            ),
            ("clerk", "fee_lapse", {}),
        ],
    ),
}


def _start(world: World, how: str) -> Application:
    if how == "online":
        return submit(world.town)[0]
    if how == "january":
        return _received(world, on=date(2026, 1, 5))
    return _received(world)


def _fields(world: World, application: Application, fields: Any) -> dict[str, Any]:
    raw = fields(application) if callable(fields) else fields
    ids = {"{admin}": world.admin.pk, "{reviewer}": world.reviewer.pk, "{other}": world.other.pk}
    return {k: ids.get(v, v) if isinstance(v, str) else v for k, v in raw.items()}


def _state(application: Application) -> dict[str, Any]:
    a = _fresh(application)
    return {
        "body": a.body_id,
        "status": a.status,
        "version": a.version,
        "due_on": a.due_on,
        "outcome": a.outcome,
        "assignee": a.assignee_id,
        "correction_due": a.correction_due,
        "closed_on": a.closed_on,
        "ledger": list(
            a.clock_entries.order_by("id").values_list("kind", "on", "workdays", "pause_kind")
        ),
        "events": list(a.events.order_by("id").values_list("what", "text", "public", "actor")),
    }


def test_every_action_is_in_a_scenario_and_in_the_document() -> None:
    used = {action for _how, steps in SCENARIOS.values() for _who, action, _f in steps}
    assert used == set(HANDLERS) == set(STAFF_ACTION_FIELDS)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_action_through_the_api_ends_as_through_the_case_page(
    world: World, scenario: str
) -> None:
    how, steps = SCENARIOS[scenario]
    by_api, by_page = _start(world, how), _start(world, how)
    tokens = {name: _token(world.user(name)) for name in {who for who, _a, _f in steps}}
    for who, action, fields in steps:
        data = _fields(world, by_api, fields)
        before = _fresh(by_api)
        body_id = before.body_id
        response = _post(
            _case_url(world, by_api, body_id) + f"/actions/{action}",
            tokens[who],
            {**data, "version": before.version},
        )
        assert response.status_code == 200, (action, response.json())
        page = Client()
        page.force_login(world.user(who))
        form = {k: str(v) for k, v in _fields(world, by_page, fields).items()}
        case_page = f"/workspace/bodies/{body_id}/applications/{by_page.pk}/"
        page.post(f"{case_page}{action}/", {**form, "version": str(_fresh(by_page).version)})
        assert _state(by_api) == _state(by_page), action
        if action != "transfer":
            answer = response.json()
            assert answer["version"] == _fresh(by_api).version
            assert answer["status"] == _fresh(by_api).status
    final = {
        "reply": Status.ARCHIVED,
        "lapse": transition_get("lapse").target,
        "fee_lapse": transition_get("fee_lapse").target,
    }
    assert _fresh(by_api).status == final.get(scenario, Status.PROCESSING)


def test_a_stale_version_is_409_and_changes_nothing(world: World) -> None:
    application = _received(world)
    url = _case_url(world, application) + "/actions/accept"
    clerk, admin = _token(world.clerk), _token(world.admin)
    assert _post(url, clerk, {"version": application.version}).status_code == 200
    before = _state(application)
    stale = _post(
        _case_url(world, application) + "/actions/request_correction",
        admin,
        {"version": application.version, "items": "请补正", "on": TODAY.isoformat()},
    )
    assert stale.status_code == 409
    assert stale.json() == {"error": "stale", "message": "该申请已被他人处理，请刷新后重试。"}
    assert _state(application) == before


def test_the_service_checks_the_version_again_under_its_lock(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    application = _received(world)
    real = services.application_accept

    def raced(**kw: Any) -> Application:  # someone else acts between the view's check and ours
        services.application_note_add(application_id=application.pk, actor=world.admin, text="x")
        Application.objects.filter(pk=application.pk).update(version=application.version + 1)
        return real(**kw)

    monkeypatch.setattr(services, "application_accept", raced)
    url = _case_url(world, application) + "/actions/accept"
    response = _post(url, _token(world.clerk), {"version": application.version})
    assert response.status_code == 409 and response.json()["error"] == "stale"
    assert _fresh(application).status == Status.REVIEW


@pytest.mark.parametrize(
    ("action", "data", "status", "code"),
    [
        ("accept", {}, 400, "invalid"),  # no version
        ("accept", {"version": "1"}, 400, "invalid"),
        ("draft_reply", {"outcome": "9.9"}, 400, "invalid"),
        ("consultation_start", {"on": "2026-02-30"}, 400, "invalid"),
        ("approve_reply", {}, 403, "forbidden"),  # not the clerk's step
        ("deliver", {"method": "邮寄", "on": "2026-03-02"}, 409, "invalid_state"),
        ("fly", {}, 404, "unknown_action"),
        ("note", {"text": ["a"]}, 400, "invalid"),
    ],
)
def test_bad_actions_are_refused_in_chinese_and_write_nothing(
    world: World, action: str, data: dict[str, Any], status: int, code: str
) -> None:
    application = _received(world)
    if "version" not in data and action not in ("accept", "note"):
        data = {**data, "version": application.version}
    before = _state(application)
    response = _post(
        _case_url(world, application) + f"/actions/{action}", _token(world.clerk), data
    )
    assert response.status_code == status and response.json()["error"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["message"])
    assert _state(application) == before


def test_the_date_error_is_the_case_pages_message(world: World) -> None:
    application = _received(world)
    url = _case_url(world, application) + "/actions/request_correction"
    data = {
        "version": application.version,
        "items": "请补正",
        "period_workdays": 15,
        "on": "2026-02-30",
    }
    response = _post(url, _token(world.clerk), data)
    assert response.json()["message"] == "请填写正确的日期（年-月-日）。"


def test_a_retry_with_the_same_key_acts_once(world: World) -> None:
    application = _received(world)
    secret = _token(world.clerk)
    url = _case_url(world, application) + "/actions/note"
    first = _post(url, secret, {"text": "来电询问"}, key="retry-1")
    again = _post(url, secret, {"text": "来电询问"}, key="retry-1")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true" and first.json() == again.json()
    assert application.events.filter(text="来电询问").count() == 1
    other = _post(url, secret, {"text": "另一条"}, key="retry-1")
    assert other.status_code == 422 and other.json()["error"] == "idempotency_key_reused"

    accept = _case_url(world, application) + "/actions/accept"
    done = _post(accept, secret, {"version": application.version}, key="accept-1")
    replay = _post(accept, secret, {"version": application.version}, key="accept-1")
    assert done.status_code == replay.status_code == 200 and replay.json() == done.json()
    assert _fresh(application).version == application.version + 1
    # another person's key space is their own
    admin = _post(accept, _token(world.admin), {"version": application.version}, key="accept-1")
    assert admin.status_code == 409
    assert ActionIdempotencyKey.objects.count() == 2


def test_a_failed_action_keeps_no_key(world: World) -> None:
    application = _received(world)
    secret = _token(world.clerk)
    url = _case_url(world, application) + "/actions/draft_reply"
    bad = _post(url, secret, {"version": application.version, "outcome": "9.9"}, key="k")
    assert bad.status_code == 400 and not ActionIdempotencyKey.objects.exists()
    good = _post(url, secret, {"version": application.version, "outcome": "3.1"}, key="k")
    assert good.status_code == 200 and good.json()["status"] == Status.REPLY_REVIEW


def test_actions_need_no_csrf_token_and_get_is_405(world: World) -> None:
    application = _received(world)
    url = _case_url(world, application) + "/actions/accept"
    secret = _token(world.clerk)
    assert _get(url, secret).status_code == 405
    assert _post(url, secret, {"version": application.version}).status_code == 200
    assert _post(url, None, {"version": application.version + 1}).status_code == 401


# --- the fee quote ------------------------------------------------------------------------------


def _accepted(world: World) -> Application:
    case = _received(world)
    return services.application_accept(
        application_id=case.pk, actor=world.clerk, expected_version=case.version
    )


def test_an_api_client_quotes_the_fee_then_sends_the_notice(world: World) -> None:
    for _ in range(10):  # the same applicant's 件 1–10 of March: free
        _received(world)
    case = _accepted(world)
    secret = _token(world.clerk)
    detail = _get(_case_url(world, case), secret).json()
    assert conforms(detail, {"$ref": "#/components/schemas/StaffCase"}, openapi_document())
    schedule = detail["fee_schedule"]
    assert schedule["earlier_pieces"] == 10
    assert [m["method"] for m in schedule["methods"]] == ["pieces", "pages"]
    assert "第11—30件：100元/件" in schedule["methods"][0]["bands"]
    assert "201页以上：40元/页" in schedule["methods"][1]["bands"]

    response = _get(_case_url(world, case) + "/fee-quote", secret, method="pieces", count="2")
    assert response.status_code == 200
    quote = response.json()
    assert conforms(quote, {"$ref": "#/components/schemas/StaffFeeQuote"}, openapi_document())
    assert quote["amount"] == 200 and quote["earlier_pieces"] == 10 and quote["chargeable"]
    assert quote["lines"] == [
        "同一申请人本自然月此前已累计申请10件，本申请计2件，为本月第11—12件",
        "第11—12件：2件 × 100元/件 = 200元",
        "合计：200元",
    ]
    sent = _post(
        _case_url(world, case) + "/actions/fee_notice",
        secret,
        {
            "version": quote["version"],
            "on": TODAY.isoformat(),
            "fee_method": quote["method"],
            "fee_count": quote["count"],
            "expected_amount": quote["amount"],
        },
    )
    assert sent.status_code == 200, sent.json()
    fresh = _fresh(case)
    assert (fresh.fee_method, fresh.fee_count, fresh.fee_amount) == ("pieces", 2, 200)
    # the law core refuses a second notice: neither the action nor the schedule is offered again
    after = _get(_case_url(world, case), secret).json()
    assert conforms(after, {"$ref": "#/components/schemas/StaffCase"}, openapi_document())
    assert after["fee_schedule"] is None
    actions = [a["action"] for a in after["actions"]]
    assert "fee_notice" not in actions and "fee_paid" in actions
    before = [a["action"] for a in detail["actions"]]
    assert "fee_notice" in before and {*actions} == {*before} - {"fee_notice"}


def test_a_quote_by_pages_counts_this_application_alone(world: World) -> None:
    _received(world)  # an earlier 件 changes nothing 按量
    case = _accepted(world)
    response = _get(
        _case_url(world, case) + "/fee-quote", _token(world.clerk), method="pages", count="120"
    )
    # pages 1–30 free, 31–100: 70 × 10 = 700, 101–120: 20 × 20 = 400
    assert response.json()["amount"] == 1100 and response.json()["earlier_pieces"] == 0
    free = _get(
        _case_url(world, case) + "/fee-quote", _token(world.clerk), method="pages", count="30"
    )
    assert free.json()["amount"] == 0 and free.json()["chargeable"] is False


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"method": "weight", "count": "2"}, "请选择计费方式（按件计收或按量计收）。"),
        ({"method": "pieces", "count": "x"}, "参数 count（件数或页数）应为正整数。"),
        ({"method": "pieces"}, "参数 count（件数或页数）应为正整数。"),
        ({"method": "pages", "count": "0"}, "按量计收的数量应为1至100000页。"),
    ],
    ids=["method", "count-text", "count-missing", "count-zero"],
)
def test_bad_quote_parameters_are_400_in_chinese(
    world: World, params: dict[str, str], message: str
) -> None:
    case = _accepted(world)
    response = _get(_case_url(world, case) + "/fee-quote", _token(world.clerk), **params)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid", "message": message}


def test_only_those_who_may_send_the_notice_get_a_quote(world: World) -> None:
    case = _accepted(world)
    url = _case_url(world, case) + "/fee-quote"
    assert _get(url, None, method="pieces", count="2").status_code == 401
    for person in ("reviewer", "approver", "supervisor", "other_clerk", "outsider"):
        secret = _token(world.user(person), world=world)
        response = _get(url, secret, method="pieces", count="2")
        assert response.status_code == 403, person
        if person in READERS:
            assert _get(_case_url(world, case), secret).json()["fee_schedule"] is None
    waiting = _received(world)  # still 审核: no fee notice yet
    refused = _get(_case_url(world, waiting) + "/fee-quote", _token(world.clerk), method="pieces")
    assert refused.status_code == 409
    assert refused.json()["message"] == "该申请当前状态为“审核”，不能发出收费通知。"
    assert _get(_case_url(world, waiting), _token(world.clerk)).json()["fee_schedule"] is None
