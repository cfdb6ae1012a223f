"""Every body gets its 政府网站专栏 channel when it is created (decision 主动公开 15)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.organizations.models import Body
from gongkai.publications.models import Channel, ChannelKind

WEBSITE_CHANNEL_NAME = "政府信息公开专栏"


@receiver(post_save, sender=Body, dispatch_uid="publications_website_channel")
def body_website_channel(
    sender: type[Body], instance: Body, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """Create the channel in the database the body was saved to (not for fixtures/restores)."""
    if created and not raw:
        Channel.objects.using(kwargs.get("using") or "default").get_or_create(
            body=instance, kind=ChannelKind.WEBSITE, defaults={"name": WEBSITE_CHANNEL_NAME}
        )
