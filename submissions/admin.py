import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import filesizeformat, linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from import_export.admin import ExportActionMixin

from news.services import article_sections
from portal import spreadsheets
from portal.admin import ContentAdmin
from submissions.models import Message, Submission, SubmissionAttachment
from submissions.resources import MessageResource, SubmissionResource
from submissions.services import accept
from submissions.services.contributions import change_submission_status
from submissions.services.messages import reply_to_message, set_message_status
from submissions.storage import download_response

logger = logging.getLogger(__name__)


class OfficeExport(ExportActionMixin):
    """导出 as XLSX or CSV (`portal.spreadsheets`): the changelist with its filters and
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


class MessageAdminForm(forms.ModelForm):
    class Meta:
        model = Message
        fields = ("status", "reply")
        help_texts = {
            "status": "写好回复后：选“已回复并公开”（或保持“待处理”）会把留言和回复放到留言板；"
            "选“不公开”只用邮件答复留言人，留言板和查询页都看不到回复。"
        }

    def clean(self):
        data = super().clean()
        if data.get("status") == Message.Status.PUBLISHED and not (data.get("reply") or "").strip():
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
                "description": "填写回复并保存，即公开本条留言和回复，并在留言人留有邮箱时邮件通知。",
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

    def save_model(self, request, obj, form, change):
        publishing_unanswered = obj.status == Message.Status.PUBLISHED and obj.replied_at is None
        if obj.reply.strip() and ("reply" in form.changed_data or publishing_unanswered):
            # The chosen status decides: 待处理 or 已回复并公开 publish the reply; 不公开 and
            # 垃圾留言 keep it between the office and the sender (e-mail only).
            publish = obj.status in (Message.Status.PENDING, Message.Status.PUBLISHED)
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


class SubmissionAdminForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = ("status", "editor_note")

    def clean_status(self):
        status = self.cleaned_data["status"]
        if self.instance.pk and not self.instance.can_move_to(status):
            current = self.instance.get_status_display()
            raise forms.ValidationError(
                f"不能从“{current}”改为“{Submission.Status(status).label}”。"
                "流程：已收到 → 审阅中 → 已采用 / 未采用。"
            )
        return status


def _file_trouble(submission: Submission) -> str:
    # The service has rolled everything back; the details are in the server log.
    logger.exception("submissions: accepting %s failed on a file", submission.pk)
    return (
        f"投稿《{submission.title}》的附件文件无法读取或复制，未转为文章，投稿保持原状。"
        "请先下载附件核对，或联系技术人员查看服务器日志。"
    )


class AcceptForm(forms.Form):
    """The one choice an editor makes when accepting: the section of the draft article."""

    section = forms.ModelChoiceField(
        queryset=article_sections(),
        label="放入栏目",
        empty_label=None,
        help_text="默认按投稿人的建议栏目选择；文章保存为草稿，发布前仍可修改。",
    )
    note = forms.CharField(
        label="给投稿人的说明",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="随“已采用”通知邮件发给投稿人，也显示在“投稿查询”页；留空用标准说明。",
    )


class SubmissionActionForm(ActionForm):
    section = forms.ModelChoiceField(
        queryset=article_sections(),
        required=False,
        label="放入栏目",
        help_text="仅“采用为草稿文章”使用；不选则按各篇的建议栏目。",
    )


class PrivateAttachmentInline(admin.TabularInline):
    """Files the public sent (`models.PrivateAttachment`), each linked to the admin view
    named `download_url_name`, which streams it to staff under its original name."""

    download_url_name = "admin:submissions_attachment_download"
    extra = 0
    can_delete = False
    fields = ("download", "kind", "human_size", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="附件（原文件名）")
    def download(self, obj):
        url = reverse(self.download_url_name, args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)

    @admin.display(description="大小")
    def human_size(self, obj):
        return filesizeformat(obj.size)


def attachment_links(attachments, *, download_url_name: str):
    """The files as download links with their sizes, one a line, for a read-only field."""
    if not attachments:
        return "无"
    return format_html_join(
        "",
        '<div><a href="{}">{}</a>（{}）</div>',
        (
            (reverse(download_url_name, args=[a.pk]), a.original_name, filesizeformat(a.size))
            for a in attachments
        ),
    )


class PrivateAttachmentsAdmin:
    """For the admin of rows the public sent with private files (投稿, 入会申请): counts
    them for the list (`n_attachments`) and serves each file at
    attachments/<pk>/download/ (URL name `download_url_name`) to staff who may view the
    rows: the sender's file name with the extension of what the file really is
    (投稿说明.bat holding a PDF downloads as 投稿说明.pdf)."""

    attachment_model: type
    download_url_name: str

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_attachments=Count("attachments"))

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_attachment)
        return [
            path("attachments/<int:pk>/download/", download, name=self.download_url_name),
            *super().get_urls(),
        ]

    def download_attachment(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return download_response(get_object_or_404(self.attachment_model, pk=pk))


class AttachmentInline(PrivateAttachmentInline):
    model = SubmissionAttachment


@admin.register(Submission)
class SubmissionAdmin(PrivateAttachmentsAdmin, OfficeExport, admin.ModelAdmin):
    attachment_model = SubmissionAttachment
    download_url_name = "submissions_attachment_download"
    form = SubmissionAdminForm
    resource_classes = [SubmissionResource]
    inlines = (AttachmentInline,)
    list_display = (
        "title",
        "author",
        "organization",
        "section",
        "status",
        "attachment_count",
        "has_article",
        "created_at",
    )
    list_filter = ("status", "section", "created_at")
    search_fields = ("tracking_code", "title", "author", "organization", "email", "phone")
    date_hierarchy = "created_at"
    list_select_related = ("reviewed_by", "article")
    list_per_page = 50
    readonly_fields = (
        "tracking_code",
        "title",
        "author",
        "organization",
        "phone",
        "email",
        "section",
        "body_text",
        "attachment_links",
        "consent_at",
        "created_at",
        "ip_address",
        "user_agent",
        "reviewed_at",
        "reviewed_by",
        "article_link",
    )
    fieldsets = (
        ("稿件", {"fields": ("title", "section", "body_text", "attachment_links")}),
        (
            "投稿人（不公开）",
            {"fields": ("author", "organization", "phone", "email", "tracking_code")},
        ),
        (
            "审稿",
            {
                "fields": ("status", "editor_note", "reviewed_at", "reviewed_by", "article_link"),
                "description": "流程：已收到 → 审阅中 → 已采用 / 未采用。改变状态或说明并保存后，"
                "系统会邮件通知投稿人；投稿人也可在“投稿查询”页看到。"
                "用右上角“采用为草稿文章”把稿件连同附件转为一篇草稿文章。",
            },
        ),
        ("来源记录", {"fields": ("consent_at", "created_at", "ip_address", "user_agent")}),
    )
    actions = ("mark_reviewing", "accept_into_article")
    action_form = SubmissionActionForm

    def has_add_permission(self, request):
        return False

    def has_accept_permission(self, request, obj=None):
        """Accepting writes a news article and changes the submission: both rights needed."""
        return request.user.has_perm("news.add_article") and self.has_change_permission(
            request, obj
        )

    @admin.display(description="附件数", ordering="n_attachments")
    def attachment_count(self, obj):
        return obj.n_attachments

    @admin.display(description="已转文章", boolean=True)
    def has_article(self, obj):
        return obj.article_id is not None

    @admin.display(description="采用后的文章")
    def article_link(self, obj):
        if obj.article_id is None:
            return "尚未转为文章"
        article = obj.article
        url = reverse("admin:news_article_change", args=[article.pk])
        return format_html('<a href="{}">{}</a>（{}）', url, article.title, article.state_label)

    @admin.display(description="正文")
    def body_text(self, obj):
        return linebreaksbr(obj.body, autoescape=True) if obj.body else "（未填写，见附件）"

    @admin.display(description="附件")
    def attachment_links(self, obj):
        return attachment_links(
            list(obj.attachments.all()),
            download_url_name="admin:submissions_attachment_download",
        )

    def save_model(self, request, obj, form, change):
        if {"status", "editor_note"} & set(form.changed_data):
            change_submission_status(
                submission=obj, status=obj.status, note=obj.editor_note, user=request.user
            )
        else:
            obj.save()

    @admin.action(description="设为“审阅中”", permissions=["change"])
    def mark_reviewing(self, request, queryset):
        moved = 0
        for submission in queryset.filter(status=Submission.Status.RECEIVED):
            change_submission_status(
                submission=submission,
                status=Submission.Status.REVIEWING,
                note=submission.editor_note,
                user=request.user,
            )
            moved += 1
        self.message_user(request, f"{moved} 篇投稿已设为“审阅中”，并已通知投稿人。")

    @admin.action(description="采用为草稿文章（可在上方选择栏目）", permissions=["accept"])
    def accept_into_article(self, request, queryset):
        try:
            section = SubmissionActionForm.base_fields["section"].clean(request.POST.get("section"))
        except forms.ValidationError:
            self.message_user(request, "所选栏目不存在，请重新选择。", messages.ERROR)
            return None
        articles = []
        for submission in queryset.order_by("created_at"):
            try:
                articles.append(
                    accept.accept_into_article(
                        submission=submission, section=section, editor=request.user
                    )
                )
            except accept.NotAcceptable as exc:
                self.message_user(request, str(exc), messages.WARNING)
            except OSError:
                self.message_user(request, _file_trouble(submission), messages.ERROR)
        if not articles:
            return None
        if len(articles) == 1:
            return self._to_article(request, articles[0])
        self.message_user(
            request,
            f"已将 {len(articles)} 篇投稿转为草稿文章，并已邮件通知投稿人；"
            "请到“资讯中心 › 文章”中编辑和发布。",
            messages.SUCCESS,
        )
        return None

    def get_urls(self):
        accept = self.admin_site.admin_view(self.accept_view)
        return [
            path("<int:pk>/accept/", accept, name="submissions_submission_accept"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        submission = self.get_object(request, object_id)
        if (
            submission is not None
            and accept.accept_refusal(submission) is None
            and self.has_accept_permission(request, submission)
        ):
            extra_context["accept_url"] = reverse(
                "admin:submissions_submission_accept", args=[submission.pk]
            )
        if submission is not None and submission.article_id is not None:
            extra_context["article_admin_url"] = reverse(
                "admin:news_article_change", args=[submission.article_id]
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def accept_view(self, request, pk):
        """A small page to choose the section, then the draft article's admin page."""
        submission = get_object_or_404(Submission.objects.prefetch_related("attachments"), pk=pk)
        if not self.has_accept_permission(request, submission):
            raise PermissionDenied
        change_url = reverse("admin:submissions_submission_change", args=[submission.pk])
        refusal = accept.accept_refusal(submission)
        if refusal:
            self.message_user(request, refusal, messages.WARNING)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            form = AcceptForm(request.POST)
            if form.is_valid():
                try:
                    article = accept.accept_into_article(
                        submission=submission,
                        section=form.cleaned_data["section"],
                        editor=request.user,
                        note=form.cleaned_data["note"],
                    )
                except accept.NotAcceptable as exc:
                    self.message_user(request, str(exc), messages.ERROR)
                    return HttpResponseRedirect(change_url)
                except OSError:
                    self.message_user(request, _file_trouble(submission), messages.ERROR)
                    return HttpResponseRedirect(change_url)
                return self._to_article(request, article)
        else:
            form = AcceptForm(
                initial={
                    "section": accept.suggested_section(submission),
                    "note": accept.accept_note(submission),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "采用为草稿文章",
            "subtitle": submission.title,
            "opts": self.opts,
            "original": submission,
            "submission": submission,
            "attachments": list(submission.attachments.all()),
            "form": form,
            "change_url": change_url,
            "has_view_permission": self.has_view_permission(request, submission),
        }
        return TemplateResponse(request, "admin/submissions/submission/accept.html", context)

    def _to_article(self, request, article):
        self.message_user(
            request,
            format_html(
                "已将投稿转为草稿文章《{}》并邮件通知投稿人。请编辑整理后保存，再发布。",
                article.title,
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))
