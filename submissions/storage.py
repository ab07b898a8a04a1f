"""Where contributors' attachments live: PRIVATE_MEDIA_ROOT, never a public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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
        raise ValueError("投稿附件没有公开网址，只能由工作人员在后台下载。")


def private_storage() -> PrivateStorage:
    """Callable given to FileField(storage=…) so migrations do not freeze a path."""
    return PrivateStorage()
