from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from editorial.fields import CleanedImageField, RichTextField
from editorial.models import (
    Binnable,
    EditorTrackedModel,
    PublishedQuerySet,
    Reviewable,
    TimeStampedModel,
    history_records,
)
from portal import freshness
from search import Searchable


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
    notify_review = models.BooleanField(
        "提交审核时邮件通知",
        default=True,
        help_text="编辑提交文章审核时，给有发布权限并填写了邮箱的人员发邮件。",
    )
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

    def clean(self):
        super().clean()
        start, end = self.grayscale_start, self.grayscale_end
        if start and end and end <= start:
            raise ValidationError({"grayscale_end": "灰色结束时间须晚于开始时间。"})

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row, from cache. A read never writes (a reader's GET must not):
        the row comes with migration 0008; if it is missing, the defaults, unsaved,
        until an editor saves them in 站点设置."""

        def build():
            return cls.objects.filter(pk=1).first() or cls(pk=1)

        return freshness.cached("portal:site-settings", build, 3600)

    def grayscale_active(self, now=None) -> bool:
        if not self.grayscale:
            return False
        now = now or timezone.now()
        if self.grayscale_start and now < self.grayscale_start:
            return False
        return not (self.grayscale_end and now >= self.grayscale_end)


class Page(EditorTrackedModel, Binnable, Reviewable, Searchable):
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
    members_only = models.BooleanField(
        "会员可见",
        default=False,
        help_text="勾选后只有会员单位登录后（以及工作人员）能看正文；其他读者只看到标题、摘要和"
        "登录提示，站内搜索也只收标题和摘要。",
    )

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
