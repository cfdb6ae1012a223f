"""审发 chooses the channels: one release per ticked channel, on the website only with the 专栏."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from publications_world import (  # noqa: F401
    PASSWORD,
    TODAY,
    ZONE,
    Clock,
    World,
    clock_fixture,
    create,
    publish,
    to_sign,
    world_fixture,
)

from gongkai.publications import services
from gongkai.publications.models import (
    Channel,
    ChannelKind,
    Publication,
    Release,
    ReviewStep,
    Status,
)
from gongkai.publications.selectors import publication_history, release_counts
from gongkai.search.models import SearchEntry


def login(client: Client, user: object) -> Client:
    assert client.login(username=str(user), password=PASSWORD)
    return client


def detail_url(world: World, item: Publication) -> str:
    return reverse("publications:detail", args=[world.town.pk, item.pk])


def act_url(world: World, item: Publication, action: str) -> str:
    return reverse("publications:act", args=[world.town.pk, item.pk, action])


def channels(world: World) -> tuple[Channel, Channel, Channel]:
    website = Channel.objects.get(body=world.town, kind=ChannelKind.WEBSITE)
    wechat = services.channel_create(
        body=world.town, actor=world.clerk, kind=ChannelKind.NEW_MEDIA, name="乙镇发布"
    )
    board = services.channel_create(
        body=world.town, actor=world.clerk, kind=ChannelKind.BOARD, name="镇政府公开栏"
    )
    return website, wechat, board


def released_on(item: Publication) -> dict[str, str]:
    return {
        release.channel.name: release.released_on.isoformat()
        for release in Release.objects.filter(publication=item).select_related("channel")
    }


def test_sign_page_offers_the_active_channels_with_the_website_ticked(
    client: Client, world: World
) -> None:
    website, wechat, board = channels(world)
    services.channel_set_active(
        channel_id=board.pk, body=world.town, actor=world.clerk, active=False
    )
    item = to_sign(world, create(world))
    html = login(client, world.approver).get(detail_url(world, item)).content.decode()
    assert f'name="channels" value="{website.pk}" checked' in html
    assert f'name="channels" value="{wechat.pk}">' in html
    assert f'value="{board.pk}"' not in html  # stopped: not offered
    assert html.index(str(website)) < html.index(str(wechat))


def test_sign_on_the_website_and_wechat_releases_on_both(client: Client, world: World) -> None:
    website, wechat, _ = channels(world)
    item = to_sign(world, create(world))
    response = login(client, world.approver).post(
        act_url(world, item, "sign"),
        {
            "version": item.version,
            "secrecy": "不涉密",
            "channel_choice": "1",
            "channels": [str(website.pk), str(wechat.pk)],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.on_website is True
    assert released_on(item) == {website.name: TODAY.isoformat(), "乙镇发布": TODAY.isoformat()}
    step = ReviewStep.objects.get(publication=item, stage="审发")
    assert sorted(step.channels.values_list("name", flat=True)) == sorted(
        [website.name, "乙镇发布"]
    )
    assert SearchEntry.objects.filter(publication=item).exists()
    page = client.get(detail_url(world, item)).content.decode()
    assert f"{website}、{wechat}" in page or f"{wechat}、{website}" in page
    assert 'id="off-website"' not in page
    history = publication_history(publication=item)
    [shown] = [line for op, line in history[0].lines if op == "+" and line.startswith("发布渠道：")]
    assert sorted(shown.removeprefix("发布渠道：").split("、")) == sorted(
        [str(website), str(wechat)]
    )
    counts = {row.name: row.count for row in release_counts(body=world.town, year=TODAY.year)}
    assert counts[website.name] == 1 and counts["乙镇发布"] == 1 and counts["镇政府公开栏"] == 0


def test_sign_without_the_website_keeps_the_item_off_the_portal(
    client: Client, world: World
) -> None:
    _, wechat, _ = channels(world)
    item = to_sign(world, create(world))
    login(client, world.approver).post(
        act_url(world, item, "sign"),
        {
            "version": item.version,
            "secrecy": "不涉密",
            "channel_choice": "1",
            "channels": [str(wechat.pk)],
        },
    )
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.on_website is False
    assert released_on(item) == {"乙镇发布": TODAY.isoformat()}
    assert not SearchEntry.objects.filter(publication=item).exists()
    portal = client.get(reverse("portal:item", args=[world.town.pk, item.pk]))
    assert portal.status_code == 404
    catalogue = client.get(reverse("portal:catalogue", args=[world.town.pk]))
    assert item.title not in catalogue.content.decode()
    assert 'id="off-website"' in client.get(detail_url(world, item)).content.decode()
    history = publication_history(publication=item)
    assert ("+", f"发布渠道：{wechat}") in history[0].lines


def test_no_channel_ticked_is_refused_in_chinese(client: Client, world: World) -> None:
    item = to_sign(world, create(world))
    response = login(client, world.approver).post(
        act_url(world, item, "sign"),
        {"version": item.version, "secrecy": "不涉密", "channel_choice": "1"},
        follow=True,
    )
    assert "请至少选择一个发布渠道" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.SIGN
    assert not Release.objects.filter(publication=item).exists()
    assert not ReviewStep.objects.filter(publication=item, stage="审发").exists()


def test_a_channel_of_another_body_or_a_stopped_one_is_refused(world: World) -> None:
    _, wechat, board = channels(world)
    services.channel_set_active(
        channel_id=board.pk, body=world.town, actor=world.clerk, active=False
    )
    foreign = services.channel_create(
        body=world.other, actor=world.other_clerk, kind=ChannelKind.NEW_MEDIA, name="丙镇发布"
    )
    for channel in (foreign, board):
        item = to_sign(world, create(world))
        with pytest.raises(ValidationError) as refused:
            services.publication_sign(
                publication_id=item.pk,
                actor=world.approver,
                expected_version=item.version,
                secrecy="不涉密",
                channel_ids=[wechat.pk, channel.pk],
            )
        assert refused.value.message_dict == {"channels": ["请选择本机关使用中的发布渠道。"]}
        item.refresh_from_db()
        assert item.status == Status.SIGN


def test_classified_is_released_nowhere_whatever_was_ticked(client: Client, world: World) -> None:
    website, wechat, _ = channels(world)
    item = to_sign(world, create(world))
    login(client, world.approver).post(
        act_url(world, item, "sign"),
        {
            "version": item.version,
            "secrecy": "涉密",
            "channel_choice": "1",
            "channels": [str(website.pk), str(wechat.pk)],
        },
    )
    item.refresh_from_db()
    assert item.status == Status.FILED and item.on_website is False
    assert not Release.objects.filter(publication=item).exists()
    assert not ReviewStep.objects.get(publication=item, stage="审发").channels.exists()


def test_scheduled_item_goes_out_on_the_chosen_channels_at_its_time(
    world: World, clock: Clock
) -> None:
    _, wechat, board = channels(world)
    item = to_sign(world, create(world))
    at = datetime.combine(TODAY + timedelta(days=2), time(8, 0), tzinfo=ZONE)
    item = services.publication_sign(
        publication_id=item.pk,
        actor=world.approver,
        expected_version=item.version,
        secrecy="不涉密",
        scheduled_at=at,
        channel_ids=[wechat.pk, board.pk],
    )
    assert item.status == Status.SCHEDULED
    assert not Release.objects.filter(publication=item).exists()
    snapshot = item.versions.order_by("-number").first()
    assert snapshot is not None and sorted(snapshot.fields["channels"]) == sorted(
        [str(wechat), str(board)]
    )
    clock.set(TODAY + timedelta(days=2), time(8, 5))
    assert services.publications_publish_due() == 1
    item.refresh_from_db()
    assert item.status == Status.PUBLISHED and item.on_website is False
    day = (TODAY + timedelta(days=2)).isoformat()
    assert released_on(item) == {"乙镇发布": day, "镇政府公开栏": day}


def test_default_without_a_choice_is_the_website(world: World) -> None:
    item = publish(world, create(world))
    assert item.on_website is True
    assert [r.channel.kind for r in Release.objects.filter(publication=item)] == [
        ChannelKind.WEBSITE
    ]


def test_a_channel_stopped_before_the_time_still_gets_the_chosen_release(
    world: World, clock: Clock
) -> None:
    _, wechat, _ = channels(world)
    item = to_sign(world, create(world))
    item = services.publication_sign(
        publication_id=item.pk,
        actor=world.approver,
        expected_version=item.version,
        secrecy="不涉密",
        scheduled_at=datetime.combine(TODAY + timedelta(days=1), time(8, 0), tzinfo=ZONE),
        channel_ids=[wechat.pk],
    )
    services.channel_set_active(
        channel_id=wechat.pk, body=world.town, actor=world.clerk, active=False
    )
    clock.set(TODAY + timedelta(days=1), time(9, 0))
    assert services.publications_publish_due() == 1
    item.refresh_from_db()
    assert item.on_website is False
    assert released_on(item) == {"乙镇发布": (TODAY + timedelta(days=1)).isoformat()}


def test_no_channels_offered_for_an_item_not_proactively_disclosed(
    client: Client, world: World
) -> None:
    channels(world)
    item = to_sign(world, create(world, disclosure="依申请公开"))
    html = login(client, world.approver).get(detail_url(world, item)).content.decode()
    assert 'id="f-secrecy"' in html and 'id="f-channels"' not in html
    response = client.post(
        act_url(world, item, "sign"), {"version": item.version, "secrecy": "不涉密"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.FILED
    assert not Release.objects.filter(publication=item).exists()
