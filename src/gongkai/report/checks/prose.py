"""Text against tables: numbers the prose states, checked against the tables — every mention.

Only phrasings that unambiguously speak of 政府信息公开 applications or of reviews and suits
about disclosure are read; a sentence about 低保申请 or a 司法局's own 行政复议 caseload is
not. Each recognised statement is compared with its table cell; percentages are recomputed
from the two counts their sentence gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from gongkai.report import formats
from gongkai.report.checks.finding import Findings
from gongkai.report.model import Report
from gongkai.report.text import chinese_number

NUM = r"(\d+|[一二两三四五六七八九十]{1,3})"
_SENTENCE_RE = re.compile(r"[^。；;！!？?\n]+")
_APPLICATION_CONTEXT_RE = re.compile(r"依申请公开|信息公开申请|公开申请|申请公开")
_DISCLOSURE_CONTEXT_RE = re.compile(r"公开")
_ZERO_APPLICATION_CONTEXT_RE = re.compile(r"公开.*申请|申请.*公开")

#: Not a combined statement such as "予以公开及部分公开258件".
_SOLE = r"(?<![及和与、或])"
_APPLICATION_NOUN = r"(?:政府信息公开申请|依申请公开(?:申请|办件|事项|件)?|信息公开申请|公开申请)"


@dataclass(frozen=True)
class Statement:
    """One number the prose states about a table quantity."""

    quantity: str
    value: int
    quote: str
    section: int


# (quantity, pattern, context the sentence must contain)
_PATTERNS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    (
        "received",
        re.compile(
            r"(?:收到|接到|受理|接收|新收|共收|办理)了?[^，。；,]{0,16}?"
            + _APPLICATION_NOUN
            + r"(?:共|数量为|数量|总数为|总数|合计|总计)?(?:为|是)?"
            + NUM
            + r"(?:件|个|份|宗)"
        ),
        None,
    ),
    (
        "answered",
        re.compile(
            r"(?:答复|办结|办理完毕|完成答复)了?(?:依申请公开|政府信息公开申请|申请)?(?:共)?"
            + NUM
            + r"(?:件|个)"
        ),
        _APPLICATION_CONTEXT_RE,
    ),
    (
        "carried",
        re.compile(
            NUM + r"件[^，。；,\d]{0,6}?"
            r"(?:转接至|转接到|结转至|结转到|结转|转入|顺延至|顺延到|延续至|延至|转至|转到)"
            r"(?:下一?年度?|20\d{2}年度?)"
        ),
        _APPLICATION_CONTEXT_RE,
    ),
    (
        "carried",
        re.compile(r"结转(?:至|到)?下一?年度?(?:继续办理)?的?(?:申请)?(?:共)?" + NUM + r"件"),
        _APPLICATION_CONTEXT_RE,
    ),
    (
        "carried_in",
        re.compile(r"上一?年度?结转[^，。；,\d]{0,8}?" + NUM + r"件"),
        _APPLICATION_CONTEXT_RE,
    ),
    ("3.1", re.compile(_SOLE + r"予以公开的?(?:共)?" + NUM + r"件"), _APPLICATION_CONTEXT_RE),
    ("3.2", re.compile(_SOLE + r"部分公开的?(?:共)?" + NUM + r"件"), _APPLICATION_CONTEXT_RE),
    ("3.3", re.compile(_SOLE + r"不予公开的?(?:共)?" + NUM + r"件"), _APPLICATION_CONTEXT_RE),
    ("3.4", re.compile(_SOLE + r"无法提供的?(?:共)?" + NUM + r"件"), _APPLICATION_CONTEXT_RE),
    ("3.5", re.compile(_SOLE + r"不予处理的?(?:共)?" + NUM + r"件"), _APPLICATION_CONTEXT_RE),
    ("3.6", re.compile(_SOLE + r"其他处理的?(?:共)?" + NUM + r"件"), _APPLICATION_CONTEXT_RE),
    (
        "review",
        re.compile(r"行政复议(?:案件|申请)?(?:共)?" + NUM + r"(?:件|起|个)"),
        _DISCLOSURE_CONTEXT_RE,
    ),
    (
        "litigation",
        re.compile(r"行政诉讼(?:案件)?(?:共)?" + NUM + r"(?:件|起|个)"),
        _DISCLOSURE_CONTEXT_RE,
    ),
)

_ZERO_PATTERNS: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    (
        "received",
        re.compile(r"(?:没有|未|无)(?:收到|接到|受理|接收|发生)[^。；]{0,30}?申请(?!人)"),
        _ZERO_APPLICATION_CONTEXT_RE,
    ),
    (
        "review",
        re.compile(r"(?:没有|未|无)(?:发生|收到|出现|产生|涉及)?[^。；，]{0,16}?行政复议"),
        _DISCLOSURE_CONTEXT_RE,
    ),
    (
        "litigation",
        re.compile(r"(?:没有|未|无)(?:发生|收到|出现|产生|涉及)?[^。；]{0,24}?行政诉讼"),
        _DISCLOSURE_CONTEXT_RE,
    ),
)

_QUANTITY_NAMES = {
    "received": ("1", "本年新收政府信息公开申请数量"),
    "answered": ("3.7", "本年度办理结果总计"),
    "carried": ("4", "结转下年度继续办理"),
    "carried_in": ("2", "上年结转政府信息公开申请数量"),
    "3.1": ("3.1", "予以公开"),
    "3.2": ("3.2", "部分公开"),
    "3.3": ("3.3.1", "不予公开"),
    "3.4": ("3.4.1", "无法提供"),
    "3.5": ("3.5.1", "不予处理"),
    "3.6": ("3.6", "其他处理"),
    "review": ("review", "行政复议总计"),
    "litigation": ("litigation_direct", "行政诉讼总计"),
}

_PROACTIVE_COUNT_RE = re.compile(r"主动公开政府信息(?:共计|累计|共|计)?" + NUM + r"条")
_PERCENT_RE = re.compile(r"率(?:达到|达|为|是)?(\d+(?:\.\d+)?)\s*[%％](以上|以下)?")
_COUNT_RE = re.compile(r"(\d+)(?:篇|条|件|个|份|次|项)")


def run(found: Findings) -> None:
    report = found.report
    statements = list(statements_of(report))
    for statement in statements:
        expected = _table_values(report, statement.quantity)
        if not expected or statement.value in expected:
            continue
        row, name = _QUANTITY_NAMES[statement.quantity]
        table = (
            "reviews_litigation"
            if statement.quantity in ("review", "litigation")
            else ("applications")
        )
        found.add(
            "prose.number-mismatch",
            f"正文“{statement.quote}”称{name}为{statement.value}件，统计表为{expected[0]}件",
            table=table,
            row=row,
            column="total",
            values={
                "quote": statement.quote,
                "stated": statement.value,
                "table": expected[0],
                "section": statement.section,
            },
        )
    _percentages(found)
    _repeated_counts(found)


def texts_of(report: Report) -> Iterator[tuple[int, str]]:
    """(section number, text) for the preamble (0) and each section."""
    if report.preamble:
        yield 0, report.preamble
    for number in sorted(report.sections):
        yield number, report.sections[number].text


_OTHER_PERIOD_RE = re.compile(r"以来|累计|历年|近[两二三四五几]年")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})年")


def _other_period(sentence: str, year: int | None, quantity: str) -> bool:
    """True when the sentence speaks of another period than the report's year."""
    if quantity not in ("carried_in",) and _OTHER_PERIOD_RE.search(sentence):
        return True
    if year is None:
        return False
    allowed = {year, year + 1} if quantity == "carried" else {year}
    return any(int(y) not in allowed for y in _YEAR_RE.findall(sentence))


