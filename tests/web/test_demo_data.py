"""The demo: the seed reports' bodies with their printed contact blocks; loading is idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.organizations.demo import DemoResult, demo_load
from gongkai.organizations.models import Body, Membership, User

pytestmark = pytest.mark.django_db


def test_demo_creates_the_bodies_under_their_parents(demo: DemoResult) -> None:
    parents = {body.name: body.parent.name if body.parent else None for body in Body.objects.all()}
    assert parents == {
        "长春市南关区人民政府": None,
        "南关区长通街道办事处": "长春市南关区人民政府",
        "南关区民政局": "长春市南关区人民政府",
        "洛阳市洛龙区人民政府": None,
        "洛龙区学府街道办事处": "洛阳市洛龙区人民政府",
        "徐家营街道办事处": None,
        "南郊镇人民政府": None,
    }


def test_demo_contact_blocks_are_the_printed_ones(demo: DemoResult) -> None:
    street = Body.objects.get(name="南关区长通街道办事处")
    assert (street.address, street.phone, street.postcode) == (
        "长春市亚泰大街1055号",
        "82864536",
        "130042",
    )
    bureau = Body.objects.get(name="南关区民政局")
    assert (bureau.address, bureau.phone, bureau.postcode) == (
        "长春市自由大路3388号南关区人民政府114室",
        "85284294",
        "130022",
    )
    assert Body.objects.get(name="南郊镇人民政府").kind == "乡镇人民政府"


def test_demo_users_one_per_role(demo: DemoResult) -> None:
    roles = sorted(Membership.objects.values_list("user__username", "body__name", "role"))
    assert roles == [
        ("demo-guanli", "南关区民政局", "机关管理员"),
        ("demo-jiandu", "长春市南关区人民政府", "监督员"),
        ("demo-jingban", "南关区民政局", "经办人"),
        ("demo-shenfa", "南关区民政局", "审发人"),
        ("demo-shenhe", "南关区民政局", "审核人"),
    ]
    admin = User.objects.get(username="demo-admin")
    assert admin.is_superuser and admin.check_password("gongkai-demo")


def test_demo_load_is_idempotent(demo: DemoResult) -> None:
    assert len(demo.bodies) == 7 and len(demo.users) == 6
    Body.objects.filter(name="南郊镇人民政府").update(phone="12345678")
    again = demo_load()
    assert again.bodies == [] and again.users == []
    assert (Body.objects.count(), User.objects.count(), Membership.objects.count()) == (7, 6, 5)
    assert Body.objects.get(name="南郊镇人民政府").phone == "12345678"


def test_command_prints_the_logins() -> None:
    out = StringIO()
    call_command("demo_load", stdout=out)
    call_command("demo_load", stdout=out)
    text = out.getvalue()
    assert "新建机关 7 个，新建用户 6 个" in text
    assert "新建机关 0 个，新建用户 0 个" in text
    assert "gongkai-demo" in text and "demo-jiandu" in text


def test_command_makes_the_demo_catalogues_searchable() -> None:
    from gongkai.search.selectors import search_publications

    out = StringIO()
    call_command("demo_load", stdout=out)
    assert "全文检索：已索引" in out.getvalue()
    found = search_publications(query="政务公开工作实施方案", body_ids=None)
    assert [item.title for item in found.items][:1] == ["南郊镇2021年政务公开工作实施方案"]
