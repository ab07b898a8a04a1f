"""The office's member list (会员单位) and the members' sign-ins (会员联系人).

Who may do what (roles in apps.py): 编辑 see members and contacts; 审核发布 add and change
members (dates, status, renewal), invite contacts, disable or enable a sign-in and send a
new set-password link. Nobody sets a member's password here: the person does, through
the e-mailed link. A contact's user is never staff, and the admin refuses it.
"""

import datetime
import re

from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from import_export.admin import ExportMixin

from editorial import spreadsheets
from membership import accounts
from membership.models import Contact, Member
from membership.resources import MemberResource
from publicforms.forms import email_field


class ExpiryFilter(admin.SimpleListFilter):
    title = "会籍有效期"
    parameter_name = "expiry"

    def lookups(self, request, model_admin):
        return [("30", "30 天内到期"), ("expired", "已过期"), ("valid", "有效期内")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "30":
            return queryset.filter(
                valid_until__gte=today, valid_until__lte=today + datetime.timedelta(days=30)
            )
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        if self.value() == "valid":
            return queryset.filter(valid_until__gte=today)
        return queryset


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    can_delete = False
    fields = ("name", "position", "phone", "is_main", "email", "account_state", "last_login")
    readonly_fields = ("email", "account_state", "last_login")
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # a contact is invited from 会员联系人 → 增加: it needs its e-mail

    @admin.display(description="登录邮箱")
    def email(self, obj):
        return obj.user.email

    @admin.display(description="账户")
    def account_state(self, obj):
        return account_state(obj)

    @admin.display(description="最近登录")
    def last_login(self, obj):
        return last_login(obj)


def account_state(contact: Contact) -> str:
    if not contact.user.is_active:
        return "已停用"
    return "已设置密码" if contact.user.has_usable_password() else "待设置密码"


def last_login(contact: Contact) -> str:
    value = contact.user.last_login
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "从未登录"


@admin.register(Member)
class MemberAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [MemberResource]
    formats = spreadsheets.FORMATS
    inlines = (ContactInline,)
    list_display = ("number", "name", "kind", "status", "since", "valid_until", "main_contact")
    list_filter = ("status", ExpiryFilter, "kind")
    search_fields = ("number", "name", "contacts__name", "contacts__user__email")
    date_hierarchy = "valid_until"
    list_per_page = 50
    autocomplete_fields = ("zone", "association")
    readonly_fields = ("application", "verify_token", "reminded_until", "created_at")
    fields = (
        "number",
        "name",
        "kind",
        "status",
        "since",
        "valid_until",
        "zone",
        "association",
        "application",
        "reminded_until",
        "created_at",
    )

    def get_queryset(self, request):
        main = Contact.objects.filter(member=OuterRef("pk"), is_main=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                main_contact_name=Subquery(main.values("name")[:1]),
                main_contact_email=Subquery(main.values("user__email")[:1]),
            )
        )

    @admin.display(description="主联系人", ordering="main_contact_name")
    def main_contact(self, obj):
        return obj.main_contact_name or "—"

    def has_export_permission(self, request):
        return self.has_view_permission(request)


class ContactAddForm(forms.ModelForm):
    email = email_field(required=True)

    class Meta:
        model = Contact
        fields = ("member", "name", "position", "phone", "is_main")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's autocomplete widget looks the posted member up to show it again and
        # fails on a value that is not an id (" "): such a value is no choice at all.
        if self.is_bound and not re.fullmatch(r"[0-9]{1,18}", str(self.data.get("member", ""))):
            self.data = self.data.copy()
            self.data["member"] = ""

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if accounts.address_taken(email):
            raise forms.ValidationError(f"邮箱 {email} 已有账户，不能重复邀请。")
        return email


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "member", "login_email", "state", "login_time", "invited_at")
    list_filter = ("is_main", "user__is_active")
    search_fields = ("name", "user__email", "member__name", "member__number")
    list_select_related = ("member", "user")
    autocomplete_fields = ("member",)
    readonly_fields = ("login_email", "state", "login_time", "invited_at")
    fields = ("member", "name", "position", "phone", "is_main", *readonly_fields)
    actions = ("disable_accounts", "enable_accounts", "send_links")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ContactAddForm
            kwargs["fields"] = (*ContactAddForm.Meta.fields, "email")
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return (*ContactAddForm.Meta.fields, "email")
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        data = form.cleaned_data
        created = accounts.invite_contact(
            member=data["member"],
            name=data["name"],
            email=data["email"],
            position=data["position"],
            phone=data["phone"],
            is_main=data["is_main"],
        )
        obj.pk, obj.user = created.pk, created.user

    @admin.display(description="登录邮箱", ordering="user__email")
    def login_email(self, obj):
        return obj.user.email

    @admin.display(description="账户")
    def state(self, obj):
        return account_state(obj)

    @admin.display(description="最近登录", ordering="user__last_login")
    def login_time(self, obj):
        return last_login(obj)

    @admin.action(description="停用所选账户（不能再登录）", permissions=["change"])
    def disable_accounts(self, request, queryset):
        for contact in queryset.select_related("user"):
            accounts.set_account_active(contact=contact, active=False)
        self.message_user(request, f"已停用 {queryset.count()} 个账户。", messages.SUCCESS)

    @admin.action(description="启用所选账户", permissions=["change"])
    def enable_accounts(self, request, queryset):
        for contact in queryset.select_related("user"):
            accounts.set_account_active(contact=contact, active=True)
        self.message_user(request, f"已启用 {queryset.count()} 个账户。", messages.SUCCESS)

    @admin.action(description="发送设置密码的邮件", permissions=["change"])
    def send_links(self, request, queryset):
        for contact in queryset.select_related("user", "member"):
            accounts.send_password_link(contact, invite=True)
        self.message_user(request, f"已向 {queryset.count()} 人发送设置密码的邮件。")
