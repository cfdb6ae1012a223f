"""Fuzzing the readers: whatever the bytes, ``read()`` returns a report or raises ReportReadError.

Random bytes and text, seeds cut short, shuffled or with cells replaced, mangled structured
data and random HTML-ish markup. Inputs stay below 64 KB; a generous per-example deadline
catches hangs. A deterministic corpus covers the inputs users really send by mistake.
"""

from __future__ import annotations

import codecs
import json
import random
import re
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.report import formats, read, render
from gongkai.report.errors import (
    BinaryInputError,
    EmptyInputError,
    ReportReadError,
    UnsupportedFormatError,
)
from gongkai.report.model import Report

SEEDS = sorted((Path(__file__).parent.parent / "cases").glob("seed-*/input.txt"))
SEED_004 = next(p for p in SEEDS if p.parent.name.startswith("seed-004"))
MAX_INPUT = 64 * 1024
#: Far above any real read (milliseconds); only a hang or a blow-up exceeds it.
FUZZ = settings(deadline=timedelta(seconds=5))


def read_or_refuse(data: bytes) -> Report | None:
    """Read ``data``; None when refused with a ReportReadError. Anything else fails the test."""
    assert len(data) <= MAX_INPUT
    try:
        report = read(data)
    except ReportReadError as error:
        assert error.message and "\n" not in error.message
        return None
    assert isinstance(report, Report)
    json.dumps(report.to_full(), ensure_ascii=False, allow_nan=False)  # plain, finite data
    return report


@cache
def seed_bytes() -> tuple[bytes, ...]:
    return tuple(p.read_bytes() for p in SEEDS)


@cache
def rendered_seeds() -> tuple[bytes, ...]:
    """Every seed in every output format: more inputs for each reader to choke on."""
    reports = [read(p) for p in SEEDS]
    return tuple(render(r, fmt) for r in reports for fmt in ("json", "csv", "md", "html", "docx"))


def samples() -> st.SearchStrategy[bytes]:
    return st.sampled_from(seed_bytes() + rendered_seeds())


#: Cell texts that have broken number parsers elsewhere.
TRICKY = (
    "",
    " ",
    "—",
    "/",
    "无",
    "-",
    "1,234",
    "1,2,3",
    "１２",
    "-5",
    "+3",
    "3.5",
    "3.5万元",
    ".5",
    "5.",
    "NaN",
    "Infinity",
    "1e309",
    "9" * 5000,
    "0." + "9" * 5000,
    "٣٤",
    "²",
    "0x10",
    "1_000",
    "|",
    "\t",
    "\n",
    "\r",
    "（",
    "一、",
    "总计",
    "其他",
    "（六）其他处理",
    "<td>",
    "\ufeff",
    "\u2028",
    "\U00020000",
    "二〇二一年",
)
LABELS: tuple[str, ...] = (
    *(f"{n}、{t}" for n, t in zip(formats.SECTION_NUMERALS, formats.SECTION_TITLES, strict=True)),
    *(t.caption for t in formats.TEMPLATE_2019.proactive),
    *(r.label for t in formats.TEMPLATE_2019.proactive for r in t.rows),
    *(c.label for tpl in formats.TEMPLATES.values() for t in tpl.proactive for c in t.columns),
    *(r.flat_label for r in formats.TEMPLATE_2021.application_rows),
    *(r.label for r in formats.TEMPLATE_2021.application_rows),
    *formats.APPLICATION_GROUPS,
    *(c.label for c in formats.APPLICATION_COLUMNS),
    *(g.label for g in formats.REVIEW_GROUPS),
    *(c.label for c in formats.REVIEW_COLUMNS),
    formats.BALANCE_NOTE,
    "申请人情况",
    "法人或其他组织",
    "行政诉讼",
    "信息内容",
    "南郊镇2021年政府信息公开工作年度报告",
    "本报告数据统计期限为2021年1月1日至2021年12月31日止。",
)
WORDS = st.sampled_from(LABELS) | st.sampled_from(TRICKY) | st.integers(-10, 10**6).map(str)


# ---------------------------------------------------------------------------------------------
# Random input
# ---------------------------------------------------------------------------------------------

PREFIXES = (
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"{",
    b"[",
    ",".join(("organ", "year", "table", "row_key", "row_label", "column", "value")).encode()
    + b"\r\n",
    b"<html>",
    b"<table>",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
)


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=4096))
def test_random_bytes(prefix: bytes, body: bytes) -> None:
    read_or_refuse(prefix + body)


@FUZZ
@given(text=st.text(max_size=2000))
def test_random_text(text: str) -> None:
    read_or_refuse(text.encode("utf-8", errors="surrogatepass"))


