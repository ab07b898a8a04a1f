"""The publish rule: only a 审核发布 (publish permission) puts a row live or changes a
live one; a 编辑 writes drafts and submits them for review."""

from django.contrib import messages
from django.contrib.admin.utils import unquote

from editorial.admin.base import ContentAdmin, PublishRule


class PublishableAdmin(PublishRule, ContentAdmin):
    """The admin of a model that only publishers put live (see `PublishRule`)."""

    draft_message = ""  # told to someone who may not publish after each save

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and self.is_live(obj):
            return self.has_publish_permission(request) or getattr(
                request, "refuse_live_row", False
            )
        return allowed

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A 编辑's save of a row that went live since the form was opened: not the
        bare 403 of a read-only row, but the form again with what was typed, a Chinese
        `live_message`, and status 403 (the form refuses to validate, nothing is saved)."""
        if (
            request.method == "POST"
            and object_id
            and "_saveasnew" not in request.POST
            and not self.has_publish_permission(request)
        ):
            obj = self.get_object(request, unquote(object_id))
            request.refuse_live_row = (
                obj is not None
                and self.is_live(obj)
                and super().has_change_permission(request, obj)
            )
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if getattr(request, "refuse_live_row", False):
            response.status_code = 403
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        return self.drafts_only(request, super().get_form(request, obj, change, **kwargs))

    def get_changelist_form(self, request, **kwargs):
        return self.drafts_only(request, super().get_changelist_form(request, **kwargs))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        note = self.draft_note(request, obj)
        if note and not self.has_publish_permission(request):
            self.message_user(request, note, messages.INFO)

    def draft_note(self, request, obj) -> str:
        return self.draft_message


class PublishableInline(PublishRule):
    """An inline of a model that only publishers put live (see `PublishRule`)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self.drafts_only(request, kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)
