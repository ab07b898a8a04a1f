from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html

from associations.models import (
    Association,
    Industry,
    Link,
    LinkGroup,
    Zone,
)
from associations.resources import AssociationResource, ZoneResource
from editorial import review
from editorial.admin import (
    AuditedAdmin,
    ContentAdmin,
    PendingFilter,
    PublishableAdmin,
    PublishableInline,
    ReviewFilter,
    ReviewQueueAdmin,
    RevisionsAdmin,
    SpreadsheetAdmin,
    update_action,
)


class DirectoryAdmin(
    ReviewQueueAdmin, RevisionsAdmin, SpreadsheetAdmin, PublishableAdmin, AuditedAdmin
):
    """Shared by zones and associations: spreadsheets, the review queue, bulk
    publish/unpublish, versions; a member's change to its own entry waits as a 修改稿
    (PendingFilter) that a publisher compares and publishes on the entry's 版本历史."""

    import_template_name = "admin/associations/import.html"
    actions = ("submit_review", "approve", "return_for_changes", "publish", "unpublish")
    list_per_page = 50
    date_hierarchy = "updated_at"
    # 编辑 add and edit drafts; a published entry is theirs to view only. 审核发布
    # (associations.publish_zone / publish_association) publish, withdraw and change
    # what readers see.
    publish_fields = {"is_published": False, "review_note": ""}
    draft_message = (
        "已保存，尚未发布；写好后请“提交审核”，发布和修改已发布的条目需由“审核发布”人员操作。"
    )

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if getattr(response, "context_data", None) is not None:
            # The import page tells 编辑 what their import may change.
            response.context_data["drafts_only"] = not self.has_publish_permission(request)
        return response

    @admin.action(description="发布所选条目（读者可见）", permissions=["publish"])
    def publish(self, request, queryset):
        queryset = self.not_waiting(request, queryset)
        updated = queryset.update(is_published=True, updated_by=request.user)
        self.message_user(request, f"已发布 {updated} 条。")

    @admin.action(description="撤下所选条目（读者不可见）", permissions=["publish"])
    def unpublish(self, request, queryset):
        updated = queryset.update(is_published=False, updated_by=request.user)
        self.message_user(request, f"已撤下 {updated} 条。")

    @admin.display(description="网站")
    def website_link(self, obj):
        if not obj.website:
            return "—"
        return format_html(
            '<a href="{}" rel="noopener noreferrer" target="_blank">打开</a>', obj.website
        )


@admin.register(Industry)
class IndustryAdmin(ContentAdmin):
    """Industries name every zone page and the /zones/ facet: only 审核发布 add, rename
    or delete them; 编辑 view them and pick them for zones (role_permissions in apps.py)."""

    list_display = ("name", "order", "zone_count")
    list_editable = ("order",)
    search_fields = ("name",)
    ordering = ("order", "name")  # the count's GROUP BY drops the model's ordering

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_zones=Count("zones"))

    @admin.display(description="开发区数", ordering="n_zones")
    def zone_count(self, obj):
        return obj.n_zones


@admin.register(Zone)
class ZoneAdmin(DirectoryAdmin):
    resource_classes = [ZoneResource]
    list_display = (
        "name",
        "province",
        "city",
        "level",
        "zone_type",
        "year_approved",
        "is_published",
        "review_state",
        "website_link",
        review.version_cell,
    )
    list_display_links = ("name",)
    list_filter = (
        "is_published",
        ReviewFilter,
        PendingFilter,
        "level",
        "zone_type",
        "region",
        "province",
        "industries",
    )
    search_fields = ("name", "city", "address")
    ordering = ("level", "province_code", "name")
    autocomplete_fields = ("industries",)
    fieldsets = (
        (None, {"fields": ("name", "level", "zone_type", "is_published")}),
        ("位置", {"fields": ("province", "region", "city", "address")}),
        (
            "概况",
            {"fields": ("year_approved", "planned_area", "industries", "website", "logo")},
        ),
        ("简介", {"fields": ("introduction",)}),
        ("审核", {"fields": ("review_note",)}),
    )
    readonly_fields = ("region",)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Industries are saved after the zone itself: index them too.
        form.instance.refresh_search_vector()


@admin.register(Association)
class AssociationAdmin(DirectoryAdmin):
    resource_classes = [AssociationResource]
    list_display = (
        "name",
        "kind",
        "province",
        "contact",
        "phone",
        "is_member",
        "order",
        "is_published",
        "review_state",
        "website_link",
        review.version_cell,
    )
    list_display_links = ("name",)
    list_editable = ("order",)
    list_filter = (
        "is_published",
        ReviewFilter,
        PendingFilter,
        "kind",
        "region",
        "province",
        "is_member",
    )
    search_fields = ("name", "contact", "address", "phone")
    ordering = ("order", "province_code", "name")
    fieldsets = (
        (None, {"fields": ("name", "kind", "province", "region", "is_member", "order")}),
        ("联系方式", {"fields": ("contact", "phone", "email", "address", "website")}),
        ("展示", {"fields": ("logo", "introduction", "is_published")}),
        ("审核", {"fields": ("review_note",)}),
    )
    readonly_fields = ("region",)


class FooterLinkRule:
    """编辑 add footer links and groups switched off and cannot change enabled ones;
    审核发布 (associations.publish_link, for links and groups alike) switch them on."""

    publish_permission = "associations.publish_link"
    publish_fields = {"is_enabled": False}
    draft_message = "已保存，尚未启用；启用需由“审核发布”人员操作。"


class LinkInline(FooterLinkRule, PublishableInline, admin.TabularInline):
    model = Link
    fields = ("name", "url", "logo", "order", "is_enabled")
    extra = 1


@admin.register(LinkGroup)
class LinkGroupAdmin(FooterLinkRule, PublishableAdmin):
    list_display = ("name", "order", "is_enabled", "link_count")
    list_editable = ("order", "is_enabled")
    list_filter = ("is_enabled",)
    search_fields = ("name",)
    inlines = (LinkInline,)
    actions = ("enable", "disable")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_links=Count("links"))

    @admin.display(description="链接数", ordering="n_links")
    def link_count(self, obj):
        return obj.n_links

    enable = update_action(
        "enable", "启用所选分组", "已启用 {n} 个分组。", permission="publish", is_enabled=True
    )
    disable = update_action(
        "disable", "停用所选分组", "已停用 {n} 个分组。", permission="publish", is_enabled=False
    )


@admin.register(Link)
class LinkAdmin(FooterLinkRule, PublishableAdmin):
    list_display = ("name", "group", "url", "order", "is_enabled")
    list_editable = ("order", "is_enabled")
    list_filter = ("group", "is_enabled")
    list_select_related = ("group",)
    search_fields = ("name", "url")
    autocomplete_fields = ("group",)
    ordering = ("group__order", "order", "id")
    actions = ("enable", "disable")

    enable = update_action(
        "enable", "启用所选链接", "已启用 {n} 个链接。", permission="publish", is_enabled=True
    )
    disable = update_action(
        "disable", "停用所选链接", "已停用 {n} 个链接。", permission="publish", is_enabled=False
    )
