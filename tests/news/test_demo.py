import io

import pytest
from django.core.management import call_command

from demo import news as demo
from news.models import Article, ArticleAttachment, MagazineIssue, Section

# Each test loads the whole demo site, some twice.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_builds_the_seed_sections_articles_and_magazine_once(client):
    call_command("init_site", stdout=io.StringIO())  # what demo.load runs first
    demo.load(io.StringIO())
    counts = [m.objects.count() for m in (Section, Article, ArticleAttachment, MagazineIssue)]
    assert Article.objects.published().count() >= 60
    assert {"news", "association", "national", "local", "policy", "notices"} <= set(
        Section.objects.values_list("slug", flat=True)
    )
    assert MagazineIssue.objects.published().count() == 2
    assert ArticleAttachment.objects.exists()
    assert Article.objects.published().filter(is_slide=True).exclude(cover_slide="").exists()
    demo.load(io.StringIO())
    assert [
        m.objects.count() for m in (Section, Article, ArticleAttachment, MagazineIssue)
    ] == counts
    assert client.get("/").status_code == 200
