"""The dashboard's 待办事项 rows for messages and contributions (`portal.templatetags.
portal_admin.work_queues` puts each app's rows in one table)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.timesince import timesince

from submissions.models import Message, Submission

OLDEST_SHOWN = 5


def work_queues(user) -> list[dict]:
    """The two work queues with counts, for staff allowed to see them; the messages
    waiting longest, oldest first, with how long each has waited.

    The counts and the oldest messages use the (status, created_at) indexes, so they
    stay cheap on big tables.
    """
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
    return queues
