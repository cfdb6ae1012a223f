"""Benchmark: how long ``write_pdf`` takes for each seed report (issue figure: under 2 s).

    .venv/bin/python bench/bench_report_pdf.py [--runs 5]

One warm-up render first (WeasyPrint loads and indexes the CJK fonts once per process, about
1–2 s), then the median of ``--runs`` renders per seed. Prints a Markdown table: seed, body,
pages, PDF size, median seconds. Run it alone: other heavy work skews the figures.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import pdfplumber

from gongkai.report import read
from gongkai.report.writers.pdf import write_pdf

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "cases").glob("seed-*/input.txt"))
LIMIT_S = 2.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per seed (median)")
    args = parser.parse_args(argv)
    reports = [read(path) for path in SEEDS]
    started = time.perf_counter()
    write_pdf(reports[0])
    print(f"warm-up (first render in the process): {time.perf_counter() - started:.2f} s")
    print()
    print("| seed | 机关 | pages | PDF KiB | median s |")
    print("|---|---|---:|---:|---:|")
    worst = 0.0
    for path, report in zip(SEEDS, reports, strict=True):
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            pdf = write_pdf(report)
            times.append(time.perf_counter() - started)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            pages = len(document.pages)
        median = statistics.median(times)
        worst = max(worst, median)
        name = path.parent.name[:8]
        print(f"| {name} | {report.organ} | {pages} | {len(pdf) / 1024:.0f} | {median:.2f} |")
    print()
    verdict = "within" if worst < LIMIT_S else "OVER"
    print(f"slowest median {worst:.2f} s — {verdict} the {LIMIT_S:.0f} s figure")
    return 0 if worst < LIMIT_S else 1


if __name__ == "__main__":
    sys.exit(main())
