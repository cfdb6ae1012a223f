"""Bodies, users and memberships through the services; what each user may see."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai.organizations.models import Body, BodyKind, Membership, Role, User
from gongkai.organizations.selectors import bodies_visible_to, body_subtree
from gongkai.organizations.services import (
    body_create,
    body_update,
    membership_grant,
    membership_revoke,
    user_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree() -> dict[str, Body]:
    """区政府 → 民政局, 街道 → (none); 镇 on its own; 街道 under 民政局's sibling."""
    district = body_create(name="某区人民政府", kind=BodyKind.GOVERNMENT)
    bureau = body_create(name="某区民政局", kind=BodyKind.DEPARTMENT, parent=district)
    street = body_create(name="某街道办事处", kind=BodyKind.SUBDISTRICT, parent=district)
    office = body_create(name="某街道综合办", kind=BodyKind.OTHER, parent=street)
    town = body_create(name="某镇人民政府", kind=BodyKind.TOWNSHIP)
    return {
        "district": district,
        "bureau": bureau,
        "street": street,
        "office": office,
        "town": town,
    }


def names(bodies: object) -> set[str]:
    return {body.name for body in bodies}  # type: ignore[attr-defined]


def test_body_create_stores_the_contact_block() -> None:
    body = body_create(
        name="南关区民政局",
        kind=BodyKind.DEPARTMENT,
        address="长春市自由大路3388号南关区人民政府114室",
        phone="85284294",
        postcode="130022",
        website="http://www.nanguan.gov.cn/",
    )
    stored = Body.objects.get(pk=body.pk)
    assert (stored.address, stored.phone, stored.postcode) == (
        "长春市自由大路3388号南关区人民政府114室",
        "85284294",
        "130022",
    )
    assert stored.has_regulation_power is False


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "某局", "kind": "不存在的类别"},
        {"name": "", "kind": BodyKind.OTHER},
        {"name": "某局", "kind": BodyKind.OTHER, "postcode": "1300220"},
        {"name": "某局", "kind": BodyKind.OTHER, "website": "不是网址"},
    ],
)
def test_body_create_refuses_invalid_fields(fields: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        body_create(**fields)  # type: ignore[arg-type]
    assert Body.objects.count() == 0


def test_names_are_unique_among_siblings_and_at_the_top(tree: dict[str, Body]) -> None:
    with pytest.raises(ValidationError):
        body_create(name="某镇人民政府", kind=BodyKind.TOWNSHIP)
    with pytest.raises(ValidationError):
        body_create(name="某区民政局", kind=BodyKind.DEPARTMENT, parent=tree["district"])
    other = body_create(name="某区民政局", kind=BodyKind.DEPARTMENT, parent=tree["town"])
    assert other.parent == tree["town"]


def test_body_subtree_holds_the_body_and_everything_below(tree: dict[str, Body]) -> None:
    assert names(body_subtree(body=tree["district"])) == {
        "某区人民政府",
        "某区民政局",
        "某街道办事处",
        "某街道综合办",
    }
    assert names(body_subtree(body=tree["street"])) == {"某街道办事处", "某街道综合办"}
    assert names(body_subtree(body=tree["town"])) == {"某镇人民政府"}


def test_body_update_changes_fields(tree: dict[str, Body]) -> None:
    body_update(body=tree["bureau"], changes={"phone": "12345678", "parent": tree["town"]})
    bureau = Body.objects.get(pk=tree["bureau"].pk)
    assert (bureau.phone, bureau.parent_id) == ("12345678", tree["town"].pk)


@pytest.mark.parametrize("new_parent", ["district", "office"])
def test_body_update_refuses_a_cycle(tree: dict[str, Body], new_parent: str) -> None:
    with pytest.raises(ValidationError):
        body_update(body=tree["district"], changes={"parent": tree[new_parent]})
    assert Body.objects.get(pk=tree["district"].pk).parent_id is None


def test_body_update_refuses_unknown_fields(tree: dict[str, Body]) -> None:
    with pytest.raises(ValueError):
        body_update(body=tree["town"], changes={"id": 99})


def test_visibility_by_role(tree: dict[str, Body]) -> None:
    clerk = user_create(username="clerk", password="x-long-password")
    supervisor = user_create(username="sup", password="x-long-password")
    outsider = user_create(username="out", password=None)
    admin = user_create(username="root", password="x-long-password")
    admin.is_superuser = True
    admin.save()
    membership_grant(user=clerk, body=tree["bureau"], role=Role.CLERK)
    membership_grant(user=supervisor, body=tree["street"], role=Role.SUPERVISOR)
    assert names(bodies_visible_to(user=clerk)) == {"某区民政局"}
    assert names(bodies_visible_to(user=supervisor)) == {"某街道办事处", "某街道综合办"}
    assert names(bodies_visible_to(user=outsider)) == set()
    assert len(bodies_visible_to(user=admin)) == 5


def test_a_person_holds_roles_in_several_bodies(tree: dict[str, Body]) -> None:
    user = user_create(username="multi", password="x-long-password", full_name="张三")
    membership_grant(user=user, body=tree["bureau"], role=Role.REVIEWER)
    membership_grant(user=user, body=tree["town"], role=Role.APPROVER)
    again = membership_grant(user=user, body=tree["town"], role=Role.APPROVER)
    assert Membership.objects.filter(user=user).count() == 2
    assert names(bodies_visible_to(user=user)) == {"某区民政局", "某镇人民政府"}
    membership_revoke(membership=again)
    assert names(bodies_visible_to(user=user)) == {"某区民政局"}


def test_inactive_users_see_nothing(tree: dict[str, Body]) -> None:
    user = user_create(username="gone", password="x-long-password")
    membership_grant(user=user, body=tree["bureau"], role=Role.BODY_ADMIN)
    user.is_active = False
    user.save()
    assert list(bodies_visible_to(user=user)) == []


def test_user_create_hashes_the_password() -> None:
    user = user_create(username="u1", password="x-long-password", full_name="李四")
    stored = User.objects.get(pk=user.pk)
    assert stored.password != "x-long-password"
    assert stored.check_password("x-long-password")
    assert str(stored) == "李四"
    assert not user_create(username="u2", password=None).has_usable_password()


def test_protected_parent_cannot_be_deleted(tree: dict[str, Body]) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        tree["street"].delete()
