"""Version differences by line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.publishing.diff import diff_html, diff_lines


def test_changed_line() -> None:
    old = "一、总体情况\n本年度主动公开信息12条。\n二、附则"
    new = "一、总体情况\n本年度主动公开信息15条。\n二、附则"
    assert diff_lines(old, new) == [
        ("=", "一、总体情况"),
        ("-", "本年度主动公开信息12条。"),
        ("+", "本年度主动公开信息15条。"),
        ("=", "二、附则"),
    ]


def test_added_and_removed_lines() -> None:
    assert diff_lines("", "甲\n乙") == [("+", "甲"), ("+", "乙")]
    assert diff_lines("甲\n乙\n丙", "甲\n丙") == [("=", "甲"), ("-", "乙"), ("=", "丙")]
    assert diff_lines("甲", "甲") == [("=", "甲")]
    assert diff_lines("", "") == []


def test_html_markup_alone_is_no_difference() -> None:
    old = "<p>第一段</p><p>第二段</p>"
    new = "<p><strong>第一段</strong></p><p>第二段</p><p>第三段</p>"
    assert diff_html(old, new) == [("=", "第一段"), ("=", "第二段"), ("+", "第三段")]


@given(
    st.lists(st.sampled_from(["甲", "乙", "丙", ""]), max_size=8),
    st.lists(st.sampled_from(["甲", "乙", "丁", ""]), max_size=8),
)
def test_old_and_new_are_rebuilt(old: list[str], new: list[str]) -> None:
    lines = diff_lines("\n".join(old), "\n".join(new))
    assert [text for op, text in lines if op != "+"] == "\n".join(old).splitlines()
    assert [text for op, text in lines if op != "-"] == "\n".join(new).splitlines()
