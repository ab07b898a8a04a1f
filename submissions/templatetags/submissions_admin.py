from django import template
from django.contrib import admin
from django.urls import reverse
from django.utils.timesince import timesince

from editorial.models import PendingRevision
from submissions.models import Message, Submission

register = template.Library()

OLDEST_SHOWN = 5


@register.inclusion_tag("includes/admin_queues.html", takes_context=True)
def submission_queues(context):
    """The two work queues with counts, for staff allowed to see them; the messages
    waiting longest, oldest first, with how long each has waited.

    The counts and the oldest messages use the (status, created_at) indexes, so they
    stay cheap on big tables.
    """
    user = context["request"].user
    queues = []
    if user.has_perm("submissions.view_message"):
        pending = Message.objects.pending()
        # the change list sorted as here: oldest first, by 留言时间's column
        column = admin.site.get_model_admin(Message).list_display.index("created_at") + 1
        queues.append(
            {
                "label": "待回复留言",
                "count": pending.count(),
                "url": reverse("admin:submissions_message_changelist")
                + f"?status__exact={Message.Status.PENDING}&o={column}",
                "first": [
                    {
                        "url": reverse("admin:submissions_message_change", args=[m.pk]),
                        "text": m.subject,
                        "note": f"已等待 {timesince(m.created_at)}",
                    }
                    for m in pending.only("id", "subject", "created_at").order_by(
                        "created_at", "id"
                    )[:OLDEST_SHOWN]
                ],
            }
        )
    if user.has_perm("submissions.view_submission"):
        received = Submission.objects.filter(status=Submission.Status.RECEIVED).count()
        reviewing = Submission.objects.filter(status=Submission.Status.REVIEWING).count()
        url = reverse("admin:submissions_submission_changelist")
        queues.append(
            {
                "label": "待审稿件",
                "count": received + reviewing,
                "url": f"{url}?status__in=received,reviewing",
                "detail": f"新收到 {received} 篇，审阅中 {reviewing} 篇",
                "detail_url": f"{url}?status__exact={Submission.Status.RECEIVED}",
            }
        )
    if user.has_perm("associations.view_zone") or user.has_perm("associations.view_association"):
        queues.append(member_entry_changes())
    return {"queues": queues, "caption": "待办事项", "block_id": "work-queues"}


def member_entry_changes() -> dict:
    """会员提交的名录修改: members' changes to their own directory entries, waiting as
    修改稿 (`membership.entries`) for a publisher; the list filtered to them."""
    waiting = PendingRevision.objects.filter(
        content_type__app_label="associations", requested_by__is_staff=False
    )
    zones = waiting.filter(content_type__model="zone").count()
    others = waiting.exclude(content_type__model="zone").count()
    zone_list = reverse("admin:associations_zone_changelist") + "?pending=waiting"
    return {
        "label": "会员提交的名录修改",
        "count": zones + others,
        "url": zone_list
        if zones or not others
        else reverse("admin:associations_association_changelist") + "?pending=waiting",
        "detail": f"开发区 {zones} 条，协会 {others} 条",
        "detail_url": reverse("admin:associations_association_changelist") + "?pending=waiting",
    }
