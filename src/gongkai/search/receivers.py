"""Keep the index current: every save of a publication re-syncs its entry in the same
transaction.

All state changes of a publication go through ``publications.services._save`` (publish, sign,
publish_due, withdraw, validity, edit, attachments), which saves the row, so ``post_save`` is the
one place to hook — no edit in the publications app. Rows loaded raw (fixtures, a restore) are
skipped: the restore brings its entries along, and ``manage.py search_rebuild`` redoes them all.
Writes that bypass ``save()`` (``QuerySet.update``) are not seen; none exist for publications.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from gongkai.publications.models import Publication
from gongkai.search.services import entry_sync


@receiver(post_save, sender=Publication, dispatch_uid="search_entry_sync")
def publication_saved(
    sender: type[Publication], instance: Publication, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        entry_sync(publication=instance, using=kwargs.get("using") or "default")
