"""接口令牌: a staff user makes, lists and revokes their own API tokens (workspace page)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.api import services
from gongkai.api.selectors import api_token_list_for_user
from gongkai.applications import services as application_services
from gongkai.organizations.models import User


class TokenForm(forms.Form):
    name = forms.CharField(
        label="令牌名称",
        max_length=services.TOKEN_NAME_MAX,
        help_text="用于区分令牌的用途，例如“12345热线对接”。",
        error_messages={"required": "请填写令牌名称。", "max_length": "令牌名称过长。"},
    )
    expires_on = forms.DateField(
        label="有效期至（可选）",
        required=False,
        help_text="格式为年-月-日；留空表示长期有效，直至吊销。",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请填写正确的日期（年-月-日）。"},
    )


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not services.user_may_hold_tokens(user=user):
        raise PermissionDenied("只有机关工作人员可以使用接口令牌。")
    return user


def _page(
    request: HttpRequest, user: User, form: TokenForm, secret: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "tokens": api_token_list_for_user(user=user),
        "secret": secret,
        "today": application_services.clock_today(),
    }
    return render(request, "api/tokens.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's tokens and the form for a new one; the new secret is shown on this answer only."""
    user = _staff(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(
                user=user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"已创建令牌“{token.name}”。")
            return _page(request, user, TokenForm(), secret=secret)
    return _page(request, user, form, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one of the user's own tokens."""
    user = _staff(request)
    try:
        token = services.api_token_revoke(user=user, token_id=token_id)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已吊销令牌“{token.name}”，使用它的请求将被拒绝。")
    return redirect("api_tokens:list")
