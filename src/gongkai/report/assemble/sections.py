"""The six section headings and the prose under each."""

from __future__ import annotations

import re
from collections.abc import Callable

from gongkai.report import labels
from gongkai.report.document import Line
from gongkai.report.model import Section
from gongkai.report.text import clean

#: A web page's footer after the report: print/close buttons, 主办, ICP/公安 filing numbers.
SITE_FOOTER_RE = re.compile(
    r"【(?:打印本页|关闭窗口|打印|关闭)】|ICP备|公网安备|网站标识码|版权所有|主办单位?[:：]"
)

#: Fewer national-style headings than this: look for "（一）总体情况" style ones.
_FEW_HEADINGS = 3


def find_headings(lines: list[Line]) -> dict[int, tuple[int, labels.HeadingMatch, Line]]:
    """Section number → (line index, match, line), first occurrence of each."""
    found = _find(lines, labels.match_section_heading)
    if len(found) < _FEW_HEADINGS:
        paren = _find(lines, labels.match_paren_heading)
        if len(paren) > len(found):
            return paren
    return found


def _find(
    lines: list[Line], match_heading: Callable[[str], labels.HeadingMatch | None]
) -> dict[int, tuple[int, labels.HeadingMatch, Line]]:
    found: dict[int, tuple[int, labels.HeadingMatch, Line]] = {}
    for index, line in enumerate(lines):
        if line.kind == "row":
            texts = [t.text for t in line.tokens if t.text.strip()]
            if len(texts) != 1:
                continue
            text = texts[0]
        else:
            text = line.text
        match = match_heading(text)
        if match is None or match.number in found:
            continue
        found[match.number] = (index, match, line)
    return found


def sections_of(
    lines: list[Line],
    headings: dict[int, tuple[int, labels.HeadingMatch, Line]],
    consumed: set[int],
) -> dict[int, Section]:
    ordered = sorted(headings.items(), key=lambda kv: kv[1][0])
    sections: dict[int, Section] = {}
    for position, (number, (index, match, line)) in enumerate(ordered):
        stop = ordered[position + 1][1][0] if position + 1 < len(ordered) else len(lines)
        body = []
        for i in range(index + 1, stop):
            if lines[i].kind != "para" or i in consumed:
                continue
            text = clean(lines[i].text)
            if SITE_FOOTER_RE.search(text):
                break  # the site's footer: the report has ended
            body.append(text)
        sections[number] = Section(
            number=number,
            heading=clean(line.text),
            numeral=match.numeral,
            style=match.style,
            text="\n".join(t for t in body if t),
            loc=line.tokens[0].loc if line.tokens else None,
            index=index,
        )
    return sections
