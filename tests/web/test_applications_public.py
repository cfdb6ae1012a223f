"""The public pages: applying online, double submission, abuse protection, and tracking."""

from __future__ import annotations

import re
from typing import Any

import pytest
from applications_world import (  # noqa: F401
    APPLICANT,
    RESIDENT_ID,
    World,
    credit_code,
    empty_cache_fixture,
    submit,
    today_fixture,
    world_fixture,
)
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.applications import services, throttle
from gongkai.applications.models import Application, Attachment, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

PERSONAL = ("张三", RESIDENT_ID, "13800138000", "zs@example.com", "北京市朝阳区某街1号")


def _form(client: Client, world: World) -> dict[str, Any]:
    """GET the form and fill it as a person would: the token it carries, the sum it asks."""
    response = client.get(f"/bodies/{world.town.pk}/apply/")
    assert response.status_code == 200
    html = response.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', html)
    question = re.search(r"(\d) 加 (\d) 等于多少", html)
    assert token is not None and question is not None
    answer = int(question.group(1)) + int(question.group(2))
    return {**APPLICANT, "token": token.group(1), "challenge": str(answer), "website": ""}


def _post(client: Client, world: World, data: dict[str, Any]) -> Any:
    return client.post(f"/bodies/{world.town.pk}/apply/", data)


def test_the_part_page_links_to_the_form(client: Client, world: World) -> None:
    html = client.get(f"/bodies/{world.town.pk}/on-request/").content.decode()
    assert f'href="/bodies/{world.town.pk}/apply/"' in html
    assert 'href="/applications/track/"' in html


def test_the_form_is_never_cached(client: Client, world: World) -> None:
    first = client.get(f"/bodies/{world.town.pk}/apply/")
    second = client.get(f"/bodies/{world.town.pk}/apply/")
    assert "no-store" in first["Cache-Control"]
    assert "csrfmiddlewaretoken" in first.content.decode()
    token = re.compile(r'name="token" value="([^"]+)"')
    assert token.findall(first.content.decode()) != token.findall(second.content.decode())
    for label in (
        "申请人类型",
        "证件号码",
        "联系电话",
        "所需政府信息的名称、文号",
        "获取信息的方式",
    ):
        assert label in first.content.decode()


