"""表四 — 政府信息公开行政复议、行政诉讼情况: a row of 15 cells, or one row per group."""

from __future__ import annotations

from gongkai.report import formats, labels
from gongkai.report.assemble.align import align_row, is_blank
from gongkai.report.assemble.regions import Region
from gongkai.report.assemble.split import table_line
from gongkai.report.document import Line, Token
from gongkai.report.model import Cell, ReadNote
from gongkai.report.text import parse_cell, squash


def read_reviews(
    lines: list[Line], scan: Region, notes: list[ReadNote], consumed: set[int]
) -> dict[str, list[Cell]] | None:
    width = len(formats.REVIEW_COLUMNS)
    groups = [g.key for g in formats.REVIEW_GROUPS]
    vertical: dict[str, tuple[Token, list[Token]]] = {}
    stream: list[Token] = []
    first_header: Token | None = None
    stream_closed = False
    for index in range(scan.start, scan.end):
        line = table_line(lines[index])
        if line.kind == "para" and len(squash(line.text)) > 40:
            if stream:
                stream_closed = True
            continue
        tokens = line.tokens
        group_key = None
        for position, token in enumerate(tokens):
            if labels.match_review_group(token.text) and line.kind == "row":
                rest = tokens[position + 1 :]
                if (
                    rest
                    and all(parse_cell(t.text)[1] for t in rest)
                    and (
                        any(parse_cell(t.text)[0] is not None for t in rest)
                        or len(rest) in (width, width + 1)  # five blank cells (+ a label cell)
                    )
                ):
                    group_key = labels.match_review_group(token.text)
                    if group_key and group_key not in vertical:
                        vertical[group_key] = (token, rest)
                        consumed.add(index)
                    break
        if group_key:
            continue
        header_line = any(
            labels.is_review_header(t.text) or labels.match_review_group(t.text) for t in tokens
        )
        for token in tokens:
            if labels.is_review_header(token.text) or labels.match_review_group(token.text):
                first_header = first_header or token
                consumed.add(index)
                continue
            value, readable = parse_cell(token.text)
            if readable and not stream_closed and first_header is not None:
                if value is None and not stream and line.kind == "row" and header_line:
                    continue  # merged header cells before the numbers
                stream.append(token)
                consumed.add(index)
    if vertical:
        out: dict[str, list[Cell]] = {}
        for key in groups:
            if key in vertical:
                label, values = vertical[key]
                out[key] = align_row(
                    values,
                    width,
                    total_col=width - 1,
                    table="reviews_litigation",
                    row=key,
                    label=label,
                    notes=notes,
                )
        return out
    if first_header is None:
        return None
    values = stream
    total = width * len(groups)
    while len(values) > total and is_blank(values[-1]):
        values = values[:-1]
    while len(values) > total and is_blank(values[0]):
        values = values[1:]
    if not values:
        return None
    out = {}
    if len(values) < total:
        notes.append(
            ReadNote(
                "group-short",
                "reviews_litigation",
                None,
                f"表四只印有{len(values)}个数据单元格，少于应有的{total}个；按从左到右的顺序读取",
                first_header.loc,
                tuple(t.text for t in values),
            )
        )
    for position, key in enumerate(groups):
        chunk = values[position * width : (position + 1) * width]
        if not chunk:
            break
        out[key] = align_row(
            chunk,
            width,
            total_col=width - 1,
            table="reviews_litigation",
            row=key,
            label=chunk[0],
            notes=notes,
        )
    return out
