"""The PDF writer, and proof that the DOCX and PDF outputs read right.

* Round trips: each seed, a report with blank cells and a 2019-format report, written as DOCX
  and as PDF, read back with the core's own readers to the same canonical JSON and section texts;
  independently, python-docx and pdfplumber find the same three tables (blanks as blanks) and
  the section headings (all six in the PDF; in the DOCX those of the sections it prints).
* Layout ("screenshot test"): pages rendered to PNG with ``pdftoppm -r 50`` (kept under
  ``tmp_path``), and measurable properties of the national format — A4 portrait, the title centred
  in 黑体-like type, the 仿宋-like 16pt body, bold headings, every table cell ruled with 表三's ten
  grid columns inside the text block, page numbers at the foot, every font embedded, every
  character of the headings and texts extracted back (no missing glyph).
* ``gongkai report render --to pdf`` writes the file; PDF never goes to standard output.

Each document is rendered once per module (WeasyPrint takes about half a second a report).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pdfplumber
import pytest
from PIL import Image

from gongkai.cli import main
from gongkai.report import read
from gongkai.report.errors import ReportError
from gongkai.report.formats import (
    SECTION_NUMERALS,
    SECTION_TITLES,
    TEMPLATE_2019,
    application_keys,
    application_row_any,
)
from gongkai.report.model import Cell, Report, Section
from gongkai.report.writers import FORMATS, render
from gongkai.report.writers.docx import write_docx
from gongkai.report.writers.pdf import write_pdf

SEEDS = sorted((Path(__file__).parent.parent / "cases").glob("seed-*/input.txt"))
IDS = [p.parent.name[:8] for p in SEEDS]
HEADINGS = [f"{n}、{t}" for n, t in zip(SECTION_NUMERALS, SECTION_TITLES, strict=True)]
#: A4 in points, and GB/T 9704's text block: left margin 28 mm, right 26 mm, bottom 35 mm.
A4 = (595.28, 841.89)
MM = 72 / 25.4
TEXT_LEFT, TEXT_RIGHT, TEXT_BOTTOM = 28 * MM, A4[0] - 26 * MM, A4[1] - 35 * MM
NUMBER = re.compile(r"^-?[\d.,]*$")


# ---------------------------------------------------------------------------------------------
# Documents, rendered once
# ---------------------------------------------------------------------------------------------


def with_blanks(report: Report) -> Report:
    """Seed 004 with blank cells in all three tables (a blank is not a zero)."""
    assert report.proactive and report.applications and report.reviews_litigation
    proactive = dict(report.proactive)
    regulations = proactive["regulations"]
    assert isinstance(regulations, dict)
    proactive["regulations"] = {**regulations, "repealed": Cell(None)}
    proactive["licensing"] = Cell(None)
    applications = dict(report.applications)
    applications["2"] = [Cell(None)] * 7
    applications["3.1"] = [Cell(None), *applications["3.1"][1:]]
    reviews = dict(report.reviews_litigation)
    reviews["review"] = [*reviews["review"][:4], Cell(None)]
    return replace(
        report, proactive=proactive, applications=applications, reviews_litigation=reviews
    )


def report_2019() -> Report:
    """A 2020 report in the 2019 format: its own 表二, （六）其他处理 as one row, a money text."""
    change = {"previous": Cell(3), "change": Cell(-1), "decisions": Cell(12)}
    applications = {k: [Cell(0)] * 7 for k in application_keys(TEMPLATE_2019, other_single=True)}
    applications["1"] = [Cell(v) for v in (5, 1, 0, 0, 0, 2, 8)]
    applications["3.1"] = [Cell(v) for v in (4, 1, 0, 0, 0, 1, 6)]
    applications["3.6"] = [Cell(v) for v in (1, 0, 0, 0, 0, 1, 2)]
    return Report(
        organ="城关区民政局",
        year=2020,
        template="2019",
        proactive={
            "regulations": {"made": Cell(1), "published": Cell(1), "total_published": Cell(9)},
            "normative_documents": {
                "made": Cell(2),
                "published": Cell(None),
                "total_published": Cell(7),
            },
            "licensing": dict(change),
            "other_services": dict(change),
            "punishment": dict(change),
            "coercion": dict(change),
            "fees": {"previous": Cell(2), "change": Cell(0)},
            "procurement": {"projects": Cell(4), "amount": Cell("1,200.5万元")},
        },
        applications=applications,
        reviews_litigation={
            "review": [Cell(1), Cell(0), Cell(0), Cell(0), Cell(1)],
            "litigation_direct": [Cell(0)] * 5,
            "litigation_after_review": [Cell(0), Cell(1), Cell(0), Cell(0), Cell(1)],
        },
        sections={
            1: Section(1, "一、总体情况", "一", "全年主动公开政府信息120条。"),
            5: Section(5, "五、存在的主要问题及改进情况", "五", "公开内容还不够全面。"),
            6: Section(6, "六、其他需要报告的事项", "六", "无。"),
        },
    )


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    found = {name: read(path) for name, path in zip(IDS, SEEDS, strict=True)}
    found["blanks"] = with_blanks(found["seed-004"])
    found["2019"] = report_2019()
    return found


@pytest.fixture(scope="module")
def pdfs(reports: dict[str, Report]) -> dict[str, bytes]:
    return {name: write_pdf(report) for name, report in reports.items()}


@pytest.fixture(scope="module")
def docxs(reports: dict[str, Report]) -> dict[str, bytes]:
    return {name: write_docx(report) for name, report in reports.items()}


NAMES = [*IDS, "blanks", "2019"]


def test_there_are_five_seeds() -> None:
    assert len(SEEDS) == 5


def test_pdf_is_registered() -> None:
    assert "pdf" in FORMATS


# ---------------------------------------------------------------------------------------------
# What the tables should hold, from the canonical JSON
# ---------------------------------------------------------------------------------------------


def texts(report: Report) -> dict[str, str]:
    """The preamble and the six sections' texts ("" where a section is missing)."""
    out = {"preamble": report.preamble}
    for number in range(1, 7):
        section = report.sections.get(number)
        out[f"section {number}"] = section.text if section else ""
    return out


