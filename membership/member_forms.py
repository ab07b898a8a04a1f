"""The member area's forms: sign-in, password links and inviting a colleague. Labels and
messages in Chinese; what a person typed goes through the public forms' validators."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

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
        return (self.cleaned_data.get("username") or "").strip().lower()

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
