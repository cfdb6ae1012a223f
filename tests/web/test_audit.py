"""The audit log: services write events; nobody can change them; who may read them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from gongkai.audit.models import AuditAction, AuditEvent, AuditLogIsAppendOnly
from gongkai.organizations.models import Body, BodyKind, Membership, Role, User
from gongkai.organizations.services import (
    body_create,
    body_update,
    membership_grant,
    membership_revoke,
    user_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> User:
    return user_create(username="sys-admin", password="admin-password-1", full_name="管理员甲")


@pytest.fixture
def bodies(admin: User) -> dict[str, Body]:
    district = body_create(name="丁区人民政府", kind=BodyKind.GOVERNMENT, actor=admin)
    bureau = body_create(name="丁区民政局", kind=BodyKind.DEPARTMENT, parent=district, actor=admin)
    street = body_create(
        name="丁区戊街道办事处", kind=BodyKind.SUBDISTRICT, parent=district, actor=admin
    )
    town = body_create(name="己镇人民政府", kind=BodyKind.TOWNSHIP, actor=admin)
    return {"district": district, "bureau": bureau, "street": street, "town": town}


def test_body_create_writes_an_event_with_the_new_values(admin: User) -> None:
    body = body_create(
        name="庚局", kind=BodyKind.OTHER, phone="12345678", postcode="130022", actor=admin
    )
    event = AuditEvent.objects.get()
    assert (event.actor, event.body, event.action) == (admin, body, AuditAction.BODY_CREATE)
    assert (event.object_type, event.object_id) == ("organizations.body", str(body.pk))
    assert event.old_values == {}
    assert event.new_values["name"] == "庚局"
    assert event.new_values["phone"] == "12345678"
    assert event.new_values["parent"] is None
    assert event.new_values["has_regulation_power"] is False


def test_body_update_records_only_changed_fields(bodies: dict[str, Body], admin: User) -> None:
    town = bodies["town"]
    body_update(
        body=town,
        changes={"phone": "88886666", "name": "己镇人民政府", "parent": bodies["district"]},
        actor=admin,
    )
    event = AuditEvent.objects.filter(action=AuditAction.BODY_UPDATE).get()
    assert event.old_values == {"phone": "", "parent": None}
    assert event.new_values == {"phone": "88886666", "parent": bodies["district"].pk}
    assert event.body == town


def test_an_update_that_changes_nothing_writes_nothing(bodies: dict[str, Body]) -> None:
    body_update(body=bodies["town"], changes={"name": "己镇人民政府"})
    assert not AuditEvent.objects.filter(action=AuditAction.BODY_UPDATE).exists()


def test_a_refused_update_writes_no_event(bodies: dict[str, Body]) -> None:
    with pytest.raises(ValidationError):
        body_update(body=bodies["town"], changes={"postcode": "not a code"})
    assert not AuditEvent.objects.filter(action=AuditAction.BODY_UPDATE).exists()


def test_the_event_shares_the_service_transaction(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr("gongkai.organizations.services.audit_event_record", broken)
    with pytest.raises(RuntimeError):
        body_create(name="辛局", kind=BodyKind.OTHER)
    assert not Body.objects.filter(name="辛局").exists()


def test_membership_grant_and_revoke_write_events(bodies: dict[str, Body], admin: User) -> None:
    clerk = user_create(username="clerk-1", password="clerk-password-1")
    membership = membership_grant(user=clerk, body=bodies["bureau"], role=Role.CLERK, actor=admin)
    membership_grant(user=clerk, body=bodies["bureau"], role=Role.CLERK, actor=admin)  # held
    membership_revoke(membership=membership, actor=admin)
    events = list(AuditEvent.objects.filter(object_type="organizations.membership").order_by("id"))
    assert [event.action for event in events] == [
        AuditAction.MEMBERSHIP_GRANT,
        AuditAction.MEMBERSHIP_REVOKE,
    ]
    values = {"user": "clerk-1", "body": "丁区民政局", "role": "经办人"}
    assert (events[0].old_values, events[0].new_values) == ({}, values)
    assert (events[1].old_values, events[1].new_values) == (values, {})
    assert {event.body for event in events} == {bodies["bureau"]}
    assert not Membership.objects.filter(user=clerk).exists()


def test_events_cannot_be_changed_or_deleted(bodies: dict[str, Body]) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.new_values = {"name": "篡改"}
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(new_values={})
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 4
    assert AuditEvent.objects.get(pk=event.pk).new_values["name"] != "篡改"


def signed_in(username: str, grants: list[tuple[Body, Role]]) -> Client:
    user = user_create(username=username, password="reader-password-1")
    for body, role in grants:
        membership_grant(user=user, body=body, role=role)
    client = Client()
    client.force_login(user)
    return client


def listed_bodies(client: Client, bodies: dict[str, Body]) -> set[str]:
    html = client.get("/workspace/audit/").content.decode()
    return {key for key, body in bodies.items() if f"<td>{body.name}</td>" in html}


def test_anonymous_is_sent_to_login(client: Client) -> None:
    assert client.get("/workspace/audit/")["Location"] == "/accounts/login/?next=/workspace/audit/"


@pytest.mark.parametrize(
    ("grants", "visible"),
    [
        ([("bureau", Role.BODY_ADMIN)], {"bureau"}),
        ([("district", Role.SUPERVISOR)], {"district", "bureau", "street"}),
        ([("street", Role.SUPERVISOR)], {"street"}),
        ([("bureau", Role.BODY_ADMIN), ("town", Role.BODY_ADMIN)], {"bureau", "town"}),
        ([("district", Role.BODY_ADMIN), ("bureau", Role.CLERK)], {"district"}),
    ],
)
def test_who_reads_which_events(
    bodies: dict[str, Body], grants: list[tuple[str, Role]], visible: set[str]
) -> None:
    client = signed_in("reader", [(bodies[key], role) for key, role in grants])
    response = client.get("/workspace/audit/")
    assert response.status_code == 200
    assert "<h1>操作记录</h1>" in response.content.decode()
    assert listed_bodies(client, bodies) == visible


@pytest.mark.parametrize("role", [Role.CLERK, Role.REVIEWER, Role.APPROVER])
def test_other_roles_get_403(bodies: dict[str, Body], role: Role) -> None:
    client = signed_in("worker", [(bodies["bureau"], role)])
    response = client.get("/workspace/audit/")
    assert response.status_code == 403
    assert "丁区民政局" not in response.content.decode()


def test_the_page_offers_no_way_to_change_events(bodies: dict[str, Body]) -> None:
    client = signed_in("boss", [(bodies["district"], Role.SUPERVISOR)])
    for method in (client.post, client.put, client.patch, client.delete):
        assert method("/workspace/audit/").status_code == 405
    main = client.get("/workspace/audit/").content.decode().split("</header>")[1]
    assert 'method="post"' not in main.lower()
    assert 'method="get"' in main
    assert AuditEvent.objects.filter(action=AuditAction.BODY_CREATE).count() == 4


def test_workspace_links_to_the_audit_log_only_for_readers(bodies: dict[str, Body]) -> None:
    reader = signed_in("reader", [(bodies["bureau"], Role.BODY_ADMIN)])
    worker = signed_in("worker", [(bodies["bureau"], Role.CLERK)])
    assert 'href="/workspace/audit/"' in reader.get("/workspace/").content.decode()
    assert 'href="/workspace/audit/"' not in worker.get("/workspace/").content.decode()


def test_audit_page_query_count_does_not_grow_with_events(
    bodies: dict[str, Body], admin: User, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    client = signed_in("boss", [(bodies["district"], Role.SUPERVISOR)])
    with django_assert_num_queries(QUERIES_PER_PAGE):
        client.get("/workspace/audit/")
    for number in range(15):
        body_update(body=bodies["bureau"], changes={"phone": f"8800{number:04d}"}, actor=admin)
    with django_assert_num_queries(QUERIES_PER_PAGE):
        html = client.get("/workspace/audit/").content.decode()
    assert html.count("管理员甲") >= 15


# session, user, memberships, subtree levels (2), filter choices, count, page of events
QUERIES_PER_PAGE = 8


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_changing_events_behind_the_application() -> None:
    admin = user_create(username="sys-admin", password="admin-password-1")
    body_create(name="庚区人民政府", kind=BodyKind.GOVERNMENT, actor=admin)
    with pytest.raises(DatabaseError, match="操作记录只增不改"), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = %s", ["0"])
    assert AuditEvent.objects.get().object_id != "0"
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="不能删除"), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
        assert AuditEvent.objects.count() == 1


def _backdate(event_id: int, when: dt.datetime) -> None:
    """Move an event in time by recreating the table row (tests only: the log is append-only)."""
    event = AuditEvent.objects.get(pk=event_id)
    AuditEvent.objects.create(
        actor=event.actor,
        body=event.body,
        action=event.action,
        object_type=event.object_type,
        object_id=f"{event.object_id}-old",
        old_values=event.old_values,
        new_values=event.new_values,
        at=when,
    )


def test_filters_narrow_by_body_action_and_day(bodies: dict[str, Body], admin: User) -> None:
    body_update(body=bodies["bureau"], changes={"phone": "88001234"}, actor=admin)
    created = AuditEvent.objects.get(action=AuditAction.BODY_CREATE, body=bodies["street"])
    _backdate(created.pk, timezone.make_aware(dt.datetime(2025, 3, 1, 23, 59)))
    client = signed_in("boss", [(bodies["district"], Role.SUPERVISOR)])

    def rows(query: str) -> int:
        html = client.get(f"/workspace/audit/?{query}").content.decode()
        return html.count("<tr><td>")

    # three creations in the subtree, one update, one backdated copy, the reader's own grant
    assert rows("") == 6
    assert rows(f"body={bodies['bureau'].pk}") == 2
    assert rows("action=body_update") == 1
    assert rows("since=2025-03-01&until=2025-03-01") == 1
    assert rows("until=2025-02-28") == 0
    assert rows(f"body={bodies['street'].pk}&action=body_create") == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=2025-13-01", "请输入有效的日期"),
        ("since=2025-03-02&until=2025-03-01", "截止日期不能早于起始日期。"),
        ("action=drop_table", "请从列表中选择操作。"),
        ("body=abc", "请从列表中选择机关。"),
    ],
)
def test_bad_filters_give_chinese_messages_and_no_rows(
    bodies: dict[str, Body], query: str, message: str
) -> None:
    client = signed_in("boss", [(bodies["district"], Role.SUPERVISOR)])
    response = client.get(f"/workspace/audit/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "<tr><td>" not in html


def test_a_body_outside_the_readers_subtree_is_not_offered_nor_filterable(
    bodies: dict[str, Body],
) -> None:
    client = signed_in("boss", [(bodies["district"], Role.SUPERVISOR)])
    html = client.get("/workspace/audit/").content.decode()
    assert f'<option value="{bodies["district"].pk}">' in html
    assert "己镇人民政府" not in html
    response = client.get(f"/workspace/audit/?body={bodies['town'].pk}")
    assert "请从列表中选择机关。" in response.content.decode()
    assert "<tr><td>" not in response.content.decode()


def test_pages_of_fifty_keep_the_filter_in_links(bodies: dict[str, Body], admin: User) -> None:
    for number in range(60):
        body_update(body=bodies["bureau"], changes={"phone": f"8800{number:04d}"}, actor=admin)
    client = signed_in("boss", [(bodies["district"], Role.SUPERVISOR)])
    first = client.get("/workspace/audit/?action=body_update").content.decode()
    assert first.count("<tr><td>") == 50
    assert "第 1/2 页" in first
    assert 'href="?action=body_update&amp;page=2"' in first
    second = client.get("/workspace/audit/?action=body_update&page=2").content.decode()
    assert second.count("<tr><td>") == 10
    assert client.get("/workspace/audit/?page=abc").status_code == 200
    assert client.get("/workspace/audit/?page=999").status_code == 200
