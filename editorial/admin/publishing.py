"""The publish rule: only a 审核发布 (publish permission) puts a row live or changes a
live one; a 编辑 writes drafts and submits them for review."""

from django.contrib import messages
from django.contrib.admin.utils import unquote

from editorial import remote_images
from editorial.admin.base import ContentAdmin, PublishRule
from editorial.fields import RichTextField


def hotlinks(obj, request) -> list[str]:
    """The pictures on other sites still in `obj`'s rich text: those `remote_images`
    could not save here (refused by its SSRF guard, unreachable, too big). The site's
    CSP admits pictures from itself only, so readers would get a broken picture."""
    found = []
    for field in obj._meta.concrete_fields:
        if isinstance(field, RichTextField):
            body = getattr(obj, field.attname) or ""
            found += remote_images.remote_sources(body, request_host=request.get_host())
    return found


def hotlink_message(obj, urls: list[str]) -> str:
    return (
        f"“{obj}”没有发布：正文中有 {len(urls)} 张站外图片未能保存到本站，"
        f"读者会看到打不开的图片：{'、'.join(urls)}。"
        "请删除这些图片，或把图片下载后用编辑器的“插入图片”上传，再发布。"
    )


def without_hotlinks(modeladmin, request, queryset):
    """The rows of `queryset` that may go live: a row with a picture left on another
    site (`hotlinks`) stays as it is, and the publisher is told which picture."""
    held = []
    for obj in queryset:
        urls = hotlinks(obj, request)
        if urls:
            held.append(obj.pk)
            modeladmin.message_user(request, hotlink_message(obj, urls), messages.ERROR)
    return queryset.exclude(pk__in=held)


class PublishableAdmin(PublishRule, ContentAdmin):
    """The admin of a model that only publishers put live (see `PublishRule`)."""

    draft_message = ""  # told to someone who may not publish after each save
    # Whether a save that switches a row on is refused while a picture is left on another
    # site (`hotlinks`); the article admin checks its own status steps instead.
    hotlink_check = True

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
        form = self.drafts_only(request, super().get_form(request, obj, change, **kwargs))
        if obj is not None and kwargs.get("fields", ()) is not None:
            form = _live_without_hotlinks(form, self, request)
        return form

    def shown_to_readers(self, obj) -> bool:
        """Whether `obj` as it stands is on the site (its publish switch is on)."""
        switch, off = next(iter(self.publish_fields.items()))
        return getattr(obj, switch) != off

    def get_changelist_form(self, request, **kwargs):
        return self.drafts_only(request, super().get_changelist_form(request, **kwargs))

    def save_model(self, request, obj, form, change):
        if self.hotlink_check:
            self.keep_off_while_hotlinked(request, obj, form, change)
        super().save_model(request, obj, form, change)
        note = self.draft_note(request, obj)
        if note and not self.has_publish_permission(request):
            self.message_user(request, note, messages.INFO)

    def draft_note(self, request, obj) -> str:
        return self.draft_message

    def keep_off_while_hotlinked(self, request, obj, form, change) -> None:
        """A save (change form or the list's editable column) that switches a row on
        while a picture is left on another site keeps it off, with the pictures named;
        the rest of the edit is saved. Pictures are saved here first (`AuditedAdmin`)."""
        switch, off = next(iter(self.publish_fields.items()))
        was = form.initial.get(switch, off) if change else off
        if getattr(obj, switch) == off or was != off:
            return
        urls = remote_left(self, request, obj)
        if urls:
            setattr(obj, switch, off)
            self.message_user(request, hotlink_message(obj, urls), messages.ERROR)


def remote_left(modeladmin, request, obj) -> list[str]:
    """The pictures on other sites left in `obj` once this save has tried to save them
    here (`AuditedAdmin.save_remote_images`, when the admin has it)."""
    save_remote_images = getattr(modeladmin, "save_remote_images", None)
    if save_remote_images is not None:
        save_remote_images(request, obj)
    return hotlinks(obj, request)


class PublishableInline(PublishRule):
    """An inline of a model that only publishers put live (see `PublishRule`)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self.drafts_only(request, kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)


def _live_without_hotlinks(base, modeladmin, request):
    """The change form of a row that is on the site and stays on it: a save that would
    leave a picture on another site in it (one `remote_images` could not save here) is
    refused with the pictures named, and the form comes back with what was typed; the
    live row is not touched. (A row switched on by the save is kept off instead,
    `keep_off_while_hotlinked`, and the article admin's `hold_back_hotlinked`.)"""

    class LiveForm(base):
        def _post_clean(self):
            was_live = self.instance.pk is not None and modeladmin.shown_to_readers(self.instance)
            super()._post_clean()
            instance = self.instance
            if self.errors or not was_live or not modeladmin.shown_to_readers(instance):
                return
            urls = remote_left(modeladmin, request, instance)
            if urls:
                self.add_error(
                    None,
                    f"修改没有保存，读者仍看到原来的内容：正文中有 {len(urls)} 张站外图片"
                    f"未能保存到本站，读者会看到打不开的图片：{'、'.join(urls)}。"
                    "请删除这些图片，或把图片下载后用编辑器的“插入图片”上传，再保存。",
                )

    return LiveForm