@FUZZ
@given(
    words=st.lists(WORDS, max_size=300),
    separators=st.lists(st.sampled_from(("\n", "\t", "|", " ", "\n\t", "\r\n", "")), min_size=1),
)
def test_random_report_words(words: list[str], separators: list[str]) -> None:
    """Labels, numbers and blank marks in random order: deep into the assembler's paths."""
    text = "".join(w + separators[i % len(separators)] for i, w in enumerate(words))
    read_or_refuse(text.encode("utf-8", errors="surrogatepass")[:MAX_INPUT])


# ---------------------------------------------------------------------------------------------
# Seeds (and their renderings) damaged
# ---------------------------------------------------------------------------------------------


@FUZZ
@given(data=samples(), cut=st.floats(0, 1))
def test_truncated(data: bytes, cut: float) -> None:
    read_or_refuse(data[: int(len(data) * cut)])


@FUZZ
@given(data=st.sampled_from(seed_bytes()), rnd=st.randoms(use_true_random=False))
def test_shuffled_lines(data: bytes, rnd: random.Random) -> None:
    lines = data.split(b"\n")
    rnd.shuffle(lines)
    read_or_refuse(b"\n".join(lines))


_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


@FUZZ
@given(
    data=st.sampled_from(seed_bytes() + rendered_seeds()[:4]),
    picks=st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(TRICKY) | st.text(max_size=8))),
)
def test_cells_replaced(data: bytes, picks: list[tuple[int, str]]) -> None:
    text = data.decode("utf-8-sig") if not data.startswith(b"PK") else ""
    spans = [m.span() for m in _NUMBER_RE.finditer(text)]
    if spans:
        for index, replacement in sorted(
            {i % len(spans): r for i, r in picks}.items(), reverse=True
        ):
            start, end = spans[index]
            text = text[:start] + replacement + text[end:]
    read_or_refuse(text.encode("utf-8", errors="surrogatepass")[:MAX_INPUT])


@FUZZ
@given(data=samples(), flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255))))
def test_bytes_flipped(data: bytes, flips: list[tuple[int, int]]) -> None:
    mutable = bytearray(data)
    for position, value in flips:
        mutable[position % len(mutable)] = value
    read_or_refuse(bytes(mutable))


# ---------------------------------------------------------------------------------------------
# Structured data with wrong values
# ---------------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(TRICKY),
    lambda inner: st.lists(inner, max_size=8) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
JSON_LITERALS = st.sampled_from(
    ("NaN", "Infinity", "-Infinity", "1e999999999", "1E+400", "-0.0", "9" * 5000, "1" + "0" * 30)
)


