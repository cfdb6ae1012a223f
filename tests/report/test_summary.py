"""The 本级政府 summary: sums of the seeds' printed tables, blanks recorded, edits found."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from strategies import loose_reports, valid_reports

from gongkai.report import Report, read
from gongkai.report.checks import RULES, check
from gongkai.report.formats import APPLICATION_COLUMNS
from gongkai.report.model import Cell
from gongkai.report.readers.structured import report_from_canonical
from gongkai.report.summary import CellRef, check_summary, summarise

CASES = Path(__file__).parent.parent / "cases"
COLUMNS = [c.key for c in APPLICATION_COLUMNS]


def _seed(prefix: str) -> Report:
    return read(next(CASES.glob(f"seed-{prefix}_*")) / "input.txt")


def _app(report: Report, row: str, column: str) -> object:
    assert report.applications is not None
    return report.applications[row][COLUMNS.index(column)].value


def test_two_seeds_sum_to_what_their_tables_print() -> None:
    """南关区民政局 (003) + 南郊镇 (004), sums typed from the printed tables."""
    summary = summarise(
        [_seed("003"), _seed("004")],
        organ="南关区人民政府",
        year=2021,
        expected=["南关区民政局", "南郊镇"],
    )
    report = summary.report
    assert (report.organ, report.year, report.template) == ("南关区人民政府", 2021, "2021")
    assert summary.parts == ("南关区民政局", "南郊镇")
    assert summary.missing == () and summary.blanks == () and summary.unexpected == ()
    # 表二 规章: 003 prints 1 0 1, 004 prints 0 0 0.
    assert report.proactive is not None
    regulations = report.proactive["regulations"]
    assert isinstance(regulations, dict)
    assert [regulations[k].value for k in ("issued", "repealed", "in_force")] == [1, 0, 1]
    # 表三: 003 prints zeros; 004 prints 一 4, 三（四）1 2, 三（五）1 1, （七） 3, 四 1 (自然人).
    assert _app(report, "1", "natural_person") == 4
    assert _app(report, "1", "total") == 4
    assert _app(report, "3.4.1", "total") == 2
    assert _app(report, "3.5.1", "natural_person") == 1
    assert _app(report, "3.7", "total") == 3
    assert _app(report, "4", "total") == 1
    assert _app(report, "1", "business") == 0
    assert report.reviews_litigation is not None
    assert [c.value for c in report.reviews_litigation["review"]] == [0, 0, 0, 0, 0]
    # the sum of two reconciling reports reconciles
    assert not [f for f in check(report) if f.rule.startswith(("applications.", "reviews."))]


def test_blanks_and_missing_rows_count_as_zero_and_are_recorded() -> None:
    """长通街道 (000) prints 表三's applicant cells blank; 徐家营 (002) stops after 三（四）3."""
    summary = summarise(
        [_seed("000"), _seed("002"), _seed("004")],
        organ="某区人民政府",
        year=2021,
        expected=["南关区长通街道办事处", "徐家营街道办事处", "南郊镇", "南关区民政局"],
    )
    assert summary.parts == ("南关区长通街道办事处", "徐家营街道办事处", "南郊镇")
    assert summary.missing == ("南关区民政局",)
    blank = [b for b in summary.blanks if b.reason == "blank"]
    # 25 rows x 6 applicant columns, all of 长通街道
    assert len(blank) == 25 * 6
    assert {b.organ for b in blank} == {"南关区长通街道办事处"}
    assert CellRef("南关区长通街道办事处", "applications", "3.7", "natural_person") in blank
    assert not [b for b in blank if b.column == "total"]
    absent = [b for b in summary.blanks if b.reason == "absent"]
    # 徐家营: 表三 rows 三（五）1 … 四 (10 rows x 7) and the whole 表四 (15 cells)
    assert len(absent) == 10 * 7 + 15
    assert {b.organ for b in absent} == {"徐家营街道办事处"}
    assert CellRef("徐家营街道办事处", "reviews_litigation", "review", "total", "absent") in absent
    # the blanks read as 0: the sums are 南郊镇's figures
    assert _app(summary.report, "1", "natural_person") == 4
    assert _app(summary.report, "3.5.1", "total") == 1
    assert _app(summary.report, "4", "natural_person") == 1


def test_check_summary_finds_an_edited_cell() -> None:
    parts = [_seed("003"), _seed("004")]
    summary = summarise(parts, organ="南关区人民政府", year=2021).report
    assert check_summary(summary, parts) == []
    assert summary.applications is not None
    summary.applications["3.4.1"][COLUMNS.index("natural_person")] = Cell(3, "3")
    findings = check_summary(summary, parts)
    assert [(f.rule, f.table, f.row, f.column) for f in findings] == [
        ("summary.cell-mismatch", "applications", "3.4.1", "natural_person")
    ]
    finding = findings[0]
    assert finding.severity == "error"
    assert finding.values == {"printed": "3", "sum": "2"}
    assert finding.message == "汇总报告为3，2份报告之和为2"
    assert "“自然人”列" in finding.where


def test_check_summary_reports_a_blank_cell_a_missing_row_and_missing_parts() -> None:
    parts = [_seed("004")]
    summary = summarise(parts, organ="南关区人民政府", year=2021).report
    assert summary.applications is not None and summary.proactive is not None
    summary.applications["1"][0] = Cell(None)
    del summary.applications["4"]
    summary.proactive["punishment"] = Cell(2)
    found = {
        (f.rule, f.table, f.row, f.column)
        for f in check_summary(summary, parts, expected=["南郊镇", "南关区民政局"])
    }
    assert found == {
        ("summary.cell-mismatch", "applications", "1", "natural_person"),
        ("summary.row-missing", "applications", "4", None),
        ("summary.cell-mismatch", "proactive", "punishment", "decisions"),
        ("summary.part-missing", None, None, None),
    }


