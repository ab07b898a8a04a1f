from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from portal import freshness
from portal.models import Page, SiteSettings


class ContentAdmin(admin.ModelAdmin):
    """The admin of a model readers see (one registered with `freshness.watch`).

    Saves and deletes of single rows refresh reader pages through the app's receivers;
    actions may write with `QuerySet.update()`, which sends no signal, so every action
    refreshes them here.
    """

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        freshness.changed()
        return response


def update_action(name: str, description: str, message: str, *, permission="change", **values):
    """An admin action that sets `values` on the selected rows in one UPDATE and says
    how many (`message` holds `{n}`); `ContentAdmin` refreshes reader pages after it."""

    def action(modeladmin, request, queryset):
        n = queryset.update(**values)
        modeladmin.message_user(request, message.format(n=n))

    action.__name__ = name
    return admin.action(description=description, permissions=[permission])(action)


class AuditedAdmin(ContentAdmin):
    """Fills created_by/updated_by and shows the audit fields read-only."""

    audit_fields = ("created_by", "created_at", "updated_by", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def save_model(self, request, obj, form, change):
        if not change or obj.created_by_id is None:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class PublishingAdmin(AuditedAdmin):
    """Content with a draft → published workflow (articles, events): 编辑 write drafts,
    only holders of `publish_permission` (审核发布) publish.

    For everyone else the status field is read-only, every save is a draft, and a live
    row is view-only. Actions that publish declare `permissions=["publish"]`. The model
    has a `status` field with `Status.DRAFT` and `Status.PUBLISHED`.
    """

    publish_permission = ""  # "app_label.codename"

    def can_publish(self, request) -> bool:
        return request.user.has_perm(self.publish_permission)

    def has_publish_permission(self, request):
        return self.can_publish(request)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.can_publish(request):
            # the status stays whatever a publisher set (draft for new rows)
            fields = (*fields, "status")
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and obj.status == self.model.Status.PUBLISHED:
            # A live row is changed by publishers only; 编辑 may view it.
            return self.can_publish(request)
        return allowed

    def save_model(self, request, obj, form, change):
        if not self.can_publish(request) and obj.status != self.model.Status.DRAFT:
            obj.status = self.model.Status.DRAFT
        super().save_model(request, obj, form, change)
        if not self.can_publish(request):
            self.message_user(request, "已保存为草稿；发布需由“审核发布”人员操作。", messages.INFO)


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
        # There is only one row: go straight to it.
        obj = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:portal_sitesettings_change", args=[obj.pk]))


@admin.register(Page)
class PageAdmin(AuditedAdmin):
    list_display = ("title", "slug", "order", "show_in_nav", "is_published", "updated_at")
    list_editable = ("order", "show_in_nav", "is_published")
    list_filter = ("is_published", "show_in_nav")
    search_fields = ("title", "slug", "summary")
    fields = ("title", "slug", "summary", "body", "order", "show_in_nav", "is_published")
    actions = ("publish", "unpublish")

    publish = update_action("publish", "发布所选单页", "已发布 {n} 个单页。", is_published=True)
    unpublish = update_action(
        "unpublish", "撤下所选单页", "已撤下 {n} 个单页。", is_published=False
    )
