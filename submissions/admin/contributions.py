"""The 投稿 admin: reading a contribution and its files, changing its status, and accepting it into a draft article."""

import logging

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from news.services import article_sections
from publicforms.admin import PrivateAttachmentInline, PrivateAttachmentsAdmin, attachment_links
from submissions.admin.messages import OfficeExport
from submissions.models import Submission, SubmissionAttachment
from submissions.resources import SubmissionResource
from submissions.services import accept
from submissions.services.contributions import change_submission_status

logger = logging.getLogger(__name__)


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
