"""Membership applications (入会申请): a unit applies through the public form, the
office reviews it, and approval makes the unit a member of the association with a
member number (会员编号) and an (unpublished) entry in one of the two directories.

The public writes these rows, so each keeps when, from where (IP) and with what (user
agent) it came; nothing in them is ever shown on a reader page.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models

from associations.regions import PROVINCE_CHOICES
from editorial.fields import EmailAddressField, PhoneField
from editorial.models import TimeStampedModel, staff_user_field
from publicforms.codes import random_code
from publicforms.models import PrivateAttachment

APPLICATION_CODE = {"prefix": "RH", "groups": 4}


def new_application_code() -> str:
    """An unguessable application code: RH + 20 random characters (about 99 bits)."""
    return random_code(**APPLICATION_CODE)


class Application(TimeStampedModel):
    class Kind(models.TextChoices):
        ZONE = "zone", "开发区管委会"
        ENTERPRISE = "enterprise", "企业"
        RESEARCH = "research", "科研机构"
        OTHER = "other", "其他"

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        NEEDS_MORE = "needs_more", "需补充材料"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未通过"

    # Which status may follow which through the review form. 已批准 is reached only
    # through `membership.services.approve_application`, and nothing follows it.
    TRANSITIONS = {
        Status.PENDING: {Status.NEEDS_MORE, Status.REJECTED},
        Status.NEEDS_MORE: {Status.PENDING, Status.REJECTED},
        Status.APPROVED: set(),
        Status.REJECTED: {Status.PENDING},
    }
    APPROVABLE = {Status.PENDING, Status.NEEDS_MORE}

    code = models.CharField("申请编号", max_length=30, unique=True, editable=False)
    unit_name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("单位类型", max_length=12, choices=Kind.choices)
    province = models.CharField("省份", max_length=10, choices=PROVINCE_CHOICES)
    city = models.CharField("城市", max_length=30)
    address = models.CharField("地址", max_length=200)
    contact_name = models.CharField("联系人", max_length=30)
    position = models.CharField("职务", max_length=30)
    phone = PhoneField("电话", max_length=30)
    email = EmailAddressField("电子邮箱", max_length=254)
    introduction = models.TextField("单位简介", max_length=3000)
    consent_at = models.DateTimeField("同意会员管理办法时间", editable=False)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PENDING)
    reviewer_note = models.TextField(
        "给申请单位的说明",
        max_length=2000,
        blank=True,
        help_text="申请单位在“申请查询”页和通知邮件中看到这段话；要求补充材料时请写明需要什么。",
    )
    reviewed_at = models.DateTimeField("处理时间", null=True, blank=True, editable=False)
    reviewed_by = staff_user_field("处理人")
    member_number = models.CharField(
        "会员编号", max_length=20, null=True, blank=True, unique=True, editable=False
    )
    zone = models.ForeignKey(
        "associations.Zone",
        verbose_name="开发区名录条目",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    association = models.ForeignKey(
        "associations.Association",
        verbose_name="协会名录条目",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True, editable=False)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "入会申请"
        verbose_name_plural = "入会申请"
        ordering = ["-created_at"]
        permissions = [("approve_application", "可以批准入会申请")]
        indexes = [
            # the admin queue and its count on the admin index
            models.Index(fields=["status", "-created_at"], name="application_status_idx"),
        ]
        constraints = [
            # an approved application has its number and exactly one directory entry
            # (the entry may be deleted later, which empties the link but not the number)
            models.CheckConstraint(
                condition=~models.Q(status="approved") | models.Q(member_number__isnull=False),
                name="application_approved_has_number",
            ),
            models.CheckConstraint(
                condition=models.Q(zone__isnull=True) | models.Q(association__isnull=True),
                name="application_one_directory_entry",
            ),
        ]

    def __str__(self):
        return self.unit_name

    def can_move_to(self, status: str) -> bool:
        return status == self.status or status in self.TRANSITIONS[self.Status(self.status)]

    @property
    def directory_entry(self):
        return self.zone or self.association


class MemberNumberCounter(models.Model):
    """The last member number given in a year. The approval locks its year's row, so
    numbers follow each other without gaps and a rolled-back approval gives its number
    back."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    last = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = "会员编号计数"
        verbose_name_plural = "会员编号计数"

    def __str__(self):
        return f"{self.year}: {self.last}"


