"""Sections (栏目), articles with attachments, and issues of the magazine 《中国开发区》.

Visibility lives in the QuerySets: every public page, feed, sitemap and block starts
from `Article.objects.published()` (or `.published()`), so a future publish time hides an
article until then and an end time hides it again, without any cron job.
"""

import os

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import CleanedImageField, RichTextField
from portal.images import make_rendition
from portal.models import EditorTrackedModel, PublishedQuerySet, TimeStampedModel
from portal.sanitize import clean_html, html_to_text
from portal.search import Searchable

NOTICES_SLUG = "notices"
# The top-level section 资讯中心 is shown by the /news/ overview, not as one long list.
NEWS_INDEX_SLUG = "news"
_PUBLISHED = Q(status="published")

# Cover renditions: (field name, size). Lists, cards and the home-page slider.
COVER_RENDITIONS = (
    ("cover_list", (240, 160)),
    ("cover_card", (480, 320)),
    ("cover_slide", (1200, 500)),
)


class Section(EditorTrackedModel, Searchable):
    class Kind(models.TextChoices):
        LIST = "list", _("文章列表")
        PAGE = "page", _("单页")
        LINK = "link", _("外部链接")

    name = models.CharField(_("栏目名称"), max_length=40)
    slug = models.SlugField(
        _("网址名"),
        max_length=60,
        unique=True,
        help_text=_("出现在网址 /news/<网址名>/ 中；通知公告固定为 notices。"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=100, help_text=_("小的在前。"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.LIST)
    external_url = models.CharField(
        _("链接地址"),
        max_length=300,
        blank=True,
        validators=[
            RegexValidator(
                r"^(https?://\S+|/\S*)$",
                _("请填写以 http:// 或 https:// 开头的网址，或以 / 开头的站内地址。"),
            )
        ],
        help_text=_("类型为“外部链接”时必填：站外网址或站内地址（如 /magazine/）。"),
    )
    body = RichTextField(_("单页正文"), blank=True, help_text=_("类型为“单页”时显示。"))
    description = models.CharField(_("栏目说明"), max_length=200, blank=True)
    show_in_nav = models.BooleanField(
        _("显示在主导航"), default=False, help_text=_("只对顶级栏目有效。")
    )
    show_on_home = models.BooleanField(
        _("首页区块"),
        default=True,
        help_text=_("列表栏目在首页显示一个最新文章区块；取消则首页不显示本栏目。"),
    )

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
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
            raise ValidationError({"external_url": _("外部链接类型的栏目必须填写链接地址。")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("上级栏目不能是它自己或它的下级栏目。")})
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


class ArticleQuerySet(PublishedQuerySet):
    def published(self):
        now = timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, publish_at__lte=now).exclude(
            unpublish_at__lte=now
        )

    def in_list_order(self):
        return self.order_by("-is_pinned", "-publish_at", "-id")


def _cover_path(instance, filename):
    return f"covers/{timezone.now():%Y/%m}/{filename}"


class Article(EditorTrackedModel, Searchable):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    title = models.CharField(_("标题"), max_length=200)
    subtitle = models.CharField(_("副标题"), max_length=200, blank=True)
    section = models.ForeignKey(
        Section, verbose_name=_("栏目"), on_delete=models.PROTECT, related_name="articles"
    )
    source = models.CharField(
        _("来源"), max_length=100, blank=True, help_text=_("如：本站、新华社。")
    )
    author = models.CharField(_("作者"), max_length=100, blank=True)
    summary = models.CharField(
        _("摘要"), max_length=300, blank=True, help_text=_("列表、分享卡片和搜索结果中显示。")
    )
    body = RichTextField(_("正文"), blank=True)
    cover = CleanedImageField(
        _("封面图"),
        upload_to=_cover_path,
        blank=True,
        max_side=2400,
        help_text=_("JPG/PNG/WebP，最大 10 MB；幻灯片需要封面，建议横图 2.4:1。"),
    )
    cover_list = models.ImageField(upload_to="covers/r/", blank=True, editable=False)
    cover_card = models.ImageField(upload_to="covers/r/", blank=True, editable=False)
    cover_slide = models.ImageField(upload_to="covers/r/", blank=True, editable=False)
    cover_source = models.CharField(max_length=255, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    publish_at = models.DateTimeField(
        _("发布时间"),
        default=timezone.now,
        help_text=_("填写将来的时间即为定时发布：到点之前读者看不到。"),
    )
    unpublish_at = models.DateTimeField(
        _("下线时间"), null=True, blank=True, help_text=_("可选：到点后自动对读者隐藏。")
    )
    is_pinned = models.BooleanField(_("置顶"), default=False)
    is_headline = models.BooleanField(_("头条"), default=False)
    is_slide = models.BooleanField(_("幻灯片"), default=False, help_text=_("需要封面图。"))
    view_count = models.PositiveIntegerField(_("点击量"), default=0, editable=False)
    zones = models.ManyToManyField(
        "associations.Zone",
        verbose_name=_("相关开发区"),
        blank=True,
        related_name="articles",
        help_text=_("文章发布后显示在这些开发区的名录页“相关资讯”中。"),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-publish_at", "-id"]
        permissions = [("publish_article", _("可以发布和撤下文章"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=models.F("publish_at")),
                name="article_unpublish_after_publish",
            ),
        ]
        indexes = [
            # section lists: pinned first, then newest
            models.Index(
                fields=["section", "-is_pinned", "-publish_at", "-id"],
                condition=_PUBLISHED,
                name="article_section_list_idx",
            ),
            # lists of a section with sub-sections (section_id IN …): same order
            models.Index(
                fields=["-is_pinned", "-publish_at", "-id"],
                condition=_PUBLISHED,
                name="article_pinned_latest_idx",
            ),
            # latest everywhere (home, feeds, sitemap), and the next scheduled change
            models.Index(
                fields=["-publish_at", "-id"], condition=_PUBLISHED, name="article_latest_idx"
            ),
            models.Index(
                fields=["-publish_at"],
                condition=_PUBLISHED & Q(is_slide=True),
                name="article_slide_idx",
            ),
            models.Index(
                fields=["-publish_at"],
                condition=_PUBLISHED & Q(is_headline=True),
                name="article_headline_idx",
            ),
            models.Index(
                fields=["unpublish_at"],
                condition=_PUBLISHED & Q(unpublish_at__isnull=False),
                name="article_unpublish_idx",
            ),
            # the admin changelist
            models.Index(fields=["status", "-publish_at"], name="article_status_idx"),
            # site search ranks the newest matches: article_latest_idx orders them, and
            # this one within a section (a section filter on a rare section, e.g. notices)
            models.Index(
                fields=["section", "-publish_at"],
                condition=_PUBLISHED,
                name="article_section_date_idx",
            ),
            *Searchable.Meta.indexes,
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.unpublish_at and self.publish_at and self.unpublish_at <= self.publish_at:
            raise ValidationError({"unpublish_at": _("下线时间必须晚于发布时间。")})
        if self.is_slide and not self.cover:
            raise ValidationError({"is_slide": _("设为幻灯片的文章需要上传封面图。")})

    def get_absolute_url(self):
        return reverse("news:article", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def state_label(self) -> str:
        if self.status != self.Status.PUBLISHED:
            return "草稿"
        now = timezone.now()
        if self.publish_at > now:
            return "定时发布"
        if self.unpublish_at and self.unpublish_at <= now:
            return "已下线"
        return "已发布"

    def save(self, *args, **kwargs):
        if not self.summary and self.body:
            # Lists, feeds and share cards need a summary; derive one from the body.
            self.summary = html_to_text(clean_html(self.body)).replace("\n", " ")[:120]
        super().save(*args, **kwargs)
        self._refresh_renditions()
        # Contents lines without their own title show (and are searched by) this title.
        for issue in MagazineIssue.objects.filter(
            entries__article=self, entries__title=""
        ).distinct():
            issue.refresh_search_vector()

    def _refresh_renditions(self) -> None:
        """Derive the list, card and slide images whenever the cover changes."""
        source = self.cover.name if self.cover else ""
        if source == self.cover_source:
            return
        values = {"cover_source": source}
        for field, size in COVER_RENDITIONS:
            old = getattr(self, field)
            if old:
                old.delete(save=False)
            if source:
                with self.cover.open("rb") as fh:
                    content = make_rendition(fh, size)
                getattr(self, field).save(content.name, content, save=False)
            values[field] = getattr(self, field).name if source else ""
            setattr(self, field, values[field])
        self.cover_source = source
        Article.objects.filter(pk=self.pk).update(**values)


class ArticleAttachment(TimeStampedModel):
    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("附件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/")
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()

    def save(self, *args, **kwargs):
        if self.file and not self.size:
            self.size = self.file.size
        super().save(*args, **kwargs)


class MagazineIssue(EditorTrackedModel, Searchable):
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveSmallIntegerField(_("期号"), help_text=_("当年第几期。"))
    title = models.CharField(_("本期标题"), max_length=120, blank=True)
    cover = CleanedImageField(_("封面"), upload_to="magazine/", blank=True, max_side=1600)
    pdf = models.FileField(
        _("PDF 全文"), upload_to="magazine/pdf/", blank=True, help_text=_("PDF，最大 50 MB。")
    )
    summary = models.TextField(_("本期导读"), blank=True)
    published_on = models.DateField(_("出版日期"), default=timezone.localdate)
    is_published = models.BooleanField(_("在网站显示"), default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会刊期次")
        verbose_name_plural = _("《中国开发区》会刊")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="magazine_issue_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="magazine_number_positive"),
        ]
        indexes = [
            models.Index(
                fields=["-year", "-number"],
                condition=Q(is_published=True),
                name="magazine_visible_idx",
            ),
            # site search: the newest matching issues first
            models.Index(
                fields=["-published_on"],
                condition=Q(is_published=True),
                name="magazine_published_on_idx",
            ),
            *Searchable.Meta.indexes,
        ]

    def __str__(self):
        return f"《中国开发区》{self.year}年第{self.number}期"

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}期"

    def get_absolute_url(self):
        return reverse("news:magazine_issue", args=[self.pk])


class MagazineEntry(models.Model):
    """One line of an issue's table of contents, optionally linking an article."""

    issue = models.ForeignKey(
        MagazineIssue, verbose_name=_("期次"), on_delete=models.CASCADE, related_name="entries"
    )
    column = models.CharField(_("栏目"), max_length=40, blank=True, help_text=_("如：特别策划。"))
    title = models.CharField(
        _("篇名"), max_length=200, blank=True, help_text=_("留空则用文章标题。")
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("对应文章"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="magazine_entries",
    )
    page = models.PositiveSmallIntegerField(_("页码"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title="") | Q(article__isnull=False), name="magazine_entry_has_title"
            )
        ]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.issue.refresh_search_vector()  # the contents are part of the issue's index

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.issue.refresh_search_vector()
        return result

    @property
    def display_title(self) -> str:
        return self.title or (self.article.title if self.article_id else "")
