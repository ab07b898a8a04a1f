"""Everything that writes a message or a submission, with its files and its e-mails.

Views and admin actions call these functions; there are no signals. Writes happen inside
transaction.atomic and mail leaves only after the commit. The last step of the review,
`accept_into_article`, turns a submission into a draft news article (submissions may
create news articles; news never imports submissions).
"""

import hmac
import logging
import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from news.models import Article, Section
from news.services import NewAttachment, create_draft_article, find_section, section_refusal
from portal import pagecache
from portal.files import CheckedFile, delete_on_failure
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
    with delete_on_failure() as written, transaction.atomic():
        stored = []
        for upload, checked in files:
            upload.seek(0)
            name = storage.save(f"{folder}/{checked.generated_name()}", upload)
            written.append((storage, name))
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
    submission = (
        Submission.objects.select_related("article")
        .filter(tracking_code=_canonical_tracking(code))
        .first()
    )
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


# ---------- accept into a draft article (采用为草稿文章) ----------


class NotAcceptable(ValueError):
    """The submission cannot become an article; the message says why, in Chinese."""


# Where a suggested section (投稿的建议栏目) most likely lives in the news section tree:
# slugs tried in order after an exact slug or name match (see news.services.find_section).
# The site's own tree may differ; the editor confirms or changes the choice on the accept page.
SECTION_CANDIDATES: dict[str, tuple[str, ...]] = {
    Submission.Section.ZONE_NEWS: ("zone-news", "national", "local"),
    Submission.Section.POLICY: ("policy",),
    Submission.Section.RESEARCH: ("research", "cases"),
    Submission.Section.EXPERIENCE: ("experience", "cases"),
    Submission.Section.INVESTMENT: ("investment", "national"),
    Submission.Section.MAGAZINE: ("cases",),
}
ACCEPTED_NOTE = "您的稿件已被采用，编辑部正在编辑整理，发布后即可在网站上阅读。"
IMAGE_KINDS = {"jpg", "png"}


def suggested_section(submission: Submission) -> Section | None:
    """The news section matching what the contributor suggested, else 协会动态, else any list."""
    return find_section(
        slug=submission.section,
        name=Submission.Section(submission.section).label,
        hints=SECTION_CANDIDATES.get(submission.section, ()),
    )


def body_to_html(text: str) -> str:
    """Plain text typed by a contributor as escaped paragraphs: one <p> per non-empty line.

    The text is never trusted as HTML: markup and script come out as visible text.
    """
    lines = (line.strip(" \t\u3000\xa0") for line in (text or "").splitlines())
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)


def accept_refusal(submission: Submission) -> str | None:
    """Why this submission cannot be accepted into an article, or None when it can."""
    if submission.article_id is not None:
        return f"投稿《{submission.title}》已经采用为文章，不能重复采用。"
    if submission.status == Submission.Status.REJECTED:
        return f"投稿《{submission.title}》已标记为“未采用”，请先改回“审阅中”再采用。"
    return None


def accept_note(submission: Submission) -> str:
    """The note the contributor gets on acceptance unless the editor writes another one.

    A note written for an earlier status ("审阅中，两周内答复") would be stale; one
    written when the submission was already marked accepted is kept.
    """
    if submission.status == Submission.Status.ACCEPTED and submission.editor_note.strip():
        return submission.editor_note
    return ACCEPTED_NOTE


def accept_into_article(
    *,
    submission: Submission,
    section: Section | None = None,
    editor: AbstractBaseUser,
    note: str | None = None,
) -> Article:
    """Create a draft article from a submission, carry its files over and tell the author.

    Title, author, source (the organisation) and the body as escaped paragraphs go into a
    new draft in `section` (default: `suggested_section`). Every attachment is copied
    from the private storage into the article attachments' storage under a generated
    name; the first picture also becomes the cover. Submission and article are linked,
    the submission is marked accepted with `note` (default: `accept_note`) for the
    contributor, who is mailed after the commit.
    If anything fails, no article remains, the submission is unchanged and the copies
    already written are removed again. Raises NotAcceptable with a Chinese message.
    """
    with delete_on_failure() as written, transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if refusal := accept_refusal(locked):
            raise NotAcceptable(refusal)
        section = section or suggested_section(locked)
        if refusal := section_refusal(section):
            raise NotAcceptable(refusal)
        attachments = list(locked.attachments.all())
        body = body_to_html(locked.body)
        if not body and attachments:
            body = "<p>正文见附件。</p>"
        article = create_draft_article(
            title=locked.title,
            author=locked.author,
            source=locked.organization,
            body_html=body,
            section=section,
            attachments=[
                NewAttachment(_file_title(a.original_name), a.file.path, a.size)
                for a in attachments
            ],
            cover_from=[a.file.path for a in attachments if a.kind in IMAGE_KINDS],
            editor=editor,
            written=written,
        )
        locked.article = article
        locked.editor_note = (note or "").strip() or accept_note(locked)
        locked.status = Submission.Status.ACCEPTED
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = editor
        locked.save()
        site = SiteSettings.load()
        _mail_after_commit(
            subject=f"您的投稿《{locked.title}》已被采用",
            template="submissions/email/submission_accepted.txt",
            context={
                "submission": locked,
                "site": site,
                "status_url": _absolute(reverse("submissions:contribute_status")),
            },
            to=[locked.email],
        )
    # The caller's object shows the new state too (admin messages, redirects).
    for field in ("article", "status", "editor_note", "reviewed_at", "reviewed_by"):
        setattr(submission, field, getattr(locked, field))
    return article


def _file_title(original_name: str) -> str:
    """An attachment's title: the contributor's file name without its extension."""
    return os.path.splitext(original_name)[0].strip() or original_name
