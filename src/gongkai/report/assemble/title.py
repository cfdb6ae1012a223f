"""The title (organ and year), the preamble, and the 统计期限."""

from __future__ import annotations

import re

from gongkai.report import labels
from gongkai.report.document import Document, Line
from gongkai.report.text import chinese_year, clean, squash

_TITLE_RE = re.compile(r"(?P<year>(?:19|20)\d{2}|[二〇零○OＯ一三四五六七八九]{4})\s*年(?:度)?")
#: A notice that publishes the report: "XX办公室关于印发XX县2022年…年度报告的通知".
_NOTICE_RE = re.compile(r"关于(?:印发|转发|公布|发布)|的通知$")
_REPORT_WORD_RE = re.compile(r"(政府信息公开|政务公开|信息公开)(工作)?的?(年度)?(报告|年报)")
_PERIOD_RE = re.compile(r"统计期限?[^0-9]{0,12}((?:19|20)\d{2})年\s*1月\s*1日")


def find_title(doc: Document) -> tuple[str | None, str | None, int | None]:
    candidates: list[str] = []
    notice: list[str] = []
    previous = ""
    for line in doc.lines[:40]:
        text = clean(line.text)
        if not text:
            continue
        if labels.match_section_heading(text):
            break
        if _looks_like_title(text):
            parsed = _parse_title(text)
            if previous and (parsed is None or parsed[0] is None):
                candidates.append(previous + text)  # the organ printed on the line above
            if _NOTICE_RE.search(squash(text)):
                notice.append(text)  # the report's own title may follow the notice
                previous = ""
                continue
            candidates.append(text)
            break
        previous = text if len(text) <= 40 and "。" not in text else ""
    candidates += notice
    if doc.meta_title:
        candidates.append(clean(doc.meta_title))
    for text in candidates:
        parsed = _parse_title(text)
        if parsed is not None:
            return (text, *parsed)
    return None, None, None


def _looks_like_title(text: str) -> bool:
    """A line naming a report (not a sentence that mentions one)."""
    s = squash(text)
    m = _REPORT_WORD_RE.search(s)
    if m is None or len(s) > 80:
        return False
    tail = s[m.end() :]
    return len(tail) <= 10 and not any(p in s for p in "。；;>»›")  # not a breadcrumb


def _parse_title(text: str) -> tuple[str | None, int | None] | None:
    s = squash(text)
    m = _REPORT_WORD_RE.search(s)
    if not m:
        return None
    head = s[: m.start()]
    notice = re.search(r"关于(?:印发|转发|公布|发布)", head)
    if notice:
        head = head[notice.end() :]
    years = list(_TITLE_RE.finditer(head))
    ym = years[-1] if years else None
    year = chinese_year(ym.group("year")) if ym else None
    organ = (head[: ym.start()] or head[ym.end() :]) if ym else head
    if year is None:  # "XX县政府信息公开工作年度报告（2022年度）"
        tail = _TITLE_RE.search(s[m.end() : m.end() + 12])
        year = chinese_year(tail.group("year")) if tail else None
    organ = re.sub(r"^(关于|[《〈])", "", organ)
    organ = re.sub(r"(关于|的|[-_|—－]+)$", "", organ)
    return (organ or None), year


def preamble_of(
    lines: list[Line], headings: dict[int, tuple[int, labels.HeadingMatch, Line]], title: str | None
) -> str:
    """Prose between the title and the first section heading."""
    first = min((index for index, _, _ in headings.values()), default=min(len(lines), 40))
    title_text = squash(title) if title else ""
    texts = []
    for line in lines[:first]:
        if line.kind != "para":
            continue
        text = clean(line.text)
        if not text or (title_text and squash(text) in title_text) or _PAGE_INFO_RE.search(text):
            continue
        texts.append(text)
    return "\n".join(texts)


#: A web page's navigation and article-info lines before the report.
_PAGE_INFO_RE = re.compile(
    r"^当前位置|^您现在的位置|^首页[\s>»›|]|发布日期[:：]|发布时间[:：]|浏览次数|字号[:：]|来源[:：]"
)


def period_year(lines: list[Line]) -> int | None:
    for line in lines[:200]:
        m = _PERIOD_RE.search(squash(line.text))
        if m:
            return int(m.group(1))
    return None