#: Only sentences naming an application, a review or a suit can state one of our quantities.
_TOPIC_RE = re.compile(r"申请|复议|诉讼")
_COUNT_RE_HINT = re.compile(r"件|起|个|份|宗")


def statements_of(report: Report) -> Iterator[Statement]:
    """Every recognised number statement, in text order."""
    for section, text in texts_of(report):
        for sentence in _SENTENCE_RE.findall(text):
            if not _TOPIC_RE.search(sentence):
                continue
            if _COUNT_RE_HINT.search(sentence):
                for quantity, pattern, context in _PATTERNS:
                    if context is not None and not context.search(sentence):
                        continue
                    if _other_period(sentence, report.year, quantity):
                        continue
                    for m in pattern.finditer(sentence):
                        value = chinese_number(m.group(1))
                        if value is not None:
                            yield Statement(quantity, value, m.group(0), section)
            for quantity, pattern, context in _ZERO_PATTERNS:
                if context is not None and not context.search(sentence):
                    continue
                zero = pattern.search(sentence)
                if zero and not any(ch.isdigit() for ch in zero.group(0)):
                    yield Statement(quantity, 0, zero.group(0), section)


def _total(report: Report, key: str) -> int | None:
    value = report.application_value(key, formats.TOTAL_COLUMN)
    return value if isinstance(value, int) else None


