"""Reads for the public pages."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gongkai.law.proactive import ARTICLE_20_ITEMS, LOCAL_ITEMS
from gongkai.organizations.models import Body, BodyKind
from gongkai.portal.models import BodyVersion, DirectoryVersion
from gongkai.portal.services import DIRECTORY_VERSION_PK
from gongkai.publications.models import (
    PUBLIC,
    BodyPage,
    Publication,
    PublicationAttachment,
    Status,
    Validity,
)

UNKNOWN_DIVISION = "未注明行政区划"
VERSION_SECONDS = 1.0
"""How long a process trusts the directory version it read (changes by other processes)."""
KIND_ORDER = {kind.value: rank for rank, kind in enumerate(BodyKind)}
AREA_KINDS = frozenset({BodyKind.GOVERNMENT, BodyKind.SUBDISTRICT, BodyKind.TOWNSHIP})
HOME_DEPARTMENTS_AT_MOST = 12
"""The home page names a top body's departments up to this many, else links to their list."""
# What the public pages show of a body in a list; the rest of the row is never loaded.
LIST_FIELDS = ("id", "parent_id", "name", "kind", "division")


@dataclass
class BodyNode:
    """A body with the bodies directly below it: its departments, then the areas below it."""

    body: Body
    children: list[BodyNode] = field(default_factory=list)

    @property
    def governments(self) -> list[BodyNode]:
        """The 人民政府, 街道办事处 and 乡镇人民政府 directly below: the areas of this one."""
        return [child for child in self.children if child.body.kind in AREA_KINDS]

    @property
    def departments(self) -> list[BodyNode]:
        """The 政府部门 and other bodies directly below."""
        return [child for child in self.children if child.body.kind not in AREA_KINDS]


@dataclass
class Region:
    """An administrative division with the trees of bodies at its top."""

    name: str
    roots: list[BodyNode] = field(default_factory=list)
    count: int = 0
    """How many bodies the region's trees hold."""


@dataclass
class _Remembered:
    token: str | None
    until: float


_remembered: _Remembered | None = None


def directory_version() -> str | None:
    """The token that changes with every saved or deleted body (``None`` if the row is gone).

    Read on every public request, so a process remembers it for ``VERSION_SECONDS``: a change
    made in this process is seen at once (the signal forgets the token), one made by another
    process within that time. Inside a transaction the token is always read, since the
    transaction may have changed it.
    """
    global _remembered
    remembered = _remembered
    now = time.monotonic()
    if connection.in_atomic_block:
        return _read_version()
    if remembered is not None and now < remembered.until:
        return remembered.token
    token = _read_version()
    _remembered = _Remembered(token, now + VERSION_SECONDS)
    return token


def directory_version_forget() -> None:
    """Make the next ``directory_version()`` of this process read the database."""
    global _remembered
    _remembered = None


def _read_version() -> str | None:
    # Plain SQL: building the ORM query would cost more than running it.
    table = connection.ops.quote_name(DirectoryVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [DIRECTORY_VERSION_PK])
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def body_version(*, body_id: int) -> str:
    """The body's 专栏 content token ("" until anything was published or written)."""
    return page_versions(body_id=body_id)[1]


def page_versions(*, body_id: int) -> tuple[str | None, str]:
    """The directory version and the body's content version, in one query (plain SQL)."""
    directory = connection.ops.quote_name(DirectoryVersion._meta.db_table)
    bodies = connection.ops.quote_name(BodyVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT token FROM {directory} WHERE id = %s),"
            f" (SELECT token FROM {bodies} WHERE body_id = %s)",
            [DIRECTORY_VERSION_PK, body_id],
        )
        row = cursor.fetchone()
    directory_token = None if row is None or row[0] is None else str(row[0])
    return directory_token, "" if row is None or row[1] is None else str(row[1])


def regions_with_bodies() -> list[Region]:
    """Every body as trees grouped by the division of each tree's top body (one query).

    Regions come in the order of their names, the unnamed division last.
    """
    nodes = {body.pk: BodyNode(body) for body in Body.objects.only(*LIST_FIELDS).order_by("pk")}
    regions: dict[str, Region] = {}
    for node in nodes.values():
        parent = nodes.get(node.body.parent_id) if node.body.parent_id else None
        if parent is not None:
            parent.children.append(node)
            continue
        name = node.body.division or UNKNOWN_DIVISION
        regions.setdefault(name, Region(name)).roots.append(node)
    for region in regions.values():
        region.count = _sort_and_count(region.roots)
    known = sorted((r for n, r in regions.items() if n != UNKNOWN_DIVISION), key=lambda r: r.name)
    return known + ([regions[UNKNOWN_DIVISION]] if UNKNOWN_DIVISION in regions else [])


def region_get(*, name: str) -> Region | None:
    """The region called ``name`` with its whole trees, or ``None`` (one query)."""
    for region in regions_with_bodies():
        if region.name == name:
            return region
    return None