def test_apply_online(client: Client, world: World) -> None:
    data = _form(client, world)
    upload = SimpleUploadedFile("说明.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(f"/bodies/{world.town.pk}/apply/", {**data, "attachment": upload})
    assert response.status_code == 200
    html = response.content.decode()
    application = Application.objects.get()
    assert application.number in html and application.number.startswith("2026-")
    code = re.search(r'<span class="code-box">([A-Z0-9]{10})</span>', html)
    assert code is not None and services.query_code_matches(application, code.group(1))
    assert application.status == Status.REGISTERED and application.body == world.town
    assert application.id_number == RESIDENT_ID and application.query_code_hash != code.group(1)
    assert Attachment.objects.get().name == "说明.pdf"


def test_an_organization_applies_with_its_credit_code(client: Client, world: World) -> None:
    data = _form(client, world)
    data.update(
        applicant_kind="商业企业",
        name="某某有限公司",
        id_type="统一社会信用代码",
        id_number=credit_code("91110108MA01ABCD1"),
        contact_person="李四",
    )
    assert _post(client, world, data).status_code == 200
    assert Application.objects.get().applicant_kind == "商业企业"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_number": "110105194912310021"}, "校验"),
        ({"description": "   "}, "请填写所需政府信息"),
        ({"name": ""}, "此项为必填项"),
        ({"applicant_kind": "商业企业"}, "不能使用"),
        ({"delivery": "邮寄", "address": ""}, "请填写通信地址"),
    ],
)
def test_bad_input_is_refused_in_chinese(
    client: Client, world: World, changes: dict[str, str], message: str
) -> None:
    response = _post(client, world, {**_form(client, world), **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_a_double_submission_makes_one_case(client: Client, world: World) -> None:
    data = _form(client, world)
    first = _post(client, world, data)
    second = _post(client, world, data)
    assert first.status_code == second.status_code == 200
    number = Application.objects.get().number
    assert number in first.content.decode() and number in second.content.decode()


def test_the_same_key_returns_the_same_case_even_without_the_session(world: World) -> None:
    first, code = services.application_submit(body=world.town, idempotency_key="k1", **APPLICANT)
    again, no_code = services.application_submit(body=world.town, idempotency_key="k1", **APPLICANT)
    assert first.pk == again.pk and code and no_code is None
    assert Application.objects.count() == 1


def test_wrong_challenge_answer(client: Client, world: World) -> None:
    data = _form(client, world)
    data["challenge"] = str(int(data["challenge"]) + 1)
    response = _post(client, world, data)
    assert response.status_code == 400 and "验证题答案不正确" in response.content.decode()
    assert not Application.objects.exists()


def test_the_honeypot_refuses(client: Client, world: World) -> None:
    response = _post(client, world, {**_form(client, world), "website": "http://spam.example"})
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_a_form_never_served_is_refused(client: Client, world: World) -> None:
    response = _post(client, world, {**APPLICANT, "token": "made-up", "challenge": "2"})
    assert response.status_code == 400 and not Application.objects.exists()


def test_rate_limit_per_address(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(throttle, "APPLY_LIMIT", 2)
    for _ in range(2):
        assert _post(client, world, _form(client, world)).status_code == 200
    refused = _post(client, world, _form(client, world))
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert Application.objects.count() == 2
    other = Client(REMOTE_ADDR="10.9.8.7")
    assert _post(other, world, _form(other, world)).status_code == 200


def _track(client: Client, number: str, code: str) -> Any:
    return client.post("/applications/track/", {"number": number, "code": code})


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_wrong_code_and_unknown_number_answer_alike(client: Client, world: World) -> None:
    application, code = submit(world.town)
    wrong = _track(client, application.number, "WRONGCODE2")
    unknown = _track(client, "2026-999999", code)
    assert wrong.status_code == unknown.status_code == 400
    assert "申请编号或查询码不正确。" in wrong.content.decode()
    assert _without_tokens(wrong.content.decode()).replace(application.number, "N") == (
        _without_tokens(unknown.content.decode()).replace("2026-999999", "N")
    )
    assert client.get(f"/applications/track/{application.number}/").status_code == 302


def test_tracking_shows_status_and_no_personal_data(client: Client, world: World) -> None:
    application, code = submit(world.town)
    services.application_register(
        application_id=application.pk,
        actor=world.clerk,
        expected_version=application.version,
        received_on=services.clock_today(),
    )
    response = _track(client, application.number, code.lower())
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "审核" in html and "2026-03-02" in html and "2026-03-30" in html
    assert "已确认收到申请" in html
    for secret in (*PERSONAL, APPLICANT["description"]):
        assert secret not in html


def test_withdraw_and_correct_online(client: Client, world: World) -> None:
    application, code = submit(world.town)
    application = services.application_register(
        application_id=application.pk,
        actor=world.clerk,
        expected_version=application.version,
        received_on=services.clock_today(),
    )
    application = services.application_request_correction(
        application_id=application.pk,
        actor=world.clerk,
        expected_version=application.version,
        items="请写明道路名称。",
    )
    _track(client, application.number, code)
    page = client.get(f"/applications/track/{application.number}/").content.decode()
    assert "请写明道路名称。" in page and "提交补正" in page
    url = f"/applications/track/{application.number}/"
    client.post(url + "correct/", {"text": "人民路", "version": application.version})
    application.refresh_from_db()
    assert application.status == Status.PROCESSING and application.correction_text == "人民路"
    stale = client.post(url + "withdraw/", {"version": application.version - 1})
    assert stale.status_code == 302
    assert "该申请已被他人处理" in client.get(url).content.decode()
    client.post(url + "withdraw/", {"version": application.version, "reason": "不需要了"})
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN


def test_another_visitor_cannot_act_without_the_code(client: Client, world: World) -> None:
    application, _code = submit(world.town)
    response = client.post(f"/applications/track/{application.number}/withdraw/", {})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.REGISTERED


def test_logs_carry_no_personal_data(
    client: Client, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    data = _form(client, world)
    _post(client, world, {**data, "id_number": "110105194912310021"})  # refused
    _post(client, world, _form(client, world))  # accepted
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    for secret in (*PERSONAL, "110105194912310021"):
        assert secret not in logged
