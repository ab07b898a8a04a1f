"""Everything that writes a message or a submission, with its files and its e-mails.

Views and admin actions call these functions; there are no signals. Writes happen inside
transaction.atomic and mail leaves only after the commit. The next step of the review,
"accept into a draft article", belongs here as one more function beside
`change_submission_status` once the news app is merged.
"""

import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal import pagecache
from portal.files import CheckedFile
from portal.models import SiteSettings
from submissions.models import (
    Message,
    Submission,
    SubmissionAttachment,
    new_reference_code,
    new_tracking_code,
    normalize_code,
)
from submissions.storage import PrivateStorage
from submissions.validators import normalize_phone

logger = logging.getLogger(__name__)

BOARD_COUNT_CACHE_KEY = "submissions:board-count:v1"
_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Origin:
    """Where a public write came from."""

    ip: str | None
    user_agent: str


def _mail_after_commit(*, subject: str, template: str, context: dict, to: list[str]) -> None:
    recipients = [address for address in to if address]
    if not recipients:
        return
    body = render_to_string(template, context)

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # a mail server outage must not lose the submission
            logger.exception("submissions: mail %r to %s failed", subject, recipients)

    transaction.on_commit(send)


def _absolute(path: str) -> str:
    return (settings.SITE_URL or "") + path


def _invalidate_board() -> None:
    from django.core.cache import cache

    cache.delete(BOARD_COUNT_CACHE_KEY)
    pagecache.bump()


