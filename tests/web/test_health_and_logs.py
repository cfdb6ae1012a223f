"""``/healthz`` and the JSON log formatter."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client
from pytest_django import Settings

from gongkai.web import health
from gongkai.web.logformat import JsonFormatter


@pytest.mark.django_db
def test_healthz_ok(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


class _DeadConnection:
    def cursor(self) -> Any:
        raise OperationalError("connection refused")


@pytest.mark.django_db
def test_healthz_database_down(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "connection", _DeadConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error",
        "message": "数据库无法连接。",
    }
    assert "数据库无法连接。" in response.content.decode("utf-8")


@pytest.mark.django_db
def test_healthz_refuses_post(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def _record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("gongkai.tasks", logging.INFO, "x.py", 7, msg, args, None)
    record.__dict__.update(extra)
    record.created = 0.0
    return record


def test_json_formatter_one_line_with_extra_fields() -> None:
    line = JsonFormatter().format(_record("已处理 %d 个机关\n第二行", 6, bodies=6, event="daily"))
    assert "\n" not in line
    assert json.loads(line) == {
        "time": "1970-01-01T00:00:00.000+00:00",
        "level": "INFO",
        "logger": "gongkai.tasks",
        "message": "已处理 6 个机关\n第二行",
        "bodies": 6,
        "event": "daily",
    }
    assert "已处理" in line


def test_json_formatter_exception_and_unserialisable_extra() -> None:
    try:
        raise ValueError("坏值")
    except ValueError:
        record = _record("失败", request=object())
        record.exc_info = sys.exc_info()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "失败"
    assert entry["exception"].startswith("Traceback")
    assert "ValueError: 坏值" in entry["exception"]
    assert entry["request"].startswith("<object object")


def test_logging_is_plain_text_by_default(settings: Settings) -> None:
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert settings.LOGGING["formatters"]["json"]["()"] == "gongkai.web.logformat.JsonFormatter"
