"""The public application form and the status look-up. Every field is checked here with
the public forms' shared pieces (`submissions.forms`); views and services trust the result."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from associations.regions import PROVINCE_CHOICES
from membership.models import Application
from publicforms.forms import (
    HoneypotMixin,
    MultipleFileField,
    MultipleFileInput,
    StatusLookupForm,
    captcha_field,
    email_field,
    honeypot_field,
    phone_field,
    text,
)

ATTACHMENT_KINDS = {"pdf", "jpg", "png"}
RULES_SLUG = "membership-rules"  # the single page 会员管理办法 (portal/initial.py)


def choice(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", "请选择"), *choices],
        error_messages={
            "required": f"请选择{label}。",
            "invalid_choice": f"请从列表中选择{label}。",
        },
    )


class ApplicationForm(HoneypotMixin, forms.Form):
    unit_name = text(
        "单位名称",
        100,
        min_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        help_text="填写单位全称，与公章一致。",
    )
    kind = choice("单位类型", Application.Kind.choices)
    province = choice("省份", PROVINCE_CHOICES)
    city = text("城市", 30, help_text="地级市或区县。")
    # One line, so address-line1: street-address is the token for a multi-line textarea.
    address = text("地址", 200, widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    contact_name = text("联系人", 30, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    position = text("职务", 30)
    phone = phone_field(required=True)
    email = email_field(required=True)
    introduction = text(
        "单位简介",
        3000,
        markup=True,
        min_length=20,
        widget=forms.Textarea(attrs={"rows": 8, "data-counter": "3000"}),
        help_text="20–3000 字：单位的设立时间、主要职能或业务、规模等；内容以纯文本保存。",
    )
    attachments = MultipleFileField(
        label="申请材料",
        required=True,
        allowed=ATTACHMENT_KINDS,
        limits="MEMBERSHIP",
        error_messages={"required": "请上传至少一个申请材料（批准文件或营业执照的扫描件）。"},
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}),
        help_text="批准文件、营业执照等的扫描件，1–3 个文件，每个不超过 20 MB；支持 PDF、JPG、PNG。",
    )
    consent = forms.BooleanField(
        label="我已阅读并同意《会员管理办法》",
        error_messages={"required": "请阅读并勾选同意《会员管理办法》后再提交。"},
    )
    website = honeypot_field()
    captcha = captcha_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules are a single page editors maintain; the link opens it beside the form.
        self.fields["consent"].label = format_html(
            '我已阅读并同意<a href="{}" target="_blank" rel="noopener">《会员管理办法》</a>'
            "（在新窗口打开），遵守协会章程，履行会员义务。",
            reverse("portal:page", args=[RULES_SLUG]),
        )


class ApplicationStatusForm(StatusLookupForm):
    """The contributions' look-up (code + contact) with the application's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code, contact = self.fields["code"], self.fields["contact"]
        code.label = "申请编号"
        code.error_messages = {**code.error_messages, "required": "请填写申请编号。"}
        code.error_messages["max_length"] = "申请编号太长。"
        code.widget.attrs["placeholder"] = "RH-XXXXX-…"
        contact.label = "申请时填写的电子邮箱或电话"
        contact.error_messages = {
            **contact.error_messages,
            "required": "请填写申请时留下的电子邮箱或电话。",
        }
