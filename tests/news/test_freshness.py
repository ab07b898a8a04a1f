"""Every relation of a news model that readers see, edited in the admin, shows on the
next anonymous request; and no reader request between an edit and its commit can keep
the old page cached (news/receivers.py, portal.freshness)."""

import pytest
from django.core.files.base import ContentFile

from associations.models import Zone
from news.admin import ArticleAdmin
from news.models import ArticleAttachment
from tests.admin_forms import change

pytestmark = pytest.mark.django_db


def _zone(name):
    return Zone.objects.create(
        name=name, province="江苏省", level=Zone.Level.NATIONAL, zone_type=Zone.Type.ECONOMIC
    )


def _cached(reader, url):
    """Read `url` twice as a reader: the second answer comes from the page cache."""
    reader.get(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def test_article_zones_changed_in_admin_show_on_article_and_zone_pages(
    reader, superuser_client, make_article
):
    old, new = _zone("苏州工业园区"), _zone("昆山经济技术开发区")
    article = make_article(title="园区联合招商")
    article.zones.set([old])
    assert "苏州工业园区" in _cached(reader, article.get_absolute_url())
    assert "园区联合招商" in _cached(reader, old.get_absolute_url())
    assert "园区联合招商" not in _cached(reader, new.get_absolute_url())

    url = f"/admin/news/article/{article.pk}/change/"
    assert change(superuser_client, url, zones=[str(new.pk)]).status_code == 302

    html = reader.get(article.get_absolute_url()).content.decode()
    assert "昆山经济技术开发区" in html and "苏州工业园区" not in html
    assert "园区联合招商" not in reader.get(old.get_absolute_url()).content.decode()
    assert "园区联合招商" in reader.get(new.get_absolute_url()).content.decode()


def test_attachment_inline_rename_and_delete_show_at_once(reader, superuser_client, make_article):
    article = make_article()
    attachment = ArticleAttachment(article=article, title="申报指南")
    attachment.file.save("guide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    assert "申报指南" in _cached(reader, article.get_absolute_url())
    url = f"/admin/news/article/{article.pk}/change/"

    assert (
        change(superuser_client, url, **{"attachments-0-title": "申报指南（修订）"}).status_code
        == 302
    )
    assert "申报指南（修订）" in reader.get(article.get_absolute_url()).content.decode()

    _cached(reader, article.get_absolute_url())
    assert change(superuser_client, url, **{"attachments-0-DELETE": "on"}).status_code == 302
    assert "申报指南" not in reader.get(article.get_absolute_url()).content.decode()


def test_magazine_contents_inline_edit_shows_at_once(
    reader, superuser_client, make_issue, make_entry
):
    issue = make_issue(title="开放型经济专题")
    make_entry(issue, title="园区改革四十年", column="特别策划")
    page = issue.get_absolute_url()
    assert "园区改革四十年" in _cached(reader, page)
    url = f"/admin/news/magazineissue/{issue.pk}/change/"
    assert change(superuser_client, url, **{"entries-0-title": "园区改革再出发"}).status_code == 302
    html = reader.get(page).content.decode()
    assert "园区改革再出发" in html and "园区改革四十年" not in html


def test_bulk_action_refreshes_section_and_home(reader, superuser_client, make_article, section):
    article = make_article(title="待撤下的新闻")
    assert "待撤下的新闻" in _cached(reader, f"/news/{section.slug}/")
    assert "待撤下的新闻" in _cached(reader, "/")
    superuser_client.post(
        "/admin/news/article/", {"action": "unpublish", "_selected_action": [article.pk]}
    )
    assert "待撤下的新闻" not in reader.get(f"/news/{section.slug}/").content.decode()
    assert "待撤下的新闻" not in reader.get("/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_reader_request_during_an_edit_cannot_keep_the_old_zones_cached(
    reader, superuser_client, make_article, monkeypatch
):
    """The admin saves the article, then its zones (save_related). A reader request in
    between used to cache the old zone links under the already-bumped version."""
    old, new = _zone("南京经济技术开发区"), _zone("江宁经济技术开发区")
    article = make_article(title="园区签约")
    article.zones.set([old])
    seen = []
    save_related = ArticleAdmin.save_related

    def reader_between(self, request, form, formsets, change):
        seen.append(reader.get(article.get_absolute_url()).content.decode())
        save_related(self, request, form, formsets, change)

    monkeypatch.setattr(ArticleAdmin, "save_related", reader_between)
    url = f"/admin/news/article/{article.pk}/change/"
    assert change(superuser_client, url, zones=[str(new.pk)]).status_code == 302
    assert "南京经济技术开发区" in seen[0]  # the in-between request saw the old links
    html = reader.get(article.get_absolute_url()).content.decode()
    assert "江宁经济技术开发区" in html and "南京经济技术开发区" not in html
