"""Reads for the public pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.organizations.models import Body
from gongkai.organizations.selectors import body_list

UNKNOWN_DIVISION = "未注明行政区划"


@dataclass
class BodyNode:
    """A body with the bodies directly below it."""

    body: Body
    children: list[BodyNode] = field(default_factory=list)


@dataclass
class Region:
    """An administrative division with the trees of bodies at its top."""

    name: str
    roots: list[BodyNode] = field(default_factory=list)


def regions_with_bodies() -> list[Region]:
    """Every body as trees grouped by the division of each tree's top body (one query)."""
    nodes = {body.pk: BodyNode(body) for body in body_list()}
    regions: dict[str, Region] = {}
    for node in nodes.values():
        parent = nodes.get(node.body.parent_id) if node.body.parent_id else None
        if parent is not None:
            parent.children.append(node)
            continue
        name = node.body.division or UNKNOWN_DIVISION
        regions.setdefault(name, Region(name)).roots.append(node)
    known = sorted((r for n, r in regions.items() if n != UNKNOWN_DIVISION), key=lambda r: r.name)
    return known + ([regions[UNKNOWN_DIVISION]] if UNKNOWN_DIVISION in regions else [])
