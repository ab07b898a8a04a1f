"""Reader messages (留言) with public replies, and contributors' submissions (投稿).

Both are written by the public, so every row keeps when, from where (IP) and with what
(user agent) it came; nothing personal is ever shown on a public page.
"""

import secrets

from django.db import models
from django.utils import timezone

from portal.fields import EmailAddressField, PhoneField
from portal.files import CheckedFile
from portal.models import PublishedQuerySet, TimeStampedModel, staff_user_field
from submissions.storage import private_storage

# No 0/O, 1/I/L: codes are read aloud on the phone and typed by older readers.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_code(prefix: str, groups: int) -> str:
    """PREFIX-XXXXX-XXXXX-…: `groups` groups of 5 characters drawn with `secrets`
    (also the codes of membership applications and event registrations)."""
    parts = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(5)) for _ in range(groups)]
    return "-".join([prefix, *parts])


MESSAGE_CODE = {"prefix": "LY", "groups": 3}
TRACKING_CODE = {"prefix": "TG", "groups": 4}


def new_reference_code() -> str:
    """A message code: LY + 15 random characters (about 74 bits), LY-XXXXX-XXXXX-XXXXX.

    Older codes were LY + date + 5 random characters (LY20250101K7Q3X): they are still
    found, and the look-up shows no more than the status of a message that is not public.
    """
    return random_code(**MESSAGE_CODE)


def new_tracking_code() -> str:
    """An unguessable submission code: TG + 20 random characters (about 99 bits)."""
    return random_code(**TRACKING_CODE)


def normalize_code(raw: str) -> str:
    """What a person typed, in the stored form: upper case, spaces removed."""
    return "".join((raw or "").split()).upper()


def canonical_code(raw: str, *, prefix: str, groups: int) -> str:
    """A PREFIX-XXXXX-… code as stored, however it was typed: any case, with or without
    dashes and spaces. Anything else comes back only normalized."""
    compact = normalize_code(raw).replace("-", "")
    if not compact.startswith(prefix) or len(compact) != len(prefix) + 5 * groups:
        return normalize_code(raw)
    body = compact[len(prefix) :]
    return "-".join([prefix] + [body[i : i + 5] for i in range(0, 5 * groups, 5)])


def mask_name(name: str) -> str:
    """The name's first character followed by ** (张三 -> 张**)."""
    name = (name or "").strip()
    return f"{name[0]}**" if name else "网友"


class MessageQuerySet(PublishedQuerySet):
    def published(self):
        """Messages an editor answered and published: the only ones the board shows."""
        return self.filter(status=Message.Status.PUBLISHED, replied_at__isnull=False)

    def pending(self):
        return self.filter(status=Message.Status.PENDING)


class Message(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "待处理"
        PUBLISHED = "published", "已回复并公开"
        HIDDEN = "hidden", "不公开"
        SPAM = "spam", "垃圾留言"

    code = models.CharField("留言编号", max_length=20, unique=True, editable=False)
    name = models.CharField("姓名", max_length=30)
    phone = PhoneField("电话", max_length=30, blank=True)
    email = EmailAddressField("电子邮箱", max_length=254, blank=True)
    subject = models.CharField("主题", max_length=80)
    content = models.TextField("留言内容", max_length=2000)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    reply = models.TextField(
        "官方回复",
        max_length=5000,
        blank=True,
        help_text="填写后保存即公开本条留言及回复；纯文本，空行分段。",
    )
    replied_at = models.DateTimeField("回复时间", null=True, blank=True, editable=False)
    replied_by = staff_user_field("回复人")
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True, editable=False)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = "留言"
        verbose_name_plural = "留言"
        ordering = ["-created_at"]
        indexes = [
            # the public board: published, newest reply first
            models.Index(
                fields=["-replied_at", "-id"],
                name="message_board_idx",
                condition=models.Q(status="published"),
            ),
            # the admin queue and its count on the admin index
            models.Index(fields=["status", "-created_at"], name="message_status_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="", email=""), name="message_has_contact"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(replied_at__isnull=False),
                name="message_published_has_reply",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.subject}"

    @property
    def public_name(self) -> str:
        return mask_name(self.name)

    @property
    def is_public(self) -> bool:
        """On the board (as `MessageQuerySet.published`): only then may its text be shown."""
        return self.status == self.Status.PUBLISHED and self.replied_at is not None


class Submission(TimeStampedModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "已收到"
        REVIEWING = "reviewing", "审阅中"
        ACCEPTED = "accepted", "已采用"
        REJECTED = "rejected", "未采用"

    class Section(models.TextChoices):
        ZONE_NEWS = "zone-news", "开发区动态"
        POLICY = "policy", "政策解读"
        RESEARCH = "research", "研究探索"
        EXPERIENCE = "experience", "经验交流"
        INVESTMENT = "investment", "招商引资"
        MAGAZINE = "magazine", "《中国开发区》杂志"
        OTHER = "other", "其他"

    # Which status may follow which; the admin form and the services enforce it.
    TRANSITIONS = {
        Status.RECEIVED: {Status.REVIEWING, Status.ACCEPTED, Status.REJECTED},
        Status.REVIEWING: {Status.RECEIVED, Status.ACCEPTED, Status.REJECTED},
        Status.ACCEPTED: set(),
        Status.REJECTED: {Status.REVIEWING},
    }

    tracking_code = models.CharField("查询码", max_length=30, unique=True, editable=False)
    title = models.CharField("标题", max_length=120)
    author = models.CharField("作者", max_length=60)
    organization = models.CharField("单位", max_length=100)
    phone = PhoneField("电话", max_length=30, blank=True)
    email = EmailAddressField("电子邮箱", max_length=254)
    section = models.CharField(
        "建议栏目", max_length=20, choices=Section.choices, default=Section.ZONE_NEWS
    )
    body = models.TextField("正文", max_length=30000, blank=True)
    consent_at = models.DateTimeField("同意投稿须知时间", editable=False)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    editor_note = models.TextField(
        "给投稿人的说明",
        max_length=2000,
        blank=True,
        help_text="投稿人在“投稿查询”页和通知邮件中看到这段话。",
    )
    reviewed_at = models.DateTimeField("处理时间", null=True, blank=True, editable=False)
    reviewed_by = staff_user_field("处理人")
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True, editable=False)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True, editable=False)
    article = models.OneToOneField(
        "news.Article",
        verbose_name="采用后的文章",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="submission",
        help_text="“采用为草稿文章”生成的资讯文章。",
    )

    class Meta:
        verbose_name = "投稿"
        verbose_name_plural = "投稿"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="submission_status_created_idx"),
        ]

    def __str__(self):
        return self.title

    def can_move_to(self, status: str) -> bool:
        return status == self.status or status in self.TRANSITIONS[self.Status(self.status)]


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


class SubmissionAttachment(PrivateAttachment):
    submission = models.ForeignKey(
        Submission, verbose_name="投稿", on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(PrivateAttachment.Meta):
        verbose_name = "投稿附件"
        verbose_name_plural = "投稿附件"
