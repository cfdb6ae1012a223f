"""Benchmark: the search index over generated published items, on SQLite and PostgreSQL.

    .venv/bin/python bench/bench_search.py [--database-url URL] [--items 20000] [--bodies 20]

Builds a fresh database (SQLite in a temporary directory by default; with ``--database-url
postgres://postgres@127.0.0.1:5432/gongkai_search_bench`` that database is dropped, created and
dropped again at the end), bulk-creates ``--items`` published items (titles of 15–30 and texts of
about 600 Chinese characters drawn from a vocabulary of government words, with 文号), then:

* times ``manage.py search_rebuild`` (all entries, in batches) and reports the index's size
  (SQLite: the FTS5 shadow tables, from the file's pages; PostgreSQL: the GIN index and the
  entry table with its generated ``document`` column);
* times ``search_publications`` (first page, site-wide and for one body) for a few queries:
  median and max of 20 runs each.

Prints Markdown and writes it to ``bench/results/search-<sqlite|postgresql>.md``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
WORDS = [
    "政府",
    "信息",
    "公开",
    "最低",
    "生活",
    "保障",
    "城乡",
    "低保",
    "对象",
    "名单",
    "公示",
    "道路",
    "维修",
    "工程",
    "招标",
    "采购",
    "预算",
    "决算",
    "财政",
    "资金",
    "使用",
    "情况",
    "行政",
    "许可",
    "处罚",
    "强制",
    "收费",
    "标准",
    "教育",
    "医疗",
    "卫生",
    "养老",
    "服务",
    "补贴",
    "发放",
    "就业",
    "创业",
    "扶持",
    "政策",
    "解读",
    "规划",
    "计划",
    "土地",
    "征收",
    "补偿",
    "安置",
    "房屋",
    "拆迁",
    "环境",
    "保护",
    "监测",
    "安全",
    "生产",
    "检查",
    "应急",
    "管理",
    "救灾",
    "物资",
    "农村",
    "农业",
    "补助",
    "种粮",
    "农民",
    "合作社",
    "社会",
    "救助",
    "残疾人",
    "优抚",
    "退役",
    "军人",
    "住房",
    "保障性",
    "租赁",
    "公积金",
    "交通",
    "运输",
    "水利",
    "防汛",
    "抗旱",
    "文化",
    "旅游",
    "体育",
    "民政",
    "婚姻",
    "登记",
    "户籍",
    "人口",
    "统计",
    "公告",
    "通知",
    "办法",
    "意见",
    "方案",
    "报告",
    "工作",
    "要点",
    "总结",
    "会议",
    "纪要",
    "人事",
    "任免",
    "机构",
    "职能",
    "设置",
    "领导",
    "分工",
]


def _text(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    length = 0
    while length < chars:
        word = rng.choice(WORDS)
        out.append(word)
        length += len(word)
        if rng.random() < 0.12:
            out.append("，" if rng.random() < 0.7 else "。")
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--bodies", type=int, default=20)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gongkai-search-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    pg_name = ""
    if url.startswith("postgres"):
        pg_name = url.rsplit("/", 1)[1]
        base = ["-h", "127.0.0.1", "-U", "postgres"]
        subprocess.run(["dropdb", *base, "--if-exists", pg_name], check=True)
        subprocess.run(
            ["createdb", *base, "-E", "UTF8", "--locale=C.UTF-8", "-T", "template0", pg_name],
            check=True,
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    os.environ.setdefault("GONGKAI_VAR_DIR", str(tmp))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.organizations.models import BodyKind
    from gongkai.organizations.services import body_create
    from gongkai.publications.models import Publication, Status
    from gongkai.search.selectors import search_publications
    from gongkai.search.services import index_rebuild

    try:
        call_command("migrate", verbosity=0)
        rng = random.Random(20261123)
        bodies = [
            body_create(name=f"测试{n}镇人民政府", kind=BodyKind.TOWNSHIP)
            for n in range(args.bodies)
        ]
        start_day = date(2021, 1, 1)
        rows = []
        for n in range(args.items):
            body = bodies[n % len(bodies)]
            day = start_day + timedelta(days=rng.randrange(0, 1900))
            rows.append(
                Publication(
                    body=body,
                    index_number=f"B{body.pk}-{day.year}-{n:06d}",
                    year=day.year,
                    seq=n + 1,
                    title=_text(rng, rng.randrange(15, 31)),
                    issuer=body.name,
                    formed_on=day,
                    published_on=day,
                    document_number=f"测政发〔{day.year}〕{rng.randrange(1, 200)}号",
                    summary=_text(rng, 60),
                    body_html="".join(f"<p>{_text(rng, 100)}</p>" for _ in range(5)),
                    status=Status.PUBLISHED,
                    secrecy="不涉密",
                )
            )
        Publication.objects.bulk_create(rows, batch_size=2000)
        del rows

        result = index_rebuild()
        vendor = connection.vendor
        with connection.cursor() as cursor:
            if vendor == "sqlite":
                cursor.execute("PRAGMA page_size")
                page_size = cursor.fetchone()[0]
                try:
                    cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%%'")
                    fts_bytes = int(cursor.fetchone()[0])
                    cursor.execute(
                        "SELECT sum(pgsize) FROM dbstat WHERE name = 'search_searchentry'"
                    )
                    table_bytes = int(cursor.fetchone()[0])
                    sizes = (
                        f"FTS5 tables {fts_bytes / 2**20:.1f} MiB; entry table "
                        f"{table_bytes / 2**20:.1f} MiB (tokens + text)"
                    )
                except Exception:  # dbstat not compiled in
                    cursor.execute("SELECT sum(length(block)) FROM search_fts_data")
                    fts_bytes = int(cursor.fetchone()[0])
                    sizes = f"FTS5 data blocks {fts_bytes / 2**20:.1f} MiB (page size {page_size})"
            else:
                cursor.execute(
                    "SELECT pg_relation_size('search_entry_document'), "
                    "pg_total_relation_size('search_searchentry')"
                )
                gin, total = cursor.fetchone()
                sizes = (
                    f"GIN index {gin / 2**20:.1f} MiB; entry table with tokens, text, "
                    f"tsvector and indexes {total / 2**20:.1f} MiB"
                )
        timings = []
        for query in ("低保", "最低生活保障", "道路维修 招标", "〔2022〕12号", "补", "合作社 退役"):
            for body_ids in (None, [bodies[0].pk]):
                runs = []
                found = None
                for _ in range(20):
                    started = time.perf_counter()
                    found = search_publications(query=query, body_ids=body_ids)
                    runs.append((time.perf_counter() - started) * 1000)
                assert found is not None
                where = "全站" if body_ids is None else "一个机关"
                total = f"{found.total}{'+' if found.total_capped else ''}"
                timings.append(
                    f"| {query} | {where} | {total} | {statistics.median(runs):.1f} | "
                    f"{max(runs):.1f} |"
                )
        lines = [
            f"# Search index — {vendor}",
            "",
            f"{args.items} published items over {args.bodies} bodies (title 15–30 characters, "
            "summary 60, body about 500; generated from a vocabulary of government words).",
            "",
            f"- `search_rebuild`: {result.entries} entries in {result.seconds:.1f} s "
            f"({result.entries / result.seconds:.0f} per second)",
            f"- index size: {sizes}",
            "",
            "| query | scope | hits | median ms | max ms |",
            "|---|---|---|---|---|",
            *timings,
        ]
        report = "\n".join(lines) + "\n"
        print(report)
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / f"search-{vendor}.md").write_text(report, encoding="utf-8")
    finally:
        connection.close()
        if pg_name:
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", pg_name],
                check=False,
            )
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