def _order(node: BodyNode) -> tuple[bool, int, int]:
    kind = node.body.kind
    return (kind in AREA_KINDS, KIND_ORDER.get(kind, len(KIND_ORDER)), node.body.pk)


def _sort_and_count(nodes: list[BodyNode]) -> int:
    """Order every level (departments, then areas; by kind, then id) and count the bodies."""
    count = 0
    stack = [nodes]
    while stack:
        level = stack.pop()
        level.sort(key=_order)
        count += len(level)
        stack.extend(node.children for node in level if node.children)
    return count


# --- 主动公开 in the 专栏 ------------------------------------------------------------------------

CATALOGUE_PAGE_SIZE = 20
CATALOGUE_MAX_PAGE = 500
"""Deepest page served: OFFSET stays bounded (10,000 rows); filters narrow longer lists."""
COUNT_CAP = 1000
"""Lists count their rows up to this many, then say "1000 条以上"."""
FEED_SIZE = 50
POLICY = "policy"
INTERPRETATION = "interpretation"
LIST_KINDS = {POLICY: "政策文件", INTERPRETATION: "政策解读"}
POLICY_ITEM = "20.1"
"""第二十条第（一）项 (行政法规、规章和规范性文件): every item under it is a 政策文件."""
ITEM_LABELS = {item.code: item.label for item in (*ARTICLE_20_ITEMS, *LOCAL_ITEMS)}
ITEM_ARTICLES = {item.code: item.article for item in (*ARTICLE_20_ITEMS, *LOCAL_ITEMS)}
# What a catalogue row shows; the text and the rest of the row are never loaded for lists.
CATALOGUE_FIELDS = (
    "id",
    "body_id",
    "index_number",
    "title",
    "published_on",
    "written_on",
    "document_number",
    "validity",
    "topic__id",
    "topic__name",
)


def _int(value: str | None, *, low: int, high: int) -> int | None:
    try:
        number = int(str(value or "").strip())
    except ValueError:
        return None
    return number if low <= number <= high else None


@dataclass(frozen=True)
class CatalogueFilters:
    """The filters of a body's public catalogue, parsed from GET parameters (junk dropped)."""

    item: str = ""
    topic: int | None = None
    year: int | None = None
    number: str = ""
    validity: str = ""
    kind: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> CatalogueFilters:
        item = str(query.get("item", "")).strip()
        validity = str(query.get("validity", "")).strip()
        kind = str(query.get("kind", "")).strip()
        return cls(
            item=item if item in ITEM_LABELS or item == "none" else "",
            topic=_int(query.get("topic"), low=1, high=2**31 - 1),
            year=_int(query.get("year"), low=1949, high=2200),
            number=str(query.get("number", "")).strip()[:50],
            validity=validity if validity in Validity.values else "",
            kind=kind if kind in LIST_KINDS else "",
            page=_int(query.get("page"), low=1, high=10**6) or 1,
        )

    def query(self, **changes: object) -> str:
        """The filters as a query string (blank ones left out), with ``changes`` applied."""
        values: dict[str, object] = {
            "item": self.item,
            "topic": self.topic,
            "year": self.year,
            "number": self.number,
            "validity": self.validity,
            "kind": self.kind,
            "page": self.page if self.page > 1 else None,
        }
        values.update(changes)
        return urlencode({k: v for k, v in values.items() if v not in (None, "", 1)})

    @property
    def active(self) -> bool:
        return any((self.item, self.topic, self.year, self.number, self.validity, self.kind))


@dataclass(frozen=True)
class CataloguePage:
    """One page of a body's catalogue."""

    rows: list[Publication]
    filters: CatalogueFilters
    has_next: bool
    count: int
    """Rows matching the filters, counted up to ``COUNT_CAP + 1``."""
    too_deep: bool = False

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def previous_query(self) -> str | None:
        page = self.filters.page
        return None if page <= 1 else self.filters.query(page=page - 1)

    @property
    def next_query(self) -> str | None:
        return self.filters.query(page=self.filters.page + 1) if self.has_next else None


def published_items(*, body_id: int) -> QuerySet[Publication]:
    """A body's published items (the only ones ever public)."""
    return Publication.objects.filter(PUBLIC, body_id=body_id)


def _interprets_something() -> Exists:
    through = Publication.interprets.through
    return Exists(through.objects.filter(from_publication_id=OuterRef("pk")))


