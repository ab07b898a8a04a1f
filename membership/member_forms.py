"""The member area's forms: sign-in, password links and inviting a colleague. Labels and
messages in Chinese; what a person typed goes through the public forms' validators."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from editorial.images import validate_image_field
from publicforms.forms import email_field, phone_field, text

NOT_A_MEMBER = "该账户不是会员账户。工作人员请从网站后台登录。"


class MemberLoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": "邮箱或密码不正确。请注意密码区分大小写；忘记密码可用下方“忘记密码”重新设置。",
        "inactive": "该账户已停用，请联系协会秘书处。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "电子邮箱"
        self.fields["username"].widget.attrs.update(autocomplete="username", inputmode="email")
        self.fields["username"].error_messages["required"] = "请填写电子邮箱。"
        self.fields["password"].label = "密码"
        self.fields["password"].error_messages["required"] = "请填写密码。"

    def clean_username(self):
        # AuthenticationForm sets the field's max_length after its validators were made,
        # so nothing checked the length: a 5,000-character name reached the lock-out's
        # table (django-axes, 255 characters) and failed there with a 500.
        username = (self.cleaned_data.get("username") or "").strip().lower()
        if len(username) > 254:
            raise ValidationError("电子邮箱太长，请检查后重新输入。", code="max_length")
        return username

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or not hasattr(user, "member_contact"):
            raise ValidationError(NOT_A_MEMBER, code="not_member")


class MemberPasswordResetForm(auth_forms.PasswordResetForm):
    """Sends links only to member contacts (never to staff, whose passwords the admin
    manages), including those that never set a password (an expired invitation)."""

    email = email_field(required=True)

    def get_users(self, email):
        return get_user_model().objects.filter(
            email__iexact=email.strip(),
            is_active=True,
            is_staff=False,
            member_contact__isnull=False,
        )


class MemberSetPasswordForm(auth_forms.SetPasswordForm):
    error_messages = {"password_mismatch": "两次输入的密码不一致。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        for name in ("new_password1", "new_password2"):
            self.fields[name].error_messages["required"] = "请填写密码。"


class InviteForm(forms.Form):
    """The main contact invites a colleague: a sign-in and a set-password e-mail."""

    name = text("姓名", 30)
    position = text("职务", 30, required=False)
    email = email_field(required=True)
    phone = phone_field(required=False)


class EntryForm(forms.Form):
    """我的名录条目: the fields `membership.entries` lets this kind of entry change (the
    others are dropped). Plain text only; the logo is checked as every picture is."""

    contact = text("联系人", 60, required=False)
    phone = phone_field(required=False)
    email = email_field(required=False)
    address = text("地址", 200, required=False)
    website = forms.URLField(
        label="网站",
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text="以 http:// 或 https:// 开头。",
        error_messages={
            "invalid": "网址格式不正确，请以 http:// 或 https:// 开头。",
            "max_length": "网址太长。",
        },
    )
    introduction = text(
        "简介",
        5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="纯文字，每行一段。",
    )
    logo = forms.FileField(
        label="标志",
        required=False,
        validators=[validate_image_field],
        help_text="可选：上传新标志（JPG、PNG、GIF 或 WebP），不上传则保留现在的。",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
        error_messages={"empty": "上传的文件是空的。", "invalid": "上传的不是文件。"},
    )
    industries = forms.ModelMultipleChoiceField(
        label="主导产业",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "所选产业不存在。",
            "invalid_pk_value": "所选产业不存在。",
        },
    )

    def __init__(self, *args, fields: tuple[str, ...], industries=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        if "industries" in self.fields:
            self.fields["industries"].queryset = industries