class ApplicationAttachment(PrivateAttachment):
    application = models.ForeignKey(
        Application, verbose_name="入会申请", on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(PrivateAttachment.Meta):
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"


def new_verify_token() -> str:
    """The certificate's public check link: unguessable, so the list of members cannot be
    walked through it."""
    return secrets.token_urlsafe(24)


class MemberQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(status=Member.Status.ACTIVE, since__lte=day, valid_until__gte=day)

    def expiring(self, day, days: int = 30):
        """Active members whose membership ends within `days` days of `day`."""
        return self.filter(
            status=Member.Status.ACTIVE,
            valid_until__gte=day,
            valid_until__lte=day + datetime.timedelta(days=days),
        )


class Member(TimeStampedModel):
    """A member organisation (会员单位): made by approving an application, or by the
    office for a member that joined before the site. Its people sign in as `Contact`s."""

    class Status(models.TextChoices):
        ACTIVE = "active", "有效"
        SUSPENDED = "suspended", "暂停"
        ENDED = "ended", "已退会"

    number = models.CharField("会员编号", max_length=20, unique=True)
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("单位类型", max_length=12, choices=Application.Kind.choices)
    status = models.CharField("会籍状态", max_length=10, choices=Status.choices, default="active")
    since = models.DateField("入会日期")
    valid_until = models.DateField(
        "会籍有效期至", help_text="续费后延长到新的截止日期；到期前 30 天系统邮件提醒主联系人。"
    )
    application = models.OneToOneField(
        Application,
        verbose_name="入会申请",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    zone = models.ForeignKey(
        "associations.Zone",
        verbose_name="开发区名录条目",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    association = models.ForeignKey(
        "associations.Association",
        verbose_name="协会名录条目",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verify_token = models.CharField(
        "证书核验码", max_length=40, unique=True, default=new_verify_token, editable=False
    )
    reminded_until = models.DateField(
        "已提醒的到期日",
        null=True,
        blank=True,
        editable=False,
        help_text="到期提醒已为这个截止日期发过，续费改日期后会再提醒。",
    )

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = "会员单位"
        verbose_name_plural = "会员单位"
        ordering = ["number"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="member_status_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("since")),
                name="member_valid_after_since",
            ),
            models.CheckConstraint(
                condition=models.Q(zone__isnull=True) | models.Q(association__isnull=True),
                name="member_one_directory_entry",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.number}）"

    def is_valid_on(self, day) -> bool:
        return self.status == self.Status.ACTIVE and self.since <= day <= self.valid_until

    @property
    def directory_entry(self):
        return self.zone or self.association


class Contact(TimeStampedModel):
    """A person of a member organisation with a sign-in to the member area: a Django
    user that is never staff. The main contact (主联系人) may invite and remove others."""

    member = models.ForeignKey(
        Member, verbose_name="会员单位", on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="登录账户",
        on_delete=models.CASCADE,
        related_name="member_contact",
    )
    name = models.CharField("姓名", max_length=30)
    position = models.CharField("职务", max_length=30, blank=True)
    phone = PhoneField("电话", max_length=30, blank=True)
    is_main = models.BooleanField("主联系人", default=False)
    invited_at = models.DateTimeField("邀请邮件发送时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "会员联系人"
        verbose_name_plural = "会员联系人"
        ordering = ["member", "-is_main", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=models.Q(is_main=True), name="contact_one_main"
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.member.name}）"

    @property
    def email(self) -> str:
        return self.user.email
