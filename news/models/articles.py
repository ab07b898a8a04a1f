"""Articles with their attachments.

Visibility lives in the QuerySet: every public page, feed, sitemap and block starts
from `Article.objects.published()`, so a future publish time hides an article until
then and an end time hides it again, without any cron job.
"""

import os

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from editorial.fields import CleanedImageField, RichTextField
from editorial.images import make_rendition
from editorial.models import (
    Binnable,
    EditorTrackedModel,
    PublishedQuerySet,
    TimeStampedModel,
    history_records,
)
from editorial.sanitize import clean_html, html_to_text
from news.models.magazine import MagazineIssue
from news.models.sections import Section
from publicforms.storage import PrivateStorage
from search import Searchable

_PUBLISHED = Q(status="published")

# Cover renditions: (field name, size). Lists, cards and the home-page slider.
COVER_RENDITIONS = (
    ("cover_list", (240, 160)),
    ("cover_card", (480, 320)),
    ("cover_slide", (1200, 500)),
)


class ArticleQuerySet(PublishedQuerySet):
    def published(self, now=None):
        """`now` may be the database's clock, ``Now()``: search compiles its SQL once."""
        now = timezone.now() if now is None else now
        return (
            self.present()
            .filter(status=Article.Status.PUBLISHED, publish_at__lte=now)
            .exclude(unpublish_at__lte=now)
        )

    def in_list_order(self):
        return self.order_by("-is_pinned", "-publish_at", "-id")


def _cover_path(instance, filename):
    return f"covers/{timezone.now():%Y/%m}/{filename}"


