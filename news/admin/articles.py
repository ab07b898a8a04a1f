"""The article admin: writing, review, scheduling, versions, the recycle bin and bulk actions."""

from datetime import timedelta

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import (
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from editorial import review
from editorial.admin import (
    AuditedAdmin,
    PendingFilter,
    PublishableAdmin,
    RecycleBinAdmin,
    RevisionsAdmin,
    hotlink_message,
    hotlinks,
    return_page,
    without_hotlinks,
)
from news import reads
from news.admin.article_actions import ArticleBulkActions
from news.admin.article_parts import (
    APPROVE,
    RETURN,
    SUBMIT,
    TOGGLES,
    ArticleActionForm,
    ArticleForm,
    AttachmentInline,
    MineFilter,
    ReadsExportForm,
    StatusFilter,
    toggle_column,
)
from news.models import Article
from news.services import (
    publish_articles,
    redate_if_past,
    return_for_changes,
    submit_for_review,
)


@admin.register(Article)
class ArticleAdmin(
    ArticleBulkActions, RevisionsAdmin, RecycleBinAdmin, PublishableAdmin, AuditedAdmin
):
    form = ArticleForm
    hotlink_check = False  # `hold_back_hotlinked` checks 发布 and 通过并发布
    list_display = (
        "title",
        "section",
        "state",
        "when",
        "is_pinned",
        "is_headline",
        "is_slide",
        "created_by",
        "updated_by",
        "view_count",
        review.version_cell,
    )
    list_filter = (
        MineFilter,
        StatusFilter,
        PendingFilter,
        "section",
        "is_pinned",
        "is_headline",
        "is_slide",
        ("publish_at", admin.DateFieldListFilter),
    )
    list_select_related = ("section", "created_by", "updated_by")
    search_fields = ("title", "subtitle", "summary", "source", "author")
    full_text_search = True  # and the body, through site search's Chinese words
    date_hierarchy = "publish_at"
    autocomplete_fields = ("section", "zones")
    inlines = (AttachmentInline,)
    action_form = ArticleActionForm
    actions = (
        "submit_review",
        "approve",
        "return_for_changes",
        "publish",
        "unpublish",
        "pin",
        "unpin",
        "headline",
        "unheadline",
        "slide",
        "unslide",
        "move_section",
    )
    list_per_page = 50
    save_on_top = True

    class Media:
        js = ["js/review-dialog.js"]

    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "subtitle",
                    "section",
                    "source",
                    "author",
                    "summary",
                    "members_only",
                )
            },
        ),
        ("正文", {"fields": ("body", "cover", "cover_preview")}),
        (
            "发布",
            {
                "fields": ("status", "publish_at", "unpublish_at", "review_note"),
                "description": "编辑写好后点“保存并提交审核”；只有“审核发布”角色可以通过发布或退回修改。"
                "发布时间在将来即为定时发布；下线时间可选。",
            },
        ),
        ("首页与列表", {"fields": ("is_pinned", "is_headline", "is_slide")}),
        ("关联", {"fields": ("zones",)}),
        ("统计与记录", {"fields": ("view_count", "origins")}),
    )
    readonly_fields = ("view_count", "cover_preview", "origins")
    # 编辑 write drafts and submit them for review; 审核发布 (news.publish_article) approve,
    # return, publish, and change live articles and those waiting for review.
    publish_fields = {"status": Article.Status.DRAFT, "review_note": ""}
    draft_message = "已保存为草稿；写好后请“提交审核”，发布需由“审核发布”人员操作。"

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if not self.has_publish_permission(request):
            return columns
        return tuple(f"{c}_toggle" if c in TOGGLES else c for c in columns)

    is_pinned_toggle = toggle_column("is_pinned", "置顶")
    is_headline_toggle = toggle_column("is_headline", "头条")
    is_slide_toggle = toggle_column("is_slide", "幻灯片")

    def get_urls(self):
        toggle = self.admin_site.admin_view(self.toggle_view)
        export = self.admin_site.admin_view(self.reads_export)
        return [
            path("<int:pk>/toggle/<str:field>/", toggle, name="news_article_toggle"),
            path("reads/", export, name="news_article_reads"),
            *super().get_urls(),
        ]

    def toggle_view(self, request, pk, field):
        """Flip one home-page switch of one article, then back to the list as it was."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if field not in TOGGLES or not self.has_publish_permission(request):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        value = not getattr(article, field)
        label = TOGGLES[field]
        if field == "is_slide" and value and not article.cover:
            self.message_user(request, f"“{article}”没有封面图，不能设为幻灯片。", messages.ERROR)
        else:
            setattr(article, field, value)
            article.updated_by = request.user
            article.save()
            self.log_change(request, article, f"{'设为' if value else '取消'}{label}")
            self.message_user(request, f"“{article}”已{'设为' if value else '取消'}{label}。")
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("admin:news_article_changelist")
        return HttpResponseRedirect(back)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.review_note and obj.status == Article.Status.DRAFT:
            # Returned: the writer reads why before anything else.
            fieldsets = (("退回意见", {"fields": ("review_note",)}), *fieldsets)
            fieldsets = tuple(
                (name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "review_note")})
                if name != "退回意见"
                else (name, opts)
                for name, opts in fieldsets
            )
        return fieldsets

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["review_buttons"] = self.review_buttons(request, obj)
        if obj is not None and obj.status == Article.Status.REVIEW:
            context["review_version"] = review.version_label(obj.updated_at)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def review_buttons(self, request, obj) -> list[tuple[str, str]]:
        status = obj.status if obj is not None else Article.Status.DRAFT
        if status == Article.Status.DRAFT:
            return [(SUBMIT, "保存并提交审核")]
        if status == Article.Status.REVIEW and self.has_publish_permission(request):
            return [(APPROVE, "通过并发布"), (RETURN, "退回修改")]
        return []

    def reads_export(self, request):
        """阅读数据导出: every article's reads per day for a date range, as CSV. Staff
        who may view articles; a bad range comes back with the dates and a message."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        if "start" in request.GET or "end" in request.GET:
            form = ReadsExportForm(request.GET)
            if form.is_valid():
                start, end = form.cleaned_data["start"], form.cleaned_data["end"]
                response = StreamingHttpResponse(
                    reads.export_lines(start, end), content_type="text/csv; charset=utf-8"
                )
                name = f"reads-{start:%Y%m%d}-{end:%Y%m%d}.csv"
                response["Content-Disposition"] = f'attachment; filename="{name}"'
                return response
            status = 400
        else:
            initial = {"start": today - timedelta(days=reads.CHART_DAYS - 1), "end": today}
            form, status = ReadsExportForm(initial=initial), 200
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "导出阅读数据",
            "form": form,
        }
        return TemplateResponse(request, "admin/news/article/reads.html", context, status=status)

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

    @admin.display(description="发布时间", ordering="publish_at")
    def when(self, obj):
        return f"{timezone.localtime(obj.publish_at):%Y-%m-%d %H:%M}"

    @admin.action(description="提交审核", permissions=["change"])
    def submit_review(self, request, queryset):
        n = submit_for_review(queryset, by=request.user)
        skipped = queryset.count() - n
        note = f"；{skipped} 篇不是草稿，未提交" if skipped else ""
        self.message_user(request, f"已提交审核 {n} 篇{note}。")

    @admin.action(
        description="通过并发布（待审核的：发布您在列表中看到的版本）", permissions=["publish"]
    )
    def approve(self, request, queryset):
        waiting = queryset.filter(status=Article.Status.REVIEW)
        total = waiting.count()
        seen = without_hotlinks(self, request, review.only_seen(request, waiting))
        published, redated = publish_articles(seen, by=request.user, reason="通过并发布")
        note = f"，其中 {redated} 篇的发布时间已过，改为现在" if redated else ""
        self.message_user(
            request, f"已通过并发布 {published} 篇待审文章{note}（发布时间在将来的将按时上线）。"
        )
        review.report_stale(self, request, total - published)

    @admin.action(description="退回修改（填写退回意见）", permissions=["publish"])
    def return_for_changes(self, request, queryset):
        waiting = queryset.filter(status=Article.Status.REVIEW)
        return return_page(
            self,
            request,
            waiting,
            lambda rows, note: return_for_changes(rows, note, by=request.user),
        )

    @admin.action(
        description="直接发布所选草稿（不经审核；待审核的请用“通过并发布”）",
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        waiting = Q(status=Article.Status.REVIEW)
        chosen = review.skip_waiting(self, request, queryset, waiting)
        published, redated = publish_articles(
            without_hotlinks(self, request, chosen), by=request.user
        )
        note = f"，其中 {redated} 篇的发布时间已过，改为现在" if redated else ""
        self.message_user(
            request, f"已发布 {published} 篇草稿{note}（发布时间在将来的将按时上线）。"
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # 会员可见 changed: each attachment moves to (or out of) the private storage.
        if "members_only" in form.changed_data:
            for attachment in form.instance.attachments.all():
                attachment.save()

    def save_model(self, request, obj, form, change):
        publisher = self.has_publish_permission(request)
        was = form.initial.get("status", Article.Status.DRAFT) if change else None
        self.hold_back_hotlinked(request, obj, was)
        if publisher and was == Article.Status.REVIEW and APPROVE in request.POST:
            obj.status, obj.review_note = Article.Status.PUBLISHED, ""
            obj._change_reason = "通过并发布"
        elif publisher and was == Article.Status.REVIEW and RETURN in request.POST:
            obj.status = Article.Status.DRAFT
            obj._change_reason = f"退回修改：{obj.review_note}"
        elif change and was != Article.Status.PUBLISHED == obj.status:
            obj._change_reason = "发布"
        going_live = change and was != Article.Status.PUBLISHED
        going_live = going_live and obj.status == Article.Status.PUBLISHED
        old = redate_if_past(obj) if going_live else None
        if going_live:
            obj.review_note = ""
        super().save_model(request, obj, form, change)
        if old is not None:
            self.message_user(
                request,
                f"发布时间原为 {timezone.localtime(old):%Y-%m-%d %H:%M}，已过，"
                "已改为发布的此刻，文章会排在栏目和首页的前面。",
                messages.INFO,
            )
        if SUBMIT in request.POST and obj.status == Article.Status.DRAFT:
            submit_for_review(Article.objects.filter(pk=obj.pk), by=request.user)
            obj.status = Article.Status.REVIEW
            self.message_user(request, "已提交审核，“审核发布”人员审核后发布。", messages.INFO)
            request.review_step_said = True
        elif RETURN in request.POST and obj.status == Article.Status.DRAFT and change:
            self.message_user(request, "已退回修改，作者打开时会看到退回意见。", messages.INFO)
            request.review_step_said = True

    def shown_to_readers(self, obj) -> bool:
        return obj.status == Article.Status.PUBLISHED  # 待审核 is not on the site

    def hold_back_hotlinked(self, request, obj, was) -> None:
        """Saving pictures from other sites first (`AuditedAdmin.save_remote_images`): an
        article with one left (`hotlinks`) does not go live, neither by 发布 nor by 通过并发布;
        the rest of the edit is saved and the message names the pictures."""
        self.save_remote_images(request, obj)
        going_live = obj.status == Article.Status.PUBLISHED and was != Article.Status.PUBLISHED
        if not (going_live or (was == Article.Status.REVIEW and APPROVE in request.POST)):
            return
        urls = hotlinks(obj, request)
        if urls:
            obj.status = was or Article.Status.DRAFT
            request.POST = request.POST.copy()
            request.POST.pop(APPROVE, None)  # 通过并发布 is refused too; it stays 待审核
            self.message_user(request, hotlink_message(obj, urls), messages.ERROR)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # After a review step its own message is the one to read, not also the generic
        # "…已成功修改" of the save.
        if level == messages.SUCCESS and getattr(request, "review_step_said", False):
            return
        super().message_user(request, message, level, *args, **kwargs)

    def draft_note(self, request, obj) -> str:
        # 保存并提交审核 says 已提交审核 instead; one message, not two that disagree.
        return "" if SUBMIT in request.POST else self.draft_message
