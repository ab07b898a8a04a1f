"""Mail the site sends: rendered with the write, sent only once its transaction commits."""

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


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
        except Exception:  # a mail server outage must not lose the write
            logger.exception("mail %r to %s failed", subject, recipients)

    transaction.on_commit(send)


def absolute_url(path: str) -> str:
    """A site path as a link for an e-mail."""
    return (settings.SITE_URL or "") + path
