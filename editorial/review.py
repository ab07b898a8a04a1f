"""The review rule (审核): what a 编辑 may still change, and what a publisher's approval
puts live.

Frozen: a row readers see (or will, scheduled) and a row submitted for review (提交审核)
are alike for whoever may not publish (`live_or_in_review`, the one rule every path
asks: the change form, the change list's in-place editing, inlines and 恢复为草稿 in
`editorial.revisions`). Its texts change only by a publisher's act; a restored version
waits for one.

Approved as seen: the change list shows each row's version (its `updated_at`, the
审核版本 column, `version_cell`) and posts it back with an action; 通过并发布 puts live
only the selected rows still at the version shown (`only_seen`), checked in the
UPDATE's own WHERE, so a row changed after the publisher's list was drawn stays
waiting and the publisher is told (`report_stale`). The change form carries the same
version (`editorial.admin.EditLock`); so does the button that publishes a restored version
(`editorial.revisions.publish_pending`).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import format_html

SEEN = "seen_version_"  # + the row's pk: the version the change list showed


def live_or_in_review(obj, switch: str, off) -> bool:
    """Whether `obj` is live or waiting for review: its `switch` field (status,
    is_published …) is not `off`, or it was submitted (`Reviewable.review_requested_at`;
    an article's status says 待审核 itself)."""
    if obj._state.adding:
        return False
    return getattr(obj, switch) != off or getattr(obj, "review_requested_at", None) is not None


def version(moment) -> str:
    """A row's version as a form carries it: its `updated_at`, to the microsecond."""
    return moment.isoformat() if moment else ""


def version_label(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}" if moment else "—"


@admin.display(description="审核版本", ordering="updated_at")
def version_cell(obj):
    """The 审核版本 column: the version the publisher sees, and in a hidden field of the
    change list's form so that an action knows it."""
    return format_html(
        '{}<input type="hidden" name="{}{}" value="{}">',
        version_label(obj.updated_at),
        SEEN,
        obj.pk,
        version(obj.updated_at),
    )


def only_seen(request, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` still at the version the posted change list showed; a row
    the list did not show (another page, 全选 across pages) or a version that is not one
    is left out."""
    seen = []
    for pk in queryset.values_list("pk", flat=True):
        try:
            moment = datetime.fromisoformat(request.POST.get(f"{SEEN}{pk}", ""))
        except ValueError:
            continue
        if moment.tzinfo is not None:
            seen.append(Q(pk=pk, updated_at=moment))
    if not seen:
        return queryset.none()
    condition = seen[0]
    for q in seen[1:]:
        condition |= q
    return queryset.filter(condition)


def report_stale(modeladmin, request, n: int) -> None:
    if n:
        modeladmin.message_user(
            request,
            f"另有 {n} 条没有发布：它们在您打开列表之后被修改过（或不在您看到的列表中），"
            "您没有看到现在的内容。请刷新列表，查看后再审核。",
            messages.WARNING,
        )


def skip_waiting(modeladmin, request, queryset: QuerySet, waiting: Q) -> QuerySet:
    """What 发布所选 may put live: the selected rows not waiting for review (`waiting`).
    Those are left to 通过并发布, which checks the version the publisher saw; the
    publisher is told how many."""
    held = queryset.filter(waiting).count()
    if held:
        modeladmin.message_user(
            request,
            f"{held} 条待审核的没有发布：请用“通过并发布”，它只发布您在列表中看到的版本。",
            messages.WARNING,
        )
    return queryset.exclude(waiting)
