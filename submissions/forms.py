"""The two public forms. Every field is checked here; views and services trust the result."""

import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from portal.captchas import purge_expired
from portal.contacts import normalize_email, normalize_phone, reject_quoted_email
from portal.files import CheckedFile, check_upload
from submissions.models import CODE_ALPHABET, MESSAGE_CODE, Submission, canonical_code
from submissions.validators import (
    reject_garbled,
    reject_markup,
    single_line,
    validate_phone,
)

ATTACHMENT_KINDS = {"doc", "docx", "pdf", "jpg", "png"}


class AccessibleCaptchaInput(CaptchaTextInput):
    """The captcha with Chinese alt text, a label target and a refresh button (see JS)."""

    template_name = "submissions/widgets/captcha.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The key's hidden input takes no attribute meant for what a person types: HTML
        # allows neither `required`, `autocomplete` nor aria-* on a hidden input.
        key_attrs = context["widget"]["subwidgets"][0]["attrs"]
        for attr in [a for a in key_attrs if a in ("required", "autocomplete") or a[:5] == "aria-"]:
            del key_attrs[attr]
        return context

    def fetch_captcha_store(self, *args, **kwargs):
        purge_expired()  # every challenge made also clears out the expired ones
        super().fetch_captcha_store(*args, **kwargs)


def captcha_field() -> CaptchaField:
    return CaptchaField(
        label="验证码",
        help_text="请输入图片中的 4 个字母或数字，不区分大小写。",
        widget=AccessibleCaptchaInput(),
        error_messages={
            "invalid": "验证码不正确，请看清图片后重新输入（可点击“换一张”）。",
            "required": "请输入验证码。",
            "incomplete": "请输入验证码。",
        },
    )


def honeypot_field() -> forms.CharField:
    # Hidden from people by CSS (.honeypot); bots that fill every input reveal themselves.
    return forms.CharField(
        label="网址（请留空）",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


def text(label, max_length, *, required=True, markup=False, min_length=None, **kwargs):
    """A text field with Chinese messages; `markup=False` refuses HTML in it.

    Only a Textarea takes several lines; every other text field is `single_line`.
    """
    validators = [reject_garbled]
    if not isinstance(kwargs.get("widget"), forms.Textarea):
        validators.append(single_line)
    if not markup:
        validators.append(reject_markup)
    messages = {
        "required": f"请填写{label}。",
        "max_length": f"{label}不能超过 %(limit_value)d 个字（现在 %(show_value)d 个）。",
        "min_length": f"{label}至少需要 %(limit_value)d 个字。",
        "null_characters_not_allowed": f"{label}含有不可见的空字符，请删除后重新输入。",
    }
    return forms.CharField(
        label=label,
        max_length=max_length,
        min_length=min_length,
        required=required,
        validators=validators,
        error_messages=messages,
        **kwargs,
    )


class ContactEmailField(forms.EmailField):
    """An e-mail address in the one form it is stored and compared in (`portal.contacts`)."""

    def to_python(self, value):
        return normalize_email(super().to_python(value))


class ContactPhoneField(forms.CharField):
    """A phone number as its national number (`portal.contacts`)."""

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


def email_field(*, required: bool) -> forms.EmailField:
    return ContactEmailField(
        label="电子邮箱",
        max_length=254,
        required=required,
        validators=[reject_garbled, single_line, reject_quoted_email],
        error_messages={
            "required": "请填写电子邮箱。",
            "invalid": "电子邮箱格式不正确，例如 name@example.com。",
            "max_length": "电子邮箱太长。",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def phone_field(*, required: bool) -> forms.CharField:
    return ContactPhoneField(
        label="电话",
        max_length=30,
        required=required,
        validators=[reject_garbled, single_line, validate_phone],
        error_messages={"required": "请填写电话。", "max_length": "电话号码太长。"},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )


def contact_field(when: str, what: str = "电子邮箱或电话") -> forms.CharField:
    """The e-mail or phone a look-up asks for, as typed (compared in `portal.contacts`'s
    form): `when` is the moment it was given (投稿, 报名, 当), `what` names it."""
    return forms.CharField(
        label=f"{when}时填写的{what}",
        max_length=254,
        validators=[reject_garbled, single_line],
        error_messages={
            "required": f"请填写{when}时留下的{what}。",
            "max_length": f"{what}太长。",
        },
    )


class HoneypotMixin:
    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError("提交未通过校验，请刷新页面后重新填写。", code="honeypot")
        return ""


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each one is checked by content in the form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return list(data)


def check_attachments(
    files: list, *, limit: int, allowed: set[str], max_bytes: int
) -> list[tuple[UploadedFile, CheckedFile]]:
    """The files of a public form, each checked by content: (upload, what it really is).

    Every file's problem is reported at once, so a person fixes them in one go.
    """
    if len(files) > limit:
        raise ValidationError(
            f"最多上传 {limit} 个附件，您选择了 {len(files)} 个。", code="too_many"
        )
    errors, checked = [], []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload, allowed=allowed, max_bytes=max_bytes)))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return checked


class SubmissionForm(HoneypotMixin, forms.Form):
    title = text("标题", 120, markup=True, min_length=4)
    author = text("作者", 60, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organization = text("单位", 100, widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    phone = phone_field(required=False)
    email = email_field(required=True)
    section = forms.ChoiceField(
        label="建议栏目",
        choices=Submission.Section.choices,
        initial=Submission.Section.ZONE_NEWS,
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

    def clean_attachments(self):
        return check_attachments(
            self.cleaned_data.get("attachments") or [],
            limit=settings.SUBMISSIONS_MAX_FILES,
            allowed=ATTACHMENT_KINDS,
            max_bytes=settings.SUBMISSIONS_MAX_FILE_BYTES,
        )

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


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=40,
        validators=[reject_garbled, single_line],
        error_messages={"required": "请填写查询码。", "max_length": "查询码太长。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "TG-XXXXX-…"}),
    )
    contact = contact_field("投稿")
