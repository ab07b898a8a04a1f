"""The two directories (development zones, associations) and the footer link groups."""

from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from associations.regions import PROVINCE_CHOICES, PROVINCE_CODE, PROVINCE_REGION, Region
from editorial.fields import CleanedImageField, RichTextField
from editorial.models import (
    EditorTrackedModel,
    PublishedQuerySet,
    Reviewable,
    TimeStampedModel,
    history_records,
)
from search import Searchable


class Industry(TimeStampedModel):
    """A leading industry (主导产业) of development zones."""

    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="小的在前。")

    class Meta:
        verbose_name = "主导产业"
        verbose_name_plural = "主导产业"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class DirectoryEntry(EditorTrackedModel, Reviewable, Searchable):
    """What zones and associations share: place, contact, logo, text, visibility."""

    name = models.CharField("名称", max_length=100)
    region = models.CharField(
        "地区", max_length=10, choices=Region.choices, blank=True, editable=False
    )
    province_code = models.CharField("省份代码", max_length=2, blank=True, editable=False)
    address = models.CharField("地址", max_length=200, blank=True)
    website = models.URLField("网站", blank=True, help_text="以 http:// 或 https:// 开头。")
    logo = CleanedImageField("标志", upload_to="directory/", blank=True, max_side=600)
    introduction = RichTextField("简介", blank=True)
    is_published = models.BooleanField(
        "已发布", default=True, help_text="取消勾选后读者看不到这一条。"
    )
    # Set only by an approved membership application (membership.services), never typed:
    # NULL for entries that are not member units, so the unique index ignores them.
    member_number = models.CharField(
        "会员编号",
        max_length=20,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text="批准入会申请时自动编号，如 2026-0007。",
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def derive_fields(self) -> None:
        """Region and sort code follow the province; called on save and before bulk_create."""
        self.region = PROVINCE_REGION.get(self.province, "")
        self.province_code = PROVINCE_CODE.get(self.province, "")

    def save(self, *args, **kwargs):
        self.derive_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "province" in update_fields:
            kwargs["update_fields"] = {*update_fields, "region", "province_code"}
        super().save(*args, **kwargs)


class Zone(DirectoryEntry):
    """A development zone (开发区) in the public directory."""

    class Level(models.TextChoices):
        NATIONAL = "national", "国家级"
        PROVINCIAL = "provincial", "省级"

    class Type(models.TextChoices):
        ECONOMIC = "economic", "经济技术开发区"
        HIGH_TECH = "hightech", "高新技术产业开发区"
        BONDED = "bonded", "海关特殊监管区域"
        BORDER = "border", "边境/跨境经济合作区"
        OTHER = "other", "其他"

    level = models.CharField("级别", max_length=12, choices=Level.choices)
    zone_type = models.CharField("类型", max_length=12, choices=Type.choices)
    province = models.CharField("省份", max_length=10, choices=PROVINCE_CHOICES)
    city = models.CharField("城市", max_length=30, blank=True, help_text="地级市或区县。")
    year_approved = models.PositiveSmallIntegerField(
        "批准年份",
        null=True,
        blank=True,
        validators=[MinValueValidator(1978), MaxValueValidator(2100)],
    )
    planned_area = models.DecimalField(
        "规划面积（平方公里）",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    industries = models.ManyToManyField(
        Industry, verbose_name="主导产业", related_name="zones", blank=True
    )

    # Versions, and a member's change waiting for a publisher (membership.entries).
    history = history_records("region", "province_code", "member_number")
    revision_fields = ("name", "address", "website", "introduction", "logo")
    revision_relations = ("industries",)

    class Meta:
        verbose_name = "开发区"
        verbose_name_plural = "开发区名录"
        permissions = [("publish_zone", "可以发布或撤下开发区")]
        ordering = ["level", "province_code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "province"], name="zone_name_province_uniq"),
            models.CheckConstraint(
                condition=models.Q(year_approved__isnull=True)
                | models.Q(year_approved__gte=1978, year_approved__lte=2100),
                name="zone_year_approved_range",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_area__isnull=True) | models.Q(planned_area__gte=0),
                name="zone_planned_area_not_negative",
            ),
        ]
        indexes = [
            # The list order, and the single-value facets the directory filters on.
            models.Index(
                fields=["is_published", "level", "province_code", "name"], name="zone_list_idx"
            ),
            models.Index(fields=["is_published", "province"], name="zone_province_idx"),
            models.Index(fields=["is_published", "region"], name="zone_region_idx"),
            models.Index(fields=["is_published", "zone_type"], name="zone_type_idx"),
            # site search: the newest matches first
            models.Index(fields=["-updated_at"], name="zone_updated_idx"),
            *Searchable.Meta.indexes,
        ]

    def get_absolute_url(self):
        return reverse("associations:zone_detail", args=[self.pk])


class Association(DirectoryEntry):
    """A provincial association, branch, committee or partner organisation."""

    class Kind(models.TextChoices):
        PROVINCIAL = "provincial", "省级开发区协会"
        BRANCH = "branch", "分会"
        COMMITTEE = "committee", "专业委员会"
        PARTNER = "partner", "合作机构"

    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    province = models.CharField(
        "省份",
        max_length=10,
        choices=PROVINCE_CHOICES,
        blank=True,
        help_text="全国性的分会、专业委员会可不填。",
    )
    contact = models.CharField("联系人", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    is_member = models.BooleanField("会员单位", default=False)
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="小的在前。")

    # Versions, and a member's change waiting for a publisher (membership.entries).
    history = history_records("region", "province_code", "member_number")
    revision_fields = (
        "name",
        "contact",
        "phone",
        "email",
        "address",
        "website",
        "introduction",
        "logo",
    )

    class Meta:
        verbose_name = "协会"
        verbose_name_plural = "协会名录"
        permissions = [("publish_association", "可以发布或撤下协会")]
        ordering = ["order", "province_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "province"], name="association_name_province_uniq"
            ),
        ]
        indexes = [
            models.Index(
                fields=["is_published", "order", "province_code", "name"],
                name="association_list_idx",
            ),
            models.Index(fields=["is_published", "kind"], name="association_kind_idx"),
            models.Index(fields=["is_published", "province"], name="association_province_idx"),
            models.Index(fields=["is_published", "region"], name="association_region_idx"),
            # site search: the newest matches first
            models.Index(fields=["-updated_at"], name="association_updated_idx"),
            # Searchable.Meta's name would exceed Django's 30-character limit.
            GinIndex(fields=["search_vector"], name="association_search_idx"),
        ]

    def get_absolute_url(self):
        return reverse("associations:association_detail", args=[self.pk])


class LinkGroupQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_enabled=True)


class LinkGroup(TimeStampedModel):
    """A group of footer links: 政府部门, 行业协会, 新闻媒体, 友情链接 …"""

    name = models.CharField("名称", max_length=30, unique=True)
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="小的在前。")
    is_enabled = models.BooleanField("启用", default=True)

    objects = LinkGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "链接分组"
        verbose_name_plural = "页脚链接分组"
        ordering = ["order", "id"]

    def __str__(self):
        return self.name


class LinkQuerySet(PublishedQuerySet):
    def published(self):
        return self.filter(is_enabled=True, group__is_enabled=True)


class Link(TimeStampedModel):
    group = models.ForeignKey(
        LinkGroup, verbose_name="分组", on_delete=models.CASCADE, related_name="links"
    )
    name = models.CharField("名称", max_length=60)
    url = models.URLField("网址", help_text="以 http:// 或 https:// 开头。")
    logo = CleanedImageField(
        "标志", upload_to="links/", blank=True, max_side=300, help_text="可选，显示在名称前。"
    )
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="小的在前。")
    is_enabled = models.BooleanField("启用", default=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = "链接"
        verbose_name_plural = "页脚链接"
        ordering = ["group__order", "order", "id"]
        # Covers the link groups too: whoever may switch a link on may switch its group on.
        permissions = [("publish_link", "可以启用或停用页脚链接和链接分组")]
        constraints = [
            models.UniqueConstraint(fields=["group", "name"], name="link_group_name_uniq"),
        ]
        indexes = [models.Index(fields=["group", "is_enabled", "order"], name="link_group_idx")]

    def __str__(self):
        return self.name
