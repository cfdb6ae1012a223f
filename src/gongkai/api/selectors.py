"""Reads of the API app."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.api.models import ApiToken
from gongkai.organizations.models import User


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """``user``'s own tokens, newest first (the owner's page shows no one else's)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
