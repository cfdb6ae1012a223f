"""Reads for the public pages."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection

from gongkai.organizations.models import Body, BodyKind
from gongkai.portal.models import DirectoryVersion
from gongkai.portal.services import DIRECTORY_VERSION_PK

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
