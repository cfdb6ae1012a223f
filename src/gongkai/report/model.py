"""The report as read: what it prints, where it prints it.

A :class:`Report` holds exactly what the canonical JSON holds (``to_canonical``) plus what a
reader saw on the way: the six sections' text, the source location of every cell and the
reader's observations (:class:`ReadNote`), which checks turn into findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from gongkai.report.formats import FORMAT_ID, TEMPLATES, Template, TemplateId

Value = int | Decimal | str | None


class Location(NamedTuple):
    """Where a piece of a report was found in its source.

    ``line`` for text inputs (1-based); ``table``/``row``/``col`` for inputs with real tables
    (HTML, DOCX, ruled PDF; all 1-based); ``page`` for PDF.
    """

    line: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None

    def describe(self) -> str:
        """A short Chinese description, e.g. ``第3页 表1 第4行第2列``."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表{self.table}")
        if self.row is not None and self.col is not None:
            parts.append(f"第{self.row}行第{self.col}列")
        elif self.row is not None:
            parts.append(f"第{self.row}行")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        return " ".join(parts)

    def to_json(self) -> dict[str, int]:
        return {k: v for k, v in self._asdict().items() if v is not None}


class Cell(NamedTuple):
    """One printed cell: its value (``None`` when blank), the raw text and its location."""

    value: Value
    raw: str = ""
    loc: Location | None = None

    @property
    def blank(self) -> bool:
        return self.value is None


@dataclass
class Section:
    """One of the six sections as printed."""

    number: int
    heading: str
    numeral: str | None
    text: str
    loc: Location | None = None
    #: Position of the heading in the document (for order checks); -1 when unknown.
    index: int = -1
    #: How the numeral is printed: "chinese" 一、, "arabic" 3、, "part" 第一部分, "paren" （一）.
    style: str | None = None


NoteKind = Literal[
    "row-short", "row-extra", "cell-unreadable", "group-short", "row-duplicate", "title-missing"
]


@dataclass(frozen=True)
class ReadNote:
    """Something a reader noticed while reading (a short row, an unreadable cell …)."""

    kind: NoteKind
    table: str
    row: str | None
    message: str
    loc: Location | None = None
    values: tuple[str, ...] = ()


@dataclass
class Report:
    """A 政府信息公开工作年度报告 as printed.

    ``proactive`` maps a row key to either a :class:`Cell` (scalar rows of the 2021 format) or a
    dict of column key → :class:`Cell`. ``applications`` maps a row key of table 三 to its seven
    cells; ``reviews_litigation`` maps a group key of table 四 to its five cells. Rows and tables
    the report lacks are absent (``None`` for a whole table).
    """

    organ: str | None
    year: int | None
    template: TemplateId
    proactive: dict[str, Cell | dict[str, Cell]] | None = None
    applications: dict[str, list[Cell]] | None = None
    reviews_litigation: dict[str, list[Cell]] | None = None
    sections: dict[int, Section] = field(default_factory=dict)
    #: Text between the title and section 一 (it usually states the 统计期限 and contacts).
    preamble: str = ""
    title: str | None = None
    source: str | None = None
    kind: str | None = None
    notes: list[ReadNote] = field(default_factory=list)

    @property
    def spec(self) -> Template:
        return TEMPLATES[self.template]

    def application_value(self, key: str, col: int) -> Value:
        if not self.applications or key not in self.applications:
            return None
        return self.applications[key][col].value

    def to_canonical(self) -> dict[str, Any]:
        """The canonical JSON object (``gongkai.annual-report/1``) as Python data."""
        out: dict[str, Any] = {
            "format": FORMAT_ID,
            "organ": self.organ,
            "year": self.year,
            "template": self.template,
        }
        if self.proactive is not None:
            proactive: dict[str, Any] = {}
            for key, entry in self.proactive.items():
                if isinstance(entry, Cell):
                    proactive[key] = json_value(entry.value)
                else:
                    proactive[key] = {k: json_value(c.value) for k, c in entry.items()}
            out["proactive"] = proactive
        if self.applications is not None:
            out["applications"] = {
                k: [json_value(c.value) for c in cells] for k, cells in self.applications.items()
            }
        if self.reviews_litigation is not None:
            out["reviews_litigation"] = {
                k: [json_value(c.value) for c in cells]
                for k, cells in self.reviews_litigation.items()
            }
        return out

    def to_full(self) -> dict[str, Any]:
        """Canonical JSON plus sections, cell sources and reader notes (``parse --sources``)."""
        out = self.to_canonical()
        out["title"] = self.title
        out["source"] = self.source
        out["input_kind"] = self.kind
        out["preamble"] = self.preamble
        out["sections"] = [
            {
                "number": s.number,
                "heading": s.heading,
                "numeral": s.numeral,
                "text": s.text,
                "loc": s.loc.to_json() if s.loc else None,
            }
            for s in sorted(self.sections.values(), key=lambda s: s.number)
        ]
        out["cell_sources"] = self.cell_sources()
        out["notes"] = [
            {
                "kind": n.kind,
                "table": n.table,
                "row": n.row,
                "message": n.message,
                "loc": n.loc.to_json() if n.loc else None,
            }
            for n in self.notes
        ]
        return out

    def cell_sources(self) -> dict[str, Any]:
        """Location of every cell, shaped like the canonical tables."""
        out: dict[str, Any] = {}

        def loc(c: Cell) -> dict[str, int] | None:
            return c.loc.to_json() if c.loc else None

        if self.proactive is not None:
            out["proactive"] = {
                k: loc(v) if isinstance(v, Cell) else {ck: loc(c) for ck, c in v.items()}
                for k, v in self.proactive.items()
            }
        if self.applications is not None:
            out["applications"] = {k: [loc(c) for c in v] for k, v in self.applications.items()}
        if self.reviews_litigation is not None:
            out["reviews_litigation"] = {
                k: [loc(c) for c in v] for k, v in self.reviews_litigation.items()
            }
        return out


def json_value(value: Value) -> int | float | str | None:
    """A cell value as JSON data: integers stay integers, money becomes a JSON number."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    return value
