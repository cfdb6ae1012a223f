"""The permission matrix: who may open which body's staff pages, set up through the services.

Tree: 甲区人民政府 → (甲区民政局, 甲区乙街道办事处 → 乙街道综合办); 丙镇人民政府 on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create

pytestmark = pytest.mark.django_db

DISTRICT = "甲区人民政府"
BUREAU = "甲区民政局"
STREET = "甲区乙街道办事处"
OFFICE = "乙街道综合办"
TOWN = "丙镇人民政府"
ALL_BODIES = (DISTRICT, BUREAU, STREET, OFFICE, TOWN)


@dataclass(frozen=True)
class Actor:
    """A user of the matrix: its memberships and the bodies it may act for."""

    username: str
    roles: tuple[tuple[str, Role], ...]
    may_act_for: frozenset[str]


ACTORS = (
    Actor("bureau-clerk", ((BUREAU, Role.CLERK),), frozenset({BUREAU})),
    Actor("bureau-reviewer", ((BUREAU, Role.REVIEWER),), frozenset({BUREAU})),
    Actor("bureau-approver", ((BUREAU, Role.APPROVER),), frozenset({BUREAU})),
    Actor("bureau-admin", ((BUREAU, Role.BODY_ADMIN),), frozenset({BUREAU})),
    Actor("district-clerk", ((DISTRICT, Role.CLERK),), frozenset({DISTRICT})),
    Actor(
        "district-supervisor",
        ((DISTRICT, Role.SUPERVISOR),),
        frozenset({DISTRICT, BUREAU, STREET, OFFICE}),
    ),
    Actor("street-supervisor", ((STREET, Role.SUPERVISOR),), frozenset({STREET, OFFICE})),
    Actor(
        "two-bodies",
        ((BUREAU, Role.CLERK), (TOWN, Role.APPROVER)),
        frozenset({BUREAU, TOWN}),
    ),
    Actor("no-role", (), frozenset()),
)
PASSWORD = "matrix-password-1"


@pytest.fixture
def bodies() -> dict[str, Body]:
    district = body_create(name=DISTRICT, kind=BodyKind.GOVERNMENT)
    bureau = body_create(name=BUREAU, kind=BodyKind.DEPARTMENT, parent=district)
    street = body_create(name=STREET, kind=BodyKind.SUBDISTRICT, parent=district)
    office = body_create(name=OFFICE, kind=BodyKind.OTHER, parent=street)
    town = body_create(name=TOWN, kind=BodyKind.TOWNSHIP)
    return {body.name: body for body in (district, bureau, street, office, town)}


def actor_client(actor: Actor, bodies: dict[str, Body]) -> Client:
    user = user_create(username=actor.username, password=PASSWORD)
    for body_name, role in actor.roles:
        membership_grant(user=user, body=bodies[body_name], role=role)
    client = Client()
    client.force_login(user)
    return client


def staff_pages(body: Body) -> list[str]:
    return [f"/workspace/bodies/{body.pk}/"]


@pytest.mark.parametrize("body_name", ALL_BODIES)
def test_anonymous_is_sent_to_login(
    client: Client, bodies: dict[str, Body], body_name: str
) -> None:
    for url in ["/workspace/", *staff_pages(bodies[body_name])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("body_name", ALL_BODIES)
@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: actor.username)
def test_body_pages_by_role(bodies: dict[str, Body], actor: Actor, body_name: str) -> None:
    client = actor_client(actor, bodies)
    for url in staff_pages(bodies[body_name]):
        response = client.get(url)
        html = response.content.decode()
        if body_name in actor.may_act_for:
            assert response.status_code == 200
            assert f"<h1>{body_name}</h1>" in html
        else:
            assert response.status_code == 403
            assert "<h1>无权访问</h1>" in html
            assert body_name not in html
            assert f"/bodies/{bodies[body_name].pk}/" not in html


@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: actor.username)
def test_workspace_lists_exactly_the_bodies_an_actor_may_act_for(
    bodies: dict[str, Body], actor: Actor
) -> None:
    html = actor_client(actor, bodies).get("/workspace/").content.decode()
    for name in ALL_BODIES:
        link = f'<a href="/workspace/bodies/{bodies[name].pk}/">{name}</a>'
        assert (link in html) is (name in actor.may_act_for), name


def test_a_missing_body_looks_like_a_forbidden_one(bodies: dict[str, Body]) -> None:
    client = actor_client(ACTORS[0], bodies)
    assert client.get("/workspace/bodies/999999/").status_code == 403


def test_superuser_may_act_for_every_body(bodies: dict[str, Body]) -> None:
    root = User.objects.create_superuser(username="root", password=PASSWORD)
    client = Client()
    client.force_login(root)
    for body in bodies.values():
        assert client.get(f"/workspace/bodies/{body.pk}/").status_code == 200


def test_inactive_user_is_signed_out(bodies: dict[str, Body]) -> None:
    client = actor_client(ACTORS[0], bodies)
    User.objects.filter(username=ACTORS[0].username).update(is_active=False)
    assert client.get(f"/workspace/bodies/{bodies[BUREAU].pk}/").status_code == 302


@pytest.mark.parametrize("actor_name", ["bureau-clerk", "district-supervisor", "two-bodies"])
def test_workspace_query_count_does_not_grow_with_bodies(
    bodies: dict[str, Body], actor_name: str, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    actor = next(actor for actor in ACTORS if actor.username == actor_name)
    client = actor_client(actor, bodies)
    # +3 for 我的提醒 (list, unread count, supervised roots); a supervisor also walks its
    # subtree (one query per level) and counts overdue cases in one aggregate query. +1 for
    # 待我审核 (the count) when the user holds a reviewing role (经办人, 审核人, 审发人).
    expected = {"bureau-clerk": 9, "district-supervisor": 15, "two-bodies": 9}[actor_name]
    with django_assert_num_queries(expected):
        client.get("/workspace/")
    for number in range(20):
        body_create(name=f"甲区第{number}局", kind=BodyKind.DEPARTMENT, parent=bodies[DISTRICT])
        body_create(name=f"丙镇第{number}村", kind=BodyKind.OTHER, parent=bodies[TOWN])
    with django_assert_num_queries(expected):
        client.get("/workspace/")