def text(value: Any) -> str:
    return "" if value is None else str(value)


def expected_tables(report: Report) -> dict[str, list[tuple[str, list[str]]]]:
    """Each table's rows as (label, printed values), typed from the canonical JSON."""
    canonical = report.to_canonical()
    spec = report.spec
    proactive: list[tuple[str, list[str]]] = []
    for table in spec.proactive:
        for row in table.rows:
            if row.key in (canonical.get("proactive") or {}):
                value = canonical["proactive"][row.key]
                values = list(value.values()) if isinstance(value, dict) else [value]
                proactive.append((row.label, [text(v) for v in values]))
    applications = canonical.get("applications") or {}
    keys = application_keys(spec, other_single="3.6" in applications)
    review_groups = canonical.get("reviews_litigation") or {}
    reviews = [text(v) for values in review_groups.values() for v in values]
    return {
        "二": proactive,
        "三": [
            (application_row_any(k).label, [text(v) for v in applications[k]])
            for k in keys
            if k in applications
        ],
        "四": [("", reviews)] if reviews else [],
    }


def flat(cell: str | None) -> str:
    return re.sub(r"\s+", "", cell or "")


def table_rows(grid: list[list[str | None]]) -> Iterator[tuple[str, str, list[str]]]:
    """(table, label, values) for the data rows of one extracted grid; header rows skipped.

    Grids of fifteen columns are 表四; of eight to ten 表三 (seven value columns after one to
    three label columns: a page holding only rows whose label spans all three has one);
    narrower ones 表二. A merged cell is ``None`` where it is covered, its text where it starts.
    """
    for row in grid:
        if len(row) == 15 or 8 <= len(row) <= 10:
            table, labels = ("四", 0) if len(row) == 15 else ("三", len(row) - 7)
            values = [flat(c) for c in row[labels:]]
            if all(c is not None for c in row[labels:]) and all(NUMBER.match(v) for v in values):
                label = next((flat(c) for c in reversed(row[:labels]) if flat(c)), "")
                yield table, label, values
        else:
            cells = [flat(c) for c in row if c is not None]
            if len(cells) > 1 and cells[0] != "信息内容":
                yield "二", cells[0], cells[1:]


def collect(grids: list[list[list[str | None]]]) -> dict[str, list[tuple[str, list[str]]]]:
    tables: dict[str, list[tuple[str, list[str]]]] = {"二": [], "三": [], "四": []}
    for grid in grids:
        for table, label, values in table_rows(grid):
            tables[table].append((label, values))
    return tables


