"""Benchmark: the public pages under 20 concurrent clients, next to a bare Django "hello" view.

    .venv/bin/python bench/bench_pages.py [--database-url URL] [--duration 10] [--rounds 1]

Builds a fresh database (SQLite in a temporary directory by default; with
``--database-url postgres://postgres@127.0.0.1:5432/gongkai_bench`` that PostgreSQL database is
dropped and created) holding a realistic tree of 5,000 bodies — 31 city governments over their
departments and districts, each district over its departments, 街道 and 乡镇, every body with its
division and contact block — and 50,000 people with 60,000 memberships. Then serves the platform
with gunicorn (gthread, DEBUG off; ``bench/pages_urls.py`` adds ``/hello/`` to the production
URLs) and measures each URL with ``wrk`` (20 connections, a warm-up, then a fixed duration; a Lua
``done`` hook prints the latency percentiles): the hello view, the home page, a district
government's 专栏 page and its region page.

Prints a Markdown table and writes it to ``bench/results/pages-<sqlite|postgresql>.md``. Without
``wrk`` on the PATH (``make bench-pages`` installs it) a Python load generator is used instead,
and the results say so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
BIN = Path(sys.executable).parent

# One worker per core, a few threads each: two processes keep both cores busy (the load
# generator shares them), threads overlap database round trips and socket writes; more threads
# per worker only queue on the GIL. Each worker takes at most its share of the keep-alive
# connections (``--worker-connections``): left alone, the kernel may hand most of them to one
# worker, and the run then measures one core (such runs give about 1,400 req/s for any URL).
WORKERS = 2
THREADS = 4

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "errors": %d, "non2xx": %d, '
    .. '"p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""

CITIES = [
    ("吉林省", "长春市", "0431", "130"),
    ("河南省", "洛阳市", "0379", "471"),
    ("河北省", "石家庄市", "0311", "050"),
    ("山西省", "太原市", "0351", "030"),
    ("辽宁省", "沈阳市", "024", "110"),
    ("黑龙江省", "哈尔滨市", "0451", "150"),
    ("江苏省", "南京市", "025", "210"),
    ("浙江省", "杭州市", "0571", "310"),
    ("安徽省", "合肥市", "0551", "230"),
    ("福建省", "福州市", "0591", "350"),
    ("江西省", "南昌市", "0791", "330"),
    ("山东省", "济南市", "0531", "250"),
    ("湖北省", "武汉市", "027", "430"),
    ("湖南省", "长沙市", "0731", "410"),
    ("广东省", "广州市", "020", "510"),
    ("广西壮族自治区", "南宁市", "0771", "530"),
    ("海南省", "海口市", "0898", "570"),
    ("四川省", "成都市", "028", "610"),
    ("贵州省", "贵阳市", "0851", "550"),
    ("云南省", "昆明市", "0871", "650"),
    ("陕西省", "西安市", "029", "710"),
    ("甘肃省", "兰州市", "0931", "730"),
    ("青海省", "西宁市", "0971", "810"),
    ("宁夏回族自治区", "银川市", "0951", "750"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "0991", "830"),
    ("内蒙古自治区", "呼和浩特市", "0471", "010"),
    ("西藏自治区", "拉萨市", "0891", "850"),
    ("辽宁省", "大连市", "0411", "116"),
    ("山东省", "青岛市", "0532", "266"),
    ("浙江省", "宁波市", "0574", "315"),
    ("广东省", "深圳市", "0755", "518"),
]
DISTRICTS = ["城关", "新城", "东城", "西城", "南湖", "北湖", "高新", "江北", "经开", "临港", "滨海"]
DEPARTMENTS = [
    "发展和改革局",
    "教育局",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委员会",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
]
STREETS = ["人民", "解放", "和平", "建设", "胜利", "文化", "朝阳", "光明", "新华", "友谊"]
TOWNS = ["东风", "红旗", "前进", "永安", "太平", "长兴", "新兴", "丰收"]
ROADS = ["人民大街", "解放路", "建设路", "中山路", "文化路", "和平大道", "新华路", "友谊路"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红文斌"
CITY_DEPARTMENTS = 20
DISTRICT_DEPARTMENTS = 13
DISTRICT_STREETS = 4
DISTRICT_TOWNS = 2


@dataclass
class Plan:
    """A body to create; ``parent`` indexes an earlier plan."""

    name: str
    kind: str
    division: str
    parent: int | None
    area: str
    postcode: str
    regulation_power: bool = False


def body_plans(count: int) -> list[Plan]:
    """``count`` bodies, parents first: cities, city departments, then districts round-robin."""
    plans: list[Plan] = []
    cities: list[int] = []
    for province, city, area, postcode in CITIES:
        cities.append(len(plans))
        plans.append(
            Plan(f"{city}人民政府", "人民政府", province + city, None, area, postcode + "000", True)
        )
    for c, (province, city, area, postcode) in enumerate(CITIES):
        for department in DEPARTMENTS[:CITY_DEPARTMENTS]:
            plans.append(
                Plan(
                    city + department,
                    "政府部门",
                    province + city,
                    cities[c],
                    area,
                    postcode + "000",
                )
            )
    d = 0
    while len(plans) < count:
        c = d % len(CITIES)
        province, city, area, postcode = CITIES[c]
        district = DISTRICTS[(d // len(CITIES)) % len(DISTRICTS)] + "区"
        division = province + city + district
        code = f"{postcode}{(d // len(CITIES)) % 100:02d}0"
        top = len(plans)
        plans.append(Plan(f"{city}{district}人民政府", "人民政府", division, cities[c], area, code))
        for department in DEPARTMENTS[:DISTRICT_DEPARTMENTS]:
            plans.append(Plan(district + department, "政府部门", division, top, area, code))
        for street in STREETS[:DISTRICT_STREETS]:
            plans.append(
                Plan(f"{district}{street}街道办事处", "街道办事处", division, top, area, code)
            )
        for town in TOWNS[:DISTRICT_TOWNS]:
            plans.append(
                Plan(f"{district}{town}镇人民政府", "乡镇人民政府", division, top, area, code)
            )
        d += 1
    return plans[:count]


def build_database(database_url: str, bodies: int, people: int) -> dict[str, Any]:
    """Migrate, then bulk-create the bodies and the people; returns what the benchmark opens."""
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)

    from django.contrib.auth.hashers import make_password

    from gongkai.organizations.models import Body, Membership, Role, User

    rng = random.Random(3)
    plans = body_plans(bodies)
    # Parents are created before their children: three levels, one bulk insert each.
    levels: dict[int, list[int]] = {}
    depth: list[int] = []
    for i, plan in enumerate(plans):
        depth.append(0 if plan.parent is None else depth[plan.parent] + 1)
        levels.setdefault(depth[i], []).append(i)
    by_index: dict[int, Body] = {}
    for level in sorted(levels):
        batch = []
        for i in levels[level]:
            plan = plans[i]
            road = rng.choice(ROADS)
            batch.append(
                Body(
                    name=plan.name,
                    short_name=plan.name.removesuffix("人民政府").removesuffix("办事处"),
                    kind=plan.kind,
                    parent=None if plan.parent is None else by_index[plan.parent],
                    division=plan.division,
                    address=f"{plan.division}{road}{rng.randint(1, 3000)}号",
                    phone=f"{plan.area}-{rng.randint(80000000, 89999999)}",
                    postcode=plan.postcode,
                    website="" if rng.random() < 0.3 else f"http://www.b{i}.gov.cn/",
                    has_regulation_power=plan.regulation_power,
                )
            )
        created = Body.objects.bulk_create(batch, batch_size=1000)
        for i, body in zip(levels[level], created, strict=True):
            by_index[i] = body
    body_ids = [body.pk for body in by_index.values()]

    password = make_password("bench-password-1")  # hashed once, shared by every account
    users = [
        User(
            username=f"user{n:05d}",
            full_name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))),
            email=f"user{n:05d}@example.gov.cn",
            password=password,
        )
        for n in range(people)
    ]
    users = User.objects.bulk_create(users, batch_size=2000)
    roles = (
        [Role.CLERK] * 5 + [Role.REVIEWER] * 2 + [Role.APPROVER, Role.BODY_ADMIN, Role.SUPERVISOR]
    )
    memberships = []
    for n, user in enumerate(users):
        held = {(rng.choice(body_ids), rng.choice(roles))}
        if n % 5 == 0:  # one person in five holds a second role, often in another body
            held.add((rng.choice(body_ids), rng.choice(roles)))
        memberships += [Membership(user=user, body_id=b, role=r) for b, r in held]
    Membership.objects.bulk_create(memberships, batch_size=2000)

    districts = [i for i in levels.get(1, []) if plans[i].kind == "人民政府"]
    middle = districts[len(districts) // 2]
    district = by_index[middle]
    city = by_index[plans[middle].parent or 0]
    staff = Membership.objects.filter(body=district).select_related("user").first()
    if staff is None:
        staff = Membership.objects.create(user=users[0], body=district, role=Role.CLERK)
    summary = {
        "session": signed_in_session(staff.user),
        "bodies": Body.objects.count(),
        "people": User.objects.count(),
        "memberships": Membership.objects.count(),
        "column_body": (district.pk, district.name),
        "region": city.division,
        "database": database_label(connection),
    }
    connection.close()
    return summary


def signed_in_session(user: Any) -> str:
    """A session key for ``user``, as after signing in (the pages then render per request)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


