"""Old addresses → new ones, for moving an existing association site onto the portal
without losing its search-engine ranking or readers' bookmarks.

Why not `django.contrib.redirects`: it needs the sites framework, matches the query
string only as typed (parameter order and all), and has no way to say that a target
off the site is meant. Here a redirect is found by its path and the query parameters it
names (in any order, extra parameters such as tracking codes ignored), points on the
site unless marked external (a check constraint holds that in the database too), and
counts how often it is still used. `redirects.middleware` answers only what would
otherwise be a 404, so a redirect can never hide a page of the portal.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from editorial.models import TimeStampedModel
from redirects.addresses import clean_target, join, local_target_answers, split_old_address


class Redirect(TimeStampedModel):
    old_address = models.CharField(
        "旧地址",
        max_length=500,
        unique=True,
        help_text="原网站的地址，如 /show.php?id=123 或完整网址；参数顺序不限。",
        error_messages={"unique": "这个旧地址已有跳转。"},
    )
    old_path = models.CharField(max_length=500, editable=False, db_index=True)
    old_query = models.CharField(max_length=500, editable=False, blank=True)
    new_url = models.CharField(
        "新地址",
        max_length=500,
        blank=True,
        help_text="本站路径，如 /articles/12/ 或 /news/notices/；保存时检查本站有这个页面。"
        "留空表示该页已永久删除（返回 410）。",
    )
    is_external = models.BooleanField(
        "站外地址", default=False, help_text="勾选后新地址可以是其他网站的完整网址。"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    hits = models.PositiveIntegerField("使用次数", default=0, editable=False)
    last_hit_at = models.DateTimeField("最近使用", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "网址跳转"
        verbose_name_plural = "网址跳转"
        ordering = ["old_address"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(is_external=False)
                    & (Q(new_url="") | Q(new_url__startswith="/"))
                    & ~Q(new_url__startswith="//")
                    & ~Q(new_url__contains="\\")
                )
                | Q(is_external=True, new_url__regex=r"^https?://[^/\\\s]"),
                name="redirect_stays_on_site_unless_external",
                violation_error_message="新地址须是本站路径，或勾选“站外地址”后填写完整网址。",
            ),
        ]

    def __str__(self):
        return f"{self.old_address} → {self.new_url or '（已删除，410）'}"

    def clean(self):
        errors = {}
        try:
            self.old_path, self.old_query = split_old_address(self.old_address)
            self.old_address = join(self.old_path, self.old_query)
        except ValidationError as exc:
            errors["old_address"] = exc.messages
        try:
            self.new_url = clean_target(self.new_url, external=self.is_external)
        except ValidationError as exc:
            errors["new_url"] = exc.messages
        if not errors and self.new_url == self.old_address:
            errors["new_url"] = ["新地址与旧地址相同，会造成循环跳转。"]
        if not errors and self.new_url and not self.is_external:
            chained = Redirect.objects.filter(old_address=self.new_url).exclude(pk=self.pk)
            if not local_target_answers(self.new_url) and not chained.exists():
                errors["new_url"] = [
                    f"本站没有“{self.new_url}”这个页面（访问会显示“页面不存在”）。"
                    "请打开目标页面，从浏览器地址栏复制它的地址。"
                ]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.old_path, self.old_query = split_old_address(self.old_address)
        self.old_address = join(self.old_path, self.old_query)
        super().save(*args, **kwargs)
