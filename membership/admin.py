"""Reviewing membership applications: 待审核 → 需补充材料 → 已批准 / 未通过.

Who may do what (roles in apps.py): 编辑 read applications, download their files and
export them; 审核发布 change the status, write the note, delete, and approve. Approval
(the “批准入会” page) runs `services.approve_application`; the directory entry it makes
stays unpublished, whoever approves, until someone with the directory's publish
permission publishes it in 开发区名录 / 协会名录.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ExportMixin

from associations.models import Zone
from editorial import spreadsheets
from membership import services
from membership.models import Application, ApplicationAttachment
from membership.resources import ApplicationResource
from publicforms.admin import PrivateAttachmentInline, PrivateAttachmentsAdmin, attachment_links
from publicforms.validators import reject_garbled, single_line

DOWNLOAD = "admin:membership_attachment_download"


class ApplicationAdminForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ("status", "reviewer_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.instance.status != Application.Status.APPROVED:
            # 已批准 only through the approval page, which makes the directory entry.
            self.fields["status"].choices = [
                c for c in self.fields["status"].choices if c[0] != Application.Status.APPROVED
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == Application.Status.APPROVED and self.instance.status != status:
            raise forms.ValidationError("批准请用右上角的“批准入会”：它会同时登记名录和会员编号。")
        if self.instance.pk and not self.instance.can_move_to(status):
            raise forms.ValidationError(
                f"不能从“{self.instance.get_status_display()}”改为"
                f"“{Application.Status(status).label}”。"
                "流程：待审核 → 需补充材料 → 已批准 / 未通过。"
            )
        return status

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Application.Status.NEEDS_MORE
            and not (data.get("reviewer_note") or "").strip()
        ):
            self.add_error("reviewer_note", "要求补充材料时，请在说明中写明需要补充什么。")
        return data


class ApproveForm(forms.Form):
    """What the reviewer decides when approving: the directory entry's name and, for a
    new zone, its level and type (from the approval document)."""

    entry_name = forms.CharField(
        label="名录中的名称",
        max_length=100,
        validators=[reject_garbled, single_line],
        help_text="名录中已有同省同名的条目时直接关联该条目，否则新建一条（未发布）。"
        "开发区请填园区名称，不带“管委会”。",
    )
    level = forms.ChoiceField(
        label="开发区级别",
        choices=[("", "请选择"), *Zone.Level.choices],
        required=False,
        help_text="仅新建开发区条目时使用，请按批准文件选择。",
    )
    zone_type = forms.ChoiceField(
        label="开发区类型",
        choices=[("", "请选择"), *Zone.Type.choices],
        required=False,
        help_text="仅新建开发区条目时使用。",
    )
    note = forms.CharField(
        label="给申请单位的说明",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="随批准通知邮件发给申请单位，也显示在“申请查询”页。",
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        if application.kind != Application.Kind.ZONE:
            del self.fields["level"], self.fields["zone_type"]


class AttachmentInline(PrivateAttachmentInline):
    model = ApplicationAttachment
    download_url_name = DOWNLOAD


@admin.register(Application)
class ApplicationAdmin(PrivateAttachmentsAdmin, ExportMixin, admin.ModelAdmin):
    attachment_model = ApplicationAttachment
    download_url_name = "membership_attachment_download"
    form = ApplicationAdminForm
    resource_classes = [ApplicationResource]
    formats = spreadsheets.FORMATS
    inlines = (AttachmentInline,)
    list_display = (
        "unit_name",
        "kind",
        "province",
        "contact_name",
        "status",
        "member_number",
        "attachment_count",
        "created_at",
    )
    list_filter = ("status", "kind", "province", "created_at")
    search_fields = ("code", "unit_name", "contact_name", "email", "phone", "member_number")
    date_hierarchy = "created_at"
    list_select_related = ("reviewed_by",)
    list_per_page = 50
    readonly_fields = (
        "code",
        "unit_name",
        "kind",
        "province",
        "city",
        "address",
        "introduction_text",
        "attachment_links",
        "contact_name",
        "position",
        "phone",
        "email",
        "consent_at",
        "created_at",
        "ip_address",
        "user_agent",
        "reviewed_at",
        "reviewed_by",
        "member_number",
        "directory_link",
    )
    fieldsets = (
        (
            "申请单位",
            {
                "fields": (
                    "unit_name",
                    "kind",
                    "province",
                    "city",
                    "address",
                    "introduction_text",
                    "attachment_links",
                )
            },
        ),
        ("联系人（不公开）", {"fields": ("contact_name", "position", "phone", "email", "code")}),
        (
            "审核",
            {
                "fields": (
                    "status",
                    "reviewer_note",
                    "reviewed_at",
                    "reviewed_by",
                    "member_number",
                    "directory_link",
                ),
                "description": "流程：待审核 → 需补充材料 → 已批准 / 未通过。改变状态或说明并保存后，"
                "系统会邮件通知申请单位，对方也可在“申请查询”页看到说明。"
                "批准请用右上角“批准入会”：同时登记名录条目（未发布）和会员编号。",
            },
        ),
        ("来源记录", {"fields": ("consent_at", "created_at", "ip_address", "user_agent")}),
    )

    def has_add_permission(self, request):
        return False

    def has_approve_permission(self, request, obj=None):
        """Approving writes a directory entry: the right to approve and to add and change
        entries of that directory are all needed (审核发布 and superusers hold them)."""
        user = request.user
        if not user.has_perm("membership.approve_application"):
            return False
        if obj is None:
            return True
        opts = services.directory_model(obj.kind)._meta
        return user.has_perm(f"{opts.app_label}.add_{opts.model_name}") and user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.status == Application.Status.APPROVED:
            fields = (*fields, "status", "reviewer_note")  # nothing follows approval
        return fields

    @admin.display(description="材料数", ordering="n_attachments")
    def attachment_count(self, obj):
        return obj.n_attachments

    @admin.display(description="单位简介")
    def introduction_text(self, obj):
        return linebreaksbr(obj.introduction, autoescape=True)

    @admin.display(description="申请材料")
    def attachment_links(self, obj):
        return attachment_links(list(obj.attachments.all()), download_url_name=DOWNLOAD)

    @admin.display(description="名录条目")
    def directory_link(self, obj):
        entry = obj.directory_entry
        if entry is None:
            return "批准后登记" if obj.status != Application.Status.APPROVED else "条目已被删除"
        opts = entry._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[entry.pk])
        state = "已发布" if entry.is_published else "未发布：请有发布权限的人员在名录中发布"
        return format_html(
            '<a href="{}">{}：{}</a>（{}）', url, opts.verbose_name, entry.name, state
        )

    def save_model(self, request, obj, form, change):
        if {"status", "reviewer_note"} & set(form.changed_data):
            services.change_application_status(
                application=obj, status=obj.status, note=obj.reviewer_note, user=request.user
            )
        else:
            obj.save()

    def get_urls(self):
        approve = self.admin_site.admin_view(self.approve_view)
        return [
            path("<int:pk>/approve/", approve, name="membership_application_approve"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        application = self.get_object(request, object_id)
        if (
            application is not None
            and services.approval_refusal(application) is None
            and self.has_approve_permission(request, application)
        ):
            extra_context["approve_url"] = reverse(
                "admin:membership_application_approve", args=[application.pk]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def approve_view(self, request, pk):
        """Confirm the directory entry and the note, then approve in one transaction."""
        application = get_object_or_404(Application.objects.prefetch_related("attachments"), pk=pk)
        if not self.has_approve_permission(request, application):
            raise PermissionDenied
        change_url = reverse("admin:membership_application_change", args=[application.pk])
        refusal = services.approval_refusal(application)
        if refusal:
            self.message_user(request, refusal, messages.WARNING)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            form = ApproveForm(request.POST, application=application)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    approved = services.approve_application(
                        application=application,
                        user=request.user,
                        entry_name=data["entry_name"],
                        level=data.get("level", ""),
                        zone_type=data.get("zone_type", ""),
                        note=data["note"],
                    )
                except services.NotApprovable as exc:
                    form.add_error(None, str(exc))
                else:
                    entry = approved.directory_entry
                    self.message_user(
                        request,
                        format_html(
                            "已批准“{}”入会，会员编号 {}，并已邮件通知申请单位。"
                            "{}“{}”尚未发布：请有发布权限的人员核对后在名录中发布。",
                            approved.unit_name,
                            approved.member_number,
                            entry._meta.verbose_name_plural,
                            entry.name,
                        ),
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(change_url)
        else:
            initial_name = services.suggested_entry_name(application)
            form = ApproveForm(
                application=application,
                initial={
                    "entry_name": initial_name,
                    "zone_type": services.suggested_zone_type(initial_name),
                },
            )
        model = services.directory_model(application.kind)
        name = form["entry_name"].value() or ""
        context = {
            "existing": model.objects.filter(
                name=name.strip(), province=application.province
            ).first(),
            **self.admin_site.each_context(request),
            "title": "批准入会",
            "subtitle": application.unit_name,
            "opts": self.opts,
            "original": application,
            "application": application,
            "directory": model._meta.verbose_name_plural,
            "is_zone": model is Zone,
            "existing_admin_url": f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
            "attachments": list(application.attachments.all()),
            "form": form,
            "change_url": change_url,
            "has_view_permission": self.has_view_permission(request, application),
        }
        return TemplateResponse(request, "admin/membership/application/approve.html", context)


from membership import member_admin  # noqa: E402,F401 (registers the member list)