def _paths(data: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += _paths(value, (*prefix, index))
    return out


@FUZZ
@given(seed=st.sampled_from(SEEDS), where=st.integers(0, 10**6), value=JSON_VALUES)
def test_canonical_json_with_a_wrong_value(seed: Path, where: int, value: object) -> None:
    data = read(seed).to_canonical()
    paths = _paths(data)[1:]
    *parents, last = paths[where % len(paths)]
    target: object = data
    for key in parents:
        target = target[key]  # type: ignore[index]
    target[last] = value  # type: ignore[index]
    read_or_refuse(json.dumps(data, ensure_ascii=False).encode("utf-8"))


@FUZZ
@given(seed=st.sampled_from(SEEDS), where=st.integers(0, 10**6), literal=JSON_LITERALS)
def test_canonical_json_with_a_wild_number(seed: Path, where: int, literal: str) -> None:
    text = json.dumps(read(seed).to_canonical(), ensure_ascii=False)
    spans = [m.span() for m in re.finditer(r"(?<=[\[ ])\d+(?=[,\]])", text)]
    start, end = spans[where % len(spans)]
    read_or_refuse((text[:start] + literal + text[end:]).encode("utf-8"))


@FUZZ
@given(
    rows=st.lists(
        st.lists(WORDS | st.sampled_from(("proactive", "applications", "reviews_litigation"))),
        max_size=40,
    )
)
def test_csv_rows(rows: list[list[str]]) -> None:
    header = "organ,year,table,row_key,row_label,column,value"
    lines = [header] + [",".join(json.dumps(c, ensure_ascii=False) for c in row) for row in rows]
    read_or_refuse("\r\n".join(lines).encode("utf-8")[:MAX_INPUT])


# ---------------------------------------------------------------------------------------------
# HTML-ish markup
# ---------------------------------------------------------------------------------------------

TAGS = (
    "html",
    "body",
    "div",
    "p",
    "span",
    "table",
    "tbody",
    "thead",
    "tr",
    "td",
    "th",
    "caption",
    "h1",
    "h2",
    "h3",
    "a",
    "b",
    "br",
    "font",
    "center",
    "script",
    "style",
    "title",
    "meta",
    "ul",
    "li",
    "section",
    "main",
)
ATTRIBUTES = (
    "",
    ' rowspan="2"',
    ' rowspan="0"',
    ' rowspan="-1"',
    ' rowspan="999999999"',
    ' colspan="3"',
    ' colspan="0"',
    ' colspan="x"',
    ' colspan="1000000"',
    ' style="display:none"',
    ' style="display: none; mso-hide: all"',
    ' class="title"',
    ' href="#"',
    ' charset="gbk"',
    ' content="text/html; charset=utf-16"',
)
JUNK = (
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "&#99999999999;",
    "&amp",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?xml version='1.0' encoding='gbk'?>",
    "<!DOCTYPE html>",
    "</td>",
    "</table>",
    "<",
    ">",
)


def _element(parts: tuple[str, list[str], bool, list[str]]) -> str:
    tag, attrs, closed, children = parts
    close = f"</{tag}>" if closed else ""
    return f"<{tag}{''.join(attrs)}>{''.join(children)}{close}"


def markup() -> st.SearchStrategy[str]:
    """Random, often unbalanced markup of report labels, numbers and junk."""
    tree = st.recursive(
        WORDS | st.sampled_from(JUNK),
        lambda inner: st.tuples(
            st.sampled_from(TAGS),
            st.lists(st.sampled_from(ATTRIBUTES), max_size=3),
            st.integers(0, 4).map(bool),
            st.lists(inner, max_size=6),
        ).map(_element),
        max_leaves=80,
    )
    return st.lists(tree, min_size=1, max_size=6).map("".join)


@FUZZ
@given(page=markup(), encoding=st.sampled_from(("utf-8", "gb18030", "utf-16")))
def test_random_markup(page: str, encoding: str) -> None:
    data = page.encode(encoding, errors="replace")[:MAX_INPUT]
    read_or_refuse(data)


@FUZZ
@given(page=markup(), where=st.floats(0, 1))
def test_markup_inside_a_rendered_page(page: str, where: float) -> None:
    html = render(read(SEED_004), "html").decode("utf-8")
    cut = int(len(html) * where)
    read_or_refuse((html[:cut] + page + html[cut:]).encode("utf-8")[:MAX_INPUT])


# ---------------------------------------------------------------------------------------------
# A deterministic corpus of what users send by mistake
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyInputError),
        (b"  \r\n\t \n\x0b\x0c ", EmptyInputError),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), BinaryInputError),
        (b"\x7fELF\x02\x01\x01\x00" + bytes(120), BinaryInputError),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), UnsupportedFormatError),
    ],
    ids=["empty", "whitespace", "png", "elf", "old-word-doc"],
)
def test_corpus_refused(data: bytes, error: type[ReportReadError]) -> None:
    with pytest.raises(error):
        read(data)


def _seed_004_text() -> str:
    return SEED_004.read_text(encoding="utf-8")


def _assert_seed_004(report: Report) -> None:
    """Values typed from the seed text: 4 new applications, 2 无法提供, 1 carried over."""
    assert report.organ == "南郊镇"
    assert report.year == 2021
    assert report.applications is not None
    assert [c.value for c in report.applications["1"]] == [4, 0, 0, 0, 0, 0, 4]
    assert [c.value for c in report.applications["3.4.1"]] == [2, 0, 0, 0, 0, 0, 2]
    assert report.applications["4"][0].value == 1


def test_corpus_gbk_seed() -> None:
    # GBK has no NO-BREAK SPACE; Word's GBK export writes the ideographic space there.
    data = _seed_004_text().replace("\u00a0", "\u3000").encode("gbk")
    report = read(data)
    _assert_seed_004(report)
    assert report.to_canonical() == read(SEED_004).to_canonical()


def test_corpus_gb18030_seed() -> None:
    _assert_seed_004(read(_seed_004_text().encode("gb18030")))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_corpus_seed_with_bom(encoding: str) -> None:
    data = _seed_004_text().encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    report = read(data)
    _assert_seed_004(report)
    assert report.to_canonical() == read(SEED_004).to_canonical()


@pytest.mark.parametrize("seed", SEEDS, ids=[p.parent.name for p in SEEDS])
def test_corpus_seed_with_crlf(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    original = read(seed)
    report = read(text.replace("\n", "\r\n").encode("utf-8"))
    assert report.to_canonical() == original.to_canonical()
    assert {n: s.text for n, s in report.sections.items()} == {
        n: s.text for n, s in original.sections.items()
    }


def test_corpus_seed_004_crlf_values() -> None:
    _assert_seed_004(read(_seed_004_text().replace("\n", "\r\n").encode("utf-8")))
