"""Writes of the search index: one entry per published publication, nothing for the others.

``entry_sync`` is called inside the transaction that changes a publication (``receivers.py``),
so the index never disagrees with a committed publication: an item is searchable as soon as
its publication commits, and a withdrawn item is gone at the same moment.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from gongkai.publications.models import PUBLIC, Publication, PublicationAttachment, Status
from gongkai.publishing.sanitize import html_to_text
from gongkai.publishing.tokens import index_tokens
from gongkai.search.models import SearchEntry

#: Publications read and entries written per batch by ``index_rebuild`` (each batch is one
#: transaction, and one new FTS5 segment to merge: fewer, larger batches merge less).
BATCH_SIZE = 2000


def _entry_values(publication: Publication, attachment_texts: list[str]) -> dict[str, object]:
    parts = [publication.summary, html_to_text(publication.body_html), *attachment_texts]
    text = "\n".join(part.strip() for part in parts if part and part.strip())
    title = " ".join(x for x in (publication.title, publication.document_number) if x)
    return {
        "body_id": publication.body_id,
        "scope": scope_token(publication.body_id),
        "published_on": publication.published_on or publication.formed_on,
        "title_tokens": index_tokens(title),
        "tokens": index_tokens(text),
        "text": text,
    }


def scope_token(body_id: int) -> str:
    """The index token of a body (``b42``): see ``models.SearchEntry.scope``."""
    return f"b{body_id}"


def is_searchable(publication: Publication) -> bool:
    """Only 已发布 items are in the index (never drafts, 待发布, 不上网 or withdrawn ones)."""
    return publication.status == Status.PUBLISHED and publication.on_website


def entry_sync(*, publication: Publication, using: str = "default") -> bool:
    """Write or remove the publication's entry; whether it is in the index afterwards."""
    if not is_searchable(publication):
        SearchEntry.objects.using(using).filter(publication_id=publication.pk).delete()
        return False
    texts = list(
        PublicationAttachment.objects.using(using)
        .filter(publication_id=publication.pk)
        .order_by("pk")
        .values_list("text", flat=True)
    )
    SearchEntry.objects.using(using).update_or_create(
        publication_id=publication.pk, defaults=_entry_values(publication, texts)
    )
    return True


@dataclass(frozen=True)
class RebuildResult:
    entries: int
    seconds: float


def _batches(body_id: int | None) -> Iterator[list[Publication]]:
    published = Publication.objects.filter(PUBLIC).order_by("pk")
    if body_id is not None:
        published = published.filter(body_id=body_id)
    last = 0
    while True:
        batch = list(
            published.filter(pk__gt=last).only(
                "pk",
                "body_id",
                "title",
                "document_number",
                "summary",
                "body_html",
                "published_on",
                "formed_on",
                "status",
            )[:BATCH_SIZE]
        )
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def index_rebuild(*, body_id: int | None = None) -> RebuildResult:
    """Drop the entries (of one body, or all) and write them again from the publications,
    ``BATCH_SIZE`` at a time, each batch in its own transaction."""
    started = time.perf_counter()
    stale = SearchEntry.objects.all()
    if body_id is not None:
        stale = stale.filter(body_id=body_id)
    stale.delete()
    count = 0
    for batch in _batches(body_id):
        texts: dict[int, list[str]] = {}
        for publication_id, text in (
            PublicationAttachment.objects.filter(publication__in=batch)
            .order_by("publication_id", "pk")
            .values_list("publication_id", "text")
        ):
            texts.setdefault(publication_id, []).append(text)
        entries = [
            SearchEntry(publication_id=p.pk, **_entry_values(p, texts.get(p.pk, []))) for p in batch
        ]
        with transaction.atomic():
            # An item published between the delete and this batch already has its entry.
            SearchEntry.objects.filter(publication_id__in=[p.pk for p in batch]).delete()
            SearchEntry.objects.bulk_create(entries)
        count += len(entries)
    return RebuildResult(entries=count, seconds=time.perf_counter() - started)