def database_label(connection: Any) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("show server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"


@contextmanager
def postgres_database(url: str) -> Iterator[None]:
    """Drop and create the database named in ``url``; drop it again afterwards."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))

    def run(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql)

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0")
    try:
        yield
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def per_worker(connections: int, workers: int) -> int:
    return -(-connections // workers)


@contextmanager
def gunicorn(
    env: dict[str, str], port: int, workers: int, threads: int, connections: int
) -> Iterator[tuple[str, int]]:
    """Serve the platform (with ``/hello/``) on ``port``; stop the server afterwards."""
    command = [
        str(BIN / "gunicorn"),
        "gongkai.web.wsgi:application",
        "--pythonpath",
        str(BENCH_DIR),
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-connections",
        str(per_worker(connections, workers)),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/hello/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        yield base, server.pid
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def server_cpu_seconds(master: int) -> float:
    """CPU time (user + system) the gunicorn workers of ``master`` have used so far."""
    ticks = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def fetch(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return bytes(response.read())


def check_page(url: str, expected: str, headers: dict[str, str]) -> int:
    """Fetch ``url`` once: it must answer 200 with ``expected`` in it; returns its size."""
    try:
        body = fetch(url, headers)
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{url} answered {error.code}") from None
    if expected not in body.decode():
        raise SystemExit(f"{url} does not contain {expected!r}")
    return len(body)


def run_wrk(
    url: str, connections: int, seconds: float, script: Path, headers: dict[str, str]
) -> dict[str, float]:
    command = [
        "wrk",
        *(f"-H{name}: {value}" for name, value in headers.items()),
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "-s",
        str(script),
        url,
    ]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    data = json.loads(next(line for line in out.splitlines() if line.startswith("{")))
    return {
        "requests": data["requests"],
        "rps": data["requests"] / (data["duration_us"] / 1e6),
        "p50": data["p50_us"] / 1000,
        "p95": data["p95_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "errors": data["errors"] + data["non2xx"],
    }


def run_python(
    url: str, connections: int, seconds: float, headers: dict[str, str]
) -> dict[str, float]:
    """The fallback load generator: ``connections`` keep-alive clients in one asyncio loop."""
    parts = urlsplit(url)
    lines = [f"GET {parts.path or '/'} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    latencies: list[float] = []
    errors = 0

    async def client(stop: float) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        while time.perf_counter() < stop:
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            if not head.startswith(b"HTTP/1.1 200"):
                errors += 1
            latencies.append(time.perf_counter() - start)
        writer.close()

    async def main() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(client(start + seconds) for _ in range(connections)))
        return time.perf_counter() - start

    elapsed = asyncio.run(main())
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "errors": errors,
    }


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    ram = f"{mem_kib / 1024 / 1024:.0f} GiB RAM"
    return f"{model}, {os.cpu_count()} cores, {ram}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--database-url", help="postgres://… (dropped and created); SQLite by default"
    )
    parser.add_argument("--bodies", type=int, default=5000)
    parser.add_argument("--people", type=int, default=50000)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured per URL")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each measure")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over the URLs (median kept)")
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--no-write", action="store_true", help="print only; keep bench/results")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-pages-"))
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
    }
    os.environ.update(env)
    sys.path.insert(0, str(BENCH_DIR))
    wrk = shutil.which("wrk")
    script = tmp / "done.lua"
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    try:
        with postgres_database(url) if kind == "postgresql" else _nothing():
            started = time.perf_counter()
            data = build_database(url, args.bodies, args.people)
            built = time.perf_counter() - started
            print(
                f"== {data['database']}: {data['bodies']:,} bodies, {data['people']:,} people, "
                f"{data['memberships']:,} memberships (built in {built:.0f} s)",
                flush=True,
            )
            results, cold = measure(args, env, data, wrk, script)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report = markdown(args, data, results, cold, wrk is not None)
    print(report)
    if not args.no_write:
        RESULTS_DIR.mkdir(exist_ok=True)
        (RESULTS_DIR / f"pages-{kind}.md").write_text(report, encoding="utf-8")


@contextmanager
def _nothing() -> Iterator[None]:
    yield


@dataclass
class Page:
    """A URL to measure, a text its answer must hold, and the request headers."""

    path: str
    expected: str
    headers: dict[str, str] = field(default_factory=dict)


def measure(
    args: argparse.Namespace,
    env: dict[str, str],
    data: dict[str, Any],
    wrk: str | None,
    script: Path,
) -> tuple[dict[str, dict[str, Any]], dict[str, float]]:
    """Per URL: the median round's figures; and the first answer after a change (ms)."""
    body_id, body_name = data["column_body"]
    column = f"/bodies/{body_id}/"
    region = f"/regions/{quote(data['region'])}/"
    signed_in = {"Cookie": f"sessionid={data['session']}"}
    pages = {
        "hello (bare Django view)": Page("/hello/", "hello"),
        "home `/`": Page("/", "平台上共有"),
        f"专栏 `/bodies/<id>/` ({body_name})": Page(column, f"{body_name}政府信息公开专栏"),
        f"region `/regions/<name>/` ({data['region']})": Page(region, f"{data['region']}共有"),
        "专栏, signed in (rendered per request)": Page(column, "退出登录", signed_in),
    }
    runs: dict[str, list[dict[str, float]]] = {label: [] for label in pages}
    sizes: dict[str, int] = {}
    with gunicorn(env, free_port(), args.workers, args.threads, args.connections) as (base, master):
        for label, page in pages.items():
            sizes[label] = check_page(base + page.path, page.expected, page.headers)
        for _ in range(args.rounds):
            for label, page in pages.items():
                url = base + page.path
                load = os.getloadavg()[0]
                if wrk:
                    run_wrk(url, args.connections, args.warmup, script, page.headers)
                    cpu = server_cpu_seconds(master)
                    result = run_wrk(url, args.connections, args.duration, script, page.headers)
                else:
                    run_python(url, args.connections, args.warmup, page.headers)
                    cpu = server_cpu_seconds(master)
                    result = run_python(url, args.connections, args.duration, page.headers)
                result["cpu_us"] = (server_cpu_seconds(master) - cpu) / result["requests"] * 1e6
                result["load"] = load
                if result["errors"]:
                    raise SystemExit(f"{page.path}: {result['errors']:.0f} failed requests")
                print(
                    f"   {label}: {result['rps']:.0f} req/s, p95 {result['p95']:.1f} ms, "
                    f"server CPU {result['cpu_us']:.0f} µs/request (load average {load:.1f})",
                    flush=True,
                )
                runs[label].append(result)
        cold = first_answers_after_a_change(base, {"home `/`": "/", "region page": region})
    merged: dict[str, dict[str, Any]] = {}
    for label, results in runs.items():
        median = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
        merged[label] = {**median, "bytes": sizes[label]}
    return merged, cold


def first_answers_after_a_change(base: str, paths: dict[str, str]) -> dict[str, float]:
    """Give the directory a new version, then time the first answer of each path (ms)."""
    from django.db import connection

    from gongkai.portal.selectors import VERSION_SECONDS
    from gongkai.portal.services import directory_version_bump

    times = {}
    for label, path in paths.items():
        directory_version_bump()  # as when a body is saved (autocommit: committed at once)
        time.sleep(VERSION_SECONDS + 0.2)  # until the workers read the version again
        started = time.perf_counter()
        fetch(base + path, {})
        times[label] = (time.perf_counter() - started) * 1000
    connection.close()
    return times


def markdown(
    args: argparse.Namespace,
    data: dict[str, Any],
    results: dict[str, dict[str, Any]],
    cold: dict[str, float],
    wrk: bool,
) -> str:
    hello = next(iter(results.values()))["rps"]
    generator = (
        f"wrk, 2 threads, {args.connections} connections"
        if wrk
        else f"Python asyncio ({args.connections} keep-alive clients; wrk not found)"
    )
    lines = [
        f"## Page benchmark — {data['database']}",
        "",
        f"Measured on {date.today().isoformat()}: {machine()}. The server and the load generator "
        "share these cores.",
        "",
        f"Data: {data['bodies']:,} bodies, {data['people']:,} people, {data['memberships']:,} "
        f"memberships. Server: gunicorn gthread, {args.workers} workers × {args.threads} threads, "
        f"at most {per_worker(args.connections, args.workers)} connections per worker, DEBUG off. "
        f"Load: {generator}; per URL {args.warmup:g} s warm-up then {args.duration:g} s "
        f"measured{f', median of {args.rounds} rounds' if args.rounds > 1 else ''}; every response "
        "200.",
        "",
        "| URL | size | requests/s | vs hello | p50 | p95 | p99 | server CPU per request |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, r in results.items():
        lines.append(
            f"| {label} | {r['bytes'] / 1024:.1f} KiB | {r['rps']:,.0f} | {r['rps'] / hello:.0%} | "
            f"{r['p50']:.1f} ms | {r['p95']:.1f} ms | {r['p99']:.1f} ms | {r['cpu_us']:.0f} µs |"
        )
    loads = [r["load"] for r in results.values()]
    lines += [
        "",
        "Anonymous visitors get these pages from Django's cache, rendered once per directory "
        "version (a body saved or deleted anywhere gives a new one); the signed-in row renders the "
        "专栏 page on every request (session, user and body queries, then the templates) and is "
        "given for information. First answer after a change (caches cold): "
        + ", ".join(f"{label} {ms:.0f} ms" for label, ms in cold.items())
        + ". Server CPU per request is the gunicorn workers' user + system time over the requests "
        "served: steadier than requests/s on a shared machine (load average during the median "
        f"rounds {min(loads):.1f}–{max(loads):.1f} on 2 cores).",
    ]
    lines.append("")
    verdicts = []
    for label, r in list(results.items())[1:3]:
        ok = r["rps"] >= 0.5 * hello and r["p95"] < 100
        verdicts.append(f"{label.split(' ')[0]} {'met' if ok else 'NOT met'}")
    lines.append(
        "Targets (≥ 50% of hello's requests/s, p95 < 100 ms) for the home and 专栏 pages: "
        + "; ".join(verdicts)
        + "."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
