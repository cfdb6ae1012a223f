"""Benchmark: the staff work queue and table 三 of 依申请公开 over 200 bodies and 500,000 cases.

    .venv/bin/python bench/bench_applications.py [--database-url URL] [--applications 500000]
        [--bodies 200] [--open-share 0.06] [--duration 10] [--rounds 3] [--explain]

Builds a fresh database (SQLite in a temporary directory by default; with
``--database-url postgres://postgres@127.0.0.1:5432/gongkai_bench`` that PostgreSQL database is
dropped and created, and dropped again at the end) holding one city government over its
departments and districts (each district over its departments, 街道 and 乡镇) — 200 bodies — with
the staff of ``bench_reminders.py`` in each (two 经办人, a 审核人, a 审发人 and a 机关管理员), and
500,000 applications bulk-created along the lines of ``bench_reminders.py``'s generator: the share
``--open-share`` is open (received in the last weeks, a few stragglers overdue, a few with a
stopped clock), the rest were received since 1 January 2022 and closed within weeks — archived
with an outcome of table 三, or withdrawn, lapsed, delivered and not yet archived. Busy bodies (the
city government, the 公安 and 自然资源 departments) get many times the cases of a 街道.

Then:

* serves the platform with gunicorn (as ``bench_pages.py`` does) and measures the work queue
  ``/workspace/bodies/<id>/applications/`` of the busiest body — default view, 已逾期 and 本周到期 —
  signed in as its 经办人, with ``wrk`` (20 connections; warm-up, then a fixed duration; median of
  ``--rounds`` rounds), next to the bare ``/hello/`` view;
* counts the page's SQL queries (Django's test client in this process);
* times ``applications.statistics.applications_table`` for one body-year (the busiest body) and
  for the whole 200-body subtree of the city government (its ids fetched as the callers do, one
  query per tree level): cold (the first call on a new database connection, for a body or year
  not asked before) and warm (repeated calls), median and max.

Prints Markdown and writes it to ``bench/results/applications-<sqlite|postgresql>.md``. Without
``wrk`` on the PATH (``make bench-applications`` installs it) a Python load generator is used.
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
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench_pages import (  # noqa: E402
    DEPARTMENTS,
    RESULTS_DIR,
    ROADS,
    THREADS,
    WORKERS,
    WRK_SCRIPT,
    check_page,
    database_label,
    free_port,
    gunicorn,
    machine,
    per_worker,
    postgres_database,
    run_python,
    run_wrk,
    server_cpu_seconds,
    signed_in_session,
)
from bench_reminders import BATCH  # noqa: E402

TARGET_QUEUE_P95_MS = 150.0
TARGET_BODY_YEAR_MS = 100.0
TARGET_SUBTREE_MS = 1000.0
FIRST_YEAR = 2022

CITY = ("某省", "江州市", "0791", "330000")
DISTRICTS = ["东湖", "西湖", "青山湾", "新建", "红谷滩", "湾里", "青云谱", "经开", "高新"]
STREETS = ["人民", "解放", "和平", "建设"]
TOWNS = ["长兴", "太平"]
#: Departments that receive many times the applications of the others (land, police, housing).
BUSY_DEPARTMENTS = {"自然资源局": 12.0, "公安局": 10.0, "住房和城乡建设局": 8.0, "生态环境局": 5.0}

#: Applicant columns of table 三 with a realistic share (mostly natural persons).
APPLICANT_KINDS = (
    ("自然人", 84),
    ("商业企业", 8),
    ("科研机构", 1),
    ("社会公益组织", 1),
    ("法律服务机构", 4),
    ("其他", 2),
)
#: Outcomes of archived cases (table 三's leaf rows, 2021 template) with a realistic share.
OUTCOMES = (
    ("3.1", 34),
    ("3.2", 6),
    ("3.3.1", 3),
    ("3.3.2", 1),
    ("3.3.3", 3),
    ("3.3.4", 1),
    ("3.3.5", 4),
    ("3.3.6", 2),
    ("3.3.7", 3),
    ("3.3.8", 1),
    ("3.4.1", 14),
    ("3.4.2", 5),
    ("3.4.3", 9),
    ("3.5.1", 2),
    ("3.5.2", 1),
    ("3.5.3", 3),
    ("3.5.4", 1),
    ("3.5.5", 2),
    ("3.6.2", 1),
    ("3.6.3", 4),
)
OPEN_STATUS_SHARES = (
    ("registered", 8),
    ("review", 10),
    ("correction", 5),
    ("processing", 45),
    ("reply_review", 15),
    ("reply_sign", 10),
    ("reply_signed", 7),
)
CHANNELS = ("网上", "网上", "网上", "信函（挂号/EMS）", "当面", "电子邮件")
STAFF = (
    ("c1", "clerk"),
    ("c2", "clerk"),
    ("rv", "reviewer"),
    ("ap", "approver"),
    ("ad", "body_admin"),
)


@dataclass
class Plan:
    """A body to create: ``parent`` indexes an earlier plan; ``weight`` its share of the cases."""

    name: str
    kind: str
    parent: int | None
    weight: float


def body_plans(count: int) -> list[Plan]:
    """``count`` bodies, parents first: the city, its departments, then its districts."""
    city = CITY[1]
    plans = [Plan(f"{city}人民政府", "人民政府", None, 20.0)]
    for department in DEPARTMENTS:
        plans.append(Plan(city + department, "政府部门", 0, BUSY_DEPARTMENTS.get(department, 3.0)))
    for district in DISTRICTS:
        top = len(plans)
        plans.append(Plan(f"{city}{district}区人民政府", "人民政府", 0, 8.0))
        for department in DEPARTMENTS[:13]:
            weight = BUSY_DEPARTMENTS.get(department, 2.0) / 2
            plans.append(Plan(f"{district}区{department}", "政府部门", top, weight))
        for street in STREETS:
            plans.append(Plan(f"{district}区{street}街道办事处", "街道办事处", top, 1.0))
        for town in TOWNS:
            plans.append(Plan(f"{district}区{town}镇人民政府", "乡镇人民政府", top, 1.0))
    if count > len(plans):
        raise SystemExit(f"at most {len(plans)} bodies")
    return plans[:count]


def _weighted(rng: random.Random, choices: tuple[tuple[str, int], ...], n: int) -> list[str]:
    values = [value for value, _ in choices]
    weights = [weight for _, weight in choices]
    return rng.choices(values, weights=weights, k=n)


def build_database(bodies: int, applications: int, open_share: float) -> dict[str, Any]:
    """Migrate, then bulk-create bodies, staff and applications; returns what is measured."""
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)

    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from gongkai.applications.models import Application, ClockEntry, ClockEventKind
    from gongkai.organizations.models import Body, Membership, User

    started = time.perf_counter()
    rng = random.Random(20261123)
    province, city, area, postcode = CITY
    plans = body_plans(bodies)
    depth: list[int] = []
    for plan in plans:
        depth.append(0 if plan.parent is None else depth[plan.parent] + 1)
    by_index: dict[int, Body] = {}
    for level in sorted(set(depth)):  # parents before their children, one insert per level
        indexes = [i for i in range(len(plans)) if depth[i] == level]
        batch = [
            Body(
                name=plans[i].name,
                short_name=plans[i].name.removesuffix("人民政府").removesuffix("办事处"),
                kind=plans[i].kind,
                parent=None if plans[i].parent is None else by_index[plans[i].parent or 0],
                division=province + city,
                address=f"{province}{city}{rng.choice(ROADS)}{rng.randint(1, 3000)}号",
                phone=f"{area}-{rng.randint(80000000, 89999999)}",
                postcode=postcode,
            )
            for i in indexes
        ]
        for i, body in zip(indexes, Body.objects.bulk_create(batch), strict=True):
            by_index[i] = body
    body_ids = [by_index[i].pk for i in range(len(plans))]

    password = make_password("bench-password-1")  # hashed once, shared by every account
    users = [
        User(username=f"b{pk}-{suffix}", email=f"b{pk}-{suffix}@bench.invalid", password=password)
        for pk in body_ids
        for suffix, _ in STAFF
    ]
    User.objects.bulk_create(users, batch_size=BATCH)
    user_ids = dict(User.objects.values_list("username", "pk"))
    Membership.objects.bulk_create(
        (
            Membership(user_id=user_ids[f"b{pk}-{suffix}"], body_id=pk, role=role)
            for pk in body_ids
            for suffix, role in STAFF
        ),
        batch_size=BATCH,
    )

    today = timezone.localdate()
    first = date(FIRST_YEAR, 1, 1)
    span = (today - timedelta(days=45) - first).days
    tz = timezone.get_current_timezone()
    weights = [plan.weight for plan in plans]
    owners = rng.choices(body_ids, weights=weights, k=applications)
    kinds = _weighted(rng, APPLICANT_KINDS, applications)
    outcomes = _weighted(rng, OUTCOMES, applications)
    open_statuses = _weighted(rng, OPEN_STATUS_SHARES, applications)
    open_count = 0
    stopped: list[str] = []
    rows: list[Application] = []
    for i in range(applications):
        body_id = owners[i]
        number = f"{FIRST_YEAR + i % 5}-B{i:07d}"
        channel = rng.choice(CHANNELS)
        assignee: int | None = user_ids[f"b{body_id}-c{1 + i % 2}"]
        outcome = ""
        closed: date | None = None
        delivered: date | None = None
        correction_due: date | None = None
        if rng.random() < open_share:
            open_count += 1
            status = open_statuses[i]
            late = rng.random() < 0.04  # stragglers: received long ago, now overdue
            received: date | None = today - timedelta(
                days=rng.randint(30, 90) if late else rng.randint(0, 29)
            )
            assert received is not None
            due: date | None = received + timedelta(days=28)
            if status == "registered":
                assignee = None if rng.random() < 0.6 else assignee
                if channel == "网上" and rng.random() < 0.5:
                    received, due = None, None  # online, receipt not yet confirmed
            elif status == "correction":
                due, correction_due = None, today + timedelta(days=rng.randint(0, 15))
            elif rng.random() < 0.05:
                due = received + timedelta(days=56)  # extended (第三十三条)
            elif rng.random() < 0.03:
                status, due = "processing", None  # clock stopped (征求意见), replayed by the job
                stopped.append(number)
        else:
            # received since FIRST_YEAR, a little more each year; closed within weeks
            received = first + timedelta(days=int(span * rng.random() ** 0.8))
            closed = received + timedelta(days=rng.randint(1, 40))
            due = received + timedelta(days=28)
            roll = rng.random()
            if roll < 0.03:
                status, outcome = "withdrawn", "3.6.3"
            elif roll < 0.045:
                status, outcome = "lapsed", "3.6.1"
            else:
                status, outcome = "archived", outcomes[i]
                delivered = closed
                if closed > today - timedelta(days=60) and rng.random() < 0.5:
                    status = "delivered"
        created_day = received or today - timedelta(days=rng.randint(0, 3))
        created_at = datetime(
            created_day.year,
            created_day.month,
            created_day.day,
            8 + rng.randint(0, 9),
            rng.randint(0, 59),
            rng.randint(0, 59),
            tzinfo=tz,
        )
        rows.append(
            Application(
                body_id=body_id,
                number=number,
                query_code_hash="x" * 64,
                status=status,
                applicant_kind=kinds[i],
                name=rng.choice("王李张刘陈杨黄赵吴周") + rng.choice("伟芳娜敏静丽强磊军洋"),
                id_type="居民身份证",
                id_number="11010519491231002X",
                phone=f"138{rng.randint(10000000, 99999999)}",
                description="请公开本机关的相关政府信息（基准测试数据）。",
                form="电子",
                delivery="网上",
                channel=channel,
                received_on=received,
                due_on=due,
                correction_due=correction_due,
                assignee_id=assignee,
                outcome=outcome,
                delivered_on=delivered,
                closed_on=closed,
                created_at=created_at,
                updated_at=created_at,
            )
        )
        if len(rows) == BATCH:
            Application.objects.bulk_create(rows)
            rows = []
    Application.objects.bulk_create(rows)
    entries = []
    for pk, received in Application.objects.filter(number__in=stopped).values_list(
        "pk", "received_on"
    ):
        assert received is not None
        entries.append(ClockEntry(application_id=pk, kind=ClockEventKind.RECEIVED, on=received))
        entries.append(
            ClockEntry(
                application_id=pk,
                kind=ClockEventKind.PAUSE_STARTED,
                on=received + timedelta(days=3),
                pause_kind="第三方征求意见",
            )
        )
    ClockEntry.objects.bulk_create(entries, batch_size=BATCH)
    with connection.cursor() as cursor:
        # Fresh planner statistics, as after any bulk load; on PostgreSQL also the visibility
        # map that index-only scans need, which autovacuum would write soon after such a load.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    built = time.perf_counter() - started

    busiest = Counter(owners).most_common(1)[0][0]
    clerk = User.objects.get(username=f"b{busiest}-c1")
    summary = {
        "database": database_label(connection),
        "built_s": built,
        "bodies": Body.objects.count(),
        "staff": User.objects.count(),
        "applications": Application.objects.count(),
        "open": open_count,
        "root": body_ids[0],
        "body": busiest,
        "body_name": Body.objects.get(pk=busiest).name,
        "body_cases": Application.objects.filter(body_id=busiest).count(),
        "session": signed_in_session(clerk),
        "today": today,
    }
    connection.close()
    return summary


# --- the work queue ---------------------------------------------------------------------------


def queue_pages(data: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Label → (path, a text the page must hold)."""
    base = f"/workspace/bodies/{data['body']}/applications/"
    return {
        "work queue, default view": (base, "件办理中的申请"),
        "work queue, 已逾期 (`?due=overdue`)": (base + "?due=overdue", "件办理中的申请"),
        "work queue, 本周到期 (`?due=week`)": (base + "?due=week", "件办理中的申请"),
    }


