"""居民身份证 and 统一社会信用代码 check characters, worked by hand."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.identity import IdentityError, validate_credit_code, validate_resident_id

TODAY = date(2026, 11, 23)

# 11010519491231002X (the GB 11643 example):
#   digits  1 1 0  1 0 5 1 9 4 9 1 2 3  1 0 0 2
#   weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
#   7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2 → "10X98765432"[2] = X.
# 440308199001011239:
#   digits  4 4 0  3 0 8 1 9 9 0 0 1 0  1 1 2 3
#   28+36+0+15+0+32+2+9+54+0+0+9+0+5+8+8+6 = 212; 212 mod 11 = 3 → "9".
VALID_IDS = ["11010519491231002X", "440308199001011239"]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_resident_ids(number: str) -> None:
    assert validate_resident_id(number, today=TODAY) == number


def test_resident_id_is_normalised() -> None:
    assert validate_resident_id(" 110105 19491231 002x ", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "请填写居民身份证号码"),
        ("110105491231002", "15位旧号码"),
        ("1101051949123100", "应为18位，现为16位"),
        ("11010519491231002Y", "最后一位为数字或X"),
        ("1101051949123A002X", "前17位应为数字"),
        ("99010519491231002X", "地区代码“990105”不存在"),
        ("110105194902310020", "“19490231”不是有效日期"),
        ("110105203001010000", "不合理"),  # born in 2030
        ("110105189912310000", "不合理"),  # before 1900
        ("110105194912310021", "校验位不正确"),  # the right check character is X
        ("440308199001011234", "校验位不正确"),  # the right check character is 9
    ],
)
def test_invalid_resident_ids(number: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message):
        validate_resident_id(number, today=TODAY)


# 91350100M000100Y43 (the GB 32100 example), values 0–9 = digits, A=10 … H=17, J=18, K=19,
# L=20, M=21, N=22, P=23, Q=24, R=25, T=26, U=27, W=28, X=29, Y=30:
#   chars   9 1 3 5  0  1  0  0  M  0  0  0  1 0  0  Y  4
#   weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
#   9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → "3".
VALID_CODES = ["91350100M000100Y43"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_valid_credit_codes(code: str) -> None:
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "请填写统一社会信用代码"),
        ("91350100M000100Y4", "应为18位，现为17位"),
        ("91350100M000100Y44", "校验位不正确"),
        ("91350100I000100Y43", "不允许的字符“I”"),
        ("91350100O000100S43", "不允许的字符“OS”"),
        ("91A50100M000100Y43", "行政区划码"),
    ],
)
def test_invalid_credit_codes(code: str, message: str) -> None:
    with pytest.raises(IdentityError, match=message):
        validate_credit_code(code)
