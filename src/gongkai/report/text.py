"""Text normalisation shared by readers, the assembler and the checks."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from gongkai.report.model import Value

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９（）［］［］：；，．％－＋／｜　",
    "0123456789()[][]:;,.%-+/| ",
)
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "＂": '"'})
_SPACE_RE = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\ufeff\u2002\u2003\u2009]+")
_MARKUP_RE = re.compile(r"(\*\*|__|\*|`|^#+\s*|<[^>]{0,40}>|\[bookmark:[^\]]*\])")

#: An enumerator in front of a label: "一、", "（三）", "(3)", "1.", "1、", "3．", "第一部分".
ENUMERATOR_RE = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分[、.:：]?"
    r"|[(（][一二三四五六七八九十0-9]{1,2}[)）][、.]?"
    r"|[一二三四五六七八九十]{1,2}[、.．,，:：]"
    r"|[0-9]{1,2}(?:[、.．,，:：](?![0-9])|\s))"
)


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    """Drop export debris (Markdown emphasis, Word bookmarks, tags) and collapse whitespace."""
    text = _MARKUP_RE.sub("", text)
    return _SPACE_RE.sub(" ", text).strip()


@lru_cache(maxsize=65536)
def squash(text: str) -> str:
    """Normalise for comparison: half-width digits and brackets, straight quotes, no spaces."""
    text = clean(text).translate(_FULLWIDTH).translate(_QUOTES)
    return _SPACE_RE.sub("", text)


def strip_enumerator(squashed: str) -> tuple[str, str]:
    """Split ``"(三)不予公开"`` into ``("(三)", "不予公开")``; works on :func:`squash` output."""
    m = ENUMERATOR_RE.match(squashed)
    if not m:
        return "", squashed
    return m.group(0), squashed[m.end() :]


_BLANK_MARKS = frozenset({"", "-", "—", "——", "–", "/", "／", "无", "空", "\\", "－", "~", "…"})
_NUMBER_RE = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_UNIT_SUFFIX_RE = re.compile(r"(件|个|条|项|次|人|份|万元|元)$")
#: More digits than any count or amount has; such a cell is unreadable (and int() refuses it).
_MAX_DIGITS = 30


@lru_cache(maxsize=65536)
def parse_cell(raw: str) -> tuple[Value, bool]:
    """Parse a printed cell: ``(value, readable)``.

    Blank marks ("", "—", "/", "无") give ``None``. Integers give ``int``; numbers with a decimal
    point give :class:`~decimal.Decimal`. Anything else gives ``(None, False)``.
    """
    text = squash(raw)
    if text in _BLANK_MARKS:
        return None, True
    text = _UNIT_SUFFIX_RE.sub("", text)
    m = _NUMBER_RE.match(text)
    if not m:
        return None, False
    sign, digits, frac = m.groups()
    digits = digits.replace(",", "")
    if len(digits) > _MAX_DIGITS:
        return None, False
    if frac:
        try:
            return Decimal(f"{sign}{digits}{frac}"), True
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return None, False
    return int(f"{sign}{digits}"), True


def is_numberish(raw: str) -> bool:
    """True when a token is a number or a blank mark (a value cell, not a label)."""
    return parse_cell(raw)[1]


_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_CN_SMALL = {
    "十": 10,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "两": 2,
}


def chinese_year(text: str) -> int | None:
    """``"二〇二一"`` → 2021; digits pass through; anything else → None."""
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    return None


def chinese_number(text: str) -> int | None:
    """Small Chinese numbers as prose writes them: ``"三"`` → 3, ``"十二"`` → 12."""
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN_SMALL for ch in text):
        return None
    if "十" not in text:
        return _CN_SMALL[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_SMALL[tens] if tens else 1) * 10 + (_CN_SMALL[ones] if ones else 0)
