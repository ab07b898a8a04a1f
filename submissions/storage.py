"""Where contributors' attachments live: PRIVATE_MEDIA_ROOT, never a public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404

from portal import files


class PrivateStorage(FileSystemStorage):
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


def private_storage() -> PrivateStorage:
    """Callable given to FileField(storage=…) so migrations do not freeze a path."""
    return PrivateStorage()


def download_response(attachment) -> FileResponse:
    """A private attachment (`file`, `original_name`) streamed to staff under the
    contributor's name with the extension of what the bytes are
    (`portal.files.download_response`); the admin views that call this check the
    permission."""
    try:
        handle = PrivateStorage().open(attachment.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件不存在。") from exc
    return files.download_response(handle, name=attachment.original_name)
