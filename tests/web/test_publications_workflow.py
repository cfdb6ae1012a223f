"""主动公开 services: the whole 三级审查 flow, returns, stale actions, 涉密, late flag, schedule."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from publications_world import (
    TODAY,
    ZONE,
    Clock,
    World,
    clock_fixture,
    create,
    draft,
    publish,
    to_sign,
    world_fixture,
)

from gongkai.audit.models import AuditEvent
from gongkai.organizations.models import BodyKind
from gongkai.organizations.services import body_create
from gongkai.publications import services
from gongkai.publications.models import (
    Channel,
    ChannelKind,
    Publication,
    PublicationVersion,
    Release,
    ReviewStep,
    Status,
)
from gongkai.publications.selectors import publication_history, publication_status_counts
from gongkai.publications.tasks import publications_publish_scheduled

__all__ = ["clock_fixture", "world_fixture"]


def docx_bytes(*paragraphs: str) -> bytes:
    """A real DOCX made with python-docx."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_every_body_gets_its_website_channel(world: World) -> None:
    new = body_create(name="丁镇人民政府", kind=BodyKind.TOWNSHIP, parent=world.county)
    channels = Channel.objects.filter(body=new)
    assert [(c.kind, c.name) for c in channels] == [(ChannelKind.WEBSITE, "政府信息公开专栏")]
    assert services.channel_website_ensure(body=new) == channels.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.create(body=new, kind=ChannelKind.WEBSITE, name="第二个专栏")


def test_index_numbers_per_body_and_year(world: World, clock: Clock) -> None:
    first = create(world)
    second = create(world, title="第二条")
    other = services.publication_create(body=world.other, actor=world.other_clerk, draft=draft())
    clock.set(date(2027, 1, 4))
    next_year = create(world, title="次年第一条", formed_on=date(2027, 1, 4))
    code = f"JG{world.town.pk:06d}"
    assert [first.index_number, second.index_number, next_year.index_number] == [
        f"{code}-2026-00001",
        f"{code}-2026-00002",
        f"{code}-2027-00001",
    ]
    assert (other.year, other.seq) == (2026, 1)
    assert other.index_number == f"JG{world.other.pk:06d}-2026-00001"


