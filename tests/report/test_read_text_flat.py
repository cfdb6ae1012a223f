"""HTML pages flattened to text: cells joined by ``|``, or one cell per line."""

from __future__ import annotations

from pathlib import Path

from gongkai.report import read
from gongkai.report.model import Location
from gongkai.report.readers.text import read_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"

ZERO7 = [0, 0, 0, 0, 0, 0, 0]
#: The canonical JSON of district_bureau_2021 (the same report the flattened files copy).
EXPECTED = {
    "format": "gongkai.annual-report/1",
    "organ": "安平区教育局",
    "year": 2021,
    "template": "2021",
    "proactive": {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 2, "repealed": 1, "in_force": 9},
        "licensing": 356,
        "punishment": 12,
        "coercion": 0,
        "fees": 1.25,
    },
    "applications": {
        "1": [18, 3, 0, 1, 2, 0, 24],
        "2": [2, 0, 0, 0, 0, 0, 2],
        "3.1": [8, 1, 0, 1, 1, 0, 11],
        "3.2": [2, 1, 0, 0, 0, 0, 3],
        "3.3.1": ZERO7,
        "3.3.2": ZERO7,
        "3.3.3": ZERO7,
        "3.3.4": [1, 0, 0, 0, 0, 0, 1],
        "3.3.5": ZERO7,
        "3.3.6": [0, 1, 0, 0, 0, 0, 1],
        "3.3.7": ZERO7,
        "3.3.8": ZERO7,
        "3.4.1": [4, 0, 0, 0, 1, 0, 5],
        "3.4.2": [1, 0, 0, 0, 0, 0, 1],
        "3.4.3": ZERO7,
        "3.5.1": ZERO7,
        "3.5.2": [1, 0, 0, 0, 0, 0, 1],
        "3.5.3": [0, 0, None, 0, 0, 0, 0],
        "3.5.4": ZERO7,
        "3.5.5": ZERO7,
        "3.6.1": [1, 0, 0, 0, 0, 0, 1],
        "3.6.2": ZERO7,
        "3.6.3": ZERO7,
        "3.7": [18, 3, 0, 1, 2, 0, 24],
        "4": [2, 0, 0, 0, 0, 0, 2],
    },
    "reviews_litigation": {
        "review": [1, 0, 0, 1, 2],
        "litigation_direct": [0, 1, 0, 0, 1],
        "litigation_after_review": [0, 0, 0, 0, 0],
    },
}


def test_pipe_separated_copy() -> None:
    report = read(FIXTURES / "district_bureau_2021.pipes.txt")
    assert report.kind == "markdown"
    assert report.to_canonical() == EXPECTED
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.notes == []


def test_two_cell_rows_without_outer_bars() -> None:
    """``行政许可 | 356`` has one bar: a row once the text has other pipe rows."""
    text = (FIXTURES / "district_bureau_2021.pipes.txt").read_text(encoding="utf-8")
    report = read(text)
    assert report.proactive is not None
    licensing = report.proactive["licensing"]
    assert not isinstance(licensing, dict)
    line = text.split("\n").index("行政许可 | 356") + 1
    assert licensing.loc == Location(line=line, col=2)


def test_single_bar_line_in_plain_text_stays_a_paragraph() -> None:
    doc = read_text("一、总体情况\n首页 | 政务公开\n正文")
    assert [line.kind for line in doc.lines] == ["para", "para", "para"]
    doc = read_text("a | b | c\n首页 | 政务公开\n网址 | http://x.gov.cn | 说明文字")
    assert [line.kind for line in doc.lines] == ["row", "row", "row"]
    assert [t.text for t in doc.lines[1].tokens] == ["首页", "政务公开"]


def test_one_cell_per_line_copy() -> None:
    report = read(FIXTURES / "district_bureau_2021.cells.txt")
    assert report.to_canonical() == EXPECTED
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.notes == []


def test_one_cell_per_line_copy_with_a_lost_blank_cell() -> None:
    """A blank cell copied as an empty line leaves no trace: the row is short, and says so."""
    text = (FIXTURES / "district_bureau_2021.cells.txt").read_text(encoding="utf-8")
    assert text.count("\n—\n") == 1
    report = read(text.replace("\n—\n", "\n\n"))
    assert [(n.kind, n.row) for n in report.notes] == [("row-short", "3.5.3")]
    assert report.notes[0].values == ("0", "0", "0", "0", "0", "0")
