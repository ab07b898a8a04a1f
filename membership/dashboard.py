"""The dashboard's 待办事项 rows for membership (`portal.templatetags.portal_admin`)."""

from django.urls import reverse

from membership.models import Application


def work_queues(user) -> list[dict]:
    """入会申请 awaiting a decision (待审核), for staff who may view applications; the
    count uses the (status, created_at) index."""
    if not user.has_perm("membership.view_application"):
        return []
    pending = Application.Status.PENDING
    return [
        {
            "label": "待审入会申请",
            "count": Application.objects.filter(status=pending).count(),
            "url": reverse("admin:membership_application_changelist") + f"?status__exact={pending}",
        }
    ]