def _sum_rows(report: Report, prefix: str) -> int | None:
    if not report.applications:
        return None
    keys = [k for k in report.applications if k == prefix or k.startswith(prefix + ".")]
    values = [_total(report, k) for k in keys]
    if not keys or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def _review_total(report: Report, *groups: str) -> int | None:
    data = report.reviews_litigation
    if not data or any(g not in data for g in groups):
        return None
    values = [data[g][-1].value for g in groups]
    if any(not isinstance(v, int) for v in values):
        return None
    return sum(v for v in values if isinstance(v, int))


_RESOLVERS: dict[str, Callable[[Report], list[int | None]]] = {
    "received": lambda r: [
        _total(r, "1"),
        None
        if _total(r, "1") is None or _total(r, "2") is None
        else (_total(r, "1") or 0) + (_total(r, "2") or 0),
    ],
    "answered": lambda r: [_total(r, "3.7")],
    "carried": lambda r: [_total(r, "4")],
    "carried_in": lambda r: [_total(r, "2")],
    "3.1": lambda r: [_total(r, "3.1")],
    "3.2": lambda r: [_total(r, "3.2")],
    "3.3": lambda r: [_sum_rows(r, "3.3")],
    "3.4": lambda r: [_sum_rows(r, "3.4")],
    "3.5": lambda r: [_sum_rows(r, "3.5")],
    "3.6": lambda r: [_sum_rows(r, "3.6")],
    "review": lambda r: [_review_total(r, "review")],
    "litigation": lambda r: [_review_total(r, "litigation_direct", "litigation_after_review")],
}


def _table_values(report: Report, quantity: str) -> list[int]:
    """Table values a statement may equal; the first is the one to report. Empty: unknown."""
    values = _RESOLVERS[quantity](report)
    if values[0] is None:
        return []
    return [v for v in values if v is not None]


def _percentages(found: Findings) -> None:
    for section, text in texts_of(found.report):
        for sentence in _SENTENCE_RE.findall(text):
            for m in _PERCENT_RE.finditer(sentence):
                before = sentence[: m.start()]
                counts = [int(c) for c in _COUNT_RE.findall(before)]
                if len(counts) != 2 or counts[0] == 0 or counts[1] > counts[0]:
                    continue
                whole, part = counts
                computed = Decimal(part) * 100 / Decimal(whole)
                stated = Decimal(m.group(1))
                if m.group(2) == "以上":
                    ok = computed + Decimal("0.5") >= stated
                elif m.group(2) == "以下":
                    ok = computed - Decimal("0.5") <= stated
                else:
                    ok = abs(computed - stated) < 1
                if not ok:
                    found.add(
                        "prose.percentage",
                        f"正文“{sentence.strip()}”中{part}÷{whole}≈{computed:.1f}%，与所写{stated}%不符",
                        values={
                            "part": part,
                            "whole": whole,
                            "stated": str(stated),
                            "computed": f"{computed:.1f}",
                            "section": section,
                        },
                    )


def _repeated_counts(found: Findings) -> None:
    seen: dict[int, str] = {}
    for _section, text in texts_of(found.report):
        for m in _PROACTIVE_COUNT_RE.finditer(text):
            value = chinese_number(m.group(1))
            if value is not None:
                seen.setdefault(value, m.group(0))
    if len(seen) > 1:
        quotes = "”“".join(seen.values())
        found.add(
            "prose.inconsistent",
            f"正文多处提到主动公开政府信息的数量，说法不一：“{quotes}”",
            values={"values": sorted(seen)},
        )
