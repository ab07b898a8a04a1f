"""The editorial framework's admin: what every content admin is built from."""

from editorial.admin.base import (
    EDIT_VERSION,
    AuditedAdmin,
    ContentAdmin,
    EditLock,
    PublishRule,
    update_action,
)
from editorial.admin.publishing import (
    PublishableAdmin,
    PublishableInline,
    hotlink_message,
    hotlinks,
    without_hotlinks,
)
from editorial.admin.recyclebin import RecycleBinAdmin
from editorial.admin.review import ReturnForm, ReviewFilter, ReviewQueueAdmin, return_page
from editorial.admin.revisions import PendingFilter, RevisionsAdmin, pending_ids
from editorial.admin.spreadsheets import SpreadsheetAdmin

__all__ = [
    "EDIT_VERSION",
    "AuditedAdmin",
    "ContentAdmin",
    "EditLock",
    "hotlink_message",
    "hotlinks",
    "PendingFilter",
    "PublishRule",
    "PublishableAdmin",
    "PublishableInline",
    "RecycleBinAdmin",
    "ReturnForm",
    "ReviewFilter",
    "ReviewQueueAdmin",
    "RevisionsAdmin",
    "SpreadsheetAdmin",
    "pending_ids",
    "return_page",
    "update_action",
    "without_hotlinks",
]
