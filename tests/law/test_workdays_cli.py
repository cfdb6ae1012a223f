"""``gongkai workdays add`` and ``gongkai workdays check``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["workdays", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_prints_the_date(capsys: pytest.CaptureFixture[str]) -> None:
    # Hand count on the 2026 notice: see tests/law/test_calendar.py.
    assert run(capsys, "add", "2026-09-30", "20") == (0, "2026-11-03\n", "")
    assert run(capsys, "add", "2026-02-13", "20") == (0, "2026-03-19\n", "")
    # 0 working days from a holiday is the next working day.
    assert run(capsys, "add", "2026-10-01", "0") == (0, "2026-10-08\n", "")


def test_add_explain_lists_the_skipped_days(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "add", "2026-09-30", "20", "--explain")
    assert code == 0
    assert out.splitlines() == [
        "2026-11-03",
        "起算日：2026-09-30（星期三）（当日不计）；工作日数：20",
        "2026-10-01至2026-10-07 国庆节 放假，不计",
        "2026-10-10（星期六） 调休上班，计为工作日",
        "2026-10-11 周末，不计",
        "2026-10-17至2026-10-18 周末，不计",
        "2026-10-24至2026-10-25 周末，不计",
        "2026-10-31至2026-11-01 周末，不计",
        "第20个工作日：2026-11-03（星期二）",
    ]


@pytest.mark.parametrize(
    ("day", "answer"),
    [
        ("2026-10-10", "2026-10-10（星期六） 是工作日（调休上班）\n"),
        ("2026-10-01", "2026-10-01（星期四） 不是工作日（国庆节）\n"),
        ("2026-10-11", "2026-10-11（星期日） 不是工作日（周末）\n"),
        ("2026-10-08", "2026-10-08（星期四） 是工作日\n"),
    ],
)
def test_check(capsys: pytest.CaptureFixture[str], day: str, answer: str) -> None:
    assert run(capsys, "check", day) == (0, answer, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "2026-02-30", "3"], "“2026-02-30”不是有效日期"),
        (["add", "30/09/2026", "3"], "日期格式应为YYYY-MM-DD"),
        (["add", "2026-09-30", "-1"], "应为非负整数"),
        (["add", "2026-09-30", "三"], "应为非负整数"),
        (["add", "2026-12-25", "20"], "尚未录入2027年的节假日安排"),
        (["check", "2027-01-04"], "尚未录入2027年的节假日安排"),
        (["check", "2003-01-06"], "尚未录入2003年的节假日安排"),
        (["check", "2026-10-01", "--arrangement", "/nonexistent/a.json"], "无法读取"),
    ],
)
def test_bad_input_exits_2_in_chinese(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err


def test_an_arrangement_file_teaches_a_new_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps({"year": 2027, "holidays": ["2027-01-01"], "names": {"2027-01-01": "元旦"}}),
        encoding="utf-8",
    )
    # 12/25: 12/28–31(1–4) 1/4–8(5–9) 1/11–15(10–14) 1/18–22(15–19) 1/25(20).
    assert run(capsys, "add", "2026-12-25", "20", "--arrangement", str(path)) == (
        0,
        "2027-01-25\n",
        "",
    )
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"year": 2027, "holidays": ["2026-01-01"]}), encoding="utf-8")
    code, _, err = run(capsys, "check", "2027-01-04", "--arrangement", str(bad))
    assert code == 2 and "其他年份" in err


def test_the_installed_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "workdays", "add", "2026-09-30", "20"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "2026-11-03\n")
