"""Fields every public form is built from: the captcha, the honeypot, checked text,
contact fields in their stored form, several checked files, and the code look-up."""

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from editorial.contacts import normalize_email, normalize_phone, reject_quoted_email
from editorial.files import CheckedFile, check_upload
from publicforms.captchas import purge_expired
from publicforms.validators import reject_garbled, reject_markup, single_line, validate_phone


class AccessibleCaptchaInput(CaptchaTextInput):
    """The captcha with Chinese alt text, a label target and a refresh button (see JS)."""

    template_name = "publicforms/widgets/captcha.html"

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
        help_text="请输入图片中的 4 个字母或数字，不区分大小写；看不清请点图片旁的“换一张”。",
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
    """An e-mail address in the one form it is stored and compared in (`editorial.contacts`)."""

    def to_python(self, value):
        return normalize_email(super().to_python(value))


class ContactPhoneField(forms.CharField):
    """A phone number as its national number (`editorial.contacts`)."""

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
    """The e-mail or phone a look-up asks for, as typed (compared in `editorial.contacts`'s
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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input, each checked by content (`check_attachments`) against
    `allowed` and the settings `<limits>_MAX_FILES` and `<limits>_MAX_FILE_BYTES` (read
    when the form is checked). The cleaned value is [(upload, what it really is)].

    `accepted` holds the uploads that passed their own check, also when another file
    or another field failed: `publicforms.kept` keeps those for the next submit."""

    def __init__(self, *args, allowed: set[str], limits: str, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)
        self.allowed, self.limits, self.accepted = allowed, limits, []

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        self.accepted = []
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return check_attachments(
            files,
            limit=getattr(settings, f"{self.limits}_MAX_FILES"),
            allowed=self.allowed,
            max_bytes=getattr(settings, f"{self.limits}_MAX_FILE_BYTES"),
            accepted=self.accepted,
        )


def check_attachments(
    files: list,
    *,
    limit: int,
    allowed: set[str],
    max_bytes: int,
    accepted: list | None = None,
) -> list[tuple[UploadedFile, CheckedFile]]:
    """The files of a public form, each checked by content: (upload, what it really is).

    Every file's problem is reported at once, so a person fixes them in one go; the
    uploads that pass are added to `accepted`, also when the whole is refused.
    """
    errors, checked = [], []
    if len(files) > limit:
        errors.append(
            ValidationError(
                f"最多上传 {limit} 个附件，现在有 {len(files)} 个，请去掉 {len(files) - limit} 个。",
                code="too_many",
            )
        )
    for upload in files:
        try:
            checked.append((upload, check_upload(upload, allowed=allowed, max_bytes=max_bytes)))
        except ValidationError as exc:
            errors.extend(exc.error_list)
        else:
            if accepted is not None:
                accepted.append(upload)
    if errors:
        raise ValidationError(errors)
    return checked


class StatusLookupForm(forms.Form):
    code = forms.CharField(
        label="查询码",
        max_length=40,
        validators=[reject_garbled, single_line],
        error_messages={"required": "请填写查询码。", "max_length": "查询码太长。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "TG-XXXXX-…"}),
    )
    contact = contact_field("投稿")
