"""Writes of the API app: staff tokens (made, revoked, used), each audited where a person acts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.api.models import ApiToken
from gongkai.applications import services as application_services
from gongkai.audit.models import AuditAction
from gongkai.audit.services import audit_event_record
from gongkai.organizations.models import Membership, User

#: What every secret starts with (tells a leaked gongkai token apart in logs and scanners).
TOKEN_PREFIX = "gk_"
#: ``last_used_at`` is written at most once per this interval per token (no write per request).
LAST_USED_GRANULARITY = timedelta(minutes=1)
TOKEN_NAME_MAX = 100
#: The latest accepted expiry, counted from today.
EXPIRY_MAX_DAYS = 3 * 366


def token_digest(secret: str) -> str:
    """The stored form of a token's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def user_may_hold_tokens(*, user: User) -> bool:
    """Staff only: an active user with a role in some body, or a superuser."""
    if not user.is_active:
        return False
    return user.is_superuser or Membership.objects.filter(user=user).exists()


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_on: date | None) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret (never stored: show it once)."""
    if not user_may_hold_tokens(user=user):
        raise PermissionDenied("只有机关工作人员可以创建接口令牌。")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写令牌名称。"})
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationError({"name": f"令牌名称不能超过{TOKEN_NAME_MAX}个字。"})
    today = timezone.localdate(application_services.clock_now())
    if expires_on is not None and not today < expires_on <= today + timedelta(EXPIRY_MAX_DAYS):
        raise ValidationError({"expires_on": "有效期须晚于今天，且不超过三年。"})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        digest=token_digest(secret),
        created_at=application_services.clock_now(),
        expires_on=expires_on,
    )
    audit_event_record(
        actor=user,
        body=None,
        action=AuditAction.API_TOKEN_CREATE,
        instance=token,
        new_values={
            "name": token.name,
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s own tokens (another's or a missing one: ``PermissionDenied``)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise PermissionDenied("没有这个令牌。")
    if token.revoked_at is not None:
        raise ValidationError("该令牌已经吊销。")
    token.revoked_at = application_services.clock_now()
    token.save(update_fields=["revoked_at"])
    audit_event_record(
        actor=user,
        body=None,
        action=AuditAction.API_TOKEN_REVOKE,
        instance=token,
        old_values={"revoked_at": None},
        new_values={"name": token.name, "revoked_at": token.revoked_at.isoformat()},
    )
    return token


class TokenRefused(Exception):
    """Why a bearer token was not accepted (Chinese message for the 401 answer)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


MISSING = "请在请求头 Authorization 中提供接口令牌（Bearer）。"
UNKNOWN = "接口令牌无效。"
REVOKED = "接口令牌已吊销。"
EXPIRED = "接口令牌已过期。"
INACTIVE = "令牌所属账号已停用。"


def api_token_authenticate(*, header: str | None) -> User:
    """The active owner of the bearer token in ``header``; ``TokenRefused`` otherwise.

    Records the use (``last_used_at``, at most once a minute).
    """
    scheme, _, secret = (header or "").strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret:
        raise TokenRefused(MISSING)
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        raise TokenRefused(UNKNOWN)
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(secret)).first()
    if token is None:
        raise TokenRefused(UNKNOWN)
    now = application_services.clock_now()
    if token.revoked_at is not None:
        raise TokenRefused(REVOKED)
    if token.expires_on is not None and timezone.localdate(now) > token.expires_on:
        raise TokenRefused(EXPIRED)
    if not token.user.is_active:
        raise TokenRefused(INACTIVE)
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
