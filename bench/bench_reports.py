"""Benchmark: parse + check throughput per input kind, and peak memory over a large batch.

    .venv/bin/python bench/bench_reports.py [--quick]

Builds a corpus from the seed reports (as published, and rendered by gongkai's own writers
to HTML, DOCX and — through WeasyPrint — PDF), then measures:

* reports per second, parse + check, in one process (per core) and on all cores;
* peak resident memory of ``gongkai report check`` over batches of 1,000 and 10,000 files
  (flat in batch size: results stream in input order).

Prints a Markdown table for the README and writes ``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gongkai.report import read, render
from gongkai.report.batch import run_batch
from gongkai.report.checks import check

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "tests" / "cases").glob("seed-*/input.txt"))


def corpus(kind: str) -> list[bytes]:
    """Inputs of one kind, made from the five seeds."""
    reports = [read(p) for p in SEEDS]
    if kind == "text (Word export)":
        return [SEEDS[i].read_bytes() for i in (0, 3, 4)]
    if kind == "text (TSV/Markdown)":
        return [SEEDS[i].read_bytes() for i in (1, 2)]
    if kind == "html":
        return [render(r, "html") for r in reports]
    if kind == "docx":
        return [render(r, "docx") for r in reports]
    if kind == "pdf":
        import weasyprint

        return [weasyprint.HTML(string=render(r, "html").decode()).write_pdf() for r in reports]
    raise ValueError(kind)


def per_core(inputs: list[bytes], seconds: float) -> tuple[float, int]:
    """Reports per second in this process, parse + check."""
    for data in inputs:  # warm up
        check(read(data))
    done = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for data in inputs:
            check(read(data))
        done += len(inputs)
    return done / (time.perf_counter() - start), done


def all_cores(inputs: list[bytes], directory: Path, count: int) -> float:
    """Reports per second over ``count`` files on every core (the CLI's batch path)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"r{i:05d}"
        path.write_bytes(inputs[i % len(inputs)])
        paths.append(str(path))
    start = time.perf_counter()
    for _ in run_batch(paths, checks=True):
        pass
    return count / (time.perf_counter() - start)


def peak_memory(count: int, work: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest process) for ``gongkai report check`` on files."""
    directory = work / f"batch-{count}"
    directory.mkdir(parents=True, exist_ok=True)
    sources = [p.read_bytes() for p in SEEDS]
    for i in range(count):
        (directory / f"r{i:05d}.txt").write_bytes(sources[i % len(sources)])
    script = (
        "import resource, sys\n"
        "from gongkai.cli import main\n"
        "code = main(['report', 'check', sys.argv[1], '--summary'])\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "me = int(hwm.split()[1])  # ru_maxrss would count the parent's pages before exec\n"
        "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(max(me, kids), file=sys.stderr)\n"
    )
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script, str(directory)], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    peak_kb = int(result.stderr.strip().splitlines()[-1])
    shutil.rmtree(directory)
    return seconds, peak_kb / 1024


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short runs, small batches")
    parser.add_argument("--kinds", default="text (Word export),text (TSV/Markdown),html,docx,pdf")
    args = parser.parse_args()
    seconds = 2.0 if args.quick else 6.0
    batch = 200 if args.quick else 2000
    results: dict[str, object] = {"machine": machine(), "kinds": {}}
    kinds: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for kind in args.kinds.split(","):
            inputs = corpus(kind)
            rate, done = per_core(inputs, seconds)
            many = all_cores(
                inputs, work / kind.replace(" ", "_"), batch if kind != "pdf" else batch // 4
            )
            kinds[kind] = {"per_core": round(rate, 1), "all_cores": round(many, 1), "runs": done}
            print(f"{kind:22} {rate:8.1f}/s one core   {many:8.1f}/s all cores", flush=True)
        results["kinds"] = kinds
        memory = {}
        for count in (1000, 10000) if not args.quick else (200, 1000):
            took, peak = peak_memory(count, work)
            memory[str(count)] = {"seconds": round(took, 1), "peak_rss_mb": round(peak, 1)}
            print(f"batch of {count:6}: {took:6.1f} s, peak RSS {peak:6.1f} MB", flush=True)
        results["memory"] = memory
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    print()
    print(f"Machine: {results['machine']}")
    print()
    print("| input kind | parse + check, one core | all cores |")
    print("|---|---:|---:|")
    for kind, row in kinds.items():
        print(f"| {kind} | {row['per_core']:.0f} reports/s | {row['all_cores']:.0f} reports/s |")
    print()
    print("| batch (`gongkai report check DIR`) | time | peak RSS (largest process) |")
    print("|---|---:|---:|")
    for count, row in memory.items():
        print(f"| {int(count):,} files | {row['seconds']} s | {row['peak_rss_mb']} MB |")


if __name__ == "__main__":
    main()
