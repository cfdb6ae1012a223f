"""``gongkai workdays …`` — working-day arithmetic for clerks and scripts.

* ``gongkai workdays add DATE N [--explain]`` prints the date N working days after DATE (DATE
  itself not counted, as for the day of receipt); ``--explain`` also lists the days skipped.
* ``gongkai workdays check DATE`` says whether DATE is a working day.

``--arrangement FILE`` (repeatable) loads a year's holiday arrangement from JSON (the format of
:func:`gongkai.law.calendar.arrangement_to_mapping`), e.g. for a year the package does not know.
Exit codes: 0 — done; 2 — bad input or a year without arrangement (Chinese message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from gongkai.law.calendar import (
    ArrangementError,
    CalendarYearUnknownError,
    WorkCalendar,
    YearArrangement,
    arrangement_from_mapping,
    group_skipped,
)

EXIT_OK, EXIT_USAGE = 0, 2
_WEEKDAYS = "一二三四五六日"


class _UsageError(Exception):
    pass


def add_parser(sub: Any) -> None:
    """Register ``workdays`` and its commands on the top-level ``gongkai`` parser."""
    workdays = sub.add_parser("workdays", help="按国务院节假日安排计算工作日")
    commands = workdays.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = commands.add_parser("add", help="DATE之后第N个工作日（DATE当日不计）")
    add.add_argument("date", metavar="DATE", help="起算日，如 2026-09-30")
    add.add_argument("count", metavar="N", help="工作日数（非负整数）")
    add.add_argument("--explain", action="store_true", help="同时列出跳过的节假日和周末")
    _arrangement_option(add)
    add.set_defaults(handler=cmd_add)

    check = commands.add_parser("check", help="DATE是否为工作日")
    check.add_argument("date", metavar="DATE")
    _arrangement_option(check)
    check.set_defaults(handler=cmd_check)


def _arrangement_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--arrangement",
        action="append",
        default=[],
        metavar="FILE",
        help="从 JSON 文件读入某一年的节假日安排（可重复）",
    )


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _UsageError(f"“{text}”不是有效日期，日期格式应为YYYY-MM-DD，如2026-09-30。") from None


def _parse_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise _UsageError(f"工作日数“{text}”应为非负整数。") from None
    if count < 0:
        raise _UsageError(f"工作日数“{text}”应为非负整数。")
    return count


def _calendar(paths: list[str]) -> WorkCalendar:
    arrangements: dict[int, YearArrangement] = {}
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError:
            raise _UsageError(f"无法读取节假日安排文件“{path}”。") from None
        except ValueError:
            raise _UsageError(f"节假日安排文件“{path}”不是有效的 JSON。") from None
        if not isinstance(data, dict):
            raise _UsageError(f"节假日安排文件“{path}”应为一个 JSON 对象。")
        try:
            arrangement = arrangement_from_mapping(data)
        except ArrangementError as error:
            raise _UsageError(f"节假日安排文件“{path}”：{error}") from None
        arrangements[arrangement.year] = arrangement
    return WorkCalendar(arrangements)


def _dw(day: date) -> str:
    return f"{day.isoformat()}（星期{_WEEKDAYS[day.weekday()]}）"


def cmd_add(args: argparse.Namespace) -> int:
    def run() -> None:
        start = _parse_date(args.date)
        count = _parse_count(args.count)
        calendar = _calendar(args.arrangement)
        due = calendar.add_workdays(start, count)
        print(due.isoformat())
        if args.explain:
            print(f"起算日：{_dw(start)}（当日不计）；工作日数：{count}")
            notes = [(r.first, r.text) for r in group_skipped(calendar.skipped_days(start, due))]
            day = start
            while day < due:
                day += timedelta(days=1)
                if day.weekday() >= 5 and calendar.is_workday(day):
                    notes.append((day, f"{_dw(day)} 调休上班，计为工作日"))
            for _, text in sorted(notes):
                print(text)
            print(f"第{count}个工作日：{_dw(due)}")

    return _guard(run)


def cmd_check(args: argparse.Namespace) -> int:
    def run() -> None:
        day = _parse_date(args.date)
        working, reason = _calendar(args.arrangement).day_info(day)
        if working:
            print(f"{_dw(day)} 是工作日" + (f"（{reason}）" if reason else ""))
        else:
            print(f"{_dw(day)} 不是工作日（{reason}）")

    return _guard(run)


def _guard(run: Any) -> int:
    try:
        run()
    except (_UsageError, CalendarYearUnknownError) as error:
        print(f"gongkai：{error}", file=sys.stderr)
        return EXIT_USAGE
    except OverflowError:
        print("gongkai：日期超出可计算的范围。", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
