"""Identity numbers an applicant gives (《条例》第二十九条第（一）项 身份证明).

* 居民身份证号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence,
  check character by ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11; 10 is written X).
* 统一社会信用代码 (GB 32100-2015): 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY"
  (no I, O, Z, S, V); the 18th is a MOD 31 check character.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["IdentityError", "validate_credit_code", "validate_resident_id"]


class IdentityError(ValueError):
    """An invalid identity number (Chinese message)."""


#: GB 11643 weights for the 17 body digits: 2^(17-i) mod 11, i = 0..16 from the left.
ID_WEIGHTS: tuple[int, ...] = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
#: (weighted sum mod 11) -> check character.
ID_CHECK = "10X98765432"
#: First two digits of a region code: provinces (11–65), 台湾 71, 香港 81, 澳门 82, and 83 used
#: by 台湾居民居住证.
ID_PROVINCES: frozenset[str] = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54"}
    | {"61", "62", "63", "64", "65", "71", "81", "82", "83"}
)
_ID_RE = re.compile(r"\d{17}[\dX]")

#: GB 32100-2015 character set (no I, O, Z, S, V); a character's value is its index.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weights for positions 1..17: 3^(i-1) mod 31.
CREDIT_WEIGHTS: tuple[int, ...] = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _normalise(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def resident_id_check(body: str) -> str:
    """The check character for the first 17 digits of a 居民身份证号码."""
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def validate_resident_id(value: str, *, today: date | None = None) -> str:
    """The normalised 18-character number (upper-case X); :class:`IdentityError` if invalid."""
    number = _normalise(value)
    if not number:
        raise IdentityError("请填写居民身份证号码。")
    if len(number) == 15 and number.isdigit():
        raise IdentityError("请填写18位居民身份证号码（15位旧号码已停止使用）。")
    if len(number) != 18:
        raise IdentityError(f"居民身份证号码应为18位，现为{len(number)}位。")
    if not _ID_RE.fullmatch(number):
        raise IdentityError("居民身份证号码前17位应为数字，最后一位为数字或X。")
    if number[:2] not in ID_PROVINCES:
        raise IdentityError(f"居民身份证号码的地区代码“{number[:6]}”不存在。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError(f"居民身份证号码中的出生日期“{number[6:14]}”不是有效日期。") from None
    if born > (today or date.today()) or born.year < 1900:
        raise IdentityError(f"居民身份证号码中的出生日期“{number[6:14]}”不合理。")
    if resident_id_check(number[:17]) != number[17]:
        raise IdentityError("居民身份证号码校验位不正确，请核对后重新填写。")
    return number


def credit_code_check(body: str) -> str:
    """The check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(body, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """The normalised 统一社会信用代码; :class:`IdentityError` if invalid."""
    code = _normalise(value)
    if not code:
        raise IdentityError("请填写统一社会信用代码。")
    if len(code) != 18:
        raise IdentityError(f"统一社会信用代码应为18位，现为{len(code)}位。")
    bad = sorted({c for c in code if c not in CREDIT_CHARSET})
    if bad:
        raise IdentityError(
            f"统一社会信用代码含有不允许的字符“{''.join(bad)}”（不使用I、O、Z、S、V）。"
        )
    if not code[2:8].isdigit():
        raise IdentityError("统一社会信用代码第3至8位应为登记管理机关行政区划码（数字）。")
    if credit_code_check(code[:17]) != code[17]:
        raise IdentityError("统一社会信用代码校验位不正确，请核对后重新填写。")
    return code
