"""Notices to approvers: 待我审核 on the workspace and an e-mail when an item reaches a stage."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from publications_world import (  # noqa: F401
    PASSWORD,
    Clock,
    World,
    clock_fixture,
    create,
    to_sign,
    world_fixture,
)
from pytest_django import DjangoAssertNumQueries

from gongkai.organizations.models import Role, User
from gongkai.organizations.services import membership_grant
from gongkai.publications import notices, services
from gongkai.publications.models import Publication, Status

Capture = Callable[..., AbstractContextManager[Any]]


def login(client: Client, user: object) -> Client:
    assert client.login(username=str(user), password=PASSWORD)
    return client


def addresses(world: World) -> None:
    for name in ("clerk", "clerk2", "reviewer", "approver", "admin", "supervisor", "other_clerk"):
        User.objects.filter(pk=world.user(name).pk).update(email=f"{name}@example.gov.cn")


def recipients() -> list[list[str]]:
    return sorted(message.to for message in mail.outbox)


def test_each_stage_mails_the_holders_of_its_role(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    addresses(world)
    item = create(world)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.publication_submit(
            publication_id=item.pk, actor=world.clerk, expected_version=item.version
        )
    # 待初审: the body's 经办人 but the one who submitted
    assert recipients() == [["clerk2@example.gov.cn"]]
    message = mail.outbox[0]
    assert message.subject == f"【政府信息公开】待初审：{item.title}"
    assert item.index_number in message.body and "乙镇人民政府" in message.body
    assert f"/workspace/bodies/{world.town.pk}/publications/{item.pk}/" in message.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        p = services.publication_first_approve(
            publication_id=p.pk, actor=world.clerk2, expected_version=p.version
        )
    assert recipients() == [["reviewer@example.gov.cn"]]
    assert mail.outbox[0].subject.startswith("【政府信息公开】待审核：")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        p = services.publication_review_approve(
            publication_id=p.pk, actor=world.reviewer, expected_version=p.version
        )
    assert recipients() == [["approver@example.gov.cn"]]
    assert mail.outbox[0].subject.startswith("【政府信息公开】待审发：")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_sign(
            publication_id=p.pk, actor=world.approver, expected_version=p.version, secrecy="不涉密"
        )
    assert mail.outbox == []  # published: nobody waits


def test_no_address_no_mail_and_a_return_mails_nobody(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    item = create(world)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.publication_submit(
            publication_id=item.pk, actor=world.clerk, expected_version=item.version
        )
    assert mail.outbox == []
    addresses(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_return(
            publication_id=p.pk, actor=world.clerk2, expected_version=p.version, comment="请补充"
        )
    assert mail.outbox == []


def test_inactive_people_and_other_bodies_get_nothing(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    addresses(world)
    User.objects.filter(pk=world.clerk2.pk).update(is_active=False)
    item = create(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_submit(
            publication_id=item.pk, actor=world.clerk, expected_version=item.version
        )
    assert mail.outbox == []  # clerk2 inactive; other_clerk is of another body


def test_a_failing_mail_server_does_not_undo_the_step(
    world: World,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    addresses(world)

    def down(*args: object, **kwargs: object) -> object:
        raise OSError("connection refused")

    monkeypatch.setattr(notices.mail, "get_connection", down)
    item = create(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.publication_submit(
            publication_id=item.pk, actor=world.clerk, expected_version=item.version
        )
    item.refresh_from_db()
    assert item.status == Status.FIRST_REVIEW


def awaiting_section(client: Client) -> str:
    html = client.get(reverse("workspace:index")).content.decode()
    if 'id="awaiting-heading"' not in html:
        return ""
    start = html.index('id="awaiting-heading"')
    return html[start : html.index("</section>", start)]


def test_workspace_lists_what_waits_for_me(client: Client, world: World) -> None:
    first = create(world, title="待初审的信息")
    services.publication_submit(
        publication_id=first.pk, actor=world.clerk, expected_version=first.version
    )
    signing = to_sign(world, create(world, title="待审发的信息"))
    assert signing.status == Status.SIGN
    section = awaiting_section(login(client, world.approver))
    assert "待审发的信息" in section and "待初审的信息" not in section
    assert 'aria-label="待审核1条"' in section
    assert reverse("publications:detail", args=[world.town.pk, signing.pk]) in section
    section = awaiting_section(login(client, world.clerk2))
    assert "待初审的信息" in section and "待审发的信息" not in section
    assert awaiting_section(login(client, world.reviewer)) == ""
    assert awaiting_section(login(client, world.supervisor)) == ""
    assert awaiting_section(login(client, world.other_clerk)) == ""
    services.publication_sign(
        publication_id=signing.pk,
        actor=world.approver,
        expected_version=signing.version,
        secrecy="不涉密",
    )
    assert awaiting_section(login(client, world.approver)) == ""


def test_roles_in_several_bodies_add_up(world: World) -> None:
    membership_grant(user=world.approver, body=world.other, role=Role.CLERK)
    mine = create(world)
    to_sign(world, mine)
    theirs = services.publication_create(
        body=world.other,
        actor=world.other_clerk,
        draft=services.PublicationDraft(
            title="丙镇信息", formed_on=mine.formed_on, body_html="<p>正文</p>"
        ),
    )
    services.publication_submit(
        publication_id=theirs.pk, actor=world.other_clerk, expected_version=theirs.version
    )
    waiting = notices.awaiting_for_user(user=world.approver)
    assert waiting.total == 2
    assert {item.pk for item in waiting.items} == {mine.pk, theirs.pk}


def test_awaiting_is_three_queries_however_many_items(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    items: list[Publication] = [to_sign(world, create(world, title=f"信息{n}")) for n in range(25)]
    with django_assert_num_queries(3):
        waiting = notices.awaiting_for_user(user=world.approver)
        titles = [item.body.name for item in waiting.items]
    assert waiting.total == 25 and len(titles) == notices.AWAITING_SHOWN
    assert waiting.items[0].pk == items[0].pk  # waiting longest first
