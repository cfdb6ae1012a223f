"""The search index: one ``SearchEntry`` per *published* publication.

The entry holds the bigram tokens (``gongkai.publishing.tokens.index_tokens``) of the title and of
the rest (summary, body text, attachments' text) plus the plain text for snippets. The database's
own full-text machinery indexes the token strings (migration ``0001``):

* SQLite: the FTS5 table ``search_fts`` (``unicode61``: every bigram is one token) is an
  *external-content* table over ``search_searchentry`` (``content_rowid = id``; columns
  ``title_tokens``, ``tokens``, ``scope``), kept current by three triggers on that table — the
  ORM writes entries, SQLite follows.
* PostgreSQL: the generated, stored column ``document`` = title tokens with weight A ‖ the other
  tokens with weight B ‖ the scope token with weight D (``to_tsvector('simple', …)``), with a GIN
  index. The column is not on the model (Django never writes it).

``scope`` is the token ``b<body id>`` (migration ``0002``): a search bounded to some bodies adds
``scope:(b1 OR b2)`` to the full-text query, so the index intersects the lists instead of the
database testing every hit's body.
"""

from __future__ import annotations

from django.db import models


class SearchEntry(models.Model):
    """The searchable text of one published publication."""

    publication = models.OneToOneField(
        "publications.Publication",
        verbose_name="信息",
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    body = models.ForeignKey(
        "organizations.Body", verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    published_on = models.DateField("发布日期")
    title_tokens = models.TextField("标题词元")
    tokens = models.TextField("正文词元", blank=True)
    scope = models.CharField(
        "范围词元",
        max_length=40,
        blank=True,
        help_text="机关词元（b 加机关编号），使限于若干机关的检索也由全文索引完成。",
    )
    text = models.TextField("正文文字", blank=True, help_text="概述、正文和附件的文字，用于摘要。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        indexes = [models.Index(fields=["body", "-published_on"], name="search_entry_body_day")]

    def __str__(self) -> str:
        return f"SearchEntry({self.publication_id})"