class Article(EditorTrackedModel, Binnable, Searchable):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        PUBLISHED = "published", "已发布"

    title = models.CharField("标题", max_length=200)
    subtitle = models.CharField("副标题", max_length=200, blank=True)
    section = models.ForeignKey(
        Section,
        verbose_name="栏目",
        on_delete=models.PROTECT,
        related_name="articles",
        # Only 文章列表 sections list articles (news.services.section_refusal).
        limit_choices_to={"kind": Section.Kind.LIST},
        help_text="只能选择类型为“文章列表”的栏目。",
    )
    source = models.CharField("来源", max_length=100, blank=True, help_text="如：本站、新华社。")
    author = models.CharField("作者", max_length=100, blank=True)
    summary = models.CharField(
        "摘要", max_length=300, blank=True, help_text="列表、分享卡片和搜索结果中显示。"
    )
    body = RichTextField("正文", blank=True)
    cover = CleanedImageField(
        "封面图",
        upload_to=_cover_path,
        blank=True,
        max_side=2400,
        help_text="JPG/PNG/WebP，最大 10 MB；幻灯片需要封面，建议横图 2.4:1。",
    )
    cover_list = models.ImageField(upload_to="covers/r/", blank=True, editable=False)
    cover_card = models.ImageField(upload_to="covers/r/", blank=True, editable=False)
    cover_slide = models.ImageField(upload_to="covers/r/", blank=True, editable=False)
    cover_source = models.CharField(max_length=255, blank=True, editable=False)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    publish_at = models.DateTimeField(
        "发布时间",
        default=timezone.now,
        help_text="填写将来的时间即为定时发布：到点之前读者看不到。",
    )
    unpublish_at = models.DateTimeField(
        "下线时间", null=True, blank=True, help_text="可选：到点后自动对读者隐藏。"
    )
    review_note = models.TextField(
        "退回意见",
        blank=True,
        help_text="审核发布人员退回修改时填写；作者在文章页和“我的稿件 › 我被退回的”中看到，通过发布后清空。",
    )
    members_only = models.BooleanField(
        "会员可见",
        default=False,
        help_text="勾选后只有会员单位登录后（以及工作人员）能看正文和下载附件；其他读者只看到"
        "标题、摘要和登录提示，搜索和订阅也只收标题和摘要。摘要请单独填写，不会从正文截取。",
    )
    is_pinned = models.BooleanField("置顶", default=False)
    is_headline = models.BooleanField("头条", default=False)
    is_slide = models.BooleanField("幻灯片", default=False, help_text="需要封面图。")
    view_count = models.PositiveIntegerField("点击量", default=0, editable=False)
    zones = models.ManyToManyField(
        "associations.Zone",
        verbose_name="相关开发区",
        blank=True,
        related_name="articles",
        help_text="文章发布后显示在这些开发区的名录页“相关资讯”中。",
    )

    objects = ArticleQuerySet.as_manager()
    history = history_records(
        "view_count", "cover_list", "cover_card", "cover_slide", "cover_source"
    )
    # what a version shows side by side and what 恢复为草稿 brings back
    revision_fields = ("title", "subtitle", "source", "author", "summary", "body")

    class Meta:
        verbose_name = "文章"
        verbose_name_plural = "文章"
        ordering = ["-publish_at", "-id"]
        permissions = [("publish_article", "可以发布和撤下文章")]
        constraints = [
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=models.F("publish_at")),
                name="article_unpublish_after_publish",
            ),
        ]
        indexes = [
            # section lists: pinned first, then newest. With unpublish_at, deleted_at (and section for
            # the next one) in the index, a page's ids and the section's count come from
            # the index alone: page 500 skips 10,000 index entries, not 10,000 rows
            # (news.views.IdsFirst; tests/news/test_plans.py).
            models.Index(
                fields=["section", "-is_pinned", "-publish_at", "-id"],
                condition=_PUBLISHED,
                include=["unpublish_at", "deleted_at"],
                name="article_section_list_idx",
            ),
            # lists of a section with sub-sections (section_id IN …): same order
            models.Index(
                fields=["-is_pinned", "-publish_at", "-id"],
                condition=_PUBLISHED,
                include=["section", "unpublish_at", "deleted_at"],
                name="article_pinned_latest_idx",
            ),
            # the recycle bin (its list, and its count on the dashboard): a few rows,
            # found without reading the table (a scan took 85 ms at 100,000 articles)
            models.Index(
                fields=["-deleted_at"],
                condition=Q(deleted_at__isnull=False),
                name="article_binned_idx",
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
            # 资讯中心's pictures: the newest with a card image (few have one)
            models.Index(
                fields=["-publish_at", "-id"],
                condition=_PUBLISHED & ~Q(cover_card=""),
                name="article_card_idx",
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
            raise ValidationError({"unpublish_at": "下线时间必须晚于发布时间。"})
        if self.is_slide and not self.cover:
            raise ValidationError({"is_slide": "设为幻灯片的文章需要上传封面图。"})

    def get_absolute_url(self):
        return reverse("news:article", args=[self.pk])

    @property
    def is_visible(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.deleted_at is None
            and self.publish_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def state_label(self) -> str:
        if self.status == self.Status.REVIEW:
            return "待审核"
        if self.status != self.Status.PUBLISHED:
            return "已退回" if self.review_note else "草稿"
        now = timezone.now()
        if self.publish_at > now:
            return "定时发布"
        if self.unpublish_at and self.unpublish_at <= now:
            return "已下线"
        return "已发布"

    def save(self, *args, **kwargs):
        if not self.summary and self.body and not self.members_only:
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
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField("附件名称", max_length=200)
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    # A members-only article's files live in the private storage (no public URL) and are
    # served by `news.views.attachment_download` after a permission check.
    private_file = models.FileField(
        upload_to="member-attachments/%Y/%m/", storage=PrivateStorage, blank=True, editable=False
    )
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["order", "id"]

    def __str__(self):
        return self.title

    @property
    def extension(self) -> str:
        return os.path.splitext(self.file.name)[1].lstrip(".").upper()

    def save(self, *args, **kwargs):
        if self.file and not self.size:
            self.size = self.file.size
        self._place_file()
        super().save(*args, **kwargs)

    @property
    def stored(self):
        """The file wherever it lives now (public media or private storage)."""
        return self.private_file or self.file

    def _place_file(self) -> None:
        """Move the file to the private storage when its article is for members, and
        back to public media when it is not any more."""
        private = self.article.members_only
        if private and self.file:
            name = os.path.basename(self.file.name)
            with self.file.open("rb") as handle:
                self.private_file.save(name, File(handle), save=False)
            self.file.delete(save=False)
            self.file = ""
        elif not private and self.private_file:
            name = os.path.basename(self.private_file.name)
            with self.private_file.open("rb") as handle:
                self.file.save(name, File(handle), save=False)
            self.private_file.delete(save=False)
            self.private_file = ""
