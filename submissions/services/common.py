"""What messages, contributions and acceptance share."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from portal.clientip import client_ip

logger = logging.getLogger(__name__)

_CODE_ATTEMPTS = 5


@dataclass(frozen=True)
class Origin:
    """Where a public write came from."""

    ip: str | None
    user_agent: str

    @classmethod
    def of(cls, request) -> "Origin":
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
