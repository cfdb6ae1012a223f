"""Benchmark: writing annual reports — one busy body-year, the summary of 300 bodies, the PDF.

    .venv/bin/python bench/bench_annual.py [--database-url URL] [--applications 10000]
        [--bodies 300] [--repeats 5] [--no-write]

Builds a fresh database (SQLite in a temporary directory by default; a PostgreSQL URL is dropped
and created, and dropped again) with one 区人民政府 over ``--bodies`` − 1 bodies. The first
department received ``--applications`` applications in 2025 (bulk-created: every applicant kind,
outcomes spread over table 三's rows, a share still open at the year's end), and each other body
a few. Then it times, median and max of ``--repeats`` runs (issue 6's figures):

1. **compile** — ``annual_reports.services.report_compile`` of the busy body's 2025 report: tables
   二, 三, 四 from the records, the drafted prose, the core's checks, one transaction;
2. **summary** — every body's report compiled and published (setup, not timed), then
   ``annual_reports.summaries.summary_compile`` of the 区政府's summary over all ``--bodies``;
3. **PDF** — ``gongkai.report.writers.render(report, "pdf")`` of the busy body's report.

Prints Markdown and writes ``bench/results/annual-<sqlite|postgresql>.md`` (not with
``--no-write``).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench_pages import RESULTS_DIR, machine, postgres_database  # noqa: E402

YEAR = 2025
#: Outcome rows of table 三 and their weights (answered cases mostly 予以公开).
OUTCOMES = (
    ("3.1", 40),
    ("3.2", 15),
    ("3.3.3", 5),
    ("3.4.1", 5),
    ("3.5.1", 20),
    ("3.5.4", 3),
    ("3.6.1", 5),
    ("3.6.3", 7),
)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def build(bodies: int, applications: int) -> dict[str, Any]:
    """Bodies under one root, the busy body's applications, a few for everyone else."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from gongkai.applications.models import ApplicantKind, Application
    from gongkai.organizations.models import Body, BodyKind, Role
    from gongkai.organizations.services import body_create, membership_grant, user_create

    started = time.perf_counter()
    root = body_create(name="基准市某某区人民政府", kind=BodyKind.GOVERNMENT)
    children = Body.objects.bulk_create(
        [
            Body(name=f"基准部门{n:03d}", kind=BodyKind.DEPARTMENT, parent=root)
            for n in range(bodies - 1)
        ]
    )
    busy = children[0]
    clerk = user_create(username="bench-clerk", password="bench-pass-2025", full_name="经办人")
    membership_grant(user=clerk, body=busy, role=Role.CLERK)
    supervisor = user_create(
        username="bench-supervisor", password="bench-pass-2025", full_name="监督员"
    )
    membership_grant(user=supervisor, body=root, role=Role.SUPERVISOR)
    rng = random.Random(20251231)
    kinds = list(ApplicantKind.values)
    keys = [key for key, _ in OUTCOMES]
    weights = [weight for _, weight in OUTCOMES]
    rows: list[Application] = []

    def application(body_id: int, n: int) -> Application:
        received = date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 364))
        still_open = received > date(YEAR, 12, 10) and rng.random() < 0.6
        closed = None if still_open else received + timedelta(days=rng.randint(5, 30))
        if closed is not None and closed.year > YEAR and rng.random() < 0.5:
            closed = date(YEAR, 12, 31)
        return Application(
            body_id=body_id,
            number=f"B{body_id}-{YEAR}-{n:06d}",
            query_code_hash="x" * 64,
            status="received" if closed is None else "archived",
            applicant_kind=rng.choice(kinds),
            name="王伟",
            id_type="居民身份证",
            id_number="11010519491231002X",
            phone="13800138000",
            description="请公开本机关的相关政府信息（基准测试数据）。",
            form="电子",
            delivery="网上",
            channel="网上",
            received_on=received,
            outcome="" if closed is None else rng.choices(keys, weights)[0],
            closed_on=closed,
        )

    for n in range(applications):
        rows.append(application(busy.pk, n))
        if len(rows) == 5000:
            Application.objects.bulk_create(rows)
            rows = []
    for body in children[1:]:
        rows.extend(application(body.pk, n) for n in range(rng.randint(0, 6)))
    Application.objects.bulk_create(rows, batch_size=5000)
    return {
        "root": root,
        "busy": busy,
        "clerk": clerk,
        "supervisor": supervisor,
        "children": children,
        "built_s": time.perf_counter() - started,
    }


