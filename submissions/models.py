"""Reader messages (留言) with public replies, and contributors' submissions (投稿).

Both are written by the public, so every row keeps when, from where (IP) and with what
(user agent) it came; nothing personal is ever shown on a public page.
"""

from django.db import models

from editorial.fields import EmailAddressField, PhoneField
from editorial.models import PublishedQuerySet, TimeStampedModel, staff_user_field
from news.caching import section_tree
from publicforms.codes import random_code
from publicforms.models import PrivateAttachment

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
        """The suggestions of the first form, kept to name older rows: the form now offers
        the site's own sections (`section_choices`), stored by their 网址名."""

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
        "建议栏目",
        max_length=60,
        default=Section.OTHER,
        help_text="投稿人建议的栏目：栏目的网址名，或 other（由编辑部安排）。",
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

    @property
    def section_label(self) -> str:
        """The suggested section's name: the site's section with that 网址名, else a
        suggestion of the first form, else the stored value as it is."""
        node = section_tree().get(self.section)
        if node is not None:
            return node.name
        return dict(self.Section.choices).get(self.section, self.section)

    def __str__(self):
        return self.title

    def can_move_to(self, status: str) -> bool:
        return status == self.status or status in self.TRANSITIONS[self.Status(self.status)]


class SubmissionAttachment(PrivateAttachment):
    submission = models.ForeignKey(
        Submission, verbose_name="投稿", on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(PrivateAttachment.Meta):
        verbose_name = "投稿附件"
        verbose_name_plural = "投稿附件"
