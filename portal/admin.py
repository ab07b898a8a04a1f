"""The admin of the site's own content: its settings and its single pages."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from editorial import review
from editorial.admin import (
    AuditedAdmin,
    ContentAdmin,
    PublishableAdmin,
    RecycleBinAdmin,
    ReviewFilter,
    ReviewQueueAdmin,
    RevisionsAdmin,
    update_action,
)
from portal.models import Page, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(ContentAdmin):
    fieldsets = (
        (
            "基本信息",
            {"fields": ("site_name", "site_subtitle", "description", "logo", "brand_color")},
        ),
        (
            "联系方式",
            {"fields": ("contact_address", "postcode", "contact_phone", "contact_email")},
        ),
        ("新媒体", {"fields": ("wechat_name", "wechat_qr", "qq_group", "qq_group_link")}),
        (
            "备案与版权",
            {"fields": ("icp_number", "icp_link", "police_number", "police_link", "copyright")},
        ),
        ("全站灰色（哀悼日）", {"fields": ("grayscale", "grayscale_start", "grayscale_end")}),
        ("审核", {"fields": ("notify_review",)}),
        (
            "首页版块",
            {
                "fields": (
                    "home_show_headline",
                    "home_show_slider",
                    "home_show_magazine",
                    "home_show_quick_links",
                    "home_show_events",
                    "home_block_size",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # There is only one row: go straight to it (or to the form that creates it).
        if not SiteSettings.objects.filter(pk=1).exists():
            return HttpResponseRedirect(reverse("admin:portal_sitesettings_add"))
        return HttpResponseRedirect(reverse("admin:portal_sitesettings_change", args=[1]))


@admin.register(Page)
class PageAdmin(ReviewQueueAdmin, RevisionsAdmin, RecycleBinAdmin, PublishableAdmin, AuditedAdmin):
    list_display = (
        "title",
        "slug",
        "order",
        "show_in_nav",
        "is_published",
        "review_state",
        review.version_cell,
    )
    list_editable = ("order", "show_in_nav", "is_published")
    list_filter = ("is_published", ReviewFilter, "show_in_nav")
    search_fields = ("title", "slug", "summary")
    fields = (
        "title",
        "slug",
        "summary",
        "body",
        "members_only",
        "order",
        "show_in_nav",
        "is_published",
        "review_note",
    )
    actions = ("submit_review", "approve", "return_for_changes", "publish", "unpublish")
    # 编辑 write drafts and submit them for review; 审核发布 (portal.publish_page) approve
    # or return them, publish them and put them in the menu.
    publish_fields = {"is_published": False, "show_in_nav": False, "review_note": ""}
    draft_message = "已保存，尚未发布；写好后请“提交审核”，发布和显示在导航需由“审核发布”人员操作。"

    @admin.action(description="发布所选单页", permissions=["publish"])
    def publish(self, request, queryset):
        n = self.not_waiting(request, queryset).update(is_published=True)
        self.message_user(request, f"已发布 {n} 个单页。")

    unpublish = update_action(
        "unpublish",
        "撤下所选单页",
        "已撤下 {n} 个单页。",
        permission="publish",
        is_published=False,
    )