def test_whole_flow_publishes_to_the_website(world: World) -> None:
    item = create(world)
    assert item.status == Status.DRAFT
    assert item.issuer == "乙镇人民政府"
    p = services.publication_submit(publication_id=item.pk, actor=world.clerk, expected_version=1)
    assert p.status == Status.FIRST_REVIEW
    p = services.publication_first_approve(
        publication_id=p.pk, actor=world.clerk2, expected_version=p.version, comment="同意"
    )
    assert p.status == Status.REVIEW
    p = services.publication_review_approve(
        publication_id=p.pk, actor=world.reviewer, expected_version=p.version
    )
    assert p.status == Status.SIGN
    p = services.publication_sign(
        publication_id=p.pk, actor=world.approver, expected_version=p.version, secrecy="不涉密"
    )
    p.refresh_from_db()
    assert (p.status, p.published_on, p.secrecy, p.late) == (
        Status.PUBLISHED,
        TODAY,
        "不涉密",
        False,
    )
    release = Release.objects.get(publication=p)
    assert (release.channel.kind, release.released_on) == (ChannelKind.WEBSITE, TODAY)
    steps = list(ReviewStep.objects.filter(publication=p).values_list("stage", "decision"))
    assert steps == [("初审", "通过"), ("审核", "通过"), ("审发", "通过")]
    # one version per save: created, submitted, three approvals
    assert list(p.versions.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    steps_audited = list(
        AuditEvent.objects.filter(object_type="publications.publication", object_id=str(p.pk))
        .order_by("id")
        .values_list("new_values__step", flat=True)
    )
    assert steps_audited == ["create", "submit", "first_approve", "review_approve", "sign"]
    assert publication_status_counts(body=world.town)[Status.PUBLISHED] == 1


def test_return_at_each_stage_goes_back_to_draft(world: World) -> None:
    item = create(world)
    p = services.publication_submit(publication_id=item.pk, actor=world.clerk, expected_version=1)
    with pytest.raises(ValidationError):
        services.publication_return(
            publication_id=p.pk, actor=world.clerk2, expected_version=p.version, comment=" "
        )
    p = services.publication_return(
        publication_id=p.pk, actor=world.clerk2, expected_version=p.version, comment="文号有误"
    )
    assert p.status == Status.DRAFT
    p = to_sign(world, p)
    p = services.publication_return(
        publication_id=p.pk, actor=world.approver, expected_version=p.version, comment="补充附件"
    )
    assert p.status == Status.DRAFT
    p = services.publication_submit(
        publication_id=p.pk, actor=world.clerk, expected_version=p.version
    )
    p = services.publication_first_approve(
        publication_id=p.pk, actor=world.clerk2, expected_version=p.version
    )
    # the 审核人 may return at 审核, not the 审发人 (not its stage)
    with pytest.raises(PermissionDenied):
        services.publication_return(
            publication_id=p.pk, actor=world.approver, expected_version=p.version, comment="x"
        )
    p = services.publication_return(
        publication_id=p.pk, actor=world.reviewer, expected_version=p.version, comment="标题改短"
    )
    returns = list(
        ReviewStep.objects.filter(publication=p, decision="退回").values_list("stage", "comment")
    )
    assert returns == [("初审", "文号有误"), ("审发", "补充附件"), ("审核", "标题改短")]


def test_stale_action_is_refused_with_the_message(world: World) -> None:
    item = create(world)
    services.publication_edit(
        publication_id=item.pk, actor=world.clerk2, expected_version=1, draft=draft(title="新标题")
    )
    with pytest.raises(services.PublicationStaleError, match="该信息已被他人处理，请刷新后重试。"):
        services.publication_submit(publication_id=item.pk, actor=world.clerk, expected_version=1)
    item.refresh_from_db()
    assert (item.status, item.version, item.title) == (Status.DRAFT, 2, "新标题")


def test_wrong_status_is_refused(world: World) -> None:
    item = create(world)
    with pytest.raises(services.PublicationStateError, match="拟稿"):
        services.publication_review_approve(
            publication_id=item.pk, actor=world.reviewer, expected_version=1
        )
    p = publish(world, item)
    with pytest.raises(services.PublicationStateError):
        services.publication_edit(
            publication_id=p.pk, actor=world.clerk, expected_version=p.version, draft=draft()
        )


def test_classified_is_never_published(world: World, clock: Clock) -> None:
    item = create(world)
    p = publish(world, item, secrecy="涉密", scheduled_at=clock.now + timedelta(hours=2))
    p.refresh_from_db()
    assert (p.status, p.secrecy, p.published_on, p.scheduled_at) == (
        Status.FILED,
        "涉密",
        None,
        None,
    )
    assert not Release.objects.filter(publication=p).exists()
    clock.set(TODAY + timedelta(days=3))
    assert services.publications_publish_due() == 0
    # and the database refuses it too
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.filter(pk=p.pk).update(status=Status.PUBLISHED)
    with pytest.raises(services.PublicationStateError):
        services.publication_withdraw(
            publication_id=p.pk, actor=world.approver, expected_version=p.version, reason="x"
        )


def test_secrecy_conclusion_is_required(world: World) -> None:
    p = to_sign(world, create(world))
    with pytest.raises(ValidationError):
        services.publication_sign(
            publication_id=p.pk, actor=world.approver, expected_version=p.version, secrecy=""
        )
    p.refresh_from_db()
    assert p.status == Status.SIGN
    assert not ReviewStep.objects.filter(publication=p, stage="审发").exists()


def test_on_request_items_are_filed_not_published(world: World) -> None:
    p = publish(world, create(world, disclosure="依申请公开"))
    assert (p.status, p.published_on) == (Status.FILED, None)


def test_withheld_needs_a_reason(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        create(world, disclosure="不予公开")
    assert "withholding_reason" in error.value.message_dict
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    ("formed_on", "published_on", "late"),
    [
        # 2026-03-02 (Mon): the day not counted, 20 working days end Mon 2026-03-30
        ("2026-03-02", "2026-03-30", False),
        ("2026-03-02", "2026-03-31", True),
        # 2026-03-20 (Fri): 清明 Mon 2026-04-06 is off, so the 20th working day is 2026-04-20
        ("2026-03-20", "2026-04-17", False),
        ("2026-03-20", "2026-04-20", False),
        ("2026-03-20", "2026-04-21", True),
        # 2026-04-24 (Fri): 劳动节 05-01..05-05 off, Sat 05-09 a make-up working day → 05-26
        ("2026-04-24", "2026-05-26", False),
        ("2026-04-24", "2026-05-27", True),
    ],
)
def test_late_flag_with_hand_counted_dates(
    world: World, clock: Clock, formed_on: str, published_on: str, late: bool
) -> None:
    clock.set(date.fromisoformat(formed_on))
    item = create(world, formed_on=date.fromisoformat(formed_on), written_on=None)
    p = to_sign(world, item)
    clock.set(date.fromisoformat(published_on))
    p = services.publication_sign(
        publication_id=p.pk, actor=world.approver, expected_version=p.version, secrecy="不涉密"
    )
    p.refresh_from_db()
    assert (p.published_on, p.late) == (date.fromisoformat(published_on), late)


def test_scheduled_publication_task(world: World, clock: Clock) -> None:
    at = datetime.combine(TODAY + timedelta(days=1), time(8, 0), tzinfo=ZONE)
    with pytest.raises(ValidationError):
        publish(world, create(world, title="过去时间"), scheduled_at=clock.now - timedelta(hours=1))
    p = publish(world, create(world), scheduled_at=at)
    assert (p.status, p.published_on) == (Status.SCHEDULED, None)
    assert publications_publish_scheduled.call() == {"published": 0}
    clock.set(TODAY + timedelta(days=1), time(7, 59))
    assert services.publications_publish_due() == 0
    clock.set(TODAY + timedelta(days=1), time(8, 0))
    assert publications_publish_scheduled.call() == {"published": 1}
    p.refresh_from_db()
    assert (p.status, p.published_on, p.late) == (
        Status.PUBLISHED,
        TODAY + timedelta(days=1),
        False,
    )
    assert Release.objects.get(publication=p).released_on == TODAY + timedelta(days=1)
    assert p.versions.last().note == "定时发布"  # type: ignore[union-attr]
    assert publications_publish_scheduled.call() == {"published": 0}


def test_scheduled_task_is_a_daily_task() -> None:
    from gongkai.organizations.tasks import DAILY_TASKS

    assert publications_publish_scheduled in DAILY_TASKS


def test_withdraw_with_a_reason(world: World) -> None:
    p = publish(world, create(world))
    with pytest.raises(ValidationError):
        services.publication_withdraw(
            publication_id=p.pk, actor=world.approver, expected_version=p.version, reason=""
        )
    with pytest.raises(PermissionDenied):
        services.publication_withdraw(
            publication_id=p.pk, actor=world.clerk, expected_version=p.version, reason="错误"
        )
    p = services.publication_withdraw(
        publication_id=p.pk, actor=world.approver, expected_version=p.version, reason="数据有误"
    )
    assert (p.status, p.withdrawal_reason) == (Status.WITHDRAWN, "数据有误")
    assert Release.objects.filter(publication=p).count() == 1  # what went out stays recorded


def test_scan_warnings_are_shown_and_recorded(world: World) -> None:
    services.settings_update(
        body=world.town, actor=world.admin, index_code="YZ", sensitive_words="内部资料\n"
    )
    item = create(
        world, body_html="<p>联系人张三，身份证号11010519491231002X，本文系内部资料。</p>"
    )
    services.publication_attachment_add(
        publication_id=item.pk,
        actor=world.clerk,
        expected_version=item.version,
        data=docx_bytes("联系电话 13800138000"),
        filename="名单.docx",
    )
    item.refresh_from_db()
    assert item.index_number.startswith("YZ-2026-")
    p = services.publication_submit(
        publication_id=item.pk, actor=world.clerk, expected_version=item.version
    )
    with pytest.raises(ValidationError, match="已核对自动检查提示"):
        services.publication_first_approve(
            publication_id=p.pk, actor=world.clerk2, expected_version=p.version
        )
    assert not ReviewStep.objects.filter(publication=p).exists()
    p = services.publication_first_approve(
        publication_id=p.pk, actor=world.clerk2, expected_version=p.version, scan_acknowledged=True
    )
    step = ReviewStep.objects.get(publication=p)
    found = sorted((hit["where"], hit["kind"]) for hit in step.scan_hits)
    assert ("正文", "身份证号") in found
    assert ("正文", "敏感词") in found
    assert ("名单.docx", "手机号") in found
    assert all("11010519491231002X" not in hit["excerpt"] for hit in step.scan_hits)


def test_attachment_refused_leaves_nothing(world: World) -> None:
    item = create(world)
    with pytest.raises(ValidationError) as error:
        services.publication_attachment_add(
            publication_id=item.pk,
            actor=world.clerk,
            expected_version=item.version,
            data=b"MZ\x90\x00 not a pdf",
            filename="通知.pdf",
        )
    assert error.value.message_dict["file"]
    item.refresh_from_db()
    assert (item.version, item.attachments.count()) == (1, 0)


def test_body_html_is_sanitized_and_history_shows_differences(world: World) -> None:
    item = create(world, body_html='<p onclick="x()">第一段</p><script>alert(1)</script>')
    assert "script" not in item.body_html and "onclick" not in item.body_html
    services.publication_edit(
        publication_id=item.pk,
        actor=world.clerk,
        expected_version=1,
        draft=draft(title="乙镇道路维修公告", body_html="<p>第一段</p><p>第二段</p>"),
    )
    history = publication_history(publication=item)
    assert [entry.version.number for entry in history] == [2, 1]
    changed = history[0].changed
    assert ("-", "标题：乙镇2026年春季道路维修工程公告") in changed
    assert ("+", "标题：乙镇道路维修公告") in changed
    assert ("+", "第二段") in changed
    assert PublicationVersion.objects.filter(publication=item).count() == 2


def test_release_on_other_channels(world: World) -> None:
    media = services.channel_create(
        body=world.town, actor=world.clerk, kind=ChannelKind.NEW_MEDIA, name="幸福乙镇"
    )
    other_media = services.channel_create(
        body=world.other, actor=world.other_clerk, kind=ChannelKind.NEW_MEDIA, name="丙镇发布"
    )
    draft_item = create(world, title="未发布")
    with pytest.raises(services.PublicationStateError):
        services.release_record(
            publication_id=draft_item.pk, actor=world.clerk, channel=media, released_on=TODAY
        )
    p = publish(world, create(world))
    with pytest.raises(ValidationError):
        services.release_record(
            publication_id=p.pk, actor=world.clerk, channel=other_media, released_on=TODAY
        )
    services.release_record(
        publication_id=p.pk, actor=world.clerk, channel=media, released_on=TODAY
    )
    with pytest.raises(ValidationError):
        services.release_record(
            publication_id=p.pk, actor=world.clerk, channel=media, released_on=TODAY
        )
    kinds = sorted(Release.objects.filter(publication=p).values_list("channel__kind", flat=True))
    assert kinds == sorted([ChannelKind.WEBSITE, ChannelKind.NEW_MEDIA])


def test_validity_with_successor(world: World) -> None:
    old = publish(world, create(world, title="旧办法"))
    new = publish(world, create(world, title="新办法"))
    p = services.publication_validity_set(
        publication_id=old.pk,
        actor=world.clerk,
        expected_version=old.version,
        validity="已废止",
        successor=new,
    )
    p.refresh_from_db()
    assert (p.validity, p.successor_id) == ("已废止", new.pk)


def test_interpretation_links_its_policy(world: World) -> None:
    policy = create(world, title="乙镇道路管理办法")
    reading = create(world, title="《乙镇道路管理办法》政策解读", interprets=(policy,))
    assert list(policy.interpretations.all()) == [reading]
    foreign = services.publication_create(
        body=world.other, actor=world.other_clerk, draft=draft(title="丙镇文件")
    )
    with pytest.raises(ValidationError):
        create(world, title="错误的解读", interprets=(foreign,))


def test_data_migration_gives_existing_bodies_their_channel(world: World) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("gongkai.publications.migrations.0002_website_channel_per_body")
    Channel.objects.filter(body=world.other).delete()
    migration.website_channels(apps, None)
    migration.website_channels(apps, None)  # again: nothing more
    assert Channel.objects.filter(body=world.other, kind=ChannelKind.WEBSITE).count() == 1
    assert Channel.objects.filter(kind=ChannelKind.WEBSITE).count() == 3


def test_setup_is_audited_and_limited_to_the_body_staff(world: World) -> None:
    channel = services.channel_create(
        body=world.town, actor=world.admin, kind=ChannelKind.GAZETTE, name="乙镇政府公报"
    )
    services.topic_create(body=world.town, actor=world.clerk, name="业务工作", order=3)
    for outsider in (world.supervisor, world.reviewer, world.other_clerk):
        with pytest.raises(PermissionDenied):
            services.channel_create(
                body=world.town, actor=outsider, kind=ChannelKind.OTHER, name="x"
            )
    with pytest.raises(ValidationError):
        services.channel_set_active(
            channel_id=services.channel_website_ensure(body=world.town).pk,
            body=world.town,
            actor=world.admin,
            active=False,
        )
    with pytest.raises(PermissionDenied):
        services.settings_update(
            body=world.town, actor=world.clerk, index_code="YZ", sensitive_words=""
        )
    with pytest.raises(ValidationError):
        services.settings_update(
            body=world.town, actor=world.admin, index_code="YZ--1", sensitive_words=""
        )
    steps = list(
        AuditEvent.objects.filter(action="publication_setup")
        .order_by("id")
        .values_list("new_values__step", flat=True)
    )
    assert steps == ["channel_create", "topic_create"]
    assert str(channel) == "政府公报 · 乙镇政府公报"
