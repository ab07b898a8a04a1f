"""What refreshes reader pages from submissions: the message board (留言板) shows
answered, published messages. Any save or delete of a message by the office moves the
content version on (`portal.freshness`); a reader's new message waits for review and
changes no page, so a flood of posts cannot empty the cache. Bulk status changes call
`freshness.changed()` in `services.messages.set_message_status`. Contributions (投稿) are
never shown to readers; accepting one creates a draft article (news/receivers.py)."""

from editorial.files import files_follow_rows
from portal.freshness import watch
from submissions.models import Message, SubmissionAttachment

watch(Message, when=lambda message, created: not created)
# A deleted submission's files leave the private disk (attachments cascade with it).
files_follow_rows(SubmissionAttachment)
