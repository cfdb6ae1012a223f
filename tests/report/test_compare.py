"""What changed between two years of one body."""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.report import read
from gongkai.report.compare import changed_cells

ROOT = Path(__file__).parent.parent
SEED_004 = ROOT / "cases" / "seed-004_795117ff85927c6d" / "input.txt"
NANJIAO_2020 = ROOT / "fixtures" / "diff" / "nanjiao-2020.json"


def test_changes_across_formats() -> None:
    old = json.loads(NANJIAO_2020.read_text("utf-8"))
    new = read(SEED_004).to_canonical()
    changes = [
        (c["table"], c["row"], c["column"], c["old"], c["new"]) for c in changed_cells(old, new)
    ]
    assert changes == [
        ("applications", "1", "natural_person", 3, 4),
        ("applications", "1", "total", 3, 4),
        ("applications", "3.1", "natural_person", 1, 0),
        ("applications", "3.1", "total", 1, 0),
        ("applications", "3.4.1", "natural_person", 1, 2),
        ("applications", "3.4.1", "total", 1, 2),
        ("applications", "3.5.1", "natural_person", 0, 1),
        ("applications", "3.5.1", "total", 0, 1),
        ("applications", "3.7", "natural_person", 2, 3),
        ("applications", "3.7", "total", 2, 3),
        ("proactive", None, None, "2019年格式", "2021年格式"),
    ]


def test_a_row_only_one_year_prints_is_one_change() -> None:
    old = read(SEED_004).to_canonical()
    new = json.loads(json.dumps(old))
    del new["applications"]["3.3.8"]
    new["proactive"]["fees"] = 0.5
    assert [(c["row"], c["column"], c["old"], c["new"]) for c in changed_cells(old, new)] == [
        ("3.3.8", None, "printed", "absent"),
        ("fees", None, 0, 0.5),
    ]
