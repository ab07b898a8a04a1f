"""What messages, contributions and acceptance share."""

import hmac
import logging
from dataclasses import dataclass

from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from editorial.contacts import normalize_email, normalize_phone
from editorial.files import CheckedFile, delete_on_failure
from portal.clientip import client_ip
from portal.mail import absolute_url, mail_after_commit  # noqa: F401 (used by the apps)
from portal.models import SiteSettings
from publicforms.codes import canonical_code
from publicforms.storage import private_storage

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
    """Write checked uploads under generated names in the private storage, <folder>/YYYY/MM/.

    Each file is recorded in `written` (from `editorial.files.delete_on_failure`) as soon as
    it is on disk, so a later failure removes it again. Returns (stored name, checked).
    """
    storage = private_storage()
    path = timezone.localdate().strftime(f"{folder}/%Y/%m")
    stored = []
    for upload, checked in files:
        upload.seek(0)
        name = storage.save(f"{path}/{checked.generated_name()}", upload)
        written.append((storage, name))
        stored.append((name, checked))
    return stored


@dataclass(frozen=True)
class Receipt:
    """The two mails a public form sends once its row is stored: to the office (the
    site's contact address) and to the sender (the row's e-mail). The subjects are
    `str.format` templates of `row` and `site`; `status_url` names the look-up page."""

    status_url: str
    office_subject: str
    office_template: str
    sender_subject: str
    sender_template: str


def create_received(
    model,
    *,
    code_field: str,
    make_code,
    attachment_model,
    folder: str,
    files: list[tuple[UploadedFile, CheckedFile]],
    origin: Origin,
    receipt: Receipt,
    **fields,
):
    """Store a public form's row (a submission, a membership application) with its files
    together: no row without its files, no file without its row. The files are written
    first (`store_private_files`); if anything fails before the commit, they are deleted
    again. The office and the sender are e-mailed after the commit (`receipt`).

    The mail context names the row by its model (`submission`, `application`) and holds
    the checked `attachments`, the `site`, the `status_url` and the row's `admin_url`."""
    name = model._meta.model_name
    with delete_on_failure() as written, transaction.atomic():
        stored = store_private_files(files, folder=folder, written=written)
        row = create_with_unique_code(
            model,
            code_field,
            make_code,
            **fields,
            consent_at=timezone.now(),
            ip_address=origin.ip,
            user_agent=origin.user_agent[:300],
        )
        attachment_model.objects.bulk_create(attachment_model.rows(stored, **{name: row}))
        site = SiteSettings.load()
        context = {
            name: row,
            "attachments": [checked for _, checked in stored],
            "site": site,
            "status_url": absolute_url(reverse(receipt.status_url)),
            "admin_url": absolute_url(
                reverse(f"admin:{model._meta.app_label}_{name}_change", args=[row.pk])
            ),
        }
        mail_after_commit(
            subject=receipt.office_subject.format(row=row, site=site),
            template=receipt.office_template,
            context=context,
            to=[site.contact_email],
        )
        mail_after_commit(
            subject=receipt.sender_subject.format(row=row, site=site),
            template=receipt.sender_template,
            context=context,
            to=[row.email],
        )
    return row


def mail_sender(row, *, subject: str, template: str, status_url: str) -> None:
    """Tell the sender of a public form's row (named by its model in the mail context),
    after the commit, what became of it; `status_url` names the look-up page."""
    mail_after_commit(
        subject=subject,
        template=template,
        context={
            row._meta.model_name: row,
            "site": SiteSettings.load(),
            "status_url": absolute_url(reverse(status_url)),
        },
        to=[row.email],
    )


def contact_matches(row, given: str) -> bool:
    """Whether `given` is the e-mail or the phone of `row` however it is written
    (`editorial.contacts`); `row` is a registration, contribution or membership application
    found by its code, or None for an unknown code.

    Compared in constant time, and an unknown code costs the same comparisons as a wrong
    contact, so the answer says nothing about other people's codes.
    """
    email = (normalize_email(row.email) if row is not None else "\x00unknown").encode()
    phone = normalize_phone(row.phone).encode() if row is not None and row.phone else b""
    email_ok = hmac.compare_digest(normalize_email(given).encode(), email)
    phone_ok = bool(phone) and hmac.compare_digest(normalize_phone(given).encode(), phone)
    return row is not None and (email_ok or phone_ok)


def find_by_code(queryset, *, field: str, code: str, spec: dict, contact: str):
    """The row of `queryset` whose `field` is `code` (made canonical by `spec`, as
    `canonical_code`) and whose e-mail or phone matches `contact` (`contact_matches`:
    constant time, an unknown code reads as a wrong contact), else None."""
    row = queryset.filter(**{field: canonical_code(code, **spec)}).first()
    return row if contact_matches(row, contact) else None


def body_to_html(text: str) -> str:
    """Plain text typed by a contributor as escaped paragraphs: one <p> per non-empty line.

    The text is never trusted as HTML: markup and script come out as visible text.
    """
    lines = (line.strip(" \t\u3000\xa0") for line in (text or "").splitlines())
    return "".join(f"<p>{escape(line)}</p>" for line in lines if line)
