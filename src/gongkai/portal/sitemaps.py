"""sitemap.xml (``django.contrib.sitemaps``): home, regions, each body's 专栏 parts, every
published item. The index pages the items section (``limit`` URLs a file)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.organizations.models import Body
from gongkai.portal.parts import PARTS
from gongkai.portal.selectors import regions_with_bodies
from gongkai.publications.models import PUBLIC, Publication


class HomeSitemap(Sitemap[str]):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["portal:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class RegionSitemap(Sitemap[str]):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return [region.name for region in regions_with_bodies()]

    def location(self, item: str) -> str:
        return reverse("portal:region", args=[item])


class ColumnSitemap(Sitemap[tuple[int, str]]):
    """Each body's 专栏 and its parts."""

    changefreq = "weekly"
    limit = 10_000

    def items(self) -> list[tuple[int, str]]:
        ids = Body.objects.order_by("pk").values_list("pk", flat=True)
        return [(pk, part) for pk in ids for part in ("", *(p.slug for p in PARTS))]

    def location(self, item: tuple[int, str]) -> str:
        pk, part = item
        if not part:
            return reverse("portal:column", args=[pk])
        return reverse("portal:column_part", args=[pk, part])


class ItemSitemap(Sitemap[Any]):
    """Every published item, 10,000 a file (keyed by id, so pages stay stable)."""

    changefreq = "monthly"
    limit = 10_000

    def items(self) -> QuerySet[Publication]:
        return Publication.objects.filter(PUBLIC).only("id", "body_id", "updated_at").order_by("pk")

    def location(self, item: Publication) -> str:
        return reverse("portal:item", args=[item.body_id, item.pk])

    def lastmod(self, item: Publication) -> datetime:
        return item.updated_at


SITEMAPS: dict[str, type[Sitemap[Any]]] = {
    "home": HomeSitemap,
    "regions": RegionSitemap,
    "columns": ColumnSitemap,
    "items": ItemSitemap,
}
