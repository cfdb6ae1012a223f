"""The audit log page: read by body administrators, supervisors and the system administrator."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from browser.browsing import Watch, log_in, open_expecting
from gongkai.audit.models import AuditEvent
from gongkai.audit.selectors import audit_body_ids_for_user
from gongkai.organizations.demo import DemoResult
from gongkai.organizations.models import Body, User

# Typed from organizations/demo.py: a body whose events each reader must see, and one it must not.
READERS = {
    "demo-guanli": ("南关区民政局", "长春市南关区人民政府"),
    "demo-jiandu": ("南关区长通街道办事处", "洛阳市洛龙区人民政府"),
    "demo-admin": ("南郊镇人民政府", None),
}
NOT_READERS = ("demo-jingban", "demo-shenhe", "demo-shenfa")


def expected_body_column(user: User) -> list[str]:
    """The 机关 cell of each event the user may read, computed from the database."""
    body_ids = audit_body_ids_for_user(user=user)
    events = AuditEvent.objects.select_related("body")
    if body_ids is not None:
        events = events.filter(body_id__in=body_ids)
    return sorted(event.body.name if event.body else "—" for event in events)


@pytest.mark.parametrize("username", sorted(READERS))
def test_readers_open_the_audit_log_from_the_workspace(
    page: Page, demo: DemoResult, username: str
) -> None:
    expected = expected_body_column(User.objects.get(username=username))
    own, other = READERS[username]
    assert own in expected and other not in expected

    log_in(page, username)
    page.get_by_role("link", name="操作记录").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("操作记录")
    table = page.get_by_role("table", name="操作记录")
    headers = table.get_by_role("columnheader").all_inner_texts()
    assert headers == ["时间", "操作人", "机关", "操作", "对象", "原值", "新值"]
    rows = table.get_by_role("row").filter(has=page.get_by_role("cell"))
    body_column = headers.index("机关")
    shown = [row.get_by_role("cell").nth(body_column).inner_text() for row in rows.all()]
    assert sorted(shown) == expected
    expect(table).to_contain_text("新建机关")
    expect(table).to_contain_text("授予角色")
    if other is not None:
        expect(page.get_by_role("main")).not_to_contain_text(other)


@pytest.mark.parametrize("username", NOT_READERS)
def test_other_roles_get_the_403_page_for_the_audit_log(
    page: Page, watch: Watch, demo: DemoResult, username: str
) -> None:
    log_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("工作台")
    expect(page.get_by_role("link", name="操作记录")).to_have_count(0)
    open_expecting(page, watch, "/workspace/audit/", 403)
    expect(page.get_by_role("heading", level=1)).to_have_text("无权访问")
    expect(page.get_by_role("table")).to_have_count(0)
    main = page.get_by_role("main")
    for body in Body.objects.all():
        expect(main).not_to_contain_text(body.name)
