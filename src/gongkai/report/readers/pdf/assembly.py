"""Assembling pages into Document lines: tables as rows, prose as paragraphs.

Each page becomes a sequence of elements from top to bottom: ruled tables, unruled tables and
free lines. Tables become ``row`` lines numbered by table; a table that starts a page right
after a table (or with the previous table's header row) continues it, keeps its table number,
skips a repeated header and numbers its columns like the first part. A weak unruled table
(see :mod:`.regions`) that continues nothing is read as prose. Free lines are joined into
``para`` lines where :class:`ProseLayout` sees no paragraph break.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.report.document import Document, Line, Token
from gongkai.report.model import Location
from gongkai.report.readers.pdf.content import PageContent, page_content
from gongkai.report.readers.pdf.furniture import drop_furniture
from gongkai.report.readers.pdf.geometry import Page
from gongkai.report.readers.pdf.lines import TextLine, join_lines
from gongkai.report.readers.pdf.paragraphs import ProseLayout
from gongkai.report.readers.pdf.regions import table_regions
from gongkai.report.readers.pdf.unruled import unruled_rows
from gongkai.report.text import parse_cell, squash, strip_enumerator

#: A table cell as emitted: grid column (or None), text, and x, y for unruled tables.
_Item = tuple[int | None, str, float | None, float | None]


@dataclass
class _Table:
    """A table on a page, ruled or unruled, as rows of items."""

    page: int
    top: float
    rows: list[list[_Item]]
    #: For a weak unruled table: its lines, read as prose unless the table continues one from
    #: the previous page.
    weak: list[TextLine] = field(default_factory=list)
    #: For a ruled table: the x positions of its grid lines.
    xs: list[float] = field(default_factory=list)


_Element = _Table | TextLine


def build_document(pages: list[Page]) -> Document:
    """The Document of a PDF's pages."""
    return _Builder().build(pages)


class _Builder:
    """Emits the pages' elements as Document lines, numbering tables and rows as it goes."""

    def __init__(self) -> None:
        self.doc = Document(kind="pdf")
        self.table_no = 0
        self.row_no = 0
        #: The first rows of the current table (squashed), to recognise a repeated header.
        self.head_rows: list[list[str]] = []
        #: Grid lines of the current table, to number the columns of its continuations alike.
        self.xs: list[float] = []

    def build(self, pages: list[Page]) -> Document:
        contents = [page_content(page) for page in pages]
        drop_furniture(contents)
        elements = [_elements(content) for content in contents]
        layout = ProseLayout.measure(
            [el for page_els in elements for el in page_els if isinstance(el, TextLine)]
        )
        paragraph: list[TextLine] = []
        previous: _Element | None = None
        for page_els in elements:
            for position, el in enumerate(page_els):
                continues = position == 0 and (
                    isinstance(previous, _Table) or self._repeats_head(el)
                )
                if isinstance(el, _Table) and not (el.weak and not continues):
                    self._paragraph(paragraph)
                    paragraph = []
                    self._table(el, continues=continues)
                    previous = el
                    continue
                for line in el.weak if isinstance(el, _Table) else [el]:
                    if paragraph and layout.breaks(paragraph[-1], line):
                        self._paragraph(paragraph)
                        paragraph = []
                    paragraph.append(line)
                    previous = line
        self._paragraph(paragraph)
        return self.doc

    def _repeats_head(self, el: _Element) -> bool:
        """Whether a table starts with the header row of the table before it."""
        if not isinstance(el, _Table) or not el.rows or not self.head_rows:
            return False
        first = _squashed(el.rows[0])
        return len([t for t in first if t]) >= 2 and first == self.head_rows[0]

    def _table(self, table: _Table, *, continues: bool) -> None:
        """Emit a table's rows; a continuation skips a repeated header and keeps the number."""
        rows = table.rows
        if continues and self.table_no:
            texts = [_squashed(row) for row in rows]
            skip = 0
            while (
                skip < len(texts)
                and skip < len(self.head_rows)
                and texts[skip] == self.head_rows[skip]
            ):
                skip += 1
            rows = [
                [(_same_column(col, table.xs, self.xs), t, x, y) for col, t, x, y in row]
                for row in rows[skip:]
            ]
            if rows and self._join_split_row(rows[0], table.page):
                rows = rows[1:]
        else:
            self.table_no += 1
            self.row_no = 0
            self.head_rows = [_squashed(row) for row in rows[:4]]
            self.xs = table.xs
        for row in rows:
            self.row_no += 1
            tokens = [
                Token(
                    text,
                    Location(
                        page=table.page,
                        table=self.table_no,
                        row=self.row_no,
                        col=None if col is None else col + 1,
                    ),
                    y=y,
                    x=x,
                )
                for col, text, x, y in row
            ]
            self.doc.row(tokens, self.table_no)

    def _join_split_row(self, first: list[_Item], page: int) -> bool:
        """Join a continuation's first row to the row a page break split, if it is one.

        A row split by a page break prints its numbers on one page and (part of) its label on
        the other: the part with numbers leaves a label cell left of them blank, the other part
        prints no numbers, and its text fills those blank cells or continues the label there.
        """
        last = self.doc.lines[-1] if self.doc.lines else None
        if last is None or last.kind != "row" or last.table != self.table_no:
            return False
        before = {t.loc.col: t for t in last.tokens if t.loc is not None and t.loc.col}
        after = {col + 1: text for col, text, _, _ in first if col is not None}
        if len(before) != len(last.tokens) or len(after) != len(first):
            return False  # unruled parts: no columns to match
        earlier = {col: t.text for col, t in before.items()}
        if not (
            _split_parts(earlier, after, tail=True) or _split_parts(after, earlier, tail=False)
        ):
            return False
        tokens = dict(before)
        for col, text in after.items():
            old = tokens.get(col)
            if not text:
                continue
            if old is None or not old.text:
                tokens[col] = Token(
                    text, Location(page=page, table=self.table_no, row=self.row_no, col=col)
                )
            else:
                tokens[col] = old._replace(text=join_lines([old.text, text]))
        last.tokens = [tokens[col] for col in sorted(tokens)]
        return True

    def _paragraph(self, lines: list[TextLine]) -> None:
        """Emit lines of prose as one ``para`` line."""
        if not lines:
            return
        text = join_lines([line.text for line in lines], [line.segs[0].spaced for line in lines])
        if not text:
            return
        first = lines[0]
        token = Token(text, Location(page=first.page), y=first.cy, x=first.x0)
        self.doc.lines.append(Line("para", [token]))