def normalised(tables: dict[str, list[tuple[str, list[str]]]]) -> dict[str, Any]:
    return {k: [(flat(label), values) for label, values in rows] for k, rows in tables.items()}


# ---------------------------------------------------------------------------------------------
# Round trips through the core's readers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_pdf_reads_back_to_the_same_report(
    name: str, reports: dict[str, Report], pdfs: dict[str, bytes]
) -> None:
    report = reports[name]
    back = read(pdfs[name])
    assert back.kind == "pdf"
    assert back.to_canonical() == report.to_canonical()
    assert texts(back) == texts(report)
    assert all(s.heading == HEADINGS[n - 1] for n, s in back.sections.items())


@pytest.mark.parametrize("name", NAMES)
def test_docx_reads_back_to_the_same_report(
    name: str, reports: dict[str, Report], docxs: dict[str, bytes]
) -> None:
    report = reports[name]
    back = read(docxs[name])
    assert back.kind == "docx"
    assert back.to_canonical() == report.to_canonical()
    assert texts(back) == texts(report)
    assert all(s.heading == HEADINGS[n - 1] for n, s in back.sections.items())


def test_blanks_stay_blank(reports: dict[str, Report], pdfs: dict[str, bytes]) -> None:
    for data in (pdfs["blanks"], render(reports["blanks"], "docx")):
        canonical = read(data).to_canonical()
        assert canonical["proactive"]["regulations"] == {
            "issued": 0,
            "repealed": None,
            "in_force": 0,
        }
        assert canonical["proactive"]["licensing"] is None
        assert canonical["applications"]["2"] == [None] * 7
        assert canonical["applications"]["3.1"][0] is None
        assert canonical["reviews_litigation"]["review"] == [0, 0, 0, 0, None]


# ---------------------------------------------------------------------------------------------
# Independent extraction: pdfplumber and python-docx
# ---------------------------------------------------------------------------------------------


@cache  # each PDF is extracted once per session
def pdf_grids(data: bytes) -> list[list[list[str | None]]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [t.extract() for page in pdf.pages for t in page.find_tables()]


@cache
def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def docx_headings(report: Report) -> list[str]:
    """The headings the DOCX writer prints: a section's when it has text or its table.

    (The HTML and PDF pages print all six; the DOCX writer leaves out a section 四 with neither.)
    """
    tables = {2: report.proactive, 3: report.applications, 4: report.reviews_litigation}
    return [
        heading
        for number, heading in enumerate(HEADINGS, start=1)
        if number in report.sections or tables.get(number)
    ]


def docx_grids(data: bytes) -> list[list[list[str | None]]]:
    """Each table's rows; a merged cell's text where it starts, ``None`` where it continues."""
    grids = []
    for table in docx.Document(io.BytesIO(data)).tables:
        grid: list[list[str | None]] = []
        above: list[Any] = []
        for row in table.rows:
            cells = [c._tc for c in row.cells]
            texts: list[str | None] = []
            for i, (tc, cell) in enumerate(zip(cells, row.cells, strict=True)):
                covered = (i and cells[i - 1] is tc) or (i < len(above) and above[i] is tc)
                texts.append(None if covered else cell.text)
            grid.append(texts)
            above = cells
        grids.append(grid)
    return grids


@pytest.mark.parametrize("name", NAMES)
def test_pdfplumber_finds_the_three_tables(
    name: str, reports: dict[str, Report], pdfs: dict[str, bytes]
) -> None:
    found = collect(pdf_grids(pdfs[name]))
    assert normalised(found) == normalised(expected_tables(reports[name]))
    body = flat(pdf_text(pdfs[name]))
    for heading in HEADINGS:
        assert heading in body


@pytest.mark.parametrize("name", NAMES)
def test_python_docx_finds_the_three_tables(
    name: str, reports: dict[str, Report], docxs: dict[str, bytes]
) -> None:
    found = collect(docx_grids(docxs[name]))
    assert normalised(found) == normalised(expected_tables(reports[name]))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(docxs[name])).paragraphs]
    assert [p for p in paragraphs if p in HEADINGS] == docx_headings(reports[name])


