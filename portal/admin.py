from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import F
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from portal import freshness, search
from portal.models import Page, SiteSettings


class ContentAdmin(admin.ModelAdmin):
    """The admin of a model readers see (one registered with `freshness.watch`).

    Saves and deletes of single rows refresh reader pages through the app's receivers;
    actions may write with `QuerySet.update()`, which sends no signal, so every action
    refreshes them here.

    With `full_text_search` (a `portal.search.Searchable` model) the admin search also
    finds words anywhere in the row's texts (the body …), segmented as site search does.
    """

    full_text_search = False

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin.js"]

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        freshness.changed()
        return response

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateTimeField) and field is not None:
            # The label points at neither half of a split date and time: name each.
            date, time = getattr(field.widget, "widgets", (None, None))
            if date is not None:
                date.attrs["aria-label"] = f"{db_field.verbose_name}（日期）"
                time.attrs["aria-label"] = f"{db_field.verbose_name}（时间）"
        return field

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        query = search.parse_query(search_term)
        if self.full_text_search and not query.empty:
            words = search.TSMatch(F("search_vector"), search.tsquery(query.tsquery()))
            found = found | queryset.filter(words)
        return found, may_have_duplicates


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


class ReturnForm(forms.Form):
    review_note = forms.CharField(
        label="退回意见",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="作者打开时看到，说明要改什么。",
    )


def return_page(modeladmin, request, waiting, send_back):
    """The 退回修改 action: asks for the note (admin/return_for_changes.html), then
    `send_back(waiting, note)` returns the rows and says how many."""
    form = ReturnForm(request.POST if "review_note" in request.POST else None)
    if form.is_valid():
        n = send_back(waiting, form.cleaned_data["review_note"])
        modeladmin.message_user(request, f"已退回 {n} 条，作者打开时会看到退回意见。")
        return None
    if not waiting.exists():
        modeladmin.message_user(request, "所选条目中没有待审核的。", messages.WARNING)
        return None
    opts = modeladmin.opts
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "退回修改",
        "opts": opts,
        "rows": waiting,
        "form": form,
        "action": request.POST.get("action", "return_for_changes"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "cancel_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    return TemplateResponse(request, "admin/return_for_changes.html", context)


class ReviewFilter(admin.SimpleListFilter):
    title = "审核"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return (("waiting", "待审核"), ("returned", "已退回"))

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(review_requested_at__isnull=False)
        if self.value() == "returned":
            return queryset.filter(review_requested_at__isnull=True).exclude(review_note="")
        return queryset


class ReviewQueueAdmin:
    """The review queue for a `PublishableAdmin` of a `portal.models.Reviewable` model
    whose first publish field switches a row on (is_published): a 编辑 submits rows
    (提交审核), a publisher approves them (通过并发布: on) or returns them with a note the
    writer reads on the form (退回修改). List it first in the admin's bases and name the
    actions, `review_state` and `ReviewFilter` where wanted."""

    @property
    def switch(self) -> str:
        return next(iter(self.publish_fields))

    @admin.action(description="提交审核", permissions=["change"])
    def submit_review(self, request, queryset):
        n = queryset.filter(**{self.switch: False}).update(review_requested_at=timezone.now())
        self.message_user(request, f"已提交审核 {n} 条，“审核发布”人员审核后发布。")

    @admin.action(description="通过并发布", permissions=["publish"])
    def approve(self, request, queryset):
        n = queryset.filter(review_requested_at__isnull=False).update(
            **{self.switch: True}, review_requested_at=None, review_note=""
        )
        self.message_user(request, f"已通过并发布 {n} 条。")

    @admin.action(description="退回修改（填写退回意见）", permissions=["publish"])
    def return_for_changes(self, request, queryset):
        def send_back(rows, note):
            return rows.update(review_requested_at=None, review_note=note)

        waiting = queryset.filter(review_requested_at__isnull=False)
        return return_page(self, request, waiting, send_back)

    @admin.display(description="审核")
    def review_state(self, obj):
        if getattr(obj, self.switch):
            return "—"
        if obj.review_requested_at:
            return "待审核"
        return "已退回" if obj.review_note else "—"


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
        # There is only one row: go straight to it.
        obj = SiteSettings.load()
        return HttpResponseRedirect(reverse("admin:portal_sitesettings_change", args=[obj.pk]))


@admin.register(Page)
class PageAdmin(ReviewQueueAdmin, PublishableAdmin, AuditedAdmin):
    list_display = (
        "title",
        "slug",
        "order",
        "show_in_nav",
        "is_published",
        "review_state",
        "updated_at",
    )
    list_editable = ("order", "show_in_nav", "is_published")
    list_filter = ("is_published", ReviewFilter, "show_in_nav")
    search_fields = ("title", "slug", "summary")
    fields = (
        "title",
        "slug",
        "summary",
        "body",
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
