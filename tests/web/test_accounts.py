"""Sign-in, sign-out, throttling and password reset."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from gongkai.organizations.demo import DEMO_PASSWORD, DemoResult
from gongkai.organizations.services import user_create

pytestmark = pytest.mark.django_db

GENERIC = "用户名或密码不正确。"
LOCKED = "登录失败次数过多，请15分钟后再试。"


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> str:
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.content.decode() if response.status_code == 200 else response["Location"]


def test_login_page_is_chinese_and_labelled(client: Client) -> None:
    html = client.get("/accounts/login/").content.decode()
    assert "<h1>工作人员登录</h1>" in html
    assert '<label for="id_username">用户名</label>' in html
    assert '<label for="id_password">密码</label>' in html
    assert "csrfmiddlewaretoken" in html


def test_right_password_goes_to_the_workspace(client: Client, demo: DemoResult) -> None:
    assert sign_in(client, "demo-jingban", DEMO_PASSWORD) == "/workspace/"
    assert "南关区民政局" in client.get("/workspace/").content.decode()


def test_wrong_password_and_unknown_user_give_the_same_message(
    client: Client, demo: DemoResult
) -> None:
    wrong = sign_in(client, "demo-jingban", "not-the-password")
    unknown = sign_in(client, "nobody-here", "not-the-password")
    assert GENERIC in wrong
    assert GENERIC in unknown
    assert "demo-jingban" in wrong  # the username is kept in the form, nothing else is said


def test_inactive_user_gets_the_generic_message(client: Client) -> None:
    user = user_create(username="gone", password="a-long-password-1")
    user.is_active = False
    user.save()
    assert GENERIC in sign_in(client, "gone", "a-long-password-1")


def test_five_failures_lock_the_username_from_that_address(
    client: Client, demo: DemoResult
) -> None:
    for _ in range(4):
        assert GENERIC in sign_in(client, "demo-jingban", "wrong")
    assert LOCKED in sign_in(client, "demo-jingban", "wrong")
    # Even the right password is refused while locked.
    assert LOCKED in sign_in(client, "demo-jingban", DEMO_PASSWORD)
    assert LOCKED in sign_in(client, "DEMO-JINGBAN", DEMO_PASSWORD)
    # Another address, or another username, is not locked.
    assert sign_in(client, "demo-jingban", DEMO_PASSWORD, address="10.0.0.2") == "/workspace/"
    client.logout()
    assert sign_in(client, "demo-shenhe", DEMO_PASSWORD) == "/workspace/"


def test_a_success_resets_the_failure_count(client: Client, demo: DemoResult) -> None:
    for _ in range(4):
        sign_in(client, "demo-jingban", "wrong")
    assert sign_in(client, "demo-jingban", DEMO_PASSWORD) == "/workspace/"
    client.logout()
    for _ in range(4):
        assert GENERIC in sign_in(client, "demo-jingban", "wrong")


def test_the_lock_expires(
    client: Client, demo: DemoResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gongkai.accounts.throttle.LOCK_SECONDS", 1)
    for _ in range(5):
        sign_in(client, "demo-jingban", "wrong")
    assert LOCKED in sign_in(client, "demo-jingban", DEMO_PASSWORD)
    time.sleep(1.1)
    assert sign_in(client, "demo-jingban", DEMO_PASSWORD) == "/workspace/"


def test_logout_is_a_post_and_ends_the_session(client: Client, demo: DemoResult) -> None:
    sign_in(client, "demo-jingban", DEMO_PASSWORD)
    html = client.get("/workspace/").content.decode()
    assert 'action="/accounts/logout/"' in html
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/workspace/")["Location"] == "/accounts/login/?next=/workspace/"


def test_password_reset_by_email(client: Client) -> None:
    user_create(username="reset-me", password="old-password-123", email="clerk@example.gov.cn")
    response = client.post("/accounts/password-reset/", {"email": "clerk@example.gov.cn"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "政府信息公开平台：重设密码"
    assert message.to == ["clerk@example.gov.cn"]
    match = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body)
    assert match is not None
    form_url = client.get(match.group(1))["Location"]
    assert "<h1>设置新密码</h1>" in client.get(form_url).content.decode()
    new = "brand-new-secret-42"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/accounts/reset/done/"
    assert sign_in(client, "reset-me", new) == "/workspace/"


def test_password_reset_says_the_same_for_an_unknown_address(client: Client) -> None:
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.gov.cn"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_invalid_reset_link_is_refused_in_chinese(client: Client) -> None:
    html = client.get("/accounts/reset/MQ/bad-token/").content.decode()
    assert "重设链接无效或已过期" in html