def test_blanks_are_empty_cells_in_both_files(
    pdfs: dict[str, bytes], docxs: dict[str, bytes]
) -> None:
    for grids in (pdf_grids(pdfs["blanks"]), docx_grids(docxs["blanks"])):
        tables = dict(collect(grids))
        assert ("二、上年结转政府信息公开申请数量", [""] * 7) in tables["三"]
        assert ("行政许可", [""]) in tables["二"]
        assert tables["四"][0][1][4] == ""
        assert tables["四"][0][1][:4] == ["0"] * 4


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def layout(pdfs: dict[str, bytes]) -> Iterator[Any]:
    """Seed 004 (南郊镇 2021) opened with pdfplumber."""
    with pdfplumber.open(io.BytesIO(pdfs["seed-004"])) as pdf:
        yield pdf


def table_three_page(pdf: Any) -> Any:
    return next(
        p for p in pdf.pages if "收到和处理政府信息公开申请情况" in (p.extract_text() or "")
    )


@pytest.mark.parametrize("name", IDS)
def test_every_page_is_a4_portrait(name: str, pdfs: dict[str, bytes]) -> None:
    with pdfplumber.open(io.BytesIO(pdfs[name])) as pdf:
        assert len(pdf.pages) >= 3
        for page in pdf.pages:
            assert page.width == pytest.approx(A4[0], abs=1)
            assert page.height == pytest.approx(A4[1], abs=1)


def test_title_is_centred_in_heading_type(layout: Any) -> None:
    page = layout.pages[0]
    words = page.extract_words(extra_attrs=["fontname", "size"])
    top = min(w["top"] for w in words)
    title = [w for w in words if abs(w["top"] - top) < 2]
    assert "".join(w["text"] for w in title) == "南郊镇2021年政府信息公开工作年度报告"
    centre = (min(w["x0"] for w in title) + max(w["x1"] for w in title)) / 2
    assert centre == pytest.approx(page.width / 2, abs=10)
    assert {w["fontname"].split("+")[-1] for w in title} == {"Noto-Sans-CJK-SC"}
    assert {round(w["size"]) for w in title} == {22}


def test_body_and_headings_type(layout: Any) -> None:
    words = layout.pages[0].extract_words(extra_attrs=["fontname", "size"])
    fonts = {w["text"]: (w["fontname"].split("+")[-1], round(w["size"])) for w in words}
    assert fonts["一、总体情况"] == ("Noto-Sans-CJK-SC-Bold", 16)
    assert fonts["（一）主动公开"] == ("Noto-Serif-CJK-SC", 16)
    body = [w for w in words if w["text"].startswith("2021年，我镇通过政府信息公开专栏")]
    assert body and body[0]["fontname"].endswith("Noto-Serif-CJK-SC")
    assert round(body[0]["size"]) == 16
    for word in words:  # nothing outside the text block
        assert word["x0"] >= TEXT_LEFT - 1 and word["x1"] <= TEXT_RIGHT + 1


def test_page_numbers_at_the_foot(layout: Any) -> None:
    for number, page in enumerate(layout.pages, start=1):
        foot = [w for w in page.extract_words() if w["top"] > TEXT_BOTTOM]
        assert [w["text"] for w in foot] == ["—", str(number), "—"]
        centre = (foot[0]["x0"] + foot[-1]["x1"]) / 2
        assert centre == pytest.approx(page.width / 2, abs=10)


def test_table_three_is_ruled_with_ten_columns_inside_the_text_block(layout: Any) -> None:
    page = table_three_page(layout)
    tables = [t for t in page.find_tables() if max(len(r) for r in t.extract()) == 10]
    assert len(tables) == 1
    table = tables[0]
    x0, top, x1, bottom = table.bbox
    assert x0 >= TEXT_LEFT - 1 and x1 <= TEXT_RIGHT + 1
    # Every cell of the grid is closed by rules: the vertical rules give 11 column edges…
    inside = [e for e in page.edges if top - 1 <= e["top"] and e["bottom"] <= bottom + 1]
    columns = {round(e["x0"]) for e in inside if e["orientation"] == "v"}
    assert len(columns) == 11
    # …and each data row is ruled above and below across its value columns.
    rows = {round(e["top"]) for e in inside if e["orientation"] == "h" and e["x0"] > x1 - 200}
    assert len(rows) >= len(table.rows) + 1
    for cell in table.cells:
        cx0, _, cx1, _ = cell
        assert any(abs(round(cx0) - c) <= 1 for c in columns)
        assert any(abs(round(cx1) - c) <= 1 for c in columns)


