"""The ``gongkai report`` command: outputs, exit codes, bad input, batches."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gongkai.cli import main

CASES = Path(__file__).parent.parent / "cases"
SEED_000 = CASES / "seed-000_b2a6ebfd1a6d7656" / "input.txt"
SEED_003 = CASES / "seed-003_d7a04d8f45e15f88" / "input.txt"
SEED_004 = CASES / "seed-004_795117ff85927c6d" / "input.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_one_file_prints_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(SEED_004))
    assert code == 0
    data = json.loads(out)
    assert data["organ"] == "南郊镇"
    assert data["applications"]["4"] == [1, 0, 0, 0, 0, 0, 1]


def test_parse_directory_prints_an_array_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    inputs = [str(p) for p in sorted(CASES.glob("seed-*/input.txt"))]
    code, out, _ = run(capsys, "parse", *inputs)
    assert code == 0
    data = json.loads(out)
    assert [d["organ"] for d in data] == [
        "南关区长通街道办事处",
        "洛阳市洛龙区学府街道办事处",
        "徐家营街道办事处",
        "南关区民政局",
        "南郊镇",
    ]


def test_parse_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(SEED_004), str(SEED_003), "--csv")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "organ,year,table,row_key,row_label,column,value"
    assert "南郊镇,2021,applications,1,一、本年新收政府信息公开申请数量,自然人,4" in lines
    assert "南关区民政局,2021,proactive,regulations,规章,本年制发件数,1" in lines
    assert sum(1 for line in lines if line.startswith("organ,")) == 1


def test_parse_with_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "parse", str(SEED_004), "--sources")
    data = json.loads(out)
    assert code == 0
    assert data["cell_sources"]["applications"]["1"][0] == {"line": 84}
    assert data["sections"][5]["heading"] == "六、其他需要报告的事项"


def test_check_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", str(SEED_004))[0] == 0
    code, out, _ = run(capsys, "check", str(SEED_003))
    assert code == 1
    assert "plausibility.regulations-without-power" in out
    assert "南关区民政局" in out


def test_check_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEED_003), str(SEED_004), "--json")
    data = json.loads(out)
    assert code == 1
    assert [d["counts"] for d in data] == [
        {"error": 1, "warning": 2, "notice": 0},
        {"error": 0, "warning": 0, "notice": 0},
    ]
    assert data[0]["findings"][0]["rule"] == "plausibility.regulations-without-power"
    assert data[0]["findings"][0]["table"] == "proactive"


def test_check_min_severity_and_override(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEED_000), "--min-severity", "error")
    assert code == 1 and "structure.heading-numeral-style" not in out
    code, out, _ = run(capsys, "check", str(SEED_000), "--severity", "cell.blank=warning")
    assert code == 0 and "警告 [cell.blank]" in out


def test_bad_input_is_one_chinese_line_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-garbage.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "c-notes.txt").write_text("会议纪要\n今天开会讨论了绿化工作。\n", encoding="utf-8")
    text = SEED_004.read_text(encoding="utf-8").replace("\xa0", " ")
    (tmp_path / "d-report-gbk.txt").write_bytes(text.encode("gbk"))
    code, out, err = run(capsys, "check", str(tmp_path), "--summary")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(str(tmp_path / "a-empty.txt") + "：文件为空")
    assert lines[1].startswith(str(tmp_path / "b-garbage.bin") + "：")
    assert "年度报告" in lines[2]
    assert "Traceback" not in err
    assert "南郊镇 2021年度" in out  # the GBK report was read
    assert "共4份：1份无错误，0份有错误，3份无法读取" in out


def test_render_and_read_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert run(capsys, "render", str(SEED_004), "--to", "json", "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["applications"]["3.7"][6] == 3
    code, out, _ = run(capsys, "parse", str(target))
    assert code == 0 and json.loads(out)["organ"] == "南郊镇"


def test_diff_two_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = json.loads((CASES / "seed-004_795117ff85927c6d" / "expected.json").read_text("utf-8"))
    old["year"] = 2020
    old["applications"]["4"] = [2, 0, 0, 0, 0, 0, 2]
    old_path = tmp_path / "2020.json"
    old_path.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "diff", str(old_path), str(SEED_004), "--json")
    data = json.loads(out)
    assert code == 1
    assert [(f["rule"], f["column"]) for f in data["findings"]] == [
        ("carryover.mismatch", "natural_person"),
        ("carryover.mismatch", "total"),
    ]
    assert {
        "table": "applications",
        "row": "4",
        "column": "natural_person",
        "old": 2,
        "new": 1,
        "where": "四、结转下年度继续办理 自然人",
    } in data["changes"]


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    assert "applications.balance" in out and "勾稽" in out


def test_parallel_batch_keeps_input_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = sorted(CASES.glob("seed-*/input.txt"))
    for i in range(12):
        shutil.copy(seeds[i % len(seeds)], tmp_path / f"r{i:02d}.txt")
    code, out, _ = run(capsys, "parse", str(tmp_path), "-j", "2")
    data = json.loads(out)
    assert code == 0
    assert len(data) == 12
    assert [d["organ"] for d in data[:5]] == [
        "南关区长通街道办事处",
        "洛阳市洛龙区学府街道办事处",
        "徐家营街道办事处",
        "南关区民政局",
        "南郊镇",
    ]


def test_the_installed_command_never_prints_a_traceback(tmp_path: Path) -> None:
    missing = tmp_path / "missing.docx"
    result = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "report", "check", str(missing), str(SEED_004)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"{missing}：文件不存在"
    assert "南郊镇" in result.stdout


def test_unreadable_pdfs_name_the_file_and_the_cure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PIL import Image

    fixtures = Path(__file__).parent.parent / "fixtures" / "pdf"
    shutil.copy(fixtures / "encrypted.pdf", tmp_path / "a-locked.pdf")
    Image.new("RGB", (600, 800), "white").save(tmp_path / "b-scan.pdf")
    (tmp_path / "c-cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    shutil.copy(SEED_004, tmp_path / "d-report.txt")
    code, out, err = run(capsys, "check", str(tmp_path), "--summary")
    lines = err.strip().splitlines()
    assert code == 2
    assert len(lines) == 3
    assert lines[0].startswith(f"{tmp_path / 'a-locked.pdf'}：") and "密码" in lines[0]
    assert lines[1].startswith(f"{tmp_path / 'b-scan.pdf'}：") and "OCR" in lines[1]
    assert lines[2].startswith(f"{tmp_path / 'c-cut.pdf'}：")
    assert "南郊镇" in out
