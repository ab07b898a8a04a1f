from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from portal import freshness
from portal.fields import CleanedImageField, RichTextField
from portal.search import Searchable


def staff_user_field(verbose_name) -> models.ForeignKey:
    """The staff member who did something to a row (wrote, replied, reviewed); kept
    as history, so deleting the account leaves the row and empties the field."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class EditorTrackedModel(TimeStampedModel):
    """Content that editors write; `AuditedAdmin.save_model` fills the two users."""

    created_by = staff_user_field("创建人")
    updated_by = staff_user_field("最后修改人")

    class Meta:
        abstract = True


def _history_user(instance, request=None, **kwargs):
    """Who made a version: the row's 最后修改人, which `AuditedAdmin` and the services
    set on every save (no middleware on reader requests, no query for the user)."""
    user_id = getattr(instance, "updated_by_id", None)
    if user_id is None:
        return None
    cached = instance._state.fields_cache.get("updated_by")
    return cached if cached is not None else get_user_model()(pk=user_id)


def history_records(*excluded: str) -> HistoricalRecords:
    """The versions of a model editors write (`portal.revisions`): a row per save, with
    who and when; `excluded` fields (derived or counted) are not kept."""
    return HistoricalRecords(
        excluded_fields=["search_vector", "deleted_at", "deleted_by", *excluded],
        get_user=_history_user,
    )


class Binnable(models.Model):
    """A row that deleting moves to the recycle bin (回收站, `portal.recyclebin`): it
    leaves every reader page at once (`PublishedQuerySet.present()`), keeps its files,
    attachments, zones and versions, and is really deleted only by `purge_recycle_bin`."""

    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, editable=False)
    deleted_by = staff_user_field("删除人")

    class Meta:
        abstract = True


class SiteSettings(TimeStampedModel):
    """The one row of site-wide settings (pk=1), cached and edited in the admin."""

    site_name = models.CharField("网站名称", max_length=60, default="中国开发区协会")
    site_subtitle = models.CharField(
        "副标题", max_length=80, blank=True, default="China Association of Development Zones"
    )
    description = models.CharField(
        "网站简介",
        max_length=200,
        blank=True,
        help_text="用于搜索引擎和分享卡片的一句话介绍。",
    )
    logo = CleanedImageField("标志", upload_to="site/", blank=True, max_side=400)
    brand_color = models.CharField(
        "主色",
        max_length=7,
        default="#0b3d91",
        validators=[
            RegexValidator(r"^#[0-9a-fA-F]{6}$", "请填写 # 加 6 位十六进制颜色，如 #0b3d91。")
        ],
        help_text="页眉和按钮的颜色，如深蓝 #0b3d91 或中国红 #b71c1c。",
    )
    contact_address = models.CharField("地址", max_length=200, blank=True)
    contact_phone = models.CharField("电话", max_length=60, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    postcode = models.CharField("邮编", max_length=10, blank=True)
    icp_number = models.CharField("ICP 备案号", max_length=60, blank=True)
    icp_link = models.URLField("ICP 备案链接", blank=True, default="https://beian.miit.gov.cn/")
    police_number = models.CharField("公安备案号", max_length=60, blank=True)
    police_link = models.URLField("公安备案链接", blank=True, default="https://beian.mps.gov.cn/")
    wechat_name = models.CharField("微信公众号名称", max_length=60, blank=True)
    wechat_qr = CleanedImageField("微信公众号二维码", upload_to="site/", blank=True, max_side=600)
    qq_group = models.CharField("QQ 交流群号", max_length=20, blank=True)
    qq_group_link = models.URLField(
        "QQ 群加入链接", blank=True, help_text="可选：QQ 提供的一键加群链接。"
    )
    copyright = models.CharField(
        "版权声明", max_length=200, blank=True, default="版权所有 © 中国开发区协会"
    )
    grayscale = models.BooleanField(
        "全站灰色",
        default=False,
        help_text="国家公祭日等哀悼日启用；可选填起止时间，到期自动恢复。",
    )
    grayscale_start = models.DateTimeField("灰色开始时间", null=True, blank=True)
    grayscale_end = models.DateTimeField("灰色结束时间", null=True, blank=True)
    home_show_headline = models.BooleanField("首页显示头条", default=True)
    home_show_slider = models.BooleanField("首页显示焦点图", default=True)
    home_show_magazine = models.BooleanField("首页显示会刊", default=True)
    home_show_quick_links = models.BooleanField("首页显示服务入口", default=True)
    home_show_events = models.BooleanField(
        "首页显示近期活动", default=True, help_text="首页列出即将举办的活动及报名状态。"
    )
    home_block_size = models.PositiveSmallIntegerField(
        "首页栏目区块条数",
        default=8,
        validators=[MinValueValidator(3), MaxValueValidator(15)],
        help_text="每个栏目区块显示的最新文章条数（3–15）。哪些栏目有区块，在栏目中设置。",
    )

    class Meta:
        verbose_name = "站点设置"
        verbose_name_plural = "站点设置"
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="sitesettings_singleton"),
            models.CheckConstraint(
                condition=models.Q(home_block_size__gte=3, home_block_size__lte=15),
                name="sitesettings_home_block_size_range",
            ),
        ]

    def __str__(self):
        return str(self.site_name)

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row, from cache; created with defaults on first use."""

        def build():
            # bulk_create skips save(): creating the defaults changes nothing readers see
            cls.objects.bulk_create([cls(pk=1)], ignore_conflicts=True)
            return cls.objects.get(pk=1)

        return freshness.cached("portal:site-settings", build, 3600)

    def grayscale_active(self, now=None) -> bool:
        if not self.grayscale:
            return False
        now = now or timezone.now()
        if self.grayscale_start and now < self.grayscale_start:
            return False
        return not (self.grayscale_end and now >= self.grayscale_end)


