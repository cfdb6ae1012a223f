"""Import of posts that went out only on one of a body's channels: 标题, 发布日期, 渠道[, 链接].

The file is read by ``gongkai.organizations.imports.read_table`` (UTF-8 with or without BOM,
GB18030/GBK, UTF-16, XLSX; 5 MB, 20,000 rows), as the ledgers' import is. Every row is checked
here and every problem reported as 第N行「列」：message; only a file without any problem is
imported, by ``services.release_posts_import`` in one transaction.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from gongkai.organizations.imports import RowError, SourceTable
from gongkai.publications.models import Channel, ChannelKind
from gongkai.publications.services import RELEASE_DAY_MIN, PostRow, clock_today

COLUMNS: tuple[str, ...] = ("标题", "发布日期", "渠道", "链接")
REQUIRED: tuple[str, ...] = ("标题", "发布日期", "渠道")
WHAT = "渠道发布记录"
TEMPLATE_NAME = "渠道发布记录导入模板.csv"
DAY = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?"
    r"(?:[T ][0-9:.]+)?"
)
_Fail = Callable[[str, str], None]
_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class PostImportPlan:
    """The checked rows of a file, or the errors of every bad row (then nothing is imported)."""

    rows: tuple[PostRow, ...]
    errors: tuple[RowError, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("/", "").replace("·", "")


def _channel_names(channels: Sequence[Channel]) -> dict[str, list[Channel]]:
    """Each channel under its name and under 类型·名称 (spaces, ``/`` and ``·`` ignored)."""
    names: dict[str, list[Channel]] = {}
    for channel in channels:
        for name in {
            channel.name,
            f"{channel.kind}{channel.name}",
            f"{channel.get_kind_display()}{channel.name}",
        }:
            found = names.setdefault(_key(name), [])
            if channel not in found:
                found.append(channel)
    return names


def plan_post_import(table: SourceTable, *, channels: Sequence[Channel]) -> PostImportPlan:
    """Check every row: a title, a day not in the future, a channel of the body other than the
    政府网站专栏 (by name), an http(s) link if any, no row twice."""
    today = clock_today()
    names = _channel_names(channels)
    usable = "、".join(c.name for c in channels if c.kind != ChannelKind.WEBSITE) or "（无）"
    seen: dict[tuple[int, str, date], int] = {}
    rows: list[PostRow] = []
    errors: list[RowError] = []
    for source in table.rows:
        line = source.line
        row_errors: list[RowError] = []

        def fail(column: str, message: str) -> None:
            row_errors.append(RowError(line=line, column=column, message=message))  # noqa: B023

        if "" in source.cells:
            fail("", "本行的单元格多于表头的列数。")
        title = source.cells.get("标题", "").strip()
        if not title:
            fail("标题", "标题不能为空。")
        elif len(title) > 300:
            fail("标题", "标题不能超过300字。")
        day = _day(source.cells.get("发布日期", ""), today, fail)
        channel = _channel(source.cells.get("渠道", ""), names, usable, fail)
        url = source.cells.get("链接", "").strip()
        if url:
            try:
                _url(url)
            except ValidationError:
                fail("链接", f"链接「{url[:60]}」无效，应以 http:// 或 https:// 开头。")
            else:
                if len(url) > 500:
                    fail("链接", "链接不能超过500个字符。")
        if not row_errors and day is not None and channel is not None:
            key = (channel.pk, title, day)
            if key in seen:
                fail("", f"与第{seen[key]}行重复（同一渠道、标题、发布日期只能有一行）。")
            else:
                seen[key] = line
                rows.append(
                    PostRow(line=line, title=title, released_on=day, channel_id=channel.pk, url=url)
                )
        errors.extend(row_errors)
    if not table.rows:
        errors.append(RowError(line=1, column="", message="文件中没有数据行。"))
    if errors:
        return PostImportPlan(rows=(), errors=tuple(errors))
    return PostImportPlan(rows=tuple(rows), errors=())


def _day(text: str, today: date, fail: _Fail) -> date | None:
    value = text.strip()
    match = DAY.fullmatch(value)
    if not value:
        fail("发布日期", "发布日期不能为空。")
        return None
    if match is None:
        fail("发布日期", f"发布日期「{text}」无效，应为年-月-日，如 2021-03-05。")
        return None
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        fail("发布日期", f"发布日期「{text}」不是有效的日期。")
        return None
    if day > today:
        fail("发布日期", "发布日期不能晚于今天。")
    elif day < RELEASE_DAY_MIN:
        fail("发布日期", f"发布日期不能早于{RELEASE_DAY_MIN:%Y年%m月%d日}。")
    else:
        return day
    return None


def _channel(
    text: str, names: dict[str, list[Channel]], usable: str, fail: _Fail
) -> Channel | None:
    value = text.strip()
    if not value:
        fail("渠道", f"渠道不能为空，应为本机关的渠道名称：{usable}。")
        return None
    found = names.get(_key(value), [])
    if not found:
        fail("渠道", f"渠道「{value}」不是本机关的渠道，应为：{usable}。")
        return None
    if len(found) > 1:
        kinds = "、".join(f"{c.get_kind_display()}·{c.name}" for c in found)
        fail("渠道", f"渠道「{value}」有多个同名渠道，请写明类型：{kinds}。")
        return None
    channel = found[0]
    if channel.kind == ChannelKind.WEBSITE:
        fail("渠道", "政府网站专栏的发布在审发时登记，不能导入；请选择其他渠道。")
        return None
    return channel


def template_csv(channels: Sequence[Channel]) -> bytes:
    """A CSV with the header and an example row, UTF-8 with BOM so Excel opens it right."""
    other = next((c.name for c in channels if c.kind != ChannelKind.WEBSITE), "幸福南郊")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(
        ("关于春季防火的提示", "2021-03-05", other, "https://mp.weixin.qq.com/s/example")
    )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
