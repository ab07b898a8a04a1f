"""The review queue (待审核): submit, approve and publish, or return with a note."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from editorial import review
from editorial.admin.publishing import without_hotlinks


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
    actions, `review_state`, `ReviewFilter` and `editorial.review.version_cell` (the
    version 通过并发布 checks) where wanted."""

    @property
    def switch(self) -> str:
        return next(iter(self.publish_fields))

    @admin.action(description="提交审核", permissions=["change"])
    def submit_review(self, request, queryset):
        n = queryset.filter(**{self.switch: False}).update(review_requested_at=timezone.now())
        self.message_user(request, f"已提交审核 {n} 条，“审核发布”人员审核后发布。")

    @admin.action(description="通过并发布", permissions=["publish"])
    def approve(self, request, queryset):
        """Only the rows still at the version the publisher's list showed
        (`editorial.review.only_seen`)."""
        waiting = queryset.filter(review_requested_at__isnull=False)
        total = waiting.count()
        n = without_hotlinks(self, request, review.only_seen(request, waiting)).update(
            **{self.switch: True}, review_requested_at=None, review_note=""
        )
        self.message_user(request, f"已通过并发布 {n} 条。")
        review.report_stale(self, request, total - n)

    def not_waiting(self, request, queryset):
        """The rows 发布所选 publishes (`editorial.review.skip_waiting`)."""
        chosen = review.skip_waiting(self, request, queryset, Q(review_requested_at__isnull=False))
        return without_hotlinks(self, request, chosen)

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
