"""表二 — 主动公开政府信息情况: the 第二十条 rows, found by their labels."""

from __future__ import annotations

from gongkai.report import formats, labels
from gongkai.report.assemble.align import align_row, is_label_like
from gongkai.report.assemble.regions import Region
from gongkai.report.assemble.split import table_line
from gongkai.report.document import Line, Token
from gongkai.report.model import Cell, ReadNote
from gongkai.report.text import parse_cell, squash


def read_proactive(
    lines: list[Line], scan: Region, notes: list[ReadNote], consumed: set[int]
) -> tuple[dict[str, list[Token]], set[str]]:
    markers: set[str] = set()
    rows: dict[str, tuple[Token, list[Token]]] = {}
    keyed: list[tuple[labels.KeyedCell, Token, list[Token]]] = []
    run: tuple[str, Token, list[Token]] | None = None
    for index in range(scan.start, scan.end):
        line = table_line(lines[index])
        if line.kind == "para" and len(squash(line.text)) > 40:
            run = None
            continue
        for token in line.tokens:
            markers |= labels.proactive_markers(token.text)
            key = labels.match_proactive_row(token.text)
            if key is None and (cell := labels.match_proactive_keyed(token.text)) is not None:
                consumed.add(index)
                run = (cell.key, token, [])
                keyed.append((cell, token, run[2]))
                continue
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
                if not readable and is_label_like(token.text):
                    run = None
                    continue
                run[2].append(token)
                consumed.add(index)
            else:
                run = None
        if line.kind == "row":
            run = None
    for key, (label, values) in _from_keyed(keyed).items():
        rows.setdefault(key, (label, values))
    result: dict[str, list[Token]] = {
        key: [label, *values] for key, (label, values) in rows.items()
    }
    return result, markers


def _from_keyed(
    keyed: list[tuple[labels.KeyedCell, Token, list[Token]]],
) -> dict[str, tuple[Token, list[Token]]]:
    """Rows printed one cell a line ("规章（本年制发件数）| 0"): each value in its column."""
    rows: dict[str, tuple[Token, list[Token]]] = {}
    for cell, label, values in keyed:
        first, slots = rows.setdefault(cell.key, (label, []))
        slots.extend(Token("", first.loc) for _ in range(cell.width - len(slots)))
        if values and not slots[cell.column].text:
            slots[cell.column] = values[0]
    return rows


def shape_proactive(
    raw: dict[str, list[Token]], template: formats.TemplateId, notes: list[ReadNote]
) -> dict[str, Cell | dict[str, Cell]]:
    spec = formats.TEMPLATES[template]
    out: dict[str, Cell | dict[str, Cell]] = {}
    for table in spec.proactive:
        for row in table.rows:
            if row.key not in raw:
                continue
            label, *values = raw[row.key]
            cells = align_row(
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
