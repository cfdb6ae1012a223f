"""Identity numbers an applicant gives (《条例》第二十九条第（一）项 身份证明).

* 居民身份证号码 (GB 11643-1999): 6-digit region code, 8-digit birth date, 3-digit sequence,
  check character by ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11; 10 is written X).
* 统一社会信用代码 (GB 32100-2015): 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY"
  (no I, O, Z, S, V); the 18th is a MOD 31 check character.
"""

from __future__ import annotations

from datetime import date

__all__ = ["IdentityError", "validate_credit_code", "validate_resident_id"]


class IdentityError(ValueError):
    """An invalid identity number (Chinese message)."""


def validate_resident_id(value: str, *, today: date | None = None) -> str:
    """The normalised 18-character number (upper-case X); :class:`IdentityError` if invalid."""
    raise NotImplementedError


def validate_credit_code(value: str) -> str:
    """The normalised 统一社会信用代码; :class:`IdentityError` if invalid."""
    raise NotImplementedError
