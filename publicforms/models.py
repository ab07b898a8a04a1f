"""Model parts of the public-form kit: files the public sent, kept private."""

from django.db import models
from django.utils import timezone

from editorial.files import CheckedFile
from publicforms.storage import private_storage


def attachment_path(instance, filename):
    # Only used if a file is ever assigned directly; services store generated names.
    return f"{instance._meta.app_label}/{timezone.now():%Y/%m}/{filename}"


class PrivateAttachment(models.Model):
    """A file the public sent, kept in PRIVATE_MEDIA_ROOT under a generated name; only
    staff download it (under `original_name`). Contributions' and membership
    applications' attachments add the row they belong to."""

    file = models.FileField(
        "文件", upload_to=attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField("原文件名", max_length=255)
    kind = models.CharField("类型", max_length=10)
    content_type = models.CharField("MIME 类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self):
        return self.original_name

    @classmethod
    def rows(cls, stored: list[tuple[str, CheckedFile]], **owner) -> list["PrivateAttachment"]:
        """Unsaved rows for files `store_private_files` wrote, each with `owner` set."""
        return [
            cls(
                file=name,
                original_name=checked.original_name,
                kind=checked.kind,
                content_type=checked.content_type,
                size=checked.size,
                **owner,
            )
            for name, checked in stored
        ]
