"""我的名录条目: a member keeps its own directory entry (a zone or an association)
current. Its change never goes live by itself: it waits as the entry's 修改稿
(`editorial.revisions.propose`, a `PendingRevision` written by the member's non-staff
user) that a 审核发布 compares and publishes on the entry's 版本历史 in the admin, or
discards with a 退回意见 (the entry's `review_note`). Readers keep the live entry until
then; the admin's dashboard counts the waiting changes (待办事项).

The member sees the state of its latest change (`state_of`): 待审核 while it waits,
已退回 with the note, 已发布 once a publisher put it live.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

from django.core.files.storage import default_storage

from editorial import revisions
from editorial.images import process_image, store
from editorial.sanitize import clean_html, html_to_text

# What a member may change, per kind of entry (the model's `revision_fields` and
# `revision_relations` beyond these, such as the name, stay as they are).
ZONE_FIELDS = ("address", "website", "introduction", "logo", "industries")
ASSOCIATION_FIELDS = ("contact", "phone", "email", "address", "website", "introduction", "logo")
LOGO_FOLDER = "directory"
LOGO_SIDE = 600  # as the model's field


@dataclass(frozen=True)
class ChangeState:
    label: str  # 待审核 / 已退回 / 已发布
    when: datetime | None
    note: str = ""


def editable_fields(entry) -> tuple[str, ...]:
    return ZONE_FIELDS if hasattr(entry, "industries") else ASSOCIATION_FIELDS


def current(entry) -> tuple[dict, ChangeState | None]:
    """What the member's form starts from (`current_values`) and the change's state, with
    one look for the waiting change."""
    pending = revisions.pending_for(entry)
    return current_values(entry, pending), state_of(entry, pending)


def current_values(entry, pending) -> dict:
    """Its waiting change, else the live entry; the introduction as plain text, the logo
    as its stored name."""
    values = revisions.with_relations(type(entry), pending.values if pending else entry)
    values["introduction"] = html_to_text(values.get("introduction", ""))
    return values


def paragraphs(text: str) -> str:
    """Plain text as the rich-text field stores it: a paragraph per line, escaped."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return clean_html("".join(f"<p>{html.escape(line)}</p>" for line in lines))


def submit_change(entry, user, cleaned: dict) -> None:
    """Wait the member's edited fields over the entry's current texts as its 修改稿; a
    new logo is checked, re-encoded and stored (not shown anywhere until published)."""
    model = type(entry)
    values = revisions.with_relations(model, entry)
    for name in editable_fields(entry):
        if name == "logo":
            upload = cleaned.get("logo")
            if upload:
                checked = process_image(upload, max_side=LOGO_SIDE)
                values["logo"] = store(default_storage, LOGO_FOLDER, checked)
        elif name == "introduction":
            values[name] = paragraphs(cleaned.get(name) or "")
        elif name == "industries":
            values[name] = sorted(i.pk for i in cleaned.get(name) or [])
        else:
            values[name] = cleaned.get(name) or ""
    revisions.propose(entry, values, user)
    # a new change replaces the returned one: its note no longer applies
    model._base_manager.filter(pk=entry.pk).update(review_note="")


def state_of(entry, pending) -> ChangeState | None:
    """The state of the latest change to `entry` (`pending`: its waiting change, if
    any), None when none was made."""
    if pending is not None:
        return ChangeState("待审核", pending.requested_at)
    if entry.review_note:
        return ChangeState("已退回", None, entry.review_note)
    published = (
        entry.history.filter(history_change_reason__startswith="发布修改稿")
        .order_by("-history_date")
        .only("history_date")
        .first()
    )
    if published is not None:
        return ChangeState("已发布", published.history_date)
    return None
