"""Round trips: every writer's output reads back to the same report.

For each seed and for random reports: ``read(render(report, fmt))`` has the same canonical
JSON; for the page formats (Markdown, HTML, DOCX) also the same preamble and section texts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import loose_reports, printed_ambiguity, valid_reports

from gongkai.report import read, render
from gongkai.report.formats import TemplateId
from gongkai.report.model import Cell, Report
from gongkai.report.readers.structured import read_csv_all, read_json_all

SEEDS = sorted((Path(__file__).parent.parent / "cases").glob("seed-*/input.txt"))
STRUCTURED = ("json", "csv")
PAGES = ("md", "html", "docx")
TEMPLATES: tuple[TemplateId, ...] = ("2021", "2019")
#: DOCX is slow to write (python-docx); fewer random examples keep the suite fast.
DOCX_EXAMPLES = max(10, (settings.default.max_examples if settings.default else 30) // 3)


def texts(report: Report) -> dict[str, str]:
    """The preamble and the six sections' texts ("" where a section is missing)."""
    out = {"preamble": report.preamble}
    for number in range(1, 7):
        section = report.sections.get(number)
        out[f"section {number}"] = section.text if section else ""
    return out


def assert_round_trip(report: Report, fmt: str) -> None:
    back = read(render(report, fmt))
    assert back.to_canonical() == report.to_canonical()
    if fmt in PAGES:
        assert texts(back) == texts(report)


def has_tables(report: Report) -> bool:
    return any((report.proactive, report.applications, report.reviews_litigation))


# ---------------------------------------------------------------------------------------------
# Seeds
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=SEEDS, ids=[p.parent.name for p in SEEDS])
def seed(request: pytest.FixtureRequest) -> Report:
    path: Path = request.param
    return read(path)


def test_there_are_seeds() -> None:
    assert len(SEEDS) >= 5


@pytest.mark.parametrize("fmt", STRUCTURED + PAGES)
def test_seed_round_trips(seed: Report, fmt: str) -> None:
    assert_round_trip(seed, fmt)


def test_seeds_as_one_batch_round_trip() -> None:
    reports = [read(p) for p in SEEDS]
    expected = [r.to_canonical() for r in reports]
    csv_text = render(reports, "csv").decode("utf-8-sig")
    assert [r.to_canonical() for r in read_csv_all(csv_text)] == expected
    json_text = render(reports, "json").decode("utf-8")
    assert [r.to_canonical() for r in read_json_all(json_text)] == expected


# ---------------------------------------------------------------------------------------------
# Random complete reports of both templates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("fmt", (*STRUCTURED, "md", "html"))
@given(data=st.data())
def test_valid_report_round_trips(fmt: str, template: TemplateId, data: st.DataObject) -> None:
    assert_round_trip(data.draw(valid_reports(template)), fmt)


@pytest.mark.parametrize("template", TEMPLATES)
@settings(max_examples=DOCX_EXAMPLES)
@given(data=st.data())
def test_valid_report_round_trips_docx(template: TemplateId, data: st.DataObject) -> None:
    assert_round_trip(data.draw(valid_reports(template)), "docx")


# ---------------------------------------------------------------------------------------------
# Random reports with blanks and missing rows and tables
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", STRUCTURED)
@given(report=loose_reports())
def test_loose_report_round_trips_through_data_formats(fmt: str, report: Report) -> None:
    assume(fmt != "csv" or has_tables(report))  # CSV has lines for cells only
    assert_round_trip(report, fmt)


def _printable(report: Report, fmt: str) -> bool:
    """What a page can show and the readers read back (see ``printed_ambiguity``)."""
    if printed_ambiguity(report, grid=fmt != "md") is not None:
        return False
    # Without tables or sections the DOCX writer prints only the title, and that is no report.
    return fmt != "docx" or has_tables(report) or bool(report.sections)


@pytest.mark.parametrize("fmt", ("md", "html"))
@given(report=loose_reports())
def test_loose_report_round_trips_through_pages(fmt: str, report: Report) -> None:
    assume(_printable(report, fmt))
    assert_round_trip(report, fmt)


@settings(max_examples=DOCX_EXAMPLES)
@given(report=loose_reports())
def test_loose_report_round_trips_through_docx(report: Report) -> None:
    assume(_printable(report, "docx"))
    assert_round_trip(report, "docx")


@pytest.mark.parametrize("fmt", ["md", "html"])  # these print all six headings
def test_page_without_table_three_has_no_table_three(fmt: str) -> None:
    report = Report(
        organ="南郊镇",
        year=2021,
        template="2021",
        reviews_litigation={
            "review": [Cell(1), Cell(0), Cell(0), Cell(0), Cell(1)],
            "litigation_direct": [Cell(0)] * 5,
            "litigation_after_review": [Cell(0)] * 5,
        },
    )
    assert "applications" not in read(render(report, fmt)).to_canonical()


@pytest.mark.parametrize("fmt", ["md", "html"])  # these print all six headings
def test_2019_page_without_tables_two_and_three_stays_2019(fmt: str) -> None:
    report = Report(
        organ="城关区民政局",
        year=2020,
        template="2019",
        reviews_litigation={
            "review": [Cell(1), Cell(0), Cell(0), Cell(0), Cell(1)],
            "litigation_direct": [Cell(0)] * 5,
            "litigation_after_review": [Cell(0)] * 5,
        },
    )
    assert read(render(report, fmt)).template == "2019"
