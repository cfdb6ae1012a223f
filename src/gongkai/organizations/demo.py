"""Demo data: the five bodies of the seed reports, their parents, and one user per role.

Contact blocks are typed from what each seed report prints (``shared/seeds``); a report that
prints none leaves the fields blank. Loading is idempotent: existing bodies and users are kept
as they are (an administrator may have edited them), missing ones are created.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create

DEMO_PASSWORD = "gongkai-demo"


@dataclass(frozen=True)
class DemoBody:
    """A body to create, with its parent's name (``None`` at the top)."""

    name: str
    kind: BodyKind
    parent: str | None = None
    short_name: str = ""
    division: str = ""
    address: str = ""
    phone: str = ""
    postcode: str = ""
    website: str = ""


@dataclass(frozen=True)
class DemoUser:
    """A demo user, the body it works in and its role there (``None``: system administrator)."""

    username: str
    full_name: str
    role: Role | None
    body: str | None


DEMO_BODIES = (
    DemoBody(
        "长春市南关区人民政府",
        BodyKind.GOVERNMENT,
        short_name="南关区政府",
        division="吉林省长春市南关区",
        website="http://www.nanguan.gov.cn/",
    ),
    DemoBody(  # seed 000
        "南关区长通街道办事处",
        BodyKind.SUBDISTRICT,
        parent="长春市南关区人民政府",
        short_name="长通街道",
        division="吉林省长春市南关区",
        address="长春市亚泰大街1055号",
        phone="82864536",
        postcode="130042",
    ),
    DemoBody(  # seed 003
        "南关区民政局",
        BodyKind.DEPARTMENT,
        parent="长春市南关区人民政府",
        short_name="区民政局",
        division="吉林省长春市南关区",
        address="长春市自由大路3388号南关区人民政府114室",
        phone="85284294",
        postcode="130022",
        website="http://www.nanguan.gov.cn/",
    ),
    DemoBody(
        "洛阳市洛龙区人民政府",
        BodyKind.GOVERNMENT,
        short_name="洛龙区政府",
        division="河南省洛阳市洛龙区",
    ),
    DemoBody(  # seed 001
        "洛龙区学府街道办事处",
        BodyKind.SUBDISTRICT,
        parent="洛阳市洛龙区人民政府",
        short_name="学府街道",
        division="河南省洛阳市洛龙区",
    ),
    DemoBody("徐家营街道办事处", BodyKind.SUBDISTRICT, short_name="徐家营街道"),  # seed 002
    DemoBody("南郊镇人民政府", BodyKind.TOWNSHIP, short_name="南郊镇"),  # seed 004
)

DEMO_USERS = (
    DemoUser("demo-jingban", "演示经办人", Role.CLERK, "南关区民政局"),
    DemoUser("demo-shenhe", "演示审核人", Role.REVIEWER, "南关区民政局"),
    DemoUser("demo-shenfa", "演示审发人", Role.APPROVER, "南关区民政局"),
    DemoUser("demo-guanli", "演示机关管理员", Role.BODY_ADMIN, "南关区民政局"),
    DemoUser("demo-jiandu", "演示监督员", Role.SUPERVISOR, "长春市南关区人民政府"),
    DemoUser("demo-admin", "演示系统管理员", None, None),
)


@dataclass
class DemoResult:
    """What a load created (empty lists on a second run)."""

    bodies: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)


def _ensure_body(spec: DemoBody, parent: Body | None, result: DemoResult) -> Body:
    existing = Body.objects.filter(parent=parent, name=spec.name).first()
    if existing is not None:
        return existing
    result.bodies.append(spec.name)
    return body_create(
        name=spec.name,
        kind=spec.kind,
        parent=parent,
        short_name=spec.short_name,
        division=spec.division,
        address=spec.address,
        phone=spec.phone,
        postcode=spec.postcode,
        website=spec.website,
    )


def _ensure_user(spec: DemoUser, result: DemoResult) -> User:
    existing = User.objects.filter(username=spec.username).first()
    if existing is not None:
        return existing
    result.users.append(spec.username)
    user = user_create(username=spec.username, password=DEMO_PASSWORD, full_name=spec.full_name)
    if spec.role is None:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def demo_load() -> DemoResult:
    """Create whatever of the demo is missing."""
    result = DemoResult()
    bodies: dict[str, Body] = {}
    for spec in DEMO_BODIES:
        parent = bodies[spec.parent] if spec.parent else None
        bodies[spec.name] = _ensure_body(spec, parent, result)
    for user_spec in DEMO_USERS:
        user = _ensure_user(user_spec, result)
        if user_spec.role is not None and user_spec.body is not None:
            membership_grant(user=user, body=bodies[user_spec.body], role=user_spec.role)
    return result
