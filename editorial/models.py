"""The editorial framework's model parts: the abstract bases every content model builds
on (timestamps, who wrote it, the recycle bin, the review queue, what readers may see),
versions (`history_records`) and the one concrete model, `PendingRevision`."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


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
    """The versions of a model editors write (`editorial.revisions`): a row per save, with
    who and when; `excluded` fields (derived or counted) are not kept."""
    return HistoricalRecords(
        excluded_fields=[
            "search_vector",
            "search_rank",
            "deleted_at",
            "deleted_by",
            # the review queue's state is workflow, not content
            "review_note",
            "review_requested_at",
            *excluded,
        ],
        get_user=_history_user,
    )


class Binnable(models.Model):
    """A row that deleting moves to the recycle bin (回收站, `editorial.recyclebin`): it
    leaves every reader page at once (`PublishedQuerySet.present()`), keeps its files,
    attachments, zones and versions, and is really deleted only by `purge_recycle_bin`."""

    deleted_at = models.DateTimeField("删除时间", null=True, blank=True, editable=False)
    deleted_by = staff_user_field("删除人")

    class Meta:
        abstract = True


class Reviewable(models.Model):
    """A row a 编辑 submits for review (提交审核) and a publisher approves (通过并发布) or
    returns with a note the writer reads (退回修改): `editorial.admin.ReviewQueueAdmin`.
    Articles keep their queue in their status (news)."""

    review_requested_at = models.DateTimeField(
        "提交审核时间", null=True, blank=True, editable=False
    )
    review_note = models.TextField(
        "退回意见",
        blank=True,
        help_text="审核发布人员退回修改时填写；作者在这里看到，通过发布后清空。",
    )

    class Meta:
        abstract = True


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


class PendingRevision(models.Model):
    """Texts waiting for a publisher over a live row or one under review: an old version
    restored (恢复为草稿) or a change a 编辑 drafted (起草修改). Readers keep the live text
    until a publisher publishes this (`editorial.revisions.publish_pending`). One per row;
    a newer restore or draft replaces it."""

    class Origin(models.TextChoices):
        RESTORE = "restore", "恢复版本"
        EDIT = "edit", "修改稿"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    values = models.JSONField("恢复的内容")
    source_date = models.DateTimeField("来自版本的时间")
    requested_by = staff_user_field("恢复人")
    requested_at = models.DateTimeField("恢复时间", default=timezone.now)
    origin = models.CharField("来源", max_length=10, choices=Origin.choices, default=Origin.RESTORE)

    class Meta:
        db_table = "portal_pendingrevision"  # made before the framework had its own app
        verbose_name = "待发布的恢复版本"
        verbose_name_plural = "待发布的恢复版本"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="pendingrevision_one_per_row"
            )
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}"
