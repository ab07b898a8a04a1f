"""The two public forms. Every field is checked here; views and services trust the result."""

import re

from django import forms
from django.core.exceptions import ValidationError

from news.services import list_section_choices
from publicforms.codes import CODE_ALPHABET, canonical_code
from publicforms.forms import (
    HoneypotMixin,
    MultipleFileField,
    MultipleFileInput,
    captcha_field,
    email_field,
    honeypot_field,
    phone_field,
    text,
)
from publicforms.validators import (
    reject_garbled,
    single_line,
)
from submissions.models import MESSAGE_CODE, Submission

ATTACHMENT_KINDS = {"doc", "docx", "pdf", "jpg", "png"}


class MessageForm(HoneypotMixin, forms.Form):
    name = text("姓名", 30, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = phone_field(required=False)
    email = email_field(required=False)
    subject = text("主题", 80, min_length=2)
    content = text(
        "留言内容",
        2000,
        markup=True,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 8, "data-counter": "2000"}),
        help_text="最多 2000 字。请勿填写身份证号等敏感信息；内容以纯文本显示。",
    )
    website = honeypot_field()
    captcha = captcha_field()

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.has_error("phone"):
            if not self.has_error("email"):
                self.add_error("phone", "电话和电子邮箱至少填写一项，以便我们联系您。")
        return data


def section_choices() -> list[tuple[str, str]]:
    """The site's own list sections (栏目), then 其他."""
    return [*list_section_choices(), (Submission.Section.OTHER, "其他（由编辑部安排）")]


class SubmissionForm(HoneypotMixin, forms.Form):
    title = text("标题", 120, markup=True, min_length=4)
    author = text("作者", 60, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organization = text("单位", 100, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    phone = phone_field(required=False)
    email = email_field(required=True)
    section = forms.ChoiceField(
        label="建议栏目",
        choices=section_choices,  # the site's own sections, read when the form is made
        error_messages={
            "required": "请选择建议栏目。",
            "invalid_choice": "请从列表中选择建议栏目。",
        },
    )
    body = text(
        "正文",
        30000,
        required=False,
        markup=True,
        widget=forms.Textarea(attrs={"rows": 14, "data-counter": "30000"}),
        help_text="可直接粘贴正文（最多 30000 字），也可只上传附件；内容以纯文本保存。",
    )
    attachments = MultipleFileField(
        label="附件",
        required=False,
        allowed=ATTACHMENT_KINDS,
        limits="SUBMISSIONS",
        widget=MultipleFileInput(
            attrs={"accept": ".doc,.docx,.pdf,.jpg,.jpeg,.png,application/pdf,image/*"}
        ),
        help_text="最多 5 个文件，每个不超过 20 MB；支持 Word（doc/docx）、PDF、JPG、PNG。",
    )
    consent = forms.BooleanField(
        label="我已阅读并同意《投稿须知》：稿件为本人原创或已获授权，同意协会编辑修改后在网站和会刊刊发。",
        error_messages={"required": "请阅读并勾选同意《投稿须知》后再提交。"},
    )
    website = honeypot_field()
    captcha = captcha_field()

    def clean(self):
        data = super().clean()
        if (
            not self.has_error("body")
            and not self.has_error("attachments")
            and not (data.get("body") or "").strip()
            and not data.get("attachments")
        ):
            self.add_error("body", "请填写正文或上传至少一个附件。")
        return data


_ALPHABET = re.escape(CODE_ALPHABET)
_MESSAGE_CODES = (
    re.compile(rf"LY(-[{_ALPHABET}]{{5}}){{3}}"),  # LY-K7Q3X-M8PZ2-HT4RW
    re.compile(r"LY\d{8}[0-9A-Z]{5}"),  # older codes: LY20250101K7Q3X
)


class MessageLookupForm(forms.Form):
    code = forms.CharField(
        label="留言编号",
        max_length=30,
        validators=[reject_garbled, single_line],
        error_messages={"required": "请填写留言编号。", "max_length": "留言编号太长。"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "如 LY-K7Q3X-M8PZ2-HT4RW"}
        ),
    )

    def clean_code(self):
        code = canonical_code(self.cleaned_data["code"], **MESSAGE_CODE)
        if not any(pattern.fullmatch(code) for pattern in _MESSAGE_CODES):
            raise ValidationError(
                "留言编号格式不正确：编号以 LY 开头，如 LY-K7Q3X-M8PZ2-HT4RW"
                "（较早的编号如 LY20250101K7Q3X），请核对后重新输入。",
                code="format",
            )
        return code
