"""Benchmark: the daily reminder job of 依申请公开 over every open case.

    .venv/bin/python bench/bench_reminders.py [--applications 500000] [--bodies 200]
        [--open-share 0.06] [--database-url URL]

Builds a fresh database (SQLite in a temporary directory by default; with
``--database-url postgres://postgres@127.0.0.1:5432/gongkai_bench_reminders`` that PostgreSQL
database is dropped and created), bulk-creates the bodies (each with two 经办人, one 审发人 and
one 机关管理员, all with e-mail addresses) and the applications — ``--open-share`` of them open
(due dates spread from 15 days ago to 25 days ahead, one in ten unassigned, 3 % with a stopped
clock that the job replays from the ledger), the rest archived — then times
``applications.reminders.reminders_run`` on a Monday (reminders and the weekly digest), a second
run the same day (idempotent: writes nothing) and a run the next day. E-mails go to Django's
in-memory backend, so the figures are the job's own work, not an SMTP server's.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MONDAY = date(2026, 6, 15)  # an ordinary working Monday in the built-in calendar
BATCH = 10_000


def _fresh_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _build(applications: int, bodies: int, open_share: float) -> tuple[int, float]:
    from django.utils import timezone

    from gongkai.applications.models import (
        Application,
        ClockEntry,
        ClockEventKind,
        Status,
    )
    from gongkai.organizations.models import Body, BodyKind, Membership, Role, User

    rng = random.Random(20260615)
    started = time.perf_counter()
    Body.objects.bulk_create(
        Body(name=f"测试机关{i:03d}", kind=BodyKind.TOWNSHIP) for i in range(bodies)
    )
    body_ids = list(Body.objects.values_list("pk", flat=True))
    users = []
    roles = []
    for body_id in body_ids:
        for suffix, role in (
            ("c1", Role.CLERK),
            ("c2", Role.CLERK),
            ("ap", Role.APPROVER),
            ("ad", Role.BODY_ADMIN),
        ):
            username = f"b{body_id}-{suffix}"
            users.append(User(username=username, email=f"{username}@bench.invalid"))
            roles.append((username, body_id, role))
    User.objects.bulk_create(users, batch_size=BATCH)
    user_ids = dict(User.objects.values_list("username", "pk"))
    Membership.objects.bulk_create(
        (Membership(user_id=user_ids[u], body_id=b, role=r) for u, b, r in roles),
        batch_size=BATCH,
    )
    now = timezone.now()
    open_count = 0
    rows: list[Application] = []
    stopped: list[str] = []
    for i in range(applications):
        body_id = body_ids[i % len(body_ids)]
        is_open = rng.random() < open_share
        number = f"B{i:09d}"
        received = MONDAY - timedelta(days=rng.randint(0, 40) if is_open else rng.randint(40, 900))
        due: date | None = received + timedelta(days=28)
        assignee = user_ids[f"b{body_id}-c1"] if rng.random() < 0.9 else None
        status = Status.ARCHIVED
        if is_open:
            open_count += 1
            status = rng.choice((Status.PROCESSING, Status.REVIEW, Status.REPLY_REVIEW))
            if rng.random() < 0.03:
                status, due = Status.PROCESSING, None
                stopped.append(number)
        rows.append(
            Application(
                body_id=body_id,
                number=number,
                query_code_hash="x" * 64,
                status=status,
                applicant_kind="自然人",
                name="测试",
                id_type="居民身份证",
                id_number="11010519491231002X",
                phone="13800138000",
                description="测试",
                form="电子",
                delivery="网上",
                channel="网上",
                received_on=received,
                due_on=due,
                assignee_id=assignee,
                created_at=now,
            )
        )
        if len(rows) == BATCH:
            Application.objects.bulk_create(rows)
            rows = []
    Application.objects.bulk_create(rows)
    stopped_rows = Application.objects.filter(number__in=stopped).values_list("pk", "received_on")
    entries = []
    for pk, received in stopped_rows:
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
    return open_count, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=500_000)
    parser.add_argument("--bodies", type=int, default=200)
    parser.add_argument("--open-share", type=float, default=0.06)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
        if url.startswith("postgres"):
            _fresh_postgres(url)
        os.environ["DATABASE_URL"] = url
        os.environ["GONGKAI_VAR_DIR"] = tmp
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
        os.environ.setdefault("GONGKAI_LOG_LEVEL", "WARNING")
        import django

        django.setup()
        from django.core import mail
        from django.core.management import call_command
        from django.db import connection

        from gongkai.applications.reminders import reminders_run

        call_command("migrate", verbosity=0)
        open_count, built = _build(args.applications, args.bodies, args.open_share)
        engine = connection.vendor
        print(
            f"{engine}: {args.applications:,} applications, {args.bodies} bodies, "
            f"{open_count:,} open (built in {built:.1f} s)"
        )
        mail.outbox = []
        for label, day in (
            ("Monday (reminders + digest)", MONDAY),
            ("Monday again (idempotent)", MONDAY),
            ("Tuesday", MONDAY + timedelta(days=1)),
        ):
            started = time.perf_counter()
            result = reminders_run(today=day)
            took = time.perf_counter() - started
            print(
                f"  {label:30s} {took:6.2f} s  cases {result.open_cases:,}, "
                f"replayed {result.recomputed:,}, notices {result.notices:,} "
                f"(digests {result.digests}), e-mails {result.emails:,}"
            )
        print(f"  finished {datetime.now():%Y-%m-%d %H:%M}")


if __name__ == "__main__":
    main()
