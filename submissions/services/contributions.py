"""Submissions (投稿): storing one with its files, moving its status, the status look-up."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from editorial.files import CheckedFile
from publicforms.services import (
    Origin,
    Receipt,
    create_received,
    find_by_code,
    mail_sender,
)
from submissions.models import (
    TRACKING_CODE,
    Submission,
    SubmissionAttachment,
    new_tracking_code,
)

RECEIPT = Receipt(
    status_url="submissions:contribute_status",
    office_subject="[网站投稿] {row.title}",
    office_template="submissions/email/submission_received_office.txt",
    sender_subject="{site.site_name}已收到您的投稿《{row.title}》",
    sender_template="submissions/email/submission_received.txt",
)


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
    return create_received(
        Submission,
        code_field="tracking_code",
        make_code=new_tracking_code,
        attachment_model=SubmissionAttachment,
        folder="submissions",
        files=files,
        origin=origin,
        receipt=RECEIPT,
        title=title,
        author=author,
        organization=organization,
        phone=phone,
        email=email,
        section=section,
        body=body,
    )


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
            mail_contributor(
                submission=submission,
                subject=f"您的投稿《{submission.title}》：{submission.get_status_display()}",
                template="submissions/email/submission_status.txt",
            )
    return submission


def mail_contributor(*, submission: Submission, subject: str, template: str) -> None:
    """Tell the contributor, after the commit, what became of the submission."""
    mail_sender(submission, subject=subject, template=template, status_url=RECEIPT.status_url)


def find_submission(*, code: str, contact: str) -> Submission | None:
    """The submission with this code whose e-mail or phone matches `contact`, else None
    (`contact_matches`: constant time, an unknown code reads as a wrong contact)."""
    return find_by_code(
        Submission.objects.select_related("article"),
        field="tracking_code",
        code=code,
        spec=TRACKING_CODE,
        contact=contact,
    )
