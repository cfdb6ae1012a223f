"""The sign-in form: one generic message for every refusal, throttled per username and address."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest

from gongkai.accounts.throttle import (
    login_failure_record,
    login_is_locked,
    login_success_record,
)
from gongkai.web.proxy import client_ip

INVALID_LOGIN = "用户名或密码不正确。"
LOCKED = "登录失败次数过多，请15分钟后再试。"


def client_address(request: HttpRequest | None) -> str:
    """The client's address: ``REMOTE_ADDR``, or ``X-Forwarded-For`` from a trusted proxy."""
    if request is None:
        return ""
    return client_ip(request)


class ThrottledLoginForm(AuthenticationForm):
    """Django's form with a single wrong-credentials message and a failure lock."""

    error_messages: dict[str, Any] = {  # noqa: RUF012 (Django reads it from the class)
        "invalid_login": INVALID_LOGIN,
        "inactive": INVALID_LOGIN,
    }

    def clean(self) -> dict[str, Any]:
        username = str(self.data.get("username", ""))
        address = client_address(self.request)
        if login_is_locked(username=username, address=address):
            raise forms.ValidationError(LOCKED, code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if login_failure_record(username=username, address=address):
                raise forms.ValidationError(LOCKED, code="locked") from None
            raise
        login_success_record(username=username, address=address)
        return cleaned

    def confirm_login_allowed(self, user: Any) -> None:
        if not user.is_active:
            raise forms.ValidationError(INVALID_LOGIN, code="invalid_login")
