"""What messages, contributions and acceptance share."""

import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal.clientip import client_ip
from portal.files import CheckedFile
from submissions.storage import PrivateStorage
from submissions.validators import normalize_phone

logger = logging.getLogger(__name__)

_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Origin:
    """Where a public write came from."""

    ip: str | None
    user_agent: str

    @classmethod
    def of(cls, request) -> "Origin":
        """The client's address (`portal.clientip`) and browser of a public form's request."""
        return cls(ip=client_ip(request), user_agent=request.headers.get("User-Agent", ""))


def mail_after_commit(
    *,
    subject: str,
    template: str,
    context: dict,
    to: list[str],
    attachments: Sequence[tuple[str, bytes, str]] = (),
) -> None:
    """Render the mail now (a template error fails the write), send it after the commit.

    `attachments` are (file name, content, MIME type), e.g. a check-in QR code."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    # A header cannot hold a line break (Django would refuse the mail): rows stored before
    # the forms refused them still get their mail.
    subject = " ".join(subject.split())
    body = render_to_string(template, context)

    def send():
        try:
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                recipients,
                attachments=list(attachments),
            ).send()
        except Exception:  # a mail server outage must not lose the submission
            logger.exception("submissions: mail %r to %s failed", subject, recipients)

    transaction.on_commit(send)


def absolute_url(path: str) -> str:
    """A site path as a link for an e-mail."""
    return (settings.SITE_URL or "") + path


def create_with_unique_code(model, code_field: str, make_code, **fields):
    """Insert a row with a fresh random code, retrying on the rare collision."""
    for attempt in range(_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return model.objects.create(**{code_field: make_code()}, **fields)
        except IntegrityError:
            if attempt == _CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def store_private_files(
    files: list[tuple[UploadedFile, CheckedFile]],
    *,
    folder: str,
    written: list[tuple[Storage, str]],
) -> list[tuple[str, CheckedFile]]:
    """Write checked uploads under generated names in PRIVATE_MEDIA_ROOT/<folder>/YYYY/MM/.

    Each file is recorded in `written` (from `portal.files.delete_on_failure`) as soon as
    it is on disk, so a later failure removes it again. Returns (stored name, checked).
    """
    storage = PrivateStorage()
    path = timezone.localdate().strftime(f"{folder}/%Y/%m")
    stored = []
    for upload, checked in files:
        upload.seek(0)
        name = storage.save(f"{path}/{checked.generated_name()}", upload)
        written.append((storage, name))
        stored.append((name, checked))
    return stored


def contact_matches(row, given: str) -> bool:
    """Whether `given` is the e-mail (any case) or phone (any punctuation) of `row` (a
    submission or membership application found by its code, or None for an unknown code).

    Compared in constant time, and an unknown code costs the same comparisons as a wrong
    contact, so the answer says nothing about other people's codes.
    """
    given = given.strip()
    email = (row.email.lower() if row is not None else "\x00unknown").encode()
    phone = normalize_phone(row.phone).encode() if row is not None and row.phone else b""
    email_ok = hmac.compare_digest(given.lower().encode(), email)
    phone_ok = bool(phone) and hmac.compare_digest(normalize_phone(given).encode(), phone)
    return row is not None and (email_ok or phone_ok)
