"""Checking uploaded documents by their content, not their name; undoing file writes.

Used by every upload that is not an image only: article attachments, contributors'
files, spreadsheet imports. Images are checked and re-encoded in `editorial.images`.
`delete_on_failure` removes the files a write stored before it failed, and
`SafeFileSystemStorage` never leaves a partly written one (a full disk);
`download_response` hands a stored file to staff under the name of its true kind.
"""

import errno
import io
import logging
import os
import posixpath
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.db.models import FileField
from django.db.models.signals import post_delete
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

from editorial.images import rendition_names

logger = logging.getLogger(__name__)

# kind -> (extension, label shown to people, MIME type)
KINDS = {
    "pdf": ("pdf", "PDF", "application/pdf"),
    "doc": ("doc", "Word 97-2003 文档（.doc）", "application/msword"),
    "docx": (
        "docx",
        "Word 文档（.docx）",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xls": ("xls", "Excel 97-2003 表格（.xls）", "application/vnd.ms-excel"),
    "xlsx": (
        "xlsx",
        "Excel 表格（.xlsx）",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        "pptx",
        "PowerPoint 演示文稿（.pptx）",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "zip": ("zip", "ZIP 压缩包", "application/zip"),
    "csv": ("csv", "CSV 表格", "text/csv"),
    "jpg": ("jpg", "JPG 图片", "image/jpeg"),
    "png": ("png", "PNG 图片", "image/png"),
    "gif": ("gif", "GIF 图片", "image/gif"),
    "webp": ("webp", "WebP 图片", "image/webp"),
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PIL_KINDS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    extension: str
    content_type: str
    size: int
    original_name: str

    def generated_name(self) -> str:
        """A random stored name that keeps only the true extension."""
        return f"{uuid.uuid4().hex}.{self.extension}"


def _read_head(upload, n: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _ole_kind(upload) -> str | None:
    """Tell a .doc from an .xls inside an OLE compound file by its stream names."""
    upload.seek(0)
    data = upload.read(512 * 1024)
    upload.seek(0)
    text = data.replace(b"\x00", b"")
    if b"WordDocument" in text:
        return "doc"
    if b"Workbook" in text or b"Book" in text:
        return "xls"
    return None


def _zip_kind(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    return "zip"


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is fine.
            if exc.start >= len(head) - 4:
                return True
    return False


def sniff_kind(upload) -> str | None:
    """The real kind of `upload` judged from its bytes, or None when unknown."""
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(upload)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    try:
        with Image.open(upload) as image:
            kind = _PIL_KINDS.get(image.format)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        kind = None
    finally:
        upload.seek(0)
    if kind:
        return kind
    if head and _is_text(head):
        return "csv"
    return None


def check_upload(upload, *, allowed: set[str], max_bytes: int) -> CheckedFile:
    """Refuse empty, oversize or wrong-kind files with a clear Chinese message."""
    name = getattr(upload, "name", "") or ""
    size = upload.size
    if not size:
        raise ValidationError("文件“%(name)s”是空的。", code="empty", params={"name": name})
    if size > max_bytes:
        raise ValidationError(
            "文件“%(name)s”太大（%(size)s），每个文件不能超过 %(limit)s。",
            code="too_large",
            params={"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    kind = sniff_kind(upload)
    if kind not in allowed:
        labels = "、".join(KINDS[k][1] for k in sorted(allowed))
        raise ValidationError(
            "文件“%(name)s”的内容不是允许的类型（允许：%(labels)s）。",
            code="kind",
            params={"name": name, "labels": labels},
        )
    if kind in _PIL_KINDS.values():
        upload.seek(0)
        try:
            with Image.open(io.BytesIO(upload.read())) as image:
                image.verify()
        except Exception as exc:  # Pillow raises many kinds for broken images
            raise ValidationError(
                "图片“%(name)s”已损坏。", code="broken", params={"name": name}
            ) from exc
        finally:
            upload.seek(0)
    extension, _, content_type = KINDS[kind]
    return CheckedFile(kind, extension, content_type, size, name[:255])


def download_response(handle, *, name: str) -> FileResponse:
    """Send `handle` (an open binary file) to be saved, never opened in the browser.

    The file keeps the stem of `name` but takes the extension and MIME type of the kind
    its bytes are (`sniff_kind`): a PDF a contributor called 投稿说明.bat downloads as
    投稿说明.pdf, so opening a download never runs a script. Unknown bytes get `.bin`.
    """
    extension, _, content_type = KINDS.get(
        sniff_kind(handle), ("bin", "", "application/octet-stream")
    )
    stem = os.path.splitext(os.path.basename(name))[0]
    # No control characters in a header; no empty name.
    stem = "".join("_" if unicodedata.category(c) == "Cc" else c for c in stem).strip()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem or '附件'}.{extension}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# The files `SafeFileSystemStorage` saved inside the innermost `delete_on_failure` block
# running in this thread, if any.
_saved: ContextVar[list | None] = ContextVar("portal_files_saved", default=None)


@contextmanager
def delete_on_failure() -> Iterator[list[tuple[Storage, str]]]:
    """Yields a list for the (storage, name) of each file the block writes; if the block
    raises, those files are deleted again before the exception goes on, and so is every
    file saved through `SafeFileSystemStorage` (both folders) inside the block, listed
    or not.

    Files are not part of a database transaction: put this around `transaction.atomic`
    so that a rolled-back write leaves no file behind either.
    """
    written: list[tuple[Storage, str]] = []
    saved: list[tuple[Storage, str]] = []
    token = _saved.set(saved)
    try:
        yield written
    except BaseException:
        for storage, name in dict.fromkeys(written + saved):
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not remove %s after a failed write", name)
        raise
    finally:
        _saved.reset(token)
    if (outer := _saved.get()) is not None:
        outer.extend(saved)  # an enclosing block that fails later removes these too


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


class SafeFileSystemStorage(FileSystemStorage):
    """A file appears under its name complete or not at all: it is written under a
    temporary name in the same folder and linked to its name only once written, and the
    temporary file is removed whatever happens. A full disk thus leaves neither an empty
    nor a truncated file behind (Django's own storage writes in place)."""

    def _save(self, name, content):
        part = posixpath.join(posixpath.dirname(name), f".part-{uuid.uuid4().hex}")
        try:
            part = super()._save(part, content)
            while True:
                try:
                    os.link(self.path(part), self.path(name))  # never replaces a file
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
        finally:
            with suppress(FileNotFoundError):
                os.remove(self.path(part))
        if (saved := _saved.get()) is not None:
            saved.append((self, name))
        return name


def files_follow_rows(*models) -> None:
    """When a row of these models is deleted, delete its stored files once the delete
    commits (never on rollback): a deleted article's attachment must not stay public
    under /media/, nor a deleted submission's file on the private disk. Cascades count:
    Django sends a delete signal for every row it removes."""

    def on_delete(sender, instance, using=None, **kwargs):
        stored = [
            (field.storage, name)
            for field in instance._meta.concrete_fields
            if isinstance(field, FileField) and (name := getattr(instance, field.name).name)
        ]
        delete_after_commit(stored, using=using)

    for model in models:
        post_delete.connect(
            on_delete, sender=model, weak=False, dispatch_uid=f"files:{model._meta.label}"
        )


def delete_after_commit(stored: list[tuple[Storage, str]], using=None) -> None:
    """Delete these stored files, and the renditions of the pictures among them, once
    the transaction commits (never on rollback)."""
    if stored:
        transaction.on_commit(lambda: _delete_files(stored), using=using)


def _delete_files(stored: list[tuple[Storage, str]]) -> None:
    for storage, name in stored:
        for each in (name, *rendition_names(name)):
            try:
                storage.delete(each)
            except OSError:
                logger.exception("could not remove %s", each)
