"""Where each statistical table lies: from its anchors (captions, the 勾稽 note,
headings) to the next table's."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.report import labels
from gongkai.report.document import Line
from gongkai.report.text import squash


@dataclass
class Region:
    """One table region: the lines it spans (indices into ``Document.lines``)."""

    start: int
    end: int


def table_starts(
    lines: list[Line], headings: dict[int, tuple[int, labels.HeadingMatch, Line]]
) -> dict[str, int]:
    starts: dict[str, int] = {}
    for index, line in enumerate(lines):
        for token in line.tokens:
            s = squash(token.text)
            if not s or len(s) > 60:
                continue
            if "t2" not in starts and labels.CAPTION_RE.search(s) and len(s) <= 20:
                starts["t2"] = index
            if "t3" not in starts and (
                "勾稽" in s
                or s == "申请人情况"
                or (
                    (label := labels.match_application_label(s)) is not None
                    and label.kind == "row"
                    and label.key in ("1", "2")
                )
            ):
                starts["t3"] = index
            if (
                "t4" not in starts
                and "t3" in starts
                and index > starts["t3"]
                and labels.is_review_header(s)
                and squash(s) in ("行政复议", "结果维持", "行政诉讼")
            ):
                starts["t4"] = index
    for key, number in (("t2", 2), ("t3", 3), ("t4", 4)):
        if number in headings:
            heading_index = headings[number][0]
            if key not in starts or heading_index < starts[key]:
                starts[key] = heading_index
    if "t2" not in starts:
        # 第二十条 tables without their caption: the first 规章 / 行政许可 row label.
        for index, line in enumerate(lines):
            if line.kind == "row" and any(labels.match_proactive_row(t.text) for t in line.tokens):
                starts["t2"] = index
                break
    return starts


def regions(starts: dict[str, int], end: int, total: int) -> dict[str, Region]:
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    regions: dict[str, Region] = {}
    for position, (key, start) in enumerate(ordered):
        stop = ordered[position + 1][1] if position + 1 < len(ordered) else None
        if stop is None:
            stop = end if end > start else total
        regions[key] = Region(start, stop)
    return regions
