"""Shared set-up for the 主动公开 tests: a county with two towns, their staff, and drafts.

Imported by ``test_publications_*.py`` (fixtures are re-exported there); every row is made
through the real services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.publications import services
from gongkai.publications.models import Publication
from gongkai.publications.services import PublicationDraft

TODAY = date(2026, 3, 2)  # a Monday; 2026 is in the built-in State Council calendar
PASSWORD = "publications-password-1"
ZONE = ZoneInfo(settings.TIME_ZONE)


@dataclass
class World:
    """The bodies and people of one test."""

    town: Body
    other: Body
    county: Body
    clerk: User
    clerk2: User
    reviewer: User
    approver: User
    admin: User
    supervisor: User
    other_clerk: User
    outsider: User

    def user(self, name: str) -> User:
        person: User = getattr(self, name)
        return person


def person(username: str, body: Body | None, role: Role | None) -> User:
    user = user_create(username=username, password=PASSWORD, full_name=username)
    if body is not None and role is not None:
        membership_grant(user=user, body=body, role=role)
    return user


class Clock:
    """The services' clock, movable by a test."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, day: date, at: time = time(9, 30)) -> None:
        self.now = datetime.combine(day, at, tzinfo=ZONE)


@pytest.fixture(name="clock")
def clock_fixture(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock(datetime.combine(TODAY, time(9, 30), tzinfo=ZONE))
    monkeypatch.setattr(services, "clock_now", clock)
    return clock


@pytest.fixture(name="world")
def world_fixture(db: None, clock: Clock) -> World:
    county = body_create(name="甲县人民政府", kind=BodyKind.GOVERNMENT)
    town = body_create(name="乙镇人民政府", kind=BodyKind.TOWNSHIP, parent=county)
    other = body_create(name="丙镇人民政府", kind=BodyKind.TOWNSHIP, parent=county)
    return World(
        town=town,
        other=other,
        county=county,
        clerk=person("clerk", town, Role.CLERK),
        clerk2=person("clerk2", town, Role.CLERK),
        reviewer=person("reviewer", town, Role.REVIEWER),
        approver=person("approver", town, Role.APPROVER),
        admin=person("admin", town, Role.BODY_ADMIN),
        supervisor=person("supervisor", county, Role.SUPERVISOR),
        other_clerk=person("other-clerk", other, Role.CLERK),
        outsider=person("outsider", None, None),
    )


def draft(**changes: Any) -> PublicationDraft:
    values: dict[str, Any] = {
        "title": "乙镇2026年春季道路维修工程公告",
        "formed_on": TODAY,
        "written_on": TODAY,
        "document_number": "乙政发〔2026〕3号",
        "summary": "道路维修的范围和时间。",
        "body_html": "<p>自3月起维修镇区主干道。</p>",
    }
    values.update(changes)
    return PublicationDraft(**values)


def create(world: World, **changes: Any) -> Publication:
    return services.publication_create(body=world.town, actor=world.clerk, draft=draft(**changes))


def to_sign(world: World, publication: Publication) -> Publication:
    """Submit, 初审 and 审核 an item (no scan warnings expected)."""
    p = services.publication_submit(
        publication_id=publication.pk, actor=world.clerk, expected_version=publication.version
    )
    p = services.publication_first_approve(
        publication_id=p.pk, actor=world.clerk2, expected_version=p.version
    )
    return services.publication_review_approve(
        publication_id=p.pk, actor=world.reviewer, expected_version=p.version
    )


def publish(world: World, publication: Publication, **sign: Any) -> Publication:
    p = to_sign(world, publication)
    return services.publication_sign(
        publication_id=p.pk,
        actor=world.approver,
        expected_version=p.version,
        secrecy=sign.pop("secrecy", "不涉密"),
        **sign,
    )
