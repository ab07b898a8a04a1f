"""Sections (栏目): the tree of article lists, single pages and links."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from editorial.fields import RichTextField
from editorial.models import EditorTrackedModel, history_records
from search import Searchable

NOTICES_SLUG = "notices"
# The top-level section 资讯中心 is shown by the /news/ overview, not as one long list.
NEWS_INDEX_SLUG = "news"


class Section(EditorTrackedModel, Searchable):
    class Kind(models.TextChoices):
        LIST = "list", "文章列表"
        PAGE = "page", "单页"
        LINK = "link", "外部链接"

    name = models.CharField("栏目名称", max_length=40)
    slug = models.SlugField(
        "网址名",
        max_length=60,
        unique=True,
        help_text="出现在网址 /news/<网址名>/ 中；通知公告固定为 notices。",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级栏目",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField("排序", default=100, help_text="小的在前。")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.LIST)
    external_url = models.CharField(
        "链接地址",
        max_length=300,
        blank=True,
        validators=[
            RegexValidator(
                r"^(https?://\S+|/\S*)$",
                "请填写以 http:// 或 https:// 开头的网址，或以 / 开头的站内地址。",
            )
        ],
        help_text="类型为“外部链接”时必填：站外网址或站内地址（如 /magazine/）。",
    )
    body = RichTextField("单页正文", blank=True, help_text="类型为“单页”时显示。")
    description = models.CharField("栏目说明", max_length=200, blank=True)
    show_in_nav = models.BooleanField("显示在主导航", default=False, help_text="只对顶级栏目有效。")
    show_on_home = models.BooleanField(
        "首页区块",
        default=False,
        help_text="列表栏目在首页显示一个最新文章区块；取消则首页不显示本栏目。",
    )

    history = history_records()
    # what a version shows side by side and what 恢复 brings back
    revision_fields = ("name", "description", "body")

    class Meta:
        verbose_name = "栏目"
        verbose_name_plural = "栏目"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(external_url=""),
                name="section_link_needs_url",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="section_not_own_parent"
            ),
        ]
        indexes = [
            models.Index(fields=["parent", "order"], name="section_parent_order_idx"),
            # Site search ranks single pages newest first among equal matches.
            models.Index(
                fields=["-updated_at"], condition=Q(kind="page"), name="section_page_updated_idx"
            ),
            *Searchable.Meta.indexes,
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind == self.Kind.LINK and not self.external_url:
            raise ValidationError({"external_url": "外部链接类型的栏目必须填写链接地址。"})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级栏目不能是它自己或它的下级栏目。"})
            ancestor = ancestor.parent

    @property
    def is_external(self) -> bool:
        """Links to other sites open in a new tab; site-internal links do not."""
        return self.kind == self.Kind.LINK and self.external_url.startswith("http")

    def get_absolute_url(self):
        if self.kind == self.Kind.LINK:
            return self.external_url
        if self.slug == NEWS_INDEX_SLUG and self.parent_id is None:
            return reverse("news:index")
        return reverse("news:section", args=[self.slug])
