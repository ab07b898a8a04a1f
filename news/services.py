"""Writing articles on behalf of other apps: a draft with its attachments and cover.

news decides where article files go, how a cover is checked and derived, and which
sections can hold articles; callers pass plain values and files (a path on disk, or a
stored file of any storage: local folder or object storage). Other apps call
in (accepting a contribution as an article); news imports none of them.
"""

import logging
import os
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from editorial.files import delete_on_failure, sniff_kind
from editorial.images import process_image, save_renditions
from news.caching import section_tree
from news.models import COVER_RENDITIONS, NOTICES_SLUG, Article, ArticleAttachment, Section
from portal import freshness
from portal.mail import absolute_url, mail_after_commit
from portal.models import SiteSettings

logger = logging.getLogger(__name__)

# 协会动态: where an article goes when nothing more specific is found.
FALLBACK_SECTION_SLUGS = ("association",)
FALLBACK_SECTION_NAME = "协会动态"
PICTURE_KINDS = {"jpg", "png", "gif", "webp"}


# A file to copy from: a path on disk, or a stored file (read through its storage, which
# may be object storage with no local path).
Source = str | os.PathLike | FieldFile


def _open(source: Source):
    if isinstance(source, FieldFile):
        return source.storage.open(source.name, "rb")
    return open(source, "rb")


def _source_name(source: Source) -> str:
    return source.name if isinstance(source, FieldFile) else os.fspath(source)


class NewAttachment(NamedTuple):
    """A file to attach: copied into the article attachments' storage, never moved."""

    title: str
    path: Source
    size: int


def article_sections():
    """Sections an article can be filed under: plain article lists, in tree order."""
    return Section.objects.filter(kind=Section.Kind.LIST).order_by("order", "id")


def list_section_choices() -> list[tuple[str, str]]:
    """(网址名, name) of the list sections a contribution may suggest, in menu order, a
    sub-section after its parent's name; from the cached tree, so no query when warm."""
    tree = section_tree()
    choices: list[tuple[str, str]] = []
    seen: set[int] = set()

    def walk(parent: int | None, trail: tuple[str, ...]) -> None:
        for node in tree.child_nodes(parent):
            if node.id in seen:
                continue
            seen.add(node.id)
            names = (*trail, node.name)
            if node.kind == Section.Kind.LIST and node.slug != NOTICES_SLUG:
                choices.append((node.slug, " › ".join(names)))
            walk(node.id, names)

    walk(None, ())
    return choices


def find_section(*, slug: str, name: str, hints: Sequence[str] = ()) -> Section | None:
    """The list section with this slug or name, else the first of `hints` (slugs) that
    exists, else 协会动态, else the first list; None when there is no list section."""
    sections = list(article_sections())
    by_slug = {s.slug: s for s in sections}
    for section in sections:
        if section.slug == slug or section.name == name:
            return section
    for candidate in (*hints, *FALLBACK_SECTION_SLUGS):
        if candidate in by_slug:
            return by_slug[candidate]
    for section in sections:
        if section.name == FALLBACK_SECTION_NAME:
            return section
    return sections[0] if sections else None


def section_refusal(section: Section | None) -> str | None:
    """Why no article can be filed under `section`, in Chinese; None when one can."""
    if section is None:
        return "还没有可以放文章的栏目，请先在“资讯中心 › 栏目”中建立。"
    if section.kind != Section.Kind.LIST:
        return f"栏目“{section.name}”不是文章列表，不能放文章。"
    return None


def create_draft_article(
    *,
    title: str,
    author: str,
    source: str,
    body_html: str,
    section: Section,
    attachments: Sequence[NewAttachment],
    cover_from: Sequence[Source] = (),
    editor: AbstractBaseUser,
    written: list[tuple[Storage, str]] | None = None,
) -> Article:
    """A draft article in `section` with copies of `attachments`, readers see nothing yet.

    Each attachment is copied under a generated name, pictures re-encoded (`_copy`;
    ValidationError in Chinese for one that cannot be published); the first file of
    `cover_from` that is a usable picture is re-encoded as the cover, which makes its
    renditions.
    If anything fails, no article and no written file remain. On success the files
    written are added to `written`, for a caller whose own transaction may still fail
    (see `editorial.files.delete_on_failure`). Raises ValueError for an unusable section.

    Inside a caller's transaction it takes no savepoint of its own (the accept flow
    keeps its query count): when it raises, let the exception end that transaction.
    """
    if refusal := section_refusal(section):
        raise ValueError(refusal)
    with delete_on_failure() as files, transaction.atomic(savepoint=False):
        copies = [_copy(attachment, files) for attachment in attachments]
        article = Article(
            title=title,
            author=author,
            source=source,
            body=body_html,
            section=section,
            status=Article.Status.DRAFT,
            created_by=editor,
            updated_by=editor,
        )
        cover = _first_picture(cover_from)
        if cover is not None:
            article.cover.save(cover.name, cover, save=False)
            files.append((article.cover.storage, article.cover.name))
            for name in save_renditions(article.cover.storage, article.cover.name, cover):
                files.append((article.cover.storage, name))
        article.save()  # derives the renditions from the cover
        for field, _size in COVER_RENDITIONS:
            rendition = getattr(article, field)
            if rendition:
                files.append((rendition.storage, rendition.name))
        ArticleAttachment.objects.bulk_create(
            ArticleAttachment(article=article, title=label, file=name, size=size, order=i)
            for i, (label, name, size) in enumerate(copies)
        )
    if written is not None:
        written.extend(files)
    return article


