"""The Atom feed of a body's published items (Django's syndication framework)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from gongkai.organizations.models import Body
from gongkai.portal.selectors import FEED_SIZE, feed_items
from gongkai.publications.models import Publication


class BodyFeed(Feed[Publication, Body]):
    """``/bodies/<id>/feed.atom``: the newest ``FEED_SIZE`` published items of one body."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, body_id: int) -> Body:
        found: Body = get_object_or_404(Body.objects.only("id", "name"), pk=body_id)
        return found

    def title(self, obj: Body) -> str:
        return f"{obj.name}政府信息公开"

    def subtitle(self, obj: Body) -> str:
        return f"{obj.name}最新主动公开的{FEED_SIZE}条政府信息"

    def link(self, obj: Body) -> str:
        return reverse("portal:column_part", args=[obj.pk, "proactive"])

    def items(self, obj: Body) -> list[Publication]:
        return feed_items(body_id=obj.pk)

    def item_title(self, item: Publication) -> str:
        return item.title

    def item_description(self, item: Publication) -> str:
        return item.summary or item.title

    def item_link(self, item: Publication) -> str:
        return reverse("portal:item", args=[item.body_id, item.pk])

    def item_author_name(self, item: Publication) -> str:
        return item.issuer

    def item_pubdate(self, item: Publication) -> datetime | None:
        if item.published_on is None:
            return None
        return datetime.combine(item.published_on, time.min, tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item: Publication) -> datetime:
        return item.updated_at