def timed(call: Callable[[], object], repeats: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), max(runs)


def publish_everyone(data: dict[str, Any]) -> None:
    """Every body's 2025 report compiled, then marked published (setup of the summary run)."""
    from gongkai.annual_reports import services
    from gongkai.annual_reports.models import AnnualReport, ReportStatus
    from gongkai.organizations.models import Role

    for body in [data["root"], *data["children"]]:
        services.report_compile(
            actor=data["clerk"],
            roles=frozenset({Role.CLERK}),
            body=body,
            year=YEAR,
            sections={"5": "基准测试。"},
        )
    AnnualReport.objects.update(status=ReportStatus.PUBLISHED, published_on=date(YEAR + 1, 1, 20))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--bodies", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-annual-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    vendor = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "pages_settings",
            "GONGKAI_VAR_DIR": str(tmp),
            "SECRET_KEY": "bench-" + os.urandom(16).hex(),
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "GONGKAI_LOG_LEVEL": "WARNING",
        }
    )
    try:
        with postgres_database(url) if vendor == "postgresql" else _nothing():
            data = build(args.bodies, args.applications)
            print(f"== built in {data['built_s']:.0f} s", flush=True)
            figures = measure(data, args.repeats)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = markdown(args, vendor, figures)
    print(report)
    if not args.no_write:
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / f"annual-{vendor}.md").write_text(report, encoding="utf-8")


def measure(data: dict[str, Any], repeats: int) -> dict[str, Any]:
    from django.db import connection

    from gongkai.annual_reports import services
    from gongkai.annual_reports.selectors import core_report
    from gongkai.annual_reports.summaries import summary_compile
    from gongkai.organizations.models import Role
    from gongkai.report.writers import render

    clerk = frozenset({Role.CLERK})

    def compile_busy() -> Any:
        return services.report_compile(
            actor=data["clerk"], roles=clerk, body=data["busy"], year=YEAR, sections={}
        )

    report = compile_busy()
    received = report.tables["applications"]["1"][-1]
    compile_s = timed(compile_busy, repeats)
    print(f"   compile: {compile_s}", flush=True)
    core = core_report(report)
    started = time.perf_counter()
    render(core, "pdf")  # the first in a process also loads WeasyPrint and the fonts
    pdf_cold = time.perf_counter() - started
    pdf_s = timed(lambda: render(core, "pdf"), repeats)
    pdf_bytes = len(render(core, "pdf"))
    print(f"   pdf: {pdf_s}", flush=True)
    publish_everyone(data)

    def summarise() -> Any:
        return summary_compile(
            actor=data["supervisor"],
            roles=frozenset({Role.SUPERVISOR}),
            body=data["root"],
            year=YEAR,
        )

    summary = summarise()
    summary_s = timed(summarise, repeats)
    print(f"   summary: {summary_s}", flush=True)
    return {
        "database": connection.vendor,
        "received": received,
        "compile": compile_s,
        "pdf": pdf_s,
        "pdf_kib": pdf_bytes / 1024,
        "pdf_cold": pdf_cold,
        "summary": summary_s,
        "parts": len(summary.coverage["parts"]),
        "summary_errors": summary.errors,
    }


def markdown(args: argparse.Namespace, vendor: str, f: dict[str, Any]) -> str:
    def ms(pair: tuple[float, float]) -> str:
        return f"{pair[0] * 1000:.0f} ms (max {pair[1] * 1000:.0f} ms)"

    return "\n".join(
        [
            f"# Annual reports — {vendor}",
            "",
            f"Run on {date.today().isoformat()} with `bench/bench_annual.py --applications "
            f"{args.applications} --bodies {args.bodies} --repeats {args.repeats}` on {machine()}.",
            "",
            "| what | median (max) | target |",
            "|---|---|---|",
            f"| compile one body-year ({f['received']:,} applications received) | "
            f"{ms(f['compile'])} | < 1 s |",
            f"| summary of {f['parts']} bodies' reports | {ms(f['summary'])} | < 3 s |",
            f"| the busy body's PDF ({f['pdf_kib']:.0f} KiB) | {ms(f['pdf'])} | < 2 s |",
            f"| the same, first in a fresh process (loads WeasyPrint and fonts) | "
            f"{f['pdf_cold'] * 1000:.0f} ms | |",
            "",
            f"The summary's check against its parts found {f['summary_errors']} errors.",
            "",
        ]
    )


if __name__ == "__main__":
    main()
