"""Files follow their rows: deleting a row (or its parent) removes its stored files once
the delete commits, from public media and from the private store; a rolled-back delete
keeps them."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from news.models import Article, ArticleAttachment, Section

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article(settings):
    section = Section.objects.create(name="协会动态", slug="association")
    article = Article.objects.create(title="带附件的文章", section=section)
    attachment = ArticleAttachment(article=article, title="通知原文")
    attachment.file.save("notice.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return article


def _path(settings, name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def test_deleting_an_article_removes_its_attachment_from_public_media(settings, article):
    stored = _path(settings, article.attachments.get().file.name)
    assert stored.exists()
    article.delete()  # the attachment goes by cascade
    assert not stored.exists()


def test_a_rolled_back_delete_keeps_the_file(settings, article):
    stored = _path(settings, article.attachments.get().file.name)
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).delete()
        raise RuntimeError("rolled back")
    assert stored.exists() and Article.objects.filter(pk=article.pk).exists()
