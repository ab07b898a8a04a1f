"""Readers' messages (留言): storing them, the official reply, the board's statuses."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal import freshness
from portal.models import SiteSettings
from publicforms.codes import canonical_code
from publicforms.services import (
    Origin,
    absolute_url,
    create_with_unique_code,
    mail_after_commit,
)
from submissions.models import MESSAGE_CODE, Message, new_reference_code


def create_message(
    *, name: str, phone: str, email: str, subject: str, content: str, origin: Origin
) -> Message:
    """Store a reader's message as pending and tell the association's mailbox."""
    with transaction.atomic():
        message = create_with_unique_code(
            Message,
            "code",
            new_reference_code,
            name=name,
            phone=phone,
            email=email,
            subject=subject,
            content=content,
            ip_address=origin.ip,
            user_agent=origin.user_agent[:300],
        )
        site = SiteSettings.load()
        mail_after_commit(
            subject=f"[网站留言] {message.code} {message.subject}",
            template="submissions/email/message_received.txt",
            context={
                "message": message,
                "site": site,
                "admin_url": absolute_url(
                    reverse("admin:submissions_message_change", args=[message.pk])
                ),
            },
            to=[site.contact_email],
        )
    return message


def reply_to_message(*, message: Message, reply: str, user, publish: bool = True) -> Message:
    """Save the official reply and tell the sender by e-mail; `publish` puts message and
    reply on the board, otherwise the message is (or stays) 不公开: a reply meant for the
    sender alone never reaches the board."""
    reply = reply.strip()
    if not reply:
        raise ValueError("回复内容不能为空。")
    with transaction.atomic():
        first_reply = message.replied_at is None
        message.reply = reply
        message.replied_at = timezone.now()
        message.replied_by = user
        if publish:
            message.status = Message.Status.PUBLISHED
        elif message.status in (Message.Status.PENDING, Message.Status.PUBLISHED):
            message.status = Message.Status.HIDDEN
        message.save()
        if first_reply and message.email:
            site = SiteSettings.load()
            mail_after_commit(
                subject=f"您在{site.site_name}的留言已回复（{message.code}）",
                template="submissions/email/message_answered.txt",
                context={
                    "message": message,
                    "site": site,
                    "lookup_url": absolute_url(reverse("submissions:message_lookup"))
                    + f"?code={message.code}",
                },
                to=[message.email],
            )
    return message


def set_message_status(*, messages, status: str) -> int:
    """Bulk publish / hide / mark as spam. Only answered messages can be published."""
    with transaction.atomic():
        queryset = Message.objects.filter(pk__in=[m.pk for m in messages])
        if status == Message.Status.PUBLISHED:
            queryset = queryset.filter(replied_at__isnull=False)
        count = queryset.update(status=status, updated_at=timezone.now())
        freshness.changed()  # update() sends no signal (see submissions/receivers.py)
    return count


def shows_question(message: Message) -> bool:
    """Whether the look-up shows a message that is not on the board with its question.

    Its writer holds the code, so a message waiting for an answer shows them what they
    asked. Only a full code does (60 bits and more, and look-ups are rate-limited): an
    older short code (LY20250101K7Q3X) is a date and five characters, few enough to
    guess. A message handled in private or as spam is closed: its status alone."""
    return message.status == Message.Status.PENDING and message.code.startswith("LY-")


def find_message(*, code: str) -> Message | None:
    """The message with this code, typed with or without dashes, in any case."""
    return Message.objects.filter(code=canonical_code(code, **MESSAGE_CODE)).first()
