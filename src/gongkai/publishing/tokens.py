"""Search tokens for Chinese text: overlapping bigrams of Han characters, whole Latin words.

Neither SQLite FTS5's ``unicode61`` tokenizer nor PostgreSQL's ``simple`` configuration splits
Chinese into words, so the text is tokenized here and the database indexes the space-separated
tokens.

* The text is NFKC-normalised (full-width letters, digits and spaces become half-width) and
  lower-cased.
* A run of Han characters becomes its overlapping bigrams: ``最低生活保障`` →
  ``最低 低生 生活 活保 保障``; a run of one Han character stays a unigram (``税``).
* A run of other letters and digits is one token: ``COVID-19`` → ``covid 19``; ``2021年`` →
  ``2021 年``.
* Punctuation, symbols and spaces separate runs and are dropped.

A query is split on spaces into terms; each term's tokens form a *phrase* (tokens adjacent and
in order), and all terms must match. So a Han term of two or more characters matches exactly
the documents that contain it as a substring of one Han run — substring search — whatever the
word boundaries. A one-character Han term only matches where that character stands alone in
the text (its run is a unigram); callers that need it elsewhere fall back to a substring
filter (``LIKE``/``icontains``). Latin terms match whole words only.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache

__all__ = ["index_tokens", "is_han", "query_tokens", "text_tokens"]

#: The Han script's blocks: CJK Unified Ideographs, Extension A, Compatibility Ideographs,
#: Extensions B–I (planes 2 and 3).
_HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFF),
    (0x30000, 0x3FFFF),
)


@lru_cache(maxsize=65536)  # texts repeat few characters; the range test is the hot spot
def is_han(char: str) -> bool:
    """Whether ``char`` is a Han character (汉字)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _HAN_RANGES)


_HAN_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN_RANGES)
#: A run of Han characters, or a run of other letters and digits (``[^\W_]`` is ``isalnum``).
_RUN = re.compile(f"([{_HAN_CLASS}]+)|([^\\W_{_HAN_CLASS}]+)")


def _runs(text: str) -> list[tuple[bool, str]]:
    """(is_han, run) for every run of Han characters or of other letters and digits."""
    return [(bool(han), han or other) for han, other in _RUN.findall(_normalised(text))]


def _normalised(text: str) -> str:
    """NFKC and lower case (the check is cheaper than normalising text that already is)."""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def text_tokens(text: str) -> list[str]:
    """The tokens of ``text`` in order (see the module's rules)."""
    tokens: list[str] = []
    for han, run in _runs(text):
        if han and len(run) > 1:
            tokens.extend(map(operator.add, run, run[1:]))  # the bigrams, in C
        else:
            tokens.append(run)
    return tokens


def index_tokens(text: str) -> str:
    """The tokens of ``text`` for the search index, separated by single spaces."""
    return " ".join(text_tokens(text))


def query_tokens(query: str) -> list[list[str]]:
    """One phrase (its tokens in order) per space-separated term of ``query``; terms without
    any letter, digit or Han character are left out."""
    normalised = unicodedata.normalize("NFKC", query)
    return [phrase for term in normalised.split() if (phrase := text_tokens(term))]
