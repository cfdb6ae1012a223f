"""Reads of the API app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from gongkai.api.models import ApiToken
from gongkai.organizations.models import User
from gongkai.publications.models import PUBLIC, Publication, PublicationAttachment


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """``user``'s own tokens, newest first (the owner's page shows no one else's)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


# --- published publications (public API) ----------------------------------------------------


@dataclass(frozen=True)
class PublicationFilters:
    """The list's filters, already checked; ``None`` or blank means "any"."""

    body_id: int | None = None
    year: int | None = None
    article_item: str = ""
    topic_id: int | None = None
    topic_name: str = ""
    validity: str = ""
    document_number: str = ""


def publications_published(*, filters: PublicationFilters) -> QuerySet[Publication]:
    """Published items only, newest first (``published_on``, then id), with body, topic and
    attachments loaded; ordered along the ``publication_published`` indexes."""
    items = Publication.objects.filter(PUBLIC)
    if filters.body_id is not None:
        items = items.filter(body_id=filters.body_id)
    if filters.year is not None:
        items = items.filter(
            published_on__gte=date(filters.year, 1, 1),
            published_on__lt=date(filters.year + 1, 1, 1),
        )
    if filters.article_item:
        items = items.filter(article_item=filters.article_item)
    if filters.topic_id is not None:
        items = items.filter(topic_id=filters.topic_id)
    if filters.topic_name:
        items = items.filter(topic__name=filters.topic_name)
    if filters.validity:
        items = items.filter(validity=filters.validity)
    if filters.document_number:
        items = items.filter(document_number__icontains=filters.document_number)
    return (
        items.select_related("body", "topic")
        .prefetch_related(_attachments())
        .order_by("-published_on", "-id")
    )


def publications_published_count(*, items: QuerySet[Publication], cap: int) -> int:
    """How many of ``items`` there are, counting no further than ``cap + 1``."""
    return items.order_by()[: cap + 1].count()


def publication_published_get(*, publication_id: int) -> Publication | None:
    """A published item with everything the detail shows; ``None`` for any other id (drafts,
    withdrawn and unknown items alike)."""
    if not 0 < publication_id < 2**31:
        return None
    published = Publication.objects.filter(PUBLIC)
    return (
        published.filter(pk=publication_id)
        .select_related("body", "topic")
        .prefetch_related(
            _attachments(),
            Prefetch("interprets", queryset=published.only("id").order_by("id")),
            Prefetch("interpretations", queryset=published.only("id").order_by("id")),
        )
        .first()
    )


def _attachments() -> Prefetch[str, QuerySet[PublicationAttachment], str]:
    return Prefetch(
        "attachments",
        queryset=PublicationAttachment.objects.only(
            "id", "publication_id", "name", "content_type", "size", "sha256", "at"
        ).order_by("at", "pk"),
    )
