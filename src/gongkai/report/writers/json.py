"""Canonical JSON writer (``shared/spec/annual-report-json.md``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from gongkai.report.model import Report


def to_json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_json(report: Report | Sequence[Report]) -> bytes:
    """One object for one report, an array (input order) for several."""
    if isinstance(report, Report):
        return to_json_text(report.to_canonical()).encode("utf-8")
    return to_json_text([r.to_canonical() for r in report]).encode("utf-8")
