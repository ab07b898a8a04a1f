"""One form for each phone number and e-mail address people type into the public forms.

A person is one registration per event, and finds their own registration, application
or contribution by the e-mail or phone they gave, however they type it. So both are
stored and compared in one form:

- a phone as the national number: 13800138000, +8613800138000, 8613800138000 and
  0086 138-0013-8000 are all 13800138000; +86 10 6000 0001 is 01060000001 (the area
  code gets its trunk 0 back); a number abroad keeps its + and country code;
- an e-mail with compatibility characters folded (NFKC: full-width ｂ is b), in lower
  case, and its domain in the one form IDNA gives it (例子.中国 and XN--FSQU00A.XN--FIQS8S
  are the same domain). Quoted local parts ("a"@b.com) are valid by the RFC but no
  one's address here, and would be a second way to write a@b.com: `reject_quoted_email`
  refuses them.

Forms (`submissions.forms.phone_field`/`email_field`), the model fields that store them
(`editorial.fields.PhoneField`/`EmailAddressField`) and the look-ups all use these two
functions.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

_PUNCTUATION = re.compile(r"[ \-().]")  # line breaks and tabs stay for `single_line` to refuse
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}\d{0,6}")


def normalize_phone(value: str) -> str:
    """The national number: digits only, without the +86 / 0086 / 86 country code."""
    digits = _PUNCTUATION.sub("", unicodedata.normalize("NFKC", value or ""))
    if digits.startswith(("+", "00")):
        digits = digits.removeprefix("+").removeprefix("00")
        if not digits.startswith("86"):
            return "+" + digits  # a number abroad
        digits = digits[2:]
        if not (digits.startswith(("0", "400")) or _MOBILE.fullmatch(digits)):
            digits = "0" + digits  # an area code written without its trunk 0
    elif digits.startswith("86") and (
        _MOBILE.fullmatch(digits[2:]) or _LANDLINE.fullmatch(digits[2:])
    ):
        digits = digits[2:]
    return digits


def normalize_email(value: str) -> str:
    """NFKC, lower case, and the domain as IDNA reads it; unchanged past what it can
    parse (the form's validator refuses such an address anyway)."""
    value = unicodedata.normalize("NFKC", value or "").strip().lower()
    local, at, domain = value.rpartition("@")
    if not at:
        return value
    try:
        domain = domain.encode("idna").decode("idna")
    except UnicodeError:
        return value
    return f"{local}@{domain}"


def reject_quoted_email(value: str) -> None:
    if (value or "").startswith('"'):
        raise ValidationError(
            "电子邮箱 @ 前面的部分不能带引号，请填写平常使用的邮箱地址，例如 name@example.com。",
            code="quoted",
        )


def normalize_rows(queryset) -> None:
    """Rewrite the `phone` and `email` of every row in their one form (data migrations)."""
    rows = list(queryset.only("pk", "phone", "email"))
    for row in rows:
        row.phone, row.email = normalize_phone(row.phone), normalize_email(row.email)
    queryset.model.objects.bulk_update(rows, ["phone", "email"], batch_size=500)
