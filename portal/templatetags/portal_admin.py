"""Dashboard blocks that gather several apps' rows: 待办事项 and the recycle bins."""

from django import template
from django.contrib import admin
from django.urls import reverse

from editorial.admin.recyclebin import RecycleBinAdmin
from membership import dashboard as membership_dashboard
from submissions import dashboard as submissions_dashboard

register = template.Library()

# Each app's `work_queues(user)`: rows of 待办事项, in this order.
QUEUE_SOURCES = (submissions_dashboard, membership_dashboard)


@register.inclusion_tag("includes/admin_queues.html", takes_context=True)
def work_queues(context):
    user = context["request"].user
    queues = [row for source in QUEUE_SOURCES for row in source.work_queues(user)]
    return {"queues": queues, "caption": "待办事项", "block_id": "work-queues"}


@register.inclusion_tag("includes/admin_recycle_bins.html", takes_context=True)
def recycle_bins(context):
    """A link to each recycle bin (回收站) the user may open, with how many rows it
    holds: one count per model that has a bin (articles, 会刊, 单页)."""
    request = context["request"]
    bins = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, RecycleBinAdmin):
            continue
        if not model_admin.has_view_or_change_permission(request):
            continue
        opts = model._meta
        bins.append(
            {
                "name": opts.verbose_name_plural,
                "count": model._base_manager.filter(deleted_at__isnull=False).count(),
                "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_recyclebin"),
            }
        )
    return {"bins": bins}
