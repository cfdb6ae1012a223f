"""The intermediate form every reader produces: a report as a sequence of lines of cells.

Readers differ only in how they turn bytes into a :class:`Document`; the assembler
(:mod:`gongkai.report.assemble`) finds the title, sections and tables in it by their labels.

* A paragraph of prose is a :class:`Line` with ``kind="para"`` and one token.
* A table row is a :class:`Line` with ``kind="row"`` and one token per printed cell
  (a blank cell is a token with empty text). ``table`` numbers the table a row belongs to.

Where a row ends is known for real tables (HTML, DOCX, PDF tables, tab-separated text) and
for Word's one-cell-per-line export (a blank line ends a row). Text flattened to one cell per
line has no row ends: its lines come as ``para`` lines and the assembler reads them as a stream.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from gongkai.report.model import Location


class Token(NamedTuple):
    text: str
    loc: Location | None = None
    #: For PDF tokens without a table grid: the vertical centre and left edge on the page.
    y: float | None = None
    x: float | None = None


@dataclass
class Line:
    kind: Literal["para", "row"]
    tokens: list[Token]
    table: int | None = None
    #: Heading level when the source marks one (Markdown ``#``, HTML ``<h1>``…): 0 = none.
    heading: int = 0

    @property
    def text(self) -> str:
        return "".join(t.text for t in self.tokens)


@dataclass
class Document:
    lines: list[Line] = field(default_factory=list)
    kind: str = "text"
    source: str | None = None
    #: A title the container states apart from the body (HTML ``<title>``, DOCX core title).
    meta_title: str | None = None

    def para(self, text: str, loc: Location | None = None, *, heading: int = 0) -> None:
        self.lines.append(Line("para", [Token(text, loc)], heading=heading))

    def row(self, tokens: list[Token], table: int | None = None) -> None:
        self.lines.append(Line("row", tokens, table=table))
