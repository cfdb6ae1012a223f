"""CJK bigram tokens: typed examples and the substring-search property."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.publishing.tokens import _runs, index_tokens, is_han, query_tokens, text_tokens

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("最低生活保障", "最低 低生 生活 活保 保障"),
        ("税", "税"),
        ("低保", "低保"),
        ("关于2021年度城乡低保的通知", "关于 2021 年度 度城 城乡 乡低 低保 保的 的通 通知"),
        ("ＣＯＶＩＤ－１９疫情", "covid 19 疫情"),
        ("《条例》第二十条、第（一）项！", "条例 第二 二十 十条 第 一 项"),
        ("PDF Version 2.0", "pdf version 2 0"),
        ("  ，。！  ", ""),
        ("", ""),
        ("\U00020000\U00020001", "\U00020000\U00020001"),  # Extension B stays Han
    ],
)
def test_index_tokens(text: str, tokens: str) -> None:
    assert index_tokens(text) == tokens


def test_query_tokens_one_phrase_per_term() -> None:
    assert query_tokens("最低生活　保障 COVID ，") == [
        ["最低", "低生", "生活"],
        ["保障"],
        ["covid"],
    ]
    assert query_tokens("低保2021") == [["低保", "2021"]]
    assert query_tokens("  ") == []
    assert query_tokens("、") == []


def test_is_han() -> None:
    assert is_han("汉")
    assert is_han("\u3400")
    assert not is_han("a")
    assert not is_han("，")
    assert not is_han("あ")


@given(st.text(HAN, min_size=2, max_size=30))
def test_bigrams_round_trip(text: str) -> None:
    tokens = text_tokens(text)
    assert len(tokens) == len(text) - 1
    assert tokens[0] + "".join(token[1] for token in tokens[1:]) == text


@given(st.text(st.sampled_from("abcXYZ0189 ，。-"), max_size=30))
def test_latin_words_are_lower_cased_and_whole(text: str) -> None:
    assert (
        index_tokens(text).split()
        == text.lower().replace("，", " ").replace("。", " ").replace("-", " ").split()
    )


@given(
    st.text(HAN, max_size=12),
    st.text(HAN, min_size=2, max_size=6),
    st.text(HAN, max_size=12),
)
def test_han_substring_is_a_phrase_of_the_index(before: str, term: str, after: str) -> None:
    """A Han term of two or more characters inside a document's Han run is found as a phrase."""
    document = index_tokens(before + term + after).split()
    [phrase] = query_tokens(term)
    assert any(document[i : i + len(phrase)] == phrase for i in range(len(document)))


@given(st.text(max_size=60))
def test_tokens_never_contain_spaces_or_punctuation(text: str) -> None:
    for token in text_tokens(text):
        assert token
        assert all(char.isalnum() or is_han(char) for char in token)
        assert token == token.lower()


def _reference_runs(text: str) -> list[tuple[bool, str]]:
    """The rules of the module written as a plain character loop (the first implementation)."""
    runs: list[tuple[bool, str]] = []
    current: list[str] = []
    current_han = False
    for char in unicodedata.normalize("NFKC", text).lower():
        han = is_han(char)
        word = han or char.isalnum()
        if current and (not word or han != current_han):
            runs.append((current_han, "".join(current)))
            current = []
        if word:
            current.append(char)
            current_han = han
    if current:
        runs.append((current_han, "".join(current)))
    return runs


@given(st.text(max_size=80) | st.text(st.sampled_from("低保a1 ，Ａ１_𠀀\u3400é"), max_size=40))
def test_regex_runs_equal_the_character_loop(text: str) -> None:
    assert _runs(text) == _reference_runs(text)