def catalogue_page(*, body_id: int, filters: CatalogueFilters) -> CataloguePage:
    """One page of the body's published items, newest first (rows; a capped count unless last).

    Every filter narrows the ``(body, status, published_on)`` index range; OFFSET is bounded by
    ``CATALOGUE_MAX_PAGE``.
    """
    items = published_items(body_id=body_id)
    if filters.item == "none":
        items = items.filter(article_item="")
    elif filters.item:
        items = items.filter(article_item=filters.item)
    if filters.topic is not None:
        items = items.filter(topic_id=filters.topic)
    if filters.year is not None:
        first, after = date(filters.year, 1, 1), date(filters.year + 1, 1, 1)
        items = items.filter(published_on__gte=first, published_on__lt=after)
    if filters.number:
        items = items.filter(document_number__icontains=filters.number)
    if filters.validity:
        items = items.filter(validity=filters.validity)
    if filters.kind == POLICY:
        items = items.filter(Q(article_item=POLICY_ITEM) | ~Q(document_number=""))
    elif filters.kind == INTERPRETATION:
        items = items.filter(_interprets_something())
    if filters.page > CATALOGUE_MAX_PAGE:
        return CataloguePage([], filters, has_next=False, count=0, too_deep=True)
    start = (filters.page - 1) * CATALOGUE_PAGE_SIZE
    rows = list(
        items.select_related("topic")
        .only(*CATALOGUE_FIELDS)
        .order_by("-published_on", "-id")[start : start + CATALOGUE_PAGE_SIZE + 1]
    )
    has_next = len(rows) > CATALOGUE_PAGE_SIZE
    if not has_next and (
        rows or filters.page == 1
    ):  # the last page: the count is known without counting
        count = start + len(rows)
    else:
        count = items.order_by().values("pk")[: COUNT_CAP + 1].count()
    return CataloguePage(rows[:CATALOGUE_PAGE_SIZE], filters, has_next=has_next, count=count)


@dataclass(frozen=True)
class ItemGroup:
    """A 第二十条 (or 第二十一条) item with how many published items the body has under it."""

    code: str
    label: str
    article: str
    count: int


def catalogue_groups(*, body_id: int, body_kind: str) -> list[ItemGroup]:
    """第二十条's fifteen items (always), the local items the body used, and "其他" (one query)."""
    counts = dict(
        published_items(body_id=body_id)
        .order_by()
        .values_list("article_item")
        .annotate(n=Count("pk"))
        .values_list("article_item", "n")
    )
    groups = [
        ItemGroup(item.code, item.label, item.article, counts.get(item.code, 0))
        for item in ARTICLE_20_ITEMS
    ]
    groups += [
        ItemGroup(item.code, item.label, item.article, counts[item.code])
        for item in LOCAL_ITEMS
        if counts.get(item.code)
    ]
    if counts.get(""):
        groups.append(ItemGroup("none", "其他主动公开信息", "", counts[""]))
    return groups


def public_item_get(*, body_id: int, publication_id: int) -> Publication | None:
    """Item ``publication_id`` of the body in any status (the view shows only published ones)."""
    return (
        Publication.objects.filter(pk=publication_id, body_id=body_id)
        .select_related("body", "topic", "successor")
        .defer("body__address", "summary")
        .first()
    )


@dataclass(frozen=True)
class ItemLinks:
    """What a public item page lists besides the item: files and 政策解读 both ways."""

    attachments: list[PublicationAttachment]
    interprets: list[Publication]
    interpretations: list[Publication]


def public_item_links(*, publication: Publication) -> ItemLinks:
    """The item's attachments and its published linked items (three queries)."""
    attachments = list(
        PublicationAttachment.objects.filter(publication=publication)
        .only("id", "publication_id", "name", "kind", "size")
        .order_by("pk")
    )
    linked = ("id", "body_id", "title", "published_on", "document_number")
    interprets = list(
        publication.interprets.filter(PUBLIC).only(*linked).order_by("-published_on", "-id")
    )
    interpretations = list(
        publication.interpretations.filter(PUBLIC).only(*linked).order_by("-published_on", "-id")
    )
    return ItemLinks(attachments, interprets, interpretations)


def public_attachment_get(
    *, body_id: int, publication_id: int, attachment_id: int
) -> PublicationAttachment | None:
    """An attachment of a published item of the body (``None`` for anything else)."""
    return (
        PublicationAttachment.objects.filter(
            pk=attachment_id,
            publication_id=publication_id,
            publication__body_id=body_id,
            publication__status=Status.PUBLISHED,
            publication__on_website=True,
        )
        .only("id", "file", "name", "content_type")
        .first()
    )


def feed_items(*, body_id: int) -> list[Publication]:
    """The body's newest ``FEED_SIZE`` published items."""
    return list(
        published_items(body_id=body_id)
        .only("id", "body_id", "title", "summary", "issuer", "published_on", "updated_at")
        .order_by("-published_on", "-id")[:FEED_SIZE]
    )


def body_pages(*, body_id: int) -> dict[str, BodyPage]:
    """The body's written 指南 and 制度 by kind."""
    return {page.kind: page for page in BodyPage.objects.filter(body_id=body_id)}
