from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin

from associations.services import row_problems
from portal import spreadsheets
from portal.admin import ContentAdmin
from redirects.models import Redirect
from redirects.resources import RedirectResource


@admin.register(Redirect)
class RedirectAdmin(ImportExportModelAdmin, ContentAdmin):
    """Only 审核发布 and superusers (role_permissions in apps.py): a redirect decides
    where readers land, an external one sends them off the site."""

    list_display = ("old_address", "target", "is_external", "hits", "last_hit_at", "note")
    list_filter = ("is_external",)
    search_fields = ("old_address", "new_url", "note")
    fields = ("old_address", "new_url", "is_external", "note", "hits", "last_hit_at")
    readonly_fields = ("hits", "last_hit_at")
    list_per_page = 100
    resource_classes = [RedirectResource]
    formats = spreadsheets.FORMATS

    @admin.display(description="新地址", ordering="new_url")
    def target(self, obj):
        return obj.new_url or "（已删除，返回 410）"

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            for problem in row_problems(result):
                self.message_user(request, problem, messages.ERROR)
            self.message_user(request, "没有导入任何一行，请修改文件后重新导入。", messages.ERROR)
            return HttpResponseRedirect(reverse("admin:redirects_redirect_import"))
        return super().process_result(result, request)
