from django.contrib import admin

from editorial.admin import ContentAdmin, SpreadsheetAdmin
from redirects.models import Redirect
from redirects.resources import RedirectResource


@admin.register(Redirect)
class RedirectAdmin(SpreadsheetAdmin, ContentAdmin):
    """Only 审核发布 and superusers (role_permissions in apps.py): a redirect decides
    where readers land, an external one sends them off the site."""

    list_display = ("old_address", "target", "is_external", "hits", "last_hit_at", "note")
    list_filter = ("is_external",)
    search_fields = ("old_address", "new_url", "note")
    fields = ("old_address", "new_url", "is_external", "note", "hits", "last_hit_at")
    readonly_fields = ("hits", "last_hit_at")
    list_per_page = 100
    resource_classes = [RedirectResource]

    @admin.display(description="新地址", ordering="new_url")
    def target(self, obj):
        return obj.new_url or "（已删除，返回 410）"
