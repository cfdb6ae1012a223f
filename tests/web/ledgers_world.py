"""Shared set-up for the ledger tests: a city with power to make 规章, a bureau and a street below
it, an unrelated town, and people in every role — all made through the real services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from gongkai.applications import services as application_services
from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create

TODAY = date(2026, 3, 2)
PASSWORD = "ledgers-password-1"


@dataclass
class LedgerWorld:
    city: Body
    bureau: Body
    street: Body
    town: Body
    users: dict[str, User]

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(self.users[username])
        return client


#: username → (body attribute, role)
PEOPLE: dict[str, tuple[str, Role]] = {
    "bureau-clerk": ("bureau", Role.CLERK),
    "bureau-reviewer": ("bureau", Role.REVIEWER),
    "bureau-approver": ("bureau", Role.APPROVER),
    "bureau-admin": ("bureau", Role.BODY_ADMIN),
    "city-clerk": ("city", Role.CLERK),
    "city-supervisor": ("city", Role.SUPERVISOR),
    "town-supervisor": ("town", Role.SUPERVISOR),
    "town-clerk": ("town", Role.CLERK),
}


@pytest.fixture(name="today")
def today_fixture(monkeypatch: pytest.MonkeyPatch) -> date:
    """Freeze the platform's clock on ``TODAY`` (noon in Shanghai)."""
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))
    monkeypatch.setattr(application_services, "clock_now", lambda: now)
    return TODAY


@pytest.fixture(name="world")
def world_fixture(db: None, today: date) -> LedgerWorld:
    city = body_create(name="甲市人民政府", kind=BodyKind.GOVERNMENT, has_regulation_power=True)
    bureau = body_create(name="甲市南关区民政局", kind=BodyKind.DEPARTMENT, parent=city)
    street = body_create(name="甲市乙街道办事处", kind=BodyKind.SUBDISTRICT, parent=city)
    town = body_create(name="丙镇人民政府", kind=BodyKind.TOWNSHIP)
    bodies = {"city": city, "bureau": bureau, "street": street, "town": town}
    users: dict[str, User] = {}
    for username, (where, role) in PEOPLE.items():
        user = user_create(username=username, password=PASSWORD)
        membership_grant(user=user, body=bodies[where], role=role)
        users[username] = user
    users["no-role"] = user_create(username="no-role", password=PASSWORD)
    return LedgerWorld(city=city, bureau=bureau, street=street, town=town, users=users)
