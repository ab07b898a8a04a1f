from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from portal import freshness
from portal.models import Page, SiteSettings

EDIT_VERSION = "edit_version"


class EditLock:
    """Optimistic lock on the change form of a model with `updated_at`: the form carries,
    in a hidden field, the `updated_at` the row had when the editor opened it. If someone
    saved the row since, the save is refused with a message naming who (`updated_by`,
    when the model has it) and when; what the editor typed stays in the form, which now
    carries the new version, so saving again deliberately keeps their text.

    The row is read with SELECT … FOR UPDATE inside the admin's save transaction, so two
    saves at the same moment cannot both pass the check.
    """

    def _locks(self, request, obj) -> bool:
        try:
            self.opts.get_field("updated_at")
        except FieldDoesNotExist:
            return False
        return obj is not None and self.has_change_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._locks(request, obj):
            fieldsets = [*fieldsets, (None, {"fields": (EDIT_VERSION,), "classes": ("hidden",)})]
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        # fields=None: ModelAdmin.get_fields asking which fields the model form has.
        if self._locks(request, obj) and kwargs.get("fields", ()) is not None:
            kwargs["form"] = _locked_form(kwargs.get("form", self.form))
        return super().get_form(request, obj, change, **kwargs)


def _version(value) -> str:
    return value.isoformat() if value else ""


def _locked_form(base):
    class LockedForm(base):
        edit_version = forms.CharField(required=False, widget=forms.HiddenInput)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.initial[EDIT_VERSION] = _version(self.instance.updated_at)

        def clean(self):
            cleaned = super().clean()
            opened = self.cleaned_data.get(EDIT_VERSION)
            if not opened or self.instance.pk is None:
                return cleaned
            model = type(self.instance)
            current = model._default_manager.select_for_update().filter(pk=self.instance.pk)
            row = current.first()
            if row is None or _version(row.updated_at) == opened:
                return cleaned
            # Saving again now is a deliberate choice to keep this editor's text.
            self.data = self.data.copy()
            self.data[self.add_prefix(EDIT_VERSION)] = _version(row.updated_at)
            who = getattr(row, "updated_by", None)
            name = (who.get_full_name() or who.get_username()) if who else "其他人"
            when = timezone.localtime(row.updated_at).strftime("%Y-%m-%d %H:%M:%S")
            raise ValidationError(
                "未保存：%(who)s 于 %(when)s 修改了此%(what)s，晚于您打开它的时间。"
                "您填写的内容仍在下面的表单中，没有丢失；请在新窗口打开本页查看对方的修改，"
                "核对后再次点击保存，将以您的内容为准。",
                code="edit_conflict",
                params={"who": name, "when": when, "what": model._meta.verbose_name},
            )

    LockedForm.__name__ = base.__name__
    return LockedForm


class ContentAdmin(EditLock, admin.ModelAdmin):
    """The admin of a model readers see (one registered with `freshness.watch`).

    Saves and deletes of single rows refresh reader pages through the app's receivers;
    actions may write with `QuerySet.update()`, which sends no signal, so every action
    refreshes them here. Change forms carry an optimistic lock (`EditLock`), and
    draft-keeper.js keeps what an editor types in the browser until a save succeeds.
    """

    class Media:
        js = ("js/draft-keeper.js",)

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


class PublishRule:
    """Only publishers (审核发布 and superusers) put rows of this model live.

    For anyone else a new row starts off (`publish_fields`: each field only publishers
    may set, with the value it takes on a row someone else adds; the first one says
    whether a row is live), those fields are read-only, and a live row can be viewed but
    not changed. Actions declared with `permissions=["publish"]` are publishers' only.
    Shared by `PublishableAdmin` and `PublishableInline`.
    """

    publish_permission = ""  # "app.codename"; by default "<app>.publish_<model>"
    publish_fields: dict[str, object] = {}

    def has_publish_permission(self, request, obj=None) -> bool:
        opts = self.opts
        permission = self.publish_permission or f"{opts.app_label}.publish_{opts.model_name}"
        return request.user.has_perm(permission)

    def is_live(self, obj) -> bool:
        field, off = next(iter(self.publish_fields.items()))
        return not obj._state.adding and getattr(obj, field) != off

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not self.has_publish_permission(request):
            fields = (*fields, *self.publish_fields)
        return fields

    def drafts_only(self, request, form_class):
        """`form_class` as someone who may not publish gets it: a new row starts off
        (and is saved so), the publish fields and every field of a live row are
        disabled (for the forms of the change list and inlines, which show many rows;
        the change form itself is read-only then)."""
        if self.has_publish_permission(request):
            return form_class
        rule = self

        class DraftForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if self.instance._state.adding:
                    for name, off in rule.publish_fields.items():
                        setattr(self.instance, name, off)
                        self.initial[name] = off
                live = rule.is_live(self.instance)
                for name in self.fields if live else rule.publish_fields:
                    if name in self.fields:
                        self.fields[name].disabled = True

        return DraftForm


class PublishableAdmin(PublishRule, ContentAdmin):
    """The admin of a model that only publishers put live (see `PublishRule`)."""

    draft_message = ""  # told to someone who may not publish after each save

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if allowed and obj is not None and self.is_live(obj):
            return self.has_publish_permission(request)
        return allowed

    def get_form(self, request, obj=None, change=False, **kwargs):
        return self.drafts_only(request, super().get_form(request, obj, change, **kwargs))

    def get_changelist_form(self, request, **kwargs):
        return self.drafts_only(request, super().get_changelist_form(request, **kwargs))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if self.draft_message and not self.has_publish_permission(request):
            self.message_user(request, self.draft_message, messages.INFO)


class PublishableInline(PublishRule):
    """An inline of a model that only publishers put live (see `PublishRule`)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self.drafts_only(request, kwargs.get("form", self.form))
        return super().get_formset(request, obj, **kwargs)


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
class PageAdmin(PublishableAdmin, AuditedAdmin):
    list_display = ("title", "slug", "order", "show_in_nav", "is_published", "updated_at")
    list_editable = ("order", "show_in_nav", "is_published")
    list_filter = ("is_published", "show_in_nav")
    search_fields = ("title", "slug", "summary")
    fields = ("title", "slug", "summary", "body", "order", "show_in_nav", "is_published")
    actions = ("publish", "unpublish")
    # 编辑 write drafts; 审核发布 (portal.publish_page) publish them and put them in the menu.
    publish_fields = {"is_published": False, "show_in_nav": False}
    draft_message = "已保存，尚未发布；发布和显示在导航需由“审核发布”人员操作。"

    publish = update_action(
        "publish", "发布所选单页", "已发布 {n} 个单页。", permission="publish", is_published=True
    )
    unpublish = update_action(
        "unpublish",
        "撤下所选单页",
        "已撤下 {n} 个单页。",
        permission="publish",
        is_published=False,
    )
