"""Body management screens: who may open them, the forms and their messages, stale edits.

Tree: 甲区人民政府 → (甲区民政局, 甲区乙街道办事处 → 乙街道综合办); 丙镇人民政府 on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from gongkai.audit.models import AuditAction, AuditEvent
from gongkai.organizations.models import Body, BodyKind, Membership, Role, User
from gongkai.organizations.selectors import (
    body_ids_managed_by,
    body_may_manage,
    user_may_manage_bodies,
)
from gongkai.organizations.services import (
    body_create,
    body_update,
    membership_grant,
    user_create,
)

pytestmark = pytest.mark.django_db

DISTRICT = "甲区人民政府"
BUREAU = "甲区民政局"
STREET = "甲区乙街道办事处"
OFFICE = "乙街道综合办"
TOWN = "丙镇人民政府"
ALL_BODIES = (DISTRICT, BUREAU, STREET, OFFICE, TOWN)
FORBIDDEN = "<h1>无权访问</h1>"
STALE = "该记录已被他人修改，请刷新后重试。"
GOOD_PASSWORD = "Zhang-San-2024!"


@dataclass(frozen=True)
class Actor:
    username: str
    roles: tuple[tuple[str, Role], ...]
    manages: frozenset[str]


ACTORS = (
    Actor("district-admin", ((DISTRICT, Role.BODY_ADMIN),), frozenset(ALL_BODIES) - {TOWN}),
    Actor("street-admin", ((STREET, Role.BODY_ADMIN),), frozenset({STREET, OFFICE})),
    Actor("town-admin", ((TOWN, Role.BODY_ADMIN),), frozenset({TOWN})),
    Actor(
        "two-admin",
        ((BUREAU, Role.BODY_ADMIN), (TOWN, Role.BODY_ADMIN)),
        frozenset({BUREAU, TOWN}),
    ),
    Actor("bureau-clerk", ((BUREAU, Role.CLERK),), frozenset()),
    Actor("bureau-approver", ((BUREAU, Role.APPROVER),), frozenset()),
    Actor("district-supervisor", ((DISTRICT, Role.SUPERVISOR),), frozenset()),
    Actor("no-role", (), frozenset()),
)


@pytest.fixture
def bodies() -> dict[str, Body]:
    district = body_create(name=DISTRICT, kind=BodyKind.GOVERNMENT)
    bureau = body_create(name=BUREAU, kind=BodyKind.DEPARTMENT, parent=district)
    street = body_create(name=STREET, kind=BodyKind.SUBDISTRICT, parent=district)
    office = body_create(name=OFFICE, kind=BodyKind.OTHER, parent=street)
    town = body_create(name=TOWN, kind=BodyKind.TOWNSHIP)
    return {body.name: body for body in (district, bureau, street, office, town)}


def make_user(actor: Actor, bodies: dict[str, Body]) -> User:
    user = user_create(username=actor.username, password=None, full_name=actor.username)
    for body_name, role in actor.roles:
        membership_grant(user=user, body=bodies[body_name], role=role)
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def actor_named(name: str) -> Actor:
    return next(actor for actor in ACTORS if actor.username == name)


@pytest.fixture
def root() -> User:
    return User.objects.create_superuser(username="root", password="root-password-1")


def body_pages(body: Body) -> list[str]:
    return [
        f"/workspace/org/bodies/{body.pk}/edit/",
        f"/workspace/org/bodies/{body.pk}/people/",
        f"/workspace/org/bodies/{body.pk}/people/new/",
        f"/workspace/org/bodies/{body.pk}/people/grant/",
    ]


GLOBAL_PAGES = [
    "/workspace/org/",
    "/workspace/org/bodies/new/",
    "/workspace/org/import/",
    "/workspace/org/import/template.csv",
]


def body_form(body: Body, **changes: Any) -> dict[str, Any]:
    """The edit form as the page would post it, with ``changes`` applied."""
    data: dict[str, Any] = {
        "name": body.name,
        "short_name": body.short_name,
        "kind": body.kind,
        "parent": body.parent_id or "",
        "division": body.division,
        "address": body.address,
        "phone": body.phone,
        "postcode": body.postcode,
        "website": body.website,
        "updated_at": body.updated_at.isoformat(),
    }
    if body.has_regulation_power:
        data["has_regulation_power"] = "on"
    data.update(changes)
    return data


def errors_of(html: str) -> list[str]:
    return re.findall(r"<p>([^<]*)</p>", "".join(re.findall(r'errors"[^>]*>(.*?)</div>', html)))


# The permission predicate ---------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: actor.username)
def test_the_predicate_says_who_manages_what(bodies: dict[str, Body], actor: Actor) -> None:
    user = make_user(actor, bodies)
    managed = body_ids_managed_by(user=user)
    assert managed == {bodies[name].pk for name in actor.manages}
    for name, body in bodies.items():
        assert body_may_manage(managed_ids=managed, body_id=body.pk) is (name in actor.manages)
    assert body_may_manage(managed_ids=managed, body_id=None) is False
    assert user_may_manage_bodies(user=user) is bool(actor.manages)


def test_a_superuser_manages_everything_and_an_inactive_user_nothing(
    bodies: dict[str, Body], root: User
) -> None:
    assert body_ids_managed_by(user=root) is None
    assert body_may_manage(managed_ids=None, body_id=None) is True
    admin = make_user(actor_named("district-admin"), bodies)
    admin.is_active = False
    assert body_ids_managed_by(user=admin) == set()


# Who may open which page ----------------------------------------------------------------------


@pytest.mark.parametrize("body_name", ALL_BODIES)
def test_anonymous_is_sent_to_login(
    client: Client, bodies: dict[str, Body], body_name: str
) -> None:
    membership = membership_grant(
        user=user_create(username="someone", password=None), body=bodies[body_name], role=Role.CLERK
    )
    revoke = f"/workspace/org/roles/{membership.pk}/revoke/"
    for url in [*GLOBAL_PAGES, *body_pages(bodies[body_name]), revoke]:
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302, url
            assert response["Location"] == f"/accounts/login/?next={url}"
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: actor.username)
def test_body_pages_by_role(bodies: dict[str, Body], actor: Actor) -> None:
    client = signed_in(make_user(actor, bodies))
    other = user_create(username="other", password=None)
    for name, body in bodies.items():
        membership = membership_grant(user=other, body=body, role=Role.CLERK)
        revoke = f"/workspace/org/roles/{membership.pk}/revoke/"
        for url in [*body_pages(body), revoke]:
            response = client.get(url)
            html = response.content.decode()
            if name in actor.manages:
                assert response.status_code == 200, url
                assert name in html
            else:
                assert response.status_code == 403, url
                assert FORBIDDEN in html and name not in html
                assert f"/bodies/{body.pk}/" not in html


@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: actor.username)
def test_global_pages_by_role(bodies: dict[str, Body], actor: Actor) -> None:
    client = signed_in(make_user(actor, bodies))
    for url in GLOBAL_PAGES:
        response = client.get(url)
        assert response.status_code == (200 if actor.manages else 403), url
        if not actor.manages:
            assert FORBIDDEN in response.content.decode()


def test_a_missing_body_looks_like_a_forbidden_one(bodies: dict[str, Body], root: User) -> None:
    admin = signed_in(make_user(actor_named("district-admin"), bodies))
    for client in (admin, signed_in(root)):
        for url in [*body_pages(Body(pk=999999)), "/workspace/org/roles/999999/revoke/"]:
            assert client.get(url).status_code == 403


def test_superuser_opens_every_page(bodies: dict[str, Body], root: User) -> None:
    client = signed_in(root)
    for url in GLOBAL_PAGES + [url for body in bodies.values() for url in body_pages(body)]:
        assert client.get(url).status_code == 200, url


def test_forbidden_posts_change_nothing(bodies: dict[str, Body]) -> None:
    client = signed_in(make_user(actor_named("street-admin"), bodies))
    district, town = bodies[DISTRICT], bodies[TOWN]
    response = client.post(
        f"/workspace/org/bodies/{district.pk}/edit/", body_form(district, phone="1")
    )
    assert response.status_code == 403
    assert Body.objects.get(pk=district.pk).phone == ""
    clerk = user_create(username="town-clerk", password=None)
    membership = membership_grant(user=clerk, body=town, role=Role.CLERK)
    assert (
        client.post(f"/workspace/org/roles/{membership.pk}/revoke/", {"confirm": "on"}).status_code
        == 403
    )
    assert (
        client.post(
            f"/workspace/org/bodies/{town.pk}/people/grant/",
            {"username": "town-clerk", "role": Role.BODY_ADMIN},
        ).status_code
        == 403
    )
    assert Membership.objects.filter(user=clerk).count() == 1
    events = AuditEvent.objects.count()
    response = client.post(
        "/workspace/org/bodies/new/",
        {"name": "丙镇某村", "kind": BodyKind.OTHER, "parent": town.pk},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Body.objects.filter(name="丙镇某村").exists()
    assert AuditEvent.objects.count() == events


# The tree ---------------------------------------------------------------------------------------


def test_the_tree_shows_the_managed_bodies_indented_with_people_counts(
    bodies: dict[str, Body],
) -> None:
    admin = make_user(actor_named("district-admin"), bodies)
    clerk = user_create(username="clerk", password=None)
    membership_grant(user=clerk, body=bodies[BUREAU], role=Role.CLERK)
    membership_grant(user=clerk, body=bodies[BUREAU], role=Role.REVIEWER)
    membership_grant(user=admin, body=bodies[BUREAU], role=Role.CLERK)
    html = signed_in(admin).get("/workspace/org/").content.decode()
    rows = re.findall(
        r'<th scope="row" class="org-name" style="--depth: (\d)">'
        r"(?:<span[^>]*>└ </span>)?([^<]+)</th>\s*<td>[^<]*</td>\s*<td>(\d+)</td>",
        html,
    )
    assert rows == [  # children by name: 乙 (U+4E59) before 民 (U+6C11)
        ("0", DISTRICT, "1"),
        ("1", STREET, "0"),
        ("2", OFFICE, "0"),
        ("1", BUREAU, "2"),
    ]
    assert TOWN not in html


def test_the_superuser_sees_every_tree(bodies: dict[str, Body], root: User) -> None:
    html = signed_in(root).get("/workspace/org/").content.decode()
    order = (TOWN, DISTRICT, STREET, OFFICE, BUREAU)  # by name: 丙 (U+4E19) before 甲 (U+7532)
    positions = [html.index(f">{name}</th>") for name in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("actor_name", ["root", "district-admin", "two-admin"])
def test_list_pages_have_a_fixed_query_count(
    bodies: dict[str, Body],
    root: User,
    actor_name: str,
    django_assert_max_num_queries: Callable[[int], DjangoAssertNumQueries],
) -> None:
    user = root if actor_name == "root" else make_user(actor_named(actor_name), bodies)
    client = signed_in(user)
    people_url = f"/workspace/org/bodies/{bodies[BUREAU].pk}/people/"
    if actor_name == "district-admin":
        people_url = f"/workspace/org/bodies/{bodies[STREET].pk}/people/"
    with django_assert_max_num_queries(8):
        assert client.get("/workspace/org/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(people_url).status_code == 200
    for number in range(15):
        for parent in (BUREAU, STREET, TOWN):
            body = body_create(
                name=f"{parent}第{number}科", kind=BodyKind.OTHER, parent=bodies[parent]
            )
            person = user_create(username=f"p{parent}{number}", password=None)
            membership_grant(user=person, body=body, role=Role.CLERK)
            membership_grant(user=person, body=bodies[parent], role=Role.CLERK)
            membership_grant(user=person, body=bodies[parent], role=Role.REVIEWER)
    with django_assert_max_num_queries(8):
        html = client.get("/workspace/org/").content.decode()
    assert f"{BUREAU}第14科" in html
    with django_assert_max_num_queries(8):
        html = client.get(people_url).content.decode()
    assert html.count("撤销<span") >= 30


# Creating and editing bodies --------------------------------------------------------------------


def test_a_body_admin_creates_a_body_in_its_subtree(bodies: dict[str, Body]) -> None:
    admin = make_user(actor_named("street-admin"), bodies)
    client = signed_in(admin)
    page = client.get(f"/workspace/org/bodies/new/?parent={bodies[STREET].pk}").content.decode()
    assert "csrfmiddlewaretoken" in page
    assert f'<option value="{bodies[STREET].pk}" selected>' in page
    assert f'<option value="{bodies[TOWN].pk}"' not in page
    assert "（无，顶级机关）" not in page
    data = {
        "name": "乙街道党政办",
        "kind": BodyKind.OTHER,
        "parent": bodies[OFFICE].pk,
        "postcode": "130042",
        "website": "www.example.gov.cn",
        "has_regulation_power": "on",
    }
    response = client.post("/workspace/org/bodies/new/", data, follow=True)
    assert response.redirect_chain == [("/workspace/org/", 302)]
    assert "已新建机关「乙街道党政办」。" in response.content.decode()
    body = Body.objects.get(name="乙街道党政办")
    assert (body.parent, body.postcode, body.website, body.has_regulation_power) == (
        bodies[OFFICE],
        "130042",
        "https://www.example.gov.cn",
        True,
    )
    event = AuditEvent.objects.get(action=AuditAction.BODY_CREATE, object_id=str(body.pk))
    assert event.actor == admin


def test_only_a_superuser_creates_a_top_level_body(bodies: dict[str, Body], root: User) -> None:
    admin = signed_in(make_user(actor_named("district-admin"), bodies))
    response = admin.post(
        "/workspace/org/bodies/new/", {"name": "丁区人民政府", "kind": BodyKind.GOVERNMENT}
    )
    assert errors_of(response.content.decode()) == ["这个字段是必填项。"]
    response = signed_in(root).post(
        "/workspace/org/bodies/new/", {"name": "丁区人民政府", "kind": BodyKind.GOVERNMENT}
    )
    assert response.status_code == 302
    assert Body.objects.get(name="丁区人民政府").parent is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "这个字段是必填项。"),
        ({"kind": "局"}, "kind", "选择一个有效的选项。 局 不在可用的选项中。"),
        ({"postcode": "13004"}, "postcode", "邮政编码应为6位数字。"),
        ({"postcode": "13004a"}, "postcode", "邮政编码应为6位数字。"),
        ({"website": "不是 网址"}, "website", "输入一个有效的 URL。"),
        ({"name": BUREAU}, "name", f"上级机关「{DISTRICT}」下已有名为「{BUREAU}」的机关。"),
        ({"name": TOWN, "parent": ""}, "name", f"顶级机关中已有名为「{TOWN}」的机关。"),
        ({"name": "甲" * 201}, "name", "确保该变量包含不超过 200 字符 (目前字符数 201)。"),
    ],
)
def test_invalid_values_come_back_with_chinese_messages(
    bodies: dict[str, Body], root: User, changes: dict[str, str], field: str, message: str
) -> None:
    data = {
        "name": "甲区财政局",
        "kind": BodyKind.DEPARTMENT,
        "parent": bodies[DISTRICT].pk,
        **changes,
    }
    response = signed_in(root).post("/workspace/org/bodies/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert Body.objects.count() == len(bodies)


def test_a_double_submission_creates_one_body(bodies: dict[str, Body], root: User) -> None:
    client = signed_in(root)
    data = {"name": "甲区财政局", "kind": BodyKind.DEPARTMENT, "parent": bodies[DISTRICT].pk}
    assert client.post("/workspace/org/bodies/new/", data).status_code == 302
    again = client.post("/workspace/org/bodies/new/", data)
    assert again.status_code == 200
    assert "已有名为「甲区财政局」的机关" in again.content.decode()
    assert Body.objects.filter(name="甲区财政局").count() == 1


def test_editing_saves_every_field_and_audits_it(bodies: dict[str, Body]) -> None:
    admin = make_user(actor_named("district-admin"), bodies)
    office = bodies[OFFICE]
    client = signed_in(admin)
    page = client.get(f"/workspace/org/bodies/{office.pk}/edit/").content.decode()
    assert f'name="updated_at" value="{office.updated_at.isoformat()}"' in page
    data = body_form(
        office,
        short_name="综合办",
        parent=bodies[BUREAU].pk,
        division="某省某市甲区",
        address="甲区人民路1号",
        phone="0431-12345678",
        postcode="130000",
        website="http://jq.example.gov.cn/",
        has_regulation_power="on",
    )
    response = client.post(f"/workspace/org/bodies/{office.pk}/edit/", data, follow=True)
    assert "已保存机关「乙街道综合办」。" in response.content.decode()
    office.refresh_from_db()
    assert (office.parent, office.short_name, office.phone, office.has_regulation_power) == (
        bodies[BUREAU],
        "综合办",
        "0431-12345678",
        True,
    )
    event = AuditEvent.objects.get(action=AuditAction.BODY_UPDATE)
    assert event.actor == admin
    assert event.new_values["parent"] == bodies[BUREAU].pk


def test_a_body_cannot_move_below_itself_or_out_of_range(
    bodies: dict[str, Body], root: User
) -> None:
    street = bodies[STREET]
    response = signed_in(root).post(
        f"/workspace/org/bodies/{street.pk}/edit/", body_form(street, parent=bodies[OFFICE].pk)
    )
    assert list(response.context["form"].errors) == ["parent"]
    admin = signed_in(make_user(actor_named("district-admin"), bodies))
    office = bodies[OFFICE]
    response = admin.post(
        f"/workspace/org/bodies/{office.pk}/edit/", body_form(office, parent=bodies[TOWN].pk)
    )
    assert list(response.context["form"].errors) == ["parent"]
    response = admin.post(f"/workspace/org/bodies/{office.pk}/edit/", body_form(office, parent=""))
    assert response.context["form"].errors == {"parent": ["这个字段是必填项。"]}
    assert Body.objects.get(pk=office.pk).parent == street


def test_the_top_of_an_admins_range_keeps_its_parent(bodies: dict[str, Body]) -> None:
    admin = signed_in(make_user(actor_named("street-admin"), bodies))
    street = bodies[STREET]
    page = admin.get(f"/workspace/org/bodies/{street.pk}/edit/").content.decode()
    assert "不能调整上级机关" in page
    data = body_form(street, parent=bodies[TOWN].pk, phone="88886666")
    assert admin.post(f"/workspace/org/bodies/{street.pk}/edit/", data).status_code == 302
    street.refresh_from_db()
    assert (street.parent, street.phone) == (bodies[DISTRICT], "88886666")
    town_admin = signed_in(make_user(actor_named("town-admin"), bodies))
    town = bodies[TOWN]
    data = body_form(town, parent=bodies[DISTRICT].pk, address="丙镇政府路1号")
    assert town_admin.post(f"/workspace/org/bodies/{town.pk}/edit/", data).status_code == 302
    town.refresh_from_db()
    assert (town.parent, town.address) == (None, "丙镇政府路1号")


def test_a_stale_edit_is_refused(bodies: dict[str, Body], root: User) -> None:
    bureau = bodies[BUREAU]
    loaded = body_form(bureau, phone="11111111")
    body_update(body=bureau, changes={"phone": "22222222"}, actor=root)  # someone else saves first
    response = signed_in(root).post(f"/workspace/org/bodies/{bureau.pk}/edit/", loaded)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert Body.objects.get(pk=bureau.pk).phone == "22222222"
    garbled = {**loaded, "updated_at": "not a time"}
    response = signed_in(root).post(f"/workspace/org/bodies/{bureau.pk}/edit/", garbled)
    assert STALE in response.content.decode()
    fresh = body_form(Body.objects.get(pk=bureau.pk), phone="33333333")
    assert (
        signed_in(root).post(f"/workspace/org/bodies/{bureau.pk}/edit/", fresh).status_code == 302
    )
    assert Body.objects.get(pk=bureau.pk).phone == "33333333"


# People and roles -------------------------------------------------------------------------------


def test_the_people_page_lists_people_with_their_roles(bodies: dict[str, Body]) -> None:
    admin = make_user(actor_named("street-admin"), bodies)
    zhang = user_create(username="zhangsan", password=None, full_name="张三", email="z@example.cn")
    membership_grant(user=zhang, body=bodies[STREET], role=Role.CLERK)
    membership_grant(user=zhang, body=bodies[STREET], role=Role.REVIEWER)
    membership_grant(user=zhang, body=bodies[TOWN], role=Role.APPROVER)
    html = (
        signed_in(admin).get(f"/workspace/org/bodies/{bodies[STREET].pk}/people/").content.decode()
    )
    assert "张三" in html and "z@example.cn" in html and "street-admin" in html
    assert "经办人" in html and "审核人（科室负责人）" in html
    assert "审发人" not in html  # the role in another body is not this page's business


def person_data(**changes: str) -> dict[str, str]:
    return {
        "username": "lisi",
        "full_name": "李四",
        "email": "lisi@example.cn",
        "role": Role.CLERK,
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        **changes,
    }


def test_an_admin_creates_a_person_who_can_sign_in(bodies: dict[str, Body]) -> None:
    admin = make_user(actor_named("street-admin"), bodies)
    url = f"/workspace/org/bodies/{bodies[OFFICE].pk}/people/new/"
    response = signed_in(admin).post(url, person_data(), follow=True)
    assert response.redirect_chain == [(f"/workspace/org/bodies/{bodies[OFFICE].pk}/people/", 302)]
    assert "已新建用户「lisi」，并授予经办人角色。" in response.content.decode()
    lisi = User.objects.get(username="lisi")
    assert (lisi.full_name, lisi.email) == ("李四", "lisi@example.cn")
    assert list(lisi.memberships.values_list("body__name", "role")) == [(OFFICE, Role.CLERK)]
    assert Client().login(username="lisi", password=GOOD_PASSWORD)
    created = AuditEvent.objects.get(action=AuditAction.USER_CREATE)
    assert (created.actor, created.body) == (admin, bodies[OFFICE])
    assert created.new_values == {
        "username": "lisi",
        "full_name": "李四",
        "email": "lisi@example.cn",
    }
    granted = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_GRANT, actor=admin)
    assert granted.new_values["user"] == "lisi"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"username": "street-admin"}, "username", "该用户名已被使用，请换一个。"),
        ({"username": "STREET-ADMIN"}, "username", "该用户名已被使用，请换一个。"),
        ({"username": "李 四"}, "username", "输入合法的用户名"),
        ({"email": "not-an-address"}, "email", "输入一个有效的 Email 地址。"),
        ({"password2": "something-else-1"}, "password2", "两次输入的密码不一致。"),
        (
            {"password1": "short1", "password2": "short1"},
            "password1",
            "密码太短，至少需要10个字符。",
        ),
        (
            {"password1": "1234567890123", "password2": "1234567890123"},
            "password1",
            "密码不能全是数字。",
        ),
        (
            {
                "username": "lisi-wangwu-2024",
                "password1": "lisi-wangwu-2024",
                "password2": "lisi-wangwu-2024",
            },
            "password1",
            "密码与用户名、姓名或电子邮箱过于相近。",
        ),
        ({"role": "局长"}, "role", "选择一个有效的选项"),
    ],
)
def test_person_form_messages(
    bodies: dict[str, Body], root: User, changes: dict[str, str], field: str, message: str
) -> None:
    make_user(actor_named("street-admin"), bodies)
    users = User.objects.count()
    url = f"/workspace/org/bodies/{bodies[STREET].pk}/people/new/"
    response = signed_in(root).post(url, person_data(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert any(message in error for error in errors[field]), errors[field]
    assert User.objects.count() == users
    assert GOOD_PASSWORD not in response.content.decode()


def test_granting_and_revoking_a_role(bodies: dict[str, Body]) -> None:
    admin = make_user(actor_named("district-admin"), bodies)
    zhang = user_create(username="zhangsan", password=None, full_name="张三")
    membership_grant(user=zhang, body=bodies[TOWN], role=Role.CLERK)
    client = signed_in(admin)
    grant = f"/workspace/org/bodies/{bodies[BUREAU].pk}/people/grant/"
    response = client.post(grant, {"username": "nobody", "role": Role.CLERK})
    assert response.context["form"].errors == {
        "username": ["找不到该用户，请核对用户名；新人员请先新建用户。"]
    }
    response = client.post(grant, {"username": "zhangsan", "role": Role.SUPERVISOR}, follow=True)
    assert "已授予「张三」监督员角色。" in response.content.decode()
    membership = Membership.objects.get(user=zhang, body=bodies[BUREAU])
    again = client.post(grant, {"username": "zhangsan", "role": Role.SUPERVISOR})
    assert again.context["form"].errors == {"role": ["该用户在本机关已担任此角色。"]}
    revoke = f"/workspace/org/roles/{membership.pk}/revoke/"
    page = client.get(revoke).content.decode()
    assert "撤销「张三」（zhangsan）在「甲区民政局」的<strong>监督员</strong>角色？" in page
    unconfirmed = client.post(revoke, {})
    assert unconfirmed.status_code == 200 and "这个字段是必填项。" in unconfirmed.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    response = client.post(revoke, {"confirm": "on"}, follow=True)
    assert response.redirect_chain == [(f"/workspace/org/bodies/{bodies[BUREAU].pk}/people/", 302)]
    assert "已撤销「张三」的监督员角色。" in response.content.decode()
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Membership.objects.filter(user=zhang, body=bodies[TOWN]).exists()
    event = AuditEvent.objects.get(action=AuditAction.MEMBERSHIP_REVOKE)
    assert (event.actor, event.body) == (admin, bodies[BUREAU])
    assert client.post(revoke, {"confirm": "on"}).status_code == 403  # already gone


def test_an_admin_cannot_revoke_its_own_admin_role(bodies: dict[str, Body], root: User) -> None:
    admin = make_user(actor_named("street-admin"), bodies)
    own = Membership.objects.get(user=admin, role=Role.BODY_ADMIN)
    url = f"/workspace/org/roles/{own.pk}/revoke/"
    response = signed_in(admin).post(url, {"confirm": "on"})
    assert response.status_code == 200
    assert "不能撤销自己的机关管理员角色" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
    assert signed_in(root).post(url, {"confirm": "on"}).status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()


# Links from the workspace -----------------------------------------------------------------------


@pytest.mark.parametrize("actor", ACTORS, ids=lambda actor: actor.username)
def test_the_workspace_links_to_management_only_for_managers(
    bodies: dict[str, Body], actor: Actor
) -> None:
    client = signed_in(make_user(actor, bodies))
    index = client.get("/workspace/").content.decode()
    assert ('href="/workspace/org/"' in index) is bool(actor.manages)
    for name in actor.manages:
        body = bodies[name]
        page = client.get(f"/workspace/bodies/{body.pk}/")
        if page.status_code == 200:
            assert f'href="/workspace/org/bodies/{body.pk}/people/"' in page.content.decode()
    if not actor.manages:
        for name, body in bodies.items():
            page = client.get(f"/workspace/bodies/{body.pk}/").content.decode()
            assert "/workspace/org/" not in page, name
