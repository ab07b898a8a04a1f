"""The recycle bin (回收站) in the admin: deleting moves a row there; restore and purge."""

from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from editorial import recyclebin
from editorial.admin.base import ContentAdmin, PublishRule, person_name


class RecycleBinAdmin(ContentAdmin):
    """Deleting moves rows to the recycle bin (`editorial.recyclebin`); the change list
    hides them and links 回收站, where those who may delete (审核发布) restore them."""

    change_list_template = "admin/recycle_bin/change_list.html"
    delete_confirmation_template = "admin/recycle_bin/delete_confirmation.html"
    delete_selected_confirmation_template = "admin/recycle_bin/delete_selected_confirmation.html"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(deleted_at__isnull=True)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("recycle-bin/", wrap(self.recycle_bin_view), name=f"{info}_recyclebin"),
            path(
                "recycle-bin/<int:pk>/restore/",
                wrap(require_POST(self.restore_from_bin_view)),
                name=f"{info}_recyclebin_restore",
            ),
            *super().get_urls(),
        ]

    def may_restore_from_bin(self, request) -> bool:
        """Restoring puts a row back in public view: only those who may delete it, and
        publish it where the model has a publish permission."""
        allowed = self.has_delete_permission(request)
        if isinstance(self, PublishRule):
            allowed = allowed and self.has_publish_permission(request)
        return allowed

    def get_deleted_objects(self, objs, request):
        """Nothing related is deleted: the rows go to the bin with all they hold."""
        objs = list(objs)
        return [str(obj) for obj in objs], {self.opts.verbose_name_plural: len(objs)}, set(), []

    def delete_model(self, request, obj):
        recyclebin.move_to_bin(self.model._base_manager.filter(pk=obj.pk), request.user)

    def response_delete(self, request, obj_display, obj_id):
        if IS_POPUP_VAR in request.POST:
            return super().response_delete(request, obj_display, obj_id)
        self.message_user(
            request, f"已把{self.opts.verbose_name}“{obj_display}”移入回收站。", messages.SUCCESS
        )
        self._binned_message(request)
        if self.has_view_or_change_permission(request):
            url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return HttpResponseRedirect(url)
        return HttpResponseRedirect(reverse("admin:index"))

    def delete_queryset(self, request, queryset):
        recyclebin.move_to_bin(queryset, request.user)
        self._binned_message(request)

    def _binned_message(self, request):
        self.message_user(
            request,
            f"已移入回收站：读者立即看不到；{recyclebin.DEFAULT_DAYS} 天内可在回收站恢复。",
            messages.INFO,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "recycle_bin_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_recyclebin"
            ),
        }
        return super().changelist_view(request, extra_context)

    def recycle_bin_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        rows = (
            self.model._base_manager.filter(deleted_at__isnull=False)
            .select_related("deleted_by")
            .order_by("-deleted_at")[:500]
        )
        info = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        items = [
            {
                "object": row,
                "who": person_name(row.deleted_by),
                "purge_on": recyclebin.purge_date(row.deleted_at),
                "restore_url": reverse(f"{info}_recyclebin_restore", args=[row.pk]),
            }
            for row in rows
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"回收站：{self.opts.verbose_name_plural}",
            "items": items,
            "days": recyclebin.DEFAULT_DAYS,
            "may_restore": self.may_restore_from_bin(request),
            "changelist_url": reverse(f"{info}_changelist"),
        }
        return TemplateResponse(request, "admin/recycle_bin/list.html", context)

    def restore_from_bin_view(self, request, pk):
        if not self.may_restore_from_bin(request):
            raise PermissionDenied
        n = recyclebin.restore(self.model._base_manager.filter(pk=pk))
        if n:
            self.message_user(request, "已从回收站恢复，原来的状态、附件和版本都在。")
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_recyclebin")
        )
