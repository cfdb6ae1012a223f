"""索引号 under concurrency: clerks creating items at the same moment never share a number.

Each thread has its own database connection and creates items through the real service; a barrier
releases them together. On PostgreSQL the counter row's lock makes the others wait: no creation
fails. SQLite serializes writers with one database lock; the tests' in-memory database (shared
cache) refuses a second writer at once ("database table is locked") instead of waiting as a file
database does with its busy timeout, so there a refused creation is retried, as a clerk would
press 保存 again. Both engines must give distinct, gap-free numbers (decision 主动公开 14).
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import OperationalError, connection

from gongkai.organizations.models import Body, BodyKind, Role, User
from gongkai.organizations.services import body_create, membership_grant, user_create
from gongkai.publications import services
from gongkai.publications.models import IndexCounter, Publication
from gongkai.publications.services import PublicationDraft

THREADS = 6
EACH = 3


def _create_many(
    body: Body, clerk: User, barrier: threading.Barrier, errors: list[str], refused: list[int]
) -> None:
    try:
        barrier.wait(timeout=30)
        for i in range(EACH):
            while True:
                try:
                    services.publication_create(
                        body=body,
                        actor=clerk,
                        draft=PublicationDraft(title=f"并发拟稿 {i}", formed_on=date(2026, 1, 5)),
                    )
                    break
                except OperationalError as error:
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    refused.append(1)
    except Exception as error:  # reported to the main thread, which fails the test
        errors.append(repr(error))
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_gives_distinct_numbers() -> None:
    county = body_create(name="并发县人民政府", kind=BodyKind.GOVERNMENT)
    town = body_create(name="并发镇人民政府", kind=BodyKind.TOWNSHIP, parent=county)
    clerks = []
    for n in range(THREADS):
        clerk = user_create(username=f"clerk{n}", password="concurrent-password-1")
        membership_grant(user=clerk, body=town, role=Role.CLERK)
        clerks.append(clerk)
    barrier = threading.Barrier(THREADS)
    errors: list[str] = []
    refused: list[int] = []
    threads = [
        threading.Thread(target=_create_many, args=(town, clerk, barrier, errors, refused))
        for clerk in clerks
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    if connection.vendor == "postgresql":
        assert refused == []  # the others waited for the row lock
    year = Publication.objects.filter(body=town).values_list("year", flat=True).first()
    seqs = sorted(Publication.objects.filter(body=town).values_list("seq", flat=True))
    assert seqs == list(range(1, THREADS * EACH + 1))
    numbers = set(Publication.objects.filter(body=town).values_list("index_number", flat=True))
    assert len(numbers) == THREADS * EACH
    assert IndexCounter.objects.get(body=town, year=year).last == THREADS * EACH