def _create_with_unique_code(model, code_field: str, make_code, **fields):
    """Insert a row with a fresh random code, retrying on the rare collision."""
    for attempt in range(_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return model.objects.create(**{code_field: make_code()}, **fields)
        except IntegrityError:
            if attempt == _CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


# ---------- messages (留言) ----------


def create_message(
    *, name: str, phone: str, email: str, subject: str, content: str, origin: Origin
) -> Message:
    """Store a reader's message as pending and tell the association's mailbox."""
    with transaction.atomic():
        message = _create_with_unique_code(
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
        _mail_after_commit(
            subject=f"[网站留言] {message.code} {message.subject}",
            template="submissions/email/message_received.txt",
            context={
                "message": message,
                "site": site,
                "admin_url": _absolute(
                    reverse("admin:submissions_message_change", args=[message.pk])
                ),
            },
            to=[site.contact_email],
        )
    return message


def reply_to_message(*, message: Message, reply: str, user) -> Message:
    """Save the official reply, publish the message and tell the sender by e-mail."""
    reply = reply.strip()
    if not reply:
        raise ValueError("回复内容不能为空。")
    with transaction.atomic():
        first_reply = message.replied_at is None
        message.reply = reply
        message.replied_at = timezone.now()
        message.replied_by = user
        message.status = Message.Status.PUBLISHED
        message.save()
        _invalidate_board()
        if first_reply and message.email:
            site = SiteSettings.load()
            _mail_after_commit(
                subject=f"您在{site.site_name}的留言已回复（{message.code}）",
                template="submissions/email/message_answered.txt",
                context={
                    "message": message,
                    "site": site,
                    "lookup_url": _absolute(reverse("submissions:message_lookup"))
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
        _invalidate_board()
    return count


def find_message(*, code: str) -> Message | None:
    return Message.objects.filter(code=normalize_code(code)).first()


# ---------- submissions (投稿) ----------


def create_submission(
    *,
    title: str,
    author: str,
    organization: str,
    phone: str,
    email: str,
    section: str,
    body: str,
    files: list[tuple[UploadedFile, CheckedFile]],
    origin: Origin,
) -> Submission:
    """Store a submission and its files together: no row without files, no file without row.

    Files are written first (under generated names in PRIVATE_MEDIA_ROOT); if anything
    fails before the commit, the files already written are deleted again.
    """
    storage = PrivateStorage()
    folder = timezone.localdate().strftime("submissions/%Y/%m")
    written: list[str] = []
    try:
        with transaction.atomic():
            stored = []
            for upload, checked in files:
                upload.seek(0)
                name = storage.save(f"{folder}/{checked.generated_name()}", upload)
                written.append(name)
                stored.append((name, checked))
            submission = _create_with_unique_code(
                Submission,
                "tracking_code",
                new_tracking_code,
                title=title,
                author=author,
                organization=organization,
                phone=phone,
                email=email,
                section=section,
                body=body,
                consent_at=timezone.now(),
                ip_address=origin.ip,
                user_agent=origin.user_agent[:300],
            )
            SubmissionAttachment.objects.bulk_create(
                SubmissionAttachment(
                    submission=submission,
                    file=name,
                    original_name=checked.original_name,
                    kind=checked.kind,
                    content_type=checked.content_type,
                    size=checked.size,
                )
                for name, checked in stored
            )
            site = SiteSettings.load()
            context = {
                "submission": submission,
                "attachments": [c for _, c in stored],
                "site": site,
                "status_url": _absolute(reverse("submissions:contribute_status")),
                "admin_url": _absolute(
                    reverse("admin:submissions_submission_change", args=[submission.pk])
                ),
            }
            _mail_after_commit(
                subject=f"[网站投稿] {submission.title}",
                template="submissions/email/submission_received_office.txt",
                context=context,
                to=[site.contact_email],
            )
            _mail_after_commit(
                subject=f"{site.site_name}已收到您的投稿《{submission.title}》",
                template="submissions/email/submission_received.txt",
                context=context,
                to=[submission.email],
            )
    except BaseException:
        for name in written:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("submissions: could not remove %s after a failed save", name)
        raise
    return submission


def change_submission_status(*, submission: Submission, status: str, note: str, user) -> Submission:
    """Move a submission along received → reviewing → accepted / rejected and tell the author."""
    if not submission.can_move_to(status):
        raise ValueError(
            f"投稿不能从“{submission.get_status_display()}”改为“{Submission.Status(status).label}”。"
        )
    with transaction.atomic():
        previous = Submission.objects.select_for_update().get(pk=submission.pk)
        changed = previous.status != status or previous.editor_note != note
        submission.status = status
        submission.editor_note = note
        if changed:
            submission.reviewed_at = timezone.now()
            submission.reviewed_by = user
        submission.save()
        if changed and (previous.status != status or note):
            site = SiteSettings.load()
            _mail_after_commit(
                subject=f"您的投稿《{submission.title}》：{submission.get_status_display()}",
                template="submissions/email/submission_status.txt",
                context={
                    "submission": submission,
                    "site": site,
                    "status_url": _absolute(reverse("submissions:contribute_status")),
                },
                to=[submission.email],
            )
    return submission


def find_submission(*, code: str, contact: str) -> Submission | None:
    """The submission with this code whose e-mail or phone matches `contact`, else None.

    The contact is compared in constant time, and an unknown code costs the same
    comparisons as a wrong contact, so the answer says nothing about other people's codes.
    """
    submission = Submission.objects.filter(tracking_code=_canonical_tracking(code)).first()
    given = contact.strip()
    given_email = given.lower().encode()
    given_phone = normalize_phone(given).encode()
    email = (submission.email.lower() if submission else "\x00unknown").encode()
    phone = (normalize_phone(submission.phone) if submission and submission.phone else "").encode()
    email_ok = hmac.compare_digest(given_email, email)
    phone_ok = bool(phone) and hmac.compare_digest(given_phone, phone)
    if submission is not None and (email_ok or phone_ok):
        return submission
    return None


def _canonical_tracking(raw: str) -> str:
    """TG-ABCDE-… whether typed with or without dashes and spaces, in any case."""
    compact = normalize_code(raw).replace("-", "")
    if not compact.startswith("TG") or len(compact) != 22:
        return normalize_code(raw)
    body = compact[2:]
    return "TG-" + "-".join(body[i : i + 5] for i in range(0, 20, 5))
