"""Signed download links of a delivered reply letter, for the public API's ``document_url``.

The link carries the 申请编号 signed with the site's secret and a timestamp
(``TimestampSigner``), so the applicant downloads the PDF without a session; it is valid for
``GONGKAI_REPLY_LINK_DAYS`` days (setting or environment variable, default 30).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core import signing

SALT = "gongkai.applications.reply_link"
DAYS_DEFAULT = 30


class ReplyLinkError(Exception):
    """A link that was not made here, or has expired (Chinese message)."""


def reply_link_days() -> int:
    """How many days a link stays valid."""
    value: object = getattr(settings, "GONGKAI_REPLY_LINK_DAYS", None)
    if value is None:
        value = os.environ.get("GONGKAI_REPLY_LINK_DAYS", "") or DAYS_DEFAULT
    return max(1, int(str(value)))


def reply_link_signature(number: str) -> str:
    """The part of the link that proves it was made for ``number`` (``timestamp:signature``)."""
    signed = signing.TimestampSigner(salt=SALT).sign(number)
    return signed[len(number) + 1 :]


def reply_link_check(number: str, signature: str) -> None:
    """Accept the link of ``number``, or raise ``ReplyLinkError`` saying why not."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        signer.unsign(f"{number}:{signature}", max_age=reply_link_days() * 24 * 60 * 60)
    except signing.SignatureExpired:
        raise ReplyLinkError("下载链接已过期，请重新查询办理情况以获取新的链接。") from None
    except signing.BadSignature:
        raise ReplyLinkError("下载链接无效。") from None
