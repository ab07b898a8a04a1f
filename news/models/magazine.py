"""Issues of the association's magazine 《中国开发区》 and their tables of contents."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from editorial.fields import CleanedImageField
from editorial.models import Binnable, EditorTrackedModel, PublishedQuerySet
from search import Searchable


class MagazineIssue(EditorTrackedModel, Binnable, Searchable):
    year = models.PositiveSmallIntegerField("年份")
    number = models.PositiveSmallIntegerField("期号", help_text="当年第几期。")
    title = models.CharField("本期标题", max_length=120, blank=True)
    cover = CleanedImageField("封面", upload_to="magazine/", blank=True, max_side=1600)
    pdf = models.FileField(
        "PDF 全文", upload_to="magazine/pdf/", blank=True, help_text="PDF，最大 50 MB。"
    )
    summary = models.TextField("本期导读", blank=True)
    published_on = models.DateField("出版日期", default=timezone.localdate)
    is_published = models.BooleanField("在网站显示", default=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = "会刊期次"
        verbose_name_plural = "《中国开发区》会刊"
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
        MagazineIssue, verbose_name="期次", on_delete=models.CASCADE, related_name="entries"
    )
    column = models.CharField("栏目", max_length=40, blank=True, help_text="如：特别策划。")
    title = models.CharField("篇名", max_length=200, blank=True, help_text="留空则用文章标题。")
    article = models.ForeignKey(
        "news.Article",
        verbose_name="对应文章",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="magazine_entries",
    )
    page = models.PositiveSmallIntegerField("页码", null=True, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "目录条目"
        verbose_name_plural = "目录"
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title="") | Q(article__isnull=False),
                name="magazine_entry_has_title",
                violation_error_message="每行需填写篇名或选择对应文章。",
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