def queue_queries(data: dict[str, Any]) -> dict[str, tuple[int, int, float]]:
    """Per page: SQL queries, open cases listed (the ``共 N 件``), in-process time (ms)."""
    import re

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = data["session"]
    counts = {}
    for label, (path, expected) in queue_pages(data).items():
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            took = (time.perf_counter() - started) * 1000
        text = response.content.decode()
        assert response.status_code == 200 and expected in text, (path, response.status_code)
        found = re.search(r"共 (\d+) 件办理中的申请", text)
        counts[label] = (len(captured.captured_queries), int(found.group(1)) if found else -1, took)
    connection.close()
    return counts


def measure_queue(
    args: argparse.Namespace,
    env: dict[str, str],
    data: dict[str, Any],
    wrk: str | None,
    script: Path,
) -> dict[str, dict[str, Any]]:
    signed_in = {"Cookie": f"sessionid={data['session']}"}
    pages: dict[str, tuple[str, str, dict[str, str]]] = {
        "hello (bare Django view)": ("/hello/", "hello", {})
    }
    for label, (path, expected) in queue_pages(data).items():
        pages[label] = (path, expected, signed_in)
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in pages}
    sizes: dict[str, int] = {}
    with gunicorn(env, free_port(), args.workers, args.threads, args.connections) as (base, master):
        for label, (path, expected, headers) in pages.items():
            sizes[label] = check_page(base + path, expected, headers)
        for _ in range(args.rounds):
            for label, (path, _, headers) in pages.items():
                url = base + path
                load = os.getloadavg()[0]
                if wrk:
                    run_wrk(url, args.connections, args.warmup, script, headers)
                    cpu = server_cpu_seconds(master)
                    result = run_wrk(url, args.connections, args.duration, script, headers)
                else:
                    run_python(url, args.connections, args.warmup, headers)
                    cpu = server_cpu_seconds(master)
                    result = run_python(url, args.connections, args.duration, headers)
                result["cpu_us"] = (server_cpu_seconds(master) - cpu) / result["requests"] * 1e6
                result["load"] = load
                if result["errors"]:  # timeouts (wrk's 2 s) on a machine busy with other work
                    print(f"   {path}: {result['errors']:.0f} failed requests", flush=True)
                print(
                    f"   {label}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
                    f"p95 {result['p95']:.1f} ms, p99 {result['p99']:.1f} ms, "
                    f"server CPU {result['cpu_us']:.0f} µs/request (load average {load:.1f})",
                    flush=True,
                )
                runs[label].append(result)
    merged = {}
    for label, results in runs.items():
        median = sorted(results, key=lambda r: r["p95"])[len(results) // 2]
        merged[label] = {**median, "bytes": sizes[label]}
    return merged


# --- table 三 ----------------------------------------------------------------------------------


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def measure_table(data: dict[str, Any], repeats: int) -> dict[str, dict[str, float]]:
    """Per case (one body-year, the subtree): cold and warm timings of ``applications_table``."""
    from django.db import connection

    from gongkai.applications.statistics import applications_table
    from gongkai.organizations.models import Body
    from gongkai.organizations.selectors import bodies_subtree_ids

    year = data["today"].year - 1  # the last complete year, the one an annual report covers
    root = data["root"]
    others = list(
        Body.objects.exclude(pk=data["body"]).order_by("pk").values_list("pk", flat=True)[:repeats]
    )
    connection.close()

    def body_year(pk: int, y: int) -> Callable[[], object]:
        return lambda: applications_table(body_ids=[pk], year=y)

    def subtree(y: int) -> Callable[[], object]:
        return lambda: applications_table(body_ids=bodies_subtree_ids(root_ids={root}), year=y)

    results: dict[str, dict[str, float]] = {}
    cold: list[float] = []
    for pk in [data["body"], *others]:  # a new connection and a body not asked before
        connection.close()
        cold.append(_timed(body_year(pk, year)))
    warm = [_timed(body_year(data["body"], year)) for _ in range(repeats * 2)]
    results["body-year"] = _summary(cold, warm)
    cold = []
    for y in [year, *range(FIRST_YEAR, data["today"].year + 1)]:
        if y == year and cold:
            continue
        connection.close()
        cold.append(_timed(subtree(y)))
    warm = [_timed(subtree(year)) for _ in range(repeats)]
    results["subtree"] = _summary(cold, warm)
    results["year"] = {"year": year}
    connection.close()
    return results


def _summary(cold: list[float], warm: list[float]) -> dict[str, float]:
    return {
        "cold_median": statistics.median(cold),
        "cold_max": max(cold),
        "cold_n": len(cold),
        "warm_median": statistics.median(warm),
        "warm_max": max(warm),
        "warm_n": len(warm),
    }


def explain(data: dict[str, Any]) -> None:
    """Print the query plans of the queue's and the table's queries."""
    from django.db import connection
    from django.utils import timezone

    from gongkai.applications.models import Application
    from gongkai.applications.selectors import application_list_for_body
    from gongkai.applications.statistics import _base, _closed_in, _row_filters
    from gongkai.organizations.models import Body
    from gongkai.organizations.selectors import bodies_subtree_ids

    body = Body.objects.get(pk=data["body"])
    today = timezone.localdate()
    year = today.year - 1
    for due in ("", "overdue", "week"):
        cases = application_list_for_body(body=body, today=today, due=due)
        print(f"-- queue due={due!r}: count\n{cases.order_by().explain()}")
        print(f"-- queue due={due!r}: page\n{cases[:50].explain()}")
    for label, ids in (
        ("body-year", [body.pk]),
        ("subtree", sorted(bodies_subtree_ids(root_ids={data["root"]}))),
    ):
        from django.db.models import Count

        base = _base(ids)
        filters = _row_filters(year)
        rows = base.values("applicant_kind").annotate(
            **{f"n{k}": Count("id", filter=c) for k, c in filters.items()}
        )
        print(f"-- table {label}: rows 1, 2, 4\n{rows.order_by().explain()}")
        closed = (
            base.filter(_closed_in(year))
            .values("applicant_kind", "outcome")
            .annotate(n=Count("id"))
            .order_by()
        )
        print(f"-- table {label}: closed\n{closed.explain()}")
    print(Application.objects.count(), "applications")
    connection.close()


# --- output -----------------------------------------------------------------------------------


def markdown(
    args: argparse.Namespace,
    data: dict[str, Any],
    queue: dict[str, dict[str, Any]],
    queries: dict[str, tuple[int, int, float]],
    table: dict[str, dict[str, float]],
    wrk: bool,
) -> str:
    generator = (
        f"wrk, 2 threads, {args.connections} connections"
        if wrk
        else f"Python asyncio ({args.connections} keep-alive clients; wrk not found)"
    )
    year = int(table["year"]["year"])
    lines = [
        f"## 依申请公开 benchmark — {data['database']}",
        "",
        f"Measured on {date.today().isoformat()}: {machine()}. The server and the load generator "
        "share these cores.",
        "",
        f"Data: {data['bodies']} bodies (one city government over its departments and districts), "
        f"{data['staff']:,} staff accounts, {data['applications']:,} applications received since "
        f"{FIRST_YEAR} ({data['open']:,} open, the rest closed with a table 三 outcome), "
        f"bulk-created in {data['built_s']:.0f} s. Measured body: {data['body_name']} "
        f"({data['body_cases']:,} applications, the busiest).",
        "",
        "### Work queue `/workspace/bodies/<id>/applications/` (signed in as its 经办人)",
        "",
        f"Server: gunicorn gthread, {args.workers} workers × {args.threads} threads, at most "
        f"{per_worker(args.connections, args.workers)} connections per worker, DEBUG off. "
        f"Load: {generator}; per URL {args.warmup:g} s warm-up then {args.duration:g} s measured"
        f"{f', median of {args.rounds} rounds (by p95)' if args.rounds > 1 else ''}; "
        + (
            "every response 200."
            if not any(r["errors"] for r in queue.values())
            else "some requests failed (see errors)."
        ),
        "",
        "| URL | open cases in the view | SQL queries | size | requests/s | p50 | p95 | p99 "
        "| server CPU per request | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in queue.items():
        n, listed, _ = queries.get(label, (0, -1, 0.0))
        lines.append(
            f"| {label} | {listed if listed >= 0 else '—'} | {n or '—'} | "
            f"{r['bytes'] / 1024:.1f} KiB | {r['rps']:,.0f} | {r['p50']:.1f} ms | "
            f"{r['p95']:.1f} ms | {r['p99']:.1f} ms | {r['cpu_us']:.0f} µs | {r['errors']:.0f} |"
        )
    loads = [r["load"] for r in queue.values()]
    lines += [
        "",
        f"Load average at the start of the median rounds {min(loads):.1f}–{max(loads):.1f} on "
        f"{os.cpu_count()} cores.",
        "",
        f"### Table 三 (`applications_table`), year {year}",
        "",
        "| scope | cold median | cold max | warm median | warm max |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in (
        ("body-year", f"one body-year ({data['body_name']})"),
        ("subtree", f"{data['bodies']}-body subtree (the city government's, ids included)"),
    ):
        t = table[key]
        lines.append(
            f"| {label} | {t['cold_median']:.1f} ms | {t['cold_max']:.1f} ms | "
            f"{t['warm_median']:.1f} ms | {t['warm_max']:.1f} ms |"
        )
    body_cold = table["body-year"]["cold_n"]
    subtree_cold = table["subtree"]["cold_n"]
    lines += [
        "",
        f"Cold: the first call on a new database connection, over {body_cold:.0f} bodies (one "
        f"body-year) or {subtree_cold:.0f} years (subtree) not asked before on that connection; "
        "the database's own cache and the operating system's are not emptied. Warm: "
        f"{table['body-year']['warm_n']:.0f} and {table['subtree']['warm_n']:.0f} repeated calls.",
        "",
    ]
    queue_p95 = max(r["p95"] for label, r in queue.items() if label.startswith("work queue"))
    body_max = max(table["body-year"]["cold_max"], table["body-year"]["warm_max"])
    subtree_max = max(table["subtree"]["cold_max"], table["subtree"]["warm_max"])
    verdicts = [
        f"work queue p95 < {TARGET_QUEUE_P95_MS:.0f} ms "
        f"{'met' if queue_p95 < TARGET_QUEUE_P95_MS else 'NOT met'} ({queue_p95:.1f} ms)",
        f"table 三 one body-year < {TARGET_BODY_YEAR_MS:.0f} ms "
        f"{'met' if body_max < TARGET_BODY_YEAR_MS else 'NOT met'} (max {body_max:.1f} ms)",
        f"table 三 subtree < {TARGET_SUBTREE_MS / 1000:.0f} s "
        f"{'met' if subtree_max < TARGET_SUBTREE_MS else 'NOT met'} (max {subtree_max:.0f} ms)",
    ]
    lines.append("Targets: " + "; ".join(verdicts) + ".")
    return "\n".join(lines) + "\n"


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--database-url", help="postgres://… (dropped and created); SQLite by default"
    )
    parser.add_argument("--bodies", type=int, default=200)
    parser.add_argument("--applications", type=int, default=500_000)
    parser.add_argument("--open-share", type=float, default=0.06)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per URL")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each measure")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the URLs (median kept)")
    parser.add_argument("--repeats", type=int, default=10, help="table 三 calls per measure")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--explain", action="store_true", help="print the query plans too")
    parser.add_argument("--no-write", action="store_true", help="print only; keep bench/results")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-applications-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    kind = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "pages_settings",
        "GONGKAI_VAR_DIR": str(tmp),
        "SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GONGKAI_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    wrk = shutil.which("wrk")
    script = tmp / "done.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    try:
        with postgres_database(url) if kind == "postgresql" else _nothing():
            data = build_database(args.bodies, args.applications, args.open_share)
            print(
                f"== {data['database']}: {data['bodies']} bodies, {data['applications']:,} "
                f"applications ({data['open']:,} open), built in {data['built_s']:.0f} s; "
                f"queue of {data['body_name']} ({data['body_cases']:,} cases)",
                flush=True,
            )
            if args.explain:
                explain(data)
            table = measure_table(data, args.repeats)
            for key in ("body-year", "subtree"):
                print(f"   table 三 {key}: {table[key]}", flush=True)
            queries = queue_queries(data)
            for label, (n, listed, took) in queries.items():
                print(f"   {label}: {n} queries, {listed} cases, {took:.1f} ms alone", flush=True)
            queue = measure_queue(args, env, data, wrk, script)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = markdown(args, data, queue, queries, table, wrk is not None)
    print(report)
    if not args.no_write:
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / f"applications-{kind}.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
