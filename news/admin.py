from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from news.models import Article, ArticleAttachment, MagazineEntry, MagazineIssue, Section
from news.services import publish_articles, redate_if_past
from portal.admin import (
    AuditedAdmin,
    PublishableAdmin,
    RecycleBinAdmin,
    RevisionsAdmin,
    update_action,
)
from portal.files import check_upload

ATTACHMENT_KINDS = {"pdf", "doc", "docx", "xls", "xlsx", "pptx", "zip", "jpg", "png"}
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_MAGAZINE_PDF_BYTES = 50 * 1024 * 1024


@admin.register(Section)
class SectionAdmin(RevisionsAdmin, AuditedAdmin):
    list_display = ("name", "slug", "parent", "kind", "order", "show_in_nav", "show_on_home")
    list_editable = ("order", "show_in_nav", "show_on_home")
    list_filter = ("kind", "show_in_nav", "parent")
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (
            None,
            {"fields": ("name", "slug", "parent", "order", "kind", "show_in_nav", "show_on_home")},
        ),
        ("内容", {"fields": ("description", "external_url", "body")}),
    )


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = ArticleAttachment
        fields = ("title", "file", "order")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            checked = check_upload(upload, allowed=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
            upload.name = checked.generated_name()
            self.instance.size = checked.size
        return upload


class AttachmentInline(admin.TabularInline):
    model = ArticleAttachment
    form = AttachmentForm
    extra = 1
    fields = ("title", "file", "order", "size_display")
    readonly_fields = ("size_display",)

    @admin.display(description="大小")
    def size_display(self, obj):
        return filesizeformat(obj.size) if obj.pk else "—"


class ArticleActionForm(ActionForm):
    section = forms.ModelChoiceField(
        queryset=Section.objects.filter(kind=Section.Kind.LIST),
        required=False,
        label="目标栏目",
        help_text="仅“移动到栏目”操作使用。",
    )


@admin.register(Article)
class ArticleAdmin(RevisionsAdmin, RecycleBinAdmin, PublishableAdmin, AuditedAdmin):
    list_display = (
        "title",
        "section",
        "state",
        "publish_at",
        "is_pinned",
        "is_headline",
        "is_slide",
        "view_count",
    )
    list_filter = (
        "status",
        "section",
        "is_pinned",
        "is_headline",
        "is_slide",
        ("publish_at", admin.DateFieldListFilter),
    )
    list_select_related = ("section",)
    search_fields = ("title", "subtitle", "summary", "source", "author")
    date_hierarchy = "publish_at"
    autocomplete_fields = ("section", "zones")
    inlines = (AttachmentInline,)
    action_form = ArticleActionForm
    actions = ("publish", "unpublish", "pin", "unpin", "move_section")
    list_per_page = 50
    fieldsets = (
        (None, {"fields": ("title", "subtitle", "section", "source", "author", "summary")}),
        ("正文", {"fields": ("body", "cover", "cover_preview")}),
        (
            "发布",
            {
                "fields": ("status", "publish_at", "unpublish_at"),
                "description": "只有“审核发布”角色可以发布。发布时间在将来即为定时发布；下线时间可选。",
            },
        ),
        ("首页与列表", {"fields": ("is_pinned", "is_headline", "is_slide")}),
        ("关联", {"fields": ("zones",)}),
        ("统计与记录", {"fields": ("view_count", "origins")}),
    )
    readonly_fields = ("view_count", "cover_preview", "origins")
    # 编辑 write drafts; 审核发布 (news.publish_article) publish, and change live articles.
    publish_fields = {"status": Article.Status.DRAFT}
    draft_message = "已保存为草稿；发布需由“审核发布”人员操作。"

    @admin.display(description="稿件来源")
    def origins(self, obj):
        """The contribution (投稿) this article was accepted from, linked to its admin
        page. `Submission.article` names the reverse accessor `submission`; news reads
        it by name and imports nothing of submissions (see README "Layout")."""
        submission = getattr(obj, "submission", None) if obj and obj.pk else None
        if submission is None:
            return "—"
        url = reverse("admin:submissions_submission_change", args=[submission.pk])
        return format_html('<a href="{}">投稿：{}</a>', url, submission)

    @admin.display(description="封面效果")
    def cover_preview(self, obj):
        if not obj.cover_list:
            return "—"
        return format_html(
            '<img src="{}" alt="列表缩略图" width="240" height="160"> '
            '<img src="{}" alt="幻灯片裁切" width="360" height="150">',
            obj.cover_list.url,
            obj.cover_slide.url,
        )

    @admin.display(description="状态", ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.action(description="发布所选文章", permissions=["publish"])
    def publish(self, request, queryset):
        published, redated = publish_articles(queryset)
        note = f"，其中 {redated} 篇的发布时间已过，改为现在" if redated else ""
        self.message_user(
            request, f"已发布 {published} 篇草稿{note}（发布时间在将来的将按时上线）。"
        )

    def save_model(self, request, obj, form, change):
        going_live = (
            change
            and form.initial.get("status") == Article.Status.DRAFT
            and obj.status == Article.Status.PUBLISHED
        )
        old = redate_if_past(obj) if going_live else None
        super().save_model(request, obj, form, change)
        if old is not None:
            self.message_user(
                request,
                f"发布时间原为 {timezone.localtime(old):%Y-%m-%d %H:%M}，已过，"
                "已改为发布的此刻，文章会排在栏目和首页的前面。",
                messages.INFO,
            )

    unpublish = update_action(
        "unpublish",
        "撤下所选文章（改为草稿）",
        "已撤下 {n} 篇文章。",
        permission="publish",
        status=Article.Status.DRAFT,
    )
    pin = update_action(
        "pin", "置顶所选文章", "已置顶 {n} 篇文章。", permission="publish", is_pinned=True
    )
    unpin = update_action(
        "unpin", "取消置顶", "已取消置顶 {n} 篇文章。", permission="publish", is_pinned=False
    )

    @admin.action(description="移动到栏目（在上方选择目标栏目）", permissions=["publish"])
    def move_section(self, request, queryset):
        try:
            target = ArticleActionForm.base_fields["section"].clean(request.POST.get("section"))
        except forms.ValidationError:
            target = None
        if target is None:
            self.message_user(request, "请先在“目标栏目”中选择一个栏目。", messages.ERROR)
            return
        n = queryset.update(section=target)
        self.message_user(request, f"已将 {n} 篇文章移动到“{target.name}”。")


class MagazineIssueForm(forms.ModelForm):
    class Meta:
        model = MagazineIssue
        fields = (
            "year",
            "number",
            "title",
            "published_on",
            "cover",
            "pdf",
            "summary",
            "is_published",
        )

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if isinstance(upload, UploadedFile):
            checked = check_upload(upload, allowed={"pdf"}, max_bytes=MAX_MAGAZINE_PDF_BYTES)
            upload.name = checked.generated_name()
        return upload


class MagazineEntryInline(admin.TabularInline):
    model = MagazineEntry
    extra = 3
    fields = ("order", "column", "title", "article", "page")
    autocomplete_fields = ("article",)


@admin.register(MagazineIssue)
class MagazineIssueAdmin(RecycleBinAdmin, AuditedAdmin):
    form = MagazineIssueForm
    list_display = ("__str__", "title", "published_on", "is_published", "entry_count")
    list_filter = ("is_published", "year")
    search_fields = ("title", "summary", "entries__title")
    date_hierarchy = "published_on"
    inlines = (MagazineEntryInline,)
    fields = ("year", "number", "title", "published_on", "cover", "pdf", "summary", "is_published")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_entries=Count("entries"))

    @admin.display(description="目录条数", ordering="n_entries")
    def entry_count(self, obj):
        return obj.n_entries
