"""The dashboard's 待办事项 rows for membership (`portal.templatetags.portal_admin`)."""

from django.urls import reverse

from editorial.models import PendingRevision
from membership.models import Application


def work_queues(user) -> list[dict]:
    """入会申请 awaiting a decision (待审核), for staff who may view applications (the
    count uses the (status, created_at) index), and members' changes to their directory
    entries, for staff who may view the directory."""
    queues = []
    if user.has_perm("membership.view_application"):
        pending = Application.Status.PENDING
        queues.append(
            {
                "label": "待审入会申请",
                "count": Application.objects.filter(status=pending).count(),
                "url": reverse("admin:membership_application_changelist")
                + f"?status__exact={pending}",
            }
        )
    if user.has_perm("associations.view_zone") or user.has_perm("associations.view_association"):
        queues.append(member_entry_changes())
    return queues


def member_entry_changes() -> dict:
    """会员提交的名录修改: members' changes to their own directory entries, waiting as
    修改稿 (`membership.entries`) for a publisher; the list filtered to them."""
    waiting = PendingRevision.objects.filter(
        content_type__app_label="associations", requested_by__is_staff=False
    )
    zones = waiting.filter(content_type__model="zone").count()
    others = waiting.exclude(content_type__model="zone").count()
    zone_list = reverse("admin:associations_zone_changelist") + "?pending=waiting"
    association_list = reverse("admin:associations_association_changelist") + "?pending=waiting"
    return {
        "label": "会员提交的名录修改",
        "count": zones + others,
        "url": zone_list if zones or not others else association_list,
        "detail": f"开发区 {zones} 条，协会 {others} 条",
        "detail_url": association_list,
    }
