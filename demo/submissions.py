"""Readers' messages with the association's replies, a few pending ones, and four
submissions under review, each with a private PDF.

Texts: demo/messages.json. Rows carry fixed codes, so loading again changes nothing.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from demo.data import read
from demo.pictures import demo_pdf
from publicforms.storage import private_storage
from submissions.models import Message, Submission, SubmissionAttachment


def _code(code_suffix: str) -> str:
    """A code in the format new messages get (`new_reference_code`), marked as a demo."""
    return f"LY-DEMSG-DEMSG-{code_suffix}"


def _exists(code_suffix: str) -> bool:
    # also matches the LY<date><suffix> codes earlier demo loads gave, so loading the
    # demo into such a database adds nothing twice
    return Message.objects.filter(code__endswith=code_suffix, code__startswith="LY").exists()


def _load_messages(content: dict, now) -> int:
    created = 0
    for row in content["answered"]:
        if _exists(row["code_suffix"]):
            continue
        message = Message.objects.create(
            code=_code(row["code_suffix"]),
            name=row["name"],
            email=row["email"],
            phone="" if row["email"] else content["phone_without_email"],
            subject=row["subject"],
            content=row["question"],
            reply=row["reply"],
            status=Message.Status.PUBLISHED,
            replied_at=now - timedelta(days=row["answered_days_ago"]),
        )
        asked = now - timedelta(days=row["asked_days_ago"])
        Message.objects.filter(pk=message.pk).update(created_at=asked)
        created += 1
    for row in content["pending"]:
        if _exists(row["code_suffix"]):
            continue
        Message.objects.create(
            code=_code(row["code_suffix"]),
            name=row["name"],
            phone=row["phone"],
            email=row["email"],
            subject=row["subject"],
            content=row["question"],
        )
        created += 1
    return created


def _load_submissions(content: dict, now) -> int:
    storage = private_storage()
    made = 0
    for row in content["submissions"]:
        code, status = row["tracking_code"], row["status"]
        if Submission.objects.filter(tracking_code=code).exists():
            continue
        submission = Submission.objects.create(
            tracking_code=code,
            title=row["title"],
            author=row["author"],
            organization=row["organization"],
            email=row["email"],
            section=Submission.Section.EXPERIENCE,
            body=content["submission_body"],
            consent_at=now,
            status=status,
            editor_note=row["editor_note"],
            reviewed_at=now if status != Submission.Status.RECEIVED else None,
        )
        pdf = demo_pdf(f"Demo submission {code}")
        name = storage.save(f"submissions/demo/{code.lower()}.pdf", ContentFile(pdf))
        SubmissionAttachment.objects.create(
            submission=submission,
            file=name,
            original_name=f"{row['title']}.pdf",
            kind="pdf",
            content_type="application/pdf",
            size=len(pdf),
        )
        made += 1
    return made


def load(stdout) -> None:
    content = read("messages")
    now = timezone.now()
    created = _load_messages(content, now)
    made = _load_submissions(content, now)
    stdout.write(f"留言与投稿：新建 {created} 条留言、{made} 篇投稿。")
