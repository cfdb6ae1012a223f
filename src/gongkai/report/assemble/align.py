"""Fitting a row's printed value tokens to the table's columns; the reader notes.

A row that prints fewer cells than the table has columns is aligned by its label (its first
value is the first column) and by the 总计 column (a last value equal to the sum of the others is
the 总计), and a :class:`~gongkai.report.model.ReadNote` records it — never silently shifted."""

from __future__ import annotations

from gongkai.report.document import Token
from gongkai.report.model import Cell, ReadNote
from gongkai.report.text import clean, parse_cell, squash


def is_blank(token: Token) -> bool:
    value, readable = parse_cell(token.text)
    return readable and value is None


def align_row(
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
    if structural and any(not is_blank(t) for t in values):
        while values and is_blank(values[0]):
            values.pop(0)
        while values and is_blank(values[-1]):
            values.pop()
    if len(values) > width:
        while values and len(values) > width and is_blank(values[0]):
            values.pop(0)
        while values and len(values) > width and is_blank(values[-1]):
            values.pop()
        if len(values) > width:
            # Strip the remaining edge blanks too: they are merged label cells, not values.
            while values and is_blank(values[0]):
                values.pop(0)
            while values and is_blank(values[-1]):
                values.pop()
    if len(values) == width + 1 and drop is not None:
        values.pop(drop)
    cells = [read_cell(t, table, row, notes) for t in values]
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
        elif printed == 1 and total_col == width - 1 and cells[0].value is not None:
            # Blank cells that vanished in a copy: a lone number is the row's 总计.
            cells = [Cell(None, "", None)] * (width - 1) + cells
            how = "唯一的数字按“总计”列对齐，缺少的单元格视为空白"
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


def read_cell(token: Token, table: str, row: str, notes: list[ReadNote]) -> Cell:
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


def is_label_like(text: str) -> bool:
    s = squash(text)
    return bool(s) and not any(ch.isdigit() for ch in s)
