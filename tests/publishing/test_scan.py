"""Personal data and sensitive words, found by hand in typed texts; attachments' text."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import docx
import openpyxl
import pytest
import weasyprint
from hypothesis import given
from hypothesis import strategies as st

from gongkai.publishing.scan import (
    ExtractionError,
    extract_text,
    is_bank_card,
    is_resident_id,
    luhn_ok,
    scan_text,
)

#: The five seed reports (copies of ``shared/seeds`` kept with the golden cases).
SEEDS = Path(__file__).resolve().parents[1] / "cases"

# 11010519491231002X: GB 11643's example; check worked in tests/law/test_identity.py (sum 167,
# mod 11 = 2 → X). 6212260000000000000 (19 digits): Luhn over the payload 621226000000000000
# doubles 6 (→3), 2 (→4), 2 (→4) and keeps 2, 1, 6: 3+2+4+1+4+6 = 20 → check digit 0.
# 4111111111111111 (the Visa test number): eight doubled digits, 4 → 8 and seven 1 → 2 (22),
# eight plain 1s (8): 30 → valid.


def kinds_and_texts(text: str, words: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(h.kind, text[h.start : h.end]) for h in scan_text(text, sensitive_words=words)]


def test_resident_id_with_right_check_digit() -> None:
    text = "申请人身份证号11010519491231002X，已核实。"
    [hit] = scan_text(text)
    assert (hit.kind, hit.start, hit.end) == ("身份证号", 7, 25)
    assert hit.excerpt == "申请人身份证号1101**********002X，已核实。"
    assert hit.where == "正文"


def test_lower_case_x_and_old_fifteen_digit_numbers() -> None:
    assert kinds_and_texts("号码11010519491231002x。") == [("身份证号", "11010519491231002x")]
    # 110105 + 491231 (1949-12-31) + 002: the 15-digit form of the same person.
    assert kinds_and_texts("旧号码110105491231002。") == [("身份证号", "110105491231002")]
    # 491331: no 13th month.
    assert kinds_and_texts("旧号码110105491331002。") == []


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit (X expected)
        "990105194912310020",  # region 99 does not exist
        "110105194913310028",  # month 13
    ],
)
def test_invalid_resident_ids_do_not_fire(number: str) -> None:
    assert not is_resident_id(number)
    assert [h.kind for h in scan_text(f"编号{number}。")] == []


def test_resident_id_inside_longer_digit_run_does_not_fire() -> None:
    assert all(h.kind != "身份证号" for h in scan_text("流水号911010519491231002X"))
    assert kinds_and_texts("流水号11010519491231002X7") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("联系电话13812345678。", "13812345678"),
        ("手机：138-1234-5678", "138-1234-5678"),
        ("手机：138 1234 5678", "138 1234 5678"),
        ("电话+8613812345678", "+8613812345678"),
        ("电话 +86 19912345678", "+86 19912345678"),
    ],
)
def test_mobile_numbers(text: str, found: str) -> None:
    assert kinds_and_texts(text) == [("手机号", found)]


@pytest.mark.parametrize(
    "text",
    [
        "编号213812345678",  # part of a longer run
        "编号138123456789",
        "电话12812345678",  # 12x is no mobile prefix
        "电话138-1234 5678",  # mixed separators
        "座机0431-82864500",
    ],
)
def test_not_mobile_numbers(text: str) -> None:
    assert kinds_and_texts(text) == []


def test_mobile_mask_keeps_first_three_and_last_four() -> None:
    [hit] = scan_text("13812345678")
    assert hit.excerpt == "138****5678"


def test_luhn() -> None:
    assert luhn_ok("6212260000000000000")
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    assert luhn_ok("79927398713")  # the classic worked example
    assert not luhn_ok("79927398710")


def test_bank_cards() -> None:
    assert kinds_and_texts("卡号6212260000000000000，") == [("银行卡号", "6212260000000000000")]
    assert kinds_and_texts("卡号 4111 1111 1111 1111 。") == [("银行卡号", "4111 1111 1111 1111")]
    assert kinds_and_texts("卡号4111-1111-1111-1111") == [("银行卡号", "4111-1111-1111-1111")]
    [hit] = scan_text("4111111111111111")
    assert hit.excerpt == "4111********1111"


def test_not_bank_cards() -> None:
    assert kinds_and_texts("卡号4111111111111112") == []  # Luhn digit wrong
    assert kinds_and_texts("编号94111111111111111111") == []  # 22-digit run
    assert kinds_and_texts("编号4111 1111 1111 1111 1111 1111") == []  # longer grouped run
    # A valid 18-digit 身份证号 that also passes Luhn is reported once, as 身份证号.
    assert not is_bank_card("11010519491231002X")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("现住江苏省南京市玄武区北京东路41号。", "江苏省南京市玄武区北京东路41号"),
        ("住所：北京东路41号3栋2单元501室，", "北京东路41号3栋2单元501室"),
        ("家住幸福小区3栋2单元501室。", "幸福小区3栋2单元501室"),
        ("户籍地张庄村三组12号", "张庄村三组12号"),
        ("该户位于城关镇解放路3号", "城关镇解放路3号"),
        ("地址：和平巷7-2号", "和平巷7-2号"),
    ],
)
def test_addresses(text: str, found: str) -> None:
    assert kinds_and_texts(text) == [("地址", found)]


@pytest.mark.parametrize(
    "text",
    [
        "南京市玄武区人民政府关于印发《实施方案》的通知（玄政发〔2021〕30号）",
        "修缮人民路、解放路等道路12条，新建公厕3座。",
        "依据《条例》第二十条第（一）项，主动公开12号文件。",
        "全年共组织村民代表大会3次，涉及18个村（社区）。",
        "本年度收到申请12件，办结12件。",
    ],
)
def test_government_prose_is_quiet(text: str) -> None:
    assert scan_text(text) == []


def test_seed_reports_fire_only_on_office_addresses() -> None:
    """The five public reports in shared/seeds: only the two 办公地址 lines fire."""
    found = []
    for path in sorted(SEEDS.glob("seed-*/input.txt")):
        text = path.read_text(encoding="utf-8")
        found += [(h.kind, text[h.start : h.end]) for h in scan_text(text)]
    assert found == [("地址", "长春市亚泰大街1055号"), ("地址", "长春市自由大路3388号")]


def test_sensitive_words_case_insensitive_longest_first() -> None:
    text = "内部资料：Draft 稿，内部资料汇编"
    assert kinds_and_texts(text, ("内部", "内部资料", "draft", " ", "")) == [
        ("敏感词", "内部资料"),
        ("敏感词", "Draft"),
        ("敏感词", "内部资料"),
    ]
    [first, *_] = scan_text(text, sensitive_words=["内部资料"])
    assert first.excerpt.startswith("内***：")


def test_excerpt_masks_neighbouring_hits_too() -> None:
    text = "电话13812345678，身份证11010519491231002X"
    phone, identity = scan_text(text)
    assert phone.excerpt == "电话138****5678，身份证1101****…"
    assert identity.excerpt == "…****5678，身份证1101**********002X"


def test_where_is_passed_through() -> None:
    [hit] = scan_text("13812345678", where="附件一.docx")
    assert hit.where == "附件一.docx"


@given(
    st.text(
        alphabet=st.sampled_from("0123456789Xx -+号路街市区村组栋室单元小区张庄 \n，"), max_size=80
    )
)
def test_hits_lie_inside_the_text_and_do_not_overlap(text: str) -> None:
    hits = scan_text(text, sensitive_words=["张庄"])
    personal = [h for h in hits if h.kind != "敏感词"]
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.kind in ("身份证号", "手机号", "银行卡号", "地址", "敏感词")
    for a, b in itertools.pairwise(personal):
        assert a.end <= b.start
    assert [h.start for h in hits] == sorted(h.start for h in hits)


@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes(text: str) -> None:
    for hit in scan_text(text, sensitive_words=[text[:3]]):
        assert 0 <= hit.start < hit.end <= len(text)


# --- extract_text ---------------------------------------------------------------------------


def test_plain_text_utf8_and_gbk() -> None:
    assert extract_text("电话13812345678".encode(), "a.txt") == "电话13812345678"
    assert extract_text("电话13812345678".encode("gbk"), "a.txt") == "电话13812345678"
    assert extract_text("\ufeff标题".encode(), "a.csv") == "标题"


def test_docx_paragraphs_and_tables() -> None:
    document = docx.Document()
    document.add_paragraph("申请人：张三")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "手机"
    table.cell(0, 1).text = "13812345678"
    buffer = io.BytesIO()
    document.save(buffer)
    text = extract_text(buffer.getvalue(), "表.docx")
    assert text.splitlines() == ["申请人：张三", "手机\t13812345678"]


def test_xlsx_cells() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "名单"
    sheet.append(["姓名", "身份证号"])
    sheet.append(["张三", "11010519491231002X"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    text = extract_text(buffer.getvalue(), "名单.xlsx")
    assert text.splitlines() == ["名单", "姓名\t身份证号", "张三\t11010519491231002X"]


def test_pdf_text() -> None:
    pdf = weasyprint.HTML(string="<p>联系电话13812345678</p>").write_pdf()
    assert "13812345678" in extract_text(pdf, "a.pdf")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7\nbroken", "a.pdf", "文件可能已损坏"),
        (b"PK\x03\x04broken", "a.docx", "不支持的文件格式"),
        (b"\x00\x01\x02", "a.bin", "不支持的文件格式"),
        (b"\xff\xfe\x00\xd8", "a.txt", "编码"),
    ],
)
def test_unreadable_raises_chinese_value_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        extract_text(data, name)
    assert isinstance(caught.value, ExtractionError)


def test_images_have_no_text() -> None:
    assert extract_text(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "a.png") == ""
