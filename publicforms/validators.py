"""Checks shared by the public forms: plain text only, valid characters, Chinese phones."""

import re
import unicodedata

from django.core.exceptions import ValidationError

from editorial.contacts import normalize_phone

_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]|javascript\s*:", re.IGNORECASE)
# a national number (`normalize_phone` has taken off the country code and put the
# landline's dashes in)
_PHONE = re.compile(
    r"^(?:1[3-9]\d{9}|0(?:[12]\d-\d{7,8}|[3-9]\d{2}-\d{7,8})(?:-\d{1,6})?|[2-9]\d{6,7}|400\d{7})$"
)
# a four-digit area code and more digits than a number has, with nothing between
_UNSPLIT_EXTENSION = re.compile(r"^0[3-9]\d{2}\d{9,}$")


def reject_markup(value: str) -> None:
    """Names, units and contact fields are plain words: refuse HTML tags and script."""
    if _TAG.search(value or ""):
        raise ValidationError("请不要输入 HTML 标记或脚本代码，只填写文字。", code="markup")


def reject_garbled(value: str) -> None:
    """Refuse text with undecodable bytes (shown as U+FFFD) or invisible control characters."""
    if "\ufffd" in (value or ""):
        raise ValidationError(
            "内容含有无法识别的字符（可能是编码错误），请删除乱码后重新输入。", code="garbled"
        )
    for ch in value or "":
        if ch in "\n\r\t":
            continue
        if unicodedata.category(ch) in {"Cc", "Cs", "Co"}:
            raise ValidationError("内容含有不可见的控制字符，请删除后重新输入。", code="control")


# What `reject_garbled` lets through for long text: line and paragraph breaks, tabs.
_LINE_BREAKS = frozenset("\n\r\t\u2028\u2029")


def single_line(value: str) -> None:
    """One-line fields (names, subjects, titles, contacts, codes) hold no line break.

    They end up in e-mail subjects, which cannot hold one (the mail would be refused and
    lost), and in spreadsheets and admin lists. Other control characters are refused by
    `reject_garbled`, so each field gets one clear message.
    """
    if any(ch in _LINE_BREAKS for ch in value or ""):
        raise ValidationError(
            "这一栏只能填写一行文字，请删除其中的换行符或制表符后重新输入。", code="single_line"
        )


def validate_phone(value: str) -> None:
    if not value:
        return
    normalized = normalize_phone(value)
    if _UNSPLIT_EXTENSION.match(normalized):
        raise ValidationError(
            "请用短横线隔开区号、电话号码和分机号，例如 0571-88886666-8001。",
            code="phone_extension",
        )
    if not _PHONE.match(normalized):
        raise ValidationError(
            "请填写有效的电话号码：11 位手机号，或带区号的固定电话（如 010-60000001）。",
            code="phone",
        )