def can_preview(user, model: type[models.Model]) -> bool:
    """Staff who may view `model` in the admin also see its unpublished rows on reader
    pages (never cached); everyone else sees what is published."""
    opts = model._meta
    return user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


class PublishedQuerySet(models.QuerySet):
    """`published()` is the one word for what readers may see, on every model; reader
    views start from `for_user(request.user)` so staff preview lives in one place."""

    def present(self):
        """Rows not in the recycle bin (every row of a model without one)."""
        if issubclass(self.model, Binnable):
            return self.filter(deleted_at__isnull=True)
        return self.all()

    def binned(self):
        return self.filter(deleted_at__isnull=False)

    def published(self):
        return self.present().filter(is_published=True)

    def for_user(self, user):
        return self.present() if can_preview(user, self.model) else self.published()


class Page(EditorTrackedModel, Binnable, Searchable):
    """A simple association page: 协会简介, 章程, 组织机构, 联系我们, 协会服务 …"""

    title = models.CharField("标题", max_length=100)
    slug = models.SlugField(
        "网址名",
        max_length=60,
        unique=True,
        help_text="出现在网址 /pages/<网址名>/ 中，只用小写字母、数字和连字符。",
    )
    summary = models.CharField("摘要", max_length=300, blank=True)
    body = RichTextField("正文", blank=True)
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="小的在前。")
    show_in_nav = models.BooleanField("显示在导航", default=False)
    is_published = models.BooleanField("已发布", default=True)

    objects = PublishedQuerySet.as_manager()
    history = history_records()
    # what a version shows side by side and what 恢复为草稿 brings back
    revision_fields = ("title", "summary", "body")

    class Meta:
        verbose_name = "单页"
        verbose_name_plural = "单页（协会简介、章程等）"
        ordering = ["order", "id"]
        permissions = [("publish_page", "可以发布或撤下单页")]
        indexes = [
            models.Index(fields=["is_published", "order"], name="page_pub_order_idx"),
            # Search ranks the newest matches first: updated_at is its date.
            models.Index(fields=["-updated_at"], name="page_updated_idx"),
            *Searchable.Meta.indexes,
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:page", args=[self.slug])


class PendingRevision(models.Model):
    """An old version restored over a live row (恢复为草稿): readers keep the live text
    until a publisher publishes this (`portal.revisions.publish_pending`). One per row;
    a newer restore replaces it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    values = models.JSONField("恢复的内容")
    source_date = models.DateTimeField("来自版本的时间")
    requested_by = staff_user_field("恢复人")
    requested_at = models.DateTimeField("恢复时间", default=timezone.now)

    class Meta:
        verbose_name = "待发布的恢复版本"
        verbose_name_plural = "待发布的恢复版本"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="pendingrevision_one_per_row"
            )
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}"
