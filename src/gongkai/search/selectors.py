"""Reads of the search index: ``search_publications`` for the pages, the suggestions and the API.

How a query is read (``gongkai.publishing.tokens``): it is split on spaces into terms; each term
becomes a phrase of bigrams (``最低生活保障`` → ``"最低 低生 生活 活保 保障"``), and every term must
match as a phrase — so a Han term of two or more characters finds exactly the texts that contain
it (substring semantics), and ``最低生活保障`` never matches a text where 最低 and 保障 stand apart.
Latin words and numbers match whole words (``〔2021〕12号`` → the phrase ``2021 12 号``).

Ranking: on SQLite, hits whose title holds every phrase come first, then the others, newer
first within each (decision 主动公开 43: FTS5's ``bm25`` computes its IDF by reading every hit
of every word, 20 ms for a common word at 1,000,000 items; suggestions keep ``bm25``). On
PostgreSQL ``ts_rank_cd`` with the title (weight A) at 1.0 and the rest (weight B) at 0.1. Ties
go to the newer item. Only the ``RANKED`` (500) most recently indexed hits are ranked: both
indexes hand them over newest first without reading the rest, so a word found in 50,000 items
costs what one found in 500 does. A query with fewer hits is ranked over all of them; with more,
the page shows the best of the newest 500 (and the total, counted up to ``TOTAL_CAP``).

A search bounded to some bodies adds their scope tokens (``b42``) to the full-text query, so the
index intersects its lists (``models.SearchEntry.scope``).

A one-character Han term (``税``) has no bigram of its own; it is looked up as a prefix (FTS5
``"税" *``, PostgreSQL ``'税':*``): the texts where the character stands alone or begins a bigram —
all its occurrences except as the last character of a run of Han characters (``依法纳税。``).

User text never reaches the SQL: the MATCH / tsquery string is built from tokens (letters,
digits and Han characters only) and passed as a parameter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.publishing.tokens import is_han, query_tokens
from gongkai.search.models import SearchEntry
from gongkai.search.services import scope_token

MAX_QUERY_CHARS = 100
MAX_TERMS = 10
MAX_PER_PAGE = 50
#: Totals are counted up to this many; beyond it the page says “1000 条以上”.
TOTAL_CAP = 1000
#: Hits ranked per query: the most recently indexed ones (more when a deep page needs them).
RANKED = 500
SNIPPET_CHARS = 120
#: SQLite scores: the title holds every phrase, or only the rest of the text does.
TITLE_SCORE = 2.0
TEXT_SCORE = 1.0
#: (title, rest) weights for SQLite's bm25 (suggestions).
SQLITE_WEIGHTS = (10.0, 1.0)
#: ts_rank_cd weights {D, C, B, A}: the title is A, the rest B.
POSTGRES_WEIGHTS = "{0.1, 0.1, 0.1, 1.0}"

EMPTY_MESSAGE = "请输入要检索的词语。"
TOO_LONG_MESSAGE = f"检索词过长，请不要超过{MAX_QUERY_CHARS}个字、{MAX_TERMS}个词。"
NO_WORD_MESSAGE = "检索词中没有可检索的汉字、字母或数字，请换一个词。"


@dataclass(frozen=True)
class SearchItem:
    """One hit: the published item, its body, a snippet with the matches in ``<mark>``."""

    publication_id: int
    title: str
    body_id: int
    body_name: str
    published_on: date
    index_number: str
    snippet: SafeString
    score: float


@dataclass(frozen=True)
class SearchPage:
    """One page of hits. ``message`` (Chinese) explains an empty page due to the query itself."""

    query: str
    items: list[SearchItem]
    total: int
    total_capped: bool
    page: int
    per_page: int
    has_next: bool
    message: str = ""
    #: A term was one Han character: matched as the first character of a word (see the notes).
    single_character: bool = False

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _empty(query: str, page: int, per_page: int, message: str = "") -> SearchPage:
    return SearchPage(query, [], 0, False, page, per_page, False, message)


# --- the query strings (tokens only, never raw user text) ----------------------------------


def _is_single_han(phrase: Sequence[str]) -> bool:
    return len(phrase) == 1 and len(phrase[0]) == 1 and is_han(phrase[0])


def fts5_match(phrases: Sequence[Sequence[str]], *, any_phrase: bool = False) -> str:
    """``"最低 低生" AND "保障"``: every phrase quoted (FTS5 phrase syntax), all required (or
    any, joined by ``OR``); a one-character Han phrase is a prefix (``"补" *``)."""
    return (" OR " if any_phrase else " AND ").join(
        '"'
        + " ".join(token.replace('"', '""') for token in phrase)
        + ('" *' if _is_single_han(phrase) else '"')
        for phrase in phrases
    )


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_text(phrases: Sequence[Sequence[str]], *, any_phrase: bool = False) -> str:
    """``('最低' <-> '低生') & ('保障')`` for ``to_tsquery('simple', …)`` (``|`` for any); a
    one-character Han phrase is a prefix (``('补':*)``)."""
    return (" | " if any_phrase else " & ").join(
        "("
        + " <-> ".join(_lexeme(token) for token in phrase)
        + (":*)" if _is_single_han(phrase) else ")")
        for phrase in phrases
    )


# --- snippets ------------------------------------------------------------------------------


#: Full-width ASCII and the ideographic space: NFKC maps each to one character.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _normalised(text: str) -> tuple[str, Sequence[int]]:
    """``text`` NFKC-normalised and lower-cased, with each normalised character's index in
    ``text`` (so matches found in the normalised text can be marked in the original)."""
    folded = text.translate(_FULL_WIDTH)
    if unicodedata.is_normalized("NFKC", folded):
        lowered = folded.lower()
        if len(lowered) == len(text):  # lower() never shortens: one character for one
            return lowered, range(len(text))
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = unicodedata.normalize("NFKC", char).lower()
        pieces.append(piece)
        origin.extend([index] * len(piece))
    return "".join(pieces), origin


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """A pattern for every term: its runs of letters/digits/Han with any separators between."""
    alternatives = []
    for term in terms:
        runs = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", term).lower())
        if runs:
            alternatives.append(r"\W*".join(re.escape(run) for run in runs))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives))


def _spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if pattern is None or not text:
        return []
    normal, origin = _normalised(text)
    return [
        (origin[m.start()], origin[m.end() - 1] + 1)
        for m in pattern.finditer(normal)
        if m.end() > m.start()
    ]


def highlight(text: str, terms: Sequence[str], *, width: int = SNIPPET_CHARS) -> SafeString:
    """About ``width`` characters of ``text`` around the first match, HTML-escaped, every match
    in ``<mark>``; the start of the text when nothing matches."""
    text = " ".join(text.split())
    spans = _spans(text, _term_pattern(terms))
    start = max(0, spans[0][0] - width // 4) if spans else 0
    end = min(len(text), start + width)
    out: list[str] = ["…"] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_end <= cursor or span_start >= end:
            continue
        span_start = max(span_start, cursor)
        out.append(escape(text[cursor:span_start]))
        out.append("<mark>" + escape(text[span_start : min(span_end, end)]) + "</mark>")
        cursor = min(span_end, end)
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append("…")
    return mark_safe("".join(out))


# --- the search ----------------------------------------------------------------------------


def _scope_match(body_ids: Sequence[int]) -> str:
    return "scope : (" + " OR ".join(scope_token(b) for b in body_ids) + ")"


def _scope_tsquery(body_ids: Sequence[int]) -> str:
    return "(" + " | ".join(_lexeme(scope_token(b)) for b in body_ids) + ")"


def _ranked_ids(
    phrases: Sequence[Sequence[str]],
    body_ids: Sequence[int] | None,
    limit: int,
    offset: int,
    *,
    any_phrase: bool = False,
) -> tuple[list[tuple[int, float]], int]:
    """(entry id, score) of one page, best first, and the number of hits up to TOTAL_CAP + 1;
    every phrase required, or any of them (``any_phrase``, for suggestions).

    Only the ``RANKED`` most recently indexed hits are ranked (see the module's notes): the
    full-text index yields them newest first without reading the others."""
    ranked = max(RANKED, offset + limit)
    params: list[Any]
    if connection.vendor == "postgresql":
        query = tsquery_text(phrases, any_phrase=any_phrase)
        if any_phrase:
            query = f"({query})"
        where_query = query if body_ids is None else f"{query} & {_scope_tsquery(body_ids)}"
        # Within bodies, ``id + 0`` keeps the planner from walking the primary key backwards and
        # testing every row's tsvector for a scope it misjudges: the GIN index finds the hits,
        # a top-N sort keeps the newest. Site-wide the planner chooses: it walks backwards for a
        # common word (500 hits in ~510 rows; the GIN path read all 980,000 rows of 工作 at 1M
        # items, 4.6 s) and takes the GIN index for a rare one (decision 主动公开 44).
        order = "id DESC" if body_ids is None else "id + 0 DESC"
        hits = (
            "SELECT id FROM search_searchentry "
            f"WHERE document @@ to_tsquery('simple'::regconfig, %s) ORDER BY {order}"
        )
        page_sql = (
            f"SELECT e.id, ts_rank_cd('{POSTGRES_WEIGHTS}'::float4[], e.document, "
            "to_tsquery('simple'::regconfig, %s)) AS score, count(*) OVER () "
            f"FROM search_searchentry e WHERE e.id IN ({hits} LIMIT %s) "
            "ORDER BY score DESC, e.published_on DESC, e.id DESC LIMIT %s OFFSET %s"
        )
        page_params: list[Any] = [query, where_query, ranked, limit, offset]
        count_sql = f"SELECT count(*) FROM ({hits} LIMIT %s) AS hits"
        params = [where_query]
    else:
        match = fts5_match(phrases, any_phrase=any_phrase)
        title_match = f"title_tokens : ({match})"
        if body_ids is not None:
            match = f"({match}) AND {_scope_match(body_ids)}"
            title_match = f"({title_match}) AND {_scope_match(body_ids)}"
        if any_phrase:
            # Suggestions: bm25 weighs the shared words by their rarity (its IDF reads every
            # hit of every word: fine for a few short words in one body).
            title, rest = SQLITE_WEIGHTS
            hits = (
                f"SELECT rowid, -bm25(search_fts, {title}, {rest}, 0.0) AS score "
                "FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC LIMIT %s"
            )
            page_sql = (
                f"SELECT e.id, hits.score, count(*) OVER () FROM ({hits}) AS hits "
                "JOIN search_searchentry e ON e.id = hits.rowid "
                "ORDER BY hits.score DESC, e.published_on DESC, e.id DESC LIMIT %s OFFSET %s"
            )
            page_params = [match, ranked, limit, offset]
        else:
            # Searches: title hits first, then the rest, newer first (decision 主动公开 43: bm25's
            # IDF alone read every hit of a common word, 20 ms at 1,000,000 items).
            newest = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rowid DESC"
            page_sql = (
                f"SELECT e.id, CASE WHEN e.id IN ({newest} LIMIT %s) THEN {TITLE_SCORE} "
                f"ELSE {TEXT_SCORE} END AS score, count(*) OVER () FROM search_searchentry e "
                f"WHERE e.id IN ({newest} LIMIT %s) "
                "ORDER BY score DESC, e.published_on DESC, e.id DESC LIMIT %s OFFSET %s"
            )
            page_params = [title_match, ranked, match, ranked, limit, offset]
        count_sql = (
            "SELECT count(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH %s "
            "LIMIT %s) AS hits"
        )
        params = [match]
    with connection.cursor() as cursor:
        cursor.execute(page_sql, page_params)
        fetched = cursor.fetchall()
        rows = [(int(row[0]), float(row[1])) for row in fetched]
        # Fewer hits than were ranked: that was all of them, no need to count again.
        ranked_hits = int(fetched[0][2]) if fetched else (0 if offset == 0 else ranked)
        if ranked_hits < ranked:
            return rows, ranked_hits
        cursor.execute(count_sql, [*params, TOTAL_CAP + 1])
        total = int(cursor.fetchone()[0])
    return rows, total


def search_publications(
    *, query: str, body_ids: Sequence[int] | None, page: int = 1, per_page: int = 20
) -> SearchPage:
    """Published items matching ``query`` (site-wide when ``body_ids`` is ``None``), best first.

    Never raises for bad input: an empty, too long or word-less query gives an empty page with a
    Chinese ``message``; ``page`` and ``per_page`` are clamped (1…, 1…50); pages beyond the
    counted total (``TOTAL_CAP``) are empty.
    """
    query = " ".join(str(query).split())
    page = max(1, int(page))
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    if not query:
        return _empty(query, page, per_page, EMPTY_MESSAGE)
    terms = unicodedata.normalize("NFKC", query).split()
    if len(query) > MAX_QUERY_CHARS or len(terms) > MAX_TERMS:
        return _empty(query, page, per_page, TOO_LONG_MESSAGE)
    phrases = query_tokens(query)
    if not phrases:
        return _empty(query, page, per_page, NO_WORD_MESSAGE)
    if body_ids is not None and not body_ids:
        return _empty(query, page, per_page)
    offset = (page - 1) * per_page
    if offset >= TOTAL_CAP:
        return _empty(query, page, per_page)
    rows, total = _ranked_ids(phrases, body_ids, per_page + 1, offset)
    has_next = len(rows) > per_page and offset + per_page < TOTAL_CAP
    return SearchPage(
        query=query,
        items=_items(rows[:per_page], terms),
        total=min(total, TOTAL_CAP),
        total_capped=total > TOTAL_CAP,
        page=page,
        per_page=per_page,
        has_next=has_next,
        single_character=any(_is_single_han(phrase) for phrase in phrases),
    )


def _items(rows: Sequence[tuple[int, float]], terms: Sequence[str]) -> list[SearchItem]:
    """The hits of ``rows`` (entry id, score), in that order (plain rows: no model instances)."""
    fields = (
        "pk",
        "publication_id",
        "publication__title",
        "body_id",
        "body__name",
        "published_on",
        "publication__index_number",
        "text",
        "publication__summary",
    )
    found = {
        row[0]: row
        for row in SearchEntry.objects.filter(pk__in=[pk for pk, _ in rows]).values_list(*fields)
    }
    items = []
    for pk, score in rows:
        row = found.get(pk)
        if row is None:  # removed between the two reads
            continue
        _, publication_id, title, body_id, body_name, published_on, index_number, *texts = row
        items.append(
            SearchItem(
                publication_id=publication_id,
                title=title,
                body_id=body_id,
                body_name=body_name,
                published_on=published_on,
                index_number=index_number,
                snippet=highlight(texts[0] or texts[1], terms),
                score=round(score, 6),
            )
        )
    return items


#: Bigrams of the words every application uses (申请公开……政府信息): no help in finding items.
SUGGEST_STOP_TOKENS = frozenset(
    {"申请", "请公", "公开", "开政", "政府", "府信", "信息", "息公", "本人", "要求", "提供", "关于"}
)
SUGGEST_TOKENS = 16


def suggest_publications(*, body_id: int, text: str, limit: int = 5) -> list[SearchItem]:
    """Published items of one body that may answer a request being written: the first
    ``SUGGEST_TOKENS`` distinct tokens of ``text`` (boilerplate left out), any of them, ranked
    by relevance — more shared bigrams, and title hits, rank higher."""
    tokens: list[str] = []
    for phrase in query_tokens(" ".join(str(text)[: MAX_QUERY_CHARS * 2].split())):
        for token in phrase:
            if (
                token not in SUGGEST_STOP_TOKENS
                and token not in tokens
                and not (len(token) == 1 and is_han(token))
            ):
                tokens.append(token)
    tokens = tokens[:SUGGEST_TOKENS]
    if not tokens:
        return []
    rows, _ = _ranked_ids([[token] for token in tokens], [body_id], limit, 0, any_phrase=True)
    return _items(rows, tokens)