def test_all_fonts_are_embedded(tmp_path: Path, pdfs: dict[str, bytes]) -> None:
    path = tmp_path / "seed-004.pdf"
    path.write_bytes(pdfs["seed-004"])
    lines = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    header, rule, *fonts = lines
    emb = header.index("emb")
    assert rule.startswith("----")
    assert len(fonts) >= 3  # serif body, sans title, sans bold headings
    for font in fonts:
        assert font[emb : emb + 3] == "yes", font
    assert {f.split()[0].split("+")[-1] for f in fonts} >= {
        "Noto-Serif-CJK-SC",
        "Noto-Sans-CJK-SC",
        "Noto-Sans-CJK-SC-Bold",
    }


@pytest.mark.parametrize("name", NAMES)
def test_no_missing_glyphs(name: str, pdfs: dict[str, bytes], reports: dict[str, Report]) -> None:
    body = pdf_text(pdfs[name])
    assert "(cid:" not in body and "\ufffd" not in body
    characters = set(flat(body))
    report = reports[name]
    wanted = set("".join(HEADINGS)) | set(flat(report.organ or "")) | set(flat(report.preamble))
    for section in report.sections.values():
        wanted |= set(flat(section.text))
    assert wanted - characters == set()


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    box = image.convert("L").point(lambda v: 255 if v < 160 else 0).getbbox()
    assert box is not None
    return box


def test_screenshots(tmp_path: Path, pdfs: dict[str, bytes], layout: Any) -> None:
    """Pages 1 and 表三's page as 50 dpi PNGs (kept under tmp_path), measured."""
    source = tmp_path / "seed-004.pdf"
    source.write_bytes(pdfs["seed-004"])
    table_page = table_three_page(layout).page_number
    shots = {}
    for number in (1, table_page):
        prefix = tmp_path / f"page-{number}"
        args = ["-r", "50", "-png", "-singlefile", "-f", str(number), "-l", str(number)]
        subprocess.run(["pdftoppm", *args, str(source), str(prefix)], check=True)
        shots[number] = Image.open(prefix.with_suffix(".png"))
    px = 50 / 72  # pixels per point
    for image in shots.values():
        assert image.width == pytest.approx(A4[0] * px, abs=1)
        assert image.height == pytest.approx(A4[1] * px, abs=1)
    # Page 1: the ink stays in the text block (plus the footer), the title line is centred.
    page = shots[1]
    left, top, right, bottom = ink_box(page)
    assert left >= (TEXT_LEFT - 2) * px and right <= (TEXT_RIGHT + 2) * px
    assert top >= 37 * MM * px - 2 and bottom <= (A4[1] - 10 * MM) * px
    title = page.crop((0, top, page.width, top + round(22 * px)))
    t_left, _, t_right, _ = ink_box(title)
    assert (t_left + t_right) / 2 == pytest.approx(page.width / 2, abs=10 * px)
    # 表三's page: the table's vertical rules are long dark columns of pixels, 11 of them.
    grey = shots[table_page].convert("L")
    dark_columns = [
        x
        for x in range(grey.width)
        if sum(grey.crop((x, 0, x + 1, grey.height)).histogram()[:128]) > grey.height / 4
    ]
    runs = [x for i, x in enumerate(dark_columns) if i == 0 or dark_columns[i - 1] != x - 1]
    assert len(runs) >= 11


# ---------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------


def test_cli_renders_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.pdf"
    code = main(["report", "render", str(SEEDS[4]), "--to", "pdf", "-o", str(target)])
    _, err = capsys.readouterr()
    assert code == 0
    assert target.read_bytes().startswith(b"%PDF-")
    assert err.startswith(f"已写出 {target}")
    assert read(target).organ == "南郊镇"


def test_cli_refuses_pdf_on_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "render", str(SEEDS[4]), "--to", "pdf", "-o", "-"])
    _, err = capsys.readouterr()
    assert code != 0
    assert "PDF 是二进制文件，请用 -o 指定输出文件" in err


def test_page_formats_take_one_report(reports: dict[str, Report]) -> None:
    with pytest.raises(ReportError):
        render([reports["seed-004"], reports["seed-004"]], "pdf")


def test_without_weasyprint_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, reports: dict[str, Report]
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import raises ImportError
    with pytest.raises(ReportError, match=r"WeasyPrint.*gongkai\[pdf\]"):
        write_pdf(reports["seed-004"])
