"""Shared set-up for the applications tests: two bodies, their staff, and a valid applicant.

Imported by ``test_applications_*.py`` (fixtures are re-exported there); every row is made
through the real services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache

from gongkai.applications import services
from gongkai.applications.models import Application
from gongkai.applications.services import application_submit
from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create

TODAY = date(2026, 3, 2)  # a Monday; 2026 is in the built-in State Council calendar
PASSWORD = "applications-password-1"
RESIDENT_ID = "11010519491231002X"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(body17: str) -> str:
    """``body17`` with its GB 32100 check character (so tests need no magic numbers)."""
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(CREDIT_CHARS.index(ch) * w for ch, w in zip(body17, weights, strict=True))
    return body17 + CREDIT_CHARS[(31 - total % 31) % 31]


APPLICANT: dict[str, Any] = {
    "applicant_kind": "自然人",
    "name": "张三",
    "id_type": "居民身份证",
    "id_number": RESIDENT_ID,
    "phone": "13800138000",
    "email": "zs@example.com",
    "address": "北京市朝阳区某街1号",
    "description": "2025年本镇道路维修工程的招标公告和中标结果",
    "form": "电子",
    "delivery": "电子邮件",
}


@dataclass
class World:
    """The bodies and people of one test."""

    town: Body
    other: Body
    county: Body
    clerk: User
    reviewer: User
    approver: User
    admin: User
    supervisor: User
    other_clerk: User
    outsider: User

    def user(self, name: str) -> User:
        person: User = getattr(self, name)
        return person


def _person(username: str, body: Body | None, role: Role | None) -> User:
    user = user_create(username=username, password=PASSWORD, full_name=username)
    if body is not None and role is not None:
        membership_grant(user=user, body=body, role=role)
    return user


@pytest.fixture(name="today")
def today_fixture(monkeypatch: pytest.MonkeyPatch) -> date:
    """The services' clock, fixed."""
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 9, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    monkeypatch.setattr(services, "clock_now", lambda: now)
    return TODAY


@pytest.fixture(name="world")
def world_fixture(db: None, today: date) -> World:
    county = body_create(name="甲县人民政府", kind=BodyKind.GOVERNMENT)
    town = body_create(name="乙镇人民政府", kind=BodyKind.TOWNSHIP, parent=county)
    other = body_create(name="丙镇人民政府", kind=BodyKind.TOWNSHIP, parent=county)
    return World(
        town=town,
        other=other,
        county=county,
        clerk=_person("clerk", town, Role.CLERK),
        reviewer=_person("reviewer", town, Role.REVIEWER),
        approver=_person("approver", town, Role.APPROVER),
        admin=_person("admin", town, Role.BODY_ADMIN),
        supervisor=_person("supervisor", county, Role.SUPERVISOR),
        other_clerk=_person("other-clerk", other, Role.CLERK),
        outsider=_person("outsider", None, None),
    )


def submit(body: Body, **changes: Any) -> tuple[Application, str]:
    """An online application with a valid applicant, and its 查询码."""
    application, code = application_submit(body=body, **{**APPLICANT, **changes})
    assert code is not None
    return application, code


@pytest.fixture(name="empty_cache", autouse=False)
def empty_cache_fixture() -> None:
    """Rate-limit counters start from zero."""
    cache.clear()
