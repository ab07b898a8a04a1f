"""The public forms of events: registration, the look-up by code + contact, and the
code staff type at the door when a QR code cannot be scanned.

Field helpers, the honeypot and the captcha are the public forms' own
(`submissions.forms`), so every public form refuses the same things the same way."""

import re

from django import forms
from django.core.exceptions import ValidationError

from events.models import REGISTRATION_CODE
from publicforms.codes import CODE_ALPHABET, canonical_code
from publicforms.forms import (
    HoneypotMixin,
    captcha_field,
    contact_field,
    email_field,
    honeypot_field,
    phone_field,
    text,
)
from publicforms.validators import reject_garbled, single_line

_CODE = re.compile(rf"BM(-[{re.escape(CODE_ALPHABET)}]{{5}}){{3}}")
CODE_FORMAT_ERROR = (
    "报名编号格式不正确：编号以 BM 开头，如 BM-K7Q3X-M8PZ2-HT4RW，请核对后重新输入。"
)


class RegistrationForm(HoneypotMixin, forms.Form):
    name = text("姓名", 30, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    unit = text("单位", 100, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    position = text(
        "职务",
        60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    phone = phone_field(required=True)
    email = email_field(required=True)
    remarks = text(
        "备注",
        500,
        required=False,
        markup=True,
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": "500"}),
        help_text="可选：如需协助（无障碍、饮食等）请在此说明，最多 500 字。",
    )
    website = honeypot_field()
    captcha = captcha_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = "手机号码"
        self.fields["phone"].help_text = "用于核对身份和活动通知。"
        self.fields["email"].help_text = "报名编号和签到二维码将发送到这个邮箱。"


def code_field() -> forms.CharField:
    return forms.CharField(
        label="报名编号",
        max_length=30,
        validators=[reject_garbled, single_line],
        error_messages={"required": "请填写报名编号。", "max_length": "报名编号太长。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "如 BM-K7Q3X-M8PZ2-HT4RW"}
        ),
    )


def clean_code(raw: str) -> str:
    code = canonical_code(raw, **REGISTRATION_CODE)
    if not _CODE.fullmatch(code):
        raise ValidationError(CODE_FORMAT_ERROR, code="format")
    return code


class LookupForm(forms.Form):
    code = code_field()
    contact = contact_field("报名", "电子邮箱或手机号码")

    def clean_code(self):
        return clean_code(self.cleaned_data["code"])


class CheckinCodeForm(forms.Form):
    code = code_field()

    def clean_code(self):
        return clean_code(self.cleaned_data["code"])


class ArrivalSearchForm(forms.Form):
    """Find someone at the door who has neither the QR code nor the code at hand."""

    q = text(
        "姓名或手机号码",
        30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "如 张伟 或 13912345678"}
        ),
    )
