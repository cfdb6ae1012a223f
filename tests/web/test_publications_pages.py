"""主动公开 workspace screens: the list, drafting, review, history, channels, permissions."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest
from django.test import Client
from django.urls import reverse
from publications_world import (  # noqa: F401
    PASSWORD,
    TODAY,
    Clock,
    World,
    clock_fixture,
    create,
    publish,
    to_sign,
    world_fixture,
)
from pytest_django import DjangoAssertNumQueries

from gongkai.publications import services
from gongkai.publications.models import (
    Channel,
    ChannelKind,
    Publication,
    Release,
    ReviewStep,
    Status,
)


def login(client: Client, user: object) -> Client:
    assert client.login(username=str(user), password=PASSWORD)
    return client


def url(name: str, world: World, publication: Publication | None = None, **extra: object) -> str:
    kwargs: dict[str, object] = {"body_id": world.town.pk, **extra}
    if publication is not None:
        kwargs["publication_id"] = publication.pk
    return reverse(f"publications:{name}", kwargs=kwargs)


def form_data(**changes: str) -> dict[str, str]:
    data = {
        "title": "乙镇2026年春季道路维修工程公告",
        "issuer": "",
        "document_number": "乙政发〔2026〕3号",
        "written_on": TODAY.isoformat(),
        "formed_on": TODAY.isoformat(),
        "topic": "",
        "article_item": "20.10",
        "disclosure": "主动公开",
        "withholding_reason": "",
        "summary": "道路维修的范围和时间。",
        "body_html": "<p>自3月起维修镇区主干道。</p><script>alert(1)</script>",
    }
    data.update(changes)
    return data


def test_workspace_body_page_links_to_publications(client: Client, world: World) -> None:
    page = login(client, world.clerk).get(reverse("workspace:body", args=[world.town.pk]))
    assert url("list", world) in page.content.decode()


def test_draft_form_creates_a_sanitized_item(client: Client, world: World) -> None:
    login(client, world.clerk)
    page = client.get(url("create", world))
    html = page.content.decode()
    for label in ("标题", "形成或变更日期", "公开属性", "不予公开的理由及依据", "正文"):
        assert label in html
    assert 'for="id_title"' in html and 'id="id_title"' in html
    response = client.post(url("create", world), form_data())
    item = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", world, item)
    assert "<script>" not in item.body_html and "维修镇区主干道" in item.body_html
    assert (item.issuer, item.article_item) == ("乙镇人民政府", "20.10")
    detail = client.get(url("detail", world, item)).content.decode()
    assert item.index_number in detail


def test_draft_form_errors_are_shown_at_the_fields(client: Client, world: World) -> None:
    login(client, world.clerk)
    response = client.post(url("create", world), form_data(disclosure="不予公开"))
    assert response.status_code == 400
    assert "不予公开的，请选择不予公开的理由及依据。" in response.content.decode()
    assert not Publication.objects.exists()


def test_stale_edit_keeps_the_input(client: Client, world: World) -> None:
    item = create(world)
    login(client, world.clerk)
    services.publication_edit(
        publication_id=item.pk,
        actor=world.clerk2,
        expected_version=1,
        draft=services.PublicationDraft(title="他人改过", formed_on=TODAY),
    )
    response = client.post(
        url("edit", world, item), {**form_data(title="我的标题"), "version": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "该信息已被他人处理，请刷新后重试。" in html
    assert 'value="我的标题"' in html
    item.refresh_from_db()
    assert item.title == "他人改过"


def test_edit_page_of_a_published_item_redirects(client: Client, world: World) -> None:
    item = publish(world, create(world))
    response = login(client, world.clerk).get(url("edit", world, item), follow=True)
    assert response.redirect_chain[-1][0] == url("detail", world, item)
    assert "该信息当前状态为“已发布”，不能修改。" in response.content.decode()


def test_attachment_refusal_reason_is_shown(client: Client, world: World) -> None:
    item = create(world)
    login(client, world.clerk)
    fake = io.BytesIO(b"MZ\x90\x00 an executable")
    fake.name = "通知.pdf"
    response = client.post(
        url("attach", world, item), {"file": fake, "version": str(item.version)}, follow=True
    )
    html = response.content.decode()
    assert "附件未上传：" in html
    assert item.attachments.count() == 0


def test_attachment_upload_and_download(client: Client, world: World) -> None:
    item = create(world)
    login(client, world.clerk)
    document = docx.Document()
    document.add_paragraph("附件正文")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "附件一.docx"
    client.post(url("attach", world, item), {"file": upload, "version": str(item.version)})
    attachment = item.attachments.get()
    assert (attachment.kind, attachment.text) == ("docx", "附件正文")
    download = client.get(url("attachment", world, item, attachment_id=attachment.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == buffer.getvalue()  # type: ignore[attr-defined]


def test_review_page_shows_scan_warnings_and_records_them(client: Client, world: World) -> None:
    item = create(world, body_html="<p>联系电话13800138000。</p>")
    services.publication_submit(publication_id=item.pk, actor=world.clerk, expected_version=1)
    login(client, world.clerk2)
    html = client.get(url("detail", world, item)).content.decode()
    assert "发现 1 处可能的个人信息或敏感词" in html
    warnings = html[
        html.index('id="scan-list"') : html.index("</ol>", html.index('id="scan-list"'))
    ]
    assert "手机号" in warnings
    assert "13800138000" not in warnings  # only the masked excerpt is shown
    assert "已核对自动检查提示（1 处）" in html
    act = url("act", world, item, action="first_approve")
    page = client.post(act, {"version": "2", "comment": "同意"}, follow=True).content.decode()
    assert "已核对自动检查提示" in page
    assert Publication.objects.get(pk=item.pk).status == Status.FIRST_REVIEW
    client.post(act, {"version": "2", "comment": "同意", "scan_acknowledged": "1"})
    step = ReviewStep.objects.get(publication=item)
    assert [hit["kind"] for hit in step.scan_hits] == ["手机号"]
    assert Publication.objects.get(pk=item.pk).status == Status.REVIEW


def test_sign_page_publishes_and_history_shows_differences(client: Client, world: World) -> None:
    item = to_sign(world, create(world))
    login(client, world.approver)
    client.post(
        url("act", world, item, action="sign"),
        {"version": str(item.version), "secrecy": "不涉密"},
    )
    item.refresh_from_db()
    assert (item.status, item.published_on) == (Status.PUBLISHED, TODAY)
    html = client.get(url("history", world, item)).content.decode()
    assert "第 5 版" in html and "第 1 版" in html
    assert "+ 状态：已发布" in html
    assert "- 状态：待审发" in html


def test_return_and_stale_action_by_post(client: Client, world: World) -> None:
    item = create(world)
    services.publication_submit(publication_id=item.pk, actor=world.clerk, expected_version=1)
    login(client, world.clerk2)
    act = url("act", world, item, action="return")
    stale = client.post(act, {"version": "1", "comment": "改"}, follow=True).content.decode()
    assert "该信息已被他人处理，请刷新后重试。" in stale
    client.post(act, {"version": "2", "comment": "请补充文号"})
    item.refresh_from_db()
    assert item.status == Status.DRAFT
    page = login(Client(), world.clerk).get(url("detail", world, item)).content.decode()
    assert "请补充文号" in page


def test_channels_release_and_withdrawal(client: Client, world: World) -> None:
    login(client, world.clerk)
    page = client.get(url("channels", world)).content.decode()
    assert "政府信息公开专栏" in page
    client.post(
        url("channels", world),
        {"form": "channel", "channel-kind": ChannelKind.NEW_MEDIA, "channel-name": "幸福乙镇"},
    )
    media = Channel.objects.get(body=world.town, kind=ChannelKind.NEW_MEDIA)
    client.post(
        url("channels", world), {"form": "topic", "topic-name": "业务工作", "topic-order": 1}
    )
    assert "业务工作" in client.get(url("channels", world)).content.decode()
    item = publish(world, create(world))
    client.post(
        url("act", world, item, action="release"),
        {"channel": str(media.pk), "released_on": TODAY.isoformat()},
    )
    assert Release.objects.filter(publication=item).count() == 2
    login(client, world.approver)
    client.post(
        url("act", world, item, action="withdraw"), {"version": str(item.version), "reason": "有误"}
    )
    item.refresh_from_db()
    assert (item.status, item.withdrawal_reason) == (Status.WITHDRAWN, "有误")


def test_list_filters_counts_and_query_budget(
    client: Client, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for n in range(3):
        create(world, title=f"草稿{n}")
    publish(world, create(world, title="已发布的"))
    login(client, world.supervisor)
    page = client.get(url("list", world)).content.decode()
    assert '<span data-status="draft">3</span>' in page
    assert '<span data-status="published">1</span>' in page
    only = client.get(url("list", world), {"status": "published"}).content.decode()
    assert "已发布的" in only and "草稿0" not in only
    with django_assert_max_num_queries(12) as few:
        client.get(url("list", world))
    for n in range(20):
        create(world, title=f"更多{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("list", world))


# --- permissions matrix -----------------------------------------------------------------------

PAGES = ("list", "detail", "history", "channels", "create", "edit", "settings")
#: Who gets each page of the town's items (200) — everyone else 403.
ALLOWED: dict[str, set[str]] = {
    "list": {"clerk", "clerk2", "reviewer", "approver", "admin", "supervisor"},
    "detail": {"clerk", "clerk2", "reviewer", "approver", "admin", "supervisor"},
    "history": {"clerk", "clerk2", "reviewer", "approver", "admin", "supervisor"},
    "channels": {"clerk", "clerk2", "reviewer", "approver", "admin", "supervisor"},
    "create": {"clerk", "clerk2", "admin"},
    "edit": {"clerk", "clerk2", "admin"},
    "settings": {"admin"},
}
ACTORS = ("clerk", "reviewer", "approver", "admin", "supervisor", "other_clerk", "outsider")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix_pages(client: Client, world: World, actor: str, page: str) -> None:
    item = create(world)
    target = url(page, world, item if page in ("detail", "history", "edit") else None)
    response = login(client, world.user(actor)).get(target)
    allowed = actor in ALLOWED[page]
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert item.title not in response.content.decode()


@pytest.mark.parametrize("page", ["list", "create", "channels"])
def test_anonymous_goes_to_login(client: Client, world: World, page: str) -> None:
    response = client.get(url(page, world))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


#: (action, status the item is brought to, the role that may act) — everyone else is refused.
STAGES: list[tuple[str, Callable[[World, Publication], Publication], str]] = [
    (
        "submit",
        lambda w, p: p,
        "clerk",
    ),
    (
        "first_approve",
        lambda w, p: services.publication_submit(
            publication_id=p.pk, actor=w.clerk, expected_version=p.version
        ),
        "clerk2",
    ),
    (
        "review_approve",
        lambda w, p: services.publication_first_approve(
            publication_id=p.pk,
            actor=w.clerk2,
            expected_version=services.publication_submit(
                publication_id=p.pk, actor=w.clerk, expected_version=p.version
            ).version,
        ),
        "reviewer",
    ),
    ("sign", to_sign, "approver"),
]


@pytest.mark.parametrize(("action", "prepare", "may"), STAGES, ids=[s[0] for s in STAGES])
@pytest.mark.parametrize("actor", ["clerk2", "reviewer", "approver", "supervisor", "other_clerk"])
def test_permission_matrix_actions(
    client: Client,
    world: World,
    action: str,
    prepare: Callable[[World, Publication], Publication],
    may: str,
    actor: str,
) -> None:
    item = prepare(world, create(world))
    item.refresh_from_db()
    before = (item.status, item.version)
    response = login(client, world.user(actor)).post(
        url("act", world, item, action=action),
        {"version": str(item.version), "secrecy": "不涉密"},
    )
    item.refresh_from_db()
    allowed = actor == may or (may == "clerk" and actor == "clerk2")
    if allowed:
        assert response.status_code == 302
        assert item.version == before[1] + 1
    else:
        assert response.status_code == 403
        assert (item.status, item.version) == before


def test_detail_page_query_count_does_not_grow_with_steps(
    client: Client, world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    item = create(world)
    login(client, world.supervisor)
    with django_assert_max_num_queries(30) as first:
        client.get(url("detail", world, item))
    p = item
    for _ in range(3):
        p = services.publication_submit(
            publication_id=p.pk, actor=world.clerk, expected_version=p.version
        )
        p = services.publication_return(
            publication_id=p.pk, actor=world.clerk2, expected_version=p.version, comment="改"
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url("detail", world, item))
    assert page.content.decode().count("<td>退回</td>") == 3
