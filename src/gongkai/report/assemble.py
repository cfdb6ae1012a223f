"""From a :class:`~gongkai.report.document.Document` to a :class:`~gongkai.report.model.Report`.

The assembler finds the title (organ and year), the six section headings, and the three
statistical tables — each row by its printed label, never by counting numbers. A row that
prints fewer cells than the table has columns is aligned by its label (its first value is the
first column) and by the 总计 column (a last value equal to the sum of the others is the 总计),
and a :class:`~gongkai.report.model.ReadNote` records it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.report import formats, labels
from gongkai.report.document import Document, Line, Token
from gongkai.report.errors import NotAReportError
from gongkai.report.model import Cell, Location, ReadNote, Report, Section, Value
from gongkai.report.text import chinese_year, clean, parse_cell, squash

_TITLE_RE = re.compile(r"(?P<year>(?:19|20)\d{2}|[二〇零○一三四五六七八九]{4})\s*年(?:度)?")
_REPORT_WORD_RE = re.compile(r"(政府信息公开|政务公开|信息公开)(工作)?的?(年度)?(报告|年报)")
_PERIOD_RE = re.compile(r"统计期限?[^0-9]{0,12}((?:19|20)\d{2})年\s*1月\s*1日")


@dataclass
class _Scan:
    """One table region: the lines it spans (indices into ``Document.lines``)."""

    start: int
    end: int


@dataclass
class _Run:
    """Value tokens collected after a row label."""

    key: str
    label: Token
    values: list[Token] = field(default_factory=list)
    is_group: bool = False


def assemble(doc: Document) -> Report:
    """Read the title, sections and tables out of ``doc``; raise if it is no report."""
    lines = doc.lines
    title, organ, year = _title(doc)
    headings = _find_headings(lines)
    starts = _table_starts(lines, headings)
    end = min((headings[n][0] for n in (5, 6) if n in headings), default=len(lines))
    bounds = _regions(starts, end, len(lines))
    notes: list[ReadNote] = []
    consumed: set[int] = set()

    raw_proactive: dict[str, list[Token]] | None = None
    markers: set[str] = set()
    if "t2" in bounds:
        raw_proactive, markers = _read_proactive(lines, bounds["t2"], notes, consumed)
    applications = other_single = None
    if "t3" in bounds:
        applications, other_single = _read_applications(lines, bounds["t3"], notes, consumed)
        if not applications:  # a heading 三 with no table: the table is absent
            applications, other_single = None, None
    reviews = None
    if "t4" in bounds:
        reviews = _read_reviews(lines, bounds["t4"], notes, consumed)

    if year is None:
        year = _period_year(lines)
    template = _decide_template(markers, other_single, year)
    proactive = None
    if raw_proactive:
        proactive = _shape_proactive(raw_proactive, template, notes)
    if applications is not None:
        applications = _order_applications(applications, template, other_single)
    sections = _sections(lines, headings, consumed)
    preamble = _preamble(lines, headings, title)
    if not sections and applications is None and proactive is None and reviews is None:
        raise NotAReportError(source=doc.source)
    if title is None:
        notes.append(ReadNote("title-missing", "title", None, "未找到报告标题"))
    return Report(
        organ=organ,
        year=year,
        template=template,
        proactive=proactive,
        applications=applications,
        reviews_litigation=reviews,
        sections=sections,
        preamble=preamble,
        title=title,
        source=doc.source,
        kind=doc.kind,
        notes=notes,
    )


# ---------------------------------------------------------------------------------------------
# Title, organ, year
# ---------------------------------------------------------------------------------------------


def _title(doc: Document) -> tuple[str | None, str | None, int | None]:
    candidates: list[str] = []
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
            candidates.append(text)
            break
        previous = text if len(text) <= 40 and "。" not in text else ""
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
    return len(tail) <= 10 and not any(p in s for p in "。；;")


def _parse_title(text: str) -> tuple[str | None, int | None] | None:
    s = squash(text)
    m = _REPORT_WORD_RE.search(s)
    if not m:
        return None
    head = s[: m.start()]
    years = list(_TITLE_RE.finditer(head))
    ym = years[-1] if years else None
    year = chinese_year(ym.group("year")) if ym else None
    organ = (head[: ym.start()] or head[ym.end() :]) if ym else head
    organ = re.sub(r"^(关于|[《〈])", "", organ)
    organ = re.sub(r"(关于|的|[-_|—－]+)$", "", organ)
    return (organ or None), year


def _preamble(
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
        if not text or (title_text and squash(text) in title_text):
            continue
        texts.append(text)
    return "\n".join(texts)


def _period_year(lines: list[Line]) -> int | None:
    for line in lines[:200]:
        m = _PERIOD_RE.search(squash(line.text))
        if m:
            return int(m.group(1))
    return None


# ---------------------------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------------------------


def _find_headings(lines: list[Line]) -> dict[int, tuple[int, labels.HeadingMatch, Line]]:
    """Section number → (line index, match, line), first occurrence of each."""
    found: dict[int, tuple[int, labels.HeadingMatch, Line]] = {}
    for index, line in enumerate(lines):
        if line.kind == "row":
            texts = [t.text for t in line.tokens if t.text.strip()]
            if len(texts) != 1:
                continue
            text = texts[0]
        else:
            text = line.text
        match = labels.match_section_heading(text)
        if match is None or match.number in found:
            continue
        found[match.number] = (index, match, line)
    return found


def _sections(
    lines: list[Line],
    headings: dict[int, tuple[int, labels.HeadingMatch, Line]],
    consumed: set[int],
) -> dict[int, Section]:
    ordered = sorted(headings.items(), key=lambda kv: kv[1][0])
    sections: dict[int, Section] = {}
    for position, (number, (index, match, line)) in enumerate(ordered):
        stop = ordered[position + 1][1][0] if position + 1 < len(ordered) else len(lines)
        body = [
            clean(lines[i].text)
            for i in range(index + 1, stop)
            if lines[i].kind == "para" and i not in consumed
        ]
        sections[number] = Section(
            number=number,
            heading=clean(line.text),
            numeral=match.numeral,
            text="\n".join(t for t in body if t),
            loc=line.tokens[0].loc if line.tokens else None,
            index=index,
        )
    return sections


# ---------------------------------------------------------------------------------------------
# Table regions
# ---------------------------------------------------------------------------------------------


def _table_starts(
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


def _regions(starts: dict[str, int], end: int, total: int) -> dict[str, _Scan]:
    ordered = sorted(starts.items(), key=lambda kv: kv[1])
    regions: dict[str, _Scan] = {}
    for position, (key, start) in enumerate(ordered):
        stop = ordered[position + 1][1] if position + 1 < len(ordered) else None
        if stop is None:
            stop = end if end > start else total
        regions[key] = _Scan(start, stop)
    return regions


# ---------------------------------------------------------------------------------------------
# Aligning a row's printed cells to the table's columns
# ---------------------------------------------------------------------------------------------


def _is_blank(token: Token) -> bool:
    value, readable = parse_cell(token.text)
    return readable and value is None


def _align(
    tokens: list[Token],
    width: int,
    *,
    total_col: int | None,
    table: str,
    row: str,
    label: Token,
    notes: list[ReadNote],
    drop: int | None = None,
    structural: bool = False,
) -> list[Cell]:
    """Fit a row's printed value tokens to ``width`` columns (see module docstring).

    ``structural`` says the table's export pads rows with empty cells (some rows print more
    cells than there are columns): then blank cells at a row's edges are padding, not values.
    """
    values = list(tokens)
    if structural and any(not _is_blank(t) for t in values):
        while values and _is_blank(values[0]):
            values.pop(0)
        while values and _is_blank(values[-1]):
            values.pop()
    if len(values) > width:
        while values and len(values) > width and _is_blank(values[0]):
            values.pop(0)
        while values and len(values) > width and _is_blank(values[-1]):
            values.pop()
        if len(values) > width:
            # Strip the remaining edge blanks too: they are merged label cells, not values.
            while values and _is_blank(values[0]):
                values.pop(0)
            while values and _is_blank(values[-1]):
                values.pop()
    if len(values) == width + 1 and drop is not None:
        values.pop(drop)
    cells = [_cell(t, table, row, notes) for t in values]
    if len(cells) > width:
        notes.append(
            ReadNote(
                "row-extra",
                table,
                row,
                f"该行印有{len(cells)}个数据单元格，多于表格的{width}列，多出的单元格未读取",
                label.loc,
                tuple(t.text for t in values),
            )
        )
        return cells[:width]
    if len(cells) < width:
        printed = len(cells)
        aligned_total = False
        if total_col is not None and printed >= 2:
            head = [c.value for c in cells[:-1]]
            last = cells[-1].value
            if (
                isinstance(last, int)
                and all(isinstance(v, int) for v in head)
                and (sum(v for v in head if isinstance(v, int)) == last)
            ):
                aligned_total = True
        if aligned_total:
            filler = [Cell(None, "", None)] * (width - printed)
            cells = cells[:-1] + filler + cells[-1:]
            how = "末尾数字等于其余各项之和，按“总计”列对齐，缺少的单元格视为空白"
        else:
            cells = cells + [Cell(None, "", None)] * (width - printed)
            how = "按行标签从左对齐，缺少的单元格视为空白"
        notes.append(
            ReadNote(
                "row-short",
                table,
                row,
                f"该行只印有{printed}个数据单元格，少于表格的{width}列；{how}",
                label.loc,
                tuple(t.text for t in values),
            )
        )
    return cells


def _cell(token: Token, table: str, row: str, notes: list[ReadNote]) -> Cell:
    value, readable = parse_cell(token.text)
    if not readable:
        notes.append(
            ReadNote(
                "cell-unreadable",
                table,
                row,
                f"单元格内容“{clean(token.text)}”不是数字，按空白处理",
                token.loc,
                (token.text,),
            )
        )
    return Cell(value, clean(token.text), token.loc)


# ---------------------------------------------------------------------------------------------
# Table 二 — 主动公开政府信息情况
# ---------------------------------------------------------------------------------------------

_PROACTIVE_WIDTH_2021 = {
    r.key: len(t.columns) for t in formats.TEMPLATE_2021.proactive for r in t.rows
}
_PROACTIVE_WIDTH_2019 = {
    r.key: len(t.columns) for t in formats.TEMPLATE_2019.proactive for r in t.rows
}


def _read_proactive(
    lines: list[Line], scan: _Scan, notes: list[ReadNote], consumed: set[int]
) -> tuple[dict[str, list[Token]], set[str]]:
    markers: set[str] = set()
    rows: dict[str, tuple[Token, list[Token]]] = {}
    run: tuple[str, Token, list[Token]] | None = None
    for index in range(scan.start, scan.end):
        line = lines[index]
        if line.kind == "para" and len(squash(line.text)) > 40:
            run = None
            continue
        for token in line.tokens:
            markers |= labels.proactive_markers(token.text)
            key = labels.match_proactive_row(token.text)
            if key is not None:
                consumed.add(index)
                if key in rows:
                    run = None
                    continue
                run = (key, token, [])
                rows[key] = (token, run[2])
                continue
            if run is None:
                continue
            readable = parse_cell(token.text)[1]
            if readable or line.kind == "row":
                if not readable and _is_label_like(token.text):
                    run = None
                    continue
                run[2].append(token)
                consumed.add(index)
            else:
                run = None
        if line.kind == "row":
            run = None
    result: dict[str, list[Token]] = {
        key: [label, *values] for key, (label, values) in rows.items()
    }
    return result, markers


def _is_label_like(text: str) -> bool:
    s = squash(text)
    return bool(s) and not any(ch.isdigit() for ch in s)


def _shape_proactive(
    raw: dict[str, list[Token]], template: formats.TemplateId, notes: list[ReadNote]
) -> dict[str, Cell | dict[str, Cell]]:
    spec = formats.TEMPLATES[template]
    out: dict[str, Cell | dict[str, Cell]] = {}
    for table in spec.proactive:
        for row in table.rows:
            if row.key not in raw:
                continue
            label, *values = raw[row.key]
            cells = _align(
                values,
                len(table.columns),
                total_col=None,
                table="proactive",
                row=row.key,
                label=label,
                notes=notes,
            )
            cells = [_typed(c, col.kind) for c, col in zip(cells, table.columns, strict=True)]
            if table.scalar:
                out[row.key] = cells[0]
            else:
                out[row.key] = {col.key: c for col, c in zip(table.columns, cells, strict=True)}
    return out


def _typed(cell: Cell, kind: formats.CellKind) -> Cell:
    """Text columns (2019 采购总金额) keep the printed text; blank marks stay blank."""
    if kind != "text":
        return cell
    blank = parse_cell(cell.raw) == (None, True)
    return Cell(None if blank else cell.raw, cell.raw, cell.loc)


# ---------------------------------------------------------------------------------------------
# Table 三 — 收到和处理政府信息公开申请情况
# ---------------------------------------------------------------------------------------------


def _read_applications(
    lines: list[Line], scan: _Scan, notes: list[ReadNote], consumed: set[int]
) -> tuple[dict[str, list[Cell]], bool]:
    runs: list[_Run] = []
    current: _Run | None = None
    group: str | None = None
    seen_results = False
    has_subtotal = False

    def close() -> None:
        nonlocal current
        if current is not None:
            runs.append(current)
            current = None

    for index in range(scan.start, scan.end):
        line = lines[index]
        if line.kind == "para" and len(squash(line.text)) > 60:
            close()
            continue
        for token in line.tokens:
            label = labels.match_application_label(token.text)
            if label is not None:
                consumed.add(index)
                if label.kind == "header":
                    if squash(token.text) == "小计":
                        has_subtotal = True
                    close()
                    continue
                for g in label.groups:
                    group = g
                key: str | None = None
                if label.kind == "row":
                    key = label.key
                elif label.kind == "group":
                    group = label.key
                    close()
                    if label.key == "3.6":
                        current = _Run("3.6", token, is_group=True)
                    continue
                elif label.kind == "ambiguous":
                    if label.key == "其他":
                        if group == "3.6" or label.enumerator.startswith("3"):
                            key = "3.6.3"
                    elif label.key == "总计" and (seen_results or label.enumerator):
                        key = "3.7"
                    if key is None:
                        close()
                        continue
                if key is None:
                    continue
                close()
                if key.startswith("3."):
                    seen_results = True
                current = _Run(key, token)
                continue
            if current is None:
                continue
            readable = parse_cell(token.text)[1]
            if readable or (line.kind == "row" and not _is_label_like(token.text)):
                current.values.append(token)
                consumed.add(index)
            elif line.kind == "row" and current.values == [] and not current.is_group:
                # A wrapped label's second half: keep waiting for the values.
                continue
            else:
                close()
        if line.kind == "row" and current is not None and (current.values or current.is_group):
            close()
    close()

    rows: dict[str, list[Cell]] = {}
    split_other = any(r.key.startswith("3.6.") for r in runs)
    width = len(formats.APPLICATION_COLUMNS)
    structural = any(len(r.values) > width + (1 if has_subtotal else 0) for r in runs)
    for run in runs:
        if run.is_group:
            if (
                split_other
                or not run.values
                or (len(run.values) < width and all(_is_blank(t) for t in run.values))
            ):
                continue  # （六）其他处理 as a group heading, not a row
            run.key = "3.6"
        if run.key in rows:
            notes.append(
                ReadNote(
                    "row-duplicate",
                    "applications",
                    run.key,
                    "该行在表中出现了两次，只读取第一次",
                    run.label.loc,
                )
            )
            continue
        rows[run.key] = _align(
            run.values,
            width,
            total_col=formats.TOTAL_COLUMN,
            table="applications",
            row=run.key,
            label=run.label,
            notes=notes,
            drop=formats.TOTAL_COLUMN if has_subtotal else None,
            structural=structural,
        )
    other_single = "3.6" in rows and not split_other
    return rows, other_single


def _order_applications(
    rows: dict[str, list[Cell]], template: formats.TemplateId, other_single: bool | None
) -> dict[str, list[Cell]]:
    keys = formats.application_keys(formats.TEMPLATES[template], other_single=bool(other_single))
    ordered = {k: rows[k] for k in keys if k in rows}
    for key, cells in rows.items():  # a 3.6.x row in a 2019 report, say: keep what it prints
        ordered.setdefault(key, cells)
    return ordered


# ---------------------------------------------------------------------------------------------
# Table 四 — 政府信息公开行政复议、行政诉讼情况
# ---------------------------------------------------------------------------------------------


def _read_reviews(
    lines: list[Line], scan: _Scan, notes: list[ReadNote], consumed: set[int]
) -> dict[str, list[Cell]] | None:
    width = len(formats.REVIEW_COLUMNS)
    groups = [g.key for g in formats.REVIEW_GROUPS]
    vertical: dict[str, tuple[Token, list[Token]]] = {}
    stream: list[Token] = []
    first_header: Token | None = None
    stream_closed = False
    for index in range(scan.start, scan.end):
        line = lines[index]
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
                    and any(parse_cell(t.text)[0] is not None for t in rest)
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
                out[key] = _align(
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
    while len(values) > total and _is_blank(values[-1]):
        values = values[:-1]
    while len(values) > total and _is_blank(values[0]):
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
        out[key] = _align(
            chunk,
            width,
            total_col=width - 1,
            table="reviews_litigation",
            row=key,
            label=chunk[0],
            notes=notes,
        )
    return out


# ---------------------------------------------------------------------------------------------
# Template
# ---------------------------------------------------------------------------------------------


def _decide_template(
    markers: set[str], other_single: bool | None, year: int | None
) -> formats.TemplateId:
    if markers == {"2019"}:
        return "2019"
    if markers == {"2021"}:
        return "2021"
    if other_single is False:
        return "2021"
    return formats.template_for_year(year).id


__all__ = ["Location", "Value", "assemble"]
