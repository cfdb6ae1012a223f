"""Recognising the printed labels of sections, tables, rows and columns.

Everything here works on :func:`gongkai.report.text.squash` output and matches against the
labels of :mod:`gongkai.report.formats` — never on positions or counts of numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from gongkai.report import formats
from gongkai.report.text import squash, strip_enumerator

# --------------------------------------------------------------------------------------------
# Section headings
# --------------------------------------------------------------------------------------------

_SECTION_CORES = tuple(squash(t) for t in formats.SECTION_TITLES)
#: Words one of which a heading's title must contain, per section (a cheap pre-filter).
_SECTION_KEYWORDS: tuple[tuple[str, ...], ...] = (
    ("总体",),
    ("主动公开",),
    ("申请",),
    ("复议", "诉讼"),
    ("问题", "改进"),
    ("其他", "其它", "报告的事项", "说明的事项"),
)
_HEADING_NUMERAL_RE = re.compile(
    r"^(?:第(?P<part>[一二三四五六])部分|(?P<cn>[一二三四五六])(?=[、.,:]|$|[^一二三四五六七八九十])"
    r"|(?P<ar>[1-6])(?=[、.,:]))[、.,:]?"
)


@dataclass(frozen=True)
class HeadingMatch:
    number: int
    #: The numeral as printed ("三", "3", "第三部分"), or None when the heading has none.
    numeral: str | None
    #: "chinese" for 一…六, "arabic" for 1…6, "part" for 第一部分, None when absent.
    style: str | None
    title: str


@lru_cache(maxsize=16384)
def match_section_heading(text: str) -> HeadingMatch | None:
    """Recognise one of the six section headings, with or without its numeral."""
    s = squash(text).rstrip("。:：.")
    if not s or len(s) > 36:
        return None
    m = _HEADING_NUMERAL_RE.match(s)
    numeral = style = None
    rest = s
    if m:
        rest = s[m.end() :]
        if m.group("part"):
            numeral, style = m.group("part"), "part"
        elif m.group("cn"):
            numeral, style = m.group("cn"), "chinese"
        else:
            numeral, style = m.group("ar"), "arabic"
    if not rest or rest[0] in "(（[【":
        return None
    for index, core in enumerate(_SECTION_CORES):
        if not any(k in rest for k in _SECTION_KEYWORDS[index]):
            continue
        if _heading_fits(rest, core, has_numeral=numeral is not None) or (
            style in ("chinese", "part")
            and numeral == formats.SECTION_NUMERALS[index]
            and len(rest) <= _LOOSE_HEADING_CHARS
        ):
            # A Chinese numeral that agrees with the section's number, and its keyword, make a
            # reworded heading ("五、存在的主要问题和改进措施") safe to accept.
            return HeadingMatch(index + 1, numeral, style, rest)
    return None


#: The longest reworded title accepted on the strength of its numeral and keyword.
_LOOSE_HEADING_CHARS = 30
_PAREN_NUMERAL_RE = re.compile(r"^\((?P<cn>[一二三四五六])\)")


@lru_cache(maxsize=16384)
def match_paren_heading(text: str) -> HeadingMatch | None:
    """A section heading numbered like a sub-heading, "（三）收到和处理政府信息公开申请情况".

    Only for reports that number no section heading the national way: the numeral must be the
    section's own, and the title must fit the section's closely.
    """
    s = squash(text).rstrip("。:：.")
    m = _PAREN_NUMERAL_RE.match(s)
    if not m or len(s) > 36:
        return None
    number = formats.SECTION_NUMERALS.index(m.group("cn")) + 1
    rest = s[m.end() :].lstrip("、.")
    core = _SECTION_CORES[number - 1]
    if any(k in rest for k in _SECTION_KEYWORDS[number - 1]) and _heading_fits(
        rest, core, has_numeral=True
    ):
        return HeadingMatch(number, m.group("cn"), "paren", rest)
    return None


def _heading_fits(rest: str, core: str, *, has_numeral: bool) -> bool:
    if rest == core:
        return True
    if rest.startswith(core) and len(rest) <= len(core) + 4:
        return True
    if has_numeral and core in rest and len(rest) <= len(core) + 10:
        return True  # "五、政府信息公开工作存在的主要问题及改进情况"
    if len(rest) > len(core) + 8 or len(rest) < len(core) - 6:
        return False
    ratio = SequenceMatcher(None, rest, core).ratio()
    return ratio >= (0.8 if has_numeral else 0.88)


# --------------------------------------------------------------------------------------------
# Table 三 labels
# --------------------------------------------------------------------------------------------

GROUP_RESULTS = "results"
#: Group core → group id. （六）其他处理 is a group in 2021 and a row (3.6) in 2019.
_GROUP_CORES: dict[str, str] = {
    "本年度办理结果": GROUP_RESULTS,
    "不予公开": "3.3",
    "无法提供": "3.4",
    "不予处理": "3.5",
    "其他处理": "3.6",
}
_ROW_DEFS = formats.TEMPLATE_2021.application_rows
#: Quotes printed every which way ("三安全一稳定", ‘三安全一稳定’, 「三安全一稳定」): labels
#: are compared without them.
_NO_QUOTES = str.maketrans("", "", "\"'「」『』")
#: Words a report prints for a row's word in the national format.
_SYNONYMS = {"合计": "总计"}
_ROW_CORES: dict[str, str] = {
    squash(r.core).translate(_NO_QUOTES): r.key for r in _ROW_DEFS if r.core not in ("其他", "总计")
}
_ROW_CORES_LONG = sorted(_ROW_CORES.items(), key=lambda kv: -len(kv[0]))
_HEADER_CORES = frozenset(squash(w) for w in formats.APPLICATION_HEADER_WORDS) | {"法人或其他组织"}


@dataclass(frozen=True)
class AppLabel:
    """What a table-三 label token means."""

    #: "row" (a data row key), "group" (a group heading), "header" (column header).
    kind: str
    key: str
    #: Groups named on the way (a cell may print "（三）不予公开 1.属于国家秘密").
    groups: tuple[str, ...] = ()
    enumerator: str = ""


def match_application_label(text: str) -> AppLabel | None:
    """Classify a token of table 三: a row label, a group heading, a header word, or None."""
    return _match_application_label(squash(text).translate(_NO_QUOTES))


@lru_cache(maxsize=4096)
def _match_application_label(s: str) -> AppLabel | None:
    if not s:
        return None
    if "勾稽" in s or (s in _HEADER_CORES and s not in ("总计", "其他")):
        return AppLabel("header", s)
    groups: list[str] = []
    rest = s
    enumerator = ""
    for _ in range(4):
        enumerator, core = strip_enumerator(rest)
        if not core:
            return None
        core = _SYNONYMS.get(core, core)
        key = _ROW_CORES.get(core)
        if key is not None:
            return AppLabel("row", key, tuple(groups), enumerator)
        if core in _GROUP_CORES:
            return AppLabel("group", _GROUP_CORES[core], tuple(groups), enumerator)
        if core in ("其他", "总计"):
            return AppLabel("ambiguous", core, tuple(groups), enumerator)
        prefix = next((g for g in _GROUP_CORES if core.startswith(g)), None)
        if prefix is None:
            break
        groups.append(_GROUP_CORES[prefix])
        rest = core[len(prefix) :]
    _, core = strip_enumerator(rest)
    for row_core, key in _ROW_CORES_LONG:
        if core.startswith(row_core) and len(row_core) >= 4:
            return AppLabel("row", key, tuple(groups), enumerator)
    if len(core) >= 6:
        for row_core, key in _ROW_CORES_LONG:
            if len(row_core) >= 8 and row_core.startswith(core):
                return AppLabel("row", key, tuple(groups), enumerator)
        for row_core, key in _ROW_CORES_LONG:
            if abs(len(row_core) - len(core)) <= 4 and _similar(core, row_core) >= 0.85:
                return AppLabel("row", key, tuple(groups), enumerator)
    return None


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


# --------------------------------------------------------------------------------------------
# Table 二 and table 四 labels
# --------------------------------------------------------------------------------------------

_PROACTIVE_ROWS: dict[str, str] = {}
for _template in (formats.TEMPLATE_2021, formats.TEMPLATE_2019):
    for _table in _template.proactive:
        for _prow in _table.rows:
            for _label in (_prow.label, *_prow.aliases):
                _PROACTIVE_ROWS.setdefault(squash(_label), _prow.key)


@lru_cache(maxsize=16384)
def match_proactive_row(text: str) -> str | None:
    """The section-二 row key a label token names (规章 → ``regulations`` …)."""
    _, core = strip_enumerator(squash(text))
    return _PROACTIVE_ROWS.get(core)


@dataclass(frozen=True)
class KeyedCell:
    """A label that names a 第二十条 row and one of its columns: "规章（本年制发件数）"."""

    key: str
    template: str
    column: int
    width: int


_KEYED_TRIM = "()[]【】:-—_/|、,"


def _keyed_columns() -> dict[str, list[tuple[str, KeyedCell]]]:
    """Row label → (squashed column label, cell) for every column of either format."""
    out: dict[str, list[tuple[str, KeyedCell]]] = {}
    for template in (formats.TEMPLATE_2021, formats.TEMPLATE_2019):
        for table in template.proactive:
            for prow in table.rows:
                for label in (prow.label, *prow.aliases):
                    entries = out.setdefault(squash(label), [])
                    for index, column in enumerate(table.columns):
                        cell = KeyedCell(prow.key, template.id, index, len(table.columns))
                        full = squash(column.label).strip(_KEYED_TRIM)
                        entries.append((full, cell))
                        short = full.split("(", 1)[0]  # 本年收费金额(单位:万元) → 本年收费金额
                        if short != full:
                            entries.append((short, cell))
    return out


_KEYED = _keyed_columns()
_KEYED_ROWS = sorted(_KEYED, key=len, reverse=True)


@lru_cache(maxsize=16384)
def match_proactive_keyed(text: str) -> KeyedCell | None:
    """A label naming a row and a column ("规章（本年制发件数）", "行政许可-处理决定数量")."""
    _, core = strip_enumerator(squash(text))
    if len(core) > 40:
        return None
    for row in _KEYED_ROWS:
        if core.startswith(row) and len(core) > len(row):
            rest = core[len(row) :].strip(_KEYED_TRIM)
            for column, cell in _KEYED[row]:
                if rest == column:
                    return cell
            return None
    return None


CAPTION_RE = re.compile(r"第二十条第\(?([一二三四五六七八九十]+)\)?项")


@lru_cache(maxsize=16384)
def proactive_markers(text: str) -> frozenset[str]:
    """Which format-specific column labels a token prints ({"2019"}, {"2021"} or empty)."""
    s = squash(text)
    found = set()
    if any(m in s for m in formats.MARKERS_2019):
        found.add("2019")
    if any(m in s for m in formats.MARKERS_2021):
        found.add("2021")
    return frozenset(found)


_REVIEW_GROUP_CORES = {squash(g.label): g.key for g in formats.REVIEW_GROUPS}
_REVIEW_HEADER_CORES = frozenset(
    {squash(c.label) for c in formats.REVIEW_COLUMNS} | {"行政复议", "行政诉讼"}
)


@lru_cache(maxsize=16384)
def match_review_group(text: str) -> str | None:
    _, core = strip_enumerator(squash(text))
    if core.startswith("行政诉讼") and len(core) > 4:
        core = core[4:].lstrip("-—:：·(（").rstrip(")）")
    return _REVIEW_GROUP_CORES.get(core)


@lru_cache(maxsize=16384)
def is_review_header(text: str) -> bool:
    """A header cell of table 四 ("结果维持", "行政诉讼"), or a header row printed as one run
    of its cells' words ("行政复议行政诉讼": a web page that lost the gaps between cells)."""
    _, core = strip_enumerator(squash(text))
    if core in _REVIEW_HEADER_CORES or core in _REVIEW_GROUP_CORES:
        return True
    if len(core) < _MIN_HEADER_RUN or len(core) > _MAX_HEADER_RUN:
        return False
    return not _REVIEW_HEADER_RUN_RE.sub("", core)


_REVIEW_HEADER_RUN_RE = re.compile(
    "|".join(sorted(_REVIEW_HEADER_CORES | set(_REVIEW_GROUP_CORES), key=len, reverse=True))
)
_MIN_HEADER_RUN = 8
_MAX_HEADER_RUN = 120
