"""Where contributors' attachments live: PRIVATE_MEDIA_ROOT (or the private prefix of the
object storage, settings.STORAGES["private"]), never a public URL."""

import os

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.http import FileResponse, Http404
from storages.backends.s3 import S3Storage

from editorial import files


class PrivateStorage(files.SafeFileSystemStorage):
    """File storage under settings.PRIVATE_MEDIA_ROOT, read at use time.

    The folder is looked up on every access (not fixed at import), so tests and
    deployments can change PRIVATE_MEDIA_ROOT. There is no base URL: files are only
    streamed to staff by the admin download view.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("私有附件没有公开网址，只能由工作人员在后台下载。")


class PrivateObjectStorage(S3Storage):
    """The private bucket/prefix of the object storage (S3_BUCKET set): like
    `PrivateStorage`, no URL at all, not even a signed one; staff get the bytes through
    the admin download view, which checks the permission."""

    def url(self, name, *args, **kwargs):
        raise ValueError("私有附件没有公开网址，只能由工作人员在后台下载。")


def private_storage() -> Storage:
    """The private files' storage: `PrivateStorage`, or the object storage's private
    bucket when S3_BUCKET is set. Also the callable given to FileField(storage=…), so
    migrations do not freeze a path."""
    return storages["private"]


def download_response(attachment) -> FileResponse:
    """A private attachment (`file`, `original_name`) streamed to staff under the
    contributor's name with the extension of what the bytes are
    (`editorial.files.download_response`); the admin views that call this check the
    permission."""
    try:
        handle = private_storage().open(attachment.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件不存在。") from exc
    return files.download_response(handle, name=attachment.original_name)