def _elements(content: PageContent) -> list[_Element]:
    """The page's tables and free lines, top to bottom."""
    number = content.page.number
    items: list[_Element] = []
    for grid in content.grids:
        rows: list[list[_Item]] = [
            [(col, text, None, None) for col, text in row] for row in grid.rows()
        ]
        if rows:
            items.append(_Table(number, grid.top, rows, xs=grid.xs))
    lines = content.lines
    in_region: set[int] = set()
    for start, end, weak in table_regions(lines):
        in_region.update(range(start, end))
        region = lines[start:end]
        free_rows: list[list[_Item]] = [
            [(None, text, x, y) for x, y, text in cells] for _, cells in unruled_rows(region)
        ]
        items.append(_Table(number, region[0].top, free_rows, region if weak else []))
    items.extend(line for i, line in enumerate(lines) if i not in in_region)
    items.sort(key=lambda el: el.top)
    return items


def _split_parts(numbers: dict[int, str], label: dict[int, str], *, tail: bool) -> bool:
    """Whether two halves of a split row are ``numbers`` and ``label``.

    The ``numbers`` half prints the row's numbers; the ``label`` half prints none, and its
    text fills label cells the other half leaves blank, or, printed after it (``tail``), runs
    on the label in a cell where it leaves all the number cells blank.
    """
    values = [col for col, text in numbers.items() if text and _numeric(text)]
    if not values or any(text and _numeric(text) for text in label.values()):
        return False
    first = min(values)
    blanks = {col for col, text in numbers.items() if not text and col < first}
    runs_on = tail and all(label.get(col) == "" for col in values)
    joined = False
    for col, text in label.items():
        if not text:
            continue
        if col in blanks:
            joined = True
        elif col < first and numbers.get(col) and runs_on:
            if strip_enumerator(squash(text))[0]:
                return False
            joined = True
        else:
            return False
    return joined


def _numeric(text: str) -> bool:
    value, readable = parse_cell(text)
    return readable and value is not None


def _squashed(row: list[_Item]) -> list[str]:
    return [squash(text) for _, text, _, _ in row]


def _same_column(col: int | None, xs: list[float], first_xs: list[float]) -> int | None:
    """The column of the table's first part that starts where ``col`` of a later part does.

    A continuation may lack grid lines the first part has (no row after the break divides
    two label columns), which would shift its column numbers.
    """
    if col is None or not xs or not first_xs or col >= len(xs):
        return col
    x = xs[col]
    best = min(range(len(first_xs)), key=lambda i: abs(first_xs[i] - x))
    return best if abs(first_xs[best] - x) <= 3.0 else col
