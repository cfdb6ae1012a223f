"""Every body gets its 政府网站专栏 channel when it is created (decision 主动公开 2)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.organizations.models import Body


@receiver(post_save, sender=Body, dispatch_uid="publications_website_channel")
def body_website_channel(sender: type[Body], instance: Body, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        from gongkai.publications.services import channel_website_ensure

        channel_website_ensure(body=instance)
