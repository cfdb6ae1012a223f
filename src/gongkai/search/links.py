"""Where a hit links to."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def publication_url(*, body_id: int, publication_id: int) -> str:
    """The item's public page (``portal:item``); where the portal has none, the body's
    法定主动公开内容 part, with the item as the fragment."""
    try:
        return reverse("portal:item", kwargs={"body_id": body_id, "publication_id": publication_id})
    except NoReverseMatch:
        part = reverse("portal:column_part", args=[body_id, "proactive"])
        return f"{part}#item-{publication_id}"