def test_check_summary_notes_the_blanks_of_the_parts() -> None:
    parts = [_seed("000"), _seed("004")]
    summary = summarise(parts, organ="某区人民政府", year=2021).report
    findings = check_summary(summary, parts)
    assert [(f.rule, f.severity) for f in findings] == [("summary.part-blank", "notice")]
    assert findings[0].values == {"organ": "南关区长通街道办事处", "cells": 150}
    assert "150个单元格" in findings[0].message


def _report(
    organ: str, year: int = 2021, template: str = "2021", fees: Decimal | int = 0
) -> Report:
    report = _seed("004")
    report.organ, report.year = organ, year
    assert report.proactive is not None
    report.proactive["fees"] = Cell(fees)
    if template == "2019":
        report.template = "2019"
        report.proactive = {"fees": {"previous": Cell(1), "change": Cell(-1)}}
    return report


def test_money_sums_exactly() -> None:
    parts = [
        _report("甲", fees=Decimal("0.1234")),
        _report("乙", fees=Decimal("1.5")),
        _report("丙", fees=2),
    ]
    summary = summarise(parts, organ="某区人民政府", year=2021).report
    assert summary.proactive is not None
    fees = summary.proactive["fees"]
    assert isinstance(fees, Cell)
    assert fees.value == Decimal("3.6234") and fees.raw == "3.6234"
    assert check_summary(summary, parts) == []
    assert isinstance(summary.proactive["licensing"], Cell)
    assert summary.proactive["licensing"].value == 0
    assert type(summary.proactive["licensing"].value) is int


def test_other_years_duplicates_other_formats_and_unexpected_organs() -> None:
    parts = [
        _report("甲"),
        _report("乙", year=2020),
        _report("甲"),
        _report("丙", template="2019"),
        _report("丁"),
    ]
    summary = summarise(parts, organ="某区人民政府", year=2021, expected=["甲", "丙"])
    assert summary.parts == ("甲", "丙", "丁")
    assert summary.other_year == ("乙",)
    assert summary.duplicates == ("甲",)
    assert summary.mismatched_templates == ("丙",)
    assert summary.unexpected == ("丁",)
    # 表三 of all three summed (南郊镇's 一 = 4 each), 表二 of the 2019 report left out
    assert _app(summary.report, "1", "total") == 12
    findings = check_summary(summary.report, parts, expected=["甲", "丙"])
    assert sorted(f.rule for f in findings) == [
        "summary.part-duplicate",
        "summary.part-template",
        "summary.part-year",
    ]
    # an edited cell names the three reports summed, not the five given
    assert summary.report.applications is not None
    summary.report.applications["1"][COLUMNS.index("total")] = Cell(13)
    edited = [f for f in check_summary(summary.report, parts) if f.rule == "summary.cell-mismatch"]
    assert [f.message for f in edited] == ["汇总报告为13，3份报告之和为12"]


def test_one_row_other_outcomes_collapse_the_summary() -> None:
    single = _seed("004")
    single.organ = "单行"
    assert single.applications is not None
    for key in ("3.6.1", "3.6.2", "3.6.3"):
        del single.applications[key]
    single.applications["3.6"] = [Cell(1)] + [Cell(0)] * 5 + [Cell(1)]
    split = _seed("004")
    assert split.applications is not None
    split.applications["3.6.2"] = [Cell(2)] + [Cell(0)] * 5 + [Cell(2)]
    summary = summarise([split, single], organ="某区人民政府", year=2021).report
    assert summary.applications is not None
    assert "3.6" in summary.applications and "3.6.1" not in summary.applications
    assert _app(summary, "3.6", "natural_person") == 3
    assert check_summary(summary, [split, single]) == []


def test_every_summary_rule_is_catalogued() -> None:
    rules = {r for r in RULES if r.startswith("summary.")}
    assert rules == {
        "summary.cell-mismatch",
        "summary.row-missing",
        "summary.part-missing",
        "summary.part-year",
        "summary.part-duplicate",
        "summary.part-template",
        "summary.part-blank",
    }
    assert all(not RULES[r].title.isascii() and RULES[r].basis for r in rules)


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


@given(parts=st.lists(valid_reports("2021"), min_size=1, max_size=4))
def test_sum_of_valid_parts_checks_clean(parts: list[Report]) -> None:
    for index, part in enumerate(parts):
        part.year = 2022
        part.organ = f"机关{index}"
    result = summarise(parts, organ="某区人民政府", year=2022)
    assert result.blanks == ()
    assert check_summary(result.report, parts) == []
    # a summary stored as canonical JSON and read back checks clean too
    stored = report_from_canonical(result.report.to_canonical())
    assert check_summary(stored, parts) == []
    # sums of reconciling tables reconcile
    assert not [f for f in check(result.report) if f.rule.startswith(("applications.", "reviews."))]


@given(parts=st.lists(loose_reports(), min_size=1, max_size=4))
def test_sum_of_loose_parts_matches_cell_by_cell(parts: list[Report]) -> None:
    for index, part in enumerate(parts):
        part.year = 2021
        part.organ = f"机关{index}"
    result = summarise(parts, organ="某区人民政府", year=2021)
    findings = check_summary(result.report, parts)
    assert not [f for f in findings if f.rule in ("summary.cell-mismatch", "summary.row-missing")]
    assert {f.rule for f in findings} <= {"summary.part-blank", "summary.part-template"}
    blanks = sum(f.values["cells"] for f in findings if f.rule == "summary.part-blank")
    assert blanks == len(result.blanks)
