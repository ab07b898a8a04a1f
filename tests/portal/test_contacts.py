"""One form for each phone and e-mail (`editorial.contacts`), so one person is one person."""

import pytest
from django.core.exceptions import ValidationError

from editorial.contacts import normalize_email, normalize_phone
from publicforms.forms import email_field, phone_field


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("+8613800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),  # full-width digits
        ("010-6000 0001", "010-60000001"),
        ("（010）60000001", "010-60000001"),
        ("+86 10 6000 0001", "010-60000001"),  # area code written without its 0
        ("+86 010 6000 0001", "010-60000001"),
        ("0086-512-6000-1234", "0512-60001234"),
        ("86 010 60000001", "010-60000001"),
        ("400-800-1234", "4008001234"),
        # a landline keeps the dash after its area code, and one before an extension
        ("010-68512345", "010-68512345"),
        ("01068512345", "010-68512345"),
        ("0571-88886666", "0571-88886666"),
        ("057188886666", "0571-88886666"),
        ("0571 8888666", "0571-8888666"),  # seven digits behind a four-digit area code
        ("010-68512345-8001", "010-68512345-8001"),
        ("010-68512345转8001", "010-68512345-8001"),
        ("0106851234508", "010-68512345-08"),  # behind 010 the number has 8 digits
        ("0571 8888 6666 8001", "0571-88886666-8001"),
        ("0571-8888666-8001", "0571-8888666-8001"),
        # 7 or 8 digits? Not certain without a separator: the digits stay as they are
        ("057188886668001", "057188886668001"),
        ("+86 400 800 1234", "4008001234"),
        ("86001234", "86001234"),  # a local number that happens to start with 86
        ("+1 415 555 0100", "+14155550100"),  # abroad: kept with its country code
    ],
)
def test_a_phone_is_stored_as_its_national_number(typed, stored):
    assert normalize_phone(typed) == stored
    assert normalize_phone(stored) == stored


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("a@b.com", "a@b.com"),
        (" A@B.COM ", "a@b.com"),
        ("a@ｂ.com", "a@b.com"),  # full-width letter in the domain
        ("ａ@b.com", "a@b.com"),
        ("a@b．com", "a@b.com"),  # full-width dot
        ("wang@例子.中国", "wang@例子.中国"),
        ("wang@XN--FSQU00A.XN--FIQS8S", "wang@例子.中国"),  # the same domain in IDNA form
    ],
)
def test_an_email_is_stored_in_one_form(typed, stored):
    assert normalize_email(typed) == stored
    assert email_field(required=True).clean(typed) == stored


@pytest.mark.parametrize("typed", ['"a"@b.com', '"a b"@b.com'])
def test_a_quoted_local_part_is_refused_with_a_chinese_message(typed):
    with pytest.raises(ValidationError) as refused:
        email_field(required=True).clean(typed)
    assert "不能带引号" in " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0571888866668001", "请用短横线隔开区号、电话号码和分机号"),
        ("0571-888866668001", "请用短横线隔开区号、电话号码和分机号"),
        ("010-6851<b>2345</b>", "请填写有效的电话号码"),
        ("0571-8888-66668001", "请用短横线隔开区号、电话号码和分机号"),
        ("010-68512345;DROP TABLE", "请填写有效的电话号码"),
        ("010-68512345-1234567", "请填写有效的电话号码"),  # no extension has 7 digits
    ],
)
def test_a_landline_that_cannot_be_read_gets_a_chinese_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        phone_field(required=True).clean(typed)
    assert message in " ".join(refused.value.messages)


def test_the_phone_field_gives_the_national_number_and_refuses_other_countries():
    assert phone_field(required=True).clean("0086 138 0013 8000") == "13800138000"
    with pytest.raises(ValidationError) as refused:
        phone_field(required=True).clean("+1 415 555 0100")
    assert "请填写有效的电话号码" in " ".join(refused.value.messages)
