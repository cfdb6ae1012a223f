"""Golden cases: each seed as published, its canonical JSON and findings typed by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.report import read
from gongkai.report.checks import check

CASES = sorted(p for p in (Path(__file__).parent.parent / "cases").iterdir() if p.is_dir())


def _input(case: Path) -> Path:
    return next(p for p in case.iterdir() if p.name.startswith("input"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_parses_to_what_it_prints(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert read(_input(case)).to_canonical() == expected


def _expected_findings(case: Path) -> list[tuple[str, str, str | None, str | None]]:
    rows = []
    for line in (case / "expected-findings.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        severity, rule, table, row = line.split()
        rows.append((severity, rule, None if table == "-" else table, None if row == "-" else row))
    return sorted(rows, key=str)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_findings_are_what_is_really_wrong(case: Path) -> None:
    findings = check(read(_input(case)))
    actual = sorted(((f.severity, f.rule, f.table, f.row) for f in findings), key=str)
    assert actual == _expected_findings(case)
    for finding in findings:
        assert finding.message and not finding.message.isascii()


def test_seed_sections_and_titles() -> None:
    report = read(_input(CASES[3]))  # 003: headings 三 and 四 without numerals
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.sections[3].heading == "收到和处理政府信息公开申请情况"
    assert report.sections[3].numeral is None
    assert report.sections[6].text == "无"
    assert report.sections[1].text.startswith("2021年，南关区民政局政务公开工作坚持")
    seed2 = read(_input(CASES[2]))
    assert 4 not in seed2.sections
    assert seed2.sections[6].text == "我办暂时没有其他需要报告的事项。"


def test_cell_locations_point_at_the_printed_line() -> None:
    report = read(_input(CASES[4]))  # 004: Word text export, one cell per line
    assert report.applications is not None
    first = report.applications["1"]
    assert [c.loc.line for c in first if c.loc] == [84, 85, 86, 87, 88, 89, 90]
    assert first[0].raw == "4"
    seed1 = read(_input(CASES[1]))  # 001: tab-separated rows, one row per line
    assert seed1.applications is not None
    assert {c.loc.line for c in seed1.applications["1"] if c.loc} == {41}
