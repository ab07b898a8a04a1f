from django import template
from django.urls import reverse

from submissions.models import Message, Submission

register = template.Library()


@register.inclusion_tag("submissions/admin/queues.html", takes_context=True)
def submission_queues(context):
    """The two work queues with counts, for staff allowed to see them.

    Both counts use the (status, created_at) indexes, so they stay cheap on big tables.
    """
    user = context["request"].user
    queues = []
    if user.has_perm("submissions.view_message"):
        queues.append(
            {
                "label": "待处理留言",
                "count": Message.objects.pending().count(),
                "url": reverse("admin:submissions_message_changelist")
                + f"?status__exact={Message.Status.PENDING}",
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
    return {"queues": queues}