def _copy(attachment: NewAttachment, files: list[tuple[Storage, str]]) -> tuple[str, str, int]:
    """Copy one file into the attachments' storage: (title, stored name, size).

    A picture (judged by its bytes) is re-encoded as every image entering the site is
    (`process_image`: no EXIF, pixels capped, nothing hidden after the picture survives);
    one that cannot be is refused with a ValidationError naming the attachment. Other
    files are copied byte for byte.
    """
    field = ArticleAttachment._meta.get_field("file")
    max_title = ArticleAttachment._meta.get_field("title").max_length
    with _open(attachment.path) as handle:
        source = File(handle)
        if sniff_kind(source) in PICTURE_KINDS:
            try:
                # Its size passed the limit of whoever stored it; pixels are checked here.
                content = process_image(source, max_bytes=attachment.size).content
            except ValidationError as exc:
                reason = " ".join(exc.messages)
                raise ValidationError(
                    f"附件“{attachment.title}”不能公开。{reason}", code="picture"
                ) from exc
            target, size = content.name, content.size
        else:
            content, size = source, attachment.size
            extension = os.path.splitext(_source_name(attachment.path))[1].lower()
            target = f"{uuid.uuid4().hex}{extension}"
        name = field.storage.save(field.generate_filename(None, target), content)
    files.append((field.storage, name))
    return attachment.title[:max_title], name, size


def _first_picture(sources: Sequence[Source]) -> ContentFile | None:
    """The first of `sources` that is a usable picture, re-encoded for a cover; else None."""
    max_side = Article._meta.get_field("cover").max_side
    for source in sources:
        try:
            with _open(source) as handle:
                return process_image(File(handle), max_side=max_side).content
        except (ValidationError, OSError):
            logger.warning("news: %s is not usable as a cover", _source_name(source))
    return None


def redate_if_past(article: Article, now=None):
    """A draft going live whose 发布时间 has passed is dated now, so it lands at the top
    of its section and on the home page instead of where its creation day would put it;
    a future time still schedules. Returns the old time when it changed, else None."""
    now = now or timezone.now()
    expired = article.unpublish_at is not None and article.unpublish_at <= now
    if article.publish_at >= now or expired:
        return None
    old, article.publish_at = article.publish_at, now
    return old


def publish_articles(articles) -> tuple[int, int]:
    """Publish the drafts and the articles waiting for review among `articles` (the bulk
    actions 发布 and 通过并发布): those whose 发布时间 has passed go live dated now (see
    `redate_if_past`); a review note is done with. Returns (published, redated)."""
    now = timezone.now()
    with transaction.atomic():
        drafts = articles.exclude(status=Article.Status.PUBLISHED)
        redated = (
            drafts.filter(publish_at__lt=now)
            .exclude(unpublish_at__lte=now)
            .update(status=Article.Status.PUBLISHED, publish_at=now, review_note="")
        )
        rest = drafts.update(status=Article.Status.PUBLISHED, review_note="")
        freshness.changed()  # update() sends no signal
    return redated + rest, redated


# The review queue: a 编辑 submits a draft (待审核), a publisher approves it (通过并发布,
# `publish_articles`) or returns it with a note the writer reads (退回修改).


def submit_for_review(articles, *, by: AbstractBaseUser) -> int:
    """Send the drafts among `articles` to the review queue and, when the site settings
    ask for it, mail the publishers after the commit. Returns how many were sent."""
    with transaction.atomic():
        drafts = list(
            articles.filter(status=Article.Status.DRAFT).select_related("section").order_by("pk")
        )
        Article.objects.filter(pk__in=[a.pk for a in drafts]).update(status=Article.Status.REVIEW)
        if drafts and SiteSettings.load().notify_review:
            _mail_publishers(drafts, by)
    return len(drafts)


def return_for_changes(articles, note: str) -> int:
    """Return the articles waiting for review to their writers as drafts with `note`."""
    return articles.filter(status=Article.Status.REVIEW).update(
        status=Article.Status.DRAFT, review_note=note
    )


def publishers():
    """Active staff who may publish articles (superusers too) and have an e-mail."""
    return (
        get_user_model()
        .objects.with_perm(
            "news.publish_article", backend="django.contrib.auth.backends.ModelBackend"
        )
        .filter(is_active=True, is_staff=True)
        .exclude(email="")
    )


def _mail_publishers(articles: list[Article], by: AbstractBaseUser) -> None:
    queue = reverse("admin:news_article_changelist") + "?status__exact=" + Article.Status.REVIEW
    mail_after_commit(
        subject=f"待审核：{articles[0].title}"
        + (f" 等 {len(articles)} 篇" if len(articles) > 1 else ""),
        template="news/email/review_submitted.txt",
        context={
            "articles": articles,
            "by": by.get_full_name() or by.get_username(),
            "queue_url": absolute_url(queue),
        },
        to=list(publishers().values_list("email", flat=True)),
    )
