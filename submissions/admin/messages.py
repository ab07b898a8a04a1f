"""The 留言 admin: replies, publishing them, status and the office export."""

from django import forms
from django.contrib import admin, messages
from django.template.defaultfilters import linebreaksbr
from import_export.admin import ExportActionMixin

from editorial import spreadsheets
from editorial.admin import ContentAdmin
from submissions.models import Message
from submissions.resources import MessageResource
from submissions.services.messages import reply_to_message, set_message_status


class OfficeExport(ExportActionMixin):
    """导出 as XLSX or CSV (`editorial.spreadsheets`): the changelist with its filters and
    search, or the rows ticked for the list action. Whoever may view the rows may export
    them (编辑 too, as they read the queues); exporting changes nothing."""

    formats = spreadsheets.FORMATS
    show_change_form_export = False
    change_form_template = None  # the app's own change forms (the accept button) stay

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_valid_export_item_pks(self, request):
        # The library would offer every row of the table as a choice and check each
        # ticked row against all of them; the ticked rows this user may see are enough.
        ticked = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        return self.get_queryset(request).filter(pk__in=ticked).values_list("pk", flat=True)


# The change form's 保存并公开 (templates/admin/submissions/message/submit_line.html).
PUBLISH_REPLY = "_publish_reply"


class MessageAdminForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ("status", "reply")
        help_texts = {
            "status": "写好回复后点“保存并公开”（或选“已回复并公开”再保存），留言和回复才放到"
            "留言板；保持“待处理”只点“保存”，回复是草稿，谁也看不到；"
            "选“不公开”只用邮件答复留言人，留言板和查询页都看不到回复。"
        }

    def clean(self):
        data = super().clean()
        publishing = data.get("status") == Message.Status.PUBLISHED or PUBLISH_REPLY in self.data
        if publishing and not (data.get("reply") or "").strip():
            self.add_error("reply", "公开前请先填写官方回复。")
        return data


@admin.register(Message)
class MessageAdmin(OfficeExport, ContentAdmin):
    form = MessageAdminForm
    resource_classes = [MessageResource]
    list_display = ("code", "subject", "name", "contact", "status", "created_at", "replied_at")
    list_display_links = ("code", "subject")
    list_filter = ("status", "created_at", "replied_at")
    search_fields = ("code", "name", "subject", "content", "email", "phone")
    date_hierarchy = "created_at"
    list_select_related = ("replied_by",)
    list_per_page = 50
    readonly_fields = (
        "code",
        "name",
        "phone",
        "email",
        "subject",
        "content_text",
        "created_at",
        "ip_address",
        "user_agent",
        "replied_at",
        "replied_by",
    )
    fieldsets = (
        ("留言", {"fields": ("code", "subject", "content_text", "created_at")}),
        ("留言人（不公开）", {"fields": ("name", "phone", "email", "ip_address", "user_agent")}),
        (
            "官方回复",
            {
                "fields": ("reply", "status", "replied_at", "replied_by"),
                "description": "“保存”只保存回复草稿（待处理时不公开、不通知）；"
                "“保存并公开”公开本条留言和回复，并在留言人留有邮箱时邮件通知。",
            },
        ),
    )
    actions = ("publish_answered", "hide", "mark_spam")

    def has_add_permission(self, request):
        return False

    @admin.display(description="联系方式")
    def contact(self, obj):
        return " / ".join(v for v in (obj.phone, obj.email) if v)

    @admin.display(description="留言内容")
    def content_text(self, obj):
        return linebreaksbr(obj.content, autoescape=True)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish_reply"] = obj is not None and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if PUBLISH_REPLY in request.POST:
            obj.status = Message.Status.PUBLISHED
        publishing_unanswered = obj.status == Message.Status.PUBLISHED and obj.replied_at is None
        if obj.status == Message.Status.PENDING:
            # A draft: nothing public, nobody mailed, until 保存并公开.
            obj.save(update_fields=["status", "reply", "updated_at"])
            if obj.reply.strip():
                self.message_user(
                    request,
                    "回复已保存为草稿：留言和回复都没有公开，留言人也没有收到通知。"
                    "改好后点“保存并公开”。",
                    messages.INFO,
                )
        elif obj.reply.strip() and ("reply" in form.changed_data or publishing_unanswered):
            # The chosen status decides: 已回复并公开 publishes the reply; 不公开 and
            # 垃圾留言 keep it between the office and the sender (e-mail only).
            publish = obj.status == Message.Status.PUBLISHED
            reply_to_message(message=obj, reply=obj.reply, user=request.user, publish=publish)
        elif "status" in form.changed_data:
            obj.save(update_fields=["status", "reply", "updated_at"])
            set_message_status(messages=[obj], status=obj.status)
        else:
            obj.save(update_fields=["reply", "updated_at"])

    @admin.action(description="公开所选留言（仅限已回复的）", permissions=["change"])
    def publish_answered(self, request, queryset):
        count = set_message_status(messages=queryset, status=Message.Status.PUBLISHED)
        skipped = queryset.count() - count
        self.message_user(request, f"已公开 {count} 条留言。")
        if skipped:
            self.message_user(
                request, f"{skipped} 条尚未回复，没有公开：请先在留言页填写回复。", messages.WARNING
            )

    @admin.action(description="不公开所选留言", permissions=["change"])
    def hide(self, request, queryset):
        count = set_message_status(messages=queryset, status=Message.Status.HIDDEN)
        self.message_user(request, f"已将 {count} 条留言设为不公开。")

    @admin.action(description="标记为垃圾留言（隐藏）", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = set_message_status(messages=queryset, status=Message.Status.SPAM)
        self.message_user(request, f"已将 {count} 条留言标记为垃圾留言。")
