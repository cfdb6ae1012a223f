"""表三 — 收到和处理政府信息公开申请情况: rows found by their labels, groups tracked."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.report import formats, labels
from gongkai.report.assemble.align import align_row, is_blank, is_label_like
from gongkai.report.assemble.regions import Region
from gongkai.report.assemble.split import table_line
from gongkai.report.document import Line, Token
from gongkai.report.model import Cell, ReadNote
from gongkai.report.text import parse_cell, squash, strip_enumerator


@dataclass
class _Run:
    """Value tokens collected after a row label."""

    key: str
    label: Token
    values: list[Token] = field(default_factory=list)
    is_group: bool = False


def read_applications(
    lines: list[Line], scan: Region, notes: list[ReadNote], consumed: set[int]
) -> tuple[dict[str, list[Cell]], bool]:
    runs: list[_Run] = []
    current: _Run | None = None
    group: str | None = None
    seen_results = False
    has_subtotal = False
    #: The last label read was a column header: a 总计 next to it is the 总计 column.
    after_header = False

    def close() -> None:
        nonlocal current
        if current is not None:
            runs.append(current)
            current = None

    for index in range(scan.start, scan.end):
        line = table_line(lines[index])
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
                    after_header = True
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
                    elif label.key == "总计" and (
                        label.enumerator or (seen_results and not after_header)
                    ):
                        key = "3.7"
                    if key is None:
                        close()
                        continue
                after_header = False
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
            if readable or (line.kind == "row" and not is_label_like(token.text)):
                current.values.append(token)
                consumed.add(index)
            elif current.values == [] and not current.is_group and _continues_label(line, token):
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
                or (len(run.values) < width and all(is_blank(t) for t in run.values))
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
        rows[run.key] = align_row(
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


def _continues_label(line: Line, token: Token) -> bool:
    """A token that can be the rest of a wrapped label: any text cell of a row; in text
    flattened to one cell a line, a short line that starts no numbered label of its own."""
    if line.kind == "row":
        return True
    s = squash(token.text)
    return len(s) <= _MAX_LABEL_REST and not strip_enumerator(s)[0]


#: The longest second half of a wrapped label in flattened text ("不计其他情形）").
_MAX_LABEL_REST = 30


def order_applications(
    rows: dict[str, list[Cell]], template: formats.TemplateId, other_single: bool | None
) -> dict[str, list[Cell]]:
    keys = formats.application_keys(formats.TEMPLATES[template], other_single=bool(other_single))
    ordered = {k: rows[k] for k in keys if k in rows}
    for key, cells in rows.items():  # a 3.6.x row in a 2019 report, say: keep what it prints
        ordered.setdefault(key, cells)
    return ordered
