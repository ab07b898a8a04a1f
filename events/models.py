"""Events (活动) and their registrations (报名).

Visibility lives in the QuerySet, as for articles: every reader page, the home block,
the sitemap and search start from `Event.objects.published()`, so a future publish time
hides an event until then without any cron job.

Capacity is exact because every write that can change who holds a place (a new
registration, a cancellation, a promotion from the waiting list) locks the event's row
first (`events.services`): the confirmed registrations are counted by PostgreSQL under
that lock, and the partial unique constraints below refuse a second live registration
with the same e-mail or phone whatever the code above them does.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from editorial.fields import CleanedImageField, EmailAddressField, PhoneField, RichTextField
from editorial.models import (
    EditorTrackedModel,
    PublishedQuerySet,
    TimeStampedModel,
    staff_user_field,
)
from editorial.sanitize import clean_html, html_to_text
from publicforms.codes import random_code
from search import Searchable

_PUBLISHED = Q(status="published")

REGISTRATION_CODE = {"prefix": "BM", "groups": 3}


def new_registration_code() -> str:
    """BM + 15 random characters (about 74 bits): BM-XXXXX-XXXXX-XXXXX."""
    return random_code(**REGISTRATION_CODE)


class EventQuerySet(PublishedQuerySet):
    def published(self, now=None):
        """`now` may be the database's clock, ``Now()``: search compiles its SQL once."""
        now = timezone.now() if now is None else now
        return self.filter(status=Event.Status.PUBLISHED, publish_at__lte=now)

    def upcoming(self, now=None):
        """Not over yet, soonest first."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "id")

    def past(self, now=None):
        """Over, most recent first."""
        return self.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-id")

    def with_counts(self):
        """Each event with its confirmed, waiting and checked-in registrations counted."""
        live = Registration.Status
        return self.annotate(
            n_confirmed=models.Count(
                "registrations", filter=Q(registrations__status=live.CONFIRMED)
            ),
            n_waiting=models.Count("registrations", filter=Q(registrations__status=live.WAITING)),
            n_checked_in=models.Count(
                "registrations", filter=Q(registrations__checked_in_at__isnull=False)
            ),
        )


def _cover_path(instance, filename):
    return f"events/{timezone.now():%Y/%m}/{filename}"


class Event(EditorTrackedModel, Searchable):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    class State(models.TextChoices):
        """What a reader can do now (`registration_state`)."""

        NOT_YET = "not_yet", "未开始报名"
        OPEN = "open", "报名中"
        WAITING_LIST = "waiting_list", "名额已满，可报名候补"
        FULL = "full", "名额已满"
        CLOSED = "closed", "报名已截止"
        OVER = "over", "活动已结束"

    title = models.CharField("标题", max_length=200)
    summary = models.CharField(
        "摘要", max_length=300, blank=True, help_text="列表、分享卡片和搜索结果中显示。"
    )
    body = RichTextField("活动介绍", blank=True)
    cover = CleanedImageField(
        "封面图",
        upload_to=_cover_path,
        blank=True,
        max_side=1600,
        help_text="可选：JPG/PNG/WebP，最大 10 MB，活动页顶部显示。",
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    place = models.CharField(
        "地点", max_length=200, help_text="如：北京·国家会议中心 3 层 301 会议室。"
    )
    registration_opens_at = models.DateTimeField(
        "报名开始", default=timezone.now, help_text="到点之前活动页不显示报名表。"
    )
    registration_closes_at = models.DateTimeField(
        "报名截止", help_text="到点后不再接受报名；不能晚于活动结束时间。"
    )
    capacity = models.PositiveIntegerField("名额", help_text="可确认报名的人数。")
    waiting_list = models.BooleanField(
        "开放候补",
        default=True,
        help_text="名额满后继续接受候补报名；有人取消时，候补第一位自动递补并收到邮件。",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        "发布时间", default=timezone.now, help_text="填写将来的时间即为定时发布。"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "活动"
        verbose_name_plural = "活动"
        ordering = ["-starts_at", "-id"]
        permissions = [("publish_event", "可以发布和撤下活动")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=models.F("ends_at")),
                name="event_registration_closes_by_the_end",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_capacity_positive"),
        ]
        indexes = [
            # /events/: upcoming soonest first, past ones newest first; the home block
            models.Index(
                fields=["ends_at", "starts_at", "id"],
                condition=_PUBLISHED,
                name="event_upcoming_idx",
            ),
            models.Index(
                fields=["-starts_at", "-id"], condition=_PUBLISHED, name="event_latest_idx"
            ),
            # the admin changelist
            models.Index(fields=["status", "-starts_at"], name="event_status_idx"),
            *Searchable.Meta.indexes,
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "结束时间必须晚于开始时间。"
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = "报名截止时间必须晚于报名开始时间。"
        elif closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = "报名截止时间不能晚于活动结束时间。"
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.summary and self.body:
            self.summary = html_to_text(clean_html(self.body)).replace("\n", " ")[:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def state_label(self) -> str:
        if self.status != self.Status.PUBLISHED:
            return "草稿"
        return "定时发布" if self.publish_at > timezone.now() else "已发布"

    def registration_state(self, confirmed: int, now=None) -> "Event.State":
        """What a reader can do at `now`, given `confirmed` places taken."""
        now = now or timezone.now()
        if now >= self.ends_at:
            return self.State.OVER
        if now < self.registration_opens_at:
            return self.State.NOT_YET
        if now >= self.registration_closes_at:
            return self.State.CLOSED
        if confirmed >= self.capacity:
            return self.State.WAITING_LIST if self.waiting_list else self.State.FULL
        return self.State.OPEN

    @property
    def is_upcoming(self) -> bool:
        return self.ends_at > timezone.now()

    @property
    def when(self) -> str:
        """2026年12月5日 09:00–17:00, or both dates when it spans several days."""
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)

        def day(moment):
            return f"{moment.year}年{moment.month}月{moment.day}日"

        if start.date() == end.date():
            return f"{day(start)} {start:%H:%M}–{end:%H:%M}"
        return f"{day(start)} {start:%H:%M} 至 {day(end)} {end:%H:%M}"


class Registration(TimeStampedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "已确认"
        WAITING = "waiting", "候补"
        CANCELLED = "cancelled", "已取消"

    event = models.ForeignKey(
        Event, verbose_name="活动", on_delete=models.PROTECT, related_name="registrations"
    )
    code = models.CharField("报名编号", max_length=30, unique=True, editable=False)
    name = models.CharField("姓名", max_length=30)
    unit = models.CharField("单位", max_length=100)
    position = models.CharField("职务", max_length=60, blank=True)
    phone = PhoneField("电话", max_length=30)
    email = EmailAddressField("电子邮箱", max_length=254)
    remarks = models.TextField("备注", max_length=500, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True, editable=False)
    checked_in_by = staff_user_field("签到人员")
    ip_address = models.GenericIPAddressField("IP 地址", null=True, blank=True, editable=False)
    user_agent = models.CharField("浏览器标识", max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["-created_at", "-id"]
        permissions = [("checkin_registration", "可以为报名者签到")]
        constraints = [
            # One live registration per e-mail and per phone and event; a cancelled one
            # does not stop the person from registering again.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="registration_one_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "phone"],
                condition=~Q(status="cancelled"),
                name="registration_one_per_phone",
            ),
            # Only a confirmed registration can have arrived.
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checked_in_is_confirmed",
            ),
        ]
        indexes = [
            # counting places and the waiting list in order, per event
            models.Index(fields=["event", "status", "id"], name="registration_event_status_idx"),
            # the arrivals page
            models.Index(
                fields=["event", "-checked_in_at"],
                condition=Q(checked_in_at__isnull=False),
                name="registration_arrivals_idx",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_checkin_url(self):
        return reverse("events:checkin", args=[self.code])

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None
