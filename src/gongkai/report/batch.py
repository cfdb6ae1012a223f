"""Batch processing: many files, all cores, results streamed in input order.

Each file is read (and checked) in a worker process; results come back as plain data in the
order the files were given, so memory stays flat however large the batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.report.checks import CheckConfig, check
from gongkai.report.errors import ReportReadError
from gongkai.report.readers import read

#: Below this many files the work runs in this process (no pool start-up cost).
_POOL_THRESHOLD = 8


@dataclass
class Outcome:
    """What became of one file."""

    path: str
    canonical: dict[str, Any] | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, str] | None = None
    csv: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f["severity"] == "error")


def expand(paths: Iterable[str]) -> Iterator[str]:
    """Files named, and every regular file under directories named (sorted, no hidden files)."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in sorted(files):
                    if not file.startswith("."):
                        yield os.path.join(root, file)
        else:
            yield name


def process(
    path: str, *, checks: bool, config: CheckConfig | None = None, csv: bool = False
) -> Outcome:
    """Read one file (and check it); never raises for a user error."""
    outcome = Outcome(path)
    try:
        report = read(path)
    except ReportReadError as error:
        outcome.error = {"code": error.code, "message": error.message}
        return outcome
    outcome.canonical = report.to_canonical()
    if checks:
        findings = check(report, config)
        outcome.findings = [f.to_json() | {"text": f.format()} for f in findings]
    if csv:
        from gongkai.report.writers.csv import write_csv

        outcome.csv = write_csv(report).decode("utf-8-sig")
    return outcome


def _work(args: tuple[str, bool, CheckConfig | None, bool]) -> Outcome:
    path, checks, config, csv = args
    return process(path, checks=checks, config=config, csv=csv)


def run_batch(
    paths: list[str],
    *,
    checks: bool,
    config: CheckConfig | None = None,
    csv: bool = False,
    jobs: int | None = None,
) -> Iterator[Outcome]:
    """Process ``paths`` on ``jobs`` processes (default: all cores), yielding in input order."""
    jobs = jobs or os.cpu_count() or 1
    tasks = ((p, checks, config, csv) for p in paths)
    if jobs <= 1 or len(paths) < _POOL_THRESHOLD:
        yield from map(_work, tasks)
        return
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_work, tasks, chunksize=chunk)
