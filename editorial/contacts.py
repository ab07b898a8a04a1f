"""One form for each phone number and e-mail address people type into the public forms.

A person is one registration per event, and finds their own registration, application
or contribution by the e-mail or phone they gave, however they type it. So both are
stored and compared in one form:

- a phone as the national number: 13800138000, +8613800138000, 8613800138000 and
  0086 138-0013-8000 are all 13800138000; a number abroad keeps its + and country code;
- a landline with a dash after its area code, as it is written and read in China:
  010 6851 2345, (010)68512345, 01068512345 and +86 10 6851 2345 are all 010-68512345,
  and an extension follows a second dash (010-68512345-8001, also from 转8001). The
  area code is three digits for 010 and 02x and four digits otherwise; behind a
  three-digit code the number has 8 digits, so the split is certain. Behind a
  four-digit code it has 7 or 8: with an extension written without any separator
  (0571888866668001) the split is not certain, and those digits are kept as they are;
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
_EXTENSION = re.compile(r"\s*(?:转|分机)\s*")  # 010-68512345转8001: the extension's dash
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}\d{0,6}")


def normalize_phone(value: str) -> str:
    """The national number without the +86 / 0086 / 86 country code: digits only, a
    landline with its dashes (`_landline`)."""
    typed = _EXTENSION.sub("-", unicodedata.normalize("NFKC", value or ""))
    digits = _PUNCTUATION.sub("", typed)
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
    if _LANDLINE.fullmatch(digits):
        return _landline(digits, _breaks(typed, len(digits)))
    return digits


def _breaks(typed: str, length: int) -> set[int]:
    """Where the typed text was broken into groups, as positions in the national number
    of `length` digits (its tail is the typed text's tail: only a prefix was changed)."""
    groups = [g for g in _PUNCTUATION.split(typed.removeprefix("+")) if g]
    total, ends = sum(len(g) for g in groups), set()
    position = 0
    for group in groups[:-1]:
        position += len(group)
        ends.add(position - total + length)
    return ends


def _landline(digits: str, breaks: set[int]) -> str:
    """AREA-NUMBER or AREA-NUMBER-EXTENSION, or the digits when the split is not certain."""
    area = 3 if digits[1] in "12" else 4
    rest = len(digits) - area
    if rest in (7, 8):
        number = rest
    elif area == 3 and rest > 8:
        number = 8
    elif area + 8 in breaks:
        number = 8
    elif area + 7 in breaks:
        number = 7
    else:
        return digits
    extension = digits[area + number :]
    return "-".join(
        part for part in (digits[:area], digits[area : area + number], extension) if part
    )


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


def dash_landlines(queryset) -> int:
    """Rewrite the `phone` of every row holding a landline in its form with dashes (data
    migrations); the others are in their one form already. Returns how many changed."""
    rows = queryset.filter(phone__startswith="0").only("pk", "phone")
    changed = [row for row in rows if normalize_phone(row.phone) != row.phone]
    for row in changed:
        row.phone = normalize_phone(row.phone)
    queryset.model._base_manager.bulk_update(changed, ["phone"], batch_size=500)
    return len(changed)
